#!/bin/sh
# The first of the README's two commands: install what a fresh Debian 12
# needs, build, and start loonflowd on the embedded default (data in ./data,
# listening on 127.0.0.1:6060). The first start prints the admin
# credentials and the app token once.
set -eu
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
PKGS="build-essential liblmdb-dev libmbedtls-dev libjsmn-dev lmdb-utils python3 curl"
missing=""
for p in $PKGS; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q $missing
fi
make -j"$(nproc)"
exec ./build/loonflowd "$@"
