import pytest

from articles.text import detect_language, sentence_language
from articles.text.scripts import script_of

SCRIPT_DECIDES = {
    "th": "กระทรวงการคลังประกาศมาตรการใหม่เพื่อช่วยเหลือเกษตรกร",
    "km": "រាជរដ្ឋាភិបាលបានប្រកាសគម្រោងថ្មីសម្រាប់កសិករ",
    "lo": "ລັດຖະບານລາວໄດ້ປະກາດແຜນການໃໝ່ສຳລັບຊາວກະສິກອນ",
    "my": "မြန်မာနိုင်ငံ အစိုးရသည် လယ်သမားများအတွက် စီမံကိန်းသစ် ကြေညာခဲ့သည်။",
    "ka": "საქართველოს მთავრობამ ფერმერებისთვის ახალი პროგრამა გამოაცხადა.",
    "hy": "Հայաստանի կառավարությունը նոր ծրագիր է հայտարարել գյուղացիների համար։",
    "si": "ශ්‍රී ලංකා රජය ගොවීන් සඳහා නව වැඩසටහනක් ප්‍රකාශ කළේය.",
    "am": "የኢትዮጵያ መንግሥት ለገበሬዎች አዲስ ዕቅድ አስታወቀ።",
    "bo": "བོད་ཀྱི་ཞིང་པ་ཚོར་ལས་འཆར་གསར་པ་ཞིག་བསྒྲགས་པ་རེད།",
    "he": "הממשלה הודיעה על תוכנית חדשה לחקלאים בצפון",
    "el": "Η κυβέρνηση ανακοίνωσε νέο πρόγραμμα για τους αγρότες",
    "ko": "정부는 농민을 위한 새로운 계획을 발표했다",
    "ja": "政府は農家のための新しい計画を発表した",
    "zh": "政府宣布了一项帮助农民的新计划",
}


@pytest.mark.parametrize("language", list(SCRIPT_DECIDES))
def test_script_decides_language(language):
    detection = detect_language(SCRIPT_DECIDES[language])
    assert detection.language == language
    assert detection.confidence >= 0.8


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The finance ministry announced a new programme for farmers in the north on Monday.", "en"),
        ("Bộ Tài chính vừa công bố chương trình hỗ trợ mới cho nông dân ở các tỉnh phía Bắc.", "vi"),
        ("Le ministère des Finances a annoncé un nouveau programme pour les agriculteurs du nord.", "fr"),
        ("Министерство финансов объявило о новой программе для фермеров на севере страны.", "ru"),
        ("أعلنت وزارة المالية عن برنامج جديد لدعم المزارعين في المناطق الشمالية من البلاد.", "ar"),
    ],
)
def test_shared_scripts_go_to_langdetect(text, language):
    assert detect_language(text).language == language


def test_vietnamese_letters_decide_without_langdetect():
    from unittest import mock

    text = "Bộ Tài chính vừa công bố chương trình hỗ trợ mới cho nông dân ở các tỉnh phía Bắc."
    with mock.patch("articles.text.language.langdetect_probabilities") as langdetect:
        assert detect_language(text).language == "vi"
        assert detect_language("Bộ Công Thương công bố số liệu mới").language == "vi"
    langdetect.assert_not_called()
    # Romanian (ă, ț), Croatian (đ) and Yoruba (ẹ, ọ) share some of its letters, not these.
    romanian = "Ministerul Finanțelor a anunțat un nou program de sprijin pentru fermierii din nordul țării."
    assert detect_language(romanian).language == "ro"
    croatian = "Đakovo i Međimurje dobili su nove ceste, a građani su zadovoljni novim mostom preko rijeke."
    assert detect_language(croatian).language == "hr"
    yoruba = "Ọjọ́ ajé ni mo lọ sí ọjà pẹ̀lú ẹ̀gbọ́n mi àti ọmọ rẹ̀."
    with mock.patch("articles.text.language.langdetect_probabilities", return_value=[]) as langdetect:
        assert detect_language(yoruba).language == "und"  # left to langdetect (which knows no Yoruba)
    langdetect.assert_called_once()


def test_detection_is_deterministic():
    text = "Ce texte est court mais il est en français, je crois bien."
    results = {detect_language(text) for _ in range(5)}
    assert len(results) == 1


@pytest.mark.parametrize("text", ["", "   ", "12 345 678", "OK", "AI 2024", "!!!"])
def test_too_little_text_is_undetermined(text):
    assert detect_language(text).language == "und"


def test_ambiguous_latin_text_is_undetermined():
    # too short for a model, no script that names a language
    assert detect_language("Hotel Taxi Radio").language == "und"


def test_thai_with_many_english_names_is_thai():
    text = "บริษัท Alibaba และ Tencent ร่วมมือกับ Hugging Face เพื่อพัฒนา AI Model ใหม่"
    assert detect_language(text).language == "th"


def test_kanji_only_sentence_in_japanese_article_is_japanese():
    assert sentence_language("東京都知事選挙結果発表", "ja") == "ja"
    assert sentence_language("東京都知事選挙結果発表", "zh") == "zh"


def test_sentence_language_follows_its_own_script():
    assert sentence_language("The company said revenue rose 12 percent last year.", "vi") == "en"
    assert sentence_language("Công ty cho biết doanh thu tăng 12% trong năm ngoái.", "vi") == "vi"
    assert sentence_language("The company said revenue rose 12 percent last year.", "th") == "en"
    assert sentence_language("บริษัท Google กล่าวว่ารายได้เพิ่มขึ้น", "th") == "th"
    assert sentence_language("ក្រុមហ៊ុនបាននិយាយថា", "vi") == "km"
    assert sentence_language("Qwen 2.5", "th") == "und"


def test_script_of_characters():
    assert script_of("ก") == "Thai"
    assert script_of("ក") == "Khmr"
    assert script_of("あ") == "Kana"
    assert script_of("漢") == "Hani"
    assert script_of("한") == "Hang"
    assert script_of("ạ") == "Latn"
    assert script_of("5") is None


def test_regional_code_of_the_article_is_kept_for_its_sentences():
    assert sentence_language("The ministry said exports rose in the first quarter.", "en-GB") == "en-GB"
    assert sentence_language("政府宣布了一项帮助农民的新计划", "zh-Hant") == "zh-Hant"
    assert sentence_language("Bộ Tài chính cho biết xuất khẩu tăng mạnh trong quý đầu.", "en-GB") == "vi"
