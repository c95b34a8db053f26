#!/usr/bin/env python3
"""Telethon (an MTProto client written by others) against a running tdjson-testdc.

Every scenario uses only Telethon's public API, plus raw TL requests where Telethon has no
wrapper (auth.signUp, updates.getDifference, auth.acceptLoginToken, account.getAuthorizations,
help.acceptTermsOfService). A disagreement between
Telethon and testdc is a testdc bug: nothing here is loosened to make a scenario pass.

    python suite.py --port P --control C --rsa-pub KEY.pub [--transport full] [--only NAME]

Exit code 0 when every scenario passed; one line per scenario on stdout.
"""
import argparse
import asyncio
import hashlib
import io
import json
import logging
import os
import random
import sys
import time
import traceback
import urllib.request

from telethon import TelegramClient, errors, events, functions, types
from telethon.crypto import rsa as telethon_rsa
from telethon.network import connection
from telethon.sessions import StringSession

TRANSPORTS = {
    "full": connection.ConnectionTcpFull,
    "intermediate": connection.ConnectionTcpIntermediate,
    "abridged": connection.ConnectionTcpAbridged,
    "obfuscated": connection.ConnectionTcpObfuscated,
}
API_ID, API_HASH = 12345, "0123456789abcdef0123456789abcdef"


class Env:
    def __init__(self, args):
        self.host = "127.0.0.1"
        self.port = args.port
        self.control = args.control
        self.transport = TRANSPORTS[args.transport]
        self.transport_name = args.transport
        self.rng = random.Random(f"{args.transport}-{os.getpid()}-{time.time()}")
        # The four transports' runs share one server: each draws its numbers from its own
        # block of YYYY, never twice, so a "new" number is never one another run signed up.
        self.block = list(TRANSPORTS).index(args.transport)
        self.used = set()
        self.clients = []

    def phone(self, dc):
        size = 10000 // len(TRANSPORTS)
        while True:
            n = self.block * size + self.rng.randrange(size)
            if (dc, n) not in self.used:
                self.used.add((dc, n))
                return f"99966{dc}{n:04d}"

    def client(self, dc, session=None, **kw):
        s = StringSession(session) if session else StringSession()
        if not session:
            s.set_dc(dc, self.host, self.port + dc - 1)
        c = TelegramClient(s, API_ID, API_HASH, connection=self.transport, timeout=10,
                           request_retries=3, connection_retries=3, retry_delay=0.5,
                           flood_sleep_threshold=10, **kw)
        self.clients.append(c)
        return c

    def ctl(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{self.control}{path}", data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())

    async def close_all(self):
        for c in self.clients:
            if c.is_connected():
                await c.disconnect()
        self.clients.clear()


def check(cond, what):
    if not cond:
        raise AssertionError(what)


async def sign_up(env, client, phone, first, last=""):
    """The whole sign-up of a new number: sendCode (maybe migrated), signIn → signUpRequired, signUp."""
    await client.connect()
    check(not await client.is_user_authorized(), "a fresh auth key must not be authorized")
    sent = await client.send_code_request(phone)
    check(isinstance(sent, types.auth.SentCode) and sent.phone_code_hash, f"auth.sentCode expected: {sent}")
    code = phone[5] * 5
    try:
        await client.sign_in(phone, code, phone_code_hash=sent.phone_code_hash)
        raise AssertionError("signIn of a new number must answer signUpRequired")
    except errors.PhoneNumberUnoccupiedError:
        pass
    result = await client(functions.auth.SignUpRequest(phone, sent.phone_code_hash, first, last))
    check(isinstance(result, types.auth.Authorization), f"auth.authorization expected: {result}")
    await client._on_login(result.user)  # what Telethon's own sign_in does after a login
    return result.user


async def sign_in(client, phone, password=None):
    await client.connect()
    sent = await client.send_code_request(phone)
    try:
        return await client.sign_in(phone, phone[5] * 5, phone_code_hash=sent.phone_code_hash)
    except errors.SessionPasswordNeededError:
        if password is None:
            raise
        return await client.sign_in(password=password)


# ------------------------------------------------------------------------------------- scenarios

async def scenario_signup_and_migration(env):
    """A number of DC 1 asked on DC 2 is migrated (PHONE_MIGRATE_1); a DC 2 number stays."""
    a = env.client(dc=2)
    phone_a = env.phone(1)
    user_a = await sign_up(env, a, phone_a, "Alice")
    check(a.session.dc_id == 1, f"Telethon must have moved to DC 1, is on {a.session.dc_id}")
    check(user_a.phone == phone_a and user_a.first_name == "Alice", f"bad user {user_a}")
    b = env.client(dc=2)
    phone_b = env.phone(2)
    user_b = await sign_up(env, b, phone_b, "Bob", "B")
    check(b.session.dc_id == 2, "a DC 2 number must sign up on DC 2")
    check(user_a.id != user_b.id, "two users must have different ids")
    me = await b.get_me()
    check(me.id == user_b.id and me.is_self and me.phone == phone_b and me.last_name == "B", f"get_me: {me}")


async def scenario_wrong_code(env):
    c = env.client(dc=3)
    phone = env.phone(3)
    await c.connect()
    sent = await c.send_code_request(phone)
    try:
        await c.sign_in(phone, "12345", phone_code_hash=sent.phone_code_hash)
        raise AssertionError("a wrong code must be refused")
    except errors.PhoneCodeInvalidError:
        pass
    check(not await c.is_user_authorized(), "still not authorized after a wrong code")


async def scenario_unauthorized_get_users(env):
    c = env.client(dc=1)
    await c.connect()
    try:
        await c(functions.users.GetUsersRequest([types.InputUserSelf()]))
        raise AssertionError("users.getUsers(self) before login must fail")
    except errors.AuthKeyUnregisteredError:
        pass


async def scenario_message_live_and_difference(env):
    """A finds B by phone and writes; B gets it live; B goes offline, misses three, catches up."""
    a, b = env.client(dc=1), env.client(dc=2)
    phone_b = env.phone(2)
    await sign_up(env, a, env.phone(1), "Writer")
    user_b = await sign_up(env, b, phone_b, "Reader")

    imported = await a(functions.contacts.ImportContactsRequest([
        types.InputPhoneContact(client_id=7, phone=phone_b, first_name="Friend", last_name="")]))
    check(len(imported.users) == 1 and imported.users[0].id == user_b.id, f"importContacts: {imported}")
    peer_b = imported.users[0]

    got = asyncio.get_running_loop().create_future()

    @b.on(events.NewMessage(incoming=True))
    async def on_message(event):
        if not got.done():
            got.set_result(event.message)

    await b.get_me()  # B is online and receiving updates
    sent = await a.send_message(peer_b, "hello live")
    message = await asyncio.wait_for(got, 10)
    check(message.message == "hello live", f"live text: {message.message!r}")
    check(message.sender_id == (await a.get_me()).id, "sender of the live message")

    state = await b(functions.updates.GetStateRequest())
    saved = b.session.save()
    await b.disconnect()
    texts = [f"missed {i}" for i in range(3)]
    for t in texts:
        await a.send_message(peer_b, t)
    b2 = env.client(dc=2, session=saved, receive_updates=False)
    await b2.connect()
    check(await b2.is_user_authorized(), "B's auth key survives a reconnect")
    diff = await b2(functions.updates.GetDifferenceRequest(pts=state.pts, date=state.date, qts=state.qts))
    check(isinstance(diff, (types.updates.Difference, types.updates.DifferenceSlice)), f"difference: {diff}")
    missed = [m.message for m in diff.new_messages]
    check(missed == texts, f"getDifference gave {missed}, expected {texts}")
    writer = next(u for u in diff.users if u.id == message.sender_id)
    history = await b2.get_messages(types.InputPeerUser(writer.id, writer.access_hash), limit=10)
    check([m.message for m in history][:4] == list(reversed(texts)) + ["hello live"], "history order")
    check(sent.id > 0, "sent message id")


class SeqGaps(logging.Handler):
    """Telethon's message box traces why it fetches a difference; 'detected gap' means the
    seq of an `updates` container skipped ahead. Counts those (and every trace, so that a
    silent logger is not mistaken for a clean run)."""

    TRACE = (logging.DEBUG - logging.NOTSET) // 2  # Telethon's LOG_LEVEL_TRACE

    def __init__(self):
        super().__init__(level=self.TRACE)
        self.traces = 0
        self.gaps = []

    def emit(self, record):
        self.traces += 1
        if record.args and "detected gap" in record.args:
            self.gaps.append(record.getMessage())

    def __enter__(self):
        self.logger = logging.getLogger("telethon.messagebox")
        self.old = (self.logger.level, self.logger.propagate)
        self.logger.setLevel(self.TRACE)
        self.logger.propagate = False  # traces are for this handler only
        self.logger.addHandler(self)
        return self

    def __exit__(self, *exc):
        self.logger.removeHandler(self)
        self.logger.setLevel(self.old[0])
        self.logger.propagate = self.old[1]


async def scenario_channel_updates(env):
    """A supergroup as Telethon follows it: updateChannel and the posts arrive live with no seq
    gap, a reader moves the author's outbox mark (MessageRead, outbox), a post missed offline
    is found through getDifference's updateChannelTooLong and getChannelDifference, and a
    broadcast post is `out` for its author."""
    with SeqGaps() as seq:
        a, b = env.client(dc=1), env.client(dc=2)
        phone_b = env.phone(2)
        await sign_up(env, a, env.phone(1), "Owner")
        await sign_up(env, b, phone_b, "Member")
        imported = await a(functions.contacts.ImportContactsRequest([
            types.InputPhoneContact(client_id=3, phone=phone_b, first_name="M", last_name="")]))
        created = await a(functions.channels.CreateChannelRequest(title="Club", about="", megagroup=True))
        club = created.chats[0]
        loop = asyncio.get_running_loop()
        joined, posted, read = loop.create_future(), loop.create_future(), loop.create_future()

        @b.on(events.Raw(types.UpdateChannel))
        async def on_channel(update):
            if update.channel_id == club.id and not joined.done():
                joined.set_result(True)

        @b.on(events.NewMessage(incoming=True))
        async def on_post(event):
            if event.chat_id == -1000000000000 - club.id and event.text and not posted.done():
                posted.set_result(event.message)

        @a.on(events.MessageRead(inbox=False))
        async def on_read(event):
            if not read.done():
                read.set_result(event.max_id)

        await b.get_me()  # B is online and receiving updates
        await a(functions.channels.InviteToChannelRequest(club, [imported.users[0]]))
        await asyncio.wait_for(joined, 10)
        post = await a.send_message(club, "hello club")
        check(post.out, "a member's own message is out")
        got = await asyncio.wait_for(posted, 10)
        check(got.text == "hello club" and not got.out, f"live post {got.text!r} out={got.out}")
        await b.send_read_acknowledge(await b.get_input_entity(types.PeerChannel(club.id)), max_id=got.id)
        check(await asyncio.wait_for(read, 10) == post.id, "the author's outbox mark moved")

        # B goes away; the club goes on; B's difference names it, the channel's difference has it.
        state = await b(functions.updates.GetStateRequest())
        b_club = await b.get_input_entity(types.PeerChannel(club.id))
        dialogs = await b(functions.messages.GetPeerDialogsRequest([types.InputDialogPeer(b_club)]))
        club_pts = dialogs.dialogs[0].pts
        saved = b.session.save()
        await b.disconnect()
        await asyncio.sleep(1.1)  # the next post is dated after B's state
        await a.send_message(club, "while away")
        b2 = env.client(dc=2, session=saved, receive_updates=False)
        await b2.connect()
        diff = await b2(functions.updates.GetDifferenceRequest(pts=state.pts, date=state.date, qts=state.qts))
        check(isinstance(diff, types.updates.Difference), f"difference: {diff}")
        named = [u for u in diff.other_updates if isinstance(u, types.UpdateChannelTooLong)]
        check([u.channel_id for u in named] == [club.id], f"updateChannelTooLong: {named}")
        hashed = next(c for c in diff.chats if c.id == club.id)
        caught = await b2(functions.updates.GetChannelDifferenceRequest(
            channel=types.InputChannel(hashed.id, hashed.access_hash),
            filter=types.ChannelMessagesFilterEmpty(), pts=club_pts, limit=100))
        check(isinstance(caught, types.updates.ChannelDifference), f"channel difference: {caught}")
        check([m.message for m in caught.new_messages] == ["while away"], f"caught up: {caught.new_messages}")

        cast = (await a(functions.channels.CreateChannelRequest(title="Cast", about="", broadcast=True))).chats[0]
        p = await a.send_message(cast, "a post")
        check(p.out and p.post and p.from_id is None, f"a broadcast post is its author's: {p.to_dict()}")
    check(seq.traces > 0, "Telethon's message box traced nothing: the gap check would be blind")
    check(not seq.gaps, f"Telethon saw seq gaps: {seq.gaps}")


async def scenario_file_roundtrip(env):
    """A 3 MB file goes up from DC 1 and comes back identical to a user on DC 2."""
    a, b = env.client(dc=1), env.client(dc=2)
    await sign_up(env, a, env.phone(1), "Uploader")
    phone_b = env.phone(2)
    await sign_up(env, b, phone_b, "Downloader")
    imported = await a(functions.contacts.ImportContactsRequest([
        types.InputPhoneContact(client_id=1, phone=phone_b, first_name="D", last_name="")]))
    data = os.urandom(3 * 1024 * 1024 + 123)
    f = io.BytesIO(data)
    f.name = "blob.bin"
    await a.send_file(imported.users[0], f, force_document=True)
    dialogs = await b.get_dialogs()
    a_id = (await a.get_me()).id
    dialog = next((d for d in dialogs if d.id == a_id), None)
    check(dialog is not None, "B has a dialog with A")
    history = await b.get_messages(dialog.entity, limit=1)
    check(history and history[0].document, "B sees a document message")
    check(history[0].document.size == len(data), f"document size {history[0].document.size}")
    back = await b.download_media(history[0], file=bytes)
    check(hashlib.sha256(back).digest() == hashlib.sha256(data).digest(), "downloaded bytes differ")


async def scenario_two_factor(env):
    a = env.client(dc=2)
    phone = env.phone(2)
    await sign_up(env, a, phone, "Secret")
    check(await a.edit_2fa(new_password="hunter2", hint="cat"), "enable 2FA")
    b = env.client(dc=2)
    try:
        await sign_in(b, phone)
        raise AssertionError("a new session must need the password")
    except errors.SessionPasswordNeededError:
        pass
    try:
        await b.sign_in(password="wrong")
        raise AssertionError("a wrong password must be refused")
    except errors.PasswordHashInvalidError:
        pass
    me = await b.sign_in(password="hunter2")
    check(me.phone == phone, "signed in with the password")
    check(await a.edit_2fa(current_password="hunter2", new_password="hunter3"), "change 2FA")
    check(await a.edit_2fa(current_password="hunter3", new_password=None), "remove 2FA")
    c = env.client(dc=2)
    me = await sign_in(c, phone)
    check(me.phone == phone, "no password needed after removing it")


async def scenario_qr_login(env):
    a = env.client(dc=3)
    user = await sign_up(env, a, env.phone(3), "Scanner")
    c = env.client(dc=3)
    await c.connect()
    qr = await c.qr_login()
    check(qr.url.startswith("tg://login?token="), f"QR url {qr.url}")
    waiter = asyncio.ensure_future(qr.wait(15))
    await asyncio.sleep(0.2)
    accepted = await a(functions.auth.AcceptLoginTokenRequest(qr.token))
    check(isinstance(accepted, types.Authorization), f"acceptLoginToken: {accepted}")
    me = await waiter
    check(me.id == user.id, "QR login signs in as the accepting user")
    check((await c.get_me()).id == user.id, "the new session is that user")


async def scenario_bot_login(env):
    bot = env.ctl("POST", "/bots", {"first_name": "Helper", "username": f"helper_{env.transport_name}_{env.rng.randrange(10**6)}_bot"})
    c = env.client(dc=2)
    await c.start(bot_token=bot["token"])
    me = await c.get_me()
    check(me.bot and me.id == bot["id"], f"bot login: {me}")


async def scenario_logout(env):
    a = env.client(dc=1)
    await sign_up(env, a, env.phone(1), "Leaver")
    saved = a.session.save()
    check(await a.log_out(), "log_out answers true")
    b = env.client(dc=1, session=saved)
    await b.connect()
    check(not await b.is_user_authorized(), "the logged-out auth key is no longer authorized")


async def scenario_sessions(env):
    """account.getAuthorizations lists both devices as their initConnection described them;
    account.resetAuthorization signs the other one out."""
    phone = env.phone(2)
    a = env.client(dc=2, device_model="suite-laptop", system_version="Linux 6.1", app_version="9.9")
    user = await sign_up(env, a, phone, "Owner")
    b = env.client(dc=2, device_model="suite-phone", system_version="Android 14")
    check((await sign_in(b, phone)).id == user.id, "the second device signs in as the same user")
    auths = (await a(functions.account.GetAuthorizationsRequest())).authorizations
    check(len(auths) == 2, f"two sessions: {auths}")
    mine = [x for x in auths if x.current]
    other = [x for x in auths if not x.current]
    check(len(mine) == 1 and mine[0].device_model == "suite-laptop", f"current session: {auths}")
    check(mine[0].platform == "Linux" and mine[0].app_version == "9.9" and mine[0].api_id == API_ID,
          f"current session's client: {mine[0]}")
    check(other[0].device_model == "suite-phone" and other[0].platform == "Android"
          and other[0].ip == "127.0.0.1", f"other session: {other[0]}")
    check(other[0].hash != 0 and other[0].hash != mine[0].hash, "sessions have their own hashes")
    check(await a(functions.account.ResetAuthorizationRequest(other[0].hash)), "reset answers true")
    try:
        # Its connection was closed; Telethon reconnects, and the key is signed out.
        await b(functions.users.GetUsersRequest([types.InputUserSelf()]))
        raise AssertionError("the reset session must be signed out")
    except errors.AuthKeyUnregisteredError:
        pass
    try:
        await a(functions.account.ResetAuthorizationRequest(other[0].hash))
        raise AssertionError("a reset hash is unknown")
    except errors.HashInvalidError:
        pass
    left = (await a(functions.account.GetAuthorizationsRequest())).authorizations
    check(len(left) == 1 and left[0].current, f"one session left: {left}")


async def scenario_resend_code_and_terms(env):
    """The code goes to the app, a second send_code_request resends it by SMS (same hash),
    and a new number's signUpRequired carries the terms of service to accept."""
    c = env.client(dc=1)
    phone = env.phone(1)
    await c.connect()
    sent = await c.send_code_request(phone)
    check(isinstance(sent.type, types.auth.SentCodeTypeApp) and sent.type.length == 5, f"app code: {sent}")
    check(isinstance(sent.next_type, types.auth.CodeTypeSms) and sent.timeout == 60, f"next: {sent}")
    resent = await c.send_code_request(phone)  # Telethon resends when it has a hash already
    check(isinstance(resent.type, types.auth.SentCodeTypeSms) and resent.next_type is None, f"sms: {resent}")
    check(resent.phone_code_hash == sent.phone_code_hash, "the hash stays the same")
    try:
        await c.send_code_request(phone)
        raise AssertionError("nothing is left after the SMS")
    except errors.SendCodeUnavailableError:
        pass
    required = await c(functions.auth.SignInRequest(phone, sent.phone_code_hash, phone[5] * 5))
    check(isinstance(required, types.auth.AuthorizationSignUpRequired), f"signUpRequired: {required}")
    tos = required.terms_of_service
    check(isinstance(tos, types.help.TermsOfService) and tos.text and tos.min_age_confirm == 16
          and not tos.popup, f"terms of service: {tos}")
    check(isinstance(tos.id, types.DataJSON) and json.loads(tos.id.data), f"terms id: {tos.id}")
    check(any(isinstance(e, types.MessageEntityBold) for e in tos.entities), f"entities: {tos.entities}")
    result = await c(functions.auth.SignUpRequest(phone, sent.phone_code_hash, "Agreed", ""))
    check(isinstance(result, types.auth.Authorization), f"auth.authorization expected: {result}")
    await c._on_login(result.user)
    check(await c(functions.help.AcceptTermsOfServiceRequest(tos.id)), "terms accepted")
    check((await c.get_me()).phone == phone, "signed up")


# ---------------------------------------------------------------------------- faults (control)

async def logged_in(env, dc=2):
    c = env.client(dc=dc)
    await sign_up(env, c, env.phone(dc), "Faulty")
    return c


def fired(env, fault):
    return env.ctl("GET", f"/faults/{fault['fault_id']}")["fired"]


async def scenario_fault_flood_wait(env):
    c = await logged_in(env)
    f = env.ctl("POST", "/faults", {"kind": "flood_wait", "seconds": 1, "match": {"method": "messages.sendMessage"}})
    t0 = time.monotonic()
    await c.send_message("me", "after flood")
    check(time.monotonic() - t0 >= 1.0, "Telethon must have slept the FLOOD_WAIT")
    check(fired(env, f), "flood fault fired")


async def scenario_fault_bad_server_salt(env):
    c = await logged_in(env)
    f = env.ctl("POST", "/faults", {"kind": "bad_server_salt", "match": {"method": "messages.sendMessage"}})
    m = await c.send_message("me", "after salt")
    check(m.message == "after salt" and fired(env, f), "resent after bad_server_salt")


async def scenario_fault_close_connection(env):
    c = await logged_in(env)
    f = env.ctl("POST", "/faults", {"kind": "close_connection", "match": {"method": "messages.getHistory"}})
    await c.send_message("me", "survives")
    history = await c.get_messages("me", limit=1)
    check(history[0].message == "survives" and fired(env, f), "request resent after the connection closed")


async def scenario_fault_rpc_error(env):
    c = await logged_in(env)
    f = env.ctl("POST", "/faults", {"kind": "rpc_error", "code": 400, "message": "CUSTOM_FAULT",
                                    "match": {"method": "users.getFullUser"}})
    try:
        await c(functions.users.GetFullUserRequest(types.InputUserSelf()))
        raise AssertionError("the armed rpc_error must reach Telethon")
    except errors.BadRequestError as e:
        check(e.message == "CUSTOM_FAULT", f"message {e.message}")
    check(fired(env, f), "rpc_error fault fired")


async def scenario_fault_delay(env):
    c = await logged_in(env)
    f = env.ctl("POST", "/faults", {"kind": "delay", "ms": 1200, "match": {"method": "users.getFullUser"}})
    t0 = time.monotonic()
    await c(functions.users.GetFullUserRequest(types.InputUserSelf()))
    check(time.monotonic() - t0 >= 1.2 and fired(env, f), "answer held back")


async def scenario_fault_file_migrate(env):
    c = await logged_in(env, dc=1)
    data = os.urandom(200_000)
    f = io.BytesIO(data)
    f.name = "m.bin"
    msg = await c.send_file("me", f, force_document=True)
    fault = env.ctl("POST", "/faults", {"kind": "migrate", "error": "FILE_MIGRATE", "dc": 3,
                                        "match": {"method": "upload.getFile", "dc": 1}})
    back = await c.download_media(msg, file=bytes)
    check(back == data and fired(env, fault), "downloaded through DC 3 after FILE_MIGRATE_3")


async def scenario_fault_restart_dc(env):
    c = await logged_in(env, dc=3)
    f = env.ctl("POST", "/faults", {"kind": "restart_dc", "dc": 3})
    await asyncio.sleep(0.5)
    me = await c.get_me()
    check(me is not None and fired(env, f), "works again after DC 3 restarted")


async def persist_before(env, path):
    """First half of the restart check: make state that must survive a restart of testdc."""
    a, b = env.client(dc=1), env.client(dc=2)
    phone_b = env.phone(2)
    await sign_up(env, a, env.phone(1), "Keeper")
    await sign_up(env, b, phone_b, "Kept")
    imported = await a(functions.contacts.ImportContactsRequest([
        types.InputPhoneContact(client_id=1, phone=phone_b, first_name="K", last_name="")]))
    await a.send_message(imported.users[0], "before restart")
    data = os.urandom(300_000)
    f = io.BytesIO(data)
    f.name = "keep.bin"
    await a.send_file(imported.users[0], f, force_document=True)
    await a.edit_2fa(new_password="pw-kept")
    with open(path, "w") as out:
        json.dump({"a": a.session.save(), "b": b.session.save(), "phone_b": phone_b,
                   "sha256": hashlib.sha256(data).hexdigest()}, out)


async def persist_after(env, path):
    """Second half: after the restart, auth keys, users, messages, files and passwords remain."""
    with open(path) as f:
        saved = json.load(f)
    b = env.client(dc=2, session=saved["b"])
    await b.connect()
    check(await b.is_user_authorized(), "B's auth key survived the restart")
    dialogs = await b.get_dialogs()
    check(len(dialogs) == 1, f"B has one dialog after restart, has {len(dialogs)}")
    history = await b.get_messages(dialogs[0].entity, limit=5)
    check([m.message for m in history][-1] == "before restart", "the text message survived")
    doc = next(m for m in history if m.document)
    back = await b.download_media(doc, file=bytes)
    check(hashlib.sha256(back).hexdigest() == saved["sha256"], "the file survived")
    a = env.client(dc=1, session=saved["a"])
    await a.connect()
    check(await a.is_user_authorized(), "A's auth key survived")
    c = env.client(dc=1)
    phone_a = (await a.get_me()).phone
    try:
        await sign_in(c, phone_a)
        raise AssertionError("A's password survived, so a new session must need it")
    except errors.SessionPasswordNeededError:
        pass
    check((await c.sign_in(password="pw-kept")).phone == phone_a, "password still works")



async def scenario_chat_management(env):
    """Pinning a message (the pin service message), a draft seen from a second session, a
    supergroup admin with a rank, an invite link joined by another user, and a basic group
    migrated to a supergroup, all with Telethon's own calls where it has them."""
    a, b = env.client(dc=2), env.client(dc=2)
    phone_a, phone_b = env.phone(2), env.phone(2)
    await sign_up(env, a, phone_a, "Boss")
    await sign_up(env, b, phone_b, "Helper")
    imported = await a(functions.contacts.ImportContactsRequest([
        types.InputPhoneContact(client_id=5, phone=phone_b, first_name="H", last_name="")]))
    helper = imported.users[0]

    sent = await a.send_message(helper, "pin me")
    await a.pin_message(helper, sent.id, notify=True)
    pinned = await a.get_messages(helper, ids=sent.id)
    check(pinned.pinned, f"the message is pinned: {pinned.to_dict()}")
    latest = (await a.get_messages(helper, limit=1))[0]
    check(isinstance(latest.action, types.MessageActionPinMessage) and latest.reply_to
          and latest.reply_to.reply_to_msg_id == sent.id, f"the pin service message: {latest.to_dict()}")

    # A draft saved on one session shows in the dialogs another session of the user sees.
    a2 = env.client(dc=2)
    await sign_in(a2, phone_a)
    await a(functions.messages.SaveDraftRequest(peer=helper, message="later"))
    dialogs = await a2(functions.messages.GetPeerDialogsRequest([
        types.InputDialogPeer(types.InputPeerUser(helper.id, helper.access_hash))]))
    draft = dialogs.dialogs[0].draft
    check(isinstance(draft, types.DraftMessage) and draft.message == "later", f"draft: {draft}")

    group = (await a(functions.channels.CreateChannelRequest(title="Crew", about="", megagroup=True))).chats[0]
    await a(functions.channels.InviteToChannelRequest(group, [helper]))
    await a.edit_admin(group, helper, ban_users=True, title="deputy")
    me_there = await a(functions.channels.GetParticipantRequest(group, helper))
    part = me_there.participant
    check(isinstance(part, types.ChannelParticipantAdmin) and part.rank == "deputy"
          and part.admin_rights.ban_users, f"the admin: {part.to_dict()}")

    small = await a(functions.messages.CreateChatRequest(users=[helper], title="Small"))
    chat = next(c for c in small.updates.chats if isinstance(c, types.Chat))
    invite = await a(functions.messages.ExportChatInviteRequest(peer=chat))
    check(invite.link.startswith("https://t.me/+"), f"invite link {invite.link}")
    c = env.client(dc=2)
    await sign_up(env, c, env.phone(2), "Guest")
    checked = await c(functions.messages.CheckChatInviteRequest(invite.link.split("+", 1)[1]))
    check(isinstance(checked, types.ChatInvite) and checked.title == "Small", f"check: {checked}")
    await c(functions.messages.ImportChatInviteRequest(invite.link.split("+", 1)[1]))
    try:
        await c(functions.messages.ImportChatInviteRequest(invite.link.split("+", 1)[1]))
        check(False, "joining twice must fail")
    except errors.UserAlreadyParticipantError:
        pass

    migrated = await a(functions.messages.MigrateChatRequest(chat.id))
    channel = next(x for x in migrated.chats if isinstance(x, types.Channel))
    old = next(x for x in migrated.chats if isinstance(x, types.Chat))
    check(channel.megagroup and channel.participants_count == 3, f"the supergroup: {channel.to_dict()}")
    check(old.deactivated and old.migrated_to and old.migrated_to.channel_id == channel.id,
          f"the old chat: {old.to_dict()}")

async def scenario_clearing_and_contacts(env):
    """contacts.addContact and contacts.search, a private chat cleared for both sides with
    Telethon's delete_dialog, a chat cleared but kept, and a supergroup cleared for everyone
    and deleted."""
    a, b = env.client(dc=2), env.client(dc=2)
    await sign_up(env, a, env.phone(2), "Clearer")
    await sign_up(env, b, env.phone(2), "Other")
    name = "clr" + os.urandom(4).hex()
    await b(functions.account.UpdateUsernameRequest(name))
    await a(functions.account.UpdateUsernameRequest(name + "a"))
    other = await a.get_entity(name)
    added = await a(functions.contacts.AddContactRequest(
        id=other, first_name="Bee", last_name="Keeper", phone="", add_phone_privacy_exception=True))
    check(added.users and added.users[0].contact, f"a contact now: {added.to_dict()}")
    found = await a(functions.contacts.SearchRequest(q="keep", limit=5))
    check([p.user_id for p in found.my_results] == [other.id], f"search: {found.to_dict()}")

    for text in ("one", "two", "three"):
        await a.send_message(other, text)
    await a.delete_dialog(other, revoke=True)
    check(not await b.get_messages(name + "a", limit=5), "revoked for the other side too")
    dialogs = await a.get_dialogs()
    check(all(d.id != other.id for d in dialogs), "the dialog left the list")

    await a.send_message(other, "kept chat")
    cleared = await a(functions.messages.DeleteHistoryRequest(peer=other, max_id=0, just_clear=True))
    check(cleared.pts_count == 1 and cleared.offset == 0, f"affectedHistory: {cleared.to_dict()}")
    check(not await a.get_messages(other, limit=5), "nothing left for A")
    kept = await b.get_messages(name + "a", limit=5)
    check([m.message for m in kept] == ["kept chat"], f"B keeps it, not revoked: {kept}")

    group = (await a(functions.channels.CreateChannelRequest(title="Wiped", about="", megagroup=True))).chats[0]
    await a.send_message(group, "soon gone")
    await a(functions.channels.DeleteHistoryRequest(channel=group, max_id=0, for_everyone=True))
    check(not await a.get_messages(group, limit=5), "deleted for everyone")
    await a(functions.channels.DeleteChannelRequest(group))
    gone = (await a(functions.channels.GetChannelsRequest([group]))).chats[0]
    check(isinstance(gone, types.ChannelForbidden), f"deleted channel: {gone.to_dict()}")

SCENARIOS = [
    scenario_unauthorized_get_users,
    scenario_signup_and_migration,
    scenario_wrong_code,
    scenario_message_live_and_difference,
    scenario_channel_updates,
    scenario_chat_management,
    scenario_clearing_and_contacts,
    scenario_file_roundtrip,
    scenario_two_factor,
    scenario_qr_login,
    scenario_bot_login,
    scenario_logout,
    scenario_sessions,
    scenario_resend_code_and_terms,
]
FAULT_SCENARIOS = [
    scenario_fault_flood_wait,
    scenario_fault_bad_server_salt,
    scenario_fault_close_connection,
    scenario_fault_rpc_error,
    scenario_fault_delay,
    scenario_fault_file_migrate,
    scenario_fault_restart_dc,
]


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--control", type=int, required=True)
    ap.add_argument("--rsa-pub", required=True)
    ap.add_argument("--transport", choices=TRANSPORTS, default="full")
    ap.add_argument("--faults", action="store_true", help="also run the fault scenarios")
    ap.add_argument("--only")
    ap.add_argument("--persist", nargs=2, metavar=("before|after", "FILE"),
                    help="run one half of the restart check instead of the scenarios")
    ap.add_argument("-v", action="count", default=0)
    args = ap.parse_args()
    logging.basicConfig(level=[logging.WARNING, logging.INFO, logging.DEBUG][min(args.v, 2)], stream=sys.stderr)

    telethon_rsa._server_keys.clear()  # only testdc's key may match
    with open(args.rsa_pub) as f:
        telethon_rsa.add_key(f.read(), old=False)

    env = Env(args)
    if args.persist:
        phase, path = args.persist
        try:
            await asyncio.wait_for((persist_before if phase == "before" else persist_after)(env, path), 180)
            print(f"ok   [{args.transport}] persist-{phase}", flush=True)
        finally:
            await env.close_all()
        return
    scenarios = SCENARIOS + (FAULT_SCENARIOS if args.faults else [])
    failed = 0
    for scenario in scenarios:
        name = scenario.__name__[len("scenario_"):]
        if args.only and args.only not in name:
            continue
        t0 = time.monotonic()
        try:
            # Generous: Telethon does obfuscated2 AES-CTR in pure Python, slow for the 3 MB file.
            await asyncio.wait_for(scenario(env), 180)
            print(f"ok   [{args.transport}] {name} ({time.monotonic() - t0:.2f} s)", flush=True)
        except BaseException as e:  # noqa: BLE001 - report every failure, keep going
            failed += 1
            print(f"FAIL [{args.transport}] {name}: {type(e).__name__}: {e}", flush=True)
            traceback.print_exc(file=sys.stderr)
        finally:
            try:
                env.ctl("DELETE", "/faults")
            except Exception:  # noqa: BLE001
                pass
            await env.close_all()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    asyncio.run(main())
