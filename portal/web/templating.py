"""Jinja set-up: the template folders, the names every template may use, and strict handling of undefined names.

GOV.UK Frontend's macros read optional parameters as `params.classes`, which StrictUndefined would refuse. A typo in
a template variable or an attribute of one of our objects must still fail a test, so only a missing key of a dict
(a macro's params) is allowed to be quietly empty.
"""

from __future__ import annotations

import re
from importlib.resources import files
from typing import Any

from flask import Flask
from jinja2 import ChainableUndefined, ChoiceLoader, FileSystemBytecodeCache, PackageLoader, PrefixLoader

from portal.config import SERVICE_SETTINGS
from portal.forms.fields import field_params
from portal.journeys.formdata import answer_fields
from portal.services.evidence.limits import describe_size
from portal.services.reporting import references
from portal.web import navigation
from portal.web.access import session_banner


def _names_set_in_govuk_macros() -> frozenset[str]:
    """Names GOV.UK Frontend's macros set only on some branches and then test (`successBanner`, `hasHint`, ...)."""
    names: set[str] = set()
    pattern = re.compile(r"{%-?\s*set\s+(\w+)")
    for template in files("govuk_frontend_jinja").joinpath("templates").rglob("*.html"):  # type: ignore[attr-defined]
        names.update(pattern.findall(template.read_text(encoding="utf-8")))
    return frozenset(names)


MACRO_NAMES = frozenset({"undefined", "caller", "null"}) | _names_set_in_govuk_macros()


class PortalUndefined(ChainableUndefined):
    __slots__ = ()

    def _lenient(self) -> bool:
        # GOV.UK Frontend's macros also test `caller`, the name `undefined`, names they set only on some branches,
        # and inline ifs without an else; those are part of the macros, never a typo of ours.
        return (
            isinstance(self._undefined_obj, dict)
            or self._undefined_name in MACRO_NAMES
            or "inline if-expression" in (self._undefined_hint or "")
        )

    def _check(self) -> None:
        if not self._lenient():
            self._fail_with_undefined_error()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        self._check()
        return self

    def __getitem__(self, key: Any) -> Any:
        self._check()
        return self

    def __str__(self) -> str:
        self._check()
        return ""

    def __html__(self) -> str:
        return str(self)

    def __iter__(self) -> Any:
        self._check()
        return iter(())

    def __bool__(self) -> bool:
        self._check()
        return False

    def __len__(self) -> int:
        self._check()
        return 0

    def __eq__(self, other: object) -> bool:
        self._check()
        return type(self) is type(other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return id(type(self))


def init_app(app: Flask) -> None:
    app.jinja_env.undefined = PortalUndefined
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_loader = ChoiceLoader(  # type: ignore[assignment]
        [
            PackageLoader("portal", "templates"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    # Compiling a template is costly (the ward page and the GOV.UK macros it uses: about a second of a new process's
    # first request); the compiled code is kept in the system's temporary folder, named by the template's path and
    # checked against its source, so every later process, restarts included, loads it instead of compiling it.
    app.jinja_env.bytecode_cache = FileSystemBytecodeCache()
    app.jinja_env.globals.update(
        nav_items=navigation.nav_items,
        field_params=field_params,
        answer_fields=answer_fields,
        evidence_size=describe_size,
        staff_session_info=session_banner,
    )
    app.jinja_env.filters["reference_display"] = references.display

    @app.context_processor
    def _service_details() -> dict[str, object]:
        return {"service": {key.lower(): app.config[key] for key in SERVICE_SETTINGS}}
