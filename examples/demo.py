#!/usr/bin/env python3
"""Two people sign up, chat, and send each other a photo and a document, all through the
TDLib JSON interface of our libtdjson.so, against a local tdjson-testdc. Run it with `make demo`.

Read it as a tutorial: it uses nothing but Python's standard library and the four C functions
every TDLib program uses (td_create_client_id, td_send, td_receive, td_execute). Requests and
answers are JSON objects named by "@type"; the fields are those of TDLib's td_api.tl.
The story is demo() below; the functions before it are the few a TDLib program needs.
"""

import collections
import ctypes
import hashlib
import json
import os
import random
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIBRARY = os.path.join(ROOT, "target", "release", "libtdjson.so")
TESTDC = os.path.join(ROOT, "target", "release", "tdjson-testdc")
WAIT = 30.0  # seconds to wait for any one answer or update before giving up loudly


class DemoError(Exception):
    pass


# --- The JSON interface: one queue of answers and updates for all clients --------------------

td = None  # the loaded libtdjson, set by load_library()


def load_library():
    global td
    td = ctypes.CDLL(LIBRARY)
    td.td_create_client_id.restype = ctypes.c_int
    td.td_send.argtypes = [ctypes.c_int, ctypes.c_char_p]
    td.td_receive.argtypes = [ctypes.c_double]
    td.td_receive.restype = ctypes.c_char_p
    td.td_execute.argtypes = [ctypes.c_char_p]
    td.td_execute.restype = ctypes.c_char_p
    # td_execute runs the few synchronous requests at once; here: keep the log quiet.
    td.td_execute(json.dumps({"@type": "setLogVerbosityLevel", "new_verbosity_level": 1}).encode())


class Client:
    """One TDLib client (one account). td_receive returns objects of every client of the
    process; each carries "@client_id", and an answer carries the "@extra" of its request."""

    all = {}  # client id -> Client
    answers = {}  # "@extra" -> answer not yet picked up
    next_extra = 0

    def __init__(self, name):
        self.name = name
        self.id = td.td_create_client_id()
        self.updates = collections.deque(maxlen=10000)  # updates not yet looked at
        self.users = {}  # user id -> name, kept up to date from updateUser
        Client.all[self.id] = self

    def send(self, request):
        """Sends a request; returns the "@extra" its answer will carry."""
        Client.next_extra += 1
        request = dict(request, **{"@extra": Client.next_extra})
        td.td_send(self.id, json.dumps(request).encode())
        return Client.next_extra

    def call(self, request):
        """Sends a request and waits for its answer; a TDLib error becomes a DemoError."""
        extra = self.send(request)
        deadline = time.monotonic() + WAIT
        while extra not in Client.answers:
            receive_one(deadline, f"{self.name}: the answer to {request['@type']}")
        answer = Client.answers.pop(extra)
        if answer["@type"] == "error":
            raise DemoError(f"{self.name}: {request['@type']} failed: {answer['message']}")
        return answer

    def wait(self, accept, what):
        """The first update (oldest first) that accept(update) is true for."""
        deadline = time.monotonic() + WAIT
        while True:
            for update in self.updates:
                if accept(update):
                    self.updates.remove(update)
                    return update
            receive_one(deadline, f"{self.name}: {what}")

    def note(self, update):
        """What the demo prints or remembers as soon as an update arrives."""
        kind = update["@type"]
        if kind == "updateAuthorizationState":
            print(f"  {self.name:5}  {update['authorization_state']['@type']}")
        elif kind == "updateUser":
            user = update["user"]
            self.users[user["id"]] = (user["first_name"] + " " + user["last_name"]).strip()

    def name_of(self, user_id):
        if user_id not in self.users:  # not seen in an update yet: ask
            user = self.call({"@type": "getUser", "user_id": user_id})
            self.users[user_id] = (user["first_name"] + " " + user["last_name"]).strip()
        return self.users[user_id]


def receive_one(deadline, what):
    """Takes one answer or update off the queue and files it with its client."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise DemoError(f"timed out after {WAIT:.0f} s waiting for {what}")
    raw = td.td_receive(min(left, 1.0))
    if raw is None:
        return
    event = json.loads(raw)
    client = Client.all.get(event.get("@client_id"))
    if client is None:
        return
    if "@extra" in event:
        Client.answers[event["@extra"]] = event
    else:
        client.note(event)
        client.updates.append(event)


def is_auth_state(update):
    return update["@type"] == "updateAuthorizationState"


# --- Signing up ------------------------------------------------------------------------------


def sign_up(client, phone, first_name, directory):
    """Answers each authorization state until Ready. A new number has no account yet, so
    after the code comes authorizationStateWaitRegistration, answered by registerUser."""
    client.send({"@type": "getOption", "name": "version"})  # a first request starts the client
    for _ in range(10):
        state = client.wait(is_auth_state, "the next authorization state")["authorization_state"]
        kind = state["@type"]
        if kind == "authorizationStateWaitTdlibParameters":
            client.call({
                "@type": "setTdlibParameters",
                "database_directory": os.path.join(directory, "db"),
                "files_directory": os.path.join(directory, "files"),
                "use_file_database": True,
                "use_message_database": True,
                "api_id": 94575,
                "api_hash": "a3406de8d171bb422bb6ddf3bbd800e2",
                "system_language_code": "en",
                "device_model": "make demo",
                "application_version": "1.0",
            })
        elif kind == "authorizationStateWaitPhoneNumber":
            client.call({"@type": "setAuthenticationPhoneNumber", "phone_number": phone})
        elif kind == "authorizationStateWaitCode":
            # testdc's test numbers 99966XYYYY live on DC X and take the code XXXXX.
            client.call({"@type": "checkAuthenticationCode", "code": phone[5] * 5})
        elif kind == "authorizationStateWaitRegistration":
            client.call({"@type": "registerUser", "first_name": first_name, "last_name": ""})
        elif kind == "authorizationStateReady":
            return client.call({"@type": "getMe"})
        else:
            raise DemoError(f"{client.name}: unexpected {kind}")
    raise DemoError(f"{client.name}: not signed in after 10 authorization states")


# --- Messages --------------------------------------------------------------------------------


def send(client, chat_id, content):
    """Sends a message. sendMessage answers at once with the message still pending
    (sending_state messageSendingStatePending, a temporary id); updateMessageSendSucceeded
    brings the message as the server stored it. While a file uploads, updateFile reports
    file.remote.uploaded_size, which draws the progress bar."""
    pending = client.call({"@type": "sendMessage", "chat_id": chat_id,
                           "input_message_content": content})
    file = file_of(pending["content"])
    bar = Progress(f"{client.name} uploads") if file else None
    for _ in range(100000):
        update = client.wait(
            lambda u: (u["@type"] in ("updateMessageSendSucceeded", "updateMessageSendFailed")
                       and u["old_message_id"] == pending["id"])
            or (file is not None and u["@type"] == "updateFile" and u["file"]["id"] == file["id"]),
            "the message to be sent")
        if update["@type"] == "updateFile":
            f = update["file"]
            bar.show(f["remote"]["uploaded_size"], f["size"] or f["expected_size"])
        elif update["@type"] == "updateMessageSendFailed":
            raise DemoError(f"{client.name}: message not sent: {update['error']['message']}")
        else:
            if bar:
                bar.done()
            return update["message"]
    raise DemoError(f"{client.name}: too many updates while sending")


def receive(client, what):
    """The next new message from someone else; prints it with the sender's name."""
    message = client.wait(lambda u: u["@type"] == "updateNewMessage"
                          and not u["message"]["is_outgoing"], what)["message"]
    sender = client.name_of(message["sender_id"]["user_id"])
    print(f"  {client.name:5}  sees  {sender}: {describe(message['content'])}")
    return message


def describe(content):
    kind = content["@type"]
    caption = content.get("caption", {}).get("text", "")
    if kind == "messageText":
        return content["text"]["text"]
    if kind == "messagePhoto":
        size = largest(content["photo"]["sizes"])
        return f"[photo {size['width']}x{size['height']}] {caption}"
    if kind == "messageDocument":
        doc = content["document"]
        return f"[document {doc['file_name']}, {human(doc['document']['size'])}] {caption}"
    return f"[{kind}]"


def largest(sizes):
    return max(sizes, key=lambda s: s["width"] * s["height"])


def file_of(content):
    """The file object inside a photo or document message, or None for text."""
    if content["@type"] == "messagePhoto" and content["photo"]["sizes"]:
        return largest(content["photo"]["sizes"])["photo"]
    if content["@type"] == "messageDocument":
        return content["document"]["document"]
    return None


def download(client, file):
    """Downloads a file and returns its local path. downloadFile with synchronous false
    answers at once; updateFile then reports file.local.downloaded_size until
    file.local.is_downloading_completed."""
    bar = Progress(f"{client.name} downloads")
    file = client.call({"@type": "downloadFile", "file_id": file["id"], "priority": 1,
                        "offset": 0, "limit": 0, "synchronous": False})
    for _ in range(100000):
        bar.show(file["local"]["downloaded_size"], file["size"] or file["expected_size"])
        if file["local"]["is_downloading_completed"]:
            bar.done()
            return file["local"]["path"]
        file = client.wait(lambda u: u["@type"] == "updateFile" and u["file"]["id"] == file["id"],
                           f"the download of file {file['id']}")["file"]
    raise DemoError(f"{client.name}: too many updates while downloading")


class Progress:
    """A progress bar: redrawn in place on a terminal, a line per quarter otherwise."""

    def __init__(self, label):
        self.label, self.shown, self.tty = label, -1, sys.stdout.isatty()

    def show(self, done, total):
        percent = min(100, done * 100 // total) if total else 0
        if percent == self.shown or (not self.tty and percent // 25 == self.shown // 25):
            return
        self.shown = percent
        bar = "#" * (percent // 4) + "." * (25 - percent // 4)
        line = f"  {self.label:15} [{bar}] {percent:3}% of {human(total)}"
        print("\r" + line if self.tty else line, end="" if self.tty else "\n", flush=True)

    def done(self):
        if self.tty and self.shown >= 0:
            print()


def human(size):
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size / 2**10:.1f} KB"


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


# --- The story -------------------------------------------------------------------------------


def demo(work):
    alice, bob = Client("Alice"), Client("Bob")
    print("Signing up two new accounts (authorization states as they arrive):")
    alice_me = sign_up(alice, "9996610001", "Alice", os.path.join(work, "alice"))
    bob_me = sign_up(bob, "9996610002", "Bob", os.path.join(work, "bob"))
    print(f"  Alice is user {alice_me['id']}, Bob is user {bob_me['id']}")

    print("\nAlice adds Bob by his phone number and opens a private chat:")
    found = alice.call({"@type": "importContacts", "contacts": [
        {"phone_number": bob_me["phone_number"], "first_name": "Bob", "last_name": ""}]})
    bob_id = found["user_ids"][0]
    if bob_id != bob_me["id"]:
        raise DemoError(f"importContacts found user {bob_id}, not Bob ({bob_me['id']})")
    chat = alice.call({"@type": "createPrivateChat", "user_id": bob_id, "force": False})
    print(f"  chat {chat['id']}: {chat['title']}")

    print("\nThey chat:")
    send(alice, chat["id"], text("Hi Bob! It's Alice."))
    bobs_chat = receive(bob, "Alice's first message")["chat_id"]
    send(bob, bobs_chat, text("Hello Alice, nice to meet you here."))
    receive(alice, "Bob's answer")
    send(alice, chat["id"], text("Let me send you a picture and the report."))
    receive(bob, "Alice's second message")

    print("\nAlice sends a photo and a document:")
    photo_path, width, height = make_png(os.path.join(work, "sunset.png"))
    doc_path = make_document(os.path.join(work, "report.bin"), 3 * 1024 * 1024)
    send(alice, chat["id"], {
        "@type": "inputMessagePhoto",
        "photo": {"photo": {"@type": "inputFileLocal", "path": photo_path},
                  "width": width, "height": height},
        "caption": {"text": "the view from here"}})
    send(alice, chat["id"], {
        "@type": "inputMessageDocument",
        "document": {"document": {"@type": "inputFileLocal", "path": doc_path}},
        "caption": {"text": "the report"}})

    print("\nBob receives and downloads them:")
    ok = True
    for sent_path in (photo_path, doc_path):
        message = receive(bob, "a message with a file")
        got_path = download(bob, file_of(message["content"]))
        # testdc keeps files byte for byte; Telegram itself would re-encode a photo.
        sent, got = sha256(sent_path), sha256(got_path)
        same = "match" if sent == got else "DIFFER"
        print(f"  sha256 sent {sent[:16]}..  received {got[:16]}..  {same}")
        ok = ok and sent == got

    print("\nClosing both clients:")
    for client in (alice, bob):
        client.send({"@type": "close"})
        client.wait(lambda u: is_auth_state(u) and u["authorization_state"]["@type"]
                    == "authorizationStateClosed", "authorizationStateClosed")
    if not ok:
        raise DemoError("a downloaded file differs from the one sent")


def text(s):
    return {"@type": "inputMessageText", "text": {"text": s}}


# --- Files to send ---------------------------------------------------------------------------


def make_png(path, width=160, height=120):
    """A small gradient picture as a valid PNG, built with zlib (no imaging library)."""
    rows = b"".join(
        b"\x00" + bytes(v for x in range(width) for v in (255, 80 + y, 255 * x // width))
        for y in range(height))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    png = (b"\x89PNG\r\n\x1a\n"
           + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(png)
    return path, width, height


def make_document(path, size):
    with open(path, "wb") as f:
        f.write(random.Random(1).randbytes(size))
    return path


# --- A local Telegram server: tdjson-testdc --------------------------------------------------


def free_ports():
    """A port P with P, P+1 and P+2 free on 127.0.0.1: testdc's DCs 1, 2 and 3."""
    for _ in range(200):
        base = random.randrange(20000, 32000)
        socks = []
        try:
            for i in range(3):
                socks.append(socket.socket())
                socks[-1].bind(("127.0.0.1", base + i))
            return base
        except OSError:
            pass
        finally:
            for s in socks:
                s.close()
    raise DemoError("no three consecutive free ports on 127.0.0.1")


def start_testdc(work):
    """Starts testdc and waits until it has printed a "DC ..." line for each of its three
    DCs. Returns (process, port)."""
    out, err = os.path.join(work, "testdc.out"), os.path.join(work, "testdc.err")
    for _attempt in range(3):  # a port taken between the check and the bind: try others
        port = free_ports()
        with open(out, "w") as stdout, open(err, "w") as stderr:  # files: a pipe can fill up
            proc = subprocess.Popen(
                [TESTDC, "--listen", f"127.0.0.1:{port}",
                 "--rsa-key", os.path.join(work, "key.pem")],
                stdout=stdout, stderr=stderr, preexec_fn=die_with_parent)
        deadline = time.monotonic() + WAIT
        while proc.poll() is None and time.monotonic() < deadline:
            with open(out) as f:
                if sum(line.startswith("DC ") for line in f) >= 3:
                    return proc, port
            time.sleep(0.05)
        stop(proc)
    raise DemoError("tdjson-testdc did not start: " + tail(err))


def stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def tail(path, chars=1000):
    with open(path, errors="replace") as f:
        return f.read()[-chars:]


def die_with_parent():
    """Linux: testdc gets SIGTERM if this script dies without cleaning up (e.g. SIGKILL)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def main():
    for path in (LIBRARY, TESTDC):
        if not os.path.exists(path):
            sys.exit(f"demo: {path} is missing; run `make build` (or just `make demo`)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the cleanup below
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="tdjson-demo-", ignore_cleanup_errors=True) as work:
        testdc = None
        try:
            testdc, port = start_testdc(work)
            print(f"tdjson-testdc is listening on 127.0.0.1:{port}-{port + 2} (DCs 1-3)\n")
            # Read by the library when a client starts: every client goes to this testdc.
            os.environ["TDJSON_TEST_DC"] = f"127.0.0.1:{port}"
            os.environ["TDJSON_TEST_DC_RSA_KEY"] = os.path.join(work, "key.pem.pub")
            load_library()
            demo(work)
        except DemoError as e:
            log = tail(os.path.join(work, "testdc.err")).strip() if testdc else ""
            if log:
                print("\ntdjson-testdc's log ends with:\n" + log)
            sys.exit(f"\ndemo FAILED: {e}")
        except KeyboardInterrupt:
            print("\ndemo interrupted", file=sys.stderr)
            sys.exit(130)
        finally:
            if testdc is not None:
                stop(testdc)
    print(f"\ndemo passed in {time.monotonic() - started:.1f} s; testdc stopped.")


if __name__ == "__main__":
    main()
