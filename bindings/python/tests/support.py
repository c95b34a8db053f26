"""Test helpers: tdjson-testdc on free loopback ports, sign-up through the authorization
states, bounded waits for updates."""

import asyncio
import itertools
import os
import pathlib
import queue
import random
import socket
import subprocess
import threading
import time

import pytest

# How long a test waits for what it asserts on before failing.
WAIT = 60.0

HERE = pathlib.Path(__file__).resolve().parent
SOURCE = pathlib.Path(os.environ.get("TDJSON_SOURCE", HERE.parent))


def free_base_port():
    """A port P with P, P+1 and P+2 free on 127.0.0.1 (testdc's DCs 1, 2 and 3)."""
    for _ in range(200):
        base = random.randrange(20000, 32000)
        socks = []
        try:
            for i in range(3):
                s = socket.socket()
                socks.append(s)
                s.bind(("127.0.0.1", base + i))
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no three consecutive free ports in 20000..32000")


class DcServer:
    """A running tdjson-testdc; clients started while it runs go to it (TDJSON_TEST_DC)."""

    def __init__(self, binary, workdir):
        self.workdir = workdir
        self._phones = itertools.count(1)
        self.proc = None
        errors = []
        for _attempt in range(3):  # a port taken between the check and the bind: try others
            self.port = free_base_port()
            key = workdir / "key.pem"
            err_path = workdir / f"testdc-{self.port}.err"
            with open(err_path, "w") as err_file:  # a file: a full pipe would stall the server
                self.proc = subprocess.Popen(
                    [binary, "--listen", f"127.0.0.1:{self.port}", "--rsa-key", str(key)],
                    stdout=subprocess.PIPE, stderr=err_file, text=True)
            lines = queue.Queue()
            threading.Thread(target=self._read, args=(self.proc.stdout, lines),
                             daemon=True).start()
            dcs = 0
            deadline = time.monotonic() + 30
            while dcs < 3 and time.monotonic() < deadline:
                try:
                    line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    break
                if line is None:
                    break
                if line.startswith("DC "):
                    dcs += 1
            if dcs == 3:
                self.key_pub = str(key) + ".pub"
                return
            self.proc.kill()
            self.proc.wait(timeout=10)
            errors.append(err_path.read_text().strip()[-500:])
        raise RuntimeError("tdjson-testdc did not start: " + " | ".join(errors))

    @staticmethod
    def _read(stream, lines):
        for line in stream:
            lines.put(line)
        lines.put(None)

    def phone(self, dc=1):
        """A test number of DC `dc` that no other client of this server has used."""
        return f"99966{dc}{next(self._phones):04d}"

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def required_env(name):
    value = os.environ.get(name)
    if not value or not os.path.exists(value):
        pytest.fail(f"{name} must name an existing file (got {value!r}); run bindings/python/test.sh")
    return value


def parameters(directory):
    return {
        "@type": "setTdlibParameters",
        "database_directory": str(directory),
        "use_message_database": False,
        "api_id": 94575,
        "api_hash": "a3406de8d171bb422bb6ddf3bbd800e2",
        "system_language_code": "en",
        "device_model": "pytest",
        "application_version": "1.0",
    }


def wait_update(client, predicate, what, timeout=WAIT):
    """The next update of a Client that `predicate` accepts; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    seen = []
    try:
        for update in client.updates(timeout=timeout):
            if predicate(update):
                return update
            seen.append(update.get("@type"))
            if time.monotonic() > deadline:
                break
    except TimeoutError:
        pass
    pytest.fail(f"{what}: not seen in {timeout} s; saw {seen[-30:]}")


def auth_state_is(name):
    return lambda u: (u["@type"] == "updateAuthorizationState" and
                      u["authorization_state"]["@type"] == name)


def next_auth_state(client, timeout=WAIT):
    update = wait_update(client, lambda u: u["@type"] == "updateAuthorizationState",
                         "an authorization state", timeout)
    return update["authorization_state"]["@type"]


def sign_up(client, directory, phone, first_name, states=None):
    """Takes a new Client through the authorization states of a new number to Ready; the
    states seen go into `states` if given."""
    seen = [] if states is None else states

    def expect(name):
        state = next_auth_state(client)
        seen.append(state)
        assert state == name, f"expected {name}, got {state} (so far {seen})"

    expect("authorizationStateWaitTdlibParameters")
    assert client.invoke(parameters(directory), timeout=WAIT)["@type"] == "ok"
    expect("authorizationStateWaitPhoneNumber")
    assert client.invoke({"@type": "setAuthenticationPhoneNumber", "phone_number": phone},
                         timeout=WAIT)["@type"] == "ok"
    expect("authorizationStateWaitCode")
    assert client.invoke({"@type": "checkAuthenticationCode", "code": phone[5] * 5},
                         timeout=WAIT)["@type"] == "ok"
    expect("authorizationStateWaitRegistration")
    assert client.invoke({"@type": "registerUser", "first_name": first_name, "last_name": ""},
                         timeout=WAIT)["@type"] == "ok"
    expect("authorizationStateReady")


async def async_next_auth_state(client, timeout=WAIT):
    async def first():
        async for update in client.updates():
            if update["@type"] == "updateAuthorizationState":
                return update["authorization_state"]["@type"]
        return "no more updates"

    return await asyncio.wait_for(first(), timeout)


async def async_sign_up(client, directory, phone, first_name):
    """sign_up for an AsyncClient."""

    async def expect(name):
        state = await async_next_auth_state(client)
        assert state == name, f"client {client.id}: expected {name}, got {state}"

    await expect("authorizationStateWaitTdlibParameters")
    assert (await client.invoke(parameters(directory), timeout=WAIT))["@type"] == "ok"
    await expect("authorizationStateWaitPhoneNumber")
    answer = await client.invoke({"@type": "setAuthenticationPhoneNumber", "phone_number": phone},
                                 timeout=WAIT)
    assert answer["@type"] == "ok"
    await expect("authorizationStateWaitCode")
    answer = await client.invoke({"@type": "checkAuthenticationCode", "code": phone[5] * 5},
                                 timeout=WAIT)
    assert answer["@type"] == "ok"
    await expect("authorizationStateWaitRegistration")
    answer = await client.invoke({"@type": "registerUser", "first_name": first_name,
                                  "last_name": ""}, timeout=WAIT)
    assert answer["@type"] == "ok"
    await expect("authorizationStateReady")
