# The modules measured, bottom up. store: keys and table names only (its
# LMDB backend stays on Linux); port/ and board mains are platform code.
M4_MODULES := core json http auth record config store domain api server
M4_SRC := $(filter-out src/store/store_lmdb.c src/store/store_cursor.c, \
            $(foreach m,$(M4_MODULES),$(wildcard src/$(m)/*.c)))
M4_OBJ := $(M4_SRC:%.c=$(BUILD)/rel/%.o)

.PHONY: sizes
sizes: $(M4_OBJ)
	@sh board/cortex-m4/check_headers.sh
	@sh board/cortex-m4/sizes.sh $(SIZE) $(BUILD)/rel/src $(M4_MODULES)

$(M4_OBJ): | $(BUILD)/sysinc/jsmn.h

$(BUILD)/sysinc/jsmn.h:
	@command -v $(CC) >/dev/null || { echo "$(CC) not found: apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi"; exit 1; }
	@test -f /usr/include/mbedtls/md.h || { echo "mbedTLS headers not found: apt-get install libmbedtls-dev"; exit 1; }
	@test -f /usr/include/jsmn.h || { echo "jsmn.h not found: apt-get install libjsmn-dev"; exit 1; }
	@mkdir -p $(dir $@)
	@ln -sfn /usr/include/mbedtls $(dir $@)mbedtls
	@ln -sf /usr/include/jsmn.h $@
