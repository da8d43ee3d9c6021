"""Every length limit on every form speaks in our voice ("Vehicle colour must be 30 characters or fewer"), never
WTForms' own "Field cannot be longer than 30 characters." (docs/style.md, forms/messages.py)."""

from __future__ import annotations

import importlib
import pkgutil

from wtforms.fields.core import UnboundField
from wtforms.validators import Length

import portal.forms
import portal.report_types
from portal.forms.base import BaseForm


def all_forms() -> list[type[BaseForm]]:
    for package in (portal.forms, portal.report_types):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
    found, pending = [], [BaseForm]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


def length_validators(form: type[BaseForm]):
    for name in dir(form):
        field = getattr(form, name)
        if not isinstance(field, UnboundField):
            continue
        validators = field.kwargs.get("validators") or (field.args[1] if len(field.args) > 1 else [])
        for validator in validators or []:
            if isinstance(validator, Length):
                yield f"{form.__module__}.{form.__name__}.{name}", validator


def test_there_are_forms_with_length_limits_to_check():
    assert sum(1 for form in all_forms() for _ in length_validators(form)) > 10


def test_every_length_limit_has_its_own_message():
    silent = [where for form in all_forms() for where, validator in length_validators(form) if not validator.message]
    assert silent == []
