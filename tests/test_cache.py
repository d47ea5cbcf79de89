"""The cache is shared by every process: one computes the dashboard's counts, the others read them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import stats
from articles.stats import CACHE_KEY, REFRESH_LOCK, claim_counts, forget_counts
from tests.factories import make_claim

pytestmark = pytest.mark.django_db
other_process_sees_it = pytest.mark.django_db(transaction=True)  # the other process must see committed rows

ROOT = Path(__file__).resolve().parent.parent

READ_OR_WRITE = """
import sys
import django
django.setup()
from django.core.cache import cache
if sys.argv[1] == "read":
    print(repr(cache.get(sys.argv[2])))
else:
    cache.set(sys.argv[2], sys.argv[3], 60)
"""


def database_url() -> str:
    """The test database for another process, through DATABASE_URL."""
    s = connection.settings_dict
    host = s["HOST"]
    if host.startswith("/"):  # the embedded server's socket directory
        return f"postgresql://{s['USER']}@/{s['NAME']}?host={host}&port={s['PORT']}"
    return f"postgresql://{s['USER']}@{host}:{s['PORT'] or 5432}/{s['NAME']}"


def other_process(*args: str) -> str:
    env = {**os.environ, "DATABASE_URL": database_url(), "DEBUG": "true"}
    result = subprocess.run(
        [sys.executable, "-c", READ_OR_WRITE, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@other_process_sees_it
def test_a_value_set_here_is_read_by_another_process_and_back():
    cache.set("shared-test", "set by the test process", 60)
    assert other_process("read", "shared-test") == "'set by the test process'"
    other_process("write", "shared-test", "set by the other process")
    assert cache.get("shared-test") == "set by the other process"
    cache.delete("shared-test")
    assert other_process("read", "shared-test") == "None"


@other_process_sees_it
def test_the_dashboard_counts_computed_here_are_what_another_process_reads(editor):
    forget_counts()
    make_claim(text="Một tuyên bố để đếm.", language="vi")
    counts = claim_counts()
    assert counts["language"]["vi"] == 1
    assert "'vi': 1" in other_process("read", CACHE_KEY)
    forget_counts()


def test_set_overwrites_and_expired_rows_are_culled():
    cache.set("short-lived", "gone soon", 60)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE factcheck_cache SET expires = now() - interval '1 minute'")
    cache.set("other", "kept", 60)
    cache.set("other", "kept again", 60)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM factcheck_cache")
        assert cursor.fetchone()[0] == 1
    assert cache.get("other") == "kept again"
    assert cache.get("short-lived") is None


def test_add_sets_only_a_missing_or_expired_key():
    assert cache.add("lock", "first", 60) is True
    assert cache.add("lock", "second", 60) is False
    assert cache.get("lock") == "first"
    with connection.cursor() as cursor:
        cursor.execute("UPDATE factcheck_cache SET expires = now() - interval '1 second'")
    assert cache.add("lock", "third", 60) is True
    assert cache.get("lock") == "third"


def test_due_counts_are_recounted_by_one_process_while_the_others_show_the_last_ones(monkeypatch):
    forget_counts()
    make_claim(text="ข้อความที่หนึ่งสำหรับการนับ", language="th")
    assert claim_counts()["language"]["th"] == 1
    make_claim(text="ข้อความที่สองสำหรับการนับ", language="th")
    assert claim_counts()["language"]["th"] == 1  # fresh for COUNTS_TTL
    monkeypatch.setattr(stats.time, "time", lambda: 10**10)  # long after: the counts are due

    cache.add(REFRESH_LOCK, True, 30)  # another process is recounting
    with CaptureQueriesContext(connection) as queries:
        assert claim_counts()["language"]["th"] == 1  # the last counts, not a second scan
    assert not any("articles_claim" in q["sql"] for q in queries.captured_queries)

    cache.delete(REFRESH_LOCK)  # nobody is: this process recounts
    assert claim_counts()["language"]["th"] == 2
    assert cache.add(REFRESH_LOCK, True, 30) is False  # and holds the lock until it expires
