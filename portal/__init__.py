"""The digital police station: create_app() builds the Flask application. All wiring happens here."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.config import Config, config_for

BUILT_ASSETS = Path(__file__).parent / "static" / "dist"


def create_app(config: Config | None = None) -> Flask:
    # GOV.UK Frontend's compiled CSS expects its fonts and images under /assets/, so built assets are served there.
    app = Flask(__name__, instance_relative_config=True, static_folder=str(BUILT_ASSETS), static_url_path="/assets")
    config = config or config_for(None)
    config.finalise(Path(app.instance_path))
    app.config.from_object(config)

    if app.config["TRUSTED_PROXY_COUNT"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXY_COUNT"], x_proto=1)  # type: ignore[method-assign]

    from portal.cli import register_cli
    from portal.db import db
    from portal.extensions import client_address, client_group, csrf, limiter, wtforms_helpers
    from portal.services import public_content
    from portal.web import access, caching, converters, dates, errors, logs, security, sessions, templating
    from portal.web.page_cache import PageCache

    converters.init_app(app)
    templating.init_app(app)
    dates.init_app(app)
    logs.init_app(app)
    security.init_app(app)
    caching.init_app(app)
    db.init_app(app)
    public_content.watch(app.extensions["database"].factory, app)
    csrf.init_app(app)
    limiter.init_app(app)
    wtforms_helpers.init_app(app)
    # Services that record where a request came from (the audit log) ask for it through the application.
    app.extensions["client_address"] = client_address
    app.extensions["client_group"] = client_group
    sessions.init_app(app)
    access.init_app(app)
    errors.init_app(app, recover=db.rollback)
    _register_blueprints(app)
    register_cli(app)
    # Outermost: a public page this process already has is served before anything else runs (docs/adr/0009).
    app.wsgi_app = PageCache(app, app.wsgi_app)  # type: ignore[method-assign]
    return app


def _register_blueprints(app: Flask) -> None:
    from portal.cases import bp as cases
    from portal.information_rights import bp as information_rights
    from portal.oversight import bp as oversight
    from portal.public import bp as public
    from portal.reports import bp as reports
    from portal.staff import bp as staff
    from portal.track import bp as track
    from portal.wards import bp as wards

    for blueprint in (public, reports, wards, staff, cases, oversight, track):
        app.register_blueprint(blueprint)
    app.register_blueprint(information_rights)
