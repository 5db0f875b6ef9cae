"""Shared setup for the ticket engine stories: people, a department with an
approver, workflow designs, and reading the ticket store back (mdb_dump)."""
import copy
import json
import subprocess

from lfclient import Server
from test_workflows import leave_request, parallel_design

T = "/api/v1.0/tickets"
WF = "/api/v1.0/workflows"
A = "/api/v1.0/accounts"
PW = "pw-123456"


class Fix:
    def __init__(self, binary, extra_args=()):
        self.srv = srv = Server(binary, extra_args=extra_args).start()
        self.admin = srv.jwt_headers(srv.login())
        self.ids, self.who = {}, {}
        self.person("mgr")
        self.dept = self.ok("POST", A + "/depts", {
            "name": "Ops", "parent_dept_id": "", "approver_id_list": [self.ids["mgr"]]})["dept_id"]
        self.person("cre", dept_id_list=[self.dept])
        for name in ("v1", "v2", "v3", "disp", "norm", "other"):
            self.person(name)

    def person(self, name, kind="normal", **kw):
        body = {"name": name, "alias": name.upper(), "email": name + "@example.com", "type": kind,
                "is_active": True, "password": PW, "password1": PW}
        body.update(kw)
        uid = self.ok("POST", A + "/users", body)["user_id"]
        self.ids[name] = uid
        self.who[name] = self.srv.jwt_headers(self.srv.login(name + "@example.com", PW))
        return uid

    def req(self, method, path, body=None, who=None, headers=None):
        h = dict(self.who[who] if who else self.admin)
        h.update(headers or {})
        return self.srv.request(method, path, body, headers=h)

    def ok(self, method, path, body=None, who=None):
        r = self.req(method, path, body, who)
        assert r.status == 200 and r.code == 0, (method, path, body, r)
        return r.data

    def fail(self, method, path, body=None, who=None, contains=""):
        r = self.req(method, path, body, who)
        assert r.status == 200 and r.code == -1, (method, path, body, r)
        assert contains in r.msg, (r.msg, contains)
        return r

    # ---- workflows ----
    def workflow(self, doc):
        wf = self.ok("POST", WF, doc)["workflow_id"]
        full = self.ok("GET", "%s/%s" % (WF, wf))["workflow_full_defination"]
        nodes = {n["name"]: n["id"] for n in full["process_schema"]["node_info_list"]}
        edges = {e["name"]: e["id"] for e in full["process_schema"]["edge_info_list"]}
        return wf, nodes, edges

    # ---- tickets ----
    def create(self, wf, action, fields=None, who="cre", **kw):
        body = {"workflow_id": wf, "action_id": action, "fields": fields or {}}
        body.update(kw)
        return self.ok("POST", T, body, who)["ticket_id"]

    def act(self, tid, node, action=None, kind="agree", who="cre", fields=None, **props):
        body = {"action_type": kind, "action_props": dict(node_id=node, **props)}
        if action:
            body["action_id"] = action
        if fields is not None:
            body["fields"] = fields
        return self.req("POST", "%s/%s/handle" % (T, tid), body, who)

    def must(self, tid, node, action=None, kind="agree", who="cre", **kw):
        r = self.act(tid, node, action, kind, who, **kw)
        assert r.status == 200 and r.code == 0 and r.data == {} and r.msg == "", r
        return r

    def refused(self, tid, node, action=None, kind="agree", who="cre", contains="", **kw):
        before = self.state(tid)
        r = self.act(tid, node, action, kind, who, **kw)
        assert r.status == 200 and r.code == -1, r
        assert contains in r.msg, (r.msg, contains)
        assert self.state(tid) == before, "a refused action changed the ticket"
        return r

    # ---- the store, read back ----
    def dump(self, table):
        """(key, value) byte pairs of a store table (mdb_dump's hex form)."""
        out = subprocess.run(["mdb_dump", "-s", table, self.srv.data_dir],
                             capture_output=True, text=True, check=True).stdout.splitlines()
        body = out[out.index("HEADER=END") + 1:]
        rows = []
        for i in range(0, len(body) - 1, 2):
            if body[i] == "DATA=END":
                break
            rows.append((bytes.fromhex(body[i].strip()), bytes.fromhex(body[i + 1].strip())))
        return rows

    def records(self, table, tid):
        recs = []
        for _, v in self.dump(table):
            try:
                d = json.loads(v)
            except ValueError:
                continue
            if isinstance(d, dict) and (d.get("ticket_id") == tid or d.get("id") == tid):
                recs.append(d)
        return recs

    def ticket(self, tid):
        return self.records("ticket", tid)[0]

    def nodes(self, tid):
        return sorted(self.records("ticket_cur", tid), key=lambda r: r["seq"])

    def current(self, tid):
        """{node id: assignee ids} of the current nodes."""
        return {r["node_id"]: sorted(filter(None, r["assignee"].split(",")))
                for r in self.nodes(tid)}

    def flows(self, tid):
        return sorted(self.records("flow", tid), key=lambda r: r["seq"])

    def relations(self, tid):
        return {r["user_id"]: r for r in self.records("ticket_user", tid)}

    def open_index(self):
        """(version, node, ticket) triples of the open-ticket index, as hex."""
        return sorted(k.hex() for k, _ in self.dump("ticket_node"))

    def state(self, tid):
        t = self.ticket(tid)
        return (t["act_state"], t["title"], json.dumps(self.nodes(tid), sort_keys=True),
                len(self.flows(tid)), json.dumps(self.relations(tid), sort_keys=True),
                self.open_index())

    def cleanup(self):
        self.srv.cleanup()


def leave(fix, name="Leave"):
    return fix.workflow(leave_request("v1", name))


def parallel(fix):
    return fix.workflow(parallel_design())


def design(nodes, edges, comps=None, name="W"):
    """A small design: nodes [(id, type, name, props)], edges [(id, type, src, dst, props)]."""
    comps = comps or [
        {"id": "temp_t", "type": "title", "component_key": "title", "component_name": "T",
         "props": {"title_generate_mode": "manual"}},
        {"id": "temp_d", "type": "number", "component_key": "days", "component_name": "D",
         "props": {}},
        {"id": "temp_u", "type": "user", "component_key": "who", "component_name": "U",
         "props": {"multiple": True}}]
    return {
        "basic_info": {"name": name, "description": "", "version": "v1"},
        "form_schema": {"component_info_list": [
            {"id": "temp_r", "type": "row", "component_key": "r", "component_name": "", "props": {},
             "children": copy.deepcopy(comps)}]},
        "process_schema": {
            "node_info_list": [{"id": i, "type": t, "name": n, "props": p} for i, t, n, p in nodes],
            "edge_info_list": [{"id": i, "type": t, "name": i, "source_node_id": s,
                                "target_node_id": d, "props": p} for i, t, s, d, p in edges]},
        "advanced_schema": {"notification_info": {"title_template": "", "content_template": "",
                                                  "selected_channel_list": []}}}


def human(assignee_type, assignee, strategy="direct", perms=None, **extra):
    p = {"field_permissions": perms or {"days": "optional"}, "assignee_type": assignee_type,
         "assignee": assignee, "assignment_strategy": strategy}
    p.update(extra)
    return p
