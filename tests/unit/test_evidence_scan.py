"""The malware-scanning hook: every scanner runs on every file; anything but clean is quarantined."""

from __future__ import annotations

import pytest

from portal.services.evidence import scan
from portal.services.evidence.scan import ScanResult, ScanStatus, eicar_scanner
from portal.services.evidence.storage import LocalStorage
from tests.support.evidence_samples import EICAR


@pytest.fixture
def storage(tmp_path):
    return LocalStorage(tmp_path)


def test_the_default_scanner_finds_the_eicar_signature(storage):
    key = storage.put(EICAR)
    result = scan.scan(storage, key)
    assert result == ScanResult(ScanStatus.INFECTED, "EICAR-Test-File")
    assert result.quarantine


def test_eicar_is_found_across_a_chunk_boundary(storage):
    from portal.services.evidence.hashing import CHUNK_BYTES

    key = storage.put(b"a" * (CHUNK_BYTES - 20) + EICAR + b"b" * 100)
    assert scan.scan(storage, key, [eicar_scanner]).status is ScanStatus.INFECTED


def test_clean_files_are_clean(storage):
    key = storage.put(b"nothing to see here")
    result = scan.scan(storage, key)
    assert result.status is ScanStatus.CLEAN and not result.quarantine
    assert str(result) == "clean"


def test_registered_scanners_run_on_every_file_and_a_broken_one_fails_closed(storage):
    seen = []

    def recorder(stream):
        seen.append(stream.read())
        return scan.CLEAN

    def broken(stream):
        raise ConnectionError("clamd is down")

    scan.register(recorder)
    scan.register(broken)
    try:
        assert scan.registered()[0] is eicar_scanner
        key = storage.put(b"photo bytes")
        result = scan.scan(storage, key)
    finally:
        scan.unregister(recorder)
        scan.unregister(broken)
    assert seen == [b"photo bytes"]
    assert result.status is ScanStatus.ERROR and result.quarantine
    assert "broken" in result.detail
    assert scan.registered() == (eicar_scanner,)


def test_an_infection_outranks_an_error(storage):
    def broken(stream):
        raise OSError

    key = storage.put(EICAR)
    result = scan.scan(storage, key, [broken, eicar_scanner])
    assert result.status is ScanStatus.INFECTED
    assert str(result) == "infected(EICAR-Test-File)"
