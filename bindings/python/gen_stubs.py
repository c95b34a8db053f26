#!/usr/bin/env python3
"""Writes the type stubs of the `tdjson` package from schema/td_api.tl.

    python3 gen_stubs.py            # rewrites tdjson/types.pyi and tdjson/__init__.pyi
    python3 gen_stubs.py --check    # exits 1 if the committed stubs differ from the schema's

The generated files are committed (so `pip install bindings/python` needs nothing but the
package folder); tests/test_stubs.py and build.sh fail when they are stale.

What the stubs say, per schema line:
- every constructor and every function is a TypedDict named by its name with the first letter
  upper-cased (`authorizationStateReady` -> `AuthorizationStateReady`, `getMe` -> `GetMe`),
  whose `"@type"` is a `Literal` of the name, so editors complete both request names and fields;
- an abstract class with several constructors (`AuthorizationState`) is the `Union` of them,
  so `update["@type"] == "updateNewMessage"` narrows an `Update` to `UpdateNewMessage`;
- a function's fields are all optional (the library fills absent ones with their defaults);
- a constructor's scalar and vector fields are present in every object the library writes,
  its object fields are optional (a null object is left out of the JSON); constructors named
  `input...` are what a program writes, so all their fields are optional too;
- int64 is a string in TDLib's JSON (`str`; requests may also pass an `int`), bytes are base64
  strings, int32/int53 are `int`, double is `float`, Bool is `bool`;
- `Client.invoke`, `AsyncClient.invoke` and `execute` have one overload per function (execute:
  per synchronous function) returning the function's result type, then one taking any mapping.
"""

import argparse
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
SCHEMA = HERE.parent.parent / "schema" / "td_api.tl"
PACKAGE = HERE / "tdjson"

# The lines of td_api.tl that describe TL's own types, not TDLib objects.
BUILTIN_NAMES = {"double", "string", "int32", "int53", "int64", "bytes", "boolFalse",
                 "boolTrue", "vector"}

# The functions td_execute answers (the library's synchronous functions); each must exist in
# the schema.
SYNC_FUNCTIONS = [
    "searchQuote", "getTextEntities", "parseTextEntities", "parseMarkdown", "getMarkdownText",
    "searchStringsByPrefix", "checkQuickReplyShortcutName", "getCountryFlagEmoji",
    "getFileMimeType", "getFileExtension", "cleanFileName", "getLanguagePackString",
    "getPhoneNumberInfoSync", "getChatFolderDefaultIconName", "getPushReceiverId",
    "getJsonValue", "getJsonString", "getThemeParametersJsonString", "setLogStream",
    "getLogStream", "setLogVerbosityLevel", "getLogVerbosityLevel", "getLogTags",
    "setLogTagVerbosityLevel", "getLogTagVerbosityLevel", "addLogMessage", "testReturnError",
    "getOption",
]

# Names types.pyi defines or imports besides the td_api ones.
RESERVED = {"Literal", "Union", "NotRequired", "TypedDict", "Request", "FunctionName"}

LINE = re.compile(r"^([a-z][A-Za-z0-9_]*)((?:\s+[a-z_][a-z0-9_]*:\S+)*)\s*=\s*([A-Z][A-Za-z0-9_]*)\s*;$")


class Combinator:
    def __init__(self, name, fields, result):
        self.name = name
        self.fields = fields  # [(field, tl_type)]
        self.result = result


def cap(name):
    return name[0].upper() + name[1:]


def parse(text):
    constructors, functions = [], []
    section = constructors
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("//"):
            continue
        if line == "---functions---":
            section = functions
            continue
        if line == "---types---":
            section = constructors
            continue
        name = line.split()[0]
        if name in BUILTIN_NAMES:
            continue
        m = LINE.match(line)
        if not m:
            raise SystemExit(f"td_api.tl:{number}: cannot read {line!r}")
        fields = [tuple(f.split(":", 1)) for f in m.group(2).split()]
        section.append(Combinator(m.group(1), fields, m.group(3)))
    return constructors, functions


class Model:
    def __init__(self, constructors, functions):
        self.constructors = constructors
        self.functions = functions
        self.by_constructor = {c.name: c for c in constructors}
        self.classes = {}
        for c in constructors:
            self.classes.setdefault(c.result, []).append(c.name)
        # A class with one constructor of the same (capitalized) name is that constructor's
        # TypedDict; any other class gets a Union alias of its own.
        taken = {cap(c.name) for c in constructors}
        self.aliases = {}
        for cls, members in self.classes.items():
            if members == [cls[0].lower() + cls[1:]]:
                continue
            if cls in taken:
                raise SystemExit(f"class {cls} has the name of a constructor of another class")
            self.aliases[cls] = members
        names = taken | set(self.aliases)
        reserved = names & RESERVED
        if reserved:
            raise SystemExit(f"td_api names the stubs use themselves: {sorted(reserved)}")
        for f in functions:
            if cap(f.name) in names | RESERVED:
                raise SystemExit(f"function {f.name} has the name of a constructor or class")
            for t in self.types_in(f):
                self.check_type(t, f.name)
        for c in constructors:
            for t in self.types_in(c):
                self.check_type(t, c.name)
        for name in SYNC_FUNCTIONS:
            if name not in {f.name for f in functions}:
                raise SystemExit(f"synchronous function {name} is not in the schema")

    @staticmethod
    def types_in(comb):
        for _, t in comb.fields:
            yield t
        yield comb.result

    def check_type(self, t, where):
        while t.startswith("vector<"):
            t = t[len("vector<"):-1]
        if t in SCALARS or t == "int64":
            return
        if t[0].islower():
            if t not in self.by_constructor:
                raise SystemExit(f"{where}: unknown constructor {t}")
        elif t not in self.classes:
            raise SystemExit(f"{where}: unknown class {t}")

    def class_node(self, cls):
        return ("a", cls) if cls in self.aliases else ("c", self.classes[cls][0])

    def class_type(self, cls):
        return cls if cls in self.aliases else cap(self.classes[cls][0])

    def py_type(self, t, writing):
        if t.startswith("vector<"):
            return f"list[{self.py_type(t[len('vector<'):-1], writing)}]"
        if t == "int64":
            return "int | str" if writing else "str"
        if t in SCALARS:
            return SCALARS[t]
        if t[0].islower():
            return cap(t)
        return self.class_type(t)


SCALARS = {"int32": "int", "int53": "int", "double": "float", "string": "str", "bytes": "str",
           "Bool": "bool"}


def is_object(t):
    return not t.startswith("vector<") and t not in SCALARS and t != "int64"


def typed_dict(name, tl_name, fields, extra_keys):
    lines = [f'{name} = TypedDict("{name}", {{', f'    "@type": Literal["{tl_name}"],']
    for key, annotation in fields:
        lines.append(f'    "{key}": {annotation},')
    lines.extend(f'    "{key}": {annotation},' for key, annotation in extra_keys)
    lines.append("})")
    return "\n".join(lines)


HEADER = """\
# Generated by bindings/python/gen_stubs.py from schema/td_api.tl; do not edit.
# {what}
"""


def base_type(t):
    while t.startswith("vector<"):
        t = t[len("vector<"):-1]
    return t


def definition_order(model):
    """Constructors and class aliases, each after the ones it refers to (where no cycle
    forbids it): a type checker then resolves most definitions in one pass."""
    deps = {}
    for c in model.constructors:
        refs = []
        for _, t in c.fields:
            t = base_type(t)
            if t in SCALARS or t == "int64":
                continue
            refs.append(("c", t) if t[0].islower() else model.class_node(t))
        deps[("c", c.name)] = refs
    for cls, members in model.aliases.items():
        deps[("a", cls)] = [("c", m) for m in members]
    order, state = [], {}
    for root in deps:
        if root in state:
            continue
        stack = [(root, iter(deps[root]))]
        state[root] = "open"
        while stack:
            node, children = stack[-1]
            for child in children:
                if child not in state:
                    state[child] = "open"
                    stack.append((child, iter(deps[child])))
                    break
            else:
                stack.pop()
                state[node] = "done"
                order.append(node)
    return order


def render_types(model):
    out = [HEADER.format(what="Every td_api constructor and function as a TypedDict; classes as Unions."),
           "from typing import Literal, Union",
           "",
           "from typing_extensions import NotRequired, TypedDict",
           ""]
    meta = [("@extra", "NotRequired[object]"), ("@client_id", "NotRequired[int]")]
    out.append("# Objects (constructors) and classes (a Union of their constructors), each after\n"
               "# what it refers to.\n")
    for kind, name in definition_order(model):
        if kind == "a":
            members = model.aliases[name]
            if len(members) == 1:
                out.append(f"{name} = {cap(members[0])}")
            else:
                out.append(f"{name} = Union[\n" + "".join(f"    {cap(m)},\n" for m in members) + "]")
            out.append("")
            continue
        c = model.by_constructor[name]
        writing = c.name.startswith("input")
        fields = []
        for key, t in c.fields:
            annotation = model.py_type(t, writing)
            if writing or is_object(t):
                annotation = f"NotRequired[{annotation}]"
            fields.append((key, annotation))
        out.append(typed_dict(cap(c.name), c.name, fields, meta))
        out.append("")
    out.append("# Functions (requests).\n")
    for f in model.functions:
        fields = [(key, f"NotRequired[{model.py_type(t, True)}]") for key, t in f.fields]
        out.append(typed_dict(cap(f.name), f.name, fields, [("@extra", "NotRequired[object]")]))
        out.append("")
    # (No Union of every object: 2,000 members cost mypy about 40 s to analyze.)
    out.append("# Every request, and the names of every function.\n")
    out.append("Request = Union[\n" + "".join(f"    {cap(f.name)},\n" for f in model.functions) + "]\n")
    out.append("FunctionName = Literal[\n" + "".join(f'    "{f.name}",\n' for f in model.functions) + "]")
    return "\n".join(out) + "\n"


API = '''\
import asyncio
from types import TracebackType
from typing import Any, AsyncIterator, Iterator, Mapping, overload

from . import types as types

__version__: str
__all__: list[str]

class TdError(Exception):
    """An answer of @type "error": its code and message, and the request that got it."""
    code: int
    message: str
    request: Mapping[str, Any] | None
    def __init__(self, code: int, message: str, request: Mapping[str, Any] | None = None) -> None: ...

class LibraryNotFound(OSError):
    """No libtdjson could be loaded from any of the places tried (listed in the message)."""

def load_library(path: str | None = None) -> str:
    """Loads libtdjson now (from `path`, or where the lookup finds it); its path."""
    ...

def library_path() -> str:
    """The path of the loaded libtdjson (loading it if needed)."""
    ...

{execute}
class Client:
    """A TDLib client; thread-safe. Answers and updates come from the process's one receive thread."""
    def __init__(self) -> None: ...
    @property
    def id(self) -> int: ...
    @property
    def closed(self) -> bool: ...
    def send(self, request: types.Request | Mapping[str, Any]) -> None: ...
{invoke}
    def updates(self, timeout: float | None = None) -> Iterator[types.Update]: ...
    def close(self, timeout: float | None = 60.0) -> None: ...
    def __enter__(self) -> Client: ...
    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None: ...

class AsyncClient:
    """A TDLib client for asyncio; create it inside a running event loop."""
    def __init__(self) -> None: ...
    @property
    def id(self) -> int: ...
    @property
    def closed(self) -> bool: ...
    @property
    def loop(self) -> asyncio.AbstractEventLoop: ...
    def send(self, request: types.Request | Mapping[str, Any]) -> None: ...
{ainvoke}
    def updates(self) -> AsyncIterator[types.Update]: ...
    async def close(self, timeout: float | None = 60.0) -> None: ...
    async def __aenter__(self) -> AsyncClient: ...
    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None: ...
'''


def render_api(model):
    by_name = {f.name: f for f in model.functions}
    execute = []
    for name in SYNC_FUNCTIONS:
        f = by_name[name]
        execute.append(f"@overload\ndef execute(request: types.{cap(f.name)}) -> "
                       f"types.{model.class_type(f.result)}: ...")
    execute.append("@overload\ndef execute(request: Mapping[str, Any]) -> dict[str, Any]: ...\n")
    invoke, ainvoke = [], []
    for f in model.functions:
        req, res = f"types.{cap(f.name)}", f"types.{model.class_type(f.result)}"
        invoke.append(f"    @overload\n    def invoke(self, request: {req}, timeout: float | None = None) -> {res}: ...")
        ainvoke.append(f"    @overload\n    async def invoke(self, request: {req}, timeout: float | None = None) -> {res}: ...")
    invoke.append("    @overload\n    def invoke(self, request: Mapping[str, Any], timeout: float | None = None) -> dict[str, Any]: ...")
    ainvoke.append("    @overload\n    async def invoke(self, request: Mapping[str, Any], timeout: float | None = None) -> dict[str, Any]: ...")
    head = HEADER.format(what="The public API of tdjson (tdjson/__init__.py), with one overload per td_api function.")
    return head + API.format(execute="\n".join(execute), invoke="\n".join(invoke),
                             ainvoke="\n".join(ainvoke))


def outputs(schema):
    model = Model(*parse(schema.read_text(encoding="utf-8")))
    return {"types.pyi": render_types(model), "__init__.pyi": render_api(model)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schema", type=pathlib.Path, default=SCHEMA)
    parser.add_argument("--out", type=pathlib.Path, default=PACKAGE,
                        help="the folder to write into (default: tdjson/ beside this script)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the files in --out differ")
    args = parser.parse_args()
    stale = []
    for name, text in outputs(args.schema).items():
        path = args.out / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(str(path))
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print("stale (run bindings/python/gen_stubs.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
