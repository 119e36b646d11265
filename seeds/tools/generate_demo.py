#!/usr/bin/env python3
"""Writes the demo data in seeds/demo/ (fictitious people and institutions in Chongqing).

Deterministic: a fixed random seed and uuid5 ids, so running it again gives byte-identical files.
The committed JSON is the source of truth; this script only documents how it was made.
Boundary cases for the rules (000 §4.3, 001 §9) are placed on purpose, see CLINIC_PROFILES.
"""
import json
import pathlib
import random
import uuid

from generate_reference import DISTRICTS, USERS

SEEDS = pathlib.Path(__file__).resolve().parent.parent
DEMO = SEEDS / "demo"
RNG = random.Random(20221007)
NS = uuid.UUID("0b6f3a52-7c1d-5e8a-9f40-2d6c1b7e8a93")
YEAR = 2024  # the demo's "current" year: inspections and revenues run up to it


def gid(kind, key):
    return str(uuid.uuid5(NS, f"{kind}:{key}"))


DISTRICT_CODES = [d[0] for d in DISTRICTS]
DISTRICT_SHORT = {d[0]: d[1].replace("土家族苗族自治县", "").replace("苗族土家族自治县", "").replace("土家族自治县", "").rstrip("区县") or d[1] for d in DISTRICTS}
DISTRICT_SHORT["500233"] = "忠县"

# ---------------------------------------------------------------- hospitals
# (key, name, district, grade, gradeLabel, specialty hospital, key specialties [(name, level)])
HOSPITALS = [
    ("renji", "重庆渝中仁济医院", "500103", "tertiary", "三级甲等", False, [("心血管内科", "municipal"), ("消化内科", "hospital")]),
    ("huakang", "重庆江北华康医院", "500105", "tertiary", "三级乙等", False, [("骨科", "regional")]),
    ("boai", "重庆沙坪坝博爱医院", "500106", "tertiary", "三级", False, [("神经内科", "municipal")]),
    ("jialing", "重庆九龙坡嘉陵医院", "500107", "tertiary", "三级甲等", False, [("普通外科", "municipal"), ("重症医学科", "regional")]),
    ("changjiang", "重庆南岸长江医院", "500108", "grade2A", "二级甲等", False, [("康复医学科", "municipal")]),
    ("ankang", "重庆渝北安康医院", "500112", "tertiary", "三级乙等", False, [("呼吸内科", "regional")]),
    ("hengkang", "重庆巴南恒康医院", "500113", "grade2A", "二级甲等", False, []),
    ("jinyun", "重庆北碚缙云医院", "500109", "grade2A", "二级甲等", False, [("检验科", "regional")]),
    ("sanxia", "重庆万州三峡仁和医院", "500101", "tertiary", "三级乙等", False, [("肾内科", "regional")]),
    ("ruifeng", "重庆涪陵瑞丰医院", "500102", "grade2A", "二级甲等", False, [("妇产科", "municipal")]),
    ("kangde", "重庆永川康德医院", "500118", "grade2A", "二级甲等", False, []),
    ("huamei", "重庆合川华美医院", "500117", "other", "二级乙等", False, []),
    ("jijiang", "重庆江津几江医院", "500116", "grade2A", "二级甲等", False, []),
    ("taoyuan", "重庆长寿桃源医院", "500115", "other", "二级乙等", False, []),
    ("nanzhou", "重庆綦江南州医院", "500110", "other", "一级", False, []),
    ("haitang", "重庆大足海棠医院", "500111", "grade2A", "二级甲等", False, []),
    ("qinggang", "重庆璧山青杠医院", "500120", "other", "二级乙等", False, []),
    ("wuling", "重庆黔江武陵医院", "500114", "grade2A", "二级甲等", False, []),
    ("hanfeng", "重庆开州汉丰湖医院", "500154", "grade2A", "二级甲等", False, []),
    ("shuanggui", "重庆梁平双桂医院", "500155", "other", "一级", False, []),
    ("mingshi", "重庆明视眼科医院", "500103", "tertiary", "三级", True, [("眼科", "municipal")]),
    ("kanggu", "重庆康骨骨科医院", "500106", "tertiary", "三级", True, [("骨科", "municipal")]),
    ("anbei", "重庆安贝妇产医院", "500105", "tertiary", "三级", True, []),
    ("huajian", "重庆华健肿瘤医院", "500107", "tertiary", "三级", True, [("肿瘤内科", "municipal")]),
    ("jiamei", "重庆佳美口腔医院", "500112", "grade2A", "二级甲等", True, [("口腔正畸", "regional")]),
    ("xinkang", "重庆心康心血管病医院", "500112", "tertiary", "三级", True, [("心血管内科", "municipal")]),
    ("ningxin", "重庆宁心精神卫生中心", "500113", "grade2A", "二级甲等", True, [("精神科", "regional")]),
    ("baicao", "重庆百草中医医院", "500108", "tertiary", "三级", True, [("中医骨伤科", "municipal")]),
    ("deren", "重庆德仁中西医结合医院", "500109", "grade2A", "二级甲等", False, [("针灸科", "regional")]),
    ("longcheng", "重庆铜梁龙城医院", "500151", "other", "二级乙等", False, []),
    ("fujiang", "重庆潼南涪江医院", "500152", "grade2A", "二级甲等", False, []),
    ("changzhou", "重庆荣昌昌州医院", "500153", "grade2A", "二级甲等", False, []),
    ("jinfo", "重庆南川金佛山医院", "500119", "other", "二级乙等", False, []),
    ("xiannv", "重庆武隆仙女山医院", "500156", "other", "一级", False, []),
    ("zhongzhou", "重庆忠县忠州医院", "500233", "grade2A", "二级甲等", False, []),
    ("longgang", "重庆云阳龙缸医院", "500235", "other", "二级乙等", False, []),
    ("kuizhou", "重庆奉节夔州医院", "500236", "grade2A", "二级甲等", False, []),
    ("mudan", "重庆垫江牡丹医院", "500231", "other", "二级乙等", False, []),
    ("mingshan", "重庆丰都名山医院", "500230", "other", "二级乙等", False, []),
    ("biancheng", "重庆秀山边城医院", "500241", "other", "一级", False, []),
]

# ---------------------------------------------------------------- clinics
BRANDS = ["康悦", "仁心", "杏林", "济民", "惠民", "益康", "德济", "和顺", "安泰", "同仁", "长寿", "明德",
          "厚朴", "博济", "善济", "正和", "天和", "春晖", "佑安", "福康", "怡康", "宁康", "嘉禾", "瑞康",
          "众康", "健安", "华济", "民生", "颐和", "永康", "沐春", "青禾", "百信", "睿康", "立德", "宏济",
          "致远", "信和", "知行", "乐康", "启康", "桐君", "本草", "岐黄", "仲景", "思邈", "皓齿", "美莱",
          "雅齿", "丽颜", "贝臻", "恒美", "明珠", "君安", "仁爱", "泰和", "顺天", "聚康", "康宁", "华佗"]
SUFFIX = {"western": "综合诊所", "tcm": "中医诊所", "integrated": "中西医结合诊所", "dental": "口腔诊所", "cosmetic": "医疗美容诊所"}

# Profiles: (label, count or None, category override). Each produces floor area, lease, inspections,
# revenues, credit and pledge. "boundary-*" sit exactly on or next to a threshold of 000 §4.3.
CLINIC_PROFILES = (
    [("chair", "tcm")] * 3 + [("chair", "western")] * 3 + [("chair", "integrated")] * 2
    + [("vice", "tcm")] * 4 + [("vice", "western")] * 5 + [("vice", "integrated")] * 2 + [("vice", "dental")]
    + [("member", "tcm")] * 5 + [("member", "western")] * 7 + [("member", "integrated")] * 3 + [("member", "dental")] * 2 + [("member", "cosmetic")]
    + [("boundary-area300-revenue3m", "western"), ("boundary-area299", "western"), ("boundary-lease4", "tcm"),
       ("boundary-revenue2999999", "western"), ("boundary-revenue5m", "tcm"), ("boundary-revenue4999999", "integrated"),
       ("boundary-inspection2", "western"), ("boundary-inspection4", "tcm"), ("boundary-badcredit", "western"),
       ("boundary-nopledge", "integrated")]
    + [("small", "western")] * 4 + [("small", "tcm")] * 2 + [("small", "dental")] * 3 + [("small", "cosmetic")] * 3
)
assert len(CLINIC_PROFILES) == 60, len(CLINIC_PROFILES)

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤冉")
GIVEN = ["建国", "志强", "海燕", "秀兰", "永红", "晓东", "文静", "国华", "春梅", "德明", "玉珍", "立群", "红霞",
         "明辉", "桂芳", "新华", "丽娟", "志刚", "淑华", "建军", "小燕", "振宇", "雪梅", "伟", "敏", "静", "磊",
         "勇", "军", "洁", "涛", "斌", "霞", "平", "刚", "芳", "杰", "娟", "强", "鹏", "婷", "宇", "浩", "琳",
         "晓峰", "思远", "家豪", "俊杰", "子涵", "雨婷", "嘉怡", "梓轩", "一鸣", "欣然", "天佑", "瑞",
         "光明", "永福", "金凤", "素琴", "泽民", "开林", "仕友", "朝阳", "其昌", "世杰", "绍华", "克勤"]

# Users linked, after the fact, to a person the register already had (name drawn below): their names stay drawable,
# so adding such a user leaves every generated row as it was.
LINKED_LATER = {"huiyuan3": ("d31ef2cb-21d7-589f-ab91-5400bf5aa266", "钱淑华")}
used_names = {d for u, d, _ in USERS if u not in LINKED_LATER}


def person_name():
    while True:
        name = RNG.choice(SURNAMES) + RNG.choice(GIVEN)
        if name not in used_names:
            used_names.add(name)
            return name


def revenues(avg, spread=0.12):
    """Three yearly revenues 2019–2021 averaging exactly avg (integers), plus 2022–2023."""
    a = round(avg * (1 - spread * RNG.random()))
    b = round(avg * (1 + spread * RNG.random()))
    c = 3 * avg - a - b
    later = [round(avg * (0.9 + 0.3 * RNG.random())) for _ in range(2)]
    return [a, b, c] + later


def inspections(passed_recent, first=2018, last=YEAR):
    """Years first..last; the most recent `passed_recent` passed, the one before failed, older ones passed."""
    rows = []
    for y in range(first, last + 1):
        recent = y > last - passed_recent
        failed_year = y == last - passed_recent
        rows.append((y, recent or not failed_year))
    return rows


def clinic_figures(profile):
    """(area, lease, inspections passed in a row, avg revenue 2019–2021 or explicit list, bad credit, pledge)."""
    r = RNG
    if profile == "chair":
        return r.randrange(420, 1500, 10), r.choice([6, 8, 10, 15]), 7, r.randrange(5_300_000, 9_000_000, 10_000), False, True
    if profile == "vice":
        return r.randrange(320, 900, 10), r.choice([5, 6, 8, 10]), 7, r.randrange(5_000_000, 6_500_000, 10_000), False, True
    if profile == "member":
        return r.randrange(300, 700, 10), r.choice([5, 6, 8]), r.choice([3, 4]), r.randrange(3_000_000, 4_900_000, 10_000), False, True
    if profile == "small":
        return r.randrange(60, 260, 10), r.choice([1, 2, 3, 5]), r.choice([1, 2, 5, 7]), r.randrange(400_000, 2_500_000, 10_000), False, r.random() < 0.5
    return {
        "boundary-area300-revenue3m": (300, 5, 3, [2_800_000, 3_000_000, 3_200_000], False, True),
        "boundary-area299": (299, 5, 5, 3_600_000, False, True),
        "boundary-lease4": (460, 4, 5, 4_100_000, False, True),
        "boundary-revenue2999999": (380, 6, 5, [2_999_999, 2_999_999, 2_999_999], False, True),
        "boundary-revenue5m": (520, 8, 5, [4_600_000, 5_000_000, 5_400_000], False, True),
        "boundary-revenue4999999": (500, 8, 5, [4_999_999, 4_999_999, 4_999_999], False, True),
        "boundary-inspection2": (350, 5, 2, 3_500_000, False, True),
        "boundary-inspection4": (610, 10, 4, 5_800_000, False, True),
        "boundary-badcredit": (700, 8, 7, 6_100_000, True, True),
        "boundary-nopledge": (330, 5, 7, 3_300_000, False, False),
    }[profile]


TITLES = {
    "senior": ("senior", "主任医师"),
    "associateSenior": ("associateSenior", "副主任医师"),
    "intermediate": ("intermediate", "主治医师"),
    "junior": ("junior", "医师"),
}
TCM_TITLES = {"senior": "主任中医师", "associateSenior": "副主任中医师", "intermediate": "主治中医师", "junior": "中医师"}

people = []
units = []
person_by_user = {}
user_display = {u: d for u, d, _ in USERS}


def add_person(key, unit_id, specialty, title, title_year, practice_start, party, *, user=None, professor=False,
               supervisor=False, management=False, division=False, licensed=True, affiliation=None, tcm=False):
    pid = gid("person", key)
    name = user_display[user] if user else person_name()
    title_name = None if title == "none" else (TCM_TITLES[title] if tcm else TITLES[title][1])
    people.append({
        "id": pid, "name": name, "memberUnitId": unit_id, "affiliation": affiliation,
        "title": title, "titleName": title_name, "titleYear": title_year, "practiceStartYear": practice_start,
        "licensedPhysician": licensed, "specialty": specialty, "partyMember": party, "professor": professor,
        "supervisor": supervisor, "richManagementExperience": management,
        "divisionLevelHealthAdminExperience": division,
        "email": f"{user}@example.org" if user else f"doctor{len(people) + 1:03d}@example.org",
        "phone": None, "userName": user,
    })
    if user:
        person_by_user[user] = pid
    return pid


# ---- hospitals and their doctors
hospital_ids = {}
general_count = 0
for i, (key, name, district, grade, label, specialty, keys) in enumerate(HOSPITALS):
    uid = gid("unit", key)
    hospital_ids[key] = uid
    depts = []
    if not specialty:
        depts = ["内科", "外科"]
    units.append({
        "id": uid, "name": name, "kind": "hospital", "districtId": district,
        "address": f"重庆市{[d[1] for d in DISTRICTS if d[0] == district][0]}{RNG.choice(['人民路', '建设路', '新华路', '解放路', '滨江路', '中山路'])}{RNG.randrange(1, 300)}号",
        "isMember": True, "joinedOn": f"{RNG.randrange(2008, 2021)}-{RNG.randrange(1, 13):02d}-{RNG.randrange(1, 28):02d}",
        "hospitalGrade": grade, "gradeLabel": label, "isSpecialtyHospital": specialty,
        "beds": RNG.randrange(300, 1200, 10) if grade == "tertiary" else RNG.randrange(60, 400, 10),
        "clinicCategory": None, "isChain": False, "floorAreaSqm": None, "leaseYears": None,
        "badCreditRecord": False, "insuranceAgreementEndedForFraudOn": None,
        "inspections": [], "revenues": [],
        "keySpecialties": [{"memberUnitId": uid, "name": n, "level": lv} for n, lv in keys],
        "departments": [{"memberUnitId": uid, "name": d} for d in depts],
    })

# ---- clinics, one per district first so every district has one, then the main urban districts
URBAN = ["500103", "500105", "500106", "500107", "500108", "500112", "500113", "500109", "500104"]
clinic_districts = DISTRICT_CODES + [URBAN[i % len(URBAN)] for i in range(60 - len(DISTRICT_CODES))]
order = list(range(60))
RNG.shuffle(order)
clinics = []  # (uid, category, profile, district, owner pid)
brands = BRANDS[:]
for n, idx in enumerate(order):
    profile, category = CLINIC_PROFILES[idx]
    district = clinic_districts[n]
    brand = brands.pop(0)
    chain = profile in ("chair", "vice") and RNG.random() < 0.5
    short = DISTRICT_SHORT[district]
    name = f"重庆{short}{brand}{SUFFIX[category]}" if not chain else f"重庆{brand}连锁{SUFFIX[category]}（{short}店）"
    uid = gid("unit", f"clinic-{n:02d}")
    area, lease, passed, rev, bad, pledge = clinic_figures(profile)
    yearly = rev if isinstance(rev, list) else revenues(rev)
    if len(yearly) == 3:
        yearly = yearly + [round(yearly[2] * 1.05), round(yearly[2] * 1.08)]
    units.append({
        "id": uid, "name": name, "kind": "clinic", "districtId": district,
        "address": None, "isMember": profile != "small" or RNG.random() < 0.5,
        "joinedOn": f"{RNG.randrange(2019, 2024)}-{RNG.randrange(1, 13):02d}-{RNG.randrange(1, 28):02d}",
        "hospitalGrade": None, "gradeLabel": None, "isSpecialtyHospital": False, "beds": None,
        "clinicCategory": category, "isChain": chain, "floorAreaSqm": area, "leaseYears": lease,
        "badCreditRecord": bad, "insuranceAgreementEndedForFraudOn": None,
        "inspections": [{"memberUnitId": uid, "year": y, "passed": p} for y, p in inspections(passed)],
        "revenues": [{"memberUnitId": uid, "year": 2019 + k, "amountCny": v} for k, v in enumerate(yearly)],
        "keySpecialties": [], "departments": [],
    })
    clinics.append({"id": uid, "category": category, "profile": profile, "district": district, "pledge": pledge, "name": name})

# one small clinic lost its insurance agreement for fraud (004 §2.3.3)
fraud = next(c for c in clinics if c["profile"] == "small")
next(u for u in units if u["id"] == fraud["id"])["insuranceAgreementEndedForFraudOn"] = "2023-06-30"

# departments for the second-level discipline rule (001 §9(2)): 内科 in exactly 36 units, 外科 in 34
general_units = [u for u in units if u["departments"]]
western = [u for u in units if u.get("clinicCategory") == "western"]
for u in western[:36 - len(general_units)]:
    u["departments"].append({"memberUnitId": u["id"], "name": "内科"})
surgery_drop = [u for u in general_units if u["hospitalGrade"] == "other"][: len(general_units) + 4 - 34]
for u in surgery_drop:
    u["departments"] = [d for d in u["departments"] if d["name"] != "外科"]
for u in western[:4]:
    u["departments"].append({"memberUnitId": u["id"], "name": "外科"})
count = lambda dept: sum(any(d["name"] == dept for d in u["departments"]) for u in units)
assert count("内科") == 36 and count("外科") == 34, (count("内科"), count("外科"))

# ---- clinic owners (licensed physicians); two linked to demo users
owner_users = {"chair": "huiyuan1", "boundary-area300-revenue3m": "huiyuan2"}
for c in clinics:
    p = c["profile"]
    user = owner_users.pop(p, None) if c["category"] != "tcm" or p != "chair" else None
    if p == "chair":
        title, ty, start, party, mgmt, div = RNG.choice(["senior", "senior", "associateSenior"]), RNG.randrange(2008, 2018), RNG.randrange(1990, 2005), RNG.random() < 0.8, True, False
        if title != "senior":
            div = True  # 000 §4.3.3: a chair without a full senior title needs division-level experience
    elif p in ("vice", "boundary-revenue5m", "boundary-inspection4", "boundary-badcredit"):
        title, ty, start, party, mgmt, div = RNG.choice(["intermediate", "associateSenior"]), RNG.randrange(2010, 2020), RNG.randrange(1995, 2012), RNG.random() < 0.6, RNG.random() < 0.5, False
    elif p == "small":
        title, ty, start, party, mgmt, div = RNG.choice(["junior", "intermediate"]), RNG.randrange(2012, 2022), RNG.randrange(2008, 2021), RNG.random() < 0.3, False, False
    else:
        title, ty, start, party, mgmt, div = RNG.choice(["junior", "intermediate", "intermediate"]), RNG.randrange(2010, 2021), RNG.randrange(2000, 2016), RNG.random() < 0.4, False, False
    specialty = {"western": "全科医学", "tcm": "中医内科", "integrated": "中西医结合内科", "dental": "口腔医学", "cosmetic": "医疗美容"}[c["category"]]
    c["owner"] = add_person(f"owner-{c['id']}", c["id"], specialty, title, ty, start, party, user=user, management=mgmt,
                            division=div, tcm=c["category"] == "tcm")
    c["ownerTitle"] = title
    c["ownerParty"] = party

# practice-years boundary: 5 years (2019) passes, 4 years (2020) fails, counted in YEAR
boundary_people = [c for c in clinics if c["profile"] == "member"][:2]
for c, start in zip(boundary_people, (YEAR - 5, YEAR - 4)):
    next(p for p in people if p["id"] == c["owner"])["practiceStartYear"] = start

# ---------------------------------------------------------------- branches
# (code, name, nameEn, discipline, chair hospital, status, founded, second-level)
ACADEMIC = [
    ("cardiology", "心血管内科分会", "Cardiology Branch", "心血管内科", "xinkang", "active", "2015-04-18"),
    ("neurology", "神经内科分会", "Neurology Branch", "神经内科", "boai", "active", "2016-06-25"),
    ("respiratory", "呼吸与危重症医学分会", "Respiratory and Critical Care Branch", "呼吸内科", "ankang", "active", "2016-09-10"),
    ("gastroenterology", "消化病学分会", "Gastroenterology Branch", "消化内科", "renji", "active", "2014-11-22"),
    ("nephrology", "肾脏病学分会", "Nephrology Branch", "肾内科", "sanxia", "active", "2017-05-13"),
    ("endocrinology", "内分泌代谢病分会", "Endocrinology and Metabolism Branch", "内分泌科", "huakang", "active", "2018-03-17"),
    ("general-surgery", "普通外科分会", "General Surgery Branch", "普通外科", "jialing", "active", "2015-08-08"),
    ("orthopaedics", "骨科分会", "Orthopaedics Branch", "骨科", "kanggu", "active", "2014-10-18"),
    ("neurosurgery", "神经外科分会", "Neurosurgery Branch", "神经外科", "boai", "active", "2019-04-20"),
    ("urology", "泌尿外科分会", "Urology Branch", "泌尿外科", "jialing", "active", "2018-07-14"),
    ("obstetrics", "妇产科分会", "Obstetrics and Gynaecology Branch", "妇产科", "ruifeng", "active", "2016-03-05"),
    ("paediatrics", "儿科分会", "Paediatrics Branch", "儿科", "renji", "active", "2017-09-23"),
    ("ophthalmology", "眼科分会", "Ophthalmology Branch", "眼科", "mingshi", "active", "2015-12-12"),
    ("otolaryngology", "耳鼻咽喉头颈外科分会", "Otolaryngology Branch", "耳鼻咽喉科", "huakang", "active", "2019-10-26"),
    ("dental", "口腔医学分会", "Dental Medicine Branch", "口腔医学", "jiamei", "active", "2014-06-28"),
    ("plastic-cosmetic", "整形与美容分会", "Plastic and Cosmetic Branch", "整形美容", "huakang", "active", "2017-11-18"),
    ("dermatology", "皮肤病学分会", "Dermatology Branch", "皮肤科", "changjiang", "active", "2020-05-16"),
    ("oncology", "肿瘤学分会", "Oncology Branch", "肿瘤科", "huajian", "active", "2016-12-03"),
    ("anaesthesiology", "麻醉学分会", "Anaesthesiology Branch", "麻醉科", "jialing", "active", "2018-12-08"),
    ("critical-care", "重症医学分会", "Critical Care Branch", "重症医学科", "renji", "active", "2020-09-19"),
    ("emergency", "急诊医学分会", "Emergency Medicine Branch", "急诊科", "ankang", "active", "2019-06-15"),
    ("rehabilitation", "康复医学分会", "Rehabilitation Medicine Branch", "康复医学科", "changjiang", "active", "2015-09-26"),
    ("tcm", "中医药分会", "Traditional Chinese Medicine Branch", "中医", "baicao", "active", "2014-09-13"),
    ("integrated-medicine", "中西医结合分会", "Integrated Chinese and Western Medicine Branch", "中西医结合", "deren", "active", "2017-04-08"),
    ("imaging", "医学影像分会", "Medical Imaging Branch", "医学影像科", "sanxia", "active", "2018-05-19"),
    ("laboratory", "检验医学分会", "Laboratory Medicine Branch", "检验科", "jinyun", "active", "2019-03-23"),
    ("nursing", "护理分会", "Nursing Branch", "护理", "renji", "active", "2014-12-20"),
    ("pharmacy", "药学分会", "Pharmacy Branch", "药学", "boai", "underRectification", "2016-07-16"),
    ("hospital-management", "医院管理分会", "Hospital Management Branch", "医院管理", "ankang", "active", "2015-03-28"),
    ("health-it", "医疗信息化分会", "Health Information Technology Branch", "医疗信息化", "huakang", "suspended", "2020-11-21"),
    ("health-management", "健康管理分会", "Health Management Branch", "健康管理", "hengkang", "underRectification", "2019-08-17"),
    ("psychiatry", "精神卫生分会", "Mental Health Branch", "精神科", "ningxin", "active", "2021-04-24"),
    ("general-practice", "全科医学分会", "General Practice Branch", "全科医学", "zhongzhou", "dissolved", "2017-06-10"),
    ("geriatrics", "老年医学分会", "Geriatrics Branch", "老年医学科", "changjiang", "merged", "2018-10-13"),
]

branches = []
holders = []
hospital_doctors = {k: [] for k, *_ in HOSPITALS}
chair_users = {"cardiology": "zhuwei1"}
expert_users = ["zhuanjia1", "zhuanjia2", "zhuanjia3", "zhuanjia4"]


def hospital_doctor(hkey, specialty, *, senior=True, user=None):
    tcm = hkey in ("baicao",)
    if senior:
        title = RNG.choice(["senior", "senior", "associateSenior"])
    else:
        title = RNG.choice(["associateSenior", "associateSenior", "intermediate"])
    ty = RNG.randrange(2006, 2022) if title != "senior" else RNG.randrange(2004, 2019)
    pid = add_person(f"doctor-{hkey}-{len(hospital_doctors[hkey])}", hospital_ids[hkey], specialty, title, ty,
                     RNG.randrange(1988, 2008), RNG.random() < 0.6, user=user,
                     professor=title == "senior" and RNG.random() < 0.4, supervisor=title == "senior" and RNG.random() < 0.5,
                     management=RNG.random() < 0.3, tcm=tcm)
    hospital_doctors[hkey].append(pid)
    return pid


counting = []
for code, name, en, discipline, hkey, status, founded in ACADEMIC:
    bid = gid("branch", code)
    branch = {
        "id": bid, "code": code, "name": name, "nameEn": en, "kind": "academic", "clinicCategory": None,
        "discipline": discipline, "isSecondLevelDiscipline": False, "status": status,
        "chairUnitId": hospital_ids[hkey], "foundedOn": founded, "sponsorFeeReductionPoints": 0,
        "publishedOnWebsite": status in ("active", "underRectification", "suspended"),
        "mergedIntoBranchId": gid("branch", "rehabilitation") if status == "merged" else None,
    }
    branches.append(branch)
    if status in ("dissolved", "merged"):
        continue
    counting.append(branch)
    chair = hospital_doctor(hkey, discipline, user=chair_users.get(code))
    start = f"{max(int(founded[:4]), 2021)}-{founded[5:]}"
    end = f"{int(start[:4]) + 4}-{start[5:]}"
    holders.append((bid, chair, "chair", hospital_ids[hkey], None, start, end))
    others = [k for k, *_ in HOSPITALS if k != hkey]
    for pos, n in (("viceChair", 2), ("standing", 2), ("member", 3)):
        for _ in range(n):
            other = RNG.choice(others)
            pid = hospital_doctor(other, discipline, senior=pos != "member")
            holders.append((bid, pid, pos, hospital_ids[other], None, start, end))

# the clinic branch for TCM clinics (000 §4.1); Western and integrated have none yet
tcm_clinics = [c for c in clinics if c["category"] == "tcm"]
tcm_chair = next(c for c in tcm_clinics if c["profile"] == "chair")
clinic_branch = {
    "id": gid("branch", "clinic-tcm"), "code": "clinic-tcm", "name": "连锁（个体）中医诊所分会",
    "nameEn": "Chain and Individual TCM Clinics Branch", "kind": "clinic", "clinicCategory": "tcm",
    "discipline": None, "isSecondLevelDiscipline": False, "status": "active",
    "chairUnitId": tcm_chair["id"], "foundedOn": "2023-03-18", "sponsorFeeReductionPoints": 0,
    "publishedOnWebsite": True, "mergedIntoBranchId": None,
}
branches.append(clinic_branch)
counting.append(clinic_branch)
next(p for p in people if p["id"] == tcm_chair["owner"])["userName"] = "zhuwei2"
next(p for p in people if p["id"] == tcm_chair["owner"])["name"] = user_display["zhuwei2"]
next(p for p in people if p["id"] == tcm_chair["owner"])["email"] = "zhuwei2@example.org"
person_by_user["zhuwei2"] = tcm_chair["owner"]
for c in tcm_clinics:
    pos = "chair" if c is tcm_chair else ("viceChair" if c["profile"] == "chair" else ("standing" if c["profile"] == "vice" else "member"))
    if c["profile"] == "small":
        continue
    holders.append((clinic_branch["id"], c["owner"], pos, c["id"], c["district"], "2023-03-18", "2027-03-17"))

# ---------------------------------------------------------------- assessments (history, 001 §7)
assessments = []


def scores(grade):
    if grade == "excellent":
        return [RNG.randrange(900, 1000) / 10 for _ in range(3)]
    if grade == "pass":
        s = [RNG.randrange(700, 990) / 10 for _ in range(3)]
        s[RNG.randrange(3)] = RNG.randrange(650, 890) / 10
        return s
    s = [RNG.randrange(620, 900) / 10 for _ in range(3)]
    s[RNG.randrange(3)] = RNG.randrange(400, 590) / 10
    return s


for b in counting:
    excellent_years = 0
    for year in (2022, 2023):
        if int(b["foundedOn"][:4]) >= year:
            continue
        if b["status"] in ("underRectification", "suspended") and year == 2023:
            grade = "fail"
        else:
            grade = RNG.choices(["excellent", "pass"], weights=[1, 3])[0]
        review = scores(grade)
        self_scores = [min(100.0, round(s + RNG.randrange(0, 40) / 10, 1)) for s in review]
        a = {
            "id": gid("assessment", f"{b['code']}-{year}"), "branchId": b["id"], "year": year,
            "status": "closed", "selfScoreTarget": self_scores[0], "selfScoreIdeology": self_scores[1],
            "selfScoreIntegrity": self_scores[2], "selfEvidence": f"{year}年度工作总结、学术活动记录及党建工作台账",
            "reviewScoreTarget": review[0], "reviewScoreIdeology": review[1], "reviewScoreIntegrity": review[2],
            "reviewComment": None, "grade": grade, "rectificationDeadline": None, "recheckPassed": None,
            "adjustmentDecision": None, "confirmedAtUtc": f"{year + 1}-01-{RNG.randrange(15, 29)}T02:00:00Z",
            "workflowInstanceId": None,
        }
        if grade == "fail":
            a["status"] = "rectifying" if b["status"] == "underRectification" else "closed"
            a["rectificationDeadline"] = f"{year + 1}-06-30"
            a["reviewComment"] = "年度目标任务未完成，学术活动不足，限期整改"
            if b["status"] == "suspended":
                a["recheckPassed"] = False
                a["adjustmentDecision"] = "replaceChairUnit"
        if grade == "excellent":
            excellent_years += 1
        assessments.append(a)
    b["sponsorFeeReductionPoints"] = min(5, 2 * excellent_years)

# ---------------------------------------------------------------- party branches (000 §4.2.1)
party_branches = []
for code in ("cardiology", "orthopaedics", "oncology", "respiratory", "clinic-tcm"):
    b = next(x for x in branches if x["code"] == code)
    bh = [h for h in holders if h[0] == b["id"]]
    chair_pid = next(h[1] for h in bh if h[2] == "chair")
    chair = next(p for p in people if p["id"] == chair_pid)
    if code == "respiratory":
        chair["partyMember"] = False  # shows the secretary-with-reason case
    elif code != "respiratory":
        chair["partyMember"] = True
    members = [chair_pid] + [h[1] for h in bh if h[1] != chair_pid][:4]
    for pid in members[1:]:
        next(p for p in people if p["id"] == pid)["partyMember"] = True
    secretary = chair_pid if chair["partyMember"] else members[1]
    pbid = gid("party-branch", code)
    party_branches.append({
        "id": pbid, "branchId": b["id"], "name": f"重庆市社会医疗机构协会{b['name']}特设党支部",
        "secretaryPersonId": secretary, "secretaryIsBranchChair": secretary == chair_pid,
        "secretaryReason": None if secretary == chair_pid else "主任委员非中共党员，经协会党委考核，由党龄最长的支部委员担任书记",
        "establishedOn": b["foundedOn"] if b["foundedOn"] >= "2022-10-07" else "2022-12-16",
        "members": [
            {"id": gid("party-member", f"{code}-{k}"), "partyBranchId": pbid, "personId": pid,
             "role": "secretary" if pid == secretary else ("deputySecretary" if k == 1 and secretary == chair_pid else "member"),
             "assessmentPassed": True, "assessmentComment": "政治可靠，作风正派，考核合格",
             "appointedOn": b["foundedOn"] if b["foundedOn"] >= "2022-10-07" else "2022-12-16"}
            for k, pid in enumerate(members)
        ],
    })

# ---------------------------------------------------------------- experts (002 §3.2-3.3)
experts = []
candidates = [p for p in people if p["memberUnitId"] in hospital_ids.values() and p["title"] in ("senior", "associateSenior")]
qualified = [p for p in candidates if p["titleYear"] <= YEAR - 5]
unqualified = [p for p in candidates if p["titleYear"] > YEAR - 5]
# the two institutions that will apply for a quality review have several experts (conflict of interest)
applicants = [hospital_ids["ankang"], hospital_ids["mingshi"]]
picked = [p for p in qualified if p["memberUnitId"] in applicants][:4]
picked += [p for p in qualified if p not in picked][: 24 - len(picked)]
for k, p in enumerate(picked):
    if k < len(expert_users):
        p["userName"] = expert_users[k]
        p["name"] = user_display[expert_users[k]]
        p["email"] = f"{expert_users[k]}@example.org"
        person_by_user[expert_users[k]] = p["id"]
for p in picked + unqualified[:5]:
    ok = p in picked
    experts.append({
        "id": gid("expert", p["id"]), "personId": p["id"], "specialty": p["specialty"], "title": p["title"],
        "titleYear": p["titleYear"], "isConsultant": False, "isExternal": False,
        "nominationSource": RNG.choice(["memberUnit", "branch"]), "nominatedByUnitId": p["memberUnitId"],
        "nominatedByBranchId": None, "status": "active" if ok else "nominated",
        "admittedOn": f"2023-{RNG.randrange(1, 13):02d}-{RNG.randrange(1, 28):02d}" if ok else None,
    })
# a clinic owner with an intermediate title nominated by mistake: fails the title rule
owner = next(p for p in people if p["title"] == "intermediate" and p["memberUnitId"] not in hospital_ids.values())
experts.append({
    "id": gid("expert", owner["id"]), "personId": owner["id"], "specialty": owner["specialty"], "title": "intermediate",
    "titleYear": owner["titleYear"], "isConsultant": False, "isExternal": False, "nominationSource": "memberUnit",
    "nominatedByUnitId": owner["memberUnitId"], "nominatedByBranchId": None, "status": "nominated", "admittedOn": None,
})
for k, (aff, spec) in enumerate([("重庆医科大学", "医院管理"), ("陆军军医大学", "医疗质量管理"), ("重庆市医疗质量控制中心", "护理质量管理")]):
    pid = add_person(f"consultant-{k}", None, spec, "senior", RNG.randrange(2000, 2012), RNG.randrange(1982, 1995), True,
                     professor=True, supervisor=True, affiliation=aff)
    experts.append({
        "id": gid("expert", pid), "personId": pid, "specialty": spec, "title": "senior",
        "titleYear": next(p for p in people if p["id"] == pid)["titleYear"], "isConsultant": True, "isExternal": True,
        "nominationSource": "invited", "nominatedByUnitId": None, "nominatedByBranchId": None, "status": "active",
        "admittedOn": "2023-03-01",
    })

# ---------------------------------------------------------------- pledges and bad practice
pledges = []
for c in clinics:
    if c["pledge"]:
        signed = f"{RNG.choice([2022, 2023])}-{RNG.randrange(1, 13):02d}-{RNG.randrange(1, 28):02d}"
        owner_name = next(p["name"] for p in people if p["id"] == c["owner"])
        pledges.append({"id": gid("pledge", c["id"]), "memberUnitId": c["id"], "signedOn": signed,
                        "signatoryName": owner_name, "publishedOnWebsite": True, "revokedOn": None})

bad = []
smalls = [c for c in clinics if c["profile"] == "small"]
for k, (c, pts, when, what) in enumerate([
    (smalls[1], 2, "2023-04-12", "未按规定公示执业人员信息"),
    (smalls[1], 4, "2023-09-08", "超范围开展输液治疗"),
    (smalls[2], 3, "2023-11-20", "病历书写不规范"),
]):
    bad.append({"id": gid("bad", f"{k}"), "memberUnitId": c["id"], "occurredOn": when, "points": pts, "description": what})

# ---- colleagues of the demo member units' owners: a member unit proposes office holders from its own staff (the
# pickers offer it nothing else). Drawn after everything else, so the rows above stay as they were.
for user in ("huiyuan1", "huiyuan2"):
    owner = next(p for p in people if p["userName"] == user)
    for i, (specialty, title, ty, start, party) in enumerate([
        ("全科医学", "associateSenior", 2015, 2001, True), ("中医内科", "intermediate", 2017, 2008, False),
        ("口腔科", "intermediate", 2019, 2010, True), ("康复医学", "junior", 2020, 2016, False),
    ]):
        add_person(f"{user}-colleague-{i}", owner["memberUnitId"], specialty, title, ty, start, party, management=i == 0)

for user, (unit_id, name) in LINKED_LATER.items():
    person = next(p for p in people if p["memberUnitId"] == unit_id and p["name"] == name)
    person["userName"] = user
    person["email"] = f"{user}@example.org"
    person_by_user[user] = person["id"]

# ---------------------------------------------------------------- write
office_holders = [
    {"id": gid("holder", f"{b}-{p}-{pos}"), "branchId": b, "personId": p, "position": pos, "memberUnitId": u,
     "districtId": d, "termStart": s, "termEnd": e}
    for b, p, pos, u, d, s, e in holders
]
# one position per person and branch: keep the highest
seen = {}
rank = {"chair": 3, "viceChair": 2, "standing": 1, "member": 0}
for h in office_holders:
    key = (h["branchId"], h["personId"])
    if key not in seen or rank[h["position"]] > rank[seen[key]["position"]]:
        seen[key] = h
office_holders = [h for h in office_holders if seen[(h["branchId"], h["personId"])] is h]

assert set(person_by_user) >= {"zhuwei1", "zhuwei2", "zhuanjia1", "zhuanjia2", "zhuanjia3", "zhuanjia4", "huiyuan1", "huiyuan2"}, person_by_user
assert len({p["name"] for p in people}) == len(people)
assert len(units) == 100

DEMO.mkdir(exist_ok=True)
for name, data in [
    ("member-units.json", units), ("people.json", people), ("branches.json", branches),
    ("office-holders.json", office_holders), ("experts.json", experts), ("party-branches.json", party_branches),
    ("assessments.json", assessments), ("integrity-pledges.json", pledges), ("bad-practice-records.json", bad),
]:
    (DEMO / name).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {name}: {len(data)}")

# Each demo user who is a person of the register gets that person's id (personId): their member unit and the branches
# they chair come from it (AssociationSeeder links them on every start).
users_file = DEMO.parent / "demo-users.json"
users = json.loads(users_file.read_text(encoding="utf-8"))
for u in users:
    u.pop("personId", None)
    if u["userName"] in person_by_user:
        u["personId"] = person_by_user[u["userName"]]
users_file.write_text(json.dumps(users, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
print(f"linked {sum('personId' in u for u in users)} demo users to their people")
