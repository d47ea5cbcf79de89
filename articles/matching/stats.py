"""How many claims carry each match signal (MatchSignalStat): the rarity that weighs signals."""

# ruff: noqa: S608 - the SQL below names tables from model _meta; every value is a query parameter.
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction

from articles.matching.signals import TOTAL
from articles.models import Claim, MatchSignalStat


def _add_to_stats(delta: Counter[str]) -> dict[str, int]:
    """Add ``delta`` to the signal counts in one statement; returns the new counts of its signals."""
    items = sorted((signal, n) for signal, n in delta.items() if n)
    if not items:
        return {}
    table = MatchSignalStat._meta.db_table
    with connection.cursor() as cursor:
        # Rows are written in signal order so that concurrent imports lock them in the same order.
        cursor.execute(
            f"""INSERT INTO {table} (signal, claims)
                SELECT s, n FROM unnest(%s::varchar[], %s::int[]) AS d(s, n) ORDER BY s
                ON CONFLICT (signal) DO UPDATE SET claims = GREATEST({table}.claims + EXCLUDED.claims, 0)
                RETURNING signal, claims""",
            [[s for s, _ in items], [n for _, n in items]],
        )
        return dict(cursor.fetchall())


def rebuild_signal_stats() -> int:
    """Recount every signal from the claims (after bulk loads or deletions); returns the number of claims."""
    table = MatchSignalStat._meta.db_table
    claims = Claim._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")
        cursor.execute(
            f"INSERT INTO {table} (signal, claims) "
            f"SELECT s, count(*) FROM {claims}, unnest(match_signals) AS s GROUP BY s"
        )
        cursor.execute(
            f"INSERT INTO {table} (signal, claims) SELECT %s, count(*) FROM {claims} WHERE match_signals <> '{{}}'",
            [TOTAL],
        )
        cursor.execute(f"SELECT claims FROM {table} WHERE signal = %s", [TOTAL])
        return cursor.fetchone()[0]


def _document_frequencies(signals: Iterable[str], known: dict[str, int] | None = None) -> dict[str, int]:
    """How many claims carry each signal (and TOTAL), one primary-key query for those not yet known."""
    known = known if known is not None else {}
    wanted = sorted({s for s in signals if s not in known} | ({TOTAL} - known.keys()))
    if wanted:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT signal, claims FROM {MatchSignalStat._meta.db_table} WHERE signal = ANY(%s::varchar(100)[])",
                [wanted],
            )
            known.update(cursor.fetchall())
        for signal in wanted:
            known.setdefault(signal, 0)
    return known
