/* protect.c - see protect.h */
#include "protect.h"

#include <string.h>

#include "log.h"
#include "procfs.h"
#include "procscan.h"
#include "sys.h"

/* getdents64 batch on the stack, so the pass costs no locked data page;
 * the loop's deepest path (a scan) is deeper than this one */
#define PROTECT_DENTS 1024
#define PROTECT_PATH 32 /* "4194304/oom_score_adj" and room to spare */

struct dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

int protect_target(const struct config *c, const char *name, int weight,
		   bool *set)
{
	bool pre = match_any(&c->prefer, name), avo = match_any(&c->avoid, name);

	*set = true;
	if (match_any(&c->ignore, name))
		return -1000;
	if (pre != avo) /* both: bustd weighs it as neither */
		return pre ? weight : -weight;
	*set = false;
	return 0;
}

int protect_weight(int proc_fd)
{
	uint64_t major = 0, minor = 0;
	long n = proc_read_at(proc_fd, "sys/kernel/osrelease");
	const char *p = n > 0 ? scan_u64(proc_scratch, &major) : NULL;

	if (p && *p == '.')
		scan_u64(p + 1, &minor);
	return major > 5 || (major == 5 && minor >= 9) || n <= 0
		       ? PROTECT_WEIGHT_NEW
		       : PROTECT_WEIGHT_OLD;
}

/* The last PID handed out: /proc/loadavg's fifth field; 0 if unknown. */
static int last_pid(struct protect *p, int proc_fd)
{
	const char *s;
	uint64_t v = 0;
	long n;

	if (!p->started)
		p->loadavg_fd = sys_openat(proc_fd, "loadavg", O_RDONLY);
	n = p->loadavg_fd >= 0 ? proc_pread(p->loadavg_fd) : -1;
	s = n > 0 ? strrchr(proc_scratch, ' ') : NULL;
	return s && scan_u64(s + 1, &v) && v <= 0x7fffffff ? (int)v : 0;
}

/* pid handed out after `from`, up to `to`, wrapping at pid_max */
static bool in_window(int pid, int from, int to)
{
	return from <= to ? pid > from && pid <= to : pid > from || pid <= to;
}

static int parse_pid(const char *s)
{
	uint64_t v;
	const char *end = scan_u64(s, &v);

	return end && !*end && v > 0 && v <= 0x7fffffff ? (int)v : 0;
}

/* Opens PID/file below dirfd; -errno on failure. */
static int open_pid_file(int dirfd, int pid, const char *file, int flags)
{
	char path[PROTECT_PATH];
	struct buf b = BUF_ON(path);

	buf_u64(&b, (uint64_t)pid);
	buf_mem(&b, "/", 1);
	buf_str(&b, file);
	buf_mem(&b, "", 1);
	return sys_openat(dirfd, path, flags);
}

/* Reads PID/file into out, NUL-terminated; the length or -errno. */
static long read_small(int dirfd, int pid, const char *file, char *out,
		       size_t cap)
{
	int fd = open_pid_file(dirfd, pid, file, O_RDONLY);
	long n;

	if (fd < 0)
		return fd;
	n = sys_read(fd, out, cap - 1);
	sys_close(fd);
	out[n > 0 ? n : 0] = '\0';
	return n;
}

/* O_TRUNC as a shell's "echo -450 >" opens it: /proc ignores it, and a
 * fixture tree's file is rewritten whole. */
static long write_adj(int dirfd, int pid, const struct buf *b)
{
	int fd = open_pid_file(dirfd, pid, "oom_score_adj",
			       O_WRONLY | O_TRUNC);
	long n;

	if (fd < 0)
		return fd;
	n = sys_write(fd, b->p, b->len);
	sys_close(fd);
	return n;
}

/* Not inlined, nor is log_more: protect_pass's frame would hold both
 * lines beside its getdents buffer, making this the loop's deepest path
 * and the stack reserve main.c locks larger than the scan needs. */
__attribute__((noinline)) static void log_adjust(const struct config *c,
						 int pid, const char *name,
						 int was, int now)
{
	char line[LOG_LINE_MAX];
	struct buf b = BUF_ON(line);

	buf_str(&b, c->dry_run ? "would adjust pid=" : "adjusted pid=");
	buf_u64(&b, (uint64_t)pid);
	buf_str(&b, " name=");
	buf_name(&b, name);
	buf_str(&b, " oom_score_adj=");
	buf_i64(&b, now);
	buf_str(&b, " was=");
	buf_i64(&b, was);
	log_buf(LV_INFO, &b);
}

__attribute__((noinline)) static void log_more(const struct config *c,
					       unsigned more)
{
	char line[LOG_LINE_MAX];
	struct buf b = BUF_ON(line);

	buf_str(&b, c->dry_run ? "would adjust " : "adjusted ");
	buf_u64(&b, more);
	buf_str(&b, " more processes' oom_score_adj (not logged one by one)");
	log_buf(LV_INFO, &b);
}

/* One process of the window: 1 if adjusted, else 0. */
static int adjust_one(struct protect *p, const struct config *c,
		      int proc_fd, int pid, unsigned *logged)
{
	/* zeroed: the analyzers cannot see a read(2) fill them */
	char name[COMM_MAX] = { 0 }, val[16] = { 0 };
	struct buf b = BUF_ON(val);
	uint64_t mag;
	long n;
	int want, was;
	bool set;

	p->looked++;
	n = read_small(proc_fd, pid, "comm", name, sizeof name);
	if (n <= 0)
		return 0;
	if (name[n - 1] == '\n')
		name[n - 1] = '\0';
	want = protect_target(c, name, p->weight, &set);
	if (!set)
		return 0;
	n = read_small(proc_fd, pid, "oom_score_adj", val, sizeof val);
	was = val[0] == '-' ? -1 : 1;
	if (n <= 0 || !scan_u64(val + (val[0] == '-'), &mag) || mag > 1000 ||
	    (int)mag * was == want || (mag && !c->adjust_force))
		return 0;
	was *= (int)mag;
	buf_i64(&b, want);
	n = c->dry_run ? 0 : write_adj(proc_fd, pid, &b);
	if ((n == -EACCES || n == -EPERM) && !p->warned) {
		p->warned = true;
		log_str(LV_WARN, "warning: cannot write oom_score_adj (no "
				 "CAP_SYS_RESOURCE?); --adjust-oom-score goes "
				 "on where it can", NULL, NULL);
	}
	if (n < 0)
		return 0; /* gone, a kernel thread (EINVAL), refused */
	if (++*logged <= PROTECT_LOG_MAX)
		log_adjust(c, pid, name, was, want);
	return 1;
}

int protect_pass(struct protect *p, const struct config *c, int proc_fd,
		 int self_pid, uint64_t now_ms)
{
	char dents[PROTECT_DENTS] __attribute__((aligned(8))) = { 0 };
	unsigned logged = 0;
	int last, from, done = 0, dfd;
	long got;

	if (p->started && now_ms < p->next_ms)
		return 0;
	p->next_ms = now_ms + PROTECT_PERIOD_MS;
	if (!p->weight)
		p->weight = protect_weight(proc_fd);
	last = last_pid(p, proc_fd);
	/* first pass, or no loadavg: every process is new */
	from = p->started && last ? p->prev2 : last;
	if (p->started && last && last == from)
		return 0; /* no PID handed out since the pass before last */
	p->prev2 = p->started ? p->prev1 : last;
	p->prev1 = last;
	if (!p->started || !last)
		from = -1;
	p->started = true;
	dfd = sys_openat(proc_fd, ".", O_RDONLY | O_DIRECTORY);
	if (dfd < 0)
		return 0;
	while ((got = sys_getdents64(dfd, dents, sizeof dents)) > 0) {
		for (long off = 0; off < got;) {
			struct dirent64 *d = (struct dirent64 *)(dents + off);
			int pid = parse_pid(d->d_name);

			off += d->d_reclen;
			if (pid <= 1 || pid == self_pid ||
			    (from >= 0 && !in_window(pid, from, last)))
				continue;
			done += adjust_one(p, c, proc_fd, pid, &logged);
		}
	}
	sys_close(dfd);
	if (logged > PROTECT_LOG_MAX)
		log_more(c, logged - PROTECT_LOG_MAX);
	return done;
}
