"""Exit 0 when the database URL given as the only argument accepts a connection, 1 otherwise."""

import sys

from sqlalchemy import create_engine, text

try:
    engine = create_engine(sys.argv[1], connect_args={"connect_timeout": 3} if "postgresql" in sys.argv[1] else {})
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
except Exception as error:  # noqa: BLE001
    print(f"database not reachable: {type(error).__name__}", file=sys.stderr)
    sys.exit(1)
