"""Routes registered only on the test application, to provoke each error page and a session cookie."""

from __future__ import annotations

from flask import Blueprint, abort, request, session

from portal.extensions import limiter

bp = Blueprint("test_support", __name__, url_prefix="/test-support")


@bp.get("/abort/<int:status>")
def abort_with(status: int):
    abort(status)


@bp.get("/crash")
def crash():
    raise RuntimeError("secret internals: SELECT * FROM report")


@bp.post("/upload")
def upload():
    return {"size": len(request.get_data())}


@bp.get("/limited")
@limiter.limit("2 per minute")
def limited():
    return "ok"


@bp.get("/session")
def set_session():
    session["visited"] = True
    return "ok"
