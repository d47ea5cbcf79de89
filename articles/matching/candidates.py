"""Finding a claim's candidates: one indexed lookup on rare signals, then scoring in context."""

# ruff: noqa: S608 - the SQL below names tables from model _meta; every value is a query parameter.
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db import connection

from articles.matching.aliases import Aliases
from articles.matching.scoring import MIN_SHARED, Candidate, _Weights
from articles.matching.signals import (
    LATIN_SOUND,
    SOUND,
    TOTAL,
    compute_signals,
    is_sound,
    matchable,
    sound_partner,
    trigram_similarity,
)
from articles.matching.stats import _document_frequencies
from articles.models import Claim, MatchSignalStat, MatchSuggestion

# The candidate query reads the claims sharing any of the new claim's rarest signals, up to about this
# many rows, and the claims sharing both signals of a pair among its next PAIR_SIGNALS least common ones
# (at most PAIR_LIMIT per pair). Signals that more than COMMON_SHARE of all claims (and more than
# COMMON_FLOOR) carry are too common to look anything up by.
LOOKUP_BUDGET = 200
PAIR_SIGNALS = 4
PAIR_LIMIT = 100
COMMON_SHARE = 0.005
COMMON_FLOOR = 1000
# Candidates per claim kept after the signal score, before the text similarity is computed.
TOP_CANDIDATES = 20
# Share of the remaining distance to 1 that a same-language text similarity of 1.0 adds.
TRGM_WEIGHT = 0.5
# A pair where one claim has a better match in the other's article.
NON_MUTUAL_FACTOR = 0.8


@dataclass
class _Row:
    id: int
    article_id: int
    language: str
    group_id: int | None
    signals: frozenset[str]


def _lookup_signals(signals: list[str], df: dict[str, int]) -> tuple[list[str], list[tuple[str, str]]]:
    """How to look a claim's candidates up: its rarest signals, as long as the claims carrying them fit
    LOOKUP_BUDGET (any claim sharing one is read), and, when fewer than two are that rare, pairs of its
    next least common signals (only claims carrying both are read). Signals carried by a large share
    of all claims are left out."""
    # Not by sound keys: they count only beside a shared figure (scoring.MIN_SHARED_NAMES), which finds
    # the same claims, and a word that may be a name is as often a rare loanword or phrase.
    known = sorted((s for s in signals if df.get(s, 0) and not is_sound(s)), key=lambda s: (df[s], s))
    rare, rows = [], 0
    for signal in known:
        if rows + df[signal] > LOOKUP_BUDGET:
            break
        rare.append(signal)
        rows += df[signal]
    if len(rare) >= MIN_SHARED:
        # A claim sharing only less rare signals with this one, and none of these, would score low.
        return rare, []
    common_cap = max(COMMON_FLOOR, COMMON_SHARE * df.get(TOTAL, 0))
    rest = [s for s in known[len(rare) :] if df[s] <= common_cap][:PAIR_SIGNALS]
    pairs = [(a, b) for i, a in enumerate(rest) for b in rest[i + 1 :]]
    return rare, pairs


def _candidate_rows(
    batch: list[Claim], df: dict[str, int], matchables: dict[int, frozenset[str]]
) -> dict[int, list[_Row]]:
    """Claims in other articles that may match each claim of ``batch``, in one query on the GIN index:
    `&&` with the rare signals of the whole batch, and per pair of less rare signals `@>` both (each pair
    at most PAIR_LIMIT rows)."""
    exclude = sorted({c.article_id for c in batch})
    lookups = {c.pk: _lookup_signals(list(c.match_signals), df) for c in batch}
    union = sorted({s for rare, _ in lookups.values() for s in rare})
    pairs = sorted({pair for _, claim_pairs in lookups.values() for pair in claim_pairs})
    if not union and not pairs:
        return {claim.pk: [] for claim in batch}
    table, columns = Claim._meta.db_table, "id, article_id, language, group_id, match_signals"
    live = "NOT (article_id = ANY(%s)) AND triage <> %s"
    with connection.cursor() as cursor:
        # One index lookup per signal (a single `&&` over many signals was planned as a scan of every
        # claim), and only the rows that share MIN_SHARED signals with the batch leave the server: most
        # claims carrying one rare signal (a year, a place) share nothing else, and shipping them to
        # Python to find that out was most of the cost of an import. Python checks each claim's own.
        # Sound keys count as their partners (matchable): ~spt is shared with a claim carrying ≈spt.
        cursor.execute(
            f"""WITH found AS (
                    SELECT c.* FROM unnest(%s::varchar[]) AS u(s)
                    CROSS JOIN LATERAL (
                        SELECT {columns} FROM {table}
                        WHERE match_signals @> ARRAY[u.s]::varchar(100)[] AND {live} LIMIT %s
                    ) c
                    UNION ALL
                    SELECT c.* FROM unnest(%s::varchar[], %s::varchar[]) AS p(x, y)
                    CROSS JOIN LATERAL (
                        SELECT {columns} FROM {table}
                        WHERE match_signals @> ARRAY[p.x, p.y]::varchar(100)[] AND {live} LIMIT %s
                    ) c
                )
                SELECT DISTINCT ON (id) {columns} FROM found
                WHERE (SELECT count(*) FROM unnest(match_signals) AS x(s) WHERE x.s = ANY(%s::varchar(100)[])) >= %s""",
            [
                union,
                exclude,
                Claim.Triage.DISMISSED,
                LOOKUP_BUDGET,
                [x for x, _ in pairs],
                [y for _, y in pairs],
                exclude,
                Claim.Triage.DISMISSED,
                PAIR_LIMIT,
                sorted(frozenset().union(*matchables.values())),
                MIN_SHARED,
            ],
        )
        rows = {row[0]: _Row(*row[:4], frozenset(row[4])) for row in cursor.fetchall()}
    # The rows by the signals they were looked up by (each claim's found them through those alone).
    looked_up = frozenset(union).union(x for x, _ in pairs)
    by_signal: dict[str, list[_Row]] = {}
    for row in rows.values():
        for signal in row.signals & looked_up:
            by_signal.setdefault(signal, []).append(row)
    per_claim: dict[int, list[_Row]] = {}
    for claim in batch:
        rare, claim_pairs = lookups[claim.pk]
        found = {row.id: row for signal in rare for row in by_signal.get(signal, ())}
        for x, y in claim_pairs:
            for row in by_signal.get(x, ()):
                if y in row.signals:
                    found[row.id] = row
        per_claim[claim.pk] = list(found.values())
    return per_claim


_trgm_cache: dict[str, bool] = {}


def has_pg_trgm() -> bool:
    """Whether the database has pg_trgm installed (checked once per database per process)."""
    key = f"{connection.settings_dict.get('HOST')}/{connection.settings_dict.get('NAME')}"
    if key not in _trgm_cache:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            _trgm_cache[key] = cursor.fetchone() is not None
    return _trgm_cache[key]


def _python_similarities(pairs: list[tuple[int, int]], texts: dict[int, str]) -> dict[tuple[int, int], float]:
    """Character trigram similarity of each (claim, candidate) pair where the server has no pg_trgm:
    one query for the candidates' texts."""
    if not pairs:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, text FROM {Claim._meta.db_table} WHERE id = ANY(%s)",
            [sorted({b for _, b in pairs} - texts.keys())],
        )
        texts = {**texts, **dict(cursor.fetchall())}
    return {(a, b): trigram_similarity(texts[a], texts.get(b, "")) for a, b in pairs}


def _context(
    batch: list[Claim], candidates: list[_Row], df: dict[str, int], same_language: list[tuple[int, int]]
) -> tuple[dict[int, list[tuple[int, frozenset[str]]]], set[tuple[int, int]], dict[tuple[int, int], float]]:
    """One query for what scoring needs besides the candidates: the (id, signals) of every claim in the
    batch's articles, by article (for the mutual best match); the pairs among these claims that an
    editor already confirmed or rejected; the claim counts of the signals of the candidates and of the
    articles' claims not yet in ``df`` (added to it); and the text similarity (pg_trgm's) of the
    ``same_language`` (claim, candidate) pairs."""
    by_id = {c.pk: c for c in batch}
    ids = sorted(by_id.keys() | {row.id for row in candidates})
    articles = sorted({c.article_id for c in batch})
    # Not the candidates' sound keys: a shared one weighs as its ≈ form, which is either a ≈ key of the
    # articles' claims or the partner of one of their ~ keys (both read below).
    wanted = sorted({s for row in candidates for s in row.signals if s not in df and not is_sound(s)})
    claim, stat = Claim._meta.db_table, MatchSignalStat._meta.db_table
    in_sql = has_pg_trgm()
    similarities = (
        f"""UNION ALL
            SELECT 't', p.a, p.b, NULL, similarity(ca.text, cb.text) FROM unnest(%s::bigint[], %s::bigint[]) AS p(a, b)
            JOIN {claim} ca ON ca.id = p.a JOIN {claim} cb ON cb.id = p.b"""
        if in_sql
        else ""
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT 's', id, article_id, match_signals, NULL::float8 FROM {claim}
                WHERE article_id = ANY(%s) AND triage <> %s
                UNION ALL
                SELECT 'd', claim_a_id, claim_b_id, NULL, NULL FROM {MatchSuggestion._meta.db_table}
                WHERE claim_a_id = ANY(%s) AND claim_b_id = ANY(%s) AND state <> %s
                UNION ALL
                SELECT 'f', NULL, st.claims, ARRAY[st.signal]::varchar(100)[], NULL FROM (
                    SELECT unnest(%s::varchar(100)[])
                    UNION SELECT unnest(match_signals) FROM {claim} WHERE article_id = ANY(%s) AND triage <> %s
                    -- The ≈ partners of their ~ keys: a shared sound key weighs as its ≈ form.
                    UNION SELECT %s || substr(x.s, 2) FROM {claim} CROSS JOIN unnest(match_signals) AS x(s)
                    WHERE article_id = ANY(%s) AND triage <> %s AND left(x.s, 1) = %s
                ) AS w(s)
                -- One primary-key probe per signal (`= ANY(<subquery array>)` was a scan of every count).
                CROSS JOIN LATERAL (SELECT signal, claims FROM {stat} WHERE signal = w.s LIMIT 1) st
                {similarities}""",
            [
                articles,
                Claim.Triage.DISMISSED,
                ids,
                ids,
                MatchSuggestion.State.SUGGESTED,
                wanted,
                articles,
                Claim.Triage.DISMISSED,
                LATIN_SOUND,
                articles,
                Claim.Triage.DISMISSED,
                SOUND,
                *([[a for a, _ in same_language], [b for _, b in same_language]] if in_sql else []),
            ],
        )
        rows = cursor.fetchall()
    siblings: dict[int, list[tuple[int, frozenset[str]]]] = {}
    decided = set()
    similarity = {}
    for kind, first, second, signals, sim in rows:
        if kind == "d":
            decided.add((first, second))
        elif kind == "f":
            df.setdefault(signals[0], second)
        elif kind == "t":
            similarity[first, second] = sim
        else:
            # Claims of the batch carry the signals computed just now.
            signals = by_id[first].match_signals if first in by_id else signals
            siblings.setdefault(second, []).append((first, frozenset(signals)))
    if not in_sql:
        similarity = _python_similarities(same_language, {c.pk: c.text for c in batch})
    return siblings, decided, similarity


def _find(batch: list[Claim], known: dict[str, int] | None = None) -> dict[int, list[Candidate]]:
    """The ranked candidates of each claim of ``batch`` (signals already computed), nothing stored.
    ``known``: claim counts of signals already read (by the caller's update of the counts)."""
    batch = [c for c in batch if len(c.match_signals) >= MIN_SHARED]
    if not batch:
        return {}
    df = _document_frequencies((s for c in batch for s in c.match_signals), known)
    # What each claim's candidates must carry to share a signal with it (sound keys as their partners).
    matchables = {c.pk: matchable(c.match_signals) for c in batch}
    rows = _candidate_rows(batch, df, matchables)

    # First pass: keep the few candidates per claim with the most shared evidence (own-side weights).
    # A candidate stating other figures (the same company, place and year, another number) is another
    # fact: dropped here, before the text similarity and the mutual-best check are paid for it.
    weight = _Weights(df)
    shortlist: dict[int, list[_Row]] = {}
    for claim in batch:
        mine = frozenset(claim.match_signals)
        wanted_there = matchables[claim.pk]
        best = []
        for row in rows.get(claim.pk, ()):
            if claim.group_id and row.group_id == claim.group_id:
                continue
            shared = wanted_there.intersection(row.signals)
            if len(shared) >= MIN_SHARED and not weight.conflict(mine, row.signals):
                # A shared sound key as this claim's own (its count is known): a first ranking only.
                best.append((sum(weight(sound_partner(s) if is_sound(s) else s) for s in shared), row.id, row))
        best.sort(key=lambda item: (-item[0], item[1]))
        shortlist[claim.pk] = [row for _, _, row in best[:TOP_CANDIDATES]]
    candidate_ids = {row.id for rows_ in shortlist.values() for row in rows_}
    if not candidate_ids:
        return {claim.pk: [] for claim in batch}

    # The full weights of every signal involved: candidates' and the articles' other claims'.
    same_language = [
        (claim.pk, row.id)
        for claim in batch
        for row in shortlist[claim.pk]
        if claim.language == row.language and claim.language != "und"
    ]
    candidates = [row for rows_ in shortlist.values() for row in rows_]
    siblings, decided, similarity = _context(batch, candidates, df, same_language)
    weight = _Weights(df)

    best_fits: dict[tuple[int, int], list[tuple[float, int]]] = {}
    siblings_by_signal: dict[int, dict[str, list[int]]] = {}
    result: dict[int, list[Candidate]] = {}
    for claim in batch:
        candidates = []
        scores = {row.id: weight.score(claim.match_signals, row.signals) for row in shortlist[claim.pk]}
        for row in shortlist[claim.pk]:
            if (min(claim.pk, row.id), max(claim.pk, row.id)) in decided:
                continue
            base, shared = scores[row.id]
            if not base:
                continue
            candidate = Candidate(row.id, row.article_id, row.language, signal_score=base, shared=shared)
            candidate.similarity = similarity.get((claim.pk, row.id))
            candidate.score = base + (1 - base) * TRGM_WEIGHT * (candidate.similarity or 0.0)
            # Mutual best: no other claim of this article fits the candidate better, and no other
            # claim of the candidate's article fits this claim better.
            rival_here = _best_sibling(claim, row, siblings, weight, best_fits, siblings_by_signal)
            rival_there = max(
                (
                    scores[other.id][0]
                    for other in shortlist[claim.pk]
                    if other.article_id == row.article_id and other.id != row.id
                ),
                default=0.0,
            )
            candidate.mutual = base >= rival_here and base >= rival_there
            if not candidate.mutual:
                candidate.score *= NON_MUTUAL_FACTOR
            candidates.append(candidate)
        candidates.sort(key=lambda c: (-c.score, c.claim_id))
        result[claim.pk] = candidates
    return result


def _best_sibling(
    claim: Claim,
    row: _Row,
    siblings: dict[int, list[tuple[int, frozenset[str]]]],
    weight: _Weights,
    best_fits: dict[tuple[int, int], list[tuple[float, int]]],
    by_signal: dict[int, dict[str, list[int]]],
) -> float:
    """How well the best *other* claim of ``claim``'s article fits ``row``. The two best fits of each
    (article, row) are computed once, not once per claim of the article, and only for the claims of the
    article that share MIN_SHARED signals with ``row`` (any other scores 0): found through an index of
    the article's claims by signal (``by_signal``, built on first use)."""
    key = (claim.article_id, row.id)
    top = best_fits.get(key)
    if top is None:
        members = siblings.get(claim.article_id, ())
        index = by_signal.get(claim.article_id)
        if index is None:
            index = by_signal[claim.article_id] = {}
            for position, (_pk, signals) in enumerate(members):
                for signal in signals:
                    index.setdefault(signal, []).append(position)
        shared = Counter(position for signal in matchable(row.signals) for position in index.get(signal, ()))
        fits = [
            (weight.score(members[position][1], row.signals)[0], members[position][0])
            for position, n in shared.items()
            if n >= MIN_SHARED
        ]
        top = best_fits[key] = sorted(fits, reverse=True)[:2]
    return max((score for score, pk in top if pk != claim.pk), default=0.0)


def find_candidates(claim: Claim, *, compute: bool = True) -> list[Candidate]:
    """The ranked candidates of one claim, nothing stored. With ``compute`` the signals come from its
    text (aliases included); otherwise from Claim.match_signals as stored."""
    if compute:
        claim.match_signals = compute_signals(claim.text, Aliases.for_texts([claim.text]), claim.language)
    else:
        claim.refresh_from_db(fields=["match_signals"])
    return _find([claim]).get(claim.pk, [])
