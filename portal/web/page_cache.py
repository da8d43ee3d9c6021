"""Each process's own copy of the public pages, served without running the application (docs/adr/0009).

A response the application marked public (portal/web/caching.py) to a GET without a cookie or a query string is kept
whole, headers and body, and the next visitor asking for that path without a cookie or a query string is given it
straight from here, as nginx's cache would give it: for at most the page's own max-age, and only while the public
content keeps the version it had when the page was made (services/public_content.py, read again at most every
CONTENT_VERSION_CHECK_SECONDS, so another process's change is seen within that time). A matching If-None-Match gets
304. Each answer still gets its own X-Request-Id and its line in the access log.

Anything else (a cookie, a query string, a POST, a page not marked public) goes to the application untouched.
WARD_PAGE_CACHE_SECONDS = 0 (tests) keeps nothing.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask

from portal.services import public_content
from portal.web.caching import ROUTE_KEY, VERSION_KEY
from portal.web.logs import access_log

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
MAX_AGE = re.compile(r"(?:^|[ ,])max-age=(\d+)")
# Headers a 304 leaves out (RFC 9110, 15.4.5): it describes the page the client already has.
_NOT_ON_304 = frozenset({"content-length", "content-type"})


@dataclass(frozen=True)
class Entry:
    headers: list[tuple[str, str]]
    body: bytes
    etag: str
    version: str
    until: float  # time.monotonic() after which the page is made again
    rule: str  # the route, as the access log names it

    def matches(self, if_none_match: str) -> bool:
        tags = (tag.strip().removeprefix("W/") for tag in if_none_match.split(","))
        return any(tag in (self.etag, "*") for tag in tags)


class PageCache:
    def __init__(self, app: Flask, wsgi_app: WsgiApp) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.entries: dict[str, Entry] = {}

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if (
            environ.get("REQUEST_METHOD") not in ("GET", "HEAD")
            or environ.get("QUERY_STRING")
            or environ.get("HTTP_COOKIE")
            or not self.app.config["WARD_PAGE_CACHE_SECONDS"]
        ):
            return self.wsgi_app(environ, start_response)
        started = time.perf_counter()
        path = environ.get("PATH_INFO", "")
        entry = self.entries.get(path)
        if entry is not None:
            if entry.until > time.monotonic() and entry.version == self._version():
                return self._serve(entry, environ, start_response, started)
            self.entries.pop(path, None)  # another thread may have dropped it already
        return self._through(path, environ, start_response)

    def _version(self) -> str:
        known = public_content.known_version(self.app)
        if known is not None:
            return known
        with self.app.app_context():
            return public_content.version()

    def _serve(
        self, entry: Entry, environ: dict[str, Any], start_response: StartResponse, started: float
    ) -> Iterable[bytes]:
        request_id = secrets.token_hex(6)
        if entry.matches(environ.get("HTTP_IF_NONE_MATCH", "")):
            status, body = "304 NOT MODIFIED", b""
            headers = [(name, value) for name, value in entry.headers if name.lower() not in _NOT_ON_304]
        else:
            status, body, headers = "200 OK", entry.body, list(entry.headers)
        headers.append(("X-Request-Id", request_id))
        start_response(status, headers)
        elapsed_ms = (time.perf_counter() - started) * 1000
        method = environ["REQUEST_METHOD"]
        access_log.info(
            "%s %s %s %.1fms", method, entry.rule, status[:3], elapsed_ms, extra={"correlation_id": request_id}
        )
        return [] if method == "HEAD" else [body]

    def _through(self, path: str, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Let the application answer, and keep its answer if it is a public page."""
        answer: dict[str, Any] = {}

        def keep_status(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            answer.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, keep_status)
        headers = answer.get("headers", [])
        cache_control = next((value for name, value in headers if name.lower() == "cache-control"), "")
        if (
            environ["REQUEST_METHOD"] != "GET"
            or not answer.get("status", "").startswith("200")
            or not cache_control.startswith("public")
        ):
            return body
        try:
            data = b"".join(body)
        finally:
            close = getattr(body, "close", None)  # WSGI: an iterable may or may not have close()
            if close is not None:
                close()
        self._keep(path, headers, data, cache_control, environ)
        return [data]

    def _keep(
        self, path: str, headers: list[tuple[str, str]], data: bytes, cache_control: str, environ: dict[str, Any]
    ) -> None:
        age = MAX_AGE.search(cache_control)
        etag = next((value for name, value in headers if name.lower() == "etag"), None)
        # The version the application read before making the page: the page is at least that new.
        version = environ.get(VERSION_KEY)
        if age is None or etag is None or version is None:
            return
        seconds = min(int(age.group(1)), int(self.app.config["WARD_PAGE_CACHE_SECONDS"]))
        rule = environ.get(ROUTE_KEY, path)
        kept = [(name, value) for name, value in headers if name.lower() != "x-request-id"]
        self.entries[path] = Entry(kept, data, etag, version, time.monotonic() + seconds, rule)
