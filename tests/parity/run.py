#!/usr/bin/env python3
"""TDLib parity harness: the same requests through our libtdjson and the real one, answers compared.

Cases live in tests/parity/cases/*.jsonl, one JSON object per line:
    {"id": "unique-id", "request": "<raw request text>"}
    {"id": "unique-id", "request_b64": "<base64 of raw request bytes>"}   (invalid UTF-8 and the like)
Optional keys: "send": false (skip the td_send pass for this case).

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
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
COMMIT = "<commit_hash>"
UPDATE_TYPES = (b'{"@type":"updateOption"', b'{"@type":"updateAuthorizationState"')


def load_cases(pattern_dir, only):
    cases, seen = [], set()
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
                if only and only not in cid:
                    continue
                cases.append({"id": cid, "raw": raw, "send": case.get("send", True),
                              "file": os.path.basename(path)})
    return cases


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
            deadline = time.monotonic() + 2.0
            while time.monotonic() < deadline:
                answer = td.td_receive(max(0.0, deadline - time.monotonic()))
                if answer is None:
                    break
                got.append(norm(answer))
                if not answer.startswith(UPDATE_TYPES):
                    break
            result["send"] = [b64(a) for a in got]
        out.write(json.dumps(result) + "\n")
        out.flush()
    out.write(json.dumps({"done": True}) + "\n")
    out.flush()
    os._exit(0)  # skip library destructors with live clients


def b64(data):
    return None if data is None else base64.b64encode(data).decode()


def run_worker(lib_path, cases, timeout):
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

    cases = load_cases(args.cases, args.only)
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
    ours, ours_fail = run_worker(args.ours, cases, args.timeout)
    theirs, theirs_fail = run_worker(args.anchor, cases, args.timeout)
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
    total = same + accepted + len(unexplained)
    print(f"parity: {len(cases)} cases, {total} comparisons: {same} identical, {accepted} explained, "
          f"{len(unexplained)} unexplained ({time.monotonic() - t0:.1f} s)")
    if ours_fail:
        print("parity: OUR LIBRARY FAILED: " + ours_fail)
    sys.exit(1 if unexplained or ours_fail else 0)


if __name__ == "__main__":
    main()
