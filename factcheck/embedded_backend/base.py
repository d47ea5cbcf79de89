"""Django's PostgreSQL backend for the embedded server: starts it again when it has died.

When a new connection fails and the server of EMBEDDED_PGDATA is not running (killed with -9,
or stopped by `make db-stop` under a running `make run`), the connection starts it through
factcheck/embedded_db.py (which removes a stale postmaster.pid, under its file lock so that
several workers start it once) and tries again. A server that runs but refuses is left alone.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.db.backends.postgresql import base
from psycopg import OperationalError

from factcheck import embedded_db

logger = logging.getLogger(__name__)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        try:
            return super().get_new_connection(conn_params)
        except OperationalError:
            pgdata = Path(self.settings_dict["EMBEDDED_PGDATA"])
            if embedded_db.is_running(pgdata):
                raise
            logger.warning("The embedded PostgreSQL in %s is not running: starting it again.", pgdata)
            try:
                embedded_db.ensure_running(pgdata)
            except embedded_db.EmbeddedDatabaseError:
                logger.exception("The embedded PostgreSQL did not start.")
                raise OperationalError("the embedded PostgreSQL is not running and did not start") from None
            return super().get_new_connection(conn_params)
