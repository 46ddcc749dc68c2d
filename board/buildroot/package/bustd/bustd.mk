################################################################################
#
# bustd
#
################################################################################

# Built from the checkout this external tree lives in (board/buildroot/ is
# two levels below the top).  A release would use a tarball instead:
#   BUSTD_VERSION = 1.0.0
#   BUSTD_SITE = <release download URL>
#   (and drop BUSTD_SITE_METHOD; bustd.hash then checks the tarball)
BUSTD_VERSION = $(shell git -C $(BR2_EXTERNAL_BUSTD_PATH) describe --tags --always --dirty 2>/dev/null || echo local)
BUSTD_SITE = $(BR2_EXTERNAL_BUSTD_PATH)/../..
BUSTD_SITE_METHOD = local
# build/ holds host objects and the VM test cache; ./bustd is a host binary
BUSTD_OVERRIDE_SRCDIR_RSYNC_EXCLUSIONS = --exclude /build --exclude /bustd
BUSTD_LICENSE = MIT
BUSTD_LICENSE_FILES = LICENSE

# VERSION is always passed: inside output/build/ "git describe" would
# describe whatever repository encloses Buildroot, not bustd.  The
# Makefile appends the flags bustd needs (static, no PIE, gc-sections)
# after TARGET_CFLAGS/TARGET_LDFLAGS, so any toolchain libc works.
define BUSTD_BUILD_CMDS
	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D) $(TARGET_CONFIGURE_OPTS) \
		VERSION=$(BUSTD_VERSION) bustd
endef

# The same variables again: "install" depends on the bustd target, which
# would otherwise relink it with the host's musl-gcc.
define BUSTD_INSTALL_TARGET_CMDS
	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D) $(TARGET_CONFIGURE_OPTS) \
		VERSION=$(BUSTD_VERSION) DESTDIR=$(TARGET_DIR) PREFIX=/usr install
endef

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
