/* pidreuse.c - a victim's PID reused by a stranger between choosing and
 * signalling.  bustd pins the process it inspected with a pidfd; after
 * that process dies and its number goes to a new one, every signal bustd
 * sends must fail with ESRCH and the stranger must live.
 *
 * Run as PID 1 of a new PID namespace (tests/faults.sh: unshare -pf), where
 * writing /proc/sys/kernel/ns_last_pid hands out a chosen number next. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kill.h"
#include "sys.h"

static int passed, failed;

static void check(int ok, const char *what)
{
	printf("[%s] %s\n", ok ? "OK" : "FAIL", what);
	if (ok)
		passed++;
	else
		failed++;
}

static pid_t sleeper(int own_group)
{
	pid_t p = fork();

	if (p == 0) {
		if (own_group)
			setpgid(0, 0);
		pause();
		_exit(0);
	}
	return p;
}

static int set_last_pid(pid_t p)
{
	char s[16];
	int fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY);
	int n = snprintf(s, sizeof s, "%d", (int)p);
	int ok = fd >= 0 && write(fd, s, (size_t)n) == n;

	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

static void one(int group)
{
	struct victim v;
	pid_t a = sleeper(group), b;
	int status, rc;

	memset(&v, 0, sizeof v);
	v.pid = a;
	v.pidfd = sys_pidfd_open(a);
	check(v.pidfd >= 0, "pidfd opened on the chosen process");
	kill(a, SIGKILL);
	waitpid(a, &status, 0); /* dead and reaped: its number is free */
	check(kill_exited(&v), "the pinned process reads as exited");

	if (set_last_pid(a - 1) < 0) {
		check(0, "ns_last_pid writable (run in a new PID namespace)");
		return;
	}
	b = sleeper(group);
	check(b == a, "a stranger got the victim's PID");
	/* the control: the number itself now names a live process, so a
	 * kill by PID would have hit the stranger */
	check(kill(v.pid, 0) == 0, "the old number names a live process");
	rc = kill_send(&v, SIGKILL, group);
	check(rc == -ESRCH, group ? "group kill through the stale pidfd: ESRCH"
				  : "kill through the stale pidfd: ESRCH");
	usleep(100000);
	check(waitpid(b, &status, WNOHANG) == 0, "the stranger is alive");
	kill(b, SIGKILL);
	waitpid(b, &status, 0);
	close(v.pidfd);
}

int main(void)
{
	if (getpid() != 1)
		fprintf(stderr, "pidreuse: not PID 1 of a new namespace\n");
	one(0);
	one(1);
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
