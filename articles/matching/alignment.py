"""Sentence alignment of two articles that translate one another (a TranslationLink).

Like the bilingual aligners (Gale & Church; anchored variants): dynamic programming over the two
sentence lists with beads 1-1, 1-2, 2-1 and skips (1-0, 0-1). A bead costs the difference of the
sentences' relative lengths (a sentence's share of its article's characters, so that scripts of
different density compare) plus the difference of their relative positions, minus a bonus per shared
match signal (names and figures survive translation: the anchors); a skip costs SKIP.

align_link_claims stores, for every bead that holds a claim on both sides, a MatchSuggestion with the
reason "aligned translation", even when the claims share one signal or none. It runs once per
translation pair (on detection), in a constant number of queries for any number of pairs.

aligned_sentences shows the other side on a claim's page: for each translation of the claim's
article, the sentences aligned with the claim's span and the claims of the other article that cover
them. It is pure (the page fetches links, bodies and claims in two queries whatever their number) and
aligns each pair on the fly, article_a first, so that both pages of a pair see the same beads.
"""

# ruff: noqa: S608 - the SQL below names tables from model _meta; every value is a query parameter.
from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from articles.matching.signals import compute_signals
from articles.models import Article, Claim, MatchSuggestion, TranslationLink
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
    """The cost of a bead of sentences ``a`` against ``b`` (the definition; align computes it inline)."""
    length = abs(sum(u.length for u in a) - sum(u.length for u in b))
    position = abs(sum(u.position for u in a) / len(a) - sum(u.position for u in b) / len(b))
    shared = len(frozenset().union(*(u.signals for u in a)) & frozenset().union(*(u.signals for u in b)))
    extra = MERGE if len(a) + len(b) > 2 else 0.0
    return LENGTH_WEIGHT * length + POSITION_WEIGHT * position - ANCHOR_BONUS * min(shared, 3) + extra


def align(a: Sequence[Unit], b: Sequence[Unit]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The best alignment: beads (indexes into a, indexes into b), in order; skips are left out.

    Each cell takes the cheapest of its five predecessors (2-1, 1-2, 1-1, then the two skips: the
    first of equal costs wins), every bead costing what _bead_cost says (the same beads as the plain
    loop over _bead_cost, tests/test_claim_translations.py checks), with the sums, means and signal
    unions of sentence pairs computed once rather than per cell: a claim page aligns its translations
    on the fly, and a pair of 20 kB articles takes 0.1 s instead of 1.1 s."""
    n, m = len(a), len(b)
    inf = float("inf")
    la, pa, sa = [u.length for u in a], [u.position for u in a], [u.signals for u in a]
    lb, pb, sb = [u.length for u in b], [u.position for u in b], [u.signals for u in b]
    # Two consecutive sentences as one side of a 2-1 or 1-2 bead (as _bead_cost adds them up).
    la2 = [la[i] + la[i + 1] for i in range(n - 1)]
    pa2 = [(pa[i] + pa[i + 1]) / 2 for i in range(n - 1)]
    sa2 = [sa[i] | sa[i + 1] for i in range(n - 1)]
    lb2 = [lb[j] + lb[j + 1] for j in range(m - 1)]
    pb2 = [(pb[j] + pb[j + 1]) / 2 for j in range(m - 1)]
    sb2 = [sb[j] | sb[j + 1] for j in range(m - 1)]
    lw, pw, bonus, merge, skip = LENGTH_WEIGHT, POSITION_WEIGHT, ANCHOR_BONUS, MERGE, SKIP

    def shared(x: frozenset, y: frozenset) -> int:
        return min(len(x & y), 3) if x and y else 0

    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]  # 1: 2-1, 2: 1-2, 3: 1-1, 4: a skipped, 5: b skipped
    cost[0][0] = 0.0
    for x in range(n + 1):
        row, row_back = cost[x], back[x]
        up = cost[x - 1] if x else None
        up2 = cost[x - 2] if x > 1 else None
        for y in range(m + 1):
            if not x and not y:
                continue
            best, move = inf, 0
            if up2 is not None and y:
                c = up2[y - 1]
                if c < inf:
                    i, j = x - 2, y - 1
                    c += lw * abs(la2[i] - lb[j]) + pw * abs(pa2[i] - pb[j]) - bonus * shared(sa2[i], sb[j]) + merge
                    if c < best:
                        best, move = c, 1
            if up is not None:
                if y > 1:
                    c = up[y - 2]
                    if c < inf:
                        i, j = x - 1, y - 2
                        c += lw * abs(la[i] - lb2[j]) + pw * abs(pa[i] - pb2[j]) - bonus * shared(sa[i], sb2[j]) + merge
                        if c < best:
                            best, move = c, 2
                if y:
                    c = up[y - 1]
                    if c < inf:
                        i, j = x - 1, y - 1
                        c += lw * abs(la[i] - lb[j]) + pw * abs(pa[i] - pb[j]) - bonus * shared(sa[i], sb[j]) + 0.0
                        if c < best:
                            best, move = c, 3
                c = up[y] + skip
                if c < best:
                    best, move = c, 4
            if y:
                c = row[y - 1] + skip
                if c < best:
                    best, move = c, 5
            row[y], row_back[y] = best, move
    steps = {1: (2, 1), 2: (1, 2), 3: (1, 1), 4: (1, 0), 5: (0, 1)}
    beads = []
    i, j = n, m
    while (i, j) != (0, 0):
        di, dj = steps[back[i][j]]
        if di and dj:
            beads.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
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
    """Pairs of claim ids (smaller first) that aligned sentences of the two articles hold (pure). The
    older article (smaller id: a TranslationLink's article_a) is aligned first, as on the claim pages."""
    if article_a.pk is not None and article_b.pk is not None and article_a.pk > article_b.pk:
        article_a, claims_a, article_b, claims_b = article_b, claims_b, article_a, claims_a
    units_a, units_b = units(article_a.body, article_a.language), units(article_b.body, article_b.language)
    pairs = set()
    for beads_a, beads_b in align(units_a, units_b):
        for x in _claims_in(units_a, beads_a, claims_a):
            for y in _claims_in(units_b, beads_b, claims_b):
                pairs.add((min(x.pk, y.pk), max(x.pk, y.pk)))
    return pairs


@dataclass(frozen=True)
class AlignedSentence:
    """A sentence of the other article aligned with the claim, and the other article's claims that
    overlap it (none: the sentence is not a claim there)."""

    start: int
    end: int
    text: str
    claims: tuple[Claim, ...]


@dataclass
class InTranslation:
    """The claim's sentence in one translation of its article. ``sentences`` is empty when the
    claim's sentence is aligned with nothing there (a skip) or the claim is no passage of the text.
    ``language_name`` is for the page to fill in (the interface's name of the other language)."""

    link: TranslationLink
    article: Article  # the other article of the link
    sentences: tuple[AlignedSentence, ...]
    language_name: str = ""


# Alignments of article pairs kept per process for the claim pages (keyed by the two texts and
# languages, so a changed text or language is aligned anew): a pair of 20 kB articles takes some
# 0.1 s to align, a claim page with three translations would take that for each on every view.
PAIR_CACHE_SIZE = 128


@functools.lru_cache(maxsize=PAIR_CACHE_SIZE)
def _pair_alignment(body_a: str, language_a: str, body_b: str, language_b: str):
    units_a, units_b = units(body_a, language_a), units(body_b, language_b)
    return tuple(units_a), tuple(units_b), tuple(align(units_a, units_b))


def aligned_sentences(
    claim: Claim, links: Sequence[TranslationLink], claims: Sequence[Claim] = ()
) -> list[InTranslation]:
    """For each of ``links`` (translation links of the claim's article, with both articles and their
    bodies loaded), the sentences of the other article aligned with the claim's span, each with the
    ``claims`` of that article (any articles' claims may be given) that overlap it. No query.
    Rejected links are left out; the order of ``links`` is kept. Each pair is aligned article_a
    first, whichever side the claim is on, so both articles' claim pages see the same beads."""
    article = claim.article
    spanned = claim.span_start is not None and claim.span_end is not None
    by_article: dict[int, list[Claim]] = {}
    for other_claim in claims:
        if other_claim.span_start is not None and other_claim.span_end is not None:
            by_article.setdefault(other_claim.article_id, []).append(other_claim)
    out = []
    for link in links:
        if link.status == TranslationLink.Status.REJECTED or article.pk not in (link.article_a_id, link.article_b_id):
            continue
        first = link.article_a_id == article.pk
        other = link.article_b if first else link.article_a
        sentences: tuple[AlignedSentence, ...] = ()
        if spanned:
            a, b = link.article_a, link.article_b
            units_a, units_b, beads = _pair_alignment(a.body, a.language, b.body, b.language)
            (own, here), (theirs, there) = ((units_a, 0), (units_b, 1)) if first else ((units_b, 1), (units_a, 0))
            mine = {k for k, u in enumerate(own) if u.start < claim.span_end and u.end > claim.span_start}
            found = sorted({k for bead in beads if mine.intersection(bead[here]) for k in bead[there]})
            overlapping = by_article.get(other.pk, [])
            sentences = tuple(
                AlignedSentence(
                    theirs[k].start,
                    theirs[k].end,
                    other.body[theirs[k].start : theirs[k].end],
                    tuple(c for c in overlapping if c.span_start < theirs[k].end and c.span_end > theirs[k].start),
                )
                for k in found
            )
        out.append(InTranslation(link, other, sentences))
    return out


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


def align_with_translations(article: Article, claims: Sequence[Claim]) -> int:
    """Align claims added to ``article`` after its import (an editor's claim from a sentence, say) with
    the claims of its translations (links not rejected) and store the aligned pairs as suggestions,
    as detection does for the claims of an import: four queries whatever the number of translations
    (one when there is none). Returns the number of pairs found."""
    rows = (
        TranslationLink.objects.filter(Q(article_a=article.pk) | Q(article_b=article.pk))
        .exclude(status=TranslationLink.Status.REJECTED)
        .values_list("article_a_id", "article_b_id")
    )
    others = [b if a == article.pk else a for a, b in rows]
    return align_links(article, claims, others)


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
