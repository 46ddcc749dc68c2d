# bustd - a static, allocation-free out-of-memory killer.
#
# Packagers: CC, CROSS_COMPILE, CFLAGS, LDFLAGS, DESTDIR, PREFIX, VERSION
# and V=1 work as usual; STATIC=0 links dynamically against the toolchain's
# C library (glibc, uClibc-ng, musl), STATIC=1 (the default) statically.
# The flags bustd itself needs live in BUSTD_* and are appended after
# yours, so a distribution's CFLAGS cannot drop them.

# only this checkout's own git: inside a Buildroot or OpenWrt tree, a bare
# git describe would name the enclosing repository; a release tarball
# (make dist) has no .git but a VERSION file
VERSION ?= $(shell test -e .git && git describe --tags --always --dirty \
	2>/dev/null || cat VERSION 2>/dev/null || echo 0.1.0)
PREFIX ?= /usr
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man

# make ARCH=x86_64|aarch64|armv7|armel|mipsel|mips|riscv64: Debian's cross
# gcc (gcc-<triplet>) for binutils, and as CC the <triplet>-musl-gcc wrapper
# of its multiarch musl (musl-dev:<arch>).  Debian 12 has no musl for
# riscv64 nor big-endian mips: there bustd links src/rt/minilibc.c and no
# libc.  scripts/cross.sh installs all of it.
# only ARCH given to make: an ARCH left in the environment by a kernel
# build must not turn a plain build into a cross one
ifeq ($(origin ARCH),command line)
  arch_alias = $(patsubst amd64,x86_64,$(patsubst arm64,aarch64,$(patsubst \
	armhf,armv7,$(patsubst arm,armv7,$(ARCH)))))
  ifeq ($(arch_alias),x86_64)
    CROSS_COMPILE ?= x86_64-linux-gnu-
    musl_cc = x86_64-linux-musl-gcc
  else ifeq ($(arch_alias),aarch64)
    CROSS_COMPILE ?= aarch64-linux-gnu-
    musl_cc = aarch64-linux-musl-gcc
  else ifeq ($(arch_alias),armv7)
    CROSS_COMPILE ?= arm-linux-gnueabihf-
    musl_cc = arm-linux-musleabihf-gcc
  else ifeq ($(arch_alias),armel)
    CROSS_COMPILE ?= arm-linux-gnueabi-
    musl_cc = arm-linux-musleabi-gcc
  else ifeq ($(arch_alias),mipsel)
    CROSS_COMPILE ?= mipsel-linux-gnu-
    musl_cc = mipsel-linux-musl-gcc
  else ifeq ($(arch_alias),mips)
    CROSS_COMPILE ?= mips-linux-gnu-
    musl_cc = $(CROSS_COMPILE)gcc
    RT_OBJS = $(O)/rt/minilibc.o
    BUSTD_LDLIBS = -nostdlib -lgcc
  else ifeq ($(arch_alias),riscv64)
    CROSS_COMPILE ?= riscv64-linux-gnu-
    musl_cc = $(CROSS_COMPILE)gcc
    RT_OBJS = $(O)/rt/minilibc.o
    BUSTD_LDLIBS = -nostdlib -lgcc
  else
    $(error ARCH=$(ARCH): one of x86_64 aarch64 armv7 armel mipsel mips riscv64)
  endif
  ifeq ($(origin CC),default)
    CC = $(musl_cc)
  endif
endif

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
# glibc is not meant to be linked statically (559 KiB for a static aarch64
# glibc bustd): a glibc image builds with STATIC=0
STATIC ?= 1
BUSTD_LDFLAGS = $(if $(filter 0,$(STATIC)),,-static) -no-pie \
	-Wl,--gc-sections -Wl,-z,max-page-size=4096 -Wl,-z,noexecstack \
	-Wl,-z,noseparate-code -Wl,-z,norelro -Wl,--build-id=none

ifeq ($(V),1)
  Q =
else
  Q = @
endif

B = build
# objects per compiler, so "make CC=gcc" never links musl objects; a
# dynamic link apart, so STATIC= relinks
O = $(B)/$(notdir $(firstword $(CC)))$(if $(filter 0,$(STATIC)),-dynamic)
SRCS = $(wildcard src/*.c)
OBJS = $(SRCS:src/%.c=$(O)/%.o) $(RT_OBJS)
HDRS = $(wildcard src/*.h)

all: bustd

# re-stripped every time (it is instant), so ./bustd always matches the CC
# of this invocation
# copied, stripped in place (with STRIP=true, Buildroot without stripping,
# ./bustd still appears), then renamed over ./bustd, which may be running
bustd: $(O)/bustd.unstripped
	$(Q)cp $< $(B)/bustd.unstripped
	$(Q)cp $< $@.tmp
	$(Q)$(STRIP) -R .comment $@.tmp
	$(Q)mv -f $@.tmp $@
	@echo "  bustd: $$(stat -c %s $@) bytes"

$(O)/bustd.unstripped: $(OBJS)
	$(Q)$(CC) $(CFLAGS) $(BUSTD_CFLAGS) $(LDFLAGS) $(BUSTD_LDFLAGS) -o $@ \
		$(OBJS) $(BUSTD_LDLIBS)

# The goals that install what they need (make demo, make check, make bench
# on a bare Debian machine) run deps before the first compile; any other
# build with a compiler that is not there says in one line how to get it.
installs = $(filter check demo check-vm bench,$(MAKECMDGOALS))
$(O)/%.o: src/%.c $(HDRS) | $(O) $(if $(installs),deps,have-cc)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(BUSTD_CFLAGS) -c -o $@ $<

$(O)/rt/%.o: src/rt/%.c $(HDRS) | $(if $(installs),deps,have-cc)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(BUSTD_CFLAGS) -c -o $@ $<

$(O):
	$(Q)mkdir -p $@

no_cc = $(firstword $(CC)) not found: 'make deps' installs it (Debian: \
	apt-get install musl-tools), or build with CC=gcc
have-cc:
	$(Q)command -v $(firstword $(CC)) >/dev/null || \
		{ echo "make: $(no_cc)" >&2; exit 2; }

# main.c prints VERSION: rebuild it when the version changes (a commit, a
# dirty tree), which no source file's date says. The stamp is rewritten only
# when its text differs, so an unchanged version rebuilds nothing.
$(O)/main.o: $(O)/version.stamp
$(O)/version.stamp: FORCE | $(O)
	$(Q)echo '$(VERSION)' | cmp -s - $@ || echo '$(VERSION)' >$@
FORCE:

# --- unit tests (host compiler; plain and under ASan+UBSan) ---------------
include tests/tests.mk

# --- VM tests and demo (QEMU, BusyBox initramfs) --------------------------
deps:
	$(Q)scripts/deps.sh

# every scenario on bookworm's 6.1, and the kernel matrix's rows (run.sh's
# MATRIX_SCENARIOS) on bullseye's 5.10 and trixie's 6.12 in the same run
VM_MATRIX ?= bullseye trixie
check-vm: bustd deps
	$(Q)MATRIX="$(VM_MATRIX)" test-vm/run.sh

demo: bustd deps
	$(Q)test-vm/demo.sh

# Init scripts, unit and packaging recipes under board/, and the Makefile
# under packagers' flags (in a scratch copy; ./bustd is not touched).
# Within make check the validators are installed first (deps) and one that
# is missing fails (CHECK_STRICT=1) instead of being skipped; so does CI=true.
in_check = $(filter check,$(MAKECMDGOALS))
check-board: bustd $(if $(in_check),deps)
	$(Q)CHECK_STRICT=$(if $(in_check),1,0) board/check.sh

check: check-unit check-static check-fuzz check-faults check-board \
	check-cross check-vm check-cross-vm check-reliability

# the real binary against hostile surroundings on this host (no memory
# pressure: mount and PID namespaces, signals, closed descriptors)
check-faults: bustd
	$(Q)tests/faults.sh ./bustd

# docs/RELIABILITY.md must say what this run's tests observed.  Its
# prerequisites are the checks that write build/reliability/*.rows and
# build/vm-results.jsonl, so alone it runs them and under -j it waits for
# them; each of those first waits for the run stamp, and tests/reliability.sh
# refuses any result older than the stamp (an earlier run's), by name.
RELIABILITY_FEEDS = check-unit check-static check-fuzz check-faults check-vm
$(RELIABILITY_FEEDS): | reliability-stamp
reliability-stamp:
	$(Q)mkdir -p $(B)/reliability
	$(Q)touch $(B)/reliability/run.stamp

check-reliability: $(RELIABILITY_FEEDS)
	$(Q)tests/reliability.sh

reliability-doc:
	$(Q)tests/reliability.sh --write

# cppcheck, clang-tidy (.clang-tidy), gcc -fanalyzer, valgrind memcheck
# gcc, cppcheck, clang-tidy, valgrind and clang come from deps within make
# check
check-static check-fuzz $(B)/tests/unit $(B)/tests/unit-san: | $(if $(installs),deps)
check-static: bustd
	$(Q)tests/static.sh

# libFuzzer targets (tests/fuzz/): committed inputs replayed, then a
# smoke pass of each in make check; make fuzz runs them longer
FUZZ_SECONDS ?= 60
check-fuzz:
	$(Q)tests/fuzz/run.sh 3

fuzz:
	$(Q)tests/fuzz/run.sh $(FUZZ_SECONDS)

# --- other architectures (scripts/cross.sh) ---------------------------------
# make ARCH=... cross: bustd, bustd.unstripped and the static unit-test
# binary into build/cross/ARCH/; ./bustd is left alone.
XDIR = $(B)/cross/$(or $(arch_alias),host)
cross: $(O)/bustd.unstripped $(O)/unit
	$(Q)mkdir -p $(XDIR)
	$(Q)cp $(O)/bustd.unstripped $(XDIR)/bustd
	$(Q)$(STRIP) -R .comment $(XDIR)/bustd
	$(Q)rm -f $(XDIR)/bustd.unstripped $(XDIR)/unit
	$(Q)cp $(O)/bustd.unstripped $(O)/unit $(XDIR)/

# each architecture: build, unit tests, --version and --once under qemu-user
check-cross:
	$(Q)scripts/cross.sh

# aarch64, armv7 and mipsel guests (qemu-system, TCG): scenarios 01, 04 and
# a signal round trip
check-cross-vm:
	$(Q)test-vm/cross/run.sh

# Measures and compares (bustd, earlyoom, the kernel alone); never part of
# check: benchmarks report, they do not pass or fail on timing.
bench: bustd deps
	$(Q)scripts/bench.sh

# make dist: bustd-VERSION.tar.gz, HEAD's tracked files (git archive: not
# the working tree's edits) and a VERSION file, for packagers who build
# from release tarballs.  Reproducible: every entry has the commit's
# mtime, owner root, git's order, and gzip -n stores no name or time, so
# two runs give the same sha256.  Beside it bustd-VERSION.tar.gz.hash, in
# Buildroot's .hash form (the tarball's sha256 and LICENSE's), which the
# recipes under board/ read: a tarball cannot carry its own hash.
DIST_VERSION ?= $(shell git describe --tags --always 2>/dev/null)
dist:
	$(Q)test -e .git || { echo "make: dist needs the git checkout" >&2; exit 2; }
	$(Q)mkdir -p $(B)/dist
	$(Q)echo '$(DIST_VERSION)' >$(B)/dist/VERSION
	$(Q)git archive --format=tar --prefix=bustd-$(DIST_VERSION)/ \
		--add-file=$(B)/dist/VERSION HEAD | gzip -9n \
		>bustd-$(DIST_VERSION).tar.gz.tmp
	$(Q)mv -f bustd-$(DIST_VERSION).tar.gz.tmp bustd-$(DIST_VERSION).tar.gz
	$(Q){ echo "sha256  $$(sha256sum <bustd-$(DIST_VERSION).tar.gz | \
		cut -d' ' -f1)  bustd-$(DIST_VERSION).tar.gz"; \
	  echo "sha256  $$(git show HEAD:LICENSE | sha256sum | \
		cut -d' ' -f1)  LICENSE"; } >bustd-$(DIST_VERSION).tar.gz.hash
	@echo "  bustd-$(DIST_VERSION).tar.gz: $$(cut -d' ' -f3 \
		bustd-$(DIST_VERSION).tar.gz.hash | head -n 1)"

size: bustd
	$(Q)$(SIZE) $(B)/bustd.unstripped
	@echo "stripped: $$(stat -c %s bustd) bytes"

install: bustd
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8
	install -m 0755 bustd $(DESTDIR)$(SBINDIR)/bustd
	install -m 0644 docs/bustd.8 $(DESTDIR)$(MANDIR)/man8/bustd.8

clean:
	rm -rf bustd $(filter-out $(B)/vm-cache,$(wildcard $(B)/*))

.PHONY: FORCE all bustd deps have-cc check check-board check-vm demo bench size install clean \
	check-static check-fuzz fuzz check-faults check-reliability reliability-doc dist \
	reliability-stamp \
	cross check-cross check-cross-vm
