"""Sending a stored evidence file: the one place that turns a prepared file (services/evidence/serve.py) into a
streamed response. The headers are decided by the service; this only streams the bytes and keeps them out of every
cache. A file that may not be served answers 404, as if it did not exist."""

from __future__ import annotations

from flask import Response, abort, request
from werkzeug.wsgi import wrap_file

from portal.models import Evidence
from portal.services.evidence import access
from portal.services.evidence.serve import Quarantined, Served
from portal.web.security import no_store


def send_evidence(evidence: Evidence, *, preview: bool = False, download: bool = False) -> Response:
    try:
        served = access.served(evidence, preview=preview, download=download)
    except Quarantined:
        abort(404)
    return send(served)


def send(served: Served) -> Response:
    response = Response(
        wrap_file(request.environ, served.stream), content_type=served.content_type, direct_passthrough=True
    )
    if served.size is not None:
        response.content_length = served.size
    response.headers.update(served.headers)
    no_store()
    return response
