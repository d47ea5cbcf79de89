"""Production settings: check --deploy is clean, bad values fail loudly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-secret-key-that-is-long-and-random-enough-0123456789abcdef",
    "ALLOWED_HOSTS": "factcheck.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://factcheck.example.org",
    "DATABASE_URL": "postgresql://factcheck:secret@db.example.org:5432/factcheck",
}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = dict(PRODUCTION)
    del env["SECRET_KEY"]
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


@pytest.mark.parametrize(("name", "value"), [("DEBUG", "maybe"), ("IMPORT_MAX_BYTES", "2MB")])
def test_bad_values_fail_loudly(name, value):
    result = _manage("check", **{**PRODUCTION, name: value})
    assert result.returncode != 0
    assert name in result.stderr
