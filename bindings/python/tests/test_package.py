"""The installed package: its stubs (current with td_api.tl, matching the runtime API, and
understood by mypy) and where it finds libtdjson."""

import ast
import os
import pathlib
import shutil
import subprocess
import sys
import textwrap

import pytest

import tdjson

SOURCE = pathlib.Path(os.environ.get("TDJSON_SOURCE", pathlib.Path(__file__).parents[1]))
INSTALLED = pathlib.Path(tdjson.__file__).parent


def test_tested_package_is_the_installed_one_with_its_stubs():
    assert SOURCE / "tdjson" != INSTALLED, "tests must import the pip-installed package"
    for name in ("__init__.pyi", "types.pyi", "py.typed"):
        assert (INSTALLED / name).is_file(), f"{name} was not installed"
    for name in ("__init__.py", "__init__.pyi", "types.pyi", "_native.py", "_receiver.py"):
        assert (INSTALLED / name).read_bytes() == (SOURCE / "tdjson" / name).read_bytes(), name


def test_stubs_are_current_with_the_schema():
    result = subprocess.run([sys.executable, str(SOURCE / "gen_stubs.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def stub_names(tree):
    names = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names[node.name] = {n.name for n in node.body
                                if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        elif isinstance(node, ast.FunctionDef):
            names[node.name] = None
    return names


def test_stub_declares_exactly_the_runtime_api():
    stub = stub_names(ast.parse((INSTALLED / "__init__.pyi").read_text()))
    assert set(tdjson.__all__) == set(stub), "tdjson.__all__ and __init__.pyi differ"

    def public(names):
        return {n for n in names if not n.startswith("_")}

    for name, methods in stub.items():
        runtime = getattr(tdjson, name)
        if methods is None:
            assert callable(runtime), name
            continue
        inherited = set().union(*(dir(base) for base in runtime.__mro__[1:]
                                  if base.__module__ == "builtins"))
        assert public(methods) == public(set(dir(runtime)) - inherited), name
    schema = (SOURCE.parents[1] / "schema" / "td_api.tl").read_text().split("---functions---")[1]
    functions = sum(1 for line in schema.splitlines() if line[:1].islower())
    overloads = (INSTALLED / "__init__.pyi").read_text().count("def invoke(self, request: types.")
    assert overloads == 2 * functions  # one per td_api function, in Client and AsyncClient


SAMPLE = '''
import tdjson
from tdjson import types


def sync_side(client: tdjson.Client) -> None:
    me = client.invoke({"@type": "getMe"})
    reveal_type(me)  # line 8
    reveal_type(me["first_name"])  # line 9
    state = client.invoke({"@type": "getAuthorizationState"})
    if state["@type"] == "authorizationStateWaitCode":
        reveal_type(state)  # line 12
    entities = tdjson.execute({"@type": "getTextEntities", "text": "x"})
    reveal_type(entities)  # line 14
    for update in client.updates():
        if update["@type"] == "updateNewMessage":
            reveal_type(update["message"]["chat_id"])  # line 17
    wrong: int = me["first_name"]  # line 18: error
    me["no_such_field"]  # line 19: error
    request: types.SendMessage = {"@type": "sendMessage", "chat_id": 1}
    reveal_type(client.invoke(request))  # line 21


async def async_side(client: tdjson.AsyncClient) -> None:
    chats = await client.invoke({"@type": "getChats", "limit": 10})
    reveal_type(chats)  # line 26
    async for update in client.updates():
        reveal_type(update)  # line 28
    bad: types.GetChats = {"@type": "getChats", "limit": "ten"}  # line 29: error
'''


def test_mypy_reads_requests_answers_and_updates_from_the_stubs(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(SAMPLE.lstrip("\n"))
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir", str(tmp_path / "c"),
         "--hide-error-context", "--no-error-summary", str(sample)],
        capture_output=True, text=True, cwd=tmp_path, timeout=600)
    lines = {}
    for line in result.stdout.splitlines():
        parts = line.split(":", 3)
        if len(parts) == 4 and parts[1].isdigit():
            lines.setdefault(int(parts[1]) + 1, []).append(parts[3].strip())
    expected = {
        8: "Revealed type is \"TypedDict('tdjson.types.User'",
        9: 'Revealed type is "builtins.str"',
        12: "Revealed type is \"TypedDict('tdjson.types.AuthorizationStateWaitCode'",
        14: "Revealed type is \"TypedDict('tdjson.types.TextEntities'",
        17: 'Revealed type is "builtins.int"',
        18: "Incompatible types in assignment",
        19: 'TypedDict "User" has no key "no_such_field"',
        21: "Revealed type is \"TypedDict('tdjson.types.Message'",
        26: "Revealed type is \"TypedDict('tdjson.types.Chats'",
        28: "Revealed type is \"Union[TypedDict('tdjson.types.UpdateAuthorizationState'",
        29: "Incompatible types",
    }
    for line, start in expected.items():
        got = lines.pop(line, [])
        assert any(g.startswith(start) for g in got), f"line {line}: {got} {result.stderr}"
    assert lines == {}, f"unexpected mypy output: {lines}"


def run_python(code, env_changes, cwd):
    env = {k: v for k, v in os.environ.items() if k not in ("TDJSON_LIBRARY", "LD_LIBRARY_PATH")}
    env.update(env_changes)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=60)


LOAD = """
import tdjson
print(tdjson.library_path())
print(tdjson.execute({"@type": "getOption", "name": "version"})["value"])
"""


def test_library_from_tdjson_library(tmp_path):
    lib = os.environ["TDJSON_LIBRARY"]
    result = run_python(LOAD, {"TDJSON_LIBRARY": lib}, tmp_path)
    assert result.stdout.split() == [lib, "1.8.65"], result.stderr


def test_library_next_to_the_package_comes_first(tmp_path):
    copy = tmp_path / "site" / "tdjson"
    shutil.copytree(INSTALLED, copy, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(os.environ["TDJSON_LIBRARY"], copy / "libtdjson.so")
    result = run_python(LOAD, {"PYTHONPATH": str(copy.parent),
                               "TDJSON_LIBRARY": str(tmp_path / "missing.so")}, tmp_path)
    assert result.stdout.split() == [str(copy / "libtdjson.so"), "1.8.65"], result.stderr


def test_library_from_the_loader_path(tmp_path):
    folder = os.path.dirname(os.environ["TDJSON_LIBRARY"])
    result = run_python(LOAD, {"LD_LIBRARY_PATH": folder}, tmp_path)
    assert result.stdout.split() == ["libtdjson.so", "1.8.65"], result.stderr


def test_load_library_takes_a_path_and_keeps_the_first(tmp_path):
    lib = os.environ["TDJSON_LIBRARY"]
    code = f"""
    import tdjson
    assert tdjson.load_library({lib!r}) == {lib!r}
    assert tdjson.load_library() == {lib!r}
    try:
        tdjson.load_library("/some/other/libtdjson.so")
    except RuntimeError as e:
        print("refused:", e)
    """
    result = run_python(code, {"TDJSON_LIBRARY": str(tmp_path / "missing.so")}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"refused: libtdjson is already loaded from {lib}")


@pytest.mark.parametrize("setting, says", [
    ("/nonexistent/libtdjson.so", "/nonexistent/libtdjson.so"),
    ("libm.so.6", "is not a libtdjson"),
])
def test_a_library_that_does_not_load_raises_library_not_found(tmp_path, setting, says):
    code = """
    import tdjson
    try:
        tdjson.execute({"@type": "getOption", "name": "version"})
    except tdjson.LibraryNotFound as e:
        assert isinstance(e, OSError)
        print("LibraryNotFound:", e)
    """
    result = run_python(code, {"TDJSON_LIBRARY": setting}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("LibraryNotFound:") and says in result.stdout, result.stdout
