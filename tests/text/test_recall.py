# ruff: noqa: E501
"""Issue 10: every check-worthy kind of sentence is a candidate in every script; site furniture never is."""

import pytest

from articles.text import analyse, extract_metadata, score_sentence, split_sentences
from articles.text.metadata import is_boilerplate_line

THRESHOLD = 0.5


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # a figure alone
        ("이는 비슷한 미국 모델의 추정 비용의 약 10분의 1 수준이다.", "number"),
        ("នេះប្រហែលមួយភាគដប់នៃតម្លៃដែលគេប៉ាន់ស្មានសម្រាប់ម៉ូដែលអាមេរិក។", "number"),
        ("บัตรผ่านแบบหนึ่งวันยังคงราคา 37 ดอลลาร์", "number"),
        # a date alone: a month, a year, a quarter or half of a year
        ("The minister visited the plant in September with a delegation of engineers.", "date"),
        ("The minister visited the plant in May with a delegation of engineers.", "date"),
        ("The plant closed last year after a long dispute.", "date"),
        ("루모라는 하반기에 휴대전화용 소형 버전을 내놓을 계획이다.", "date"),
        ("Lumora dự kiến ra mắt phiên bản nhỏ cho điện thoại vào nửa cuối năm nay.", "date"),
        ("ภาพยนตร์เรื่องนี้จะเข้าฉายในไตรมาสแรก", "date"),
        ("الوزير زار المصنع في سبتمبر مع وفد من المهندسين", "date"),
        ("工場は昨年、操業を停止した。", "date"),
        # reported speech alone
        ("陳氏は上海で記者団に対し、規制は「まったく私たちの足かせになっていない」と述べた。", "attribution"),
        ("그는 개방적인 라이선스도 한몫했다고 말했다.", "attribution"),
        ("他说，新机场使前往寺庙变得便捷得多。", "attribution"),
        ('وقال في مؤتمر صحفي في بانكوك: "كانت أسعارنا مرتفعة جدا بالنسبة للمشترين".', "attribution"),
        ("เฉินบอกกับผู้สื่อข่าวว่ามาตรการดังกล่าวไม่ได้ทำให้บริษัทช้าลง", "attribution"),
        # a superlative or a ranking alone
        ("ส่งผลให้เวียดนามแซงหน้าไทยขึ้นเป็นผู้ส่งออกอันดับสองของโลก", "superlative"),
        ("オープンソースのモデルが米メタの「Llama」を抜いた。", "superlative"),
        ("Vietnam overtook its neighbour in rice shipments.", "superlative"),
        ("វៀតណាមបានវ៉ាដាច់ថៃក្នុងការនាំចេញអង្ករ។", "superlative"),
        ("비나볼트가 중국 업체를 제치고 계약을 따냈다.", "superlative"),
        ("فيتنام تتجاوز تايلاند في صادرات الأرز", "superlative"),
        ("比亚迪的销量超越了特斯拉。", "superlative"),
        # a rank: the third largest
        ("루모라는 한국에서 세 번째로 큰 물류 로봇 업체다.", "superlative"),
        ("ルモラは国内で3番目に大きい物流ロボット企業だ。", "superlative"),
        ("鲁莫拉是国内第三大物流机器人企业。", "superlative"),
    ],
)
def test_every_kind_is_a_candidate_in_every_script(text, reason):
    score, reasons = score_sentence(text)
    assert reason in reasons
    assert score >= THRESHOLD


@pytest.mark.parametrize(
    "text",
    [
        # a weekday or a day-relative word alone is the colour of a report, not a date
        "The minister visited the plant on Thursday with a delegation of engineers.",
        "The mood in the old town was calm on Sunday evening.",
        "Residents cleared the streets yesterday as the water receded.",
        "Không khí ở khu chợ khá yên bình vào tối Chủ nhật.",
        "Người dân dọn dẹp đường phố hôm qua khi nước rút.",
        "บรรยากาศในตลาดค่อนข้างเงียบสงบในคืนวันอาทิตย์",
        "ชาวบ้านช่วยกันทำความสะอาดถนนเมื่อวานหลังน้ำลด",
        "日曜日の夜、町は落ち着いていた。",
        "일요일 저녁 시내는 평온했다.",
        "周日晚上，小镇一片平静。",
        "បរិយាកាសនៅផ្សារស្ងប់ស្ងាត់នៅល្ងាចថ្ងៃអាទិត្យ។",
        "كان الجو هادئا في السوق مساء الأحد.",
        # "may" and "march" as verbs
        "The new rules may change how farmers sell their rice.",
        "Thousands of students will march through the capital.",
        "Theresa May visited the port with a delegation of engineers.",
        # a promise to announce: nothing has been said yet
        "Các quan chức hứa sẽ công bố thêm thông tin.",
    ],
)
def test_a_weekday_a_vague_time_or_a_promise_alone_is_not_a_candidate(text):
    score, reasons = score_sentence(text)
    assert "date" not in reasons
    assert "attribution" not in reasons
    assert score < THRESHOLD


@pytest.mark.parametrize(
    "text",
    [
        "Officials said they would publish more details soon.",
        "有关部门表示将尽快公布更多细节。",
        "当局は近く詳しい情報を公表するとしている。",
    ],
)
def test_reported_intention_alone_is_not_a_candidate(text):
    score, reasons = score_sentence(text)
    assert reasons == ("attribution",)  # "the authorities" is no named organisation
    assert score < THRESHOLD


@pytest.mark.parametrize(
    "text",
    [
        "The ministry said it would cut the fuel tax by 5% from June.",
        "Lumora said it will open a plant in Da Nang.",
        "交通运输局表示将在2026年开通新航线。",
        "政府は来年度から消費税を引き上げる方針を示した。",
        # what was said about a fact, not an intention, is reported speech alone
        "市は、大雨の影響が広い範囲に出ているとしている。",
    ],
)
def test_reported_intention_with_a_fact_or_a_named_actor_is_a_candidate(text):
    score, reasons = score_sentence(text)
    assert "attribution" in reasons
    assert score >= THRESHOLD


@pytest.mark.parametrize(
    "text",
    [
        "3 people were injured on Sunday evening when the bridge collapsed.",
        "Hôm qua, 12 trường học phải đóng cửa vì lũ.",
        "เมื่อวานโรงเรียน 12 แห่งต้องปิดชั่วคราวเนื่องจากน้ำท่วม",
        "日曜日の夜、大雨の影響で12校が休校となった。",
    ],
)
def test_a_weekday_with_a_figure_dates_it(text):
    score, reasons = score_sentence(text)
    assert {"number", "date"} <= set(reasons)
    assert score > 0.5  # more than the figure alone


def test_reported_announcement_and_months_after_a_figure_still_count():
    assert "attribution" in score_sentence("Bộ Công Thương đã công bố số liệu mới.")[1]
    assert "attribution" in score_sentence("The ministry announced new figures.")[1]
    assert "date" in score_sentence("Theresa May visited the port on May 5.")[1]
    assert "date" in score_sentence("Les chiffres du 5 mai montrent une baisse.")[1]


@pytest.mark.parametrize(
    "text",
    [
        "Lumora plans to release a smaller version for mobile phones.",
        "Lumora also signed a partnership with Grab to test chatbots in Malaysia.",
        "Lumora គ្រោងនឹងចេញកំណែតូចសម្រាប់ទូរស័ព្ទដៃ។",
        "新会社はまず中国ルモラのモデルをもとにした試作版を病院向けに公開する予定だ。",
        "บริษัท Toyota ลงนามข้อตกลงกับรัฐบาลเพื่อสร้างโรงงานแห่งใหม่",
        "Hãng xe VinaVolt vừa ký hợp đồng cung cấp xe buýt điện cho Bangkok.",
        "阿普萨拉国家局计划限制登塔游客。",
        # The verb's base form after "will" or "to", and operating a service.
        "Norvik Ferries will launch a night service between Koh Kong and Sihanoukville.",
        "コーラル・フェリーはコッコン―シアヌークビル線を毎晩運航する。",
        "코랄페리 그룹은 콩콩∼시아누크빌 노선을 매일 운항한다.",
        # Opening a branch, an office, a plant for use.
        "บริษัท เมกองโซลาร์ เปิดใช้งานโรงไฟฟ้าแห่งใหม่ที่จังหวัดอุดรธานี",
        "ธนาคารซากุระ เปิดสาขาแห่งใหม่ที่เชียงใหม่",
        "ធនាគារ សាគូរ៉ា បើកសាខាថ្មីនៅខេត្តសៀមរាប។",
        # Buying and agreeing.
        "中国车企星途汽车已同意购买这家工厂的电池。",
        "ルモラ物流はこの工場の電池を購入することで合意した。",
        "루모라 그룹은 이 공장의 배터리를 구매하기로 합의했다.",
    ],
)
def test_a_named_organisation_acting_is_a_candidate(text):
    score, reasons = score_sentence(text)
    assert {"named entity", "action"} <= set(reasons)
    assert score >= THRESHOLD


@pytest.mark.parametrize(
    "text",
    [
        "The rise has surprised many developers outside China.",
        "Analysts caution that such figures are hard to verify.",
        "Sự vươn lên này khiến nhiều nhà phát triển bất ngờ.",
        "การเติบโตครั้งนี้สร้างความประหลาดใจให้นักพัฒนาจำนวนมาก",
    ],
)
def test_a_name_or_a_place_alone_is_not_a_candidate(text):
    score, _reasons = score_sentence(text)
    assert score < THRESHOLD


FURNITURE = {
    "th": [
        "อ่านต่อ",
        "อ่านต่อ: ผู้ผลิตชิปเร่งไล่ตาม",
        "แชร์",
        "แชร์ 35 ครั้ง",
        "ความคิดเห็น 12",
        "โฆษณา",
        "เรียบเรียงโดย ทีมข่าวเทคโนโลยี",
        "ขอบคุณภาพจาก VinaVolt",
        "อัปเดตล่าสุด 10 ก.พ. 2569 | 14:05 น.",
        "ติดตามเราได้ที่ Facebook",
        "แท็ก: นครวัด ท่องเที่ยว",
        "ทวีต",
        "ถูกใจ 71",
        "แชร์ไปยัง Facebook",
        "ฟังข่าว",
    ],
    "ja": [
        "コメント",
        "コメント（5）",
        "12コメント",
        "3件のコメント",
        "続きを読む",
        "シェア",
        "この記事をシェアする",
        "ツイート",
        "記者：田中美咲",
        "バンコク＝佐藤健一",
        "写真はロイター",
        "ビナボルト提供",
        "2026年1月6日 7時30分",
        "コメント 9件",
        "いいね！ 12",
        "Xでポスト",
        "保存",
        "この記事は有料会員限定です",
    ],
    "vi": [
        "Xem thêm:",
        "Xem thêm: Các hãng chip chạy đua",
        "Đọc thêm",
        "Chia sẻ",
        "18 bình luận",
        "Bình luận (2)",
        "Tin liên quan",
        "Theo Keo Vuthy (Siem Reap)",
        "Theo dõi chúng tôi trên Zalo",
        "In bài viết",
        "06/01/2026 07:30 GMT+7",
        "Thích 64",
        "Nghe bài viết",
        "Gửi ý kiến của bạn",
        "Bài viết cùng chủ đề",
    ],
    "km": [
        "អានបន្ត",
        "អានបន្ត៖ ក្រុមហ៊ុនផលិតបន្ទះឈីប",
        "ចែករំលែក",
        "ចែករំលែកអត្ថបទនេះ",
        "មតិ ៥",
        "មតិយោបល់ (៣)",
        "ដោយ៖ ចាន់ សុភា",
        "អត្ថបទ៖ សុខ ដារ៉ា",
        "បោះពុម្ព",
        "ចូលចិត្ត ១២",
        "ស្តាប់អត្ថបទ",
        "ព័ត៌មានទាក់ទង៖ ផ្លូវល្បឿនលឿនថ្មី",
        # Datelines without a time: a place, a weekday, the day, the month, the year.
        "សៀមរាប៖ ថ្ងៃច័ន្ទ ទី១២ ខែមករា ឆ្នាំ២០២៦",
        "ខេត្តកំពត ថ្ងៃសុក្រ ទី៣ ខែតុលា ឆ្នាំ២០២៥",
    ],
    "en": [
        "Read more",
        "Read more: China's chip makers race to catch up",
        "Share on Facebook",
        "24 comments",
        "Reporting by Nattapong Srisuk; Editing by Mark Evans",
        "REUTERS/Chalinee Thirasupa",
        "3 min read",
        "Published 07:30, 6 January 2026",
        "Updated: 10 February 2026",
        "Photo courtesy of VinaVolt",
        "Follow us on Facebook",
        "Listen to this article",
        "Save for later",
        "Phnom Penh, Thursday 7 May 2026",
        "Bangkok, 7 May 2026",
    ],
    "ko": [
        "김민준 기자",
        "댓글 7",
        "공유하기",
        "관련기사 더보기",
        "사진=루모라 제공",
        "저작권자 © 테크데일리 무단전재 및 재배포 금지",
        "공감 8",
        "기사 공유하기",
        "프린트",
    ],
    "zh": [
        "相关阅读",
        "分享到微信",
        "评论（2）",
        "本报记者 李明 暹粒报道",
        "点赞（12）",
        "打印本页",
        "图片来源：新华社",
    ],
    "ar": [
        "اقرأ أيضا",
        "شارك هذا المقال",
        "التعليقات (4)",
        "بانكوك - رويترز",
        "شارك على فيسبوك",
        "١٢ تعليقاً",
        "الصورة: وزارة النقل",
        "الأكثر قراءة",
        # A dateline whose month is written twice, Egyptian and Levantine, and "last updated".
        "الاثنين 12 أكتوبر/تشرين الأول 2026 - 18:40 ت.غ (آخر تحديث 19:15 ت.غ)",
        "الرياض - الخميس 7 مايو 2026",
    ],
}


@pytest.mark.parametrize(("language", "line"), [(lang, line) for lang, lines in FURNITURE.items() for line in lines])
def test_site_furniture_lines_are_recognised(language, line):
    assert is_boilerplate_line(line), (language, line)


@pytest.mark.parametrize(
    "line",
    [
        "Related companies reported higher sales in 2024, the ministry said.",
        "Share prices rose 6.5% on Monday.",
        "Updated figures show sales rose 12% in 2025.",
        "The court ruled the copyright claim invalid in 2024.",
        "แชร์ข้อมูลผู้ป่วยกว่า 2,000 รายถูกเปิดเผยโดยไม่ได้รับอนุญาตเมื่อวันจันทร์",
        "コメントを求められた同社は、2025年の売上高が前年比12%増えたと述べた。",
        "Bình luận về kết quả này, ông Khoa cho biết doanh số tăng 58%.",
        # A time, a weekday, a month and a year, and a sentence's words besides: not a dateline.
        "وافتتحت الشركة السوق في 09:05 يوم الخميس 7 مايو 2026",
        # A month and a year in a short line that says what happened then.
        "Sales rose in May 2026",
        "Exports fell 12% in March 2026",
        "ยอดขายรถยนต์ไฟฟ้าเพิ่มขึ้นในเดือนพฤษภาคม 2569",
        "ការនាំចេញអង្ករកើនឡើងក្នុងខែមករា ឆ្នាំ២០២៦",
    ],
)
def test_sentences_that_start_like_furniture_are_not_furniture(line):
    assert not is_boilerplate_line(line)


ARTICLES = {
    "th": "ข่าวเศรษฐกิจ\n\nสมาคมผู้ส่งออกข้าวไทยเปิดเผยว่า ปี 2568 ไทยส่งออกข้าว 7.5 ล้านตัน ลดลง 24% จากปีก่อนหน้า\n\nภาพ: รอยเตอร์\nอ่านต่อ\nแชร์ 35 ครั้ง\nความคิดเห็น 12\n",
    "ja": "記者：田中美咲\nコメント\n\nタイ精米輸出業者協会は火曜日、2025年の輸出量が前年比24%減の750万トンだったと発表した。\n\n写真はロイター\nこの記事をシェアする\n3件のコメント\n続きを読む\n",
    "vi": "Minh Anh\nChia sẻ\n\nHiệp hội cho biết Thái Lan đã xuất khẩu 7,5 triệu tấn gạo trong năm 2025, giảm 24% so với năm trước.\n\nẢnh: Reuters\nXem thêm: Các hãng chip chạy đua\n18 bình luận\nTin liên quan\n",
    "km": "ដោយ៖ ចាន់ សុភា\n\nសមាគមបាននិយាយថា ប្រទេសថៃបាននាំចេញអង្ករចំនួន ៧,៥ លានតោនក្នុងឆ្នាំ២០២៥។\n\nរូបភាព៖ រ៉យទ័រ\nចែករំលែកអត្ថបទនេះ\nអានបន្ថែម\nមតិ ៥\n",
}


@pytest.mark.parametrize("language", list(ARTICLES))
def test_boilerplate_is_never_a_candidate(language):
    body = ARTICLES[language]
    analysis = analyse(body)
    assert len(analysis.candidates) == 1
    (candidate,) = analysis.candidates
    assert "7" in candidate.text or "៧" in candidate.text
    furniture = [line for line in body.splitlines()[1:] if line and line != candidate.text]
    texts = {s.text for s in analysis.sentences}
    for line in furniture:
        assert line not in texts, line


def test_a_caption_with_its_credit_in_parentheses_is_boilerplate():
    body = "Khách sạn kín phòng dịp Tết, doanh thu tăng 31% so với năm 2024.\nDu khách ngắm bình minh ở Angkor Wat. (Ảnh: AP)\n"
    metadata = extract_metadata(body)
    caption = body.index("Du khách")
    assert any(start <= caption and body.index("(Ảnh") < end for start, end in metadata.boilerplate)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a year, then the next sentence
        (
            "สมาคมคาดว่าการส่งออกจะฟื้นตัวเป็น 8 ล้านตันในปี 2569 ด้านกระทรวงพาณิชย์ระบุว่าจะส่งคณะผู้แทนการค้าไปยังแอฟริกา",
            ["สมาคมคาดว่าการส่งออกจะฟื้นตัวเป็น 8 ล้านตันในปี 2569", "ด้านกระทรวงพาณิชย์ระบุว่าจะส่งคณะผู้แทนการค้าไปยังแอฟริกา"],
        ),
        # a figure and its unit stay together; "เทียบกับ" and "คิดเป็น" go on
        (
            "ในเดือนธันวาคม ข้าวขาวไทยมีราคาราว 520 ดอลลาร์ต่อตัน เทียบกับ 395 ดอลลาร์สำหรับข้าวเวียดนาม",
            ["ในเดือนธันวาคม ข้าวขาวไทยมีราคาราว 520 ดอลลาร์ต่อตัน เทียบกับ 395 ดอลลาร์สำหรับข้าวเวียดนาม"],
        ),
        (
            "ฟิลิปปินส์ยังคงเป็นผู้ซื้อข้าวเวียดนามรายใหญ่ที่สุด คิดเป็น 45% ของการส่งออกทั้งหมด",
            ["ฟิลิปปินส์ยังคงเป็นผู้ซื้อข้าวเวียดนามรายใหญ่ที่สุด คิดเป็น 45% ของการส่งออกทั้งหมด"],
        ),
        # a quotation and its speaker stay together, and what follows is a new sentence
        (
            'นายวิชัยกล่าวว่า กรมได้เตรียมเครื่องสูบน้ำไว้แล้ว 350 เครื่อง "เราพร้อมช่วยเหลือประชาชนตลอด 24 ชั่วโมง" นายวิชัยกล่าว ขณะเดียวกัน โรงเรียนหลายแห่งในอำเภอหาดใหญ่ประกาศปิดเรียนชั่วคราว',
            [
                "นายวิชัยกล่าวว่า กรมได้เตรียมเครื่องสูบน้ำไว้แล้ว 350 เครื่อง",
                '"เราพร้อมช่วยเหลือประชาชนตลอด 24 ชั่วโมง" นายวิชัยกล่าว',
                "ขณะเดียวกัน โรงเรียนหลายแห่งในอำเภอหาดใหญ่ประกาศปิดเรียนชั่วคราว",
            ],
        ),
        # a Thai abbreviation's full stop ends no sentence
        (
            "การท่าอากาศยานแห่งประเทศไทย (ทอท.) รายงานว่ามีผู้โดยสาร 5.1 ล้านคนในเดือนตุลาคม",
            ["การท่าอากาศยานแห่งประเทศไทย (ทอท.) รายงานว่ามีผู้โดยสาร 5.1 ล้านคนในเดือนตุลาคม"],
        ),
        # a list "A B และ C" and a name "โดยเฉิน อวี่ถง" stay in their sentence
        (
            "ประชาชนควรติดตามประกาศอย่างใกล้ชิด โดยเฉพาะในจังหวัดนครศรีธรรมราช สุราษฎร์ธานี และสงขลา",
            ["ประชาชนควรติดตามประกาศอย่างใกล้ชิด โดยเฉพาะในจังหวัดนครศรีธรรมราช สุราษฎร์ธานี และสงขลา"],
        ),
        (
            "Lumora ก่อตั้งเมื่อปี 2564 โดยเฉิน อวี่ถง อดีตวิศวกรของ Alibaba ปัจจุบันมีพนักงานราว 300 คน",
            ["Lumora ก่อตั้งเมื่อปี 2564 โดยเฉิน อวี่ถง อดีตวิศวกรของ Alibaba ปัจจุบันมีพนักงานราว 300 คน"],
        ),
        # "according to <source>" opens the statement that follows it, and a new sentence still starts after it
        (
            "ตามรายงานของสำนักงานสถิติแห่งชาติ อัตราการว่างงานในจังหวัดลดลงเหลือร้อยละ 2.1 เมื่อปีที่แล้ว ขณะเดียวกัน โรงงานหลายแห่งประกาศรับพนักงานเพิ่ม",
            [
                "ตามรายงานของสำนักงานสถิติแห่งชาติ อัตราการว่างงานในจังหวัดลดลงเหลือร้อยละ 2.1 เมื่อปีที่แล้ว",
                "ขณะเดียวกัน โรงงานหลายแห่งประกาศรับพนักงานเพิ่ม",
            ],
        ),
    ],
)
def test_thai_segmentation(text, expected):
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    assert all(text[s.start : s.end] == s.text for s in sentences)
