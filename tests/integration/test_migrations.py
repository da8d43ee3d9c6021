from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from portal.db import db
from portal.models import Base


def test_migrations_build_exactly_the_schema_the_models_declare(app_context):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
