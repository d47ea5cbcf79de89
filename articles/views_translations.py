"""Translation links on the article pages (issue 10): an editor confirms or rejects a link that
articles.matching.translations detected on import. The links themselves are listed by the article
page (views._article_page, templates/articles/includes/translations.html); the claim page shows the
claim's aligned sentence in each translation (claim_translations,
templates/articles/includes/claim_translations.html)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.matching.alignment import InTranslation, aligned_sentences
from articles.models import Article, Claim, MatchSuggestion, TranslationLink

# What the claim page shows of a claim in a translation (its link, status badge and group).
_CLAIM_FIELDS = ("id", "article_id", "span_start", "span_end", "status", "triage", "group_id")


def language_name(code: str) -> str:
    """The language's name in the interface language ("Thai", "ภาษาไทย"...), else its code."""
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


def links_of(article: Article) -> list[TranslationLink]:
    """The article page's translation links (one query), each with `other`, `original` (the older
    article, the link's a side), and the names of the two languages."""
    links = TranslationLink.objects.for_article(article)
    for link in links:
        link.original = link.article_a
        link.source_name = language_name(link.article_a.language)
        link.target_name = language_name(link.article_b.language)
    return links


def has_translations(article: str = "article_id") -> Exists:
    """An annotation: the article named by the outer query's ``article`` field has a translation link
    that is not rejected (the claim page's fetch carries it, to spare the links query without one)."""
    outer = OuterRef(article)
    links = TranslationLink.objects.filter(Q(article_a=outer) | Q(article_b=outer))
    return Exists(links.exclude(status=TranslationLink.Status.REJECTED))


def claim_translations(claim: Claim, suggestions: list[MatchSuggestion] = ()) -> list[InTranslation]:
    """The claim page's "In translations": for each link of the claim's article that is not rejected
    (either direction), the other article and its sentences aligned with the claim's span
    (articles.matching.alignment.aligned_sentences), with the claims covering them. Two queries
    whatever the number of translations (the links with both articles, then the other articles'
    claims); none when the claim was fetched with has_translations() false. A covering claim that
    one of the page's pending ``suggestions`` pairs with this claim carries it as ``pending_match``."""
    if not getattr(claim, "has_translations", True):
        return []
    article = claim.article
    links = list(
        TranslationLink.objects.filter(Q(article_a=article.pk) | Q(article_b=article.pk))
        .exclude(status=TranslationLink.Status.REJECTED)
        .select_related("article_a", "article_b")
        .order_by("article_a_id", "article_b_id")
    )
    if not links:
        return []
    others = [link.article_b_id if link.article_a_id == article.pk else link.article_a_id for link in links]
    claims = list(
        Claim.objects.filter(article_id__in=others).only(*_CLAIM_FIELDS).order_by("article_id", "span_start", "id")
    )
    pending = {s.other.pk: s for s in suggestions}
    for other in claims:
        other.pending_match = pending.get(other.pk)
    items = aligned_sentences(claim, links, claims)
    for item in items:
        item.language_name = language_name(item.article.language)
    return items


def _link(article_pk: int, link_pk: int) -> TranslationLink:
    """A link of this article (either side), with both articles; 404 otherwise."""
    rows = TranslationLink.objects.select_related("article_a", "article_b").defer("article_a__body", "article_b__body")
    return get_object_or_404(rows.filter(Q(article_a=article_pk) | Q(article_b=article_pk)), pk=link_pk)


def _decide(request: HttpRequest, pk: int, link_pk: int, status: str) -> HttpResponse:
    link = _link(pk, link_pk)
    link.decide(status, editor=request.user)
    other = link.article_b_id if link.article_a_id == pk else link.article_a_id
    if status == TranslationLink.Status.CONFIRMED:
        messages.success(request, _("Confirmed: article #%(number)s is a translation of this one.") % {"number": other})
    else:
        messages.success(request, _("Rejected: article #%(number)s will not be linked again.") % {"number": other})
    return redirect(f"{reverse('article_detail', args=[pk])}#translations")


@login_required
@permission_required("articles.change_article", raise_exception=True)
@require_POST
def translation_confirm(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    return _decide(request, pk, link_pk, TranslationLink.Status.CONFIRMED)


@login_required
@permission_required("articles.change_article", raise_exception=True)
@require_POST
def translation_reject(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    return _decide(request, pk, link_pk, TranslationLink.Status.REJECTED)
