"""Check-worthiness: a score in [0, 1] for one sentence from explainable features.

Each feature found adds its weight, combined as independent evidence
(1 - (1 - w1)(1 - w2)...); then questions, opinions and very short sentences are
damped.  The names of the features are the reasons an editor sees.

Speed matters (every sentence of every import is scored), so word lists of languages
that separate words with spaces are looked up as sets of word n-grams, and the lists of
scripts without spaces (Thai, Lao, Khmer, Burmese, CJK) are regular expressions run only
when the sentence has letters of that script."""

from __future__ import annotations

import re

from .numbers import NUMBER, iter_numbers, to_ascii_digits

WEIGHTS: dict[str, float] = {
    "number": 0.45,
    "percentage": 0.25,
    "money": 0.25,
    "date": 0.3,
    "attribution": 0.35,
    "superlative": 0.35,
    "comparison": 0.2,
    "named entity": 0.25,
}
DAMPING: dict[str, float] = {
    "question": 0.3,
    "opinion": 0.5,
    "too short": 0.4,
}

# Scripts without spaces between words, each with a cheap presence test.
_SCRIPT_PRESENT = {
    "thai": re.compile(r"[\u0e01-\u0e4e\u0e81-\u0ecf]"),
    "khmer": re.compile(r"[\u1780-\u17dd]"),
    "cjk": re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]"),
    "myanmar": re.compile(r"[\u1000-\u109f]"),
}


def _phrases(text: str) -> frozenset[str]:
    return frozenset(p.strip().lower() for p in text.split("|") if p.strip())


def _unspaced(**scripts: str) -> dict[str, re.Pattern]:
    return {script: re.compile(words) for script, words in scripts.items()}


# --- word lists ------------------------------------------------------------------
# Spaced languages: lowercase words or phrases of up to three words.
ATTRIBUTION_WORDS = _phrases(
    # English
    "said|says|told|stated|announced|reported|claimed|estimated|confirmed|noted|added|"
    "according to|quoted|cited|insisted|warned|revealed|argued|estimates|"
    # Vietnamese
    "cho biết|cho rằng|khẳng định|tuyên bố|thông báo|công bố|phát biểu|nhận định|nhận xét|"
    "chia sẻ|nói rằng|đã nói|nói với|ước tính|dẫn lời|báo cáo|xác nhận|nhấn mạnh|đánh giá|tiết lộ|cho thấy|"
    "theo ông|theo bà|theo báo|theo các|theo một|theo nhà|theo chuyên gia|theo giới|"
    "theo thống kê|theo số liệu|theo dữ liệu|theo khảo sát|theo báo cáo|"
    # French, Spanish, German, Portuguese, Italian, Indonesian
    "selon|a déclaré|a dit|según|dijo|afirmó|sagte|laut|zufolge|disse|segundo|secondo|"
    "menurut|kata|mengatakan|"
    # Arabic, Russian, Hindi
    "قال|قالت|وقال|وقالت|وفقا|وفقاً|بحسب|حسب|أعلن|أعلنت|وأعلن|صرح|أكد|أكدت|وأكد|أضاف|أضافت|وأضاف|وأضافت|"
    "сказал|заявил|заявила|по словам|по данным|сообщил|сообщила|"
    "ने कहा|के अनुसार|कहा"
)
ATTRIBUTION_UNSPACED = _unspaced(
    thai="(?<!ดัง)กล่าว|เปิดเผยว่า|เผยว่า|ระบุว่า|ชี้แจงว่า|แถลงว่า|ยืนยันว่า|รายงานว่า|อ้างว่า|มองว่า|"
    "บอกว่า|พบว่า|ความเห็นว่า|ตามรายงาน|ตามข้อมูล|ตามที่|ข้อมูลจาก|อ้างอิงจาก|รายงานของ|"
    "ກ່າວວ່າ|ອີງຕາມ|ລາຍງານ",
    khmer="និយាយថា|យោងតាម|បានប្រាប់|បញ្ជាក់ថា|ឱ្យដឹងថា|ថ្លែងថា|បានថ្លែង|បានអះអាង|រាយការណ៍",
    cjk="によると|によれば|述べた|話した|語った|発表し|と発表|明らかにし|と指摘|としている|と説明|"
    "表示|指出|透露|宣布|声称|宣称|报道|報道|(?<!数)据|根据|說|称(?!为)|"
    "밝혔다|말했다|전했다|따르면|발표했다|설명했다|주장했다|강조했다",
    myanmar="ပြောကြားသည်|ပြောသည်|အဆိုအရ",
)
SUPERLATIVE_WORDS = _phrases(
    "most|least|largest|biggest|highest|lowest|fastest|greatest|smallest|longest|oldest|"
    "youngest|richest|poorest|deadliest|worst|best|first|top|record|all-time|ranked|leading|"
    "busiest|heaviest|earliest|warmest|hottest|coldest|wettest|driest|cheapest|strongest|"
    "weakest|tallest|deepest|fewest|"
    "number one|"
    "nhất|đầu tiên|kỷ lục|hàng đầu|dẫn đầu|"
    "plus grand|le plus|la plus|premier|première|más grande|el mayor|primero|größte|erste|"
    "maior|primeiro|terbesar|pertama|"
    "الأكبر|أكبر|الأول|أول|الأعلى|أعلى|الأكثر|الأقل|قياسي|"
    "самый|самая|самое|крупнейший|крупнейшая|впервые|рекорд|рекордный"
)
# "nhất" also ends "thống nhất" (unify), "duy nhất" (only) and opens "nhất định" (surely)
NOT_SUPERLATIVE_WORDS = _phrases("thống nhất|duy nhất|nhất định|first name|at first")
SUPERLATIVE_UNSPACED = _unspaced(
    thai="ที่สุด|สูงสุด|ต่ำสุด|อันดับ|ครั้งแรก|แห่งแรก|รายแรก|คนแรก|สถิติ|ชั้นนำ|ທີ່ສຸດ|ທຳອິດ",
    khmer="បំផុត|ជាងគេ|ដំបូង|កំណត់ត្រា|ឈានមុខ",
    cjk="最|初めて|初の|首位|史上|首次|第一|纪录|記録|가장|최대|최고|최저|최초|처음|사상",
)
COMPARISON_WORDS = _phrases(
    "more than|less than|fewer than|higher than|lower than|up from|down from|compared with|"
    "compared to|increase|increased|increases|decrease|decreased|rose|fell|doubled|tripled|"
    "hơn|tăng|giảm|gấp|so với|plus de|moins de|más de|menos de|mehr als|"
    "أكثر من|أقل من|ارتفع|ارتفعت|وارتفع|انخفض|انخفضت|больше|меньше|вырос|выросла|снизился"
)
COMPARISON_UNSPACED = _unspaced(
    thai="กว่า|เพิ่มขึ้น|ลดลง|เท่าตัว",
    khmer="ជាង|កើនឡើង|ថយចុះ",
    cjk="以上|以下|上回|下回|超过|超過|增长|下降|増加|減少|보다|증가|감소",
)
MONTH_WORDS = _phrases(
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
    "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|"
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
    "يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر|"
    "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
)
_DATE_WORD_NUMBER = re.compile(r"\b(?:ngày|tháng|quý|năm)\s+\d", re.IGNORECASE)
DATE_UNSPACED = _unspaced(
    thai="มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|"
    r"พฤศจิกายน|ธันวาคม|ม\.ค\.|ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|ก\.ย\.|"
    r"ต\.ค\.|พ\.ย\.|ธ\.ค\.|พ\.ศ\.|เมื่อวันที่|วันที่ \d|ปี\s?[0-9๐-๙]{4}",
    khmer="មករា|កុម្ភៈ|មីនា|មេសា|ឧសភា|មិថុនា|កក្កដា|សីហា|កញ្ញា|តុលា|វិច្ឆិកា|ធ្នូ",
    cjk=r"[0-9０-９]\s*(?:年|月|日|년|월|일)|昨年|去年|今年|明年|来年|작년|올해|내년",
)
_DATE_NUMERIC = re.compile(
    r"(?<!\d)(?:1[89]|20)\d{2}(?![\d%])"  # a year
    r"|(?<![\d/.])\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\d/])"  # 25/6, 25/6/2024
    r"|(?<![\d.])\d{4}-\d{2}-\d{2}(?!\d)"
)
# A currency word counts only right after a figure (and an optional scale word): "hội đồng"
# is a council, "650 đồng" is money.
_CURRENCY = (
    "usd|eur|vnd|thb|jpy|cny|rmb|khr|krw|gbp|inr|us\\$|dollars?|euros?|đồng|dong|baht|yuan|yen|won|"
    "riels?|rupees?|pounds?|دولار|ريال|جنيه|درهم|рублей|рубля|долларов"
)
_MONEY_AFTER_NUMBER = re.compile(
    r"\d\s?(?:thousand |million |billion |trillion |nghìn |ngàn |triệu |tỷ |tỉ |mn |bn |"
    rf"ألف |مليون |مليار |тыс\\. |млн |млрд )?(?:{_CURRENCY})(?![^\W\d_])"
    rf"|\b(?:usd|eur|gbp)\s?\d",
    re.IGNORECASE,
)
_MONEY_SYMBOL = re.compile(r"[$€£¥₫฿៛₩₹₽]")
MONEY_UNSPACED = _unspaced(
    thai="บาท|ดอลลาร์",
    khmer="ដុល្លារ|រៀល",
    cjk="円|元|美元|ドル|원|달러",
)
OPINION_WORDS = _phrases(
    "i think|i believe|in my opinion|in my view|we believe|should|must|ought to|"
    "tôi nghĩ|theo tôi|tôi cho rằng|chúng ta nên|cần phải|أعتقد|يجب"
)
OPINION_UNSPACED = _unspaced(
    thai="ผมคิดว่า|ฉันคิดว่า|ดิฉันคิดว่า|ควรจะ",
    khmer="ខ្ញុំគិតថា|គួរតែ",
    cjk="と思う|と思います|べきだ|我认为|我觉得|应该|생각한다",
)
NAME_UNSPACED = _unspaced(
    thai=r"นาย|นางสาว|นาง|ดร\.|พล\.อ\.|บริษัท|กระทรวง|ธนาคาร|มหาวิทยาลัย|รัฐบาล",
    khmer="លោកស្រី|លោក|ឯកឧត្តម|សម្តេច|ក្រសួង|ក្រុមហ៊ុន|ធនាគារ|សាកលវិទ្យាល័យ|រដ្ឋាភិបាល",
    cjk=r"[\u30a1-\u30fa\u30fc]{3,}|[\u4e00-\u9fff]{1,8}(?:省|市|県|政府|大学|公司|銀行|银行|"
    r"委员会|委員会|部|庁|社)|대통령|장관|정부|대학교|은행|위원회",
)
NAME_WORDS = _phrases("الرئيس|الوزير|وزارة|حكومة|شركة|جامعة|بنك")

_TOKEN = re.compile(r"[^\W_]+(?:[.'’-][^\W_]+)*")
# Capitalised Latin names: a run of capitalised words or an acronym.
_LATIN_NAME = re.compile(
    r"(?<![\w])(?:[A-ZÀ-ÞĐƠƯ][a-zà-ÿđơưạ-ỹA-Z0-9&'’.-]*|[A-Z]{2,}[0-9]*)"
    r"(?:\s+(?:[A-ZÀ-ÞĐƠƯ][a-zà-ÿđơưạ-ỹA-Z0-9&'’-]*))*"
)
# Acronyms that name a kind of thing, not an actor: no evidence of a named entity.
GENERIC_ACRONYMS = _phrases(
    "ai|api|apis|llm|llms|gpu|gpus|cpu|cpus|it|tv|pc|ok|ide|nlp|ml|app|usb|sms|pdf|url|html|"
    "iot|vr|ar|faq|diy|ceo|cfo|cto|am|pm|id|ip"
)
_SENTENCE_START_SKIP = re.compile(r"[\s\"'“‘«「『(（\[•\-–—*#>]*")
_THEO = re.compile(r"(?:^|[,;:(“\"]\s*)[Tt]heo\s|\btheo [A-ZĐ]")
_QUESTION = re.compile(r"[?？؟]\s*[\"'”’»」』)）]*\s*$|(?:ไหม|มั้ย|หรือเปล่า|か)\s*$")
_LETTER = re.compile(r"[^\W\d_]")


def _ngrams(tokens: list[str]) -> set[str]:
    grams = set(tokens)
    grams.update(map(" ".join, zip(tokens, tokens[1:], strict=False)))
    grams.update(map(" ".join, zip(tokens, tokens[1:], tokens[2:], strict=False)))
    return grams


def _has(
    grams: set[str],
    scripts: list[str],
    text: str,
    words: frozenset[str],
    unspaced: dict[str, re.Pattern],
) -> bool:
    if not grams.isdisjoint(words):
        return True
    for script in scripts:
        pattern = unspaced.get(script)
        if pattern is not None and pattern.search(text):
            return True
    return False


def _named_entity(text: str, grams: set[str], scripts: list[str]) -> bool:
    start = _SENTENCE_START_SKIP.match(text).end()
    for match in _LATIN_NAME.finditer(text):
        name = match.group(0)
        if len(name) < 2 or name.lower() in GENERIC_ACRONYMS:
            continue
        if match.start() == start and " " not in name and not name.isupper():
            continue  # the capital of the first word says nothing
        return True
    return _has(grams, scripts, text, NAME_WORDS, NAME_UNSPACED)


def score_sentence(text: str, language: str = "und") -> tuple[float, tuple[str, ...]]:
    """Check-worthiness of one sentence in [0, 1] and the reasons for it.

    The features do not depend on ``language``: a sentence is scored by what it
    contains, whatever the language of the article around it."""
    ascii_text = to_ascii_digits(text)
    grams = _ngrams(_TOKEN.findall(ascii_text.lower()))
    scripts = [name for name, present in _SCRIPT_PRESENT.items() if present.search(text)]
    reasons: list[str] = []

    has_number = has_percent = False
    if NUMBER.search(ascii_text):
        for _start, _end, canonical in iter_numbers(ascii_text):
            has_number = True
            if canonical.endswith("%"):
                has_percent = True
                break
    if has_number:
        reasons.append("number")
    if has_percent:
        reasons.append("percentage")
    if has_number and (
        _MONEY_SYMBOL.search(text)
        or _MONEY_AFTER_NUMBER.search(ascii_text)
        or any(MONEY_UNSPACED[s].search(text) for s in scripts if s in MONEY_UNSPACED)
    ):
        reasons.append("money")
    if (
        _DATE_NUMERIC.search(ascii_text)
        or _has(grams, scripts, ascii_text, MONTH_WORDS, DATE_UNSPACED)
        or (has_number and _DATE_WORD_NUMBER.search(ascii_text))
    ):
        reasons.append("date")
    if _has(grams, scripts, text, ATTRIBUTION_WORDS, ATTRIBUTION_UNSPACED) or ("theo" in grams and _THEO.search(text)):
        reasons.append("attribution")
    if _has(grams, scripts, text, SUPERLATIVE_WORDS, SUPERLATIVE_UNSPACED) and not (
        not grams.isdisjoint(NOT_SUPERLATIVE_WORDS)
        and len(grams & SUPERLATIVE_WORDS) <= 1
        and not any(SUPERLATIVE_UNSPACED[s].search(text) for s in scripts if s != "myanmar")
    ):
        reasons.append("superlative")
    elif _has(grams, scripts, text, COMPARISON_WORDS, COMPARISON_UNSPACED):
        reasons.append("comparison")
    if _named_entity(text, grams, scripts):
        reasons.append("named entity")

    remaining = 1.0
    for reason in reasons:
        remaining *= 1.0 - WEIGHTS[reason]
    score = 1.0 - remaining

    if _QUESTION.search(text):
        reasons.append("question")
    if _has(grams, scripts, text, OPINION_WORDS, OPINION_UNSPACED):
        reasons.append("opinion")
    letters = len(_LETTER.findall(text)) if len(text) < 60 else 60
    if letters < 12 or (not scripts and len(grams) < 8 and letters < 25):
        reasons.append("too short")
    for reason in reasons:
        score *= DAMPING.get(reason, 1.0)
    return round(score, 3), tuple(reasons)
