"""Upload evidence through the report journey as a browser without JavaScript would (CSRF on)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories.reports import road_traffic_pages, walk
from tests.pages import Page, check_page, page

SLUG = "road-traffic-incident"
STEP = f"/report/{SLUG}/evidence-files"
UPLOAD = f"{STEP}/files"


def to_evidence_step(client: FlaskClient, ward_code: str) -> Page:
    """Answer a road traffic report up to its evidence upload page."""
    pages = road_traffic_pages(ward_code)
    before = pages[: [path for path, _ in pages].index("evidence") + 1]
    result = walk(client, SLUG, before)
    assert result.h1 == "Upload evidence", result.h1
    return result


def finish_report(client: FlaskClient, ward_code: str) -> Page:
    """Answer the pages after the evidence step."""
    pages = road_traffic_pages(ward_code)
    return walk(client, SLUG, pages[[path for path, _ in pages].index("evidence") + 1 :])


def upload(
    client: FlaskClient,
    *files: tuple[bytes, str],
    action: str = "upload",
    status: int = 200,
    headers: dict[str, str] | None = None,
    step: str = STEP,
) -> Any:
    """Post files with the evidence page's CSRF token; returns the page reached (or the JSON response)."""
    token = page(client, step).csrf_token()
    data: dict[str, Any] = {"csrf_token": token, "action": action}
    data["file"] = [(io.BytesIO(content), name) for content, name in files] or [(io.BytesIO(b""), "")]
    response = client.post(
        f"{step}/files",
        data=data,
        content_type="multipart/form-data",
        headers=headers or {},
        follow_redirects=headers is None,
    )
    if headers is not None:
        return response
    return check_page(response, status=status)


def listed(p: Page) -> list[str]:
    """The names in the evidence page's table of files."""
    return [" ".join(cell.get_text(" ").split()) for cell in p.select(".dps-evidence-name")]


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture(name="store")
def store_fixture(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Evidence storage of this test's own, so what it stores (and deletes) can be seen."""
    root = tmp_path / "evidence"
    monkeypatch.setitem(app.config, "EVIDENCE_STORAGE_URL", root.as_uri())
    return root
