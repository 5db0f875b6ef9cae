/* lwIP compiler/platform glue for arm-none-eabi with newlib. */
#ifndef LF_M4_ARCH_CC_H
#define LF_M4_ARCH_CC_H

#define BYTE_ORDER LITTLE_ENDIAN
#define LWIP_TIMEVAL_PRIVATE 0 /* newlib defines struct timeval */
#include <sys/time.h>

#define LWIP_PLATFORM_DIAG(x)
#define LWIP_PLATFORM_ASSERT(x)

#endif
