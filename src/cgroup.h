/* cgroup.h - groups that die together.  On cgroup v2 a memory cgroup
 * whose memory.oom.group is 1 holds a workload that cannot live in part
 * (a service's worker pool, a container): the kernel's OOM killer kills
 * all of it, and so does bustd.  The group is the victim's cgroup or its
 * highest ancestor with memory.oom.group set, as the kernel chooses it
 * (mem_cgroup_get_oom_group).  SIGKILL goes through cgroup.kill (Linux
 * 5.14+); SIGTERM, and SIGKILL on older kernels, to every PID in
 * cgroup.procs (bustd and PID 1 skipped, and cgroup.kill not used when
 * bustd itself is inside). */
#ifndef BUSTD_CGROUP_H
#define BUSTD_CGROUP_H

#include <stdbool.h>

/* "/sys/fs/cgroup/unified" + a cgroup path + "/memory.oom.group" */
#define CGROUP_PATH 256

struct cgroup_kill {
	/* the group's directory; its name as /proc/PID/cgroup gives it
	 * starts at path + name */
	char path[CGROUP_PATH];
	unsigned name;
	unsigned procs;         /* PIDs signalled one by one */
	bool via_kill;          /* cgroup.kill written */
	int err;                /* 0, or -errno of the write/kill that failed */
};

/* The oom.group cgroup pid belongs to, into g; false when it has none
 * (no cgroup v2 at /sys/fs/cgroup or /sys/fs/cgroup/unified, no
 * memory.oom.group set, the root).  root: "" (tests: a fixture tree). */
bool cgroup_group_of(const char *root, int proc_fd, int pid,
		     struct cgroup_kill *g);

/* Signals every process of g's group but self_pid and 1. */
void cgroup_signal(struct cgroup_kill *g, int proc_fd, int self_pid,
		   int sig);

/* The line after the kill line: "group pid=PID group=cgroup:/PATH
 * via=cgroup.kill" (or "via=cgroup.procs signalled=N"). */
void cgroup_log(int pid, const struct cgroup_kill *g, bool dry_run);

#endif
