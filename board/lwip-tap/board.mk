# Host build with lwIP as the TCP/IP stack: Debian's liblwip-dev (lwIP's
# unix port) drives a TAP device. port/lwip gives the sockets, the poller and
# the threads (on lwIP's sys_arch, as on an RTOS); time, entropy, files and
# stop signals stay POSIX, storage stays LMDB.
PORT_SRC   := $(wildcard port/lwip/*.c) port/posix/signals.c port/posix/time_random.c
BOARD_MAIN := board/common/gateway.c board/lwip-tap/main.c
BOARD_CFLAGS := -Iboard/lwip-tap -Iboard/common -isystem /usr/include/lwip -pthread
# Debian ships liblwip as a shared library only, so this binary is dynamic.
BOARD_LIBS := -l:liblmdb.a -l:libmbedtls.a -l:libmbedx509.a -l:libmbedcrypto.a -llwip -pthread
BOARD_LDFLAGS_STATIC :=
