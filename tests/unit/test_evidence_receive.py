"""The upload entry point end to end: accepted files are stored unchanged and hashed; refusals store nothing."""

from __future__ import annotations

import hashlib
import io

import pytest
from flask import Flask

from portal.config import TestConfig
from portal.services.evidence import Received, Refused, receive
from portal.services.evidence.hashing import CHUNK_BYTES, sha256_of
from portal.services.evidence.limits import MB, Limits
from portal.services.evidence.scan import ScanStatus
from portal.services.evidence.storage import LocalStorage
from tests.support import evidence_samples as samples
from tests.unit.test_evidence_detect import ALLOWED


@pytest.fixture
def storage(tmp_path):
    return LocalStorage(tmp_path / "evidence")


def _stored_files(storage):
    return [p for p in storage.root.rglob("*") if p.is_file()] if storage.root.exists() else []


def _receive(storage, data, name="upload", declared=None, existing=(), limits=None):
    return receive(io.BytesIO(data), name, declared, existing, storage=storage, limits=limits or Limits())


@pytest.mark.parametrize(("make", "mime", "extension", "kind"), ALLOWED, ids=[a[0].__name__ for a in ALLOWED])
def test_each_allowed_type_is_stored_unchanged_with_its_sha256(storage, make, mime, extension, kind):
    data = make()
    result = _receive(storage, data, f"evidence{extension}", len(data))
    assert isinstance(result, Received), result
    assert (result.mime, result.extension, result.kind) == (mime, extension, kind)
    assert result.size == len(data)
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert result.scan.status is ScanStatus.CLEAN and not result.quarantined
    assert result.display_name == f"evidence{extension}"
    with storage.open(result.key) as stored:
        assert stored.read() == data
    with storage.open(result.key) as stored:
        assert sha256_of(stored) == result.sha256  # what a later integrity check recomputes


def test_a_large_file_is_hashed_while_streaming_in_chunks(storage):
    data = samples.mp4() + bytes(range(256)) * (12 * 1024 * 4)  # about 12 MB

    class Counting(io.BytesIO):
        largest = 0

        def read(self, n=-1):
            chunk = super().read(n)
            Counting.largest = max(Counting.largest, len(chunk))
            return chunk

    result = receive(Counting(data), "dashcam.mp4", None, storage=storage, limits=Limits())
    assert isinstance(result, Received)
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert 0 < Counting.largest <= CHUNK_BYTES  # never read whole into memory


REFUSED = [
    ("html renamed .jpg", samples.HTML, "photo.jpg", "web page"),
    ("svg renamed .jpg", samples.SVG, "photo.jpg", "SVG"),
    ("polyglot gif and html", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;<script>alert(1)</script>", "a.gif", "web page"),
    ("zip", samples.zip_archive(), "photos.zip", "compressed archive"),
    ("docx", samples.docx(), "statement.docx", "Office document"),
    ("exe", samples.exe(), "photo.jpg", "Windows program"),
    ("elf", samples.elf(), "video.mp4", "program"),
    ("pdf with javascript", samples.pdf(b"/OpenAction << /S /JavaScript /JS (x) >>"), "scan.pdf", "JavaScript"),
]


@pytest.mark.parametrize(("data", "name", "reason"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_dangerous_files_are_refused_naming_the_file_and_what_is_accepted(storage, data, name, reason):
    result = _receive(storage, data, name, len(data))
    assert isinstance(result, Refused)
    assert result.reason == "type"
    assert result.message.startswith(f"The file ‘{name}’ cannot be uploaded because ")
    assert reason in result.message
    assert "Upload a photo (JPG, PNG, HEIC, WebP or GIF)" in result.message
    assert _stored_files(storage) == []


def test_text_that_turns_into_markup_after_the_head_is_refused_and_not_kept(storage):
    data = b"A long statement. " * 10_000 + b"<script>alert(1)</script>"
    result = _receive(storage, data, "statement.txt")
    assert isinstance(result, Refused) and "web page code" in result.message
    assert _stored_files(storage) == []


@pytest.mark.parametrize(
    ("client_name", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("/var/www/shell.php", "shell.php"),
        ("C:\\Users\\me\\photo.png", "photo.png"),
        ("evil\x00.png", "evil.png"),
        ("invoice\u202egnp.exe", "invoicegnp.exe"),
    ],
)
def test_hostile_names_are_only_display_text(storage, client_name, shown):
    result = _receive(storage, samples.png(), client_name)
    assert isinstance(result, Received)
    assert result.display_name == shown
    (path,) = _stored_files(storage)
    assert path.name == result.key and shown not in str(path)
    assert storage.root in path.parents


def test_zero_byte_files_are_refused(storage):
    for declared in (0, None):
        result = _receive(storage, b"", "blank.jpg", declared)
        assert isinstance(result, Refused)
        assert (result.reason, result.message) == ("empty", "The file ‘blank.jpg’ is empty")
    assert _stored_files(storage) == []


def test_a_declared_size_of_zero_means_unknown(storage):
    # Browsers seldom send a per-file Content-Length, and Werkzeug reports a missing one as 0.
    result = _receive(storage, samples.png(), "photo.png", 0)
    assert isinstance(result, Received) and result.size == len(samples.png())


def test_a_declared_size_over_the_limit_is_refused_before_reading(storage):
    stream = io.BytesIO(samples.jpeg())
    result = receive(stream, "big.jpg", 200 * MB, storage=storage, limits=Limits())
    assert isinstance(result, Refused) and result.message == "The file ‘big.jpg’ is larger than 100 MB"
    assert stream.tell() == 0


def test_an_understated_size_is_caught_while_streaming_and_nothing_is_kept(storage):
    limits = Limits(max_file_bytes=50_000, max_video_bytes=200_000)
    photo = samples.jpeg(gps=False) + b"\x00" * 60_000
    result = _receive(storage, photo, "x.png", declared=100, limits=limits)
    assert isinstance(result, Refused)
    assert (result.reason, result.message) == ("too_large", "The file ‘x.png’ is larger than 48 KB")
    video = samples.mp4() + b"\x00" * 60_000
    assert isinstance(_receive(storage, video, "clip.mp4", limits=limits), Received)  # videos may be bigger
    assert len(_stored_files(storage)) == 1


def test_too_many_files(storage):
    existing = [_receive(storage, samples.gif(), f"{n}.gif") for n in range(3)]
    result = _receive(storage, samples.gif(), "fourth.gif", existing=existing, limits=Limits(max_files=3))
    assert isinstance(result, Refused) and result.reason == "too_many"
    assert "Remove a file before adding ‘fourth.gif’" in result.message
    assert len(_stored_files(storage)) == 3


def test_the_report_total_is_enforced_even_when_the_size_is_not_declared(storage):
    limits = Limits(max_report_bytes=30_000)
    first = _receive(storage, samples.wav(), "first.wav", limits=limits)
    assert isinstance(first, Received)
    result = _receive(storage, samples.wav(), "second.wav", existing=[first], limits=limits)
    assert isinstance(result, Refused) and result.reason == "report_total"
    assert "‘second.wav’" in result.message and "in total" in result.message
    assert len(_stored_files(storage)) == 1


def test_the_eicar_test_file_is_kept_but_quarantined(storage):
    result = _receive(storage, samples.EICAR, "eicar.txt")
    assert isinstance(result, Received)
    assert result.quarantined
    assert result.scan.status is ScanStatus.INFECTED and result.scan.detail == "EICAR-Test-File"
    assert result.warning == "The file ‘eicar.txt’ contains a virus"
    assert storage.exists(result.key)


def test_defaults_come_from_the_app(tmp_path):
    app = Flask(__name__, instance_path=str(tmp_path))
    app.config.from_object(TestConfig())
    app.config["EVIDENCE_MAX_FILE_BYTES"] = 1000
    with app.app_context():
        result = receive(io.BytesIO(samples.jpeg()), "p.jpg", None, [])
    assert isinstance(result, Refused) and result.message == "The file ‘p.jpg’ is larger than 1 KB"
    with app.app_context():
        result = receive(io.BytesIO(samples.text()), "s.txt", None, [])
    assert isinstance(result, Received)
    assert (tmp_path / "evidence" / result.key[:2] / result.key).read_bytes() == samples.text()
