"""The unmodified PyPI package python-telegram (2.0) runs two accounts in one process against
tdjson-testdc (TDJSON_TEST_DC): both sign up with login(), A gets its chats, imports B as a
contact, opens the private chat and sends a text; B answers it from its message handler and A
must get that answer as an updateNewMessage. Then A sends a document of random bytes and B
downloads it; the bytes must come back unchanged. Prints one line per step ("ok   ..." or
"FAIL ..."); exits non-zero at the first failure.
usage: python chat_python_telegram.py LIB WORKDIR PHONE_A PHONE_B"""
import hashlib
import json
import os
import secrets
import sys
import threading
import time

from telegram.client import AuthorizationState, Telegram

WAIT = 30.0
DOC_BYTES = 300 * 1024 + 123  # a few hundred KB, not a multiple of any part size
REPLY_PREFIX = "re: "


class StepFailed(Exception):
    pass


def fail(step, why):
    raise StepFailed(f"FAIL {step}: {why}")


def ok(step, what):
    print(f"ok   {step}: {what}", flush=True)


def show(v):
    return json.dumps(v, ensure_ascii=False)


class Inbox:
    """Every update of one client, kept so a wait also sees what came before it was asked for."""

    def __init__(self):
        self.seen = []
        self.cond = threading.Condition()

    def add(self, update):
        with self.cond:
            self.seen.append(update)
            self.cond.notify_all()

    def wait(self, pred, step, what, timeout=WAIT):
        deadline = time.monotonic() + timeout
        checked = 0
        with self.cond:
            while True:
                for u in self.seen[checked:]:
                    if pred(u):
                        return u
                checked = len(self.seen)
                left = deadline - time.monotonic()
                if left <= 0:
                    fail(step, f"no {what} within {timeout:.0f} s")
                self.cond.wait(left)


def call(tg, step, method, params=None):
    """Runs a request through call_method; a TDLib error becomes a failed step that quotes it."""
    r = tg.call_method(method, params)
    try:
        r.wait(timeout=WAIT)
    except TimeoutError:
        fail(step, f"no answer to {method} within {WAIT:.0f} s")
    if r.error:
        fail(step, f"{method} answered error {r.error_info.get('code')}: {r.error_info.get('message')}")
    return r.update


def wait_result(r, step, what):
    try:
        r.wait(timeout=WAIT)
    except TimeoutError:
        fail(step, f"no answer to {what} within {WAIT:.0f} s")
    if r.error:
        fail(step, f"{what} answered error {r.error_info.get('code')}: {r.error_info.get('message')}")
    return r.update


# Update types the steps wait on; python-telegram hands updates to handlers per type.
WATCHED = ("updateNewMessage", "updateMessageSendSucceeded", "updateMessageSendFailed", "updateFile")


class Account:
    def __init__(self, name, lib, workdir, phone):
        self.name, self.phone = name, phone
        self.inbox = Inbox()
        self.tg = Telegram(api_id=12345, api_hash="0123456789abcdef0123456789abcdef",
                           database_encryption_key="secret-" + name, phone="+" + phone,
                           library_path=lib, files_directory=os.path.join(workdir, name),
                           use_test_dc=True, tdlib_verbosity=0)
        for kind in WATCHED:
            self.tg.add_update_handler(kind, self.inbox.add)

    def login(self, first):
        # python-telegram's login waits without a bound; a thread gives it one.
        step = f"login {self.name}"
        result = {}
        t = threading.Thread(target=lambda: result.update(state=self._login(first)), daemon=True)
        t.start()
        t.join(WAIT)
        if t.is_alive():
            fail(step, f"no authorizationStateReady within {WAIT:.0f} s (last state {self.tg.authorization_state})")
        if "state" not in result:
            fail(step, f"login raised; last state {self.tg.authorization_state}")
        state = result["state"]
        if state != AuthorizationState.READY:
            fail(step, f"login stopped at {state}")
        me = wait_result(self.tg.get_me(), step, "getMe")
        if me.get("phone_number") != self.phone or me.get("first_name") != first:
            fail(step, f"getMe answered {show(me)}")
        self.me = me
        ok(step, f"signed up {self.phone} as {first} Python, user id {me['id']}")

    def _login(self, first):
        state = self.tg.login(blocking=False)
        if state == AuthorizationState.WAIT_CODE:
            state = self.tg.send_code(self.phone[5] * 5)
        if state == AuthorizationState.WAIT_REGISTRATION:
            state = self.tg.register_user(first, "Python")
        if state != AuthorizationState.READY:
            state = self.tg.login(blocking=False)
        return state


def text(s):
    return {"@type": "formattedText", "text": s, "entities": []}


def from_user(m, user_id):
    s = m.get("sender_id") or {}
    return s.get("@type") == "messageSenderUser" and s.get("user_id") == user_id


def sent(acc, temp, step, what):
    """Waits until the server took a message: updateMessageSendSucceeded for its temporary id;
    updateMessageSendFailed for it fails the step with its error."""
    u = acc.inbox.wait(
        lambda x: x["@type"] in ("updateMessageSendSucceeded", "updateMessageSendFailed")
        and x["old_message_id"] == temp["id"] and x["message"]["chat_id"] == temp["chat_id"],
        step, f"updateMessageSendSucceeded for {what} (temporary id {temp['id']})")
    if u["@type"] == "updateMessageSendFailed":
        fail(step, f"updateMessageSendFailed: {show(u['error'])}")
    return u["message"]


def run(a, b, workdir):
    a.login("Alice")
    b.login("Bob")

    replies = []  # B's sendMessage answers, looked at only when the reply does not come

    def answer(update):
        # B answers every incoming text with "re: <text>", as a reply to it.
        m = update["message"]
        if m.get("is_outgoing") or m["content"]["@type"] != "messageText":
            return
        t = m["content"]["text"]["text"]
        if t.startswith(REPLY_PREFIX):
            return
        r = b.tg.call_method("sendMessage", {
            "chat_id": m["chat_id"],
            "reply_to": {"@type": "inputMessageReplyToMessage", "message_id": m["id"]},
            "input_message_content": {"@type": "inputMessageText", "text": text(REPLY_PREFIX + t)},
        })
        replies.append(r)

    b.tg.add_message_handler(answer)

    step = "load chats"
    before = wait_result(a.tg.get_chats(limit=50), step, "get_chats")
    if before.get("@type") != "chats" or not isinstance(before.get("chat_ids"), list):
        fail(step, f"get_chats answered {show(before)}")
    ok(step, f"get_chats lists {len(before['chat_ids'])} chats")

    step = "find B"
    imported = wait_result(a.tg.import_contacts(
        [{"phone_number": b.phone, "first_name": "Bob", "last_name": "Contact"}]), step, "import_contacts")
    if imported.get("user_ids") != [b.me["id"]]:
        fail(step, f"import_contacts answered {show(imported)}, B is {b.me['id']}")
    chat = call(a.tg, step, "createPrivateChat", {"user_id": b.me["id"], "force": False})
    if chat["type"]["@type"] != "chatTypePrivate" or chat["type"]["user_id"] != b.me["id"]:
        fail(step, f"createPrivateChat answered {show(chat)}")
    call(a.tg, step, "openChat", {"chat_id": chat["id"]})
    ok(step, f"import_contacts found user {b.me['id']}, private chat {chat['id']} \"{chat['title']}\"")

    step = "send text"
    hello = f"hello from python-telegram {secrets.token_hex(6)}"
    temp = wait_result(a.tg.send_message(chat["id"], hello), step, "send_message")
    if temp["content"]["@type"] != "messageText" or temp["content"]["text"]["text"] != hello:
        fail(step, f"send_message answered {show(temp)}")
    mine = sent(a, temp, step, "the text")
    ok(step, f"message {mine['id']} (temporary {temp['id']}) reached the server")

    step = "B receives"
    at_b = b.inbox.wait(
        lambda u: u["@type"] == "updateNewMessage" and not u["message"]["is_outgoing"]
        and u["message"]["content"]["@type"] == "messageText" and u["message"]["content"]["text"]["text"] == hello,
        step, f"updateNewMessage with \"{hello}\" at B")["message"]
    if not from_user(at_b, a.me["id"]) or at_b["chat_id"] != a.me["id"]:
        fail(step, f"B got {show(at_b)}")
    ok(step, f"updateNewMessage from user {a.me['id']} in chat {at_b['chat_id']}")

    step = "A receives the reply"
    want = REPLY_PREFIX + hello
    try:
        r = a.inbox.wait(
            lambda u: u["@type"] == "updateNewMessage" and u["message"]["chat_id"] == chat["id"]
            and not u["message"]["is_outgoing"],
            step, "updateNewMessage with B's reply at A")["message"]
    except StepFailed as e:
        why = "".join(f"; B's sendMessage failed: {show(x.error_info)}" for x in replies if x.error)
        raise StepFailed(f"{e}{why or f'; B sent {len(replies)} replies'}") from None
    if r["content"]["@type"] != "messageText" or r["content"]["text"]["text"] != want:
        fail(step, f"the reply is {show(r['content'])}, want text \"{want}\"")
    if not from_user(r, b.me["id"]):
        fail(step, f"the reply's sender is {show(r.get('sender_id'))}, want user {b.me['id']}")
    rt = r.get("reply_to") or {}
    if rt.get("@type") != "messageReplyToMessage" or rt.get("message_id") != mine["id"]:
        fail(step, f"the reply's reply_to is {show(r.get('reply_to'))}, want message {mine['id']}")
    ok(step, f"\"{want}\" from user {b.me['id']}, replying to message {mine['id']}")

    step = "chat list"
    after = wait_result(a.tg.get_chats(limit=50), step, "get_chats")
    if not after["chat_ids"] or after["chat_ids"][0] != chat["id"]:
        fail(step, f"get_chats answered {show(after['chat_ids'])}, want chat {chat['id']} first")
    ok(step, f"get_chats lists the chat with B first ({len(after['chat_ids'])} chats)")

    # B never asked for its chat with A: the incoming message alone must have put it in the list.
    step = "B's chat list"
    at_b_list = wait_result(b.tg.get_chats(limit=50), step, "get_chats")
    if not at_b_list["chat_ids"] or at_b_list["chat_ids"][0] != a.me["id"]:
        fail(step, f"get_chats at B answered {show(at_b_list['chat_ids'])}, want chat {a.me['id']} first")
    ok(step, f"get_chats at B lists the chat with A first ({len(at_b_list['chat_ids'])} chats)")

    step = "send document"
    data = secrets.token_bytes(DOC_BYTES)
    path = os.path.join(workdir, f"random-{secrets.token_hex(4)}.bin")
    with open(path, "wb") as f:
        f.write(data)
    caption = f"document from python-telegram {secrets.token_hex(6)}"
    temp = call(a.tg, step, "sendMessage", {
        "chat_id": chat["id"],
        "input_message_content": {
            "@type": "inputMessageDocument",
            "document": {"@type": "inputDocument", "document": {"@type": "inputFileLocal", "path": path},
                         "disable_content_type_detection": True},
            "caption": text(caption),
        },
    })
    if temp["content"]["@type"] != "messageDocument":
        fail(step, f"sendMessage answered content {show(temp['content'])}")
    done = sent(a, temp, step, "the document")
    d = done["content"].get("document") or {}
    if (done["content"]["@type"] != "messageDocument" or d.get("file_name") != os.path.basename(path)
            or d["document"]["size"] != DOC_BYTES or not d["document"]["remote"]["is_uploading_completed"]):
        fail(step, f"the sent message's content is {show(done['content'])}")
    ok(step, f"{DOC_BYTES} bytes uploaded as message {done['id']}, file {d['document']['id']} \"{d['file_name']}\"")

    step = "B downloads"
    got = b.inbox.wait(
        lambda u: u["@type"] == "updateNewMessage" and u["message"]["content"]["@type"] == "messageDocument"
        and u["message"]["content"]["caption"]["text"] == caption,
        step, "updateNewMessage with the document at B")["message"]
    bd = got["content"]["document"]
    if not from_user(got, a.me["id"]) or bd["file_name"] != d["file_name"] or bd["document"]["size"] != DOC_BYTES:
        fail(step, f"B got {show(got)}")
    f = call(b.tg, step, "downloadFile",
             {"file_id": bd["document"]["id"], "priority": 1, "offset": 0, "limit": 0, "synchronous": True})
    local = f.get("local") or {}
    if f.get("@type") != "file" or not local.get("is_downloading_completed") or not local.get("path"):
        fail(step, f"downloadFile answered {show(f)}")
    with open(local["path"], "rb") as fh:
        back = fh.read()
    want_sum, got_sum = hashlib.sha256(data).hexdigest(), hashlib.sha256(back).hexdigest()
    if got_sum != want_sum:
        fail(step, f"{local['path']} has {len(back)} bytes, sha256 {got_sum}, want {want_sum}")
    # downloadFile's contract: progress and completion are also told through updateFile.
    b.inbox.wait(lambda u: u["@type"] == "updateFile" and u["file"]["id"] == bd["document"]["id"]
                 and u["file"]["local"]["is_downloading_completed"],
                 step, f"updateFile with is_downloading_completed for file {bd['document']['id']} at B")
    ok(step, f"downloadFile wrote {len(back)} bytes to {os.path.relpath(local['path'], workdir)}, sha256 identical;"
       " updateFile told the completion")


def main():
    lib, workdir, phone_a, phone_b = sys.argv[1:5]
    a = Account("A", lib, workdir, phone_a)
    b = Account("B", lib, workdir, phone_b)
    status = 0
    try:
        run(a, b, workdir)
    except StepFailed as e:
        print(e, flush=True)
        status = 1
    except Exception as e:  # an answer without a field a step reads
        import traceback
        traceback.print_exc()
        print(f"FAIL unexpected {type(e).__name__}: {e}", flush=True)
        status = 1
    finally:
        a.tg.stop()
        b.tg.stop()
    sys.exit(status)


if __name__ == "__main__":
    main()
