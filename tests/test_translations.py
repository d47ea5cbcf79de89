"""Translation detection (issue 10): links between an article and its translations, found on import."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.importing import IMPORTED, import_text
from articles.matching import translations
from articles.models import Article, Claim, TranslationLink

pytestmark = pytest.mark.django_db

# One story in three languages, written for these tests: names kept in Latin letters, as tech news
# in Thai and Japanese often does.
ENGLISH = """Veltrix Robotics sells more warehouse robots

Veltrix Robotics sold 48,000 warehouse robots in 2025, the company said on Monday.
Revenue rose 37% to 2.4 billion dollars, according to chief executive Dana Okoro.
The firm opened a factory in Penang that employs 1,850 workers.
Veltrix plans to invest 600 million dollars in Vietnam by 2028.
Its largest customer, Korvan Logistics, bought 12,500 robots last year.
Shares of Veltrix climbed 9.5% after the announcement.
"""

THAI = """Veltrix Robotics ขายหุ่นยนต์เพิ่มขึ้น

Veltrix Robotics ขายหุ่นยนต์คลังสินค้าได้ 48,000 ตัวในปี 2025 บริษัทระบุเมื่อวันจันทร์
รายได้เพิ่มขึ้น 37% เป็น 2,400 ล้านดอลลาร์ ตามคำกล่าวของ Dana Okoro ประธานเจ้าหน้าที่บริหาร
บริษัทเปิดโรงงานใน Penang ซึ่งมีพนักงาน 1,850 คน
Veltrix มีแผนลงทุน 600 ล้านดอลลาร์ในเวียดนามภายในปี 2028
Korvan Logistics ลูกค้ารายใหญ่ที่สุด ซื้อหุ่นยนต์ 12,500 ตัวเมื่อปีที่แล้ว
หุ้นของ Veltrix ปรับตัวขึ้น 9.5% หลังการประกาศ
"""

JAPANESE = """Veltrix Robotics、倉庫ロボットの販売が拡大

Veltrix Roboticsは2025年に倉庫ロボットを48,000台販売したと月曜日に発表した。
Dana Okoro最高経営責任者によると、売上高は37%増の24億ドルだった。
同社はPenangに工場を開設し、1,850人を雇用している。
Veltrixは2028年までにベトナムに6億ドルを投資する計画だ。
最大の顧客であるKorvan Logisticsは昨年12,500台のロボットを購入した。
発表後、Veltrixの株価は9.5%上昇した。
"""

# The same company and people, other facts.
RECALL = """Veltrix Robotics recalls delivery drones

Veltrix Robotics recalled 3,200 delivery drones in 2024 after battery fires, regulators said.
The recall cost Veltrix about 75 million dollars, chief executive Dana Okoro told reporters.
Drones sold in Germany and Poland were affected, with 410 units returned in March.
Veltrix said 14 customers had reported overheating since 2023.
Korvan Logistics returned 95 drones, a spokesperson for Korvan said.
"""

# The same company, and even the headline figures of the first story as background, in a story
# about something else.
LAWSUIT = """Veltrix Robotics sued by former supplier

Quellan Motors sued Veltrix Robotics for 310 million dollars in Singapore on Friday.
Quellan says it supplied 52,000 motors between 2021 and 2023 and was paid for 40%.
Veltrix, which sold 48,000 warehouse robots in 2025, denied the claims.
Dana Okoro, the chief executive, said the contract ended in 2023.
The court in Singapore will hear the case on 14 April, Quellan lawyer Mira Castell said.
Analysts at Berenfeld Capital expect a settlement below 100 million dollars.
"""

# The same company in Thai, other facts.
THAI_RESULTS = """ผลประกอบการ Veltrix ไตรมาสแรก

Veltrix Robotics รายงานกำไร 120 ล้านดอลลาร์ในไตรมาสแรกของปี 2026
Dana Okoro กล่าวว่าบริษัทจะจ้างพนักงานเพิ่ม 700 คนในเมือง Chennai
ยอดขายในยุโรปลดลง 6% เมื่อเทียบกับปีก่อน
"""


def _import(text: str) -> Article:
    result = import_text(text)
    assert result.status == IMPORTED, result
    return result.article


def _links() -> list[tuple[int, int, str]]:
    return list(TranslationLink.objects.order_by("pk").values_list("article_a", "article_b", "status"))


def test_lcs_and_score_of_signal_sequences():
    assert translations.lcs_length(list("abcde"), list("axcyd")) == 3
    assert translations.lcs_length([], list("abc")) == 0
    same = ["n:a", "#1", "#2", "n:b", "#3"]
    assert translations.translation_score(same, same) == (1.0, 5)
    # Shared but in another order: only the part in the same order counts.
    score, shared = translations.translation_score(same, list(reversed(same)))
    assert shared == 5 and score == pytest.approx(1 / 5)
    # Too few shared signals, or lengths too different: no score.
    assert translations.translation_score(same[:3], same[:3])[0] == 0.0
    assert translations.translation_score(same, same, claims=(4, 9))[0] == 0.0
    assert translations.translation_score(same, same, claims=(5, 9))[0] == 1.0


@pytest.mark.parametrize("translation", [THAI, JAPANESE], ids=["th", "ja"])
def test_a_translation_is_linked_to_its_original(translation):
    original = _import(ENGLISH)
    translated = _import(translation)
    assert translated.language != original.language
    link = TranslationLink.objects.get()
    assert (link.article_a_id, link.article_b_id) == (original.pk, translated.pk)
    assert link.status == TranslationLink.Status.DETECTED
    assert link.score >= translations.MIN_SCORE


def test_three_versions_are_linked_pairwise():
    english, thai, japanese = _import(ENGLISH), _import(THAI), _import(JAPANESE)
    assert {(a, b) for a, b, _ in _links()} == {
        (english.pk, thai.pk),
        (english.pk, japanese.pk),
        (thai.pk, japanese.pk),
    }


@pytest.mark.parametrize("other", [RECALL, LAWSUIT, THAI_RESULTS], ids=["recall", "lawsuit", "thai-results"])
def test_another_story_about_the_same_company_is_not_a_translation(other):
    _import(ENGLISH)
    _import(THAI)
    _import(other)
    stories = _links()
    assert len(stories) == 1  # English <-> Thai only
    assert Article.objects.count() == 3


def test_a_rejected_link_is_never_detected_again(editor):
    original = _import(ENGLISH)
    translated = _import(THAI)
    link = TranslationLink.objects.get()
    link.decide(TranslationLink.Status.REJECTED, editor=editor)
    # Detection runs again for the translation (a re-scan) and a third version is imported.
    translations.detect_translations(translated)
    japanese = _import(JAPANESE)
    link.refresh_from_db()
    assert link.status == TranslationLink.Status.REJECTED and link.decided_by == editor
    assert (original.pk, translated.pk, "rejected") in _links()
    assert TranslationLink.objects.filter(article_b=japanese).count() == 2
    # Importing the same text again is a duplicate and detects nothing new.
    assert import_text(THAI).status != IMPORTED
    assert TranslationLink.objects.count() == 3


def test_a_confirmed_link_keeps_its_status_on_a_rescan(editor):
    _import(ENGLISH)
    translated = _import(JAPANESE)
    TranslationLink.objects.get().decide(TranslationLink.Status.CONFIRMED, editor=editor)
    translations.detect_translations(translated)
    assert TranslationLink.objects.get().status == TranslationLink.Status.CONFIRMED


def test_detection_runs_a_constant_number_of_queries(django_assert_num_queries):
    english = _import(ENGLISH)
    _import(RECALL)
    _import(LAWSUIT)
    thai = _import(THAI)
    claims = list(Claim.objects.filter(article=thai))
    assert len(claims) >= 5
    assert TranslationLink.objects.count() == 1
    TranslationLink.objects.all().delete()  # found again as if imported now
    # The signal counts, the candidates with their claims, the insert; the alignment: bodies, claims, suggestions.
    with django_assert_num_queries(6):
        found = translations.detect_translations(thai, claims)
    assert [d.article_id for d in found] == [english.pk]
    # Found again (a re-scan): the link is there, nothing to align.
    with django_assert_num_queries(3):
        translations.detect_translations(thai, claims)


def _import_queries(text: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        _import(text)
    return len(queries)


def test_an_import_with_detection_runs_as_many_queries_whatever_is_stored():
    # One translation to link to (and another story), then two (and two other stories), then three
    # with a longer translation (more claims).
    _import(ENGLISH)
    _import(RECALL)
    thai_queries = _import_queries(THAI)
    _import(LAWSUIT)
    japanese_queries = _import_queries(JAPANESE)
    longer = ENGLISH.replace("Veltrix Robotics sells", "Veltrix Robotics sold").replace("employs", "now employs")
    longer = longer + "Veltrix had sold 31,000 robots in 2024 and 22,000 in 2023, the company said.\n"
    longer_queries = _import_queries(longer)
    assert TranslationLink.objects.count() == 6
    assert thai_queries == japanese_queries == longer_queries


@pytest.mark.parametrize("split", ["dev", "test"])
def test_gold_set_links_only_translations_of_one_story(split):
    from benchmarks import gold

    stored = {}
    for article in gold.articles(split=split):
        result = import_text(article.body, language=article.language)
        assert result.status == IMPORTED
        stored[result.article.pk] = article
    links = _links()
    wrong = [(stored[a].key, stored[b].key) for a, b, _ in links if stored[a].story != stored[b].story]
    assert wrong == []
    unrelated = [stored[pk].key for pk, _, _ in links if not stored[pk].translated]
    assert unrelated == []
    # Most pairs of versions of one story are found.
    versions: dict[str, int] = {}
    for article in stored.values():
        if article.translated:
            versions[article.story] = versions.get(article.story, 0) + 1
    possible = sum(n * (n - 1) // 2 for n in versions.values())
    print(f"gold {split}: {len(links)} links of {possible} same-story pairs, {len(wrong)} wrong")
    assert len(links) >= 0.9 * possible


# --- The article pages ----------------------------------------------------------------------------


def _pair() -> tuple[Article, Article, TranslationLink]:
    original, translated = _import(ENGLISH), _import(THAI)
    return original, translated, TranslationLink.objects.get()


def test_both_article_pages_show_the_link_with_buttons_for_editors(editor_client):
    original, translated, link = _pair()
    page = editor_client.get(reverse("article_detail", args=[translated.pk])).content.decode()
    assert f"Translation of #{original.pk} (English → Thai)" in page
    assert f'id="confirm-translation-{link.pk}"' in page and f'id="reject-translation-{link.pk}"' in page
    page = editor_client.get(reverse("article_detail", args=[original.pk])).content.decode()
    assert f"Translated as #{translated.pk} (English → Thai)" in page
    assert reverse("translation_confirm", args=[original.pk, link.pk]) in page


def test_the_link_is_shown_in_the_interface_language(editor_client):
    original, translated, _ = _pair()
    editor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    page = editor_client.get(reverse("article_detail", args=[translated.pk])).content.decode()
    assert f"#{original.pk}" in page and "Translation of" not in page


def test_an_article_without_translations_shows_no_section(editor_client):
    article = _import(RECALL)
    page = editor_client.get(reverse("article_detail", args=[article.pk])).content.decode()
    assert 'id="translations"' not in page


def test_an_editor_confirms_a_link(editor_client, editor):
    original, translated, link = _pair()
    response = editor_client.post(reverse("translation_confirm", args=[translated.pk, link.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("article_detail", args=[translated.pk]) + "#translations"
    link.refresh_from_db()
    assert link.status == TranslationLink.Status.CONFIRMED and link.decided_by == editor and link.decided_at
    page = editor_client.get(response["Location"]).content.decode()
    assert f'id="confirm-translation-{link.pk}"' not in page  # confirmed: only "not a translation" is left
    assert f'id="reject-translation-{link.pk}"' in page


def test_an_editor_rejects_a_link_and_it_stays_rejected(editor_client, editor):
    original, translated, link = _pair()
    response = editor_client.post(reverse("translation_reject", args=[original.pk, link.pk]))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.status == TranslationLink.Status.REJECTED
    page = editor_client.get(reverse("article_detail", args=[translated.pk])).content.decode()
    assert 'id="translations"' not in page
    translations.detect_translations(translated)
    link.refresh_from_db()
    assert link.status == TranslationLink.Status.REJECTED


def test_a_viewer_sees_no_buttons_and_gets_403(viewer_client):
    original, translated, link = _pair()
    page = viewer_client.get(reverse("article_detail", args=[translated.pk])).content.decode()
    assert f"Translation of #{original.pk}" in page
    assert "confirm-translation" not in page and "reject-translation" not in page
    for name in ("translation_confirm", "translation_reject"):
        assert viewer_client.post(reverse(name, args=[translated.pk, link.pk])).status_code == 403
    link.refresh_from_db()
    assert link.status == TranslationLink.Status.DETECTED


def test_get_is_refused_and_another_articles_link_is_404(editor_client):
    original, translated, link = _pair()
    assert editor_client.get(reverse("translation_confirm", args=[translated.pk, link.pk])).status_code == 405
    other = _import(RECALL)
    assert editor_client.post(reverse("translation_confirm", args=[other.pk, link.pk])).status_code == 404
    link.refresh_from_db()
    assert link.status == TranslationLink.Status.DETECTED


def test_the_forms_carry_a_csrf_token(client, editor):
    from django.test import Client

    original, translated, link = _pair()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(reverse("translation_confirm", args=[translated.pk, link.pk])).status_code == 403
    page = strict.get(reverse("article_detail", args=[translated.pk])).content.decode()
    assert "csrfmiddlewaretoken" in page.split(f'id="translation-{link.pk}"')[1].split("</li>")[0]


# --- Sentence alignment ---------------------------------------------------------------------------

# The English has five sentences; the Vietnamese merges the 2nd and 3rd into one and splits the 5th
# in two, and names nothing in Latin letters in the 4th (no shared signal there).
ALIGN_EN = (
    "Norvik Energy built a solar farm of 340 megawatts near Da Nang. "
    "The farm cost 410 million dollars. It was finished in 18 months. "
    "Local officials welcomed the project warmly. "
    "Norvik will add batteries that store 90 megawatt hours in 2027, "
    "and the grid operator will buy the power for 20 years."
)
ALIGN_VI = (
    "Norvik Energy đã xây trang trại điện mặt trời 340 megawatt gần Đà Nẵng. "
    "Trang trại trị giá 410 triệu đô la và được hoàn thành trong 18 tháng. "
    "Chính quyền địa phương nhiệt liệt hoan nghênh dự án. "
    "Norvik sẽ bổ sung pin lưu trữ 90 megawatt giờ vào năm 2027. "
    "Đơn vị vận hành lưới điện sẽ mua điện trong 20 năm."
)


def test_alignment_with_a_merged_and_a_split_sentence():
    from articles.matching import alignment

    en, vi = alignment.units(ALIGN_EN, "en"), alignment.units(ALIGN_VI, "vi")
    assert (len(en), len(vi)) == (5, 5)
    assert alignment.align(en, vi) == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), (3, 4))]


def test_site_furniture_is_left_out_of_the_alignment():
    """Each version has its own byline, photo credit and share buttons: they are not sentences to
    pair, and the content sentences align as they do without them."""
    from articles.matching import alignment

    en_lines = ALIGN_EN.split(". ")
    en = "By our energy desk\n\n" + ". ".join(en_lines[:3]) + ".\n\nPhoto: Norvik Energy\n\n" + ". ".join(en_lines[3:])
    vi_lines = ALIGN_VI.split(". ")
    vi = ". ".join(vi_lines[:2]) + ".\n\nXem thêm: Điện mặt trời miền Trung\n\n" + ". ".join(vi_lines[2:])
    vi += "\n\nChia sẻ\n\n18 bình luận"
    en_units, vi_units = alignment.units(en, "en"), alignment.units(vi, "vi")
    assert (len(en_units), len(vi_units)) == (5, 5)
    assert alignment.align(en_units, vi_units) == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), (3, 4))]


def test_aligned_claims_become_suggestions_once_per_pair(editor):
    from articles.matching import alignment
    from articles.models import MatchSuggestion

    original, translated = _import(ENGLISH), _import(THAI)
    assert TranslationLink.objects.count() == 1
    aligned = MatchSuggestion.objects.filter(reasons__contains=[alignment.ALIGNED])
    pairs = {(s.claim_a.text[:20], s.claim_b.text[:20]) for s in aligned.select_related("claim_a", "claim_b")}
    assert len(pairs) >= 5
    for suggestion in aligned.select_related("claim_a", "claim_b"):
        assert {suggestion.claim_a.article_id, suggestion.claim_b.article_id} == {original.pk, translated.pk}
    # The claim page shows the aligned sentence of the other version, with the reason.
    from django.test import Client

    client = Client()
    client.force_login(editor)
    first = aligned.order_by("claim_a_id").first()
    page = client.get(reverse("claim_detail", args=[first.claim_a_id])).content.decode()
    assert "aligned translation" in page and first.claim_b.text[:30] in page


def test_aligned_pair_rejected_by_an_editor_stays_rejected(editor):
    from articles.matching import alignment
    from articles.models import MatchSuggestion

    _import(ENGLISH)
    thai = _import(THAI)
    suggestion = MatchSuggestion.objects.filter(reasons__contains=[alignment.ALIGNED]).first()
    suggestion.reject(editor=editor)
    TranslationLink.objects.all().delete()  # detected again from scratch: aligned again
    translations.detect_translations(thai)
    suggestion.refresh_from_db()
    assert suggestion.state == MatchSuggestion.State.REJECTED


def test_rewording_a_claim_keeps_its_aligned_pairs(editor_client):
    """The alignment pairs sentences, not wordings: an editor's edit that leaves no signal shared
    with the translation keeps the aligned suggestion, reason and all; the signals found after the
    edit are added to it, not put in its place."""
    from articles.matching import alignment
    from articles.models import MatchSuggestion

    _import(ENGLISH)
    _import(THAI)
    aligned = MatchSuggestion.objects.filter(reasons__contains=[alignment.ALIGNED])
    suggestion = aligned.select_related("claim_a").get(claim_a__text__contains="Penang")
    claim = suggestion.claim_a
    response = editor_client.post(
        reverse("claim_edit", args=[claim.pk]),
        {"text": "The firm opened a factory there.", "claimant": "", "version": claim.version},
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.state == MatchSuggestion.State.SUGGESTED
    assert alignment.ALIGNED in suggestion.reasons

    response = editor_client.post(
        reverse("claim_edit", args=[claim.pk]),
        {
            "text": "The firm opened a factory in Penang with 1,850 workers.",
            "claimant": "",
            "version": claim.version + 1,
        },
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.reasons[0] == alignment.ALIGNED and len(suggestion.reasons) > 1, suggestion.reasons
    assert suggestion.score >= settings.MATCH_THRESHOLD


# A translator moved the fourth sentence up to second place: a monotone alignment cannot pair it
# there, and must not pair it with the neighbour it lands on (other figures) either.
MOVED_EN = (
    "Norvik Energy built a solar farm of 340 megawatts near Da Nang. "
    "The farm cost 410 million dollars to build. "
    "Local officials welcomed the project warmly at the opening. "
    "Norvik will add batteries that store 90 megawatt hours in 2027."
)
MOVED_VI = (
    "Norvik Energy đã xây trang trại điện mặt trời 340 megawatt gần Đà Nẵng. "
    "Norvik sẽ bổ sung pin lưu trữ 90 megawatt giờ vào năm 2027. "
    "Trang trại có chi phí xây dựng 410 triệu đô la. "
    "Chính quyền địa phương nhiệt liệt hoan nghênh dự án trong lễ khánh thành."
)


def test_a_moved_sentence_is_left_unaligned_not_paired_with_its_neighbour():
    from articles.matching import alignment

    en, vi = alignment.units(MOVED_EN, "en"), alignment.units(MOVED_VI, "vi")
    beads = alignment.align(en, vi)
    assert ((0,), (0,)) in beads and ((1,), (2,)) in beads and ((2,), (3,)) in beads
    # The batteries sentence (en 3, vi 1) is in no bead with another sentence.
    assert not any(3 in a for a, _ in beads) and not any(1 in b for _, b in beads)


def test_a_neighbour_with_other_figures_is_not_pulled_into_a_merge():
    from articles.matching import alignment

    en = alignment.units(
        "Norvik Energy built a solar farm of 340 megawatts near Da Nang. "
        "It sells the power to the state utility EVN for 20 years at 7.1 cents a kilowatt hour. "
        "The project employs 450 people, most of them from Quang Nam.",
        "en",
    )
    # The translation drops the price sentence; its second sentence is about the jobs.
    vi = alignment.units(
        "Norvik Energy đã xây trang trại điện mặt trời 340 megawatt gần Đà Nẵng. "
        "Dự án sử dụng 450 lao động, phần lớn đến từ Quảng Nam.",
        "vi",
    )
    beads = alignment.align(en, vi)
    assert ((2,), (1,)) in beads
    assert not any(1 in a for a, _ in beads)


def test_transliterated_names_anchor_the_alignment():
    """Names in kana against names in Khmer, with no Latin letters and no figures: the names alone say
    that Grace Isford's sentence is not part of Daniel Whitfield's."""
    import dataclasses

    from articles.matching import alignment, translit

    assert translit.same_keys(translit.name_key("ホイットフィールド"), translit.name_key("វីតហ្វីល"))
    ja = alignment.units(
        "ダニエル・ホイットフィールド氏は研究部門を率いている。グレース・イスフォード氏は投資を担当している。", "ja"
    )
    km = alignment.units(
        "លោក ដានីយ៉ែល វីតហ្វីល ដឹកនាំផ្នែកស្រាវជ្រាវ។ លោកស្រី ហ្គ្រេស អ៊ីសហ្វដ ទទួលបន្ទុកការវិនិយោគ។ ក្រុមហ៊ុននេះមានការិយាល័យនៅទីក្រុងប៉េកាំង។",
        "km",
    )
    anchors_ja, anchors_km = alignment._anchor_sets(ja, km)
    assert anchors_ja[0] & anchors_km[0] and anchors_ja[1] & anchors_km[1]
    assert not anchors_ja[0] & anchors_km[1] and not anchors_km[2]
    assert alignment.align(ja, km) == [((0,), (0,)), ((1,), (1, 2))]
    # Control: without the names, length and position merge the two people's sentences.
    nameless = [[dataclasses.replace(u, names=frozenset()) for u in units] for units in (ja, km)]
    assert alignment.align(*nameless) == [((0,), (0, 1)), ((1,), (2,))]


def _align_with_bead_cost(a, b):
    """align() as the plain loop over _bead_cost, the definition of a bead's cost."""
    from articles.matching import alignment

    anchors_a, anchors_b = alignment._anchor_sets(a, b)
    n, m = len(a), len(b)
    cost = {(0, 0): 0.0}
    back = {}
    for i in range(n + 1):
        for j in range(m + 1):
            if (i, j) not in cost:
                continue
            for di, dj in ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1)):
                x, y = i + di, j + dj
                if x > n or y > m:
                    continue
                step = (
                    alignment.SKIP
                    if not di or not dj
                    else alignment._bead_cost(a[i:x], b[j:y], anchors_a[i:x], anchors_b[j:y])
                )
                if cost[i, j] + step < cost.get((x, y), float("inf")):
                    cost[x, y], back[x, y] = cost[i, j] + step, (i, j)
    beads, here = [], (n, m)
    while here != (0, 0):
        previous = back[here]
        if previous[0] < here[0] and previous[1] < here[1]:
            beads.append((tuple(range(previous[0], here[0])), tuple(range(previous[1], here[1]))))
        here = previous
    return beads[::-1]


def test_align_gives_the_beads_of_the_plain_loop_over_bead_cost():
    import itertools

    from articles.matching import alignment
    from benchmarks import gold

    articles = gold.articles("dev")
    pairs = [(x, y) for x, y in itertools.combinations(articles, 2) if x.story == y.story][:40]
    pairs += [(x, y) for x, y in itertools.combinations(articles, 2) if x.story != y.story][:10]
    for x, y in pairs:
        a, b = alignment.units(x.body, x.language), alignment.units(y.body, y.language)
        assert alignment.align(a, b) == _align_with_bead_cost(a, b), (x.key, y.key)


@pytest.mark.parametrize(
    ("text", "marks"),
    [
        ("The bank will apply for approval by September.", {"m:9"}),
        ("神崎涼子社長は、9月までに両国で承認を申請する方針を示した。", {"m:9"}),
        ("간자키 료코 최고경영자는 9월까지 허가를 신청하겠다고 말했다.", {"m:9"}),
        ("Hồi tháng 1, Mỹ đưa Lumora vào danh sách.", {"m:1"}),
        ("เมื่อเดือนมกราคม สหรัฐฯ ได้เพิ่มชื่อ Lumora", {"m:1"}),
        ("កាលពីខែមករា សហរដ្ឋអាមេរិកបានបញ្ចូល Lumora", {"m:1"}),
        ("وقالت الشركة في سبتمبر إنها ستتقدم بطلب", {"m:9"}),
        ("中国电商平台云象周一在金边启用了物流中心。", {"d:1"}),
        ("Yunxiang opened the hub on Monday, 6 May.", {"d:1", "m:5"}),
        ("Sàn Yunxiang hôm thứ Hai đã khai trương trung tâm.", {"d:1"}),
        ("It may rain tomorrow; ngày mai trời mưa.", set()),
    ],
)
def test_months_and_weekdays_in_every_script(text, marks):
    from articles.text.calendar import calendar_marks

    assert calendar_marks(text) == marks


def test_a_moved_sentence_is_linked_to_its_translation_across_the_alignment():
    """The Vietnamese moves the batteries sentence up; the alignment skips it, the link finds it."""
    from articles.matching import alignment

    en, vi = alignment.units(MOVED_EN, "en"), alignment.units(MOVED_VI, "vi")
    assert (3, 1) in alignment.sentence_pairs(en, vi)
    assert {(0, 0), (1, 2), (2, 3)} <= alignment.sentence_pairs(en, vi)
    assert not any((i, 1) in alignment.sentence_pairs(en, vi) for i in (0, 1, 2))


# A story whose last sentences share no figure and no name that is rare in it (Norvik is in all).
TAIL_EN = (
    "Norvik Energy opened a solar farm of 340 megawatts near Da Nang on Monday. "
    "The farm cost 410 million dollars, Norvik said. "
    "Norvik hopes to build more farms in the region. "
    "Residents welcomed the project at the opening. "
    "Norvik plans a second site soon."
)
TAIL_VI = (
    "Norvik Energy khánh thành trang trại điện mặt trời 340 megawatt gần Đà Nẵng hôm thứ Hai. "
    "Trang trại có chi phí 410 triệu đô la, Norvik cho biết. "
    "Norvik hy vọng xây thêm các trang trại trong khu vực. "
    "Người dân hoan nghênh dự án tại lễ khánh thành. "
    "Norvik dự kiến sớm mở địa điểm thứ hai."
)


def test_unanchored_sentences_after_the_last_anchor_are_paired_in_order():
    from articles.matching import alignment

    en, vi = alignment.units(TAIL_EN, "en"), alignment.units(TAIL_VI, "vi")
    # Three sentences that share nothing, after the last anchored one and up to the end of both.
    assert {(0, 0), (1, 1), (2, 2), (3, 3), (4, 4)} <= alignment.sentence_pairs(en, vi)


def test_confident_beads_between_anchors_and_the_ends():
    from articles.matching.alignment import UNANCHORED_RUN, _confident_beads

    one_to_one = [((k,), (k,)) for k in range(8)]
    # Anchored at 0 and 7: the run between is kept when it is short enough.
    short = [True, False, False, False, True, False, False, True]
    assert _confident_beads(one_to_one, short, 8, 8) == list(range(8))
    # A run longer than UNANCHORED_RUN keeps only its beads next to an anchored one.
    long = [True] + [False] * (UNANCHORED_RUN + 1) + [True] * (6 - UNANCHORED_RUN)
    kept = _confident_beads(one_to_one, long, 8, 8)
    assert 1 in kept and UNANCHORED_RUN + 1 in kept and not set(range(2, UNANCHORED_RUN + 1)) & set(kept)
    # The end of both articles counts as an anchor; a skipped sentence breaks the chain.
    assert _confident_beads(one_to_one, [True] * 5 + [False] * 3, 8, 8) == list(range(8))
    skipped = [*one_to_one[:6], ((7,), (6,)), ((8,), (7,))]  # a's sentence 6 is left out
    assert _confident_beads(skipped, [True] * 5 + [False] * 3, 9, 8) == [0, 1, 2, 3, 4, 5, 7]
