"""Hostile input for the property-based tests (tests/integration/test_hostile_forms.py): values that break naive
parsing, the forms the portal actually shows (found by reading its pages, as a browser would), and posts built from
them with Hypothesis.

A form's fields are read from its HTML: text boxes get hostile text, radios, checkboxes and lists get their real
values or hostile ones, and any field may be missing, sent twice, or sent as a file.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st


def bounded(examples: int) -> settings:
    """Repeatable in CI: the same examples every run (derandomize), no example database kept between runs, and a
    fixed number of examples, so the suites stay inside their time limit."""
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )


def examples_for(spec: FormSpec) -> int:
    """Examples a form gets: two, and one more for each field (at most eight)."""
    return min(2 + len(spec.fields), 8)


# Most dangerous first: Hypothesis tries the start of a list early.
NUMBERS = [
    "99999999999999999999",
    "£99,999,999,999,999,999,999",
    "0",
    "-1",
    "-99999999999999999999",
    "2147483648",
    "9223372036854775808",
    "1e309",
    "NaN",
    "Infinity",
    "0x1F",
    "1_000",
    "١٢٣",  # Arabic-Indic
    "²",  # a digit to str.isdigit(), not to int()
    "１２",  # full width
    "۱۲۳",  # extended Arabic-Indic
    "12.5",
    "£-5",
]
TEXTS = [
    "",
    " ",
    "\x00",
    "Sam\x00Smith",
    "\u202eevil.exe",
    "\u2066isolate\u2069",
    "😀👩‍👩‍👧",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "a@b.com\r\nBcc: x@example.com",
    "../../etc/passwd",
    "{{ 7 * 7 }}",
    "%00",
    "\ufeff",
    "\r\n\r\n",
    "31/02/2026",
    "2026-02-30",
    "00:00:00",
    "25:61",
    "ZZ99 9ZZ",
]


def long_text() -> st.SearchStrategy[str]:
    """Very long strings, built rather than generated (Hypothesis would spend its budget drawing 100,000 characters)."""
    return st.builds(
        lambda piece, size: (piece * size)[:size],
        st.sampled_from(["x", "٣", "😀", "\x00", "a "]),
        st.sampled_from([301, 5_000, 100_000]),
    )


def hostile_text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(NUMBERS),
        st.sampled_from(TEXTS),
        st.sampled_from(NUMBERS),
        long_text(),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
    )


def a_file() -> st.SearchStrategy[tuple[io.BytesIO, str]]:
    contents = st.sampled_from([b"", b"\x00" * 64, b"<svg onload=alert(1)>", b"GIF89a<script>", b"%PDF-1.4 /JS"])
    names = st.sampled_from(["x.jpg", "\u202egpj.exe", "../../a.png", "a\x00.pdf", "😀.heic", ""])
    return st.builds(lambda data, name: (io.BytesIO(data), name), contents, names)


@dataclass
class FormSpec:
    """A form as a page shows it: where it posts, how, and each field with the values its page offers (its choices,
    or the answer already given) and what kind of field it is."""

    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)
    # Names sent as several values: checkboxes (any of them) and day/month/year boxes (all three, in order).
    checkboxes: set[str] = field(default_factory=set)
    parts: set[str] = field(default_factory=set)


def forms_on(html: str, url: str) -> list[FormSpec]:
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for form in soup.find_all("form"):
        action = urlsplit(urljoin(url, form.get("action") or url)).path
        spec = FormSpec(action=action, method=(form.get("method") or "get").lower())
        boxes: dict[str, int] = {}
        for element in form.find_all(["input", "select", "textarea", "button"]):
            name, kind = element.get("name"), element.get("type", "text")
            if not name or name == "csrf_token":
                continue
            values = spec.fields.setdefault(name, [])
            if element.name == "select":
                values.extend(option.get("value", "") for option in element.find_all("option"))
            elif element.name == "textarea":
                values.append(element.get_text())
            elif element.get("value") is not None:
                values.append(element["value"])
            if kind == "file":
                spec.files.add(name)
            elif kind == "checkbox":
                spec.checkboxes.add(name)
            elif element.name == "input" and kind in ("text", "number", "tel", "email"):
                boxes[name] = boxes.get(name, 0) + 1
        spec.parts = {name for name, count in boxes.items() if count > 1}
        found.append(spec)
    return found


def crawl(client: FlaskClient, seeds: Iterable[str], within: str, avoid: tuple[str, ...], limit: int) -> list[FormSpec]:
    """Every form on the pages reachable from `seeds` by links under `within`, reading at most `limit` pages."""
    queue, seen, forms = list(seeds), set(), {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
        if response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        for spec in forms_on(html, url):
            if not spec.action.startswith(avoid):
                forms.setdefault((spec.action, spec.method), spec)
        for link in BeautifulSoup(html, "html.parser").find_all("a", href=True):
            target = urlsplit(urljoin(url, link["href"]))
            path = target.path + (f"?{target.query}" if target.query else "")
            if target.path.startswith(within) and not target.path.startswith(avoid) and path not in seen:
                queue.append(path)
    return list(forms.values())


MODES = ["hostile", "repeated", "file", "missing"]


@st.composite
def payload(draw: st.DrawFn, spec: FormSpec) -> dict[str, object]:
    """Values for `spec`'s fields: one field (or, now and then, several) gets a hostile value, is repeated, is sent
    as a file or left out; the rest mostly keep what the page offers, so the form is otherwise valid and the hostile
    value reaches whatever is done with it. Sometimes a field the form does not have is added."""
    names = list(spec.fields)
    target = draw(st.sampled_from(names)) if names else None
    data: dict[str, object] = {}
    for name, offered in spec.fields.items():
        mode = draw(st.sampled_from(MODES)) if name == target else draw(st.sampled_from(["offered"] * 6 + MODES))
        if mode == "missing" or (mode == "offered" and not offered and name not in spec.parts):
            continue
        if mode == "offered":
            data[name] = draw(_offered(spec, name, offered))
        elif mode == "repeated":
            data[name] = draw(
                st.lists(st.one_of(hostile_text(), st.sampled_from(offered or [""])), min_size=2, max_size=3)
            )
        elif mode == "file" or name in spec.files:
            data[name] = draw(a_file())
        elif name in spec.parts:
            data[name] = draw(st.lists(hostile_text(), min_size=3, max_size=3))
        else:
            data[name] = draw(hostile_text())
    if draw(st.integers(0, 3)) == 3:
        data[draw(st.sampled_from(["status", "ward_id", "assigned_to_id", "id", "", "x" * 300]))] = draw(hostile_text())
    return data


# Before the random examples, every typed field of a form gets each of these in turn, the rest of the form as offered.
SWEEP = ["99999999999999999999", "٣٤" + "Sam\x00\u202e" + "x" * 100_000]


def sweeps(spec: FormSpec) -> list[dict[str, object]]:
    """One post per typed field and SWEEP value, every other field keeping the first value the page offers."""
    typed = [name for name in spec.fields if name not in spec.files | spec.checkboxes and len(spec.fields[name]) <= 3]
    base: dict[str, object] = {}
    for name, offered in spec.fields.items():
        if name in spec.parts:
            base[name] = list(offered) if any(offered) else ["1", "1", "2026"]
        elif offered:
            base[name] = [offered[0]] if name in spec.checkboxes else offered[0]
    posts = []
    for name in typed:
        for value in SWEEP:
            posts.append({**base, name: [value, value, value] if name in spec.parts else value})
    return posts


def _offered(spec: FormSpec, name: str, offered: list[str]) -> st.SearchStrategy[object]:
    if name in spec.parts:
        # Day, month and year boxes left empty on a new form: a real date, as someone would type it.
        return st.just(list(offered) if any(offered) else ["1", "1", "2026"])
    if name in spec.checkboxes:
        return st.lists(st.sampled_from(offered), min_size=1, max_size=len(offered), unique=True)
    return st.sampled_from(offered)


def csrf_token(client: FlaskClient, url: str) -> str:
    return token_in(client.get(url).get_data(as_text=True))


def token_in(html: str) -> str:
    found = BeautifulSoup(html, "html.parser").select_one("input[name=csrf_token]")
    assert found is not None, "no CSRF token on the page"
    return str(found["value"])


def send(client: FlaskClient, spec: FormSpec, data: dict[str, object], token: str):
    if spec.method == "post":
        if not any(isinstance(value, tuple) for value in data.values()):
            return client.post(spec.action, data={"csrf_token": token, **data})
        # Werkzeug's test client spools a multipart body over 500 KB to a temporary file it never closes: with a
        # file among the fields, long text is cut to keep the body in memory.
        data = {name: _cut(value) for name, value in data.items()}
        return client.post(spec.action, data={"csrf_token": token, **data}, content_type="multipart/form-data")
    flat = {name: value for name, value in data.items() if not isinstance(value, tuple)}
    return client.get(spec.action, query_string=flat)


def _cut(value: object) -> object:
    if isinstance(value, str):
        return value[:10_000]
    if isinstance(value, list):
        return [_cut(item) for item in value]
    return value
