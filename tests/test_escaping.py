"""Text that contains HTML or script is shown as text on every page, never run."""

import pytest
from django.urls import reverse

from articles.models import Evidence
from tests.factories import link, make_article, make_claim

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
ESCAPED = ["&lt;script&gt;alert(1)&lt;/script&gt;", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"]


@pytest.fixture
def hostile(editor):
    body = f"Intro {SCRIPT} text. The claim {IMG} has 5 numbers. Tail {SCRIPT}."
    article = make_article(body, title=f"Title {SCRIPT}{IMG}", publisher=IMG, language="en")
    claim = make_claim(article, f"The claim {IMG} has 5 numbers.", claimant=f"{SCRIPT} person")
    candidate = make_claim(article, f"Tail {SCRIPT}.", triage="candidate", reasons=[SCRIPT, IMG])
    link(
        claim,
        stance=Evidence.Stance.REFUTES,
        editor=editor,
        title=f"Source {SCRIPT}{IMG}",
        publisher=SCRIPT,
    )
    evidence = claim.evidence.get()
    evidence.quote, evidence.note = f"Quote {SCRIPT}", f"Note {IMG}"
    evidence.save()
    claim.record_verdict(status="disputed", rationale=f"Because {SCRIPT}{IMG}", editor=editor)
    claim.edit(text=f"Edited {SCRIPT}{IMG}", claimant=IMG, expected_version=claim.version, editor=editor)
    return article, claim, candidate


def pages(article, claim):
    return [
        reverse("dashboard"),
        reverse("article_list"),
        reverse("article_list") + "?q=script",
        reverse("article_detail", args=[article.pk]),
        reverse("article_edit", args=[article.pk]),
        reverse("claim_list"),
        reverse("claim_list") + "?q=" + "%3Cscript%3E",
        reverse("claim_detail", args=[claim.pk]),
        reverse("claim_detail", args=[claim.pk]) + "?source_q=Source",
    ]


def test_hostile_text_is_escaped_everywhere(editor_client, hostile):
    article, claim, _ = hostile
    for url in pages(article, claim):
        body = editor_client.get(url).content.decode()
        assert "<script>alert" not in body, url
        assert "<img src=x" not in body, url
        assert "onerror=alert(1)>" not in body.replace("onerror=alert(1)&gt;", ""), url
        assert any(escaped in body for escaped in ESCAPED), url


def test_claim_page_shows_every_hostile_field_as_text(editor_client, hostile):
    article, claim, _ = hostile
    body = editor_client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    for shown in [
        "Source &lt;script&gt;alert(1)&lt;/script&gt;",  # source title
        "Quote &lt;script&gt;",  # quote
        "Note &quot;&gt;&lt;img",  # note
        "Because &lt;script&gt;",  # verdict rationale
        "Edited &lt;script&gt;",  # claim text and the edit in the history
    ]:
        assert shown in body, shown


def test_hostile_filter_values_are_escaped_in_errors(editor_client):
    body = editor_client.get(reverse("claim_list"), {"status": SCRIPT, "language": IMG}).content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "Select a valid choice. &lt;script&gt;alert(1)&lt;/script&gt; is not one of the available choices." in body


def test_stale_edit_echo_is_escaped(editor_client, hostile):
    _, claim, _ = hostile
    response = editor_client.post(
        reverse("claim_edit", args=[claim.pk]), {"text": f"Mine {SCRIPT}", "claimant": "", "version": 1}
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Mine &lt;script&gt;" in body and "<script>alert" not in body
