"""Publishing fact-checks: the domain rules, the rating labels, ClaimReview JSON-LD and suggestions.

A FactCheck is a window on a claim's verdict: its page, JSON-LD and feed entries read the claim's
current status, latest verdict and sources, so a later verdict shows at once and moves
``dateModified``. Publishing, editing, unpublishing and publishing again are FactCheckEvents.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles.models import (
    UNDETERMINED,
    Claim,
    Evidence,
    ExternalReview,
    FactCheck,
    FactCheckEvent,
    RatingLabel,
    Verdict,
    normalise_text,
)

SCHEMA_CONTEXT = "https://schema.org"
# The rating scale of our ClaimReviews: 1 (false) to 5 (true); outdated sits in the middle.
BEST_RATING, WORST_RATING = 5, 1
RATING_VALUES = {
    Claim.Status.VERIFIED: 5,
    Claim.Status.OUTDATED: 3,
    Claim.Status.DISPUTED: 1,
}
FALLBACK_LANGUAGE = "en"

# Defaults written by migration 0012 (admins edit them in Django admin): language -> status ->
# (label shown to readers, the verdict's name in that language).
DEFAULT_RATING_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {"verified": ("True", "verified"), "disputed": ("False", "disputed"), "outdated": ("Outdated", "outdated")},
    "th": {"verified": ("จริง", "ยืนยันแล้ว"), "disputed": ("เท็จ", "มีข้อโต้แย้ง"), "outdated": ("ล้าสมัย", "ล้าสมัย")},
    "vi": {
        "verified": ("Đúng", "đã xác minh"),
        "disputed": ("Sai", "bị bác bỏ"),
        "outdated": ("Đã lỗi thời", "lỗi thời"),
    },
    "ja": {"verified": ("正確", "検証済み"), "disputed": ("誤り", "反証あり"), "outdated": ("古い情報", "情報が古い")},
    "km": {
        "verified": ("ពិត", "បានផ្ទៀងផ្ទាត់"),
        "disputed": ("មិនពិត", "មានការជំទាស់"),
        "outdated": ("ហួសសម័យ", "ហួសសម័យ"),
    },
    "ar": {"verified": ("صحيح", "تم التحقق"), "disputed": ("خطأ", "متنازع عليه"), "outdated": ("قديم", "قديم")},
}

LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")


class PublishError(ValidationError):
    """A fact-check that may not be published (no verdict, dismissed claim, group already published)."""


# --- Rating labels -------------------------------------------------------------------------


class RatingLabels:
    """Every rating label, read in one query (the table holds a few rows per language)."""

    def __init__(self, rows: Iterable[RatingLabel] | None = None):
        if rows is None:
            rows = RatingLabel.objects.all()
        self._labels = {(row.status, row.language.lower()): row for row in rows}

    def _row(self, status: str, language: str) -> RatingLabel | None:
        language = (language or FALLBACK_LANGUAGE).lower()
        for code in (language, language.split("-")[0], FALLBACK_LANGUAGE):
            row = self._labels.get((status, code))
            if row is not None:
                return row
        return None

    @staticmethod
    def _default(status: str, language: str) -> tuple[str, str]:
        """The built-in (label, name) when no row says otherwise (e.g. after the table was emptied)."""
        language = (language or FALLBACK_LANGUAGE).lower()
        for code in (language, language.split("-")[0], FALLBACK_LANGUAGE):
            if status in DEFAULT_RATING_LABELS.get(code, {}):
                return DEFAULT_RATING_LABELS[code][status]
        return (status, status)

    def label(self, status: str, language: str) -> str:
        row = self._row(status, language)
        return row.label if row is not None else self._default(status, language)[0]

    def name(self, status: str, language: str) -> str:
        row = self._row(status, language)
        return (row.name or row.label) if row is not None else self._default(status, language)[1]


def rating_label(fact_check: FactCheck, labels: RatingLabels) -> str:
    """The label readers see: the editor's own while the status is the one it was written for."""
    status = fact_check.claim.status
    if fact_check.rating_label and fact_check.rating_status == status:
        return fact_check.rating_label
    return labels.label(status, fact_check.language)


def date_modified(fact_check: FactCheck) -> datetime.datetime:
    """The later of the editor's last change and the claim's latest verdict."""
    changed = fact_check.claim.status_changed_at
    return max(fact_check.updated_at, changed) if changed else fact_check.updated_at


def make_slug(headline: str) -> str:
    """An ASCII slug of the headline (Vietnamese loses its accents; Thai or Japanese give "fact-check")."""
    return slugify(headline)[:80].strip("-") or "fact-check"


# --- Publishing ----------------------------------------------------------------------------


def publish(
    claim: Claim, *, headline: str, summary: str, rating_label: str = "", whole_group: bool = False, editor
) -> FactCheck:
    """Publish (or update, or publish again) the fact-check of ``claim``, recording the event."""
    headline = normalise_text(headline).strip()
    summary = normalise_text(summary).strip()
    rating_label = normalise_text(rating_label).strip()
    if not headline or not summary:
        raise PublishError(_("A fact-check needs a headline and a summary."))
    with transaction.atomic():
        claim = Claim.objects.select_for_update().select_related("article").get(pk=claim.pk)
        if claim.status == Claim.Status.UNREVIEWED:
            raise PublishError(_("Record a verdict before publishing this claim."))
        if claim.triage == Claim.Triage.DISMISSED:
            raise PublishError(_("A dismissed claim cannot be published."))
        if whole_group and not claim.group_id:
            raise PublishError(_("This claim is not in a group of matching claims."))
        fact_check = FactCheck.objects.select_for_update().filter(claim=claim).first()
        now = timezone.now()
        values = {
            "headline": headline,
            "summary": summary,
            "rating_label": rating_label,
            "rating_status": claim.status if rating_label else "",
            "slug": make_slug(headline),
            "language": claim.language or UNDETERMINED,
            "group_id": claim.group_id if whole_group else None,
        }
        if fact_check is None:
            fact_check = FactCheck(claim=claim, published_by=editor, published_at=now, updated_at=now, **values)
            kind = FactCheckEvent.Kind.PUBLISHED
        else:
            kind = FactCheckEvent.Kind.REPUBLISHED if fact_check.unpublished_at else FactCheckEvent.Kind.UPDATED
            for name, value in values.items():
                setattr(fact_check, name, value)
            fact_check.updated_at, fact_check.unpublished_at = now, None
        try:
            with transaction.atomic():
                fact_check.save()
        except IntegrityError:
            raise PublishError(_("Another claim of this group already publishes the group's fact-check.")) from None
        FactCheckEvent.objects.create(
            fact_check=fact_check,
            kind=kind,
            actor=editor,
            details={
                "headline": headline,
                "status": claim.status,
                "rating_label": rating_label,
                "group": values["group_id"],
            },
            created_at=now,
        )
    return fact_check


def unpublish(fact_check: FactCheck, *, editor) -> None:
    """Withdraw the public page (it answers 404); the fact-check and its history stay."""
    with transaction.atomic():
        locked = FactCheck.objects.select_for_update().get(pk=fact_check.pk)
        if locked.unpublished_at is not None:
            return
        now = timezone.now()
        FactCheck.objects.filter(pk=locked.pk).update(unpublished_at=now)
        FactCheckEvent.objects.create(
            fact_check=locked, kind=FactCheckEvent.Kind.UNPUBLISHED, actor=editor, created_at=now
        )
    fact_check.unpublished_at = now


# --- What the public pages and feeds read --------------------------------------------------


# What the pages, JSON-LD and feeds read of a claim and its article: only these columns (psycopg's
# loading of the timestamps and arrays left out was a third of the data feed's time).
CLAIM_FIELDS = ["text", "claimant", "language", "status", "status_changed_at", "review_by", "group_id", "article_id"]
ARTICLE_FIELDS = ["title", "url", "publisher", "published", "language"]


def public_fact_checks() -> QuerySet[FactCheck]:
    """Public fact-checks with their claim, article and group members: constant queries for any number."""
    members = (
        Claim.objects.select_related("article")
        .only(*CLAIM_FIELDS, *(f"article__{f}" for f in ARTICLE_FIELDS))
        .order_by("pk")
    )
    return (
        FactCheck.objects.public()
        .select_related("claim__article")
        .only(
            *(f.name for f in FactCheck._meta.concrete_fields),
            *(f"claim__{f}" for f in CLAIM_FIELDS),
            *(f"claim__article__{f}" for f in ARTICLE_FIELDS),
        )
        .prefetch_related(Prefetch("group__claims", queryset=members, to_attr="members"))
    )


def covered_claims(fact_check: FactCheck) -> list[Claim]:
    """The claims the fact-check covers: its claim, then the rest of its group when it covers one."""
    claim = fact_check.claim
    if fact_check.group_id and fact_check.group is not None:
        return [claim] + [c for c in fact_check.group.members if c.pk != claim.pk]
    return [claim]


@dataclass
class PageData:
    """What the public page shows beyond the fact-check row."""

    claims: list[Claim]
    verdict: Verdict | None
    evidence: list[Evidence]


def page_data(fact_check: FactCheck) -> PageData:
    """Two queries: the latest verdict and the sources of every covered claim."""
    claims = covered_claims(fact_check)
    verdict = (
        Verdict.objects.filter(claim_id=fact_check.claim_id).order_by("-created_at", "-id").first()
        if fact_check.claim.status != Claim.Status.UNREVIEWED
        else None
    )
    evidence = list(
        Evidence.objects.filter(claim_id__in=[c.pk for c in claims])
        .select_related("source")
        .order_by("source_id", "created_at", "id")
        .distinct("source_id")
    )
    evidence.sort(key=lambda e: (e.created_at, e.pk))
    return PageData(claims=claims, verdict=verdict, evidence=evidence)


def absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def claim_review(fact_check: FactCheck, *, base_url: str, labels: RatingLabels) -> dict:
    """The fact-check as a schema.org ClaimReview (Google's required and recommended properties)."""
    claim = fact_check.claim
    article = claim.article
    url = absolute(base_url, fact_check.get_absolute_url())
    appearances = []
    for covered in covered_claims(fact_check):
        if covered.article.url and covered.article.url not in {a["url"] for a in appearances}:
            work = {"@type": "CreativeWork", "url": covered.article.url}
            if covered.article.title:
                work["headline"] = covered.article.title
            if covered.article.published:
                work["datePublished"] = covered.article.published.isoformat()
            appearances.append(work)
    item = {"@type": "Claim"}
    if claim.claimant:
        item["author"] = {"@type": "Person", "name": claim.claimant}
    elif article.publisher:
        item["author"] = {"@type": "Organization", "name": article.publisher}
    if article.published:
        item["datePublished"] = article.published.isoformat()
    if appearances:
        item["appearance"] = appearances
        item["firstAppearance"] = appearances[0]
    status = claim.status
    data = {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "url": url,
        "headline": fact_check.headline,
        "description": fact_check.summary,
        "claimReviewed": claim.text,
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING_VALUES.get(status, WORST_RATING),
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": rating_label(fact_check, labels),
        },
        "author": {
            "@type": "Organization",
            "name": settings.FACTCHECK_ORGANISATION,
            "url": settings.FACTCHECK_ORGANISATION_URL,
        },
        "datePublished": fact_check.published_at.date().isoformat(),
        "dateModified": date_modified(fact_check).isoformat(),
        "inLanguage": fact_check.language,
    }
    if claim.review_by:
        data["expires"] = claim.review_by.isoformat()
    return data


def data_feed(fact_checks: Iterable[FactCheck], *, base_url: str, labels: RatingLabels) -> dict:
    """A schema.org DataFeed of ClaimReviews, the shape fact-check aggregators poll."""
    elements = [
        {
            "@type": "DataFeedItem",
            "dateCreated": fc.published_at.isoformat(),
            "dateModified": date_modified(fc).isoformat(),
            "item": [claim_review(fc, base_url=base_url, labels=labels)],
        }
        for fc in fact_checks
    ]
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "DataFeed",
        "name": settings.FACTCHECK_ORGANISATION,
        "url": absolute(base_url, "/fact-checks/claimreview.json"),
        "dateModified": max((e["dateModified"] for e in elements), default=timezone.now().isoformat()),
        "dataFeedElement": elements,
    }


def feed_last_modified(language: str = "") -> datetime.datetime | None:
    """When the data feed last changed: the latest publish, edit or unpublish of a fact-check, edit or
    verdict of its claim (claims' updated_at moves with both, and with group changes) or edit of its
    article. One aggregate query; conditional GETs (If-Modified-Since) are answered 304 from it."""
    rows = FactCheck.objects.all()
    if language:
        rows = rows.in_language(language)
    found = rows.aggregate(
        last_edit=Max("updated_at"),
        last_unpublish=Max("unpublished_at"),
        last_claim_change=Max("claim__updated_at"),
        last_article_change=Max("claim__article__updated_at"),
    )
    stamps = [value for value in found.values() if value is not None]
    return max(stamps) if stamps else None


# Like django.utils.html.json_script: nothing in the JSON can close the <script> element or open a
# comment in it ("</script>", "<!--"), whatever the claim says; U+2028/9 are escaped for old parsers.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def json_ld(data: dict) -> SafeString:
    """A <script type="application/ld+json"> element: data, never executed, safe inside HTML."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above


# --- Other fact-checkers' reviews as suggested sources -------------------------------------

SUGGESTED_REVIEWS = 5
MIN_SHARED_SIGNALS = 2


def suggested_reviews(claim: Claim, limit: int = SUGGESTED_REVIEWS) -> list[ExternalReview]:
    """Imported fact-checks that share at least two match signals with the claim (one names
    something or gives a figure in any script: articles.matching), most shared first, not yet linked.
    One indexed query (`&&` on the GIN index), none when the claim has no signals."""
    signals = list(claim.match_signals or [])
    if not signals:
        return []
    rows = list(
        ExternalReview.objects.filter(match_signals__overlap=signals)
        .exclude(source__evidence__claim=claim)
        .select_related("source")
        .order_by("-imported_at")[:200]
    )
    wanted = set(signals)
    scored = []
    for review in rows:
        shared = wanted.intersection(review.match_signals)
        if len(shared) >= min(MIN_SHARED_SIGNALS, len(wanted)):
            review.shared_signals = sorted(shared)
            scored.append(review)
    scored.sort(key=lambda r: (-len(r.shared_signals), -r.pk))
    return scored[:limit]
