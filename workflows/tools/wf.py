"""A small builder for Elsa 3 workflow-definition JSON, so the Association's processes are written as readable
Python (build.py) and come out as files the Elsa Studio designer opens: every activity has an id, a nodeId
(Workflow1:<root>:<id>), designer position and size, and a Chinese displayText; inputs are wrapped the way
Studio writes them ({typeName, expression:{type, value}, memoryReference}).

Deterministic: the same build.py gives the same bytes, so diffs of the JSON files show real changes only.
"""
import json

X_STEP = 280
Y_STEP = 140


def lit(type_name, value):
    """A literal input (Studio stores literal values as strings)."""
    if isinstance(value, bool):
        value = "true" if value else "false"
    return {"typeName": type_name, "expression": {"type": "Literal", "value": str(value)}, "memoryReference": None}


def js(type_name, code):
    return {"typeName": type_name, "expression": {"type": "JavaScript", "value": code}, "memoryReference": None}


def obj(type_name, value):
    """An Object expression: Studio keeps JSON as a string (multitext, dynamic outcomes, json editors)."""
    return {"typeName": type_name, "expression": {"type": "Object", "value": json.dumps(value, ensure_ascii=False)}, "memoryReference": None}


def bind(type_name, variable_id):
    """An output bound to a workflow variable."""
    return {"typeName": type_name, "memoryReference": {"id": variable_id}}


def field(name, label, type_="text", required=False, options=None, mode="editable", variable=None):
    f = {"name": name, "label": label, "type": type_, "required": required, "mode": mode}
    if options is not None:
        f["options"] = options
    if variable is not None:
        f["variable"] = variable
    return f


class Flow:
    """A flowchart: activities with grid positions, and connections by outcome port."""

    def __init__(self, flow_id, parent_node_id="Workflow1"):
        self.id = flow_id
        self.node_id = f"{parent_node_id}:{flow_id}"
        self.activities = []
        self.connections = []
        self.ids = set()

    def add(self, id_, type_, display, col, row, version=1, custom=None, **inputs):
        assert id_ not in self.ids, f"duplicate activity id {id_}"
        self.ids.add(id_)
        activity = {
            "id": id_,
            "nodeId": f"{self.node_id}:{id_}",
            "name": id_,
            "type": type_,
            "version": version,
            "customProperties": custom or {},
            "metadata": {
                "designer": {"position": {"x": col * X_STEP, "y": row * Y_STEP}, "size": {"width": 220, "height": 64}},
                "displayText": display,
            },
        }
        for key, value in inputs.items():
            if value is None:
                continue
            if isinstance(value, Flow):
                value = value.as_body()
            activity[key] = value
        self.activities.append(activity)
        return id_

    def connect(self, source, port, target):
        assert source in self.ids, f"unknown source {source}"
        assert target in self.ids, f"unknown target {target}"
        self.connections.append({"source": {"activity": source, "port": port}, "target": {"activity": target, "port": "In"}, "vertices": []})

    def chain(self, *ids):
        """Connects a run of activities by their default outcome (Done)."""
        for a, b in zip(ids, ids[1:]):
            self.connect(a, "Done", b)

    def as_root(self):
        return {
            "id": self.id,
            "nodeId": self.node_id,
            "name": "Flowchart1",
            "type": "Elsa.Flowchart",
            "version": 1,
            "customProperties": {},
            "metadata": {},
            "activities": self.activities,
            "connections": self.connections,
        }

    def as_body(self):
        body = self.as_root()
        body["name"] = self.id
        body["metadata"] = {"designer": {"position": {"x": 0, "y": 0}, "size": {"width": 220, "height": 64}}, "displayText": "循环体"}
        return body


def variable(name, type_name="Object", value=None):
    return {"id": f"v_{name}", "name": name, "typeName": type_name, "isArray": False, "value": value, "storageDriverTypeName": None}


def workflow_input(name, type_name, display, description="", ui_hint="singleline"):
    return {"type": type_name, "isArray": False, "name": name, "displayName": display, "description": description,
            "category": "", "uiHint": ui_hint, "storageDriverType": None}


# Who may start each process (customProperties.startRoles, enforced by the service; admin always may; scheduled runs
# start through the runtime). Keyed here so the processes' builders stay as they are.
START_ROLES = {
    "p1-branch-founding": ["memberUnit", "secretariat"],
    "p2-party-branch-setup": ["partyCommittee", "secretariat"],
    "p3-annual-assessment": ["secretariat"],
    "p4-activity-approval": ["branchChair", "secretariat"],
    "p5-quality-review": ["memberUnit", "secretariat"],
    "p5-leader-unit-term": ["secretariat"],
    "integrity-pledge": ["memberUnit", "secretariat"],
    "expert-pool-intake": ["memberUnit", "branchChair", "secretariat"],
    "annual-report-deadline": ["secretariat"],
    "bad-practice-warning": ["secretariat"],
}


# Whom an applicant may start it for (customProperties.startApplicant, per starting role; issue 12 item 6): a member
# unit for its own unit only (every unit or person id at the inputs is its own), a branch chair for a branch they
# chair; unless "required" is false, one of the inputs must be given. Roles without an entry (the secretariat) are
# not limited.
def _own_unit(*inputs, required=True):
    rule = {"rule": "ownUnit", "inputs": list(inputs)}
    if not required:
        rule["required"] = False
    return rule


def _own_branch(*inputs):
    return {"rule": "ownBranch", "inputs": list(inputs)}


START_APPLICANT = {
    # the unit a member unit proposes as chair unit is its own; a clinic branch's application names none (it is the
    # applicant's), and the proposed office holders may come from other units (a committee spans the city)
    "p1-branch-founding": {"memberUnit": _own_unit("Application.chairUnitId", required=False)},
    "p4-activity-approval": {"branchChair": _own_branch("Application.branchId")},
    "p5-quality-review": {"memberUnit": _own_unit("Application.institutionId")},
    "integrity-pledge": {"memberUnit": _own_unit("MemberUnitId")},
    "expert-pool-intake": {"memberUnit": _own_unit("NominatedByUnitId", "PersonId"), "branchChair": _own_branch("NominatedByBranchId")},
}


def _start_properties(definition_id):
    properties = {"startRoles": START_ROLES[definition_id]}
    if definition_id in START_APPLICANT:
        properties["startApplicant"] = START_APPLICANT[definition_id]
    return properties


def definition(definition_id, name, description, root, variables=(), inputs=(), outputs=()):
    return {
        "id": f"{definition_id}-v1",
        "definitionId": definition_id,
        "name": name,
        "description": description,
        "createdAt": "2026-11-22T00:00:00+00:00",
        "version": 1,
        "toolVersion": "3.8.0.0",
        "variables": list(variables),
        "inputs": list(inputs),
        "outputs": list(outputs),
        "outcomes": [],
        "customProperties": _start_properties(definition_id),
        "isReadonly": False,
        "isSystem": False,
        "isLatest": True,
        "isPublished": True,
        "options": {"autoUpdateConsumingWorkflows": False},
        "root": root.as_root(),
    }


# ---- activity short-hands ------------------------------------------------------------------------------


def human_task(flow, id_, display, col, row, title, role=None, assignee=None, outcomes=("Approve", "Reject"), labels=None,
               comment_required=None, due_in=None, due_at=None, remind=None, escalate=None, form=None, description=None,
               context=None, countersign=None, form_data=None, outcome_var=None, comment_var=None, actor_var=None, priority=None,
               batch_outcome=None, countersign_var=None):
    """Workflows.HumanTask. title/description/assignee/role may be JavaScript (prefix 'js:') or literal text."""
    def text(value, type_name="String"):
        if value is None:
            return None
        return js(type_name, value[3:]) if value.startswith("js:") else lit(type_name, value)

    inputs = {
        "title": text(title),
        "description": text(description),
        "assignee": js("String[]", assignee[3:]) if assignee and assignee.startswith("js:") else (obj("String[]", assignee) if assignee else None),
        "candidateRole": text(role),
        "outcomes": obj("String[]", list(outcomes)),
        "outcomeLabels": obj("Object", labels) if labels else None,
        "commentRequiredFor": obj("String[]", list(comment_required)) if comment_required is not None else None,
        "dueIn": lit("TimeSpan", due_in) if due_in else None,
        "dueAt": text(due_at, "DateTimeOffset") if due_at else None,
        "remindBefore": obj("String[]", list(remind)) if remind else None,
        "escalateTo": text(escalate) if escalate else None,
        "form": obj("Object", form) if form else None,
        "countersign": obj("Object", countersign) if countersign else None,
        "context": js("Object", context) if context else None,
        "priority": lit("Int32", priority) if priority is not None else None,
        # The inbox may approve this step in a batch with this outcome (no form, no comment).
        "batchOutcome": lit("String", batch_outcome) if batch_outcome else None,
        "formData": bind("Object", form_data) if form_data else None,
        "outcome": bind("String", outcome_var) if outcome_var else None,
        "comment": bind("String", comment_var) if comment_var else None,
        "actor": bind("String", actor_var) if actor_var else None,
        "countersignResult": bind("Object", countersign_var) if countersign_var else None,
    }
    return flow.add(id_, "Workflows.HumanTask", display, col, row, **inputs)


def send_email(flow, id_, display, col, row, to, template=None, model=None, subject=None, body=None):
    """Elsa.SendEmail. to: JavaScript returning an array (recipients: user names or role:key)."""
    return flow.add(id_, "Elsa.SendEmail", display, col, row,
                    to=js("String[]", to),
                    template=lit("String", template) if template else None,
                    model=js("Object", model) if model else None,
                    subject=js("String", subject) if subject else None,
                    body=js("String", body) if body else None)


def activity(flow, id_, type_name, display, col, row, inputs=None, outputs=None):
    """A domain activity: inputs {name: wrapped value}, outputs {OutputName: variable id}."""
    values = {}
    for key, value in (inputs or {}).items():
        values[key[0].lower() + key[1:]] = value
    for key, var in (outputs or {}).items():
        member = key[0].lower() + key[1:]
        assert member not in values, f"{id_}: output {key} would overwrite the input of the same name"
        values[member] = bind("Object", var)
    return flow.add(id_, type_name, display, col, row, **values)


def write(path, definition_json):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(definition_json, f, ensure_ascii=False, indent=2)
        f.write("\n")
