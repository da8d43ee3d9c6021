"""Serving evidence: detected type, RFC 6266 names, nosniff, sandbox CSP, no-store (check 25)."""

from __future__ import annotations

import pytest
from flask import Flask

from portal.services.evidence.serve import Quarantined, content_disposition, download_name, prepare
from portal.services.evidence.storage import LocalStorage
from portal.web import files, security
from tests.support import evidence_samples as samples


@pytest.fixture
def storage(tmp_path):
    return LocalStorage(tmp_path)


@pytest.fixture
def serving_app(storage):
    """A bare app with the portal's real security headers, serving one file described by its query arguments."""
    app = Flask(__name__)
    security.init_app(app)
    app.config["files"] = {}

    @app.get("/file/<key>")
    def file(key):
        meta = app.config["files"][key]
        try:
            return files.send(prepare(storage, key, **meta))
        except Quarantined:
            return "", 404

    return app


def _serve(app, storage, data, **meta):
    key = storage.put(data)
    app.config["files"][key] = meta
    with app.test_client().get(f"/file/{key}") as response:
        return response, response.get_data()


def test_an_image_is_shown_inline_in_a_sandbox(serving_app, storage):
    data = samples.jpeg()
    response, body = _serve(serving_app, storage, data, mime="image/jpeg", display_name="dashcam.jpg", size=len(data))
    assert body == data
    assert response.mimetype == "image/jpeg"
    assert response.content_length == len(data)
    headers = response.headers
    assert headers["Content-Disposition"] == "inline; filename=\"dashcam.jpg\"; filename*=UTF-8''dashcam.jpg"
    assert headers["X-Content-Type-Options"] == "nosniff"
    # The app's after_request keeps the stricter policy the response set, rather than its page CSP.
    assert headers["Content-Security-Policy"] == "sandbox"
    assert headers["Cache-Control"] == "no-store"


def test_a_pdf_is_inline_and_everything_else_downloads(serving_app, storage):
    response, _ = _serve(serving_app, storage, samples.pdf(), mime="application/pdf", display_name="scan.pdf")
    assert response.headers["Content-Disposition"].startswith("inline;")
    for data, mime, name in [
        (samples.mp4(), "video/mp4", "clip.mp4"),
        (samples.wav(), "audio/wav", "noise.wav"),
        (samples.text(), "text/plain", "statement.txt"),
    ]:
        response, body = _serve(serving_app, storage, data, mime=mime, display_name=name)
        assert body == data
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert response.headers["Content-Security-Policy"] == "sandbox"
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"


def test_a_download_can_be_forced_for_an_image(serving_app, storage):
    response, _ = _serve(serving_app, storage, samples.png(), mime="image/png", display_name="x.png", download=True)
    assert response.headers["Content-Disposition"].startswith("attachment;")


def test_quarantined_files_are_never_served(serving_app, storage):
    response, body = _serve(
        serving_app, storage, samples.EICAR, mime="text/plain", display_name="eicar.txt", quarantined=True
    )
    assert response.status_code == 404
    assert samples.EICAR not in body


def test_a_type_outside_the_allow_list_is_never_served(storage):
    key = storage.put(samples.HTML)
    with pytest.raises(Quarantined):
        prepare(storage, key, mime="text/html", display_name="page.html")


def test_unicode_and_awkward_names_are_rfc_6266_encoded():
    header = content_disposition("attachment", 'Café "receipt"; 100%.pdf')
    assert header == (
        "attachment; filename=\"Cafe _receipt__ 100_.pdf\"; filename*=UTF-8''Caf%C3%A9%20%22receipt%22%3B%20100%25.pdf"
    )
    header = content_disposition("attachment", "照片.jpg")
    assert header == "attachment; filename=\"file.jpg\"; filename*=UTF-8''%E7%85%A7%E7%89%87.jpg"
    assert "\r" not in content_disposition("inline", "a\r\nSet-Cookie: x=1.png")


def test_the_download_name_gets_the_detected_extension_when_it_differs():
    assert download_name("notes.html", "text/plain") == "notes.html.txt"
    assert download_name("photo.JPEG", "image/jpeg") == "photo.JPEG"
    assert download_name("photo", "image/jpeg") == "photo.jpg"
    assert download_name("clip.avi", "video/mp4") == "clip.avi.mp4"
