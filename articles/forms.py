"""Forms of the editors' pages. The rules they explain live in the models; the forms show their messages."""

from __future__ import annotations

from django import forms
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from articles.filters import editor_choices, language_code
from articles.i18n import parse_era_date
from articles.models import Article, Claim, Evidence, Source, normalise_text
from articles.text import split_sentences


class LocalDateField(forms.DateField):
    """A date typed in the interface language's format or ISO 8601; a Thai Buddhist-era year is converted."""

    def to_python(self, value):
        date = super().to_python(value)
        return parse_era_date(date) if date else date


RULES_HELP = _(
    "Every verdict needs a rationale. Verified needs at least one linked source that supports the claim; "
    "disputed needs at least one that refutes it; outdated needs a rationale that says what changed "
    "(link the newer source first). Verdicts are never edited: a correction is a new verdict."
)


def _sentences(article: Article):
    return split_sentences(article.body, article.language)


class ArticleForm(forms.ModelForm):
    """Correct an article's title, URL, publisher, date and language."""

    class Meta:
        model = Article
        fields = ["title", "url", "publisher", "published", "language"]
        widgets = {"published": forms.DateInput(attrs={"type": "date"})}
        field_classes = {"published": LocalDateField}
        labels = {
            "title": _("Title"),
            "url": _("Original URL"),
            "publisher": _("Publisher"),
            "published": _("Published on"),
            "language": _("Language"),
        }
        help_texts = {"language": _("A BCP 47 code such as en, th, km, ja, ar or pt-BR; 'und' when unknown.")}

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if url and Article.objects.filter(url=url).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another article already exists with this URL."))
        return url

    def clean_language(self) -> str:
        value = self.cleaned_data["language"].strip()
        language_code(value)
        return value

    def save(self, commit: bool = True) -> Article:
        article = super().save(commit=False)
        if "language" in self.changed_data:
            # A language set by hand is never overwritten by detection.
            article.language_source = Article.LanguageSource.EDITOR
            old = self.initial.get("language")
        with transaction.atomic():
            article.save()
            if "language" in self.changed_data:
                # Claims that inherited the wrong language follow the correction.
                article.claims.filter(language=old).update(language=article.language)
        return article


class SentenceClaimForm(forms.Form):
    """Turn a passage of an article into a claim: a sentence from the list, or a selected span."""

    sentence = forms.ChoiceField(label=_("Sentence"), required=False)
    span_start = forms.IntegerField(label=_("Selection start"), required=False, min_value=0, widget=forms.HiddenInput)
    span_end = forms.IntegerField(label=_("Selection end"), required=False, min_value=1, widget=forms.HiddenInput)
    claimant = forms.CharField(label=_("Claimant"), max_length=300, required=False, help_text=_("Who made the claim."))

    def __init__(self, *args, article: Article, taken=(), **kwargs):
        """`taken`: (start, end) spans that are claims already, left out of the list."""
        super().__init__(*args, **kwargs)
        self.article = article
        taken = set(taken)
        self.fields["sentence"].choices = [("", _("— choose a sentence —"))] + [
            (f"{s.start}-{s.end}", s.text if len(s.text) <= 160 else s.text[:157] + "…")
            for s in _sentences(article)
            if (s.start, s.end) not in taken
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("span_start"), cleaned.get("span_end")
        if cleaned.get("sentence"):
            start, end = (int(part) for part in cleaned["sentence"].split("-"))
        elif start is None or end is None:
            if not self.errors:
                raise forms.ValidationError(_("Choose a sentence, or select a passage of the text."))
            return cleaned
        body = self.article.body
        if not 0 <= start < end <= len(body):
            raise forms.ValidationError(_("That passage is not inside the article's text."))
        # Leave surrounding whitespace out of the span, as the importer does.
        text = body[start:end]
        start += len(text) - len(text.lstrip())
        end -= len(text) - len(text.rstrip())
        if start >= end:
            raise forms.ValidationError(_("That passage is only white space."))
        existing = self.article.claims.filter(span_start=start, span_end=end).first()
        if existing:
            raise forms.ValidationError(
                _("That passage is already a claim (%(triage)s): open it from the list of claims below.")
                % {"triage": existing.get_triage_display()}
            )
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def save(self, editor) -> Claim | None:
        start, end = self.cleaned_data["start"], self.cleaned_data["end"]
        try:
            with transaction.atomic():
                return Claim.objects.create(
                    article=self.article,
                    text=self.article.body[start:end],
                    span_start=start,
                    span_end=end,
                    language=self.article.language,
                    origin=Claim.Origin.EDITOR,
                    triage=Claim.Triage.ACCEPTED,
                    claimant=normalise_text(self.cleaned_data.get("claimant", "")).strip(),
                    created_by=editor,
                )
        except IntegrityError:  # someone made the same passage a claim a moment ago
            self.add_error(None, _("That passage is already a claim."))
            return None


class TriageForm(forms.Form):
    triage = forms.ChoiceField(choices=Claim.Triage.choices)


class ClaimEditForm(forms.Form):
    """Edit text and claimant; `version` carries what the editor saw, to refuse stale edits."""

    # dir="auto": Arabic (or any right-to-left) text is edited right to left.
    text = forms.CharField(label=_("Claim text"), widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))
    claimant = forms.CharField(
        label=_("Claimant"), max_length=300, required=False, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": _("The page was out of date: reload it and make your change again.")},
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("A claim needs a text."))
        return text


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        queryset=editor_choices(), required=False, empty_label=_("nobody"), label=_("Assigned editor")
    )


class LinkSourceForm(forms.Form):
    """Link an existing source (chosen from a search) or a new one, with a stance."""

    source = forms.IntegerField(required=False, widget=forms.HiddenInput, label=_("Existing source"))
    url = forms.URLField(label=_("URL"), max_length=2000, required=False, assume_scheme="https")
    title = forms.CharField(label=_("Title"), max_length=500, required=False)
    publisher = forms.CharField(label=_("Publisher"), max_length=300, required=False)
    published = LocalDateField(label=_("Published on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    archived_url = forms.URLField(label=_("Archived copy URL"), max_length=2000, required=False, assume_scheme="https")
    stance = forms.ChoiceField(label=_("Stance"), choices=Evidence.Stance.choices, widget=forms.RadioSelect)
    quote = forms.CharField(
        label=_("Quoted passage"), widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}), required=False
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}), required=False)

    def __init__(self, *args, claim: Claim, **kwargs):
        super().__init__(*args, **kwargs)
        self.claim = claim

    def clean(self):
        cleaned = super().clean()
        source_id, url = cleaned.get("source"), cleaned.get("url")
        if source_id:
            source = Source.objects.filter(pk=source_id).first()
            if source is None:
                raise forms.ValidationError(_("That source no longer exists; search again."))
        elif url:
            source = Source.objects.filter(url=url).first()  # a known URL links the existing source
        elif "url" in self.errors:
            return cleaned
        else:
            raise forms.ValidationError(_("Choose an existing source, or give the URL of a new one."))
        if source is not None and self.claim.evidence.filter(source=source).exists():
            raise forms.ValidationError(_("“%(source)s” is already linked to this claim.") % {"source": source})
        cleaned["existing"] = source
        return cleaned

    def save(self, editor) -> Evidence | None:
        data = self.cleaned_data
        try:
            with transaction.atomic():
                source = data["existing"]
                if source is None:
                    source = Source.objects.create(
                        url=data["url"],
                        title=normalise_text(data["title"]).strip(),
                        publisher=normalise_text(data["publisher"]).strip(),
                        published=data["published"],
                        archived_url=data["archived_url"],
                        added_by=editor,
                    )
                return self.claim.link_source(
                    source,
                    stance=data["stance"],
                    quote=normalise_text(data["quote"]).strip(),
                    note=normalise_text(data["note"]).strip(),
                    editor=editor,
                )
        except IntegrityError:  # a double submit or another editor linked it a moment ago
            self.add_error(None, _("That source was linked to this claim a moment ago."))
            return None


class VerdictForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Verdict"),
        choices=[
            (Claim.Status.VERIFIED, _("verified: a linked source supports it")),
            (Claim.Status.DISPUTED, _("disputed: a linked source refutes it")),
            (Claim.Status.OUTDATED, _("outdated: it was true, something changed")),
        ],
        widget=forms.RadioSelect,
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("Why: what the sources show. For outdated, say what changed and link the newer source."),
    )
    review_by = LocalDateField(
        label=_("Review by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Optional: when the claim should be checked again."),
    )

    def clean_rationale(self) -> str:
        rationale = self.cleaned_data["rationale"].strip()
        if not rationale:
            raise forms.ValidationError(_("Every verdict needs a rationale."))
        return rationale


# --- Importing articles (articles/importing.py does the work) --------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more uploaded files."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        # An empty file is the import's to refuse (with its name), not a reason to refuse the others.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ImportForm(forms.Form):
    """Paste an article (with optional details) or upload one or more files."""

    text = forms.CharField(
        label=_("Article text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "dir": "auto"}),
        help_text=_(
            "Paste the article as copied from the page; a short first line becomes the title, "
            "'date YYYY-MM-DD' and 'Source: URL' lines are read too."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=500, required=False)
    url = forms.URLField(label=_("Original URL"), max_length=2000, required=False, assume_scheme="https")
    publisher = forms.CharField(label=_("Publisher"), max_length=300, required=False)
    published = LocalDateField(label=_("Published on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    language = forms.CharField(
        label=_("Language"),
        max_length=35,
        required=False,
        validators=[language_code],
        help_text=_("Leave empty to detect it; a BCP 47 code such as th, km, vi, ja or en is kept as set."),
    )
    files = MultipleFileField(
        label=_("Or upload files"),
        help_text=_(
            "Plain text, Markdown or HTML; several at once, or a zip archive of them (imported in the "
            "background, with its progress on a page of its own). The details above apply to pasted text only."
        ),
    )

    def clean(self):
        data = super().clean()
        text, files = data.get("text") or "", data.get("files") or []
        if not text.strip() and not files and not self.errors:
            raise forms.ValidationError(_("Paste an article's text or choose at least one file."))
        if text.strip() and files:
            raise forms.ValidationError(_("Paste text or upload files, not both at once."))
        return data

    def details(self) -> dict:
        """The keyword arguments of articles.importing.import_text for pasted text."""
        data = self.cleaned_data
        return {
            "title": data["title"].strip(),
            "url": data["url"],
            "publisher": data["publisher"].strip(),
            "published": data["published"],
            "language": data["language"].strip(),
        }
