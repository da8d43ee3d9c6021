"""Read pages like a user: fetch, check the status and title, parse, and refuse duplicate ids."""

from __future__ import annotations

from collections import Counter
from typing import Any

from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from werkzeug.test import TestResponse


class Page:
    def __init__(self, response: TestResponse) -> None:
        self.response = response
        self.soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")

    @property
    def title(self) -> str:
        return self.soup.title.get_text(strip=True) if self.soup.title else ""

    @property
    def h1(self) -> str:
        heading = self.soup.find("h1")
        return heading.get_text(" ", strip=True) if heading else ""

    @property
    def text(self) -> str:
        return " ".join(self.soup.get_text(" ").split())

    def select(self, selector: str) -> list[Any]:
        return self.soup.select(selector)

    def select_one(self, selector: str) -> Any:
        found = self.soup.select_one(selector)
        assert found is not None, f"nothing matches {selector!r}"
        return found

    def texts(self, selector: str) -> list[str]:
        return [" ".join(el.get_text(" ").split()) for el in self.soup.select(selector)]

    def error_messages(self) -> list[str]:
        return self.texts(".govuk-error-summary__list a")

    def csrf_token(self) -> str:
        return self.select_one("input[name=csrf_token]")["value"]


def check_page(response: TestResponse, status: int = 200, title: str | None = None) -> Page:
    assert response.status_code == status, f"expected {status}, got {response.status_code}"
    page = Page(response)
    if response.mimetype == "text/html":
        ids = Counter(el["id"] for el in page.soup.select("[id]"))
        duplicates = [element_id for element_id, count in ids.items() if count > 1]
        assert not duplicates, f"duplicate ids on the page: {duplicates}"
        if title is not None:
            assert page.title.startswith(title), f"title {page.title!r} does not start with {title!r}"
    return page


def page(client: FlaskClient, url: str, status: int = 200, title: str | None = None, **kwargs: Any) -> Page:
    """GET `url` and return the parsed page (see check_page)."""
    return check_page(client.get(url, **kwargs), status=status, title=title)


def submit(
    client: FlaskClient, url: str, data: dict[str, Any], status: int = 200, title: str | None = None, **kwargs: Any
) -> Page:
    """Fetch the form at `url`, take its CSRF token as a browser would, post `data`, and follow redirects."""
    form_page = page(client, url)
    payload = {"csrf_token": form_page.csrf_token(), **data}
    return check_page(client.post(url, data=payload, follow_redirects=True, **kwargs), status=status, title=title)
