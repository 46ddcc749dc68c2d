/* psi.c - see psi.h */
#include "psi.h"

#include <string.h>

#include "procfs.h"
#include "sys.h"
#include "startup.h"

/* Parses "avg10=1.23 avg60=... avg300=... total=123" after the keyword. */
static void parse_line(const char *p, const char *end, struct psi_line *l)
{
	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		if (end - p > 6 && !memcmp(p, "avg10=", 6))
			scan_centi(p + 6, &l->avg10);
		else if (end - p > 6 && !memcmp(p, "total=", 6))
			l->present = scan_u64(p + 6, &l->total_us) != NULL;
		while (p < end && *p != ' ')
			p++;
	}
}

void psi_parse(const char *text, long len, struct psi_fields *f)
{
	const char *p = text, *end = text + len;

	memset(f, 0, sizeof *f);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl;

		if (!nl)
			break; /* a line cut by the buffer's end is not trusted */
		if (eol - p > 5 && !memcmp(p, "some ", 5))
			parse_line(p + 5, eol, &f->some);
		else if (eol - p > 5 && !memcmp(p, "full ", 5))
			parse_line(p + 5, eol, &f->full);
		p = eol + 1;
	}
}

int psi_window_stall(struct psi_window *w, uint64_t now, uint64_t total)
{
	uint64_t dt, dv;

	/* a counter going backwards (clock or file changed): start over */
	if (!w->primed || now < w->t1 || total < w->v1) {
		w->t0 = w->t1 = now;
		w->v0 = w->v1 = total;
		w->primed = true;
		return -1;
	}
	if (now - w->t1 >= PSI_WINDOW_US) {
		w->t0 = w->t1;
		w->v0 = w->v1;
		w->t1 = now;
		w->v1 = total;
	}
	dt = now - w->t0;
	if (dt < PSI_WINDOW_US)
		return -1;
	dv = total - w->v0;
	return dv >= dt ? 10000 : (int)(dv * 10000 / dt);
}

/* A 1 s window needs CAP_SYS_RESOURCE; without it (containers, hardened
 * units) Linux 6.5+ still accepts windows that are multiples of 2 s. */
static const char *const triggers[] = {
	"some 150000 1000000",
	"some 300000 2000000",
};

STARTUP int psi_open(struct psi_src *s, int proc_fd, struct buf *why)
{
	struct psi_fields f;
	long n;
	size_t i;

	s->trigger_fd = -1;
	memset(&s->win, 0, sizeof s->win);
	s->read_fd = sys_openat(proc_fd, "pressure/memory", O_RDONLY);
	if (s->read_fd < 0) {
		buf_str(why, s->read_fd == -ENOENT
				     ? "no /proc/pressure/memory (kernel without "
				       "PSI, or booted with psi=0)"
				     : "cannot open /proc/pressure/memory");
		s->read_fd = -1;
		return -1;
	}
	n = proc_pread(s->read_fd);
	if (n > 0)
		psi_parse(proc_scratch, n, &f);
	if (n <= 0 || !f.some.present) {
		/* psi=0 on 5.x leaves the file in place but reads fail with
		 * EOPNOTSUPP */
		buf_str(why, "/proc/pressure/memory is unreadable (psi=0?)");
		sys_close(s->read_fd);
		s->read_fd = -1;
		return -1;
	}
	for (i = 0; i < sizeof triggers / sizeof triggers[0]; i++) {
		int fd = sys_openat(proc_fd, "pressure/memory",
				    O_RDWR | O_NONBLOCK);
		if (fd < 0)
			break;
		if (sys_write(fd, triggers[i], strlen(triggers[i]) + 1) > 0) {
			s->trigger_fd = fd;
			return 0;
		}
		sys_close(fd);
	}
	buf_str(why, "the PSI trigger was refused (no CAP_SYS_RESOURCE?); "
		     "stall is still read at each wake-up");
	return -1;
}

int psi_read(struct psi_src *s, uint64_t now_us, struct psi_fields *f)
{
	long n;

	memset(f, 0, sizeof *f);
	if (s->read_fd < 0)
		return -1;
	n = proc_pread(s->read_fd);
	if (n <= 0)
		return -1;
	psi_parse(proc_scratch, n, f);
	if (!f->some.present)
		return -1;
	return psi_window_stall(&s->win, now_us, f->some.total_us);
}

void psi_drop_trigger(struct psi_src *s)
{
	if (s->trigger_fd >= 0)
		sys_close(s->trigger_fd);
	s->trigger_fd = -1;
}
