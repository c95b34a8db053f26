#!/usr/bin/env python3
"""Telethon 1.44 doing what benches/engine.rs does, against the same tdjson-testdc: a new login
(fresh session to signed in), a restart (a saved session connected again until it knows it is
authorized), and many signed-in idle clients in one process (resident memory and CPU of their
keepalive). Prints `name value` lines; never asserts.

    python telethon_engine.py --port P --rsa-pub KEY.pub [--clients N] [--idle S] [--phone-base B]
"""
import argparse
import asyncio
import resource
import statistics
import time

from telethon import TelegramClient, errors, functions
from telethon.crypto import rsa as telethon_rsa
from telethon.network import connection
from telethon.sessions import StringSession

API_ID, API_HASH = 12345, "0123456789abcdef0123456789abcdef"


def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def client(port, session=None):
    s = StringSession(session) if session else StringSession()
    if not session:
        s.set_dc(1, "127.0.0.1", port)
    # Intermediate framing, the closest to what the engine sends (obfuscated intermediate;
    # Telethon's obfuscated transport is abridged, and pure-Python AES-CTR would be unfair).
    return TelegramClient(s, API_ID, API_HASH, connection=connection.ConnectionTcpIntermediate,
                          timeout=20, receive_updates=False)


async def sign_up(c, phone, first):
    await c.connect()
    sent = await c.send_code_request(phone)
    try:
        await c.sign_in(phone, phone[5] * 5, phone_code_hash=sent.phone_code_hash)
    except errors.PhoneNumberUnoccupiedError:
        result = await c(functions.auth.SignUpRequest(phone, sent.phone_code_hash, first, ""))
        await c._on_login(result.user)


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--rsa-pub", required=True)
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--idle", type=int, default=130)
    ap.add_argument("--phone-base", type=int, default=5000)
    args = ap.parse_args()
    telethon_rsa._server_keys.clear()
    with open(args.rsa_pub) as f:
        telethon_rsa.add_key(f.read(), old=False)

    def phone(i):
        n = args.phone_base + i
        return f"99966{1 + n // 10000 % 3}{n % 10000:04d}"

    logins, sessions = [], []
    for i in range(10):
        c = client(args.port)
        t0 = time.perf_counter()
        await sign_up(c, phone(i), "Tele")
        logins.append((time.perf_counter() - t0) * 1000)
        sessions.append(c.session.save())
        await c.disconnect()
    print(f"login_median_ms {statistics.median(logins):.1f}", flush=True)
    print(f"login_min_ms {min(logins):.1f}", flush=True)

    restarts = []
    for s in sessions:
        c = client(args.port, s)
        t0 = time.perf_counter()
        await c.connect()
        authorized = await c.is_user_authorized()
        restarts.append((time.perf_counter() - t0) * 1000)
        assert authorized, "a saved session is still signed in"
        await c.disconnect()
    print(f"restart_median_ms {statistics.median(restarts):.2f}", flush=True)

    before = rss_kib()
    clients = []
    t0 = time.perf_counter()
    window = 16
    for start in range(0, args.clients, window):
        batch = [client(args.port) for _ in range(start, min(start + window, args.clients))]
        await asyncio.gather(*(sign_up(c, phone(100 + start + j), "Idle") for j, c in enumerate(batch)))
        clients.extend(batch)
    print(f"clients {args.clients}", flush=True)
    print(f"clients_signed_in_s {time.perf_counter() - t0:.1f}", flush=True)
    await asyncio.sleep(10)
    after = rss_kib()
    print(f"rss_before_kib {before}")
    print(f"rss_after_kib {after}")
    print(f"rss_per_client_kib {(after - before) / args.clients:.1f}", flush=True)
    cpu0, w0 = cpu_seconds(), time.monotonic()
    await asyncio.sleep(args.idle)
    cpu, minutes = cpu_seconds() - cpu0, (time.monotonic() - w0) / 60
    print(f"idle_seconds {int(time.monotonic() - w0)}")
    print(f"cpu_ms_per_client_minute {cpu * 1000 / args.clients / minutes:.3f}", flush=True)
    await asyncio.gather(*(c.disconnect() for c in clients))


asyncio.run(main())
