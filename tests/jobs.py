"""Real procrastinate workers for tests: `manage.py procrastinate worker` in a child process,
against the test database (the real PostgreSQL connector, the real queue), with fast heartbeats
and schedules every second so that a test sees a stalled job retried and periodic jobs run.

Tests that use them need committed data: mark them `django_db(transaction=True)`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
JOB_TABLES = "procrastinate_jobs, procrastinate_events, procrastinate_periodic_defers, procrastinate_workers"


def database_url_for_tests() -> str:
    """DATABASE_URL of the test database (TCP or the embedded server's socket folder)."""
    s = connection.settings_dict
    host = s.get("HOST") or (s.get("OPTIONS") or {}).get("host") or ""
    user = quote(s.get("USER") or "postgres", safe="")
    password = s.get("PASSWORD") or ""
    auth = f"{user}:{quote(password, safe='')}" if password else user
    port = s.get("PORT") or "5432"
    if host.startswith("/"):
        return f"postgresql://{auth}@/{s['NAME']}?host={quote(host, safe='')}&port={port}"
    return f"postgresql://{auth}@{host or '127.0.0.1'}:{port}/{s['NAME']}"


def clear_queue() -> None:
    """Job tables are procrastinate's (not flushed between tests): empty them."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {JOB_TABLES} RESTART IDENTITY CASCADE")


class Worker:
    def __init__(self, **env: str) -> None:
        environment = {
            **os.environ,
            "DEBUG": "true",
            "DATABASE_URL": database_url_for_tests(),
            "DATABASE_CONN_MAX_AGE": "0",
            "JOBS_HEARTBEAT_SECONDS": "0.5",
            "JOBS_STALLED_AFTER_SECONDS": "2",
            "JOBS_STALLED_CHECK_CRON": "* * * * * *",
            "LOG_LEVEL": "WARNING",
            **env,
        }
        environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop()
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "procrastinate", "worker", "--concurrency", "1"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )

    def kill(self) -> None:
        """As the OOM killer or a dead host would: no chance to say goodbye."""
        self.process.kill()
        self.process.wait(10)

    def stop(self) -> str:
        """Ctrl-C; returns what the worker printed on standard error."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.log.seek(0)
        printed = self.log.read().decode(errors="replace")
        self.log.close()
        return printed


def wait_for(condition: Callable[[], bool], *, timeout: float = 90, what: str = "the condition", step=0.02) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")
