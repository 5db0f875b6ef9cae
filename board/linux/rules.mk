# `make test` also runs the lwIP smoke test (tests/smoke/lwip_tap.py), so it
# builds the lwip-tap board's test binary when liblwip-dev is installed;
# without it the smoke run prints why it skips.
.PHONY: lwip-tap-bin
test: lwip-tap-bin
lwip-tap-bin:
ifneq ($(wildcard /usr/include/lwip/netif/tapif.h),)
	@$(MAKE) --no-print-directory board=lwip-tap BUILD=build/lwip-tap build/lwip-tap/tst/loonflowd
endif
