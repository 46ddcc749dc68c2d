#!/bin/sh
# summary.sh: print build/vm-results.jsonl as a table; exit 1 naming every
# failed scenario and why. awk, not jq: a fresh Debian has awk.
[ $# -eq 1 ] || { echo "usage: summary.sh RESULTS.jsonl" >&2; exit 2; }

awk '
# Value of a flat JSON member: a "string" (no escaped quotes inside, the
# guest replaces them) or a bare number/true/false/null.
function get(k,   m) {
	if (match($0, "\"" k "\":\"[^\"]*\"")) {
		m = substr($0, RSTART + length(k) + 4, RLENGTH - length(k) - 5)
		return m == "" ? "-" : m
	}
	if (match($0, "\"" k "\":[^,}]*")) {
		m = substr($0, RSTART + length(k) + 3, RLENGTH - length(k) - 3)
		return m == "null" ? "-" : m
	}
	return "-"
}
BEGIN {
	fmt = "%-18s %-8s %5s %-4s %-12s %-10s %7s %5s %6s %6s  %s\n"
	printf fmt, "scenario", "kernel", "boot", "ok", "killer", "victim", "ms", "kills", "hb_ms", "rss_k", "survivors"
}
{
	ok = get("pass") == "true" ? "ok" : "FAIL"
	# results from before the kernel matrix carry no kernel: bookworm
	k = get("kernel"); if (k == "-") k = "bookworm"
	printf fmt, get("name"), k, get("boot_s"), ok, get("killer"), get("victim"), get("ms"),
		get("kills"), get("hb_worst_ms"), get("bustd_rss_kib"), get("survivors")
	n++
	if (ok != "ok") { bad++; why[bad] = get("name") " (" k "): " get("why") }
}
END {
	for (i = 1; i <= bad; i++) print "FAIL " why[i]
	printf "%d passed, %d failed\n", n - bad, bad
	exit bad > 0
}' "$1"
