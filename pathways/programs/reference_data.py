"""Reference data of the ASEAN-ACT program, from its published Cambodia factsheet
(shared/seed) where the seed says it, and from public administrative geography otherwise.

Focal points are given only where the seed names them; the admin fills in the others.
"""

from __future__ import annotations

PROGRAM = {
    "short_name": "ASEAN-ACT",
    "name": "ASEAN-Australia Counter Trafficking",
    "start_year": 2018,
    "end_year": 2028,
    "budget": "80000000.00",
    "currency": "AUD",
    "funder": "Australian Government Department of Foreign Affairs and Trade",
    "implementer": "DT Global",
    "iati_identifier": "AU-5-ASEAN-ACT",
    "mission": (
        "We support ASEAN member states to strengthen justice responses to human trafficking, "
        "while advancing the rights and protection of victims."
    ),
}

# code, name, status, focal point, focal point organisation, languages
COUNTRIES = [
    ("BN", "Brunei Darussalam", "regional", "", "", "ms,en"),
    (
        "KH",
        "Cambodia",
        "active",
        "Director General of Prosecution and Criminal Affairs, Ministry of Justice",
        "Ministry of Justice",
        "km,en",
    ),
    ("ID", "Indonesia", "establishing", "", "", "id,en"),
    ("LA", "Lao PDR", "active", "", "", "lo,en"),
    ("MY", "Malaysia", "regional", "", "", "ms,en"),
    ("MM", "Myanmar", "on_hold", "", "", "my,en"),
    ("PH", "Philippines", "active", "", "", "fil,en"),
    ("SG", "Singapore", "regional", "", "", "en"),
    ("TH", "Thailand", "active", "", "", "th,en"),
    ("VN", "Viet Nam", "active", "", "", "vi,en"),
]

PATHWAYS = [
    (
        "regional",
        "Enhancing regional-level capacity",
        "We support and partner with the Senior Officials Meeting on Transnational Crime "
        "(SOMTC) and other ASEAN bodies to strengthen victim-sensitive planning, monitoring "
        "and reporting processes.",
    ),
    (
        "national",
        "Enhancing national-level capacity",
        "We work with national partners to strengthen their capacity to implement the ACTIP, "
        "in particular those that uphold victim rights and advance gender equality, "
        "disability and social inclusion.",
    ),
    (
        "policy",
        "Developing inclusive public policy and dialogue",
        "We promote and facilitate dialogue and cooperation between government, civil "
        "society and the private sector to support improvements in counter-trafficking "
        "policies and practices.",
    ),
]

OUTCOME_AREAS = [
    (
        "justice",
        "Justice outcomes",
        "ASEAN-ACT facilitates justice sector cooperation and provides technical support to "
        "strengthen criminal justice responses to trafficking in persons.",
    ),
    (
        "victim-rights-gedsi",
        "Victim rights, and gender equality and social inclusion (GEDSI) outcomes",
        "ASEAN-ACT is working with partners to support groups most vulnerable to trafficking "
        "and reduce barriers to accessing protection and support.",
    ),
    (
        "partnerships",
        "Partnerships",
        "ASEAN-ACT has established partnerships with regional and national actors, as "
        "effective counter trafficking responses require multi-sectoral approaches.",
    ),
]

# name, acronym, type, country code ("" for regional), key partner, IATI identifier
ORGANISATIONS = [
    (
        "Australian Government Department of Foreign Affairs and Trade",
        "DFAT",
        "donor",
        "",
        False,
        "AU-5",
    ),
    ("DT Global", "DT Global", "implementer", "", False, ""),
    ("ASEAN Secretariat", "ASEC", "regional_body", "", False, ""),
    (
        "ASEAN Senior Officials Meeting on Transnational Crime",
        "SOMTC",
        "regional_body",
        "",
        False,
        "",
    ),
    (
        "ASEAN Commission on the Promotion and Protection of the Rights of Women and Children",
        "ACWC",
        "regional_body",
        "",
        False,
        "",
    ),
    # Cambodia: the partners the seed factsheet names.
    ("Cambodian National Police", "CNP", "government", "KH", True, ""),
    ("Legal Support for Children and Women", "LSCW", "ngo", "KH", True, ""),
    ("Ministry of Justice", "MoJ", "government", "KH", True, ""),
    ("Ministry of Interior", "MoI", "government", "KH", True, ""),
    (
        "Ministry of Social Affairs, Veterans and Youth Rehabilitation",
        "MoSVY",
        "government",
        "KH",
        True,
        "",
    ),
    ("National Committee to Counter Trafficking", "NCCT", "government", "KH", True, ""),
    ("Royal Academy for Judicial Professions", "RAJP", "government", "KH", True, ""),
    # Other countries: public agencies working on trafficking in persons.
    ("Lao Ministry of Public Security", "MoPS", "government", "LA", False, ""),
    ("Lao Ministry of Labour and Social Welfare", "MoLSW", "government", "LA", False, ""),
    ("Lao Women's Union", "LWU", "government", "LA", False, ""),
    ("Office of the Supreme People's Prosecutor (Lao PDR)", "OSPP", "government", "LA", False, ""),
    ("Royal Thai Police", "RTP", "government", "TH", False, ""),
    ("Office of the Attorney General (Thailand)", "OAG", "government", "TH", False, ""),
    (
        "Ministry of Social Development and Human Security",
        "MSDHS",
        "government",
        "TH",
        False,
        "",
    ),
    ("Viet Nam Ministry of Public Security", "MPS", "government", "VN", False, ""),
    ("Supreme People's Procuracy of Viet Nam", "SPP", "government", "VN", False, ""),
    ("Inter-Agency Council Against Trafficking", "IACAT", "government", "PH", False, ""),
    ("Philippine Department of Justice", "DOJ", "government", "PH", False, ""),
    (
        "Philippine Department of Social Welfare and Development",
        "DSWD",
        "government",
        "PH",
        False,
        "",
    ),
    (
        "Indonesian Ministry of Women's Empowerment and Child Protection",
        "KemenPPPA",
        "government",
        "ID",
        False,
        "",
    ),
    ("Indonesian National Police", "POLRI", "government", "ID", False, ""),
]

# Other ways sign-in sheets write the organisations above: names in the country's language
# and script, other English names, the usual acronyms. Matching ignores case, spacing,
# punctuation and invisible characters (`programs.organisations.organisation_key`), so each
# spelling is listed once. Khmer names are the official ones; where the official Khmer name
# of an organisation was not confirmed, none is listed rather than a guess.
ORGANISATION_ALIASES: dict[str, list[str]] = {
    "Australian Government Department of Foreign Affairs and Trade": [
        "Department of Foreign Affairs and Trade",
        "DFAT Australia",
    ],
    "ASEAN Secretariat": ["ASEAN Sec", "Secretariat of ASEAN"],
    "ASEAN Senior Officials Meeting on Transnational Crime": ["ASEAN SOMTC"],
    "ASEAN Commission on the Promotion and Protection of the Rights of Women and Children": [
        "ASEAN ACWC",
    ],
    "Cambodian National Police": [
        "Cambodia National Police",
        "National Police",
        "នគរបាលជាតិកម្ពុជា",
        "នគរបាលជាតិ",
    ],
    "Legal Support for Children and Women": ["Legal Support for Children & Women"],
    "Ministry of Justice": [
        "Ministry of Justice of Cambodia",
        "Cambodia Ministry of Justice",
        "Ministry of Justic",
        "Ministery of Justice",
        "ក្រសួងយុត្តិធម៌",
    ],
    "Ministry of Interior": [
        "Ministry of the Interior",
        "Ministry of Interior of Cambodia",
        "Ministry of Interiour",
        "ក្រសួងមហាផ្ទៃ",
    ],
    "Ministry of Social Affairs, Veterans and Youth Rehabilitation": [
        "MoSAVY",
        "Ministry of Social Affairs",
        "ក្រសួងសង្គមកិច្ច អតីតយុទ្ធជន និងយុវនីតិសម្បទា",
        "ក្រសួងសង្គមកិច្ច",
    ],
    "National Committee to Counter Trafficking": [
        "National Committee for Counter Trafficking",
        "National Committee to Counter Trafficking in Persons",
        "គណៈកម្មាធិការជាតិប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស",
    ],
    "Royal Academy for Judicial Professions": [
        "Royal Academy of Judicial Professions",
        "RAJP Cambodia",
        "រាជបណ្ឌិត្យសភាវិជ្ជាជីវៈតុលាការ",
    ],
    "Lao Ministry of Public Security": [
        "Ministry of Public Security",
        "Ministry of Public Security of Lao PDR",
    ],
    "Lao Ministry of Labour and Social Welfare": [
        "Ministry of Labour and Social Welfare",
        "Ministry of Labor and Social Welfare",
    ],
    "Lao Women's Union": ["Lao Women Union"],
    "Office of the Supreme People's Prosecutor (Lao PDR)": [
        "Office of the Supreme People's Prosecutor",
        "Supreme People's Prosecutor",
    ],
    "Royal Thai Police": ["Thai Police", "สำนักงานตำรวจแห่งชาติ"],
    "Office of the Attorney General (Thailand)": [
        "Office of the Attorney General",
        "สำนักงานอัยการสูงสุด",
    ],
    "Ministry of Social Development and Human Security": ["MSDHS Thailand"],
    "Viet Nam Ministry of Public Security": [
        "Ministry of Public Security",
        "Bộ Công an",
    ],
    "Supreme People's Procuracy of Viet Nam": [
        "Supreme People's Procuracy",
        "Viện kiểm sát nhân dân tối cao",
    ],
    "Inter-Agency Council Against Trafficking": [
        "Inter-Agency Council Against Trafficking in Persons"
    ],
    "Philippine Department of Justice": ["Department of Justice", "DOJ Philippines"],
    "Philippine Department of Social Welfare and Development": [
        "Department of Social Welfare and Development",
    ],
    "Indonesian Ministry of Women's Empowerment and Child Protection": [
        "Kementerian Pemberdayaan Perempuan dan Perlindungan Anak",
        "KPPPA",
        "Ministry of Women's Empowerment and Child Protection",
    ],
    "Indonesian National Police": [
        "Kepolisian Negara Republik Indonesia",
        "Indonesia National Police",
    ],
}

RPSC = [
    ("co_chair", "Lead Shepherd on Trafficking in Persons, ASEAN SOMTC", "", "SOMTC"),
    (
        "co_chair",
        "Senior representative, Australian Department of Foreign Affairs and Trade",
        "",
        "DFAT",
    ),
    ("member", "ASEAN Secretariat", "", "ASEC"),
] + [("member", f"Member for {name}", code, "") for code, name, *_ in COUNTRIES]

# First-level subdivisions (provinces, regions, states, districts).
# fmt: off
PROVINCES = {
    "BN": ["Belait", "Brunei-Muara", "Temburong", "Tutong"],
    "KH": [
        "Banteay Meanchey", "Battambang", "Kampong Cham", "Kampong Chhnang", "Kampong Speu",
        "Kampong Thom", "Kampot", "Kandal", "Kep", "Koh Kong", "Kratie", "Mondulkiri",
        "Oddar Meanchey", "Pailin", "Phnom Penh", "Preah Sihanouk", "Preah Vihear",
        "Prey Veng", "Pursat", "Ratanakiri", "Siem Reap", "Stung Treng", "Svay Rieng",
        "Takeo", "Tbong Khmum",
    ],
    "ID": [
        "Aceh", "Bali", "Bangka Belitung Islands", "Banten", "Bengkulu", "Central Java",
        "Central Kalimantan", "Central Papua", "Central Sulawesi", "East Java",
        "East Kalimantan", "East Nusa Tenggara", "Gorontalo", "Highland Papua", "Jakarta",
        "Jambi", "Lampung", "Maluku", "North Kalimantan", "North Maluku", "North Sulawesi",
        "North Sumatra", "Papua", "Riau", "Riau Islands", "South Kalimantan",
        "South Papua", "South Sulawesi", "South Sumatra", "Southeast Sulawesi",
        "Southwest Papua", "West Java", "West Kalimantan", "West Nusa Tenggara",
        "West Papua", "West Sulawesi", "West Sumatra", "Yogyakarta",
    ],
    "LA": [
        "Attapeu", "Bokeo", "Bolikhamxai", "Champasak", "Houaphanh", "Khammouane",
        "Luang Namtha", "Luang Prabang", "Oudomxay", "Phongsaly", "Salavan", "Savannakhet",
        "Sekong", "Vientiane Capital", "Vientiane Province", "Xaignabouli", "Xaisomboun",
        "Xiangkhouang",
    ],
    "MY": [
        "Johor", "Kedah", "Kelantan", "Kuala Lumpur", "Labuan", "Malacca", "Negeri Sembilan",
        "Pahang", "Penang", "Perak", "Perlis", "Putrajaya", "Sabah", "Sarawak", "Selangor",
        "Terengganu",
    ],
    "MM": [
        "Ayeyarwady", "Bago", "Chin", "Kachin", "Kayah", "Kayin", "Magway", "Mandalay",
        "Mon", "Naypyidaw Union Territory", "Rakhine", "Sagaing", "Shan", "Tanintharyi",
        "Yangon",
    ],
    "PH": [
        "Bangsamoro (BARMM)", "Bicol Region", "Cagayan Valley", "Calabarzon", "Caraga",
        "Central Luzon", "Central Visayas", "Cordillera Administrative Region",
        "Davao Region", "Eastern Visayas", "Ilocos Region", "Mimaropa", "National Capital Region",
        "Negros Island Region", "Northern Mindanao", "Soccsksargen", "Western Visayas",
        "Zamboanga Peninsula",
    ],
    "SG": ["Central", "North East", "North West", "South East", "South West"],
    "TH": [
        "Amnat Charoen", "Ang Thong", "Bangkok", "Bueng Kan", "Buriram", "Chachoengsao",
        "Chai Nat", "Chaiyaphum", "Chanthaburi", "Chiang Mai", "Chiang Rai", "Chonburi",
        "Chumphon", "Kalasin", "Kamphaeng Phet", "Kanchanaburi", "Khon Kaen", "Krabi",
        "Lampang", "Lamphun", "Loei", "Lopburi", "Mae Hong Son", "Maha Sarakham", "Mukdahan",
        "Nakhon Nayok", "Nakhon Pathom", "Nakhon Phanom", "Nakhon Ratchasima",
        "Nakhon Sawan", "Nakhon Si Thammarat", "Nan", "Narathiwat", "Nong Bua Lamphu",
        "Nong Khai", "Nonthaburi", "Pathum Thani", "Pattani", "Phang Nga", "Phatthalung",
        "Phayao", "Phetchabun", "Phetchaburi", "Phichit", "Phitsanulok",
        "Phra Nakhon Si Ayutthaya", "Phrae", "Phuket", "Prachinburi", "Prachuap Khiri Khan",
        "Ranong", "Ratchaburi", "Rayong", "Roi Et", "Sa Kaeo", "Sakon Nakhon",
        "Samut Prakan", "Samut Sakhon", "Samut Songkhram", "Saraburi", "Satun",
        "Sing Buri", "Sisaket", "Songkhla", "Sukhothai", "Suphan Buri", "Surat Thani",
        "Surin", "Tak", "Trang", "Trat", "Ubon Ratchathani", "Udon Thani", "Uthai Thani",
        "Uttaradit", "Yala", "Yasothon",
    ],
    # Viet Nam's 34 provincial units since the 2025 reorganisation.
    "VN": [
        "An Giang", "Bac Ninh", "Ca Mau", "Can Tho", "Cao Bang", "Da Nang", "Dak Lak",
        "Dien Bien", "Dong Nai", "Dong Thap", "Gia Lai", "Ha Noi", "Ha Tinh", "Hai Phong",
        "Ho Chi Minh City", "Hue", "Hung Yen", "Khanh Hoa", "Lai Chau", "Lam Dong",
        "Lang Son", "Lao Cai", "Nghe An", "Ninh Binh", "Phu Tho", "Quang Ngai",
        "Quang Ninh", "Quang Tri", "Son La", "Tay Ninh", "Thai Nguyen", "Thanh Hoa",
        "Tuyen Quang", "Vinh Long",
    ],
}
# fmt: on
