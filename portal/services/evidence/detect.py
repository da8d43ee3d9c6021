"""Decide what a file is from its first bytes (magic numbers), never from its name or the browser's claim.

`detect(head)` looks at the first HEAD_BYTES of a file. Known-dangerous formats are refused first, so a file that
is both (a ZIP that also starts like something else, a GIF whose header is followed by HTML) is refused, not
accepted by whichever check ran first. Checks that need the whole file (a PDF's JavaScript actions anywhere in it,
plain text staying text to the end) are streaming inspectors in inspect.py, chosen by the type found here.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from portal.services.evidence import types
from portal.services.evidence.types import FileType

HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class Refusal:
    """Why a file is not accepted, in plain English, completing "The file ‘x’ cannot be uploaded because ..."."""

    reason: str


# Formats refused outright, by their first bytes. Order does not matter: none is a prefix of an allowed type.
_REFUSED_PREFIXES: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "it is a Windows program"),
    (b"\x7fELF", "it is a program"),
    (b"\xfe\xed\xfa\xce", "it is a program"),
    (b"\xfe\xed\xfa\xcf", "it is a program"),
    (b"\xce\xfa\xed\xfe", "it is a program"),
    (b"\xcf\xfa\xed\xfe", "it is a program"),
    (b"\xca\xfe\xba\xbe", "it is a program"),  # Mach-O universal binary and Java class files
    (b"\x00asm", "it is a program"),
    (b"#!", "it is a script"),
    (b"Rar!\x1a\x07", "it is a compressed archive (RAR)"),
    (b"7z\xbc\xaf\x27\x1c", "it is a compressed archive (7z)"),
    (b"\x1f\x8b", "it is a compressed archive (gzip)"),
    (b"BZh", "it is a compressed archive (bzip2)"),
    (b"\xfd7zXZ\x00", "it is a compressed archive (xz)"),
    (b"\x28\xb5\x2f\xfd", "it is a compressed archive (zstd)"),
    (b"MSCF", "it is a compressed archive (CAB)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "it is an Office document, which can contain macros. Save it as a PDF"),
    (b"{\\rtf", "it is a rich text document. Save it as a PDF"),
)
_ZIP_PREFIXES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OOXML_MARKERS = (b"[Content_Types].xml", b"word/", b"xl/", b"ppt/", b"mimetypeapplication/vnd.oasis")

# Markup a browser would run or render if it ever treated the bytes as a page. Anywhere in the head of a binary
# file it means a polyglot: a valid image header with a web page behind it.
_ACTIVE_MARKUP = re.compile(
    rb"<\s*(?:script|html|svg|iframe|body|object|embed|!doctype\s+html|meta\s+http-equiv)[\s>/]", re.IGNORECASE
)
# What browsers' MIME sniffing (WHATWG "rules for identifying an unknown MIME type") treats as HTML or XML when a
# file starts with it after whitespace. A plain text file must not start like this.
_SNIFFED_AS_MARKUP = re.compile(
    rb"^\s*<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--|\?xml|svg)"
    rb"(?:[\s>/]|$)",
    re.IGNORECASE,
)
_WHITESPACE = b" \t\r\n\x0c"
_BOM = b"\xef\xbb\xbf"


def detect(head: bytes) -> FileType | Refusal:
    """What the file starting with `head` is, or why it is refused. `head` is the first HEAD_BYTES (or all) bytes."""
    if not head:
        return Refusal("it is empty")
    refusal = _refused_format(head)
    if refusal:
        return refusal
    found = _allowed_binary(head)
    if found is not None:
        if _ACTIVE_MARKUP.search(head):
            return Refusal("it contains web page code hidden inside it")
        if found is not types.PDF and b"%PDF-" in head[:1024]:
            return Refusal("it is also a PDF hidden inside another file type")
        return found
    return _plain_text(head)


def _refused_format(head: bytes) -> Refusal | None:
    for prefix, reason in _REFUSED_PREFIXES:
        if head.startswith(prefix):
            return Refusal(reason)
    if head.startswith(_ZIP_PREFIXES):
        if any(marker in head for marker in _OOXML_MARKERS):
            return Refusal("it is an Office document. Save it as a PDF")
        return Refusal("it is a compressed archive (ZIP)")
    body = head.removeprefix(_BOM).lstrip(_WHITESPACE)
    if body.startswith(b"<"):
        if re.match(rb"<(?:\?xml|svg)", body, re.IGNORECASE) or b"<svg" in body[:4096].lower():
            return Refusal("it is an SVG or XML file, which can contain code")
        return Refusal("it is a web page or markup (HTML or XML)")
    return None


def _allowed_binary(head: bytes) -> FileType | None:
    if head.startswith(b"\xff\xd8\xff"):
        return types.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return types.PNG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return types.GIF
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return types.WEBP
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return types.WAV
    if head.startswith(b"%PDF-"):
        return types.PDF
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return _ebml(head)
    if head[4:8] == b"ftyp":
        return _iso_media(head)
    if head[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot") and head[0] == 0 and head[3] >= 8:
        # QuickTime files from older cameras start with an atom other than ftyp. Its size (under 16 MB, at least 8)
        # begins with a zero byte, which text such as "Our free time" never does.
        return types.MOV
    if head.startswith(b"ID3") and len(head) >= 10 and head[3] in (2, 3, 4) and all(b < 0x80 for b in head[6:10]):
        return types.MP3
    if _mpeg_audio_frames(head):
        return types.MP3
    return None


def _ebml(head: bytes) -> FileType | None:
    # The EBML header names its DocType (element 0x4282); Matroska (.mkv) shares the container but is not on the list.
    # Its length is a variable-size integer: one byte (0x84) from most muxers, two (0x40 0x04) from some.
    match = re.search(rb"\x42\x82(?:[\x80-\xff]|[\x40-\x7f][\x00-\xff])", head[:64], re.DOTALL)
    if match and head[match.end() : match.end() + 4] == b"webm":
        return types.WEBM
    return None


# ISO base media (MP4 family) major and compatible brands, by what they mean to us.
_HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs"}
_HEIF_BRANDS = {b"mif1", b"msf1"}
_M4A_BRANDS = {b"M4A ", b"M4B "}
_MP4_BRANDS = {
    b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"dash", b"MSNV", b"M4V ",
    b"M4VP", b"mmp4", b"f4v ",
}  # fmt: skip
_AVIF_BRANDS = {b"avif", b"avis"}


def _iso_media(head: bytes) -> FileType | None:
    size = int.from_bytes(head[:4])
    if size < 16 or size > 4096:
        return None
    major = head[8:12]
    brands = {major} | {head[i : i + 4] for i in range(16, min(size, len(head)) - 3, 4)}
    if major == b"qt  ":
        return types.MOV
    if major in _M4A_BRANDS:
        return types.M4A
    if brands & _AVIF_BRANDS:
        return None  # AVIF is an image format we cannot preview or promise officers can open
    if major in _HEIC_BRANDS or (major in _HEIF_BRANDS and brands & _HEIC_BRANDS):
        return types.HEIC
    if major in _HEIF_BRANDS:
        return types.HEIF
    if major in _MP4_BRANDS:
        return types.MP4
    return None


# MPEG-1/2/2.5 Layer III frame headers (for MP3 files without an ID3 tag).
_BITRATES_V1 = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0)
_BITRATES_V2 = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0)
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _frame_length(header: bytes) -> int | None:
    """Length in bytes of the Layer III frame starting with `header` (4 bytes), or None if it is not one."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return None
    version = (header[1] >> 3) & 3  # 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5, 1 reserved
    layer = (header[1] >> 1) & 3  # 1 = Layer III
    bitrate_index = header[2] >> 4
    rate_index = (header[2] >> 2) & 3
    if version == 1 or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    padding = (header[2] >> 1) & 1
    bitrate = (_BITRATES_V1 if version == 3 else _BITRATES_V2)[bitrate_index] * 1000
    sample_rate = _SAMPLE_RATES[version][rate_index]
    return (144 if version == 3 else 72) * bitrate // sample_rate + padding


def _mpeg_audio_frames(head: bytes) -> bool:
    # One valid-looking header is 11 set bits and a few fields: too easy to hit by chance, so the next frame must
    # start exactly where this one ends (unless the file is shorter than a frame).
    length = _frame_length(head[:4])
    if length is None:
        return False
    if len(head) < length + 4:
        return len(head) >= length
    return _frame_length(head[length : length + 4]) is not None


# Control characters other than tab, line feed, form feed and carriage return never appear in a text statement.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _plain_text(head: bytes) -> FileType | Refusal:
    try:
        # A multi-byte character may be cut at the end of a full head; the text inspector checks the rest.
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < HEAD_BYTES)
    except UnicodeDecodeError:
        return Refusal("it is not a type we accept")
    if _CONTROL.search(text):
        return Refusal("it is not a type we accept")
    if _SNIFFED_AS_MARKUP.search(head.removeprefix(_BOM)) or _ACTIVE_MARKUP.search(head):
        return Refusal("it is a web page or markup (HTML or XML)")
    return types.TEXT
