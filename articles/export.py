"""Claims as CSV: the one writer behind the export button, the admin action and `export_claims`.

One SQL query builds every row, all columns already as text: latest verdict, sources and match
suggestions are aggregated per claim with LATERAL subqueries, and formula injection is
neutralised in SQL. PostgreSQL writes the rows as CSV through `COPY (query) TO STDOUT WITH
(FORMAT csv)`, streamed; Python only turns each record's line end into CRLF and sends a chunk of
records on, so memory stays flat and the number of queries does not grow with the number of rows.
The benchmark runs the same query through a bare `COPY ... WITH CSV` as the physical limit.

Format (documented column by column in README.md, "CSV export"): RFC 4180 quoting, CRLF line
ends, UTF-8 with a byte-order mark, dates in ISO 8601, one row per claim in claim id order.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator, Mapping

from django.contrib.auth import get_user_model
from django.db import connections, router
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, Claim, Evidence, MatchSuggestion, Source, Verdict

COLUMNS = (
    "claim_id",
    "claim_text",
    "claim_language",
    "claimant",
    "status",
    "status_date",
    "verdict_editor",
    "verdict_rationale",
    "review_by",
    "triage",
    "checkworthiness",
    "article_id",
    "article_title",
    "article_url",
    "article_publisher",
    "article_published",
    "article_language",
    "sources",
    "supporting_sources",
    "refuting_sources",
    "source_count",
    "claim_url",
    # Cross-article matching and outdated claims (issue 6).
    "group_id",
    "suggested_matches",
    "previous_status",
)

BOM = "\ufeff"
CRLF = b"\r\n"
CONTENT_TYPE = "text/csv; charset=utf-8"
# A cell starting with one of these is prefixed with a single quote so that no spreadsheet
# evaluates it (OWASP, "CSV injection"). The full-width forms are included because spreadsheets
# in Japanese and Chinese locales may turn them into their ASCII twins when a cell is re-entered.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
SEPARATOR = " | "
CHUNK_ROWS = 5000
# Query-string keys that change the order or the page of a list, not which claims it holds.
NOT_A_FILTER = frozenset({"o", "page", "p", "e", "_changelist_filters"})

_URL_ID_SENTINEL = 918273645546372819


def neutralise(value: str) -> str:
    """The cell as written to the file: prefixed with ' when a spreadsheet would evaluate it."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def _sql_literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("'", "''").replace("\t", "\\t").replace("\r", "\\r")
    return f"E'{escaped}'"


_PREFIX_LIST = ", ".join(_sql_literal(p) for p in FORMULA_PREFIXES)


def _safe(expression: str) -> str:
    """SQL for `neutralise(expression)`; NULL stays NULL (an empty cell)."""
    return f"CASE WHEN left({expression}, 1) IN ({_PREFIX_LIST}) THEN '''' || {expression} ELSE {expression} END"


def _iso_date(expression: str) -> str:
    return f"""to_char({expression}, 'YYYY-MM-DD')"""


def _iso_utc(expression: str) -> str:
    return f"""to_char({expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""


def claim_url_parts(base_url: str) -> tuple[str, str]:
    """What goes before and after a claim's id in its absolute URL, e.g. ("https://x/claims/", "/")."""
    try:
        path = reverse("claim_detail", args=[_URL_ID_SENTINEL])
    except NoReverseMatch:  # pragma: no cover - the claim page is part of the app
        path = f"/claims/{_URL_ID_SENTINEL}/"
    before, after = path.split(str(_URL_ID_SENTINEL))
    return base_url.rstrip("/") + before, after


def export_sql(queryset: QuerySet, *, base_url: str) -> tuple[str, list]:
    """The query whose rows are the CSV rows (every value text or NULL), and its parameters.

    `queryset` selects the claims (a FilterSet's `.qs`, an admin changelist's selection...); its
    ordering, select_related and annotations are ignored: rows come in claim id order.
    """
    ids_sql, ids_params = queryset.order_by().values("pk").query.sql_with_params()
    url_before, url_after = claim_url_parts(base_url)
    user_model = get_user_model()
    claim, article, verdict = Claim._meta.db_table, Article._meta.db_table, Verdict._meta.db_table
    evidence, source, match = Evidence._meta.db_table, Source._meta.db_table, MatchSuggestion._meta.db_table
    user, username = user_model._meta.db_table, user_model._meta.get_field(user_model.USERNAME_FIELD).column
    stance, state = Evidence.Stance, MatchSuggestion.State.SUGGESTED
    dismissed = Claim.Triage.DISMISSED
    sep = _sql_literal(SEPARATOR)
    # Every literal % is doubled: the text goes through the driver's %s parameter substitution.
    columns = [
        "c.id::text",
        _safe("c.text"),
        _safe("c.language"),
        _safe("c.claimant"),
        "c.status",
        _iso_utc("c.status_changed_at"),
        _safe(f"u.{username}"),
        _safe("lv.rationale"),
        _iso_date("c.review_by"),
        "c.triage",
        "c.checkworthiness::text",
        "a.id::text",
        _safe("a.title"),
        _safe("a.url"),
        _safe("a.publisher"),
        _iso_date("a.published"),
        _safe("a.language"),
        "ev.sources",
        _safe("ev.supporting"),
        _safe("ev.refuting"),
        "ev.n::text",
        "%s || c.id::text || %s",
        "c.group_id::text",
        "sg.matches",
        "CASE WHEN lv.claim_id IS NOT NULL THEN coalesce(lv.previous_status, 'unreviewed') END",
    ]
    assert len(columns) == len(COLUMNS)
    select = ",\n  ".join(f'{expr} AS "{name}"' for expr, name in zip(columns, COLUMNS, strict=True))
    sql = f"""SELECT
  {select}
FROM {claim} c
JOIN {article} a ON a.id = c.article_id
LEFT JOIN LATERAL (
  SELECT v.claim_id, v.rationale, v.editor_id,
         lead(v.status) OVER (ORDER BY v.created_at DESC, v.id DESC) AS previous_status
  FROM {verdict} v WHERE v.claim_id = c.id
  ORDER BY v.created_at DESC, v.id DESC LIMIT 1
) lv ON true
LEFT JOIN {user} u ON u.id = lv.editor_id
LEFT JOIN LATERAL (
  SELECT string_agg(e.stance || ': ' || s.url, {sep} ORDER BY e.created_at, e.id) AS sources,
         string_agg(s.url, {sep} ORDER BY e.created_at, e.id) FILTER (WHERE e.stance = '{stance.SUPPORTS}')
           AS supporting,
         string_agg(s.url, {sep} ORDER BY e.created_at, e.id) FILTER (WHERE e.stance = '{stance.REFUTES}')
           AS refuting,
         count(*) AS n
  FROM {evidence} e JOIN {source} s ON s.id = e.source_id
  WHERE e.claim_id = c.id
) ev ON true
LEFT JOIN LATERAL (
  SELECT string_agg(m.other::text || ':' || round(m.score::numeric, 2)::text, {sep}
                    ORDER BY m.score DESC, m.other) AS matches
  FROM (
    SELECT claim_b_id AS other, score FROM {match} WHERE claim_a_id = c.id AND state = '{state}'
    UNION ALL
    SELECT claim_a_id AS other, score FROM {match} WHERE claim_b_id = c.id AND state = '{state}'
  ) m
  JOIN {claim} o ON o.id = m.other
  -- The same pairs as MatchSuggestion.objects.pending(): both claims still in play.
  WHERE o.triage <> '{dismissed}' AND c.triage <> '{dismissed}'
) sg ON true
WHERE c.id IN ({ids_sql})
ORDER BY c.id"""  # noqa: S608 - identifiers from model metadata; values are parameters
    return sql, [url_before, url_after, *ids_params]


class ClaimExport:
    """Streams the claims of `queryset` as CSV bytes; `rows` counts the data rows written so far."""

    def __init__(self, queryset: QuerySet, *, base_url: str, chunk_rows: int = CHUNK_ROWS) -> None:
        self.queryset = queryset
        self.base_url = base_url
        self.chunk_rows = chunk_rows
        self.rows = 0

    def __iter__(self) -> Iterator[bytes]:
        return self.stream()

    def stream(self) -> Iterator[bytes]:
        header = io.StringIO()
        csv.writer(header, lineterminator="\r\n").writerow(COLUMNS)
        yield (BOM + header.getvalue()).encode("utf-8")
        sql, params = export_sql(self.queryset, base_url=self.base_url)
        connection = connections[router.db_for_read(Claim)]
        # PostgreSQL writes the CSV itself (RFC 4180 quoting, UTF-8) and streams it: it keeps
        # producing rows while this process sends them on. COPY takes no bound parameters, so they
        # are merged here by the driver's own quoting. The protocol sends COPY TO data as one
        # CopyData message per row, so each message is one record ending in "\n" (a line break
        # inside a quoted cell is never the message's last byte): swapping that byte for CRLF is
        # all that is left to do, with no Python work per cell. Leaving early (a client that
        # disconnects closes this generator) makes psycopg cancel the COPY; the connection stays
        # usable.
        statement = connection.ops.compose_sql(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params)
        with connection.cursor() as cursor, cursor.copy(statement) as copy:
            batch = []
            for record in copy:
                batch.append(record[:-1])
                if len(batch) == self.chunk_rows:
                    self.rows += len(batch)
                    yield CRLF.join(batch) + CRLF
                    batch = []
            if batch:
                self.rows += len(batch)
                yield CRLF.join(batch) + CRLF


def export_filename(data: Mapping[str, str], *, today: datetime.date | None = None, suffix: str = "") -> str:
    """A name that says what the file holds: `claims-2026-11-24-status-disputed.csv`."""
    today = today or timezone.localdate()
    parts = ["claims", today.isoformat()]
    for key, value in data.items():
        if key in NOT_A_FILTER or not str(value).strip():
            continue
        parts.append(slugify(key.replace("__", "-")))
        value_slug = slugify(str(value))
        if value_slug:
            parts.append(value_slug)
    if suffix:
        parts.append(suffix)
    return "-".join(parts)[:180].rstrip("-") + ".csv"
