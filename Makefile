# bustd - a static, allocation-free out-of-memory killer.
#
# Packagers: CC, CROSS_COMPILE, CFLAGS, LDFLAGS, DESTDIR, PREFIX, VERSION
# and V=1 work as usual.  The flags bustd itself needs live in BUSTD_* and
# are appended after yours, so a distribution's CFLAGS cannot drop them.

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.1.0)
PREFIX ?= /usr
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man

ifeq ($(origin CC),default)
  ifdef CROSS_COMPILE
    CC = $(CROSS_COMPILE)gcc
  else
    CC = musl-gcc
  endif
endif
STRIP ?= $(CROSS_COMPILE)strip
SIZE ?= $(CROSS_COMPILE)size
NM ?= $(CROSS_COMPILE)nm
HOSTCC ?= gcc

CFLAGS ?= -Os -pipe
BUSTD_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Werror=vla \
	-ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables \
	-fno-unwind-tables -fno-ident -fno-stack-protector -fno-pie \
	-DBUSTD_VERSION='"$(VERSION)"'
BUSTD_LDFLAGS = -static -no-pie -Wl,--gc-sections -Wl,-z,max-page-size=4096 \
	-Wl,-z,noexecstack -Wl,-z,noseparate-code -Wl,-z,norelro \
	-Wl,--build-id=none

ifeq ($(V),1)
  Q =
else
  Q = @
endif

B = build
# objects per compiler, so "make CC=gcc" never links musl objects
O = $(B)/$(notdir $(firstword $(CC)))
SRCS = $(wildcard src/*.c)
OBJS = $(SRCS:src/%.c=$(O)/%.o)
HDRS = $(wildcard src/*.h)

all: bustd

# re-stripped every time (it is instant), so ./bustd always matches the CC
# of this invocation
bustd: $(O)/bustd.unstripped
	$(Q)$(STRIP) -R .comment -o $@ $<
	$(Q)cp $< $(B)/bustd.unstripped
	@echo "  bustd: $$(stat -c %s $@) bytes"

$(O)/bustd.unstripped: $(OBJS)
	$(Q)$(CC) $(CFLAGS) $(BUSTD_CFLAGS) $(LDFLAGS) $(BUSTD_LDFLAGS) -o $@ $(OBJS)

$(O)/%.o: src/%.c $(HDRS) | $(O)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(BUSTD_CFLAGS) -c -o $@ $<

$(O):
	$(Q)mkdir -p $@

# --- unit tests (host compiler; plain and under ASan+UBSan) ---------------
include tests/tests.mk

# --- VM tests and demo (QEMU, BusyBox initramfs) --------------------------
deps:
	$(Q)scripts/deps.sh

check-vm: bustd deps
	$(Q)test-vm/run.sh

demo: bustd deps
	$(Q)test-vm/demo.sh

check: check-unit check-vm

# Measures and compares (bustd, earlyoom, the kernel alone); never part of
# check: benchmarks report, they do not pass or fail on timing.
bench: bustd deps
	$(Q)scripts/bench.sh

size: bustd
	$(Q)$(SIZE) $(B)/bustd.unstripped
	@echo "stripped: $$(stat -c %s bustd) bytes"

install: bustd
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8
	install -m 0755 bustd $(DESTDIR)$(SBINDIR)/bustd
	install -m 0644 docs/bustd.8 $(DESTDIR)$(MANDIR)/man8/bustd.8

clean:
	rm -rf bustd $(filter-out $(B)/vm-cache,$(wildcard $(B)/*))

.PHONY: all bustd deps check check-vm demo bench size install clean
