# loonflowd build. `make` builds the static release binary build/loonflowd;
# `make test` builds everything again with ASan+UBSan and runs all tests;
# `make bench` runs the benchmarks. `board=NAME` picks board/NAME/board.mk
# (and board/NAME/rules.mk for a board's own targets); every board but the
# default builds in build/NAME.
board ?= linux
include board/$(board)/board.mk

CC      ?= cc
CSTD    := -std=c11 -D_DEFAULT_SOURCE
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
INC     := -Iinclude -Isrc
BUILD   ?= $(if $(filter linux,$(board)),build,build/$(board))

# Modules above the port: portable C, built for every board.
CORE_SRC   := $(wildcard src/core/*.c)
HTTP_SRC   := $(wildcard src/http/*.c)
JSON_SRC   := $(wildcard src/json/*.c)
AUTH_SRC   := $(wildcard src/auth/*.c)
STORE_SRC  := $(wildcard src/store/*.c)
RECORD_SRC := $(wildcard src/record/*.c)
CONFIG_SRC := $(wildcard src/config/*.c)
DOMAIN_SRC := $(wildcard src/domain/*.c)
API_SRC    := $(wildcard src/api/*.c)
SERVER_SRC := $(wildcard src/server/*.c)
LIB_SRC    := $(CORE_SRC) $(HTTP_SRC) $(JSON_SRC) $(AUTH_SRC) $(STORE_SRC) $(RECORD_SRC) $(CONFIG_SRC) \
              $(DOMAIN_SRC) $(API_SRC) $(SERVER_SRC) $(PORT_SRC)

REL_CFLAGS := $(CSTD) $(WARN) $(INC) -O2 $(BOARD_CFLAGS)
TST_CFLAGS := $(CSTD) $(WARN) $(INC) -O1 -g -fno-omit-frame-pointer \
              -fsanitize=address,undefined -fno-sanitize-recover=undefined $(BOARD_CFLAGS)

REL_OBJ := $(LIB_SRC:%.c=$(BUILD)/rel/%.o)
TST_OBJ := $(LIB_SRC:%.c=$(BUILD)/tst/%.o)

UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tst/unit/%)

.PHONY: all test unit api bench clean
all: $(BUILD)/loonflowd $(BUILD)/lfctl

$(BUILD)/rel/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC $@"; $(CC) $(REL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/tst/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC $@"; $(CC) $(TST_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/loonflowd: $(REL_OBJ) $(BOARD_MAIN:%.c=$(BUILD)/rel/%.o)
	@echo "  CC $@"; $(CC) $(REL_CFLAGS) $(BOARD_LDFLAGS_STATIC) -o $@ $^ $(BOARD_LIBS)

$(BUILD)/tst/loonflowd: $(TST_OBJ) $(BOARD_MAIN:%.c=$(BUILD)/tst/%.o)
	@echo "  CC $@"; $(CC) $(TST_CFLAGS) -o $@ $^ $(BOARD_LIBS)

$(BUILD)/lfctl: $(REL_OBJ) $(BUILD)/rel/tools/lfctl/main.o
	@echo "  CC $@"; $(CC) $(REL_CFLAGS) $(BOARD_LDFLAGS_STATIC) -o $@ $^ $(BOARD_LIBS)

$(BUILD)/tst/lfctl: $(TST_OBJ) $(BUILD)/tst/tools/lfctl/main.o
	@echo "  CC $@"; $(CC) $(TST_CFLAGS) -o $@ $^ $(BOARD_LIBS)

$(BUILD)/tst/unit/%: tests/unit/%.c $(TST_OBJ)
	@mkdir -p $(dir $@)
	@echo "  CC $@"; $(CC) $(TST_CFLAGS) -Itests/unit -o $@ $^ $(BOARD_LIBS)

test: $(UNIT_BIN) $(BUILD)/tst/loonflowd $(BUILD)/tst/lfctl
	@sh tests/run.sh $(BUILD)/tst

bench: $(BUILD)/loonflowd
	@sh tests/bench/run.sh $(BUILD)/loonflowd

clean:
	rm -rf $(BUILD)

-include $(REL_OBJ:.o=.d) $(TST_OBJ:.o=.d)

-include board/$(board)/rules.mk
