"""Synthetic names for demo persons, in each country's script with a Latin spelling.

Combinations of common family and given names; no record describes a real person.
"""

from __future__ import annotations

# (local script, Latin)
KHMER_FAMILY = [
    ("សុខ", "Sok"),
    ("ចាន់", "Chan"),
    ("គីម", "Kim"),
    ("លី", "Ly"),
    ("ហេង", "Heng"),
    ("សេង", "Seng"),
    ("ជា", "Chea"),
    ("មាស", "Meas"),
    ("កែវ", "Keo"),
    ("ផាន់", "Phan"),
    ("ញឹម", "Nhem"),
    ("ទូច", "Touch"),
    ("ប្រាក់", "Prak"),
    ("សំ", "Sam"),
    ("អ៊ុក", "Ouk"),
    ("ម៉ៅ", "Mao"),
    ("យឹម", "Yim"),
    ("ឡុង", "Long"),
    ("ស៊ុន", "Sun"),
    ("ពៅ", "Pov"),
    ("ឈឹម", "Chhim"),
    ("ហួត", "Huot"),
    ("តាំង", "Taing"),
    ("នួន", "Nuon"),
    ("អ៊ឹម", "Im"),
    ("ឆាយ", "Chhay"),
    ("ខៀវ", "Khieu"),
    ("ប៉ែន", "Pen"),
    ("ទេព", "Tep"),
    ("វង្ស", "Vong"),
]
KHMER_WOMEN = [
    ("ដារ៉ា", "Dara"),
    ("ស្រីមុំ", "Sreymom"),
    ("សុភា", "Sophea"),
    ("ចន្ធី", "Chanthy"),
    ("បុប្ផា", "Bopha"),
    ("កញ្ញា", "Kanha"),
    ("ម្លិះ", "Malis"),
    ("សុខា", "Sokha"),
    ("ស្រីនាង", "Sreyneang"),
    ("រចនា", "Rachana"),
    ("ពិសី", "Pisey"),
    ("វណ្ណា", "Vanna"),
    ("សុភាព", "Sopheap"),
    ("ចរិយា", "Chariya"),
    ("លក្ខិណា", "Leakhena"),
    ("ធារី", "Theary"),
    ("សុធា", "Sothea"),
    ("នារី", "Neary"),
    ("សុគន្ធា", "Sokunthea"),
    ("រស្មី", "Reaksmey"),
    ("ស្រីពៅ", "Sreypov"),
    ("សុគន្ធី", "Sokunthy"),
    ("ចាន់ណារី", "Channary"),
    ("គន្ធា", "Kunthea"),
    ("ស្រីល័ក្ខ", "Sreyleak"),
    ("មុន្នីរ័ត្ន", "Monyrath"),
    ("សុជាតា", "Socheata"),
    ("ធីតា", "Thida"),
    ("លីណា", "Lina"),
    ("ស្រីណុច", "Sreynoch"),
]
KHMER_MEN = [
    ("វុទ្ធី", "Vuthy"),
    ("សុខុម", "Sokhom"),
    ("រិទ្ធី", "Rithy"),
    ("វិសាល", "Visal"),
    ("ពិសិដ្ឋ", "Piseth"),
    ("សម្បត្តិ", "Sambath"),
    ("ចន្ធូ", "Chanthou"),
    ("វិជ្ជា", "Vichea"),
    ("កុសល", "Kosal"),
    ("ដារ៉ារិទ្ធ", "Dararith"),
    ("ប៊ុនធឿន", "Bunthoeun"),
    ("សុវណ្ណ", "Sovann"),
    ("សុផល", "Sophal"),
    ("ចាន់ថា", "Chantha"),
    ("សារ៉ាត", "Sarath"),
    ("បូរ៉ា", "Bora"),
    ("វណ្ណៈ", "Vannak"),
    ("សុភ័ក្ត្រ", "Sopheak"),
    ("រតនា", "Rathana"),
    ("មករា", "Makara"),
    ("រតនៈ", "Ratanak"),
    ("សំណាង", "Samnang"),
    ("វិបុល", "Vibol"),
    ("សុធី", "Sothy"),
    ("ចំរើន", "Chamroeun"),
    ("គឹមហុង", "Kimhong"),
    ("ណារិទ្ធ", "Narith"),
    ("សីហា", "Seyha"),
    ("វាសនា", "Veasna"),
    ("ពិសាល", "Pisal"),
]

LAO_FAMILY = [
    ("ພົມມະຈັນ", "Phommachanh"),
    ("ສີສຸວັນ", "Sisouvanh"),
    ("ແກ້ວມະນີ", "Keomany"),
    ("ວົງສາ", "Vongsa"),
    ("ສຸລິຍະ", "Souliya"),
    ("ໄຊຍະວົງ", "Xayavong"),
    ("ພັນທະວົງ", "Phanthavong"),
    ("ອິນທະວົງ", "Inthavong"),
]
LAO_WOMEN = [
    ("ມະນີວອນ", "Manivone"),
    ("ສຸດາ", "Souda"),
    ("ນ້ອຍ", "Noy"),
    ("ແສງດາວ", "Sengdao"),
    ("ພອນ", "Phone"),
    ("ວັນນີ", "Vanny"),
]
LAO_MEN = [
    ("ສົມພອນ", "Somphone"),
    ("ບຸນມີ", "Bounmy"),
    ("ຄຳພອນ", "Khamphone"),
    ("ວິໄລ", "Vilay"),
    ("ສຸກສະຫວັນ", "Souksavanh"),
    ("ທອງສີ", "Thongsy"),
]

THAI_FAMILY = [
    ("ศรีสุข", "Srisuk"),
    ("วงศ์ใหญ่", "Wongyai"),
    ("แก้วมณี", "Kaewmanee"),
    ("บุญมา", "Boonma"),
    ("สุวรรณ", "Suwan"),
    ("ทองดี", "Thongdee"),
    ("จันทร์เพ็ญ", "Chanpen"),
]
THAI_WOMEN = [
    ("สมหญิง", "Somying"),
    ("มาลี", "Malee"),
    ("สุดา", "Suda"),
    ("อรุณี", "Arunee"),
    ("วันเพ็ญ", "Wanpen"),
    ("นิตยา", "Nittaya"),
]
THAI_MEN = [
    ("สมชาย", "Somchai"),
    ("ประเสริฐ", "Prasert"),
    ("วิชัย", "Wichai"),
    ("สุรชัย", "Surachai"),
    ("อนันต์", "Anan"),
    ("ธนากร", "Thanakorn"),
]

# Vietnamese, Filipino and Indonesian names are written in Latin letters.
VIET_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
VIET_WOMEN = ["Thị Lan", "Thị Hương", "Thị Mai", "Thu Trang", "Ngọc Anh", "Thị Hoa"]
VIET_MEN = ["Văn Hùng", "Minh Tuấn", "Đức Anh", "Văn Nam", "Quang Huy", "Văn Long"]

FILIPINO_FAMILY = ["Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Ramos"]
FILIPINO_WOMEN = ["Maria Luisa", "Ana", "Kristine", "Jocelyn", "Rowena", "Liza"]
FILIPINO_MEN = ["Jose", "Mark Anthony", "Ramon", "Eduardo", "Rogelio", "Arnel"]

INDONESIAN_FAMILY = ["Saputra", "Wijaya", "Hidayat", "Kusuma", "Siregar", "Nasution"]
INDONESIAN_WOMEN = ["Siti", "Dewi", "Sri Wahyuni", "Rina", "Putri", "Ayu"]
INDONESIAN_MEN = ["Budi", "Agus", "Eko", "Rizky", "Hendra", "Andi"]
