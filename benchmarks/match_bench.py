"""How fast are match candidates found for a new claim, at 10k, 100k and 1M claims?

    make bench-match                      # or: .venv/bin/python benchmarks/match_bench.py [--sizes 10000,100000]

Fills a dedicated database (factcheck_bench_match, dropped and created again) in bulk with COPY: claims
whose signals follow a realistic shape (names drawn from a Zipf distribution, so a few are in a large
share of all claims and most are rare; years common; other figures nearly unique), in Thai, Vietnamese
and English. At each size it adds new articles whose claims restate existing ones (a translation) or
are new, and times articles.matching.find_candidates() for each new claim (signals from the text,
rarity lookup, the GIN-indexed candidate query, scoring, trigram similarity for same-language pairs)
and refresh_matches() (the same plus storing signals, counts and suggestions). Prints median and p95.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "factcheck_bench_match"

NAME_COUNT = 40_000
_SYLLABLE_TEXT = "ka lo mi ra te su vin dar quen hal bor zet ni pa lum tor gen ax ol fi mo ru si de"
SYLLABLES = _SYLLABLE_TEXT.split()
FILLER = {
    "en": "the company said that its figures rose sharply compared with the previous year according to analysts",
    "vi": "công ty cho biết số liệu của họ tăng mạnh so với năm trước theo các nhà phân tích",
    "th": "บริษัทระบุว่าตัวเลขเพิ่มขึ้นอย่างมากเมื่อเทียบกับปีก่อน ตามรายงานของนักวิเคราะห์",
}
LANGUAGES = list(FILLER)


def make_names(rng: random.Random) -> list[str]:
    names: dict[str, None] = {}
    while len(names) < NAME_COUNT:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        names[word.capitalize()] = None
    return list(names)


class Generator:
    """Claims as (language, text, signals); the signals are what articles.matching computes for the text."""

    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)
        self.names = make_names(self.rng)
        # Zipf-like weights: the k-th name is used in proportion to 1 / k^1.1.
        weights = [1 / (k**1.1) for k in range(1, NAME_COUNT + 1)]
        total = sum(weights)
        self.cumulative = []
        acc = 0.0
        for w in weights:
            acc += w / total
            self.cumulative.append(acc)

    def name(self) -> str:
        import bisect

        return self.names[min(bisect.bisect(self.cumulative, self.rng.random()), NAME_COUNT - 1)]

    def claim(self, language: str | None = None) -> tuple[str, str, list[str]]:
        from articles.matching import fold

        rng = self.rng
        language = language or rng.choice(LANGUAGES)
        names = list(dict.fromkeys(self.name() for _ in range(rng.randint(1, 4))))
        figures = []
        if rng.random() < 0.45:
            figures.append(str(rng.randint(2000, 2030)))
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            figures.append(str(rng.randint(10, 999_999)))
        figures = list(dict.fromkeys(figures))
        text = self.text(language, names, figures)
        signals = [f"n:{fold(n)}" for n in names] + [f"#{f}" for f in figures]
        return language, text, signals

    def text(self, language: str, names: list[str], figures: list[str]) -> str:
        words = FILLER[language].split()
        self.rng.shuffle(words)
        parts = names + [f"{int(f):,}" if len(f) != 4 else f for f in figures]
        out = []
        for i, word in enumerate(words[:12]):
            out.append(word)
            if i % 3 == 1 and parts:
                out.append(parts.pop(0))
        out.extend(parts)
        return " ".join(out) + "."

    def translate(self, signals: list[str], language: str) -> str:
        names = [s[2:].capitalize() for s in signals if s.startswith("n:")]
        figures = [s[1:] for s in signals if s.startswith("#")]
        return self.text(language, names, figures)


def setup_database(url: str) -> None:
    admin_url, name = url.rsplit("/", 1)
    import psycopg

    with psycopg.connect(admin_url + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": os.environ["DATABASE_URL"], "DEBUG": "true"}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)


def fill(gen: Generator, start: int, stop: int, claims_per_article: int = 10) -> float:
    """COPY claims [start, stop) with their articles; returns seconds."""
    from django.db import connection

    t0 = time.perf_counter()
    now = datetime.datetime.now(datetime.UTC)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        cursor.execute("SELECT coalesce(max(id), 0) FROM articles_article")
        next_article = cursor.fetchone()[0] + 1
        n_articles = (stop - start + claims_per_article - 1) // claims_per_article
        article_rows = []
        with raw.copy(
            "COPY articles_article (id, title, body, language, language_source, url, publisher, content_hash, "
            "created_at, updated_at) FROM STDIN"
        ) as copy:
            for i in range(n_articles):
                aid = next_article + i
                language = gen.rng.choice(LANGUAGES)
                body = f"Generated article {aid}."
                copy.write_row(
                    (
                        aid,
                        f"Article {aid}",
                        body,
                        language,
                        "detected",
                        "",
                        "",
                        hashlib.sha256(body.encode()).hexdigest(),
                        now,
                        now,
                    )
                )
                article_rows.append((aid, language))
        with raw.copy(
            "COPY articles_claim (article_id, text, language, checkworthiness, reasons, origin, triage, status, "
            "claimant, match_signals, version, created_at, updated_at) FROM STDIN"
        ) as copy:
            for n in range(stop - start):
                aid, language = article_rows[n // claims_per_article]
                _, text, signals = gen.claim(language)
                copy.write_row(
                    (aid, text, language, 0.6, [], "extracted", "candidate", "unreviewed", "", signals, 1, now, now)
                )
        cursor.execute("SELECT setval(pg_get_serial_sequence('articles_article', 'id'), max(id)) FROM articles_article")
    return time.perf_counter() - t0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(gen: Generator, samples: int) -> dict[str, list[float]]:
    """New articles of 3 claims each: half restate existing claims in another language, half are new."""
    from django.db import connection

    from articles import matching
    from articles.models import Article, Claim

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT language, match_signals FROM articles_claim TABLESAMPLE SYSTEM (1) "
            "WHERE cardinality(match_signals) >= 3 LIMIT %s",
            [samples],
        )
        originals = cursor.fetchall()
    find_ms, refresh_ms, found = [], [], 0
    for i in range(samples // 3):
        language = LANGUAGES[i % 3]
        texts = []
        for j in range(3):
            if j == 0 and originals:
                _, signals = originals[(i * 3 + j) % len(originals)]
                texts.append(gen.translate(signals, language))
            else:
                texts.append(gen.claim(language)[1])
        article = Article.objects.create(title=f"bench {i}", body=" ".join(texts), language=language)
        claims = [Claim.objects.create(article=article, text=t, language=language) for t in texts]
        for claim in claims:
            t0 = time.perf_counter()
            candidates = matching.find_candidates(claim)
            find_ms.append((time.perf_counter() - t0) * 1000)
            found += bool(candidates)
        t0 = time.perf_counter()
        matching.refresh_matches(claims)
        refresh_ms.append((time.perf_counter() - t0) * 1000 / len(claims))
    return {"find": find_ms, "refresh": refresh_ms, "with_candidates": [found / max(1, len(find_ms))]}


def explain(gen: Generator) -> str:
    """EXPLAIN ANALYZE of the candidate query that find_candidates() sends for a new claim."""
    from django.db import connection

    from articles import matching
    from articles.models import Article, Claim

    captured = []

    def capture(execute, sql, params, many, context):
        if "match_signals &&" in sql:
            captured.append((sql, params))
        return execute(sql, params, many, context)

    article = Article.objects.create(title="explain", body=f"explain {time.time_ns()}", language="en")
    # A typical new claim: one with a rare signal and a few names (the common shape in the data).
    for _ in range(50):
        claim = Claim.objects.create(article=article, text=gen.claim("en")[1], language="en")
        with connection.execute_wrapper(capture):
            matching.find_candidates(claim)
        if captured and captured[-1][1][0] and captured[-1][1][4]:
            break
    if not captured:
        return "(no candidate query: the new claims had fewer than two signals)"
    sql, params = captured[-1]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--samples", type=int, default=150, help="new claims timed at each size")
    parser.add_argument("--keep", action="store_true", help="reuse the filled database (no drop)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    # BENCH_MATCH_DATABASE_URL names the database outright; otherwise the server of DATABASE_URL is used.
    base = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/factcheck")
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_MATCH_DATABASE_URL") or (base.rsplit("/", 1)[0] + "/" + BENCH_DB)
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    if not args.keep:
        setup_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.db import connection

    from articles import matching

    gen = Generator()
    print(
        f"database {connection.settings_dict['NAME']}; pg_trgm: {matching.has_pg_trgm()}; "
        f"lookup budget {matching.LOOKUP_BUDGET} rows"
    )
    filled = 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_claim")
        filled = cursor.fetchone()[0]
    print(
        f"{'claims':>10} {'fill s':>8} {'stats s':>8} {'find median':>12} {'find p95':>9} "
        f"{'refresh/claim median':>21} {'p95':>7} {'found':>6}"
    )
    for size in sizes:
        fill_s = stats_s = 0.0
        if filled < size:
            fill_s = fill(gen, filled, size)
            t0 = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE articles_claim")
            matching.rebuild_signal_stats()
            stats_s = time.perf_counter() - t0
            filled = size
        measure(gen, 15)  # warm the caches and the connection
        result = measure(gen, args.samples)
        find, refresh = result["find"], result["refresh"]
        print(
            f"{size:>10,} {fill_s:>8.1f} {stats_s:>8.1f} {statistics.median(find):>10.2f}ms "
            f"{percentile(find, 0.95):>7.2f}ms {statistics.median(refresh):>19.2f}ms "
            f"{percentile(refresh, 0.95):>5.2f}ms {result['with_candidates'][0]:>6.0%}",
            flush=True,
        )
    print("\nThe candidate query for a new claim at the largest size:")
    print(explain(gen))


if __name__ == "__main__":
    main()
