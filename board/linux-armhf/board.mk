# Linux gateway on 32-bit ARM with hardware float (Debian armhf), cross-built.
CROSS    := arm-linux-gnueabihf
DEB_ARCH := armhf
QEMU     := qemu-arm-static
include board/linux/cross.mk
