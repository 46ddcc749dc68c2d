/* fuzz_proctext.c - libFuzzer target for every parser of /proc and /sys
 * text.  The first byte picks the parser, the rest is the file as read:
 * NUL-terminated, as proc_pread leaves it, at most PROC_SCRATCH - 1 bytes.
 * Beyond "no crash, no out-of-bounds read" (ASan), each parser's promises
 * are checked: fields found only on whole lines, names within COMM_MAX. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/fillrate.h"
#include "../../src/meminfo.h"
#include "../../src/procfs.h"
#include "../../src/procscan.h"
#include "../../src/psi.h"

enum { P_MEMINFO, P_VMSTAT, P_PSI, P_STATUS, P_STAT, P_COMM, P_CPULIST, P_N };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[PROC_SCRATCH];
	long len;

	if (size < 1)
		return 0;
	len = (long)(size - 1 < sizeof text - 1 ? size - 1 : sizeof text - 1);
	memcpy(text, data + 1, (size_t)len);
	text[len] = '\0';

	switch (data[0] % P_N) {
	case P_MEMINFO: {
		struct meminfo_fields f;
		meminfo_parse(text, len, &f);
		/* the estimate for old kernels must not wrap around */
		if (!f.has_avail && meminfo_available(&f) < f.free)
			abort();
		break;
	}
	case P_VMSTAT: {
		struct vmstat_fields f;
		vmstat_parse(text, len, &f);
		break;
	}
	case P_PSI: {
		struct psi_fields f;
		struct psi_window w = { 0 };
		psi_parse(text, len, &f);
		/* any totals, in any order: a share in 0..100.00 % or unknown */
		for (int i = 0; i < 3; i++) {
			int s = psi_window_stall(&w, (uint64_t)i * PSI_WINDOW_US,
						 f.some.total_us * (uint64_t)i);
			if (s < -1 || s > 10000)
				abort();
		}
		break;
	}
	case P_STATUS: {
		struct status_fields f;
		status_parse(text, len, &f);
		break;
	}
	case P_STAT: {
		struct stat_fields f;
		stat_parse(text, len, &f);
		break;
	}
	case P_COMM: {
		char name[COMM_MAX];
		if (comm_parse(text, len, name) == 0 &&
		    strlen(name) > COMM_MAX - 1)
			abort();
		break;
	}
	case P_CPULIST:
		(void)cpulist_count(text, len);
		break;
	}
	return 0;
}
