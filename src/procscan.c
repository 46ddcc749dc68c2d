/* procscan.c - see procscan.h */
#include "procscan.h"

#include <string.h>

#include "match.h"
#include "procfs.h"
#include "protect.h"
#include "sys.h"

/* getdents64 batch: ~40 pid entries a call; the per-process reads cost
 * far more than the directory walk.  In scan's frame: the scan's path is
 * not the loop's deepest, so it fits the locked stack reserve, where in
 * bss it cost data and bss a page. */
#define DENTS_BUF 1024
#define PATH_MAX_PID 32 /* "4194304/oom_score_adj" and room to spare */

struct dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* Higher rank first, then lower pid: a total order, so that a later pass
 * can take up exactly where the last one stopped. */
bool rank_before(const struct candidate *a, const struct candidate *b)
{
	if (a->rank != b->rank)
		return a->rank > b->rank;
	return a->pid < b->pid;
}

static bool top_admits(const struct candidate *top, int n,
		       const struct candidate *c)
{
	return n < SCAN_TOP || rank_before(c, &top[SCAN_TOP - 1]);
}

void top_insert(struct candidate *top, int *n, const struct candidate *c)
{
	int i;

	if (!top_admits(top, *n, c))
		return;
	i = *n < SCAN_TOP ? (*n)++ : SCAN_TOP - 1;
	for (; i > 0 && rank_before(c, &top[i - 1]); i--)
		top[i] = top[i - 1];
	top[i] = *c;
}

static const char *line_value(const char *p, const char *eol, const char *key)
{
	size_t n = strlen(key);

	if ((size_t)(eol - p) < n || memcmp(p, key, n) != 0)
		return NULL;
	for (p += n; p < eol && (*p == ' ' || *p == '\t'); p++)
		;
	return p;
}

void status_parse(const char *text, long len, struct status_fields *f)
{
	const char *p = text, *end = text + len, *v;
	uint64_t n;

	memset(f, 0, sizeof *f);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl;

		if (!nl)
			break; /* a line cut by the buffer's end is not trusted */
		if ((v = line_value(p, eol, "State:")) && v < eol)
			f->state = *v;
		else if ((v = line_value(p, eol, "Uid:")) && scan_u64(v, &n))
			f->uid = (unsigned)n;
		else if ((v = line_value(p, eol, "VmRSS:")) && scan_u64(v, &n))
			f->rss_kib = n, f->has_rss = true;
		else if ((v = line_value(p, eol, "VmSwap:")) && scan_u64(v, &n))
			f->swap_kib = n;
		else if ((v = line_value(p, eol, "Kthread:")) && v < eol)
			f->kthread = *v == '1';
		p = eol + 1;
	}
}

void stat_parse(const char *text, long len, struct stat_fields *f)
{
	/* "pid (comm) S ppid pgrp session tty tpgid flags ... num_threads
	 * itrealvalue starttime ...": comm may hold spaces and parentheses,
	 * so fields count from the last ')' */
	const char *end = text + len, *p = end;
	uint64_t flags = 0;
	int field;

	memset(f, 0, sizeof *f);
	while (p > text && p[-1] != ')')
		p--;
	if (p == text || end - p < 3 || !memchr(p, '\n', (size_t)(end - p)))
		return;
	f->state = p[1];
	/* p: the space before field 3, then before field `field` */
	for (field = 4; field <= 22; field++) {
		p = memchr(p + 1, ' ', (size_t)(end - p - 1));
		if (!p)
			return;
		if (field == 9)
			scan_u64(p + 1, &flags);
		if (field == 20)
			scan_u64(p + 1, &f->threads);
	}
	f->flags = (unsigned long)flags;
	f->ok = scan_u64(p + 1, &f->start) != NULL;
}

int comm_parse(const char *text, long len, char name[COMM_MAX])
{
	if (len <= 0)
		return -1;
	if (len > COMM_MAX - 1)
		len = COMM_MAX - 1;
	memcpy(name, text, (size_t)len);
	/* the kernel ends comm with one newline; a name may hold others */
	if (name[len - 1] == '\n')
		len--;
	name[len] = '\0';
	return 0;
}

bool skiplist_has(const struct skiplist *s, int pid, uint64_t now_ms)
{
	for (int i = 0; i < 4; i++)
		if (s->pid[i] == pid && s->until_ms[i] > now_ms)
			return true;
	return false;
}

void skiplist_add(struct skiplist *s, int pid, uint64_t until_ms)
{
	int oldest = 0;

	for (int i = 1; i < 4; i++)
		if (s->until_ms[i] < s->until_ms[oldest])
			oldest = i;
	s->pid[oldest] = pid;
	s->until_ms[oldest] = until_ms;
}

/* Reads "PID/file" below dirfd into proc_scratch; returns the length or
 * -errno.  ENOENT and ESRCH mean the process is gone.  With keep, the file
 * stays open there: an open /proc file follows its process, not the PID,
 * and reads fail with ESRCH once the process has gone. */
static long read_pid_file(int dirfd, int pid, const char *file, int *keep)
{
	char path[PATH_MAX_PID];
	struct buf b = BUF_ON(path);

	buf_u64(&b, (uint64_t)pid);
	buf_mem(&b, "/", 1);
	buf_str(&b, file);
	buf_mem(&b, "", 1);
	if (b.truncated)
		return -ENAMETOOLONG;
	if (!keep)
		return proc_read_at(dirfd, path);
	*keep = sys_openat(dirfd, path, O_RDONLY);
	return *keep < 0 ? *keep : proc_pread(*keep);
}

/* The number proc_scratch holds after a read of n bytes; 0 or -errno. */
static long scratch_number(long n, int64_t *out)
{
	uint64_t v;
	const char *p = proc_scratch;
	bool neg;

	if (n <= 0)
		return n < 0 ? n : -EIO;
	neg = *p == '-';
	if (!scan_u64(p + neg, &v))
		return -EIO;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

static long read_number(int dirfd, int pid, const char *file, int64_t *out)
{
	return scratch_number(read_pid_file(dirfd, pid, file, NULL), out);
}

/* Each process's oom_score held open across scans, up to HELD_MAX of
 * them.  An open costs a path walk and allocates a struct file (freed
 * only after an RCU grace period) and the dentries and inodes reclaim
 * took back: on a 64 MiB board at its boosted min watermark, the scan at
 * the reading that must choose was the allocation that invoked the
 * kernel's OOM killer (README, the watermark boost).  A held file is one
 * pread, allocates nothing, and follows its process, not the PID: once
 * that has gone, reads fail and the PID's file is opened anew.  Sorted
 * by pid, as /proc lists them, so a scan walks the table alongside its
 * directory: a held pid the scan went past without meeting has gone. */
#define HELD_MAX 128
static struct {
	int pid[HELD_MAX], fd[HELD_MAX];
	int n, at;  /* entries; the scan's place among them */
	int cap;    /* at most this many; 0 until the fd limit is read */
} held;

int procscan_held_max(uint64_t soft_limit)
{
	return soft_limit / 4 >= HELD_MAX ? HELD_MAX : (int)(soft_limit / 4);
}

static int held_cap(void)
{
	uint64_t lim[2] = { 0, 0 }; /* the analyzers cannot see the kernel fill it */

	if (!held.cap) {
		held.cap = sys_prlimit(RLIMIT_NOFILE, lim) < 0 ?
				   HELD_MAX : procscan_held_max(lim[0]);
		if (!held.cap)
			held.cap = -1; /* a limit under 4: none held */
	}
	return held.cap;
}

static void held_drop(int i)
{
	sys_close(held.fd[i]);
	held.n--;
	memmove(held.pid + i, held.pid + i + 1,
		(size_t)(held.n - i) * sizeof held.pid[0]);
	memmove(held.fd + i, held.fd + i + 1,
		(size_t)(held.n - i) * sizeof held.fd[0]);
}

void procscan_release_held(void)
{
	while (held.n)
		held_drop(held.n - 1);
	held.at = held.cap = 0; /* the fd limit is read again */
}

static long held_score(int dirfd, int pid, int64_t *out)
{
	long n;
	int fd = -1, i; /* read_pid_file may fail before it opens */

	while (held.at < held.n && held.pid[held.at] < pid)
		held_drop(held.at); /* listed no more: gone */
	i = held.at;
	if (i < held.n && held.pid[i] == pid) {
		held.at++;
		n = proc_pread(held.fd[i]);
		if (n > 0)
			return scratch_number(n, out);
		held_drop(i); /* the process has gone; the PID may be anew */
		held.at--;
	}
	if (held.n >= held_cap())
		return read_number(dirfd, pid, "oom_score", out);
	n = read_pid_file(dirfd, pid, "oom_score", &fd);
	if (fd < 0 || n <= 0) {
		if (fd >= 0)
			sys_close(fd);
		return n < 0 ? n : -EIO;
	}
	memmove(held.pid + i + 1, held.pid + i,
		(size_t)(held.n - i) * sizeof held.pid[0]);
	memmove(held.fd + i + 1, held.fd + i,
		(size_t)(held.n - i) * sizeof held.fd[0]);
	held.pid[i] = pid;
	held.fd[i] = fd;
	held.n++;
	held.at = i + 1;
	return scratch_number(n, out);
}

static int parse_pid(const char *s)
{
	uint64_t v;
	const char *end = scan_u64(s, &v);

	return end && !*end && v > 0 && v <= 0x7fffffff ? (int)v : 0;
}

static bool have_patterns(const struct config *c)
{
	return c->prefer.len || c->avoid.len || c->ignore.len;
}

static int read_comm(int dirfd, int pid, char name[COMM_MAX])
{
	long n = read_pid_file(dirfd, pid, "comm", NULL);

	return n < 0 ? (int)n : comm_parse(proc_scratch, n, name);
}

static bool zombie(const struct stat_fields *f)
{
	return f->state == 'Z' || f->state == 'X';
}

/* A zombie is dead and holds no memory (kernels before 5.9 score it
 * anyway), unless it is a thread group leader that exited while its other
 * threads run on with all the memory: the kernel scores that process by a
 * live thread, and so must we, or a hog that ends its main thread is never
 * killed.  Signals to the leader, by pidfd or PID, reach the whole group. */
static bool dead(const struct stat_fields *f)
{
	return zombie(f) && f->threads <= 1;
}

/* --sort-by-rss (earlyoom's) weighs 3 GiB, in 4 KiB pages, as earlyoom's
 * VMRSS_PREFER and VMRSS_AVOID do */
#define WEIGHT_RSS 786432

/* --adjust-oom-score writes bustd's weighting into the oom_score_adj of
 * each process whose name matches (protect.c: +-450, +-300 before Linux
 * 5.9), and the kernel's oom_score then carries it.  Weighed again here,
 * an avoided process would stand 600 points down in bustd's order and 300
 * in the kernel's OOM killer's, and the two would choose differently.  So
 * one whose oom_score_adj is the value bustd writes for its name is ranked
 * by its oom_score alone, the one weighting both killers then share; any
 * other (not adjusted yet, a value someone else chose and bustd left
 * alone, --dry-run) is weighed here, as without the flag. */
static bool weighed_by_kernel(int dirfd, const struct config *c, int pid,
			      bool prefer)
{
	static int written; /* the kernel's version does not change: read once */
	int64_t adj;

	if (!c->adjust_oom || c->sort_rss ||
	    read_number(dirfd, pid, "oom_score_adj", &adj) || !adj)
		return false;
	if (!written)
		written = protect_weight(dirfd);
	return (prefer ? adj : -adj) == written;
}

/* --prefer and --avoid on a score; a name matching both keeps it */
static int weigh(int dirfd, const struct config *c, int pid, int64_t score,
		 const char *name)
{
	int w = c->sort_rss ? WEIGHT_RSS : WEIGHT_PREFER;
	bool pre = match_any(&c->prefer, name);

	if (pre == match_any(&c->avoid, name) ||
	    weighed_by_kernel(dirfd, c, pid, pre))
		return (int)score;
	return (int)score + (pre ? w : -w);
}

/* With --sort-by-rss the rank is the resident set: statm's second field,
 * in pages.  Without, the kernel's oom_score as it was read. */
static int64_t base_rank(int dirfd, const struct config *c, int pid,
			 int64_t score)
{
	uint64_t v = 0;
	const char *p = proc_scratch;

	if (!c->sort_rss)
		return score;
	if (read_pid_file(dirfd, pid, "statm", NULL) <= 0 ||
	    !(p = scan_u64(p, &v)) || *p != ' ' || !scan_u64(p + 1, &v) ||
	    v > 0x3fffffff)
		return 0;
	return (int64_t)v;
}

/* Reads what makes v->pid eligible, and what the log and the rules need,
 * into v.  Returns 0, -ESRCH (gone or not eligible) or -EINPROGRESS
 * (exiting). */
static int examine(const struct pick_ctx *x, const struct config *c,
		   struct victim *v)
{
	struct status_fields sf;
	struct stat_fields tf;
	int64_t adj;
	long n = read_pid_file(x->proc_fd, v->pid, "stat", NULL);

	if (n <= 0)
		return -ESRCH;
	stat_parse(proc_scratch, n, &tf);
	/* kernels before 5.9 give kernel threads a score too */
	if (!tf.ok || tf.flags & PF_KTHREAD)
		return -ESRCH;
	n = read_pid_file(x->proc_fd, v->pid, "status", NULL);
	if (n <= 0)
		return -ESRCH;
	status_parse(proc_scratch, n, &sf);
	if (sf.kthread || dead(&tf))
		return -ESRCH;
	/* too small to matter: killing it frees nothing a shortage needs */
	if (sf.has_rss && sf.rss_kib + sf.swap_kib < x->min_kib)
		return -ESRCH;
	/* (a zombie leader's PF_EXITING is its own exit, not the group's) */
	if (tf.flags & PF_EXITING && !zombie(&tf))
		return -EINPROGRESS;
	if (read_number(x->proc_fd, v->pid, "oom_score_adj", &adj) ||
	    adj == -1000)
		return -ESRCH;
	if (read_comm(x->proc_fd, v->pid, v->name) < 0)
		return -ESRCH;
	if (match_any(&c->ignore, v->name)) /* renamed since the scan */
		return -ESRCH;
	if (c->ignore_root && !sf.uid) /* earlyoom's --ignore-root-user */
		return -ESRCH;
	v->uid = sf.uid;
	v->rss_kib = sf.rss_kib;
	v->adj = (int)adj;
	v->start = tf.start;
	return 0;
}

/* For a later pass: may pid be chosen?  (An exiting process counts: it
 * halts the choice, as in the first pass.) */
static bool eligible(const struct pick_ctx *x, const struct config *c,
		     int pid)
{
	struct victim look = { .pid = pid };

	return examine(x, c, &look) != -ESRCH;
}

/* A pass over /proc: every pid costs one oom_score read (plus comm when
 * name patterns are set).  The first pass (after NULL) ranks them all; a
 * later one only those ranked after `after`, and only eligible ones, found
 * by examining each that would enter the top: one pass over the rest of
 * /proc however many are ineligible, rather than one per SCAN_TOP of them. */
static int scan(const struct pick_ctx *x, const struct config *c,
		const struct candidate *after, struct candidate top[SCAN_TOP],
		struct scan_stats *st)
{
	/* zeroed: the analyzers cannot see getdents64 fill it */
	char dents_buf[DENTS_BUF] __attribute__((aligned(8))) = { 0 };
	int n = 0;
	long got;
	int dfd = sys_openat(x->proc_fd, ".", O_RDONLY | O_DIRECTORY);

	if (dfd < 0)
		return dfd;
	held.at = 0;
	while ((got = sys_getdents64(dfd, dents_buf, sizeof dents_buf)) > 0) {
		for (long off = 0; off < got;) {
			struct dirent64 *d = (struct dirent64 *)(dents_buf + off);
			struct candidate cand;
			char name[COMM_MAX];
			int64_t score;

			off += d->d_reclen;
			cand.pid = parse_pid(d->d_name);
			if (!cand.pid)
				continue;
			st->procs++;
			if (cand.pid == 1 || cand.pid == x->self_pid ||
			    skiplist_has(x->skip, cand.pid, x->now_ms))
				continue;
			if ((x->hold ? held_score(x->proc_fd, cand.pid, &score)
				     : read_number(x->proc_fd, cand.pid,
						   "oom_score", &score)) ||
			    score <= 0)
				continue;
			score = base_rank(x->proc_fd, c, cand.pid, score);
			cand.rank = (int)score;
			if (have_patterns(c)) {
				if (read_comm(x->proc_fd, cand.pid, name) < 0 ||
				    match_any(&c->ignore, name))
					continue;
				cand.rank = weigh(x->proc_fd, c, cand.pid, score,
						  name);
			}
			st->candidates++;
			if (after && (!rank_before(after, &cand) ||
				      !top_admits(top, n, &cand) ||
				      !eligible(x, c, cand.pid)))
				continue;
			top_insert(top, &n, &cand);
		}
	}
	sys_close(dfd);
	/* past the last pid listed: the held ones beyond it have gone */
	while (x->hold && got == 0 && held.at < held.n)
		held_drop(held.at);
	return got < 0 ? (int)got : n;
}

/* Oom_score moves within a few points while a process runs on: 10 is 1 %
 * of RAM + swap before Linux 5.9, 1.5 % since. */
#define SCORE_SLACK 10

/* Opens a pidfd on cand and examines it.  The pidfd is opened first so
 * that every read is about the process it pins: a PID reused after this
 * point cannot be signalled by mistake.  One reused between the scan and
 * the pidfd is caught by the score read again: the process pinned must
 * still rank where the scan's did (less SCORE_SLACK), and then it
 * deserves the kill as much, whoever it is.  Returns 0, -ESRCH (gone, not
 * eligible, or fallen in rank) or -EINPROGRESS (exiting). */
static int inspect(const struct pick_ctx *x, const struct config *c,
		   const struct candidate *cand, struct victim *v)
{
	int64_t score;
	int rc;

	memset(v, 0, sizeof *v);
	v->pid = cand->pid;
	v->proc_fd = x->proc_fd;
	v->score_fd = -1;
	v->pidfd = x->pin ? sys_pidfd_open(cand->pid) : -1;
	if (v->pidfd == -ESRCH)
		return -ESRCH;
	if (v->pidfd < 0)
		v->pidfd = -1; /* before Linux 5.3: kill.c falls back to kill() */
	rc = examine(x, c, v);
	if (!rc && (scratch_number(read_pid_file(x->proc_fd, v->pid,
						 "oom_score",
						 x->next ? &v->score_fd : NULL),
				   &score) ||
		    weigh(x->proc_fd, c, v->pid,
			  base_rank(x->proc_fd, c, v->pid, score), v->name) +
				    SCORE_SLACK < cand->rank - (c->sort_rss ? cand->rank / 4 : 0)))
		rc = -ESRCH;
	if (rc)
		victim_release(v);
	else
		v->score = (unsigned)score;
	return rc;
}

/* The best of top[from..n) that may be killed other than top[at], the
 * victim: its runner-up, into x->next (pid 0 when there is none). */
static void runner_up(const struct pick_ctx *x, const struct config *c,
		      const struct candidate *top, int n, int from, int at)
{
	for (int k = from; k < n; k++)
		if (k != at && inspect(x, c, &top[k], x->next) == 0)
			return;
	x->next->pid = 0;
}

/* The best of a pass's top that may be killed; ties go to the larger RSS.
 * Returns 0, -ESRCH or -EINPROGRESS as procscan_pick. */
static int choose(const struct pick_ctx *x, const struct config *c,
		  const struct candidate *top, int n, struct victim *v)
{
	struct victim other;
	int i, at, rc = -ESRCH;

	for (i = 0; i < n; i++)
		if ((rc = inspect(x, c, &top[i], v)) != -ESRCH)
			break;
	if (rc < 0)
		return rc;
	/* only equals of the chosen one compete, on RSS */
	at = i;
	for (int j = i + 1; j < n && top[j].rank == top[i].rank; j++) {
		if (inspect(x, c, &top[j], &other) < 0)
			continue;
		if (other.rss_kib > v->rss_kib) {
			victim_release(v);
			*v = other;
			at = j;
		} else {
			victim_release(&other);
		}
	}
	if (x->next)
		runner_up(x, c, top, n, i, at);
	return 0;
}

int procscan_pick(const struct pick_ctx *x, const struct config *c,
		  struct victim *v, struct scan_stats *st)
{
	struct candidate top[SCAN_TOP], last;
	struct scan_stats later;
	int n, rc;

	memset(st, 0, sizeof *st);
	if (x->next) {
		x->next->pid = 0;
		x->next->pidfd = x->next->score_fd = -1;
	}
	n = scan(x, c, NULL, top, st);
	/* Only the top is examined: in the common case its first member may
	 * be killed.  When none of it may, the next pass takes up strictly
	 * after its last, until /proc has no more candidates. */
	for (st->passes = 1; n >= 0; st->passes++) {
		rc = choose(x, c, top, n, v);
		if (rc != -ESRCH || n < SCAN_TOP)
			return rc;
		last = top[SCAN_TOP - 1];
		n = scan(x, c, &last, top, &later);
	}
	return n;
}

/* The weighed rank v holds now, by one pread of its kept oom_score; -1
 * once it has gone (ESRCH, or 0 since Linux 5.9 for a zombie). */
static int rank_now(const struct config *c, struct victim *v)
{
	int64_t score;

	if (v->score_fd < 0 ||
	    scratch_number(proc_pread(v->score_fd), &score) || score <= 0)
		return -1;
	v->score = (unsigned)score;
	return weigh(v->proc_fd, c, v->pid, score, v->name);
}

/* The points v's oom_score gained since it read `before`. */
static uint64_t gained(const struct victim *v, unsigned before)
{
	return v->score > before ? v->score - before : 0;
}

struct victim *procscan_recheck(const struct config *c, struct victim *pin,
				struct victim *next, uint64_t total_kib,
				uint64_t *grown_kib)
{
	unsigned pin_was = pin->score, next_was = next->score;
	int was = rank_now(c, pin), is = next->pid ? rank_now(c, next) : -1;

	/* a point of oom_score is a thousandth of RAM + swap */
	*grown_kib = (gained(pin, pin_was) +
		      (next->pid ? gained(next, next_was) : 0)) *
		     total_kib / 1000;
	/* oom_score is not --sort-by-rss's order: the scan's choice holds */
	return !c->sort_rss && is > was ? next : pin;
}

void victim_release(struct victim *v)
{
	if (v->pidfd >= 0)
		sys_close(v->pidfd);
	if (v->score_fd >= 0)
		sys_close(v->score_fd);
	v->pidfd = v->score_fd = -1;
}

bool victim_alive(const struct victim *v)
{
	struct stat_fields tf;
	long n = read_pid_file(v->proc_fd, v->pid, "stat", NULL);

	if (n <= 0)
		return false;
	stat_parse(proc_scratch, n, &tf);
	/* another start time: the victim is gone, its PID another's */
	return tf.ok && tf.start == v->start && !dead(&tf);
}
