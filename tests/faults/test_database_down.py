"""The database stops (pg_ctl stop -m fast, and -m immediate: a crash) while editors record
verdicts and read pages, then comes back.

Expected: /healthz answers 503 and pages a short 503 page with Retry-After (never a 500 or a
traceback) while it is down; every POST is either a success (302) or a 503; the app serves
again by itself within seconds of the database's return; every verdict whose POST got a 302
is in the database afterwards.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest

from tests.faults.support import gunicorn, http

WRITERS = 3
READERS = 2
RECOVERY_SECONDS = 10


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_database_stops_and_comes_back_while_requests_run(fault_db, fault_editor, mode):
    fault_db.start()
    with gunicorn(fault_db.env()) as base:
        stop = threading.Event()
        posts: list[tuple[str, int]] = []  # (rationale, status)
        pages: list[tuple[str, int, str, str]] = []  # (path, status, Retry-After, body)
        lock = threading.Lock()

        def write(n: int) -> None:
            i = 0
            while not stop.is_set():
                rationale = f"fault-{mode}-writer-{n}-{i}"
                claim = fault_editor.claim_ids[(n + i) % len(fault_editor.claim_ids)]
                response = http(
                    f"{base}/claims/{claim}/verdicts/",
                    data={"csrfmiddlewaretoken": fault_editor.csrf, "status": "outdated", "rationale": rationale},
                    cookie=fault_editor.cookie,
                )
                with lock:
                    posts.append((rationale, response.status))
                i += 1
                time.sleep(0.02)

        def read(n: int) -> None:
            paths = ["/healthz", "/", f"/claims/{fault_editor.claim_ids[0]}/", "/claims/?status=outdated"]
            i = 0
            while not stop.is_set():
                path = paths[(n + i) % len(paths)]
                response = http(f"{base}{path}", cookie=fault_editor.cookie)
                with lock:
                    pages.append((path, response.status, response.headers.get("Retry-After", ""), response.body))
                i += 1
                time.sleep(0.02)

        threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
        threads += [threading.Thread(target=read, args=(n,)) for n in range(READERS)]
        for thread in threads:
            thread.start()
        try:
            time.sleep(2)
            fault_db.stop(mode)  # fast: sessions in flight are terminated; immediate: a crash
            down_from = len(pages)
            # Asked here too, so that a slow machine cannot leave a path unasked while it is down.
            probes = [http(f"{base}{path}", cookie=fault_editor.cookie) for path in ("/healthz", "/")]
            time.sleep(3)
            during = list(pages[down_from:])
            fault_db.start()
            back_at = time.monotonic()
            while http(f"{base}/claims/", cookie=fault_editor.cookie).status != 200:
                assert time.monotonic() - back_at < RECOVERY_SECONDS, "the app did not serve again by itself"
                time.sleep(0.1)
            recovered_in = time.monotonic() - back_at
            time.sleep(1.5)
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=60)

        # While it was down: 503s with Retry-After and the short page, for /healthz and the pages.
        assert [p.status for p in probes] == [503, 503]
        down = [p for p in during if p[1] == 503]
        for path, probe in zip(["/healthz", "/"], probes, strict=True):
            down.append((path, probe.status, probe.headers.get("Retry-After", ""), probe.body))
        assert down, Counter((p[0], p[1]) for p in during)
        for path, _status, retry_after, body in down:
            assert retry_after.isdigit(), path
            if path != "/healthz":
                assert "temporarily unavailable" in body, body[:500]
                assert "Traceback" not in body and len(body) < 3000, body[:500]

        # Nothing but success or a 503 at any time: no 500, no connection dropped.
        page_statuses = Counter(status for _p, status, _r, _b in pages)
        post_statuses = Counter(status for _r, status in posts)
        others = [(path, status, body[:400]) for path, status, _r, body in pages if status not in {200, 503}]
        assert set(page_statuses) <= {200, 503}, (page_statuses, others[:3])
        assert set(post_statuses) <= {302, 503}, post_statuses
        assert post_statuses[503] > 0 and post_statuses[302] > 0, post_statuses

        # Every verdict whose POST succeeded is stored; the refused ones may not be, and are counted.
        stored = {
            r
            for (r,) in fault_db.query(
                "SELECT rationale FROM articles_verdict WHERE rationale LIKE %s", [f"fault-{mode}-%"]
            )
        }
        succeeded = {r for r, status in posts if status == 302}
        refused = {r for r, status in posts if status == 503}
        assert succeeded <= stored, f"{len(succeeded - stored)} acknowledged verdicts are missing"
        print(
            f"\n{mode} stop: {len(posts)} verdict POSTs: {post_statuses[302]} stored (302), "
            f"{post_statuses[503]} refused (503), "
            f"{len(refused & stored)} refused ones stored anyway; {len(pages)} page requests {dict(page_statuses)}; "
            f"served again {recovered_in:.2f} s after the database came back"
        )
