"""Content type by magic bytes: every allowed type from real bytes, every dangerous one refused (check 23)."""

from __future__ import annotations

import pytest

from portal.services.evidence import types
from portal.services.evidence.detect import HEAD_BYTES, Refusal, detect
from portal.services.evidence.inspect import PdfInspector, TextInspector, Unacceptable, inspector_for
from tests.support import evidence_samples as samples

ALLOWED = [
    (samples.jpeg, "image/jpeg", ".jpg", "image"),
    (samples.png, "image/png", ".png", "image"),
    (samples.gif, "image/gif", ".gif", "image"),
    (samples.webp, "image/webp", ".webp", "image"),
    (samples.heic, "image/heic", ".heic", "image"),
    (samples.heif, "image/heif", ".heif", "image"),
    (samples.mp4, "video/mp4", ".mp4", "video"),
    (samples.mov, "video/quicktime", ".mov", "video"),
    (samples.webm, "video/webm", ".webm", "video"),
    (samples.mp3_id3, "audio/mpeg", ".mp3", "audio"),
    (samples.mp3_frames, "audio/mpeg", ".mp3", "audio"),
    (samples.m4a, "audio/mp4", ".m4a", "audio"),
    (samples.wav, "audio/wav", ".wav", "audio"),
    (samples.pdf, "application/pdf", ".pdf", "document"),
    (samples.text, "text/plain", ".txt", "document"),
]


@pytest.mark.parametrize(("make", "mime", "extension", "kind"), ALLOWED, ids=[a[0].__name__ for a in ALLOWED])
def test_each_allowed_type_is_recognised_from_its_bytes(make, mime, extension, kind):
    found = detect(make()[:HEAD_BYTES])
    assert not isinstance(found, Refusal), found
    assert (found.mime, found.extension, found.kind) == (mime, extension, kind)


REFUSED = [
    ("html", samples.HTML, "web page"),
    ("html with a byte order mark and whitespace", b"\xef\xbb\xbf \n<html><p>hi</p></html>", "web page"),
    ("svg", samples.SVG, "SVG"),
    ("xml", samples.XML, "XML"),
    ("svg after an xml declaration", b'<?xml version="1.0"?>\n<svg onload="x()"/>', "SVG"),
    ("windows exe", samples.exe(), "Windows program"),
    ("elf", samples.elf(), "program"),
    ("mach-o", b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + b"\x00" * 40, "program"),
    ("shell script", b"#!/bin/sh\nrm -rf ~\n", "script"),
    ("zip", samples.zip_archive(), "compressed archive (ZIP)"),
    ("docx", samples.docx(), "Office document"),
    ("rar", b"Rar!\x1a\x07\x01\x00" + b"\x00" * 20, "RAR"),
    ("7z", b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\x00" * 20, "7z"),
    ("gzip", samples.gzip_archive(), "gzip"),
    ("ole office with macros", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "macros"),
    ("gif then html", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;<html><script>alert(1)</script></html>", "web page code"),
    ("jpeg with script in a comment", samples.jpeg(gps=False, comment=b"<script>alert(1)</script>"), "web page code"),
    ("jpeg with svg inside", samples.jpeg(gps=False, comment=b"<svg onload=alert(1)>"), "web page code"),
    ("png with a pdf inside", samples.png()[:100] + b"%PDF-1.4" + samples.png()[100:], "PDF"),
    ("avif", samples.avif(), "not a type we accept"),
    ("matroska", samples.ebml(b"matroska"), "not a type we accept"),
    ("text with a nul", b"hello\x00world", "not a type we accept"),
    ("text with an escape", b"hello \x1b[31mred", "not a type we accept"),
    ("latin-1 text", "caf\xe9 receipt".encode("latin-1"), "not a type we accept"),
    ("random bytes", bytes(range(256)) * 4, "not a type we accept"),
    ("old quicktime atom size garbage", b"\x00\x00\x00\x02wide" + b"\x00" * 40, "not a type we accept"),
    ("text that sniffs as html", b"  <b>bold</b> statement", "web page"),
    ("text with a script later", b"My statement.\n\n<script>steal()</script>", "web page"),
]


@pytest.mark.parametrize(("data", "reason"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_dangerous_and_unknown_formats_are_refused_with_a_reason(data, reason):
    found = detect(data)
    assert isinstance(found, Refusal), found
    assert reason in found.reason


def test_xmp_metadata_in_a_photo_is_not_mistaken_for_markup():
    # XMP is XML inside the JPEG; it is normal camera output, not a polyglot.
    assert detect(samples.jpeg(gps=True)) is types.JPEG


def test_text_that_happens_to_spell_an_atom_name_is_still_text():
    assert detect(b"Our free time was spent on the bus.") is types.TEXT
    assert detect(b"\x00\x00\x00\x08wide\x00\x01\x00\x00mdat" + b"\x00" * 64) is types.MOV


def test_a_webm_doctype_with_a_two_byte_length_is_recognised():
    data = samples.webm().replace(b"\x42\x82\x84webm", b"\x42\x82\x40\x04webm")
    assert detect(data) is types.WEBM


def test_the_accept_attribute_names_every_allowed_type_once():
    accept = types.ACCEPT_ATTRIBUTE.split(",")
    assert len(accept) == len(set(accept))
    assert {"image/heic", ".heic", "video/quicktime", ".mov", "text/plain", ".txt"} <= set(accept)


def test_a_single_stray_frame_sync_is_not_an_mp3():
    fake = b"\xff\xfb\x90\x00" + bytes(range(1, 250)) * 4
    assert isinstance(detect(fake), Refusal)


def test_text_cut_in_a_multibyte_character_at_the_end_of_the_head_is_still_text():
    body = b"a" + ("£" * HEAD_BYTES).encode()  # "£" is two bytes, so a full head ends half-way through one
    assert detect(body[:HEAD_BYTES]) is types.TEXT
    assert isinstance(detect(body[: HEAD_BYTES - 2]), Refusal)  # a short file that ends mid-character is not text


def _feed(inspector, data: bytes, chunk: int) -> None:
    for start in range(0, len(data), chunk):
        inspector.feed(data[start : start + chunk])
    inspector.finish()


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        (b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>", "JavaScript"),
        (b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>", "JavaScript"),
        (b"/OpenAction << /S /Launch /F (cmd.exe) >>", "start other programs"),
        (b"/Names << /EmbeddedFiles 5 0 R >>", "files hidden"),
    ],
)
def test_pdfs_with_active_content_are_refused_even_split_across_chunks(extra, reason):
    data = samples.pdf(extra)
    for chunk in (7, 64, len(data)):
        with pytest.raises(Unacceptable, match=reason):
            _feed(PdfInspector(), data, chunk)


def test_a_plain_pdf_passes_the_inspector():
    _feed(PdfInspector(), samples.pdf(b"/Lang (en-GB) /PageLayout /SinglePage"), 5)


def test_text_inspector_finds_markup_and_bad_bytes_anywhere():
    long_text = b"All fine here. " * 10_000
    _feed(TextInspector(), long_text + "£ and 🚲".encode(), 4096)
    with pytest.raises(Unacceptable, match="web page code"):
        _feed(TextInspector(), long_text + b"<ifr" + b"ame src=x>", 4096)
    with pytest.raises(Unacceptable):
        _feed(TextInspector(), long_text + b"\x00", 4096)
    with pytest.raises(Unacceptable):
        _feed(TextInspector(), long_text + b"\xe2\x82", 4096)  # truncated UTF-8 at the very end


def test_only_text_and_pdf_need_a_whole_file_inspector():
    assert isinstance(inspector_for(types.TEXT), TextInspector)
    assert isinstance(inspector_for(types.PDF), PdfInspector)
    assert inspector_for(types.JPEG) is None
