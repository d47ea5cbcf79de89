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

from articles.matching.scoring import _YEAR_LIKE
from articles.matching.signals import FIGURE, compute_signals
from articles.matching.translit import name_keys, same_keys
from articles.models import Article, Claim, MatchSuggestion
from articles.text.sentences import split_sentences

ALIGNED = "aligned translation"
SKIP = 0.6  # the cost of leaving a sentence unaligned
MERGE = 0.15  # the extra cost of a 1-2 or 2-1 bead over a 1-1 bead
LENGTH_WEIGHT = 4.0
POSITION_WEIGHT = 2.0
ANCHOR_BONUS = 0.35  # per shared signal (at most 3 counted)
MISSING_FIGURES = 0.6  # a bead where figures on one side find none of theirs on the other
MERGED_MISSING_FIGURES = 1.0  # a merged-in sentence with figures the one it meets lacks
UNANCHORED = 0.3  # a merged-in sentence sharing no anchor where its partner shares some
COMMON_IN = 3  # an anchor in more sentences of an article than this anchors nothing
MAX_NAME_KEY = 12  # longer consonant keys are Thai or Khmer phrases, not names


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    length: float  # share of the article's characters
    position: float  # middle of the sentence, as a share of the article
    signals: frozenset[str]
    names: frozenset[str] = frozenset()  # translit.name_keys: names in any script
    figures: frozenset[str] = frozenset()  # _figures(signals)


def units(body: str, language: str = "und") -> list[Unit]:
    """The article's sentences for alignment (pure)."""
    sentences = split_sentences(body, language)
    total = sum(s.end - s.start for s in sentences) or 1
    out, seen = [], 0
    for s in sentences:
        size = s.end - s.start
        signals = frozenset(compute_signals(s.text))
        out.append(
            Unit(s.start, s.end, size / total, (seen + size / 2) / total, signals, name_keys(s.text), _figures(signals))
        )
        seen += size
    return out


def _figures(signals: frozenset[str]) -> frozenset[str]:
    """The figures that a translation keeps as they are: not years (a Thai translator writes 2567 for
    2024) and not the numbers of days and months, which may turn into words (ธันวาคม, 12月)."""
    return frozenset(
        s
        for s in signals
        if s.startswith(FIGURE) and not _YEAR_LIKE.fullmatch(s) and not (s[1:].isdigit() and int(s[1:]) < 32)
    )


def _common(units_: Sequence[Unit]) -> frozenset[str]:
    """Signals and name keys in more than COMMON_IN sentences of an article (the company the story is
    about): they anchor nothing."""
    counts: dict[str, int] = {}
    for unit in units_:
        for anchor in unit.signals | unit.names:
            counts[anchor] = counts.get(anchor, 0) + 1
    return frozenset(anchor for anchor, n in counts.items() if n > COMMON_IN)


def _anchor_sets(a: Sequence[Unit], b: Sequence[Unit]) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """What each sentence of the two articles can share with the other article: its signals, and for
    each of its name keys that matches one of the other article's (translit.same_keys) a token the
    matching sentences there carry too; anchors common within an article left out."""
    common_a, common_b = _common(a), _common(b)
    keys_a = {key for unit in a for key in unit.names if key not in common_a and len(key) <= MAX_NAME_KEY}
    keys_b = {key for unit in b for key in unit.names if key not in common_b and len(key) <= MAX_NAME_KEY}
    tokens_b: dict[str, set[str]] = {}
    matched_a = set()
    for key in keys_a:
        for other in keys_b:
            if same_keys(key, other):
                tokens_b.setdefault(other, set()).add("~" + key)
                matched_a.add(key)
    common = common_a | common_b
    anchors_a = [(u.signals - common) | {"~" + k for k in u.names if k in matched_a} for u in a]
    anchors_b = [(u.signals - common).union(*(tokens_b.get(k, ()) for k in u.names if k in keys_b)) for u in b]
    # Only what the other article has too can anchor anything.
    cross = frozenset().union(*anchors_a) & frozenset().union(*anchors_b)
    return [frozenset(x) & cross for x in anchors_a], [frozenset(x) & cross for x in anchors_b]


def _bead_cost(
    a: Sequence[Unit],
    b: Sequence[Unit],
    anchors_a: Sequence[frozenset[str]],
    anchors_b: Sequence[frozenset[str]],
) -> float:
    """The cost of aligning sentences ``a`` with sentences ``b`` (one or two each), with the anchors of
    each sentence (from _anchor_sets)."""
    length = abs(sum(u.length for u in a) - sum(u.length for u in b))
    position = abs(sum(u.position for u in a) / len(a) - sum(u.position for u in b) / len(b))
    union_a, union_b = frozenset().union(*anchors_a), frozenset().union(*anchors_b)
    shared = len(union_a & union_b)
    extra = 0.0
    figures_a = a[0].figures.union(*(u.figures for u in a[1:]))
    figures_b = b[0].figures.union(*(u.figures for u in b[1:]))
    if (figures_a or figures_b) and not figures_a & figures_b:
        # Figures survive translation: a sentence with figures against one without them (or with other
        # figures) is another sentence, as where a translator moved one and the monotone alignment
        # can only skip the crossing.
        extra += MISSING_FIGURES
    if len(a) + len(b) > 2:
        extra += MERGE
        # In a merge, each sentence of the merged side must be part of the one sentence it meets: one
        # with figures of its own that the other side lacks, or with no anchor in common with it while
        # its partner has some, is a neighbour pulled in.
        if len(a) == 1:
            single_figures, single_anchors, pair, pair_anchors = figures_a, union_a, b, anchors_b
        else:
            single_figures, single_anchors, pair, pair_anchors = figures_b, union_b, a, anchors_a
        shares = [bool(anchors & single_anchors) for anchors in pair_anchors]
        for unit, shares_some in zip(pair, shares, strict=True):
            own = unit.figures
            if own and not own & single_figures:
                extra += MERGED_MISSING_FIGURES
            if not shares_some and any(shares):
                extra += UNANCHORED
    return LENGTH_WEIGHT * length + POSITION_WEIGHT * position - ANCHOR_BONUS * min(shared, 3) + extra


def align(a: Sequence[Unit], b: Sequence[Unit]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The best alignment: beads (indexes into a, indexes into b), in order; skips are left out."""
    n, m = len(a), len(b)
    anchors_a, anchors_b = _anchor_sets(a, b)
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
                step = SKIP if not di or not dj else _bead_cost(a[i:x], b[j:y], anchors_a[i:x], anchors_b[j:y])
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
