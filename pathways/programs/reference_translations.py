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

# Province names by country: English as recorded -> km, lo, th, vi, id, fil, my. Vietnamese,
# Indonesian and Filipino write most places as English does; the other scripts spell each.
# fmt: off
PROVINCES: dict[str, dict[str, tuple[str, ...]]] = {
    "BN": {
        "Belait": ("បេឡៃត", "ເບໄລ", "เบอไลต์", "Belait", "Belait", "Belait", "ဘီလိုက်"),
        "Brunei-Muara": (
            "ប្រ៊ុយណេ-មូរ៉ា", "ບຣູໄນ-ມົວຣາ", "บรูไน-มัวรา", "Brunei-Muara", "Brunei-Muara",
            "Brunei-Muara", "ဘရူနိုင်း-မူအာရာ",
        ),
        "Temburong": (
            "តឹមប៊ូរ៉ុង", "ເຕັມບູຣົງ", "เติมบูรง", "Temburong", "Temburong", "Temburong",
            "တမ်ဘူရောင်",
        ),
        "Tutong": ("ទូតុង", "ຕູຕົງ", "ตูตง", "Tutong", "Tutong", "Tutong", "တူတောင်"),
    },
    "KH": {
        "Banteay Meanchey": (
            "បន្ទាយមានជ័យ", "ບັນເຕຍມານໄຊ", "บันทายมีชัย", "Bantây Miênchây", "Banteay Meanchey",
            "Banteay Meanchey", "ဘန်တေးမင်ချေး",
        ),
        "Battambang": (
            "បាត់ដំបង", "ບັດດຳບອງ", "พระตะบอง", "Bát Đom Boong", "Battambang", "Battambang",
            "ဘတ်တမ်ဘန်း",
        ),
        "Kampong Cham": (
            "កំពង់ចាម", "ກຳປົງຈາມ", "กำปงจาม", "Kông Pông Chàm", "Kampong Cham", "Kampong Cham",
            "ကမ်ပေါင်ချမ်း",
        ),
        "Kampong Chhnang": (
            "កំពង់ឆ្នាំង", "ກຳປົງຊະນັງ", "กำปงชนัง", "Kông Pông Chhnăng", "Kampong Chhnang",
            "Kampong Chhnang", "ကမ်ပေါင်ချနန်",
        ),
        "Kampong Speu": (
            "កំពង់ស្ពឺ", "ກຳປົງສະເປີ", "กำปงสปือ", "Kông Pông Xpư", "Kampong Speu", "Kampong Speu",
            "ကမ်ပေါင်စပူး",
        ),
        "Kampong Thom": (
            "កំពង់ធំ", "ກຳປົງທົມ", "กำปงธม", "Kông Pông Thom", "Kampong Thom", "Kampong Thom",
            "ကမ်ပေါင်သွမ်",
        ),
        "Kampot": ("កំពត", "ກຳປອດ", "กำปอต", "Cam Pốt", "Kampot", "Kampot", "ကမ်ပေါ့"),
        "Kandal": ("កណ្ដាល", "ກັນດານ", "กันดาล", "Kan Đan", "Kandal", "Kandal", "ကန်ဒဲလ်"),
        "Kep": ("កែប", "ແກບ", "แกบ", "Kép", "Kep", "Kep", "ကက်ပ်"),
        "Koh Kong": ("កោះកុង", "ເກາະກົງ", "เกาะกง", "Kô Kông", "Koh Kong", "Koh Kong", "ကော့ကောင်"),
        "Kratie": ("ក្រចេះ", "ກະແຈະ", "กระแจะ", "Kra Chê", "Kratie", "Kratie", "ကရာချေး"),
        "Mondulkiri": (
            "មណ្ឌលគិរី", "ມົນດົນຄີລີ", "มณฑลคีรี", "Mondulkiri", "Mondulkiri", "Mondulkiri",
            "မွန်ဒူကီရီ",
        ),
        "Oddar Meanchey": (
            "ឧត្ដរមានជ័យ", "ອຸດໍມານໄຊ", "อุดรมีชัย", "Ôtđô Miênchây", "Oddar Meanchey",
            "Oddar Meanchey", "အိုဒါမင်ချေး",
        ),
        "Pailin": ("ប៉ៃលិន", "ໄພລິນ", "ไพลิน", "Pai Lin", "Pailin", "Pailin", "ပိုင်လင်"),
        "Phnom Penh": (
            "ភ្នំពេញ", "ພະນົມເປັນ", "พนมเปญ", "Phnôm Pênh", "Phnom Penh", "Phnom Penh", "ဖနွမ်ပင်",
        ),
        "Preah Sihanouk": (
            "ព្រះសីហនុ", "ພຣະສີຫະນຸ", "พระสีหนุ", "Preah Sihanouk", "Preah Sihanouk",
            "Preah Sihanouk", "ပရေးသီဟာနု",
        ),
        "Preah Vihear": (
            "ព្រះវិហារ", "ພຣະວິຫານ", "พระวิหาร", "Preah Vihear", "Preah Vihear", "Preah Vihear",
            "ပရေးဗီဟီးယား",
        ),
        "Prey Veng": (
            "ព្រៃវែង", "ເປຍແວງ", "ไพรแวง", "Prây Veng", "Prey Veng", "Prey Veng", "ပရေးဗဲန်",
        ),
        "Pursat": ("ពោធិ៍សាត់", "ໂພທິສັດ", "โพธิสัตว์", "Pô Thi Xát", "Pursat", "Pursat", "ပူဆက်"),
        "Ratanakiri": (
            "រតនគិរី", "ຣັດຕະນະຄີລີ", "รัตนคีรี", "Ratanakiri", "Ratanakiri", "Ratanakiri",
            "ရတနာကီရီ",
        ),
        "Siem Reap": (
            "សៀមរាប", "ເສຍມລາບ", "เสียมราฐ", "Xiêm Riệp", "Siem Reap", "Siem Reap", "ဆီအမ်ရိပ်",
        ),
        "Stung Treng": (
            "ស្ទឹងត្រែង", "ສະຕຶງແຕງ", "สตึงเตรง", "Xtung Treng", "Stung Treng", "Stung Treng",
            "စတုန်းထရိန်း",
        ),
        "Svay Rieng": (
            "ស្វាយរៀង", "ສະວາຍຣຽງ", "สวายเรียง", "Xvây Riêng", "Svay Rieng", "Svay Rieng",
            "စွာယ်ရီယန်",
        ),
        "Takeo": ("តាកែវ", "ຕາແກ້ວ", "ตาแก้ว", "Ta Keo", "Takeo", "Takeo", "တာကဲဗ်"),
        "Tbong Khmum": (
            "ត្បូងឃ្មុំ", "ຕະບູງຄະມຸມ", "ตโบงฆมุม", "Tboung Khmum", "Tbong Khmum", "Tbong Khmum",
            "တဘောင်ခမွန်",
        ),
    },
    "ID": {
        "Aceh": ("អាចេះ", "ອາແຈະ", "อาเจะฮ์", "Aceh", "Aceh", "Aceh", "အာချေး"),
        "Bali": ("បាលី", "ບາຫຼີ", "บาหลี", "Bali", "Bali", "Bali", "ဘာလီ"),
        "Bangka Belitung Islands": (
            "កោះបាងកាបេលីទុង", "ໝູ່ເກາະບັງກາເບລີຕຸງ", "หมู่เกาะบังกาเบอลีตุง",
            "Quần đảo Bangka Belitung", "Kepulauan Bangka Belitung", "Kapuluang Bangka Belitung",
            "ဘန်ကာဘယ်လီတွန်ကျွန်းစု",
        ),
        "Banten": ("បានតេន", "ບັນເຕິນ", "บันเติน", "Banten", "Banten", "Banten", "ဘန်တင်"),
        "Bengkulu": (
            "បេងគូលូ", "ເບິງກູລູ", "เบิงกูลู", "Bengkulu", "Bengkulu", "Bengkulu", "ဘန်ကူလူ",
        ),
        "Central Java": (
            "ជ្វាកណ្ដាល", "ຊວາກາງ", "ชวากลาง", "Trung Java", "Jawa Tengah", "Gitnang Java",
            "ဗဟိုဂျားဗား",
        ),
        "Central Kalimantan": (
            "កាលីម៉ាន់តាន់កណ្ដាល", "ກາລີມັນຕັນກາງ", "กาลีมันตันกลาง", "Trung Kalimantan",
            "Kalimantan Tengah", "Gitnang Kalimantan", "ဗဟိုကာလီမန်တန်",
        ),
        "Central Papua": (
            "ប៉ាពួកណ្ដាល", "ປາປົວກາງ", "ปาปัวกลาง", "Trung Papua", "Papua Tengah", "Gitnang Papua",
            "ဗဟိုပါပူအာ",
        ),
        "Central Sulawesi": (
            "ស៊ូឡាវេស៊ីកណ្ដាល", "ຊູລາເວຊີກາງ", "สุลาเวสีกลาง", "Trung Sulawesi", "Sulawesi Tengah",
            "Gitnang Sulawesi", "ဗဟိုဆူလာဝေစီ",
        ),
        "East Java": (
            "ជ្វាខាងកើត", "ຊວາຕາເວັນອອກ", "ชวาตะวันออก", "Đông Java", "Jawa Timur",
            "Silangang Java", "အရှေ့ဂျားဗား",
        ),
        "East Kalimantan": (
            "កាលីម៉ាន់តាន់ខាងកើត", "ກາລີມັນຕັນຕາເວັນອອກ", "กาลีมันตันตะวันออก", "Đông Kalimantan",
            "Kalimantan Timur", "Silangang Kalimantan", "အရှေ့ကာလီမန်တန်",
        ),
        "East Nusa Tenggara": (
            "នូសាតេងការ៉ាខាងកើត", "ນູຊາເຕັງກາຣາຕາເວັນອອກ", "นูซาเติงการาตะวันออก",
            "Đông Nusa Tenggara", "Nusa Tenggara Timur", "Silangang Nusa Tenggara",
            "အရှေ့နူဆာတန်ဂါရာ",
        ),
        "Gorontalo": (
            "ហ្គូរ៉ុនតាឡូ", "ໂກຣົນຕາໂລ", "โกรนตาโล", "Gorontalo", "Gorontalo", "Gorontalo",
            "ဂိုရွန်တာလို",
        ),
        "Highland Papua": (
            "ប៉ាពួខ្ពង់រាប", "ປາປົວເຂດພູສູງ", "ปาปัวที่สูง", "Cao nguyên Papua", "Papua Pegunungan",
            "Kabundukang Papua", "တောင်ပေါ်ပါပူအာ",
        ),
        "Jakarta": ("ហ្សាការតា", "ຈາກາຕາ", "จาการ์ตา", "Jakarta", "Jakarta", "Jakarta", "ဂျကာတာ"),
        "Jambi": ("ជំប៊ី", "ຈຳບີ", "จัมบี", "Jambi", "Jambi", "Jambi", "ဂျမ်ဘီ"),
        "Lampung": ("ឡាំពុង", "ລຳປຸງ", "ลัมปุง", "Lampung", "Lampung", "Lampung", "လမ်ပုန်း"),
        "Maluku": ("ម៉ាលូគូ", "ມາລູກູ", "มาลูกู", "Maluku", "Maluku", "Maluku", "မာလူကူ"),
        "North Kalimantan": (
            "កាលីម៉ាន់តាន់ខាងជើង", "ກາລີມັນຕັນເໜືອ", "กาลีมันตันเหนือ", "Bắc Kalimantan",
            "Kalimantan Utara", "Hilagang Kalimantan", "မြောက်ကာလီမန်တန်",
        ),
        "North Maluku": (
            "ម៉ាលូគូខាងជើង", "ມາລູກູເໜືອ", "มาลูกูเหนือ", "Bắc Maluku", "Maluku Utara",
            "Hilagang Maluku", "မြောက်မာလူကူ",
        ),
        "North Sulawesi": (
            "ស៊ូឡាវេស៊ីខាងជើង", "ຊູລາເວຊີເໜືອ", "สุลาเวสีเหนือ", "Bắc Sulawesi", "Sulawesi Utara",
            "Hilagang Sulawesi", "မြောက်ဆူလာဝေစီ",
        ),
        "North Sumatra": (
            "ស៊ូម៉ាត្រាខាងជើង", "ຊູມາຕຣາເໜືອ", "สุมาตราเหนือ", "Bắc Sumatra", "Sumatera Utara",
            "Hilagang Sumatra", "မြောက်ဆူမတြား",
        ),
        "Papua": ("ប៉ាពួ", "ປາປົວ", "ปาปัว", "Papua", "Papua", "Papua", "ပါပူအာ"),
        "Riau": ("រីអាវ", "ຣຽວ", "เรียว", "Riau", "Riau", "Riau", "ရီယောင်"),
        "Riau Islands": (
            "កោះរីអាវ", "ໝູ່ເກາະຣຽວ", "หมู่เกาะเรียว", "Quần đảo Riau", "Kepulauan Riau",
            "Kapuluang Riau", "ရီယောင်ကျွန်းစု",
        ),
        "South Kalimantan": (
            "កាលីម៉ាន់តាន់ខាងត្បូង", "ກາລີມັນຕັນໃຕ້", "กาลีมันตันใต้", "Nam Kalimantan",
            "Kalimantan Selatan", "Timog Kalimantan", "တောင်ကာလီမန်တန်",
        ),
        "South Papua": (
            "ប៉ាពួខាងត្បូង", "ປາປົວໃຕ້", "ปาปัวใต้", "Nam Papua", "Papua Selatan", "Timog Papua",
            "တောင်ပါပူအာ",
        ),
        "South Sulawesi": (
            "ស៊ូឡាវេស៊ីខាងត្បូង", "ຊູລາເວຊີໃຕ້", "สุลาเวสีใต้", "Nam Sulawesi", "Sulawesi Selatan",
            "Timog Sulawesi", "တောင်ဆူလာဝေစီ",
        ),
        "South Sumatra": (
            "ស៊ូម៉ាត្រាខាងត្បូង", "ຊູມາຕຣາໃຕ້", "สุมาตราใต้", "Nam Sumatra", "Sumatera Selatan",
            "Timog Sumatra", "တောင်ဆူမတြား",
        ),
        "Southeast Sulawesi": (
            "ស៊ូឡាវេស៊ីអាគ្នេយ៍", "ຊູລາເວຊີຕາເວັນອອກສ່ຽງໃຕ້", "สุลาเวสีตะวันออกเฉียงใต้",
            "Đông Nam Sulawesi", "Sulawesi Tenggara", "Timog-silangang Sulawesi",
            "အရှေ့တောင်ဆူလာဝေစီ",
        ),
        "Southwest Papua": (
            "ប៉ាពួនិរតី", "ປາປົວຕາເວັນຕົກສ່ຽງໃຕ້", "ปาปัวตะวันตกเฉียงใต้", "Tây Nam Papua",
            "Papua Barat Daya", "Timog-kanlurang Papua", "အနောက်တောင်ပါပူအာ",
        ),
        "West Java": (
            "ជ្វាខាងលិច", "ຊວາຕາເວັນຕົກ", "ชวาตะวันตก", "Tây Java", "Jawa Barat", "Kanlurang Java",
            "အနောက်ဂျားဗား",
        ),
        "West Kalimantan": (
            "កាលីម៉ាន់តាន់ខាងលិច", "ກາລີມັນຕັນຕາເວັນຕົກ", "กาลีมันตันตะวันตก", "Tây Kalimantan",
            "Kalimantan Barat", "Kanlurang Kalimantan", "အနောက်ကာလီမန်တန်",
        ),
        "West Nusa Tenggara": (
            "នូសាតេងការ៉ាខាងលិច", "ນູຊາເຕັງກາຣາຕາເວັນຕົກ", "นูซาเติงการาตะวันตก",
            "Tây Nusa Tenggara", "Nusa Tenggara Barat", "Kanlurang Nusa Tenggara",
            "အနောက်နူဆာတန်ဂါရာ",
        ),
        "West Papua": (
            "ប៉ាពួខាងលិច", "ປາປົວຕາເວັນຕົກ", "ปาปัวตะวันตก", "Tây Papua", "Papua Barat",
            "Kanlurang Papua", "အနောက်ပါပူအာ",
        ),
        "West Sulawesi": (
            "ស៊ូឡាវេស៊ីខាងលិច", "ຊູລາເວຊີຕາເວັນຕົກ", "สุลาเวสีตะวันตก", "Tây Sulawesi",
            "Sulawesi Barat", "Kanlurang Sulawesi", "အနောက်ဆူလာဝေစီ",
        ),
        "West Sumatra": (
            "ស៊ូម៉ាត្រាខាងលិច", "ຊູມາຕຣາຕາເວັນຕົກ", "สุมาตราตะวันตก", "Tây Sumatra",
            "Sumatera Barat", "Kanlurang Sumatra", "အနောက်ဆူမတြား",
        ),
        "Yogyakarta": (
            "យ៉ុកយ៉ាការតា", "ຢອກຢາກາຕາ", "ยอกยาการ์ตา", "Yogyakarta", "Yogyakarta", "Yogyakarta",
            "ယော့ဂျကာတာ",
        ),
    },
    "LA": {
        "Attapeu": ("អាត្តាពើ", "ອັດຕະປື", "อัตตะปือ", "Át Tạ Pư", "Attapeu", "Attapeu", "အတ်တပေး"),
        "Bokeo": ("បូកែវ", "ບໍ່ແກ້ວ", "บ่อแก้ว", "Bò Kẹo", "Bokeo", "Bokeo", "ဘိုကေး"),
        "Bolikhamxai": (
            "បូលីខំសៃ", "ບໍລິຄຳໄຊ", "บอลิคำไซ", "Bô Ly Khăm Xay", "Bolikhamxai", "Bolikhamxai",
            "ဘိုလီခမ်ဆိုင်",
        ),
        "Champasak": (
            "ចំប៉ាសាក់", "ຈຳປາສັກ", "จำปาศักดิ์", "Chăm Pa Xắc", "Champasak", "Champasak",
            "ချမ်ပါဆက်",
        ),
        "Houaphanh": ("ហួផាន់", "ຫົວພັນ", "หัวพัน", "Hủa Phăn", "Houaphanh", "Houaphanh", "ဟွာဖန်"),
        "Khammouane": (
            "ខាំមួន", "ຄຳມ່ວນ", "คำม่วน", "Khăm Muộn", "Khammouane", "Khammouane", "ခမ်မွမ်",
        ),
        "Luang Namtha": (
            "លួងណាំថា", "ຫຼວງນ້ຳທາ", "หลวงน้ำทา", "Luông Nậm Thà", "Luang Namtha", "Luang Namtha",
            "လွမ်နမ်သာ",
        ),
        "Luang Prabang": (
            "លួងប្រាបាង", "ຫຼວງພະບາງ", "หลวงพระบาง", "Luông Pha Băng", "Luang Prabang",
            "Luang Prabang", "လွမ်ပရာဘန်",
        ),
        "Oudomxay": (
            "អ៊ូដុមសៃ", "ອຸດົມໄຊ", "อุดมไซ", "U Đôm Xay", "Oudomxay", "Oudomxay", "အူဒုံဆိုင်",
        ),
        "Phongsaly": (
            "ផុងសាលី", "ຜົ້ງສາລີ", "ผ้งสาลี", "Phông Xa Lỳ", "Phongsaly", "Phongsaly", "ဖုံဆာလီ",
        ),
        "Salavan": ("សាលាវ៉ាន់", "ສາລະວັນ", "สาละวัน", "Xả Lá Vằn", "Salavan", "Salavan", "ဆာလဝမ်"),
        "Savannakhet": (
            "សាវ៉ាន់ណាខេត", "ສະຫວັນນະເຂດ", "สะหวันนะเขต", "Xa Văn Na Khẹt", "Savannakhet",
            "Savannakhet", "ဆာဗန်နာခက်",
        ),
        "Sekong": ("សេកុង", "ເຊກອງ", "เซกอง", "Xê Kông", "Sekong", "Sekong", "ဆေကောင်"),
        "Vientiane Capital": (
            "រាជធានីវៀងចន្ទ", "ນະຄອນຫຼວງວຽງຈັນ", "นครหลวงเวียงจันทน์", "Thủ đô Viêng Chăn",
            "Ibu Kota Vientiane", "Kabisera ng Vientiane", "ဗီယင်ကျန်းမြို့တော်",
        ),
        "Vientiane Province": (
            "ខេត្តវៀងចន្ទ", "ແຂວງວຽງຈັນ", "แขวงเวียงจันทน์", "Tỉnh Viêng Chăn",
            "Provinsi Vientiane", "Lalawigan ng Vientiane", "ဗီယင်ကျန်းပြည်နယ်",
        ),
        "Xaignabouli": (
            "សៃញ៉ាបូលី", "ໄຊຍະບູລີ", "ไซยะบูลี", "Xay Nha Bu Ly", "Xaignabouli", "Xaignabouli",
            "ဆိုင်ညာဘူလီ",
        ),
        "Xaisomboun": (
            "សៃសុំបូន", "ໄຊສົມບູນ", "ไซสมบูรณ์", "Xay Xôm Bun", "Xaisomboun", "Xaisomboun",
            "ဆိုင်ဆုံဘွန်း",
        ),
        "Xiangkhouang": (
            "ស៊ៀងខ្វាង", "ຊຽງຂວາງ", "เชียงขวาง", "Xiêng Khoảng", "Xiangkhouang", "Xiangkhouang",
            "ရှင်းခွမ်",
        ),
    },
    "MY": {
        "Johor": ("ជូហោរ", "ໂຈໂຮ", "ยะโฮร์", "Johor", "Johor", "Johor", "ဂျိုဟို"),
        "Kedah": ("កេដា", "ເກດາ", "เกอดะฮ์", "Kedah", "Kedah", "Kedah", "ကေဒါ"),
        "Kelantan": (
            "កេឡាន់តាន់", "ກລັນຕັນ", "กลันตัน", "Kelantan", "Kelantan", "Kelantan", "ကလန်တန်",
        ),
        "Kuala Lumpur": (
            "កូឡាឡាំពួ", "ກົວລາລຳເປີ", "กัวลาลัมเปอร์", "Kuala Lumpur", "Kuala Lumpur",
            "Kuala Lumpur", "ကွာလာလမ်ပူ",
        ),
        "Labuan": ("ឡាប៊ូអាន", "ລາບວນ", "ลาบวน", "Labuan", "Labuan", "Labuan", "လာဘွမ်"),
        "Malacca": ("ម៉ាឡាកា", "ມະລາກາ", "มะละกา", "Malacca", "Melaka", "Malacca", "မလက္ကာ"),
        "Negeri Sembilan": (
            "នេហ្គឺរីសឹមប៊ីឡាន", "ເນກຣີເຊມບີລັນ", "เนอเกอรีเซิมบีลัน", "Negeri Sembilan",
            "Negeri Sembilan", "Negeri Sembilan", "နက်ဂရီဆမ်ဘီလန်",
        ),
        "Pahang": ("ប៉ាហាំង", "ປາຫັງ", "ปะหัง", "Pahang", "Pahang", "Pahang", "ပဟန်း"),
        "Penang": ("ប៉ឺណាំង", "ປີນັງ", "ปีนัง", "Penang", "Pulau Pinang", "Penang", "ပီနန်"),
        "Perak": ("ពេរ៉ាក់", "ເປຣາະ", "เปรัก", "Perak", "Perak", "Perak", "ပေးရက်"),
        "Perlis": ("ពែលីស", "ເປີລິດ", "เปอร์ลิส", "Perlis", "Perlis", "Perlis", "ပါလစ်"),
        "Putrajaya": (
            "ពុត្រាចាយ៉ា", "ປຸດຕຣາຈາຍາ", "ปุตราจายา", "Putrajaya", "Putrajaya", "Putrajaya",
            "ပူထရာဂျာယာ",
        ),
        "Sabah": ("សាបាហ៍", "ຊາບາ", "ซาบะฮ์", "Sabah", "Sabah", "Sabah", "ဆာဘား"),
        "Sarawak": ("សារ៉ាវ៉ាក់", "ຊາຣາວັກ", "ซาราวัก", "Sarawak", "Sarawak", "Sarawak", "ဆာရာဝက်"),
        "Selangor": (
            "សេឡាង់ហ្គោ", "ສລັງງໍ", "สลังงอร์", "Selangor", "Selangor", "Selangor", "ဆလန်ဂေါ",
        ),
        "Terengganu": (
            "តេរេងហ្គានូ", "ຕຣັງການູ", "ตรังกานู", "Terengganu", "Terengganu", "Terengganu",
            "တရင်ဂနူ",
        ),
    },
    "MM": {
        "Ayeyarwady": (
            "អ៊ីរ៉ាវ៉ាឌី", "ອິຣະວະດີ", "อิรวดี", "Ayeyarwady", "Ayeyarwady", "Ayeyarwady", "ဧရာဝတီ",
        ),
        "Bago": ("បាហ្គោ", "ພະໂຄ", "พะโค", "Bago", "Bago", "Bago", "ပဲခူး"),
        "Chin": ("ឈីន", "ຊິນ", "ชิน", "Chin", "Chin", "Chin", "ချင်း"),
        "Kachin": ("កាឈីន", "ກະສິ່ນ", "คะฉิ่น", "Kachin", "Kachin", "Kachin", "ကချင်"),
        "Kayah": ("កាយ៉ា", "ກະຢາ", "คะยา", "Kayah", "Kayah", "Kayah", "ကယား"),
        "Kayin": ("កាយីន", "ກະຫຼ່ຽງ", "กะเหรี่ยง", "Kayin", "Kayin", "Kayin", "ကရင်"),
        "Magway": ("ម៉ាហ្គេ", "ມະກວຍ", "มะกเว", "Magway", "Magway", "Magway", "မကွေး"),
        "Mandalay": (
            "ម៉ាន់ដាឡេ", "ມັນດະເລ", "มัณฑะเลย์", "Mandalay", "Mandalay", "Mandalay", "မန္တလေး",
        ),
        "Mon": ("មន", "ມອນ", "มอญ", "Mon", "Mon", "Mon", "မွန်"),
        "Naypyidaw Union Territory": (
            "ដែនដីសហភាពណៃពិដោ", "ເຂດດິນແດນສະຫະພາບເນປິດໍ", "ดินแดนสหภาพเนปิดอ",
            "Lãnh thổ Liên bang Naypyidaw", "Wilayah Persatuan Naypyidaw",
            "Teritoryo ng Unyon ng Naypyidaw", "နေပြည်တော် ပြည်ထောင်စုနယ်မြေ",
        ),
        "Rakhine": ("រ៉ាខេន", "ຍະໄຂ່", "ยะไข่", "Rakhine", "Rakhine", "Rakhine", "ရခိုင်"),
        "Sagaing": ("សាហ្គាំង", "ສະກາຍ", "สะกาย", "Sagaing", "Sagaing", "Sagaing", "စစ်ကိုင်း"),
        "Shan": ("សាន", "ສານ", "ฉาน", "Shan", "Shan", "Shan", "ရှမ်း"),
        "Tanintharyi": (
            "តានីនថារី", "ຕະນາວສີ", "ตะนาวศรี", "Tanintharyi", "Tanintharyi", "Tanintharyi",
            "တနင်္သာရီ",
        ),
        "Yangon": ("យ៉ាំងហ្គោន", "ຢ່າງກຸ້ງ", "ย่างกุ้ง", "Yangon", "Yangon", "Yangon", "ရန်ကုန်"),
    },
    "PH": {
        "Bangsamoro (BARMM)": (
            "បង់សាម៉ូរ៉ូ (BARMM)", "ບັງຊາໂມໂຣ (BARMM)", "บังซาโมโร (BARMM)", "Bangsamoro (BARMM)",
            "Bangsamoro (BARMM)", "Bangsamoro (BARMM)", "ဘန်ဆာမိုရို (BARMM)",
        ),
        "Bicol Region": (
            "តំបន់ប៊ីកុល", "ເຂດບີໂກນ", "เขตบีโคล", "Vùng Bicol", "Wilayah Bicol",
            "Rehiyon ng Bikol", "ဘီကိုလ်ဒေသ",
        ),
        "Cagayan Valley": (
            "ជ្រលងកាហ្គាយ៉ាន", "ຮ່ອມພູກາກາຢັນ", "หุบเขากากายัน", "Thung lũng Cagayan",
            "Lembah Cagayan", "Lambak ng Cagayan", "ကာဂါယန်ချိုင့်ဝှမ်း",
        ),
        "Calabarzon": (
            "កាឡាបាហ្សុន", "ກາລາບາຊອນ", "คาลาบาร์ซอน", "Calabarzon", "Calabarzon", "Calabarzon",
            "ကာလာဘာဇွန်",
        ),
        "Caraga": ("ការ៉ាហ្គា", "ກາຣາກາ", "การากา", "Caraga", "Caraga", "Caraga", "ကာရာဂါ"),
        "Central Luzon": (
            "លូសុនកណ្ដាល", "ລູຊອນກາງ", "ลูซอนกลาง", "Trung Luzon", "Luzon Tengah", "Gitnang Luzon",
            "ဗဟိုလူဇွန်",
        ),
        "Central Visayas": (
            "វីសាយ៉ាសកណ្ដាល", "ວິຊາຢັສກາງ", "วิซายัสกลาง", "Trung Visayas", "Visayas Tengah",
            "Gitnang Kabisayaan", "ဗဟိုဗီဆာယာ",
        ),
        "Cordillera Administrative Region": (
            "តំបន់រដ្ឋបាលកូឌីយេរ៉ា", "ເຂດບໍລິຫານກໍດີເຢຣາ", "เขตปกครองคอร์ดิเยรา",
            "Vùng hành chính Cordillera", "Wilayah Administratif Cordillera",
            "Rehiyong Administratibo ng Cordillera", "ကော်ဒီယဲရာ အုပ်ချုပ်ရေးဒေသ",
        ),
        "Davao Region": (
            "តំបន់ដាវ៉ាអូ", "ເຂດດາເວົາ", "เขตดาเวา", "Vùng Davao", "Wilayah Davao",
            "Rehiyon ng Davao", "ဒါဗောင်ဒေသ",
        ),
        "Eastern Visayas": (
            "វីសាយ៉ាសខាងកើត", "ວິຊາຢັສຕາເວັນອອກ", "วิซายัสตะวันออก", "Đông Visayas",
            "Visayas Timur", "Silangang Kabisayaan", "အရှေ့ဗီဆာယာ",
        ),
        "Ilocos Region": (
            "តំបន់អ៊ីឡូកូស", "ເຂດອີໂລໂກສ", "เขตอีโลโคส", "Vùng Ilocos", "Wilayah Ilocos",
            "Rehiyon ng Ilocos", "အီလိုကို့စ်ဒေသ",
        ),
        "Mimaropa": (
            "មីម៉ារ៉ូប៉ា", "ມີມາໂຣປາ", "มีมาโรปา", "Mimaropa", "Mimaropa", "Mimaropa", "မီမာရိုပါ",
        ),
        "National Capital Region": (
            "តំបន់រាជធានីជាតិ", "ເຂດນະຄອນຫຼວງແຫ່ງຊາດ", "เขตนครหลวงแห่งชาติ", "Vùng Thủ đô Quốc gia",
            "Wilayah Ibu Kota Nasional", "Pambansang Punong Rehiyon", "အမျိုးသားမြို့တော်ဒေသ",
        ),
        "Negros Island Region": (
            "តំបន់កោះណេក្រូស", "ເຂດເກາະເນກຣອສ", "เขตเกาะเนกรอส", "Vùng đảo Negros",
            "Wilayah Pulau Negros", "Rehiyon ng Pulo ng Negros", "နီဂရို့စ်ကျွန်းဒေသ",
        ),
        "Northern Mindanao": (
            "មីនដាណៅខាងជើង", "ມິນດາເນົາເໜືອ", "มินดาเนาเหนือ", "Bắc Mindanao", "Mindanao Utara",
            "Hilagang Mindanao", "မြောက်မင်ဒါနာအို",
        ),
        "Soccsksargen": (
            "សុកសាកសាហ្គេន", "ຊອກຊັກຊາເກັນ", "ซอกซาร์เจน", "Soccsksargen", "Soccsksargen",
            "Soccsksargen", "ဆော့ခ်ဆာဂျင်",
        ),
        "Western Visayas": (
            "វីសាយ៉ាសខាងលិច", "ວິຊາຢັສຕາເວັນຕົກ", "วิซายัสตะวันตก", "Tây Visayas", "Visayas Barat",
            "Kanlurang Kabisayaan", "အနောက်ဗီဆာယာ",
        ),
        "Zamboanga Peninsula": (
            "ឧបទ្វីបសំបូអាងហ្គា", "ແຫຼມຊຳບົວງາ", "คาบสมุทรซัมบวงกา", "Bán đảo Zamboanga",
            "Semenanjung Zamboanga", "Tangway ng Zamboanga", "ဇမ်ဘိုအန်ဂါ ကျွန်းဆွယ်",
        ),
    },
    "SG": {
        "Central": (
            "តំបន់កណ្ដាល", "ເຂດກາງ", "ภาคกลาง", "Trung tâm", "Wilayah Tengah", "Gitna", "ဗဟိုဒေသ",
        ),
        "North East": (
            "តំបន់ឦសាន", "ເຂດຕາເວັນອອກສ່ຽງເໜືອ", "ภาคตะวันออกเฉียงเหนือ", "Đông Bắc", "Timur Laut",
            "Hilagang-silangan", "အရှေ့မြောက်ဒေသ",
        ),
        "North West": (
            "តំបន់ពាយព្យ", "ເຂດຕາເວັນຕົກສ່ຽງເໜືອ", "ภาคตะวันตกเฉียงเหนือ", "Tây Bắc", "Barat Laut",
            "Hilagang-kanluran", "အနောက်မြောက်ဒေသ",
        ),
        "South East": (
            "តំបន់អាគ្នេយ៍", "ເຂດຕາເວັນອອກສ່ຽງໃຕ້", "ภาคตะวันออกเฉียงใต้", "Đông Nam", "Tenggara",
            "Timog-silangan", "အရှေ့တောင်ဒေသ",
        ),
        "South West": (
            "តំបន់និរតី", "ເຂດຕາເວັນຕົກສ່ຽງໃຕ້", "ภาคตะวันตกเฉียงใต้", "Tây Nam", "Barat Daya",
            "Timog-kanluran", "အနောက်တောင်ဒေသ",
        ),
    },
    "TH": {
        "Amnat Charoen": (
            "អំណាចចរើន", "ອຳນາດເຈລິນ", "อำนาจเจริญ", "Amnat Charoen", "Amnat Charoen",
            "Amnat Charoen", "အမ်နတ်ချာရိုအန်",
        ),
        "Ang Thong": (
            "អាងថោង", "ອ່າງທອງ", "อ่างทอง", "Ang Thong", "Ang Thong", "Ang Thong", "အန်ထောင်",
        ),
        "Bangkok": (
            "បាងកក", "ບາງກອກ", "กรุงเทพมหานคร", "Băng Cốc", "Bangkok", "Bangkok", "ဘန်ကောက်",
        ),
        "Bueng Kan": (
            "បឹងកាន", "ບຶງການ", "บึงกาฬ", "Bueng Kan", "Bueng Kan", "Bueng Kan", "ဘွန်ကန်",
        ),
        "Buriram": ("បុរីរម្យ", "ບຸລີຣຳ", "บุรีรัมย์", "Buriram", "Buriram", "Buriram", "ဘူရီရမ်"),
        "Chachoengsao": (
            "ឆាឆើងសៅ", "ສະເຊີງເສົາ", "ฉะเชิงเทรา", "Chachoengsao", "Chachoengsao", "Chachoengsao",
            "ချာချွန်ဆောင်",
        ),
        "Chai Nat": ("ជ័យណាត", "ໄຊນາດ", "ชัยนาท", "Chai Nat", "Chai Nat", "Chai Nat", "ချိုင်းနတ်"),
        "Chaiyaphum": (
            "ជ័យភូមិ", "ໄຊຍະພູມ", "ชัยภูมิ", "Chaiyaphum", "Chaiyaphum", "Chaiyaphum",
            "ချိုင်ယာဖွမ်",
        ),
        "Chanthaburi": (
            "ចន្ទបុរី", "ຈັນທະບຸລີ", "จันทบุรี", "Chanthaburi", "Chanthaburi", "Chanthaburi",
            "ချန်တဘူရီ",
        ),
        "Chiang Mai": (
            "ឈៀងម៉ៃ", "ຊຽງໃໝ່", "เชียงใหม่", "Chiềng Mai", "Chiang Mai", "Chiang Mai", "ချင်းမိုင်",
        ),
        "Chiang Rai": (
            "ឈៀងរ៉ៃ", "ຊຽງຮາຍ", "เชียงราย", "Chiềng Rai", "Chiang Rai", "Chiang Rai", "ချင်းရိုင်",
        ),
        "Chonburi": (
            "ជលបុរី", "ຊົນບຸລີ", "ชลบุรี", "Chonburi", "Chonburi", "Chonburi", "ချွန်ဘူရီ",
        ),
        "Chumphon": ("ជុំផន", "ຊຸມພອນ", "ชุมพร", "Chumphon", "Chumphon", "Chumphon", "ချွမ်ဖွန်"),
        "Kalasin": ("កាឡាស៊ីន", "ກາລະສິນ", "กาฬสินธุ์", "Kalasin", "Kalasin", "Kalasin", "ကာလာစင်"),
        "Kamphaeng Phet": (
            "កំផែងពេជ្រ", "ກຳແພງເພັດ", "กำแพงเพชร", "Kamphaeng Phet", "Kamphaeng Phet",
            "Kamphaeng Phet", "ကမ်ဖိန်ဖက်",
        ),
        "Kanchanaburi": (
            "កាញ្ចនបុរី", "ການຈະນະບຸລີ", "กาญจนบุรี", "Kanchanaburi", "Kanchanaburi",
            "Kanchanaburi", "ကန်ချနဘူရီ",
        ),
        "Khon Kaen": (
            "ខនកែន", "ຂອນແກ່ນ", "ขอนแก่น", "Khon Kaen", "Khon Kaen", "Khon Kaen", "ခုန်ကိန်",
        ),
        "Krabi": ("ក្រាប៊ី", "ກະບີ່", "กระบี่", "Krabi", "Krabi", "Krabi", "ကရာဘီ"),
        "Lampang": ("ឡាំប៉ាង", "ລຳປາງ", "ลำปาง", "Lampang", "Lampang", "Lampang", "လမ်ပန်"),
        "Lamphun": ("ឡាំភូន", "ລຳພູນ", "ลำพูน", "Lamphun", "Lamphun", "Lamphun", "လမ်ဖွန်"),
        "Loei": ("លើយ", "ເລີຍ", "เลย", "Loei", "Loei", "Loei", "လိုအေ"),
        "Lopburi": ("លពបុរី", "ລົບບຸລີ", "ลพบุรี", "Lopburi", "Lopburi", "Lopburi", "လော့ဘူရီ"),
        "Mae Hong Son": (
            "ម៉ែហុងសន", "ແມ່ຮ່ອງສອນ", "แม่ฮ่องสอน", "Mae Hong Son", "Mae Hong Son", "Mae Hong Son",
            "မဲဟောင်ဆွန်",
        ),
        "Maha Sarakham": (
            "មហាសារខាម", "ມະຫາສາລະຄາມ", "มหาสารคาม", "Maha Sarakham", "Maha Sarakham",
            "Maha Sarakham", "မဟာဆာရခမ်",
        ),
        "Mukdahan": (
            "មុក្ដាហាន", "ມຸກດາຫານ", "มุกดาหาร", "Mukdahan", "Mukdahan", "Mukdahan", "မွတ်ဒါဟန်",
        ),
        "Nakhon Nayok": (
            "នគរណាយក", "ນະຄອນນາຍົກ", "นครนายก", "Nakhon Nayok", "Nakhon Nayok", "Nakhon Nayok",
            "နခွန်နာယုတ်",
        ),
        "Nakhon Pathom": (
            "នគរបឋម", "ນະຄອນປະຖົມ", "นครปฐม", "Nakhon Pathom", "Nakhon Pathom", "Nakhon Pathom",
            "နခွန်ပထုံ",
        ),
        "Nakhon Phanom": (
            "នគរភ្នំ", "ນະຄອນພະນົມ", "นครพนม", "Nakhon Phanom", "Nakhon Phanom", "Nakhon Phanom",
            "နခွန်ဖနုံ",
        ),
        "Nakhon Ratchasima": (
            "នគររាជសីមា", "ນະຄອນຣາຊະສີມາ", "นครราชสีมา", "Nakhon Ratchasima", "Nakhon Ratchasima",
            "Nakhon Ratchasima", "နခွန်ရာချာသီမာ",
        ),
        "Nakhon Sawan": (
            "នគរសួគ៌", "ນະຄອນສະຫວັນ", "นครสวรรค์", "Nakhon Sawan", "Nakhon Sawan", "Nakhon Sawan",
            "နခွန်ဆဝမ်",
        ),
        "Nakhon Si Thammarat": (
            "នគរស្រីធម្មរាជ", "ນະຄອນສີທຳມະຣາດ", "นครศรีธรรมราช", "Nakhon Si Thammarat",
            "Nakhon Si Thammarat", "Nakhon Si Thammarat", "နခွန်ဆီထမ္မရတ်",
        ),
        "Nan": ("ណាន", "ນ່ານ", "น่าน", "Nan", "Nan", "Nan", "နန်"),
        "Narathiwat": (
            "នរាធិវាស", "ນະຣາທິວາດ", "นราธิวาส", "Narathiwat", "Narathiwat", "Narathiwat",
            "နရာသီဝပ်",
        ),
        "Nong Bua Lamphu": (
            "ណងបួឡាំភូ", "ໜອງບົວລຳພູ", "หนองบัวลำภู", "Nong Bua Lamphu", "Nong Bua Lamphu",
            "Nong Bua Lamphu", "နောင်ဘွာလမ်ဖူး",
        ),
        "Nong Khai": (
            "ណងខាយ", "ໜອງຄາຍ", "หนองคาย", "Nong Khai", "Nong Khai", "Nong Khai", "နောင်ခိုင်",
        ),
        "Nonthaburi": (
            "នន្ទបុរី", "ນົນທະບຸລີ", "นนทบุรี", "Nonthaburi", "Nonthaburi", "Nonthaburi",
            "နွန်တဘူရီ",
        ),
        "Pathum Thani": (
            "បទុមធានី", "ປະທຸມທານີ", "ปทุมธานี", "Pathum Thani", "Pathum Thani", "Pathum Thani",
            "ပထွမ်ထာနီ",
        ),
        "Pattani": ("ប៉ាតានី", "ປັດຕານີ", "ปัตตานี", "Pattani", "Pattani", "Pattani", "ပတ္တနီ"),
        "Phang Nga": ("ផាំងងា", "ພັງງາ", "พังงา", "Phang Nga", "Phang Nga", "Phang Nga", "ဖန်ငါ"),
        "Phatthalung": (
            "ផាត់ថាលុង", "ພັດທະລຸງ", "พัทลุง", "Phatthalung", "Phatthalung", "Phatthalung",
            "ဖတ်ထလွန်",
        ),
        "Phayao": ("ភាយ៉ាវ", "ພະເຢົາ", "พะเยา", "Phayao", "Phayao", "Phayao", "ဖယောင်"),
        "Phetchabun": (
            "ពេជ្របូរណ៍", "ເພັດຊະບູນ", "เพชรบูรณ์", "Phetchabun", "Phetchabun", "Phetchabun",
            "ဖက်ချဘွန်",
        ),
        "Phetchaburi": (
            "ពេជ្របុរី", "ເພັດຊະບຸລີ", "เพชรบุรี", "Phetchaburi", "Phetchaburi", "Phetchaburi",
            "ဖက်ချဘူရီ",
        ),
        "Phichit": ("ពិចិត្រ", "ພິຈິດ", "พิจิตร", "Phichit", "Phichit", "Phichit", "ဖီချစ်"),
        "Phitsanulok": (
            "ពិស្ណុលោក", "ພິດສະນຸໂລກ", "พิษณุโลก", "Phitsanulok", "Phitsanulok", "Phitsanulok",
            "ဖိတ်ဆနုလုတ်",
        ),
        "Phra Nakhon Si Ayutthaya": (
            "ព្រះនគរស្រីអយុធ្យា", "ພຣະນະຄອນສີອະຍຸດທະຍາ", "พระนครศรีอยุธยา",
            "Phra Nakhon Si Ayutthaya", "Phra Nakhon Si Ayutthaya", "Phra Nakhon Si Ayutthaya",
            "အယုဒ္ဓယ",
        ),
        "Phrae": ("ផ្រែ", "ແພ່", "แพร่", "Phrae", "Phrae", "Phrae", "ဖရဲ"),
        "Phuket": ("ភូកេត", "ພູເກັດ", "ภูเก็ต", "Phuket", "Phuket", "Phuket", "ဖူးခက်"),
        "Prachinburi": (
            "ប្រាជីនបុរី", "ປາຈີນບຸລີ", "ปราจีนบุรี", "Prachinburi", "Prachinburi", "Prachinburi",
            "ပရာချင်ဘူရီ",
        ),
        "Prachuap Khiri Khan": (
            "ប្រចួបគីរីខាន់", "ປະຈວບຄີລີຂັນ", "ประจวบคีรีขันธ์", "Prachuap Khiri Khan",
            "Prachuap Khiri Khan", "Prachuap Khiri Khan", "ပရာချွပ်ခီရီခန်",
        ),
        "Ranong": ("រ៉ាណង", "ລະນອງ", "ระนอง", "Ranong", "Ranong", "Ranong", "ရနောင်း"),
        "Ratchaburi": (
            "រាជបុរី", "ຣາດຊະບຸລີ", "ราชบุรี", "Ratchaburi", "Ratchaburi", "Ratchaburi",
            "ရတ်ချဘူရီ",
        ),
        "Rayong": ("រ៉ាយ៉ង", "ລະຍອງ", "ระยอง", "Rayong", "Rayong", "Rayong", "ရယောင်း"),
        "Roi Et": ("រយអេត", "ຮ້ອຍເອັດ", "ร้อยเอ็ด", "Roi Et", "Roi Et", "Roi Et", "ရွိုင်အက်"),
        "Sa Kaeo": ("ស្រះកែវ", "ສະແກ້ວ", "สระแก้ว", "Sa Kaeo", "Sa Kaeo", "Sa Kaeo", "ဆကဲဝ်"),
        "Sakon Nakhon": (
            "សកលនគរ", "ສະກົນນະຄອນ", "สกลนคร", "Sakon Nakhon", "Sakon Nakhon", "Sakon Nakhon",
            "ဆကွန်နခွန်",
        ),
        "Samut Prakan": (
            "សមុទ្រប្រាកាន", "ສະໝຸດປາການ", "สมุทรปราการ", "Samut Prakan", "Samut Prakan",
            "Samut Prakan", "ဆမွတ်ပရာကန်",
        ),
        "Samut Sakhon": (
            "សមុទ្រសាគរ", "ສະໝຸດສາຄອນ", "สมุทรสาคร", "Samut Sakhon", "Samut Sakhon", "Samut Sakhon",
            "ဆမွတ်ဆာခွန်",
        ),
        "Samut Songkhram": (
            "សមុទ្រសង្គ្រាម", "ສະໝຸດສົງຄາມ", "สมุทรสงคราม", "Samut Songkhram", "Samut Songkhram",
            "Samut Songkhram", "ဆမွတ်ဆောင်ခရမ်",
        ),
        "Saraburi": (
            "សារបុរី", "ສະຫຼະບຸລີ", "สระบุรี", "Saraburi", "Saraburi", "Saraburi", "ဆာရဘူရီ",
        ),
        "Satun": ("សាទូន", "ສະຕູນ", "สตูล", "Satun", "Satun", "Satun", "ဆတွန်"),
        "Sing Buri": (
            "សិង្ហបុរី", "ສິງບຸລີ", "สิงห์บุรี", "Sing Buri", "Sing Buri", "Sing Buri", "ဆင်ဘူရီ",
        ),
        "Sisaket": ("ស៊ីសាកេត", "ສີສະເກດ", "ศรีสะเกษ", "Sisaket", "Sisaket", "Sisaket", "ဆီဆာကက်"),
        "Songkhla": ("សុងខ្លា", "ສົງຂະລາ", "สงขลา", "Songkhla", "Songkhla", "Songkhla", "ဆောင်ခလာ"),
        "Sukhothai": (
            "សុខោទ័យ", "ສຸໂຂໄທ", "สุโขทัย", "Sukhothai", "Sukhothai", "Sukhothai", "သုခိုသိုင်",
        ),
        "Suphan Buri": (
            "សុវណ្ណបុរី", "ສຸພັນບຸລີ", "สุพรรณบุรี", "Suphan Buri", "Suphan Buri", "Suphan Buri",
            "ဆုဖန်ဘူရီ",
        ),
        "Surat Thani": (
            "សុរ៉ាតថានី", "ສຸຣາດທານີ", "สุราษฎร์ธานี", "Surat Thani", "Surat Thani", "Surat Thani",
            "ဆူရတ်ထာနီ",
        ),
        "Surin": ("សុរិន្ទ", "ສຸລິນ", "สุรินทร์", "Surin", "Surin", "Surin", "ဆူရင်"),
        "Tak": ("តាក", "ຕາກ", "ตาก", "Tak", "Tak", "Tak", "တတ်"),
        "Trang": ("ត្រាង", "ຕັງ", "ตรัง", "Trang", "Trang", "Trang", "တရန်"),
        "Trat": ("ត្រាត", "ຕາດ", "ตราด", "Trat", "Trat", "Trat", "တရတ်"),
        "Ubon Ratchathani": (
            "អ៊ុបុនរាជធានី", "ອຸບົນຣາດຊະທານີ", "อุบลราชธานี", "Ubon Ratchathani",
            "Ubon Ratchathani", "Ubon Ratchathani", "ဥဘုန်ရတ်ချထာနီ",
        ),
        "Udon Thani": (
            "ឧដុនថានី", "ອຸດອນທານີ", "อุดรธานี", "Udon Thani", "Udon Thani", "Udon Thani",
            "ဥဒုန်ထာနီ",
        ),
        "Uthai Thani": (
            "ឧទ័យថានី", "ອຸໄທທານີ", "อุทัยธานี", "Uthai Thani", "Uthai Thani", "Uthai Thani",
            "ဥသိုင်ထာနီ",
        ),
        "Uttaradit": (
            "ឧត្តរឌិត", "ອຸດຕະຣະດິດ", "อุตรดิตถ์", "Uttaradit", "Uttaradit", "Uttaradit",
            "ဥတ္တရဒိတ်",
        ),
        "Yala": ("យ៉ាឡា", "ຢະລາ", "ยะลา", "Yala", "Yala", "Yala", "ယာလာ"),
        "Yasothon": ("យសោធរ", "ຍະໂສທອນ", "ยโสธร", "Yasothon", "Yasothon", "Yasothon", "ယသိုထွန်"),
    },
    "VN": {
        "An Giang": ("អានយ៉ាង", "ອານຢາງ", "อานซาง", "An Giang", "An Giang", "An Giang", "အန်ဂျန်း"),
        "Bac Ninh": ("បាក់និញ", "ບັກນິງ", "บั๊กนิญ", "Bắc Ninh", "Bac Ninh", "Bac Ninh", "ဘက်နင်း"),
        "Ca Mau": ("កាម៉ៅ", "ກ່າເມົາ", "ก่าเมา", "Cà Mau", "Ca Mau", "Ca Mau", "ကာမော်"),
        "Can Tho": ("កឹនថើ", "ເກີ່ນເທີ", "เกิ่นเทอ", "Cần Thơ", "Can Tho", "Can Tho", "ကန်သို"),
        "Cao Bang": (
            "កាវបាង", "ກາວບັ່ງ", "กาวบั่ง", "Cao Bằng", "Cao Bang", "Cao Bang", "ကောင်ဘန်",
        ),
        "Da Nang": ("ដាណាំង", "ດ່ານັງ", "ดานัง", "Đà Nẵng", "Da Nang", "Da Nang", "ဒါနန်း"),
        "Dak Lak": ("ដាក់ឡាក់", "ດັກລັກ", "ดั๊กลั๊ก", "Đắk Lắk", "Dak Lak", "Dak Lak", "ဒက်လက်"),
        "Dien Bien": (
            "ឌៀនបៀន", "ດ່ຽນບຽນ", "เดียนเบียน", "Điện Biên", "Dien Bien", "Dien Bien", "ဒီယန်ဘီယန်",
        ),
        "Dong Nai": (
            "ដុងណៃ", "ດົ່ງນາຍ", "ด่งนาย", "Đồng Nai", "Dong Nai", "Dong Nai", "ဒေါင်နိုင်",
        ),
        "Dong Thap": (
            "ដុងថាប", "ດົ່ງທາບ", "ด่งท้าป", "Đồng Tháp", "Dong Thap", "Dong Thap", "ဒေါင်ထပ်",
        ),
        "Gia Lai": ("យ៉ាឡាយ", "ຢາລາຍ", "ซาลาย", "Gia Lai", "Gia Lai", "Gia Lai", "ဂျာလိုင်"),
        "Ha Noi": ("ហាណូយ", "ຮ່າໂນ້ຍ", "ฮานอย", "Hà Nội", "Hanoi", "Hanoi", "ဟနွိုင်း"),
        "Ha Tinh": ("ហាទិញ", "ຮ່າຕິ້ງ", "ห่าติ๋ญ", "Hà Tĩnh", "Ha Tinh", "Ha Tinh", "ဟာတင့်"),
        "Hai Phong": (
            "ហៃផុង", "ໄຮຟອງ", "ไฮฟอง", "Hải Phòng", "Hai Phong", "Hai Phong", "ဟိုင်ဖောင်း",
        ),
        "Ho Chi Minh City": (
            "ទីក្រុងហូជីមិញ", "ນະຄອນໂຮ່ຈິມິນ", "นครโฮจิมินห์", "Thành phố Hồ Chí Minh",
            "Kota Ho Chi Minh", "Lungsod ng Ho Chi Minh", "ဟိုချီမင်းမြို့",
        ),
        "Hue": ("ហ្វេ", "ເຫວ້", "เว้", "Huế", "Hue", "Hue", "ဟွေ"),
        "Hung Yen": (
            "ហ៊ុងអៀន", "ຮຶງອຽນ", "ฮึงเอียน", "Hưng Yên", "Hung Yen", "Hung Yen", "ဟွန်ယန်",
        ),
        "Khanh Hoa": (
            "ខាញ់ហ្វា", "ແຄ້ງຮວ່າ", "คั้ญฮหว่า", "Khánh Hòa", "Khanh Hoa", "Khanh Hoa", "ခန်ဟွာ",
        ),
        "Lai Chau": (
            "ឡៃចូវ", "ລາຍເຈົາ", "ลายเจิว", "Lai Châu", "Lai Chau", "Lai Chau", "လိုင်ချောင်",
        ),
        "Lam Dong": (
            "ឡាំដុង", "ເລິມດົ່ງ", "เลิมด่ง", "Lâm Đồng", "Lam Dong", "Lam Dong", "လမ်ဒေါင်",
        ),
        "Lang Son": ("ឡាងសឺន", "ລາງເຊີນ", "ลางเซิน", "Lạng Sơn", "Lang Son", "Lang Son", "လန်ဆန်"),
        "Lao Cai": ("ឡាវកាយ", "ລາວກາຍ", "หล่าวกาย", "Lào Cai", "Lao Cai", "Lao Cai", "လောက်ကိုင်"),
        "Nghe An": ("ង៉េអាន", "ເງ້ອານ", "เหงะอาน", "Nghệ An", "Nghe An", "Nghe An", "ငေအန်"),
        "Ninh Binh": (
            "និញប៊ិញ", "ນິງບິ່ງ", "นิญบิ่ญ", "Ninh Bình", "Ninh Binh", "Ninh Binh", "နင်ဘင်း",
        ),
        "Phu Tho": ("ភូថូ", "ຟູ໋ໂທ", "ฟู้เถาะ", "Phú Thọ", "Phu Tho", "Phu Tho", "ဖူးသို"),
        "Quang Ngai": (
            "ក្វាងង៉ាយ", "ກວາງງາຍ", "กว๋างหงาย", "Quảng Ngãi", "Quang Ngai", "Quang Ngai",
            "ကွမ်ငိုင်",
        ),
        "Quang Ninh": (
            "ក្វាងនិញ", "ກວາງນິງ", "กว๋างนิญ", "Quảng Ninh", "Quang Ninh", "Quang Ninh", "ကွမ်နင်း",
        ),
        "Quang Tri": (
            "ក្វាងទ្រី", "ກວາງຈີ", "กว๋างจิ", "Quảng Trị", "Quang Tri", "Quang Tri", "ကွမ်ထရီ",
        ),
        "Son La": ("សឺនឡា", "ເຊີນລາ", "เซินลา", "Sơn La", "Son La", "Son La", "ဆွန်လာ"),
        "Tay Ninh": ("តៃនិញ", "ໄຕນິງ", "เต็ยนิญ", "Tây Ninh", "Tay Ninh", "Tay Ninh", "တေးနင်း"),
        "Thai Nguyen": (
            "ថៃង្វៀន", "ໄທງວຽນ", "ท้ายเงวียน", "Thái Nguyên", "Thai Nguyen", "Thai Nguyen",
            "သိုင်ငုယင်",
        ),
        "Thanh Hoa": (
            "ថាញ់ហ្វា", "ແທງຮວາ", "แทงฮว้า", "Thanh Hóa", "Thanh Hoa", "Thanh Hoa", "သန်ဟွာ",
        ),
        "Tuyen Quang": (
            "ទុយៀនក្វាង", "ຕວຽນກວາງ", "เตวียนกวาง", "Tuyên Quang", "Tuyen Quang", "Tuyen Quang",
            "တွင်ကွမ်",
        ),
        "Vinh Long": (
            "វិញឡុង", "ວິງລອງ", "หวิญลอง", "Vĩnh Long", "Vinh Long", "Vinh Long", "ဗင်လောင်",
        ),
    },
}
# fmt: on


def texts() -> dict[str, tuple[str, ...]]:
    """Every seeded English text with its translations, provinces included."""
    merged = dict(TEXTS)
    for names in PROVINCES.values():
        merged.update(names)
    return merged
