/* hook.c - see hook.h */
#include "hook.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "fmt.h"
#include "fork.h"
#include "procfs.h"
#include "sys.h"
#include "startup.h"

/* The variables' text, one after another: seven names (85 bytes), five
 * numbers of at most 20 digits, the name escaped (COMM_MAX - 1 bytes, 4
 * each at most) and raw (16), seven terminators: 272. */
#define ENV_TEXT 272

/* bustd's oom_score_adj as it started, as text: "-1000" is the longest */
static char start_adj[8] = "0";
static size_t start_adj_len = 1;

STARTUP void hook_save_adj(void)
{
	long n = proc_read_at(AT_FDCWD, "/proc/self/oom_score_adj");

	if (n > 1 && n <= (long)sizeof start_adj) { /* less the newline */
		start_adj_len = (size_t)n - 1;
		memcpy(start_adj, proc_scratch, start_adj_len);
	}
}

/* Appends "KEY=value" and its terminator to b; returns where it starts. */
static char *env_num(struct buf *b, const char *key, uint64_t v)
{
	char *at = b->p + b->len;

	buf_str(b, key);
	buf_u64(b, v);
	buf_mem(b, "", 1);
	return at;
}

/* The hook is a program of the user's, not part of bustd: it gets what
 * bustd started with, not the -1000, the ignored SIGPIPE and SIGHUP and
 * the blocked signals bustd gave itself (exec keeps all of those; a hook
 * that restarts a service would hand them on). */
static void exec_hook(char *const argv[], char *const envp[])
{
	struct sigaction dfl;
	sigset_t none;
	int fd = sys_openat(AT_FDCWD, "/proc/self/oom_score_adj", O_WRONLY);

	if (fd >= 0) {
		sys_write(fd, start_adj, start_adj_len);
		sys_close(fd);
	}
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigaction(SIGPIPE, &dfl, NULL);
	sigaction(SIGHUP, &dfl, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execve("/bin/sh", argv, envp);
	_exit(127);
}

/* BUSTD_NAME is escaped as the log escapes it; EARLYOOM_NAME is the
 * name as it is (spaces, newlines and all), as earlyoom gives it */
static char *env_name(struct buf *b, const char *key, const char *name,
		      bool raw)
{
	char *at = b->p + b->len;

	buf_str(b, key);
	if (raw)
		buf_str(b, name);
	else
		buf_name(b, name);
	buf_mem(b, "", 1);
	return at;
}

int hook_run(const char *cmd, const struct victim *v)
{
	/* on the stack, inside the locked reserve (the kill path is not its
	 * deepest), not in bss, where it would cost bustd a page */
	char text[ENV_TEXT];
	struct buf b = BUF_ON(text);
	char *const argv[] = { "sh", "-c", (char *)cmd, NULL };
	char *envp[9];
	pid_t child;

	envp[0] = env_num(&b, "BUSTD_PID=", (uint64_t)v->pid);
	envp[1] = env_name(&b, "BUSTD_NAME=", v->name, false);
	envp[2] = env_num(&b, "BUSTD_UID=", v->uid);
	envp[3] = env_num(&b, "BUSTD_RSS_KIB=", v->rss_kib);
	/* earlyoom's names, so its users' -N and -P scripts run as they are */
	envp[4] = env_num(&b, "EARLYOOM_PID=", (uint64_t)v->pid);
	envp[5] = env_name(&b, "EARLYOOM_NAME=", v->name, true);
	envp[6] = env_num(&b, "EARLYOOM_UID=", v->uid);
	envp[7] = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
	envp[8] = NULL;
	if (b.truncated) /* cannot be (ENV_TEXT): no cut variable for sh */
		return -1;

	/* fork, not vfork: vfork would hold bustd until the exec had read
	 * /bin/sh, from a disk that may be thrashing.  _Fork: bustd has no
	 * atfork handlers, and musl's fork links thread locks for them. */
	child = bustd_fork();
	if (child == 0)
		exec_hook(argv, envp);
	return child < 0 ? -1 : 0;
}
