"""A throwaway self-signed certificate for the TLS tests, made at test time
with the openssl command (Python's stdlib cannot make certificates)."""
import os
import shutil
import ssl
import subprocess


def make_cert(directory, ips=("127.0.0.1",)):
    """Writes cert.pem and key.pem (P-256, valid two days, SAN for ips and
    localhost) into directory; returns their paths."""
    if not shutil.which("openssl"):
        raise RuntimeError("the TLS tests need the openssl command (apt-get install openssl)")
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    san = ",".join(["DNS:localhost"] + ["IP:" + ip for ip in ips])
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                    "-subj", "/CN=loonflowd-test", "-addext", "subjectAltName=" + san],
                   check=True, capture_output=True, timeout=30)
    return cert, key


def client_context(cert):
    """A client context that trusts exactly this certificate."""
    ctx = ssl.create_default_context(cafile=cert)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx
