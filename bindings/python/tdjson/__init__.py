"""tdjson: Python bindings for libtdjson (TDLib's JSON interface), over ctypes.

    import tdjson
    tdjson.execute({"@type": "getTextEntities", "text": "@user #tag"})
    client = tdjson.Client()
    client.invoke({"@type": "testSquareInt", "x": 3})   # {"@type": "testInt", "value": 9, ...}
    for update in client.updates():                      # ends after authorizationStateClosed
        ...

Requests and answers are dicts shaped as TDLib's JSON objects. An answer of @type "error"
is raised as TdError. Every client of the process, sync or async, is served by one receive
thread (see _receiver.py); td_receive is never called from anywhere else.
"""

import asyncio
import json
import logging
import queue
import threading
import weakref
from collections.abc import Mapping

from ._native import LibraryNotFound, library, library_path, load_library
from ._receiver import RECEIVER

log = logging.getLogger("tdjson")

__version__ = "0.1.0"
__all__ = ["AsyncClient", "Client", "LibraryNotFound", "TdError", "execute", "library_path",
           "load_library"]


class TdError(Exception):
    """An answer of @type "error": its code and message, and the request that got it."""

    def __init__(self, code, message, request=None):
        super().__init__(code, message)
        self.code = code
        self.message = message
        self.request = request

    def __str__(self):
        return f"[{self.code}] {self.message}"


# Compact, ASCII-only (any str encodes), and NaN/Infinity refused: they are not JSON, and the
# library could not even find the @extra of such a request to answer it.
_encoder = json.JSONEncoder(allow_nan=False, separators=(",", ":"))
_MISSING = object()
_END = object()  # the updates queue's end, after authorizationStateClosed


def _encode(request):
    if not isinstance(request, Mapping):
        raise TypeError(f"a request is a dict, not {type(request).__name__}")
    return _encoder.encode(request).encode("ascii")


def _check(answer, request):
    if answer.get("@type") == "error":
        raise TdError(answer.get("code", 0), answer.get("message", ""), request)
    return answer


def execute(request):
    """Runs a synchronous request (td_execute) and returns its answer; errors raise TdError."""
    raw = library().execute(_encode(request))
    if raw is None:
        raise TdError(0, "td_execute returned nothing", request)
    return _check(json.loads(raw), request)


def _ignore(_answer):
    pass


def _is_closed_update(message):
    return (message.get("@type") == "updateAuthorizationState" and
            message.get("authorization_state", {}).get("@type") == "authorizationStateClosed")


class _Base:
    """What both clients share: an id, @extra tokens, and the request's own @extra."""

    def __init__(self):
        self._lib = library()
        self._closed = False
        self._id = self._lib.create_client_id()

    @property
    def id(self):
        """The client's identifier (td_create_client_id)."""
        return self._id

    @property
    def closed(self):
        """True once authorizationStateClosed has come: the client takes no more requests."""
        return self._closed

    def _start(self):
        """Sends a first request, whose answer nobody needs: TDLib starts a client (and its
        updates: options, authorizationStateWaitTdlibParameters) on its first request."""
        token, payload, _ = self._prepare({"@type": "getOption", "name": "version"})
        RECEIVER.expect(token, _ignore)
        self._lib.send(self._id, payload)

    def send(self, request):
        """Sends a request without waiting. Its answer (if any) comes through updates(), with
        the request's own @extra if it had one."""
        self._lib.send(self._id, _encode(request))

    def _prepare(self, request):
        """(token, payload, the request's own @extra or _MISSING)."""
        if not isinstance(request, Mapping):
            raise TypeError(f"a request is a dict, not {type(request).__name__}")
        token = RECEIVER.token()
        tagged = dict(request)
        own_extra = tagged.pop("@extra", _MISSING)
        tagged["@extra"] = token
        return token, _encoder.encode(tagged).encode("ascii"), own_extra

    @staticmethod
    def _finish(answer, own_extra, request):
        if own_extra is _MISSING:
            del answer["@extra"]
        else:
            answer["@extra"] = own_extra
        return _check(answer, request)

    def __repr__(self):
        state = "closed" if self._closed else "open"
        return f"<{type(self).__name__} {self._id} {state}>"


class Client(_Base):
    """A TDLib client; every method may be called from any thread.

    invoke() sends a request and waits for its answer; updates() yields the client's updates
    (and the answers to send()) until authorizationStateClosed, which it yields last."""

    def __init__(self):
        super().__init__()
        self._updates = queue.SimpleQueue()
        self._closed_event = threading.Event()
        RECEIVER.add_client(self._id, self._deliver)
        self._start()

    def _deliver(self, message):  # on the receive thread
        self._updates.put(message)
        if _is_closed_update(message):
            self._closed = True
            RECEIVER.remove_client(self._id)
            self._updates.put(_END)
            self._closed_event.set()

    def invoke(self, request, timeout=None):
        """Sends `request` and returns its answer; an error answer raises TdError, no answer
        within `timeout` seconds (None: no limit) raises TimeoutError."""
        token, payload, own_extra = self._prepare(request)
        done = threading.Lock()
        done.acquire()
        box = []

        def answered(message):
            box.append(message)
            done.release()

        RECEIVER.expect(token, answered)
        try:
            self._lib.send(self._id, payload)
            if not done.acquire(timeout=-1 if timeout is None else timeout):
                raise TimeoutError(f"no answer to {request.get('@type')!r} in {timeout} s")
        finally:
            RECEIVER.forget(token)
        return self._finish(box[0], own_extra, request)

    def updates(self, timeout=None):
        """Yields updates as they come, ending after authorizationStateClosed. `timeout`: the
        longest wait for one update (seconds) before TimeoutError; None waits forever. Each
        update goes to one consumer, whichever thread asks first."""
        while True:
            try:
                item = self._updates.get(timeout=timeout)
            except queue.Empty:
                raise TimeoutError(f"no update in {timeout} s") from None
            if item is _END:
                self._updates.put(_END)  # every other consumer ends too
                return
            yield item

    def close(self, timeout=60.0):
        """Closes the client (TDLib's close) and waits until authorizationStateClosed."""
        if not self._closed:
            token, payload, _ = self._prepare({"@type": "close"})
            RECEIVER.expect(token, _ignore)
            self._lib.send(self._id, payload)
        if not self._closed_event.wait(timeout):
            raise TimeoutError(f"client {self._id} not closed in {timeout} s")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class _LoopBridge:
    """Hands messages from the receive thread to one event loop, in batches: one wakeup of the
    loop carries everything that came while it was busy."""

    def __init__(self, loop):
        self._loop = weakref.ref(loop)  # not a strong one: _bridges would keep every loop
        self._lock = threading.Lock()
        self._items = []
        self._scheduled = False
        self.clients = set()

    def post(self, fn, arg):  # on the receive thread
        with self._lock:
            self._items.append((fn, arg))
            if self._scheduled:
                return
            self._scheduled = True
        loop = self._loop()
        try:
            if loop is None:
                raise RuntimeError("the event loop is gone")
            loop.call_soon_threadsafe(self._drain)
        except RuntimeError:  # the loop is closed: its clients can hear nothing more
            for client_id in list(self.clients):
                RECEIVER.remove_client(client_id)
            with self._lock:
                self._items.clear()

    def _drain(self):  # on the loop
        with self._lock:
            items, self._items = self._items, []
            self._scheduled = False
        for fn, arg in items:
            try:
                fn(arg)
            except Exception:
                log.exception("tdjson: cannot deliver a message")


_bridges = weakref.WeakKeyDictionary()
_bridges_lock = threading.Lock()


def _bridge(loop):
    with _bridges_lock:
        bridge = _bridges.get(loop)
        if bridge is None:
            bridge = _bridges[loop] = _LoopBridge(loop)
        return bridge


class AsyncClient(_Base):
    """A TDLib client for asyncio. Create it inside a running event loop; its coroutines and
    updates() belong to that loop.

    `await client.invoke(request)` returns the answer; `async for update in client.updates()`
    yields updates (and the answers to send()) until authorizationStateClosed, yielded last."""

    def __init__(self):
        try:
            self._loop = asyncio.get_running_loop()
        except RuntimeError:
            raise RuntimeError("create AsyncClient inside a running event loop "
                               "(in a coroutine)") from None
        super().__init__()
        self._bridge = _bridge(self._loop)
        self._bridge.clients.add(self._id)
        self._updates = asyncio.Queue()
        self._closed_future = self._loop.create_future()
        RECEIVER.add_client(self._id, self._from_thread)
        self._start()

    @property
    def loop(self):
        return self._loop

    def _from_thread(self, message):  # on the receive thread
        self._bridge.post(self._deliver, message)
        if _is_closed_update(message):
            RECEIVER.remove_client(self._id)
            self._bridge.clients.discard(self._id)

    def _deliver(self, message):  # on the loop
        self._updates.put_nowait(message)
        if _is_closed_update(message):
            self._closed = True
            self._updates.put_nowait(_END)
            if not self._closed_future.done():
                self._closed_future.set_result(None)

    async def invoke(self, request, timeout=None):
        """Sends `request` and returns its answer; an error answer raises TdError, no answer
        within `timeout` seconds (None: no limit) raises TimeoutError."""
        token, payload, own_extra = self._prepare(request)
        future = self._loop.create_future()

        def answered(message):  # on the loop
            if not future.done():
                future.set_result(message)

        post = self._bridge.post
        RECEIVER.expect(token, lambda message: post(answered, message))
        try:
            self._lib.send(self._id, payload)
            if timeout is None:
                answer = await future
            else:
                try:
                    answer = await asyncio.wait_for(future, timeout)
                except asyncio.TimeoutError:
                    raise TimeoutError(
                        f"no answer to {request.get('@type')!r} in {timeout} s") from None
        finally:
            RECEIVER.forget(token)
        return self._finish(answer, own_extra, request)

    async def updates(self):
        """Yields updates as they come, ending after authorizationStateClosed. Each update
        goes to one consumer."""
        while True:
            item = await self._updates.get()
            if item is _END:
                self._updates.put_nowait(_END)
                return
            yield item

    async def close(self, timeout=60.0):
        """Closes the client (TDLib's close) and waits until authorizationStateClosed."""
        if not self._closed:
            token, payload, _ = self._prepare({"@type": "close"})
            RECEIVER.expect(token, _ignore)
            self._lib.send(self._id, payload)
        try:
            await asyncio.wait_for(asyncio.shield(self._closed_future), timeout)
        except asyncio.TimeoutError:
            raise TimeoutError(f"client {self._id} not closed in {timeout} s") from None

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await self.close()
