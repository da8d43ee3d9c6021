"""Data the browser tests need, loaded once into the live server's database."""

from __future__ import annotations

from flask import Flask


def seed(app: Flask) -> None:
    """Each area of the portal adds what its journeys need here."""
