SUMMARY = "Static, allocation-free out-of-memory killer"
DESCRIPTION = "bustd watches memory and pressure and kills the right \
process before the system thrashes or the kernel's OOM killer fires late \
and picks the wrong one."
SECTION = "admin"
LICENSE = "MIT"
LIC_FILES_CHKSUM = "file://LICENSE;md5=adf7be197c5b551e9dfde58c7edaf6c4"

# PLACEHOLDER: there is no public repository yet.  Set the real URL and
# the commit to build here (or in a .bbappend).  Not ${AUTOREV}: that asks
# the server at parse time, so a wrong URL would break every bitbake run.
# To build a local checkout instead, in local.conf:
#   INHERIT += "externalsrc"
#   EXTERNALSRC:pn-bustd = "/path/to/bustd"
#   EXTERNALSRC_BUILD:pn-bustd = "/path/to/bustd"
# (the Makefile builds in its own tree, under build/<compiler>/).
SRC_URI = "git://git.invalid/bustd.git;protocol=https;branch=main"
SRCREV = "0000000000000000000000000000000000000000"
# kirkstone needs SRCPV in PV; scarthgap still accepts it
PV = "0.1+git${SRCPV}"
S = "${WORKDIR}/git"

inherit systemd update-rc.d

# The Makefile keeps these and appends what bustd needs (-no-pie,
# -fno-stack-protector, --gc-sections), so the Yocto toolchain's glibc or
# musl both work.  Linking: dynamic against the distro's C library
# (STATIC=0), as every other package of the image; glibc is not meant to
# be linked statically (~560 KiB, malloc and stdio pulled in).  With
# TCLIBC = "musl" a static bustd (about 45 KiB, no malloc or stdio
# linked in) may be chosen in local.conf: BUSTD_STATIC:pn-bustd = "1".
# VERSION: report the packaged PV.
BUSTD_STATIC ??= "0"
# "1": /etc/sysctl.d/50-bustd.conf turns the kernel's watermark boost off
# (board/init/bustd.sysctl says why); "0" in local.conf leaves it on.
BUSTD_WATERMARK_BOOST_OFF ??= "1"
EXTRA_OEMAKE = "CC='${CC}' CFLAGS='${CFLAGS}' LDFLAGS='${LDFLAGS}' \
                STRIP='${STRIP}' VERSION='${PV}' STATIC='${BUSTD_STATIC}'"

do_compile() {
	oe_runmake bustd
}

do_install() {
	oe_runmake install DESTDIR=${D} PREFIX=${prefix}
	# The Makefile installs a stripped binary; install the unstripped one
	# so Yocto splits the debug info into bustd-dbg itself (and its
	# already-stripped QA check passes).
	install -m 0755 ${S}/build/bustd.unstripped ${D}${sbindir}/bustd

	install -D -m 0644 ${S}/board/init/bustd.default \
		${D}${sysconfdir}/default/bustd
	if [ "${BUSTD_WATERMARK_BOOST_OFF}" = 1 ]; then
		install -D -m 0644 ${S}/board/init/bustd.sysctl \
			${D}${sysconfdir}/sysctl.d/50-bustd.conf
	fi
	if ${@bb.utils.contains('DISTRO_FEATURES', 'systemd', 'true', 'false', d)}; then
		install -D -m 0644 ${S}/board/init/bustd.service \
			${D}${systemd_system_unitdir}/bustd.service
	fi
	if ${@bb.utils.contains('DISTRO_FEATURES', 'sysvinit', 'true', 'false', d)}; then
		install -D -m 0755 ${S}/board/init/bustd.sysv \
			${D}${sysconfdir}/init.d/bustd
	fi
}

CONFFILES:${PN} = "${sysconfdir}/default/bustd"

SYSTEMD_SERVICE:${PN} = "bustd.service"

# rcS: after sysfs.sh (02) has mounted /proc and mountall.sh (03) the rest;
# syslog is not up yet, which is why the script logs with --kmsg.
INITSCRIPT_NAME = "bustd"
INITSCRIPT_PARAMS = "start 04 S . stop 90 0 1 6 ."
