# Linux gateway on 32-bit ARM with hardware float (Debian armhf), cross-built.
CROSS    := arm-linux-gnueabihf
DEB_ARCH := armhf
include board/linux/cross.mk
