/* kill.c - see kill.h */
#include "kill.h"

#include "sys.h"

int kill_send(const struct victim *v, int sig, bool group)
{
	long rc;

	if (group) {
		long pgrp = sys_getpgid(v->pid);
		/* never our own group (bustd started from the same shell), nor
		 * init's */
		if (pgrp > 1 && pgrp != sys_getpgid(0)) {
			/* pidfd first: it proves the leader we inspected is
			 * still the process we mean */
			if (v->pidfd >= 0) {
				rc = sys_pidfd_send_signal(v->pidfd, sig);
				if (rc < 0)
					return (int)rc;
			}
			rc = sys_kill((int)-pgrp, sig);
			return rc == -ESRCH ? 0 : (int)rc;
		}
	}
	if (v->pidfd >= 0) {
		rc = sys_pidfd_send_signal(v->pidfd, sig);
		if (rc != -ENOSYS)
			return (int)rc;
	}
	return (int)sys_kill(v->pid, sig);
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
	return sys_kill(v->pid, 0) == -ESRCH;
}
