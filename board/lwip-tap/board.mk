# Host build with lwIP as the TCP/IP stack: Debian's liblwip-dev (lwIP's
# unix port) drives a TAP device; loonflowd's sockets are lwIP's. Time,
# entropy, threads and files stay POSIX, storage stays LMDB.
PORT_SRC   := port/lwip/net.c port/lwip/poller.c port/posix/threads.c port/posix/time_random.c
BOARD_MAIN := board/common/gateway.c board/lwip-tap/main.c
BOARD_CFLAGS := -Iboard/lwip-tap -Iboard/common -isystem /usr/include/lwip -pthread
# Debian ships liblwip as a shared library only, so this binary is dynamic.
BOARD_LIBS := -l:liblmdb.a -l:libmbedtls.a -l:libmbedx509.a -l:libmbedcrypto.a -llwip -pthread
BOARD_LDFLAGS_STATIC :=
