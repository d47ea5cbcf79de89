"""gunicorn settings for factcheck: `gunicorn -c gunicorn.conf.py factcheck.wsgi`.

Everything comes from the environment (README.md, "Running in production"), with defaults sized
for the host's cores:

    GUNICORN_BIND              127.0.0.1:8000 (production: 0.0.0.0:8000 behind the proxy)
    GUNICORN_WORKERS           2 x usable cores + 1
    GUNICORN_THREADS           2 (threads per worker; above 1 the gthread worker is used)
    GUNICORN_TIMEOUT           30 s a request may take before its worker is killed
    GUNICORN_GRACEFUL_TIMEOUT  30 s a worker gets to finish its requests on restart/stop
    GUNICORN_MAX_REQUESTS      2000 requests before a worker is replaced (0: never)
    GUNICORN_ACCESS_LOG        "-" (stdout); a path writes there; empty turns it off
    GUNICORN_PRELOAD           true: import the app once in the master, fork workers from it
    GUNICORN_CONTROL_SOCKET    unset: no control socket (several gunicorns share a host here)

Every worker thread holds its own database connection (CONN_MAX_AGE), so a host opens up to
workers x threads connections: keep that under the server's max_connections (100 for the
embedded PostgreSQL) across all hosts.

Preloading imports settings.py in the master, which starts the embedded PostgreSQL once
(when DATABASE_URL is unset) instead of in every worker at once. No connection may cross the
fork, so the master closes any it opened before forking.
"""

import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw.strip() else default


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("GUNICORN_WORKERS", 2 * _cores() + 1)
threads = _int("GUNICORN_THREADS", 2)
worker_class = "gthread" if threads > 1 else "sync"
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").strip().lower() in {"1", "true", "yes", "on"}

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# Client, request line, status, bytes, duration in ms.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'

if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True


def pre_fork(server, worker) -> None:
    """Connections opened while preloading stay in the master: a worker opens its own."""
    if preload_app:
        from django.db import connections

        connections.close_all()
