#!/usr/bin/env python3
"""kernel-table.py RESULTS.jsonl: the scenarios a run played on more than
one guest kernel (test-vm/run.sh with MATRIX=...), as a Markdown table with
a column per kernel, oldest first: README's "Kernels" table is this
script's output for a `make check` run.  A cell says who killed whom (in
order), the seconds from the hog's start to its death where the scenario
times one, and bustd's resident set; or FAIL; '-' where it did not run."""
import json
import sys

# run.sh's suites and the Debian kernel each boots
KERNELS = [("bullseye", "5.10 (Debian 11)"), ("bookworm", "6.1 (Debian 12)"),
           ("trixie", "6.12 (Debian 13)")]


def cell(r):
    if not r.get("pass"):
        return "FAIL"
    rss = f"; {r['bustd_rss_kib']} KiB" if r.get("bustd_rss_kib") else ""
    if r.get("killer") in (None, "none") or not r.get("kills"):
        return f"no kill{rss}"
    who = (r.get("kill_order") or r.get("victim") or "?").strip()
    when = f", {r['ms'] / 1000:.1f} s" if isinstance(r.get("ms"), int) else ""
    return f"{r['killer']}: {who}{when}{rss}"


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: kernel-table.py RESULTS.jsonl")
    rows = {}
    with open(sys.argv[1]) as f:
        for line in f:
            r = json.loads(line)
            rows.setdefault(r["name"], {})[r.get("kernel", "bookworm")] = r
    names = sorted(n for n, by in rows.items() if len(by) > 1)
    print("| scenario | " + " | ".join(label for _, label in KERNELS) + " |")
    print("|---|" + "---|" * len(KERNELS))
    for n in names:
        cells = [cell(rows[n][k]) if k in rows[n] else "-" for k, _ in KERNELS]
        print(f"| {n} | " + " | ".join(cells) + " |")


main()
