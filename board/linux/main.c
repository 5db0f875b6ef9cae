/* Linux gateway: the OS already runs the network stack. */
#include "gateway.h"

int main(int argc, char **argv)
{
    return lf_gateway_main(argc, argv);
}
