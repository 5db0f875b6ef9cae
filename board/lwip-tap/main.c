/* lwIP on a TAP device, on a Linux host: brings lwIP's stack and its TAP
 * interface up, then runs the same gateway as every board. The TAP device
 * must exist and be configured on the host side already (PRECONFIGURED_TAPIF,
 * lwIP's unix-port setting, names it); lwIP then owns LF_LWIP_ADDR on it. */
#include "board.h"
#include "gateway.h"
#include "loonflow/core.h"
#include "loonflow/port.h"

#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "lwip/tcpip.h"
#include "netif/tapif.h"

#include <stdio.h>
#include <string.h>

static struct netif tap;

static void stack_up(void *sem)
{
    sys_sem_signal(sem);
}

static const char *env_or(const char *name, const char *dflt)
{
    const char *v;
    return lf_port_getenv(name, &v) == LF_OK ? v : dflt;
}

static int parse_addr(const char *name, const char *dflt, ip4_addr_t *out)
{
    const char *v = env_or(name, dflt);
    if (ip4addr_aton(v, out))
        return 0;
    fprintf(stderr, "loonflowd: %s: '%s' is not an IPv4 address\n", name, v);
    return -1;
}

static int net_up(void)
{
    const char *ifname;
    if (lf_port_getenv("PRECONFIGURED_TAPIF", &ifname) != LF_OK || !*ifname) {
        fprintf(stderr, "loonflowd: set PRECONFIGURED_TAPIF to an existing, configured TAP "
                        "device (ip tuntap add dev NAME mode tap)\n");
        return -1;
    }
    ip4_addr_t ip, mask, gw;
    if (parse_addr("LF_LWIP_ADDR", LF_BOARD_LWIP_ADDR, &ip) ||
        parse_addr("LF_LWIP_NETMASK", LF_BOARD_LWIP_NETMASK, &mask) ||
        parse_addr("LF_LWIP_GW", LF_BOARD_LWIP_GW, &gw))
        return -1;
    sys_sem_t up;
    if (sys_sem_new(&up, 0) != ERR_OK)
        return -1;
    tcpip_init(stack_up, &up);
    sys_sem_wait(&up);
    sys_sem_free(&up);
    LOCK_TCPIP_CORE();
    struct netif *n = netif_add(&tap, &ip, &mask, &gw, NULL, tapif_init, tcpip_input);
    if (n) {
        n->mtu = LF_BOARD_LWIP_MTU;
        netif_set_default(n);
        netif_set_up(n);
    }
    UNLOCK_TCPIP_CORE();
    if (!n) {
        fprintf(stderr, "loonflowd: lwIP could not add the TAP interface %s\n", ifname);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h") || !strcmp(argv[i], "--version"))
            return lf_gateway_main(argc, argv);
    if (net_up())
        return 1;
    return lf_gateway_main(argc, argv);
}
