"""Smoke run of a cross-built loonflowd under qemu user emulation, on
loopback: `make board=linux-aarch64 test-qemu` (or linux-armhf).

    cross.py BINARY QEMU     e.g. build/linux-aarch64/loonflowd qemu-aarch64-static

Skips, saying why, when qemu (Debian's qemu-user-static) or the binary is
missing. Only this one process uses the database: qemu-user does not
implement set_robust_list, so LMDB's process-shared robust mutexes are not
reliable across two emulated processes (the server and lfctl)."""
import os
import shutil
import sys
import tempfile

from checks import SERVER_ARGS, client, stop_server, start_server


def main(binary, qemu):
    name = "cross." + os.path.basename(os.path.dirname(os.path.abspath(binary)))
    if not shutil.which(qemu):
        print("skip: %s: %s not found (apt-get install qemu-user-static)" % (name, qemu))
        print("0 passed, 0 failed")
        return 0
    if not os.path.exists(binary):
        print("skip: %s: %s is not built" % (name, binary))
        print("0 passed, 0 failed")
        return 0
    data_dir = tempfile.mkdtemp(prefix="lf-cross-")
    proc = None
    passed, failed = 0, 1
    try:
        proc, log, port = start_server([qemu, binary, "--listen", "127.0.0.1:0", "--data", data_dir]
                                       + SERVER_ARGS, {}, timeout_s=30)
        passed, failed = client("127.0.0.1", port)
        p, f = stop_server(proc, name)
        passed, failed = passed + p, failed + f
        if failed:
            sys.stdout.write("---- loonflowd log ----\n" + "".join(log)[-4000:] + "\n")
    finally:
        if proc and proc.poll() is None:
            proc.kill()
            proc.wait()
        shutil.rmtree(data_dir, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: cross.py BINARY QEMU")
    sys.exit(main(sys.argv[1], sys.argv[2]))
