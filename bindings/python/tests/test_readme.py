"""The README's example (sign in, list chats, send a message) runs as written against a
testdc, and the message it sent is in the chat afterwards."""

import builtins
import contextlib
import io
import re

import tdjson
from support import SOURCE, WAIT, next_auth_state


def readme_example():
    text = (SOURCE / "README.md").read_text()
    section = text.split("## Sign in, list chats, send a message", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_readme_example_signs_in_lists_chats_and_sends(testdc, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    phone = testdc.phone(dc=1)
    answers = {"Phone: ": phone, "Code: ": phone[5] * 5, "First name: ": "Readme"}
    asked = []

    def fake_input(prompt=""):
        asked.append(prompt)
        return answers[prompt]

    monkeypatch.setattr(builtins, "input", fake_input)
    printed = io.StringIO()
    namespace = {}
    with contextlib.redirect_stdout(printed):
        exec(compile(readme_example(), "README.md", "exec"), namespace)
    assert asked == ["Phone: ", "Code: ", "First name: "]
    client, me = namespace["client"], namespace["me"]
    assert client.closed and me["phone_number"] == phone
    listed = [line.split(" ", 1) for line in printed.getvalue().splitlines()]
    assert [str(me["id"])] in [[cid] for cid, _ in listed], printed.getvalue()

    # The same database, signed in: the message is in Saved Messages.
    again = tdjson.Client()
    try:
        assert next_auth_state(again) == "authorizationStateWaitTdlibParameters"
        again.invoke({"@type": "setTdlibParameters", "database_directory": "tdlib",
                      "api_id": namespace["API_ID"], "api_hash": namespace["API_HASH"],
                      "system_language_code": "en", "device_model": "Desktop",
                      "application_version": "1.0"}, timeout=WAIT)
        assert next_auth_state(again) == "authorizationStateReady"
        history = again.invoke({"@type": "getChatHistory", "chat_id": me["id"], "limit": 10},
                               timeout=WAIT)
        texts = [m["content"].get("text", {}).get("text") for m in history["messages"]]
        assert "Hello!" in texts, history
    finally:
        again.close(timeout=WAIT)
