#!/usr/bin/env python3
"""A Telethon account driven line by line, the other party of tests/engine/telethon_peer.rs.

    python peer.py --host 127.0.0.1 --port PORT_OF_DC --dc DC --rsa-pub KEY.pub

stdin: one JSON command a line, each with an "id"; stdout: one JSON line a command,
{"id": ..., "ok": true, ...} or {"id": ..., "ok": false, "error": ..., "events": [...]}.
The first stdout line is {"ready": true, "telethon": VERSION}. Logs go to stderr.

Commands (peers are Bot-API-style marked ids, as Telethon's chat_id and TDLib's chat ids):
  sign_up {phone, first_name}                 -> {user_id}
  import_contact {phone, first_name}          -> {user_id}
  send {peer, text}                           -> {message_id}
  edit {peer, message_id, text}               -> {message_id, text}
  delete {peer, message_ids, revoke}          -> {}
  create_group {user_ids, title}              -> {chat_id}
  join_invite {link}                          -> {chat_id}
  wait_event {kind, match, timeout}           -> {event}
Events (from Telethon's NewMessage, MessageEdited and MessageDeleted handlers) queue up;
wait_event takes the first queued event of `kind` whose fields equal every field of `match`,
whatever came before it, waiting up to `timeout` seconds.
"""
import argparse
import asyncio
import json
import logging
import random
import sys
import traceback

import telethon
from telethon import TelegramClient, events, functions, types, utils
from telethon.crypto import rsa as telethon_rsa
from telethon.sessions import StringSession

API_ID, API_HASH = 12345, "0123456789abcdef0123456789abcdef"


def out(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


class Peer:
    def __init__(self, args):
        telethon_rsa._server_keys.clear()  # only testdc's key may match
        with open(args.rsa_pub) as f:
            telethon_rsa.add_key(f.read(), old=False)
        session = StringSession()
        session.set_dc(args.dc, args.host, args.port)
        self.client = TelegramClient(session, API_ID, API_HASH, timeout=10, request_retries=3,
                                     connection_retries=3, retry_delay=0.5,
                                     flood_sleep_threshold=10)
        self.entities = {}  # marked id -> an input entity, for what this account learned
        self.queue = []
        self.changed = asyncio.Event()
        c = self.client
        c.add_event_handler(self.on_new, events.NewMessage())
        c.add_event_handler(self.on_edited, events.MessageEdited())
        c.add_event_handler(self.on_deleted, events.MessageDeleted())

    def record(self, event):
        print(f"peer: event {event}", file=sys.stderr, flush=True)
        self.queue.append(event)
        self.changed.set()

    @staticmethod
    def message_fields(kind, ev):
        m = ev.message
        return {
            "kind": kind,
            "chat_id": ev.chat_id,
            "id": m.id,
            "text": m.message,
            "sender_id": ev.sender_id,
            "from_id": utils.get_peer_id(m.from_id) if m.from_id else None,
            "out": bool(m.out),
            "post": bool(m.post),
            "edit_date": int(m.edit_date.timestamp()) if m.edit_date else None,
        }

    async def on_new(self, ev):
        self.record(self.message_fields("new_message", ev))

    async def on_edited(self, ev):
        self.record(self.message_fields("message_edited", ev))

    async def on_deleted(self, ev):
        self.record({"kind": "message_deleted", "chat_id": ev.chat_id, "ids": list(ev.deleted_ids)})

    def remember(self, entity):
        self.entities[utils.get_peer_id(entity)] = utils.get_input_peer(entity)

    async def peer(self, marked):
        if marked in self.entities:
            return self.entities[marked]
        return await self.client.get_input_entity(marked)

    # ------------------------------------------------------------------------------ commands

    async def cmd_sign_up(self, phone, first_name, last_name=""):
        c = self.client
        await c.connect()
        if await c.is_user_authorized():
            raise AssertionError("a fresh auth key must not be authorized")
        sent = await c.send_code_request(phone)
        try:
            await c.sign_in(phone, phone[5] * 5, phone_code_hash=sent.phone_code_hash)
            raise AssertionError("signIn of a new number must answer signUpRequired")
        except telethon.errors.PhoneNumberUnoccupiedError:
            pass
        result = await c(functions.auth.SignUpRequest(phone, sent.phone_code_hash, first_name, last_name))
        await c._on_login(result.user)  # what Telethon's own sign_in does after a login
        me = await c.get_me()  # online, receiving updates
        return {"user_id": me.id}

    async def cmd_import_contact(self, phone, first_name, last_name=""):
        r = await self.client(functions.contacts.ImportContactsRequest([types.InputPhoneContact(
            client_id=random.randrange(1, 2**31), phone=phone, first_name=first_name, last_name=last_name)]))
        if len(r.users) != 1:
            raise AssertionError(f"importContacts found {len(r.users)} users: {r.to_dict()}")
        self.remember(r.users[0])
        return {"user_id": r.users[0].id}

    async def cmd_send(self, peer, text):
        m = await self.client.send_message(await self.peer(peer), text, parse_mode=None)
        return {"message_id": m.id}

    async def cmd_edit(self, peer, message_id, text):
        m = await self.client.edit_message(await self.peer(peer), message_id, text, parse_mode=None)
        return {"message_id": m.id, "text": m.message}

    async def cmd_delete(self, peer, message_ids, revoke=True):
        affected = await self.client.delete_messages(await self.peer(peer), message_ids, revoke=revoke)
        return {"pts_count": sum(a.pts_count for a in affected)}

    async def cmd_create_group(self, user_ids, title):
        users = [await self.peer(u) for u in user_ids]
        r = await self.client(functions.messages.CreateChatRequest(users=users, title=title))
        updates = getattr(r, "updates", r)  # a messages.invitedUsers wraps them
        missing = getattr(r, "missing_invitees", [])
        if missing:
            raise AssertionError(f"createChat left out {missing}")
        chat = next(c for c in updates.chats if isinstance(c, types.Chat))
        self.remember(chat)
        return {"chat_id": utils.get_peer_id(chat)}

    async def cmd_join_invite(self, link):
        r = await self.client(functions.messages.ImportChatInviteRequest(link.rsplit("+", 1)[1]))
        updates = getattr(r, "updates", r)  # a messages.chatInviteJoinResultOk wraps them
        chat = next(c for c in updates.chats if isinstance(c, (types.Channel, types.Chat)))
        self.remember(chat)
        return {"chat_id": utils.get_peer_id(chat), "broadcast": bool(getattr(chat, "broadcast", False))}

    async def cmd_wait_event(self, kind, match=None, timeout=30):
        match = match or {}
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            for i, e in enumerate(self.queue):
                if e["kind"] == kind and all(e.get(k) == v for k, v in match.items()):
                    del self.queue[i]
                    return {"event": e}
            left = deadline - loop.time()
            if left <= 0:
                raise AssertionError(f"no {kind} event matching {match} in {timeout} s")
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), left)
            except asyncio.TimeoutError:
                pass

    async def run(self):
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader(limit=1 << 20)
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        out({"ready": True, "telethon": telethon.__version__})
        while True:
            line = await reader.readline()
            if not line:
                break
            if not line.strip():
                continue
            request = json.loads(line)
            rid = request.pop("id", None)
            name = request.pop("cmd", "")
            handler = getattr(self, f"cmd_{name}", None)
            try:
                if handler is None:
                    raise ValueError(f"unknown command {name!r}")
                answer = {"id": rid, "ok": True, **(await handler(**request))}
            except Exception as e:  # the Rust side fails the test with this
                answer = {"id": rid, "ok": False, "error": f"{type(e).__name__}: {e}",
                          "traceback": traceback.format_exc(), "events": self.queue}
            out(answer)
        if self.client.is_connected():
            await self.client.disconnect()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dc", type=int, required=True)
    p.add_argument("--rsa-pub", required=True)
    p.add_argument("-v", action="store_true")
    args = p.parse_args()
    logging.basicConfig(stream=sys.stderr, level=logging.INFO if args.v else logging.WARNING,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")

    async def go():
        await Peer(args).run()

    asyncio.run(go())


if __name__ == "__main__":
    main()
