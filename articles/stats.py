"""The dashboard's counts, computed in one pass over the claims and kept for a minute.

Counting a million claims by status and by language takes a sequential scan (a few hundred
ms); editors do not need those numbers to the second, so they are cached for COUNTS_TTL in the
cache every worker and host shares (PostgreSQL, factcheck/cache.py). When they are due, one
process recounts (the one that wins `cache.add` of REFRESH_LOCK) while the others go on showing
the previous counts, so that N workers never scan the claims at the same moment.
"""

from __future__ import annotations

import time
from collections import Counter

from django.core.cache import cache
from django.db.models import Count

from articles.models import Claim

COUNTS_TTL = 60  # seconds the counts are shown as they are
KEEP_STALE = 15 * 60  # seconds the last counts are kept to show while one process recounts
CACHE_KEY = "articles:dashboard-counts:v2"
REFRESH_LOCK = "articles:dashboard-counts:refreshing"
REFRESH_LOCK_TTL = 30  # a recount that crashed lets another try after this


def _count() -> dict:
    rows = (
        Claim.objects.exclude(triage=Claim.Triage.DISMISSED)
        .order_by()
        .values_list("status", "language")
        .annotate(n=Count("id"))
    )
    by_status: Counter = Counter()
    by_language: Counter = Counter()
    for status, language, n in rows:
        by_status[status] += n
        by_language[language] += n
    return {"status": by_status, "language": by_language}


def claim_counts() -> dict:
    """{"status": Counter, "language": Counter} over the claims that are not dismissed."""
    cached = cache.get(CACHE_KEY)
    if cached is not None:
        fresh_until, counts = cached
        if time.time() < fresh_until or not cache.add(REFRESH_LOCK, True, REFRESH_LOCK_TTL):
            return counts  # fresh, or another process is recounting them
    counts = _count()
    cache.set(CACHE_KEY, (time.time() + COUNTS_TTL, counts), KEEP_STALE)
    return counts


def forget_counts() -> None:
    cache.delete_many([CACHE_KEY, REFRESH_LOCK])
