"""Template helpers for text in many languages and scripts."""

from __future__ import annotations

from django import forms, template
from django.forms.widgets import Input
from django.http import QueryDict
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_filters.widgets import DateRangeWidget

from articles.i18n import format_date, format_datetime, reason_label

register = template.Library()

# Languages written right to left (primary subtag of a BCP 47 code).
RTL_LANGUAGES = frozenset({"ar", "he", "iw", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", "syr"})


@register.filter
def text_dir(language: str | None) -> str:
    """The `dir` attribute for text in `language`: rtl, ltr, or auto when it is undetermined."""
    primary = (language or "und").split("-")[0].lower()
    if primary == "und":
        return "auto"
    return "rtl" if primary in RTL_LANGUAGES else "ltr"


@register.simple_tag(takes_context=True)
def sort_query(context, param: str) -> str:
    """The current query string with ordering `param` (toggled when it is already the order)."""
    request = context["request"]
    query: QueryDict = request.GET.copy()
    current = query.get("o", "")
    query["o"] = f"-{param}" if current == param else param
    query.pop("page", None)
    return query.urlencode()


@register.simple_tag(takes_context=True)
def sort_state(context, param: str) -> str:
    """'ascending', 'descending' or 'none', for aria-sort on a sortable column."""
    current = context["request"].GET.get("o", "")
    if current == param:
        return "ascending"
    if current == f"-{param}":
        return "descending"
    return "none"


# --- Fast rendering of the lists ---------------------------------------------------------
# Django renders every form widget and every {% include %} through the template engine, which
# costs more than the SQL of a list page. The list rows and the filter fields are therefore
# built here with format_html (which escapes every value).


def _text_attrs(language: str) -> dict:
    return {"lang": language, "dir": text_dir(language)}


def _filter_input(name: str, value, input_type: str, field_id: str, **attrs) -> str:
    extra = format_html_join("", ' {}="{}"', attrs.items())
    return format_html(
        '<input type="{}" name="{}" id="{}" value="{}"{}>', input_type, name, field_id, value or "", extra
    )


@register.simple_tag
def filter_field(bound) -> str:
    """One filter field as HTML: a select, an input, or the two inputs of a range."""
    widget = bound.field.widget
    field_id = bound.auto_id
    if isinstance(widget, forms.MultiWidget):
        values = widget.value_from_datadict(bound.form.data, None, bound.html_name) if bound.form.is_bound else []
        input_type = "date" if isinstance(widget, DateRangeWidget) else "number"
        step = {} if input_type == "date" else {"step": "any"}
        parts = []
        for index, suffix in enumerate(widget.suffixes):
            value = values[index] if index < len(values) else ""
            label = {"min": _("from"), "max": _("to"), "after": _("from"), "before": _("to")}.get(suffix, suffix)
            parts.append(
                format_html(
                    '<span class="range-part">{} {}</span>',
                    label,
                    _filter_input(f"{bound.html_name}_{suffix}", value, input_type, f"{field_id}_{index}", **step),
                )
            )
        return mark_safe(" ".join(parts))  # noqa: S308 - every part was built by format_html
    return field(bound)


@register.simple_tag
def claim_rows(claims, claim_url_prefix: str, article_url_prefix: str) -> str:
    """The <tr> rows of the claims list."""
    rows = []
    for claim in claims:
        article = claim.article
        triage = (
            format_html(' <span class="triage triage-{}">{}</span>', claim.triage, claim.get_triage_display())
            if claim.triage != "accepted"
            else ""
        )
        group_size = getattr(claim, "group_size", 0)
        group = (
            format_html(
                '<a href="{}{}/#matches" aria-label="{}">{}</a>',
                claim_url_prefix,
                claim.pk,
                ngettext("group of %(count)d claim", "group of %(count)d claims", group_size) % {"count": group_size},
                group_size,
            )
            if group_size
            else "—"
        )
        rows.append(
            format_html(
                '<tr id="claim-row-{pk}">'
                '<td><a href="{claim_url}" class="claim-text" lang="{lang}" dir="{dir}">{text}</a></td>'
                "<td>{claimant}</td>"
                '<td><a href="{article_url}" lang="{alang}" dir="{adir}">{title}</a></td>'
                "<td><code>{lang}</code></td>"
                '<td><span class="status status-{status}">{status_label}</span>{triage}</td>'
                '<td class="num">{group}</td>'
                '<td class="num">{score}</td>'
                "<td>{assignee}</td><td>{changed}</td><td>{review_by}</td>"
                '<td><time datetime="{created_iso}">{created}</time></td></tr>',
                pk=claim.pk,
                claim_url=f"{claim_url_prefix}{claim.pk}/",
                lang=claim.language,
                dir=text_dir(claim.language),
                text=Truncator(claim.text).chars(160),
                claimant=claim.claimant or "—",
                article_url=f"{article_url_prefix}{claim.article_id}/",
                alang=article.language,
                adir=text_dir(article.language),
                title=Truncator(str(article)).chars(60),
                status=claim.status,
                status_label=claim.get_status_display(),
                triage=triage,
                group=group,
                score=number_format(claim.checkworthiness, 2),
                assignee=claim.assignee.get_username() if claim.assignee else "—",
                changed=format_date(localtime(claim.status_changed_at).date()) if claim.status_changed_at else "—",
                review_by=format_date(claim.review_by) if claim.review_by else "—",
                created_iso=claim.created_at.isoformat(),
                created=format_date(localtime(claim.created_at).date()),
            )
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every row was built by format_html


def _attrs(attrs: dict) -> str:
    """HTML attributes; True means a bare attribute, False/None leaves it out."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(format_html(" {}", name))
        elif value not in (False, None):
            parts.append(format_html(' {}="{}"', name, value))
    return mark_safe("".join(parts))  # noqa: S308 - built by format_html


@register.simple_tag
def field(bound) -> str:
    """A form field's widget as HTML, like {{ form.field }} but without a template per widget.

    Handles the widgets the editors' forms use: inputs (text, url, number, date, hidden),
    textarea, select and radio buttons; anything else falls back to Django's rendering."""
    widget = bound.field.widget
    attrs = bound.build_widget_attrs(dict(widget.attrs), widget)
    attrs["id"] = bound.auto_id
    if bound.errors:
        attrs["aria-invalid"] = "true"
    value = bound.value()
    if isinstance(widget, forms.RadioSelect):
        current = "" if value is None else str(value)
        required = attrs.pop("required", False)
        options = format_html_join(
            "",
            '<div><label for="{0}_{1}"><input type="radio" name="{2}" value="{3}" id="{0}_{1}"{4}{5}> {6}</label>'
            "</div>",
            (
                (
                    bound.auto_id,
                    index,
                    bound.html_name,
                    choice,
                    " required" if required else "",
                    " checked" if str(choice) == current else "",
                    label,
                )
                for index, (choice, label) in enumerate(bound.field.choices)
            ),
        )
        return format_html('<div id="{}">{}</div>', bound.auto_id, options)
    if isinstance(widget, forms.Select):
        current = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(choice), " selected" if str(choice) == current else "", label)
                for choice, label in bound.field.choices
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', bound.html_name, _attrs(attrs), options)
    if isinstance(widget, forms.Textarea):
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>', bound.html_name, _attrs(attrs), widget.format_value(value) or ""
        )
    if isinstance(widget, Input) and not isinstance(widget, forms.FileInput | forms.CheckboxInput):
        shown = widget.format_value(value)
        if isinstance(widget, forms.DateInput) and hasattr(value, "isoformat"):
            shown = value.isoformat()  # <input type="date"> wants YYYY-MM-DD
        value_attr = format_html(' value="{}"', shown) if shown is not None else ""
        return format_html(
            '<input type="{}" name="{}"{}{}>', widget.input_type, bound.html_name, value_attr, _attrs(attrs)
        )
    return str(bound)


# --- Dates and editorial labels in the interface language (articles/i18n.py) -------------------


@register.filter
def ui_date(value) -> str:
    """A date (or the local date of a datetime) in the active language's short format."""
    return format_date(value) if value else ""


@register.filter
def ui_datetime(value) -> str:
    """A datetime, in the current time zone, in the active language's short format."""
    return format_datetime(value) if value else ""


@register.filter
def reasons_label(reasons, separator: str = ", ") -> str:
    """Stored reasons (check-worthiness features, match reasons) in the active language."""
    return separator.join(reason_label(reason) for reason in reasons or ())


@register.filter
def status_label(status: str) -> str:
    """A claim status identifier (unreviewed, verified...) as its label in the active language."""
    from articles.models import Claim

    try:
        return str(Claim.Status(status).label)
    except ValueError:
        return status


@register.filter
def stance_label(stance: str) -> str:
    """An evidence stance identifier (supports, refutes, context) in the active language."""
    from articles.models import Evidence

    try:
        return str(Evidence.Stance(stance).label)
    except ValueError:
        return stance


@register.filter
def triage_label(triage: str) -> str:
    """A triage state identifier (candidate, accepted, dismissed) in the active language."""
    from articles.models import Claim

    try:
        return str(Claim.Triage(triage).label)
    except ValueError:
        return triage
