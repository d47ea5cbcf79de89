"""Locust users for `make bench-load` (benchmarks/load_bench.py writes their plan and runs them).

The plan (a JSON file named by LOAD_BENCH_PLAN) holds logged-in session keys made by the bench
(no login per user: PBKDF2 would dominate the figures), the ranges of article, claim and
source ids, and the CSRF secret. Cookies are sent in a header because the app, run as in
production, marks its cookies Secure and the bench talks plain HTTP on 127.0.0.1.

    EditorUser   dashboard, claims list (filters, deep pages), article and claim pages, linking a
                 new source, recording a verdict (with CSRF), a CSV export now and then
    ViewerUser   the same pages, no writes
    TrivialUser  /healthz only: the trivial view the others are compared with
"""

from __future__ import annotations

import itertools
import json
import os
import random
import uuid

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["LOAD_BENCH_PLAN"], encoding="utf-8").read())  # noqa: SIM115
WAIT = between(PLAN["wait_min"], PLAN["wait_max"])
_editor_sessions = itertools.cycle(PLAN["editor_sessions"])
_viewer_sessions = itertools.cycle(PLAN["viewer_sessions"])
LANGUAGES = ["th", "en", "vi", "ja", "km", "ar", "ko"]
STATUSES = ["unreviewed", "verified", "disputed", "outdated"]


def _claim_id() -> int:
    return random.randint(PLAN["claim_min"], PLAN["claim_max"])


def _article_id() -> int:
    return random.randint(PLAN["article_min"], PLAN["article_max"])


class _Reader(HttpUser):
    abstract = True
    wait_time = WAIT
    sessions = _viewer_sessions

    def on_start(self) -> None:
        self.client.headers["Cookie"] = f"sessionid={next(self.sessions)}; csrftoken={PLAN['csrf_secret']}"

    @task(2)
    def dashboard(self) -> None:
        self.client.get("/", name="dashboard")

    @task(3)
    def claims_filtered(self) -> None:
        params = {"language": random.choice(LANGUAGES), "status": random.choice(STATUSES)}
        if random.random() < 0.3:
            params["o"] = random.choice(["-score", "-created", "created"])
        self.client.get("/claims/", params=params, name="claims ?filters")

    @task(1)
    def claims_deep_page(self) -> None:
        self.client.get("/claims/", params={"page": random.randint(100, PLAN["deep_page"])}, name="claims ?page=deep")

    @task(1)
    def claims_first_page(self) -> None:
        self.client.get("/claims/", name="claims")

    @task(2)
    def article_page(self) -> None:
        self.client.get(f"/articles/{_article_id()}/", name="article page")

    @task(3)
    def claim_page(self) -> None:
        self.client.get(f"/claims/{_claim_id()}/", name="claim page")


class ViewerUser(_Reader):
    weight = 1


class EditorUser(_Reader):
    weight = 3
    sessions = _editor_sessions

    def _post(self, path: str, data: dict, name: str) -> None:
        data = {"csrfmiddlewaretoken": PLAN["csrf_secret"], **data}
        with self.client.post(path, data=data, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code == 302:
                response.success()
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")

    @task(1)
    def link_source(self) -> None:
        self._post(
            f"/claims/{_claim_id()}/evidence/",
            {
                "url": f"https://bench.example.org/source/{uuid.uuid4().hex}",
                "title": "Báo cáo thống kê / รายงานสถิติ",
                "stance": "supports",
                "quote": "bench quote",
            },
            "link a source (POST)",
        )

    @task(1)
    def record_verdict(self) -> None:
        self._post(
            f"/claims/{_claim_id()}/verdicts/",
            {"status": "outdated", "rationale": "Số liệu mới hơn đã thay thế con số này (bench)."},
            "record a verdict (POST)",
        )

    @task(1)
    def export_csv(self) -> None:
        if random.random() < 0.2:  # now and then: about one request in fifty
            self.client.get("/claims/export.csv", params={"article": _article_id()}, name="export.csv ?article")


class TrivialUser(HttpUser):
    wait_time = WAIT

    @task
    def healthz(self) -> None:
        self.client.get("/healthz", name="healthz")
