"""Names across scripts (articles.matching.translit): a Latin name against its transliteration in
kana, Thai, Khmer, Hangul, Arabic and Cyrillic, without an alias; different names stay apart."""

import io

import pytest
from django.conf import settings

from articles.matching.translit import name_key, same_name

SPELLINGS = {
    "Grace Isford": [
        "グレース・イスフォード",
        "เกรซ อิสฟอร์ด",
        "ហ្គ្រេស អ៊ីសហ្វដ",
        "그레이스 아이스포드",
        "غريس إيسفورد",
        "Грейс Айсфорд",
    ],
    "DeepSeek": ["ディープシーク", "ดีปซีก", "ឌីបស៊ីក", "딥시크", "ديب سيك", "Дипсик"],
    "Microsoft": ["マイクロソフト", "ไมโครซอฟท์", "មីក្រូសូហ្វ", "마이크로소프트", "مايكروسوفت", "Майкрософт"],
    "Lumora": ["ルモラ", "ลูโมรา", "លូម៉ូរ៉ា", "루모라", "لومورا", "Лумора"],
}
SCRIPTS = ["kana", "Thai", "Khmer", "Hangul", "Arabic", "Cyrillic"]


@pytest.mark.parametrize("latin", sorted(SPELLINGS))
@pytest.mark.parametrize("script", range(len(SCRIPTS)), ids=SCRIPTS)
def test_a_transliterated_name_pairs_up_in_each_script(latin, script):
    assert same_name(latin, SPELLINGS[latin][script])


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Grace Isford", "Samsung"),
        ("DeepSeek", "Toyota"),
        ("Microsoft", "マイクロン"),
        ("Lumora", "ルノー"),
        ("Nvidia", "ホンダ"),
        ("Alibaba", "エアバス"),
        ("Lumora", "Lemur Analytics"),
    ],
)
def test_different_names_do_not(a, b):
    assert not same_name(a, b)


def test_short_keys_are_compared_exactly():
    assert name_key("Qwen") == name_key("クウェン") == "kn"
    assert not same_name("Qwen", "Kean Soft")


# --- Sound keys: the same names as match signals ---------------------------------------------------


@pytest.mark.parametrize("script", range(len(SCRIPTS)), ids=SCRIPTS)
def test_a_name_and_its_transliteration_share_sound_keys(script):
    from articles.matching.signals import compute_signals, is_sound, matchable

    latin = {s for s in compute_signals("Grace Isford said so.") if is_sound(s)}
    other = {s for s in compute_signals(SPELLINGS["Grace Isford"][script]) if is_sound(s)}
    assert latin == {"≈krs", "≈spt"}  # from the names n:grace, n:isford
    assert {"~krs", "~spt"} <= other  # from the words of the other script
    assert matchable(latin) <= other


def test_sound_keys_come_after_names_and_figures_and_skip_phrases():
    from articles.matching import compute_signals

    signals = compute_signals("グレース・イスフォード氏によると、ファンドは1億2000万ドルを調達した。")
    assert signals[:3] == ["#120000000", "~krs", "~spt"]  # then ファンド, a loanword: ~pnt
    # A Thai run too long for a name is a phrase: no key for it; Korean particles are cut off.
    assert compute_signals("บริษัทระดมทุนได้เพิ่มขึ้นมาก") == []
    assert "~spt" in compute_signals("아이스포드는 말했다")


# One fact in two articles that are not translations of each other (an English wire story and a
# Japanese one written from other sources): the name is in katakana, no alias has been taught.
ISFORD_EN = "Grace Isford said the Lanta fund raised 120 million dollars from pension funds."
ISFORD_JA = "グレース・イスフォード氏によると、ファンドは1億2000万ドルを調達した。"
OTHER_JA = "マイケル・ブラウン氏によると、別のファンドは1億2000万ドルを調達した。"


def _claim(text: str, language: str):
    from articles.models import Claim
    from tests.factories import make_article, make_claim

    article = make_article(text, language=language)
    return make_claim(article, text=text, language=language, triage=Claim.Triage.CANDIDATE)


def _other_news() -> None:
    """Other claims around, so that the names and the figure are as rare as in a real database."""
    from articles import matching

    for n in range(12):
        matching.refresh_matches(_claim(f"Port Ellis handled {310 + n * 7} ships in 20{10 + n}, Mr Tan said.", "en"))


def test_a_transliterated_name_and_a_figure_make_a_suggestion(db):
    from articles import matching
    from articles.models import MatchSuggestion

    _other_news()
    english, japanese, other = _claim(ISFORD_EN, "en"), _claim(ISFORD_JA, "ja"), _claim(OTHER_JA, "ja")
    for claim in (english, japanese, other):
        matching.refresh_matches(claim)
    suggestion = MatchSuggestion.objects.get(claim_a=english, claim_b=japanese)
    assert "2 names in another script" in suggestion.reasons  # Grace, Isford
    assert suggestion.score >= settings.MATCH_THRESHOLD
    # The same figure beside another name is not suggested, and two Japanese claims sharing the figure
    # and a loanword (ファンド) are not either: a sound key counts against a name in Latin letters.
    assert not MatchSuggestion.objects.filter(claim_b=other).exists()


def test_a_name_shared_in_latin_letters_is_not_counted_twice():
    from articles.matching.scoring import _Weights
    from articles.matching.signals import compute_signals, is_sound

    a = compute_signals("Lumora said Qilin-3 was downloaded 40 million times in 2025.")
    b = compute_signals("Lumora's Qilin-3 reached 40 million downloads in 2025, the company said.")
    assert any(is_sound(s) for s in a) and any(is_sound(s) for s in b)
    df = dict.fromkeys({*a, *b}, 3) | {"*": 1000}
    weights = _Weights(df)
    with_keys, shared = weights.score(a, b)
    plain = [s for s in a if not is_sound(s)], [s for s in b if not is_sound(s)]
    assert with_keys == pytest.approx(_Weights(df).score(*plain)[0])
    assert not any(is_sound(s) for s in shared)


def test_two_words_of_one_script_that_sound_alike_are_not_a_shared_name():
    from articles.matching.scoring import _Weights
    from articles.matching.signals import compute_signals, is_sound

    # Two Japanese claims with the same figure and the same loanword (ファンド): the loanword is no
    # name that pairs them; with the name in Latin letters on one side, it is.
    a = compute_signals("ファンドは2025年に1億2000万ドルを調達した。")
    b = compute_signals("ファンドの調達額は1億2000万ドルだった。")
    latin = compute_signals("The Fund raised 120 million dollars in 2025.")
    assert "~pnt" in a and "~pnt" in b and "≈pnt" in latin
    df = dict.fromkeys({*a, *b, *latin}, 3) | {"*": 1000}
    assert not any(is_sound(s) for s in _Weights(df).score(a, b)[1])
    assert "≈pnt" in _Weights(df).score(a, latin)[1]
    assert "≈pnt" in _Weights(df).score(latin, a)[1]


def test_refresh_signals_gives_stored_claims_the_sound_keys(db):
    from django.core.management import call_command

    from articles.models import Claim, MatchSignalStat, MatchSuggestion

    _other_news()
    english, japanese = _claim(ISFORD_EN, "en"), _claim(ISFORD_JA, "ja")
    # As stored before sound keys existed: names and figures only.
    Claim.objects.filter(pk=english.pk).update(match_signals=["n:grace", "n:isford", "n:lanta", "#120000000"])
    Claim.objects.filter(pk=japanese.pk).update(match_signals=["#120000000"])
    out = io.StringIO()
    call_command("refresh_signals", "--matches", stdout=out)
    assert out.getvalue().strip() == "2 of 14 claims changed"
    japanese.refresh_from_db()
    english.refresh_from_db()
    assert {"~krs", "~spt"} <= set(japanese.match_signals)
    assert {"≈krs", "≈spt"} <= set(english.match_signals)
    assert MatchSignalStat.objects.get(signal="~spt").claims == 1
    assert MatchSignalStat.objects.get(signal="≈spt").claims == 1
    assert MatchSuggestion.objects.filter(claim_a=english, claim_b=japanese).exists()
    call_command("refresh_signals", stdout=out)
    assert out.getvalue().strip().endswith("\n0 of 14 claims changed")
