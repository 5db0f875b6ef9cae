"""Shared setup for the organisation tests (users, departments, roles): a
server with callers of every kind and a second tenant to leak into."""
from lfclient import ADMIN_EMAIL, TENANT, Server, signed_headers

A = "/api/v1.0/accounts"
OTHER_TENANT = "00000000-0000-0000-0000-0000000000b2"
ZERO = "00000000-0000-0000-0000-000000000000"
NEED_ADMIN = "has no permission: permission check fail, need admin"


class Org:
    def __init__(self, binary):
        self.srv = srv = Server(binary).start()
        self.admin = srv.jwt_headers(srv.login())
        self.normal_id = self.user(TENANT, "normal@example.com", "normal")
        self.wfadmin_id = self.user(TENANT, "wfadmin@example.com", "workflow_admin")
        self.normal = srv.jwt_headers(srv.login("normal@example.com", "pw"))
        self.wfadmin = srv.jwt_headers(srv.login("wfadmin@example.com", "pw"))
        srv.lfctl("tenant", "create", "--name", "other", "--domain", "other.example",
                  "--id", OTHER_TENANT)
        self.other_user_id = self.user(OTHER_TENANT, "oadmin@example.com", "admin")
        self.other_admin = srv.jwt_headers(srv.login("oadmin@example.com", "pw"))
        self.wfapp_name = "wf-app"
        _, self.wfapp_token = srv.lfctl("app", "create", "--tenant", TENANT, "--name",
                                        self.wfapp_name, "--type", "workflow_admin")

    def user(self, tenant, email, kind):
        return self.srv.lfctl("user", "create", "--tenant", tenant, "--email", email,
                              "--password", "pw", "--type", kind, "--iterations", "1000")[0]

    def wfapp(self, email=ADMIN_EMAIL):
        """An application of type workflow_admin acting as the admin user."""
        return signed_headers(app=self.wfapp_name, token=self.wfapp_token, email=email)

    def req(self, method, path, body=None, who=None):
        return self.srv.request(method, A + path, body, headers=who or self.admin)

    def ok(self, method, path, body=None, who=None):
        r = self.req(method, path, body, who)
        assert r.status == 200 and r.code == 0, (method, path, r)
        assert list(r.json) == ["code", "data", "msg"], r
        return r

    def fail(self, method, path, body=None, who=None, msg=None, contains=None):
        r = self.req(method, path, body, who)
        assert r.status == 200 and r.code == -1 and r.data == {}, (method, path, r)
        if msg is not None:
            assert r.msg == msg, (method, path, r.msg, msg)
        if contains is not None:
            assert contains in r.msg, (method, path, r.msg, contains)
        return r

    def refused_to_non_admins(self, method, path, body=None):
        """normal and workflow_admin users, and a workflow_admin app, are refused."""
        for who in (self.normal, self.wfadmin, self.wfapp()):
            self.fail(method, path, body, who=who, msg=NEED_ADMIN)

    def new_user(self, email, **kw):
        body = {"name": kw.pop("name", email.split("@")[0]), "email": email, "type": "normal",
                "is_active": True}
        body.update(kw)
        return self.ok("POST", "/users", body).data["user_id"]

    def new_dept(self, name, parent="", **kw):
        body = {"name": name, "parent_dept_id": parent}
        body.update(kw)
        return self.ok("POST", "/depts", body).data["dept_id"]

    def new_role(self, name, **kw):
        body = {"name": name}
        body.update(kw)
        return self.ok("POST", "/roles", body).data["role_id"]

    def cleanup(self):
        self.srv.cleanup()

    def archived(self, kind):
        """Records in the archive table of that kind (read with mdb_dump)."""
        import subprocess
        out = subprocess.run(["mdb_dump", "-p", "-s", "archive", self.srv.data_dir],
                             capture_output=True, text=True).stdout
        return sum(1 for line in out.splitlines() if line.startswith(" " + kind + "\\00"))
