/* Defaults of the lwIP-on-TAP host board: loonflowd serves through lwIP on
 * a TAP device (the interface's own address, not the host's). */
#ifndef LF_BOARD_H
#define LF_BOARD_H

#define LF_BOARD_NAME "lwip-tap"
#define LF_BOARD_LISTEN "10.77.0.2:6060"
#define LF_BOARD_DATA_DIR "./data"
#define LF_BOARD_MAP_SIZE_MB 64
#define LF_BOARD_PASSWORD_ITERATIONS 100000
#define LF_BOARD_MAX_CONNS 64
#define LF_BOARD_WORKERS 2

/* lwIP's interface on the TAP link; LF_LWIP_ADDR, LF_LWIP_NETMASK and
 * LF_LWIP_GW in the environment override them. */
#define LF_BOARD_LWIP_ADDR "10.77.0.2"
#define LF_BOARD_LWIP_NETMASK "255.255.255.0"
#define LF_BOARD_LWIP_GW "10.77.0.1"

/* Debian's liblwip 2.1.3 (unix port) sizes its PBUF_POOL elements for the
 * default 536-byte MSS while pbuf_alloc fills them up to a full Ethernet
 * frame: a received frame over ~590 bytes overflows the heap (ASan shows
 * it in tapif's thread). An MTU of 576 makes lwIP announce an MSS of 536,
 * so TCP peers never send a frame that large; the host side of the TAP
 * link should use the same MTU for everything else. */
#define LF_BOARD_LWIP_MTU 576

#endif
