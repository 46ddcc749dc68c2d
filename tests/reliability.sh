#!/bin/sh
# reliability.sh [--write] - docs/RELIABILITY.md's table of bad inputs and
# faults is made from what the tests of this run observed: the rows that
# tests/faults.sh, tests/static.sh and tests/fuzz/run.sh wrote under
# build/reliability/, and the "outcome" each VM scenario reports in
# build/vm-results.jsonl only when all its assertions held.  Without
# --write the committed table must equal the one this run produced, so the
# document cannot drift from the tests; `make reliability-doc` rewrites it.
#
# "This run": make writes build/reliability/run.stamp before the checks
# that feed the table (Makefile, reliability-stamp), and every result read
# here must be at least as new, so a result left by an earlier run (a check
# that was skipped, failed before writing, or ran in another make) is
# refused by name instead of being passed off as this run's.  So are VM
# results that lack a reliability scenario (a SCENARIOS subset) or come
# from a control run (BUSTD_EXTRA_ARGS).
top=$(cd "$(dirname "$0")/.." && pwd)
exec python3 - "$top" "$@" <<'PY'
import json, os, re, sys

top = sys.argv[1]
write = "--write" in sys.argv[2:]
doc = os.path.join(top, "docs", "RELIABILITY.md")
rdir = os.path.join(top, "build", "reliability")
sections = [("cli", "Command lines refused (`tests/cli.sh`): exit 2, one line on stderr, nothing started"),
            ("host", "On the host: the real binary, hostile surroundings (`tests/faults.sh`)"),
            ("vm", "In QEMU guests, under real memory pressure (`test-vm/scenarios/`)"),
            ("fuzz", "Fuzzing (`tests/fuzz/`, libFuzzer with ASan and UBSan)"),
            ("static", "Static analysis (`tests/static.sh`)")]
missing = []  # results absent, stale or incomplete: one line each
stamp = os.path.join(rdir, "run.stamp")
feeder = {"cli": "make check-unit (tests/cli.sh)",
          "host": "make check-faults (tests/faults.sh)",
          "fuzz": "make check-fuzz (tests/fuzz/run.sh)",
          "static": "make check-static (tests/static.sh)",
          "vm": "make check-vm (test-vm/run.sh)"}
since = os.stat(stamp).st_mtime_ns if os.path.exists(stamp) else None
if since is None:
    missing.append(f"{os.path.relpath(stamp, top)}: no run stamp (make writes it before "
                   "the checks that feed this table)")

def fresh(p, key):
    """p exists and was written in this run (not before the stamp)."""
    rel = os.path.relpath(p, top)
    if not os.path.exists(p):
        missing.append(f"{rel}: missing (written by {feeder[key]})")
        return False
    if since is not None and os.stat(p).st_mtime_ns < since:
        missing.append(f"{rel}: stale, written before this run's stamp "
                       f"(by an earlier {feeder[key]})")
        return False
    return True

def rows_of(name):
    p = os.path.join(rdir, name + ".rows")
    if not fresh(p, name):
        return []
    out = []
    for line in open(p, encoding="utf-8"):
        if line.startswith("ROW "):
            out.append(line[4:].rstrip("\n").split("\t", 2))
    return out

def vm_rows():
    res = os.path.join(top, "build", "vm-results.jsonl")
    if not fresh(res, "vm"):
        return []
    out = []
    seen = set()
    for line in open(res, encoding="utf-8"):
        r = json.loads(line)
        name = r.get("name", "")
        seen.add(name)
        if "bustd_extra" in r:
            missing.append(f"build/vm-results.jsonl: {name} is a control run "
                           f"(bustd {r['bustd_extra']}), not the suite")
        sc = os.path.join(top, "test-vm", "scenarios", name + ".sh")
        if not os.path.exists(sc):
            continue
        text = open(sc, encoding="utf-8").read()
        if "\nOUTCOME=" not in text:
            continue  # not a reliability scenario
        # the header comment, first sentence: "# NN name: what is done."
        head = []
        for l in text.splitlines()[1:]:
            if not l.startswith("# ") or l.startswith("#vm"):
                break
            head.append(l[2:])
        h = " ".join(head)
        h = re.sub(r"^\d+ [^:]*: ", "", h)
        fault = re.split(r"(?<=[.])\s", h, maxsplit=1)[0].rstrip(".")
        outcome = r.get("outcome") if r.get("pass") else None
        # a row of the kernel matrix (run.sh's MATRIX) names its kernel
        k = r.get("kernel")
        rid = name if k in (None, "bookworm") else f"{name}@{k}"
        out.append([rid, fault, outcome or "FAILED: " + r.get("why", "?")])
    sdir = os.path.join(top, "test-vm", "scenarios")
    absent = sorted(f[:-3] for f in os.listdir(sdir)
                    if re.match(r"\d\d-.*\.sh$", f) and f[:-3] not in seen
                    and "\nOUTCOME=" in open(os.path.join(sdir, f), encoding="utf-8").read())
    if absent:
        missing.append("build/vm-results.jsonl: no result for " + ", ".join(absent) +
                       " (a SCENARIOS subset?)")
    return out

def cell(t):  # GFM: a bar inside a table cell
    return t.replace("|", "\\|")

table = []
for key, title in sections:
    rows = vm_rows() if key == "vm" else rows_of(key)
    table.append(f"### {title}")
    table.append("")
    table.append("| case | bad input or fault | what bustd did |")
    table.append("|---|---|---|")
    for rid, fault, seen in rows:
        table.append(f"| `{rid}` | {cell(fault)} | {cell(seen)} |")
    table.append("")
gen = "\n".join(table)

begin, end = "<!-- table: tests/reliability.sh -->", "<!-- end of table -->"
text = open(doc, encoding="utf-8").read() if os.path.exists(doc) else ""
if begin not in text or end not in text:
    sys.exit(f"reliability: {doc} lacks the {begin} ... {end} markers")
a = text.index(begin) + len(begin)
b = text.index(end)
have = text[a:b].strip("\n")
if missing:
    for m in missing:
        print("[FAIL] " + m)
    print("0 passed, 1 failed")
    print("reliability: these results are not this run's; make check-reliability "
          "runs the checks that write them, then compares")
    sys.exit(1)
if write:
    with open(doc, "w", encoding="utf-8") as f:
        f.write(text[:a] + "\n" + gen + "\n" + text[b:])
    print(f"reliability: wrote {len(gen.splitlines())} lines into docs/RELIABILITY.md")
    sys.exit(0)
if have != gen.strip("\n"):
    import difflib
    for l in difflib.unified_diff(have.splitlines(), gen.strip("\n").splitlines(),
                                  "docs/RELIABILITY.md", "this run", lineterm=""):
        print(l)
    print("0 passed, 1 failed")
    print("reliability: docs/RELIABILITY.md differs from what the tests observed; "
          "if the change is meant, make reliability-doc")
    sys.exit(1)
n = sum(1 for l in gen.splitlines() if l.startswith("| `"))
print(f"[OK] docs/RELIABILITY.md: all {n} rows observed in this run")
print("1 passed, 0 failed")
PY
