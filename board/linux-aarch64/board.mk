# Linux gateway on 64-bit ARM (Debian arm64), cross-built.
CROSS    := aarch64-linux-gnu
DEB_ARCH := arm64
QEMU     := qemu-aarch64-static
include board/linux/cross.mk
