# Unit tests: pure modules on captured /proc text and fixture trees.  Built
# twice with the host compiler, plainly and under ASan+UBSan; plus the check
# that the daemon links no heap and no stdio.

TEST_SRCS = tests/t.c $(wildcard tests/test_*.c)
# test_monitor.c compiles src/monitor.c itself, its calls out renamed to
# fakes (see there)
TEST_LIB = $(filter-out src/main.c src/monitor.c,$(SRCS))
# tables leave trailing fields zero on purpose
TEST_CFLAGS = -std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Werror -Wvla -Isrc \
	-Wno-missing-field-initializers -DBUSTD_VERSION='"test"'
SAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer

$(B)/tests/unit: $(TEST_SRCS) $(TEST_LIB) src/monitor.c $(HDRS) tests/t.h
	$(Q)mkdir -p $(B)/tests
	$(Q)$(HOSTCC) $(TEST_CFLAGS) -o $@ $(TEST_SRCS) $(TEST_LIB)

$(B)/tests/unit-san: $(TEST_SRCS) $(TEST_LIB) src/monitor.c $(HDRS) tests/t.h
	$(Q)mkdir -p $(B)/tests
	$(Q)$(HOSTCC) $(TEST_CFLAGS) $(SAN_FLAGS) -o $@ $(TEST_SRCS) $(TEST_LIB)

check-unit: $(B)/tests/unit $(B)/tests/unit-san bustd
	$(Q)cd tests && ../$(B)/tests/unit
	$(Q)cd tests && ../$(B)/tests/unit-san
	$(Q)tests/cli.sh ./bustd
	$(Q)tests/no-heap.sh $(B)/bustd.unstripped $(NM)

.PHONY: check-unit

# The same unit tests for another architecture (make ARCH=... cross): built
# static with the target's compiler, no sanitizers, run under qemu-user by
# scripts/cross.sh.
$(O)/unit: $(TEST_SRCS) $(TEST_LIB) src/monitor.c $(HDRS) tests/t.h | $(O)
	$(Q)$(CC) $(TEST_CFLAGS) -static -o $@ $(TEST_SRCS) $(TEST_LIB)
