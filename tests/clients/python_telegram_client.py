"""Drives the unmodified PyPI package python-telegram (2.0) against a libtdjson given by path and
prints one JSON line per event, so the same script's output from our library and TDLib's can be
compared.  usage: python python_telegram_client.py /abs/path/libtdjson.so WORKDIR"""
import json
import sys
import threading
import time

from telegram.client import AuthorizationState, Telegram


def log(kind, value):
    print(json.dumps({"kind": kind, "value": value}, sort_keys=True), flush=True)


def strip_extra(obj):
    return {k: v for k, v in obj.items() if k != "@extra"}


def main():
    lib, workdir = sys.argv[1], sys.argv[2]
    # Every authorization-state update, in the order the listener thread took them. The state
    # python-telegram holds after stop() is written by two threads, so it is not compared.
    state_updates = []
    original_update = Telegram._update_async_result

    def seen(self, update):
        if update.get("@type") == "updateAuthorizationState":
            state_updates.append(update["authorization_state"]["@type"])
        return original_update(self, update)

    Telegram._update_async_result = seen

    tg = Telegram(api_id=12345, api_hash="0123456789abcdef0123456789abcdef",
                  database_encryption_key="secret", phone="+9996612345", library_path=lib,
                  files_directory=workdir, use_test_dc=True, tdlib_verbosity=0)
    for name, params in (("getOption", {"name": "version"}),
                         ("getTextEntities", {"text": "hi #tdlib @user"}),
                         ("testReturnError", {"error": {"@type": "error", "code": 400, "message": "MY_ERROR"}}),
                         ("noSuchFunction", {})):
        result = tg.call_method(name, params, block=False)
        result.wait(timeout=10, raise_exc=False)
        if result.error:
            log("error", strip_extra(result.error_info))
        else:
            log("result", strip_extra(result.update))

    states = []
    seen_phone = threading.Event()
    original = Telegram._wait_authorization_result

    def watch(self, result, timeout=None):
        state = original(self, result, timeout)
        states.append(state.name)
        if state == AuthorizationState.WAIT_PHONE_NUMBER:
            seen_phone.set()
        return state

    Telegram._wait_authorization_result = watch

    def login():
        try:
            tg.login(blocking=False)
        except Exception:  # offline: the phone number step cannot finish; states are what we check
            pass

    threading.Thread(target=login, daemon=True).start()
    if not seen_phone.wait(20):
        log("timeout", states)
        sys.exit(1)
    log("states", states)
    state = tg.get_authorization_state()
    state.wait(timeout=10, raise_exc=True)
    log("getAuthorizationState", strip_extra(state.update))
    tg.stop()
    log("state_updates", state_updates)


if __name__ == "__main__":
    main()
