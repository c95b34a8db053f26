"""The process's one receive loop.

TDLib's td_receive returns the answers and updates of every client of the process, and must
not be called from two threads at once (TDLib aborts). So one thread, "tdjson-receive", calls
it for every Client and AsyncClient and routes each message:

- an answer whose @extra is a token this module handed out goes to the waiter registered for
  that token (an invoke() in some thread or event loop), whatever client it belongs to;
- anything else goes to the sink of the client named by its @client_id (its updates queue).

The thread starts with the first client and stops once no client is open and no answer is
awaited (after one idle td_receive timeout); a later client starts a new one. Starting and
stopping happen under one lock, so two threads never call td_receive together.
"""

import itertools
import json
import logging
import threading

from ._native import library

log = logging.getLogger("tdjson")

# How long one td_receive call waits (seconds). Only bounds how soon an idle thread notices
# it has nothing left to do; messages are returned as soon as they come.
RECEIVE_TIMEOUT = 1.0

TOKEN_PREFIX = "tdjson-py:"

THREAD_NAME = "tdjson-receive"


class Receiver:
    def __init__(self):
        self._lock = threading.Lock()
        self._sinks = {}  # client id -> callable(message)
        self._waiters = {}  # token -> callable(message)
        self._thread = None
        self._tokens = itertools.count(1)
        self.dropped = 0  # messages nobody was waiting for (late answers, unknown clients)

    def token(self):
        return TOKEN_PREFIX + str(next(self._tokens))

    def add_client(self, client_id, sink):
        with self._lock:
            self._sinks[client_id] = sink
            self._start()

    def remove_client(self, client_id):
        with self._lock:
            self._sinks.pop(client_id, None)

    def expect(self, token, waiter):
        with self._lock:
            self._waiters[token] = waiter
            self._start()

    def forget(self, token):
        with self._lock:
            self._waiters.pop(token, None)

    @property
    def thread(self):
        """The running receive thread, or None."""
        return self._thread

    def _start(self):  # with self._lock held
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=THREAD_NAME, daemon=True)
            self._thread.start()

    def _run(self):
        receive = library().receive
        while True:
            raw = receive(RECEIVE_TIMEOUT)
            if raw is None:
                with self._lock:
                    if not self._sinks and not self._waiters:
                        self._thread = None
                        return
                continue
            try:
                self._route(raw)
            except Exception:  # a bad message or a failing sink must not stop every client
                log.exception("tdjson: cannot deliver %r", raw[:200])

    def _route(self, raw):
        message = json.loads(raw)
        extra = message.get("@extra")
        if extra.__class__ is str and extra.startswith(TOKEN_PREFIX):
            with self._lock:
                waiter = self._waiters.pop(extra, None)
            if waiter is not None:
                waiter(message)
            else:
                self.dropped += 1  # its invoke() gave up (timeout, cancellation)
            return
        sink = self._sinks.get(message.get("@client_id"))
        if sink is not None:
            sink(message)
        else:
            self.dropped += 1
            log.debug("tdjson: message for no open client: %r", raw[:200])


RECEIVER = Receiver()
