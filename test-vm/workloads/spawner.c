/* spawner: start N small sleeping processes, to make /proc long and the
 * victim scan slow, then sleep. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

static const char usage[] =
	"usage: spawner N\n"
	"  forks N children that sleep forever, then sleeps\n";

int main(int argc, char **argv)
{
	char *end;
	unsigned long n = argc == 2 ? strtoul(argv[1], &end, 10) : 0;

	if (argc != 2 || !*argv[1] || *end) {
		fputs(usage, stderr);
		return 2;
	}
	prctl(PR_SET_NAME, "spawner", 0, 0, 0);
	signal(SIGCHLD, SIG_IGN);
	for (unsigned long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			prctl(PR_SET_NAME, "sleeper", 0, 0, 0);
			for (;;)
				pause();
		}
		if (pid < 0) {
			perror("spawner: fork");
			return 1;
		}
	}
	fprintf(stderr, "spawner: %lu children\n", n);
	for (;;)
		pause();
}
