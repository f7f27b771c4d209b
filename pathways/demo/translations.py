"""The demo's topics and indicators in the site's other languages, seeded into each row's
`translations` with the demo (pathways.demo.plan, pathways.demo.results).

Keyed by the English as recorded; each entry gives the text in km, lo, th, vi, id, fil and my
(the order of pathways.programs.reference_translations.LANGUAGES). Not reviewed by a native
speaker yet; the loader never overwrites what a person wrote in the admin.
"""

from __future__ import annotations

from django.db import transaction

from pathways.activities.models import Topic
from pathways.programs.services import seed_translations
from pathways.results.models import Indicator

# fmt: off
TOPICS: dict[str, tuple[str, ...]] = {
    "Victim identification": (
        "ការកំណត់អត្តសញ្ញាណជនរងគ្រោះ", "ການກຳນົດຕົວຜູ້ເຄາະຮ້າຍ", "การคัดแยกผู้เสียหาย",
        "Nhận diện nạn nhân", "Identifikasi korban", "Pagkilala sa biktima",
        "ကျူးလွန်ခံရသူကို ခွဲခြားသတ်မှတ်ခြင်း",
    ),
    "Anti-money laundering": (
        "ការប្រឆាំងការសម្អាតប្រាក់", "ການຕ້ານການຟອກເງິນ", "การต่อต้านการฟอกเงิน",
        "Phòng, chống rửa tiền", "Anti pencucian uang", "Laban sa money laundering",
        "ငွေကြေးခဝါချမှု တိုက်ဖျက်ရေး",
    ),
    "Victim protection": (
        "ការការពារជនរងគ្រោះ", "ການປົກປ້ອງຜູ້ເຄາະຮ້າຍ", "การคุ้มครองผู้เสียหาย",
        "Bảo vệ nạn nhân", "Perlindungan korban", "Proteksyon ng biktima",
        "ကျူးလွန်ခံရသူများကို ကာကွယ်စောင့်ရှောက်ခြင်း",
    ),
    "Standard operating procedures": (
        "នីតិវិធីប្រតិបត្តិស្តង់ដារ", "ຂັ້ນຕອນການປະຕິບັດງານມາດຕະຖານ",
        "ขั้นตอนการปฏิบัติงานมาตรฐาน", "Quy trình thao tác chuẩn", "Prosedur operasi standar",
        "Mga pamantayang pamamaraan sa operasyon", "စံလုပ်ထုံးလုပ်နည်းများ",
    ),
    "Gender equality and social inclusion": (
        "សមភាពយេនឌ័រ និងបរិយាប័ន្នសង្គម", "ຄວາມສະເໝີພາບຍິງຊາຍ ແລະ ການມີສ່ວນຮ່ວມທາງສັງຄົມ",
        "ความเท่าเทียมทางเพศและการมีส่วนร่วมทางสังคม", "Bình đẳng giới và hòa nhập xã hội",
        "Kesetaraan gender dan inklusi sosial",
        "Pagkakapantay-pantay ng kasarian at panlipunang pagsasama",
        "ကျား/မ တန်းတူညီမျှမှုနှင့် လူမှုရေးအရ အားလုံးပါဝင်မှု",
    ),
    "Cross-agency cooperation": (
        "កិច្ចសហប្រតិបត្តិការអន្តរស្ថាប័ន", "ການຮ່ວມມືລະຫວ່າງອົງການ", "ความร่วมมือระหว่างหน่วยงาน",
        "Hợp tác liên ngành", "Kerja sama lintas lembaga", "Pagtutulungan ng mga ahensya",
        "အေဂျင်စီများအကြား ပူးပေါင်းဆောင်ရွက်မှု",
    ),
    "Child rights": (
        "សិទ្ធិកុមារ", "ສິດທິເດັກ", "สิทธิเด็ก", "Quyền trẻ em", "Hak anak",
        "Karapatan ng bata", "ကလေးသူငယ်အခွင့်အရေး",
    ),
}

# Indicator names and units.
INDICATORS: dict[str, tuple[str, ...]] = {
    "Capacity development events conducted": (
        "ព្រឹត្តិការណ៍អភិវឌ្ឍសមត្ថភាពដែលបានរៀបចំ", "ກິດຈະກຳພັດທະນາຄວາມສາມາດທີ່ໄດ້ຈັດຂຶ້ນ",
        "กิจกรรมพัฒนาศักยภาพที่จัดขึ้น", "Sự kiện nâng cao năng lực đã tổ chức",
        "Kegiatan pengembangan kapasitas yang dilaksanakan",
        "Mga isinagawang aktibidad sa pagpapaunlad ng kakayahan",
        "ကျင်းပခဲ့သော စွမ်းရည်မြှင့်တင်ရေး ပွဲများ",
    ),
    "People trained": (
        "អ្នក\u200bដែល\u200bបាន\u200bទទួល\u200bការ\u200bបណ្តុះបណ្តាល", "ຜູ້ໄດ້ຮັບການຝຶກອົບຮົມ",
        "ผู้ได้รับการฝึกอบรม", "Người được đào tạo", "Orang yang dilatih", "Mga nasanay",
        "သင်တန်းတက်ရောက်သူများ",
    ),
    "Prosecutors trained": (
        "ព្រះរាជអាជ្ញាដែលបានទទួលការបណ្តុះបណ្តាល", "ໄອຍະການທີ່ໄດ້ຮັບການຝຶກອົບຮົມ",
        "พนักงานอัยการที่ได้รับการฝึกอบรม", "Kiểm sát viên được đào tạo", "Jaksa yang dilatih",
        "Mga piskal na nasanay", "သင်တန်းတက်ရောက်သော အစိုးရရှေ့နေများ",
    ),
    "Judges trained": (
        "ចៅក្រមដែលបានទទួលការបណ្តុះបណ្តាល", "ຜູ້ພິພາກສາທີ່ໄດ້ຮັບການຝຶກອົບຮົມ",
        "ผู้พิพากษาที่ได้รับการฝึกอบรม", "Thẩm phán được đào tạo", "Hakim yang dilatih",
        "Mga hukom na nasanay", "သင်တန်းတက်ရောက်သော တရားသူကြီးများ",
    ),
    "Frontline officials trained on victim protection": (
        "មន្ត្រីជួរមុខដែលបានទទួលការបណ្តុះបណ្តាលស្តីពីការការពារជនរងគ្រោះ",
        "ເຈົ້າໜ້າທີ່ແຖວໜ້າທີ່ໄດ້ຮັບການຝຶກອົບຮົມກ່ຽວກັບການປົກປ້ອງຜູ້ເຄາະຮ້າຍ",
        "เจ้าหน้าที่ด่านหน้าที่ได้รับการฝึกอบรมด้านการคุ้มครองผู้เสียหาย",
        "Cán bộ tuyến đầu được đào tạo về bảo vệ nạn nhân",
        "Petugas garda depan yang dilatih tentang perlindungan korban",
        "Mga opisyal sa frontline na nasanay sa proteksyon ng biktima",
        "ကျူးလွန်ခံရသူ ကာကွယ်ရေး သင်တန်းတက်ရောက်သော ရှေ့တန်းဝန်ထမ်းများ",
    ),
    "Women trained": (
        "ស្ត្រីដែលបានទទួលការបណ្តុះបណ្តាល", "ແມ່ຍິງທີ່ໄດ້ຮັບການຝຶກອົບຮົມ",
        "ผู้หญิงที่ได้รับการฝึกอบรม", "Phụ nữ được đào tạo", "Perempuan yang dilatih",
        "Mga babaeng nasanay", "သင်တန်းတက်ရောက်သော အမျိုးသမီးများ",
    ),
    "Partner agencies supported to prioritise victim rights and GEDSI in national action plans": (
        "ស្ថាប័នដៃគូដែលបានទទួលការគាំទ្រដើម្បីផ្តល់អាទិភាពដល់សិទ្ធិជនរងគ្រោះ និង GEDSI "
        "ក្នុងផែនការសកម្មភាពជាតិ",
        "ອົງການຄູ່ຮ່ວມງານທີ່ໄດ້ຮັບການສະໜັບສະໜູນໃຫ້ບູລິມະສິດສິດຂອງຜູ້ເຄາະຮ້າຍ ແລະ GEDSI "
        "ໃນແຜນປະຕິບັດງານແຫ່ງຊາດ",
        "หน่วยงานพันธมิตรที่ได้รับการสนับสนุนให้ความสำคัญกับสิทธิผู้เสียหายและ GEDSI "
        "ในแผนปฏิบัติการระดับชาติ",
        "Cơ quan đối tác được hỗ trợ ưu tiên quyền của nạn nhân và GEDSI trong các kế hoạch "
        "hành động quốc gia",
        "Lembaga mitra yang didukung untuk memprioritaskan hak korban dan GEDSI dalam rencana "
        "aksi nasional",
        "Mga katuwang na ahensyang sinuportahan upang unahin ang karapatan ng biktima at GEDSI "
        "sa mga pambansang plano ng aksyon",
        "အမျိုးသားလုပ်ငန်းစီမံချက်များတွင် ကျူးလွန်ခံရသူ၏ အခွင့်အရေးနှင့် GEDSI ကို "
        "ဦးစားပေးရန် ပံ့ပိုးခံရသော မိတ်ဖက်အေဂျင်စီများ",
    ),
    "Events held with partners": (
        "ព្រឹត្តិការណ៍ដែលបានរៀបចំជាមួយដៃគូ", "ກິດຈະກຳທີ່ຈັດຂຶ້ນຮ່ວມກັບຄູ່ຮ່ວມງານ",
        "กิจกรรมที่จัดร่วมกับพันธมิตร", "Sự kiện tổ chức cùng đối tác",
        "Kegiatan yang diadakan bersama mitra",
        "Mga aktibidad na isinagawa kasama ang mga katuwang",
        "မိတ်ဖက်များနှင့် ကျင်းပခဲ့သော ပွဲများ",
    ),
    "Participants in events": (
        "អ្នកចូលរួមក្នុងព្រឹត្តិការណ៍", "ຜູ້ເຂົ້າຮ່ວມກິດຈະກຳ", "ผู้เข้าร่วมกิจกรรม",
        "Người tham gia sự kiện", "Peserta kegiatan", "Mga kalahok sa mga aktibidad",
        "ပွဲများတွင် ပါဝင်သူများ",
    ),
    "Guidelines and procedures reviewed or revised with partners": (
        "គោលការណ៍ណែនាំ និងនីតិវិធីដែលបានពិនិត្យ ឬកែសម្រួលជាមួយដៃគូ",
        "ຄູ່ມືແນະນຳ ແລະ ຂັ້ນຕອນທີ່ໄດ້ທົບທວນ ຫຼື ປັບປຸງຮ່ວມກັບຄູ່ຮ່ວມງານ",
        "แนวปฏิบัติและขั้นตอนที่ได้ทบทวนหรือปรับปรุงร่วมกับพันธมิตร",
        "Hướng dẫn và quy trình được rà soát hoặc sửa đổi cùng đối tác",
        "Pedoman dan prosedur yang ditinjau atau direvisi bersama mitra",
        "Mga alituntunin at pamamaraang sinuri o binago kasama ang mga katuwang",
        "မိတ်ဖက်များနှင့် ပြန်လည်သုံးသပ် သို့မဟုတ် ပြင်ဆင်ခဲ့သော လမ်းညွှန်ချက်နှင့် "
        "လုပ်ထုံးလုပ်နည်းများ",
    ),
    # Units
    "events": ("ព្រឹត្តិការណ៍", "ກິດຈະກໍາ", "กิจกรรม", "sự kiện", "kegiatan", "aktibidad", "ပွဲ"),
    "people": ("នាក់", "ຄົນ", "คน", "người", "orang", "tao", "ဦး"),
    "participants": (
        "អ្នកចូលរួម", "ຜູ້ເຂົ້າຮ່ວມ", "ผู้เข้าร่วม", "người tham gia", "peserta", "kalahok",
        "ပါဝင်သူ",
    ),
    "agencies": ("ស្ថាប័ន", "ອົງການ", "หน่วยงาน", "cơ quan", "lembaga", "ahensya", "အေဂျင်စီ"),
    "documents": ("ឯកសារ", "ເອກະສານ", "เอกสาร", "tài liệu", "dokumen", "dokumento", "စာတမ်း"),
}
# fmt: on


def load_demo_translations() -> int:
    """Give the demo's topics and indicators their seed translations; idempotent."""
    with transaction.atomic():
        return seed_translations(Topic, TOPICS) + seed_translations(Indicator, INDICATORS)
