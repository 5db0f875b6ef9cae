# Cortex-M4 (arm-none-eabi-gcc, newlib): builds every module above the port
# and the storage backend, and port/lwip, for the MCU and prints their sizes.
# Nothing is linked: an MCU image also needs an RTOS with lwIP built for it,
# the port's time/entropy/files for that RTOS, a flash store backend and a
# cross-built mbedTLS, none of which Debian packages for arm-none-eabi.
CC   := arm-none-eabi-gcc
SIZE := arm-none-eabi-size
.DEFAULT_GOAL := sizes
# Only mbedTLS's, jsmn's and lwIP's core headers come from the host (plain
# C); -isystem on a staging dir keeps glibc's headers out of the cross build.
BOARD_CFLAGS = -Os -mcpu=cortex-m4 -mthumb -ffunction-sections -fdata-sections \
               -Iboard/cortex-m4 -Iboard/cortex-m4/lwip -isystem $(BUILD)/sysinc
