"""Translation detection: an imported article that is a translation (or a close rewrite) of a stored one.

A translation keeps the names and figures of its original, in largely the same order, whatever the
language; two different stories about one company share the company's name and perhaps a year, not a
run of figures in the same order. So an article is described by the ordered sequence of the *rare*
match signals of its claims (claim by claim in text order, each claim's signals sorted, each signal at
its first occurrence), and a stored article is a translation candidate when it shares at least
MIN_SHARED of them (one indexed query: Claim.match_signals && ..., the claim_match_signals_gin index).

score = LCS(shared signals in the order of each article) / the shorter sequence's length: how much of
the ordered sequence agrees. A pair is linked when the score reaches MIN_SCORE and the two articles'
numbers of claims are within LENGTH_RATIO of each other (a long article is not a translation of a
paragraph).

Links are stored as TranslationLink rows, smaller article id first; a pair an editor decided
(confirmed or rejected) is never touched again, so a rejected link never comes back.

detect_translations(article, claims) runs on import (articles.importing, after the claims are stored
and matched) in a constant number of queries: the signal counts, the candidates' claims, the insert,
and for links stored now the sentence alignment (alignment.py: three more).
"""

# ruff: noqa: S608 - the SQL below names tables from model _meta; every value is a query parameter.
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from articles.matching.alignment import align_links
from articles.matching.signals import FIGURE, TOTAL, is_sound
from articles.models import Article, Claim, MatchSignalStat, TranslationLink

# At least this many distinct rare signals shared with a stored article to consider it.
MIN_SHARED = 4
# The share of the shorter signal sequence found in the same order in the other article.
MIN_SCORE = 0.5
# The article with fewer claims has at least this share of the other's claims (a long article is not
# a translation of a paragraph). Claims, not signals: a version in Latin letters carries names as
# signals that a version in Thai or Japanese script writes in its own letters.
LENGTH_RATIO = 0.5
# Candidate articles scored per import (those sharing most signals).
MAX_CANDIDATES = 10
# A signal carried by more than this many claims (and RARE_SHARE of all claims) is too common to
# say anything about which story an article tells (a year, a country's name).
RARE_FLOOR = 200
RARE_SHARE = 0.002
# Candidate articles are looked up by the article's figures and rarest signals (lookup_signals), at
# most LOOKUP_SIGNALS, as long as the claims carrying them add up to at most LOOKUP_BUDGET.
LOOKUP_BUDGET = 400
LOOKUP_SIGNALS = 16
# At most this many claims read per signal (a signal that common says little anyway).
PER_SIGNAL_LIMIT = 300


@dataclass(frozen=True)
class Detected:
    article_id: int
    score: float
    shared: int


def signal_sequence(signal_lists: Iterable[Sequence[str]], keep=None) -> list[str]:
    """The ordered signal sequence of an article from its claims' signals in text order: each claim's
    signals sorted (a translator reorders words within a sentence), each signal once (first place).
    ``keep`` (a predicate) filters signals out, e.g. the common ones."""
    seen: set[str] = set()
    sequence: list[str] = []
    for signals in signal_lists:
        for signal in sorted(set(signals or ())):
            # Sound keys are left out: detection was set on names and figures (a name in two scripts
            # is left to the sentence alignment's own name keys).
            if signal == TOTAL or is_sound(signal) or signal in seen or (keep is not None and not keep(signal)):
                continue
            seen.add(signal)
            sequence.append(signal)
    return sequence


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """The length of the longest common subsequence of ``a`` and ``b`` (dynamic programming, one row)."""
    if not a or not b:
        return 0
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b, 1):
            current.append(previous[j - 1] + 1 if x == y else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1]


def translation_score(a: Sequence[str], b: Sequence[str], claims: tuple[int, int] | None = None) -> tuple[float, int]:
    """(score, shared) of two signal sequences: the LCS of their shared signals over the shorter
    length; 0 when fewer than MIN_SHARED are shared or the articles' numbers of ``claims`` differ
    too much."""
    shared = set(a) & set(b)
    fewer, more = sorted(claims or (len(a), len(b)))
    if len(shared) < MIN_SHARED or not more or fewer / more < LENGTH_RATIO:
        return 0.0, len(shared)
    common = lcs_length([s for s in a if s in shared], [s for s in b if s in shared])
    return common / min(len(a), len(b)), len(shared)


def _rare_filter(signals: Iterable[str], counts: dict[str, int] | None = None):
    """A predicate keeping the rare signals among ``signals``, and the claim counts of them all (one
    query, none when ``counts`` already holds them all and TOTAL); a signal the counts do not know is
    rare."""
    wanted = sorted(set(signals) | {TOTAL})
    if counts is not None and all(signal in counts for signal in wanted):
        df = counts
    else:
        df = dict(MatchSignalStat.objects.filter(signal__in=wanted).values_list("signal", "claims"))
    cap = max(RARE_FLOOR, RARE_SHARE * df.get(TOTAL, 0))
    return (lambda signal: df.get(signal, 0) <= cap), df


def lookup_signals(sequence: Sequence[str], df: dict[str, int]) -> list[str]:
    """The signals to find candidate articles by: figures first (a translation keeps them, where it
    writes names in its own script), rarest first, at most LOOKUP_SIGNALS of them and while the claims
    carrying them fit LOOKUP_BUDGET, and at least MIN_SHARED. Reading every claim that carries any
    rare signal made each import slower as the database grew."""
    ranked = sorted(sequence, key=lambda signal: (not signal.startswith(FIGURE), df.get(signal, 0), signal))
    chosen, rows = [], 0
    for signal in ranked:
        if len(chosen) >= MIN_SHARED and (rows + df.get(signal, 0) > LOOKUP_BUDGET or len(chosen) >= LOOKUP_SIGNALS):
            break
        chosen.append(signal)
        rows += df.get(signal, 0)
    return chosen


def find_translations(
    article: Article, claims: Sequence[Claim], counts: dict[str, int] | None = None
) -> list[Detected]:
    """Stored articles of which ``article`` (with its ``claims`` in text order) looks like a
    translation, best first. Two queries."""
    ordered = sorted(claims, key=lambda c: (c.span_start is None, c.span_start or 0, c.pk or 0))
    every = [s for c in ordered for s in (c.match_signals or ())]
    if not every:
        return []
    rare, df = _rare_filter(every, counts)
    mine = signal_sequence((c.match_signals for c in ordered), keep=rare)
    if len(mine) < MIN_SHARED:
        return []
    lookup = lookup_signals(mine, df)
    table = Claim._meta.db_table
    with connection.cursor() as cursor:
        # The stored articles sharing most of this article's rare signals (the GIN index finds their
        # claims), then all their claims' signals in text order.
        # One index probe per signal (a single `&&` over many signals was planned as a scan of every
        # claim), each signal counted once per article.
        cursor.execute(
            f"""WITH hit AS (
                    SELECT DISTINCT c.article_id, u.s
                    FROM unnest(%s::varchar[]) AS u(s)
                    CROSS JOIN LATERAL (
                        SELECT article_id FROM {table}
                        WHERE match_signals @> ARRAY[u.s]::varchar(100)[] AND article_id <> %s LIMIT %s
                    ) c
                ), candidate AS (
                    SELECT article_id, count(*) AS shared FROM hit
                    GROUP BY article_id HAVING count(*) >= %s
                    ORDER BY shared DESC, article_id DESC
                    LIMIT %s
                )
                SELECT c.article_id, c.match_signals
                FROM {table} c JOIN candidate USING (article_id)
                ORDER BY c.article_id, c.span_start NULLS LAST, c.id""",
            [lookup, article.pk, PER_SIGNAL_LIMIT, min(MIN_SHARED, len(lookup)), MAX_CANDIDATES],
        )
        rows = cursor.fetchall()
    by_article: dict[int, list[list[str]]] = {}
    for article_id, signals in rows:
        by_article.setdefault(article_id, []).append(signals)
    found = []
    for other_id, signal_lists in by_article.items():
        theirs = signal_sequence(signal_lists, keep=rare)
        score, shared = translation_score(mine, theirs, (len(ordered), len(signal_lists)))
        if score >= MIN_SCORE:
            found.append(Detected(other_id, round(score, 4), shared))
    return sorted(found, key=lambda d: (-d.score, d.article_id))


def store_links(article: Article, detected: Sequence[Detected]) -> list[int]:
    """Store the links of ``article`` (one statement); pairs already decided by an editor stay as they
    are (a rejected pair is never detected again). Returns the other articles of the links inserted
    now (not those stored before)."""
    if not detected:
        return []
    table = TranslationLink._meta.db_table
    pairs = [(min(article.pk, d.article_id), max(article.pk, d.article_id), d.score) for d in detected]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {table} (article_a_id, article_b_id, score, status, detected_at)
                SELECT a, b, s, %s, %s FROM unnest(%s::bigint[], %s::bigint[], %s::float8[]) AS p(a, b, s)
                ON CONFLICT ON CONSTRAINT translation_pair_unique DO UPDATE SET score = EXCLUDED.score
                WHERE {table}.status = %s
                RETURNING article_a_id, article_b_id, (xmax = 0) AS inserted""",
            [
                TranslationLink.Status.DETECTED,
                timezone.now(),
                [a for a, _, _ in pairs],
                [b for _, b, _ in pairs],
                [s for _, _, s in pairs],
                TranslationLink.Status.DETECTED,
            ],
        )
        rows = cursor.fetchall()
    return [b if a == article.pk else a for a, b, inserted in rows if inserted]


def detect_translations(
    article: Article, claims: Sequence[Claim] | None = None, counts: dict[str, int] | None = None
) -> list[Detected]:
    """Find and store the translation links of ``article`` (its ``claims`` as just stored, or read
    from the database when not given); returns what was detected."""
    if claims is None:
        claims = list(Claim.objects.filter(article=article).only("id", "span_start", "match_signals"))
    detected = find_translations(article, claims, counts)
    new = store_links(article, detected)
    if new:
        # Sentence alignment once per pair, when its link is first stored (alignment.py).
        align_links(article, claims, new)
    return detected
