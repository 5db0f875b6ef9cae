"""Test client for loonflowd: starts a server on a fresh data directory and
talks to it over raw sockets, authenticating exactly as loonflow clients do."""
import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "admin-pass-1"
APP_NAME = "loonflow-admin"
APP_TOKEN = "0b5e7a3e-1111-4c2d-9e8f-123456789abc"
TENANT = "00000000-0000-0000-0000-000000000001"


class Server:
    """One loonflowd process with its own data directory."""

    def __init__(self, binary, data_dir=None, env=None, extra_args=()):
        self.binary = binary
        self.own_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="lf-api-")
        self.env = dict(os.environ)
        self.env.update({"LF_ADMIN_EMAIL": ADMIN_EMAIL, "LF_ADMIN_PASSWORD": ADMIN_PASSWORD,
                         "LF_APP_NAME": APP_NAME, "LF_APP_TOKEN": APP_TOKEN})
        self.env.update(env or {})
        self.extra_args = list(extra_args)
        self.proc = None
        self.port = None
        self.stdout = ""

    def start(self):
        args = [self.binary, "--listen", "127.0.0.1:0", "--data", self.data_dir,
                "--set", "password_iterations=1000", "--set", "sync=none"] + self.extra_args
        self.proc = subprocess.Popen(args, env=self.env, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 30
        self.log = []
        while time.time() < deadline:
            line = self.proc.stderr.readline()
            if not line:
                break
            self.log.append(line)
            m = re.search(r"listening on [^ ]+:(\d+),", line)
            if m:
                self.port = int(m.group(1))
                break
        if not self.port:
            self.proc.kill()
            out, err = self.proc.communicate()
            raise RuntimeError("server did not start: %s %s %s" % ("".join(self.log), out, err))
        # Keep draining stderr so the server never blocks on a full pipe.
        import threading
        threading.Thread(target=self._drain, daemon=True).start()
        return self

    def _drain(self):
        for line in self.proc.stderr:
            self.log.append(line)

    def stop(self, sig=signal.SIGTERM):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.stdout = self.proc.stdout.read() if self.proc and self.proc.stdout else ""
        return self.proc.returncode if self.proc else None

    def cleanup(self):
        self.stop()
        if self.own_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def lfctl(self, *args):
        """Runs lfctl (built beside loonflowd) on this server's database."""
        tool = os.path.join(os.path.dirname(self.binary), "lfctl")
        r = subprocess.run([tool, "--data", self.data_dir] + list(args), capture_output=True,
                           text=True, check=True)
        return r.stdout.split()

    def alive(self):
        return self.proc.poll() is None

    # ---- HTTP ----
    def request(self, method, path, body=None, headers=None, raw_body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        hdrs = dict(headers or {})
        data = raw_body
        if body is not None:
            data = json.dumps(body).encode()
            hdrs.setdefault("Content-Type", "application/json")
        conn.request(method, path, body=data, headers=hdrs)
        r = conn.getresponse()
        payload = r.read()
        conn.close()
        return Response(r.status, dict((k.lower(), v) for k, v in r.getheaders()), payload)

    def raw(self, data, read_until_close=True, timeout=10):
        """Sends raw bytes; returns everything the server answers."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        s.sendall(data)
        chunks = []
        try:
            while True:
                b = s.recv(65536)
                if not b:
                    break
                chunks.append(b)
                if not read_until_close:
                    break
        except socket.timeout:
            pass
        s.close()
        return b"".join(chunks)

    # ---- authentication ----
    def login(self, email=ADMIN_EMAIL, password=ADMIN_PASSWORD):
        r = self.request("POST", "/api/v1.0/login", {"email": email, "password": password})
        assert r.code == 0, r.text
        return r.data["jwt"]

    def jwt_headers(self, jwt):
        return {"Authorization": "Bearer " + jwt}


def signed_headers(app=APP_NAME, token=APP_TOKEN, email=ADMIN_EMAIL, tenant=TENANT, ts=None):
    """Exactly what loonflow 3's Postman pre-request script sends."""
    ts = str(int(time.time()) if ts is None else ts)
    sig = hashlib.md5((ts + token).encode()).hexdigest()
    return {"appName": app, "timestamp": ts, "signature": sig, "tenantId": tenant, "email": email}


class Response:
    def __init__(self, status, headers, payload):
        self.status = status
        self.headers = headers
        self.payload = payload
        self.text = payload.decode("utf-8", "replace")
        try:
            self.json = json.loads(self.text) if payload else None
        except ValueError:
            self.json = None

    @property
    def code(self):
        return self.json["code"] if isinstance(self.json, dict) else None

    @property
    def data(self):
        return self.json["data"] if isinstance(self.json, dict) else None

    @property
    def msg(self):
        return self.json["msg"] if isinstance(self.json, dict) else None

    def __repr__(self):
        return "<%d %s>" % (self.status, self.text[:300])
