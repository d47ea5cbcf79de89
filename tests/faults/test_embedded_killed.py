"""The embedded PostgreSQL killed with -9 under a running app, and under the next start.

The app runs as `make run` runs it (no DATABASE_URL; EMBEDDED_PGDATA), here under gunicorn.
Expected: the requests after the kill answer 503 or succeed, never 500, and within seconds one
of them has started the server again by itself (factcheck/embedded_backend); after a kill with
no app running, the next manage.py command (what `make run` starts with) starts it again.
"""

from __future__ import annotations

import time
from collections import Counter

import psutil

from factcheck import embedded_db
from tests.faults.support import gunicorn, http

RECOVERY_SECONDS = 15


def _wait_until_gone(pid: int) -> None:
    deadline = time.monotonic() + 10
    while psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_the_running_app_restarts_a_killed_embedded_server(fault_db, fault_editor):
    fault_db.start()
    with gunicorn(fault_db.env(embedded=True)) as base:
        claim_page = f"{base}/claims/{fault_editor.claim_ids[0]}/"
        assert http(claim_page, cookie=fault_editor.cookie).status == 200
        for _ in range(2):  # twice: the server the app started is as killable as the first
            old_pid = fault_db.kill()
            _wait_until_gone(old_pid)
            killed_at = time.monotonic()
            statuses: Counter = Counter()
            while True:
                response = http(claim_page, cookie=fault_editor.cookie)
                statuses[response.status] += 1
                if response.status == 200:
                    break
                assert response.status == 503, (response.status, response.body[:500])
                assert time.monotonic() - killed_at < RECOVERY_SECONDS, statuses
                time.sleep(0.1)
            new_pid = embedded_db._postmaster_pid(fault_db.pgdata)
            assert new_pid != old_pid and embedded_db.is_running(fault_db.pgdata)
            print(f"\nkilled {old_pid}: {dict(statuses)}, serving again after {time.monotonic() - killed_at:.2f} s")
        assert http(f"{base}/healthz").status == 200


def test_the_next_command_starts_a_killed_embedded_server(fault_db):
    fault_db.start()
    old_pid = fault_db.kill()
    _wait_until_gone(old_pid)
    assert not embedded_db.is_running(fault_db.pgdata)
    # What `make run` does first (migrate), on the killed server's data directory: no hand step.
    fault_db.manage("migrate", "--noinput", "-v", "0", env=fault_db.env(embedded=True))
    assert embedded_db.is_running(fault_db.pgdata)
    assert embedded_db._postmaster_pid(fault_db.pgdata) != old_pid
