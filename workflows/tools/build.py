"""Writes the Association's workflow definitions (workflows/*.json) from the process specifications of
processes.md. Run from this folder: python3 build.py. The files are what the service loads and publishes at
start and what the designer opens; edit here (or in the designer) and commit the JSON.

Roles (candidate groups): secretariat 秘书处, leadershipGroupMember 领导小组成员, leadershipGroupLeader 组长,
partyCommittee 协会党委, standingCouncil 常务理事会, expert 专家, branchChair 主任委员, memberUnit 会员单位.
"""
import os

from wf import (Flow, activity, bind, definition, field, human_task, js, lit, obj, send_email, variable,
                workflow_input, write)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)

A = "Association."
APPLICANT = "(getApplicant() ? [getApplicant()] : ['role:secretariat'])"


def set_variable(flow, id_, display, col, row, name, type_name, value_js):
    return flow.add(id_, "Elsa.SetVariable", display, col, row,
                    variable={"id": f"v_{name}", "name": name, "typeName": type_name},
                    value=js("Object", value_js))


def end(flow, id_, col, row, display="结束"):
    return flow.add(id_, "Elsa.End", display, col, row)


# ======================================================================================================
# P1 branch founding — 成熟一个建一个 (000 §4, 001 §8–9)
# ======================================================================================================
def p1():
    f = Flow("p1flow")
    ctx = "({ process: 'P1', applicationId: getApplicationId(), title: getTitle() })"
    f.add("start", "Elsa.Start", "开始", 0, 0)
    activity(f, "register", A + "RegisterFoundingApplication", "登记筹建申请", 1, 0,
             {"Application": js("Object", "getInput('Application')")},
             {"ApplicationId": "v_ApplicationId", "Title": "v_Title", "ApplicantUserName": "v_Applicant"})
    human_task(f, "completeness", "秘书处完整性审查", 2, 0,
               title="js:'完整性审查：' + getTitle()", role="secretariat",
               description="核对筹建申请材料是否齐全：申请书（类别、名称、学科或诊所类别）、拟任主任委员单位与人选、拟任人员名单、经费承诺书、佐证材料（P1 第 2 步）。不齐全的退回补正。",
               outcomes=["Accept", "Return"], labels={"Accept": "受理", "Return": "退回补正"}, comment_required=["Return"],
               due_in="5.00:00:00", form=[field("materialsComplete", "申请材料齐全", "checkbox", True)],
               context=ctx, comment_var="v_Comment")
    activity(f, "check", A + "CheckBranchFounding", "自动检查成立条件", 3, 0,
             {"ApplicationId": js("String", "getApplicationId()")},
             {"Result": "v_Check", "Failures": "v_Failures", "Warnings": "v_Warnings", "ToConfirm": "v_ToConfirm"})
    human_task(f, "acknowledge", "确认“原则上”条款提示", 4, -1,
               title="js:'确认成立条件提示：' + getTitle()", role="secretariat",
               description="js:'以下“原则上”条款未满足，须审核人说明理由后方可继续（软性规则）：' + (getWarnings() || []).join('；') + '。另请确认：' + (getToConfirm() || []).join('；')",
               outcomes=["Acknowledge", "Return"], labels={"Acknowledge": "确认并继续", "Return": "退回申请人"},
               comment_required=["Acknowledge", "Return"], due_in="5.00:00:00", context=ctx, comment_var="v_Comment")
    activity(f, "recordAck", A + "SetFoundingStatus", "记录提示确认理由", 5, -1,
             {"ApplicationId": js("String", "getApplicationId()"), "Status": lit("String", "underReview"),
              "WarningsAcknowledgement": js("String", "getComment()")})
    activity(f, "underReview", A + "SetFoundingStatus", "进入审查", 4, 0,
             {"ApplicationId": js("String", "getApplicationId()"), "Status": lit("String", "underReview")})
    activity(f, "returnIncomplete", A + "SetFoundingStatus", "退回补正", 2, 1,
             {"ApplicationId": js("String", "getApplicationId()"), "Status": lit("String", "returned"),
              "Reason": js("String", "getComment()"), "DecidedBy": lit("String", "秘书处")},
             {"DecisionReason": "v_Rejection"})
    activity(f, "returnIneligible", A + "SetFoundingStatus", "不符合条件，退回", 3, 1,
             {"ApplicationId": js("String", "getApplicationId()"), "Status": lit("String", "returned"),
              "Reason": js("String", "(getFailures() || []).join('；')"), "DecidedBy": lit("String", "成立条件自动检查")},
             {"DecisionReason": "v_Rejection"})
    send_email(f, "mailReturned", "通知申请人（退回）", 3, 2, APPLICANT, "applicationReturned",
               "({ processName: '分会成立', instanceTitle: getTitle(), comment: getRejection() + '。可修改后重新提交申请。' })")
    end(f, "endReturned", 4, 2, "结束（已退回）")

    human_task(f, "survey", "秘书处调研", 5, 0,
               title="js:'调研：' + getTitle()", role="secretariat",
               description="对拟成立分会开展调研（P1 第 3 步）：学科或诊所类别的发展情况、会员单位意愿、主任委员单位条件，形成调研报告。",
               outcomes=["Done"], due_in="30.00:00:00", remind=["3.00:00:00", "1.00:00:00"], escalate="role:leadershipGroupLeader",
               form=[field("report", "调研报告", "textarea", True)], context=ctx, form_data="v_Survey")
    human_task(f, "chairCall", "主委竞争性选拔", 6, 0,
               title="js:'主委竞争性选拔：' + getTitle()", role="secretariat",
               description="js:'公开遴选主任委员人选，组织评委评分后录入：每行一名候选人，“姓名或人员编号，评委分数1，分数2…”（001 §9(1)）。' + (getChairMessage() ? '上次录入：' + getChairMessage() : '')",
               outcomes=["Submit"], due_in="30.00:00:00", form=[field("candidates", "候选人及得分", "textarea", True)],
               context=ctx, form_data="v_ChairForm")
    activity(f, "selectChair", A + "SelectChair", "排名并确定主委人选", 7, 0,
             {"ApplicationId": js("String", "getApplicationId()"), "Candidates": js("Object", "getChairForm()")},
             {"Message": "v_ChairMessage", "WinnerName": "v_ChairName"})
    # One leader's signature (P1 step 5): the leader 组长 signs; when away they delegate (委派) to the deputy 副组长.
    human_task(f, "leadership", "领导小组组长审核", 8, 0,
               title="js:'领导小组审核分会筹建：' + getTitle()", role="leadershipGroupLeader",
               description="js:'拟任主任委员：' + getChairName() + '（' + getChairMessage() + '）。调研报告：' + ((getSurvey() || {}).report || '') + '。诊所分会由诊所行业管理工作领导小组审核（P1 第 5 步）。'",
               outcomes=["Approve", "Reject"], labels={"Approve": "同意", "Reject": "不同意"}, comment_required=["Reject"],
               due_in="14.00:00:00", remind=["3.00:00:00", "1.00:00:00"], context=ctx, comment_var="v_Comment")
    human_task(f, "party", "协会党委研究", 9, 0,
               title="js:'协会党委研究分会筹建：' + getTitle()", role="partyCommittee",
               description="js:'领导小组已同意。拟任主任委员：' + getChairName() + '。请党委研究（P1 第 6 步）；同步成立特设党支部。'",
               outcomes=["Approve", "Reject"], labels={"Approve": "研究同意", "Reject": "不同意"}, comment_required=["Reject"],
               due_in="14.00:00:00", remind=["3.00:00:00", "1.00:00:00"], context=ctx, comment_var="v_Comment")
    activity(f, "recheck", A + "CheckBranchFounding", "表决前复核（总数上限）", 10, 0,
             {"ApplicationId": js("String", "getApplicationId()")},
             {"Failures": "v_Failures"})
    # P1 step 7 (processes.md): every standing-council member votes on their own task (赞成/反对/弃权); passed by
    # more than half of those present, where present = those who voted (the secretariat removes an absent member
    # with a reason, 减签, or records a paper vote with a reason). Quorum two thirds of the council, as the model
    # charter of social organisations (社会团体章程示范文本) requires for a standing-council meeting. The ballots go from
    # the countersign's tally to the vote record, so nobody types them.
    human_task(f, "vote", "常务理事会表决", 11, 0,
               title="js:'常务理事会表决：' + getTitle()", role="standingCouncil",
               description="js:'常务理事会审议、表决分会成立（P1 第 7 步）：请投赞成、反对或弃权。赞成票超过出席（已表决）人数半数为通过，须三分之二以上常务理事出席。' + (getVoteMessage() ? '上次表决：' + getVoteMessage() : '')",
               outcomes=["InFavour", "Against", "Abstain"], labels={"InFavour": "赞成", "Against": "反对", "Abstain": "弃权"}, comment_required=[],
               due_in="14.00:00:00", remind=["3.00:00:00", "1.00:00:00"],
               countersign={"mode": "ratio", "ratio": 0.5, "base": "present", "quorum": 0.6667, "approveOutcome": "InFavour",
                            "rejectOutcome": "Against", "abstainOutcome": "Abstain", "rejectRule": "afterAll"},
               context=ctx, countersign_var="v_VoteTally")
    activity(f, "recordVote", A + "RecordCouncilVote", "计票（出席人数过半数）", 12, 0,
             {"ApplicationId": js("String", "getApplicationId()"),
              "Present": js("Int32", "((getVoteTally() || {}).signatures || []).length"),
              "Ballots": js("Object", "Object.fromEntries(((getVoteTally() || {}).signatures || []).map(s => [s.userName, ({ InFavour: '赞成', Against: '反对', Abstain: '弃权' })[s.decision]]))"),
              "Quorum": js("Int32", "Math.ceil(((getVoteTally() || {}).members || 0) * 2 / 3)")},
             {"Message": "v_VoteMessage"})
    activity(f, "approve", A + "ApproveFounding", "批准成立、公布分会", 13, 0,
             {"ApplicationId": js("String", "getApplicationId()")},
             {"BranchId": "v_BranchId", "BranchName": "v_BranchName", "ChairUserName": "v_ChairUserName"})
    f.add("fork", "Elsa.FlowFork", "同步办理", 14, 0, branches=obj("String[]", ["P2", "Publish", "Meeting"]))
    f.add("startP2", "Elsa.DispatchWorkflow", "同步成立特设党支部（P2）", 15, -1,
          workflowDefinitionId=lit("String", "p2-party-branch-setup"),
          input=js("Object", "({ BranchId: getBranchId() })"),
          correlationId=js("String", "getBranchId()"),
          idempotencyKey=js("String", "'P2:' + getBranchId()"))
    send_email(f, "mailApproved", "公布成立结果", 15, 0,
               "(getApplicant() ? [getApplicant()] : []).concat(getChairUserName() ? [getChairUserName()] : []).concat(['role:secretariat'])",
               "resultPublished",
               "({ processName: '分会成立', instanceTitle: getBranchName(), outcome: '常务理事会表决通过，分会成立并在协会网站公布', comment: getVoteMessage() })")
    human_task(f, "meeting", "安排成立大会", 15, 1,
               title="js:'安排成立大会：' + getBranchName()", role="secretariat",
               description="安排分会成立大会的时间和地点（P1 第 8 步）。", outcomes=["Done"], due_in="30.00:00:00",
               form=[field("meetingAt", "大会时间", "datetime", True), field("venue", "地点", "text", True)],
               context="({ process: 'P1', branchId: getBranchId(), title: getBranchName() })", form_data="v_Meeting")
    activity(f, "recordMeeting", A + "RecordBranchEvent", "记入分会档案", 16, 1,
             {"BranchId": js("String", "getBranchId()"), "Kind": lit("String", "foundingMeeting"),
              "Summary": js("String", "'成立大会：' + (getMeeting() || {}).meetingAt + '，' + (getMeeting() || {}).venue")})
    send_email(f, "mailMeeting", "通知成立大会", 17, 1,
               "(getChairUserName() ? [getChairUserName()] : []).concat(getApplicant() ? [getApplicant()] : []).concat(['role:leadershipGroupMember'])",
               "resultPublished",
               "({ processName: '分会成立', instanceTitle: getBranchName() + '成立大会', outcome: '时间：' + (getMeeting() || {}).meetingAt + '；地点：' + (getMeeting() || {}).venue })")
    f.add("join", "Elsa.FlowJoin", "汇合", 18, 0, mode=lit("String", "WaitAll"))
    end(f, "end", 19, 0, "结束（已成立）")

    for id_, col, decided_by, reason in [("rejectLeadership", 8, "领导小组", "getComment()"),
                                        ("rejectParty", 9, "协会党委", "getComment()"),
                                        ("rejectCap", 10, "表决前复核", "(getFailures() || []).join('；')"),
                                        ("rejectVote", 12, "常务理事会", "getVoteMessage()")]:
        activity(f, id_, A + "SetFoundingStatus", f"不予成立（{decided_by}）", col, 1,
                 {"ApplicationId": js("String", "getApplicationId()"), "Status": lit("String", "rejected"),
                  "Reason": js("String", reason), "DecidedBy": lit("String", decided_by)},
                 {"DecisionReason": "v_Rejection"})
    send_email(f, "mailRejected", "通知申请人（不予成立）", 11, 2, APPLICANT, "decision",
               "({ processName: '分会成立', instanceTitle: getTitle(), outcome: '不予成立', comment: getRejection() })")
    for id_ in ("rejectLeadership", "rejectParty", "rejectCap", "rejectVote"):
        f.connect(id_, "Done", "mailRejected")
    end(f, "endRejected", 12, 2, "结束（不予成立）")

    f.chain("start", "register", "completeness")
    f.connect("completeness", "Return", "returnIncomplete")
    f.connect("completeness", "Accept", "check")
    f.connect("returnIncomplete", "Done", "mailReturned")
    f.connect("check", "Ineligible", "returnIneligible")
    f.connect("returnIneligible", "Done", "mailReturned")
    f.connect("mailReturned", "Done", "endReturned")
    f.connect("check", "Warnings", "acknowledge")
    f.connect("check", "Eligible", "underReview")
    f.connect("acknowledge", "Acknowledge", "recordAck")
    f.connect("acknowledge", "Return", "returnIncomplete")
    f.connect("recordAck", "Done", "survey")
    f.connect("underReview", "Done", "survey")
    f.connect("survey", "Done", "chairCall")
    f.connect("chairCall", "Submit", "selectChair")
    f.connect("selectChair", "Tie", "chairCall")
    f.connect("selectChair", "Invalid", "chairCall")
    f.connect("selectChair", "Selected", "leadership")
    f.connect("leadership", "Reject", "rejectLeadership")
    f.connect("leadership", "Approve", "party")
    f.connect("party", "Reject", "rejectParty")
    f.connect("party", "Approve", "recheck")
    f.connect("recheck", "Ineligible", "rejectCap")
    f.connect("recheck", "Eligible", "vote")
    f.connect("recheck", "Warnings", "vote")
    for outcome in ("InFavour", "Against", "Abstain"):
        f.connect("vote", outcome, "recordVote")
    f.connect("recordVote", "Invalid", "vote")
    f.connect("recordVote", "NotPassed", "rejectVote")
    f.connect("recordVote", "Passed", "approve")
    f.connect("approve", "Done", "fork")
    f.connect("fork", "P2", "startP2")
    f.connect("fork", "Publish", "mailApproved")
    f.connect("fork", "Meeting", "meeting")
    f.connect("meeting", "Done", "recordMeeting")
    f.connect("recordMeeting", "Done", "mailMeeting")
    f.connect("startP2", "Done", "join")
    f.connect("mailApproved", "Done", "join")
    f.connect("mailMeeting", "Done", "join")
    f.connect("join", "Done", "end")
    f.connect("mailRejected", "Done", "endRejected")

    variables = [variable(n, t) for n, t in [
        ("ApplicationId", "String"), ("Title", "String"), ("Applicant", "String"), ("Comment", "String"), ("Rejection", "String"),
        ("Check", "Object"), ("Failures", "Object"), ("Warnings", "Object"), ("ToConfirm", "Object"), ("Survey", "Object"),
        ("ChairForm", "Object"), ("ChairMessage", "String"), ("ChairName", "String"), ("VoteTally", "Object"), ("VoteMessage", "String"),
        ("BranchId", "String"), ("BranchName", "String"), ("ChairUserName", "String"), ("Meeting", "Object")]]
    return definition(
        "p1-branch-founding", "P1 分会成立（成熟一个建一个）",
        "分会筹建：申请登记、秘书处完整性审查、成立条件自动检查（001 §8、§9，000 §4.1、§4.2.2、§4.3；“原则上”条款须确认）、调研、"
        "主委竞争性选拔（001 §9(1)）、领导小组审核、协会党委研究、常务理事会表决（出席人数过半数），批准后分会成立、公布并同步成立特设党支部（P2）；"
        "任一环节不同意即通知申请人并以“不予成立”结束。",
        f, variables, [workflow_input("Application", "Object", "筹建申请", "见 /processes/founding 表单字段", "json-editor")])


# ======================================================================================================
# P2 party-branch setup — 特设党支部 (000 §4.2.1, 001 §4)
# ======================================================================================================
def p2():
    f = Flow("p2flow")
    ctx = "({ process: 'P2', branchId: getInput('BranchId'), branchName: getBranchName() })"
    f.add("start", "Elsa.Start", "开始", 0, 0)
    activity(f, "load", A + "LoadBranch", "读取分会与主任委员", 1, 0,
             {"BranchId": js("String", "getInput('BranchId')")},
             {"BranchName": "v_BranchName", "ChairName": "v_ChairName", "ChairIsPartyMember": "v_ChairIsPartyMember", "ChairUserName": "v_ChairUserName"})
    human_task(f, "nominate", "提名五名支部委员", 2, 0,
               title="js:'提名特设党支部委员：' + getBranchName()", role="secretariat",
               description="js:'请为该分会特设党支部提名 5 名支部委员人选（填人员编号或名册中的姓名，000 §4.2.1）。' + (getChairIsPartyMember() ? '主任委员' + getChairName() + '是党员，应担任书记（一岗双责，001 §4），须列入人选。' : '主任委员非党员，书记将从 5 名委员中选定。') + (getMessage() ? '上次结果：' + getMessage() : '')",
               outcomes=["Submit"], due_in="7.00:00:00",
               form=[field(f"member{i}", f"支部委员人选{i}", "text", True) for i in range(1, 6)],
               context=ctx, form_data="v_Nominees")
    activity(f, "checkNominees", A + "NominatePartyBranch", "登记并核对人选", 3, 0,
             {"BranchId": js("String", "getInput('BranchId')"), "Nominees": js("Object", "getNominees()")},
             {"NomineeIds": "v_NomineeIds", "Names": "v_NomineeNames", "Message": "v_Message"})
    human_task(f, "assess", "党委考核人选", 4, 0,
               title="js:'考核特设党支部委员人选：' + getBranchName()", role="partyCommittee",
               description="js:'人选（依次为第 1–5 名）：' + getNomineeNames() + '。请逐一考核；不合格者须替换后重新考核（P2 第 2 步）。'",
               outcomes=["Submit"], due_in="14.00:00:00", remind=["3.00:00:00", "1.00:00:00"],
               form=[f2 for i in range(1, 6) for f2 in (field(f"result{i}", f"第 {i} 名考核结果", "select", True, ["合格", "不合格"]),
                                                       field(f"comment{i}", f"第 {i} 名考核意见", "text"))],
               context=ctx, form_data="v_Assessment")
    activity(f, "recordAssessment", A + "RecordPartyBranchAssessment", "登记考核结果", 5, 0,
             {"BranchId": js("String", "getInput('BranchId')"), "NomineeIds": js("Object", "getNomineeIds()"), "Assessment": js("Object", "getAssessment()")},
             {"Message": "v_Message"})
    f.add("chairIsMember", "Elsa.FlowDecision", "主任委员是党员？（一岗双责）", 6, 0,
          condition=js("Boolean", "getChairIsPartyMember() === true"))
    human_task(f, "chooseSecretary", "从五名委员中选定书记", 7, 1,
               title="js:'选定特设党支部书记：' + getBranchName()", role="partyCommittee",
               description="js:'主任委员非党员，请从 5 名委员（' + getNomineeNames() + '）中选定书记，并写明理由（P2 第 3 步）。'",
               outcomes=["Submit"], due_in="7.00:00:00",
               form=[field("secretary", "支部书记", "text", True), field("reason", "选定理由", "textarea", True)],
               context=ctx, form_data="v_SecretaryForm")
    human_task(f, "appoint", "党委任命支部委员会", 8, 0,
               title="js:'任命特设党支部委员会：' + getBranchName()", role="partyCommittee",
               description="js:'委员：' + getNomineeNames() + '。书记：' + (getChairIsPartyMember() ? getChairName() + '（主任委员兼任，一岗双责）' : ((getSecretaryForm() || {}).secretary + '，理由：' + (getSecretaryForm() || {}).reason))",
               outcomes=["Approve", "Return"], labels={"Approve": "任命", "Return": "退回重新提名"}, comment_required=["Return"],
               due_in="14.00:00:00", context=ctx, comment_var="v_Message")
    activity(f, "doAppoint", A + "AppointPartyBranch", "登记特设党支部", 9, 0,
             {"BranchId": js("String", "getInput('BranchId')"), "Secretary": js("String", "(getSecretaryForm() || {}).secretary"),
              "SecretaryReason": js("String", "(getSecretaryForm() || {}).reason")},
             {"SecretaryName": "v_Secretary", "Message": "v_Message"})
    send_email(f, "notify", "通知分会与党委", 10, 0,
               "['role:partyCommittee'].concat(getChairUserName() ? [getChairUserName()] : ['role:branchChair'])",
               "resultPublished",
               "({ processName: '特设党支部成立', instanceTitle: getBranchName() + '特设党支部', outcome: '党委已任命，书记：' + getSecretary(), comment: getMessage() })")
    end(f, "end", 11, 0)

    f.chain("start", "load", "nominate")
    f.connect("nominate", "Submit", "checkNominees")
    f.connect("checkNominees", "Invalid", "nominate")
    f.connect("checkNominees", "Valid", "assess")
    f.connect("assess", "Submit", "recordAssessment")
    f.connect("recordAssessment", "Invalid", "assess")
    f.connect("recordAssessment", "NeedsReplacement", "nominate")
    f.connect("recordAssessment", "AllPassed", "chairIsMember")
    f.connect("chairIsMember", "True", "appoint")
    f.connect("chairIsMember", "False", "chooseSecretary")
    f.connect("chooseSecretary", "Submit", "appoint")
    f.connect("appoint", "Return", "nominate")
    f.connect("appoint", "Approve", "doAppoint")
    f.connect("doAppoint", "Invalid", "nominate")
    f.connect("doAppoint", "Appointed", "notify")
    f.connect("notify", "Done", "end")

    variables = [variable(n, t) for n, t in [
        ("BranchName", "String"), ("ChairName", "String"), ("ChairIsPartyMember", "Boolean"), ("ChairUserName", "String"),
        ("Nominees", "Object"), ("NomineeIds", "Object"), ("NomineeNames", "String"), ("Assessment", "Object"),
        ("SecretaryForm", "Object"), ("Secretary", "String"), ("Message", "String")]]
    return definition(
        "p2-party-branch-setup", "P2 特设党支部成立",
        "分会成立时同步成立特设党支部（000 §4.2.1）：提名五名支部委员，党委逐一考核（不合格须替换），按“一岗双责”确定书记（001 §4：主任委员是党员的兼任书记，"
        "否则从五名委员中选定并记录理由），党委任命后登记在分会名下并通知分会与党委。也可为已有分会单独启动。",
        f, variables, [workflow_input("BranchId", "String", "分会编号")])


# ======================================================================================================
# P3 annual three-responsibility assessment — 三个责任制综合考核 (000 §6.2, 001 §5, §7, §20–21)
# ======================================================================================================
def p3():
    f = Flow("p3flow")
    ctx = "({ process: 'P3', branchId: getInput('BranchId'), assessmentId: getAssessmentId(), title: getTitle() })"
    chair = "(getChairUserName() ? [getChairUserName()] : [])"
    chair_role = "js:getChairUserName() ? '' : 'secretariat'"
    chair_mail = "(getChairUserName() ? [getChairUserName()] : ['role:branchChair'])"
    f.add("start", "Elsa.Start", "开始", 0, 0)
    activity(f, "open", A + "OpenAssessment", "开启年度考核", 1, 0,
             {"BranchId": js("String", "getInput('BranchId')"), "Year": js("Int32", "getInput('Year')")},
             {"AssessmentId": "v_AssessmentId", "Title": "v_Title", "BranchName": "v_BranchName", "ChairUserName": "v_ChairUserName"})
    end(f, "endSkipped", 1, 1, "结束（已办理或不参加）")
    send_email(f, "notifyOpen", "通知主任委员", 2, 0, chair_mail, None, None,
               subject="'【年度考核】' + getTitle() + '已开始'",
               body="'您好：' + getTitle() + '已开始。请在 30 天内登录协会流程服务，完成年度目标责任制、意识形态责任制、党风廉政建设责任制三部分的自评并提交佐证材料。'")
    human_task(f, "selfAssess", "分会自评", 3, 0,
               title="js:'年度自评：' + getTitle()", assignee="js:" + chair, role=chair_role,
               description="js:'请对三个责任制分别自评（每部分 0–100 分；90 分以上为全面完成，低于 60 分为不合格）并提交佐证材料（P3 第 2 步）。' + (getMessage() ? '上次提交有误：' + getMessage() : '')",
               outcomes=["Submit"], due_in="30.00:00:00", remind=["3.00:00:00", "1.00:00:00"], escalate="role:secretariat",
               form=[field("target", "年度目标责任制自评分", "number", True), field("ideology", "意识形态责任制自评分", "number", True),
                     field("integrity", "党风廉政建设责任制自评分", "number", True), field("evidence", "佐证材料说明", "textarea", True)],
               context=ctx, form_data="v_SelfForm")
    activity(f, "recordSelf", A + "RecordSelfAssessment", "登记自评", 4, 0,
             {"AssessmentId": js("String", "getAssessmentId()"), "Form": js("Object", "getSelfForm()")}, {"Message": "v_Message"})
    human_task(f, "review", "秘书处审核评分", 5, 0,
               title="js:'审核评分：' + getTitle()", role="secretariat",
               description="js:'分会自评：年度目标 ' + getSelfForm().target + '，意识形态 ' + getSelfForm().ideology + '，党风廉政 ' + getSelfForm().integrity + '。请审核并评分（P3 第 3 步）。' + (getMessage() ? '说明：' + getMessage() : '')",
               outcomes=["Submit"], due_in="14.00:00:00", remind=["3.00:00:00", "1.00:00:00"],
               form=[field("target", "年度目标责任制", "number", True), field("ideology", "意识形态责任制", "number", True),
                     field("integrity", "党风廉政建设责任制", "number", True), field("comment", "审核意见", "textarea")],
               context=ctx, form_data="v_ReviewForm")
    activity(f, "score", A + "ScoreAssessment", "评分并提出等级", 6, 0,
             {"AssessmentId": js("String", "getAssessmentId()"), "Form": js("Object", "getReviewForm()")},
             {"ProposedGradeZh": "v_ProposedGradeZh", "Message": "v_ScoreMessage"})
    human_task(f, "partyConfirm", "协会党委确认（意识形态、党风廉政）", 7, 0,
               title="js:'确认意识形态、党风廉政建设责任制考核：' + getTitle()", role="partyCommittee",
               description="js:getScoreMessage() + '。请确认第 2、3 部分（意识形态、党风廉政建设）的考核（P3 第 4 步）。'",
               outcomes=["Confirm", "Return"], labels={"Confirm": "确认", "Return": "退回重新评分"}, comment_required=["Return"],
               due_in="7.00:00:00", context=ctx, comment_var="v_PartyComment")
    human_task(f, "leaderConfirm", "领导小组确认等级", 8, 0,
               title="js:'确认考核等级：' + getTitle()", role="leadershipGroupMember",
               description="js:getScoreMessage() + '。党委意见：' + (getPartyComment() || '确认') + '。确认等级不得高于建议等级。' + (getMessage() ? '说明：' + getMessage() : '')",
               outcomes=["Excellent", "Qualified", "Unqualified", "Return"],
               labels={"Excellent": "优秀", "Qualified": "合格", "Unqualified": "不合格", "Return": "退回重新评分"},
               comment_required=["Return"], due_in="7.00:00:00", context=ctx, outcome_var="v_Grade", comment_var="v_LeaderComment")
    activity(f, "confirm", A + "ConfirmAssessmentGrade", "确认等级", 9, 0,
             {"AssessmentId": js("String", "getAssessmentId()"), "Grade": js("String", "getGrade()"),
              "Comment": js("String", "getLeaderComment()"), "PartyCommitteeComment": js("String", "getPartyComment()")},
             {"Message": "v_Message"})
    # Excellent
    activity(f, "cultivate", A + "ApplyExcellentOutcome", "重点培育扶持、降低管理费", 10, -1,
             {"AssessmentId": js("String", "getAssessmentId()")}, {"Message": "v_FeeMessage"})
    send_email(f, "mailExcellent", "公布优秀", 11, -1, chair_mail + ".concat(['role:secretariat'])", "resultPublished",
               "({ processName: '年度三个责任制综合考核', instanceTitle: getTitle(), outcome: '优秀', comment: '列入重点培育扶持；' + getFeeMessage() })")
    # Pass
    send_email(f, "mailPass", "公布合格", 10, 0, chair_mail, "resultPublished",
               "({ processName: '年度三个责任制综合考核', instanceTitle: getTitle(), outcome: '合格', comment: getMessage() })")
    # Fail
    activity(f, "rectify", A + "OrderRectification", "责令限期整改", 10, 1,
             {"AssessmentId": js("String", "getAssessmentId()"), "DueIn": lit("TimeSpan", "60.00:00:00")},
             {"Deadline": "v_Deadline", "DeadlineText": "v_DeadlineText"})
    send_email(f, "mailFail", "通知不合格与整改期限", 11, 1, chair_mail + ".concat(['role:secretariat'])", "decision",
               "({ processName: '年度三个责任制综合考核', instanceTitle: getTitle(), outcome: '不合格，限期整改', comment: '请于' + getDeadlineText() + '前完成整改并提交整改报告，逾期或复查仍不合格的，将作出动态调整决定（001 §5）。' })")
    human_task(f, "rectifyReport", "提交整改报告", 12, 1,
               title="js:'提交整改报告：' + getTitle()", assignee="js:" + chair, role=chair_role,
               description="js:'考核不合格，请于' + getDeadlineText() + '前提交整改方案及落实情况。'",
               outcomes=["Submit"], due_at="js:getDeadline()", remind=["7.00:00:00", "1.00:00:00"], escalate="role:secretariat",
               form=[field("report", "整改报告", "textarea", True)], context=ctx)
    human_task(f, "recheck", "整改复查", 13, 1,
               title="js:'整改复查：' + getTitle()", role="secretariat",
               description="复查整改落实情况：通过则分会恢复正常；仍不合格则报领导小组作出动态调整决定。",
               outcomes=["Pass", "Fail"], labels={"Pass": "复查通过", "Fail": "仍不合格"}, comment_required=["Fail"],
               due_in="14.00:00:00", context=ctx, outcome_var="v_Recheck", comment_var="v_RecheckComment")
    activity(f, "recordRecheck", A + "RecordRecheck", "登记复查结论", 14, 1,
             {"AssessmentId": js("String", "getAssessmentId()"), "Passed": js("Boolean", "getRecheck() === 'Pass'"),
              "Comment": js("String", "getRecheckComment()")})
    send_email(f, "mailRecheckPassed", "通知复查通过", 15, 0, chair_mail, "resultPublished",
               "({ processName: '年度三个责任制综合考核', instanceTitle: getTitle(), outcome: '整改复查通过，分会恢复正常' })")
    human_task(f, "adjust", "领导小组动态调整决定", 15, 2,
               title="js:'动态调整决定：' + getBranchName()", role="leadershipGroupMember",
               description="js:'整改复查仍不合格（' + (getRecheckComment() || '') + '）。请作出动态调整决定（优胜劣汰，001 §5）：更换主任委员、更换主任委员单位、合并、调整重组或撤销。' + (getMessage() ? '说明：' + getMessage() : '')",
               outcomes=["Submit"], due_in="14.00:00:00",
               form=[field("decision", "调整决定", "select", True, ["更换主任委员", "更换主任委员单位", "合并", "调整重组", "撤销"]),
                     field("newChairPersonId", "新主任委员（人员编号）", "text"), field("newChairUnitId", "新主任委员单位（单位编号）", "text"),
                     field("mergeIntoBranchId", "并入分会（分会编号）", "text"), field("reason", "决定理由", "textarea", True)],
               context=ctx, form_data="v_AdjustForm")
    activity(f, "applyAdjust", A + "AdjustBranch", "执行调整决定", 16, 2,
             {"BranchId": js("String", "getInput('BranchId')"), "AssessmentId": js("String", "getAssessmentId()"),
              "Decision": js("String", "getAdjustForm().decision"), "NewChairPersonId": js("String", "getAdjustForm().newChairPersonId"),
              "NewChairUnitId": js("String", "getAdjustForm().newChairUnitId"), "MergeIntoBranchId": js("String", "getAdjustForm().mergeIntoBranchId"),
              "Reason": js("String", "getAdjustForm().reason")},
             {"Message": "v_Message"})
    send_email(f, "mailAdjust", "通知调整决定", 17, 2, chair_mail + ".concat(['role:secretariat', 'role:partyCommittee'])", "decision",
               "({ processName: '年度三个责任制综合考核', instanceTitle: getTitle(), outcome: '动态调整', comment: getMessage() })")
    end(f, "end", 18, 0)

    f.chain("start", "open")
    f.connect("open", "Skipped", "endSkipped")
    f.connect("open", "Opened", "notifyOpen")
    f.connect("notifyOpen", "Done", "selfAssess")
    f.connect("selfAssess", "Submit", "recordSelf")
    f.connect("recordSelf", "Invalid", "selfAssess")
    f.connect("recordSelf", "Recorded", "review")
    f.connect("review", "Submit", "score")
    f.connect("score", "Invalid", "review")
    f.connect("score", "Scored", "partyConfirm")
    f.connect("partyConfirm", "Return", "review")
    f.connect("partyConfirm", "Confirm", "leaderConfirm")
    f.connect("leaderConfirm", "Return", "review")
    for outcome in ("Excellent", "Qualified", "Unqualified"):
        f.connect("leaderConfirm", outcome, "confirm")
    f.connect("confirm", "Refused", "leaderConfirm")
    f.connect("confirm", "Excellent", "cultivate")
    f.connect("cultivate", "Done", "mailExcellent")
    f.connect("mailExcellent", "Done", "end")
    f.connect("confirm", "Pass", "mailPass")
    f.connect("mailPass", "Done", "end")
    f.connect("confirm", "Fail", "rectify")
    f.connect("rectify", "Done", "mailFail")
    f.connect("mailFail", "Done", "rectifyReport")
    f.connect("rectifyReport", "Submit", "recheck")
    f.connect("recheck", "Pass", "recordRecheck")
    f.connect("recheck", "Fail", "recordRecheck")
    f.connect("recordRecheck", "Passed", "mailRecheckPassed")
    f.connect("mailRecheckPassed", "Done", "end")
    f.connect("recordRecheck", "Failed", "adjust")
    f.connect("adjust", "Submit", "applyAdjust")
    f.connect("applyAdjust", "Invalid", "adjust")
    f.connect("applyAdjust", "Done", "mailAdjust")
    f.connect("mailAdjust", "Done", "end")

    variables = [variable(n, t) for n, t in [
        ("AssessmentId", "String"), ("Title", "String"), ("BranchName", "String"), ("ChairUserName", "String"),
        ("SelfForm", "Object"), ("ReviewForm", "Object"), ("ProposedGradeZh", "String"), ("ScoreMessage", "String"),
        ("PartyComment", "String"), ("LeaderComment", "String"), ("Grade", "String"), ("Message", "String"), ("FeeMessage", "String"),
        ("Deadline", "String"), ("DeadlineText", "String"), ("Recheck", "String"), ("RecheckComment", "String"), ("AdjustForm", "Object")]]
    return definition(
        "p3-annual-assessment", "P3 年度三个责任制综合考核",
        "每年为每个正常运行的分会开展年度目标、意识形态、党风廉政建设三个责任制综合考核（000 §6.2、001 §7）：开启并通知主任委员、分会自评（到期前提醒、超期升级秘书处）、"
        "秘书处审核评分、协会党委确认第 2、3 部分、领导小组确认等级。优秀：重点培育扶持，次年赞助商管理费提取比例降 2 个百分点、累计不超过 5 个（001 §20-21）；"
        "合格：记录；不合格：限期整改、复查，仍不合格作出动态调整决定（001 §5）。",
        f, variables, [workflow_input("BranchId", "String", "分会编号"), workflow_input("Year", "Int32", "考核年度", "留空为上一年")])


# ======================================================================================================
# P4 activity pre-approval — 事前审批 (000 §6.3)
# ======================================================================================================
def p4():
    f = Flow("p4flow")
    ctx = "({ process: 'P4', applicationId: getApplicationId(), branchId: getBranchId(), title: getTitle(), type: getTypeZh() })"
    approval_description = "js:getBranchName() + '申请举办' + getTypeZh() + '“' + getTitle() + '”，时间 ' + getStartsAt() + ' 至 ' + getEndsAt() + '。请审批：同意、驳回（说明理由）或退回修改（000 §6.3）。'"
    f.add("start", "Elsa.Start", "开始", 0, 0)
    activity(f, "register", A + "RegisterActivityApplication", "登记活动申请", 1, 0,
             {"Application": js("Object", "getInput('Application')"), "Changes": js("Object", "getChanges()")},
             {"ApplicationId": "v_ApplicationId", "Title": "v_Title", "TypeZh": "v_TypeZh", "BranchId": "v_BranchId", "BranchName": "v_BranchName",
              "ApplicantUserName": "v_Applicant", "StartsAt": "v_StartsAt", "EndsAt": "v_EndsAt", "RemindAt": "v_RemindAt", "ReportDueAt": "v_ReportDueAt"})
    activity(f, "check", A + "CheckActivityApplication", "自动检查", 2, 0,
             {"ApplicationId": js("String", "getApplicationId()")}, {"Countersign": "v_Countersign", "Failures": "v_Failures"})
    activity(f, "returnIneligible", A + "DecideActivityApplication", "不符合条件，退回", 2, 2,
             {"ApplicationId": js("String", "getApplicationId()"), "Decision": lit("String", "returned"),
              "Comment": js("String", "'自动检查未通过：' + (getFailures() || []).join('；')")}, {"DecisionComment": "v_Comment"})
    human_task(f, "completeness", "秘书处完整性审查", 3, 0,
               title="js:'完整性审查：' + getBranchName() + getTypeZh() + '“' + getTitle() + '”'", role="secretariat",
               description="核对申请内容是否完整：时间、地点、预算、赞助商、合作方、议程（P4 第 2 步）。",
               outcomes=["Accept", "Return"], labels={"Accept": "提交领导小组", "Return": "退回修改"}, comment_required=["Return"],
               due_in="3.00:00:00", context=ctx, comment_var="v_Comment", batch_outcome="Accept")
    f.add("needsAll", "Elsa.FlowDecision", "须全体会签？（招商招展、集中采购）", 4, 0, condition=js("Boolean", "getCountersign() === 'all'"))
    common = dict(outcomes=["Approve", "Reject", "Return"], labels={"Approve": "同意", "Reject": "驳回", "Return": "退回修改"},
                  comment_required=["Reject", "Return"], due_in="7.00:00:00", remind=["2.00:00:00"], context=ctx, comment_var="v_Comment")
    human_task(f, "approveAll", "领导小组全体会签", 5, -1, title="js:'领导小组会签：' + getBranchName() + getTypeZh() + '“' + getTitle() + '”'",
               role="leadershipGroupMember", description=approval_description + " + '招商招展和集中采购须领导小组全体成员签署。'",
               countersign={"mode": "all"}, **common)
    # Other types need one leader's signature (P4 step 3): the leader 组长, or the deputy 副组长 when delegated (委派).
    human_task(f, "approveOne", "领导小组组长审批", 5, 1, title="js:'领导小组审批：' + getBranchName() + getTypeZh() + '“' + getTitle() + '”'",
               role="leadershipGroupLeader", description=approval_description, **common)
    for id_, decision, col, row in [("decideApproved", "approved", 6, 0), ("decideRejected", "rejected", 6, 3), ("decideReturned", "returned", 3, 2)]:
        activity(f, id_, A + "DecideActivityApplication", {"approved": "同意", "rejected": "驳回", "returned": "退回修改"}[decision], col, row,
                 {"ApplicationId": js("String", "getApplicationId()"), "Decision": lit("String", decision), "Comment": js("String", "getComment()")},
                 {"DecisionComment": "v_Comment"})
    send_email(f, "mailReturned", "通知分会修改", 4, 2, APPLICANT, "applicationReturned",
               "({ processName: '活动事前审批', instanceTitle: getTitle(), comment: getComment() })")
    human_task(f, "revise", "分会修改申请", 5, 2,
               title="js:'修改活动申请：' + getTitle()", assignee="js:(getApplicant() ? [getApplicant()] : [])", role="js:getApplicant() ? '' : 'branchChair'",
               description="js:'申请被退回：' + getComment() + '。请修改（只填需要修改的项）后重新提交，或撤回申请。'",
               outcomes=["Resubmit", "Withdraw"], labels={"Resubmit": "重新提交", "Withdraw": "撤回申请"}, comment_required=[],
               due_in="14.00:00:00",
               form=[field("title", "活动名称", "text"), field("startsAt", "开始时间", "datetime"), field("endsAt", "结束时间", "datetime"),
                     field("venue", "地点", "text"), field("budget", "预算（元）", "number"), field("sponsors", "赞助商", "text"),
                     field("partners", "合作方", "text"), field("agenda", "议程", "textarea")],
               context=ctx, form_data="v_Changes")
    activity(f, "withdraw", A + "DecideActivityApplication", "撤回", 6, 2,
             {"ApplicationId": js("String", "getApplicationId()"), "Decision": lit("String", "withdrawn")})
    end(f, "endWithdrawn", 7, 2, "结束（已撤回）")
    # approved
    send_email(f, "mailApproved", "通知分会（同意）", 7, 0, APPLICANT + ".concat(['role:secretariat'])", "decision",
               "({ processName: '活动事前审批', instanceTitle: getTitle(), outcome: '同意', comment: getComment() })")
    f.add("remindWait", "Elsa.StartAt", "活动前 3 天", 8, 0, dateTime=js("DateTimeOffset", "getRemindAt()"))
    send_email(f, "mailRemind", "活动前提醒", 9, 0, APPLICANT, None, None,
               subject="'【活动提醒】' + getTitle() + ' 将于 ' + getStartsAt() + ' 开始'",
               body="'经领导小组批准的' + getTypeZh() + '“' + getTitle() + '”即将开始，请严格按批准内容实施；活动结束后 30 天内提交活动总结和财务结算（收支由协会统一管理）。'")
    f.add("afterEvent", "Elsa.StartAt", "活动结束", 10, 0, dateTime=js("DateTimeOffset", "getEndsAt()"))
    human_task(f, "reports", "提交活动总结与结算", 11, 0,
               title="js:'提交活动总结与财务结算：' + getTitle()", assignee="js:(getApplicant() ? [getApplicant()] : [])", role="js:getApplicant() ? '' : 'secretariat'",
               description="活动已结束，请提交活动总结和财务结算（P4 第 4 步）；逾期未交将升级至秘书处。",
               outcomes=["Submit"], due_at="js:getReportDueAt()", remind=["7.00:00:00", "1.00:00:00"], escalate="role:secretariat",
               form=[field("summary", "活动总结", "textarea", True), field("settlement", "财务结算", "textarea", True)],
               context=ctx, form_data="v_Reports")
    activity(f, "recordReports", A + "RecordActivityReports", "登记总结与结算", 12, 0,
             {"ApplicationId": js("String", "getApplicationId()"), "Reports": js("Object", "getReports()")})
    send_email(f, "mailCompleted", "通知秘书处办结", 13, 0, "['role:secretariat']", "resultPublished",
               "({ processName: '活动事前审批', instanceTitle: getTitle(), outcome: '活动总结与财务结算已提交，办结' })")
    end(f, "end", 14, 0)
    # rejected
    send_email(f, "mailRejected", "通知分会（驳回）", 7, 3, APPLICANT, "decision",
               "({ processName: '活动事前审批', instanceTitle: getTitle(), outcome: '驳回', comment: getComment() + '。未经批准不得举办，擅自举办的依纪依规追究。' })")
    f.add("verifyWait", "Elsa.StartAt", "原定活动结束", 8, 3, dateTime=js("DateTimeOffset", "getEndsAt()"))
    human_task(f, "verify", "核查是否擅自举办", 9, 3,
               title="js:'核查被驳回活动是否擅自举办：' + getTitle()", role="secretariat",
               description="该活动申请已被驳回。请核查分会是否仍以协会或分会名义举办（000 §6.3）。",
               outcomes=["NotHeld", "HeldWithoutApproval"], labels={"NotHeld": "未举办", "HeldWithoutApproval": "擅自举办"},
               comment_required=["HeldWithoutApproval"], due_in="14.00:00:00", context=ctx, comment_var="v_Comment")
    activity(f, "violation", A + "RecordViolation", "登记违规", 10, 3,
             {"BranchId": js("String", "getBranchId()"), "ActivityApplicationId": js("String", "getApplicationId()"),
              "Description": js("String", "'未经批准擅自举办' + getTypeZh() + '“' + getTitle() + '”：' + getComment()")},
             {"Message": "v_Violation"})
    send_email(f, "mailViolation", "通报违规", 11, 3, APPLICANT + ".concat(['role:leadershipGroupLeader', 'role:secretariat'])", "decision",
               "({ processName: '活动事前审批', instanceTitle: getTitle(), outcome: '违规记录', comment: getViolation() })")
    end(f, "endRejected", 12, 3, "结束（已驳回）")

    f.chain("start", "register", "check")
    f.connect("check", "Ineligible", "returnIneligible")
    f.connect("returnIneligible", "Done", "mailReturned")
    f.connect("check", "Eligible", "completeness")
    f.connect("completeness", "Return", "decideReturned")
    f.connect("completeness", "Accept", "needsAll")
    f.connect("needsAll", "True", "approveAll")
    f.connect("needsAll", "False", "approveOne")
    for task in ("approveAll", "approveOne"):
        f.connect(task, "Approve", "decideApproved")
        f.connect(task, "Reject", "decideRejected")
        f.connect(task, "Return", "decideReturned")
    f.connect("decideReturned", "Done", "mailReturned")
    f.connect("mailReturned", "Done", "revise")
    f.connect("revise", "Resubmit", "register")
    f.connect("revise", "Withdraw", "withdraw")
    f.connect("withdraw", "Done", "endWithdrawn")
    f.chain("decideApproved", "mailApproved", "remindWait", "mailRemind", "afterEvent", "reports")
    f.connect("reports", "Submit", "recordReports")
    f.connect("recordReports", "Invalid", "reports")
    f.connect("recordReports", "Recorded", "mailCompleted")
    f.connect("mailCompleted", "Done", "end")
    f.chain("decideRejected", "mailRejected", "verifyWait", "verify")
    f.connect("verify", "NotHeld", "endRejected")
    f.connect("verify", "HeldWithoutApproval", "violation")
    f.chain("violation", "mailViolation", "endRejected")

    variables = [variable(n, t) for n, t in [
        ("ApplicationId", "String"), ("Title", "String"), ("TypeZh", "String"), ("BranchId", "String"), ("BranchName", "String"),
        ("Applicant", "String"), ("StartsAt", "String"), ("EndsAt", "String"), ("RemindAt", "String"), ("ReportDueAt", "String"),
        ("Countersign", "String"), ("Failures", "Object"), ("Comment", "String"), ("Changes", "Object"), ("Reports", "Object"), ("Violation", "String")]]
    return definition(
        "p4-activity-approval", "P4 分会活动事前审批",
        "分会举办会议（活动）、对外合作、招商招展、集中采购服务须经领导小组事前审批（000 §6.3）：自动检查（分会状态正常、开始时间在将来、涉及资金须填预算）、"
        "秘书处完整性审查、领导小组审批（招商招展与集中采购须全体成员会签，其他一人签批；可同意、驳回、退回修改）。同意后活动前提醒，活动结束后限期提交总结与财务结算（逾期升级秘书处）；"
        "驳回的通知分会理由，事后核查擅自举办的登记违规、追究分会负责人。",
        f, variables, [workflow_input("Application", "Object", "活动申请", "见 /processes/activity 表单字段", "json-editor")])


# ======================================================================================================
# P5 quality review — 医疗质量评审评价 (002, 003, 004 §2.3.3)
# ======================================================================================================
def p5():
    f = Flow("p5flow")
    ctx = "({ process: 'P5', applicationId: getApplicationId(), title: getTitle() })"
    f.add("start", "Elsa.Start", "开始", 0, 0)
    activity(f, "register", A + "RegisterQualityReview", "登记申报", 1, 0,
             {"Application": js("Object", "getInput('Application')"), "Supplement": js("String", "(getSupplement() || {}).material")},
             {"ApplicationId": "v_ApplicationId", "Title": "v_Title", "InstitutionName": "v_InstitutionName", "ApplicantUserName": "v_Applicant"})
    human_task(f, "accept", "评审中心受理", 2, 0,
               title="js:'受理评审申报：' + getTitle()", role="secretariat",
               description="评审评价中心办公室受理申报：审查材料完整性，提供指导和答疑（002 §2）；材料不足的退回补充。",
               outcomes=["Accept", "Return"], labels={"Accept": "受理", "Return": "退回补充材料"}, comment_required=["Return"],
               due_in="5.00:00:00", context=ctx, comment_var="v_Comment")
    activity(f, "setReturned", A + "SetQualityReviewStatus", "退回补充材料", 2, 1,
             {"ApplicationId": js("String", "getApplicationId()"), "Status": lit("String", "returned"), "Comment": js("String", "getComment()")})
    send_email(f, "mailReturned", "通知补充材料", 3, 1, APPLICANT, "applicationReturned",
               "({ processName: '医疗质量评审评价', instanceTitle: getTitle(), comment: getComment() })")
    human_task(f, "supplement", "申报单位补充材料", 4, 1,
               title="js:'补充申报材料：' + getTitle()", assignee="js:(getApplicant() ? [getApplicant()] : [])", role="js:getApplicant() ? '' : 'secretariat'",
               description="js:'评审中心意见：' + getComment() + '。请补充材料后重新提交，或撤回申报。'",
               outcomes=["Resubmit", "Withdraw"], labels={"Resubmit": "重新提交", "Withdraw": "撤回申报"}, comment_required=[],
               due_in="30.00:00:00", form=[field("material", "补充材料说明", "textarea", True)], context=ctx, form_data="v_Supplement")
    activity(f, "setWithdrawn", A + "SetQualityReviewStatus", "撤回", 5, 1,
             {"ApplicationId": js("String", "getApplicationId()"), "Status": lit("String", "withdrawn")})
    end(f, "endWithdrawn", 6, 1, "结束（已撤回）")
    activity(f, "setAccepted", A + "SetQualityReviewStatus", "已受理", 3, 0,
             {"ApplicationId": js("String", "getApplicationId()"), "Status": lit("String", "accepted")})
    activity(f, "draw", A + "DrawExpertPanel", "随机抽取专家组（回避受评单位）", 4, 0,
             {"ApplicationId": js("String", "getApplicationId()"), "PanelSize": lit("Int32", 3), "Round": lit("Int32", 1)},
             {"Members": "v_Members", "MemberNames": "v_MemberNames", "Seed": "v_Seed", "Message": "v_DrawMessage"})
    human_task(f, "poolShort", "补充专家库", 4, -1,
               title="js:'专家不足，请补充专家库：' + getTitle()", role="secretariat", description="js:getDrawMessage()",
               outcomes=["Done"], labels={"Done": "已补充，重新抽取"}, due_in="14.00:00:00", context=ctx)
    human_task(f, "schedule", "安排现场评审", 5, 0,
               title="js:'安排现场评审：' + getTitle()", role="secretariat",
               description="js:'专家组：' + getMemberNames() + '（随机种子 ' + getSeed() + '，抽取记录可复核）。请与申报单位和专家商定现场评审时间。'",
               outcomes=["Submit"], due_in="14.00:00:00", form=[field("onSiteAt", "现场评审时间", "datetime", True)],
               context=ctx, form_data="v_OnSite")
    activity(f, "scheduleOnSite", A + "ScheduleOnSiteReview", "登记现场评审时间", 6, 0,
             {"ApplicationId": js("String", "getApplicationId()"), "OnSiteAt": js("DateTimeOffset", "(getOnSite() || {}).onSiteAt")},
             {"OnSiteText": "v_OnSiteText", "ScoresDueAt": "v_ScoresDueAt"})
    send_email(f, "mailSchedule", "通知现场评审安排", 7, 0,
               APPLICANT + ".concat((getMembers() || []).map(function (m) { return m.userName; }).filter(function (u) { return !!u; }))",
               "resultPublished",
               "({ processName: '医疗质量评审评价', instanceTitle: getTitle(), outcome: '现场评审安排：' + getOnSiteText(), comment: '专家组：' + getMemberNames() })")

    body = Flow("scoreBody", "Workflow1:p5flow:scoring")
    body.add("bodyStart", "Elsa.Start", "开始", -1, 0)
    human_task(body, "scoreTask", "专家评分", 0, 0,
               title="js:'现场评审评分：' + getTitle() + '（' + getVariable('CurrentValue').name + '）'",
               assignee="js:getVariable('CurrentValue').userName ? [getVariable('CurrentValue').userName] : []",
               role="js:getVariable('CurrentValue').userName ? '' : 'secretariat'",
               description="对照评审标准逐项打分（每项 0–20 分）。专家无系统账号的，由评审中心办公室代为录入其评分表。",
               outcomes=["Submit"], due_at="js:getScoresDueAt()", remind=["1.00:00:00"],
               form=[field("c1", "医疗质量管理体系（20）", "number", True), field("c2", "医疗质量安全核心制度（20）", "number", True),
                     field("c3", "护理质量与院感防控（20）", "number", True), field("c4", "药事与医技管理（20）", "number", True),
                     field("c5", "患者服务与满意度（20）", "number", True), field("comment", "评语", "textarea")],
               context="({ process: 'P5', applicationId: getApplicationId(), expertId: getVariable('CurrentValue').expertId })")
    activity(body, "recordScore", A + "RecordExpertScores", "登记评分", 1, 0,
             {"ApplicationId": js("String", "getApplicationId()"), "ExpertId": js("String", "getVariable('CurrentValue').expertId"),
              "Scores": js("Object", "getOutputFrom('scoreTask', 'FormData')")})
    body.connect("bodyStart", "Done", "scoreTask")
    body.connect("scoreTask", "Submit", "recordScore")
    body.connect("recordScore", "Invalid", "scoreTask")
    f.add("scoring", "Elsa.ParallelForEach", "各专家评分", 8, 0, items=js("Object", "getMembers()"), body=body)

    human_task(f, "decide", "评审结论", 9, 0,
               title="js:'评审结论：' + getTitle()", role="leadershipGroupMember",
               description="评审评价中心工作领导小组（002 §3(1)）根据专家评分决定评审结果：通过（等级或星级）、限期整改后复评（004 §2.3.3）或不通过。",
               outcomes=["Pass", "Rectify", "Fail"], labels={"Pass": "通过", "Rectify": "限期整改", "Fail": "不通过"},
               comment_required=["Rectify", "Fail"], due_in="14.00:00:00",
               form=[field("result", "评审结果（等级或说明）", "text"), field("stars", "星级（星级评价时）", "number")],
               context=ctx, outcome_var="v_Decision", comment_var="v_Comment", form_data="v_DecisionForm")
    activity(f, "recordDecision", A + "DecideQualityReview", "登记结论", 10, 0,
             {"ApplicationId": js("String", "getApplicationId()"), "Decision": js("String", "getDecision()"),
              "Result": js("String", "(getDecisionForm() || {}).result"), "Stars": js("Int32", "(getDecisionForm() || {}).stars"),
              "RectifyWithin": lit("TimeSpan", "30.00:00:00")},
             {"Deadline": "v_Deadline", "DeadlineText": "v_DeadlineText", "ResultText": "v_ResultText"})
    send_email(f, "mailRectify", "通知限期整改", 10, 1, APPLICANT, "decision",
               "({ processName: '医疗质量评审评价', instanceTitle: getTitle(), outcome: '限期整改', comment: getComment() + '。请于' + getDeadlineText() + '前完成整改并提交整改报告，逾期未整改的将上报处理（004 §2.3.3）。' })")
    f.add("fork", "Elsa.FlowFork", "整改与期限", 11, 1, branches=obj("String[]", ["Report", "Deadline"]))
    human_task(f, "rectifyReport", "提交整改报告", 12, 0,
               title="js:'提交整改报告：' + getTitle()", assignee="js:(getApplicant() ? [getApplicant()] : [])", role="js:getApplicant() ? '' : 'secretariat'",
               description="js:'请于' + getDeadlineText() + '前完成整改并提交整改报告。'",
               outcomes=["Submit"], due_at="js:getDeadline()", remind=["7.00:00:00", "1.00:00:00"], escalate="role:secretariat",
               form=[field("report", "整改报告", "textarea", True)], context=ctx)
    set_variable(f, "markSubmitted", "按期提交", 13, 0, "RectifyResult", "String", "'submitted'")
    f.add("deadline", "Elsa.StartAt", "整改期限届满", 12, 2, dateTime=js("DateTimeOffset", "getDeadline()"))
    set_variable(f, "markMissed", "逾期未整改", 13, 2, "RectifyResult", "String", "'missed'")
    f.add("join", "Elsa.FlowJoin", "先到者为准", 14, 1, mode=lit("String", "WaitAny"))
    f.add("inTime", "Elsa.FlowDecision", "按期提交？", 15, 1, condition=js("Boolean", "getRectifyResult() === 'submitted'"))
    human_task(f, "reReview", "整改后复评", 16, 0,
               title="js:'整改复评：' + getTitle()", role="leadershipGroupMember",
               description="申报单位已提交整改报告，请复评：通过或不通过。",
               outcomes=["Pass", "Fail"], labels={"Pass": "通过", "Fail": "不通过"}, comment_required=["Fail"], due_in="14.00:00:00",
               form=[field("result", "评审结果（等级或说明）", "text")], context=ctx, outcome_var="v_Decision", form_data="v_DecisionForm", comment_var="v_Comment")
    activity(f, "recordReReview", A + "DecideQualityReview", "登记复评结论", 17, 0,
             {"ApplicationId": js("String", "getApplicationId()"), "Decision": js("String", "getDecision()"),
              "Result": js("String", "(getDecisionForm() || {}).result")},
             {"ResultText": "v_ResultText"})
    activity(f, "escalate", A + "SetQualityReviewStatus", "逾期未整改，上报", 16, 2,
             {"ApplicationId": js("String", "getApplicationId()"), "Status": lit("String", "escalated"),
              "Comment": js("String", "'逾期未整改（期限 ' + getDeadlineText() + '），已上报'")},
             {"ResultText": "v_ResultText"})
    send_email(f, "mailEscalate", "上报逾期未整改", 17, 2, "['role:leadershipGroupLeader', 'role:secretariat'].concat(" + APPLICANT + ")", "decision",
               "({ processName: '医疗质量评审评价', instanceTitle: getTitle(), outcome: '逾期未整改，已上报', comment: '整改期限 ' + getDeadlineText() + ' 已过，未收到整改报告（004 §2.3.3：整改不落实的，依规处理）。' })")
    activity(f, "archive", A + "SetQualityReviewStatus", "立卷归档、公布结果", 18, 0,
             {"ApplicationId": js("String", "getApplicationId()"), "Status": lit("String", "archived")})
    send_email(f, "mailResult", "公布评审结果", 19, 0, APPLICANT + ".concat(['role:secretariat'])", "resultPublished",
               "({ processName: '医疗质量评审评价', instanceTitle: getTitle(), outcome: getResultText() })")
    end(f, "end", 20, 0)

    f.chain("start", "register", "accept")
    f.connect("accept", "Return", "setReturned")
    f.chain("setReturned", "mailReturned", "supplement")
    f.connect("supplement", "Resubmit", "register")
    f.connect("supplement", "Withdraw", "setWithdrawn")
    f.connect("setWithdrawn", "Done", "endWithdrawn")
    f.connect("accept", "Accept", "setAccepted")
    f.chain("setAccepted", "draw")
    f.connect("draw", "NotEnoughExperts", "poolShort")
    f.connect("poolShort", "Done", "draw")
    f.connect("draw", "Drawn", "schedule")
    f.connect("schedule", "Submit", "scheduleOnSite")
    f.connect("scheduleOnSite", "Invalid", "schedule")
    f.connect("scheduleOnSite", "Scheduled", "mailSchedule")
    f.chain("mailSchedule", "scoring", "decide")
    f.connect("decide", "Pass", "recordDecision")
    f.connect("decide", "Rectify", "recordDecision")
    f.connect("decide", "Fail", "recordDecision")
    f.connect("recordDecision", "Passed", "archive")
    f.connect("recordDecision", "Failed", "archive")
    f.connect("recordDecision", "Rectify", "mailRectify")
    f.chain("mailRectify", "fork")
    f.connect("fork", "Report", "rectifyReport")
    f.connect("fork", "Deadline", "deadline")
    f.connect("rectifyReport", "Submit", "markSubmitted")
    f.connect("markSubmitted", "Done", "join")
    f.chain("deadline", "markMissed", "join")
    f.chain("join", "inTime")
    f.connect("inTime", "True", "reReview")
    f.connect("inTime", "False", "escalate")
    f.connect("reReview", "Pass", "recordReReview")
    f.connect("reReview", "Fail", "recordReReview")
    f.connect("recordReReview", "Passed", "archive")
    f.connect("recordReReview", "Failed", "archive")
    f.connect("recordReReview", "Rectify", "archive")
    f.chain("escalate", "mailEscalate", "archive")
    f.chain("archive", "mailResult", "end")

    variables = [variable(n, t) for n, t in [
        ("ApplicationId", "String"), ("Title", "String"), ("InstitutionName", "String"), ("Applicant", "String"), ("Comment", "String"),
        ("Supplement", "Object"), ("Members", "Object"), ("MemberNames", "String"), ("Seed", "String"), ("DrawMessage", "String"),
        ("OnSite", "Object"), ("OnSiteText", "String"), ("ScoresDueAt", "String"), ("Decision", "String"), ("DecisionForm", "Object"),
        ("Deadline", "String"), ("DeadlineText", "String"), ("ResultText", "String"), ("RectifyResult", "String")]]
    return definition(
        "p5-quality-review", "P5 医疗质量评审评价",
        "医疗机构申报医疗质量评审（或信用等级、服务能力星级评价，003）：评审中心受理（可退回补充材料）、从专家库随机抽取专家组（副高以上职称满 5 年，回避受评单位，抽取记录存档，002 §3.2）、"
        "安排现场评审并由各专家评分、评审中心工作领导小组作出结论；限期整改的，按期提交整改报告后复评，逾期未整改的上报处理（004 §2.3.3）；立卷归档并公布结果。",
        f, variables, [workflow_input("Application", "Object", "评审申报", "{institutionId, kind, description}", "json-editor")])


# ======================================================================================================
# Smaller processes
# ======================================================================================================
def leader_unit_term():
    f = Flow("ltflow")
    f.add("start", "Elsa.Start", "开始", 0, 0)
    activity(f, "record", A + "RecordLeaderUnitTerm", "登记组长单位与任期", 1, 0,
             {"MemberUnitId": js("String", "getInput('MemberUnitId')"), "TermStart": js("DateTimeOffset", "getInput('TermStart')")},
             {"TermEnd": "v_TermEnd", "RemindAt": "v_RemindAt", "Warning": "v_Warning", "UnitName": "v_UnitName"})
    send_email(f, "mailRecorded", "公布组长单位", 2, 0, "['role:secretariat', 'role:leadershipGroupMember']", "resultPublished",
               "({ processName: '评审中心组长单位', instanceTitle: getUnitName(), outcome: '任期至 ' + getTermEnd(), comment: getWarning() })")
    f.add("wait", "Elsa.StartAt", "任期届满前 90 天", 3, 0, dateTime=js("DateTimeOffset", "getRemindAt()"))
    send_email(f, "mailRemind", "换届提醒", 4, 0, "['role:secretariat', 'role:leadershipGroupLeader']", None, None,
               subject="'【换届提醒】评审评价中心组长单位任期将于 ' + getTermEnd() + ' 届满'",
               body="'评审评价中心组长单位' + getUnitName() + '三年任期将于 ' + getTermEnd() + ' 届满（002 §3.4），请组织遴选下一任组长单位（原则上为三级综合或三级专科医院）。'")
    human_task(f, "select", "遴选下一任组长单位", 5, 0,
               title="js:'遴选评审中心组长单位（' + getUnitName() + '任期至 ' + getTermEnd() + '）'", role="secretariat",
               description="遴选下一任组长单位（002 §3.4）：原则上依托会员单位中三级综合或三级专科医院，三年一周期。",
               outcomes=["Submit"], due_in="60.00:00:00", remind=["7.00:00:00"], escalate="role:leadershipGroupLeader",
               form=[field("memberUnitId", "下一任组长单位（单位编号）", "text", True), field("termStart", "任期开始日期", "date", True)],
               form_data="v_Next")
    f.add("next", "Elsa.DispatchWorkflow", "开始下一任期", 6, 0,
          workflowDefinitionId=lit("String", "p5-leader-unit-term"),
          input=js("Object", "({ MemberUnitId: getNext().memberUnitId, TermStart: getNext().termStart })"),
          idempotencyKey=js("String", "'leader-term:' + getNext().termStart"))
    end(f, "end", 7, 0)
    end(f, "endInvalid", 2, 1, "结束（任期冲突）")
    f.chain("start", "record")
    f.connect("record", "Invalid", "endInvalid")
    f.connect("record", "Recorded", "mailRecorded")
    f.chain("mailRecorded", "wait", "mailRemind", "select")
    f.connect("select", "Submit", "next")
    f.connect("next", "Done", "end")
    variables = [variable(n, t) for n, t in [("TermEnd", "String"), ("RemindAt", "String"), ("Warning", "String"), ("UnitName", "String"), ("Next", "Object")]]
    return definition("p5-leader-unit-term", "评审中心组长单位任期",
                      "登记评审评价中心组长单位（原则上三级医院）及三年任期（002 §3.4），届满前 90 天提醒并遴选下一任，下一任期自动接续。",
                      f, variables, [workflow_input("MemberUnitId", "String", "组长单位编号"), workflow_input("TermStart", "DateTimeOffset", "任期开始", ui_hint="datetime-picker")])


def integrity_pledge():
    f = Flow("ipflow")
    f.add("start", "Elsa.Start", "开始", 0, 0)
    activity(f, "record", A + "RecordIntegrityPledge", "登记并公示承诺书", 1, 0,
             {"MemberUnitId": js("String", "getInput('MemberUnitId')"), "SignatoryName": js("String", "getInput('SignatoryName')")},
             {"UnitName": "v_UnitName"})
    send_email(f, "mail", "通知公示", 2, 0, "['role:secretariat']", "resultPublished",
               "({ processName: '诚信自律倡议书', instanceTitle: getUnitName(), outcome: '已签订并在协会网站公示（000 §4.2.3）' })")
    end(f, "end", 3, 0)
    f.chain("start", "record")
    f.connect("record", "Signed", "mail")
    f.connect("record", "AlreadySigned", "end")
    f.connect("mail", "Done", "end")
    return definition("integrity-pledge", "诚信自律倡议书签署",
                      "诊所与协会签订《重庆市社会医疗机构诚信自律倡议书》，登记并在协会网站公示（000 §4.2.3）。",
                      f, [variable("UnitName", "String")],
                      [workflow_input("MemberUnitId", "String", "诊所（会员单位）编号"), workflow_input("SignatoryName", "String", "签署人")])


def expert_intake():
    f = Flow("exflow")
    f.add("start", "Elsa.Start", "开始", 0, 0)
    activity(f, "nominate", A + "NominateExpert", "登记推荐并检查资格", 1, 0,
             {"PersonId": js("String", "getInput('PersonId')"), "Specialty": js("String", "getInput('Specialty')"),
              "Source": js("String", "getInput('Source') || 'memberUnit'"), "Consultant": js("Boolean", "getInput('Consultant') === true"),
              "NominatedByUnitId": js("String", "getInput('NominatedByUnitId')"), "NominatedByBranchId": js("String", "getInput('NominatedByBranchId')")},
             {"ExpertId": "v_ExpertId", "PersonName": "v_PersonName", "Failures": "v_Failures", "ToConfirm": "v_ToConfirm"})
    send_email(f, "mailIneligible", "通知不符合条件", 1, 1, "['role:secretariat']", "applicationReturned",
               "({ processName: '专家入库', instanceTitle: getPersonName(), comment: (getFailures() || []).join('；') })")
    human_task(f, "review", "组织工作委员会审核", 2, 0,
               title="js:'专家入库审核：' + getPersonName()", role="secretariat",
               description="js:'协会组织工作委员会审核专家推荐（002 §3.2–3.3）。' + ((getToConfirm() || []).length ? '请确认：' + getToConfirm().join('；') : '')",
               outcomes=["Approve", "Reject"], labels={"Approve": "同意入库", "Reject": "不同意"}, comment_required=["Reject"],
               due_in="30.00:00:00", comment_var="v_Comment")
    activity(f, "admit", A + "SetExpertStatus", "入库", 3, 0,
             {"ExpertId": js("String", "getExpertId()"), "Status": lit("String", "active")})
    activity(f, "retire", A + "SetExpertStatus", "不予入库", 3, 1,
             {"ExpertId": js("String", "getExpertId()"), "Status": lit("String", "retired")})
    send_email(f, "mailDone", "通知结果", 4, 0, "['role:secretariat']", "resultPublished",
               "({ processName: '专家入库', instanceTitle: getPersonName(), outcome: '已入库' })")
    end(f, "end", 5, 0)
    f.chain("start", "nominate")
    f.connect("nominate", "Ineligible", "mailIneligible")
    f.connect("mailIneligible", "Done", "end")
    f.connect("nominate", "AlreadyInPool", "end")
    f.connect("nominate", "Eligible", "review")
    f.connect("review", "Approve", "admit")
    f.connect("review", "Reject", "retire")
    f.chain("admit", "mailDone", "end")
    f.connect("retire", "Done", "end")
    variables = [variable(n, t) for n, t in [("ExpertId", "String"), ("PersonName", "String"), ("Failures", "Object"), ("ToConfirm", "Object"), ("Comment", "String")]]
    return definition("expert-pool-intake", "专家入库",
                      "会员单位、分会向协会组织工作委员会推荐评审专家（副高以上职称满 5 年，002 §3.2）或特邀顾问、核心专家（002 §3.3），审核后入库。",
                      f, variables,
                      [workflow_input("PersonId", "String", "人员编号"), workflow_input("Specialty", "String", "专业"),
                       workflow_input("Source", "String", "推荐来源"), workflow_input("Consultant", "Boolean", "咨询专家", ui_hint="checkbox"),
                       workflow_input("NominatedByUnitId", "String", "推荐单位"), workflow_input("NominatedByBranchId", "String", "推荐分会")])


def annual_report():
    f = Flow("arflow")
    f.add("cron", "Elsa.Cron", "每年 12 月 1 日", 0, 0, cronExpression=lit("String", "0 0 9 1 12 ?"))
    activity(f, "due", A + "AnnualReportDue", "计算截止日（12 月 15 日）", 1, 0,
             {"Year": js("Int32", "getInput('Year')")}, {"DueAt": "v_DueAt", "DueText": "v_DueText", "ReportYear": "v_Year"})
    send_email(f, "notice", "通知报送", 2, 0, "['role:memberUnit', 'role:branchChair']", None, None,
               subject="'【年度评价报告】请于 ' + getDueText() + ' 前报送'",
               body="'请各会员单位、分会于 ' + getDueText() + ' 前报送本年度评价报告（004 §3）。'")
    human_task(f, "collect", "汇总年度评价报告", 3, 0,
               title="js:getYear() + ' 年度评价报告汇总（截止 ' + getDueText() + '）'", role="secretariat",
               description="收齐并汇总各单位年度评价报告（004 §3）；到期前提醒，逾期升级至领导小组组长。",
               outcomes=["Done"], due_at="js:getDueAt()", remind=["7.00:00:00", "3.00:00:00", "1.00:00:00"], escalate="role:leadershipGroupLeader",
               form=[field("summary", "汇总情况", "textarea", True)])
    end(f, "end", 4, 0)
    f.chain("cron", "due", "notice", "collect")
    f.connect("collect", "Done", "end")
    variables = [variable(n, t) for n, t in [("DueAt", "String"), ("DueText", "String"), ("Year", "Int32")]]
    return definition("annual-report-deadline", "年度评价报告（12 月 15 日截止）",
                      "每年 12 月 15 日前报送年度评价报告（004 §3）：12 月 1 日通知，秘书处汇总，到期前提醒、逾期升级。",
                      f, variables, [workflow_input("Year", "Int32", "年度", "留空为当年")])


def bad_practice():
    f = Flow("bpflow")
    f.add("start", "Elsa.Start", "开始", 0, 0)
    activity(f, "record", A + "RecordBadPractice", "登记积分并累计", 1, 0,
             {"MemberUnitId": js("String", "getInput('MemberUnitId')"), "Points": js("Int32", "getInput('Points')"),
              "Description": js("String", "getInput('Description')")},
             {"TotalPoints": "v_TotalPoints", "UnitName": "v_UnitName"})
    send_email(f, "mailWarning", "通报达到警示线", 2, 0, "['role:secretariat', 'role:leadershipGroupLeader']", "decision",
               "({ processName: '不良执业行为积分', instanceTitle: getUnitName(), outcome: '近 12 个月累计 ' + getTotalPoints() + ' 分，达到 6 分警示线', comment: getInput('Description') })")
    human_task(f, "warn", "实施警示", 3, 0,
               title="js:'实施警示：' + getUnitName() + '（累计 ' + getTotalPoints() + ' 分）'", role="secretariat",
               description="不良执业行为累计积分达到 6 分，对该机构实施警示（003）。", outcomes=["Done"], labels={"Done": "已警示"},
               due_in="7.00:00:00", form=[field("measure", "警示方式与情况", "textarea", True)])
    end(f, "end", 4, 0)
    f.chain("start", "record")
    f.connect("record", "Warning", "mailWarning")
    f.connect("record", "BelowThreshold", "end")
    f.connect("mailWarning", "Done", "warn")
    f.connect("warn", "Done", "end")
    variables = [variable("TotalPoints", "Int32"), variable("UnitName", "String")]
    return definition("bad-practice-warning", "不良执业积分警示",
                      "登记医疗机构不良执业行为积分，近 12 个月累计达到 6 分实施警示（003，上海市社会医疗机构协会做法）。",
                      f, variables,
                      [workflow_input("MemberUnitId", "String", "机构编号"), workflow_input("Points", "Int32", "积分"),
                       workflow_input("Description", "String", "行为说明", ui_hint="multiline")])


if __name__ == "__main__":
    for name, build in [("p1-branch-founding", p1), ("p2-party-branch-setup", p2), ("p3-annual-assessment", p3),
                        ("p4-activity-approval", p4), ("p5-quality-review", p5), ("p5-leader-unit-term", leader_unit_term),
                        ("integrity-pledge", integrity_pledge), ("expert-pool-intake", expert_intake),
                        ("annual-report-deadline", annual_report), ("bad-practice-warning", bad_practice)]:
        write(os.path.join(OUT, name + ".json"), build())
        print("wrote", name + ".json")
