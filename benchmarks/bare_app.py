"""The yardstick every benchmark compares against: a Flask app that answers "ok" and does nothing else.

Served by the same gunicorn settings as the portal, in the same run, so a ratio to it says how much of the server's
capacity the portal's own work takes, whatever else the machine is doing at the time.
"""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def ok() -> str:
    return "ok"
