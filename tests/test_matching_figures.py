"""Matching: claims that share names and a year but state different figures are different facts."""

import pytest

from articles import matching
from articles.models import Claim, MatchSuggestion
from tests.factories import make_article, make_claim


@pytest.fixture(autouse=True)
def background(db):
    """Unrelated claims, so that the names and figures of each test are rare (weights are IDF)."""
    claims = []
    for index in range(30):
        text = f"Orvane{index} Foods opened {index * 7 + 11} shops in Quillport{index} last spring."
        claims.append(make_claim(make_article(text, language="en"), text=text, language="en"))
    matching.store_signals(claims)


def _claim(language: str, text: str) -> Claim:
    article = make_article(text, language=language)
    return make_claim(article, text=text, language=language, triage=Claim.Triage.CANDIDATE)


def _refresh(*claims: Claim) -> int:
    """Match each claim in turn, as when articles arrive one by one (a batch skips its own articles)."""
    return sum(matching.refresh_matches(claim) for claim in claims)


def _suggested(a: Claim, b: Claim) -> bool:
    first, second = sorted([a.pk, b.pk])
    return MatchSuggestion.objects.filter(claim_a_id=first, claim_b_id=second).exists()


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [
        (["n:lumora", "#1677", "#2025"], ["n:lumora", "#2400", "#2025"], True),  # two counts, none shared
        (["n:lumora", "#38%", "#2025"], ["n:lumora", "#41%", "#2025"], True),  # two shares, none shared
        (["n:lumora", "#1677", "#2025"], ["n:lumora", "#1677", "#2568"], False),  # same count
        (["n:lumora", "#1677", "#38%"], ["n:lumora", "#1677", "#41%"], False),  # one figure shared
        (["n:lumora", "#2025"], ["n:lumora", "#2024"], False),  # years alone are not figures here
        (["n:lumora", "#2025"], ["n:lumora", "#1677", "#2025"], False),  # no figure on one side
        (["n:lumora", "#38%", "#2025"], ["n:lumora", "#1677", "#2025"], False),  # a share and a count
        (["n:lumora", "#1677", "#2568"], ["n:lumora", "#2400", "#2025"], True),  # Buddhist-era year ignored
    ],
)
def test_figures_conflict(a, b, conflict):
    assert matching.figures_conflict(a, b) is conflict
    assert matching.figures_conflict(b, a) is conflict


def test_same_names_and_year_with_other_figures_get_no_suggestion(db, monkeypatch, settings):
    first = _claim("en", "Lumora Robotics delivered 1,677 delivery robots to customers in Hanoi in 2025.")
    second = _claim("en", "Lumora Robotics delivered 2,400 delivery robots to customers in Hanoi in 2025.")
    assert _refresh(first, second) == 0
    assert not _suggested(first, second)
    # Dropped before the text similarity is computed: not even a candidate under the threshold.
    assert matching.find_candidates(first, compute=False) == []
    # Control: without the rule these two near-identical sentences would be suggested.
    monkeypatch.setattr(matching.scoring, "_kinds_conflict", lambda a, b: False)
    _refresh(first, second)
    assert _suggested(first, second)


def test_vietnamese_shares_that_differ_are_not_the_same_fact(db):
    first = _claim(
        "vi", "Theo Bộ Công Thương, Lumora Robotics đã giảm 38% chi phí giao hàng tại Hà Nội trong năm 2025."
    )
    other = _claim(
        "vi", "Theo Bộ Công Thương, Lumora Robotics đã giảm 12% chi phí giao hàng tại Hà Nội trong năm 2025."
    )
    same = _claim("vi", "Lumora Robotics cho biết chi phí giao hàng tại Hà Nội đã giảm 38% trong năm 2025.")
    _refresh(first, other, same)
    assert _suggested(first, same)
    assert not _suggested(first, other)
    assert not _suggested(other, same)


def test_translated_pair_with_the_same_figure_in_other_scripts_still_pairs(db, settings):
    thai = _claim("th", "Lumora Robotics ส่งมอบหุ่นยนต์ส่งของ ๑,๖๗๗ ตัวให้ลูกค้าในฮานอยในปี พ.ศ. ๒๕๖๘")
    vietnamese = _claim("vi", "Lumora Robotics đã giao 1.677 robot cho khách hàng tại Hà Nội trong năm 2025.")
    english = _claim("en", "Lumora Robotics delivered 1,677 robots to customers in Hanoi in 2025.")
    elsewhere = _claim("en", "Lumora Robotics delivered 2,400 robots to customers in Hanoi in 2025.")
    _refresh(thai, vietnamese, english, elsewhere)
    assert _suggested(thai, vietnamese)
    assert _suggested(thai, english)
    assert _suggested(vietnamese, english)
    for claim in (thai, vietnamese, english):
        assert not _suggested(claim, elsewhere)
        ranked = matching.find_candidates(claim, compute=False)
        assert ranked[0].score >= settings.MATCH_THRESHOLD
        assert elsewhere.pk not in {c.claim_id for c in ranked}


def test_a_claim_without_figures_is_not_in_conflict(db):
    figure = _claim("en", "Lumora Robotics delivered 1,677 robots to Tencent customers in Hanoi in 2025.")
    no_figure = _claim("en", "Lumora Robotics delivered robots to Tencent customers in Hanoi in 2025.")
    _refresh(figure, no_figure)
    ranked = matching.find_candidates(figure, compute=False)
    assert [c.claim_id for c in ranked] == [no_figure.pk]
    assert ranked[0].score > 0


def test_a_sibling_with_other_figures_is_no_rival_for_the_mutual_best(db):
    """The claim of the same article that states another figure does not take the best match away."""
    article = make_article("x", language="en")
    kept = make_claim(article, text="Lumora Robotics delivered 1,677 robots in Hanoi in 2025.", language="en")
    make_claim(article, text="Lumora Robotics and Tencent delivered 2,400 robots in Hanoi in 2025.", language="en")
    translated = _claim("vi", "Lumora Robotics và Tencent đã giao 1.677 robot tại Hà Nội trong năm 2025.")
    matching.refresh_matches(list(article.claims.all()))
    _refresh(translated)
    [candidate] = matching.find_candidates(translated, compute=False)
    assert candidate.claim_id == kept.pk
    assert candidate.mutual


def test_claims_sharing_only_one_two_word_name_are_not_suggested(db):
    """ "Hugging Face" is two name signals; two facts about the company share nothing else."""
    first = _claim("en", "Hugging Face said its platform served the most downloaded Qilin models.")
    second = _claim("en", "Hugging Face will name a successor to its departing research head soon.")
    assert matching.find_candidates(first, compute=False) == [] or _refresh(first, second) == 0
    _refresh(first, second)
    assert not _suggested(first, second)
    # Three names in common, or two and a figure, are evidence enough.
    third = _claim("en", "Hugging Face said Qilin models from Lumora were downloaded 4.2 million times.")
    fourth = _claim("en", "Lumora's Qilin models were downloaded 4.2 million times on Hugging Face.")
    _refresh(third, fourth)
    assert _suggested(third, fourth)


def test_nationalities_and_compass_points_do_not_make_three_names(db):
    """ "Chinese", "South Korean": words that describe; two facts sharing them are not one fact."""
    first = _claim("en", "Chinese tourists made up the largest group at Angkor, ahead of South Korean visitors.")
    second = _claim(
        "en", "South Korean battery maker Geumsan opened its first factory outside Korea, a Chinese rival said."
    )
    _refresh(first, second)
    assert not _suggested(first, second)
    # Control: three real names in common are still enough.
    third = _claim("en", "Geumsan Energy and Lanjing Motors signed a supply deal in Chachoengsao.")
    fourth = _claim("en", "Lanjing Motors will buy batteries from Geumsan Energy's Chachoengsao plant.")
    _refresh(third, fourth)
    assert _suggested(third, fourth)
