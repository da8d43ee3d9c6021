"""Image previews for staff: a generated copy, never the original, with every piece of metadata left behind.

The original bytes are evidence and are never modified. A preview is a new image built from the decoded pixels
only, so EXIF (including GPS location), XMP, IPTC, ICC profiles and comments cannot survive into it. HEIC/HEIF
photos get a preview only if the installed Pillow can decode them (it cannot without a HEIF plugin such as
pillow-heif); otherwise there is no preview and staff download the original.
"""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass
from typing import BinaryIO

from PIL import Image, ImageOps, UnidentifiedImageError

log = logging.getLogger(__name__)

MAX_EDGE = 800
# Refuse to decode images with more pixels than this (a decompression bomb is a tiny file that decodes huge).
MAX_PIXELS = 60_000_000


@dataclass(frozen=True)
class Preview:
    data: bytes
    mime: str  # image/jpeg, or image/png when the image has transparency
    width: int
    height: int


def make_preview(source: bytes | BinaryIO, *, max_edge: int = MAX_EDGE) -> Preview | None:
    """A metadata-free JPEG or PNG copy no bigger than `max_edge` on its longest side, or None if not possible."""
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(stream) as image:
                if image.width * image.height > MAX_PIXELS:
                    return None
                image.seek(0)  # the first frame of an animated GIF or WebP
                upright = ImageOps.exif_transpose(image)  # shown the way the camera held it; EXIF not carried
                upright.thumbnail((max_edge, max_edge))
                return _clean_copy(upright)
    except (UnidentifiedImageError, Image.DecompressionBombWarning, Image.DecompressionBombError, OSError, ValueError,
            SyntaxError) as error:  # fmt: skip
        log.info("no evidence preview: %s", type(error).__name__)
        return None


def _clean_copy(image: Image.Image) -> Preview:
    transparent = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    mode = "RGBA" if transparent else "RGB"
    pixels = image.convert(mode)
    # A brand-new image from raw pixels has an empty info dict: nothing of the original's metadata can follow.
    clean = Image.frombytes(mode, pixels.size, pixels.tobytes())
    out = io.BytesIO()
    if transparent:
        clean.save(out, format="PNG", optimize=True)
        mime = "image/png"
    else:
        clean.save(out, format="JPEG", quality=85)
        mime = "image/jpeg"
    return Preview(out.getvalue(), mime, clean.width, clean.height)
