/* Defaults of a Cortex-M4 gateway (lwIP, a flash store): small pools. */
#ifndef LF_BOARD_H
#define LF_BOARD_H

#define LF_BOARD_NAME "cortex-m4"
#define LF_BOARD_LISTEN "0.0.0.0:80"
#define LF_BOARD_DATA_DIR "/flash/loonflow"
#define LF_BOARD_MAP_SIZE_MB 1
#define LF_BOARD_PASSWORD_ITERATIONS 10000
#define LF_BOARD_MAX_CONNS 8
#define LF_BOARD_WORKERS 1

#endif
