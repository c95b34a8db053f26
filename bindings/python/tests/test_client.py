"""tdjson.Client against a tdjson-testdc: sign-up, a message between two accounts, close,
errors, and the one receive thread."""

import asyncio
import threading
import time

import pytest

import tdjson
from tdjson import _receiver
from support import WAIT, auth_state_is, next_auth_state, parameters, sign_up, wait_update


def test_sign_up_goes_through_the_authorization_states(testdc, clients, tmp_path):
    client = clients()
    phone = testdc.phone(dc=2)
    states = []
    sign_up(client, tmp_path / "db", phone, "Ada", states)
    assert states == ["authorizationStateWaitTdlibParameters",
                      "authorizationStateWaitPhoneNumber", "authorizationStateWaitCode",
                      "authorizationStateWaitRegistration", "authorizationStateReady"]
    me = client.invoke({"@type": "getMe"}, timeout=WAIT)
    assert me["@type"] == "user"
    assert (me["phone_number"], me["first_name"]) == (phone, "Ada")
    assert "@extra" not in me and me["@client_id"] == client.id


def test_message_reaches_a_second_account(testdc, clients, tmp_path):
    alice, bob = clients(), clients()
    bob_phone = testdc.phone(dc=1)
    sign_up(alice, tmp_path / "alice", testdc.phone(dc=1), "Alice")
    sign_up(bob, tmp_path / "bob", bob_phone, "Bob")
    alice_id = alice.invoke({"@type": "getMe"}, timeout=WAIT)["id"]

    imported = alice.invoke({"@type": "importContacts", "contacts": [
        {"@type": "importedContact", "phone_number": bob_phone, "first_name": "Bob",
         "last_name": ""}]}, timeout=WAIT)
    bob_id = imported["user_ids"][0]
    assert bob_id > 0, imported
    chat = alice.invoke({"@type": "createPrivateChat", "user_id": bob_id}, timeout=WAIT)
    text = "hello from tdjson for Python"
    sent = alice.invoke({"@type": "sendMessage", "chat_id": chat["id"],
                         "input_message_content": {
                             "@type": "inputMessageText",
                             "text": {"@type": "formattedText", "text": text, "entities": []}}},
                        timeout=WAIT)
    assert sent["@type"] == "message"

    update = wait_update(bob, lambda u: u["@type"] == "updateNewMessage" and
                         u["message"]["content"].get("text", {}).get("text") == text,
                         "updateNewMessage on Bob's side")
    message = update["message"]
    assert message["sender_id"] == {"@type": "messageSenderUser", "user_id": alice_id}
    assert message["chat_id"] == alice_id  # Bob's private chat with Alice has her id
    assert not message["is_outgoing"]


def test_close_ends_updates_with_authorization_state_closed(testdc, clients, tmp_path):
    client = clients()
    sign_up(client, tmp_path / "db", testdc.phone(), "Closing")
    client.close(timeout=WAIT)
    assert client.closed
    rest = list(client.updates(timeout=WAIT))
    states = [u["authorization_state"]["@type"] for u in rest
              if u["@type"] == "updateAuthorizationState"]
    assert states == ["authorizationStateClosing", "authorizationStateClosed"]
    assert rest[-1]["authorization_state"]["@type"] == "authorizationStateClosed"
    assert list(client.updates(timeout=WAIT)) == []  # ended, for every later consumer too
    client.close(timeout=WAIT)  # closing again is a no-op

    # The library still answers requests to the closed client: with an error.
    with pytest.raises(tdjson.TdError) as caught:
        client.invoke({"@type": "getMe"}, timeout=WAIT)
    assert caught.value.code in (400, 500), caught.value


def test_malformed_requests_raise_and_the_client_keeps_working(clients):
    client = clients()
    with pytest.raises(tdjson.TdError) as caught:
        client.invoke({"@type": "noSuchFunction"}, timeout=WAIT)
    assert caught.value.code == 400 and "Unknown class" in caught.value.message
    with pytest.raises(tdjson.TdError) as caught:
        client.invoke({"x": 1}, timeout=WAIT)
    assert caught.value.code == 400 and '"@type"' in caught.value.message
    with pytest.raises(tdjson.TdError) as caught:
        client.invoke({"@type": "testSquareInt", "x": "not a number"}, timeout=WAIT)
    assert caught.value.code == 400
    with pytest.raises(TypeError):
        client.invoke("getMe")
    with pytest.raises(TypeError):
        client.invoke({"@type": "testSquareInt", "x": {1, 2}})
    with pytest.raises(ValueError):
        client.invoke({"@type": "testSquareInt", "x": float("inf")})
    with pytest.raises(TypeError):
        client.send(None)
    assert client.invoke({"@type": "testSquareInt", "x": 12}, timeout=WAIT)["value"] == 144


def test_unknown_client_raises_td_error(clients):
    client = clients()
    real_id = client.id
    client._id = 2_000_000_000  # an id td_create_client_id never returned
    try:
        with pytest.raises(tdjson.TdError) as caught:
            client.invoke({"@type": "getOption", "name": "version"}, timeout=WAIT)
    finally:
        client._id = real_id
    assert caught.value.code == 400
    assert caught.value.message == "Invalid TDLib instance specified"
    assert client.invoke({"@type": "testSquareInt", "x": 3}, timeout=WAIT)["value"] == 9


def test_invoke_timeout_and_a_late_answer_is_dropped(dead_dc, clients, tmp_path):
    client = clients()
    assert next_auth_state(client) == "authorizationStateWaitTdlibParameters"
    assert client.invoke(parameters(tmp_path / "db"), timeout=WAIT)["@type"] == "ok"
    assert next_auth_state(client) == "authorizationStateWaitPhoneNumber"
    # The server is gone: the request waits for the network.
    with pytest.raises(TimeoutError):
        client.invoke({"@type": "setAuthenticationPhoneNumber", "phone_number": "9996610001"},
                      timeout=0.5)
    dropped = _receiver.RECEIVER.dropped
    client.close(timeout=WAIT)  # aborts the request; its answer has no taker any more
    deadline = time.monotonic() + WAIT
    while _receiver.RECEIVER.dropped == dropped and time.monotonic() < deadline:
        time.sleep(0.01)
    assert _receiver.RECEIVER.dropped > dropped
    assert all(u.get("@type") != "error" for u in client.updates(timeout=WAIT))


def test_invoke_from_many_threads_matches_every_answer(clients):
    one, other = clients(), clients()
    failures = []

    def work(client, base):
        try:
            for i in range(200):
                x = base + i
                answer = client.invoke({"@type": "testSquareInt", "x": x, "@extra": ["mine", x]},
                                       timeout=WAIT)
                if answer["value"] != x * x or answer["@extra"] != ["mine", x]:
                    failures.append((x, answer))
        except Exception as e:  # noqa: BLE001 - reported below
            failures.append((base, repr(e)))

    threads = [threading.Thread(target=work, args=(one if k % 2 else other, 1000 * k))
               for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT)
    assert not any(t.is_alive() for t in threads)
    assert failures == []


def wait_receiver_idle():
    deadline = time.monotonic() + WAIT
    while _receiver.RECEIVER.thread is not None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _receiver.RECEIVER.thread is None, "the receive thread did not stop"


def test_one_receive_thread_serves_every_client(monkeypatch):
    wait_receiver_idle()  # every earlier test closed its clients
    library = tdjson._native.library()
    real_receive = library.receive
    callers = set()

    def receive(timeout):
        callers.add(threading.get_ident())
        return real_receive(timeout)

    monkeypatch.setattr(library, "receive", receive)

    async def async_side():
        aclient = tdjson.AsyncClient()
        answers = await asyncio.gather(*(aclient.invoke({"@type": "testSquareInt", "x": i})
                                         for i in range(20)))
        assert [a["value"] for a in answers] == [i * i for i in range(20)]
        await aclient.close(timeout=WAIT)

    sync_clients = [tdjson.Client() for _ in range(3)]
    for i, c in enumerate(sync_clients):
        assert c.invoke({"@type": "testSquareInt", "x": i}, timeout=WAIT)["value"] == i * i
    asyncio.run(async_side())
    threads = [t for t in threading.enumerate() if t.name == _receiver.THREAD_NAME]
    assert len(threads) == 1
    for c in sync_clients:
        c.close(timeout=WAIT)
    assert callers == {threads[0].ident}
    wait_receiver_idle()  # and it stops once no client is open
    threads[0].join(WAIT)
    assert not threads[0].is_alive()


def test_updates_time_out(clients):
    client = clients()
    assert next_auth_state(client) == "authorizationStateWaitTdlibParameters"
    start = time.monotonic()
    with pytest.raises(TimeoutError):
        next(iter(client.updates(timeout=0.3)))
    assert time.monotonic() - start >= 0.3
    client.close(timeout=WAIT)
    wait_update(client, auth_state_is("authorizationStateClosed"), "authorizationStateClosed")
