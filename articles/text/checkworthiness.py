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

# A figure, a date, reported speech or a superlative/ranking ("largest", "overtook") alone makes a
# sentence a candidate (0.5, the default threshold); a name needs an action ("signed", "plans") or a
# comparison with it: a sentence that only mentions a name or a place is not a fact to check.
WEIGHTS: dict[str, float] = {
    "number": 0.5,
    "percentage": 0.25,
    "money": 0.25,
    "date": 0.5,
    "attribution": 0.5,
    "intention": 0.35,  # reported speech that only announces an intention: see _INTENTION
    "superlative": 0.5,
    "comparison": 0.35,
    "named entity": 0.25,
    "action": 0.35,
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
    "according to|quoted|cited|insisted|warned|revealed|argued|estimates|blamed|told reporters|"
    # Vietnamese
    "cho biết|cho rằng|nói tại|nói với báo chí|quy nguyên nhân|"
    "khẳng định|tuyên bố|thông báo|công bố|phát biểu|nhận định|nhận xét|"
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
    "บอกว่า|พบว่า|ความเห็นว่า|ตามรายงาน|ตามข้อมูล|ตามที่|ข้อมูลจาก|อ้างอิงจาก|รายงานของ|บอกกับ|ระบุ|"
    "ກ່າວວ່າ|ອີງຕາມ|ລາຍງານ",
    khmer="និយាយថា|យោងតាម|បានប្រាប់|បញ្ជាក់ថា|ឱ្យដឹងថា|ថ្លែងថា|បានថ្លែង|បានអះអាង|រាយការណ៍|ប្រកាសថា|ទម្លាក់កំហុស|អះអាងថា",
    cjk="によると|によれば|述べた|話した|語った|発表し|と発表|明らかにし|と指摘|としている|と説明|という。|"
    "と強調|と述べ|と語|示した|"
    "表示|指出|透露|宣布|声称|宣称|报道|報道|(?<!数)据|根据|說|(?<!小)说|称(?!为)|"
    "밝혔다|말했다|전했다|따르면|발표했다|설명했다|주장했다|강조했다|꼽았다|지적했다|언급했다|덧붙였다|"
    "고 말|고 밝|다며|라며",
    myanmar="ပြောကြားသည်|ပြောသည်|အဆိုအရ",
)
SUPERLATIVE_WORDS = _phrases(
    "most|least|largest|biggest|highest|lowest|fastest|greatest|smallest|longest|oldest|"
    "youngest|richest|poorest|deadliest|worst|best|first|top|record|all-time|ranked|leading|"
    "busiest|heaviest|earliest|warmest|hottest|coldest|wettest|driest|cheapest|strongest|"
    "weakest|tallest|deepest|fewest|"
    "number one|overtook|overtaken|overtakes|overtaking|overtake|surpassed|surpasses|outsold|ahead of|"
    "second-largest|third-largest|second-biggest|"
    "nhất|vượt|đứng thứ|xếp thứ|lớn thứ|đầu tiên|kỷ lục|hàng đầu|dẫn đầu|"
    "plus grand|le plus|la plus|premier|première|más grande|el mayor|primero|größte|erste|"
    "maior|primeiro|terbesar|pertama|"
    "الأكبر|أكبر|الأول|أول|الأعلى|أعلى|الأكثر|الأقل|قياسي|تتجاوز|تجاوز|تجاوزت|لتتجاوز|تتفوق|تفوقت|"
    "самый|самая|самое|крупнейший|крупнейшая|впервые|рекорд|рекордный"
)
# "nhất" also ends "thống nhất" (unify), "duy nhất" (only) and opens "nhất định" (surely)
NOT_SUPERLATIVE_WORDS = _phrases("thống nhất|duy nhất|nhất định|first name|at first")
SUPERLATIVE_UNSPACED = _unspaced(
    thai="ที่สุด|สูงสุด|ต่ำสุด|อันดับ|ครั้งแรก|แห่งแรก|รายแรก|คนแรก|สถิติ|ชั้นนำ|แซง|นำหน้า|รองจาก|ທີ່ສຸດ|ທຳອິດ",
    khmer="បំផុត|ជាងគេ|ដំបូង|កំណត់ត្រា|ឈានមុខ|វ៉ាដាច់|នាំមុខ|ទីពីរ",
    cjk="最|初めて|初の|首位|史上|首次|首个|首座|首家|首款|首批|第一|纪录|記録|を抜|抜き|追い抜|上回|次ぐ|[0-9]位|超越|领先|位居|"
    "가장|최대|최고|최저|최초|처음|첫 |사상|제치|제쳤|앞질|[0-9]위|"
    # Ranks: "3番目に大きい", "第三大", "세 번째로 큰" (the third largest).
    "番目に|第[二三四五六七八九十0-9]大|번째로",
)
COMPARISON_WORDS = _phrases(
    "more than|less than|fewer than|higher than|lower than|up from|down from|compared with|"
    "compared to|unlike|increase|increased|increases|decrease|decreased|rose|fell|doubled|tripled|"
    "hơn|tăng|giảm|gấp|so với|khác với|plus de|moins de|más de|menos de|mehr als|"
    "أكثر من|أقل من|ارتفع|ارتفعت|وارتفع|انخفض|انخفضت|больше|меньше|вырос|выросла|снизился"
)
COMPARISON_UNSPACED = _unspaced(
    thai="กว่า|เพิ่มขึ้น|ลดลง|เท่าตัว|ต่างจาก",
    khmer="ជាង|កើនឡើង|ថយចុះ|ខុសពី",
    cjk="以上|以下|上回|下回|超过|超過|增长|下降|増加|減少|不同|と異なり|とは違い|보다|증가|감소|달리",
)
# Figures written in words: fractions and multiples ("a tenth", "หนึ่งในสิบ", "10分の1").
NUMBER_WORDS = _phrases(
    "a tenth|one tenth|a third|one third|a quarter|one quarter|a fifth|twice|threefold|tenfold|"
    "một phần mười|một phần ba|một phần tư|một nửa|gấp đôi|gấp ba|"
    "عشر|ثلث|ربع|نصف|ضعف|الضعف"
)
NUMBER_UNSPACED = _unspaced(
    thai="หนึ่งในสิบ|หนึ่งในสาม|หนึ่งในสี่|ครึ่งหนึ่ง|สองเท่า|สามเท่า",
    khmer="មួយភាគ|ពាក់កណ្តាល|ទ្វេដង",
    cjk="分の|分之|半分|[两兩二三四五]倍|두 배|세 배|절반",
)
# A time reference that dates a fact by itself: a month, a year (also "last year"), a quarter or
# half of a year, a day of a month ("ngày 5", "5日").  A weekday or a day-relative word ("Sunday
# evening", "yesterday", "tối Chủ nhật", "คืนวันอาทิตย์", "日曜日の夜") dates a fact only together
# with a figure: alone it is the colour of a report ("the mood was calm on Sunday evening").
DATE_WORDS = _phrases(
    "last year|next year|this year|last month|next month|first half|second half|"
    "first quarter|second quarter|third quarter|fourth quarter|"
    "năm ngoái|năm nay|năm tới|năm sau|tháng trước|quý i|quý ii|quý iii|quý iv|"
    "nửa đầu năm|nửa cuối năm|الربع|"
    "january|february|april|june|july|august|september|october|november|december|"
    "jan|feb|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
    "janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|"
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
    "يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر|"
    "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
)
VAGUE_TIME_WORDS = _phrases(
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|tomorrow|tonight|last week|"
    "next week|hôm qua|ngày mai|tuần trước|tuần tới|hôm thứ|chủ nhật|"
    "الاثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد|أمس|غدا|"
    "понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье|вчера|завтра"
)
# "may" and "march" are also verbs: a month only capitalised after a lowercase word or a figure
# ("in May", "on 5 March") or before a day ("May 5"); French "mai" (Vietnamese "tomorrow") only
# after a day ("5 mai").
_AMBIGUOUS_MONTH = re.compile(
    r"(?<!\S)(?:[a-z]+|\d{1,4},?)\s+(?:May|March|Mar\.?)\b|\b(?:May|March|Mar\.?)\s+\d|\d\s+mai\b"
)
_DATE_WORD_NUMBER = re.compile(r"\b(?:ngày|tháng|quý|năm)\s+\d", re.IGNORECASE)
DATE_UNSPACED = _unspaced(
    thai="มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|"
    r"พฤศจิกายน|ธันวาคม|ม\.ค\.|ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|ก\.ย\.|"
    r"ต\.ค\.|พ\.ย\.|ธ\.ค\.|พ\.ศ\.|เมื่อวันที่|วันที่ \d|ปี\s?[0-9๐-๙]{4}|"
    "ปีที่แล้ว|ปีก่อน|ปีนี้|ปีหน้า|ไตรมาส|ครึ่งแรกของปี|ครึ่งหลังของปี",
    khmer="មករា|កុម្ភៈ|មីនា|មេសា|ឧសភា|មិថុនា|កក្កដា|សីហា|កញ្ញា|តុលា|វិច្ឆិកា|ធ្នូ|ឆ្នាំមុន|ឆ្នាំនេះ|ឆ្នាំក្រោយ|ឆមាស|ត្រីមាស",
    cjk=r"[0-9０-９]\s*(?:年|月|日|년|월|일)|昨年|去年|今年|明年|来年|작년|올해|내년|지난해|"
    "上半期|下半期|四半期|上半年|下半年|季度|상반기|하반기|분기",
)
VAGUE_TIME_UNSPACED = _unspaced(
    thai="วันจันทร์|วันอังคาร|วันพุธ|วันพฤหัส|วันศุกร์|วันเสาร์|วันอาทิตย์|เมื่อวาน|พรุ่งนี้",
    khmer="ថ្ងៃច័ន្ទ|ថ្ងៃអង្គារ|ថ្ងៃពុធ|ថ្ងៃព្រហស្បតិ៍|ថ្ងៃសុក្រ|ថ្ងៃសៅរ៍|ថ្ងៃអាទិត្យ|ម្សិលមិញ|ថ្ងៃស្អែក",
    cjk="[月火水木金土日]曜|星期[一二三四五六日天]|周[一二三四五六日]|[월화수목금토일]요일|어제|내일|昨日|明日|昨天|明天",
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
    thai=r"นาย|นางสาว|นาง|ดร\.|พล\.อ\.|บริษัท|กระทรวง|ธนาคาร|มหาวิทยาลัย|รัฐบาล|สมาคม|องค์การ|กรม|"
    r"สำนักงาน|ผู้อำนวยการ|ประธาน|รัฐมนตรี|นายกรัฐมนตรี",
    khmer="លោកស្រី|លោក|ឯកឧត្តម|សម្តេច|ក្រសួង|ក្រុមហ៊ុន|ធនាគារ|សាកលវិទ្យាល័យ|រដ្ឋាភិបាល|អាជ្ញាធរ|សមាគម|សហគ្រាស|នាយក|ប្រធាន|រដ្ឋមន្ត្រី",
    cjk=r"[\u30a1-\u30fa\u30fc]{3,}|[\u4e00-\u9fff]{1,8}(?:省|市|県|政府|大学|公司|銀行|银行|"
    r"委员会|委員会|部|庁|社|局|協会|协会|機構|机构|公社|集团|企業|企业|平台)|[\u4e00-\u9fff\u30a0-\u30ff]氏|"
    r"社長|会長|首相|大臣|部长|总统|总理|主席|董事长|局长|市长|车企|车厂|"
    r"대통령|장관|정부|대학교|은행|위원회|협회|공사|기업|업체|그룹|사장|회장|대표|총리|창업자|최고경영자|책임자",
)
NAME_WORDS = _phrases("الرئيس|الوزير|وزارة|حكومة|شركة|جامعة|بنك|جمعية|هيئة|مجلس|رئيس")
# What a named organisation or person does: with a name, a candidate ("Lumora signed ...").
ACTION_WORDS = _phrases(
    "plans|planned|plan to|plans to|signed|launched|launches|released|releases|opened|opens|founded|"
    "acquired|bought|sold|hired|appointed|approved|banned|barred|added|won|awarded|agreed|invested|"
    "raised|expects|expected|aims|forecast|forecasts|recalled|delivered|supply|supplies|filed|sued|"
    "fined|imposed|lifted|introduced|unveiled|closed|suspended|resigned|elected|arrested|charged|"
    "partnership|deal|contract|tender|conducted|carried out|"
    "launch|open|sign|buy|sell|hire|invest|build|built|expand|expanded|operate|operates|operated|"
    "khai thác|mở rộng|"
    "ký|ký kết|ra mắt|phát hành|khai trương|khánh thành|thành lập|mua lại|bổ nhiệm|phê duyệt|cấm|"
    "dự kiến|dự báo|đặt mục tiêu|kế hoạch|triệu hồi|cung cấp|đầu tư|huy động|giành|thắng thầu|"
    "hợp đồng|thỏa thuận|mở cửa|đóng cửa|sa thải|"
    "وقعت|وقع|أطلقت|أطلق|افتتحت|افتتح|أسست|استحوذت|عينت|وافقت|حظرت|تخطط|تعتزم|تتوقع|يتوقع|تهدف|"
    "استثمرت|فازت|سترسل|ستطلق|رفع|صدرت|"
    "подписал|подписала|запустил|запустила|открыл|открыла|купил|планирует|ожидает"
)
ACTION_UNSPACED = _unspaced(
    thai="ลงนาม|เปิดตัว|เปิดดำเนินการ|ก่อตั้ง|เข้าซื้อ|แต่งตั้ง|อนุมัติ|ห้าม|มีแผน|วางแผน|ตั้งเป้า|คาดว่า|"
    "คาดการณ์|เรียกคืน|จัดหา|ลงทุน|ดำเนินการ|คว้า|ประมูล|จำกัด|ยกเลิก|ส่งมอบ|เปิดโรงงาน|สัญญา|ข้อตกลง|ส่งออก|"
    "เปิดให้บริการ|ขยาย|เปิดใช้งาน|เปิดสาขา|เปิดสำนักงาน|เปิดศูนย์",
    khmer="ចុះហត្ថលេខា|បើកដំណើរការ|បង្កើត|តែងតាំង|អនុម័ត|ហាមឃាត់|គ្រោង|គោលដៅ|រំពឹង|ផ្គត់ផ្គង់|"
    "វិនិយោគ|ឈ្នះ|បញ្ចូល|កំណត់|ប្រគល់|ចាប់ផ្តើម|ជួសជុល|នាំចេញ|កិច្ចព្រមព្រៀង|កិច្ចសន្យា|បើកសាខា|បើកការិយាល័យ",
    cjk="計画|予定|契約|締結|調印|発売|公開|開業|開設|設立|創業|買収|任命|承認|禁止|禁じ|目指|見込|予想|"
    "リコール|供給|投資|受注|落札|制限|解除|加え|納入|稼働|開始|輸出|実施|運航|就航|運営|拡大|"
    "计划|预计|签署|签约|推出|发布|成立|创立|收购|批准|目标|供应|中标|限制|启用|交付|出口|实施|运营|开通|扩大|"
    "购买|买下|同意|購入|合意|구매|합의|"
    "계획|예정|체결|계약|출시|공개|설립|창업|인수|임명|승인|금지|목표|전망|공급|투자|수주|제한|해제|인도|"
    "시작|수출|올렸다|실시|운항|취항|운영|확대",
)

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
# Words that open English sentences: their capital is no evidence of a name.
COMMON_STARTERS = _phrases(
    "the|a|an|this|that|these|those|it|its|he|she|they|we|i|you|his|her|their|our|my|in|on|at|by|for|"
    "from|with|without|after|before|during|since|until|over|under|about|among|between|but|and|or|so|"
    "yet|however|meanwhile|also|still|then|now|today|some|many|most|few|several|all|both|each|every|"
    "no|not|such|other|others|another|there|here|when|while|if|although|though|because|as|what|which|"
    "who|where|why|how|one|two|three|last|next|first|more|less|much|only|even|just|once|despite|"
    "according|analysts|officials|residents|experts|critics|farmers|visitors|tourists|hotels|prices|"
    "sales|shares|exports|imports|ticket|tickets|bus|buses|drivers|that's|it's|instead|further|earlier|later"
)
# Internal capitals or digits (VinaVolt, Qilin-3): a name even as the first word.
_NAME_LIKE = re.compile(r"[a-zà-ỹ][A-ZÀ-ÞĐ]|\d")
# One Vietnamese syllable (Trong, Theo, Những): a common word, not a name, at a sentence's start.
_VIET_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"[aăâeêioôơuưyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]{1,3}"
    r"(?:ch|ng|nh|[cmnpt])?"
)
_SENTENCE_START_SKIP = re.compile(r"[\s\"'“‘«「『(（\[•\-–—*#>]*")
# An announcing verb after "will" ("sẽ công bố", "will announce") is a promise: nothing has been said yet.
_FUTURE_MARKERS = ("sẽ", "will")
# Reported speech whose content is the speaker's own intention ("said it will publish details",
# "表示将公布", "公表するとしている"): a declaration, not a statement of fact (ClaimBuster's
# non-factual sentences).  It weighs less than other reported speech: a candidate only with a
# figure, a date, a ranking or a named actor, not alone.
_INTENTION = re.compile(
    r"\b(?:said|says|announced|told reporters)(?: that)? (?:it|they|he|she|we) (?:will|would|plans? to|intends? to)\b"
    r"|(?:表示|宣布|称)(?:将|会|要|计划)"
    r"|(?<![いあ])るとしている|(?<![いあ])る方針"
)
# Generic references to "the authorities": not a named organisation ("officials" in English).
_GENERIC_AUTHORITY = re.compile(r"有关当局|相关当局|有关部门|相关部门|当局|関係当局")
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


def _attribution(grams: set[str], scripts: list[str], text: str) -> bool:
    said = grams & ATTRIBUTION_WORDS
    if said and not grams.isdisjoint(_FUTURE_MARKERS):
        said = {word for word in said if not any(f"{marker} {word}" in grams for marker in _FUTURE_MARKERS)}
    if said:
        return True
    for script in scripts:
        pattern = ATTRIBUTION_UNSPACED.get(script)
        if pattern is not None and pattern.search(text):
            return True
    return "theo" in grams and _THEO.search(text) is not None


def _named_entity(text: str, grams: set[str], scripts: list[str]) -> bool:
    start = _SENTENCE_START_SKIP.match(text).end()
    for match in _LATIN_NAME.finditer(text):
        name = match.group(0)
        if len(name) < 2 or name.lower() in GENERIC_ACRONYMS:
            continue
        if (
            match.start() == start
            and " " not in name
            and not name.isupper()
            and not scripts  # a Latin word opening a Thai, Khmer or CJK sentence is a name
            and not _NAME_LIKE.search(name)
            and (name.lower() in COMMON_STARTERS or _VIET_SYLLABLE.fullmatch(name.lower()))
        ):
            continue  # the capital of a common first word says nothing
        return True
    if "cjk" in scripts and _GENERIC_AUTHORITY.search(text):
        text = _GENERIC_AUTHORITY.sub(" ", text)
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
    if not has_number and _has(grams, scripts, text, NUMBER_WORDS, NUMBER_UNSPACED):
        has_number = True
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
        or _has(grams, scripts, ascii_text, DATE_WORDS, DATE_UNSPACED)
        or _AMBIGUOUS_MONTH.search(ascii_text)
        or (
            has_number
            and (
                _DATE_WORD_NUMBER.search(ascii_text)
                or _has(grams, scripts, ascii_text, VAGUE_TIME_WORDS, VAGUE_TIME_UNSPACED)
            )
        )
    ):
        reasons.append("date")
    intention = False
    if _attribution(grams, scripts, text):
        reasons.append("attribution")
        intention = _INTENTION.search(text) is not None
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
        if _has(grams, scripts, text, ACTION_WORDS, ACTION_UNSPACED):
            reasons.append("action")

    remaining = 1.0
    for reason in reasons:
        remaining *= 1.0 - WEIGHTS["intention" if intention and reason == "attribution" else reason]
    score = 1.0 - remaining

    if _QUESTION.search(text):
        reasons.append("question")
    if _has(grams, scripts, text, OPINION_WORDS, OPINION_UNSPACED):
        reasons.append("opinion")
    letters = len(_LETTER.findall(text)) if len(text) < 60 else 60
    # A short sentence is a fragment or a quip, unless it pins a figure down ("这是自2019年以来的最高数字":
    # the highest since 2019, in 11 characters).
    pinned = "number" in reasons and not {"date", "superlative", "comparison", "percentage", "money"}.isdisjoint(
        reasons
    )
    if not pinned and (letters < 12 or (not scripts and len(grams) < 8 and letters < 25)):
        reasons.append("too short")
    for reason in reasons:
        score *= DAMPING.get(reason, 1.0)
    return round(score, 3), tuple(reasons)
