"""Front counters as data: the loader (whole file checked first, problems by line and column, idempotent), and the
pages that show the nearest open counters with today's hours in London time. "24 hours a day" appears only for a
counter whose data says so."""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.core import clock
from portal.core.clock import LONDON
from portal.db import session
from portal.demo.front_counters import FRONT_COUNTERS_FILE
from portal.models import FrontCounter
from portal.services.front_counters.load import load_front_counters
from portal.services.wards.datafile import DataFileError
from tests.factories.reports import ward_fixture  # noqa: F401  (fixture)
from tests.pages import page

HEADER = "name,borough,address,postcode,lat,lon,monday,tuesday,wednesday,thursday,friday,saturday,sunday,bank_holidays"
ALWAYS = "Always Open,Westminster,1 Night Street,SW1A 1AA,51.5010,-0.1416" + ",24 hours" * 8
USUAL = "Usual Hours,Camden,2 Day Street,NW1 2DB,51.5390,-0.1426" + ",10:00-22:00" * 5 + ",09:00-19:00" * 2 + ","
PHRASE = "24 hours a day"


def load_counters(path: Path = FRONT_COUNTERS_FILE) -> str:
    return str(load_front_counters(path))


def write(tmp_path: Path, *lines: str, header: str = HEADER) -> Path:
    path = tmp_path / "counters.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def at(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    moment = datetime.fromisoformat(text).replace(tzinfo=LONDON).astimezone(UTC)
    monkeypatch.setattr(clock, "now", lambda: moment)


def test_the_bundled_file_loads_and_loading_again_changes_nothing(app_context):
    assert load_counters() == "2 added, 0 updated, 0 removed"
    assert load_counters() == "0 added, 2 updated, 0 removed"
    counters = {c.name: c for c in session.scalars(select(FrontCounter))}
    assert set(counters) == {"Charing Cross", "Lewisham"}
    assert counters["Lewisham"].postcode == "SE13 5JZ" and counters["Charing Cross"].postcode == "WC2N 4JP"
    assert counters["Lewisham"].hours["bank_holidays"] == "24 hours" and counters["Lewisham"].step_free is None


def test_a_bad_file_names_every_problem_by_line_and_column_and_loads_nothing(app_context, tmp_path):
    path = write(
        tmp_path,
        ALWAYS,
        "Bad,,3 Street,NOT A CODE,-0.14,51.5" + ",all day" + ",10:00-22:00" * 7 + ",maybe,yesterday",
        ALWAYS,
        header=HEADER + ",step_free,closed_from",
    )
    with pytest.raises(DataFileError) as raised:
        load_front_counters(path)
    message = str(raised.value)
    for expected in (
        "counters.csv, line 3, column borough: is empty",
        "counters.csv, line 3, column postcode: 'NOT A CODE' is not a postcode",
        "counters.csv, line 3, column lat: '-0.14' is not a latitude in Great Britain",
        "counters.csv, line 3, column monday: 'all day' is not '24 hours', 'closed' or times like 10:00-22:00",
        "counters.csv, line 3, column step_free: 'maybe' is not yes, no or blank",
        "counters.csv, line 3, column closed_from: 'yesterday' is not a date",
        "counters.csv, line 4, column name: Always Open appears more than once",
    ):
        assert expected in message, message
    assert session.scalars(select(FrontCounter)).all() == []


def test_a_missing_column_is_reported_at_once(app_context, tmp_path):
    with pytest.raises(DataFileError, match="line 1: missing column bank_holidays"):
        load_front_counters(write(tmp_path, "x", header=HEADER.removesuffix(",bank_holidays")))


def test_the_command_loads_a_file_and_refuses_a_bad_one(app, tmp_path):
    runner = app.test_cli_runner()
    good = runner.invoke(args=["front-counters", "load", str(FRONT_COUNTERS_FILE)])
    assert good.exit_code == 0 and "Front counters: 2 added" in good.output
    bad = runner.invoke(args=["front-counters", "load", str(write(tmp_path, "only,a,few"))])
    assert bad.exit_code != 0 and "Nothing was loaded" in bad.output and "line 2" in bad.output


def test_counters_missing_from_a_new_file_are_removed_and_closed_ones_never_shown(client, app, tmp_path, monkeypatch):
    at(monkeypatch, "2026-07-02T12:00")
    closed = "Closed Down,Barnet,3 Gone Road,N1 1AA,51.6,-0.2" + ",10:00-22:00" * 7 + ",,no,2026-02-28"
    with app.app_context():
        load_counters()
        result = load_front_counters(write(tmp_path, ALWAYS, closed, header=HEADER + ",step_free,closed_from"))
    assert str(result) == "2 added, 0 updated, 2 removed"
    shown = page(client, "/contact", title="Contact us")
    assert shown.texts(".dps-counter h3") == ["Always Open front counter"]


def test_the_ward_page_shows_the_nearest_counters_first_with_todays_hours(client, app, ward, tmp_path, monkeypatch):
    at(monkeypatch, "2026-07-04T20:00")  # a Saturday evening: weekend hours end at 7pm
    with app.app_context():
        load_front_counters(write(tmp_path, USUAL, ALWAYS))
    shown = page(client, f"/wards/{ward.code}")
    counters = shown.select(".dps-counter")
    assert [c["data-counter"] for c in counters] == ["Always Open", "Usual Hours"]  # nearest the ward first
    always, usual = (" ".join(c.get_text(" ").split()) for c in counters)
    assert "Open now" in always and "miles away" in always
    assert "Closed now" in usual and "Today (Saturday): 9am to 7pm" in usual and "opens tomorrow at 9am" in usual
    assert "Step-free access: not known" in usual


def test_the_words_24_hours_a_day_appear_only_for_counters_whose_data_says_so(client, app, ward, tmp_path):
    """Every page that talks about front counters, with one counter open all day and one not: the phrase appears
    only inside the first one's entry. With no such counter, no page says it."""
    urls = ["/", "/contact", "/report", "/accessibility-statement", f"/wards/{ward.code}", "/where-to-report"]
    with app.app_context():
        load_front_counters(write(tmp_path, ALWAYS, USUAL))
    for url in urls:
        shown = page(client, url)
        in_counters = [c for c in shown.select(".dps-counter") if PHRASE in c.get_text(" ")]
        assert [c["data-counter"] for c in in_counters] == (["Always Open"] if shown.select(".dps-counter") else [])
        assert len(re.findall(PHRASE, shown.text)) == len(in_counters), url
    with app.app_context():
        load_front_counters(write(tmp_path, USUAL))
    for url in urls:
        assert PHRASE not in page(client, url).text, url


def _shown_text(path: Path) -> str:
    """What a file can put on a page or in an email: a template without its comments, or a module's strings other
    than docstrings."""
    source = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        return re.sub(r"{#.*?#}", "", source, flags=re.DOTALL)
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return "\n".join(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    )


def test_only_the_front_counter_component_can_say_24_hours_a_day():
    """Pages behind a sign-in are not crawled above, so no template, email or data may hold the phrase except the
    one place that says it of an always-open counter."""
    portal = Path(__file__).resolve().parents[2] / "portal"
    holders = sorted(
        str(path.relative_to(portal))
        for path in portal.rglob("*")
        if path.suffix in (".html", ".txt", ".py") and PHRASE in _shown_text(path)
    )
    assert holders == ["templates/components/front-counters.html"]
    component = _shown_text(portal / "templates/components/front-counters.html")
    before = component[: component.index(PHRASE)].rsplit("{%", 1)[1]
    assert before.strip().startswith("if counter.always_open")


def test_a_partly_24_hour_counter_is_not_called_open_24_hours_a_day(client, app, tmp_path, monkeypatch):
    at(monkeypatch, "2026-07-02T03:00")
    no_bank_holidays = "Nearly Always,Westminster,4 Night Street,SW1A 1AA,51.5,-0.14" + ",24 hours" * 7 + ","
    with app.app_context():
        load_front_counters(write(tmp_path, no_bank_holidays))
    shown = page(client, "/contact")
    assert PHRASE not in shown.text
    assert "Open now (open 24 hours today)" in shown.text and "Bank holidays: Not known" in shown.text


def test_no_setting_or_page_claims_every_borough_has_a_24_hour_counter(client, app):
    assert "FRONT_COUNTER_TEXT" not in app.config
    for url in ("/", "/contact", "/report", "/accessibility-statement", "/track"):
        assert "every borough" not in page(client, url).text.lower()
