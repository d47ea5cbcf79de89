"""Match suggestions in the editors' pages: confirm, reject, groups, verdicts applied to a group, the
claims list filter and group size, through the real stack."""

import pytest
from django.urls import reverse

from articles import matching
from articles.models import Claim, ClaimEvent, Evidence, MatchSuggestion, NameAlias, Verdict
from tests.factories import link, make_article, make_claim
from tests.test_matching import STORY

pytestmark = pytest.mark.django_db


def _story() -> dict[str, list[Claim]]:
    stories = {}
    for language, sentences in STORY.items():
        article = make_article(" ".join(sentences), language=language, title=f"Lumora story ({language})")
        stories[language] = [make_claim(article, text=s, language=language) for s in sentences]
        matching.refresh_matches(stories[language])
    return stories


def _suggestion(a: Claim, b: Claim) -> MatchSuggestion:
    return MatchSuggestion.objects.get(claim_a=min(a.pk, b.pk), claim_b=max(a.pk, b.pk))


def test_claim_page_shows_suggestions_with_score_and_reasons(editor_client):
    stories = _story()
    th, vi = stories["th"][0], stories["vi"][0]
    suggestion = _suggestion(th, vi)
    page = editor_client.get(reverse("claim_detail", args=[th.pk])).content.decode()
    assert f'id="match-{suggestion.pk}"' in page
    assert f"{suggestion.score:.2f}" in page
    assert "names: lumora, robotics" in page and "figures: 1677" in page
    assert f'id="confirm-match-{suggestion.pk}"' in page and f'id="reject-match-{suggestion.pk}"' in page


def test_viewer_sees_suggestions_but_cannot_decide(viewer_client, client):
    stories = _story()
    th, vi = stories["th"][0], stories["vi"][0]
    suggestion = _suggestion(th, vi)
    page = viewer_client.get(reverse("claim_detail", args=[th.pk])).content.decode()
    assert f'id="match-{suggestion.pk}"' in page
    assert f'id="confirm-match-{suggestion.pk}"' not in page
    for name in ("match_confirm", "match_reject"):
        assert viewer_client.post(reverse(name, args=[th.pk, suggestion.pk])).status_code == 403
    assert viewer_client.post(reverse("claim_apply_verdict", args=[th.pk])).status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.state == MatchSuggestion.State.SUGGESTED
    assert viewer_client.get(reverse("match_confirm", args=[th.pk, suggestion.pk])).status_code in (403, 405)
    client.logout()  # the same client: now anonymous
    response = client.post(reverse("match_confirm", args=[th.pk, suggestion.pk]))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_confirm_forms_and_extends_a_group_and_settles_pairs_inside_it(editor_client, editor):
    stories = _story()
    th, vi, ja = stories["th"][0], stories["vi"][0], stories["ja"][0]
    first = _suggestion(th, vi)
    response = editor_client.post(reverse("match_confirm", args=[th.pk, first.pk]))
    assert response.status_code == 302 and response["Location"].endswith(f"/claims/{th.pk}/#matches")
    th.refresh_from_db()
    vi.refresh_from_db()
    assert th.group_id and th.group_id == vi.group_id
    first.refresh_from_db()
    assert first.state == MatchSuggestion.State.CONFIRMED and first.decided_by == editor
    assert ClaimEvent.objects.filter(claim=th, kind=ClaimEvent.Kind.GROUPED).exists()
    # The Japanese claim joins the same group; the th~ja pair is settled by the vi~ja confirmation.
    editor_client.post(reverse("match_confirm", args=[ja.pk, _suggestion(vi, ja).pk]))
    ja.refresh_from_db()
    assert ja.group_id == th.group_id
    assert _suggestion(th, ja).state == MatchSuggestion.State.CONFIRMED
    page = editor_client.get(reverse("claim_detail", args=[th.pk])).content.decode()
    assert "Confirmed group: 3 claims" in page
    assert f'id="group-claim-{ja.pk}"' in page and f'id="match-{_suggestion(th, ja).pk}"' not in page
    # The claims list shows the group size.
    listing = editor_client.get(reverse("claim_list") + f"?article={th.article_id}").content.decode()
    assert 'aria-label="group of 3 claims"' in listing


def test_confirming_merges_two_groups(editor):
    stories = _story()
    th, vi, ja = stories["th"][0], stories["vi"][0], stories["ja"][0]
    other = make_claim(make_article("Lumora Robotics: 1,677 robots in 2025.", language="en"), language="en")
    matching.refresh_matches(other)
    _suggestion(th, vi).confirm(editor=editor)
    _suggestion(ja, other).confirm(editor=editor)
    th.refresh_from_db()
    ja.refresh_from_db()
    assert th.group_id != ja.group_id
    _suggestion(vi, ja).confirm(editor=editor)
    groups = set(Claim.objects.filter(pk__in=[th.pk, vi.pk, ja.pk, other.pk]).values_list("group_id", flat=True))
    assert len(groups) == 1 and None not in groups


def test_reject_is_final(editor_client):
    stories = _story()
    th, vi = stories["th"][0], stories["vi"][0]
    suggestion = _suggestion(th, vi)
    editor_client.post(reverse("match_reject", args=[vi.pk, suggestion.pk]))
    suggestion.refresh_from_db()
    assert suggestion.state == MatchSuggestion.State.REJECTED
    matching.refresh_matches([th, vi])
    suggestion.refresh_from_db()
    assert suggestion.state == MatchSuggestion.State.REJECTED
    page = editor_client.get(reverse("claim_detail", args=[th.pk])).content.decode()
    assert f'id="match-{suggestion.pk}"' not in page
    # Confirming it afterwards is refused.
    editor_client.post(reverse("match_confirm", args=[th.pk, suggestion.pk]))
    suggestion.refresh_from_db()
    assert suggestion.state == MatchSuggestion.State.REJECTED
    th.refresh_from_db()
    assert th.group_id is None


def test_a_suggestion_of_another_claim_is_404(editor_client):
    stories = _story()
    suggestion = _suggestion(stories["th"][0], stories["vi"][0])
    unrelated = stories["th"][3]
    assert editor_client.post(reverse("match_confirm", args=[unrelated.pk, suggestion.pk])).status_code == 404


def test_filter_has_unconfirmed_matches(editor_client, editor):
    stories = _story()
    lonely = make_claim(make_article("Nothing to see here today.", language="en"))
    th, vi = stories["th"][0], stories["vi"][0]
    url = reverse("claim_list")
    page = editor_client.get(url + "?unconfirmed_matches=yes").content.decode()
    assert f'id="claim-row-{th.pk}"' in page and f'id="claim-row-{lonely.pk}"' not in page
    page = editor_client.get(url + "?unconfirmed_matches=no").content.decode()
    assert f'id="claim-row-{lonely.pk}"' in page and f'id="claim-row-{th.pk}"' not in page
    # Once every pair of a claim is decided it has no unconfirmed match left.
    for other in (vi, stories["ja"][0]):
        _suggestion(th, other).reject(editor=editor)
    page = editor_client.get(url + "?unconfirmed_matches=yes").content.decode()
    assert f'id="claim-row-{th.pk}"' not in page
    # A bad value is a form error, not ignored.
    response = editor_client.get(url + "?unconfirmed_matches=maybe")
    assert "Select a valid choice" in response.content.decode()


def test_apply_verdict_to_the_group(editor_client, editor, other_editor):
    stories = _story()
    th, vi, ja = stories["th"][0], stories["vi"][0], stories["ja"][0]
    _suggestion(th, vi).confirm(editor=editor)
    _suggestion(th, ja).confirm(editor=editor)
    link(vi, stance=Evidence.Stance.SUPPORTS, editor=editor)  # one source, on one claim of the group
    th.refresh_from_db()
    original = th.record_verdict(status="verified", rationale="The company's filing lists 1,677 units.", editor=editor)
    editor_client.force_login(other_editor)
    response = editor_client.post(reverse("claim_apply_verdict", args=[th.pk]))
    assert response.status_code == 302
    for claim in (vi, ja):
        claim.refresh_from_db()
        assert claim.status == Claim.Status.VERIFIED
        verdict = claim.verdicts.get()
        assert verdict.applied_from == original and verdict.editor == other_editor
        assert verdict.rationale == original.rationale
    # Applying again adds nothing.
    editor_client.post(reverse("claim_apply_verdict", args=[th.pk]))
    assert Verdict.objects.filter(applied_from=original).count() == 2
    page = editor_client.get(reverse("claim_detail", args=[vi.pk])).content.decode()
    assert f"applied from claim {th.pk}" in page


def test_apply_verdict_reports_what_is_missing_and_applies_nothing(editor_client, editor):
    stories = _story()
    th, vi = stories["th"][0], stories["vi"][0]
    evidence = link(th, stance=Evidence.Stance.REFUTES, editor=editor)
    th.refresh_from_db()
    verdict = th.record_verdict(status="disputed", rationale="The filing says 1,200.", editor=editor)
    _suggestion(th, vi).confirm(editor=editor)
    # The refuting source is removed after the verdict: the group no longer holds what disputed needs.
    th.unlink_evidence(evidence, editor=editor)
    response = editor_client.post(reverse("claim_apply_verdict", args=[th.pk]), follow=True)
    page = response.content.decode()
    assert "The verdict was not applied to the group" in page
    assert f"Claim {vi.pk}: A disputed claim needs at least one linked source that refutes it." in page
    assert not Verdict.objects.filter(applied_from=verdict).exists()
    vi.refresh_from_db()
    assert vi.status == Claim.Status.UNREVIEWED


def test_evidence_is_shared_through_the_group(editor):
    stories = _story()
    th, vi = stories["th"][0], stories["vi"][0]
    link(vi, stance=Evidence.Stance.SUPPORTS, editor=editor)
    assert th.verdict_problems("verified", "ok")  # not grouped yet: th has no source
    _suggestion(th, vi).confirm(editor=editor)
    th.refresh_from_db()
    assert th.verdict_problems("verified", "ok") == []
    assert th.verdict_problems("disputed", "ok")  # nothing refutes it anywhere in the group


def test_editor_created_and_edited_claims_are_matched(editor_client):
    stories = _story()
    body = "Lumora Robotics delivered 1,677 robots to customers in 2025. Sales rose."
    article = make_article(body, language="en")
    sentence = "Lumora Robotics delivered 1,677 robots to customers in 2025."
    response = editor_client.post(
        reverse("article_claim_create", args=[article.pk]), {"span_start": 0, "span_end": len(sentence)}
    )
    assert response.status_code == 302
    claim = Claim.objects.get(article=article)
    found = MatchSuggestion.objects.filter(claim_a=claim) | MatchSuggestion.objects.filter(claim_b=claim)
    assert found.exists()
    # Editing the claim's text away from the story removes its suggestions.
    editor_client.post(
        reverse("claim_edit", args=[claim.pk]), {"text": "Sales rose.", "claimant": "", "version": claim.version}
    )
    assert not (MatchSuggestion.objects.filter(claim_a=claim) | MatchSuggestion.objects.filter(claim_b=claim)).exists()
    assert stories  # the story's own suggestions stay


def test_confirmation_learns_an_alias_from_katakana(editor):
    first = make_claim(make_article("Lumora は 2025 年に 1,677 台を納入した。", language="ja"), language="ja")
    second = make_claim(make_article("ルモラ は 2025 年に 1,677 台を納入した。", language="ja"), language="ja")
    english = make_claim(make_article("Lumora delivered 1,677 robots in 2025.", language="en"), language="en")
    matching.refresh_matches([first, second, english])
    pair = sorted([second.pk, english.pk])
    suggestion, _ = MatchSuggestion.objects.get_or_create(
        claim_a_id=pair[0], claim_b_id=pair[1], defaults={"score": 0.6}
    )
    _group, learned = matching.confirm_suggestion(suggestion, editor=editor)
    assert [str(a) for a in learned] == ["ルモラ = Lumora"]
    assert NameAlias.objects.filter(alias="ルモラ", canonical="Lumora").exists()
    second.refresh_from_db()
    assert "n:lumora" in second.match_signals


def test_common_katakana_words_are_not_learned_as_names(editor):
    for i in range(8):
        make_claim(make_article(f"ロボット の 記事 {i} 番目。", language="ja"), language="ja")
    japanese = make_claim(make_article("ロボット 1,677 台を 2025 年に納入。", language="ja"), language="ja")
    english = make_claim(make_article("Lumora delivered 1,677 robots in 2025.", language="en"), language="en")
    pair = sorted([japanese.pk, english.pk])
    suggestion = MatchSuggestion.objects.create(claim_a_id=pair[0], claim_b_id=pair[1], score=0.6)
    _group, learned = matching.confirm_suggestion(suggestion, editor=editor)
    assert learned == []
    assert not NameAlias.objects.exists()


def test_claim_page_query_count_does_not_grow_with_suggestions(editor_client, django_assert_max_num_queries):
    stories = _story()
    th = stories["th"][0]
    with django_assert_max_num_queries(14) as few:
        editor_client.get(reverse("claim_detail", args=[th.pk]))
    for i in range(6):
        extra = make_claim(
            make_article(f"Lumora Robotics delivered 1,677 robots in 2025, report {i} says.", language="en"),
            language="en",
        )
        matching.refresh_matches(extra)
    with django_assert_max_num_queries(len(few.captured_queries)):
        editor_client.get(reverse("claim_detail", args=[th.pk]))
