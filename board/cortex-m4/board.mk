# Cortex-M4 (arm-none-eabi-gcc, newlib): builds every module above the port
# and the storage backend for the MCU and prints their sizes. Nothing is
# linked: an MCU image also needs port/lwip on an RTOS, a flash store
# backend and a cross-built mbedTLS, none of which Debian packages.
CC   := arm-none-eabi-gcc
SIZE := arm-none-eabi-size
.DEFAULT_GOAL := sizes
# Only mbedTLS's and jsmn's headers come from the host (they are plain C);
# -isystem on a staging dir keeps glibc's headers out of the cross build.
BOARD_CFLAGS = -Os -mcpu=cortex-m4 -mthumb -ffunction-sections -fdata-sections \
               -Iboard/cortex-m4 -isystem $(BUILD)/sysinc
