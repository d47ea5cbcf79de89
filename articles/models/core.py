"""The newsroom's data: articles, the claims in them, sources, evidence links and verdicts.

Domain rules live here (verdict rules, status updates, optimistic locking, append-only history)
so that the web pages, Django admin and the management commands all obey them.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import unicodedata

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.models import Case, Exists, F, Func, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

UNDETERMINED = "und"


def normalise_text(text: str) -> str:
    """The form every stored text takes: Unicode NFC, nothing else changed."""
    return unicodedata.normalize("NFC", text)


def content_hash(body: str) -> str:
    return hashlib.sha256(normalise_text(body).encode("utf-8")).hexdigest()


class ArticleQuerySet(models.QuerySet):
    def with_open_candidates(self) -> ArticleQuerySet:
        return self.filter(claims__triage=Claim.Triage.CANDIDATE).distinct()


class Article(models.Model):
    class LanguageSource(models.TextChoices):
        DETECTED = "detected", _("detected")
        EDITOR = "editor", _("set by an editor")

    title = models.CharField(max_length=500, blank=True)
    body = models.TextField(help_text=_("The full text as imported, after Unicode NFC normalisation."))
    language = models.CharField(max_length=35, default=UNDETERMINED, help_text=_("BCP 47 code, or 'und'."))
    language_source = models.CharField(max_length=10, choices=LanguageSource.choices, default=LanguageSource.DETECTED)
    url = models.URLField(_("original URL"), max_length=2000, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    published = models.DateField(_("published on"), null=True, blank=True)
    content_hash = models.CharField(max_length=64, editable=False)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imported_articles",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-created_at", "-id"]
        constraints = [
            # The same page is imported once; articles pasted without a URL are allowed.
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="article_url_unique_when_set"),
            # The same text is stored once: the import's duplicate check, and the arbiter when two
            # imports of one text meet. (A constraint rather than unique=True, which also built a
            # varchar_pattern_ops index for LIKE 'prefix%' that no query runs.)
            models.UniqueConstraint(fields=["content_hash"], name="article_content_hash_unique"),
        ]
        indexes = [
            # The articles list, newest import first.
            models.Index(F("created_at").desc(), F("id").desc(), name="article_created_idx"),
            # Filters by language and by publication date on the articles list and dashboard counts.
            models.Index(fields=["language"], name="article_language_idx"),
            models.Index(fields=["published"], name="article_published_idx"),
            # The articles list's search `q` (icontains is UPPER(col) LIKE '%...%'): trigrams, any script.
            GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="article_title_trgm"),
            GinIndex(OpClass(Upper("body"), name="gin_trgm_ops"), name="article_body_trgm"),
        ]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"

    def save(self, *args, **kwargs):
        self.body = normalise_text(self.body)
        self.content_hash = content_hash(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("article_detail", args=[self.pk])


class ClaimGroup(models.Model):
    """Claims in several articles (and languages) confirmed by editors to state the same fact."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self) -> str:
        return f"Group {self.pk}"


class ClaimQuerySet(models.QuerySet):
    def candidates(self) -> ClaimQuerySet:
        return self.filter(triage=Claim.Triage.CANDIDATE)

    def due_for_review(self, today: datetime.date | None = None) -> ClaimQuerySet:
        """Claims whose review-by date has passed and that nobody has re-checked since."""
        today = today or timezone.localdate()
        return self.filter(review_by__lte=today).exclude(triage=Claim.Triage.DISMISSED)

    def with_related(self) -> ClaimQuerySet:
        return self.select_related("article", "assignee")

    def bulk_insert(self, claims: list[Claim]) -> list[Claim]:
        """bulk_create for new claims (the import's candidates) in one statement whose text is the same
        however many claims: the rows travel as one JSON document, which jsonb_populate_recordset reads
        with the table's own column types (arrays included). bulk_create writes a placeholder per value
        and psycopg parses and quotes each one: for an article's ~30 claims that was most of the cost of
        storing them. Sets each claim's pk; like bulk_create, no save() and no signals."""
        if not claims:
            return claims
        fields = [f for f in Claim._meta.concrete_fields if not f.primary_key]
        timestamps = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
        rows = []
        for claim in claims:
            for field in timestamps:
                field.pre_save(claim, add=True)
            rows.append({f.column: getattr(claim, f.attname) for f in fields})
        table = connection.ops.quote_name(Claim._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        values = ", ".join(f"r.{connection.ops.quote_name(f.column)}" for f in fields)
        with connection.cursor() as cursor:
            # RETURNING gives the rows in the order of the document (Django's own UNNEST insert relies on it).
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {values} "  # noqa: S608 - names from _meta
                f"FROM jsonb_populate_recordset(NULL::{table}, %s::jsonb) AS r RETURNING id",
                [json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False)],
            )
            ids = [pk for (pk,) in cursor.fetchall()]
        for claim, pk in zip(claims, ids, strict=True):
            claim.pk = pk
            claim._state.adding = False
        return claims

    # --- Matching across articles and outdated claims (articles/matching.py) -------------------

    def with_group_size(self) -> ClaimQuerySet:
        """`group_size`: how many claims share the claim's confirmed group (0 when it has none)."""
        size = (
            Claim.objects.filter(group_id=OuterRef("group_id"))
            .order_by()
            .values("group_id")
            .annotate(n=models.Count("id"))
            .values("n")
        )
        return self.annotate(group_size=Coalesce(Subquery(size), 0))

    def with_unconfirmed_matches(self) -> ClaimQuerySet:
        """`has_unconfirmed_matches`: a suggestion waits for an editor on either side of a pair."""
        return self.annotate(
            has_unconfirmed_matches=Exists(MatchSuggestion.objects.pending().filter(claim_a=OuterRef("pk")))
            | Exists(MatchSuggestion.objects.pending().filter(claim_b=OuterRef("pk")))
        )

    def unconfirmed_matches(self, value: bool = True) -> ClaimQuerySet:
        """Claims with (or, with ``value`` False, without) a suggestion waiting for an editor. An IN over
        the few pending pairs, not EXISTS per claim: a semi-join on the primary key at any size."""
        pending = MatchSuggestion.objects.pending()
        ids = pending.values("claim_a").union(pending.values("claim_b"))
        return self.filter(pk__in=ids) if value else self.exclude(pk__in=ids)

    def with_suggested_matches(self) -> ClaimQuerySet:
        """`suggested_matches`: the pending suggestions as "id:score | id:score", best first (CSV export)."""
        pending = MatchSuggestion.objects.pending().filter(Q(claim_a=OuterRef("pk")) | Q(claim_b=OuterRef("pk")))
        other = Case(When(claim_a=OuterRef("pk"), then=F("claim_b")), default=F("claim_a"))
        items = (
            pending.annotate(
                item=Concat(
                    Cast(other, models.TextField()),
                    Value(":"),
                    Func(F("score"), template="to_char(%(expressions)s, 'FM0.00')", output_field=models.TextField()),
                    output_field=models.TextField(),
                )
            )
            .order_by("-score", "id")
            .values("item")
        )
        return self.annotate(
            suggested_matches=Func(
                ArraySubquery(items), Value(" | "), function="array_to_string", output_field=models.TextField()
            )
        )

    def with_previous_status(self) -> ClaimQuerySet:
        """`previous_status`: the status before the latest verdict ("unreviewed" before the first)."""
        earlier = Verdict.objects.filter(claim=OuterRef("pk")).order_by("-created_at", "-id").values("status")[1:2]
        return self.annotate(
            previous_status=Case(
                When(status=Claim.Status.UNREVIEWED, then=Value("")),
                default=Coalesce(Subquery(earlier), Value(Claim.Status.UNREVIEWED.value)),
                output_field=models.CharField(),
            )
        )

    def with_last_verdict_editor(self) -> ClaimQuerySet:
        """`last_verdict_editor_id`: who recorded the latest verdict."""
        latest = Verdict.objects.filter(claim=OuterRef("pk")).order_by("-created_at", "-id").values("editor")[:1]
        return self.annotate(last_verdict_editor_id=Subquery(latest))

    def flag_due(self, today: datetime.date | None = None, *, assign: bool = False) -> tuple[list[Claim], int]:
        """The claims due for review on ``today``, oldest review date first, each with
        `last_verdict_editor` (a user or None); with ``assign``, each is given to the editor of its
        latest verdict.  Returns (claims, newly assigned).  The flag_due_claims command (cron) and
        the daily flag_due_claims job (articles/tasks.py) both call it."""
        from django.contrib.auth import get_user_model

        claims = list(
            self.due_for_review(today)
            .with_last_verdict_editor()
            .select_related("article", "assignee")
            .order_by("review_by", "id")
        )
        editors = get_user_model().objects.in_bulk({c.last_verdict_editor_id for c in claims} - {None})
        assigned = 0
        for claim in claims:
            claim.last_verdict_editor = editors.get(claim.last_verdict_editor_id)
            if assign and claim.last_verdict_editor is not None and claim.assignee_id != claim.last_verdict_editor.pk:
                claim.assign(claim.last_verdict_editor, editor=None)
                assigned += 1
        return claims, assigned


class StaleEditError(Exception):
    """The claim was changed by someone else since the editor loaded the page."""


class VerdictRuleError(ValidationError):
    """A verdict that the editorial rules do not allow."""


class Claim(models.Model):
    class Origin(models.TextChoices):
        EXTRACTED = "extracted", _("extracted")
        EDITOR = "editor", _("written by an editor")

    class Triage(models.TextChoices):
        CANDIDATE = "candidate", _("candidate")
        ACCEPTED = "accepted", _("accepted")
        DISMISSED = "dismissed", _("dismissed")

    class Status(models.TextChoices):
        UNREVIEWED = "unreviewed", _("unreviewed")
        VERIFIED = "verified", _("verified")
        DISPUTED = "disputed", _("disputed")
        OUTDATED = "outdated", _("outdated")

    # No index of its own: claim_article_span_idx starts with article_id and serves the same lookups.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims", db_index=False)
    text = models.TextField()
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)
    language = models.CharField(max_length=35, default=UNDETERMINED)
    checkworthiness = models.FloatField(default=0.0)
    reasons = ArrayField(
        models.CharField(max_length=100), default=list, blank=True, help_text=_("Why it was proposed.")
    )
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.EDITOR)
    triage = models.CharField(max_length=10, choices=Triage.choices, default=Triage.ACCEPTED)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UNREVIEWED)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    review_by = models.DateField(null=True, blank=True)
    claimant = models.CharField(max_length=300, blank=True, help_text=_("Who made the claim."))
    # No index of its own: claim_assignee_idx starts with assignee_id.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
        db_index=False,
    )
    group = models.ForeignKey(ClaimGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims")
    # Normalised numbers and names that identify the fact across scripts (see articles/matching.py).
    match_signals = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    # Bumped on every edit of text or claimant; a form carries it to refuse stale edits.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-created_at", "-id"]
        constraints = [
            # A span is both offsets or neither (an editor's free claim), and never empty.
            models.CheckConstraint(
                condition=Q(span_start__isnull=True, span_end__isnull=True)
                | Q(
                    span_start__isnull=False,
                    span_end__isnull=False,
                    span_start__gte=0,
                    span_end__gt=F("span_start"),
                ),
                name="claim_span_valid",
            ),
            models.CheckConstraint(
                condition=Q(checkworthiness__gte=0.0, checkworthiness__lte=1.0),
                name="claim_checkworthiness_in_unit_range",
            ),
            # One claim per passage of an article: re-imports and double clicks add nothing.
            models.UniqueConstraint(
                fields=["article", "span_start", "span_end"],
                condition=Q(span_start__isnull=False),
                name="claim_unique_span_per_article",
            ),
        ]
        indexes = [
            # The claims list, newest first (its default order).
            models.Index(F("created_at").desc(), F("id").desc(), name="claim_created_idx"),
            # Claims list filtered by status, most recently decided first; dashboard counts.
            models.Index(fields=["status", "-status_changed_at"], name="claim_status_idx"),
            # "Candidates waiting for triage", best first.
            models.Index(fields=["triage", "-checkworthiness"], name="claim_triage_score_idx"),
            # "Due for review": only claims that carry a review-by date. Covering the triage lets the
            # due count in every page's navigation be an index-only scan (240 ms -> 8 ms on 1M claims).
            models.Index(
                fields=["review_by"],
                include=["triage"],
                condition=Q(review_by__isnull=False),
                name="claim_review_by_idx",
            ),
            # "My assigned claims".
            models.Index(fields=["assignee", "status"], name="claim_assignee_idx"),
            # Claims list filtered by language, or by language and status ("disputed claims in Thai"):
            # its capped count is an index-only scan (22 ms -> 0.2 ms on 1M claims).
            models.Index(fields=["language", "status"], name="claim_language_idx"),
            # The article page lists its claims in text order.
            models.Index(fields=["article", "span_start"], name="claim_article_span_idx"),
            # Match candidates: claims carrying a signal (`@>`, one lookup per signal, articles.matching).
            # No fast-update pending list: every import both inserts and looks up, and each lookup
            # read the whole unsorted pending list (1 ms per signal instead of 0.01 ms).
            GinIndex(fields=["match_signals"], name="claim_match_signals_gin", fastupdate=False),
            # The claims list's search `q` on text and claimant (icontains), by trigrams.
            GinIndex(OpClass(Upper("text"), name="gin_trgm_ops"), name="claim_text_trgm"),
            GinIndex(OpClass(Upper("claimant"), name="gin_trgm_ops"), name="claim_claimant_trgm"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("claim_detail", args=[self.pk])

    def clean(self) -> None:
        if (self.span_start is None) != (self.span_end is None):
            raise ValidationError(_("A span needs both a start and an end offset."))
        if self.span_start is not None and self.span_end is not None:
            if not 0 <= self.span_start < self.span_end:
                raise ValidationError(_("A span must satisfy 0 <= start < end."))
            if self.article_id and self.span_end > len(self.article.body):
                raise ValidationError(_("The span runs past the end of the article."))

    # --- Editorial rules -------------------------------------------------------------------

    def verdict_problems(self, status: str, rationale: str) -> list[str]:
        """What stops this verdict from being recorded; empty when it may be."""
        problems = []
        if not rationale.strip():
            problems.append(gettext("Every verdict needs a rationale."))
        stances = set(self.evidence_stances())
        if status == self.Status.VERIFIED and Evidence.Stance.SUPPORTS not in stances:
            problems.append(gettext("A verified claim needs at least one linked source that supports it."))
        elif status == self.Status.DISPUTED and Evidence.Stance.REFUTES not in stances:
            problems.append(gettext("A disputed claim needs at least one linked source that refutes it."))
        elif status not in {self.Status.VERIFIED, self.Status.DISPUTED, self.Status.OUTDATED}:
            problems.append(gettext("%(status)r is not a verdict.") % {"status": status})
        return problems

    def evidence_stances(self) -> list[str]:
        """Stances of the sources linked to this claim or, when it is grouped, to its group."""
        if self.group_id:
            return list(
                Evidence.objects.filter(claim__group_id=self.group_id).values_list("stance", flat=True).distinct()
            )
        return list(self.evidence.values_list("stance", flat=True).distinct())

    def record_verdict(
        self,
        *,
        status: str,
        rationale: str,
        editor,
        review_by: datetime.date | None = None,
        applied_from: Verdict | None = None,
    ) -> Verdict:
        """Append a verdict and make it the claim's status, in one transaction."""
        with transaction.atomic():
            claim = Claim.objects.select_for_update().get(pk=self.pk)
            problems = claim.verdict_problems(status, rationale)
            if problems:
                raise VerdictRuleError(problems)
            verdict = Verdict.objects.create(
                claim=claim,
                status=status,
                rationale=rationale.strip(),
                review_by=review_by,
                editor=editor,
                applied_from=applied_from,
            )
            Claim.objects.filter(pk=claim.pk).update(
                status=status, status_changed_at=verdict.created_at, review_by=review_by, updated_at=timezone.now()
            )
        self.status, self.status_changed_at, self.review_by = status, verdict.created_at, review_by
        return verdict

    def edit(self, *, text: str, claimant: str, expected_version: int, editor) -> None:
        """Change text and claimant unless someone else changed them since `expected_version`."""
        text = normalise_text(text).strip()
        claimant = normalise_text(claimant).strip()
        if not text:
            raise ValidationError(_("A claim needs a text."))
        with transaction.atomic():
            claim = Claim.objects.select_for_update().get(pk=self.pk)
            if claim.version != expected_version:
                raise StaleEditError(
                    gettext(
                        "Someone else changed this claim while you were editing it; their text is kept. "
                        "Review it and make your change again."
                    )
                )
            if claim.text == text and claim.claimant == claimant:
                return
            ClaimEvent.objects.create(
                claim=claim,
                kind=ClaimEvent.Kind.EDITED,
                actor=editor,
                details={
                    "old_text": claim.text,
                    "new_text": text,
                    "old_claimant": claim.claimant,
                    "new_claimant": claimant,
                },
            )
            Claim.objects.filter(pk=claim.pk).update(
                text=text, claimant=claimant, version=F("version") + 1, updated_at=timezone.now()
            )
        self.refresh_from_db(fields=["text", "claimant", "version", "updated_at"])

    def set_triage(self, triage: str, *, editor) -> None:
        if triage == self.triage:
            return
        with transaction.atomic():
            ClaimEvent.objects.create(
                claim=self, kind=ClaimEvent.Kind.TRIAGED, actor=editor, details={"old": self.triage, "new": triage}
            )
            self.triage = triage
            self.save(update_fields=["triage", "updated_at"])

    def assign(self, assignee, *, editor) -> None:
        if assignee == self.assignee:
            return
        with transaction.atomic():
            ClaimEvent.objects.create(
                claim=self,
                kind=ClaimEvent.Kind.ASSIGNED,
                actor=editor,
                details={"assignee": assignee.get_username() if assignee else ""},
            )
            self.assignee = assignee
            self.save(update_fields=["assignee", "updated_at"])

    def link_source(self, source: Source, *, stance: str, quote: str = "", note: str = "", editor) -> Evidence:
        with transaction.atomic():
            evidence = Evidence.objects.create(
                claim=self, source=source, stance=stance, quote=quote, note=note, linked_by=editor
            )
            ClaimEvent.objects.create(
                claim=self,
                kind=ClaimEvent.Kind.EVIDENCE_ADDED,
                actor=editor,
                details={"source_id": source.pk, "url": source.url, "title": source.title, "stance": stance},
            )
        return evidence

    def unlink_evidence(self, evidence: Evidence, *, editor) -> None:
        with transaction.atomic():
            ClaimEvent.objects.create(
                claim=self,
                kind=ClaimEvent.Kind.EVIDENCE_REMOVED,
                actor=editor,
                details={
                    "source_id": evidence.source_id,
                    "url": evidence.source.url,
                    "title": evidence.source.title,
                    "stance": evidence.stance,
                    "quote": evidence.quote,
                    "note": evidence.note,
                },
            )
            evidence.delete()

    def group_members(self) -> ClaimQuerySet:
        """The other claims of this claim's confirmed group (none when it has no group)."""
        if not self.group_id:
            return Claim.objects.none()
        return Claim.objects.filter(group_id=self.group_id).exclude(pk=self.pk).select_related("article")

    def apply_verdict_to_group(self, *, editor, verdict: Verdict | None = None) -> list[Verdict]:
        """Record this claim's latest verdict (or ``verdict``) on every other claim of its group.

        Each claim gets its own verdict row with ``applied_from`` naming the original. The editorial
        rules are checked for each claim (sources count through the group) before anything is written:
        if any claim fails, none gets the verdict and VerdictRuleError lists what is missing where.
        Claims whose latest verdict already came from this one are left alone.
        """
        verdict = verdict or self.verdicts.order_by("-created_at", "-id").first()
        if verdict is None:
            raise VerdictRuleError(_("This claim has no verdict to apply yet."))
        if not self.group_id:
            raise VerdictRuleError(_("This claim is not in a group of matching claims."))
        with transaction.atomic():
            members = list(
                Claim.objects.select_for_update()
                .filter(group_id=self.group_id)
                .exclude(pk=self.pk)
                .exclude(triage=Claim.Triage.DISMISSED)
                .order_by("pk")
            )
            latest = {
                v.claim_id: v
                for v in Verdict.objects.filter(claim__in=members)
                .order_by("claim_id", "-created_at", "-id")
                .distinct("claim_id")
            }
            todo = [m for m in members if getattr(latest.get(m.pk), "applied_from_id", None) != verdict.pk]
            problems = [
                gettext("Claim %(id)s: %(problem)s") % {"id": m.pk, "problem": problem}
                for m in todo
                for problem in m.verdict_problems(verdict.status, verdict.rationale)
            ]
            if problems:
                raise VerdictRuleError(problems)
            return [
                m.record_verdict(
                    status=verdict.status,
                    rationale=verdict.rationale,
                    editor=editor,
                    review_by=verdict.review_by,
                    applied_from=verdict,
                )
                for m in todo
            ]


class Source(models.Model):
    url = models.URLField("URL", max_length=2000, unique=True)
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    published = models.DateField(_("published on"), null=True, blank=True)
    archived_url = models.URLField("archived copy URL", max_length=2000, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["-created_at", "-id"]
        indexes = [
            # "Link a source": search the existing sources by URL or title (icontains), by trigrams.
            GinIndex(OpClass(Upper("url"), name="gin_trgm_ops"), name="source_url_trgm"),
            GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="source_title_trgm"),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class Evidence(models.Model):
    class Stance(models.TextChoices):
        SUPPORTS = "supports", _("supports")
        REFUTES = "refutes", _("refutes")
        CONTEXT = "context", _("context")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="evidence")
    stance = models.CharField(max_length=10, choices=Stance.choices)
    quote = models.TextField("quoted passage", blank=True)
    note = models.TextField(blank=True)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["created_at", "id"]
        constraints = [
            # A source is linked to a claim once, with one stance.
            models.UniqueConstraint(fields=["claim", "source"], name="evidence_unique_claim_source"),
        ]
        indexes = [
            # The verdict rules ask "does this claim have a supporting / refuting source?".
            models.Index(fields=["claim", "stance"], name="evidence_claim_stance_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.stance} claim {self.claim_id}"


class VerdictQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Verdicts are history: record a new verdict instead of changing one.")

    def delete(self):
        raise PermissionError("Verdicts are history and cannot be deleted.")


class Verdict(models.Model):
    """One entry of a claim's append-only verdict history."""

    class Status(models.TextChoices):
        VERIFIED = Claim.Status.VERIFIED.value, _("verified")
        DISPUTED = Claim.Status.DISPUTED.value, _("disputed")
        OUTDATED = Claim.Status.OUTDATED.value, _("outdated")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="verdicts")
    status = models.CharField(max_length=10, choices=Status.choices)
    rationale = models.TextField()
    review_by = models.DateField(null=True, blank=True)
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="verdicts")
    # Set when the verdict was applied from another claim of the same group.
    applied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="applied_to")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = VerdictQuerySet.as_manager()

    class Meta:
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(rationale=""), name="verdict_rationale_required"),
        ]
        indexes = [
            # A claim's history, newest first, and "latest verdict per claim" in exports.
            models.Index(fields=["claim", "-created_at", "-id"], name="verdict_claim_latest_idx"),
            # "Recent verdicts" on the dashboard.
            models.Index(F("created_at").desc(), name="verdict_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.status} on claim {self.claim_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Verdicts are history: record a new verdict instead of changing one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Verdicts are history and cannot be deleted.")


class ClaimEvent(models.Model):
    """Everything else that happened to a claim: edits, triage, evidence added and removed."""

    class Kind(models.TextChoices):
        EDITED = "edited", _("text edited")
        TRIAGED = "triaged", _("triaged")
        ASSIGNED = "assigned", _("assigned")
        EVIDENCE_ADDED = "evidence_added", _("source linked")
        EVIDENCE_REMOVED = "evidence_removed", _("source unlinked")
        GROUPED = "grouped", _("grouped")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("claim event")
        verbose_name_plural = _("claim events")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The claim page's history.
            models.Index(fields=["claim", "-created_at"], name="claimevent_claim_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on claim {self.claim_id}"


class MatchSuggestionQuerySet(models.QuerySet):
    def pending(self) -> MatchSuggestionQuerySet:
        """Suggestions waiting for an editor, between claims that are still in play."""
        return self.filter(state=MatchSuggestion.State.SUGGESTED).exclude(
            Q(claim_a__triage=Claim.Triage.DISMISSED) | Q(claim_b__triage=Claim.Triage.DISMISSED)
        )

    def pending_for(self, claim: Claim) -> list[MatchSuggestion]:
        """The claim page's suggestions, best first, each with `other` set to the claim on the far side."""
        rows = (
            self.pending()
            .filter(Q(claim_a=claim) | Q(claim_b=claim))
            .select_related("claim_a__article", "claim_b__article")
            .order_by("-score", "id")
        )
        suggestions = list(rows)
        for suggestion in suggestions:
            suggestion.other = suggestion.claim_b if suggestion.claim_a_id == claim.pk else suggestion.claim_a
        return suggestions


class MatchSuggestion(models.Model):
    """Two claims in different articles that may state the same fact."""

    class State(models.TextChoices):
        SUGGESTED = "suggested", _("suggested")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")

    claim_a = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    claim_b = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.SUGGESTED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MatchSuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("match suggestion")
        verbose_name_plural = _("match suggestions")
        ordering = ["-score", "id"]
        constraints = [
            # Each pair is stored once, smaller id first; a rejected pair stays to block re-suggestion.
            models.CheckConstraint(condition=Q(claim_a__lt=F("claim_b")), name="match_pair_ordered"),
            models.UniqueConstraint(fields=["claim_a", "claim_b"], name="match_pair_unique"),
        ]
        indexes = [
            # Suggestions for a claim on its page and in the export (either side of the pair).
            models.Index(fields=["claim_b", "state"], name="match_claim_b_idx"),
            models.Index(fields=["claim_a", "state"], name="match_claim_a_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.claim_a_id} ~ {self.claim_b_id} ({self.score:.2f})"

    def confirm(self, *, editor) -> ClaimGroup:
        """The two claims state the same fact: put them in one group (creating, extending or merging
        groups) and record it in both histories. articles.matching.confirm_suggestion calls this and then
        learns name aliases from the pair (matching depends on the models, never the reverse)."""
        with transaction.atomic():
            suggestion = MatchSuggestion.objects.select_for_update().get(pk=self.pk)
            claims = list(Claim.objects.select_for_update().filter(pk__in=[self.claim_a_id, self.claim_b_id]))
            group_ids = sorted({c.group_id for c in claims if c.group_id})
            if group_ids:
                sizes = dict(
                    Claim.objects.filter(group_id__in=group_ids).values_list("group_id").annotate(n=models.Count("id"))
                )
                group = ClaimGroup.objects.get(pk=max(group_ids, key=lambda g: (sizes.get(g, 0), -g)))
            else:
                group = ClaimGroup.objects.create(created_by=editor)
            joining = list(
                Claim.objects.filter(Q(pk__in=[c.pk for c in claims]) | Q(group_id__in=group_ids))
                .exclude(group_id=group.pk)
                .values_list("pk", flat=True)
            )
            now = timezone.now()
            ClaimEvent.objects.bulk_create(
                ClaimEvent(
                    claim_id=pk,
                    kind=ClaimEvent.Kind.GROUPED,
                    actor=editor,
                    details={"group": group.pk, "pair": [self.claim_a_id, self.claim_b_id]},
                    created_at=now,
                )
                for pk in joining
            )
            Claim.objects.filter(pk__in=joining).update(group=group, updated_at=now)
            suggestion.state, suggestion.decided_by, suggestion.decided_at = self.State.CONFIRMED, editor, now
            suggestion.save(update_fields=["state", "decided_by", "decided_at"])
            # Pending pairs that now sit inside one group are settled by this confirmation.
            MatchSuggestion.objects.filter(
                state=self.State.SUGGESTED, claim_a__group=group, claim_b__group=group
            ).update(state=self.State.CONFIRMED, decided_by=editor, decided_at=now)
        self.state, self.decided_by, self.decided_at = suggestion.state, editor, now
        return group

    def reject(self, *, editor) -> None:
        """Not the same fact: the pair stays stored as rejected so that it is never suggested again."""
        now = timezone.now()
        MatchSuggestion.objects.filter(pk=self.pk).update(state=self.State.REJECTED, decided_by=editor, decided_at=now)
        self.state, self.decided_by, self.decided_at = self.State.REJECTED, editor, now


class MatchSignalStat(models.Model):
    """How many claims carry each match signal: the document frequency that weighs signals by rarity.

    Kept up to date by articles.matching when a claim's signals change; the row with signal "*" counts
    the claims that carry any signal. A primary-key lookup per signal keeps scoring fast at any size.
    """

    signal = models.CharField(max_length=100, primary_key=True)
    claims = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.signal}: {self.claims}"


class NameAlias(models.Model):
    """Spellings of one name across scripts (DeepSeek = ディープシーク), grown from confirmations."""

    alias = models.CharField(max_length=100, unique=True)
    canonical = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("name alias")
        verbose_name_plural = _("name aliases")
        ordering = ["canonical", "alias"]
        indexes = [models.Index(fields=["canonical"], name="namealias_canonical_idx")]

    def __str__(self) -> str:
        return f"{self.alias} = {self.canonical}"
