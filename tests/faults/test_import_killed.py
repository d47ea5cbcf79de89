"""kill -9 of a bulk import (manage.py import_articles on a folder) in the middle.

Expected: every article stored has its claims and every claim its match signals (one
transaction per article), the signal counts agree with a recount from the claims, and the rerun
imports the rest and reports the ones stored before the kill as duplicates.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

from tests.faults.support import ROOT

FILES = 400
KILL_AFTER = 15  # articles stored

TEMPLATES = [
    "Harbour report {i}\n\nThe port handled {n} containers in {year}, up {p}% on the year before. "
    "The mayor said unemployment fell to {q}% last quarter. Officials expect {m} new jobs by 2031.",
    "Xuất khẩu gạo, bản tin {i}\n\nXuất khẩu gạo năm {year} đạt {n} nghìn tấn, tăng {p}% so với năm trước. "
    "Bộ trưởng cho biết tỷ lệ thất nghiệp giảm còn {q}% trong quý vừa qua.",
    "รายงานการส่งออกข้าว ฉบับที่ {i}\n\nยอดส่งออกข้าวปี {year} อยู่ที่ {n} พันตัน เพิ่มขึ้น {p} เปอร์เซ็นต์จากปีก่อน "
    "รัฐมนตรีกล่าวว่าอัตราการว่างงานลดลงเหลือ {q} เปอร์เซ็นต์ในไตรมาสที่แล้ว",
]


def _write_corpus(folder) -> None:
    folder.mkdir()
    for i in range(FILES):
        text = TEMPLATES[i % len(TEMPLATES)].format(
            i=i, n=1000 + 7 * i, year=2000 + i % 25, p=1 + i % 40, q=2 + i % 9, m=100 + 3 * i
        )
        (folder / f"article-{i:04d}.txt").write_text(text, encoding="utf-8")


def _count(fault_db, sql: str, params: list) -> int:
    return fault_db.query(sql, params)[0][0]


def _check_consistent(fault_db, after_id: int) -> int:
    """Stored articles since `after_id`; asserts none lacks claims and no claim lacks signals."""
    articles = _count(fault_db, "SELECT count(*) FROM articles_article WHERE id > %s", [after_id])
    without_claims = _count(
        fault_db,
        "SELECT count(*) FROM articles_article a WHERE a.id > %s "
        "AND NOT EXISTS (SELECT 1 FROM articles_claim c WHERE c.article_id = a.id)",
        [after_id],
    )
    without_signals = _count(
        fault_db, "SELECT count(*) FROM articles_claim WHERE article_id > %s AND match_signals = '{}'", [after_id]
    )
    assert (without_claims, without_signals) == (0, 0), f"{without_claims} bare articles, {without_signals} claims"
    # The signal counts (MatchSignalStat) agree with a recount from the claims.
    stats = dict(fault_db.query("SELECT signal, claims FROM articles_matchsignalstat WHERE claims > 0"))
    recount = dict(fault_db.query("SELECT s, count(*) FROM articles_claim, unnest(match_signals) AS s GROUP BY s"))
    total = _count(fault_db, "SELECT count(*) FROM articles_claim WHERE match_signals <> '{}'", [])
    assert stats.pop("*", 0) == total
    assert stats == recount
    return articles


def test_a_killed_import_leaves_whole_articles_and_the_rerun_finishes(fault_db, tmp_path):
    fault_db.start()
    corpus = tmp_path / "corpus"
    _write_corpus(corpus)
    after_id = _count(fault_db, "SELECT coalesce(max(id), 0) FROM articles_article", [])
    command = [sys.executable, "manage.py", "import_articles", str(corpus), "--no-progress"]

    importer = subprocess.Popen(
        command, cwd=ROOT, env=fault_db.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + 120
    while _count(fault_db, "SELECT count(*) FROM articles_article WHERE id > %s", [after_id]) < KILL_AFTER:
        assert importer.poll() is None, importer.communicate()
        assert time.monotonic() < deadline, "the import stored nothing in two minutes"
        time.sleep(0.02)
    os.killpg(importer.pid, signal.SIGKILL)  # the command and its analysis process
    importer.communicate(timeout=30)
    assert importer.returncode == -signal.SIGKILL

    stored = _check_consistent(fault_db, after_id)
    assert KILL_AFTER <= stored < FILES, f"{stored} of {FILES}: the kill came too late to test anything"

    rerun = subprocess.run(command, cwd=ROOT, env=fault_db.env(), capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    summary = re.search(r"imported (\d+), duplicates (\d+), failed (\d+)", rerun.stdout)
    assert summary, rerun.stdout
    imported, duplicates, failed = map(int, summary.groups())
    assert (imported, duplicates, failed) == (FILES - stored, stored, 0)
    assert _check_consistent(fault_db, after_id) == FILES
    print(f"\nkilled after {stored} of {FILES} articles; rerun: {summary.group(0)}")
