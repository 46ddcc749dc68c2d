/* runprio: run a command at a scheduling class, for measuring what each
 * buys a daemon's wake-ups: runprio none|nice|fifo CMD ARGS... */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sched_param sp = { .sched_priority = 1 };

	if (argc < 3) {
		fputs("usage: runprio none|nice|fifo CMD ARGS...\n", stderr);
		return 2;
	}
	if (!strcmp(argv[1], "nice") && setpriority(PRIO_PROCESS, 0, -20) < 0)
		perror("runprio: setpriority");
	if (!strcmp(argv[1], "fifo") &&
	    /* musl's sched_setscheduler is ENOSYS by design */
	    syscall(SYS_sched_setscheduler, 0, SCHED_FIFO | SCHED_RESET_ON_FORK,
		    &sp) < 0)
		perror("runprio: sched_setscheduler");
	execvp(argv[2], argv + 2);
	perror("runprio: exec");
	return 127;
}
