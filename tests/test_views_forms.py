"""Every form of the editors' pages with valid and invalid input, the editorial rules and concurrency."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from articles.models import Article, Claim, ClaimEvent, Evidence, Source, Verdict
from tests.factories import link, make_article, make_claim, make_source

pytestmark = pytest.mark.django_db

BODY = "ราคาข้าวเพิ่มขึ้น 12% ในเดือนมีนาคม. The minister said exports fell by 4 percent. Nothing else."


@pytest.fixture
def article():
    return make_article(BODY, title="Rice prices", language="th")


@pytest.fixture
def claim(article):
    return make_claim(article, "The minister said exports fell by 4 percent.", language="en")


def errors_of(response) -> str:
    return response.content.decode()


# --- Article: correct details ----------------------------------------------------------------


def test_article_edit_valid_sets_language_by_editor(editor_client, article, claim):
    thai_claim = make_claim(article, "ราคาข้าวเพิ่มขึ้น 12% ในเดือนมีนาคม.")
    response = editor_client.post(
        reverse("article_edit", args=[article.pk]),
        {
            "title": "ราคาข้าว",
            "url": "https://news.example/rice",
            "publisher": "Example News",
            "published": "2026-03-31",
            "language": "km",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("article_detail", args=[article.pk])
    article.refresh_from_db()
    assert (article.title, article.language, article.language_source) == ("ราคาข้าว", "km", "editor")
    assert article.published == datetime.date(2026, 3, 31)
    thai_claim.refresh_from_db()
    claim.refresh_from_db()
    assert thai_claim.language == "km"  # followed the article
    assert claim.language == "en"  # had its own language


def test_article_edit_without_language_change_keeps_detected(editor_client, article):
    data = {"title": "New title", "url": "", "publisher": "", "published": "", "language": "th"}
    editor_client.post(reverse("article_edit", args=[article.pk]), data)
    article.refresh_from_db()
    assert article.title == "New title" and article.language_source == "detected"


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("url", "not a url", "Enter a valid URL."),
        ("published", "2026-02-30", "Enter a valid date."),
        ("language", "<b>", "Enter a language code"),
        ("language", "", "This field is required."),
    ],
)
def test_article_edit_invalid(editor_client, article, field, value, message):
    data = {"title": "T", "url": "", "publisher": "", "published": "", "language": "th", field: value}
    response = editor_client.post(reverse("article_edit", args=[article.pk]), data)
    assert response.status_code == 200
    assert message in errors_of(response)
    article.refresh_from_db()
    assert article.title == "Rice prices"


def test_article_edit_refuses_url_of_another_article(editor_client, article):
    make_article("Other text.", url="https://news.example/taken")
    data = {"title": "T", "url": "https://news.example/taken", "publisher": "", "published": "", "language": "th"}
    response = editor_client.post(reverse("article_edit", args=[article.pk]), data)
    assert response.status_code == 200 and "already exists" in errors_of(response)


# --- Article: make a claim from a sentence ----------------------------------------------------


def test_sentence_becomes_claim(editor_client, editor, article):
    start = BODY.index("Nothing")
    response = editor_client.post(
        reverse("article_claim_create", args=[article.pk]), {"sentence": f"{start}-{len(BODY)}", "claimant": "Desk"}
    )
    created = Claim.objects.get(article=article, span_start=start)
    assert response.status_code == 302 and response["Location"] == reverse("claim_detail", args=[created.pk])
    assert (created.text, created.claimant, created.origin, created.triage) == (
        "Nothing else.",
        "Desk",
        "editor",
        "accepted",
    )
    assert created.created_by == editor and created.language == "th"


def test_selected_span_becomes_claim_trimmed(editor_client, article):
    start = BODY.index("exports")
    editor_client.post(
        reverse("article_claim_create", args=[article.pk]), {"span_start": start - 1, "span_end": start + 25}
    )
    assert Claim.objects.get(article=article).text == "exports fell by 4 percent"


@pytest.mark.parametrize(
    "data,message",
    [
        ({}, "Choose a sentence, or select a passage of the text."),
        ({"sentence": "0-9999"}, "Select a valid choice."),
        ({"span_start": "5", "span_end": "99999"}, "That passage is not inside the article"),
        ({"span_start": "9", "span_end": "3"}, "That passage is not inside the article"),
        ({"span_start": "x", "span_end": "3"}, "Selection start: Enter a whole number."),
    ],
)
def test_sentence_claim_invalid(editor_client, article, data, message):
    response = editor_client.post(reverse("article_claim_create", args=[article.pk]), data)
    assert response.status_code == 400 and message in errors_of(response)
    assert not Claim.objects.filter(article=article).exists()


def test_sentence_already_a_claim_is_refused(editor_client, article, claim):
    data = {"sentence": f"{claim.span_start}-{claim.span_end}"}
    response = editor_client.post(reverse("article_claim_create", args=[article.pk]), data)
    assert response.status_code == 400 and "already a claim" in errors_of(response)
    assert Claim.objects.filter(article=article).count() == 1


# --- Triage -----------------------------------------------------------------------------------


def test_accept_and_dismiss_candidate_back_to_article(editor_client, editor, article):
    candidate = make_claim(article, "Nothing else.", triage=Claim.Triage.CANDIDATE)
    article_url = reverse("article_detail", args=[article.pk])
    response = editor_client.post(
        reverse("claim_triage", args=[candidate.pk]), {"triage": "accepted", "next": article_url}
    )
    assert response["Location"] == article_url
    candidate.refresh_from_db()
    assert candidate.triage == "accepted"
    assert ClaimEvent.objects.get(claim=candidate).details == {"old": "candidate", "new": "accepted"}
    response = editor_client.post(
        reverse("claim_triage", args=[candidate.pk]), {"triage": "dismissed", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("claim_detail", args=[candidate.pk])  # no open redirect
    candidate.refresh_from_db()
    assert candidate.triage == "dismissed"


def test_triage_invalid_value_changes_nothing(editor_client, claim):
    response = editor_client.post(reverse("claim_triage", args=[claim.pk]), {"triage": "burn"}, follow=True)
    assert "Choose accept or dismiss." in errors_of(response)
    claim.refresh_from_db()
    assert claim.triage == "accepted"


# --- Claim: edit, assign ----------------------------------------------------------------------


def test_edit_claim_text_and_claimant(editor_client, editor, claim):
    response = editor_client.post(
        reverse("claim_edit", args=[claim.pk]),
        {"text": "  Exports fell by 4 percent.  ", "claimant": "The minister", "version": claim.version},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.text, claim.claimant, claim.version) == ("Exports fell by 4 percent.", "The minister", 2)
    event = ClaimEvent.objects.get(claim=claim, kind="edited")
    assert event.actor == editor and event.details["old_text"] == "The minister said exports fell by 4 percent."


@pytest.mark.parametrize(
    "data,message",
    [
        ({"text": "   ", "claimant": "", "version": 1}, "This field is required."),
        ({"text": "ok", "claimant": "x" * 301, "version": 1}, "at most 300 characters"),
        ({"text": "ok", "claimant": ""}, "The page was out of date: reload it"),
    ],
)
def test_edit_claim_invalid(editor_client, claim, data, message):
    response = editor_client.post(reverse("claim_edit", args=[claim.pk]), data)
    assert response.status_code == 400 and message in errors_of(response)
    claim.refresh_from_db()
    assert claim.version == 1


def test_stale_edit_is_refused_and_other_editors_text_kept(client, editor, other_editor, claim):
    seen_version = claim.version  # both editors load the page
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(other_editor)
    url = reverse("claim_edit", args=[claim.pk])
    ok = first.post(url, {"text": "Exports fell 4% (first editor).", "claimant": "", "version": seen_version})
    assert ok.status_code == 302

    stale = second.post(url, {"text": "Exports fell (second editor).", "claimant": "", "version": seen_version})

    assert stale.status_code == 409
    page = errors_of(stale)
    assert "Someone else changed this claim while you were editing it" in page
    assert 'id="stale-edit"' in page and "Exports fell (second editor)." in page  # their work is shown back
    assert 'name="version" value="2"' in page  # the form now carries the fresh version
    claim.refresh_from_db()
    assert claim.text == "Exports fell 4% (first editor)." and claim.version == 2
    assert ClaimEvent.objects.filter(claim=claim, kind="edited").count() == 1


def test_assign_and_unassign(editor_client, editor, other_editor, claim):
    editor_client.post(reverse("claim_assign", args=[claim.pk]), {"assignee": other_editor.pk})
    claim.refresh_from_db()
    assert claim.assignee == other_editor
    editor_client.post(reverse("claim_assign", args=[claim.pk]), {"assignee": ""})
    claim.refresh_from_db()
    assert claim.assignee is None
    assert ClaimEvent.objects.filter(claim=claim, kind="assigned").count() == 2


def test_assign_refuses_a_viewer_as_assignee(editor_client, viewer, claim):
    response = editor_client.post(reverse("claim_assign", args=[claim.pk]), {"assignee": viewer.pk})
    assert response.status_code == 400 and "Select a valid choice" in errors_of(response)
    claim.refresh_from_db()
    assert claim.assignee is None


# --- Claim: link and unlink sources -----------------------------------------------------------


def test_link_new_source_with_stance_quote_and_note(editor_client, editor, claim):
    response = editor_client.post(
        reverse("claim_link_source", args=[claim.pk]),
        {
            "url": "https://stats.example/exports-2026",
            "title": "Trade statistics, March",
            "publisher": "Statistics office",
            "published": "2026-04-02",
            "archived_url": "https://archive.example/x",
            "stance": "supports",
            "quote": "Exports decreased 4.0% year on year.",
            "note": "Table 3.",
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.select_related("source").get(claim=claim)
    assert (evidence.stance, evidence.quote, evidence.note, evidence.linked_by) == (
        "supports",
        "Exports decreased 4.0% year on year.",
        "Table 3.",
        editor,
    )
    assert evidence.source.publisher == "Statistics office" and evidence.source.added_by == editor
    assert evidence.source.published == datetime.date(2026, 4, 2)


def test_search_and_link_existing_source(editor_client, claim):
    source = make_source(url="https://agency.example/report", title="Agency export report")
    make_source(url="https://other.example/", title="Unrelated")
    page = editor_client.get(reverse("claim_detail", args=[claim.pk]), {"source_q": "export report"})
    body = errors_of(page)
    assert f'id="source-{source.pk}"' in body and "Unrelated" not in body
    response = editor_client.post(
        reverse("claim_link_source", args=[claim.pk]), {"source": source.pk, "stance": "refutes"}
    )
    assert response.status_code == 302
    assert claim.evidence.get().source == source
    assert Source.objects.count() == 2


def test_link_known_url_reuses_the_source(editor_client, claim):
    source = make_source(url="https://agency.example/report")
    editor_client.post(
        reverse("claim_link_source", args=[claim.pk]), {"url": "https://agency.example/report", "stance": "context"}
    )
    assert claim.evidence.get().source == source and Source.objects.count() == 1


@pytest.mark.parametrize(
    "data,message",
    [
        ({"stance": "supports"}, "Choose an existing source, or give the URL of a new one."),
        ({"url": "https://a.example/", "stance": "agrees"}, "Select a valid choice."),
        ({"url": "https://a.example/"}, "This field is required."),
        ({"url": "javascript:alert(1)", "stance": "supports"}, "Enter a valid URL."),
        ({"source": "999999", "stance": "supports"}, "That source no longer exists"),
        ({"url": "https://a.example/", "archived_url": "nope", "stance": "supports"}, "Enter a valid URL."),
    ],
)
def test_link_source_invalid(editor_client, claim, data, message):
    response = editor_client.post(reverse("claim_link_source", args=[claim.pk]), data)
    assert response.status_code == 400 and message in errors_of(response)
    assert not Evidence.objects.exists()


def test_link_same_source_twice_is_refused(editor_client, editor, claim):
    evidence = link(claim, editor=editor)
    response = editor_client.post(
        reverse("claim_link_source", args=[claim.pk]), {"source": evidence.source_id, "stance": "refutes"}
    )
    assert response.status_code == 400 and "already linked" in errors_of(response)
    assert claim.evidence.get().stance == "supports"


def test_unlink_evidence_records_history(editor_client, editor, claim):
    evidence = link(claim, editor=editor, title="Old bulletin")
    response = editor_client.post(reverse("evidence_remove", args=[claim.pk, evidence.pk]))
    assert response.status_code == 302
    assert not claim.evidence.exists() and Source.objects.filter(pk=evidence.source_id).exists()
    page = errors_of(editor_client.get(reverse("claim_detail", args=[claim.pk])))
    history = page.split('id="history"')[1]
    assert "Source unlinked" in history and "Old bulletin" in history


def test_unlink_evidence_of_another_claim_is_404(editor_client, editor, claim, article):
    other = make_claim(article, "Nothing else.")
    evidence = link(other, editor=editor)
    assert editor_client.post(reverse("evidence_remove", args=[claim.pk, evidence.pk])).status_code == 404
    assert other.evidence.exists()


# --- Claim: verdicts and the editorial rules --------------------------------------------------


def post_verdict(client, claim, **data):
    return client.post(reverse("claim_verdict", args=[claim.pk]), data)


def test_verified_needs_a_supporting_source(editor_client, editor, claim):
    link(claim, stance=Evidence.Stance.REFUTES, editor=editor)
    response = post_verdict(editor_client, claim, status="verified", rationale="Looks right.")
    assert response.status_code == 400
    assert "A verified claim needs at least one linked source that supports it." in errors_of(response)
    assert not Verdict.objects.exists()
    link(claim, stance=Evidence.Stance.SUPPORTS, editor=editor)
    response = post_verdict(editor_client, claim, status="verified", rationale="Agency data.", review_by="2027-01-01")
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "verified" and claim.review_by == datetime.date(2027, 1, 1)


def test_disputed_needs_a_refuting_source(editor_client, editor, claim):
    link(claim, stance=Evidence.Stance.SUPPORTS, editor=editor)
    response = post_verdict(editor_client, claim, status="disputed", rationale="Wrong.")
    assert "A disputed claim needs at least one linked source that refutes it." in errors_of(response)
    link(claim, stance=Evidence.Stance.REFUTES, editor=editor)
    assert post_verdict(editor_client, claim, status="disputed", rationale="Wrong.").status_code == 302
    claim.refresh_from_db()
    assert claim.status == "disputed"


def test_outdated_needs_a_rationale_and_invites_the_newer_source(editor_client, claim):
    response = post_verdict(editor_client, claim, status="outdated", rationale="   ")
    assert response.status_code == 400 and "Every verdict needs a rationale." in errors_of(response)
    page = errors_of(response)
    assert "Link the newer source" in page and 'href="#link-source"' in page
    response = post_verdict(editor_client, claim, status="outdated", rationale="April figures replaced March's.")
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "outdated"


@pytest.mark.parametrize(
    "data,message",
    [
        ({"status": "unreviewed", "rationale": "x"}, "Select a valid choice."),
        ({"status": "outdated", "rationale": "x", "review_by": "tomorrow"}, "Enter a valid date."),
        ({"rationale": "x"}, "This field is required."),
    ],
)
def test_verdict_invalid(editor_client, claim, data, message):
    response = post_verdict(editor_client, claim, **data)
    assert response.status_code == 400 and message in errors_of(response)
    assert not Verdict.objects.exists()


def test_correction_is_a_new_verdict_and_status_is_the_latest(editor_client, editor, claim):
    link(claim, stance=Evidence.Stance.SUPPORTS, editor=editor)
    link(claim, stance=Evidence.Stance.REFUTES, editor=editor)
    post_verdict(editor_client, claim, status="verified", rationale="First reading.")
    post_verdict(editor_client, claim, status="disputed", rationale="Correction: second source.")
    claim.refresh_from_db()
    assert claim.status == "disputed"
    assert list(claim.verdicts.values_list("status", flat=True)) == ["disputed", "verified"]
    page = errors_of(editor_client.get(reverse("claim_detail", args=[claim.pk])))
    history = page.split('id="history"')[1]
    assert history.index("Correction: second source.") < history.index("First reading.")


def test_two_editors_verdicts_both_land_and_status_is_the_later(editor, other_editor, claim):
    link(claim, stance=Evidence.Stance.SUPPORTS, editor=editor)
    link(claim, stance=Evidence.Stance.REFUTES, editor=editor)
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(other_editor)
    # Both loaded the page before either decided.
    assert first.get(reverse("claim_detail", args=[claim.pk])).status_code == 200
    assert second.get(reverse("claim_detail", args=[claim.pk])).status_code == 200
    assert post_verdict(first, claim, status="verified", rationale="Agency confirms.").status_code == 302
    assert post_verdict(second, claim, status="disputed", rationale="Customs data disagree.").status_code == 302

    claim.refresh_from_db()
    assert claim.status == "disputed"
    verdicts = list(claim.verdicts.all())
    assert [(v.status, v.editor) for v in verdicts] == [("disputed", other_editor), ("verified", editor)]
    page = errors_of(first.get(reverse("claim_detail", args=[claim.pk])))
    assert "Agency confirms." in page and "Customs data disagree." in page


def test_verdict_appears_in_claims_list_filtered_by_status(editor_client, editor, claim, article):
    other = make_claim(article, "Nothing else.")
    link(claim, editor=editor)
    post_verdict(editor_client, claim, status="verified", rationale="Confirmed.")
    body = errors_of(editor_client.get(reverse("claim_list"), {"status": "verified"}))
    assert f'id="claim-row-{claim.pk}"' in body and f'id="claim-row-{other.pk}"' not in body


def test_dismissed_claims_are_not_due_for_review(editor_client, article):
    due = make_claim(article, "Nothing else.", review_by=datetime.date(2020, 1, 1))
    dismissed = make_claim(
        article, "The minister said exports fell by 4 percent.", review_by=datetime.date(2020, 1, 1), triage="dismissed"
    )
    body = errors_of(editor_client.get(reverse("claim_list"), {"review_due": "yes"}))
    assert f'id="claim-row-{due.pk}"' in body and f'id="claim-row-{dismissed.pk}"' not in body


def test_users_are_plain_editors(editor):
    assert isinstance(editor, User) and editor.has_perm("articles.add_verdict")
    assert not Article.objects.exists()
