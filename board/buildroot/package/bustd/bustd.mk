################################################################################
#
# bustd
#
################################################################################

# Two sources:
#  - by default the checkout this external tree lives in (board/buildroot/
#    is two levels below the top), rsynced: for developing bustd;
#  - BR2_PACKAGE_BUSTD_TARBALL, the path of a release tarball that
#    `make dist` wrote: bustd-VERSION.tar.gz, checked against the
#    bustd-VERSION.tar.gz.hash beside it (also make dist's; a tarball cannot
#    carry its own hash, so bustd.hash here holds only LICENSE's).
BUSTD_TARBALL = $(call qstrip,$(BR2_PACKAGE_BUSTD_TARBALL))
ifneq ($(BUSTD_TARBALL),)
BUSTD_SOURCE = $(notdir $(BUSTD_TARBALL))
BUSTD_VERSION = $(patsubst bustd-%.tar.gz,%,$(BUSTD_SOURCE))
BUSTD_SITE = file://$(patsubst %/,%,$(dir $(BUSTD_TARBALL)))
# set by generic-package from this directory otherwise
override BUSTD_HASH_FILES = $(BUSTD_TARBALL).hash
else
BUSTD_VERSION = $(shell git -C $(BR2_EXTERNAL_BUSTD_PATH) describe --tags --always --dirty 2>/dev/null || echo local)
BUSTD_SITE = $(BR2_EXTERNAL_BUSTD_PATH)/../..
BUSTD_SITE_METHOD = local
# build/ holds host objects and the VM test cache; ./bustd is a host binary
BUSTD_OVERRIDE_SRCDIR_RSYNC_EXCLUSIONS = --exclude /build --exclude /bustd
endif
BUSTD_LICENSE = MIT
BUSTD_LICENSE_FILES = LICENSE

# Linking follows the image: static only when the whole image is
# (BR2_STATIC_LIBS), dynamic against the toolchain's C library otherwise.
# glibc is not meant to be linked statically (a static glibc bustd is
# 559,728 bytes on aarch64); with musl or uClibc-ng either way works.
BUSTD_STATIC = $(if $(BR2_STATIC_LIBS),1,0)

# VERSION is always passed: inside output/build/ "git describe" would
# describe whatever repository encloses Buildroot, not bustd.  The
# Makefile appends the flags bustd needs (no PIE, gc-sections) after
# TARGET_CFLAGS/TARGET_LDFLAGS, so any toolchain libc works.
BUSTD_MAKE_OPTS = $(TARGET_CONFIGURE_OPTS) VERSION=$(BUSTD_VERSION) \
	STATIC=$(BUSTD_STATIC)

define BUSTD_BUILD_CMDS
	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D) $(BUSTD_MAKE_OPTS) bustd
endef

# The same variables again: "install" depends on the bustd target, which
# would otherwise relink it with the host's musl-gcc.
define BUSTD_INSTALL_TARGET_CMDS
	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D) $(BUSTD_MAKE_OPTS) \
		DESTDIR=$(TARGET_DIR) PREFIX=/usr install
endef

# the watermark boost off: board/init/bustd.sysctl says why
ifeq ($(BR2_PACKAGE_BUSTD_WATERMARK_BOOST_OFF),y)
define BUSTD_INSTALL_SYSCTL
	$(INSTALL) -D -m 0644 $(@D)/board/init/bustd.sysctl \
		$(TARGET_DIR)/etc/sysctl.d/50-bustd.conf
endef
BUSTD_POST_INSTALL_TARGET_HOOKS += BUSTD_INSTALL_SYSCTL
endif

# S01bustd is kept without the executable bit (utils/check-package wants
# package files so); the install sets the mode.
define BUSTD_INSTALL_INIT_SYSV
	$(INSTALL) -D -m 0755 $(BUSTD_PKGDIR)/S01bustd \
		$(TARGET_DIR)/etc/init.d/S01bustd
endef

# Enabled by Buildroot's "systemctl preset-all" at the end of the build.
define BUSTD_INSTALL_INIT_SYSTEMD
	$(INSTALL) -D -m 0644 $(@D)/board/init/bustd.service \
		$(TARGET_DIR)/usr/lib/systemd/system/bustd.service
endef

$(eval $(generic-package))
