"""gunicorn configuration the harness adds to every server it starts: a readiness signal, and nothing else.

The master binds its socket before any worker has imported the application, so a request that is accepted early
would time a worker's start-up. Each worker leaves a file in BENCHMARK_READY_DIR once the application is loaded, and
the harness measures only when every worker has.
"""

import os
from pathlib import Path


def post_worker_init(worker) -> None:
    folder = os.environ.get("BENCHMARK_READY_DIR")
    if folder:
        (Path(folder) / str(os.getpid())).touch()
