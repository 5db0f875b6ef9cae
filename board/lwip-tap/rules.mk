# `make board=lwip-tap test-smoke`: API smoke tests through lwIP on a TAP
# device inside a network namespace (root, iproute2 and /dev/net/tun needed;
# otherwise the script says why it skips).
.PHONY: test-smoke
test-smoke: $(BUILD)/tst/loonflowd
	@python3 tests/smoke/lwip_tap.py $(BUILD)/tst/loonflowd
