#!/usr/bin/env python3
"""stack-depth.py CI_DIR RESERVE - the loop's stack fits what main.c locks.

CI_DIR holds gcc -fcallgraph-info=su output for src/*.c (static.sh makes
it): each function's frame and whom it calls.  bustd locks RESERVE bytes
of stack below main's frame before the loop starts, so that no page of
stack is faulted in under memory pressure.  Two depths must fit in it:
the deepest path from loop() (plus LIBC bytes for libc's own leaf frames,
which the graph does not see), and loop()'s frame with a signal frame on
top (signals are delivered only inside ppoll, called from loop itself;
SIGFRAME is a generous size for x86-64 with AVX-512 state).  Prints
nothing and exits 0 when both fit; a path that recurses, an unbounded
frame, or a call through a pointer not named in INDIRECT cannot be
bounded and fails too."""
import glob, re, sys

LIBC, SIGFRAME = 512, 3584
# the callbacks a function calls through a pointer: none in the loop now
# (meminfo.c's parser matches a table of keys instead)
INDIRECT = {}
frame, calls = {}, {}
bad = False
for f in glob.glob(sys.argv[1] + "/*.ci"):
    t = open(f, encoding="utf-8").read()
    for title, label in re.findall(r'node: \{ title: "([^"]+)" label: "([^"]*)"', t):
        m = re.search(r"(\d+) bytes \((\w+)", label)
        if m:
            frame[title] = int(m.group(1))
            if m.group(2) == "dynamic" and "bounded" not in label:
                print(f"{title}: its stack frame has no bound")
                bad = True
    for a, b in re.findall(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"', t):
        calls.setdefault(a, set()).add(b)
reserve = int(sys.argv[2])


def deepest(fn, path):
    global bad
    if fn in path:
        print("recursion: " + " -> ".join(path + (fn,)))
        bad = True
        return 0, []
    targets = calls.get(fn, set())
    if "__indirect_call" in targets:
        known = INDIRECT.get(fn.split(":")[-1])
        if known is None:
            print("a call through a pointer: " + " -> ".join(path + (fn,)))
            bad = True
        targets = (targets - {"__indirect_call"}) | {
            t for t in frame if t.split(":")[-1] in (known or ())}
    best = (0, [])
    for c in targets:
        best = max(best, deepest(c, path + (fn,)))
    return frame.get(fn, 0) + best[0], [fn] + best[1]


loop = [t for t in frame if t.endswith(":loop")]
if len(loop) != 1:
    sys.exit("no single loop() in the call graph")
depth, path = deepest(loop[0], ())
need = max(depth + LIBC, frame[loop[0]] + SIGFRAME)
if need > reserve:
    print(f"the loop needs {need} bytes of stack, {reserve} are locked: "
          + " -> ".join(p.split(":")[-1] + f"({frame.get(p, 0)})" for p in path))
    bad = True
sys.exit(1 if bad else 0)
