"""Fill a database fast with realistic newsroom data, for benchmarks (not for tests of behaviour).

    from django.db import connection
    from benchmarks.bulk import fill
    fill(connection, 100_000, 1_000_000, seed=1)

Everything goes in through PostgreSQL COPY (psycopg 3 ``cursor.copy``), a chunk of articles at a
time with their claims, evidence, history events and verdicts, each chunk in its own transaction
when the connection is in autocommit mode (Django's default outside `atomic`); otherwise everything
stays in the caller's transaction (as savepoints), for the caller to commit or roll back.
The rows obey the schema and the editorial rules: claim spans point at the sentence in the article
body; only accepted claims carry verdicts; a verified claim has a supporting source and a disputed
one a refuting source; verdicts are append-only history and the claim's status, status date and
review-by date are those of its latest verdict. Ids are assigned here and the sequences moved past
them at the end; then VACUUM (ANALYZE). For big fills the secondary indexes are dropped and rebuilt once.

The texts are written for this project: a few kB per article in Thai, Vietnamese, Japanese, Khmer,
Arabic, Korean or English, built from sentence templates with figures, places and names.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import random
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import psycopg

UTC = datetime.UTC

ARTICLE_COLUMNS = (
    "id, title, body, language, language_source, url, publisher, published, content_hash, imported_by_id, "
    "created_at, updated_at"
)
CLAIM_COLUMNS = (
    "id, article_id, text, span_start, span_end, language, checkworthiness, reasons, origin, triage, status, "
    "status_changed_at, review_by, claimant, assignee_id, match_signals, version, created_by_id, created_at, "
    "updated_at"
)
SOURCE_COLUMNS = "id, url, title, publisher, published, archived_url, added_by_id, created_at"
EVIDENCE_COLUMNS = "id, claim_id, source_id, stance, quote, note, linked_by_id, created_at"
VERDICT_COLUMNS = "id, claim_id, status, rationale, review_by, editor_id, created_at"
EVENT_COLUMNS = "id, claim_id, kind, actor_id, details, created_at"

# The tables a fill writes to, parents first.
TABLES = (
    "articles_article",
    "articles_claim",
    "articles_source",
    "articles_evidence",
    "articles_verdict",
    "articles_claimevent",
)


def _nfc(items: list[str]) -> list[str]:
    return [unicodedata.normalize("NFC", s) for s in items]


@dataclass
class Language:
    code: str
    joiner: str  # between sentences
    places: list[str]
    orgs: list[str]
    people: list[str]
    titles: list[str]
    claims: list[str]  # check-worthy sentences with figures
    fillers: list[str]  # context without figures
    closing: str  # a last line naming the report number, which makes every body unique
    publishers: list[tuple[str, str]] = field(default_factory=list)  # (name, domain)
    buddhist_era: bool = False

    def __post_init__(self) -> None:
        for name in ("places", "orgs", "people", "titles", "claims", "fillers"):
            setattr(self, name, _nfc(getattr(self, name)))
        self.closing = unicodedata.normalize("NFC", self.closing)


LANGUAGES: dict[str, Language] = {
    "en": Language(
        code="en",
        joiner=" ",
        places=["Bangkok", "Phnom Penh", "Hanoi", "Osaka", "Amman", "Busan", "Chiang Mai", "Da Nang"],
        orgs=["The health ministry", "The statistics office", "The central bank", "A local charity"],
        people=["Minister Arun Sakdi", "Governor Lim Seng", "Dr Nguyen Thi Hoa", "Mayor Sarah Okafor"],
        titles=[
            "{place} publishes new figures on schools and jobs",
            "Questions over official statistics in {place}",
            "What the {year} budget for {place} really says",
            "Floods, wages and exports: the week in {place}",
        ],
        claims=[
            "{org} said {n} schools in {place} reopened after the floods.",
            "Unemployment in {place} fell to {pct} per cent in {year}, according to official data.",
            "{org} reported {n} new cases of dengue fever last month.",
            "The new bridge cost {n} million dollars, twice the original estimate.",
            "{person} told reporters that rice exports rose by {pct} per cent compared with {year}.",
            "About {n} households in {place} still have no electricity, the utility company said.",
            "The city council approved a budget of {n} million for public transport in {year}.",
            "Police said {n} people were arrested during the weekend protests in {place}.",
            "The average monthly wage in {place} reached {n} dollars in {year}.",
            "{org} estimates that {pct} per cent of the coastline near {place} is eroding.",
        ],
        fillers=[
            "Residents interviewed on Tuesday described long queues at the district office.",
            "The figures could not be independently confirmed.",
            "Opposition lawmakers have asked for a full inquiry.",
            "The report is expected to be debated in parliament next week.",
            "Several economists questioned the method behind the estimate.",
            "Officials declined to comment further.",
        ],
        closing="(Dispatch no. {ref}.)",
        publishers=[("The Morning Ledger", "morningledger.example"), ("Coastline Post", "coastlinepost.example")],
    ),
    "th": Language(
        code="th",
        joiner=" ",
        places=["กรุงเทพมหานคร", "เชียงใหม่", "ขอนแก่น", "ภูเก็ต", "หาดใหญ่", "นครราชสีมา"],
        orgs=["กระทรวงสาธารณสุข", "สำนักงานสถิติแห่งชาติ", "ธนาคารแห่งประเทศไทย", "กรมควบคุมโรค"],
        people=["นายสมชาย ใจดี", "นางสาววิไล รัตนา", "ผู้ว่าราชการจังหวัด", "รัฐมนตรีว่าการกระทรวงพาณิชย์"],
        titles=[
            "{place}เผยตัวเลขใหม่ด้านการศึกษาและการจ้างงาน",
            "ตั้งคำถามต่อสถิติของ{org}",
            "เจาะงบประมาณปี {year} ของ{place}",
            "น้ำท่วม ค่าจ้าง และการส่งออก: สรุปข่าวสัปดาห์นี้ใน{place}",
        ],
        claims=[
            "{org}ระบุว่ามีผู้ป่วยไข้เลือดออกรายใหม่ {n} รายในเดือนที่ผ่านมา",
            "อัตราการว่างงานใน{place}ลดลงเหลือร้อยละ {pct} ในปี {year}",
            "{person}กล่าวว่าการส่งออกข้าวเพิ่มขึ้นร้อยละ {pct} เมื่อเทียบกับปี {year}",
            "โรงเรียน {n} แห่งใน{place}กลับมาเปิดการเรียนการสอนหลังน้ำท่วม",
            "สะพานแห่งใหม่ใช้งบประมาณ {n} ล้านบาท สูงกว่าที่ประมาณการไว้สองเท่า",
            "ตำรวจระบุว่ามีผู้ถูกจับกุม {n} คนระหว่างการชุมนุมใน{place}เมื่อสุดสัปดาห์",
            "ค่าจ้างเฉลี่ยต่อเดือนใน{place}อยู่ที่ {n} บาทในปี {year}",
            "ประชาชนประมาณ {n} ครัวเรือนใน{place}ยังไม่มีไฟฟ้าใช้ ตามข้อมูลของการไฟฟ้าส่วนภูมิภาค",
            "สภาเมืองอนุมัติงบประมาณ {n} ล้านบาทสำหรับระบบขนส่งสาธารณะของ{place}",
        ],
        fillers=[
            "ชาวบ้านที่ให้สัมภาษณ์เล่าว่าต้องรอคิวนานที่สำนักงานเขต",
            "ตัวเลขดังกล่าวยังไม่ได้รับการยืนยันจากแหล่งข่าวอิสระ",
            "ฝ่ายค้านเรียกร้องให้มีการตรวจสอบอย่างละเอียด",
            "นักเศรษฐศาสตร์หลายคนตั้งข้อสงสัยเกี่ยวกับวิธีการคำนวณ",
            "เจ้าหน้าที่ปฏิเสธที่จะให้ความเห็นเพิ่มเติม",
        ],
        closing="(รายงานหมายเลข {ref})",
        publishers=[("ข่าวเช้าวันนี้", "khaochao.example"), ("เสียงอีสาน", "siangisan.example")],
        buddhist_era=True,
    ),
    "vi": Language(
        code="vi",
        joiner=" ",
        places=["Hà Nội", "Thành phố Hồ Chí Minh", "Đà Nẵng", "Huế", "Cần Thơ", "Hải Phòng"],
        orgs=["Bộ Y tế", "Tổng cục Thống kê", "Ngân hàng Nhà nước", "Sở Giáo dục và Đào tạo"],
        people=["Ông Nguyễn Văn Minh", "Bà Trần Thị Lan", "Chủ tịch UBND thành phố", "Thứ trưởng Lê Quang Huy"],
        titles=[
            "{place} công bố số liệu mới về trường học và việc làm",
            "Nghi vấn quanh số liệu của {org}",
            "Ngân sách năm {year} của {place} thực sự nói gì",
            "Lũ lụt, tiền lương và xuất khẩu: một tuần ở {place}",
        ],
        claims=[
            "{org} cho biết có {n} ca sốt xuất huyết mới trong tháng trước.",
            "Tỷ lệ thất nghiệp ở {place} giảm xuống còn {pct}% trong năm {year}.",
            "{person} nói rằng xuất khẩu gạo tăng {pct}% so với năm {year}.",
            "Có {n} trường học ở {place} đã mở cửa trở lại sau lũ lụt.",
            "Cây cầu mới có chi phí {n} tỷ đồng, gấp đôi dự toán ban đầu.",
            "Công an cho biết {n} người đã bị bắt giữ trong cuộc biểu tình cuối tuần ở {place}.",
            "Thu nhập bình quân hằng tháng ở {place} đạt {n} nghìn đồng trong năm {year}.",
            "Khoảng {n} hộ gia đình ở {place} vẫn chưa có điện, theo công ty điện lực.",
        ],
        fillers=[
            "Người dân cho biết họ phải xếp hàng rất lâu tại trụ sở phường.",
            "Các số liệu này chưa được kiểm chứng độc lập.",
            "Nhiều chuyên gia kinh tế đặt câu hỏi về phương pháp tính toán.",
            "Các quan chức từ chối bình luận thêm.",
            "Báo cáo dự kiến sẽ được Quốc hội thảo luận vào tuần tới.",
        ],
        closing="(Bản tin số {ref}.)",
        publishers=[("Tin Sáng", "tinsang.example"), ("Báo Sông Hàn", "baosonghan.example")],
    ),
    "ja": Language(
        code="ja",
        joiner="",
        places=["東京都", "大阪市", "福岡市", "札幌市", "那覇市", "名古屋市"],
        orgs=["厚生労働省", "総務省統計局", "日本銀行", "市教育委員会"],
        people=["田中大臣", "佐藤知事", "山本市長", "鈴木議員"],
        titles=[
            "{place}、学校と雇用の新たな数字を発表",
            "{org}の統計に疑問の声",
            "{place}の{year}年度予算を読み解く",
            "洪水・賃金・輸出：{place}の一週間",
        ],
        claims=[
            "{org}によると、先月の新規感染者数は{n}人だった。",
            "{place}の失業率は{year}年に{pct}％まで低下した。",
            "{person}は、コメの輸出が{year}年と比べて{pct}％増えたと述べた。",
            "{place}では洪水の後、{n}校が授業を再開した。",
            "新しい橋の建設費は{n}億円で、当初の見積もりの2倍となった。",
            "警察によると、{place}での週末のデモで{n}人が逮捕された。",
            "{place}の平均月収は{year}年に{n}千円に達した。",
            "電力会社によると、{place}では約{n}世帯で今も停電が続いている。",
        ],
        fillers=[
            "住民からは区役所で長時間待たされたとの声が上がっている。",
            "これらの数字は独自に確認されていない。",
            "野党は詳しい調査を求めている。",
            "複数の経済学者が推計の方法に疑問を呈した。",
            "当局者はそれ以上のコメントを控えた。",
        ],
        closing="（記事番号{ref}）",
        publishers=[("朝の報知", "asahochi.example"), ("西日本ウィークリー", "nishinihon-weekly.example")],
    ),
    "km": Language(
        code="km",
        joiner=" ",
        places=["ភ្នំពេញ", "សៀមរាប", "បាត់ដំបង", "កំពត", "ព្រះសីហនុ"],
        orgs=["ក្រសួងសុខាភិបាល", "វិទ្យាស្ថានជាតិស្ថិតិ", "ធនាគារជាតិនៃកម្ពុជា"],
        people=["លោករដ្ឋមន្ត្រី សុខ ចាន់", "អភិបាលខេត្ត", "លោកស្រី ម៉ៅ ស្រីពៅ"],
        titles=[
            "{place} ប្រកាសតួលេខថ្មីអំពីសាលារៀន និងការងារ",
            "ចម្ងល់លើស្ថិតិរបស់{org}",
            "ថវិកាឆ្នាំ {year} របស់{place}",
        ],
        claims=[
            "{org}បានឱ្យដឹងថា មានអ្នកជំងឺគ្រុនឈាមថ្មីចំនួន {n} នាក់ កាលពីខែមុន។",
            "អត្រាគ្មានការងារធ្វើនៅ{place}បានធ្លាក់ចុះមកត្រឹម {pct} ភាគរយ ក្នុងឆ្នាំ {year}។",
            "{person}បាននិយាយថា ការនាំចេញអង្ករបានកើនឡើង {pct} ភាគរយ បើធៀបនឹងឆ្នាំ {year}។",
            "សាលារៀនចំនួន {n} នៅ{place}បានបើកដំណើរការឡើងវិញ បន្ទាប់ពីទឹកជំនន់។",
            "ស្ពានថ្មីនេះចំណាយថវិកាអស់ {n} លានដុល្លារ ដែលលើសពីការប៉ាន់ស្មានដើមពីរដង។",
            "ប៉ូលិសបានឱ្យដឹងថា មនុស្ស {n} នាក់ត្រូវបានចាប់ខ្លួន ក្នុងអំឡុងបាតុកម្មនៅ{place}។",
            "គ្រួសារប្រមាណ {n} នៅ{place}នៅតែគ្មានអគ្គិសនីប្រើប្រាស់ នេះបើតាមក្រុមហ៊ុនអគ្គិសនី។",
        ],
        fillers=[
            "ប្រជាពលរដ្ឋបាននិយាយថា ពួកគេត្រូវរង់ចាំយូរនៅសាលាសង្កាត់។",
            "តួលេខទាំងនេះមិនទាន់ត្រូវបានផ្ទៀងផ្ទាត់ដោយឯករាជ្យនៅឡើយទេ។",
            "មន្ត្រីបានបដិសេធមិនផ្តល់មតិបន្ថែម។",
        ],
        closing="(របាយការណ៍លេខ {ref})",
        publishers=[("ព័ត៌មានមេគង្គ", "mekongnews.example")],
    ),
    "ar": Language(
        code="ar",
        joiner=" ",
        places=["عمّان", "القاهرة", "بيروت", "الدوحة", "الرباط", "تونس"],
        orgs=["وزارة الصحة", "دائرة الإحصاءات العامة", "البنك المركزي", "مديرية التربية"],
        people=["الوزير خالد العمري", "المحافظ سامي حداد", "النائب فادي الخطيب"],
        titles=[
            "{place} تنشر أرقاماً جديدة عن المدارس والوظائف",
            "تساؤلات حول إحصاءات {org}",
            "ماذا تقول موازنة {place} لعام {year}؟",
        ],
        claims=[
            "وبحسب {org}، سُجّلت {n} إصابة جديدة بحمّى الضنك الشهر الماضي.",
            "انخفض معدل البطالة في {place} إلى {pct} في المئة عام {year}.",
            "قال {person} إن صادرات الأرز ارتفعت بنسبة {pct} في المئة مقارنة بعام {year}.",
            "أعادت {n} مدرسة في {place} فتح أبوابها بعد الفيضانات.",
            "بلغت كلفة الجسر الجديد {n} مليون دينار، أي ضعف التقدير الأولي.",
            "قالت الشرطة إنها اعتقلت {n} شخصاً خلال احتجاجات نهاية الأسبوع في {place}.",
            "بلغ متوسط الأجر الشهري في {place} {n} ديناراً عام {year}.",
            "وبحسب شركة الكهرباء، لا تزال نحو {n} أسرة في {place} بلا كهرباء.",
        ],
        fillers=[
            "وقال سكان إنهم انتظروا ساعات طويلة أمام مكتب البلدية.",
            "ولم يتسنَّ التحقق من هذه الأرقام بشكل مستقل.",
            "وطالبت المعارضة بإجراء تحقيق شامل.",
            "وشكك عدد من الاقتصاديين في طريقة احتساب التقديرات.",
            "ورفض المسؤولون الإدلاء بمزيد من التعليقات.",
        ],
        closing="(تقرير رقم {ref})",
        publishers=[("صحيفة الصباح", "alsabah.example"), ("أخبار الساحل", "sahelnews.example")],
    ),
    "ko": Language(
        code="ko",
        joiner=" ",
        places=["서울", "부산", "대구", "인천", "광주", "제주"],
        orgs=["보건복지부", "통계청", "한국은행", "시 교육청"],
        people=["김 장관", "박 시장", "최 의원"],
        titles=[
            "{place}, 학교·고용 관련 새 수치 발표",
            "{org} 통계에 의문 제기",
            "{place}의 {year}년 예산을 들여다보니",
        ],
        claims=[
            "{org}에 따르면 지난달 신규 환자는 {n}명이었다.",
            "{place}의 실업률은 {year}년 {pct}%로 떨어졌다.",
            "{person}은 쌀 수출이 {year}년 대비 {pct}% 증가했다고 말했다.",
            "{place}에서는 홍수 이후 학교 {n}곳이 수업을 재개했다.",
            "새 다리의 건설비는 {n}억 원으로 당초 예상의 두 배에 달했다.",
            "경찰은 {place} 주말 시위에서 {n}명이 체포됐다고 밝혔다.",
            "{place}의 월평균 임금은 {year}년 {n}만 원에 이르렀다.",
            "전력 회사에 따르면 {place}에서 약 {n}가구가 여전히 정전 상태다.",
        ],
        fillers=[
            "주민들은 구청에서 오래 기다려야 했다고 전했다.",
            "이 수치는 독립적으로 확인되지 않았다.",
            "야당은 철저한 조사를 요구했다.",
            "여러 경제학자가 추정 방식에 의문을 제기했다.",
            "당국은 추가 논평을 거부했다.",
        ],
        closing="(기사 번호 {ref})",
        publishers=[("아침신문", "achimnews.example"), ("남해일보", "namhae.example")],
    ),
}

# Share of articles per language.
LANGUAGE_WEIGHTS = {"th": 25, "en": 18, "vi": 15, "ja": 12, "km": 10, "ar": 10, "ko": 10}

SOURCE_TITLES = [
    "Annual labour force survey {year}",
    "Dengue surveillance bulletin, week {n}",
    "Public works budget {year}: line items",
    "รายงานสถิติแรงงานประจำปี {year}",
    "Báo cáo kinh tế - xã hội năm {year}",
    "{year}年 労働力調査 結果の概要",
    "التقرير الإحصائي السنوي {year}",
    "{year}년 경제활동인구조사",
    "របាយការណ៍សុខាភិបាលឆ្នាំ {year}",
]
SOURCE_SITES = [
    ("National Statistics Office", "stats.example.org"),
    ("Ministry of Health", "health.example.gov"),
    ("Regional Development Bank", "rdb.example.org"),
    ("Open Budget Watch", "budgetwatch.example.net"),
]
REASONS = ["number", "percentage", "named source", "comparison", "year", "money"]
QUOTES = [
    "Table 4 gives a different total for the same year.",
    "The bulletin lists the weekly counts by province.",
    "ตัวเลขในตารางที่ 2 ตรงกับที่อ้างถึง",
    "Bảng 3 cho thấy con số khác.",
    "表2の数値と一致する。",
    "",
]
RATIONALES = {
    "verified": [
        "The official report for {year} gives the same figure.",
        "Matches the statistics office table and the ministry's own release.",
        "ตัวเลขตรงกับรายงานทางการ",
    ],
    "disputed": [
        "The official data for {year} give a figure about a third lower.",
        "The cited report does not contain this number; the ministry's table says otherwise.",
        "Số liệu chính thức khác với con số được nêu.",
    ],
    "outdated": [
        "A revised report published later replaced this figure.",
        "The statistics office corrected the {year} series since; the claim used the old estimate.",
    ],
}
BENCH_USERS = ["bench_editor_1", "bench_editor_2", "bench_editor_3", "bench_editor_4", "bench_editor_5"]


def _psycopg_connection(connection):
    """Accept a Django connection wrapper or a psycopg connection."""
    if hasattr(connection, "ensure_connection"):
        connection.ensure_connection()
        return connection.connection
    return connection


def _ensure_users(conn) -> list[int]:
    """Editors to assign claims and sign verdicts; they cannot log in (unusable password)."""
    now = datetime.datetime.now(UTC)
    with conn.transaction(), conn.cursor() as cur:
        for username in BENCH_USERS:
            cur.execute(
                "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff, "
                "is_active, date_joined) VALUES ('!bench', false, %s, '', '', '', false, true, %s) "
                "ON CONFLICT (username) DO NOTHING",
                [username, now],
            )
        cur.execute("SELECT id FROM auth_user WHERE username = ANY(%s) ORDER BY id", [BENCH_USERS])
        ids = [row[0] for row in cur.fetchall()]
        cur.execute(
            "INSERT INTO auth_user_groups (user_id, group_id) SELECT u.id, g.id FROM auth_user u, auth_group g "
            "WHERE u.id = ANY(%s) AND g.name = 'editors' ON CONFLICT DO NOTHING",
            [ids],
        )
    return ids


def _next_id(cur, table: str) -> int:
    cur.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
    return cur.fetchone()[0]


@contextmanager
def _secondary_indexes_dropped(conn, tables: tuple[str, ...]) -> Iterator[None]:
    """Drop indexes that back no constraint (they are cheaper to build once than to update per row).

    They are rebuilt even when the fill fails; only a killed process leaves them out, and then the
    benchmark database is best dropped and filled again."""
    with conn.transaction(), conn.cursor() as cur:
        cur.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
            "AND i.tablename = ANY(%s) AND NOT EXISTS ("
            "  SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.indexname))::regclass)",
            [list(tables)],
        )
        indexes = cur.fetchall()
        for name, _ in indexes:
            cur.execute(f'DROP INDEX IF EXISTS "{name}"')
    try:
        yield
    finally:
        with conn.transaction(), conn.cursor() as cur:
            cur.execute("SET maintenance_work_mem = '512MB'")
            for _, definition in indexes:
                cur.execute(definition)


class _Generator:
    """Rows of articles and sources, varied by a seeded random generator."""

    def __init__(self, rng: random.Random, users: list[int], now: datetime.datetime):
        self.rng = rng
        self.users = users
        self.now = now
        codes = list(LANGUAGE_WEIGHTS)
        self.language_cycle = [LANGUAGES[c] for c in rng.choices(codes, weights=LANGUAGE_WEIGHTS.values(), k=4096)]

    def values(self, lang: Language) -> dict:
        r = self.rng
        year = r.randint(2019, 2026)
        n = r.choice((r.randint(3, 99), r.randint(100, 9999), r.randint(10_000, 250_000)))
        return {
            "n": f"{n:,}" if lang.code in {"en", "ko"} else str(n),
            "pct": f"{r.randint(1, 40)}.{r.randint(0, 9)}",
            "year": str(year + 543 if lang.buddhist_era else year),
            "place": r.choice(lang.places),
            "org": r.choice(lang.orgs),
            "person": r.choice(lang.people),
        }

    def article(self, article_id: int):
        """(COPY row, language, [(sentence, start, end, is check-worthy)] without the closing line, created_at)"""
        r = self.rng
        lang = self.language_cycle[article_id % len(self.language_cycle)]
        count = r.randint(18, 30)
        sentences = []
        for _ in range(count):
            if r.random() < 0.6:
                sentences.append((r.choice(lang.claims).format(**self.values(lang)), True))
            else:
                sentences.append((r.choice(lang.fillers), False))
        sentences.append((lang.closing.format(ref=article_id), False))
        parts, spans, offset = [], [], 0
        for i, (text, is_claim) in enumerate(sentences):
            if i:
                # A paragraph break every few sentences, as in a real article.
                sep = "\n\n" if i % 4 == 0 else lang.joiner
                parts.append(sep)
                offset += len(sep)
            parts.append(text)
            if i < len(sentences) - 1:
                spans.append((text, offset, offset + len(text), is_claim))
            offset += len(text)
        body = "".join(parts)
        created = self.now - datetime.timedelta(seconds=r.randint(3600, 730 * 86400))
        published = (created - datetime.timedelta(days=r.randint(0, 20))).date() if r.random() < 0.85 else None
        publisher, domain = r.choice(lang.publishers)
        pasted = r.random() < 0.2
        row = (
            article_id,
            r.choice(lang.titles).format(**self.values(lang)),
            body,
            lang.code,
            "detected" if r.random() < 0.9 else "editor",
            "" if pasted else f"https://{domain}/news/{created:%Y/%m}/{article_id}",
            publisher,
            published,
            hashlib.sha256(body.encode("utf-8")).hexdigest(),
            r.choice(self.users) if r.random() < 0.7 else None,
            created,
            created,
        )
        return row, lang, spans, created

    def source(self, source_id: int):
        r = self.rng
        year = r.randint(2018, 2026)
        site, domain = r.choice(SOURCE_SITES)
        # Sources were published before any claim of the fill (which go back two years) cites them.
        created = self.now - datetime.timedelta(seconds=r.randint(731 * 86400, 900 * 86400))
        return (
            source_id,
            f"https://{domain}/reports/{year}/{source_id}",
            r.choice(SOURCE_TITLES).format(year=year, n=r.randint(1, 52)),
            site,
            datetime.date(year, r.randint(1, 12), r.randint(1, 28)) if r.random() < 0.8 else None,
            f"https://archive.example.org/{source_id}" if r.random() < 0.3 else "",
            r.choice(self.users),
            created,
        )


def fill(
    connection,
    n_articles: int,
    n_claims: int,
    *,
    sources_per_claim: tuple[int, int] = (0, 3),
    verdict_share: float = 0.3,
    seed: int = 1,
    n_sources: int | None = None,
    events: bool = True,
    chunk_articles: int = 2000,
    rebuild_indexes: bool | None = None,
    progress: bool = False,
) -> dict[str, int | float]:
    """Add `n_articles` articles and `n_claims` claims (with sources, evidence, verdicts) to the database.

    `connection` is a Django connection (``django.db.connection``) or a psycopg 3 connection.
    `sources_per_claim` is the inclusive range of evidence links per claim; `verdict_share` the share
    of claims with at least one verdict. Returns the number of rows written per table and the seconds.
    """
    started = time.perf_counter()
    conn = _psycopg_connection(connection)
    if not conn.autocommit and conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
        # The caller's transaction (Django's atomic, a test) may not have sent anything yet: begin it,
        # so that every block below nests in it as a savepoint and the caller decides to commit.
        conn.execute("SELECT 1")
    rng = random.Random(seed)
    now = datetime.datetime.now(UTC).replace(microsecond=0)
    users = _ensure_users(conn)
    n_sources = n_sources if n_sources is not None else max(50, n_claims // 8)
    if rebuild_indexes is None:
        rebuild_indexes = n_claims >= 200_000
    counts = dict.fromkeys(("articles", "claims", "sources", "evidence", "verdicts", "events"), 0)
    gen = _Generator(rng, users, now)
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SET synchronous_commit = off")
        article_id = _next_id(cur, "articles_article")
        claim_id = _next_id(cur, "articles_claim")
        source_id = _next_id(cur, "articles_source")
        evidence_id = _next_id(cur, "articles_evidence")
        verdict_id = _next_id(cur, "articles_verdict")
        event_id = _next_id(cur, "articles_claimevent")

    index_context = _secondary_indexes_dropped(conn, TABLES) if rebuild_indexes else _nothing()
    with index_context:
        # Sources first: evidence points at them.
        first_source = source_id
        source_labels: list[tuple[str, str]] = []  # (url, title), for the history events
        with (
            conn.transaction(),
            conn.cursor() as cur,
            cur.copy(f"COPY articles_source ({SOURCE_COLUMNS}) FROM STDIN") as copy,
        ):
            for sid in range(first_source, first_source + n_sources):
                row = gen.source(sid)
                source_labels.append((row[1], row[2]))
                copy.write_row(row)
        counts["sources"] = n_sources
        source_ids = range(first_source, first_source + n_sources)

        per_article, extra = divmod(n_claims, n_articles) if n_articles else (0, 0)
        done = 0
        while done < n_articles:
            size = min(chunk_articles, n_articles - done)
            articles, claims, evidence, verdicts, events_rows = [], [], [], [], []
            for k in range(size):
                row, lang, spans, created = gen.article(article_id)
                articles.append(row)
                want = per_article + (1 if done + k < extra else 0)
                # Check-worthy sentences first, then the rest; beyond that, editors' claims without a span.
                ordered = [s for s in spans if s[3]] + [s for s in spans if not s[3]]
                chosen = ordered[:want]
                rng.shuffle(chosen)
                for j in range(want):
                    if j < len(chosen):
                        text, start, end, is_claim = chosen[j]
                        origin = "extracted" if is_claim or rng.random() < 0.5 else "editor"
                    else:
                        text = lang.claims[j % len(lang.claims)].format(**gen.values(lang))
                        start = end = None
                        origin = "editor"
                    c_created = created + datetime.timedelta(seconds=1 + j)
                    roll = rng.random()
                    has_verdict = roll < verdict_share
                    if has_verdict:
                        triage = "accepted"
                    elif origin == "extracted":
                        triage = rng.choices(("candidate", "accepted", "dismissed"), weights=(5, 4, 1))[0]
                    else:
                        triage = "accepted"
                    # Evidence: sources_per_claim links, and the stance a verdict will need.
                    n_links = rng.randint(*sources_per_claim)
                    final = None
                    stances = [rng.choice(("supports", "refutes", "context")) for _ in range(n_links)]
                    if has_verdict:
                        final = rng.choices(("verified", "disputed", "outdated"), weights=(4, 4, 2))[0]
                        need = {"verified": "supports", "disputed": "refutes"}.get(final)
                        if need and need not in stances:
                            stances.append(need)
                    linked = rng.sample(source_ids, len(stances)) if stances else []
                    for stance, sid in zip(stances, linked, strict=True):
                        # Everything happens between the claim's creation and now, sources before verdicts.
                        e_created = c_created + (now - c_created) * rng.uniform(0.01, 0.3)
                        actor = rng.choice(users)
                        evidence.append((evidence_id, claim_id, sid, stance, rng.choice(QUOTES), "", actor, e_created))
                        evidence_id += 1
                        if events:
                            url, title = source_labels[sid - first_source]
                            details = json.dumps(
                                {"source_id": sid, "url": url, "title": title, "stance": stance}, ensure_ascii=False
                            )
                            events_rows.append((event_id, claim_id, "evidence_added", actor, details, e_created))
                            event_id += 1
                    status, changed, review_by = "unreviewed", None, None
                    if has_verdict:
                        allowed = {"outdated"} | {
                            {"supports": "verified", "refutes": "disputed"}[s] for s in stances if s != "context"
                        }
                        history = [rng.choice(sorted(allowed)) for _ in range(rng.choices((0, 1, 2), (6, 3, 1))[0])]
                        history.append(final)
                        times = sorted(c_created + (now - c_created) * rng.uniform(0.35, 1.0) for _ in history)
                        for v_status, when in zip(history, times, strict=True):
                            v_review = (
                                (now + datetime.timedelta(days=rng.randint(-200, 400))).date()
                                if rng.random() < 0.3
                                else None
                            )
                            rationale = rng.choice(RATIONALES[v_status]).format(year=rng.randint(2019, 2026))
                            verdicts.append(
                                (verdict_id, claim_id, v_status, rationale, v_review, rng.choice(users), when)
                            )
                            verdict_id += 1
                            status, changed, review_by = v_status, when, v_review
                    reasons = rng.sample(REASONS, rng.randint(1, 3)) if origin == "extracted" else []
                    # Figures as articles.matching writes them (#1250); names are left to the matching benchmark.
                    signals = [f"#{d.replace(',', '')}" for d in text.split() if d.replace(",", "").isdigit()][:4]
                    claims.append(
                        (
                            claim_id,
                            article_id,
                            text,
                            start,
                            end,
                            lang.code,
                            round(rng.random(), 3),
                            reasons,
                            origin,
                            triage,
                            status,
                            changed,
                            review_by,
                            rng.choice(lang.people + lang.orgs) if rng.random() < 0.6 else "",
                            rng.choice(users) if rng.random() < 0.2 else None,
                            signals,
                            1,
                            rng.choice(users) if origin == "editor" else None,
                            c_created,
                            changed or c_created,
                        )
                    )
                    claim_id += 1
                article_id += 1
            with conn.transaction(), conn.cursor() as cur:
                _copy(cur, "articles_article", ARTICLE_COLUMNS, articles)
                _copy(cur, "articles_claim", CLAIM_COLUMNS, claims)
                _copy(cur, "articles_evidence", EVIDENCE_COLUMNS, evidence)
                _copy(cur, "articles_verdict", VERDICT_COLUMNS, verdicts)
                _copy(cur, "articles_claimevent", EVENT_COLUMNS, events_rows)
            done += size
            counts["articles"] += len(articles)
            counts["claims"] += len(claims)
            counts["evidence"] += len(evidence)
            counts["verdicts"] += len(verdicts)
            counts["events"] += len(events_rows)
            if progress:
                print(
                    f"  {done:,}/{n_articles:,} articles, {counts['claims']:,} claims "
                    f"({time.perf_counter() - started:.0f} s)",
                    flush=True,
                )

    with conn.transaction(), conn.cursor() as cur:
        for table in TABLES:
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
    # VACUUM sets the visibility map (index-only scans) and ANALYZE the planner's statistics, as
    # autovacuum would do some time after a bulk load. VACUUM cannot run inside a transaction
    # block: inside one (a test's), ANALYZE alone.
    in_transaction = conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE
    autocommit = conn.autocommit
    if not in_transaction:
        conn.autocommit = True
    try:
        with conn.cursor() as cur:
            for table in TABLES:
                cur.execute(f"ANALYZE {table}" if in_transaction else f"VACUUM (ANALYZE) {table}")
    finally:
        if not in_transaction:
            conn.autocommit = autocommit
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


def _copy(cur, table: str, columns: str, rows: list[tuple]) -> None:
    if not rows:
        return
    with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


@contextmanager
def _nothing() -> Iterator[None]:
    yield
