"""Staff previews are metadata-free copies; the stored original keeps every byte, GPS included."""

from __future__ import annotations

import io

from PIL import ExifTags, Image

from portal.services.evidence.previews import make_preview
from portal.services.evidence.storage import LocalStorage
from tests.support import evidence_samples as samples


def _gps(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif().get_ifd(ExifTags.IFD.GPSInfo))


def test_gps_is_stripped_from_the_preview_and_kept_in_the_stored_original(tmp_path):
    original = samples.jpeg(gps=True)
    assert _gps(original)[ExifTags.GPS.GPSLatitudeRef] == "N"  # the sample really carries a location
    storage = LocalStorage(tmp_path)
    key = storage.put(original)

    with storage.open(key) as stored:
        preview = make_preview(stored)

    assert preview is not None and preview.mime == "image/jpeg"
    assert _gps(preview.data) == {}
    with Image.open(io.BytesIO(preview.data)) as image:
        assert len(image.getexif()) == 0
        assert not {"exif", "icc_profile", "xmp", "comment", "XML:com.adobe.xmp"} & set(image.info)
    for marker in (b"Exif", b"TestCam", b"xmpmeta", b"GPSLatitude", b"taken on the bus", b"ICC_PROFILE"):
        assert marker not in preview.data
    with storage.open(key) as stored:
        assert stored.read() == original
    assert _gps(original)[ExifTags.GPS.GPSLongitudeRef] == "W"


def test_previews_are_at_most_800_pixels_and_keep_the_aspect_ratio():
    preview = make_preview(samples.jpeg(size=(2400, 1200)))
    assert preview is not None
    assert (preview.width, preview.height) == (800, 400)
    with Image.open(io.BytesIO(preview.data)) as image:
        assert image.size == (800, 400)


def test_transparent_images_preview_as_png_and_others_as_jpeg():
    transparent = make_preview(samples.png(alpha=True, gps=True))
    assert transparent is not None and transparent.mime == "image/png"
    assert b"eXIf" not in transparent.data and b"Exif" not in transparent.data
    for data in (samples.png(), samples.gif(), samples.webp()):
        preview = make_preview(data)
        assert preview is not None and preview.mime == "image/jpeg"
        assert b"Exif" not in preview.data


def test_an_exif_rotation_is_applied_so_staff_see_it_upright():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # the camera was turned: rotate 90 degrees to display
    out = io.BytesIO()
    Image.new("RGB", (400, 200), "white").save(out, "JPEG", exif=exif)
    preview = make_preview(out.getvalue())
    assert preview is not None and (preview.width, preview.height) == (200, 400)


def test_no_preview_for_what_pillow_cannot_open():
    # Pillow cannot decode HEIC without a plugin: no preview, and the original is downloaded instead.
    assert make_preview(samples.heic()) is None
    assert make_preview(samples.pdf()) is None
    assert make_preview(samples.jpeg()[:200]) is None  # truncated


def test_decompression_bombs_are_not_decoded():
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, "PNG")  # 100 megapixels in a few kilobytes
    assert make_preview(out.getvalue()) is None
