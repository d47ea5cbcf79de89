# ruff: noqa: E501
"""Short fictional test articles, one per language, written for these tests."""

THAI = """ราคาข้าวหอมมะลิพุ่งสูงสุดในรอบ 10 ปี
กระทรวงพาณิชย์เปิดเผยว่า ราคาส่งออกข้าวหอมมะลิในเดือนมีนาคม 2567 อยู่ที่ 1,250 ดอลลาร์ต่อตัน เพิ่มขึ้นร้อยละ 18 จากปีก่อน ชาวนาในจังหวัดสุรินทร์ได้รับประโยชน์มากที่สุด
นายสมชาย ใจดี นายกสมาคมผู้ส่งออกข้าวไทย กล่าวว่า ไทยส่งออกข้าวได้ ๘.๒ ล้านตันในปีที่ผ่านมา
คุณคิดว่าราคาจะขึ้นอีกไหม
ภาพ: ทีมข่าวเศรษฐกิจ
"""

KHMER = """ក្រសួងសុខាភិបាលបាននិយាយថា ចំនួនអ្នកជំងឺគ្រុនឈាមបានកើនឡើងដល់ ១២០០ នាក់ក្នុងឆ្នាំ ២០២៤។ នេះជាចំនួនខ្ពស់បំផុតក្នុងរយៈពេល ៥ ឆ្នាំ។ ក្មេងៗ ជាច្រើនត្រូវបានព្យាបាលនៅមន្ទីរពេទ្យ។
យោងតាមរបាយការណ៍ ខេត្តសៀមរាបមានករណីច្រើនជាងគេ៕
តើយើងគួរធ្វើអ្វី?
"""

VIETNAMESE = """date 2024-03-15
Xuất khẩu gạo đạt kỷ lục

Theo Bộ Công Thương, xuất khẩu gạo của Việt Nam trong quý I/2024 đạt 1,9 triệu tấn, tăng 12,5% so với cùng kỳ. TP. Hồ Chí Minh và An Giang là hai địa phương dẫn đầu. Ông Nguyễn Văn Bình cho biết giá gạo 5% tấm đạt 650 USD/tấn, cao nhất trong 15 năm.
"Rice prices have never been this high in the region," said trader John Miller.
Liệu đà tăng có kéo dài?
Ảnh: Minh Anh
Nguồn: https://example.vn/xuat-khau-gao
"""

JAPANESE = """東京の桜、観測史上最も早い開花
気象庁は3月14日、東京都心で桜が開花したと発表した。平年より12日早く、観測史上最も早い記録となった。「驚いた」と担当者は話した。
花見客は昨年の1.5倍に増えると予想されている。
本当に温暖化の影響なのだろうか？
"""

CHINESE = """深圳电动车销量创新高
据深圳市统计局数据，2024年第一季度全市新能源汽车销量达到12.6万辆，同比增长35%。比亚迪公司表示，这是历史最高水平。
你会买电动车吗？
"""

KOREAN = """서울시는 25일 올해 대중교통 이용객이 하루 평균 850만 명으로 집계됐다고 밝혔다. 이는 지난해보다 4% 증가한 수치다. 시민들은 만족할까?
"""

ARABIC = """قال وزير المالية إن معدل النمو بلغ ٣٫٥٪ في عام ٢٠٢٣. وأضاف أن الصادرات ارتفعت إلى ١٢ مليار دولار. هل سيستمر هذا النمو؟
"""

ENGLISH = """Port traffic hits record
Dr. Jane Okafor, the port's director, said 1,677 ships docked in 2023, up 9% from 2022. The U.S. Navy sent 3 vessels. It was the busiest year since records began in 1950, according to the port authority.
I think the port should expand.
Photo: Harbour Press
3 comments
"""
