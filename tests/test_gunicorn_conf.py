"""gunicorn.conf.py reads its settings from the environment, with defaults from the host's cores."""

import os
import runpy
from pathlib import Path

CONF = str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py")


def load(monkeypatch, **env) -> dict:
    for name in list(os.environ):
        if name.startswith("GUNICORN_"):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(CONF)


def test_defaults_follow_the_cores(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2})
    conf = load(monkeypatch)
    assert (conf["workers"], conf["threads"], conf["worker_class"]) == (7, 2, "gthread")
    assert conf["bind"] == "127.0.0.1:8000"
    assert conf["accesslog"] == "-" and conf["preload_app"] is True
    assert conf["graceful_timeout"] == 30 and conf["control_socket_disable"] is True


def test_the_environment_wins(monkeypatch):
    conf = load(
        monkeypatch,
        GUNICORN_WORKERS="3",
        GUNICORN_THREADS="1",
        GUNICORN_BIND="0.0.0.0:9000",
        GUNICORN_ACCESS_LOG="",
        GUNICORN_PRELOAD="false",
        GUNICORN_GRACEFUL_TIMEOUT="12",
    )
    assert (conf["workers"], conf["threads"], conf["worker_class"]) == (3, 1, "sync")
    assert conf["bind"] == "0.0.0.0:9000" and conf["accesslog"] is None
    assert conf["preload_app"] is False and conf["graceful_timeout"] == 12
