/* The Linux gateway's defaults, on 32-bit ARM (armhf). */
#ifndef LF_BOARD_ARMHF_H
#define LF_BOARD_ARMHF_H

#include "../linux/board.h"
#undef LF_BOARD_NAME
#define LF_BOARD_NAME "linux-armhf"
/* A 32-bit process has 3 GiB of address space; LMDB maps all of it. */
#undef LF_BOARD_MAP_SIZE_MB
#define LF_BOARD_MAP_SIZE_MB 256

#endif
