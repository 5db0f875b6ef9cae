/* The Linux gateway's defaults, on 64-bit ARM. */
#ifndef LF_BOARD_AARCH64_H
#define LF_BOARD_AARCH64_H

#include "../linux/board.h"
#undef LF_BOARD_NAME
#define LF_BOARD_NAME "linux-aarch64"

#endif
