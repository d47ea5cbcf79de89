"""A claim's page shows its aligned sentence in every translation of its article (issue 10)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.matching import alignment
from articles.models import Claim, MatchSuggestion, TranslationLink
from tests.factories import make_article, make_claim

pytestmark = pytest.mark.django_db

# One short story, written for these tests, in English, Thai and Japanese. The Japanese merges the
# English second and third sentences into one (a 2-1 bead).
ENGLISH = (
    "Lumora Foods opened a bakery in Chiang Mai in 2025. It employs 140 people. "
    "The bakery sells 9,000 loaves a day. Lumora plans a second bakery in Osaka by 2027."
)
THAI = (
    "Lumora Foods เปิดร้านเบเกอรี่ในเชียงใหม่ในปี 2025\n"
    "ร้านมีพนักงาน 140 คน\n"
    "ร้านขายขนมปังวันละ 9,000 ก้อน\n"
    "Lumora มีแผนเปิดร้านแห่งที่สองในโอซากาภายในปี 2027"
)
JAPANESE = (
    "Lumora Foodsは2025年にチェンマイでベーカリーを開いた。"
    "同社は140人を雇用し、1日に9,000個のパンを販売している。"
    "Lumoraは2027年までに大阪に2号店を開く計画だ。"
)
VIETNAMESE = (
    "Lumora Foods mở một tiệm bánh ở Chiang Mai vào năm 2025. Tiệm có 140 nhân viên. "
    "Tiệm bán 9.000 ổ bánh mì mỗi ngày. Lumora dự định mở tiệm thứ hai ở Osaka trước năm 2027."
)
KHMER = (
    "Lumora Foods បានបើកហាងនំបុ័ងមួយនៅ Chiang Mai ក្នុងឆ្នាំ 2025។ ហាងនេះមានបុគ្គលិក 140 នាក់។ "
    "ហាងលក់នំបុ័ង 9,000 ដុំក្នុងមួយថ្ងៃ។ Lumora គ្រោងបើកហាងទីពីរនៅ Osaka នៅឆ្នាំ 2027។"
)

EN_FIRST = "Lumora Foods opened a bakery in Chiang Mai in 2025."
EN_LAST = "Lumora plans a second bakery in Osaka by 2027."
TH_FIRST = "Lumora Foods เปิดร้านเบเกอรี่ในเชียงใหม่ในปี 2025"
JA_FIRST = "Lumora Foodsは2025年にチェンマイでベーカリーを開いた。"
JA_MERGED = "同社は140人を雇用し、1日に9,000個のパンを販売している。"


def _story():
    return make_article(ENGLISH), make_article(THAI, language="th"), make_article(JAPANESE, language="ja")


def _link(a, b, status=TranslationLink.Status.DETECTED) -> TranslationLink:
    first, second = sorted([a, b], key=lambda article: article.pk)
    return TranslationLink.objects.create(article_a=first, article_b=second, score=0.9, status=status)


def _section(page: str) -> str:
    """The "In translations" section of a claim page."""
    assert 'id="in-translations"' in page
    return page.split('id="in-translations"', 1)[1].split("</section>", 1)[0]


def _item(section: str, article) -> str:
    return section.split(f'id="in-translation-{article.pk}"', 1)[1].split('<li id="in-translation-', 1)[0]


def _page(client, claim) -> str:
    response = client.get(reverse("claim_detail", args=[claim.pk]))
    assert response.status_code == 200
    return response.content.decode()


# --- The alignment ---------------------------------------------------------------------------------


def test_the_story_aligns_one_to_one_and_two_to_one():
    en, th, ja = (alignment.units(text, lang) for text, lang in ((ENGLISH, "en"), (THAI, "th"), (JAPANESE, "ja")))
    assert alignment.align(en, th) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]
    assert alignment.align(en, ja) == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]


def test_aligned_sentences_is_pure_and_keeps_the_links_order(django_assert_num_queries):
    english, thai, japanese = _story()
    claim = make_claim(english, "It employs 140 people.")
    theirs = make_claim(japanese, JA_MERGED)
    links = list(
        TranslationLink.objects.filter(pk__in=[_link(english, japanese).pk, _link(english, thai).pk])
        .select_related("article_a", "article_b")
        .order_by("-article_b_id")
    )
    claim = Claim.objects.select_related("article").get(pk=claim.pk)
    with django_assert_num_queries(0):
        found = alignment.aligned_sentences(claim, links, [theirs])
    assert [item.article.pk for item in found] == [japanese.pk, thai.pk]
    assert [(s.text, s.claims) for s in found[0].sentences] == [(JA_MERGED, (theirs,))]
    assert [(s.text, s.claims) for s in found[1].sentences] == [("ร้านมีพนักงาน 140 คน", ())]


def test_a_sentence_the_translation_leaves_out_has_no_aligned_sentence():
    # A Thai version that keeps only the lead: only the lead pairs (by its anchors, as each other's
    # best), the English last sentence with nothing.
    english, thai = make_article(ENGLISH), make_article(TH_FIRST, language="th")
    claim = make_claim(english, EN_LAST)
    link = TranslationLink.objects.select_related("article_a", "article_b").get(pk=_link(english, thai).pk)
    assert alignment.sentence_pairs(alignment.units(ENGLISH, "en"), alignment.units(TH_FIRST, "th")) == {(0, 0)}
    [item] = alignment.aligned_sentences(Claim.objects.select_related("article").get(pk=claim.pk), [link])
    assert item.article == thai and item.sentences == ()


# --- The claim page --------------------------------------------------------------------------------


def test_the_claim_page_shows_the_sentence_in_thai_and_japanese(editor_client):
    english, thai, japanese = _story()
    claim = make_claim(english, EN_FIRST)
    _link(english, thai)
    _link(english, japanese, status=TranslationLink.Status.CONFIRMED)
    section = _section(_page(editor_client, claim))
    assert "In translations" in section
    th, ja = _item(section, thai), _item(section, japanese)
    assert f'<blockquote class="passage" lang="th" dir="ltr">{TH_FIRST}</blockquote>' in th
    assert f'<blockquote class="passage" lang="ja" dir="ltr">{JA_FIRST}</blockquote>' in ja
    assert "Thai" in th and "detected" in th and "Japanese" in ja and "confirmed" in ja
    assert reverse("article_detail", args=[thai.pk]) in th
    # Only the aligned sentence, not the rest of the translation.
    assert "140" not in th and "2027" not in ja
    # Neither is a claim there: an editor may make it one, through the article's "add a claim" form.
    assert "This sentence is not a claim." in th
    assert f'action="{reverse("article_claim_create", args=[thai.pk])}"' in th
    assert f'name="sentence" value="0-{len(TH_FIRST)}"' in th


def test_the_page_of_the_translation_shows_the_original_and_the_other_translation(editor_client):
    english, thai, japanese = _story()
    claim = make_claim(thai, TH_FIRST)
    _link(english, thai)
    _link(thai, japanese)
    section = _section(_page(editor_client, claim))
    assert f'lang="en" dir="ltr">{EN_FIRST}</blockquote>' in _item(section, english)
    assert f'lang="ja" dir="ltr">{JA_FIRST}</blockquote>' in _item(section, japanese)


def test_a_merged_sentence_shows_both_halves(editor_client):
    english, japanese = make_article(ENGLISH), make_article(JAPANESE, language="ja")
    _link(english, japanese)
    claim = make_claim(japanese, JA_MERGED)
    item = _item(_section(_page(editor_client, claim)), english)
    assert '<blockquote class="passage" lang="en" dir="ltr">It employs 140 people.</blockquote>' in item
    assert '<blockquote class="passage" lang="en" dir="ltr">The bakery sells 9,000 loaves a day.</blockquote>' in item
    assert item.index("It employs") < item.index("The bakery sells")
    # And from either half, the merged sentence.
    half = make_claim(english, "The bakery sells 9,000 loaves a day.")
    item = _item(_section(_page(editor_client, half)), japanese)
    assert f">{JA_MERGED}</blockquote>" in item and item.count("<blockquote") == 1


def test_a_claim_covering_the_aligned_sentence_is_linked_with_its_status_and_group(editor_client, editor):
    english, thai, japanese = _story()
    _link(english, thai)
    _link(english, japanese)
    claim = make_claim(english, EN_FIRST)
    thai_claim = make_claim(thai, TH_FIRST, triage=Claim.Triage.CANDIDATE)
    japanese_claim = make_claim(japanese, JA_FIRST)
    suggestion = MatchSuggestion.objects.create(
        claim_a=claim, claim_b=thai_claim, score=0.6, reasons=[alignment.ALIGNED]
    )
    grouped = MatchSuggestion.objects.create(claim_a=claim, claim_b=japanese_claim, score=0.6)
    grouped.confirm(editor=editor)
    claim = Claim.objects.get(pk=claim.pk)
    page = _page(editor_client, claim)
    section = _section(page)
    th, ja = _item(section, thai), _item(section, japanese)
    assert reverse("claim_detail", args=[thai_claim.pk]) in th and "candidate" in th
    assert "not a claim" not in th and "article_claim_create" not in th
    # Not grouped yet: the pending suggestion of the group workflow, on the same page.
    assert f'href="#match-{suggestion.pk}"' in th and f'id="match-{suggestion.pk}"' in page
    assert reverse("claim_detail", args=[japanese_claim.pk]) in ja and "in this claim's group" in ja


def test_an_editor_makes_the_aligned_sentence_a_claim_and_groups_it(editor_client, editor):
    english, thai = make_article(ENGLISH), make_article(THAI, language="th")
    _link(english, thai)
    claim = make_claim(english, EN_FIRST)
    response = editor_client.post(reverse("article_claim_create", args=[thai.pk]), {"sentence": f"0-{len(TH_FIRST)}"})
    assert response.status_code == 302
    created = Claim.objects.get(article=thai)
    assert (created.text, created.span_start, created.origin) == (TH_FIRST, 0, Claim.Origin.EDITOR)
    # The new claim is aligned with the translations' claims: the pair is suggested, reason given.
    suggestion = MatchSuggestion.objects.get(claim_a=claim, claim_b=created)
    assert alignment.ALIGNED in suggestion.reasons
    item = _item(_section(_page(editor_client, claim)), thai)
    assert reverse("claim_detail", args=[created.pk]) in item and "not a claim" not in item
    assert f'href="#match-{suggestion.pk}"' in item
    # The existing group workflow: confirm the pair, and one verdict can serve both.
    editor_client.post(reverse("match_confirm", args=[claim.pk, suggestion.pk]))
    page = _page(editor_client, claim)
    assert "in this claim's group" in _item(_section(page), thai)
    assert f'id="group-claim-{created.pk}"' in page


def test_a_claim_added_to_an_article_without_translations_costs_one_query_more(django_assert_num_queries):
    english, thai = make_article(ENGLISH), make_article(THAI, language="th")
    claim = make_claim(english, EN_FIRST)
    with django_assert_num_queries(1):
        assert alignment.align_with_translations(english, [claim]) == 0
    _link(english, thai, status=TranslationLink.Status.REJECTED)
    thai_claim = make_claim(thai, TH_FIRST)
    with django_assert_num_queries(1):
        assert alignment.align_with_translations(thai, [thai_claim]) == 0
    assert not MatchSuggestion.objects.exists()


def test_a_viewer_sees_the_sentences_without_the_form(viewer_client):
    english, thai = make_article(ENGLISH), make_article(THAI, language="th")
    _link(english, thai)
    claim = make_claim(english, EN_FIRST)
    item = _item(_section(_page(viewer_client, claim)), thai)
    assert TH_FIRST in item and "This sentence is not a claim." in item
    assert "<form" not in item


def test_a_rejected_link_is_not_shown(editor_client, editor):
    english, thai, japanese = _story()
    claim = make_claim(english, EN_FIRST)
    _link(english, thai).decide(TranslationLink.Status.REJECTED, editor=editor)
    page = _page(editor_client, claim)
    assert 'id="in-translations"' not in page and TH_FIRST not in page
    _link(english, japanese)
    section = _section(_page(editor_client, claim))
    assert f'id="in-translation-{japanese.pk}"' in section
    assert f'id="in-translation-{thai.pk}"' not in section and TH_FIRST not in section


def test_a_skipped_sentence_and_a_claim_outside_the_text_say_so(editor_client):
    english, thai = make_article(ENGLISH), make_article(TH_FIRST, language="th")
    _link(english, thai)
    item = _item(_section(_page(editor_client, make_claim(english, EN_LAST))), thai)
    assert "No sentence of this translation is aligned with the claim" in item and "<blockquote" not in item
    written = Claim.objects.create(article=english, text="An editor's own wording.", language="en")
    item = _item(_section(_page(editor_client, written)), thai)
    assert "This claim is not a passage of the text" in item and "<blockquote" not in item


def test_user_text_is_escaped(editor_client):
    english = make_article(ENGLISH)
    hostile = THAI.replace("ร้านเบเกอรี่", '<script>alert("x")</script><b>ร้านเบเกอรี่</b>', 1)
    thai = make_article(hostile, language="th", title='<img src=x onerror="alert(1)">Thai')
    _link(english, thai)
    claim = make_claim(english, EN_FIRST)
    page = _page(editor_client, claim)
    section = _section(page)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;ร้านเบเกอรี่&lt;/b&gt;" in section
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Thai" in section
    assert "<script>alert" not in page and "<b>ร้าน" not in page and "<img src=x" not in page


def _count(client, claim) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("claim_detail", args=[claim.pk])).status_code == 200
    return len(queries)


def test_the_claim_page_runs_as_many_queries_with_one_and_with_three_translations(editor_client, editor):
    english = make_article(ENGLISH)
    claim = make_claim(english, EN_FIRST)
    none = _count(editor_client, claim)
    versions = [(THAI, "th", TH_FIRST), (JAPANESE, "ja", JA_FIRST), (VIETNAMESE, "vi", None), (KHMER, "km", None)]
    articles = []
    for body, language, first in versions:
        article = make_article(body, language=language)
        articles.append(article)
        make_claim(article, first or body.split(". ")[0].split("។")[0])
        make_claim(article, body.split("\n")[-1] if language == "th" else body[-20:])
    _link(english, articles[0])
    one = _count(editor_client, claim)
    _link(english, articles[1])
    _link(english, articles[2], status=TranslationLink.Status.CONFIRMED)
    _link(english, articles[3], status=TranslationLink.Status.REJECTED)
    three = _count(editor_client, claim)
    section = _section(_page(editor_client, claim))
    assert section.count('class="in-translation"') == 3 and section.count("aligned-claim-") == 3
    print(f"claim page queries: {none} without translations, {one} with one, {three} with three")
    assert one == three
    # The links with both articles, then the translations' claims; without a link, neither (the
    # claim's own query says whether there is one).
    assert one == none + 2


@pytest.mark.parametrize("language", ["th", "vi", "ja", "km"])
def test_the_section_speaks_the_interface_language(editor_client, settings, language):
    english, thai = make_article(ENGLISH), make_article(THAI, language="th")
    _link(english, thai)
    claim = make_claim(english, EN_FIRST)
    editor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    section = _section(_page(editor_client, claim))
    assert TH_FIRST in section
    for english_text in (">In translations<", "not a claim", ">Make it a claim<", ">detected<"):
        assert english_text not in section
    # The language's name comes from Django's catalogues, which have none in Khmer.
    assert ("· Thai ·" in section) == (language == "km")
