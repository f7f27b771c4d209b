"""The program's reference data in the site's other languages, seeded with it
(pathways.programs.reference_data) into each row's `translations`.

Keyed by the English as recorded; each entry gives the text in km, lo, th, vi, id, fil and my
(the order of LANGUAGES). Countries, pathways and outcome areas were first translated in the
catalogs; their texts here are the same. Nothing here is reviewed by a native speaker yet: the
admin corrects a row in the admin, and the loader never overwrites what a person wrote.
"""

from __future__ import annotations

LANGUAGES = ("km", "lo", "th", "vi", "id", "fil", "my")

# fmt: off
TEXTS: dict[str, tuple[str, ...]] = {
    "Brunei Darussalam": (
        "ព្រុយណេដារូសាឡាម",
        "ບຣູໄນ ດາຣຸສຊາລາມ",
        "บรูไนดารุสซาลาม",
        "Brunei Darussalam",
        "Brunei Darussalam",
        "Brunei Darussalam",
        "ဘရူနိုင်း ဒါရုဆလမ်",
    ),
    "Cambodia": (
        "កម្ពុជា",
        "ກໍາປູເຈຍ",
        "กัมพูชา",
        "Campuchia",
        "Kamboja",
        "Cambodia",
        "ကမ္ဘောဒီးယား",
    ),
    "Indonesia": (
        "ឥណ្ឌូណេស៊ី",
        "ອິນໂດເນເຊຍ",
        "อินโดนีเซีย",
        "Indonesia",
        "Indonesia",
        "Indonesia",
        "အင်ဒိုနီးရှား",
    ),
    "Lao PDR": (
        "សាធារណរដ្ឋ\u200bប្រជាធិបតេយ្យ\u200bប្រជាមានិត\u200bឡាវ",
        "ສປປ ລາວ",
        "สปป. ลาว",
        "CHDCND Lào",
        "Laos",
        "Lao PDR",
        "လာအို",
    ),
    "Malaysia": (
        "ម៉ាឡេស៊ី",
        "ມາເລເຊຍ",
        "มาเลเซีย",
        "Malaysia",
        "Malaysia",
        "Malaysia",
        "မလေးရှား",
    ),
    "Myanmar": (
        "មីយ៉ាន់ម៉ា",
        "ມຽນມາ",
        "เมียนมา",
        "Myanmar",
        "Myanmar",
        "Myanmar",
        "မြန်မာ",
    ),
    "Philippines": (
        "ហ្វីលីពីន",
        "ຟີລິບປິນ",
        "ฟิลิปปินส์",
        "Philippines",
        "Filipina",
        "Pilipinas",
        "ဖိလစ်ပိုင်",
    ),
    "Singapore": (
        "សិង្ហបុរី",
        "ສິງກະໂປ",
        "สิงคโปร์",
        "Singapore",
        "Singapura",
        "Singapore",
        "စင်ကာပူ",
    ),
    "Thailand": (
        "ថៃ",
        "ໄທ",
        "ไทย",
        "Thái Lan",
        "Thailand",
        "Thailand",
        "ထိုင်း",
    ),
    "Viet Nam": (
        "វៀតណាម",
        "ຫວຽດນາມ",
        "เวียดนาม",
        "Việt Nam",
        "Vietnam",
        "Viet Nam",
        "ဗီယက်နမ်",
    ),
    "Enhancing regional-level capacity": (
        "ការ\u200bពង្រឹង\u200bសមត្ថភាព\u200bថ្នាក់\u200bតំបន់",
        "ການເສີມສ້າງຄວາມສາມາດລະດັບພາກພື້ນ",
        "การเสริมสร้างศักยภาพระดับภูมิภาค",
        "Tăng cường năng lực cấp khu vực",
        "Penguatan kapasitas tingkat kawasan",
        "Pagpapalakas ng kakayahan sa antas rehiyonal",
        "ဒေသအဆင့် စွမ်းရည်မြှင့်တင်ခြင်း",
    ),
    "Enhancing national-level capacity": (
        "ការ\u200bពង្រឹង\u200bសមត្ថភាព\u200bថ្នាក់\u200bជាតិ",
        "ການເສີມສ້າງຄວາມສາມາດລະດັບຊາດ",
        "การเสริมสร้างศักยภาพระดับประเทศ",
        "Tăng cường năng lực cấp quốc gia",
        "Penguatan kapasitas tingkat nasional",
        "Pagpapalakas ng kakayahan sa antas pambansa",
        "နိုင်ငံအဆင့် စွမ်းရည်မြှင့်တင်ခြင်း",
    ),
    "Developing inclusive public policy and dialogue": (
        (
            "ការ\u200bអភិវឌ្ឍ\u200bគោលនយោបាយ\u200bសាធារណៈ និង\u200bកិច្ច\u200bសន្ទនា\u200b"
            "ប្រកប\u200bដោយ\u200b"
            "បរិយាប័ន្ន"
        ),
        "ການພັດທະນານະໂຍບາຍສາທາລະນະ ແລະ ການປຶກສາຫາລືແບບມີສ່ວນຮ່ວມ",
        "การพัฒนานโยบายสาธารณะและการเสวนาที่ครอบคลุม",
        "Xây dựng chính sách công và đối thoại toàn diện",
        "Pengembangan kebijakan publik dan dialog yang inklusif",
        "Pagbuo ng inklusibong pampublikong patakaran at diyalogo",
        "အားလုံးပါဝင်သော မူဝါဒနှင့် ဆွေးနွေးမှု ဖော်ဆောင်ခြင်း",
    ),
    (
        "We support and partner with the Senior Officials Meeting on "
        "Transnational Crime (SOMTC) and other ASEAN bodies to "
        "strengthen victim-sensitive planning, monitoring and "
        "reporting processes."
    ): (
        (
            "យើង\u200bគាំទ្រ និង\u200bធ្វើ\u200bជា\u200bដៃគូ\u200bជាមួយ\u200bកិច្ច\u200b"
            "ប្រជុំ\u200bមន្ត្រី\u200bជាន់\u200b"
            "ខ្ពស់\u200bស្តីពី\u200bឧក្រិដ្ឋកម្ម\u200bឆ្លង\u200bដែន (SOMTC) និង\u200bស្ថាប័ន\u200b"
            "អាស៊ាន\u200bផ្សេង\u200bទៀត ដើម្បី\u200bពង្រឹង\u200bដំណើរការ\u200bរៀបចំ\u200bផែនការ "
            "តាមដាន "
            "និង\u200bរាយការណ៍ ដែល\u200bយក\u200bចិត្ត\u200bទុក\u200bដាក់\u200bចំពោះ\u200bជន\u200b"
            "រងគ្រោះ។"
        ),
        (
            "ພວກເຮົາສະໜັບສະໜູນ ແລະ "
            "ເປັນຄູ່ຮ່ວມງານກັບກອງປະຊຸມເຈົ້າໜ້າທີ່ອາວຸໂສອາຊຽນວ່າດ້ວຍອາຊະຍາກຳຂ້າມຊາດ "
            "(SOMTC) ແລະ ອົງການອື່ນໆຂອງອາຊຽນ "
            "ເພື່ອເສີມສ້າງຂະບວນການວາງແຜນ, ຕິດຕາມ ແລະ ລາຍງານ "
            "ທີ່ຄຳນຶງເຖິງຜູ້ເຄາະຮ້າຍ."
        ),
        (
            "เราสนับสนุนและเป็นหุ้นส่วนกับที่ประชุมเจ้าหน้าที่อาวุโสอาเซียนว่าด้วยอาชญากรรมข้ามชาติ "
            ""
            "(SOMTC) และองค์กรอื่น ๆ ของอาเซียน "
            "เพื่อเสริมสร้างกระบวนการวางแผน การติดตาม "
            "และการรายงานที่คำนึงถึงผู้เสียหาย"
        ),
        (
            "Chúng tôi hỗ trợ và hợp tác với Hội nghị Quan chức Cấp cao "
            "ASEAN về Tội phạm Xuyên quốc gia (SOMTC) và các cơ quan "
            "khác của ASEAN nhằm tăng cường các quy trình lập kế hoạch, "
            "giám sát và báo cáo có lưu tâm đến nạn nhân."
        ),
        (
            "Kami mendukung dan bermitra dengan Pertemuan Pejabat Senior "
            "ASEAN tentang Kejahatan Lintas Negara (SOMTC) dan "
            "badan-badan ASEAN lainnya untuk memperkuat proses "
            "perencanaan, pemantauan, dan pelaporan yang peka terhadap "
            "korban."
        ),
        (
            "Sinusuportahan at katuwang namin ang Senior Officials "
            "Meeting on Transnational Crime (SOMTC) at iba pang lupon ng "
            "ASEAN upang mapalakas ang pagpaplano, pagsubaybay at "
            "pag-uulat na isinasaalang-alang ang mga biktima."
        ),
        (
            "နိုင်ငံဖြတ်ကျော် ရာဇဝတ်မှုဆိုင်ရာ အာဆီယံ "
            "အဆင့်မြင့်အရာရှိများ အစည်းအဝေး (SOMTC) နှင့် အခြား အာဆီယံ "
            "အဖွဲ့များနှင့် မိတ်ဖက်ပြု ပံ့ပိုးကာ သားကောင်များကို "
            "ဂရုပြုသော စီမံချက်ရေးဆွဲခြင်း၊ စောင့်ကြပ်ကြည့်ရှုခြင်းနှင့် "
            "အစီရင်ခံခြင်း လုပ်ငန်းစဉ်များကို အားကောင်းစေသည်။"
        ),
    ),
    (
        "We work with national partners to strengthen their capacity "
        "to implement the ACTIP, in particular those that uphold "
        "victim rights and advance gender equality, disability and "
        "social inclusion."
    ): (
        (
            "យើង\u200bធ្វើ\u200bការ\u200bជាមួយ\u200bដៃគូ\u200bថ្នាក់\u200bជាតិ ដើម្បី\u200b"
            "ពង្រឹង\u200bសមត្ថភាព\u200b"
            "របស់\u200bពួកគេ\u200bក្នុង\u200bការ\u200bអនុវត្ត\u200bអនុសញ្ញា ACTIP ជាពិសេស\u200b"
            "បទប្បញ្ញត្តិ\u200bដែល\u200bការពារ\u200bសិទ្ធិ\u200bជន\u200bរងគ្រោះ និង\u200b"
            "លើក\u200bកម្ពស់\u200b"
            "សមភាព\u200bយេនឌ័រ ពិការភាព និង\u200bបរិយាប័ន្ន\u200bសង្គម។"
        ),
        (
            "ພວກເຮົາເຮັດວຽກຮ່ວມກັບຄູ່ຮ່ວມງານລະດັບຊາດ "
            "ເພື່ອເສີມສ້າງຄວາມສາມາດໃນການຈັດຕັ້ງປະຕິບັດ ACTIP, "
            "ໂດຍສະເພາະແມ່ນການປົກປ້ອງສິດຂອງຜູ້ເຄາະຮ້າຍ ແລະ "
            "ການສົ່ງເສີມຄວາມສະເໝີພາບຍິງ-ຊາຍ, ຄົນພິການ ແລະ "
            "ການມີສ່ວນຮ່ວມທາງສັງຄົມ."
        ),
        (
            "เราทำงานร่วมกับหุ้นส่วนระดับชาติเพื่อเสริมสร้างขีดความสามารถในการปฏิบัติตาม "
            "ACTIP โดยเฉพาะในส่วนที่คุ้มครองสิทธิของผู้เสียหาย "
            "และส่งเสริมความเท่าเทียมทางเพศ คนพิการ "
            "และการมีส่วนร่วมทางสังคม"
        ),
        (
            "Chúng tôi làm việc với các đối tác quốc gia để tăng cường "
            "năng lực thực thi ACTIP, đặc biệt là năng lực bảo vệ quyền "
            "của nạn nhân và thúc đẩy bình đẳng giới, quyền của người "
            "khuyết tật và hòa nhập xã hội."
        ),
        (
            "Kami bekerja sama dengan mitra nasional untuk memperkuat "
            "kapasitas mereka dalam melaksanakan ACTIP, khususnya yang "
            "menjunjung hak-hak korban serta memajukan kesetaraan "
            "gender, disabilitas, dan inklusi sosial."
        ),
        (
            "Nakikipagtulungan kami sa mga pambansang katuwang upang "
            "mapalakas ang kanilang kakayahang ipatupad ang ACTIP, lalo "
            "na ang mga nagtataguyod ng karapatan ng mga biktima at "
            "nagsusulong ng pagkakapantay-pantay ng kasarian, kapansanan "
            "at panlipunang pagsasama."
        ),
        (
            "ACTIP ကို အကောင်အထည်ဖော်ရန်၊ အထူးသဖြင့် သားကောင်များ၏ "
            "အခွင့်အရေးကို ထိန်းသိမ်းပြီး ကျား-မ တန်းတူညီမျှမှု၊ "
            "မသန်စွမ်းသူများနှင့် လူမှုရေး အားလုံးပါဝင်မှုကို "
            "မြှင့်တင်ရန် နိုင်ငံအဆင့် မိတ်ဖက်များ၏ စွမ်းရည်ကို "
            "အားကောင်းစေရန် ပူးပေါင်းဆောင်ရွက်သည်။"
        ),
    ),
    (
        "We promote and facilitate dialogue and cooperation between "
        "government, civil society and the private sector to support "
        "improvements in counter-trafficking policies and practices."
    ): (
        (
            "យើង\u200bលើក\u200bកម្ពស់ និង\u200bសម្របសម្រួល\u200bកិច្ច\u200bសន្ទនា និង\u200b"
            "កិច្ច\u200b"
            "សហប្រតិបត្តិការ\u200bរវាង\u200bរដ្ឋាភិបាល សង្គម\u200bស៊ីវិល និង\u200bវិស័យ\u200bឯកជន "
            "ដើម្បី\u200bគាំទ្រ\u200bការ\u200bកែលម្អ\u200bគោលនយោបាយ និង\u200bការ\u200b"
            "អនុវត្ត\u200bប្រឆាំង\u200b"
            "ការ\u200bជួញដូរ\u200bមនុស្ស។"
        ),
        (
            "ພວກເຮົາສົ່ງເສີມ ແລະ ອຳນວຍຄວາມສະດວກໃຫ້ແກ່ການປຶກສາຫາລື ແລະ "
            "ການຮ່ວມມືລະຫວ່າງລັດຖະບານ, ສັງຄົມພົນລະເຮືອນ ແລະ ພາກເອກະຊົນ "
            "ເພື່ອສະໜັບສະໜູນການປັບປຸງນະໂຍບາຍ ແລະ "
            "ການປະຕິບັດວຽກງານຕ້ານການຄ້າມະນຸດ."
        ),
        (
            "เราส่งเสริมและอำนวยความสะดวกให้เกิดการหารือและความร่วมมือระหว่างภาครัฐ "
            "ภาคประชาสังคม และภาคเอกชน "
            "เพื่อสนับสนุนการปรับปรุงนโยบายและแนวปฏิบัติด้านการต่อต้านการค้ามนุษย์"
        ),
        (
            "Chúng tôi thúc đẩy và tạo điều kiện cho đối thoại và hợp "
            "tác giữa chính phủ, xã hội dân sự và khu vực tư nhân nhằm "
            "hỗ trợ cải thiện chính sách và thực tiễn phòng, chống mua "
            "bán người."
        ),
        (
            "Kami mendorong dan memfasilitasi dialog dan kerja sama "
            "antara pemerintah, masyarakat sipil, dan sektor swasta "
            "untuk mendukung perbaikan kebijakan dan praktik "
            "penanggulangan perdagangan orang."
        ),
        (
            "Itinataguyod at pinapadali namin ang diyalogo at "
            "pagtutulungan ng pamahalaan, lipunang sibil at pribadong "
            "sektor upang suportahan ang pagpapabuti ng mga patakaran at "
            "gawain laban sa trafficking."
        ),
        (
            "လူကုန်ကူးမှု တိုက်ဖျက်ရေး မူဝါဒများနှင့် "
            "လုပ်ထုံးလုပ်နည်းများ တိုးတက်ကောင်းမွန်လာစေရန် အစိုးရ၊ "
            "အရပ်ဘက်လူ့အဖွဲ့အစည်းနှင့် ပုဂ္ဂလိကကဏ္ဍအကြား "
            "ဆွေးနွေးမှုနှင့် ပူးပေါင်းဆောင်ရွက်မှုကို မြှင့်တင် "
            "အထောက်အကူပြုသည်။"
        ),
    ),
    "Justice outcomes": (
        "លទ្ធផល\u200bផ្នែក\u200bយុត្តិធម៌",
        "ຜົນໄດ້ຮັບດ້ານຍຸຕິທໍາ",
        "ผลลัพธ์ด้านกระบวนการยุติธรรม",
        "Kết quả về tư pháp",
        "Hasil di bidang peradilan",
        "Mga resulta sa hustisya",
        "တရားရေးဆိုင်ရာ ရလဒ်များ",
    ),
    (
        "Victim rights, and gender equality and social inclusion "
        "(GEDSI) outcomes"
    ): (
        (
            "លទ្ធផល\u200bផ្នែក\u200bសិទ្ធិ\u200bជន\u200bរងគ្រោះ និង\u200bសមភាព\u200bយេនឌ័រ "
            "និង\u200b"
            "បរិយាប័ន្ន\u200bសង្គម (GEDSI)"
        ),
        (
            "ຜົນໄດ້ຮັບດ້ານສິດຂອງຜູ້ເຄາະຮ້າຍ, ຄວາມສະເໝີພາບລະຫວ່າງຍິງ-ຊາຍ "
            "ແລະ ການມີສ່ວນຮ່ວມທາງສັງຄົມ (GEDSI)"
        ),
        (
            "ผลลัพธ์ด้านสิทธิผู้เสียหาย ความเท่าเทียมทางเพศ "
            "และการมีส่วนร่วมทางสังคม (GEDSI)"
        ),
        (
            "Kết quả về quyền của nạn nhân, bình đẳng giới và hòa nhập "
            "xã hội (GEDSI)"
        ),
        (
            "Hasil di bidang hak korban, kesetaraan gender, dan inklusi "
            "sosial (GEDSI)"
        ),
        (
            "Mga resulta sa karapatan ng biktima, pagkakapantay-pantay "
            "ng kasarian at panlipunang pagsasama (GEDSI)"
        ),
        (
            "သားကောင်အခွင့်အရေး၊ ကျား-မ တန်းတူညီမျှမှုနှင့် လူမှုရေး "
            "အားလုံးပါဝင်မှု (GEDSI) ရလဒ်များ"
        ),
    ),
    "Partnerships": (
        "ភាពជាដៃគូ",
        "ການເປັນຄູ່ຮ່ວມງານ",
        "ความเป็นหุ้นส่วน",
        "Quan hệ đối tác",
        "Kemitraan",
        "Pakikipagtuwang",
        "မိတ်ဖက်ဆောင်ရွက်မှု",
    ),
    (
        "ASEAN-ACT facilitates justice sector cooperation and "
        "provides technical support to strengthen criminal justice "
        "responses to trafficking in persons."
    ): (
        (
            "ASEAN-ACT សម្របសម្រួល\u200bកិច្ច\u200bសហប្រតិបត្តិការ\u200bក្នុង\u200bវិស័យ\u200b"
            "យុត្តិធម៌ និង\u200bផ្តល់\u200bការ\u200bគាំទ្រ\u200bផ្នែក\u200bបច្ចេកទេស ដើម្បី\u200b"
            "ពង្រឹង\u200bការ\u200bឆ្លើយតប\u200bផ្នែក\u200bយុត្តិធម៌\u200bព្រហ្មទណ្ឌ\u200b"
            "ចំពោះ\u200bការ\u200b"
            "ជួញដូរ\u200bមនុស្ស។"
        ),
        (
            "ASEAN-ACT ອຳນວຍຄວາມສະດວກໃຫ້ແກ່ການຮ່ວມມືໃນຂະແໜງຍຸຕິທຳ ແລະ "
            "ໃຫ້ການສະໜັບສະໜູນດ້ານວິຊາການ "
            "ເພື່ອເສີມສ້າງການຕອບໂຕ້ຂອງຂະບວນການຍຸຕິທຳທາງອາຍາຕໍ່ການຄ້າມະນຸດ."
        ),
        (
            "ASEAN-ACT อำนวยความสะดวกให้เกิดความร่วมมือในภาคยุติธรรม "
            "และให้การสนับสนุนทางวิชาการเพื่อเสริมสร้างการตอบสนองของกระบวนการยุติธรรมทางอาญาต่อการค้ามนุษย์"
        ),
        (
            "ASEAN-ACT tạo điều kiện hợp tác trong lĩnh vực tư pháp và "
            "cung cấp hỗ trợ kỹ thuật nhằm tăng cường ứng phó của tư "
            "pháp hình sự đối với tội phạm mua bán người."
        ),
        (
            "ASEAN-ACT memfasilitasi kerja sama sektor peradilan dan "
            "memberikan dukungan teknis untuk memperkuat respons "
            "peradilan pidana terhadap perdagangan orang."
        ),
        (
            "Pinapadali ng ASEAN-ACT ang pagtutulungan sa sektor ng "
            "hustisya at nagbibigay ng teknikal na suporta upang "
            "mapalakas ang tugon ng hustisyang kriminal sa trafficking "
            "in persons."
        ),
        (
            "ASEAN-ACT သည် တရားရေးကဏ္ဍ ပူးပေါင်းဆောင်ရွက်မှုကို "
            "အထောက်အကူပြုပြီး လူကုန်ကူးမှုအပေါ် ရာဇဝတ်တရားစီရင်ရေး "
            "တုံ့ပြန်မှုများ အားကောင်းစေရန် နည်းပညာပံ့ပိုးမှု ပေးသည်။"
        ),
    ),
    (
        "ASEAN-ACT is working with partners to support groups most "
        "vulnerable to trafficking and reduce barriers to accessing "
        "protection and support."
    ): (
        (
            "ASEAN-ACT កំពុង\u200bធ្វើ\u200bការ\u200bជាមួយ\u200bដៃគូ ដើម្បី\u200bគាំទ្រ\u200b"
            "ក្រុម\u200bដែល\u200b"
            "ងាយ\u200bរង\u200bគ្រោះ\u200bបំផុត\u200bចំពោះ\u200bការ\u200bជួញដូរ\u200bមនុស្ស "
            "និង\u200bកាត់\u200bបន្ថយ\u200b"
            "ឧបសគ្គ\u200bក្នុង\u200bការ\u200bទទួល\u200bបាន\u200bកិច្ច\u200bការពារ និង\u200b"
            "ការ\u200bគាំទ្រ។"
        ),
        (
            "ASEAN-ACT ກຳລັງເຮັດວຽກຮ່ວມກັບຄູ່ຮ່ວມງານ "
            "ເພື່ອສະໜັບສະໜູນກຸ່ມທີ່ມີຄວາມສ່ຽງທີ່ສຸດຕໍ່ການຄ້າມະນຸດ ແລະ "
            "ຫຼຸດຜ່ອນອຸປະສັກໃນການເຂົ້າເຖິງການປົກປ້ອງ ແລະ ການຊ່ວຍເຫຼືອ."
        ),
        (
            "ASEAN-ACT "
            "ทำงานร่วมกับหุ้นส่วนเพื่อสนับสนุนกลุ่มที่เปราะบางต่อการค้ามนุษย์มากที่สุด "
            "และลดอุปสรรคในการเข้าถึงการคุ้มครองและความช่วยเหลือ"
        ),
        (
            "ASEAN-ACT đang hợp tác với các đối tác để hỗ trợ những nhóm "
            "dễ bị mua bán nhất và giảm bớt rào cản trong việc tiếp cận "
            "bảo vệ và hỗ trợ."
        ),
        (
            "ASEAN-ACT bekerja sama dengan para mitra untuk mendukung "
            "kelompok yang paling rentan terhadap perdagangan orang dan "
            "mengurangi hambatan dalam mengakses perlindungan dan "
            "dukungan."
        ),
        (
            "Nakikipagtulungan ang ASEAN-ACT sa mga katuwang upang "
            "suportahan ang mga grupong pinakamadaling mabiktima ng "
            "trafficking at bawasan ang mga hadlang sa pagkuha ng "
            "proteksyon at suporta."
        ),
        (
            "ASEAN-ACT သည် လူကုန်ကူးမှုဒဏ် အခံရနိုင်ဆုံး အုပ်စုများကို "
            "ပံ့ပိုးရန်နှင့် ကာကွယ်မှုနှင့် အကူအညီ ရယူရာတွင် "
            "အတားအဆီးများ လျှော့ချရန် မိတ်ဖက်များနှင့် "
            "ပူးပေါင်းဆောင်ရွက်လျက်ရှိသည်။"
        ),
    ),
    (
        "ASEAN-ACT has established partnerships with regional and "
        "national actors, as effective counter trafficking responses "
        "require multi-sectoral approaches."
    ): (
        (
            "ASEAN-ACT បាន\u200bបង្កើត\u200bភាព\u200bជា\u200bដៃគូ\u200bជាមួយ\u200bតួអង្គ\u200b"
            "ថ្នាក់\u200bតំបន់ "
            "និង\u200bថ្នាក់\u200bជាតិ ដោយសារ\u200bការ\u200bឆ្លើយតប\u200bប្រឆាំង\u200bការ\u200b"
            "ជួញដូរ\u200b"
            "មនុស្ស\u200bប្រកប\u200bដោយ\u200bប្រសិទ្ធភាព ទាមទារ\u200bវិធីសាស្ត្រ\u200bពហុ\u200b"
            "វិស័យ។"
        ),
        (
            "ASEAN-ACT ໄດ້ສ້າງການເປັນຄູ່ຮ່ວມງານກັບພາກສ່ວນລະດັບພາກພື້ນ "
            "ແລະ ລະດັບຊາດ, ເນື່ອງຈາກການຕ້ານການຄ້າມະນຸດຢ່າງມີປະສິດທິຜົນ "
            "ຕ້ອງອາໄສວິທີການແບບຫຼາຍຂະແໜງການ."
        ),
        (
            "ASEAN-ACT "
            "ได้สร้างความเป็นหุ้นส่วนกับผู้มีบทบาทในระดับภูมิภาคและระดับชาติ "
            "เนื่องจากการต่อต้านการค้ามนุษย์ที่มีประสิทธิผลต้องอาศัยแนวทางแบบพหุภาคส่วน"
        ),
        (
            "ASEAN-ACT đã thiết lập quan hệ đối tác với các bên ở cấp "
            "khu vực và quốc gia, vì ứng phó hiệu quả với mua bán người "
            "đòi hỏi cách tiếp cận đa ngành."
        ),
        (
            "ASEAN-ACT telah menjalin kemitraan dengan aktor regional "
            "dan nasional, karena penanggulangan perdagangan orang yang "
            "efektif memerlukan pendekatan multisektoral."
        ),
        (
            "Nakapagtatag ang ASEAN-ACT ng pakikipagtulungan sa mga "
            "rehiyonal at pambansang aktor, dahil ang mabisang pagtugon "
            "laban sa trafficking ay nangangailangan ng mga pamamaraang "
            "multi-sektoral."
        ),
        (
            "ထိရောက်သော လူကုန်ကူးမှု တိုက်ဖျက်ရေး တုံ့ပြန်မှုများအတွက် "
            "ကဏ္ဍစုံ ချဉ်းကပ်မှုများ လိုအပ်သဖြင့် ASEAN-ACT သည် "
            "ဒေသဆိုင်ရာနှင့် နိုင်ငံအဆင့် အဖွဲ့အစည်းများနှင့် "
            "မိတ်ဖက်ဆက်ဆံရေးများ တည်ဆောက်ထားသည်။"
        ),
    ),
}
# fmt: on

# fmt: off
PROVINCES: dict[str, dict[str, tuple[str, ...]]] = {
}
# fmt: on


def texts() -> dict[str, tuple[str, ...]]:
    """Every seeded English text with its translations, provinces included."""
    merged = dict(TEXTS)
    for names in PROVINCES.values():
        merged.update(names)
    return merged
