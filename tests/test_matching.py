"""Cross-article matching: signals, candidates and suggestions on a wire story written for these tests,
translated into Thai, Vietnamese and Japanese, plus unrelated articles that mention the same company."""

import pytest

from articles import matching
from articles.models import Claim, MatchSignalStat, MatchSuggestion, NameAlias
from tests.factories import make_article, make_claim

# One wire story, sentence by sentence, in three languages; index i states the same fact everywhere.
STORY = {
    "th": [
        "Lumora Robotics ส่งมอบหุ่นยนต์ส่งของอัตโนมัติให้ลูกค้าจำนวน ๑,๖๗๗ ตัวในปี พ.ศ. ๒๕๖๘ มากกว่าปีก่อนหน้าถึงสามเท่า",
        "Mei Tanaka ประธานเจ้าหน้าที่บริหาร กล่าวว่าโมเดลนำทาง Atlas-3 ของบริษัทช่วยลดต้นทุนการส่งของแต่ละครั้งลงได้ร้อยละ 38",
        "Lumora ระดมทุนได้ 250 ล้านดอลลาร์จาก Tencent และ Temasek เมื่อเดือนมีนาคม",
        "นักวิเคราะห์ของ Morgan Stanley คาดว่าตลาดหุ่นยนต์ส่งของจะมีมูลค่าถึง 12,000 ล้านดอลลาร์ภายในปี 2030",
    ],
    "vi": [
        "Lumora Robotics đã giao 1.677 robot giao hàng tự hành cho khách hàng trong năm 2025, "
        "gấp ba lần so với một năm trước đó.",
        "Theo giám đốc điều hành Mei Tanaka, mô hình điều hướng Atlas-3 của công ty đã giúp giảm 38% "
        "chi phí cho mỗi lần giao hàng.",
        "Lumora đã huy động được 250 triệu USD từ Tencent và Temasek vào tháng 3.",
        "Các nhà phân tích của Morgan Stanley dự báo thị trường robot giao hàng sẽ đạt 12 tỷ USD vào năm 2030.",
    ],
    "ja": [
        "ルモラ・ロボティクスは2025年に自律配送ロボット1,677台を顧客に納入し、前年の3倍に増えた。",
        "同社のナビゲーションモデル「Atlas-3」により、1回あたりの配送コストが38%下がったと田中メイ最高経営責任者は述べた。",
        "ルモラはTencentとTemasekから2億5000万ドルを調達した。",
        "Morgan Stanleyのアナリストは、配送ロボットの市場規模が2030年までに120億ドルに達すると予測している。",
    ],
}
# Other news about the same company: same names, same year, different facts.
UNRELATED = {
    "en": [
        "Lumora Robotics opened a research office in Osaka in 2025.",
        "The Osaka office will hire 40 engineers, a Lumora spokesperson said.",
        "Lumora also sponsors a robot football contest for university students in Singapore.",
    ],
    "th": [
        "Lumora Robotics เปิดสำนักงานแห่งใหม่ในเชียงใหม่ และจะจ้างพนักงาน 120 คนภายในปี 2026",
        "Tencent ยังไม่ได้แสดงความเห็นเกี่ยวกับแผนการลงทุนของ Lumora ในภูมิภาคนี้",
    ],
}


def _article(language: str, sentences: list[str]) -> list[Claim]:
    article = make_article(" ".join(sentences), language=language)
    return [
        make_claim(article, text=sentence, language=language, triage=Claim.Triage.CANDIDATE) for sentence in sentences
    ]


@pytest.fixture
def corpus(db):
    stories = {language: _article(language, sentences) for language, sentences in STORY.items()}
    unrelated = {language: _article(language, sentences) for language, sentences in UNRELATED.items()}
    for claims in [*stories.values(), *unrelated.values()]:
        matching.refresh_matches(claims)
    return stories, unrelated


def _pairs_of(claim: Claim) -> dict[int, MatchSuggestion]:
    found = MatchSuggestion.objects.filter(claim_a=claim) | MatchSuggestion.objects.filter(claim_b=claim)
    return {(s.claim_b_id if s.claim_a_id == claim.pk else s.claim_a_id): s for s in found}


# --- Signals --------------------------------------------------------------------------------------


def test_signals_fold_names_and_normalise_figures_across_scripts():
    th = matching.compute_signals(STORY["th"][0])
    vi = matching.compute_signals(STORY["vi"][0])
    ja = matching.compute_signals(STORY["ja"][0])
    assert {"n:lumora", "n:robotics", "#1677", "#2025"} <= set(th)  # Thai digits, Buddhist era year
    assert {"n:lumora", "n:robotics", "#1677", "#2025"} <= set(vi)  # 1.677 with a dot
    assert {"#1677", "#2025"} <= set(ja)
    assert "#38%" in matching.compute_signals(STORY["th"][1])  # ร้อยละ 38
    assert "#12000000000" in matching.compute_signals(STORY["vi"][3])  # 12 tỷ
    assert "#12000000000" in matching.compute_signals(STORY["th"][3])  # 12,000 ล้าน
    assert "#12000000000" in matching.compute_signals(STORY["ja"][3])  # 120億


def _plain(signals: list[str]) -> list[str]:
    """The names and figures of a signal list, without the sound keys (tested on their own below)."""
    return [s for s in signals if not matching.is_sound(s)]


def test_latin_names_inside_other_scripts_and_capitalised_words_in_latin_text():
    assert _plain(matching.compute_signals("DeepSeek-R1 ของ DeepSeek แข่งกับ o1 ของ OpenAI และ HUAWEI")) == [
        "n:deepseek",
        "n:r1",
        "n:o1",
        "n:openai",
        "n:huawei",
    ]
    # Sentence-initial function words and lower-case words of Latin text are not names; accents fold.
    assert _plain(matching.compute_signals("The robots of Huawei reached Hà Nội.")) == ["n:huawei", "n:ha", "n:noi"]
    # Single-digit counts say nothing.
    assert _plain(matching.compute_signals("Nvidia sold 3 chips to 2 buyers")) == ["n:nvidia"]


def test_vietnamese_names_of_several_syllables_are_one_signal():
    text = "Theo Bộ Công Thương, ông Nguyễn Văn Minh cho biết TP. Hồ Chí Minh đón 120.000 khách của Lumora Robotics."
    signals = _plain(matching.compute_signals(text, language="vi"))
    assert signals[:5] == ["n:bo cong thuong", "n:nguyen van minh", "n:tp", "n:ho chi minh", "n:lumora"]
    # No syllable of a name on its own: "cong" or "minh" would be shared by unrelated articles.
    assert not {"n:cong", "n:thuong", "n:minh", "n:ho", "n:theo"} & set(signals)
    # Without the claim's language, Latin words stay one signal each (as in any Latin text).
    assert "n:cong" in matching.compute_signals(text)


def test_a_capitalised_syllable_starting_a_vietnamese_sentence_is_not_a_name():
    text = "Tỷ lệ thất nghiệp tại Hà Nội giảm còn 4,5% vào năm 2024."
    signals = _plain(matching.compute_signals(text, language="vi"))
    assert signals == ["n:ha noi", "#4.5%", "#2024"]
    # "Công ty" starts the sentence; Mỹ in the middle of it is a name, and so is a name of two
    # syllables or a Latin name starting a sentence.
    assert _plain(matching.compute_signals("Công ty của Mỹ bán 120 robot.", language="vi")) == ["n:my", "#120"]
    assert matching.compute_signals("Hà Nội đón 120.000 khách.", language="vi")[0] == "n:ha noi"
    assert matching.compute_signals("Alibaba cho biết Qwen dẫn đầu.", language="vi")[:2] == ["n:alibaba", "n:qwen"]


def test_titles_months_and_weekdays_are_not_names():
    signals = _plain(matching.compute_signals("Dr. Helen Park said on Monday that 12 schools closed in March 2024."))
    assert signals == ["n:helen", "n:park", "#12", "#2024"]


def test_aliases_map_names_in_any_script_to_one_signal(db):
    NameAlias.objects.create(alias="ディープシーク", canonical="DeepSeek")
    NameAlias.objects.create(alias="深度求索", canonical="DeepSeek")
    texts = ["ディープシークは新しいモデルを発表した", "深度求索发布了新模型", "DeepSeek released a model"]
    aliases = matching.Aliases.for_texts(texts)
    for text in texts:
        assert "n:deepseek" in matching.compute_signals(text, aliases)


def test_trigram_fallback_is_close_to_pg_trgm():
    assert matching.trigram_similarity("Qwen là phổ biến nhất", "Qwen là phổ biến nhất") == 1.0
    assert matching.trigram_similarity("Qwen là phổ biến nhất", "Nvidia bán chip") < 0.1


# --- Stored signals and their counts -----------------------------------------------------------


def test_signals_are_stored_and_counted(corpus):
    stories, _ = corpus
    claim = stories["vi"][0]
    claim.refresh_from_db()
    assert "#1677" in claim.match_signals
    counts = dict(MatchSignalStat.objects.values_list("signal", "claims"))
    assert counts["#1677"] == 3  # th, vi, ja
    assert counts[matching.TOTAL] == Claim.objects.exclude(match_signals=[]).count()
    # An edit that drops the figure takes it out of the counts.
    claim.edit(text="Lumora Robotics đã giao robot trong năm 2025.", claimant="", expected_version=1, editor=None)
    matching.refresh_matches(claim)
    assert MatchSignalStat.objects.get(signal="#1677").claims == 2
    assert matching.rebuild_signal_stats() == Claim.objects.exclude(match_signals=[]).count()
    assert MatchSignalStat.objects.get(signal="#1677").claims == 2


# --- The quality bar ---------------------------------------------------------------------------


def test_translations_pair_up_with_the_same_fact_first(corpus):
    stories, _ = corpus
    for language, claims in stories.items():
        for index, claim in enumerate(claims):
            ranked = matching.find_candidates(claim, compute=False)
            assert ranked, (language, index)
            # The best candidate in every other translation is the sentence stating the same fact.
            best_per_article = {}
            for candidate in ranked:
                best_per_article.setdefault(candidate.article_id, candidate.claim_id)
            for other_language, other_claims in stories.items():
                if other_language == language:
                    continue
                expected = other_claims[index]
                if expected.article_id in best_per_article:
                    assert best_per_article[expected.article_id] == expected.pk, (language, index, other_language)


def test_every_same_fact_pair_with_shared_signals_is_suggested_above_the_threshold(corpus):
    stories, _ = corpus
    expected_pairs = [
        ("th", "vi", 0),
        ("th", "ja", 0),
        ("vi", "ja", 0),
        ("th", "vi", 1),
        ("th", "ja", 1),
        ("vi", "ja", 1),
        ("th", "vi", 2),
        ("th", "ja", 2),
        ("vi", "ja", 2),
        ("th", "vi", 3),
        ("th", "ja", 3),
        ("vi", "ja", 3),
    ]
    for first, second, index in expected_pairs:
        pairs = _pairs_of(stories[first][index])
        assert stories[second][index].pk in pairs, (first, second, index)
        suggestion = pairs[stories[second][index].pk]
        assert suggestion.score >= 0.5
        assert suggestion.state == MatchSuggestion.State.SUGGESTED
    # And the stored reasons say what they share.
    top = _pairs_of(stories["th"][0])[stories["vi"][0].pk]
    assert any("1677" in reason for reason in top.reasons)
    assert any("lumora" in reason for reason in top.reasons)


def test_unrelated_articles_about_the_same_company_get_no_suggestion(corpus, settings):
    _, unrelated = corpus
    for claims in unrelated.values():
        for claim in claims:
            assert _pairs_of(claim) == {}, claim.text
            # Their candidates, if any, all stay under the threshold.
            assert all(c.score < settings.MATCH_THRESHOLD for c in matching.find_candidates(claim, compute=False))


def test_no_suggestion_inside_one_article_or_with_dismissed_claims(corpus):
    stories, _ = corpus
    for claims in stories.values():
        ids = {c.pk for c in claims}
        for claim in claims:
            assert not ids & set(_pairs_of(claim))
    dismissed = stories["ja"][0]
    dismissed.set_triage(Claim.Triage.DISMISSED, editor=None)
    matching.refresh_matches(stories["th"][0])
    assert dismissed.pk not in _pairs_of(stories["th"][0])


def test_same_language_pairs_add_text_similarity(db):
    # The signals differ (only the first names Đà Nẵng), so the signal score leaves room to add to.
    first = _article("vi", ["Công ty Lumora Robotics đã giao 1.677 robot trong năm 2025 tại Hà Nội và Đà Nẵng."])
    second = _article("vi", ["Lumora Robotics đã giao 1.677 robot trong năm 2025 tại Hà Nội, công ty cho biết."])
    matching.refresh_matches(first + second)
    [candidate] = matching.find_candidates(first[0], compute=False)
    assert candidate.similarity is not None and candidate.similarity > 0.5
    assert candidate.score > candidate.signal_score
    assert any("text similarity" in reason for reason in candidate.reasons())


def test_rejected_pairs_are_never_suggested_again_and_edits_refresh(corpus, editor):
    stories, _ = corpus
    th, vi = stories["th"][0], stories["vi"][0]
    suggestion = _pairs_of(th)[vi.pk]
    suggestion.reject(editor=editor)
    matching.refresh_matches([th, vi])
    suggestion.refresh_from_db()
    assert suggestion.state == MatchSuggestion.State.REJECTED
    assert all(c.claim_id != vi.pk for c in matching.find_candidates(th, compute=False))
    # An edit that removes what they shared removes a pending suggestion too.
    ja = stories["ja"][0]
    assert ja.pk in _pairs_of(th)
    th.edit(text="Lumora Robotics ส่งมอบหุ่นยนต์", claimant="", expected_version=th.version, editor=editor)
    matching.refresh_matches(th)
    assert ja.pk not in _pairs_of(th)


def test_batch_refresh_runs_a_fixed_number_of_queries(corpus, django_assert_max_num_queries):
    stories, _ = corpus
    article = make_article("x", language="vi")
    claims = [make_claim(article, text=s, language="vi") for s in STORY["vi"]]
    with django_assert_max_num_queries(14):
        matching.refresh_matches(claims)
    assert all(_pairs_of(c) for c in claims)


def test_common_signals_are_looked_up_by_pairs(corpus, monkeypatch):
    """When no signal of a claim is rare enough to read every claim carrying it, the lookup reads only
    the claims that carry two of its less common signals; the same-fact pairs are still found."""
    stories, _ = corpus
    monkeypatch.setattr(matching.candidates, "LOOKUP_BUDGET", 0)
    monkeypatch.setattr(matching.candidates, "COMMON_FLOOR", 100)
    for index in range(4):
        ranked = matching.find_candidates(stories["th"][index], compute=False)
        assert ranked and ranked[0].claim_id in {stories["vi"][index].pk, stories["ja"][index].pk}
    # Signals carried by too many claims are not looked up at all.
    monkeypatch.setattr(matching.candidates, "COMMON_FLOOR", 0)
    monkeypatch.setattr(matching.candidates, "COMMON_SHARE", 0.0)
    assert matching.find_candidates(stories["th"][0], compute=False) == []


def test_python_trigram_fallback_where_the_server_has_no_pg_trgm(db, monkeypatch):
    monkeypatch.setattr(matching.candidates, "has_pg_trgm", lambda: False)
    # The signals differ (only the first names Đà Nẵng), so the signal score leaves room to add to.
    first = _article("vi", ["Công ty Lumora Robotics đã giao 1.677 robot trong năm 2025 tại Hà Nội và Đà Nẵng."])
    second = _article("vi", ["Lumora Robotics đã giao 1.677 robot trong năm 2025 tại Hà Nội, công ty cho biết."])
    matching.refresh_matches(first + second)
    [candidate] = matching.find_candidates(first[0], compute=False)
    assert candidate.similarity == pytest.approx(matching.trigram_similarity(first[0].text, second[0].text))
    assert candidate.similarity > 0.5
