"""Data the browser tests need, loaded once into the live server's database."""

from __future__ import annotations

from flask import Flask


def seed(app: Flask) -> None:
    """Each area of the portal adds what its journeys need here."""
    from portal.demo.wards import ward_pages_demo

    # The real 704 wards, boundaries, crime and advice, plus the demonstration ward teams (e.g. West End, E05013808).
    ward_pages_demo()
    from portal.demo.front_counters import front_counters_demo

    # The bundled front counters (Charing Cross and Lewisham), which ward pages and found property reports show.
    front_counters_demo()
    from portal.demo.staff import demo_staff

    # The demo officer (West End) and supervisor (Westminster) that `make run` also creates; it needs the wards.
    demo_staff()
    from portal.demo.reports import demo_reports

    # The demo reports `make run` sends in West End (the subject access journey asks for the demo reporter's).
    demo_reports()
