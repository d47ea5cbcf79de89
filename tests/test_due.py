"""Claims that go out of date: review-by dates, "due for review" everywhere it shows, the daily
flag_due_claims command, and outdated claims that keep their history."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Claim, ClaimEvent, Evidence
from tests.factories import link, make_article, make_claim

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAST = TODAY - datetime.timedelta(days=3)
FUTURE = TODAY + datetime.timedelta(days=30)


def _verified(editor, review_by=None, text="Lumora ranks first among delivery-robot makers by downloads.") -> Claim:
    claim = make_claim(make_article(text + " More text follows.", language="en"), text=text)
    link(claim, stance=Evidence.Stance.SUPPORTS, editor=editor)
    claim.record_verdict(
        status="verified", rationale="The ranking page lists it first.", editor=editor, review_by=review_by
    )
    return claim


def test_a_claim_past_its_review_date_is_due_until_a_new_verdict(editor, other_editor):
    claim = _verified(editor, review_by=PAST)
    assert list(Claim.objects.due_for_review()) == [claim]
    # A new verdict without a review-by date clears it.
    claim.record_verdict(status="verified", rationale="Checked again: still first.", editor=other_editor)
    claim.refresh_from_db()
    assert claim.review_by is None
    assert not Claim.objects.due_for_review().exists()
    # A new verdict with a later date makes it due again only once that date passes.
    claim.record_verdict(status="verified", rationale="Still first.", editor=other_editor, review_by=FUTURE)
    assert not Claim.objects.due_for_review().exists()
    assert list(Claim.objects.due_for_review(FUTURE)) == [claim]


def test_due_claims_show_on_the_dashboard_the_filter_and_the_navigation(editor_client, editor):
    due = _verified(editor, review_by=PAST)
    later = _verified(editor, review_by=FUTURE, text="Lumora sells robots in 14 cities across Asia today.")
    dashboard = editor_client.get(reverse("dashboard")).content.decode()
    assert 'id="due-claims"' in dashboard
    section = dashboard.split('id="due-claims"', 1)[1].split("</table>", 1)[0]
    assert f"/claims/{due.pk}/" in section and f"/claims/{later.pk}/" not in section
    assert 'Due for review <span class="badge">1</span>' in dashboard
    listing = editor_client.get(reverse("claim_list") + "?review_due=yes").content.decode()
    assert f'id="claim-row-{due.pk}"' in listing and f'id="claim-row-{later.pk}"' not in listing
    # After a new verdict the navigation count is gone.
    due.record_verdict(status="verified", rationale="Re-checked today.", editor=editor)
    assert 'class="badge"' not in editor_client.get(reverse("dashboard")).content.decode()


def test_flag_due_claims_lists_them_for_cron(editor, other_editor):
    due = _verified(editor, review_by=PAST)
    _verified(editor, review_by=FUTURE, text="Lumora sells robots in 14 cities across Asia today.")
    out = StringIO()
    call_command("flag_due_claims", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"claim {due.pk}\treview by {PAST:%Y-%m-%d}\tverified\tlast verdict by editor")
    assert f"/claims/{due.pk}/" in lines[0]
    assert lines[-1] == f"1 claim due for review on {TODAY:%Y-%m-%d}"
    due.refresh_from_db()
    assert due.assignee is None  # listing changes nothing
    out = StringIO()
    call_command("flag_due_claims", "--date", f"{FUTURE:%Y-%m-%d}", stdout=out)
    assert out.getvalue().splitlines()[-1] == f"2 claims due for review on {FUTURE:%Y-%m-%d}"
    with pytest.raises(CommandError):
        call_command("flag_due_claims", "--date", "tomorrow", stdout=StringIO())


def test_flag_due_claims_assign_gives_each_claim_to_its_last_verdict_editor(editor, other_editor):
    first = _verified(editor, review_by=PAST)
    second = _verified(editor, review_by=PAST, text="Lumora sells robots in 14 cities across Asia today.")
    second.record_verdict(status="verified", rationale="Checked by someone else.", editor=other_editor, review_by=PAST)
    out = StringIO()
    call_command("flag_due_claims", "--assign", stdout=out)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.assignee == editor and second.assignee == other_editor
    assert out.getvalue().splitlines()[-1].endswith(", 2 newly assigned")
    assert ClaimEvent.objects.filter(claim=first, kind=ClaimEvent.Kind.ASSIGNED).count() == 1
    # Running it again (the next day's cron) assigns nobody twice.
    out = StringIO()
    call_command("flag_due_claims", "--assign", stdout=out)
    assert out.getvalue().splitlines()[-1].endswith(", 0 newly assigned")
    assert ClaimEvent.objects.filter(claim=first, kind=ClaimEvent.Kind.ASSIGNED).count() == 1


def test_an_outdated_claim_keeps_its_history_and_shows_what_it_was(editor_client, editor):
    claim = _verified(editor, review_by=PAST)
    claim.record_verdict(status="outdated", rationale="A newer ranking puts it third.", editor=editor)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.OUTDATED
    assert list(claim.verdicts.values_list("status", flat=True)) == ["outdated", "verified"]
    annotated = Claim.objects.with_previous_status().get(pk=claim.pk)
    assert annotated.previous_status == "verified"
    page = editor_client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert 'id="previous-status"' in page
    previous = page.split('id="previous-status"', 1)[1].split("</span> before", 1)[0]
    assert "verified" in previous
    assert "The ranking page lists it first." in page and "A newer ranking puts it third." in page


def test_previous_status_of_claims_with_one_or_no_verdict():
    unreviewed = make_claim()
    outdated = make_claim()
    outdated.record_verdict(status="outdated", rationale="The rule changed in March.", editor=None)
    statuses = dict(Claim.objects.with_previous_status().values_list("pk", "previous_status"))
    assert statuses[unreviewed.pk] == ""
    assert statuses[outdated.pk] == "unreviewed"
