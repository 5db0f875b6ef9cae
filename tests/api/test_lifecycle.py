"""Process lifecycle: first start prints credentials once, restarts keep the
data, signals stop the server cleanly."""
import os
import signal
import tempfile

from lfclient import ADMIN_EMAIL, ADMIN_PASSWORD, APP_TOKEN, Server, signed_headers


def test_first_start_prints_credentials_once_and_restart_keeps_them(binary):
    d = tempfile.mkdtemp(prefix="lf-life-")
    s = Server(binary, data_dir=d).start()
    jwt = s.login()
    assert s.stop() == 0
    assert ADMIN_EMAIL in s.stdout and ADMIN_PASSWORD in s.stdout and APP_TOKEN in s.stdout
    s2 = Server(binary, data_dir=d).start()
    try:
        assert s2.request("GET", "/api/v1.0/accounts/my_profile", headers=s2.jwt_headers(jwt)).code == 0
        assert s2.request("GET", "/api/v1.0/accounts/my_profile", headers=signed_headers()).code == 0
    finally:
        assert s2.stop() == 0
    assert "admin password" not in s2.stdout
    s2.cleanup()


def test_generated_credentials_are_random(binary):
    s = Server(binary, env={"LF_ADMIN_PASSWORD": "", "LF_APP_TOKEN": ""}).start()
    s.stop()
    lines = dict(l.strip().split(":", 1) for l in s.stdout.splitlines() if l.startswith("  "))
    pw, token = lines["admin password"].strip(), lines["app token"].strip()
    assert len(pw) >= 16 and pw != ADMIN_PASSWORD
    assert len(token) == 36 and token != APP_TOKEN
    s2 = Server(binary, data_dir=s.data_dir).start()
    try:
        s2.login(password=pw)
        assert s2.request("GET", "/api/v1.0/accounts/my_profile",
                          headers=signed_headers(token=token)).code == 0
    finally:
        s2.stop()
        s.cleanup()


def test_sigint_stops_cleanly(binary):
    s = Server(binary).start()
    assert s.request("GET", "/api/v1.0/accounts/tenants/by_domain?domain=x").code == 0
    assert s.stop(signal.SIGINT) == 0
    assert any("stopped" in l for l in s.log)
    s.cleanup()


def test_help_and_bad_arguments(binary):
    import subprocess
    r = subprocess.run([binary, "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and "--listen" in r.stdout and "password_iterations" in r.stdout
    r = subprocess.run([binary, "--bogus"], capture_output=True, text=True)
    assert r.returncode == 2 and "unknown" in r.stderr
    cfg = tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False)
    cfg.write("listen = 127.0.0.1:1\nmap_size_mb = lots\n")
    cfg.close()
    r = subprocess.run([binary, "--config", cfg.name], capture_output=True, text=True)
    assert r.returncode == 2 and "line 2" in r.stderr and "map_size_mb" in r.stderr, r.stderr
    os.unlink(cfg.name)


def test_config_file_is_used(binary):
    cfg = tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False)
    cfg.write("# test\njwt_lifetime_s = 3600\nlog_level = info\n")
    cfg.close()
    s = Server(binary, extra_args=["--config", cfg.name]).start()
    try:
        import base64, json
        p = s.login().split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
        assert claims["exp"] - claims["iat"] == 3600
    finally:
        s.cleanup()
        os.unlink(cfg.name)
