# A Linux gateway cross-built for another CPU with Debian's cross compiler
# ($(CROSS)-gcc) against Debian's static libraries of that architecture
# (multiarch: dpkg --add-architecture ARCH; liblmdb-dev:ARCH libmbedtls-dev:ARCH).
# A board sets CROSS (the GNU triplet) and includes this from its board.mk.
include board/linux/board.mk
CC := $(CROSS)-gcc
BOARD_CFLAGS := -Iboard/$(board) $(BOARD_CFLAGS)
.DEFAULT_GOAL := cross
