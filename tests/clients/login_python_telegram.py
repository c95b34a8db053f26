"""The unmodified PyPI package python-telegram (2.0) signs up a new test number with login()
(the code and the name given when it asks), against tdjson-testdc (TDJSON_TEST_DC), then asks
getMe. Prints one JSON line: {"state": ..., "me": {...}}.
usage: python login_python_telegram.py LIB WORKDIR PHONE"""
import json
import sys

from telegram.client import AuthorizationState, Telegram


def main():
    lib, workdir, phone = sys.argv[1], sys.argv[2], sys.argv[3]
    tg = Telegram(api_id=12345, api_hash="0123456789abcdef0123456789abcdef",
                  database_encryption_key="secret", phone="+" + phone, library_path=lib,
                  files_directory=workdir, use_test_dc=True, tdlib_verbosity=0)
    state = tg.login(blocking=False)
    if state == AuthorizationState.WAIT_CODE:
        tg.send_code(phone[5] * 5)
        state = tg.login(blocking=False)
    if state == AuthorizationState.WAIT_REGISTRATION:
        tg.register_user("Python", "Telegram")
        state = tg.login(blocking=False)
    me = tg.get_me()
    me.wait(timeout=30, raise_exc=True)
    user = me.update
    print(json.dumps({"state": state.name, "me": {k: user.get(k) for k in ("first_name", "last_name", "phone_number")}}))
    tg.stop()


if __name__ == "__main__":
    main()
