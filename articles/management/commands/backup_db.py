"""python manage.py backup_db [--output-dir DIR]: a pg_dump of the database, named by its date.

Writes DIR/factcheck-YYYY-MM-DDTHHMM.dump (UTC; default DIR: backups/ in the checkout,
git-ignored) in pg_dump's custom format, without owners or privileges so that it restores into
a database of any name and owner (`make restore FILE=...`). The file appears only once the dump
is complete: pg_dump writes a hidden partial file that is renamed at the end.
"""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.management.commands._pg_tools import binary, connection_arguments


class Command(BaseCommand):
    help = "Write a pg_dump of the database to backups/factcheck-<date>.dump (or --output-dir)."

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", default=str(settings.BASE_DIR / "backups"))

    def handle(self, *args, **options):
        folder = Path(options["output_dir"])
        folder.mkdir(parents=True, exist_ok=True)
        now = datetime.datetime.now(datetime.UTC)
        target = folder / f"factcheck-{now:%Y-%m-%dT%H%M}.dump"
        if target.exists():  # a second backup within the minute
            target = folder / f"factcheck-{now:%Y-%m-%dT%H%M%S}.dump"
        partial = folder / f".{target.name}.partial"
        conn_args, env = connection_arguments()
        command = [binary("pg_dump"), *conn_args, "--format=custom", "--no-owner", "--no-privileges"]
        result = subprocess.run([*command, "--file", str(partial)], env=env, capture_output=True, text=True)
        if result.returncode != 0:
            partial.unlink(missing_ok=True)
            raise CommandError(_("pg_dump failed: %(error)s") % {"error": result.stderr.strip()})
        partial.rename(target)
        self.stdout.write(_("wrote %(file)s (%(size)s bytes)") % {"file": target, "size": f"{target.stat().st_size:,}"})
