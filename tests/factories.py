"""Small builders for test data."""

import itertools

from django.contrib.auth.models import User

from articles.models import Article, Claim, Evidence, Source

_counter = itertools.count(1)


def make_article(body: str | None = None, **fields) -> Article:
    n = next(_counter)
    body = body if body is not None else f"Test article {n}. The council said 42 people attended on 3 May 2026."
    fields.setdefault("title", f"Article {n}")
    fields.setdefault("language", "en")
    return Article.objects.create(body=body, **fields)


def make_claim(article: Article | None = None, text: str | None = None, **fields) -> Claim:
    article = article or make_article()
    if text is None:
        text = article.body.split(". ")[0]
    start = article.body.find(text)
    if start >= 0 and "span_start" not in fields:
        fields.update(span_start=start, span_end=start + len(text))
    fields.setdefault("language", article.language)
    return Claim.objects.create(article=article, text=text, **fields)


def make_source(**fields) -> Source:
    n = next(_counter)
    fields.setdefault("url", f"https://example.org/source-{n}")
    fields.setdefault("title", f"Source {n}")
    return Source.objects.create(**fields)


def link(claim: Claim, stance: str = Evidence.Stance.SUPPORTS, editor: User | None = None, **fields) -> Evidence:
    return claim.link_source(make_source(**fields), stance=stance, editor=editor)
