#!/usr/bin/env python3
"""logstall.py BIN syslog|pipe - bustd against a log sink that stalls.

syslog: a datagram socket bound at /dev/log (run it in a mount namespace
with a tmpfs on /dev) whose reader does not read, so its queue
(net.unix.max_dgram_qlen, 10) fills.  pipe: bustd's stderr is a pipe that
is already full.  bustd -n --dry-run gets SIGUSR1 after SIGUSR1 (a status
line each) while the sink is stalled: each must be taken at once (a bustd
blocked in a write leaves it pending).  Then the sink is drained, one more
SIGUSR1 must give a line ending in lost_lines=N, and SIGTERM must end
bustd with status 0 within a second.  Prints one line; exit 0 when all
held, 1 otherwise.
"""
import os
import signal
import socket
import subprocess
import sys
import time

BIN, MODE = sys.argv[1], sys.argv[2]
FLOOD = 20  # status lines: more than the socket's queue of 10 holds


def pending(pid):
    """Signals pending for the process (ShdPnd), or None once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("ShdPnd:"):
                    return int(line.split()[1], 16)
    except OSError:
        return None
    return None


def taken(pid, timeout=1.0):
    """Whether the signals sent to pid were taken within timeout."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pending(pid) == 0:
            return True
        time.sleep(0.005)
    return False


def drain_socket(s):
    s.setblocking(False)
    out = []
    while True:
        try:
            out.append(s.recv(4096).decode(errors="replace"))
        except BlockingIOError:
            return out


def drain_pipe(fd):
    os.set_blocking(fd, False)
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            return out.decode(errors="replace").splitlines(keepends=True)
        if not chunk:
            return out.decode(errors="replace").splitlines(keepends=True)
        out += chunk


def main():
    args = [BIN, "-n", "--dry-run"]
    if MODE == "syslog":
        sink = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sink.bind("/dev/log")
        args.append("--syslog")
        p = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        drain = lambda: drain_socket(sink)
    else:
        r, w = os.pipe()
        os.set_blocking(w, False)
        try:
            while True:
                os.write(w, b"x" * 4096)
        except BlockingIOError:
            pass
        os.set_blocking(w, True)  # as a shell or a supervisor hands it on
        p = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=w)
        os.close(w)
        drain = lambda: [l for l in drain_pipe(r) if "bustd:" in l]

    fails = []
    time.sleep(0.5)  # start-up: the start line (into a full pipe) or more
    stuck = 0
    for _ in range(FLOOD):
        p.send_signal(signal.SIGUSR1)
        if not taken(p.pid):
            stuck += 1
            break
    if stuck:
        fails.append("a SIGUSR1 stayed pending while the sink stalled "
                     "(bustd blocked in a log write)")
    lines = drain()
    p.send_signal(signal.SIGUSR1)
    time.sleep(0.3)
    lines += drain()
    lost = [l for l in lines if "lost_lines=" in l]
    if not lost:
        fails.append("no line with lost_lines= once the sink drained")
    t0 = time.monotonic()
    p.send_signal(signal.SIGTERM)
    try:
        rc = p.wait(timeout=1.0)
    except subprocess.TimeoutExpired:
        p.kill()
        rc = p.wait()
        fails.append("still running 1 s after SIGTERM")
    if rc != 0:
        fails.append(f"exit status {rc}")
    took = int((time.monotonic() - t0) * 1000)
    got = lost[0].strip() if lost else (lines[-1].strip() if lines else "")
    got = got[got.find("bustd:"):]
    if fails:
        print("; ".join(fails) + f" (last line: '{got}')")
        return 1
    print(f"{FLOOD} status lines into a stalled sink, each signal taken at "
          f"once; then '{got[:40]}... {got[got.find('lost_lines='):]}'; "
          f"exit 0 {took} ms after SIGTERM")
    return 0


sys.exit(main())
