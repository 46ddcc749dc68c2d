/* log.c - see log.h */
#include "log.h"

#include "sys.h"

#include <string.h>
#include <sys/un.h>

static enum log_sink sink = SINK_STDERR;
static int sink_fd = 2;

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

int log_open(enum log_sink want)
{
	int fd = 2;

	if (want == SINK_KMSG)
		fd = sys_openat(AT_FDCWD, "/dev/kmsg", O_WRONLY);
	else if (want == SINK_SYSLOG)
		fd = syslog_connect();
	if (fd < 0)
		return -1;
	sink = want;
	sink_fd = fd;
	return 0;
}

void log_buf(int level, const struct buf *text)
{
	char line[LOG_LINE_MAX];
	struct buf b = BUF_ON(line);
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
	if (b.len == b.cap)
		b.len--; /* keep room for the newline */
	buf_mem(&b, "\n", 1);

	if (sink_fd >= 0 && sys_write(sink_fd, b.p, b.len) >= 0)
		return;
	/* The syslog daemon may have restarted: reconnect once, then fall
	 * back to stderr for this line rather than lose it. */
	if (sink == SINK_SYSLOG) {
		if (sink_fd >= 0)
			sys_close(sink_fd);
		sink_fd = syslog_connect();
		if (sink_fd >= 0 && sys_write(sink_fd, b.p, b.len) >= 0)
			return;
	}
	if (sink != SINK_STDERR) {
		size_t skip = (size_t)((char *)memchr(b.p, '>', b.len) - b.p) + 1;
		sys_write(2, b.p + skip, b.len - skip);
	}
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
