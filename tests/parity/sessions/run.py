#!/usr/bin/env python3
"""TDLib parity for td_send/td_receive sessions: the same script runs on our libtdjson and on the
real one, each scenario in a fresh process per library, and what every client received is compared.

A scenario (scenarios/*.json) is {"id": ..., "steps": [...], "order": "strict" | "by-extra"}:
    {"create": "a"}                         td_create_client_id(), remembered as client "a"
    {"send": "a", "request": {...}|"raw"|null}   td_send to client "a" (a number for a raw id;
                                            null sends a NULL pointer)
    {"receive": 0.5}                        td_receive until nothing arrives for 0.5 s
    {"execute": {...}}                      td_execute (its answer is compared too)
    {"sleep": 0.2}
    {"json_create": "j"} / {"json_send": "j", "request": ...} / {"json_receive": "j", "quiet": 0.3}
    / {"json_destroy": "j"}       the old td_json_client_* interface (compared in order)
Placeholders "$TMP" (a fresh directory per run) are substituted into requests and back out of
answers. Normalized: the commit hash, unix_time values, the database directory.

Comparison, per client: "strict" compares the whole sequence of messages (TDLib sometimes
delivers authorizationStateClosed only when the next message arrives, so that update is moved
to the end of both sequences); "by-extra" (default)
compares the sequence of updates (messages without @extra) exactly and each answer by its @extra,
since TDLib answers different kinds of requests in an order that is not request order.
    python3 tests/parity/sessions/run.py --ours OURS.so --anchor TDLIB.so [--only SUBSTR] [-v]
"""
import argparse, ctypes, glob, json, os, re, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
CLOSE_WAIT = 20.0  # seconds a drain waits for the Closed of a closing client


def worker(lib_path, scenario_path):
    td = ctypes.CDLL(lib_path)
    td.td_execute.restype = ctypes.c_char_p
    td.td_execute.argtypes = [ctypes.c_char_p]
    td.td_receive.restype = ctypes.c_char_p
    td.td_receive.argtypes = [ctypes.c_double]
    td.td_send.argtypes = [ctypes.c_int, ctypes.c_char_p]
    td.td_send.restype = None
    td.td_create_client_id.restype = ctypes.c_int
    td.td_json_client_create.restype = ctypes.c_void_p
    td.td_json_client_send.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    td.td_json_client_receive.restype = ctypes.c_char_p
    td.td_json_client_receive.argtypes = [ctypes.c_void_p, ctypes.c_double]
    td.td_json_client_destroy.argtypes = [ctypes.c_void_p]
    td.td_execute(b'{"@type":"setLogVerbosityLevel","new_verbosity_level":0}')
    json_clients = {}
    commit = json.loads(td.td_execute(b'{"@type":"getOption","name":"commit_hash"}'))["value"]
    tmp = tempfile.mkdtemp(prefix="tdparity-")
    with open(scenario_path, encoding="utf-8") as f:
        scenario = json.load(f)
    clients, log = {}, []

    def enc(req):
        if req is None:
            return None
        text = req if isinstance(req, str) else json.dumps(req, ensure_ascii=False)
        return text.replace("$TMP", tmp).encode("utf-8", "surrogateescape")

    def norm(b):
        s = b.decode("utf-8", "backslashreplace")
        s = s.replace(json.dumps(commit), '"<commit_hash>"').replace(tmp, "$TMP")
        return re.sub(r'("name":"unix_time","value":\{"@type":"optionValueInteger","value":)"\d+"', r'\1"<time>"', s)

    # Clients seen Closing or LoggingOut and not yet Closed. A drain waits for their Closed
    # (TDLib sends it after closing its database, which a busy machine can make take longer
    # than any quiet window), so what a scenario sends next meets the same state each run.
    ending = set()

    def note_state(m, key):
        if '"@type":"updateAuthorizationState"' not in m:
            return
        if '"authorizationStateClosed"' in m:
            ending.discard(key)
        elif '"authorizationStateClosing"' in m or '"authorizationStateLoggingOut"' in m:
            ending.add(key)

    def drain(quiet):
        deadline = time.monotonic() + CLOSE_WAIT
        while True:
            waiting = any(isinstance(k, int) for k in ending) and time.monotonic() < deadline
            r = td.td_receive(min(quiet, 0.1) if waiting else quiet)
            if r is None:
                if waiting:
                    continue
                return
            m = norm(r)
            log.append({"receive": m})
            note_state(m, json.loads(m).get("@client_id"))

    for step in scenario["steps"]:
        if "create" in step:
            clients[step["create"]] = td.td_create_client_id()
            log.append({"created": step["create"], "id": clients[step["create"]]})
        elif "send" in step:
            cid = clients[step["send"]] if isinstance(step["send"], str) else step["send"]
            td.td_send(cid, enc(step["request"]))
        elif "receive" in step:
            drain(step["receive"])
        elif "execute" in step:
            r = td.td_execute(enc(step["execute"]))
            log.append({"executed": None if r is None else norm(r)})
        elif "sleep" in step:
            time.sleep(step["sleep"])
        elif "json_create" in step:
            json_clients[step["json_create"]] = td.td_json_client_create()
        elif "json_send" in step:
            td.td_json_client_send(json_clients[step["json_send"]], enc(step["request"]))
        elif "json_receive" in step:
            name, quiet = step["json_receive"], step.get("quiet", 0.3)
            deadline = time.monotonic() + CLOSE_WAIT
            while True:
                waiting = name in ending and time.monotonic() < deadline
                r = td.td_json_client_receive(json_clients[name], min(quiet, 0.1) if waiting else quiet)
                if r is None:
                    if waiting:
                        continue
                    break
                m = norm(r)
                log.append({"json_received": name, "message": m})
                note_state(m, name)
        elif "json_destroy" in step:
            td.td_json_client_destroy(json_clients.pop(step["json_destroy"]))
    drain(scenario.get("final_receive", 0.5))
    sys.stdout.write(json.dumps(log) + "\n")
    sys.stdout.flush()
    os._exit(0)


def run(lib, path, timeout):
    try:
        p = subprocess.run([sys.executable, __file__, "--worker", lib, path], capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "timeout"
    if p.returncode != 0 or not p.stdout.strip():
        return None, f"rc {p.returncode}: {p.stderr.decode(errors='replace')[-1500:]}"
    return json.loads(p.stdout.decode().splitlines()[-1]), None


def per_client(log):
    out, other = {}, []
    for e in log:
        if "receive" in e:
            m = json.loads(e["receive"])
            out.setdefault(m.get("@client_id"), []).append(e["receive"])
        else:
            other.append(json.dumps(e))
    return out, other


def compare(scenario, ours, theirs):
    a, a_other = per_client(ours)
    b, b_other = per_client(theirs)
    problems = []
    if a_other != b_other:
        problems.append("ids, td_execute or old-interface results differ:\n" + diff(a_other, b_other))
    strict = scenario.get("order") == "strict"
    for client in sorted(set(a) | set(b), key=str):
        x, y = closed_last(a.get(client, [])), closed_last(b.get(client, []))
        if strict:
            if x != y:
                problems.append(f"client {client}: sequences differ\n" + diff(x, y))
            continue
        ux = [m for m in x if '"@extra"' not in m]
        uy = [m for m in y if '"@extra"' not in m]
        if ux != uy:
            problems.append(f"client {client}: updates differ\n" + diff(ux, uy))
        ax = sorted(m for m in x if '"@extra"' in m)
        ay = sorted(m for m in y if '"@extra"' in m)
        if ax != ay:
            problems.append(f"client {client}: answers differ\n" + diff(ax, ay))
    return problems


def closed_last(messages):
    closed = [m for m in messages if '"authorizationStateClosed"' in m]
    return [m for m in messages if '"authorizationStateClosed"' not in m] + closed


def diff(x, y):
    lines = []
    for i in range(max(len(x), len(y))):
        p = x[i] if i < len(x) else "<nothing>"
        q = y[i] if i < len(y) else "<nothing>"
        mark = " " if p == q else "*"
        lines.append(f"  {mark}ours[{i}]:  {p[:400]}\n  {mark}tdlib[{i}]: {q[:400]}")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--worker", nargs=2)
    ap.add_argument("--ours")
    ap.add_argument("--anchor", default=os.environ.get("TDJSON_ANCHOR"))
    ap.add_argument("--only")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    for name, path in (("--ours", args.ours), ("--anchor", args.anchor)):
        if not path or not os.path.isfile(path):
            sys.exit(f"sessions: {name} library not found: {path!r}; refusing to pass without it")
    paths = sorted(glob.glob(os.path.join(HERE, "scenarios", "*.json")))
    if args.only:
        paths = [p for p in paths if args.only in os.path.basename(p)]
    if not paths:
        sys.exit("sessions: no scenarios found")
    failed = 0
    t0 = time.monotonic()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            scenario = json.load(f)
        t1 = time.monotonic()
        ours, err_a = run(args.ours, path, args.timeout)
        t2 = time.monotonic()
        theirs, err_b = run(args.anchor, path, args.timeout)
        t3 = time.monotonic()
        name = scenario["id"]
        if err_b:
            sys.exit(f"sessions: the reference library failed on {name}: {err_b}")
        problems = [f"our library failed: {err_a}"] if err_a else compare(scenario, ours, theirs)
        if problems:
            failed += 1
            print(f"DIFF {name}\n" + "\n".join(problems))
        elif args.verbose:
            print(f"same {name} (ours {t2 - t1:.1f} s, TDLib {t3 - t2:.1f} s)")
    print(f"sessions: {len(paths)} scenarios, {len(paths) - failed} identical, {failed} different "
          f"({time.monotonic() - t0:.1f} s)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
