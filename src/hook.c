/* hook.c - see hook.h */
#include "hook.h"

#include <signal.h>
#include <unistd.h>

#include "fmt.h"

/* Each variable is one fixed line: NAME=value, the value at most 20 digits
 * or a 16-byte comm escaped to 64. */
#define ENV_MAX 96

static void env_num(char *out, const char *key, uint64_t v)
{
	struct buf b = { out, 0, ENV_MAX - 1, 0 };
	buf_str(&b, key);
	buf_u64(&b, v);
	out[b.len] = '\0';
}

int hook_run(const char *cmd, const struct victim *v)
{
	static char pid[ENV_MAX], name[ENV_MAX], uid[ENV_MAX], rss[ENV_MAX];
	char *const argv[] = { "sh", "-c", (char *)cmd, NULL };
	char *const envp[] = { pid, name, uid, rss,
			       "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
	struct buf b = { name, 0, ENV_MAX - 1, 0 };
	pid_t child;

	env_num(pid, "BUSTD_PID=", (uint64_t)v->pid);
	env_num(uid, "BUSTD_UID=", v->uid);
	env_num(rss, "BUSTD_RSS_KIB=", v->rss_kib);
	buf_str(&b, "BUSTD_NAME=");
	buf_name(&b, v->name);
	name[b.len] = '\0';

	/* vfork: no copy of our locked pages, and the child only execs */
	child = vfork();
	if (child == 0) {
		/* the daemon runs with its signals blocked outside ppoll */
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execve("/bin/sh", argv, envp);
		_exit(127);
	}
	return child < 0 ? -1 : 0;
}
