#!/usr/bin/env python3
"""Telethon 1.44 doing what benches/files.rs does, against the same tdjson-testdc: one
account sends a file of random bytes to its Saved Messages (send_file: the upload and
messages.sendMedia), then downloads it back (download_media), each direction timed and its
process CPU seconds measured (getrusage). The copy's SHA-256 must equal the original's.
Prints `name value` lines (1 MB = 2^20 bytes); never asserts.

    python telethon_files.py --port P --rsa-pub KEY.pub --control HOST:PORT --work DIR
        [--size-mb 100] [--part-size-kb K] [--testdc-pid PID] [--phone 9996616000]

--part-size-kb sets both directions' request size; without it Telethon picks its own (128 KiB
for files up to 100 MiB). With --testdc-pid the testdc process's CPU seconds of each
direction are printed too (from /proc/PID/stat), for context.

Phone: 9996616000 (DC 1) unless --phone.
"""
import argparse
import asyncio
import hashlib
import http.client
import json
import os
import resource
import time

from telethon import TelegramClient, errors, functions
from telethon.crypto import rsa as telethon_rsa
from telethon.network import connection
from telethon.sessions import StringSession

API_ID, API_HASH = 12345, "0123456789abcdef0123456789abcdef"
MB = 1 << 20


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def process_cpu_seconds(pid):
    """utime + stime of another process, from /proc/PID/stat; None if unreadable."""
    if not pid:
        return None
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(MB):
            h.update(chunk)
    return h.hexdigest()


def make_file(path, size):
    with open(path, "wb") as f:
        left = size
        while left:
            n = min(left, 4 * MB)
            f.write(os.urandom(n))
            left -= n


class Control:
    """testdc's control interface, one connection per request (see telethon_chats.py)."""

    def __init__(self, addr):
        host, port = addr.rsplit(":", 1)
        self.host, self.port = host, int(port)

    def user(self, phone, first_name):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        body = json.dumps({"phone": phone, "first_name": first_name, "last_name": ""})
        conn.request("POST", "/users", body=body,
                     headers={"Content-Type": "application/json", "Connection": "close"})
        r = conn.getresponse()
        status, v = r.status, json.loads(r.read() or b"null")
        conn.close()
        # A second run against the same testdc finds the account made.
        assert status == 200 or v == {"error": "PHONE_NUMBER_OCCUPIED"}, (phone, v)


async def sign_in(port, phone):
    s = StringSession()
    s.set_dc(1, "127.0.0.1", port)
    # Intermediate framing, the closest to what the engine sends (see telethon_engine.py).
    c = TelegramClient(s, API_ID, API_HASH, connection=connection.ConnectionTcpIntermediate,
                       timeout=60, receive_updates=False)
    await c.connect()
    sent = await c.send_code_request(phone)
    try:
        await c.sign_in(phone, phone[5] * 5, phone_code_hash=sent.phone_code_hash)
    except errors.PhoneNumberUnoccupiedError:
        result = await c(functions.auth.SignUpRequest(phone, sent.phone_code_hash, "Tele", ""))
        await c._on_login(result.user)
    return c


class Measure:
    """Wall seconds, our CPU seconds and testdc's CPU seconds over a block."""

    def __init__(self, testdc_pid):
        self.pid = testdc_pid

    def __enter__(self):
        self.t0, self.cpu0 = time.perf_counter(), cpu_seconds()
        self.dc0 = process_cpu_seconds(self.pid)
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.t0
        self.cpu = cpu_seconds() - self.cpu0
        dc1 = process_cpu_seconds(self.pid)
        self.testdc_cpu = None if self.dc0 is None or dc1 is None else dc1 - self.dc0


def report(direction, m, size):
    print(f"{direction}_seconds {m.wall:.3f}")
    print(f"{direction}_mb_s {size / MB / m.wall:.1f}")
    print(f"{direction}_cpu_s {m.cpu:.3f}")
    print(f"{direction}_cpu_s_per_100mb {m.cpu * 100 * MB / size:.3f}")
    if m.testdc_cpu is not None:
        print(f"{direction}_testdc_cpu_s {m.testdc_cpu:.3f}")


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--rsa-pub", required=True)
    ap.add_argument("--control", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--size-mb", type=int, default=100)
    ap.add_argument("--part-size-kb", type=int, default=None)
    ap.add_argument("--testdc-pid", type=int, default=None)
    ap.add_argument("--phone", default="9996616000")
    args = ap.parse_args()
    telethon_rsa._server_keys.clear()
    with open(args.rsa_pub) as f:
        telethon_rsa.add_key(f.read(), old=False)
    os.makedirs(args.work, exist_ok=True)
    size = args.size_mb * MB
    original = os.path.join(args.work, "telethon-original.bin")
    copy = os.path.join(args.work, "telethon-copy.bin")
    make_file(original, size)
    want = sha256_of(original)

    phone = args.phone
    Control(args.control).user(phone, "Tele")
    c = await sign_in(args.port, phone)
    await c.get_me()
    print(f"file_bytes {size}")
    print(f"part_size_kb {args.part_size_kb or 'default'}")

    with Measure(args.testdc_pid) as up:
        msg = await c.send_file("me", original, force_document=True,
                                part_size_kb=args.part_size_kb)
    report("upload", up, size)
    print(f"uploaded_size {msg.file.size}")

    with Measure(args.testdc_pid) as down:
        if args.part_size_kb:
            got = copy
            await c.download_file(msg.document, copy, part_size_kb=args.part_size_kb,
                                  file_size=msg.file.size, dc_id=msg.document.dc_id)
        else:
            got = await c.download_media(msg, file=copy)
    report("download", down, size)
    print(f"sha256_match {int(got == copy and sha256_of(copy) == want)}")
    print(f"rss_kib {rss_kib()}", flush=True)
    await c.disconnect()
    for p in (original, copy):
        try:
            os.remove(p)
        except OSError:
            pass


asyncio.run(main())
