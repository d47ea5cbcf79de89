"""make backup / make restore: the demo data round-trips through backup_db and restore_db.

On the fault tests' own server: a database with the demo data is dumped, restored into a new
empty one, and every table's row count and a sample of rows of each (every row's text, ordered,
for the first 200) are compared. A restore into a database that is not empty is refused.
"""

from __future__ import annotations

import re
import subprocess
import sys

import psycopg
from psycopg import sql

from tests.faults.support import ROOT

SAMPLE_ROWS = 200


def _create(fault_db, name: str) -> str:
    with fault_db.connect() as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"postgresql://postgres@/{name}?host={fault_db.socket_dir}&port=5432"


def _tables(url: str) -> dict[str, tuple[int, list[str]]]:
    """{table: (row count, text of its first SAMPLE_ROWS rows in a stable order)}."""
    with psycopg.connect(url) as conn:
        names = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        result = {}
        for name in names:
            table = sql.Identifier(name)
            count = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(table)).fetchone()[0]
            rows = conn.execute(
                sql.SQL("SELECT t::text FROM {} AS t ORDER BY t::text LIMIT %s").format(table), [SAMPLE_ROWS]
            ).fetchall()
            result[name] = (count, [row for (row,) in rows])
    return result


def _manage(fault_db, url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=fault_db.env(DATABASE_URL=url),
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_backup_and_restore_round_trip_the_demo_data(fault_db, tmp_path):
    fault_db.start()
    source = _create(fault_db, "backup_source")
    for args in (("migrate", "--noinput", "-v", "0"), ("setup_demo",)):
        result = _manage(fault_db, source, *args)
        assert result.returncode == 0, result.stderr

    backup = _manage(fault_db, source, "backup_db", "--output-dir", str(tmp_path))
    assert backup.returncode == 0, backup.stderr
    [dump] = list(tmp_path.glob("factcheck-*.dump"))
    assert re.fullmatch(r"factcheck-\d{4}-\d\d-\d\dT\d{4}\.dump", dump.name)
    assert f"wrote {dump}" in backup.stdout
    assert not list(tmp_path.glob(".*partial"))

    target = _create(fault_db, "backup_target")
    restore = _manage(fault_db, target, "restore_db", str(dump))
    assert restore.returncode == 0, restore.stderr

    before, after = _tables(source), _tables(target)
    assert before.keys() == after.keys()
    assert before["articles_claim"][0] > 0 and before["auth_user"][0] > 0  # the demo data is there
    for table in before:
        assert after[table] == before[table], table
    # The restored database is a working one: migrate finds nothing to do.
    assert "No migrations to apply" in _manage(fault_db, target, "migrate", "--noinput").stdout

    # A second restore into the now non-empty database is refused and changes nothing.
    again = _manage(fault_db, target, "restore_db", str(dump))
    assert again.returncode != 0
    assert "is not empty" in again.stderr and "Nothing was changed" in again.stderr
    assert _tables(target) == after


def test_backup_of_a_missing_database_fails_with_pg_dumps_message(fault_db, tmp_path):
    fault_db.start()
    url = f"postgresql://postgres@/no_such_database?host={fault_db.socket_dir}&port=5432"
    result = subprocess.run(
        [sys.executable, "manage.py", "backup_db", "--output-dir", str(tmp_path)],
        cwd=ROOT,
        env=fault_db.env(DATABASE_URL=url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "pg_dump failed" in result.stderr and "no_such_database" in result.stderr
    assert list(tmp_path.iterdir()) == []
