#!/usr/bin/env python3
"""image-pages.py ELF - the pages of bustd's image the loop keeps resident.

Issue 12 asks for a resident set of at most 64 KiB.  The stack takes up to
16 KiB of it (the page of argument strings at the top, then the pointers,
main's frame and the locked reserve below, over two or three pages as the
kernel's random offset falls), so the image may take 12 pages of 4 KiB:
  code: from the page holding loop() to the end of the read-only segment
        (start-up code before it is dropped, main.c drop_startup_code; the
        rest is one VMA, and the kernel's fault-around maps all of it);
  data: every page .data and .bss touch (main.c lock_memory writes them).
GNU ld keeps data and bss on the fewest pages it can, padding the file if
that saves one, so data and bss within 8 KiB stay on two.  Prints nothing
and exits 0 when the image fits; else the figures."""
import re, subprocess, sys

PAGE, MAX_PAGES = 4096, 12
elf = sys.argv[1]
segs = re.findall(r"^\s*LOAD\s+\S+\s+(0x[0-9a-f]+)\s+\S+\s+\S+\s+(0x[0-9a-f]+)\s+(.+?)\s+0x",
                  subprocess.run(["readelf", "-lW", elf], capture_output=True,
                                 text=True, check=True).stdout, re.M)
syms = subprocess.run(["nm", elf], capture_output=True, text=True,
                      check=True).stdout
loop = [int(a, 16) for a, t, n in re.findall(r"^(\S+) (\S) (\S+)$", syms, re.M)
        if n == "loop"]
if len(segs) != 2 or len(loop) != 1:
    sys.exit(f"{elf}: expected two LOAD segments and one loop(), found "
             f"{len(segs)} and {len(loop)}")
(code_at, code_size, _), (data_at, data_size, _) = [
    (int(a, 16), int(s, 16), f) for a, s, f in segs]


def pages(lo, hi):
    return (hi + PAGE - 1) // PAGE - lo // PAGE


code = pages(loop[0], code_at + code_size)
data = pages(data_at, data_at + data_size)
if code + data > MAX_PAGES:
    print(f"the loop's image takes {code + data} pages of 4 KiB, at most "
          f"{MAX_PAGES} leave the stack its 16 KiB of 64: code {code} "
          f"(loop at {loop[0]:#x}, segment end {code_at + code_size:#x}), "
          f"data and bss {data} ({data_size} bytes from {data_at:#x})")
    sys.exit(1)
