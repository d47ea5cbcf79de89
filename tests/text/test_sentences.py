import pytest

from articles.text import split_sentences


def texts(body):
    sentences = split_sentences(body, "und")
    for sentence in sentences:
        assert body[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
    return [s.text for s in sentences]


def test_paragraphs_first():
    body = "First paragraph without a full stop\nSecond one. It has two sentences.\n\nThird"
    assert texts(body) == [
        "First paragraph without a full stop",
        "Second one.",
        "It has two sentences.",
        "Third",
    ]


def test_wrapped_lines_are_joined():
    body = "The council voted on the budget\nlate on Tuesday evening. Then it adjourned."
    assert texts(body) == [
        "The council voted on the budget\nlate on Tuesday evening.",
        "Then it adjourned.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Growth was 2.5 percent and 1,677 people voted.",
        "See https://example.com/a.b?x=1 for the data.",
        "Mr. Lee and Dr. Kim met J. R. Smith at 9 a.m. on Monday.",
        "The U.S. economy grew, e.g. in services, i.e. not in farming.",
        "Ông Trần Văn Nam về TP. Hồ Chí Minh ngày 3/4 và mua rau, thịt, cá v.v. ở chợ.",
        "Tổng cộng có 1.677 người, tăng 2,5%.",
        "PGS.TS. Lê Văn An và ThS. Trần Bình cho biết số ca mắc tăng.",
    ],
)
def test_no_split_inside_numbers_urls_initials_abbreviations(sentence):
    assert texts(sentence) == [sentence]


def test_split_after_abbreviation_before_new_sentence():
    body = "Có các trình biên dịch, IDE, v.v. Những công cụ này rất hữu ích."
    assert texts(body) == ["Có các trình biên dịch, IDE, v.v.", "Những công cụ này rất hữu ích."]
    body = "Troops left the U.S. The war was over."
    assert texts(body) == ["Troops left the U.S.", "The war was over."]


def test_question_and_exclamation_marks():
    assert texts("Is it true? Yes! It is.") == ["Is it true?", "Yes!", "It is."]


def test_list_numbers_do_not_end_sentences():
    assert texts("1. Prices rose sharply.") == ["1. Prices rose sharply."]


def test_closing_quotes_stay_with_their_sentence():
    body = 'He said "no." Then he left.'
    assert texts(body) == ['He said "no."', "Then he left."]


def test_japanese_and_chinese():
    assert texts("雨が降った。「本当ですか？」と記者は聞いた。明日は晴れ！") == [
        "雨が降った。",
        "「本当ですか？」と記者は聞いた。",
        "明日は晴れ！",
    ]
    assert texts("今天下雨了。你去吗？我不去！") == ["今天下雨了。", "你去吗？", "我不去！"]


def test_khmer_ends_with_khan_and_bariyoosan_but_not_repetition_mark():
    body = "ក្មេងៗ លេងនៅសាលា។ គាត់ទិញផ្លែឈើ ស្វាយ ចេក ។ល។ នៅផ្សារ។ ចប់៕"
    assert texts(body) == [
        "ក្មេងៗ លេងនៅសាលា។",
        "គាត់ទិញផ្លែឈើ ស្វាយ ចេក ។ល។ នៅផ្សារ។",
        "ចប់៕",
    ]


def test_arabic_question_mark_and_other_terminals():
    assert texts("هل هذا صحيح؟ نعم، هذا صحيح.") == ["هل هذا صحيح؟", "نعم، هذا صحيح."]
    assert texts("यह सच है। वह आया।") == ["यह सच है।", "वह आया।"]
    assert texts("ဒါမှန်တယ်။ သူလာတယ်။") == ["ဒါမှန်တယ်။", "သူလာတယ်။"]


def test_thai_phrases_grouped_into_sentences():
    body = (
        "รัฐบาลประกาศขึ้นค่าแรงขั้นต่ำทั่วประเทศตั้งแต่เดือนหน้า โดยนายกรัฐมนตรีกล่าวว่า "
        "มาตรการนี้จะช่วยแรงงานกว่าสองล้านคน ขณะเดียวกันภาคเอกชนแสดงความกังวลเรื่องต้นทุน "
        "อย่างไรก็ตาม นักเศรษฐศาสตร์มองว่าผลกระทบจะไม่รุนแรงนัก"
    )
    assert texts(body) == [
        "รัฐบาลประกาศขึ้นค่าแรงขั้นต่ำทั่วประเทศตั้งแต่เดือนหน้า โดยนายกรัฐมนตรีกล่าวว่า มาตรการนี้จะช่วยแรงงานกว่าสองล้านคน",
        "ขณะเดียวกันภาคเอกชนแสดงความกังวลเรื่องต้นทุน",
        "อย่างไรก็ตาม นักเศรษฐศาสตร์มองว่าผลกระทบจะไม่รุนแรงนัก",
    ]


def test_thai_spaces_around_names_numbers_and_marks_do_not_split():
    body = "บริษัท Apple เปิดตัวสินค้า 3 รุ่นในสหรัฐฯ เมื่อเร็วๆ นี้ และยอดขายเพิ่มขึ้นอย่างมาก"
    assert texts(body) == [body]


def test_bullets_and_empty_pieces_are_dropped():
    body = "• Exports rose.\n- Imports fell.\n***\n"
    assert texts(body) == ["Exports rose.", "Imports fell."]


def test_chinese_quotation_followed_by_its_speaker_stays_one_sentence():
    body = "“今年的销量增长了35%。”公司负责人表示。他说：“明年还会增长。”明年的计划已经公布。"
    assert texts(body) == [
        "“今年的销量增长了35%。”公司负责人表示。",
        "他说：“明年还会增长。”",
        "明年的计划已经公布。",
    ]
