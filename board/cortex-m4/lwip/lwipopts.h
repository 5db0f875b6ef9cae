/* lwIP options of the Cortex-M4 board as port/lwip needs them: an RTOS
 * (NO_SYS 0) with lwIP's socket API and lwip_poll. Only headers are used
 * here (port/lwip is compiled, not linked); a product adds its memory
 * sizing and its netif driver to these. */
#ifndef LF_M4_LWIPOPTS_H
#define LF_M4_LWIPOPTS_H

#define NO_SYS 0
#define LWIP_SOCKET 1
#define LWIP_SOCKET_POLL 1
#define LWIP_COMPAT_SOCKETS 0
#define LWIP_TCPIP_CORE_LOCKING 1
#define LWIP_IPV4 1
#define LWIP_IPV6 1
#define LWIP_TCP 1
#define LWIP_UDP 1
#define LWIP_NETIF_LOOPBACK 1 /* the waker's datagram to 127.0.0.1 */
#define SO_REUSE 1
#define LWIP_ERRNO_STDINCLUDE 1 /* newlib's errno */
#define MEM_ALIGNMENT 4
#define TCP_MSS 1460
#define DEFAULT_THREAD_PRIO 3

#endif
