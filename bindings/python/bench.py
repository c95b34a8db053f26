#!/usr/bin/env python3
"""What the binding costs over raw ctypes calls into libtdjson. Prints figures; asserts nothing.

    TDJSON_LIBRARY=target/release/libtdjson.so python3 bindings/python/bench.py [--quick]

1. A td_execute round trip (getOption "version"): raw ctypes with bytes in and out; raw ctypes
   plus json.dumps/json.loads (what any caller needs to get a dict); tdjson.execute.
2. An invoke/answer through td_send/td_receive (testSquareInt, answered by the library without
   the network): raw ctypes, one thread sending and then calling td_receive until the answer
   with its @extra comes; tdjson.Client.invoke (the answer crosses from the receive thread to
   the caller); tdjson.AsyncClient.invoke (it crosses into the event loop). Then many requests
   in flight at once: 8 threads on one Client, and asyncio.gather on one AsyncClient.
Each figure is the best of 5 runs, in microseconds per request.
"""

import asyncio
import ctypes
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tdjson  # noqa: E402  (the package beside this script, unless one is installed first)
from tdjson import _native, _receiver  # noqa: E402


def best(fn, n, runs=5):
    """Microseconds per call of fn(n) (which does n calls), the best of `runs`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(n)
        times.append(time.perf_counter() - start)
    return min(times) / n * 1e6


def raw_library():
    lib = ctypes.CDLL(_native.library_path())
    lib.td_execute.argtypes = [ctypes.c_char_p]
    lib.td_execute.restype = ctypes.c_char_p
    lib.td_send.argtypes = [ctypes.c_int, ctypes.c_char_p]
    lib.td_receive.argtypes = [ctypes.c_double]
    lib.td_receive.restype = ctypes.c_char_p
    lib.td_create_client_id.restype = ctypes.c_int
    return lib


def bench_execute(lib, n):
    raw_request = b'{"@type":"getOption","name":"version"}'
    request = {"@type": "getOption", "name": "version"}
    assert json.loads(lib.td_execute(raw_request))["value"]
    assert tdjson.execute(request)["value"]

    def raw(n):
        for _ in range(n):
            lib.td_execute(raw_request)

    def raw_json(n):
        for _ in range(n):
            json.loads(lib.td_execute(json.dumps(request).encode()))

    def binding(n):
        for _ in range(n):
            tdjson.execute(request)

    return best(raw, n), best(raw_json, n), best(binding, n)


def bench_raw_invoke(lib, n):
    """td_send then td_receive until our answer, on one thread (no tdjson client may be open:
    its receive thread would take the answers)."""
    assert _receiver.RECEIVER.thread is None
    client = lib.td_create_client_id()
    lib.td_send(client, b'{"@type":"getOption","name":"version","@extra":"start"}')
    while True:  # the startup updates, then the answer
        raw = lib.td_receive(5.0)
        assert raw is not None, "no answer from the library"
        if b'"start"' in raw:
            break

    def raw(n):
        for i in range(n):
            lib.td_send(client, json.dumps({"@type": "testSquareInt", "x": 7,
                                            "@extra": i}).encode())
            while True:
                answer = json.loads(lib.td_receive(5.0))
                if answer.get("@extra") == i:
                    break

    figure = best(raw, n)
    lib.td_send(client, b'{"@type":"close"}')
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        raw_msg = lib.td_receive(1.0)
        if raw_msg and b"authorizationStateClosed" in raw_msg:
            break
    return figure


def bench_client(n, threads):
    client = tdjson.Client()
    request = {"@type": "testSquareInt", "x": 7}
    assert client.invoke(request)["value"] == 49

    def serial(n):
        for _ in range(n):
            client.invoke(request)

    def parallel(n):
        def work():
            for _ in range(n // threads):
                client.invoke(request)
        ts = [threading.Thread(target=work) for _ in range(threads)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()

    figures = best(serial, n), best(parallel, n)
    client.close()
    return figures


def bench_async(n, in_flight):
    async def main():
        client = tdjson.AsyncClient()
        request = {"@type": "testSquareInt", "x": 7}
        assert (await client.invoke(request))["value"] == 49

        async def timed(body):
            runs = []
            for _ in range(5):
                start = time.perf_counter()
                await body()
                runs.append(time.perf_counter() - start)
            return min(runs) / n * 1e6

        async def serial():
            for _ in range(n):
                await client.invoke(request)

        async def gathered():
            for _ in range(n // in_flight):
                await asyncio.gather(*(client.invoke(request) for _ in range(in_flight)))

        figures = await timed(serial), await timed(gathered)
        await client.close()
        return figures

    return asyncio.run(main())


def wait_idle():
    deadline = time.monotonic() + 30
    while _receiver.RECEIVER.thread is not None and time.monotonic() < deadline:
        time.sleep(0.05)


def main():
    quick = "--quick" in sys.argv
    n_exec, n_invoke = (2000, 500) if quick else (20000, 5000)
    tdjson.execute({"@type": "setLogVerbosityLevel", "new_verbosity_level": 1})
    lib = raw_library()
    print(f"library: {tdjson.library_path()}   python {sys.version.split()[0]}")

    raw, raw_json, binding = bench_execute(lib, n_exec)
    print("\ntd_execute round trip (getOption), us per call:")
    print(f"  raw ctypes, bytes in/out          {raw:8.2f}")
    print(f"  raw ctypes + json dumps/loads     {raw_json:8.2f}")
    print(f"  tdjson.execute(dict)              {binding:8.2f}   "
          f"({binding - raw_json:+.2f} over raw+json, {binding - raw:+.2f} over raw bytes)")

    raw_invoke = bench_raw_invoke(lib, n_invoke)
    sync_serial, sync_parallel = bench_client(n_invoke, threads=8)
    wait_idle()
    async_serial, async_gathered = bench_async(n_invoke, in_flight=100)
    print("\ninvoke/answer through td_send/td_receive (testSquareInt), us per request:")
    print(f"  raw ctypes, one thread, send then receive   {raw_invoke:8.2f}")
    print(f"  tdjson.Client.invoke, one at a time         {sync_serial:8.2f}   "
          f"({sync_serial - raw_invoke:+.2f}: the hop to and from the receive thread)")
    print(f"  tdjson.AsyncClient.invoke, one at a time    {async_serial:8.2f}   "
          f"({async_serial - raw_invoke:+.2f})")
    print(f"  tdjson.Client.invoke, 8 threads             {sync_parallel:8.2f}   (throughput)")
    print(f"  tdjson.AsyncClient.invoke, 100 in flight    {async_gathered:8.2f}   (throughput)")


if __name__ == "__main__":
    main()
