"""Import speed: a generated multilingual corpus through the real import pipeline.

    make bench-import                     # or: .venv/bin/python -m benchmarks.import_bench --help

Writes --articles (default 1,200) articles of 2-15 kB as files (plain text, one in ten as HTML) in
eight languages (English, Vietnamese, Thai, Japanese, Chinese, Korean, Khmer, Arabic), built from
sentence templates written for this project and varied combinatorially (figures, places, names,
paragraph order, boilerplate lines).  Imports them with articles.importing.import_paths into a
fresh database (default postgresql://postgres@127.0.0.1:5432/factcheck_bench_import, dropped and
created again; --database-url or BENCH_IMPORT_DATABASE_URL), then prints:

- articles per second and milliseconds per article for each language: the pace of the import (wall
  time between one result and the next; import_paths analyses the next articles in another process
  while it stores one) and the article's own stages added up (its latency were it imported alone);
- the time of each stage: read (file, decode, HTML, normalise), language, sentences, scoring (the
  three in the analysis process), database, matching (match signals and suggestions of the new
  claims), and the CPU time of both processes;
- in the same run, the time langdetect alone takes on the same texts (detect_langs on each whole
  body, the way a caller would use it), and the ratio of the whole import to it.

Targets (issue 3): the whole import within 3x of langdetect alone, at least 25 articles/s, and no
language slower than 40 ms per article.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/factcheck_bench_import"
TARGET_RATIO = 3.0
TARGET_RATE = 25.0
TARGET_MS = 40.0

# --- the corpus ----------------------------------------------------------------------------------
# Per language: places, organisations, people, claim-like templates, other sentences, and how
# sentences are joined.  {n} {m} small numbers, {day} a day of the month, {big} a figure with
# thousands, {pct} a percentage, {year} a year, {money} an amount, {place} {org} {person} names.

CORPUS = {
    "en": {
        "places": ["Riverton", "Port Ellis", "Northfield", "Kingsbay", "Ashford Valley", "Lake Morrow"],
        "orgs": ["the Transport Ministry", "the Harbour Board", "Northfield Council", "the Statistics Office"],
        "people": ["Dr. Helen Park", "Mr. Samuel Ortiz", "Ms. Ruth Adeyemi", "Prof. Liam O'Connor"],
        "claims": [
            "{org} said {big} people used the new bridge in {place} during {year}, up {pct} from the year before.",
            "According to {org}, the project cost {money}, the largest sum spent in {place} since {year}.",
            "{person} told reporters that {n} schools in {place} had closed because of the floods.",
            "Unemployment in {place} fell to {pct} in March, the lowest level recorded by {org}.",
            "The U.S. embassy in {place} confirmed that {n} citizens had asked for help, e.g. with passports.",
            "Rents in {place} rose {pct} in {year}, more than in any other city, {org} estimated.",
        ],
        "other": [
            "Residents gathered near the old market as the rain eased.",
            "Many of them remembered earlier storms.",
            "Should the council have acted sooner?",
            "I think the city must plan better for the next season.",
            "The mood in {place} was calm on Sunday evening.",
            "Officials promised to publish more details soon.",
        ],
        "title": "{place}: {org} reports new figures",
        "source": "Source: https://news.example.org/en/{slug}",
        "credit": "Photo: Coastal Courier",
        "join": " ",
    },
    "vi": {
        "places": ["Cần Thơ", "Đà Nẵng", "Hải Phòng", "TP. Hồ Chí Minh", "Quảng Ninh", "An Giang"],
        "orgs": ["Bộ Công Thương", "Tổng cục Thống kê", "UBND thành phố", "Hiệp hội Lương thực"],
        "people": ["ông Nguyễn Văn Minh", "bà Trần Thị Lan", "TS. Lê Quang Huy", "ông Phạm Đức Anh"],
        "claims": [
            "Theo {org}, năm {year} có {big} lượt khách đến {place}, tăng {pct} so với năm trước.",
            "{org} cho biết tổng vốn của dự án ở {place} là {money}, cao nhất kể từ năm {year}.",
            "Ông {person} khẳng định {n} trường học ở {place} đã phải đóng cửa vì mưa lũ.",
            "Tỷ lệ thất nghiệp tại {place} giảm còn {pct} vào tháng 3, mức thấp nhất từ trước đến nay.",
            "Giá thuê nhà ở {place} tăng {pct} trong năm {year}, v.v. theo ước tính của {org}.",
            "Ngày {day}/6, {org} công bố {big} hộ dân ở {place} đã được hỗ trợ.",
        ],
        "other": [
            "Người dân tập trung gần chợ cũ khi mưa ngớt.",
            "Nhiều người vẫn nhớ những cơn bão trước đây.",
            "Liệu thành phố có hành động sớm hơn?",
            "Tôi nghĩ thành phố cần chuẩn bị tốt hơn cho mùa tới.",
            "Không khí ở {place} khá yên bình vào tối Chủ nhật.",
            "Các quan chức hứa sẽ công bố thêm thông tin.",
        ],
        "title": "{place}: số liệu mới từ {org}",
        "source": "Nguồn: https://news.example.org/vi/{slug}",
        "credit": "Ảnh: Minh Anh",
        "join": " ",
    },
    "th": {
        "places": ["เชียงใหม่", "ขอนแก่น", "ภูเก็ต", "นครราชสีมา", "สงขลา", "อุบลราชธานี"],
        "orgs": ["กระทรวงพาณิชย์", "สำนักงานสถิติแห่งชาติ", "การท่องเที่ยวแห่งประเทศไทย", "ธนาคารแห่งประเทศไทย"],
        "people": ["นายสมชาย ใจดี", "นางสาวพิมพ์ใจ ศรีสุข", "ดร.อนุชา วงศ์ไทย", "นายวีระ มั่นคง"],
        "claims": [
            "{org}เปิดเผยว่า ในปี {year} มีนักท่องเที่ยวเดินทางมา{place}จำนวน {big} คน เพิ่มขึ้นร้อยละ {n} จากปีก่อน",
            "{person} กล่าวว่า โครงการใน{place}ใช้งบประมาณ {big} ล้านบาท สูงที่สุดนับตั้งแต่ปี {year}",
            "ตามรายงานของ{org} อัตราการว่างงานใน{place}ลดลงเหลือร้อยละ {n} ต่ำที่สุดเป็นประวัติการณ์",
            "ราคาข้าวหอมมะลิใน{place}อยู่ที่ {big} บาทต่อตัน ในเดือนมีนาคม {year}",
            "โรงเรียน {n} แห่งใน{place}ต้องปิดชั่วคราวเนื่องจากน้ำท่วม",
        ],
        "other": [
            "ชาวบ้านรวมตัวกันบริเวณตลาดเก่าหลังฝนหยุดตก",
            "หลายคนยังจำพายุครั้งก่อนได้ดี",
            "เมืองควรจะเตรียมพร้อมมากกว่านี้ไหม",
            "บรรยากาศใน{place}ค่อนข้างเงียบสงบในคืนวันอาทิตย์",
            "เจ้าหน้าที่สัญญาว่าจะเปิดเผยรายละเอียดเพิ่มเติมเร็วๆ นี้",
        ],
        "title": "{place}: {org}เผยตัวเลขใหม่",
        "source": "ที่มา: https://news.example.org/th/{slug}",
        "credit": "ภาพ: ทีมข่าวภูมิภาค",
        "join": " ",
    },
    "ja": {
        "places": ["札幌市", "福岡市", "仙台市", "那覇市", "金沢市", "広島市"],
        "orgs": ["国土交通省", "総務省統計局", "市観光協会", "県教育委員会"],
        "people": ["山田太郎", "佐藤花子", "鈴木一郎", "高橋美咲"],
        "claims": [
            "{org}によると、{year}年に{place}を訪れた観光客は{big}人で、前年より{pct}増えた。",
            "{person}氏は、{place}の事業費が{big}万円に達し、{year}年以来最も多いと述べた。",
            "{org}は{n}日、{place}の失業率が{pct}に下がり、過去最低になったと発表した。",
            "{place}では大雨の影響で{n}校が休校となった。",
            "{place}の家賃は{year}年に{pct}上昇した。",
        ],
        "other": [
            "雨がやむと、住民たちは古い市場の近くに集まった。",
            "以前の台風を覚えている人も多い。",
            "市はもっと早く対応すべきだったのだろうか？",
            "日曜日の夜、{place}は落ち着いていた。",
            "当局は近く詳しい情報を公表するとしている。",
        ],
        "title": "{place}、{org}が新たな数字",
        "source": "出典：https://news.example.org/ja/{slug}",
        "credit": "写真：地方ニュース班",
        "join": "",
    },
    "zh": {
        "places": ["深圳市", "成都市", "杭州市", "西安市", "厦门市", "昆明市"],
        "orgs": ["市统计局", "交通运输局", "市旅游协会", "教育局"],
        "people": ["王明", "李华", "张伟", "陈静"],
        "claims": [
            "据{org}数据，{year}年{place}接待游客{big}人次，同比增长{pct}。",
            "{person}表示，{place}项目总投资达到{big}万元，为{year}年以来最高。",
            "{org}指出，{place}失业率下降至{pct}，创历史新低。",
            "受暴雨影响，{place}共有{n}所学校停课。",
            "{place}{year}年房租上涨{pct}，超过其他城市。",
        ],
        "other": [
            "雨停后，居民们聚集在老市场附近。",
            "很多人还记得以前的台风。",
            "城市是否应该更早采取行动？",
            "周日晚上，{place}一片平静。",
            "有关部门表示将尽快公布更多细节。",
        ],
        "title": "{place}：{org}公布新数据",
        "source": "来源：https://news.example.org/zh/{slug}",
        "credit": "图：地方新闻组",
        "join": "",
    },
    "ko": {
        "places": ["부산시", "대구시", "광주시", "인천시", "제주시", "수원시"],
        "orgs": ["국토교통부", "통계청", "관광공사", "교육청"],
        "people": ["김민수", "이지은", "박준호", "최수진"],
        "claims": [
            "{org}에 따르면 {year}년 {place}을 찾은 관광객은 {big}명으로 전년보다 {pct} 증가했다.",
            "{person} 국장은 {place} 사업비가 {big}억 원으로 {year}년 이후 최대라고 밝혔다.",
            "{org}는 {n}일 {place}의 실업률이 {pct}로 사상 최저를 기록했다고 발표했다.",
            "폭우로 {place}의 학교 {n}곳이 휴교했다.",
            "{place}의 임대료는 {year}년에 {pct} 올랐다.",
        ],
        "other": [
            "비가 그치자 주민들이 옛 시장 근처에 모였다.",
            "많은 사람들이 이전 태풍을 기억하고 있다.",
            "시가 더 일찍 대응했어야 했을까?",
            "일요일 저녁 {place}은 평온했다.",
            "당국은 곧 자세한 내용을 공개하겠다고 했다.",
        ],
        "title": "{place}, {org} 새 통계 발표",
        "source": "출처: https://news.example.org/ko/{slug}",
        "credit": "사진: 지역취재팀",
        "join": " ",
    },
    "km": {
        "places": ["ខេត្តសៀមរាប", "ខេត្តបាត់ដំបង", "ខេត្តកំពត", "ខេត្តកណ្តាល", "ខេត្តព្រះសីហនុ"],
        "orgs": ["ក្រសួងទេសចរណ៍", "វិទ្យាស្ថានជាតិស្ថិតិ", "ក្រសួងអប់រំ", "សាលាខេត្ត"],
        "people": ["លោក សុខ វណ្ណា", "លោកស្រី ចាន់ ធីតា", "លោក ហេង សំណាង", "លោកស្រី កែវ ស្រីមុំ"],
        "claims": [
            "{org}បាននិយាយថា ក្នុងឆ្នាំ {year} ភ្ញៀវទេសចរចំនួន {big} នាក់បានមកលេង{place} កើនឡើង {n} ភាគរយ។",
            "យោងតាម{org} គម្រោងនៅ{place}មានតម្លៃ {big} ដុល្លារ ដែលខ្ពស់បំផុតចាប់តាំងពីឆ្នាំ {year}។",
            "{person} បានប្រាប់អ្នកយកព័ត៌មានថា សាលារៀនចំនួន {n} នៅ{place}ត្រូវបានបិទ។",
            "តម្លៃអង្ករនៅ{place}បានកើនឡើង {n} ភាគរយ ក្នុងខែមីនា ឆ្នាំ {year}។",
        ],
        "other": [
            "អ្នកភូមិបានជួបជុំគ្នានៅក្បែរផ្សារចាស់ បន្ទាប់ពីភ្លៀងរាំង។",
            "មនុស្សជាច្រើននៅចាំព្យុះកាលពីមុន។",
            "តើទីក្រុងគួរតែធ្វើសកម្មភាពលឿនជាងនេះឬទេ?",
            "បរិយាកាសនៅ{place}ស្ងប់ស្ងាត់នៅល្ងាចថ្ងៃអាទិត្យ។",
        ],
        "title": "{place}៖ {org}ចេញតួលេខថ្មី",
        "source": "ប្រភព: https://news.example.org/km/{slug}",
        "credit": "រូបភាព៖ ក្រុមការងារព័ត៌មាន",
        "join": " ",
    },
    "ar": {
        "places": ["الإسكندرية", "عمّان", "الدار البيضاء", "مسقط", "الدوحة", "تونس"],
        "orgs": ["وزارة النقل", "هيئة الإحصاء", "هيئة السياحة", "وزارة التعليم"],
        "people": ["سالم الحمادي", "ليلى حسن", "أحمد منصور", "فاطمة الزهراء"],
        "claims": [
            "قالت {org} إن عدد زوار {place} بلغ {big} زائر في عام {year}، بزيادة {pct} عن العام السابق.",
            "وقال {person} إن تكلفة المشروع في {place} بلغت {big} مليون دولار، وهي الأكبر منذ عام {year}.",
            "وبحسب {org}، انخفض معدل البطالة في {place} إلى {pct}، وهو الأدنى على الإطلاق.",
            "أغلقت {n} مدارس في {place} بسبب الأمطار الغزيرة.",
            "ارتفعت الإيجارات في {place} بنسبة {pct} في عام {year}.",
        ],
        "other": [
            "تجمع السكان قرب السوق القديم بعد توقف المطر.",
            "يتذكر كثيرون العواصف السابقة.",
            "هل كان على المدينة أن تتحرك في وقت أبكر؟",
            "كان الجو هادئا في {place} مساء الأحد.",
            "وعد المسؤولون بنشر مزيد من التفاصيل قريبا.",
        ],
        "title": "{place}: {org} تنشر أرقاما جديدة",
        "source": "المصدر: https://news.example.org/ar/{slug}",
        "credit": "صورة: فريق الأخبار",
        "join": " ",
    },
}
LANGUAGES = tuple(CORPUS)

# Names are composed from parts, so that articles, like real ones, talk about their own places and
# people rather than all about the same six (which would also make every claim match every other).
NAME_PARTS = {
    "en": (
        ["North", "East", "Ash", "Mill", "River", "Stone", "Oak", "Clay", "Fair", "Green", "Bright", "Elm"],
        ["field", "bay", "ford", "ton", "haven", "wick", "port", "dale", "mouth", "stead"],
    ),
    "vi": (
        ["Tân", "Phú", "Long", "Bình", "An", "Hòa", "Thạnh", "Vĩnh", "Đông", "Mỹ", "Phước", "Hưng"],
        [" Lợi", " Thành", " Xuyên", " Điền", " Khánh", " Lộc", " Hải", " Yên", " Định", " Phong"],
    ),
    "th": (
        ["บ้าน", "นา", "ท่า", "หนอง", "โคก", "ดอน", "บาง", "วัง", "ห้วย", "ทุ่ง"],
        ["สวรรค์", "ใหม่", "แก้ว", "ทอง", "หลวง", "พระ", "ช้าง", "ไทร", "ยาง", "ขาม", "โพธิ์", "บัว"],
    ),
    "ja": (
        ["北", "南", "東", "西", "大", "小", "高", "中", "新", "上", "松", "桜"],
        ["山町", "川村", "浜市", "野町", "田市", "島町", "原村", "森市", "沢町", "崎市"],
    ),
    "zh": (
        ["东", "西", "南", "北", "长", "青", "白", "金", "平", "安", "福", "宁"],
        ["山县", "河镇", "湖区", "桥镇", "城区", "林县", "江镇", "港区", "田县", "州区"],
    ),
    "ko": (
        ["동", "서", "남", "북", "신", "대", "청", "금", "용", "송", "한", "백"],
        ["산군", "천시", "포구", "원시", "양군", "주시", "강구", "림군", "해시", "성구"],
    ),
    "km": (
        ["ស្រុក", "ឃុំ", "ភូមិ"],
        ["ព្រែកតា", "ស្វាយ", "អង្គ", "ត្រពាំង", "កំពង់", "ព្រៃ", "ស្ទឹង", "ទួល", "បឹង", "ចំការ"],
    ),
    "ar": (
        ["بئر", "عين", "تل", "وادي", "جبل", "رأس", "سوق", "قصر", "باب", "دير"],
        [" السلام", " الزيتون", " النخيل", " الورد", " الحجر", " القمر", " الشمس", " الرمان"],
    ),
}
FIRST_NAMES = ["Amara", "Bao", "Chen", "Dara", "Elif", "Farid", "Goran", "Hana", "Ivan", "Juno", "Kenji", "Lina"]
LAST_NAMES = ["Okafor", "Tran", "Suzuki", "Haddad", "Novak", "Silva", "Keo", "Park", "Moreau", "Ndiaye", "Lund"]
# Share of sentences written from a claim template; the real samples have about one in five.
CLAIM_SHARE = 0.25
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")
ARABIC_DIGITS = str.maketrans("0123456789,.%", "٠١٢٣٤٥٦٧٨٩٬٫٪")


def _names(language: str, spec: dict, rng: random.Random) -> dict[str, str]:
    """The place, organisation and person of one article."""
    first, second = NAME_PARTS[language]
    place = rng.choice(first) + rng.choice(second)
    person = rng.choice(spec["people"])
    if language in ("en", "vi", "th", "km") and rng.random() < 0.5:
        person = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"  # a Latin-script name in any text
    return {"place": place, "org": rng.choice(spec["orgs"]), "person": person}


def _fill(template: str, spec: dict, rng: random.Random, language: str, names: dict[str, str]) -> str:
    big = rng.randint(1_000, 9_999_999)
    values = {
        "n": rng.randint(2, 60),
        "day": rng.randint(1, 30),
        "big": f"{big:,}" if language != "vi" else f"{big:,}".replace(",", "."),
        "pct": f"{rng.randint(1, 60)}.{rng.randint(0, 9)}%" if language != "vi" else f"{rng.randint(1, 60)},5%",
        "year": rng.randint(1995, 2025),
        "money": f"${rng.randint(2, 900)} million" if language == "en" else f"{rng.randint(2, 900)} tỷ đồng",
        **names,
    }
    text = template.format(**values)
    if language == "th" and rng.random() < 0.3:
        text = text.translate(THAI_DIGITS)
    elif language == "km":
        text = text.translate(KHMER_DIGITS)
    elif language == "ar" and rng.random() < 0.5:
        text = text.translate(ARABIC_DIGITS)
    return text


def make_article(index: int, language: str, rng: random.Random) -> tuple[str, str]:
    """(file name, content) of one article of 2-15 kB in ``language``."""
    spec = CORPUS[language]
    target = rng.randint(2_000, 15_000)
    slug = f"{index:05d}-{language}"  # the index first: files are imported in name order, languages interleaved
    lines = [f"date {rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"]
    names = _names(language, spec, rng)
    lines.append(_fill(spec["title"], spec, rng, language, names) + f" ({index})")
    lines.append("")
    size = 0
    while size < target:
        sentences = [
            _fill(
                rng.choice(spec["claims"] if rng.random() < CLAIM_SHARE else spec["other"]), spec, rng, language, names
            )
            for _ in range(rng.randint(2, 5))
        ]
        paragraph = spec["join"].join(sentences)
        lines.append(paragraph)
        lines.append("")
        size += len(paragraph.encode("utf-8"))
        if rng.random() < 0.05:
            lines.append(spec["credit"])
    lines.append(spec["source"].format(slug=slug))
    text = "\n".join(lines) + "\n"
    if index % 10 == 0:
        paragraphs = "".join(f"<p>{p}</p>\n" for p in lines[3:] if p)
        html = (
            f"<!doctype html><html><head><meta charset='utf-8'><title>{lines[1]}</title>"
            f"<style>p{{margin:0}}</style><script>var seen = {index};</script></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>{lines[1]}</h1>\n"
            f"{paragraphs}</article><footer>Footer {index}</footer></body></html>"
        )
        return f"{slug}.html", html
    return f"{slug}.txt", text


def write_corpus(folder: Path, n: int, seed: int) -> dict[str, str]:
    """Files of the corpus, and the language of each file name."""
    rng = random.Random(seed)
    languages = {}
    for index in range(n):
        language = LANGUAGES[index % len(LANGUAGES)]
        name, content = make_article(index, language, rng)
        (folder / name).write_text(content, encoding="utf-8")
        languages[name] = language
    return languages


# --- database and Django ------------------------------------------------------------------------


def _fresh_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log in memory during the timings


def _langdetect_alone(bodies: list[str]) -> float:
    """Seconds langdetect takes on the bodies: detect_langs on each whole text, seeded."""
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    with contextlib.suppress(LangDetectException):
        detect_langs("warm up: load the profiles before timing")
    started = time.perf_counter()
    for body in bodies:
        with contextlib.suppress(LangDetectException):
            detect_langs(body)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1_200)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_IMPORT_DATABASE_URL", DEFAULT_URL), help="dropped and created"
    )
    args = parser.parse_args(argv)

    _fresh_database(args.database_url)
    _setup_django(args.database_url)
    from django.core.management import call_command

    from articles.importing import IMPORTED, STAGES, import_paths
    from articles.models import Article, Claim
    from articles.text.language import detect_language

    call_command("migrate", verbosity=0)
    detect_language("warm up the language profiles before timing")

    folder = Path(tempfile.mkdtemp(prefix="import-bench-"))
    try:
        languages = write_corpus(folder, args.articles, args.seed)
        sizes = [p.stat().st_size for p in folder.iterdir()]
        print(
            f"corpus: {len(sizes):,} files in {len(CORPUS)} languages, {min(sizes):,}-{max(sizes):,} bytes "
            f"(median {statistics.median(sizes):,.0f}), {sum(sizes) / 1e6:.1f} MB"
        )
        timings: dict[str, float] = {}
        # Per language, per article: wall seconds between this result and the one before (the
        # import's pace), the seconds of the article's own stages (its latency, were it imported
        # alone: the analysis measured in the analysis process) and the matching seconds.
        per_language: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
        last = {"wall": 0.0, "stages": 0.0, "matching": 0.0}

        def on_result(result):
            wall, stages, matching = time.perf_counter(), sum(timings.values()), timings.get("matching", 0.0)
            per_language[languages[Path(result.name).name]].append(
                (wall - last["wall"], stages - last["stages"], matching - last["matching"])
            )
            last.update(wall=wall, stages=stages, matching=matching)

        load_before = os.getloadavg()[0]
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started, cpu_started = time.perf_counter(), time.process_time()
        last.update(wall=started)
        summary = import_paths([folder], on_result=on_result, timings=timings)
        total, cpu_total = time.perf_counter() - started, time.process_time() - cpu_started
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_analysis = (children.ru_utime + children.ru_stime) - (children_before.ru_utime + children_before.ru_stime)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    print(summary.line())
    if summary.imported != args.articles:
        for result in summary.results:
            if result.status != IMPORTED:
                print("  ", result)
    bodies = list(Article.objects.values_list("body", flat=True))
    wrong = sum(1 for r in summary.results if r.article and r.article.language != languages[Path(r.name).name])
    print(f"claims stored: {Claim.objects.count():,}; articles with a wrong language: {wrong}")
    print(f"load average before the import: {load_before:.1f} on {os.cpu_count()} CPUs")

    rate = summary.imported / total
    print(f"\nwhole import: {total:.2f} s, {rate:.1f} articles/s, {1000 * total / len(summary.results):.1f} ms/article")
    print(
        f"CPU time: importing process {cpu_total:.2f} s, analysis process {cpu_analysis:.2f} s "
        "(it analyses the next articles while this one stores; PostgreSQL not included)"
    )
    print(
        "\nms per article by language: pace of the import, mean (median, max) | the article's own stages"
        " (read, analysis, database, matching: its latency if imported alone) | of which matching"
    )
    slowest = slowest_own = 0.0
    for language in LANGUAGES:
        rows = per_language[language]
        walls = [1000 * w for w, _s, _m in rows]
        owns = [1000 * own for _w, own, _m in rows]
        matchings = [1000 * m for _w, _s, m in rows]
        mean, mean_own = statistics.mean(walls), statistics.mean(owns)
        slowest, slowest_own = max(slowest, mean), max(slowest_own, mean_own)
        print(
            f"  {language}: {mean:6.1f} ({statistics.median(walls):6.1f}, {max(walls):7.1f}) | "
            f"{mean_own:6.1f} | {statistics.mean(matchings):6.1f}   ({len(rows)} articles)"
        )
    measured = sum(timings.get(stage, 0.0) for stage in STAGES)
    print(
        "\nshare of each stage in the sum of all stages (language, sentences and scoring ran in the analysis process):"
    )
    for stage in STAGES:
        seconds = timings.get(stage, 0.0)
        per_article = 1000 * seconds / len(summary.results)
        print(f"  {stage:<10} {seconds:7.2f} s  {100 * seconds / measured:5.1f}%  {per_article:6.2f} ms/article")
    print(f"  {'sum':<10} {measured:7.2f} s, {measured / total:.2f}x the wall time of the import")

    cpu_before = time.process_time()
    alone = _langdetect_alone(bodies)
    cpu_alone = time.process_time() - cpu_before
    ratio = total / alone
    print(
        f"\nlangdetect alone on the same {len(bodies):,} texts (detect_langs on each body): {alone:.2f} s "
        f"({1000 * alone / len(bodies):.1f} ms/article; CPU {cpu_alone:.2f} s)"
    )
    print(f"ratio whole import / langdetect alone: {ratio:.2f} (target <= {TARGET_RATIO})")
    print(
        f"ratio of CPU times, importing and analysis processes / langdetect alone: "
        f"{(cpu_total + cpu_analysis) / cpu_alone:.2f}"
    )

    # The text pipeline alone (articles.text.analyse: language, metadata, sentences, scores) on the
    # same bodies, right after langdetect alone: both pure CPU, no database, same machine state.
    from articles.text import analyse

    by_language: dict[str, list[float]] = defaultdict(list)
    started = time.perf_counter()
    for body, language in Article.objects.values_list("body", "language"):
        before = time.perf_counter()
        analyse(body)
        by_language[language].append(time.perf_counter() - before)
    text_alone = time.perf_counter() - started
    print(
        f"\ntext pipeline alone (analyse) on the same texts: {text_alone:.2f} s "
        f"({1000 * text_alone / len(bodies):.1f} ms/article), ratio to langdetect alone {text_alone / alone:.2f}"
    )
    print(
        "  ms per article: "
        + ", ".join(f"{lang} {1000 * statistics.mean(v):.1f}" for lang, v in sorted(by_language.items()))
    )

    ok = ratio <= TARGET_RATIO and rate >= TARGET_RATE and slowest <= TARGET_MS and summary.failed == 0
    print(
        f"\ntargets: ratio <= {TARGET_RATIO}: {'yes' if ratio <= TARGET_RATIO else 'NO'}; "
        f">= {TARGET_RATE:.0f} articles/s: {'yes' if rate >= TARGET_RATE else 'NO'}; "
        f"every language <= {TARGET_MS:.0f} ms/article: {'yes' if slowest <= TARGET_MS else 'NO'} "
        f"(slowest {slowest:.1f}; slowest latency of one article alone {slowest_own:.1f})"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
