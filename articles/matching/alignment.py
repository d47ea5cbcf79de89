"""Sentence alignment of two articles that translate one another (a TranslationLink).

Like the bilingual aligners (Gale & Church; anchored variants): dynamic programming over the two
sentence lists with beads 1-1, 1-2, 2-1 and skips (1-0, 0-1). A bead costs the difference of the
sentences' relative lengths (a sentence's share of its article's characters, so that scripts of
different density compare) plus the difference of their relative positions, minus a bonus per shared
match signal (names and figures survive translation: the anchors); a skip costs SKIP.

Anchors are what survives translation: shared figures, months and weekdays (articles.text.calendar)
and names in any script (translit.name_keys), leaving out those that most sentences of an article
carry. A bead costs more where figures on one side find none of theirs on the other, and where a
merge pulls in a neighbour with other figures or no anchor. sentence_pairs keeps the beads that share
an anchor or sit next to one that does, and links the sentences a translator moved (each other's best
by anchors, crossing the monotone alignment), which replace pairs sharing nothing.

align_links stores, for every such pair that holds a claim on both sides, a MatchSuggestion with the
reason "aligned translation", even when the claims share one signal or none. It runs once per
translation pair (on detection), in a constant number of queries for any number of pairs.

aligned_sentences shows the other side on a claim's page: for each translation of the claim's
article, the sentences aligned with the claim's span and the claims of the other article that cover
them. It is pure (the page fetches links, bodies and claims in two queries whatever their number) and
aligns each pair on the fly, article_a first, so that both pages of a pair see the same pairs.
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

from articles.matching.scoring import _YEAR_LIKE
from articles.matching.signals import FIGURE, compute_signals, is_sound
from articles.matching.translit import name_keys, same_keys
from articles.models import Article, Claim, MatchSuggestion, TranslationLink
from articles.text.calendar import calendar_marks
from articles.text.metadata import is_boilerplate_line
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
LINK_FROM = 1  # shared anchors that make two sentences each other's best a link
MAX_NAME_KEY = 12  # longer consonant keys are Thai, Khmer or Chinese runs of words, not names
CONTAIN_FROM = 4  # a name key this long is looked for inside those runs
UNANCHORED_RUN = 3  # beads sharing no anchor that are trusted between two that do


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
    """The article's sentences for alignment (pure), without site furniture: bylines, share buttons and
    comment counts are not translated, each version has its own, and they would pull the content
    sentences around them into beads with one another."""
    sentences = [s for s in split_sentences(body, language) if not is_boilerplate_line(s.text.strip())]
    total = sum(s.end - s.start for s in sentences) or 1
    out, seen = [], 0
    for s in sentences:
        size = s.end - s.start
        # Names in other scripts are the name keys' job here (sound keys would count them twice).
        signals = frozenset(x for x in compute_signals(s.text) if not is_sound(x)) | calendar_marks(s.text)
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
    """What each sentence of the two articles can share with the other article: its signals, and a
    token "~<key>" for each name key (translit.name_keys) that the other article has too: the same key,
    one within translit.same_keys' tolerance, or a key of CONTAIN_FROM consonants or more inside one
    of the long keys of a script that writes words together (a Thai, Khmer or Chinese run:
    หยุนเซียงแซงหน้า, 云象周一在柬埔寨). Anchors common within an article are left out."""
    common_a, common_b = _common(a), _common(b)

    def short(units_: Sequence[Unit], common: frozenset[str]) -> set[str]:
        return {k for u in units_ for k in u.names if k not in common and len(k) <= MAX_NAME_KEY}

    keys_a, keys_b = short(a, common_a), short(b, common_b)
    labels_a = [{"~" + k for k in u.names if k in keys_a} for u in a]
    labels_b = [{"~" + k for k in u.names if k in keys_b} for u in b]
    fuzzy: dict[str, set[str]] = {}  # a key of b -> the keys of a it stands for
    for key in keys_a:
        for other in keys_b:
            if key != other and same_keys(key, other):
                fuzzy.setdefault(other, set()).add("~" + key)
    for unit, labels in zip(b, labels_b, strict=True):
        for k in unit.names:
            labels |= fuzzy.get(k, set())
    for units_, labels_, others in ((a, labels_a, keys_b), (b, labels_b, keys_a)):
        wanted = [k for k in others if len(k) >= CONTAIN_FROM]
        for unit, labels in zip(units_, labels_, strict=True):
            runs = [k for k in unit.names if len(k) > MAX_NAME_KEY]
            labels.update("~" + k for k in wanted if any(k in run for run in runs))
    common = common_a | common_b
    anchors_a = [(u.signals - common) | labels for u, labels in zip(a, labels_a, strict=True)]
    anchors_b = [(u.signals - common) | labels for u, labels in zip(b, labels_b, strict=True)]
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


@dataclass(frozen=True)
class _Piece:
    """One side of a bead (one sentence or two in a row), summed up once for every bead it is in."""

    length: float
    position: float
    anchors: frozenset[str]
    figures: frozenset[str]
    members: tuple[tuple[frozenset[str], frozenset[str]], ...]  # (anchors, figures) of each sentence


def _pieces(units_: Sequence[Unit], anchors: Sequence[frozenset[str]], size: int) -> list[_Piece]:
    out = []
    for i in range(len(units_) - size + 1):
        group = units_[i : i + size]
        out.append(
            _Piece(
                sum(u.length for u in group),
                sum(u.position for u in group) / size,
                frozenset().union(*anchors[i : i + size]),
                group[0].figures.union(*(u.figures for u in group[1:])),
                tuple((anchors[i + k], u.figures) for k, u in enumerate(group)),
            )
        )
    return out


def _piece_cost(a: _Piece, b: _Piece) -> float:
    """_bead_cost from pieces summed up once (the same arithmetic, in the same order)."""
    extra = 0.0
    if (a.figures or b.figures) and not a.figures & b.figures:
        extra += MISSING_FIGURES
    if len(a.members) + len(b.members) > 2:
        extra += MERGE
        single, pair = (a, b) if len(a.members) == 1 else (b, a)
        shares = [bool(anchors & single.anchors) for anchors, _ in pair.members]
        for (_, own), shares_some in zip(pair.members, shares, strict=True):
            if own and not own & single.figures:
                extra += MERGED_MISSING_FIGURES
            if not shares_some and any(shares):
                extra += UNANCHORED
    return (
        LENGTH_WEIGHT * abs(a.length - b.length)
        + POSITION_WEIGHT * abs(a.position - b.position)
        - ANCHOR_BONUS * min(len(a.anchors & b.anchors), 3)
        + extra
    )


def align(a: Sequence[Unit], b: Sequence[Unit]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The best alignment: beads (indexes into a, indexes into b), in order; skips are left out.
    Every bead costs what _bead_cost says, computed from pieces summed up once (_piece_cost), since a
    claim page aligns its translations on the fly."""
    n, m = len(a), len(b)
    anchors_a, anchors_b = _anchor_sets(a, b)
    pieces_a = {1: _pieces(a, anchors_a, 1), 2: _pieces(a, anchors_a, 2)}
    pieces_b = {1: _pieces(b, anchors_b, 1), 2: _pieces(b, anchors_b, 2)}
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    steps = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))
    for i in range(n + 1):
        row = cost[i]
        for j in range(m + 1):
            here = row[j]
            if here == inf:
                continue
            for di, dj in steps:
                x, y = i + di, j + dj
                if x > n or y > m:
                    continue
                step = SKIP if not di or not dj else _piece_cost(pieces_a[di][i], pieces_b[dj][j])
                if here + step < cost[x][y]:
                    cost[x][y], back[x][y] = here + step, (i, j)
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


def _confident_beads(
    beads: Sequence[tuple[tuple[int, ...], tuple[int, ...]]], marks: Sequence[bool], n: int, m: int
) -> list[int]:
    """The beads to trust: those sharing an anchor, and runs of at most UNANCHORED_RUN beads that share
    none but lie, with no sentence skipped, between two that do (or the start or the end of both
    articles): the alignment had no other way to pair them. A longer run keeps only its beads next to
    an anchored one."""

    def joined(k: int, next_k: int) -> bool:
        if k < 0:  # the start of both articles
            return beads[next_k][0][0] == 0 and beads[next_k][1][0] == 0
        if next_k >= len(beads):  # the end of both
            return beads[k][0][-1] == n - 1 and beads[k][1][-1] == m - 1
        return beads[k][0][-1] + 1 == beads[next_k][0][0] and beads[k][1][-1] + 1 == beads[next_k][1][0]

    kept = []
    k = 0
    while k < len(beads):
        if marks[k]:
            kept.append(k)
            k += 1
            continue
        first = k
        while k < len(beads) and not marks[k]:
            k += 1
        run = range(first, k)
        chained = all(joined(x, x + 1) for x in range(first, k - 1))
        if chained and len(run) <= UNANCHORED_RUN and joined(first - 1, first) and joined(k - 1, k):
            kept.extend(run)
            continue
        kept.extend(x for x in run if (x == first and joined(x - 1, x)) or (x == k - 1 and joined(x, x + 1)))
    return kept


def sentence_pairs(a: Sequence[Unit], b: Sequence[Unit]) -> set[tuple[int, int]]:
    """The pairs of sentences (index in a, index in b) that translate one another, as far as can be
    told: the sentences of each bead of align(a, b), where the bead shares an anchor or sits next to
    one that does; then, since a translator sometimes moves a sentence, which a monotone alignment
    cannot follow, the pairs of sentences that are each other's best by shared anchors (crossing or
    not) replace the pairs that contradict them."""
    anchors_a, anchors_b = _anchor_sets(a, b)
    beads = align(a, b)

    def anchored(bead: tuple[tuple[int, ...], tuple[int, ...]]) -> bool:
        xs, ys = bead
        return bool(frozenset().union(*(anchors_a[i] for i in xs)) & frozenset().union(*(anchors_b[j] for j in ys)))

    def fit(i: int, j: int) -> int:
        if (a[i].figures or b[j].figures) and not a[i].figures & b[j].figures:
            return 0
        return len(anchors_a[i] & anchors_b[j])

    pairs: dict[tuple[int, int], int] = {}  # each pair, with its bead
    for k in _confident_beads(beads, [anchored(bead) for bead in beads], len(a), len(b)):
        xs, ys = beads[k]
        pairs.update({(i, j): k for i in xs for j in ys})

    # Each other's best by anchors: a link that overrides the alignment's pairs of either sentence.
    best_b = {
        i: max(range(len(b)), key=lambda j, i=i: (fit(i, j), -abs(b[j].position - a[i].position)))
        for i in range(len(a))
    }
    best_a = {
        j: max(range(len(a)), key=lambda i, j=j: (fit(i, j), -abs(b[j].position - a[i].position)))
        for j in range(len(b))
    }
    links = {(i, j) for i, j in best_b.items() if best_a.get(j) == i and fit(i, j) >= LINK_FROM}
    linked_a = dict(links)
    linked_b = {j: i for i, j in links}
    # A pair that shares nothing gives way to a link of either of its sentences to a sentence outside
    # its bead; one that shares an anchor stays, and so does the other half of a merge or a split
    # whose one half is linked (both halves pair with the one sentence).
    bead_of_a = {i: k for (i, _), k in pairs.items()}
    bead_of_b = {j: k for (_, j), k in pairs.items()}

    def gives_way(i: int, j: int, k: int) -> bool:
        elsewhere_a = i in linked_a and linked_a[i] != j and bead_of_b.get(linked_a[i]) != k
        elsewhere_b = j in linked_b and linked_b[j] != i and bead_of_a.get(linked_b[j]) != k
        return elsewhere_a or elsewhere_b

    kept = {(i, j) for (i, j), k in pairs.items() if fit(i, j) or not gives_way(i, j, k)}
    return kept | links


def aligned_pairs(
    article_a: Article, claims_a: Sequence[Claim], article_b: Article, claims_b: Sequence[Claim]
) -> set[tuple[int, int]]:
    """Pairs of claim ids (smaller first) that confidently aligned sentences of the two articles hold
    (pure). The older article (smaller id: a TranslationLink's article_a) is aligned first, as on the
    claim pages."""
    if article_a.pk is not None and article_b.pk is not None and article_a.pk > article_b.pk:
        article_a, claims_a, article_b, claims_b = article_b, claims_b, article_a, claims_a
    units_a, units_b = units(article_a.body, article_a.language), units(article_b.body, article_b.language)
    pairs = set()
    for i, j in sentence_pairs(units_a, units_b):
        for x in _claims_in(units_a, (i,), claims_a):
            for y in _claims_in(units_b, (j,), claims_b):
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
    return tuple(units_a), tuple(units_b), frozenset(sentence_pairs(units_a, units_b))


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
            units_a, units_b, pairs = _pair_alignment(a.body, a.language, b.body, b.language)
            (own, here), (theirs, there) = ((units_a, 0), (units_b, 1)) if first else ((units_b, 1), (units_a, 0))
            mine = {k for k, u in enumerate(own) if u.start < claim.span_end and u.end > claim.span_start}
            found = sorted({pair[there] for pair in pairs if pair[here] in mine})
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
