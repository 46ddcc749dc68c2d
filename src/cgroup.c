/* cgroup.c - see cgroup.h */
#include "cgroup.h"

#include <signal.h>
#include <string.h>

#include "fmt.h"
#include "log.h"
#include "procfs.h"
#include "sys.h"

/* cgroup.procs read in batches this big (on the stack, kill time only) */
#define CGROUP_PROCS_BUF 512

/* where a cgroup v2 hierarchy sits: its root has cgroup.controllers
 * (systemd's hybrid layout mounts it at unified/) */
static const char *const mounts[] = { "/sys/fs/cgroup",
				      "/sys/fs/cgroup/unified" };

static bool readable(const char *path)
{
	int fd = sys_openat(AT_FDCWD, path, O_RDONLY);

	if (fd < 0)
		return false;
	sys_close(fd);
	return true;
}

/* The first byte of path's file, or 0. */
static char first_byte(const char *path)
{
	char c = 0;
	int fd = sys_openat(AT_FDCWD, path, O_RDONLY);

	if (fd >= 0) {
		if (sys_read(fd, &c, 1) != 1)
			c = 0;
		sys_close(fd);
	}
	return c;
}

/* "0::/a/b\n" of /proc/PID/cgroup into b; false without such a line */
static bool v2_path(int proc_fd, int pid, struct buf *b)
{
	char rel[32];
	struct buf r = BUF_ON(rel);
	const char *p, *nl;
	long n;

	buf_u64(&r, (uint64_t)pid);
	buf_str(&r, "/cgroup");
	buf_mem(&r, "", 1);
	n = proc_read_at(proc_fd, rel);
	if (n <= 0)
		return false;
	for (p = proc_scratch; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (!strncmp(p, "0::/", 4) && nl) {
			buf_mem(b, p + 3, (size_t)(nl - p - 3));
			return true;
		}
	}
	return false;
}

bool cgroup_group_of(const char *root, int proc_fd, int pid,
		     struct cgroup_kill *g)
{
	struct buf b = { g->path, 0, sizeof g->path - 32, 0 };
	size_t at, end, m;
	bool found = false;

	memset(g, 0, sizeof *g);
	for (m = 0; m < sizeof mounts / sizeof mounts[0]; m++) {
		b.len = 0;
		buf_str(&b, root);
		buf_str(&b, mounts[m]);
		at = b.len;
		buf_str(&b, "/cgroup.controllers");
		buf_mem(&b, "", 1);
		if (!b.truncated && readable(g->path))
			break;
	}
	b.len = at;
	if (m == sizeof mounts / sizeof mounts[0] ||
	    !v2_path(proc_fd, pid, &b) || b.truncated)
		return false;
	end = b.len;
	g->path[end] = '\0';
	g->name = (unsigned)at;
	/* the highest ancestor with memory.oom.group set, as the kernel */
	for (size_t i = at + 1; i <= end && !found; i++) {
		char file[CGROUP_PATH + 16];

		if (i < end && g->path[i] != '/')
			continue;
		memcpy(file, g->path, i);
		memcpy(file + i, "/memory.oom.group", 18);
		found = first_byte(file) == '1';
		if (found)
			g->path[i] = '\0';
	}
	return found;
}

/* path + "/" + file, NUL-terminated, in out */
static void join(char out[CGROUP_PATH + 16], const char *path,
		 const char *file)
{
	struct buf b = { out, 0, CGROUP_PATH + 16, 0 };

	buf_str(&b, path);
	buf_str(&b, file);
	buf_mem(&b, "", 1);
	out[CGROUP_PATH + 15] = '\0';
}

/* bustd inside the group: cgroup.kill would take it too */
static bool self_inside(int proc_fd, int self_pid, const struct cgroup_kill *g)
{
	char mine[CGROUP_PATH];
	struct buf b = BUF_ON(mine);
	size_t n = strlen(g->path + g->name);

	return v2_path(proc_fd, self_pid, &b) && b.len >= n &&
	       !memcmp(mine, g->path + g->name, n) &&
	       (b.len == n || mine[n] == '/');
}

/* SIGs every PID of cgroup.procs but self and 1, PIDs split across reads
 * carried over */
static void signal_procs(struct cgroup_kill *g, int self_pid, int sig)
{
	/* batch zeroed: the analyzers cannot see a read(2) fill it */
	char file[CGROUP_PATH + 16], batch[CGROUP_PROCS_BUF] = { 0 };
	uint64_t pid = 0;
	bool digits = false;
	long n;
	int fd;

	join(file, g->path, "/cgroup.procs");
	fd = sys_openat(AT_FDCWD, file, O_RDONLY);
	if (fd < 0) {
		g->err = fd;
		return;
	}
	while ((n = sys_read(fd, batch, sizeof batch)) > 0) {
		for (long i = 0; i < n; i++) {
			if (batch[i] >= '0' && batch[i] <= '9') {
				pid = pid * 10 + (uint64_t)(batch[i] - '0');
				digits = true;
				continue;
			}
			if (digits && pid > 1 && pid != (uint64_t)self_pid &&
			    pid <= 0x7fffffff && sys_kill((int)pid, sig) == 0)
				g->procs++;
			pid = 0;
			digits = false;
		}
	}
	sys_close(fd);
}

void cgroup_signal(struct cgroup_kill *g, int proc_fd, int self_pid, int sig)
{
	char file[CGROUP_PATH + 16];
	int fd;

	if (sig == SIGKILL && !self_inside(proc_fd, self_pid, g)) {
		join(file, g->path, "/cgroup.kill");
		fd = sys_openat(AT_FDCWD, file, O_WRONLY);
		if (fd >= 0) {
			long rc = sys_write(fd, "1", 1);

			sys_close(fd);
			g->via_kill = rc == 1;
			if (rc == 1)
				return;
		}
	}
	signal_procs(g, self_pid, sig);
}

void cgroup_log(int pid, const struct cgroup_kill *g, bool dry_run)
{
	char line[LOG_LINE_MAX];
	struct buf b = BUF_ON(line);

	buf_str(&b, dry_run ? "would kill group pid=" : "group pid=");
	buf_u64(&b, (uint64_t)pid);
	buf_str(&b, " group=cgroup:");
	buf_str(&b, g->path + g->name);
	if (!dry_run && g->via_kill) {
		buf_str(&b, " via=cgroup.kill");
	} else if (!dry_run) {
		buf_str(&b, " via=cgroup.procs signalled=");
		buf_u64(&b, g->procs);
	}
	if (g->err) {
		buf_str(&b, " errno=");
		buf_u64(&b, (uint64_t)-g->err);
	}
	log_buf(g->err ? LV_WARN : LV_INFO, &b);
}
