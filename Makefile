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

.PHONY: all test unit api bench fuzz clean
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

$(BUILD)/bench/%: tests/bench/%.c $(REL_OBJ)
	@mkdir -p $(dir $@)
	@echo "  CC $@"; $(CC) $(REL_CFLAGS) -o $@ $^ $(BOARD_LIBS)

bench: $(BUILD)/loonflowd $(BUILD)/bench/ticket_list
	@sh tests/bench/run.sh $(BUILD)/loonflowd
	@d=$$(mktemp -d) && $(BUILD)/bench/ticket_list $$d; rm -rf $$d

# libFuzzer harnesses (clang), each run for FUZZ_SECONDS; not part of `test`.
# They link from an archive of the whole library, so each pulls in only the
# modules it exercises (fuzz_workflow's graph compiler drags in the store,
# hence the board's libraries at link time).
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 10
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_CFLAGS  := $(CSTD) $(WARN) $(INC) -g -O1 -fno-omit-frame-pointer \
                -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined $(BOARD_CFLAGS)
FUZZ_LIB_SRC := $(LIB_SRC)
FUZZ_OBJ     := $(FUZZ_LIB_SRC:%.c=$(FUZZ_DIR)/%.o)
FUZZ_BIN     := $(patsubst tests/fuzz/%.c,$(FUZZ_DIR)/%,$(wildcard tests/fuzz/fuzz_*.c))

$(FUZZ_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC $@"; $(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ_DIR)/libfuzzed.a: $(FUZZ_OBJ)
	@rm -f $@; ar rcs $@ $^

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_DIR)/libfuzzed.a
	@echo "  CC $@"; $(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_DIR)/libfuzzed.a $(BOARD_LIBS)

fuzz: $(FUZZ_BIN)
	@sh tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD)

-include $(REL_OBJ:.o=.d) $(TST_OBJ:.o=.d) $(FUZZ_OBJ:.o=.d)

-include board/$(board)/rules.mk
