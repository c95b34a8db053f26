"""The in-tree build backend (backend/tdjson_backend.py): the wheel's RECORD and METADATA, the
sdist, determinism, platform tags read from a carried library, the fallback TOML reader, and an
offline `pip install --no-index` (and `-e`) into a fresh venv."""

import base64
import csv
import email.parser
import hashlib
import importlib.util
import io
import os
import pathlib
import shutil
import struct
import subprocess
import sys
import tarfile
import zipfile

import pytest

import tdjson
from support import SOURCE


def load_backend():
    spec = importlib.util.spec_from_file_location(
        "tdjson_backend_under_test", SOURCE / "backend" / "tdjson_backend.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


backend = load_backend()
LIBRARY_NAMES = ("libtdjson.so", "libtdjson.dylib", "tdjson.dll")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the project (without any library copied into the package), as the current
    directory, as the hooks are run by pip."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copyfile(SOURCE / name, root / name)  # LICENSE is a link: copied as a file
    ignore = shutil.ignore_patterns("__pycache__", *LIBRARY_NAMES)
    shutil.copytree(SOURCE / "backend", root / "backend", ignore=ignore)
    shutil.copytree(SOURCE / "tdjson", root / "tdjson", ignore=ignore)
    monkeypatch.chdir(root)
    return root


def wheel_entries(path):
    with zipfile.ZipFile(path) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def read_record(entries):
    (record,) = [data for info, data in entries if info.filename.endswith(".dist-info/RECORD")]
    return list(csv.reader(io.StringIO(record.decode())))


def entries_by_name(entries):
    return [(info.filename, data) for info, data in entries]


def parse_metadata(data):
    return email.parser.Parser().parsestr(data.decode())


def test_wheel_has_the_package_and_a_record_of_every_file(project, tmp_path):
    (project / "tdjson" / "__pycache__").mkdir()
    (project / "tdjson" / "__pycache__" / "types.cpython-311.pyc").write_bytes(b"x")
    (project / "tdjson" / "notes.txt").write_text("not shipped")
    name = backend.build_wheel(str(tmp_path / "out"))
    assert name == f"tdjson-{tdjson.__version__}-py3-none-any.whl"
    entries = wheel_entries(tmp_path / "out" / name)
    names = [info.filename for info, _ in entries]
    dist_info = f"tdjson-{tdjson.__version__}.dist-info"
    shipped = sorted(p.name for p in (SOURCE / "tdjson").iterdir()
                     if p.suffix in (".py", ".pyi") or p.name == "py.typed")
    assert {"__init__.py", "__init__.pyi", "types.pyi", "py.typed"} <= set(shipped)
    assert names == [f"tdjson/{n}" for n in shipped] + [
        f"{dist_info}/{n}" for n in ("METADATA", "WHEEL", "licenses/LICENSE", "RECORD")]
    for info, data in entries:
        if info.filename.startswith("tdjson/"):
            assert data == (SOURCE / info.filename).read_bytes(), info.filename

    rows = read_record(entries)
    assert [row[0] for row in rows] == names  # every file listed once, RECORD itself last
    assert rows[-1] == [f"{dist_info}/RECORD", "", ""]
    for (filename, data), (path, digest, size) in zip(entries_by_name(entries)[:-1], rows[:-1]):
        expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        assert digest == "sha256=" + expected and "=" not in expected, path
        assert int(size) == len(data), path

    wheel = parse_metadata(dict(entries_by_name(entries))[f"{dist_info}/WHEEL"])
    assert wheel["Wheel-Version"] == "1.0" and wheel["Tag"] == "py3-none-any"
    assert wheel["Root-Is-Purelib"] == "true" and wheel["Generator"].startswith("tdjson_backend")


def test_metadata_fields(project, tmp_path):
    name = backend.build_wheel(str(tmp_path / "out"))
    files = dict(entries_by_name(wheel_entries(tmp_path / "out" / name)))
    dist_info = f"tdjson-{tdjson.__version__}.dist-info"
    meta = parse_metadata(files[f"{dist_info}/METADATA"])
    assert meta["Metadata-Version"] == "2.4"
    assert meta["Name"] == "tdjson" and meta["Version"] == tdjson.__version__
    assert meta["Summary"].startswith("Python bindings for libtdjson")
    assert meta["Requires-Python"] == ">=3.8"
    assert meta["License-Expression"] == "MIT OR Apache-2.0"
    assert meta.get_all("License-File") == ["LICENSE"] and meta["License"] is None
    assert "Typing :: Typed" in meta.get_all("Classifier")
    assert meta.get_all("Requires-Dist") is None
    assert meta["Description-Content-Type"] == "text/markdown"
    assert meta.get_payload() == (SOURCE / "README.md").read_text()
    assert files[f"{dist_info}/licenses/LICENSE"] == (SOURCE.parents[1] / "LICENSE").read_bytes()

    prepared = backend.prepare_metadata_for_build_wheel(str(tmp_path / "md"))
    assert prepared == dist_info
    assert (tmp_path / "md" / dist_info / "METADATA").read_bytes() == files[f"{dist_info}/METADATA"]
    for hook in ("wheel", "sdist", "editable"):
        assert getattr(backend, f"get_requires_for_build_{hook}")() == []


def test_builds_are_byte_for_byte_repeatable(project, tmp_path, monkeypatch):
    first = backend.build_wheel(str(tmp_path / "a"))
    sdist = backend.build_sdist(str(tmp_path / "a"))
    for path in project.rglob("*"):
        os.utime(path, (1_700_000_000, 1_700_000_000))
    backend.build_wheel(str(tmp_path / "b"))
    backend.build_sdist(str(tmp_path / "b"))
    for name in (first, sdist):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    for info, _ in wheel_entries(tmp_path / "a" / first):
        assert info.date_time == (1980, 1, 1, 0, 0, 0) and info.external_attr >> 16 == 0o100644

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    backend.build_wheel(str(tmp_path / "c"))
    assert {info.date_time for info, _ in wheel_entries(tmp_path / "c" / first)} == {
        (2023, 11, 14, 22, 13, 20)}


def test_sdist_builds_the_same_wheel(project, tmp_path, monkeypatch):
    wheel = backend.build_wheel(str(tmp_path / "from-tree"))
    name = backend.build_sdist(str(tmp_path / "sdist"))
    base = f"tdjson-{tdjson.__version__}"
    assert name == base + ".tar.gz"
    with tarfile.open(tmp_path / "sdist" / name) as tar:
        members = tar.getmembers()
        assert all(m.isfile() and m.mode == 0o644 and m.uid == 0 for m in members)
        names = [m.name for m in members]
        assert names[0] == f"{base}/PKG-INFO"
        assert {f"{base}/{n}" for n in ("pyproject.toml", "README.md", "LICENSE",
                                        "backend/tdjson_backend.py", "tdjson/__init__.py",
                                        "tdjson/types.pyi", "tdjson/py.typed")} <= set(names)
        assert not any("__pycache__" in n for n in names)
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        tar.extractall(tmp_path / "unpacked", **safe)
    unpacked = tmp_path / "unpacked" / base
    monkeypatch.chdir(unpacked)
    assert backend.build_wheel(str(tmp_path / "from-sdist")) == wheel
    assert (tmp_path / "from-sdist" / wheel).read_bytes() == \
        (tmp_path / "from-tree" / wheel).read_bytes()
    meta = dict(entries_by_name(wheel_entries(tmp_path / "from-tree" / wheel)))[
        f"{base}.dist-info/METADATA"]
    assert (unpacked / "PKG-INFO").read_bytes() == meta


def test_a_library_in_the_package_makes_a_platform_wheel(project, tmp_path):
    lib = pathlib.Path(os.environ["TDJSON_LIBRARY"])
    shutil.copyfile(lib, project / "tdjson" / "libtdjson.so")
    machine = os.uname().machine
    name = backend.build_wheel(str(tmp_path / "out"))
    assert name == f"tdjson-{tdjson.__version__}-py3-none-linux_{machine}.whl"
    files = dict(entries_by_name(wheel_entries(tmp_path / "out" / name)))
    assert files["tdjson/libtdjson.so"] == lib.read_bytes()
    wheel = parse_metadata(files[f"tdjson-{tdjson.__version__}.dist-info/WHEEL"])
    assert wheel["Tag"] == f"py3-none-linux_{machine}" and wheel["Root-Is-Purelib"] == "false"

    shutil.copyfile(lib, project / "tdjson" / "tdjson.dll")
    with pytest.raises(backend.BackendError, match="one platform's library"):
        backend.build_wheel(str(tmp_path / "out2"))


def elf(machine, bits=2, order="<", osabi=0):
    return (b"\x7fELF" + bytes([bits, 1 if order == "<" else 2, 1, osabi]) + bytes(8)
            + struct.pack(order + "HH", 3, machine) + bytes(44))


def pe(machine):
    head = b"MZ" + bytes(0x3A) + struct.pack("<I", 0x80)
    return head + bytes(0x80 - len(head)) + b"PE\0\0" + struct.pack("<H", machine) + bytes(20)


def macho(cpu, version, command=0x32):
    if command == 0x32:  # LC_BUILD_VERSION for macOS
        commands = struct.pack("<II", 0x2, 16) + bytes(8) + \
            struct.pack("<IIIIII", 0x32, 24, 1, version, version, 0)
    else:  # LC_VERSION_MIN_MACOSX
        commands = struct.pack("<IIII", 0x24, 16, version, version)
    count = 2 if command == 0x32 else 1
    return struct.pack("<IiiIIIII", 0xFEEDFACF, cpu, 0, 6, count, len(commands), 0, 0) + commands


def fat(*slices):
    table = struct.pack(">II", 0xCAFEBABE, len(slices))
    body, offset = b"", 4096
    for data in slices:
        (cpu,) = struct.unpack_from("<i", data, 4)
        table += struct.pack(">iiIII", cpu, 0, offset + len(body), len(data), 12)
        body += data
    return table + bytes(offset - len(table)) + body


def v(major, minor):
    return (major << 16) | (minor << 8)


X86_64, ARM64 = 0x01000007, 0x0100000C


@pytest.mark.parametrize("name, data, tag", [
    ("libtdjson.so", elf(62), "linux_x86_64"),
    ("libtdjson.so", elf(183, osabi=3), "linux_aarch64"),
    ("libtdjson.so", elf(3, bits=1), "linux_i686"),
    ("libtdjson.so", elf(21), "linux_ppc64le"),
    ("libtdjson.so", elf(21, order=">"), "linux_ppc64"),
    ("tdjson.dll", pe(0x8664), "win_amd64"),
    ("tdjson.dll", pe(0xAA64), "win_arm64"),
    ("tdjson.dll", pe(0x14C), "win32"),
    ("libtdjson.dylib", macho(ARM64, v(11, 0)), "macosx_11_0_arm64"),
    ("libtdjson.dylib", macho(ARM64, v(12, 3)), "macosx_13_0_arm64"),
    ("libtdjson.dylib", macho(X86_64, v(10, 12), command=0x24), "macosx_10_12_x86_64"),
    ("libtdjson.dylib", fat(macho(X86_64, v(10, 12)), macho(ARM64, v(11, 0))),
     "macosx_10_12_universal2"),
], ids=lambda x: x if isinstance(x, str) and not x.startswith("lib") else "")
def test_platform_tag_is_read_from_the_library_header(name, data, tag):
    assert backend.platform_tag(name, data) == tag


@pytest.mark.parametrize("name, data, says", [
    ("libtdjson.so", pe(0x8664), "holds a PE binary"),
    ("tdjson.dll", elf(62), "holds an ELF binary"),
    ("libtdjson.so", elf(62, osabi=9), "is not Linux"),
    ("libtdjson.so", elf(62, bits=1), "32-bit ELF for x86_64"),
    ("libtdjson.so", elf(40), "no known wheel tag"),
    ("libtdjson.so", b"\x7fELF\x02\x01", "truncated"),
    ("libtdjson.so", b"#!/bin/sh\n", "not a shared library"),
    ("libtdjson.dylib", macho(ARM64, v(11, 0))[:32], "truncated"),
    ("libtdjson.dylib", struct.pack("<IiiIIIII", 0xFEEDFACF, ARM64, 0, 6, 0, 0, 0, 0),
     "no minimum macOS version"),
], ids=lambda x: x.replace(" ", "-") if isinstance(x, str) and " " in x else "")
def test_a_library_without_a_known_platform_is_refused(name, data, says):
    with pytest.raises(backend.BackendError, match=says):
        backend.platform_tag(name, data)


def test_project_errors_stop_the_build(project, tmp_path):
    init = project / "tdjson" / "__init__.py"
    init.write_text(init.read_text().replace(f'"{tdjson.__version__}"', '"9.9.9"'))
    with pytest.raises(backend.BackendError, match="__version__ '9.9.9'"):
        backend.build_wheel(str(tmp_path / "out"))
    init.write_text((SOURCE / "tdjson" / "__init__.py").read_text())
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + '\n[project.scripts]\ntd = "tdjson:main"\n')
    with pytest.raises(backend.BackendError, match="does not support: scripts"):
        backend.build_wheel(str(tmp_path / "out"))
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib is Python 3.11+")
def test_fallback_toml_reader_reads_pyproject_as_tomllib_does():
    import tomllib
    text = (SOURCE / "pyproject.toml").read_text()
    assert backend.read_toml(text) == tomllib.loads(text)


SAMPLE_TOML = r'''
# comment
top = 'literal \n kept'
[build-system]
requires = []   # empty
"quoted key" = "tab\there \"q\" \u00e9 \\"
[project]
name = "x"
list = [
    "a",  # one
    'b',
    # a comment line
    ["nested", 1],
]
people = [{ name = "A", email = "a@example.org" }, {}]
flag = true
off = false
n = -42
[project.urls]
Home = "https://example.org"
[tool.a.b]
k = 0
'''


def test_fallback_toml_reader_takes_its_subset():
    assert backend.read_toml(SAMPLE_TOML) == {
        "top": "literal \\n kept",
        "build-system": {"requires": [], "quoted key": 'tab\there "q" \u00e9 \\'},
        "project": {"name": "x", "list": ["a", "b", ["nested", 1]],
                    "people": [{"name": "A", "email": "a@example.org"}, {}],
                    "flag": True, "off": False, "n": -42,
                    "urls": {"Home": "https://example.org"}},
        "tool": {"a": {"b": {"k": 0}}},
    }


@pytest.mark.parametrize("text, says", [
    ('a = """x"""', "line 1: multi-line strings"),
    ('[t]\na.b = 1', "line 2: dotted keys"),
    ('[[t]]\n', "arrays of tables"),
    ('d = 1979-05-27', "unsupported value"),
    ('f = 1.5', "unsupported value"),
    ('a = 1\na = 2', "line 2: key 'a' defined twice"),
    ('[t]\n[t]', "line 2: table \\[t\\] defined twice"),
    ('a = "x" b', "unexpected 'b'"),
    ('a = "x', "unterminated string"),
    ('a = ["x" "y"]', "expected ',' or ']'"),
    ('a = "\\q"', "unknown escape"),
])
def test_fallback_toml_reader_refuses_the_rest(text, says):
    with pytest.raises(backend.BackendError, match=says):
        backend.read_toml(text)


def offline_env():
    """pip with no index and no configuration; any network use would hit a dead loopback
    proxy and fail."""
    env = {k: val for k, val in os.environ.items()
           if not k.startswith("PIP_") and k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    dead = "http://127.0.0.1:9"
    env.update(PIP_NO_INDEX="1", PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1",
               HTTP_PROXY=dead, HTTPS_PROXY=dead, http_proxy=dead, https_proxy=dead,
               NO_PROXY="", no_proxy="", PYTHONNOUSERSITE="1")
    return env


def run(args, env, cwd):
    result = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result.stdout


CHECK = """
import importlib.metadata, tdjson
print(tdjson.__file__)
print(importlib.metadata.distribution("tdjson").read_text("WHEEL").splitlines()[1])
print(tdjson.execute({"@type": "getOption", "name": "version"})["value"])
"""


def test_offline_pip_install_and_editable_install_into_a_fresh_venv(project, tmp_path):
    env = offline_env()
    elsewhere = tmp_path / "elsewhere"  # not the project: `python -c` imports from its cwd
    elsewhere.mkdir()
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], env, elsewhere)
    python = str(venv / "bin" / "python")
    pip = [python, "-m", "pip", "--no-input", "--quiet"]

    run(pip + ["install", "--no-index", str(project)], env, elsewhere)
    out = run([python, "-c", CHECK], env, elsewhere).splitlines()
    site = run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
               env, elsewhere).strip()
    assert out[0] == os.path.join(site, "tdjson", "__init__.py")
    assert out[1].startswith("Generator: tdjson_backend") and out[2] == "1.8.65"
    assert (pathlib.Path(site) / "tdjson" / "types.pyi").is_file()

    run(pip + ["uninstall", "--yes", "tdjson"], env, elsewhere)
    assert not (pathlib.Path(site) / "tdjson").exists()
    run(pip + ["install", "--no-index", "--editable", str(project)], env, elsewhere)
    out = run([python, "-c", CHECK], env, elsewhere).splitlines()
    assert out[0] == str(project.resolve() / "tdjson" / "__init__.py")
    assert out[1].startswith("Generator: tdjson_backend") and out[2] == "1.8.65"
    run(pip + ["uninstall", "--yes", "tdjson"], env, elsewhere)
    gone = subprocess.run([python, "-c", "import tdjson"], env=env, cwd=elsewhere,
                          capture_output=True, text=True, timeout=60)
    assert gone.returncode != 0 and "No module named 'tdjson'" in gone.stderr
