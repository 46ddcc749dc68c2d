/* kill.c - see kill.h */
#include "kill.h"

#include "log.h"
#include "sys.h"

/* Signals the victim itself.  Without a pidfd (before Linux 5.3, or the
 * calls refused) the PID is all there is, and it is used only while /proc
 * shows it still names the process inspected, alive: a zombie takes a
 * signal to no effect, and a PID reused takes it for a stranger.  The
 * first time, a line says so: the kill line looks the same either way. */
static long signal_one(const struct victim *v, int sig)
{
	static bool told;
	long rc = v->pidfd >= 0 ? sys_pidfd_send_signal(v->pidfd, sig) : -ENOSYS;

	if (rc != -ENOSYS)
		return rc;
	rc = victim_alive(v) ? sys_kill(v->pid, sig) : -ESRCH;
	if (!told) {
		told = true;
		log_str(LV_INFO, "no pidfd (Linux before 5.3?): victims are "
			"signalled by PID while their start time matches",
			NULL, NULL);
	}
	return rc;
}

int kill_send(const struct victim *v, int sig, bool group)
{
	long pgrp = group ? sys_getpgid(v->pid) : 0;
	long rc;

	/* never our own group (bustd started from the same shell), nor
	 * init's */
	if (pgrp > 1 && pgrp == sys_getpgid(0))
		pgrp = 0;
	/* the victim first: reaching it proves pgrp was read from the
	 * process we mean */
	rc = signal_one(v, sig);
	if (rc < 0 || pgrp <= 1)
		return (int)rc;
	rc = sys_kill((int)-pgrp, sig);
	return rc == -ESRCH ? 0 : (int)rc;
}

int kill_kernel_oom(void)
{
	int fd = sys_openat(AT_FDCWD, "/proc/sysrq-trigger", O_WRONLY);
	long rc;

	if (fd < 0)
		return fd;
	rc = sys_write(fd, "f", 1);
	sys_close(fd);
	return rc < 0 ? (int)rc : 0;
}

void kill_reap(const struct victim *v)
{
	if (v->pidfd >= 0)
		sys_process_mrelease(v->pidfd);
}

bool kill_exited(const struct victim *v)
{
	if (v->pidfd >= 0) {
		/* a pidfd polls readable once the process has exited */
		struct pollfd p = { v->pidfd, POLLIN, 0 };
		return sys_ppoll(&p, 1, 0, NULL) > 0;
	}
	return !victim_alive(v);
}
