#!/usr/bin/env python3
"""TDLib parity harness: the same requests through our libtdjson and the real one, answers compared.

Cases live in tests/parity/cases/*.jsonl, one JSON object per line:
    {"id": "unique-id", "request": "<raw request text>"}
    {"id": "unique-id", "request_b64": "<base64 of raw request bytes>"}   (invalid UTF-8 and the like)
Optional keys: "send": false (skip the td_send pass for this case).

Database files: a line {"db": "name", "sql": "<SQL script>"} makes $DB/name an SQLite database
built by that script before each library runs ({"db": "name", "file_b64": ...} a file with those
bytes instead); "$DB" in any request is the directory holding
them (the same path for both libraries, rebuilt between the runs, so both see identical
files). After each run the directory is listed and every database in it dumped (tables, their
SQL, every row as bytes); the two libraries must leave the same files behind.

Each case runs twice per library: through td_execute, and through td_send on a fresh client
(answers read back with td_receive, startup updates included). Every library runs in its own
process, so a crash is caught and names the case. The only normalization is the commit hash.
Differences listed in tests/parity/explained.jsonl ({"id": ..., "mode": "execute"|"send", "why": ...})
are reported but accepted; any other difference, crash or missing answer fails the run.

    python3 tests/parity/run.py --ours target/release/libtdjson.so --anchor PATH [--only SUBSTR] [-v]
"""
import argparse
import base64
import ctypes
import glob
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
COMMIT = "<commit_hash>"
UPDATE_TYPES = (b'{"@type":"updateOption"', b'{"@type":"updateAuthorizationState"')
SEND_WAIT = 5.0  # seconds a td_send case waits for an answer (microseconds normally; held requests get none)


def load_cases(pattern_dir, only, db_dir):
    cases, seen, dbs = [], set(), {}
    for path in sorted(glob.glob(os.path.join(pattern_dir, "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                try:
                    case = json.loads(line)
                except ValueError as e:
                    sys.exit(f"{path}:{n}: not JSON: {e}")
                if "db" in case:
                    name, content = case["db"], case.get("sql")
                    if "file_b64" in case:
                        content = base64.b64decode(case["file_b64"])
                    if not isinstance(name, str) or "/" in name or name in dbs or content is None:
                        sys.exit(f"{path}:{n}: a database needs a new plain 'db' name and 'sql' or 'file_b64'")
                    dbs[name] = content
                    continue
                cid = case.get("id")
                if not isinstance(cid, str) or cid in seen:
                    sys.exit(f"{path}:{n}: missing or duplicate id {cid!r}")
                seen.add(cid)
                if "request_b64" in case:
                    raw = base64.b64decode(case["request_b64"])
                elif isinstance(case.get("request"), str):
                    raw = case["request"].encode("utf-8", "surrogatepass")
                else:
                    sys.exit(f"{path}:{n}: case needs a string 'request' or 'request_b64'")
                raw = raw.replace(b"$DB", db_dir.encode())
                if only and only not in cid:
                    continue
                cases.append({"id": cid, "raw": raw, "send": case.get("send", True),
                              "file": os.path.basename(path)})
    return cases, dbs


# ---------------------------------------------------------------- database files

def build_databases(db_dir, dbs):
    """(Re)creates db_dir with the databases, in this process (no library is loaded here)."""
    shutil.rmtree(db_dir, ignore_errors=True)
    os.makedirs(db_dir)
    for name, content in dbs.items():
        path = os.path.join(db_dir, name)
        if isinstance(content, bytes):
            with open(path, "wb") as f:
                f.write(content)
            continue
        con = sqlite3.connect(path)
        try:
            con.executescript(content)
            con.commit()
        finally:
            con.close()


def dump_databases(db_dir):
    """What a run left in db_dir: the file names, then each database's tables and rows."""
    out = []
    for root, dirs, files in os.walk(db_dir):
        dirs.sort()
        for f in sorted(files):
            out.append("file " + os.path.relpath(os.path.join(root, f), db_dir))
    for line in list(out):
        name = line[5:]
        path = os.path.join(db_dir, name)
        if name.endswith(("-wal", "-shm", "-journal")):
            continue
        with open(path, "rb") as f:
            if f.read(16) != b"SQLite format 3\0":
                continue
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            for kind, tname, sql in con.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name"):
                out.append(f"{name}: {kind} {tname} {sql}")
                if kind == "table":
                    for row in con.execute(f'SELECT * FROM "{tname}" ORDER BY 1'):
                        out.append(f"{name}: {tname} " + " ".join(
                            v.hex() if isinstance(v, bytes) else repr(v) for v in row))
        except sqlite3.Error as e:
            out.append(f"{name}: unreadable: {e}")
        finally:
            con.close()
    return out


# ---------------------------------------------------------------- worker (one library per process)

def worker(lib_path, cases_path):
    td = ctypes.CDLL(lib_path)
    td.td_execute.restype = ctypes.c_char_p
    td.td_execute.argtypes = [ctypes.c_char_p]
    td.td_receive.restype = ctypes.c_char_p
    td.td_receive.argtypes = [ctypes.c_double]
    td.td_send.argtypes = [ctypes.c_int, ctypes.c_char_p]
    td.td_send.restype = None
    td.td_create_client_id.restype = ctypes.c_int
    td.td_execute(b'{"@type":"setLogVerbosityLevel","new_verbosity_level":0}')
    commit = json.loads(td.td_execute(b'{"@type":"getOption","name":"commit_hash"}'))["value"]
    commit_json = json.dumps(commit).encode()

    def norm(answer):
        if answer is None:
            return None
        return answer.replace(b'"value":' + commit_json, b'"value":"' + COMMIT.encode() + b'"')

    with open(cases_path, "rb") as f:
        cases = json.load(f)
    out = sys.stdout
    for case in cases:
        raw = base64.b64decode(case["raw"])
        # Mark progress first, so a crash names the case.
        out.write(json.dumps({"start": case["id"]}) + "\n")
        out.flush()
        result = {"id": case["id"], "execute": b64(norm(td.td_execute(raw)))}
        if case["send"]:
            client = td.td_create_client_id()
            td.td_send(client, raw)
            got = []
            # Until this client's first answer; a late message of an earlier case's client
            # (a stalled machine) is left out rather than taken for this one's.
            mine = b'"@client_id":%d}' % client
            deadline = time.monotonic() + SEND_WAIT
            while time.monotonic() < deadline:
                answer = td.td_receive(max(0.0, deadline - time.monotonic()))
                if answer is None:
                    break
                if not answer.endswith(mine):
                    continue
                got.append(norm(answer))
                if not answer.startswith(UPDATE_TYPES):
                    break
            if not got or got[-1].startswith(UPDATE_TYPES):
                sys.stderr.write(f"parity: case {case['id']}: no answer within {SEND_WAIT} s\n")
            result["send"] = [b64(a) for a in got]
        out.write(json.dumps(result) + "\n")
        out.flush()
    out.write(json.dumps({"done": True}) + "\n")
    out.flush()
    os._exit(0)  # skip library destructors with live clients


def b64(data):
    return None if data is None else base64.b64encode(data).decode()


def run_worker(lib_path, cases, timeout, label):
    tmp = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"parity-cases-{os.getpid()}.json")
    with open(tmp, "w") as f:
        json.dump([{"id": c["id"], "raw": b64(c["raw"]), "send": c["send"]} for c in cases], f)
    try:
        proc = subprocess.run([sys.executable, __file__, "--worker", lib_path, tmp],
                              capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        proc = None
        stdout, stderr, rc = e.stdout or b"", e.stderr or b"", "timeout"
    else:
        stdout, stderr, rc = proc.stdout, proc.stderr, proc.returncode
    finally:
        os.unlink(tmp)
    results, last_started, done = {}, None, False
    for line in stdout.splitlines():
        msg = json.loads(line)
        if "start" in msg:
            last_started = msg["start"]
        elif msg.get("done"):
            done = True
        else:
            results[msg["id"]] = msg
    for line in stderr.decode(errors="replace").splitlines():
        if line.startswith("parity: "):
            print(f"{label}: {line}")
    failure = None
    if not done:
        failure = (f"{lib_path}: worker ended early (rc {rc}) during case {last_started!r}\n"
                   + stderr.decode(errors="replace")[-2000:])
    return results, failure


# ---------------------------------------------------------------- comparison

def show(answer):
    if answer is None:
        return "<no answer>"
    text = base64.b64decode(answer).decode("utf-8", "backslashreplace")
    return text if len(text) < 600 else text[:600] + f"... ({len(text)} chars)"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--worker", nargs=2, metavar=("LIB", "CASES"))
    ap.add_argument("--ours")
    ap.add_argument("--anchor", default=os.environ.get("TDJSON_ANCHOR"))
    ap.add_argument("--cases", default=os.path.join(HERE, "cases"))
    ap.add_argument("--explained", default=os.path.join(HERE, "explained.jsonl"))
    ap.add_argument("--only", help="run only cases whose id contains this")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    for name, path in (("--ours", args.ours), ("--anchor", args.anchor)):
        if not path or not os.path.isfile(path):
            sys.exit(f"parity: {name} library not found: {path!r} (the reference comes from "
                     "../shared/tools/setup_anchor.sh); refusing to pass without it")

    db_dir = os.path.join(tempfile.gettempdir(), f"tdjson-parity-db-{os.getpid()}")
    cases, dbs = load_cases(args.cases, args.only, db_dir)
    if not cases:
        sys.exit("parity: no cases found")
    explained = {}
    if os.path.exists(args.explained):
        with open(args.explained, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    e = json.loads(line)
                    explained[(e["id"], e["mode"])] = e["why"]

    t0 = time.monotonic()
    # Relative paths in requests resolve in the directory the workers run in (this one).
    build_databases(db_dir, dbs)
    ours, ours_fail = run_worker(args.ours, cases, args.timeout, "ours")
    ours_files = dump_databases(db_dir)
    build_databases(db_dir, dbs)
    theirs, theirs_fail = run_worker(args.anchor, cases, args.timeout, "TDLib")
    theirs_files = dump_databases(db_dir)
    shutil.rmtree(db_dir, ignore_errors=True)
    if theirs_fail:
        sys.exit("parity: the reference library failed:\n" + theirs_fail)

    same = accepted = 0
    unexplained = []
    for case in cases:
        cid = case["id"]
        mine, ref = ours.get(cid), theirs.get(cid)
        if ref is None:
            sys.exit(f"parity: the reference gave no result for {cid}")
        modes = ["execute"] + (["send"] if case["send"] else [])
        for mode in modes:
            a = None if mine is None else mine.get(mode)
            b = ref.get(mode)
            if a == b:
                same += 1
            elif (cid, mode) in explained:
                accepted += 1
                if args.verbose:
                    print(f"explained {cid} [{mode}]: {explained[(cid, mode)]}")
            else:
                unexplained.append((case, mode, a, b))

    for case, mode, a, b in unexplained:
        print(f"DIFF {case['id']} [{mode}] ({case['file']})")
        print(f"  request: {case['raw'][:300].decode('utf-8', 'backslashreplace')}")
        if mode == "execute":
            print(f"  ours:    {show(a)}\n  tdlib:   {show(b)}")
        else:
            for i in range(max(len(a or []), len(b or []))):
                x = show(a[i]) if a and i < len(a) else "<nothing>"
                y = show(b[i]) if b and i < len(b) else "<nothing>"
                mark = " " if x == y else "*"
                print(f" {mark}ours[{i}]:  {x}\n {mark}tdlib[{i}]: {y}")
    files_differ = ours_files != theirs_files
    if files_differ:
        print("DIFF database files ($DB) after the run:")
        for line in sorted(set(ours_files) ^ set(theirs_files)):
            print(("  ours only:  " if line in ours_files else "  tdlib only: ") + line)
    total = same + accepted + len(unexplained)
    print(f"parity: {len(cases)} cases, {total} comparisons: {same} identical, {accepted} explained, "
          f"{len(unexplained)} unexplained ({time.monotonic() - t0:.1f} s)")
    if ours_fail:
        print("parity: OUR LIBRARY FAILED: " + ours_fail)
    if dbs:
        print(f"parity: {len(dbs)} databases set up, {len(theirs_files)} lines of files and rows after the "
              f"run: {'DIFFERENT' if files_differ else 'identical'}")
    sys.exit(1 if unexplained or ours_fail or files_differ else 0)


if __name__ == "__main__":
    main()
