# Linux gateway (x86_64 by default): the POSIX port, epoll, LMDB on files.
PORT_SRC   := $(wildcard port/posix/*.c)
BOARD_MAIN := board/common/gateway.c board/linux/main.c
BOARD_CFLAGS := -Iboard/linux -Iboard/common -pthread
BOARD_LIBS := -l:liblmdb.a -l:libmbedtls.a -l:libmbedx509.a -l:libmbedcrypto.a -pthread
BOARD_LDFLAGS_STATIC := -static
