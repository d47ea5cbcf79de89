"""Publishing fact-checks (ClaimReview).

A published fact-check is the public face of one claim's verdict (or of a whole group's):
its page, its ClaimReview JSON-LD and its feed entries read the claim's current verdict, so a
later verdict shows at once. articles/publishing.py builds the pages, JSON-LD and feeds.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .core import UNDETERMINED, Claim, ClaimGroup, Source, Verdict


class RatingLabel(models.Model):
    """The words readers see for a verdict in one language, editable by admins.

    ``label`` is the rating shown to readers and written as reviewRating.alternateName ("False",
    "เท็จ"); ``name`` is the verdict's own name in that language ("disputed", "bị bác bỏ"), for
    pages that name the three verdicts (issue 12). Defaults for en, th, vi, ja, km and ar are created
    by migration 0012; a language without a row falls back to its primary subtag, then to English.
    """

    status = models.CharField(max_length=10, choices=Verdict.Status.choices)
    language = models.CharField(max_length=35, help_text=_("BCP 47 code, e.g. 'th' or 'pt-BR'."))
    label = models.CharField(max_length=100, help_text=_("The rating shown to readers, e.g. 'False'."))
    name = models.CharField(max_length=100, blank=True, help_text=_("The verdict's name in this language."))

    class Meta:
        verbose_name = _("rating label")
        verbose_name_plural = _("rating labels")
        ordering = ["language", "status"]
        constraints = [
            # One label per verdict and language: the lookup of a fact-check's rating label.
            models.UniqueConstraint(fields=["status", "language"], name="ratinglabel_status_language_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.language} {self.status}: {self.label}"


class FactCheckQuerySet(models.QuerySet):
    def public(self) -> FactCheckQuerySet:
        """What readers may see: published and not withdrawn."""
        return self.filter(unpublished_at__isnull=True)

    def in_language(self, language: str) -> FactCheckQuerySet:
        """Fact-checks in ``language`` or one of its regional forms (``pt`` also gives ``pt-BR``)."""
        return self.filter(Q(language__iexact=language) | Q(language__istartswith=f"{language}-"))


class FactCheck(models.Model):
    """A claim's verdict published for readers (once per claim; for a group, one per group)."""

    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, related_name="fact_check")
    # Set when the fact-check covers the claim's whole group: every member's articles appear.
    group = models.OneToOneField(
        ClaimGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="fact_check"
    )
    headline = models.CharField(max_length=300)
    summary = models.TextField(max_length=2000)
    # The editor's own rating label, valid for the status it was written for; when a later
    # verdict changes the status the default label of the new status is shown instead.
    rating_label = models.CharField(max_length=100, blank=True)
    rating_status = models.CharField(max_length=10, blank=True)
    slug = models.SlugField(max_length=80)
    language = models.CharField(max_length=35, default=UNDETERMINED)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(default=timezone.now)
    # Headline, summary or label changed by an editor (a new verdict moves dateModified as well).
    updated_at = models.DateTimeField(default=timezone.now)
    unpublished_at = models.DateTimeField(null=True, blank=True)

    objects = FactCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("fact-check")
        verbose_name_plural = _("fact-checks")
        ordering = ["-published_at", "-id"]
        indexes = [
            # The feeds and the ClaimReview data feed: public fact-checks, newest first.
            models.Index(
                F("published_at").desc(),
                F("id").desc(),
                condition=Q(unpublished_at__isnull=True),
                name="factcheck_public_idx",
            ),
            # The feeds filtered by ?language=.
            models.Index(fields=["language"], condition=Q(unpublished_at__isnull=True), name="factcheck_language_idx"),
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("factcheck_public", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.unpublished_at is None


class FactCheckEvent(models.Model):
    """The publishing history of a fact-check: kept when it is unpublished."""

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("published")
        UPDATED = "updated", _("updated")
        UNPUBLISHED = "unpublished", _("unpublished")
        REPUBLISHED = "republished", _("published again")

    fact_check = models.ForeignKey(FactCheck, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The claim page's publishing history, newest first.
            models.Index(fields=["fact_check", "-created_at"], name="factcheckevent_fc_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} fact-check {self.fact_check_id}"


class ExternalReview(models.Model):
    """Another fact-checker's ClaimReview, imported by `import_claimreviews` and kept as a Source.

    Its match signals (articles.matching) let the claim page suggest it when a claim states the
    same fact."""

    source = models.OneToOneField(Source, on_delete=models.CASCADE, related_name="external_review")
    claim_reviewed = models.TextField()
    claimant = models.CharField(max_length=300, blank=True)
    rating = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=35, default=UNDETERMINED)
    note = models.TextField(blank=True, help_text=_("Rating, publisher and date, as imported."))
    match_signals = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    imported_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("external fact-check")
        verbose_name_plural = _("external fact-checks")
        ordering = ["-imported_at", "-id"]
        indexes = [
            # Suggested fact-checks on the claim page: reviews sharing a claim's signals (`&&`).
            GinIndex(fields=["match_signals"], name="externalreview_signals_gin"),
        ]

    def __str__(self) -> str:
        return self.claim_reviewed[:80]
