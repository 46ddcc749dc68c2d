/* log.c - see log.h */
#include "log.h"

#include "procfs.h"
#include "sys.h"
#include "startup.h"

#include <string.h>
#include <sys/un.h>

/* /dev/kmsg takes 10 lines per 5 s from a writer (Linux 4.9+, unless
 * printk_devkmsg is "on") and drops the rest while reporting success.
 * bustd sends at most 10 lines in any 5.1 s (0.1 s of slack for the
 * kernel's jiffies), so whichever 5 s the kernel counts, it takes every
 * line sent; a line not sent is counted as lost. */
#define KMSG_BURST 10
#define KMSG_WINDOW_MS 5100

/* Longest " lost_lines=N" (N a 32-bit count), kept free at every line's end */
#define LOST_TAIL 23

static enum log_sink sink = SINK_STDERR;
static int sink_fd = 2;
static int err_fd = 2; /* stderr as bustd writes it (log_init) */
static unsigned lost;  /* lines the sink did not take since it last took one */
static bool kmsg_limited;
/* ring of the last sends, 0: none; milliseconds cut to 32 bits (the
 * window is 5.1 s, and differences wrap correctly) */
static uint32_t kmsg_sent_ms[KMSG_BURST];
static unsigned kmsg_oldest;

STARTUP void log_init(void)
{
	int fd;

	if (err_fd != 2)
		sys_close(err_fd);
	err_fd = 2;
	/* a file, /dev/null or a closed fd 2 cannot hold a writer up */
	if (sys_lseek_cur(2) != -ESPIPE)
		return;
	/* A pipe or a terminal can.  O_NONBLOCK on fd 2 itself would change
	 * it for every process that shares it (the shell, the supervisor),
	 * so bustd opens its own.  A socket cannot be reopened: it stays fd
	 * 2, which put() sends to with MSG_DONTWAIT. */
	fd = sys_openat(AT_FDCWD, "/proc/self/fd/2",
			O_WRONLY | O_NONBLOCK | O_NOCTTY);
	if (fd >= 0)
		err_fd = fd;
}

static int syslog_connect(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX, .sun_path = "/dev/log" };
	int fd = sys_socket(AF_UNIX, SOCK_DGRAM, 0);

	if (fd < 0)
		return fd;
	if (sys_connect(fd, &sa, sizeof sa) < 0) {
		sys_close(fd);
		return -1;
	}
	return fd;
}

/* printk_devkmsg: "ratelimit" (the default), "on" (no limit) or "off"
 * (every line dropped: no sink at all); absent before Linux 4.9, which had
 * no limit.  Returns -1 for "off". */
STARTUP static int kmsg_mode(void)
{
	long n = proc_read_at(AT_FDCWD, "/proc/sys/kernel/printk_devkmsg");

	if (n < 0) {
		kmsg_limited = n != -ENOENT;
		return 0;
	}
	kmsg_limited = proc_scratch[1] != 'n';
	return proc_scratch[1] == 'f' ? -1 : 0;
}

static bool kmsg_room(void)
{
	uint32_t now = (uint32_t)sys_now_ms();
	uint32_t *oldest = &kmsg_sent_ms[kmsg_oldest];

	if (!kmsg_limited)
		return true;
	if (*oldest && (uint32_t)(now - *oldest) < KMSG_WINDOW_MS)
		return false;
	*oldest = now;
	if (++kmsg_oldest == KMSG_BURST) /* not %: arm would link a division */
		kmsg_oldest = 0;
	return true;
}

STARTUP int log_open(enum log_sink want)
{
	int fd = 2;

	if (want == SINK_KMSG)
		fd = kmsg_mode() < 0 ? -1
				     : sys_openat(AT_FDCWD, "/dev/kmsg", O_WRONLY);
	else if (want == SINK_SYSLOG)
		fd = syslog_connect();
	if (fd < 0)
		return -1;
	sink = want;
	sink_fd = fd;
	return 0;
}

/* Never blocks: a socket is sent to with MSG_DONTWAIT, anything else is
 * non-blocking (log_init) or cannot block (a file, /dev/kmsg). */
static long put(int fd, const struct buf *b, size_t skip)
{
	long rc = sys_send_nowait(fd, b->p + skip, b->len - skip);

	return rc == -ENOTSOCK ? sys_write(fd, b->p + skip, b->len - skip)
			       : rc;
}

/* Whether the sink took the line.  A busy sink (-EAGAIN: the log daemon's
 * queue or a pipe is full) or kmsg's limit loses it; a sink that has gone
 * is retried once (the syslog daemon may have restarted), then stderr
 * gets the line, though the sink has still lost it. */
static bool deliver(const struct buf *b)
{
	long rc;

	if (sink == SINK_STDERR)
		return put(err_fd, b, 0) >= 0;
	if (sink == SINK_KMSG && !kmsg_room())
		return false;
	rc = put(sink_fd, b, 0);
	if (rc >= 0)
		return true;
	if (rc == -EAGAIN)
		return false;
	if (sink == SINK_SYSLOG) {
		if (sink_fd >= 0)
			sys_close(sink_fd);
		sink_fd = syslog_connect();
		if (sink_fd >= 0 && put(sink_fd, b, 0) >= 0)
			return true;
	}
	put(err_fd, b, (size_t)((char *)memchr(b->p, '>', b->len) - b->p) + 1);
	return false;
}

void log_buf(int level, const struct buf *text)
{
	char line[LOG_LINE_MAX];
	struct buf b = { line, 0, sizeof line - LOST_TAIL, 0 };
	size_t start;

	if (sink != SINK_STDERR) {
		/* syslog wants facility daemon (3 << 3); kmsg the bare level */
		buf_mem(&b, "<", 1);
		buf_u64(&b, (uint64_t)level + (sink == SINK_SYSLOG ? 24 : 0));
		buf_mem(&b, ">", 1);
	}
	buf_str(&b, "bustd: ");
	start = b.len;
	buf_mem(&b, text->p, text->len);
	/* One record per line, whatever a user's argument or a hook command
	 * held: a newline inside would forge a second record in the kernel
	 * log or syslog.  (Process names arrive escaped by buf_name.) */
	for (size_t i = start; i < b.len; i++)
		if ((unsigned char)line[i] < ' ' || line[i] == 0x7f)
			line[i] = '?';
	b.cap = sizeof line;
	if (lost) {
		buf_str(&b, " lost_lines=");
		buf_u64(&b, lost);
	}
	buf_mem(&b, "\n", 1);

	if (deliver(&b))
		lost = 0;
	else if (lost < 0xffffffffu)
		lost++;
}

void log_str(int level, const char *a, const char *b, const char *c)
{
	char text[LOG_LINE_MAX];
	struct buf t = BUF_ON(text);

	if (a)
		buf_str(&t, a);
	if (b)
		buf_str(&t, b);
	if (c)
		buf_str(&t, c);
	log_buf(level, &t);
}
