"""tdjson.AsyncClient: await invoke, async for updates, 50 clients from one event loop."""

import asyncio
import time

import pytest

import tdjson
from support import WAIT, async_next_auth_state, async_sign_up, parameters


def run(coroutine, limit=WAIT):
    return asyncio.run(asyncio.wait_for(coroutine, limit))


def test_async_client_needs_a_running_loop():
    with pytest.raises(RuntimeError, match="running event loop"):
        tdjson.AsyncClient()


def test_invoke_answers_errors_and_timeouts():
    async def main():
        async with tdjson.AsyncClient() as client:
            answers = await asyncio.gather(
                *(client.invoke({"@type": "testSquareInt", "x": i}) for i in range(100)))
            assert [a["value"] for a in answers] == [i * i for i in range(100)]
            answer = await client.invoke({"@type": "getOption", "name": "version",
                                          "@extra": "kept"})
            assert answer["@extra"] == "kept"
            with pytest.raises(tdjson.TdError) as caught:
                await client.invoke({"@type": "noSuchFunction"})
            assert caught.value.code == 400
            with pytest.raises(TypeError):
                await client.invoke(["not", "a", "dict"])
        assert client.closed
        states = [u["authorization_state"]["@type"] async for u in client.updates()
                  if u["@type"] == "updateAuthorizationState"]
        assert states[-1] == "authorizationStateClosed"

    run(main())


def test_timeout_and_cancellation(dead_dc, tmp_path):
    async def main():
        client = tdjson.AsyncClient()
        assert await async_next_auth_state(client) == "authorizationStateWaitTdlibParameters"
        assert (await client.invoke(parameters(tmp_path / "db")))["@type"] == "ok"
        assert await async_next_auth_state(client) == "authorizationStateWaitPhoneNumber"
        waits = {"@type": "setAuthenticationPhoneNumber", "phone_number": "9996610002"}
        with pytest.raises(TimeoutError):  # the server is gone: this waits for the network
            await client.invoke(waits, timeout=0.3)
        task = asyncio.ensure_future(client.invoke(waits))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert (await client.invoke({"@type": "testSquareInt", "x": 5}))["value"] == 25
        await client.close()
        assert client.closed

    run(main())


def test_fifty_clients_sign_up_from_one_event_loop(testdc, tmp_path):
    count = 50

    async def one(i):
        client = tdjson.AsyncClient()
        phone = testdc.phone(dc=1 + i % 3)
        await async_sign_up(client, tmp_path / f"c{i}", phone, f"Client{i}")
        me = await client.invoke({"@type": "getMe"}, timeout=WAIT)
        return client, phone, me

    async def main():
        start = time.monotonic()
        results = await asyncio.gather(*(one(i) for i in range(count)))
        signed_up = time.monotonic() - start
        assert len({client.id for client, _, _ in results}) == count
        for client, phone, me in results:
            assert me["phone_number"] == phone
        await asyncio.gather(*(client.close(timeout=WAIT) for client, _, _ in results))
        assert all(client.closed for client, _, _ in results)
        print(f"{count} clients signed up in {signed_up:.1f} s")

    # generous: 50 sign-ups take a few seconds here
    run(main(), limit=300)


def test_async_message_between_two_accounts(testdc, tmp_path):
    async def main():
        alice, bob = tdjson.AsyncClient(), tdjson.AsyncClient()
        bob_phone = testdc.phone(dc=3)
        await asyncio.gather(async_sign_up(alice, tmp_path / "a", testdc.phone(dc=2), "Alice"),
                             async_sign_up(bob, tmp_path / "b", bob_phone, "Bob"))
        imported = await alice.invoke({"@type": "importContacts", "contacts": [
            {"@type": "importedContact", "phone_number": bob_phone, "first_name": "Bob",
             "last_name": ""}]}, timeout=WAIT)
        chat = await alice.invoke({"@type": "createPrivateChat",
                                   "user_id": imported["user_ids"][0]}, timeout=WAIT)

        async def bob_sees(text):
            async for update in bob.updates():
                if (update["@type"] == "updateNewMessage" and
                        update["message"]["content"].get("text", {}).get("text") == text):
                    return update["message"]
            raise AssertionError("Bob's updates ended")

        waiting = asyncio.ensure_future(asyncio.wait_for(bob_sees("async hello"), WAIT))
        await alice.invoke({"@type": "sendMessage", "chat_id": chat["id"],
                            "input_message_content": {
                                "@type": "inputMessageText",
                                "text": {"@type": "formattedText", "text": "async hello"}}},
                           timeout=WAIT)
        message = await waiting
        assert not message["is_outgoing"]
        await asyncio.gather(alice.close(), bob.close())
        rest = [u async for u in bob.updates()]
        assert rest[-1]["authorization_state"]["@type"] == "authorizationStateClosed"

    run(main(), limit=120)
