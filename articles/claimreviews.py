"""Reading other fact-checkers' ClaimReview data feeds into Sources (`manage.py import_claimreviews`).

A feed is JSON or JSON-LD: one ClaimReview, a list of them, a JSON-LD ``@graph``, or a schema.org
DataFeed whose ``dataFeedElement`` holds ClaimReviews or DataFeedItems with an ``item``. Each review
becomes a Source (its URL, publisher, date; the claim as title) with an ExternalReview holding the
claim, rating and match signals. Every record is stored in its own transaction; a bad or partial
one is reported (which record, why) and skipped; a URL already stored is a duplicate.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction

from articles import matching
from articles.models import UNDETERMINED, ExternalReview, Source, normalise_text

IMPORTED, DUPLICATE, FAILED = "imported", "duplicate", "failed"


class FeedError(ValueError):
    """The file is not a ClaimReview feed at all (not JSON, or no records in it)."""


@dataclass
class RecordResult:
    position: str  # "record 3" (and the review's URL when it has one)
    status: str
    reason: str = ""
    source: Source | None = None


@dataclass
class ImportReport:
    results: list[RecordResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> int:
        return self.count(FAILED)

    def line(self) -> str:
        return f"imported {self.count(IMPORTED)}, duplicates {self.count(DUPLICATE)}, failed {self.failed}"


def _is_type(record: dict, name: str) -> bool:
    kind = record.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == name for k in kinds)


def records(document) -> Iterator[object]:
    """Every record of a feed that should be a ClaimReview, in document order (non-dicts included,
    so that they are reported)."""
    if isinstance(document, list):
        for item in document:
            yield from records(item) if isinstance(item, dict) and not _is_type(item, "ClaimReview") else [item]
        return
    if not isinstance(document, dict):
        yield document
        return
    if "@graph" in document:
        yield from records(document["@graph"])
    elif "dataFeedElement" in document:
        yield from records(document["dataFeedElement"])
    elif _is_type(document, "DataFeedItem"):
        item = document.get("item")
        yield from records(item if isinstance(item, list) else [item])
    else:
        yield document


def _text(value) -> str:
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return normalise_text(value).strip() if isinstance(value, str) else ""


def _date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"datePublished {value!r} is not a date")
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError(f"datePublished {value!r} is not an ISO 8601 date") from None


def _number(value) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"ratingValue {value!r} is not a number") from None


@dataclass
class Review:
    url: str
    claim_reviewed: str
    publisher: str
    published: datetime.date | None
    rating: str
    claimant: str
    language: str

    @property
    def note(self) -> str:
        parts = [f"Rating: {self.rating}"]
        if self.publisher:
            parts.append(f"by {self.publisher}")
        if self.published:
            parts.append(f"on {self.published.isoformat()}")
        return ", ".join(parts) + "."


def parse_review(record) -> Review:
    """One ClaimReview record, or ValueError saying what is wrong with it."""
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    if not _is_type(record, "ClaimReview"):
        raise ValueError(f"@type is {record.get('@type')!r}, not ClaimReview")
    url = record.get("url")
    if not isinstance(url, str) or not url.strip():
        raise ValueError("no url")
    url = url.strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValueError(f"url {url[:200]!r} is not an http(s) URL") from None
    if len(url) > 2000:
        raise ValueError("url is longer than 2000 characters")
    claim_reviewed = _text(record.get("claimReviewed"))
    if not claim_reviewed:
        raise ValueError("no claimReviewed")
    rating = record.get("reviewRating")
    if not isinstance(rating, dict):
        raise ValueError("no reviewRating")
    label = _text(rating.get("alternateName")) or _text(rating.get("name"))
    value = _number(rating.get("ratingValue"))
    if not label and value is None:
        raise ValueError("reviewRating has neither alternateName nor ratingValue")
    if value is not None:
        best, worst = _number(rating.get("bestRating")), _number(rating.get("worstRating"))
        scale = f"{value:g}/{best:g}" if best is not None else f"{value:g}"
        if worst is not None:
            scale += f" (worst {worst:g})"
        label = f"{label} ({scale})" if label else scale
    item = record.get("itemReviewed") if isinstance(record.get("itemReviewed"), dict) else {}
    language = _text(record.get("inLanguage")) or UNDETERMINED
    return Review(
        url=url,
        claim_reviewed=claim_reviewed,
        publisher=_text(record.get("author"))[:300],
        published=_date(record.get("datePublished")),
        rating=label[:200],
        claimant=_text(item.get("author"))[:300],
        language=language[:35],
    )


def store_review(review: Review, *, user=None) -> tuple[str, Source]:
    """Store one review in its own transaction: (IMPORTED or DUPLICATE, its Source). A source that
    an editor added by hand under the same URL gets the review attached."""
    with transaction.atomic():
        source = Source.objects.select_for_update().filter(url=review.url).first()
        if source is not None and ExternalReview.objects.filter(source=source).exists():
            return DUPLICATE, source
        if source is None:
            source = Source.objects.create(
                url=review.url,
                title=review.claim_reviewed[:500],
                publisher=review.publisher,
                published=review.published,
                added_by=user,
            )
        aliases = matching.Aliases.for_texts([review.claim_reviewed])
        signals = matching.compute_signals(review.claim_reviewed, aliases, language=review.language)
        ExternalReview.objects.create(
            source=source,
            claim_reviewed=review.claim_reviewed,
            claimant=review.claimant,
            rating=review.rating,
            language=review.language,
            note=review.note,
            match_signals=signals,
        )
    return IMPORTED, source


def import_feed(text: str, *, user=None) -> ImportReport:
    """Import every ClaimReview of a feed's text; FeedError when it is not JSON or holds nothing."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise FeedError(f"not JSON: {error}") from None
    report = ImportReport()
    for index, record in enumerate(records(document), start=1):
        position = f"record {index}"
        if isinstance(record, dict) and isinstance(record.get("url"), str) and record["url"].strip():
            position += f" ({record['url'][:200]})"
        try:
            review = parse_review(record)
            status, source = store_review(review, user=user)
        except (ValueError, IntegrityError, ValidationError) as error:
            report.results.append(RecordResult(position, FAILED, str(error)))
            continue
        reason = "this URL is already stored" if status == DUPLICATE else ""
        report.results.append(RecordResult(position, status, reason, source))
    if not report.results:
        raise FeedError("no ClaimReview records found")
    return report
