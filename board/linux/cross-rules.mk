# `make board=linux-ARCH`: the static loonflowd and lfctl for ARCH, and
# their sizes. Missing tools or libraries are named with the package to get.
CROSS_LIBDIR := /usr/lib/$(CROSS)
.PHONY: cross cross-check
cross: cross-check
	@$(MAKE) --no-print-directory board=$(board) $(BUILD)/loonflowd $(BUILD)/lfctl
	@$(CROSS)-strip -o $(BUILD)/loonflowd.stripped $(BUILD)/loonflowd
	@echo "static binaries for $(CROSS) (bytes):"
	@$(CROSS)-size $(BUILD)/loonflowd $(BUILD)/lfctl
	@ls -l $(BUILD)/loonflowd $(BUILD)/loonflowd.stripped $(BUILD)/lfctl | awk '{ printf "%10d  %s\n", $$5, $$9 }'

cross-check:
	@command -v $(CC) >/dev/null || { echo "$(CC) not found: apt-get install gcc-$(CROSS)"; exit 1; }
	@for l in liblmdb.a libmbedtls.a libmbedcrypto.a libmbedx509.a; do \
	    test -f $(CROSS_LIBDIR)/$$l || { echo "$(CROSS_LIBDIR)/$$l not found: dpkg --add-architecture $(DEB_ARCH) && apt-get update && apt-get install liblmdb-dev:$(DEB_ARCH) libmbedtls-dev:$(DEB_ARCH)"; exit 1; }; \
	done

# The smoke checks against the cross-built server under qemu user emulation.
.PHONY: test-qemu
test-qemu: cross
	@python3 tests/smoke/cross.py $(BUILD)/loonflowd $(QEMU)
