"""The allow-list of evidence file types: what each one is called, served as and shown as."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    IMAGE = "image"
    VIDEO = "video"
    AUDIO = "audio"
    DOCUMENT = "document"


@dataclass(frozen=True)
class FileType:
    """A type we accept. `mime` is what we serve it as, whatever the browser claimed when it was uploaded."""

    mime: str
    extension: str  # canonical, with the dot
    kind: Kind
    label: str  # shown to people: "JPG photo"
    # Other extensions that name the same type, so "photo.jpeg" is not renamed on download.
    aliases: tuple[str, ...] = ()

    @property
    def extensions(self) -> tuple[str, ...]:
        return (self.extension, *self.aliases)


JPEG = FileType("image/jpeg", ".jpg", Kind.IMAGE, "JPG photo", (".jpeg", ".jpe"))
PNG = FileType("image/png", ".png", Kind.IMAGE, "PNG image")
GIF = FileType("image/gif", ".gif", Kind.IMAGE, "GIF image")
WEBP = FileType("image/webp", ".webp", Kind.IMAGE, "WebP image")
HEIC = FileType("image/heic", ".heic", Kind.IMAGE, "HEIC photo", (".heif",))
HEIF = FileType("image/heif", ".heif", Kind.IMAGE, "HEIF photo", (".heic",))
MP4 = FileType("video/mp4", ".mp4", Kind.VIDEO, "MP4 video", (".m4v",))
MOV = FileType("video/quicktime", ".mov", Kind.VIDEO, "MOV video", (".qt",))
WEBM = FileType("video/webm", ".webm", Kind.VIDEO, "WebM video")
MP3 = FileType("audio/mpeg", ".mp3", Kind.AUDIO, "MP3 recording")
M4A = FileType("audio/mp4", ".m4a", Kind.AUDIO, "M4A recording")
WAV = FileType("audio/wav", ".wav", Kind.AUDIO, "WAV recording")
PDF = FileType("application/pdf", ".pdf", Kind.DOCUMENT, "PDF document")
TEXT = FileType("text/plain", ".txt", Kind.DOCUMENT, "plain text file", (".text", ".log"))

ALLOWED: tuple[FileType, ...] = (JPEG, PNG, GIF, WEBP, HEIC, HEIF, MP4, MOV, WEBM, MP3, M4A, WAV, PDF, TEXT)

# One sentence naming everything we accept, for refusal messages and the page before upload.
ACCEPTED_SENTENCE = (
    "Upload a photo (JPG, PNG, HEIC, WebP or GIF), a video (MP4, MOV or WebM), "
    "a recording (MP3, M4A or WAV), a PDF or a plain text file"
)

# For a file input's `accept` attribute: a hint to the device's file picker only; the content decides.
ACCEPT_ATTRIBUTE = ",".join(dict.fromkeys([t.mime for t in ALLOWED] + [e for t in ALLOWED for e in t.extensions]))
