/* Defaults of the Linux gateway board. */
#ifndef LF_BOARD_H
#define LF_BOARD_H

#define LF_BOARD_NAME "linux"
#define LF_BOARD_LISTEN "127.0.0.1:6060"
#define LF_BOARD_DATA_DIR "./data"
#define LF_BOARD_MAP_SIZE_MB 1024
#define LF_BOARD_PASSWORD_ITERATIONS 100000
#define LF_BOARD_MAX_CONNS 1024
#define LF_BOARD_WORKERS 2

#endif
