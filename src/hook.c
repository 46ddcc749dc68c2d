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

/* Each variable is one fixed line: NAME=value, the value at most 20 digits
 * or a 16-byte comm escaped to 64. */
#define ENV_MAX 96

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

static void env_num(char *out, const char *key, uint64_t v)
{
	struct buf b = { out, 0, ENV_MAX - 1, 0 };
	buf_str(&b, key);
	buf_u64(&b, v);
	out[b.len] = '\0';
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
static void env_name(char *out, const char *key, const char *name,
		     bool raw)
{
	struct buf b = { out, 0, ENV_MAX - 1, 0 };

	buf_str(&b, key);
	if (raw)
		buf_str(&b, name);
	else
		buf_name(&b, name);
	out[b.len] = '\0';
}

int hook_run(const char *cmd, const struct victim *v)
{
	static char pid[ENV_MAX], name[ENV_MAX], uid[ENV_MAX], rss[ENV_MAX];
	/* earlyoom's names, so its users' -N and -P scripts run as they are */
	static char e_pid[ENV_MAX], e_name[ENV_MAX], e_uid[ENV_MAX];
	char *const argv[] = { "sh", "-c", (char *)cmd, NULL };
	char *const envp[] = { pid, name, uid, rss, e_pid, e_name, e_uid,
			       "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
	pid_t child;

	env_num(pid, "BUSTD_PID=", (uint64_t)v->pid);
	env_num(uid, "BUSTD_UID=", v->uid);
	env_num(rss, "BUSTD_RSS_KIB=", v->rss_kib);
	env_name(name, "BUSTD_NAME=", v->name, false);
	env_num(e_pid, "EARLYOOM_PID=", (uint64_t)v->pid);
	env_num(e_uid, "EARLYOOM_UID=", v->uid);
	env_name(e_name, "EARLYOOM_NAME=", v->name, true);

	/* fork, not vfork: vfork would hold bustd until the exec had read
	 * /bin/sh, from a disk that may be thrashing.  _Fork: bustd has no
	 * atfork handlers, and musl's fork links thread locks for them. */
	child = bustd_fork();
	if (child == 0)
		exec_hook(argv, envp);
	return child < 0 ? -1 : 0;
}
