"""The malware-scanning hook: every stored file goes through every registered scanner.

A scanner is any callable taking a readable binary stream of the stored bytes and returning a `ScanResult`. The
default finds the EICAR test signature, so the quarantine path can be exercised end to end without real malware;
a deployment adds a real engine (for example clamd's INSTREAM command) with `register()`. A scanner that raises is
recorded as an error, and a file whose scan did not come back clean is quarantined: it fails closed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import BinaryIO

from portal.services.evidence.hashing import CHUNK_BYTES
from portal.services.evidence.storage import Storage

log = logging.getLogger(__name__)


class ScanStatus(StrEnum):
    CLEAN = "clean"
    INFECTED = "infected"
    ERROR = "error"


@dataclass(frozen=True)
class ScanResult:
    status: ScanStatus
    detail: str = ""  # the threat's name when infected, a short cause when the scan failed

    @property
    def quarantine(self) -> bool:
        return self.status is not ScanStatus.CLEAN

    def __str__(self) -> str:
        return f"{self.status}({self.detail})" if self.detail else str(self.status)


CLEAN = ScanResult(ScanStatus.CLEAN)

Scanner = Callable[[BinaryIO], ScanResult]

# Split so this source file is not itself flagged by a virus scanner looking for the test signature.
EICAR_SIGNATURE = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def eicar_scanner(stream: BinaryIO) -> ScanResult:
    """Finds the EICAR anti-virus test signature anywhere in the file."""
    overlap = len(EICAR_SIGNATURE) - 1
    tail = b""
    while chunk := stream.read(CHUNK_BYTES):
        window = tail + chunk
        if EICAR_SIGNATURE in window:
            return ScanResult(ScanStatus.INFECTED, "EICAR-Test-File")
        tail = window[-overlap:]
    return CLEAN


_registry: list[Scanner] = [eicar_scanner]


def register(scanner: Scanner) -> Scanner:
    """Add a scanner (usable as a decorator). Scanners run in the order they were registered."""
    if scanner not in _registry:
        _registry.append(scanner)
    return scanner


def unregister(scanner: Scanner) -> None:
    if scanner in _registry:
        _registry.remove(scanner)


def registered() -> tuple[Scanner, ...]:
    return tuple(_registry)


def scan(storage: Storage, key: str, scanners: Iterable[Scanner] | None = None) -> ScanResult:
    """Run every scanner over the stored file; any infection wins, then any error, else clean."""
    results = []
    for scanner in registered() if scanners is None else scanners:
        name = getattr(scanner, "__name__", type(scanner).__name__)
        try:
            with storage.open(key) as stream:
                result = scanner(stream)
        except Exception as error:  # a broken scanner must not let a file through as clean
            log.warning("evidence scanner %s failed: %s", name, type(error).__name__)
            result = ScanResult(ScanStatus.ERROR, f"{name} failed")
        results.append(result)
    infected = [r.detail or "unnamed threat" for r in results if r.status is ScanStatus.INFECTED]
    if infected:
        return ScanResult(ScanStatus.INFECTED, ", ".join(infected))
    errors = [r.detail for r in results if r.status is ScanStatus.ERROR]
    if errors:
        return ScanResult(ScanStatus.ERROR, ", ".join(e for e in errors if e))
    return CLEAN
