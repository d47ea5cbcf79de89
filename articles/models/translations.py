"""Translations between articles (issue 10)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .core import Article


class TranslationLinkQuerySet(models.QuerySet):
    def for_article(self, article: Article) -> list[TranslationLink]:
        """The article page's links (not the rejected ones), each with `other` set to the far side."""
        rows = (
            self.filter(Q(article_a=article) | Q(article_b=article))
            .exclude(status=TranslationLink.Status.REJECTED)
            .select_related("article_a", "article_b")
            .defer("article_a__body", "article_b__body")
            .order_by("article_a_id", "article_b_id")
        )
        links = list(rows)
        for link in links:
            link.other = link.article_b if link.article_a_id == article.pk else link.article_a
        return links


class TranslationLink(models.Model):
    """Two articles that are translations (or close rewrites) of one another, found on import by
    articles.matching.translations; article_a is the older one (the original, as far as we know)."""

    class Status(models.TextChoices):
        DETECTED = "detected", _("detected")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")

    article_a = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    article_b = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DETECTED)
    score = models.FloatField()
    detected_at = models.DateTimeField(default=timezone.now, editable=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = TranslationLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("translation link")
        verbose_name_plural = _("translation links")
        constraints = [
            # Each pair is stored once, smaller id first; a rejected pair stays to block re-detection
            # (the detection's INSERT ... ON CONFLICT on this constraint leaves decided rows alone).
            models.CheckConstraint(condition=Q(article_a__lt=F("article_b")), name="translation_pair_ordered"),
            models.UniqueConstraint(fields=["article_a", "article_b"], name="translation_pair_unique"),
        ]
        indexes = [
            # The links of an article on its page, from the b side (the unique index serves the a side).
            models.Index(fields=["article_b"], name="translation_article_b_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.article_a_id} ~ {self.article_b_id} ({self.status})"

    def decide(self, status: str, *, editor) -> None:
        """An editor confirms or rejects the link; a rejected link is never detected again."""
        now = timezone.now()
        TranslationLink.objects.filter(pk=self.pk).update(status=status, decided_by=editor, decided_at=now)
        self.status, self.decided_by, self.decided_at = status, editor, now
