"""python manage.py restore_db FILE: restore a backup_db dump into an EMPTY database.

Refuses a database that already holds tables (restoring over data would mix two states): point
DATABASE_URL (or EMBEDDED_PGDATA) at a new database first. The restore runs in one transaction
(psql --single-transaction, ON_ERROR_STOP): it is complete, or nothing is restored.
"""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from articles.management.commands._pg_tools import binary, connection_arguments


class Command(BaseCommand):
    help = "Restore a dump written by backup_db into the (empty) database."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .dump file written by backup_db (make backup)")

    def handle(self, *args, **options):
        dump = Path(options["file"])
        if not dump.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": dump})
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                "AND n.nspname NOT LIKE 'pg_toast%%'"
            )
            tables = cursor.fetchone()[0]
            server_version = connection.pg_version
        connection.close()
        name = connection.settings_dict["NAME"]
        if tables:
            raise CommandError(
                _(
                    "The database %(name)r is not empty (%(tables)s tables): restore needs an empty database. "
                    "Create a new one and point DATABASE_URL at it (or EMBEDDED_PGDATA at a new folder), then "
                    "run the restore again. Nothing was changed."
                )
                % {"name": name, "tables": tables}
            )
        self._restore(dump, server_version)
        self.stdout.write(_("restored %(file)s into %(name)r") % {"file": dump, "name": name})

    def _restore(self, dump: Path, server_version: int) -> None:
        """pg_restore's SQL through psql in one transaction, stopping at the first error.

        Not pg_restore straight into the server: PostgreSQL 18's pg_restore starts with
        `SET transaction_timeout`, which servers before 17 reject; that line is dropped for them."""
        conn_args, env = connection_arguments()
        restore = subprocess.Popen(
            [binary("pg_restore"), "--no-owner", "--no-privileges", "--file", "-", str(dump)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        psql = subprocess.Popen(
            [binary("psql"), *conn_args, "--quiet", "--no-psqlrc", "--single-transaction", "-v", "ON_ERROR_STOP=1"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        )
        try:
            for line in restore.stdout:
                if server_version < 170000 and line.startswith(b"SET transaction_timeout"):
                    continue
                psql.stdin.write(line)
        except BrokenPipeError:
            pass  # psql stopped at an error: its message says which
        finally:
            with contextlib.suppress(BrokenPipeError):
                psql.stdin.close()
            restore.stdout.close()
        restore_error, psql_error = restore.stderr.read().decode(), psql.stderr.read().decode()
        if restore.wait() != 0 or psql.wait() != 0:
            raise CommandError(
                _("The restore failed, nothing was restored: %(error)s")
                % {"error": (restore_error + psql_error).strip()}
            )
