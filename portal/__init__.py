"""The digital police station: create_app() builds the Flask application."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.config import Config, config_for
from portal.templating import PortalUndefined

BUILT_ASSETS = Path(__file__).parent / "static" / "dist"


def create_app(config: Config | None = None) -> Flask:
    # GOV.UK Frontend's compiled CSS expects its fonts and images under /assets/, so built assets are served there.
    app = Flask(__name__, instance_relative_config=True, static_folder=str(BUILT_ASSETS), static_url_path="/assets")
    config = config or config_for(None)
    config.finalise(Path(app.instance_path))
    app.config.from_object(config)

    if app.config["TRUSTED_PROXY_COUNT"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXY_COUNT"], x_proto=1)  # type: ignore[method-assign]

    _configure_jinja(app)

    from portal import errors, logs, navigation, security
    from portal.db import db
    from portal.extensions import csrf, limiter, wtforms_helpers

    logs.init_app(app)
    security.init_app(app)
    navigation.init_app(app)
    db.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    wtforms_helpers.init_app(app)
    errors.init_app(app)

    from portal.public import bp as public_bp

    app.register_blueprint(public_bp)
    from portal.reports import bp as reports_bp

    app.register_blueprint(reports_bp)
    from portal.evidence import bp as evidence_bp

    app.register_blueprint(evidence_bp)
    from portal.wards import bp as wards_bp

    app.register_blueprint(wards_bp)
    from portal.staff import bp as staff_bp

    app.register_blueprint(staff_bp)
    from portal.cases import bp as cases_bp

    app.register_blueprint(cases_bp)
    from portal.track import bp as track_bp

    app.register_blueprint(track_bp)

    from portal.cli import register_cli

    register_cli(app)
    return app


def _configure_jinja(app: Flask) -> None:
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

    @app.context_processor
    def _service_details() -> dict[str, object]:
        keys = (
            "SERVICE_NAME",
            "FORCE_NAME",
            "FORCE_AREA",
            "EMERGENCY_NUMBER",
            "EMERGENCY_TEXTPHONE",
            "NON_EMERGENCY_NUMBER",
            "NON_EMERGENCY_TEXTPHONE",
            "FRONT_COUNTER_TEXT",
            "CONTACT_EMAIL",
        )
        return {"service": {key.lower(): app.config[key] for key in keys}}
