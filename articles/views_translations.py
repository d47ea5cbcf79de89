"""Translation links on the article pages (issue 10): an editor confirms or rejects a link that
articles.matching.translations detected on import. The links themselves are listed by the article
page (views._article_page, templates/articles/includes/translations.html)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.models import Article, TranslationLink


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
