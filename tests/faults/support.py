"""Fault tests: a PostgreSQL of their own (the embedded package's binaries on a temporary data
directory), the app served by gunicorn with gunicorn.conf.py on 127.0.0.1, and plain HTTP.

They do not use Django's test database: the server they stop, kill and restart is their own,
so the rest of the suite (and other checkouts on the same machine) never notice.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

from factcheck import embedded_db

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "factcheck"


@dataclass
class FaultDatabase:
    pgdata: Path
    socket_dir: Path

    @property
    def url(self) -> str:
        """DATABASE_URL of the server: with it the app never starts the server itself."""
        return f"postgresql://postgres@/{DATABASE}?host={self.socket_dir}&port=5432"

    def env(self, *, embedded: bool = False, **extra: str) -> dict:
        """The environment of a manage.py or gunicorn process on this server; `embedded` lets
        the app manage the server itself (EMBEDDED_PGDATA) as `make run` does."""
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "EMBEDDED_PGDATA"}}
        env.update(DEBUG="true", LOG_LEVEL="WARNING", DJANGO_SETTINGS_MODULE="factcheck.settings")
        if embedded:
            env["EMBEDDED_PGDATA"] = str(self.pgdata)
        else:
            env["DATABASE_URL"] = self.url
        env.update(extra)
        return env

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(host=str(self.socket_dir), port=5432, user="postgres", dbname=DATABASE, autocommit=True)

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        with self.connect() as conn:
            return conn.execute(sql, params or None).fetchall()

    def manage(self, *args: str, env: dict | None = None, timeout: float = 300) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env or self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def start(self) -> None:
        embedded_db.ensure_running(self.pgdata)

    def stop(self, mode: str = "fast") -> None:
        """pg_ctl stop: `fast` ends the sessions and checkpoints, `immediate` is a crash (recovery on start)."""
        bin_dir = embedded_db._bin_dir()
        args = ("pg_ctl", "-D", str(self.pgdata), "-m", mode, "-w", "stop")
        embedded_db._pg(bin_dir, *args, run_as=embedded_db._run_as(), timeout=60)

    def kill(self) -> int:
        """kill -9 of the postmaster; returns its pid."""
        pid = embedded_db._postmaster_pid(self.pgdata)
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        return pid


# Makes a logged-in editor session and a claim to record verdicts on; prints "session claim_ids".
SETUP_EDITOR = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group, User
from django.contrib.sessions.backends.db import SessionStore
from articles.models import Article, Claim

user, _ = User.objects.get_or_create(username="fault_editor")
user.groups.add(Group.objects.get(name="editors"))
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.save()
body = "Giá xăng tăng 12% trong tháng Ba. ราคาน้ำมันเพิ่มขึ้น 12 เปอร์เซ็นต์ในเดือนมีนาคม"
article, _ = Article.objects.get_or_create(title="Fault test article", defaults={"body": body, "language": "vi"})
ids = []
for i in range(4):
    claim, _ = Claim.objects.get_or_create(article=article, text=f"Fault test claim {i}", defaults={"language": "vi"})
    ids.append(str(claim.pk))
print(session.session_key, ",".join(ids))
"""


@pytest.fixture(scope="session")
def fault_db():
    folder = Path(tempfile.mkdtemp(prefix="fcflt-"))  # short: the socket lives in the data directory
    pgdata = folder / "data"
    try:
        socket_dir = embedded_db.ensure_running(pgdata)
        embedded_db._ensure_database(socket_dir, DATABASE)
        db = FaultDatabase(pgdata, socket_dir)
        db.manage("migrate", "--noinput", "-v", "0")
        yield db
    finally:
        with contextlib.suppress(Exception):
            embedded_db.stop(pgdata)
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Editor:
    session: str
    claim_ids: list[int]
    csrf: str = field(default_factory=lambda: secrets.token_hex(16))

    @property
    def cookie(self) -> str:
        return f"sessionid={self.session}; csrftoken={self.csrf}"


@pytest.fixture(scope="session")
def fault_editor(fault_db) -> Editor:
    session, ids = fault_db.manage("shell", "-c", SETUP_EDITOR).splitlines()[-1].split()
    return Editor(session, [int(i) for i in ids.split(",")])


@dataclass
class Response:
    status: int  # 0: no HTTP answer at all (connection refused or reset)
    headers: dict
    body: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def http(url: str, *, data: dict | None = None, cookie: str = "", timeout: float = 30) -> Response:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Cookie": cookie} if cookie else {})  # noqa: S310 - http://127.0.0.1 only
    try:
        with _opener.open(request, timeout=timeout) as response:
            return Response(response.status, dict(response.headers), response.read().decode(errors="replace"))
    except urllib.error.HTTPError as error:
        return Response(error.code, dict(error.headers), error.read().decode(errors="replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return Response(0, {}, "")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict, *, workers: int = 2, threads: int = 2):
    """The app served with gunicorn.conf.py on a free 127.0.0.1 port; yields its base URL."""
    port = _free_port()
    env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_THREADS": str(threads),
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_GRACEFUL_TIMEOUT": "5",
    }
    log = tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed in finally
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "factcheck.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while http(f"{base}/healthz", timeout=2).status != 200:
            if server.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"gunicorn did not start:\n{log.read()[-3000:]}")
            time.sleep(0.2)
        yield base
    except BaseException:
        # The server's own account of a failure (a 500's traceback) goes to the test's output.
        log.seek(0)
        print(f"gunicorn's log:\n{log.read()[-8000:]}")
        raise
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
