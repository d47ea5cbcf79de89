"""Pagination that stays cheap on a million rows.

Django's Paginator runs COUNT(*) over the whole result, which costs a scan of every matching
row. Here the count stops at `count_cap` rows (COUNT over a LIMITed subquery: the page says
"more than 1,000"), and "is there a next page" is answered by fetching one row more than a page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import BadRequest
from django.db.models import QuerySet
from django.http import Http404, QueryDict

PER_PAGE = 50
COUNT_CAP = 1_000
# PostgreSQL's OFFSET is a bigint: a page whose offset would pass it is past the end of any list.
MAX_OFFSET = 2**63 - 1


@dataclass
class Page:
    object_list: list
    number: int
    per_page: int
    count: int  # exact when not count_capped, else "more than count_cap"
    count_capped: bool
    has_next: bool
    query_prefix: str  # the current query string without `page`, ending in "&" when not empty

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.object_list)

    @property
    def count_display(self) -> str:
        """'1,234', or 'more than 1,000' when the count was capped."""
        return f"more than {self.count:,}" if self.count_capped else f"{self.count:,}"

    @property
    def num_pages(self) -> int | None:
        """The last page's number, or None when the count was capped."""
        if self.count_capped:
            return None
        return max(1, -(-self.count // self.per_page))


def paginate(queryset: QuerySet, query: QueryDict, *, per_page: int = PER_PAGE, count_cap: int = COUNT_CAP) -> Page:
    """The page named by query["page"]: three queries, whatever the size of `queryset`."""
    raw = query.get("page", "1")
    try:
        number = int(raw)
    except ValueError:
        raise BadRequest("That page number is not a whole number.") from None
    if number < 1:
        raise BadRequest("Pages are numbered from 1.")
    offset = (number - 1) * per_page
    if offset + per_page + 1 > MAX_OFFSET:
        raise Http404("That page is past the end of the list.")
    # First the page's ids, which an index on the sort columns answers without reading the rows
    # it skips (a deep OFFSET stays cheap), then those rows with their joins.
    ids = list(queryset.values_list("pk", flat=True)[offset : offset + per_page + 1])
    by_id = {row.pk: row for row in queryset.order_by().filter(pk__in=ids)}
    rows = [by_id[pk] for pk in ids if pk in by_id]
    if number > 1 and not rows:
        raise Http404("That page is past the end of the list.")
    count = queryset.order_by().values("pk")[: count_cap + 1].count()
    rest = query.copy()
    rest.pop("page", None)
    encoded = rest.urlencode()
    return Page(
        object_list=rows[:per_page],
        number=number,
        per_page=per_page,
        count=min(count, count_cap),
        count_capped=count > count_cap,
        has_next=len(rows) > per_page,
        query_prefix=f"{encoded}&" if encoded else "",
    )
