#!/usr/bin/env python3
"""Writes seeds/districts.json, seeds/roles.json and seeds/demo-users.json.

Hand-curated data, no randomness: run it after editing the lists below and commit the JSON.
"""
import json
import pathlib

SEEDS = pathlib.Path(__file__).resolve().parent.parent

# Chongqing's 38 county-level divisions: 26 districts, 8 counties, 4 autonomous counties,
# with their administrative division codes. Development zones (两江新区, 高新区) are not
# administrative divisions and are left out.
DISTRICTS = [
    ("500101", "万州区", "Wanzhou District", "district"),
    ("500102", "涪陵区", "Fuling District", "district"),
    ("500103", "渝中区", "Yuzhong District", "district"),
    ("500104", "大渡口区", "Dadukou District", "district"),
    ("500105", "江北区", "Jiangbei District", "district"),
    ("500106", "沙坪坝区", "Shapingba District", "district"),
    ("500107", "九龙坡区", "Jiulongpo District", "district"),
    ("500108", "南岸区", "Nan'an District", "district"),
    ("500109", "北碚区", "Beibei District", "district"),
    ("500110", "綦江区", "Qijiang District", "district"),
    ("500111", "大足区", "Dazu District", "district"),
    ("500112", "渝北区", "Yubei District", "district"),
    ("500113", "巴南区", "Banan District", "district"),
    ("500114", "黔江区", "Qianjiang District", "district"),
    ("500115", "长寿区", "Changshou District", "district"),
    ("500116", "江津区", "Jiangjin District", "district"),
    ("500117", "合川区", "Hechuan District", "district"),
    ("500118", "永川区", "Yongchuan District", "district"),
    ("500119", "南川区", "Nanchuan District", "district"),
    ("500120", "璧山区", "Bishan District", "district"),
    ("500151", "铜梁区", "Tongliang District", "district"),
    ("500152", "潼南区", "Tongnan District", "district"),
    ("500153", "荣昌区", "Rongchang District", "district"),
    ("500154", "开州区", "Kaizhou District", "district"),
    ("500155", "梁平区", "Liangping District", "district"),
    ("500156", "武隆区", "Wulong District", "district"),
    ("500229", "城口县", "Chengkou County", "county"),
    ("500230", "丰都县", "Fengdu County", "county"),
    ("500231", "垫江县", "Dianjiang County", "county"),
    ("500233", "忠县", "Zhong County", "county"),
    ("500235", "云阳县", "Yunyang County", "county"),
    ("500236", "奉节县", "Fengjie County", "county"),
    ("500237", "巫山县", "Wushan County", "county"),
    ("500238", "巫溪县", "Wuxi County", "county"),
    ("500240", "石柱土家族自治县", "Shizhu Tujia Autonomous County", "autonomousCounty"),
    ("500241", "秀山土家族苗族自治县", "Xiushan Tujia and Miao Autonomous County", "autonomousCounty"),
    ("500242", "酉阳土家族苗族自治县", "Youyang Tujia and Miao Autonomous County", "autonomousCounty"),
    ("500243", "彭水苗族土家族自治县", "Pengshui Miao and Tujia Autonomous County", "autonomousCounty"),
]

ROLES = [
    ("secretariat", "秘书处", "Secretariat",
     "设计和修改工作流；受理申请并做完整性审查；安排会议；公布结果。",
     "Designs and edits workflows; receives applications and checks completeness; schedules meetings; publishes results."),
    ("leadershipGroupLeader", "领导小组组长", "Leadership group leader",
     "诊所行业管理工作领导小组组长；同时持有“领导小组成员”角色。",
     "Leader of the clinic-sector management leadership group; also holds leadershipGroupMember."),
    ("leadershipGroupDeputy", "领导小组副组长", "Leadership group deputy leader",
     "领导小组副组长；同时持有“领导小组成员”角色。",
     "Deputy leader of the leadership group; also holds leadershipGroupMember."),
    ("leadershipGroupMember", "领导小组成员", "Leadership group member",
     "领导小组全体成员（含组长、副组长）：事前审批分会活动、审核分会筹建、决定考核结果；会签时本角色全员签署。",
     "Every member of the leadership group, leader and deputy included: pre-approves branch activities, reviews branch founding, decides assessment outcomes; a countersign task needs every holder of this role."),
    ("partyCommittee", "协会党委", "Party committee",
     "审核分会筹建；考核并任命特设党支部委员；确认考核中意识形态、党风廉政两部分。",
     "Reviews branch founding; assesses and appoints party-branch committee members; confirms the ideology and party-conduct parts of the assessment."),
    ("standingCouncil", "常务理事会", "Standing council",
     "审议、表决新设分会：以出席人数过半数通过。",
     "Reviews and votes on new branches; passes with a majority of those present."),
    ("expert", "专家", "Expert",
     "专家资源库成员：参加现场评审并评分。",
     "Member of the expert pool; scores on-site reviews."),
    ("branchChair", "分会主任委员", "Branch chair",
     "分会负责人：提交年度自评、活动申请、整改报告。",
     "Head of a branch; submits the annual self-assessment, activity requests and rectification reports."),
    ("memberUnit", "会员单位", "Member unit",
     "会员单位、诊所或医疗机构：申请入会、申报质量评审、签署诚信自律倡议书。",
     "Member unit, clinic or institution; applies for membership and quality review, signs the integrity pledge."),
    ("admin", "系统管理员", "Administrator",
     "管理用户、角色和系统设置。",
     "Manages users, roles and system settings."),
]

PASSWORD = "Passw0rd!"

# (userName, displayName, roles). Names are fictitious.
USERS = [
    ("admin", "系统管理员", ["admin"]),
    ("mishu1", "唐雨晴", ["secretariat"]),
    ("mishu2", "邓佳琪", ["secretariat"]),
    ("zuzhang", "彭立新", ["leadershipGroupLeader", "leadershipGroupMember"]),
    ("fuzuzhang", "梁志远", ["leadershipGroupDeputy", "leadershipGroupMember"]),
    ("chengyuan1", "龚建华", ["leadershipGroupMember"]),
    ("chengyuan2", "程德胜", ["leadershipGroupMember"]),
    ("chengyuan3", "付晓燕", ["leadershipGroupMember"]),
    ("dangwei1", "钟国庆", ["partyCommittee"]),
    ("dangwei2", "喻春兰", ["partyCommittee"]),
    ("changwu1", "曾宪文", ["standingCouncil"]),
    ("changwu2", "黄永生", ["standingCouncil"]),
    ("changwu3", "刘淑芬", ["standingCouncil"]),
    ("changwu4", "谢天明", ["standingCouncil"]),
    ("changwu5", "蒋丽华", ["standingCouncil"]),
    ("zhuanjia1", "何文斌", ["expert"]),
    ("zhuanjia2", "冉秀英", ["expert"]),
    ("zhuanjia3", "谭国栋", ["expert"]),
    ("zhuanjia4", "向玉兰", ["expert"]),
    ("zhuwei1", "张宏伟", ["branchChair"]),
    ("zhuwei2", "李静", ["branchChair"]),
    ("huiyuan1", "吴德明", ["memberUnit"]),
    ("huiyuan2", "秦雪梅", ["memberUnit"]),
    # a physician of 重庆渝中仁济医院 who files for that hospital (generate_demo.py links the user to her person)
    ("huiyuan3", "钱淑华", ["memberUnit"]),
]


def write(name, data):
    path = SEEDS / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print("wrote", path)


def main():
    write("districts.json", [
        {"id": code, "name": name, "nameEn": en, "kind": kind, "sortOrder": i + 1}
        for i, (code, name, en, kind) in enumerate(DISTRICTS)
    ])
    write("roles.json", [
        {"id": key, "name": zh, "nameEn": en, "description": dzh, "descriptionEn": den, "sortOrder": i + 1}
        for i, (key, zh, en, dzh, den) in enumerate(ROLES)
    ])
    write("demo-users.json", [
        {"userName": u, "password": PASSWORD, "displayName": d, "email": f"{u}@example.org", "roles": r}
        for u, d, r in USERS
    ])


if __name__ == "__main__":
    main()
