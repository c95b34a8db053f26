"""Finding and loading libtdjson, and the four C functions the binding calls.

Lookup order: a libtdjson next to this package (a distribution may ship one inside it), then
the file named by the TDJSON_LIBRARY environment variable, then the dynamic loader's own search
(LD_LIBRARY_PATH, the system's library folders) by plain name, then ctypes.util.find_library.
A TDJSON_LIBRARY that does not load is an error, not a reason to look further: the user asked
for that file.
"""

import ctypes
import ctypes.util
import os
import sys
import threading

if sys.platform == "darwin":
    LIBRARY_NAME = "libtdjson.dylib"
elif sys.platform == "win32":
    LIBRARY_NAME = "tdjson.dll"
else:
    LIBRARY_NAME = "libtdjson.so"

PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


class LibraryNotFound(OSError):
    """No libtdjson could be loaded from any of the places tried (listed in the message)."""


class Library:
    """libtdjson's JSON interface, with ctypes signatures set."""

    def __init__(self, path, cdll):
        self.path = path
        self.cdll = cdll
        self.create_client_id = cdll.td_create_client_id
        self.create_client_id.argtypes = []
        self.create_client_id.restype = ctypes.c_int
        self.send = cdll.td_send
        self.send.argtypes = [ctypes.c_int, ctypes.c_char_p]
        self.send.restype = None
        # c_char_p results are copied into bytes at once, before the library may reuse them.
        self.receive = cdll.td_receive
        self.receive.argtypes = [ctypes.c_double]
        self.receive.restype = ctypes.c_char_p
        self.execute = cdll.td_execute
        self.execute.argtypes = [ctypes.c_char_p]
        self.execute.restype = ctypes.c_char_p


_lock = threading.Lock()
_library = None


def _open(path):
    cdll = ctypes.CDLL(path)  # CDLL releases the GIL during calls: td_receive blocks no one
    try:
        return Library(path, cdll)
    except AttributeError as e:
        raise LibraryNotFound(f"{path} is not a libtdjson (no {e})") from None


def _candidates():
    bundled = os.path.join(PACKAGE_DIR, LIBRARY_NAME)
    if os.path.exists(bundled):
        yield bundled, True
    env = os.environ.get("TDJSON_LIBRARY")
    if env:
        yield env, True
    yield LIBRARY_NAME, False
    found = ctypes.util.find_library("tdjson")
    if found:
        yield found, False


def load_library(path=None):
    """Loads libtdjson now (from `path`, or where the lookup finds it) and returns its path.
    Once one is loaded the process keeps it; asking for another file then is an error."""
    global _library
    with _lock:
        if _library is not None:
            if path is not None and os.path.realpath(path) != os.path.realpath(_library.path):
                raise RuntimeError(f"libtdjson is already loaded from {_library.path}")
            return _library.path
        if path is not None:
            try:
                _library = _open(path)
            except OSError as e:
                raise LibraryNotFound(f"cannot load libtdjson from {path}: {e}") from None
            return _library.path
        tried = []
        for candidate, must_load in _candidates():
            try:
                _library = _open(candidate)
                return _library.path
            except OSError as e:
                tried.append(f"{candidate}: {e}")
                if must_load:
                    break
        raise LibraryNotFound("cannot load libtdjson; tried " + "; ".join(tried) +
                              " (set TDJSON_LIBRARY to the file's path)")


def library():
    """The loaded Library, loading it on first use."""
    if _library is None:
        load_library()
    return _library


def library_path():
    """The path of the loaded libtdjson (loading it if needed)."""
    return library().path
