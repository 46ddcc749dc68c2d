#!/usr/bin/env python3
"""kmsglimit.py BIN - bustd --kmsg against the kernel's limit on /dev/kmsg
writers (10 lines per 5 s when printk_devkmsg is "ratelimit", the
default), which drops the rest while telling the writer they were written.

bustd -n --kmsg --dry-run gets 15 SIGUSR1s (a status line each) at once,
then one more 5.3 s later.  The kernel log must then hold no "output lines
suppressed" record (the kernel's own count of what it dropped, printed when
bustd closes /dev/kmsg), and a line of bustd's must say lost_lines=N for
the lines it held back.  Writes about a dozen lines to the host's kernel
log.  Exit 0 when all held, 1 when not, 77 when the kernel does not limit
(printk_devkmsg is not "ratelimit").
"""
import os
import signal
import subprocess
import sys
import time

BIN = sys.argv[1]


def taken(pid, timeout=1.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with open(f"/proc/{pid}/status") as f:
            if any(l.startswith("ShdPnd:") and int(l.split()[1], 16) == 0
                   for l in f):
                return True
        time.sleep(0.005)
    return False


def main():
    with open("/proc/sys/kernel/printk_devkmsg") as f:
        if f.read().strip() != "ratelimit":
            print("printk_devkmsg is not 'ratelimit': nothing to check")
            return 77
    kmsg = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
    os.lseek(kmsg, 0, os.SEEK_END)
    p = subprocess.Popen([BIN, "-n", "--kmsg", "--dry-run"],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    time.sleep(0.5)
    for _ in range(15):
        p.send_signal(signal.SIGUSR1)
        taken(p.pid)
    time.sleep(5.3)
    p.send_signal(signal.SIGUSR1)
    taken(p.pid)
    p.send_signal(signal.SIGTERM)
    try:
        rc = p.wait(timeout=2)
    except subprocess.TimeoutExpired:
        p.kill()
        rc = p.wait()
    time.sleep(0.2)  # the kernel's count is printed when bustd closes kmsg
    records = []
    while True:
        try:
            records.append(os.read(kmsg, 8192).decode(errors="replace"))
        except BlockingIOError:
            break
    msgs = [r.split(";", 1)[1].strip() for r in records if ";" in r]
    ours = [m for m in msgs if m.startswith("bustd: ")]
    lost = [m for m in ours if "lost_lines=" in m]
    dropped = [m for m in msgs if "output lines suppressed" in m]
    fails = []
    if rc != 0:
        fails.append(f"exit status {rc}")
    if dropped:
        fails.append(f"the kernel dropped lines: '{dropped[0]}'")
    if not lost:
        fails.append("no line says lost_lines=")
    if fails:
        print("; ".join(fails) + f" ({len(ours)} lines of bustd's in the "
              "kernel log)")
        return 1
    print(f"{len(ours)} lines in the kernel log, none dropped by it; then "
          f"'{lost[0][:30]}... {lost[0][lost[0].find('lost_lines='):]}'")
    return 0


sys.exit(main())
