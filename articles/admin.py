from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from articles.export import CONTENT_TYPE as EXPORT_CONTENT_TYPE
from articles.export import ClaimExport, export_filename
from articles.matching import refresh_matches
from articles.models import (
    ApiToken,
    Article,
    Claim,
    ClaimEvent,
    ClaimExportFile,
    ClaimGroup,
    Evidence,
    ImportBatch,
    ImportFile,
    MatchSuggestion,
    NameAlias,
    Source,
    Verdict,
)


class CheckedAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget looks a submitted value up as it came: "abc" for an id was a 500
    when the form was shown again with its errors. Values that are not ids are left out."""

    def optgroups(self, name, value, attr=None):
        pk = self.field.remote_field.model._meta.pk
        valid = []
        for item in value:
            try:
                pk.to_python(item)
            except ValidationError:
                continue
            valid.append(item)
        return super().optgroups(name, valid, attr)


class CheckedAutocomplete:
    """Mixin for ModelAdmins and inlines with autocomplete_fields (see CheckedAutocompleteSelect)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = CheckedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ClaimInline(admin.TabularInline):
    model = Claim
    fk_name = "article"
    extra = 0
    fields = ["text", "language", "checkworthiness", "triage", "status"]
    readonly_fields = ["status"]
    show_change_link = True
    ordering = ["span_start", "id"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "publisher", "published", "claim_count", "imported_by", "created_at"]
    list_filter = ["language", "language_source", "published", "created_at"]
    search_fields = ["title", "url", "publisher"]
    list_select_related = ["imported_by"]
    raw_id_fields = ["imported_by"]
    readonly_fields = ["content_hash", "created_at", "updated_at"]
    date_hierarchy = "created_at"
    inlines = [ClaimInline]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(ordering="claim_count", description=_("claims"))
    def claim_count(self, obj: Article) -> int:
        return obj.claim_count


class EvidenceInline(CheckedAutocomplete, admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["source", "stance", "quote", "note", "linked_by", "created_at"]
    readonly_fields = ["linked_by", "created_at"]
    autocomplete_fields = ["source"]


class VerdictInline(ReadOnlyInline):
    model = Verdict
    fk_name = "claim"
    fields = ["status", "rationale", "review_by", "editor", "applied_from", "created_at"]
    readonly_fields = fields


class ClaimEventInline(ReadOnlyInline):
    model = ClaimEvent
    fields = ["kind", "details", "actor", "created_at"]
    readonly_fields = fields


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = [
        "short_text",
        "article",
        "language",
        "status",
        "triage",
        "checkworthiness",
        "assignee",
        "review_by",
        "status_changed_at",
    ]
    list_filter = ["status", "triage", "origin", "language", "review_by", "status_changed_at"]
    search_fields = ["text", "claimant", "article__title"]
    list_select_related = ["article", "assignee"]
    raw_id_fields = ["article", "assignee", "group", "created_by"]
    readonly_fields = ["status", "status_changed_at", "version", "match_signals", "created_at", "updated_at"]
    date_hierarchy = "created_at"
    inlines = [EvidenceInline, VerdictInline, ClaimEventInline]
    actions = ["export_csv"]

    @admin.action(description=_("Export selected claims as CSV"), permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset) -> StreamingHttpResponse:
        """The selected claims (or all that match the filters, with "select all") in the export format."""
        rows = ClaimExport(queryset, base_url=f"{request.scheme}://{request.get_host()}")
        response = StreamingHttpResponse(rows.stream(), content_type=EXPORT_CONTENT_TYPE)
        filename = export_filename(request.GET, suffix="selected")
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response

    @admin.display(ordering="text", description=_("claim"))
    def short_text(self, obj: Claim) -> str:
        return obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"

    def save_model(self, request, obj: Claim, form, change) -> None:
        super().save_model(request, obj, form, change)
        if not change or {"text", "language", "article"} & set(form.changed_data):
            # Same rule as the editors' pages: new or reworded claims get their match suggestions.
            refresh_matches(obj)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Evidence) and instance.linked_by_id is None:
                instance.linked_by = request.user
        formset.save()


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "url", "publisher", "published", "added_by", "created_at"]
    list_filter = ["published", "created_at"]
    search_fields = ["title", "url", "publisher"]
    list_select_related = ["added_by"]
    raw_id_fields = ["added_by"]
    date_hierarchy = "created_at"


@admin.register(Evidence)
class EvidenceAdmin(CheckedAutocomplete, admin.ModelAdmin):
    list_display = ["claim", "source", "stance", "linked_by", "created_at"]
    list_filter = ["stance", "created_at"]
    search_fields = ["claim__text", "source__title", "source__url", "quote", "note"]
    list_select_related = ["claim", "source", "linked_by"]
    raw_id_fields = ["claim", "linked_by"]
    autocomplete_fields = ["source"]
    date_hierarchy = "created_at"


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    """Verdicts can be added (through the editorial rules) but never changed or deleted."""

    list_display = ["claim", "status", "editor", "review_by", "created_at"]
    list_filter = ["status", "review_by", "created_at"]
    search_fields = ["claim__text", "rationale"]
    list_select_related = ["claim", "editor"]
    raw_id_fields = ["claim", "applied_from"]
    fields = ["claim", "status", "rationale", "review_by", "applied_from", "editor", "created_at"]
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["editor", "created_at"]
        return self.fields

    def has_change_permission(self, request, obj=None) -> bool:
        # Allow the change page to open (read-only) for viewing, never saving.
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj: Verdict, form, change) -> None:
        verdict = obj.claim.record_verdict(
            status=obj.status,
            rationale=obj.rationale,
            review_by=obj.review_by,
            editor=request.user,
            applied_from=obj.applied_from,
        )
        obj.pk = verdict.pk
        obj.created_at = verdict.created_at

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)

        class VerdictRulesForm(form_class):
            def clean(self):
                cleaned = super().clean()
                claim = cleaned.get("claim")
                if claim is not None and cleaned.get("status"):
                    problems = claim.verdict_problems(cleaned["status"], cleaned.get("rationale") or "")
                    if problems:
                        raise ValidationError(problems)
                return cleaned

        return VerdictRulesForm


@admin.register(ClaimEvent)
class ClaimEventAdmin(admin.ModelAdmin):
    list_display = ["claim", "kind", "actor", "created_at"]
    list_filter = ["kind", "created_at"]
    search_fields = ["claim__text"]
    list_select_related = ["claim", "actor"]
    raw_id_fields = ["claim", "actor"]
    date_hierarchy = "created_at"

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


class GroupClaimInline(ReadOnlyInline):
    model = Claim
    fk_name = "group"
    fields = ["text", "language", "article", "status"]
    readonly_fields = fields


@admin.register(ClaimGroup)
class ClaimGroupAdmin(admin.ModelAdmin):
    list_display = ["__str__", "size", "created_by", "created_at"]
    list_select_related = ["created_by"]
    raw_id_fields = ["created_by"]
    list_filter = ["created_at"]
    inlines = [GroupClaimInline]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(size=Count("claims"))

    @admin.display(ordering="size", description=_("claims"))
    def size(self, obj: ClaimGroup) -> int:
        return obj.size


@admin.register(MatchSuggestion)
class MatchSuggestionAdmin(admin.ModelAdmin):
    list_display = ["claim_a", "claim_b", "score", "state", "decided_by", "created_at"]
    list_filter = ["state", "created_at"]
    search_fields = ["claim_a__text", "claim_b__text"]
    list_select_related = ["claim_a", "claim_b", "decided_by"]
    raw_id_fields = ["claim_a", "claim_b", "decided_by"]


@admin.register(NameAlias)
class NameAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "canonical", "created_at"]
    search_fields = ["alias", "canonical"]


# --- Background work (issue 14). The jobs themselves are procrastinate's admin pages (Procrastinate >
# Jobs: state, attempts, events and errors; its "Retry Job" action re-queues failed jobs).


class ImportFileInline(admin.TabularInline):
    model = ImportFile
    fields = ["position", "name", "size", "status", "reason", "article"]
    readonly_fields = fields
    raw_id_fields = ["article"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "state", "total", "imported", "duplicates", "failed", "job_id", "created_at"]
    list_filter = ["state", "created_at"]
    search_fields = ["name", "owner__username"]
    list_select_related = ["owner"]
    readonly_fields = [f.name for f in ImportBatch._meta.fields]
    inlines = [ImportFileInline]
    actions = ["queue_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Import the files left again (a new job for unfinished batches)"))
    def queue_again(self, request: HttpRequest, queryset) -> None:
        from articles import tasks

        queued = 0
        for batch in queryset.exclude(state=ImportBatch.State.DONE):
            job_id = tasks.import_batch.configure(lock=f"import-batch-{batch.pk}").defer(batch_id=batch.pk)
            ImportBatch.objects.filter(pk=batch.pk).update(job_id=job_id, state=ImportBatch.State.QUEUED, error="")
            queued += 1
        self.message_user(request, f"{queued} batch(es) queued again.")


@admin.register(ClaimExportFile)
class ClaimExportFileAdmin(admin.ModelAdmin):
    list_display = ["filename", "owner", "state", "expected_rows", "rows", "size", "created_at"]
    list_filter = ["state", "created_at"]
    list_select_related = ["owner"]
    readonly_fields = [f.name for f in ClaimExportFile._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


admin.site.site_header = "factcheck administration"
admin.site.site_title = "factcheck admin"


# --- Publishing fact-checks (articles/publishing.py) -----------------------------------------
from articles.models import ExternalReview, FactCheck, FactCheckEvent, RatingLabel  # noqa: E402


@admin.register(RatingLabel)
class RatingLabelAdmin(admin.ModelAdmin):
    """The rating labels readers see and the verdicts' names, per language: admins edit them here."""

    list_display = ["language", "status", "label", "name"]
    list_editable = ["label", "name"]
    list_filter = ["status", "language"]
    search_fields = ["language", "label", "name"]


class FactCheckEventInline(ReadOnlyInline):
    model = FactCheckEvent
    fields = ["kind", "actor", "details", "created_at"]
    readonly_fields = fields
    show_change_link = False


@admin.register(FactCheck)
class FactCheckAdmin(admin.ModelAdmin):
    """Published fact-checks. Publish and unpublish on the claim's publish page, which records history."""

    list_display = ["headline", "language", "claim", "published_at", "updated_at", "unpublished_at"]
    list_filter = ["language", "published_at", "unpublished_at"]
    search_fields = ["headline", "summary", "claim__text"]
    list_select_related = ["claim"]
    raw_id_fields = ["claim", "group", "published_by"]
    readonly_fields = ["slug", "published_by", "published_at", "updated_at", "unpublished_at"]
    inlines = [FactCheckEventInline]

    # Publishing, editing and unpublishing go through the claim's publish page (articles.publishing),
    # which checks the rules and records the history: here fact-checks are read only.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(ExternalReview)
class ExternalReviewAdmin(admin.ModelAdmin):
    """Other fact-checkers' reviews imported by `manage.py import_claimreviews`."""

    list_display = ["claim_reviewed", "rating", "language", "source", "imported_at"]
    list_filter = ["language", "imported_at"]
    search_fields = ["claim_reviewed", "rating", "source__url"]
    list_select_related = ["source"]
    raw_id_fields = ["source"]
    readonly_fields = ["match_signals", "imported_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Admins see every user's API tokens, create one for a user (its key shown once) and revoke (delete)."""

    list_display = ["name", "user", "prefix", "created_at"]
    list_select_related = ["user"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["prefix", "created_at"]
    fields = ["user", "name", "prefix", "created_at"]
    raw_id_fields = ["user"]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False if obj is not None else super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj, form, change) -> None:
        if change:
            return
        token, key = ApiToken.objects.issue(obj.user, obj.name)
        obj.pk, obj.key_hash, obj.prefix, obj.created_at = token.pk, token.key_hash, token.prefix, token.created_at
        obj._state.adding = False
        self.message_user(
            request,
            _("The key of “%(name)s” for %(user)s (shown once): %(key)s")
            % {"name": token.name, "user": obj.user, "key": key},
        )
