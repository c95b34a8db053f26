#!/usr/bin/env python3
"""Telethon 1.44 doing what benches/chats.rs does, against the same tdjson-testdc: the
send_message round trip and the delivery latency between two accounts, throughput across N
sending and N receiving clients in one process, and resident memory per client that fetched
its dialogs and 100 messages per dialog. Accounts are made with testdc's control interface.
Prints `name value` lines; never asserts.

    python telethon_chats.py --port P --rsa-pub KEY.pub --control HOST:PORT --mode MODE [...]
      --mode latency --sends N
      --mode throughput --pairs N --seconds S
      --mode memory --clients K --per 100    (the holders benches/chats.rs memory-setup made)

Phones: Telethon's own accounts are 9996615000.. (DC 1); the memory holders are 9996611000..
"""
import argparse
import asyncio
import http.client
import json
import resource
import time

from telethon import TelegramClient, errors, events, functions, types
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


def percentile(v, p):
    v = sorted(v)
    return v[round((len(v) - 1) * p)] if v else float("nan")


class Control:
    """testdc's control interface, one connection per request (a kept-alive one answers in
    ~40 ms: Nagle holds the answer's body, see benches/chats.rs)."""

    def __init__(self, addr):
        host, port = addr.rsplit(":", 1)
        self.host, self.port = host, int(port)

    def request(self, method, path, body=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        data = json.dumps(body) if body is not None else None
        conn.request(method, path, body=data,
                     headers={"Content-Type": "application/json", "Connection": "close"})
        r = conn.getresponse()
        out = r.status, json.loads(r.read() or b"null")
        conn.close()
        return out

    def user(self, phone, first_name):
        status, v = self.request("POST", "/users", {"phone": phone, "first_name": first_name, "last_name": ""})
        assert status == 200, (phone, v)
        return v["id"]


def phone(dc, n):
    return f"99966{dc}{n % 10000:04d}"


def client(port, receive_updates):
    s = StringSession()
    s.set_dc(1, "127.0.0.1", port)
    # Intermediate framing, the closest to what the engine sends (see telethon_engine.py).
    return TelegramClient(s, API_ID, API_HASH, connection=connection.ConnectionTcpIntermediate,
                          timeout=20, receive_updates=receive_updates)


async def sign_in(c, ph):
    await c.connect()
    sent = await c.send_code_request(ph)
    try:
        await c.sign_in(ph, ph[5] * 5, phone_code_hash=sent.phone_code_hash)
    except errors.PhoneNumberUnoccupiedError:
        result = await c(functions.auth.SignUpRequest(ph, sent.phone_code_hash, "Tele", ""))
        await c._on_login(result.user)


async def sign_in_all(port, phones, receive_updates, window=16):
    clients = []
    for start in range(0, len(phones), window):
        batch = [client(port, receive_updates) for _ in phones[start:start + window]]
        await asyncio.gather(*(sign_in(c, ph) for c, ph in zip(batch, phones[start:start + window])))
        clients.extend(batch)
    return clients


async def import_contact(c, ph):
    r = await c(functions.contacts.ImportContactsRequest(
        [types.InputPhoneContact(client_id=0, phone=ph, first_name="Peer", last_name="")]))
    return types.InputPeerUser(r.users[0].id, r.users[0].access_hash)


async def latency(args, control):
    phones = [phone(1, 5000), phone(1, 5001)]
    for ph in phones:
        control.user(ph, "Tele")
    ann, = await sign_in_all(args.port, phones[:1], False)
    bob, = await sign_in_all(args.port, phones[1:], True)
    peer = await import_contact(ann, phones[1])
    waiting = {}

    @bob.on(events.NewMessage(incoming=True))
    async def on_new(event):
        f = waiting.pop(event.raw_text, None)
        if f and not f.done():
            f.set_result(time.perf_counter())

    await bob.get_me()  # updates flow once a request was made
    await asyncio.sleep(0.5)
    warm, round_trips, deliveries, lost = 20, [], [], 0
    started = time.monotonic()
    for i in range(warm + args.sends):
        if time.monotonic() - started > 120:
            print(f"# latency: stopped at 120 s after {i} sends")
            break
        body = f"latency {i}"
        arrived = asyncio.get_running_loop().create_future()
        waiting[body] = arrived
        t0 = time.perf_counter()
        await ann.send_message(peer, body)
        rt = time.perf_counter() - t0
        try:
            t1 = await asyncio.wait_for(arrived, 10)
        except asyncio.TimeoutError:
            lost += 1
            continue
        if i >= warm:
            round_trips.append(rt * 1000)
            deliveries.append((t1 - t0) * 1000)
    print(f"sends {len(round_trips)}")
    print(f"lost {lost}")
    print(f"send_median_ms {percentile(round_trips, 0.5):.3f}")
    print(f"send_p99_ms {percentile(round_trips, 0.99):.3f}")
    print(f"delivery_median_ms {percentile(deliveries, 0.5):.3f}")
    print(f"delivery_p99_ms {percentile(deliveries, 0.99):.3f}", flush=True)
    await asyncio.gather(ann.disconnect(), bob.disconnect())


async def throughput(args, control):
    n = args.pairs
    phones = [phone(1, 5100 + i) for i in range(2 * n)]
    for ph in phones:
        control.user(ph, "Pair")
    senders = await sign_in_all(args.port, phones[:n], False)
    receivers = await sign_in_all(args.port, phones[n:], True)
    peers = await asyncio.gather(*(import_contact(s, phones[n + i]) for i, s in enumerate(senders)))
    counts = {"received": 0, "warm": set()}

    def handler(i):
        async def on_new(event):
            counts["received"] += 1
            counts["warm"].add(i)
        return on_new

    for i, r in enumerate(receivers):
        r.add_event_handler(handler(i), events.NewMessage(incoming=True))
    await asyncio.gather(*(r.get_me() for r in receivers))
    await asyncio.gather(*(s.send_message(p, "warm-up") for s, p in zip(senders, peers)))
    deadline = time.monotonic() + 60
    while len(counts["warm"]) < n and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    await asyncio.sleep(1)

    stats = {"sent": 0, "failed": 0}
    counts["received"] = 0
    run_until = time.monotonic() + args.seconds

    async def sender(s, p):
        while time.monotonic() < run_until:
            try:
                await s.send_message(p, "load")
                stats["sent"] += 1
            except Exception:  # noqa: BLE001 - a failed send is counted, the run goes on
                stats["failed"] += 1

    cpu0, t0 = cpu_seconds(), time.monotonic()
    tasks = [asyncio.create_task(sender(s, p)) for s, p in zip(senders, peers)]
    await asyncio.sleep(args.seconds)
    received = counts["received"]
    cpu, wall = cpu_seconds() - cpu0, time.monotonic() - t0
    await asyncio.gather(*tasks)
    print(f"pairs {n}")
    print(f"run_seconds {wall:.1f}")
    print(f"sent {stats['sent']}")
    print(f"send_failed {stats['failed']}")
    print(f"received {received}")
    print(f"messages_per_s {received / wall:.0f}")
    print(f"cpu_s {cpu:.2f}")
    print(f"cpu_s_per_1000 {cpu * 1000 / max(received, 1):.3f}")
    print(f"messages_per_cpu_s {received / cpu:.0f}", flush=True)
    await asyncio.sleep(2)
    await asyncio.gather(*(c.disconnect() for c in senders + receivers))


async def fetch(c, per):
    """The client's dialogs and `per` messages of each, kept (as an app showing them would)."""
    dialogs = await c.get_dialogs()
    c.bench_messages = {d.id: [m async for m in c.iter_messages(d, limit=per)] for d in dialogs}
    return len(dialogs), sum(len(v) for v in c.bench_messages.values())


async def memory(args, control):
    phones = [phone(1, 1000 + i) for i in range(args.clients)]
    # One client (signed in, its messages fetched) exists before the baseline, as in ours.
    first = await sign_in_all(args.port, phones[:1], True)
    d0, m0 = await fetch(first[0], args.per)
    await asyncio.sleep(1)
    before = rss_kib()
    rest = await sign_in_all(args.port, phones[1:], True)
    t0 = time.monotonic()
    got = await asyncio.gather(*(fetch(c, args.per) for c in rest))
    fetch_s = time.monotonic() - t0
    await asyncio.sleep(3)
    after = rss_kib()
    print(f"clients {args.clients}")
    print(f"dialogs {d0 + sum(d for d, _ in got)}")
    print(f"messages_fetched {m0 + sum(m for _, m in got)}")
    print(f"fetch_seconds {fetch_s:.1f}")
    print(f"rss_before_kib {before}")
    print(f"rss_after_kib {after}")
    print(f"rss_per_client_kib {(after - before) / max(len(rest), 1):.1f}", flush=True)
    await asyncio.gather(*(c.disconnect() for c in first + rest))


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--rsa-pub", required=True)
    ap.add_argument("--control", required=True)
    ap.add_argument("--mode", required=True, choices=["latency", "throughput", "memory"])
    ap.add_argument("--sends", type=int, default=300)
    ap.add_argument("--pairs", type=int, default=100)
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--per", type=int, default=100)
    args = ap.parse_args()
    telethon_rsa._server_keys.clear()
    with open(args.rsa_pub) as f:
        telethon_rsa.add_key(f.read(), old=False)
    control = Control(args.control)
    await {"latency": latency, "throughput": throughput, "memory": memory}[args.mode](args, control)


asyncio.run(main())
