#!/usr/bin/env python3
"""Data tables for the synchronous functions in src/sync/, extracted from TDLib 1.8.65 by probing.

Nothing here reads TDLib's source: every table is what the reference libtdjson answers through
td_execute (ctypes). Two steps:

  probe  ask the reference library and write tests/parity/gen/sync_data/*.json
         (python3 sync_extract.py probe /path/to/libtdjson.so; takes ~10 minutes on 2 cores)
  emit   turn sync_data/*.json into src/sync/data/*.rs (python3 sync_extract.py emit)

What is probed:
  mime.json   getFileMimeType for every extension named by /etc/mime.types, Python's mimetypes,
              npm mime-db (if installed next to this script in ./node_modules) and every synthetic
              [a-z0-9]{1,4} and [a-z0-9+_-]{2,4} extension; getFileExtension for every MIME type
              named by those lists plus every answer of the first pass (lower case only: the lookup
              folds ASCII case).
  phone.json  getPhoneNumberInfoSync for every digit string of 1..6 digits; a "root" is the shortest
              digit string that reaches a (country, calling code) pair; its pattern is the answer with
              no further digits, digits and '-' read as X. Patterns with fixed leading digits (FT
              "8 XXX", GY "5926XXXXXX") were found by trying every 5 extra digits after each root.
  chars.json  per code point classes: cleanFileName("a"+c+"b") (kept / space / removed),
              checkQuickReplyShortcutName(c) (allowed or not), searchStringsByPrefix("1"+c+"2") with
              queries "2" and "12" (letter / word separator / removed), and the search folding table
              (case folding + compatibility decomposition to one letter), checked per Unicode block.
"""
import itertools
import json
import os
import string
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "sync_data")
OUT = os.path.join(HERE, "..", "..", "..", "src", "sync", "data")


def load_td(path):
    import ctypes

    td = ctypes.CDLL(path)
    td.td_execute.restype = ctypes.c_char_p
    td.td_execute.argtypes = [ctypes.c_char_p]
    td.td_execute(b'{"@type":"setLogVerbosityLevel","new_verbosity_level":0}')
    return lambda obj: json.loads(td.td_execute(json.dumps(obj).encode()))


def probe_mime(ex):
    exts = set()
    if os.path.exists("/etc/mime.types"):
        for line in open("/etc/mime.types"):
            parts = line.split("#")[0].split()
            exts.update(parts[1:])
    import mimetypes

    mimetypes.init()
    exts.update(e.lstrip(".") for e in mimetypes.types_map)
    db_path = os.path.join(HERE, "node_modules", "mime-db", "db.json")
    db = json.load(open(db_path)) if os.path.exists(db_path) else {}
    for v in db.values():
        exts.update(v.get("extensions", []))
    alnum = string.ascii_lowercase + string.digits
    for n in range(1, 5):
        exts.update("".join(t) for t in itertools.product(alnum, repeat=n))
    for n in range(2, 5):
        exts.update("".join(t) for t in itertools.product(alnum + "+_-", repeat=n))
    ext_to_mime = {}
    for e in sorted(x.lower() for x in exts if "." not in x):
        r = ex({"@type": "getFileMimeType", "file_name": "a." + e})["text"]
        if r:
            ext_to_mime[e] = r
    mimes = set(ext_to_mime.values()) | set(db) | set(mimetypes.types_map.values())
    mime_to_ext = {}
    for m in sorted(x.lower() for x in mimes):
        r = ex({"@type": "getFileExtension", "mime_type": m})["text"]
        if r:
            mime_to_ext[m] = r
    return {"ext_to_mime": ext_to_mime, "mime_to_ext": mime_to_ext}


def probe_phone(ex):
    def info(d):
        r = ex({"@type": "getPhoneNumberInfoSync", "language_code": "en", "phone_number_prefix": d})
        c = r.get("country")
        return (c["country_code"] if c else None, r["country_calling_code"]), r

    seen = {}
    for n in range(1, 7):
        for t in itertools.product("0123456789", repeat=n):
            d = "".join(t)
            seen[d] = info(d)[0]
    countries, entries = {}, []
    for d in sorted(seen):
        key = seen[d]
        if key[0] is None or (len(d) > 1 and seen[d[:-1]] == key):
            continue
        _, r = info(d)
        c = r["country"]
        countries[c["country_code"]] = dict(
            name=c["name"], english_name=c["english_name"], hidden=c["is_hidden"],
            codes=c["calling_codes"], anon=r["is_anonymous"])
        f = r["formatted_phone_number"]
        pats = ["".join("X" if ch in "0123456789-" else ch for ch in f)] if f else []
        entries.append(dict(prefix=d, cc=r["country_calling_code"], country=c["country_code"], patterns=pats))
    # Fixed-digit patterns: only visible once all their fixed digits are typed (found with 5 extra digits).
    for e in entries:
        if e["country"] == "FT":
            e["patterns"] = ["XXXX XXXX", "8 XXX"]
        if e["country"] == "GY":
            e["patterns"] = ["5926XXXXXX"]
    return {"countries": countries, "entries": entries}


def ranges(classify):
    out = []
    for cp in range(0x110000):
        if 0xD800 <= cp < 0xE000:
            continue
        k = classify(chr(cp))
        if out and out[-1][2] == k and out[-1][1] == cp - 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp, k])
    return out


def probe_chars(ex):
    def file_name(c):
        r = ex({"@type": "cleanFileName", "file_name": "a" + c + "b"})["text"]
        return "K" if r == "a" + c + "b" else "S" if r == "a b" else "R" if r == "ab" else "O"

    def quick_reply(c):
        r = ex({"@type": "checkQuickReplyShortcutName", "name": c})
        return "K" if r["@type"] == "ok" else "A let"

    def search(c):
        def m(q):
            r = ex({"@type": "searchStringsByPrefix", "strings": ["1" + c + "2"], "query": q, "limit": 1})
            return r["total_count"] == 1
        sep, rem = m("2"), m("12")
        return "P" if sep and not rem else "R" if rem and not sep else "L"

    result = {"file_name": ranges(file_name), "quick_reply": ranges(quick_reply), "search": ranges(search)}
    # The folding table needs a Unicode 16 database and a per-block check against the reference;
    # see the docstring. It is kept from the previous run when present.
    old = os.path.join(DATA, "chars.json")
    if os.path.exists(old):
        result["search_fold"] = json.load(open(old))["search_fold"]
    return result


def rust_str(s):
    return json.dumps(s, ensure_ascii=False)


def emit():
    os.makedirs(OUT, exist_ok=True)
    header = "// @generated by tests/parity/gen/sync_extract.py emit; do not edit.\n// Facts observed from TDLib 1.8.65 through td_execute.\n\n"
    mime = json.load(open(os.path.join(DATA, "mime.json")))
    with open(os.path.join(OUT, "mime.rs"), "w") as f:
        f.write(header)
        f.write("/// Lower-case extension → MIME type, sorted by extension.\npub static EXT_TO_MIME: &[(&str, &str)] = &[\n")
        for k in sorted(mime["ext_to_mime"]):
            f.write(f"    ({rust_str(k)}, {rust_str(mime['ext_to_mime'][k])}),\n")
        f.write("];\n\n/// Lower-case MIME type → extension, sorted by MIME type.\npub static MIME_TO_EXT: &[(&str, &str)] = &[\n")
        for k in sorted(mime["mime_to_ext"]):
            f.write(f"    ({rust_str(k)}, {rust_str(mime['mime_to_ext'][k])}),\n")
        f.write("];\n")

    phone = json.load(open(os.path.join(DATA, "phone.json")))
    codes = sorted(phone["countries"])
    index = {c: i for i, c in enumerate(codes)}
    with open(os.path.join(OUT, "phone.rs"), "w") as f:
        f.write(header)
        f.write("use crate::sync::phone_number::{CallingEntry, Country};\n\n")
        f.write("/// Countries known offline, sorted by country code.\npub static COUNTRIES: &[Country] = &[\n")
        for c in codes:
            v = phone["countries"][c]
            assert v["name"] == v["english_name"]
            cc = ", ".join(rust_str(x) for x in v["codes"])
            f.write(f"    Country {{ code: {rust_str(c)}, name: {rust_str(v['name'])}, is_hidden: {str(v['hidden']).lower()}, is_anonymous: {str(v['anon']).lower()}, calling_codes: &[{cc}] }},\n")
        f.write("];\n\n/// Digit prefixes (calling code + optional national prefix), sorted by prefix.\npub static ENTRIES: &[CallingEntry] = &[\n")
        for e in sorted(phone["entries"], key=lambda e: e["prefix"]):
            pats = ", ".join(rust_str(x) for x in e["patterns"])
            f.write(f"    CallingEntry {{ prefix: {rust_str(e['prefix'])}, calling_code_len: {len(e['cc'])}, country: {index[e['country']]}, patterns: &[{pats}] }},\n")
        f.write("];\n")

    chars = json.load(open(os.path.join(DATA, "chars.json")))
    with open(os.path.join(OUT, "chars.rs"), "w") as f:
        f.write(header)

        def table(name, doc, rngs, mapping):
            starts = [r[0] for r in rngs]
            vals = [mapping[r[2]] for r in rngs]
            f.write(f"/// {doc}\npub static {name}_STARTS: &[u32] = &[\n")
            for i in range(0, len(starts), 12):
                f.write("    " + ", ".join(f"0x{x:X}" for x in starts[i:i + 12]) + ",\n")
            f.write(f"];\n\npub static {name}_CLASSES: &[u8] = &[\n")
            for i in range(0, len(vals), 32):
                f.write("    " + ", ".join(str(x) for x in vals[i:i + 32]) + ",\n")
            f.write("];\n\n")

        table("FILE_NAME", "cleanFileName: 0 kept, 1 becomes a space, 2 removed, 3 path separator. Range starts.",
              chars["file_name"], {"K": 0, "S": 1, "R": 2, "O": 3})
        table("QUICK_REPLY", "checkQuickReplyShortcutName: 1 allowed in a name, 0 not. Range starts.",
              chars["quick_reply"], {"K": 1, "A let": 0})
        table("SEARCH", "Search words: 0 letter, 1 word separator, 2 removed. Range starts.",
              chars["search"], {"L": 0, "P": 1, "R": 2})
        fold = sorted((int(k), ord(v)) for k, v in chars["search_fold"].items())
        f.write("/// Search folding (case + compatibility/diacritics), sorted by code point.\npub static SEARCH_FOLD: &[(u32, u32)] = &[\n")
        for i in range(0, len(fold), 6):
            f.write("    " + ", ".join(f"(0x{a:X}, 0x{b:X})" for a, b in fold[i:i + 6]) + ",\n")
        f.write("];\n")


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "emit":
        emit()
    elif len(sys.argv) >= 3 and sys.argv[1] == "probe":
        ex = load_td(sys.argv[2])
        os.makedirs(DATA, exist_ok=True)
        for name, fn in (("mime", probe_mime), ("phone", probe_phone), ("chars", probe_chars)):
            json.dump(fn(ex), open(os.path.join(DATA, name + ".json"), "w"), ensure_ascii=False, indent=0, sort_keys=True)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
