"""The tdjson package's build backend (PEP 517 and PEP 660), standard library only.

pyproject.toml names it with `requires = []`, so pip builds the package with no index at all:
`pip install --no-index bindings/python` and `pip install -e` work offline. The hooks run with
the project folder as the current directory (PEP 517) and read its [project] table.

What it builds:
- a wheel of the import package (the folder named like the project): its .py and .pyi files,
  py.typed, and a libtdjson.so / libtdjson.dylib / tdjson.dll if one was copied in. Without a
  library the wheel is py3-none-any. With one it is py3-none-<platform>, the platform read from
  the library's own header (ELF, Mach-O or PE: its OS and CPU, and for Mach-O the minimum macOS
  version it was linked for), so the tag says where the carried binary runs, not merely where it
  was built. The ABI part stays "none": ctypes loads the library, no CPython ABI is involved.
  Linux wheels get the local tag linux_<arch>, which promises no libc version (manylinux would
  need a symbol-version audit this backend does not do), so they install locally but are not
  for PyPI.
- an sdist (what is needed to build the wheel again: pyproject.toml, the readme, the license
  files, this backend and the package's sources, plus PKG-INFO).
- an editable wheel: a .pth file naming the project folder, so the package is imported from
  the source (static checkers such as mypy follow .pth paths; an import hook they would not).
  The folder's other top-level files (bench.py, gen_stubs.py) become importable too.

Archives are deterministic: sorted entries, fixed permissions, one timestamp (SOURCE_DATE_EPOCH
if set, else 1980-01-01), so building twice gives the same bytes.

pyproject.toml is read with tomllib (Python 3.11+); older Pythons (the package supports 3.8)
use `read_toml` below, a reader for the subset of TOML that file uses (tables, strings, arrays,
inline tables, booleans, integers). It refuses anything else with the line number rather than
guessing, and the test suite checks it reads the real file exactly as tomllib does.
"""

import base64
import csv
import gzip
import hashlib
import io
import os
import pathlib
import re
import stat
import struct
import tarfile
import time
import zipfile

__all__ = [
    "build_editable",
    "build_sdist",
    "build_wheel",
    "get_requires_for_build_editable",
    "get_requires_for_build_sdist",
    "get_requires_for_build_wheel",
    "prepare_metadata_for_build_editable",
    "prepare_metadata_for_build_wheel",
]

GENERATOR = "tdjson_backend (bindings/python/backend)"
METADATA_VERSION = "2.4"  # License-Expression and License-File (PEP 639)

# The library file a platform's loader looks for (tdjson/_native.py), and its binary format.
LIBRARIES = {"libtdjson.so": "ELF", "libtdjson.dylib": "Mach-O", "tdjson.dll": "PE"}

_EPOCH_1980 = 315532800  # the earliest time a zip entry can carry


class BackendError(Exception):
    """The project cannot be built as configured (the message says why)."""


# --- PEP 517 / PEP 660 hooks ---------------------------------------------------------------


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    return _prepare_metadata(pathlib.Path.cwd(), pathlib.Path(metadata_directory), False)


def prepare_metadata_for_build_editable(metadata_directory, config_settings=None):
    return _prepare_metadata(pathlib.Path.cwd(), pathlib.Path(metadata_directory), True)


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    # A metadata_directory from prepare_metadata_for_build_wheel is not read back: the same
    # project gives the same METADATA byte for byte (the suite checks it).
    root = pathlib.Path.cwd()
    project = load_project(root)
    files = package_files(root, project)
    libraries = [path for path in files if path.name in LIBRARIES]
    tag = wheel_tag([(path.name, (root / path).read_bytes()) for path in libraries])
    contents = [(path.as_posix(), (root / path).read_bytes()) for path in files]
    return _write_wheel(pathlib.Path(wheel_directory), project, tag, contents)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    root = pathlib.Path.cwd().resolve()
    project = load_project(root)
    package_files(root, project)  # the same checks as a wheel (the package folder exists)
    pth = (str(root) + "\n").encode()
    contents = [("_%s_editable.pth" % project["package"], pth)]
    return _write_wheel(pathlib.Path(wheel_directory), project, "py3-none-any", contents)


def build_sdist(sdist_directory, config_settings=None):
    root = pathlib.Path.cwd()
    project = load_project(root)
    base = "%s-%s" % (project["filename_name"], project["version"])
    members = [("PKG-INFO", metadata_text(project).encode())]
    paths = {pathlib.Path("pyproject.toml")}
    paths.update(pathlib.Path(name) for name in project["license_files"])
    if project["readme_path"]:
        paths.add(pathlib.Path(project["readme_path"]))
    for folder in project["backend_path"]:
        for path in sorted((root / folder).rglob("*.py")):
            if "__pycache__" not in path.parts:
                paths.add(path.relative_to(root))
    paths.update(path for path in package_files(root, project) if path.name not in LIBRARIES)
    for path in sorted(paths, key=lambda p: p.as_posix()):
        members.append((path.as_posix(), (root / path).read_bytes()))
    name = base + ".tar.gz"
    _write_tar_gz(pathlib.Path(sdist_directory) / name, base, members)
    return name


# --- project metadata ----------------------------------------------------------------------

_NAME = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.I)
# A PEP 440 version in its normalized form (what the file name and METADATA must carry).
_VERSION = re.compile(r"^([1-9][0-9]*!)?(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*"
                      r"((a|b|rc)(0|[1-9][0-9]*))?(\.post(0|[1-9][0-9]*))?(\.dev(0|[1-9][0-9]*))?$")
_SPDX = re.compile(r"^[A-Za-z0-9.+\-]+( (AND|OR|WITH) [A-Za-z0-9.+\-]+)*$")
_README_TYPES = {".md": "text/markdown", ".rst": "text/x-rst", ".txt": "text/plain"}
_SUPPORTED_KEYS = {"name", "version", "description", "readme", "requires-python", "license",
                   "license-files", "dependencies", "optional-dependencies", "classifiers",
                   "keywords", "urls", "authors", "maintainers"}


def read_pyproject(path, use_tomllib=True):
    """pyproject.toml as a dict: with tomllib when there is one, else with `read_toml`."""
    data = pathlib.Path(path).read_bytes()
    if use_tomllib:
        try:
            import tomllib
        except ImportError:
            pass
        else:
            return tomllib.loads(data.decode("utf-8"))
    return read_toml(data.decode("utf-8"))


def load_project(root):
    """The [project] table of root/pyproject.toml, checked, with the values the build needs."""
    root = pathlib.Path(root)
    document = read_pyproject(root / "pyproject.toml")
    table = document.get("project")
    if not isinstance(table, dict):
        raise BackendError("pyproject.toml has no [project] table")
    unknown = set(table) - _SUPPORTED_KEYS
    if unknown:
        raise BackendError("[project] keys this backend does not support: "
                           + ", ".join(sorted(unknown)))
    for key in ("name", "version"):
        if not isinstance(table.get(key), str):
            raise BackendError("[project] needs a static string %r" % key)
    name, version = table["name"], table["version"]
    if not _NAME.match(name):
        raise BackendError("invalid project name %r" % name)
    if not _VERSION.match(version):
        raise BackendError("version %r is not a normalized PEP 440 version" % version)
    project = {
        "root": root,
        "name": name,
        "version": version,
        "filename_name": re.sub(r"[-_.]+", "_", name).lower(),
        "package": re.sub(r"[-.]+", "_", name),
        "summary": _string(table, "description", ""),
        "requires_python": _string(table, "requires-python", ""),
        "license": _string(table, "license", ""),
        "classifiers": _strings(table, "classifiers"),
        "keywords": _strings(table, "keywords"),
        "dependencies": _strings(table, "dependencies"),
        "extras": {},
        "urls": [],
        "people": [],
        "readme_path": None,
        "readme_type": None,
        "readme": None,
        "license_files": [],
        "backend_path": list(document.get("build-system", {}).get("backend-path", [])),
    }
    for field in ("summary", "requires_python", "license"):
        if "\n" in project[field]:
            raise BackendError("[project] %s must be one line" % field)
    if project["license"]:
        if not _SPDX.match(project["license"]):
            raise BackendError("license %r is not an SPDX expression" % project["license"])
        if any(c.startswith("License ::") for c in project["classifiers"]):
            raise BackendError("no License classifiers with an SPDX license expression (PEP 639)")
    for extra, requirements in sorted(table.get("optional-dependencies", {}).items()):
        project["extras"][extra] = _strings({"x": requirements}, "x")
    for label, url in table.get("urls", {}).items():
        project["urls"].append((label, _string({"x": url}, "x", "")))
    for role in ("authors", "maintainers"):
        for person in table.get(role, []):
            if not isinstance(person, dict) or set(person) - {"name", "email"}:
                raise BackendError("[project] %s entries are tables of name and email" % role)
            project["people"].append((role, person.get("name"), person.get("email")))
    _read_readme(root, table.get("readme"), project)
    for pattern in _strings(table, "license-files"):
        if ".." in pathlib.PurePosixPath(pattern).parts or pattern.startswith("/"):
            raise BackendError("license-files pattern %r leaves the project folder" % pattern)
        found = sorted(p.relative_to(root).as_posix() for p in root.glob(pattern) if p.is_file())
        if not found:
            raise BackendError("license-files pattern %r matches no file" % pattern)
        project["license_files"].extend(f for f in found if f not in project["license_files"])
    _check_package_version(root, project)
    return project


def _string(table, key, default):
    value = table.get(key, default)
    if not isinstance(value, str):
        raise BackendError("[project] %s must be a string" % key)
    return value


def _strings(table, key):
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and "\n" not in v
                                              for v in value):
        raise BackendError("[project] %s must be a list of one-line strings" % key)
    return list(value)


def _read_readme(root, readme, project):
    if readme is None:
        return
    if isinstance(readme, str):
        readme = {"file": readme}
    if not isinstance(readme, dict) or set(readme) - {"file", "text", "content-type"} or \
            ("file" in readme) == ("text" in readme):
        raise BackendError("[project] readme is a path or a table with file or text")
    if "file" in readme:
        path = readme["file"]
        project["readme_path"] = path
        project["readme"] = (root / path).read_text(encoding="utf-8")
        kind = readme.get("content-type") or _README_TYPES.get(pathlib.PurePath(path).suffix)
    else:
        project["readme"] = readme["text"]
        kind = readme.get("content-type")
    if not kind:
        raise BackendError("[project] readme needs a content-type")
    project["readme_type"] = kind


def _check_package_version(root, project):
    """The package's own __version__, when it declares one, must be the project's version."""
    init = root / project["package"] / "__init__.py"
    if not init.is_file():
        return
    found = re.search(r"""^__version__\s*=\s*["']([^"']*)["']""", init.read_text("utf-8"), re.M)
    if found and found.group(1) != project["version"]:
        raise BackendError("%s has __version__ %r but pyproject.toml says %r"
                           % (init.relative_to(root), found.group(1), project["version"]))


def metadata_text(project):
    """The core metadata (METADATA in a wheel, PKG-INFO in an sdist)."""
    lines = [("Metadata-Version", METADATA_VERSION), ("Name", project["name"]),
             ("Version", project["version"])]
    if project["summary"]:
        lines.append(("Summary", project["summary"]))
    if project["keywords"]:
        lines.append(("Keywords", ",".join(project["keywords"])))
    for role, name, email in project["people"]:
        field = "Author" if role == "authors" else "Maintainer"
        if email:
            lines.append((field + "-email", "%s <%s>" % (name, email) if name else email))
        elif name:
            lines.append((field, name))
    if project["license"]:
        lines.append(("License-Expression", project["license"]))
    lines += [("License-File", name) for name in project["license_files"]]
    lines += [("Classifier", c) for c in project["classifiers"]]
    lines += [("Project-URL", "%s, %s" % pair) for pair in project["urls"]]
    if project["requires_python"]:
        lines.append(("Requires-Python", project["requires_python"]))
    lines += [("Requires-Dist", r) for r in project["dependencies"]]
    for extra, requirements in project["extras"].items():
        lines.append(("Provides-Extra", extra))
        for requirement in requirements:
            marker = 'extra == "%s"' % extra
            if ";" in requirement:
                requirement, own = requirement.split(";", 1)
                marker = "(%s) and %s" % (own.strip(), marker)
            lines.append(("Requires-Dist", "%s; %s" % (requirement.strip(), marker)))
    if project["readme_type"]:
        lines.append(("Description-Content-Type", project["readme_type"]))
    text = "".join("%s: %s\n" % line for line in lines)
    if project["readme"] is not None:
        text += "\n" + project["readme"]
    return text


# --- the package's files -------------------------------------------------------------------


def package_files(root, project):
    """Paths (relative to root) the wheel carries: the package's .py, .pyi, py.typed, and a
    libtdjson that was copied into it."""
    package = pathlib.Path(root) / project["package"]
    if not (package / "__init__.py").is_file():
        raise BackendError("no package folder %s/ with an __init__.py" % project["package"])
    files = []
    for path in package.rglob("*"):
        relative = path.relative_to(root)
        if "__pycache__" in relative.parts or not path.is_file():
            continue
        if path.suffix in (".py", ".pyi") or path.name == "py.typed" or \
                (path.parent == package and path.name in LIBRARIES):
            files.append(relative)
    return sorted(files, key=lambda p: p.as_posix())


# --- the platform tag of a carried library ---------------------------------------------------

_ELF_MACHINES = {3: "i686", 62: "x86_64", 183: "aarch64", 22: "s390x", 243: "riscv64"}
_PE_MACHINES = {0x8664: "win_amd64", 0x14C: "win32", 0xAA64: "win_arm64"}
_MACHO_CPUS = {0x01000007: "x86_64", 0x0100000C: "arm64"}


def wheel_tag(libraries):
    """The wheel's tag for the libraries it carries, each as (file name, bytes)."""
    if not libraries:
        return "py3-none-any"
    if len(libraries) > 1:
        raise BackendError("the package folder holds %s: a wheel carries one platform's library"
                           % " and ".join(sorted(name for name, _ in libraries)))
    name, data = libraries[0]
    return "py3-none-" + platform_tag(name, data)


def platform_tag(name, data):
    """The platform a library runs on, as a wheel platform tag, from its header."""
    fmt = LIBRARIES[name]
    if data[:4] == b"\x7fELF":
        found = "ELF"
    elif data[:2] == b"MZ":
        found = "PE"
    elif data[:4] in (b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe"):
        found = "Mach-O"
    else:
        raise BackendError("%s is not a shared library (neither ELF, Mach-O nor PE)" % name)
    if found != fmt:
        raise BackendError("%s holds %s %s binary; the loader expects %s under that name"
                           % (name, "an" if found == "ELF" else "a", found, fmt))
    try:
        return {"ELF": _elf_platform, "PE": _pe_platform, "Mach-O": _macho_platform}[fmt](data)
    except (struct.error, IndexError):
        raise BackendError("%s: truncated %s header" % (name, fmt)) from None


def _elf_platform(data):
    bits, order, osabi = data[4], {1: "<", 2: ">"}.get(data[5]), data[7]
    if order is None or bits not in (1, 2):
        raise BackendError("libtdjson.so: bad ELF class or byte order")
    if osabi not in (0, 3):  # System V or GNU/Linux; anything else is another OS
        raise BackendError("libtdjson.so: ELF OS/ABI %d is not Linux" % osabi)
    (machine,) = struct.unpack_from(order + "H", data, 18)
    if machine == 21:  # PowerPC 64
        arch = "ppc64le" if order == "<" else "ppc64"
    else:
        arch = _ELF_MACHINES.get(machine)
    if arch is None:
        raise BackendError("libtdjson.so: ELF machine %d has no known wheel tag" % machine)
    if (bits == 1) != (arch == "i686"):
        raise BackendError("libtdjson.so: %d-bit ELF for %s" % (32 * bits, arch))
    return "linux_" + arch


def _pe_platform(data):
    (offset,) = struct.unpack_from("<I", data, 0x3C)
    if data[offset:offset + 4] != b"PE\0\0":
        raise BackendError("tdjson.dll: no PE header")
    (machine,) = struct.unpack_from("<H", data, offset + 4)
    if machine not in _PE_MACHINES:
        raise BackendError("tdjson.dll: PE machine 0x%x has no known wheel tag" % machine)
    return _PE_MACHINES[machine]


def _macho_platform(data):
    if data[:4] == b"\xca\xfe\xba\xbe":  # a universal ("fat") file: big-endian slice table
        (count,) = struct.unpack_from(">I", data, 4)
        if not 0 < count <= 8:
            raise BackendError("libtdjson.dylib: %d architectures in a universal file" % count)
        offsets = [struct.unpack_from(">iiIII", data, 8 + 20 * i)[2] for i in range(count)]
    else:
        offsets = [0]
    slices = dict(_macho_slice(data, offset) for offset in offsets)
    if set(slices) == {"x86_64", "arm64"}:
        # pip accepts universal2 from 10.x tags on Apple silicon too: the x86_64 slice's minimum
        # is the binding one.
        return "macosx_%d_%d_universal2" % slices["x86_64"]
    if len(slices) != 1 or len(offsets) != 1:
        raise BackendError("libtdjson.dylib: architectures %s have no wheel tag"
                           % "+".join(sorted(slices)))
    ((arch, version),) = slices.items()
    return "macosx_%d_%d_%s" % (version + (arch,))


def _macho_slice(data, offset):
    magic = data[offset:offset + 4]
    if magic not in (b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe"):
        raise BackendError("libtdjson.dylib: not a little-endian Mach-O slice")
    cpu, ncmds = struct.unpack_from("<i8xI", data, offset + 4)  # cputype, ncmds
    arch = _MACHO_CPUS.get(cpu)
    if arch is None:
        raise BackendError("libtdjson.dylib: Mach-O CPU type 0x%x has no wheel tag" % cpu)
    at = offset + (32 if magic == b"\xcf\xfa\xed\xfe" else 28)
    minimum = None
    for _ in range(min(ncmds, 10000)):
        cmd, size = struct.unpack_from("<II", data, at)
        if cmd == 0x32:  # LC_BUILD_VERSION: platform, minos, sdk, ntools
            platform, minimum = struct.unpack_from("<II", data, at + 8)
            if platform != 1:
                raise BackendError("libtdjson.dylib: built for Apple platform %d, not macOS"
                                   % platform)
        elif cmd == 0x24:  # LC_VERSION_MIN_MACOSX: version, sdk
            (minimum,) = struct.unpack_from("<I", data, at + 8)
        if size < 8:
            raise BackendError("libtdjson.dylib: bad Mach-O load command")
        at += size
    if minimum is None:
        raise BackendError("libtdjson.dylib (%s) names no minimum macOS version" % arch)
    major, minor = minimum >> 16, (minimum >> 8) & 0xFF
    if major >= 11:  # tags from macOS 11 on are X_0: round up rather than claim too much
        major, minor = major + (1 if minor else 0), 0
    return arch, (major, minor)


# --- archives ------------------------------------------------------------------------------


def _timestamp():
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return max(int(value) if value.isdigit() else _EPOCH_1980, _EPOCH_1980)


def _hash(data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "sha256=" + digest.decode("ascii")


def _dist_info_files(project, tag, purelib):
    wheel = "Wheel-Version: 1.0\nGenerator: %s\nRoot-Is-Purelib: %s\nTag: %s\n" % (
        GENERATOR, "true" if purelib else "false", tag)
    files = [("METADATA", metadata_text(project).encode()), ("WHEEL", wheel.encode())]
    for name in project["license_files"]:
        files.append(("licenses/" + name, (project["root"] / name).read_bytes()))
    return files


def _prepare_metadata(root, directory, editable):
    project = load_project(root)
    tag = "py3-none-any"
    if not editable:
        libs = [p for p in package_files(root, project) if p.name in LIBRARIES]
        tag = wheel_tag([(p.name, (root / p).read_bytes()) for p in libs])
    dist_info = "%s-%s.dist-info" % (project["filename_name"], project["version"])
    for name, data in _dist_info_files(project, tag, tag.endswith("-any")):
        path = directory / dist_info / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return dist_info


def _write_wheel(directory, project, tag, contents):
    """contents: (archive name, bytes) pairs. Returns the wheel's file name."""
    dist_info = "%s-%s.dist-info" % (project["filename_name"], project["version"])
    entries = sorted(contents)
    entries += [(dist_info + "/" + name, data)
                for name, data in _dist_info_files(project, tag, tag.endswith("-any"))]
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for name, data in entries:
        writer.writerow([name, _hash(data), len(data)])
    writer.writerow([dist_info + "/RECORD", "", ""])
    entries.append((dist_info + "/RECORD", record.getvalue().encode()))

    name = "%s-%s-%s.whl" % (project["filename_name"], project["version"], tag)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = time.gmtime(_timestamp())[:6]
    partial = directory / (name + ".part")
    with zipfile.ZipFile(partial, "w") as archive:
        for entry, data in entries:
            info = zipfile.ZipInfo(entry, date_time=stamp)
            info.create_system = 3  # Unix, so the permission bits below are read
            info.external_attr = (stat.S_IFREG | 0o644) << 16  # a library needs no x bit
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=6)
    os.replace(partial, directory / name)
    return name


def _write_tar_gz(path, base, members):
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = _timestamp()
    partial = path.with_name(path.name + ".part")
    with open(partial, "wb") as raw:
        # no file name and a fixed time in the gzip header, so the bytes depend on content only
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=stamp, compresslevel=6) as gz:
            with tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
                for name, data in members:
                    info = tarfile.TarInfo(base + "/" + name)
                    info.size, info.mtime, info.mode = len(data), stamp, 0o644
                    info.uid = info.gid = 0
                    info.uname = info.gname = ""
                    tar.addfile(info, io.BytesIO(data))
    os.replace(partial, path)


# --- a reader for the subset of TOML pyproject.toml uses (Pythons without tomllib) ----------

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_INTEGER = re.compile(r"[+-]?(0|[1-9][0-9]*)(?![0-9A-Za-z_.:+-])")
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


def read_toml(text):
    """Parses TOML made of [table] headers (dotted names allowed), `key = value` lines (bare or
    quoted keys) and values that are one-line basic or literal strings, arrays (over several
    lines, with comments and a trailing comma), inline tables, true/false and decimal
    integers. Anything else raises BackendError naming the line: a reader that guessed would
    build a package with wrong metadata."""
    return _TomlReader(text).document()


class _TomlReader:
    def __init__(self, text):
        self.text = text.replace("\r\n", "\n")
        self.at = 0

    def fail(self, what):
        line = self.text.count("\n", 0, self.at) + 1
        raise BackendError("pyproject.toml line %d: %s (this TOML reader takes only the subset "
                           "described in tdjson_backend.read_toml; Python 3.11+ reads all)"
                           % (line, what))

    def peek(self, n=1):
        return self.text[self.at:self.at + n]

    def spaces(self):
        while self.peek() in (" ", "\t"):
            self.at += 1

    def blanks(self):  # spaces, newlines and comments (between array items, between lines)
        while True:
            self.spaces()
            if self.peek() == "#":
                end = self.text.find("\n", self.at)
                self.at = len(self.text) if end < 0 else end
            elif self.peek() == "\n":
                self.at += 1
            else:
                return

    def end_of_line(self):
        self.spaces()
        if self.peek() == "#":
            end = self.text.find("\n", self.at)
            self.at = len(self.text) if end < 0 else end
        if self.peek() not in ("\n", ""):
            self.fail("unexpected %r after a value" % self.peek())

    def document(self):
        root, defined = {}, set()
        table = root
        while True:
            self.blanks()
            if self.at >= len(self.text):
                return root
            if self.peek(2) == "[[":
                self.fail("arrays of tables are not supported")
            if self.peek() == "[":
                self.at += 1
                self.spaces()
                path = self.key_path("]")
                self.at += 1
                self.end_of_line()
                if path in defined:
                    self.fail("table [%s] defined twice" % ".".join(path))
                defined.add(path)
                table = root
                for part in path:
                    table = table.setdefault(part, {})
                    if not isinstance(table, dict):
                        self.fail("[%s] is not a table" % ".".join(path))
                continue
            key = self.key_path("=")
            if len(key) != 1:
                self.fail("dotted keys are not supported")
            self.at += 1
            self.spaces()
            value = self.value()
            if key[0] in table:
                self.fail("key %r defined twice" % key[0])
            table[key[0]] = value
            self.end_of_line()

    def key_path(self, terminator):
        parts = []
        while True:
            self.spaces()
            parts.append(self.key())
            self.spaces()
            if self.peek() == ".":
                self.at += 1
                continue
            if self.peek() != terminator:
                self.fail("expected %r" % terminator)
            return tuple(parts)

    def key(self):
        if self.peek() in ('"', "'"):
            return self.string()
        found = _BARE_KEY.match(self.text, self.at)
        if not found:
            self.fail("expected a key")
        self.at = found.end()
        return found.group()

    def value(self):
        c = self.peek()
        if c in ('"', "'"):
            return self.string()
        if c == "[":
            return self.array()
        if c == "{":
            return self.inline_table()
        for word, result in (("true", True), ("false", False)):
            if self.text.startswith(word, self.at) and \
                    not _BARE_KEY.match(self.text, self.at + len(word)):
                self.at += len(word)
                return result
        found = _INTEGER.match(self.text, self.at)
        if found:
            self.at = found.end()
            return int(found.group())
        self.fail("unsupported value starting %r" % self.text[self.at:self.at + 12])

    def string(self):
        quote = self.peek()
        if self.peek(3) == quote * 3:
            self.fail("multi-line strings are not supported")
        self.at += 1
        out = []
        while True:
            c = self.peek()
            if c in ("", "\n"):
                self.fail("unterminated string")
            self.at += 1
            if c == quote:
                return "".join(out)
            if c == "\\" and quote == '"':
                e = self.peek()
                self.at += 1
                if e in _ESCAPES:
                    out.append(_ESCAPES[e])
                elif e in ("u", "U"):
                    digits = self.text[self.at:self.at + (4 if e == "u" else 8)]
                    if not re.fullmatch(r"[0-9A-Fa-f]{4}|[0-9A-Fa-f]{8}", digits):
                        self.fail("bad \\%s escape" % e)
                    self.at += len(digits)
                    out.append(chr(int(digits, 16)))
                else:
                    self.fail("unknown escape \\%s" % e)
            elif c < " " and c != "\t":
                self.fail("control character in a string")
            else:
                out.append(c)

    def array(self):
        self.at += 1
        items = []
        while True:
            self.blanks()
            if self.peek() == "]":
                self.at += 1
                return items
            items.append(self.value())
            self.blanks()
            if self.peek() == ",":
                self.at += 1
            elif self.peek() != "]":
                self.fail("expected ',' or ']' in an array")

    def inline_table(self):
        self.at += 1
        table = {}
        self.spaces()
        if self.peek() == "}":
            self.at += 1
            return table
        while True:
            self.spaces()
            key = self.key_path("=")
            if len(key) != 1:
                self.fail("dotted keys are not supported")
            self.at += 1
            self.spaces()
            if key[0] in table:
                self.fail("key %r defined twice" % key[0])
            table[key[0]] = self.value()
            self.spaces()
            if self.peek() == ",":
                self.at += 1
            elif self.peek() == "}":
                self.at += 1
                return table
            else:
                self.fail("expected ',' or '}' in an inline table")
