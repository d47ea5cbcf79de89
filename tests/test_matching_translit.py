"""Names across scripts (articles.matching.translit): a Latin name against its transliteration in
kana, Thai, Khmer, Hangul, Arabic and Cyrillic, without an alias; different names stay apart."""

import pytest

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
