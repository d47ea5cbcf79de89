"""The embedded PostgreSQL: starts, is shared between processes, recovers from crashes."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

from factcheck import embedded_db

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def pgdata():
    # A short path: the Unix socket lives in the data directory.
    folder = Path(tempfile.mkdtemp(prefix="fcpg-"))
    yield folder / "data"
    embedded_db.stop(folder / "data")


def _query(socket_dir: Path, sql: str = "SELECT 1"):
    with psycopg.connect(host=str(socket_dir), port=5432, user="postgres", dbname="postgres") as conn:
        return conn.execute(sql).fetchone()[0]


def _start_in_subprocess(pgdata: Path) -> subprocess.Popen:
    code = (
        "import sys; from pathlib import Path; from factcheck import embedded_db; "
        "print(embedded_db.ensure_running(Path(sys.argv[1])))"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code, str(pgdata)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_starts_and_is_reused_by_other_processes(pgdata):
    # Two processes start the same fresh data directory at once: one initdb, one server.
    first, second = _start_in_subprocess(pgdata), _start_in_subprocess(pgdata)
    outputs = [p.communicate(timeout=120) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outputs
    socket_dirs = {out.strip() for out, _ in outputs}
    assert len(socket_dirs) == 1
    assert _query(Path(socket_dirs.pop()), "SHOW server_version").startswith("18")
    pid = embedded_db._postmaster_pid(pgdata)

    # A third process attaches to the running server instead of starting another.
    third = _start_in_subprocess(pgdata)
    third.communicate(timeout=60)
    assert embedded_db._postmaster_pid(pgdata) == pid


def test_text_search_is_case_insensitive_in_every_script(pgdata):
    socket_dir = embedded_db.ensure_running(pgdata)
    assert _query(socket_dir, "SELECT lower('ĐÀ NẴNG')") == "đà nẵng"
    assert _query(socket_dir, "SELECT 'Thành phố ĐÀ NẴNG' ILIKE '%đà nẵng%'") is True


def test_recovers_from_a_killed_server_and_a_stale_pid_file(pgdata):
    socket_dir = embedded_db.ensure_running(pgdata)
    pid = embedded_db._postmaster_pid(pgdata)
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while embedded_db.is_running(pgdata) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert (pgdata / "postmaster.pid").exists()  # left behind by the crash

    socket_dir = embedded_db.ensure_running(pgdata)
    assert embedded_db._postmaster_pid(pgdata) != pid
    assert _query(socket_dir) == 1


def test_recovers_when_the_stale_pid_belongs_to_another_process(pgdata):
    embedded_db.stop(pgdata)
    # A pid file naming a live process that is not our server (pid reuse after a crash).
    (pgdata / "postmaster.pid").write_text(f"{os.getpid()}\n{pgdata}\n")
    socket_dir = embedded_db.ensure_running(pgdata)
    assert _query(socket_dir) == 1


def test_stop_stops_the_server(pgdata):
    embedded_db.ensure_running(pgdata)
    assert embedded_db.stop(pgdata) is True
    assert not embedded_db.is_running(pgdata)
    assert embedded_db.stop(pgdata) is False


def test_refuses_a_path_with_a_space(tmp_path):
    with pytest.raises(embedded_db.EmbeddedDatabaseError, match="space"):
        embedded_db.ensure_running(tmp_path / "with space")


def test_a_standalone_backends_negative_pid_is_not_a_running_server(tmp_path):
    # initdb's bootstrap backend writes its pid negated; a second process looking meanwhile
    # must see "not running" (and wait for the start lock), not crash on a negative pid.
    (tmp_path / "postmaster.pid").write_text(f"-{os.getpid()}\n{tmp_path}\n")
    assert embedded_db.is_running(tmp_path) is False
