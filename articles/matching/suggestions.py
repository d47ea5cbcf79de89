"""Storing match suggestions: after an edit (refresh_matches), after an import (match_new_claims)."""

# ruff: noqa: S608 - the SQL below names tables from model _meta; every value is a query parameter.
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from articles.matching.aliases import Aliases, learn_aliases, store_signals
from articles.matching.alignment import ALIGNED
from articles.matching.candidates import _find
from articles.matching.scoring import Candidate
from articles.matching.signals import TOTAL, compute_signals
from articles.matching.stats import _add_to_stats
from articles.models import Claim, ClaimGroup, MatchSuggestion, NameAlias

# Suggestions stored per claim, best first.
MAX_SUGGESTIONS = 5


def refresh_matches(claims: Claim | Iterable[Claim]) -> int:
    """Recompute the signals of ``claims`` and store their match suggestions; returns how many pairs
    are suggested for them now. Call it after creating or editing claims (a whole article's at once is
    cheapest). Pairs an editor confirmed or rejected are left as they are."""
    if isinstance(claims, Claim):
        claims = [claims]
    ids = [c.pk for c in claims]
    if not ids:
        return 0
    batch = list(
        Claim.objects.filter(pk__in=ids).only(
            "id", "article_id", "text", "language", "triage", "group_id", "match_signals"
        )
    )
    with transaction.atomic():
        store_signals(batch)
        live = [c for c in batch if c.triage != Claim.Triage.DISMISSED]
        found = _find(live)
        keep = _best_pairs(live, found)
        # Suggestions of these claims that are no longer found (after an edit, say) go away, but for
        # those of the sentence alignment of a translation: rewording a claim moves no sentence.
        pending = MatchSuggestion.objects.filter(state=MatchSuggestion.State.SUGGESTED).exclude(
            reasons__contains=[ALIGNED]
        )
        pending = pending.filter(claim_a__in=ids) | pending.filter(claim_b__in=ids)
        stale_ids = [pk for pk, a, b in pending.values_list("pk", "claim_a", "claim_b") if (a, b) not in keep]
        if stale_ids:
            MatchSuggestion.objects.filter(pk__in=stale_ids).delete()
        if keep:
            _upsert_suggestions(keep)
    return len(keep)


def _best_pairs(live: list[Claim], found: dict[int, list[Candidate]]) -> dict[tuple[int, int], Candidate]:
    """The pairs to suggest: each claim's best candidates above the threshold, a pair once."""
    threshold = settings.MATCH_THRESHOLD
    keep: dict[tuple[int, int], Candidate] = {}
    for claim in live:
        for candidate in [c for c in found.get(claim.pk, []) if c.score >= threshold][:MAX_SUGGESTIONS]:
            pair = (min(claim.pk, candidate.claim_id), max(claim.pk, candidate.claim_id))
            if pair not in keep or keep[pair].score < candidate.score:
                keep[pair] = candidate
    return keep


def signals_of_new_claims(texts: list[tuple[str, str]], aliases: Aliases | None = None) -> list[list[str]]:
    """The match signals of claims about to be created, from (text, language) pairs: one query for
    the aliases unless ``aliases`` (Aliases.every()) are given, and then none, so that it may run in
    another process. Store them with the claims (Claim.match_signals) and call match_new_claims after."""
    if not texts:
        return []
    if aliases is None:
        aliases = Aliases.for_texts(text for text, _ in texts)
    else:
        aliases = aliases.within(text for text, _ in texts)
    return [compute_signals(text, aliases, language) for text, language in texts]


def match_new_claims(claims: list[Claim], counts: dict[str, int] | None = None) -> int:
    """refresh_matches for claims just created with their signals (signals_of_new_claims): counts their
    signals and stores their suggestions, in a fixed number of queries whatever the number of claims,
    without writing the claims again. Returns how many pairs are suggested for them."""
    if not claims:
        return 0
    delta: Counter[str] = Counter(s for c in claims for s in set(c.match_signals or ()))
    delta[TOTAL] = sum(1 for c in claims if c.match_signals)
    # Inside the caller's transaction (an import's) without a savepoint of its own.
    with transaction.atomic(savepoint=False):
        df = _add_to_stats(delta)  # the counts of every signal of the batch, and TOTAL
        if counts is not None:
            counts.update(df)  # for the caller's translation detection
        live = [c for c in claims if c.triage != Claim.Triage.DISMISSED]
        keep = _best_pairs(live, _find(live, df))
        if keep:
            _upsert_suggestions(keep)
    return len(keep)


def _upsert_suggestions(keep: dict[tuple[int, int], Candidate]) -> None:
    table = MatchSuggestion._meta.db_table
    pairs = sorted(keep)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {table} (claim_a_id, claim_b_id, score, reasons, state, created_at)
                SELECT a, b, s, string_to_array(r, chr(31))::varchar(200)[], %s, %s
                FROM unnest(%s::bigint[], %s::bigint[], %s::float8[], %s::text[]) AS p(a, b, s, r)
                ON CONFLICT (claim_a_id, claim_b_id) DO UPDATE
                -- An aligned pair stays one, at least at the score the alignment gave it.
                SET score = CASE WHEN %s = ANY({table}.reasons) THEN GREATEST({table}.score, EXCLUDED.score)
                                 ELSE EXCLUDED.score END,
                    reasons = CASE WHEN %s = ANY({table}.reasons) THEN array_prepend(%s::varchar(200), EXCLUDED.reasons)
                                   ELSE EXCLUDED.reasons END
                WHERE {table}.state = %s""",
            [
                MatchSuggestion.State.SUGGESTED,
                now,
                [a for a, _ in pairs],
                [b for _, b in pairs],
                [round(keep[p].score, 4) for p in pairs],
                ["\x1f".join(keep[p].reasons()) for p in pairs],
                ALIGNED,
                ALIGNED,
                ALIGNED,
                MatchSuggestion.State.SUGGESTED,
            ],
        )


def confirm_suggestion(suggestion: MatchSuggestion, *, editor) -> tuple[ClaimGroup, list[NameAlias]]:
    """An editor confirms a pair: MatchSuggestion.confirm groups the claims (the domain rule), then the
    pair teaches the name aliases it makes unambiguous (learn_aliases), in one transaction. Returns the
    group and the aliases learned."""
    with transaction.atomic():
        group = suggestion.confirm(editor=editor)
        claims = list(Claim.objects.filter(pk__in=[suggestion.claim_a_id, suggestion.claim_b_id]).order_by("pk"))
        learned = learn_aliases(*claims)
    return group, learned
