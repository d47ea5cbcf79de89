"""FilterSets shared by the list pages and their CSV exports.

A bad parameter is never dropped silently: callers check `filterset.is_valid()` and show
`filterset.errors` (the pages as form errors, the exports as an error page).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import EMPTY_VALUES, RegexValidator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Claim, Evidence, Source, Verdict

YES_NO = [("yes", _("yes")), ("no", _("no"))]

# BCP 47-ish: "en", "pt-BR", "zh-Hant-TW", "und". Enough to refuse junk with a clear message.
language_code = RegexValidator(
    r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$", _("Enter a language code such as en, th or pt-BR.")
)


class IdFilter(django_filters.Filter):
    """An object id given as a whole number (no <select> over 100,000 rows)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.NumberInput(attrs={"min": 1}))
        super().__init__(*args, **kwargs)


def editor_choices() -> QuerySet:
    """People who can be assigned a claim or record a verdict: editors and admins."""
    return (
        get_user_model()
        .objects.filter(Q(groups__name="editors") | Q(is_superuser=True), is_active=True)
        .distinct()
        .order_by("username")
    )


def any_user() -> QuerySet:
    return get_user_model().objects.order_by("username")


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sortable columns; every order ends with the id so that pages never overlap."""

    descending_fmt = _("%s (descending)")

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.order_by(*[self.get_ordering_value(param) for param in value], "-id")


class RangeCheckedForm(forms.Form):
    """A filter form that refuses ranges whose start is after their end."""

    ranges: dict[str, tuple] = {}

    def clean(self):
        cleaned = super().clean()
        for name, (low, high) in self.ranges.items():
            _check_range(self, name, low, high)
        return cleaned


class ClaimFilterForm(RangeCheckedForm):
    ranges = {"score": (0, 1), "created": (None, None), "status_changed": (None, None)}


class ArticleFilterForm(RangeCheckedForm):
    ranges = {"published": (None, None), "imported": (None, None)}


# The columns the claims list shows (articles/templatetags/factcheck.py: claim_rows): loading only
# these halves the ORM's work per row (no arrays to parse, no article text).
CLAIM_LIST_FIELDS = (
    "id",
    "text",
    "claimant",
    "language",
    "status",
    "triage",
    "checkworthiness",
    "status_changed_at",
    "review_by",
    "created_at",
    "article__id",
    "article__title",
    "article__language",
    "assignee__id",
    "assignee__username",
)


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Text or claimant contains"), max_length=200)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Claim.Status.choices, empty_label=_("any status"))
    triage = django_filters.ChoiceFilter(
        label=_("Triage"), choices=Claim.Triage.choices, empty_label=_("any triage state")
    )
    language = django_filters.CharFilter(label=_("Language"), max_length=35, validators=[language_code])
    article = IdFilter(field_name="article_id", label=_("Article id"))
    assignee = django_filters.ModelChoiceFilter(
        queryset=editor_choices(),
        label=_("Assigned to"),
        empty_label=_("anyone"),
        null_label=_("nobody"),
        null_value="none",
    )
    verdict_editor = django_filters.ModelChoiceFilter(
        queryset=any_user(), method="filter_verdict_editor", label=_("Verdict by"), empty_label=_("anyone")
    )
    created = django_filters.DateFromToRangeFilter(field_name="created_at", label=_("Created between"))
    status_changed = django_filters.DateFromToRangeFilter(
        field_name="status_changed_at", label=_("Status changed between")
    )
    has_sources = django_filters.ChoiceFilter(
        choices=YES_NO, method="filter_has_sources", label=_("Has sources"), empty_label=_("either")
    )
    review_due = django_filters.ChoiceFilter(
        choices=[("yes", _("yes"))], method="filter_review_due", label=_("Due for review"), empty_label=_("either")
    )
    score = django_filters.RangeFilter(field_name="checkworthiness", label=_("Check-worthiness between"))
    unconfirmed_matches = django_filters.ChoiceFilter(
        choices=YES_NO, method="filter_unconfirmed_matches", label=_("Has unconfirmed matches"), empty_label=_("either")
    )
    o = StableOrderingFilter(
        fields=(
            ("created_at", "created"),
            ("status_changed_at", "status_changed"),
            ("checkworthiness", "score"),
            ("review_by", "review_by"),
        ),
        field_labels={
            "created_at": _("Created"),
            "status_changed_at": _("Status changed"),
            "checkworthiness": _("Check-worthiness"),
            "review_by": _("Review by"),
        },
        label=_("Sort by"),
        empty_label=_("newest first"),
    )

    class Meta:
        model = Claim
        form = ClaimFilterForm
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            # Lists show the article's title, never its body (a few kB per row).
            queryset = Claim.objects.with_related().with_group_size().defer("article__body")
        super().__init__(data, queryset, request=request, prefix=prefix)

    # --- methods ---------------------------------------------------------------------------

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(text__icontains=value) | Q(claimant__icontains=value))

    def filter_verdict_editor(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(Exists(Verdict.objects.filter(claim=OuterRef("pk"), editor=value)))

    def filter_has_sources(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        has = Exists(Evidence.objects.filter(claim=OuterRef("pk")))
        if value == "yes":
            return queryset.filter(has)
        if value == "no":
            return queryset.filter(~has)
        return queryset

    def filter_review_due(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.due_for_review() if value == "yes" else queryset

    def filter_unconfirmed_matches(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value in ("yes", "no"):
            return queryset.unconfirmed_matches(value == "yes")
        return queryset


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Title or text contains"), max_length=200)
    language = django_filters.CharFilter(label=_("Language"), max_length=35, validators=[language_code])
    published = django_filters.DateFromToRangeFilter(label=_("Published between"))
    imported = django_filters.DateFromToRangeFilter(field_name="created_at", label=_("Imported between"))
    has_candidates = django_filters.ChoiceFilter(
        choices=YES_NO, method="filter_has_candidates", label=_("Has open candidates"), empty_label=_("either")
    )

    class Meta:
        model = Article
        form = ArticleFilterForm
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = Article.objects.defer("body")  # the list shows titles, not texts
        super().__init__(data, queryset, request=request, prefix=prefix)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(body__icontains=value))

    def filter_has_candidates(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        has = Exists(Claim.objects.filter(article=OuterRef("pk"), triage=Claim.Triage.CANDIDATE))
        if value == "yes":
            return queryset.filter(has)
        if value == "no":
            return queryset.filter(~has)
        return queryset


def _check_range(form: forms.Form, name: str, low=None, high=None) -> None:
    """Refuse a range whose start is after its end, or whose bounds leave [low, high]."""
    value = form.cleaned_data.get(name)
    if not value:
        return
    start, stop = value.start, value.stop
    bounds = [bound for bound in (start, stop) if bound is not None]
    if (low is not None and any(b < low for b in bounds)) or (high is not None and any(b > high for b in bounds)):
        form.add_error(name, _("Both bounds must lie between %(low)s and %(high)s.") % {"low": low, "high": high})
    if start is not None and stop is not None and start > stop:
        form.add_error(name, _("The start of the range is after its end."))


def search_sources(query: str, limit: int = 20) -> QuerySet:
    """Sources whose URL or title contains `query`, newest first, for the link-a-source form."""
    query = query.strip()
    if not query:
        return Source.objects.none()
    return Source.objects.filter(Q(url__icontains=query) | Q(title__icontains=query))[:limit]
