"""Sentence alignment of two articles that translate one another (a TranslationLink).

Like the bilingual aligners (Gale & Church; anchored variants): dynamic programming over the two
sentence lists with beads 1-1, 1-2, 2-1 and skips (1-0, 0-1). A bead costs the difference of the
sentences' relative lengths (a sentence's share of its article's characters, so that scripts of
different density compare) plus the difference of their relative positions, minus a bonus per shared
match signal (names and figures survive translation: the anchors); a skip costs SKIP.

align_link_claims stores, for every bead that holds a claim on both sides, a MatchSuggestion with the
reason "aligned translation", even when the claims share one signal or none. It runs once per
translation pair (on detection), in a constant number of queries for any number of pairs.
"""

# ruff: noqa: S608 - the SQL below names tables from model _meta; every value is a query parameter.
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone

from articles.matching.signals import compute_signals
from articles.models import Article, Claim, MatchSuggestion
from articles.text.sentences import split_sentences

ALIGNED = "aligned translation"
SKIP = 0.6  # the cost of leaving a sentence unaligned
MERGE = 0.15  # the extra cost of a 1-2 or 2-1 bead over a 1-1 bead
LENGTH_WEIGHT = 4.0
POSITION_WEIGHT = 2.0
ANCHOR_BONUS = 0.35  # per shared signal (at most 3 counted)


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    length: float  # share of the article's characters
    position: float  # middle of the sentence, as a share of the article
    signals: frozenset[str]


def units(body: str, language: str = "und") -> list[Unit]:
    """The article's sentences for alignment (pure)."""
    sentences = split_sentences(body, language)
    total = sum(s.end - s.start for s in sentences) or 1
    out, seen = [], 0
    for s in sentences:
        size = s.end - s.start
        out.append(Unit(s.start, s.end, size / total, (seen + size / 2) / total, frozenset(compute_signals(s.text))))
        seen += size
    return out


def _bead_cost(a: Sequence[Unit], b: Sequence[Unit]) -> float:
    length = abs(sum(u.length for u in a) - sum(u.length for u in b))
    position = abs(sum(u.position for u in a) / len(a) - sum(u.position for u in b) / len(b))
    shared = len(frozenset().union(*(u.signals for u in a)) & frozenset().union(*(u.signals for u in b)))
    extra = MERGE if len(a) + len(b) > 2 else 0.0
    return LENGTH_WEIGHT * length + POSITION_WEIGHT * position - ANCHOR_BONUS * min(shared, 3) + extra


def align(a: Sequence[Unit], b: Sequence[Unit]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The best alignment: beads (indexes into a, indexes into b), in order; skips are left out."""
    n, m = len(a), len(b)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    steps = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))
    for i in range(n + 1):
        for j in range(m + 1):
            if cost[i][j] == inf:
                continue
            for di, dj in steps:
                x, y = i + di, j + dj
                if x > n or y > m:
                    continue
                step = SKIP if not di or not dj else _bead_cost(a[i:x], b[j:y])
                if cost[i][j] + step < cost[x][y]:
                    cost[x][y], back[x][y] = cost[i][j] + step, (i, j)
    beads = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj = back[i][j]
        if pi < i and pj < j:
            beads.append((tuple(range(pi, i)), tuple(range(pj, j))))
        i, j = pi, pj
    return beads[::-1]


def _claims_in(units_: Sequence[Unit], indexes: Sequence[int], claims: Sequence[Claim]) -> list[Claim]:
    spans = [(units_[k].start, units_[k].end) for k in indexes]
    return [
        c
        for c in claims
        if c.span_start is not None and any(c.span_start < end and c.span_end > start for start, end in spans)
    ]


def aligned_pairs(
    article_a: Article, claims_a: Sequence[Claim], article_b: Article, claims_b: Sequence[Claim]
) -> set[tuple[int, int]]:
    """Pairs of claim ids (smaller first) that aligned sentences of the two articles hold (pure)."""
    units_a, units_b = units(article_a.body, article_a.language), units(article_b.body, article_b.language)
    pairs = set()
    for beads_a, beads_b in align(units_a, units_b):
        for x in _claims_in(units_a, beads_a, claims_a):
            for y in _claims_in(units_b, beads_b, claims_b):
                pairs.add((min(x.pk, y.pk), max(x.pk, y.pk)))
    return pairs


def align_links(article: Article, claims: Sequence[Claim], others: Sequence[int]) -> int:
    """Align ``article`` (with its ``claims``) with each of the ``others`` (article ids) and store the
    aligned claim pairs as suggestions; three queries whatever the number of others. Returns the
    number of pairs found."""
    if not others or not claims:
        return 0
    stored = {a.pk: a for a in Article.objects.filter(pk__in=others).only("id", "body", "language")}
    their_claims: dict[int, list[Claim]] = {}
    for claim in (
        Claim.objects.filter(article_id__in=others)
        .exclude(triage=Claim.Triage.DISMISSED)
        .only("id", "article_id", "span_start", "span_end")
    ):
        their_claims.setdefault(claim.article_id, []).append(claim)
    pairs: set[tuple[int, int]] = set()
    for pk in others:
        if pk in stored:
            pairs |= aligned_pairs(article, claims, stored[pk], their_claims.get(pk, []))
    _store(sorted(pairs))
    return len(pairs)


def _store(pairs: list[tuple[int, int]]) -> None:
    """Aligned pairs become suggestions at least at the threshold, with the reason ALIGNED added;
    pairs an editor decided stay as they are."""
    if not pairs:
        return
    table = MatchSuggestion._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {table} (claim_a_id, claim_b_id, score, reasons, state, created_at)
                SELECT a, b, %s, ARRAY[%s]::varchar(200)[], %s, %s
                FROM unnest(%s::bigint[], %s::bigint[]) AS p(a, b)
                ON CONFLICT (claim_a_id, claim_b_id) DO UPDATE
                SET score = GREATEST({table}.score, EXCLUDED.score),
                    reasons = CASE WHEN %s = ANY({table}.reasons) THEN {table}.reasons
                                   ELSE array_prepend(%s::varchar(200), {table}.reasons) END
                WHERE {table}.state = %s""",
            [
                settings.MATCH_THRESHOLD,
                ALIGNED,
                MatchSuggestion.State.SUGGESTED,
                timezone.now(),
                [a for a, _ in pairs],
                [b for _, b in pairs],
                ALIGNED,
                ALIGNED,
                MatchSuggestion.State.SUGGESTED,
            ],
        )
