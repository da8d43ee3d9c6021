"""The one entry point for an uploaded file: `receive(stream, client_name, declared_size, existing_files)`.

In order: sanitise the name, check the count and declared size, read the head and decide the type from its bytes,
stream the file to storage while hashing, counting and inspecting it (so it is read once), then scan the stored
bytes. The result holds everything an Evidence row records. Nothing is stored for a refused file.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from flask import current_app

from portal.services.evidence import scan as scanning
from portal.services.evidence.detect import HEAD_BYTES, Refusal, detect
from portal.services.evidence.hashing import MeteredReader, TooLarge, read_head
from portal.services.evidence.inspect import Unacceptable, inspector_for
from portal.services.evidence.limits import Attached, Limits
from portal.services.evidence.names import clean_name
from portal.services.evidence.scan import Scanner, ScanResult
from portal.services.evidence.storage import Storage, storage_for
from portal.services.evidence.types import ACCEPTED_SENTENCE, FileType, Kind

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Received:
    key: str  # the storage key: server-generated, the only thing that locates the bytes
    display_name: str  # sanitised; display text only
    size: int
    mime: str  # detected from content; what the file is always served as
    extension: str
    kind: Kind
    sha256: str  # hex digest of the exact bytes stored
    scan: ScanResult
    quarantined: bool

    @property
    def warning(self) -> str | None:
        """What to tell the uploader about a quarantined file (it is kept, but never served)."""
        if not self.quarantined:
            return None
        if self.scan.status is scanning.ScanStatus.INFECTED:
            return f"The file ‘{self.display_name}’ contains a virus"
        return f"The file ‘{self.display_name}’ could not be checked for viruses. Try again"


@dataclass(frozen=True)
class Refused:
    display_name: str
    message: str  # GOV.UK-style, naming the file; show it in the error summary
    reason: str  # "empty", "type", "too_large", "report_total", "too_many"


def receive(
    stream: BinaryIO,
    client_name: str | None,
    declared_size: int | None,
    existing_files: Iterable[Attached] = (),
    *,
    storage: Storage | None = None,
    limits: Limits | None = None,
    scanners: Sequence[Scanner] | None = None,
) -> Received | Refused:
    """Accept one uploaded file or refuse it with a message. Storage and limits default to the app's config.

    `declared_size` is what the client said before sending (None or 0 when it did not say: browsers rarely send a
    Content-Length per multipart file, and Werkzeug then reports 0). It only lets an obvious giant be refused before
    reading; the real byte count is enforced while streaming either way.
    """
    storage = storage if storage is not None else storage_for(current_app)
    limits = limits if limits is not None else Limits.from_config(current_app.config)
    existing = list(existing_files)
    name = clean_name(client_name)

    if message := limits.check_count(name, existing):
        return Refused(name, message, "too_many")
    declared_size = declared_size or None
    if message := limits.check_size(name, declared_size, None, existing):
        return Refused(name, message, _size_reason(declared_size, limits, None))

    head = read_head(stream, HEAD_BYTES)
    if not head:
        return Refused(name, f"The file ‘{name}’ is empty", "empty")
    found = detect(head)
    if isinstance(found, Refusal):
        return _refused_type(name, found.reason)

    reader = MeteredReader(
        head, stream, limit=limits.allowed_bytes(found.kind, existing), inspector=inspector_for(found)
    )
    try:
        key = storage.put(reader)
    except TooLarge:
        # The limit that was hit decides the message: the per-file one, or the report's total.
        size = reader.size
        message = limits.check_size(name, size, found.kind, existing) or f"The file ‘{name}’ is too large"
        return Refused(name, message, _size_reason(size, limits, found.kind))
    except Unacceptable as refusal:
        return _refused_type(name, refusal.reason)

    return _scanned(storage, key, name, found, reader, scanners)


def _scanned(
    storage: Storage, key: str, name: str, found: FileType, reader: MeteredReader, scanners: Sequence[Scanner] | None
) -> Received:
    result = scanning.scan(storage, key, scanners)
    if result.quarantine:
        log.warning("evidence file %s quarantined: %s", key, result.status)
    return Received(
        key=key,
        display_name=name,
        size=reader.size,
        mime=found.mime,
        extension=found.extension,
        kind=found.kind,
        sha256=reader.sha256,
        scan=result,
        quarantined=result.quarantine,
    )


def _refused_type(name: str, reason: str) -> Refused:
    return Refused(name, f"The file ‘{name}’ cannot be uploaded because {reason}. {ACCEPTED_SENTENCE}", "type")


def _size_reason(size: int | None, limits: Limits, kind: Kind | None) -> str:
    if size == 0:
        return "empty"
    if size is not None and size > limits.per_file(kind):
        return "too_large"
    return "report_total"
