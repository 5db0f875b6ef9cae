# The modules measured, bottom up. store: keys and table names only (its
# LMDB backend stays on Linux). port/lwip, the network and threads of an
# RTOS with lwIP, is measured apart when lwIP's headers (liblwip-dev) are
# there: compiled against lwIP 2.1.3's own socket definitions with the
# options in board/cortex-m4/lwip, not glibc's.
M4_MODULES := core json http auth record config store domain api server
M4_SRC := $(filter-out src/store/store_lmdb.c src/store/store_cursor.c, \
            $(foreach m,$(M4_MODULES),$(wildcard src/$(m)/*.c)))
M4_LWIP := $(if $(wildcard /usr/include/lwip/lwip/sockets.h),port/lwip)
M4_OBJ := $(M4_SRC:%.c=$(BUILD)/rel/%.o) $(patsubst %.c,$(BUILD)/rel/%.o,$(wildcard $(M4_LWIP)/*.c))

.PHONY: sizes
sizes: $(M4_OBJ)
	@sh board/cortex-m4/check_headers.sh
	@sh board/cortex-m4/sizes.sh $(SIZE) $(BUILD)/rel $(M4_MODULES:%=src/%) -- $(M4_LWIP)
	@$(if $(M4_LWIP),,echo "port/lwip not measured: lwIP's headers are missing (apt-get install liblwip-dev)")

$(M4_OBJ): | $(BUILD)/sysinc/jsmn.h

$(BUILD)/sysinc/jsmn.h:
	@command -v $(CC) >/dev/null || { echo "$(CC) not found: apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi"; exit 1; }
	@test -f /usr/include/mbedtls/md.h || { echo "mbedTLS headers not found: apt-get install libmbedtls-dev"; exit 1; }
	@test -f /usr/include/jsmn.h || { echo "jsmn.h not found: apt-get install libjsmn-dev"; exit 1; }
	@mkdir -p $(dir $@)
	@ln -sfn /usr/include/mbedtls $(dir $@)mbedtls
	@ln -sfn /usr/include/lwip/lwip $(dir $@)lwip
	@ln -sf /usr/include/jsmn.h $@
