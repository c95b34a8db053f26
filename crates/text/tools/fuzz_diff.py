#!/usr/bin/env python3
"""Differential fuzzing of the text crate against the reference libtdjson.

Random requests go to the reference (td_execute through ctypes) and to this crate (the
`textjson` example, one JSON line per request); answers are compared as JSON. Differences are
minimized (delta debugging over characters and entities) and printed, smallest first.

    cargo build --release -p text --example textjson
    python3 crates/text/tools/fuzz_diff.py FAMILY [-n 20000] [--seed 1] [--mix realistic|hostile]

FAMILY: gte (getTextEntities), gmd1 (getMarkdownText, one entity), gmd (2-4 entities),
pmd (parseMarkdown, 0-4 possibly overlapping entities), md2, md1, html (parseTextEntities).
"""
import argparse
import ctypes
import json
import os
import random
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
ANCHOR = os.environ.get(
    "TDJSON_ANCHOR", "/work/scratch/anchor/node_modules/@prebuilt-tdlib/linux-x64-glibc/libtdjson.so")
OURS = os.environ.get("TEXTJSON", os.path.join(ROOT, "target", "release", "examples", "textjson"))


class Reference:
    def __init__(self):
        td = ctypes.CDLL(ANCHOR)
        td.td_execute.restype = ctypes.c_char_p
        td.td_execute.argtypes = [ctypes.c_char_p]
        td.td_execute(b'{"@type":"setLogVerbosityLevel","new_verbosity_level":0}')
        self.td = td

    def ask(self, req):
        return json.loads(self.td.td_execute(json.dumps(req).encode()))


class Ours:
    def __init__(self):
        if not os.path.exists(OURS):
            sys.exit(f"missing {OURS}: cargo build --release -p text --example textjson")
        self.p = subprocess.Popen([OURS], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                  encoding="utf-8", errors="surrogatepass", bufsize=1)

    def ask(self, req):
        self.p.stdin.write(json.dumps(req) + "\n")
        self.p.stdin.flush()
        line = self.p.stdout.readline()
        if not line:
            raise RuntimeError("textjson died on " + json.dumps(req))
        return json.loads(line)


# ------------------------------------------------------------------ inputs
# An input is (text, entities) with entities as (kind, start, end) in Python characters; the
# request is built from it, so the minimizer can cut characters and keep entities consistent.

def u16(s):
    return len(s.encode("utf-16-le")) // 2


KIND_TYPES = {
    "Url*": {"@type": "textEntityTypeTextUrl", "url": "http://x.com/"},
    "Name": {"@type": "textEntityTypeMentionName", "user_id": 5},
    "PreCode": {"@type": "textEntityTypePreCode", "language": "py"},
    "Emoji": {"@type": "textEntityTypeCustomEmoji", "custom_emoji_id": "7"},
    "Time": {"@type": "textEntityTypeMediaTimestamp", "media_timestamp": 3},
}


def kind_json(k):
    return KIND_TYPES.get(k, {"@type": "textEntityType" + k})


def request(family, text, ents):
    if family == "gte":
        return {"@type": "getTextEntities", "text": text}
    if family in ("md2", "md1", "html"):
        pm = ({"@type": "textParseModeHTML"} if family == "html"
              else {"@type": "textParseModeMarkdown", "version": 2 if family == "md2" else 1})
        return {"@type": "parseTextEntities", "text": text, "parse_mode": pm}
    fn = "parseMarkdown" if family == "pmd" else "getMarkdownText"
    out = []
    for k, s, e in ents:
        o = u16(text[:s])
        out.append({"@type": "textEntity", "offset": o, "length": u16(text[s:e]), "type": kind_json(k)})
    return {"@type": fn, "text": {"@type": "formattedText", "text": text, "entities": out}}


GTE_ATOMS = {
    "realistic": ["hello ", "world ", " ", " ", "@durov", "#tag", "$USD", "/start", "https://", "http://", "www.",
                  "t.me/", "example", ".com", ".org", ".ru", "/path", "?q=1", "&b=2", "#frag", ":80", "user@",
                  "mail.com", "1.2.3.4", "4242424242424242", "1:23", "(", ")", ",", ".", "\n", "é", "😀", "tg://",
                  "resolve?domain=x", "telegram.org", "TELEGRAM.ORG", "HTTP://", "@", "a", "1"],
    "hostile": ['@', '#', '$', '/', '.', '..', ':', '-', '_', 'a', 'Z', 'com', 'org', 'рф', '1', '0', '42', 'http',
                'HTTP', 'https', '://', 'www.', 't.me', 'x.y', '?', '=', '&', '(', ')', '[', ']', '"', "'", ' ',
                '\n', 'é', '😀', '\u0301', '!', ',', ';', '~', '+', '%', '|', '\\', '`', '<', '>', '1.2.3.4',
                '4242424242424242', 'xn--p1ai', 'ton', 'e@x.com', 'u:p@', 'tg://', 'Com', '«', '\u00a0', '…',
                'ftp://', 'mailto:', 'tonsite://', 'telegram.org', '1:23', '@user', '#tag', '/cmd', '4242 ',
                '5555', '37', '62', '81', '2221', '9'],
}

MD_ATOMS = {
    "realistic": ["hello ", "world ", " ", " ", "**", "__", "~~", "||", "`", "```", "```py\n", "\n", "[", "](x.com)",
                  "](https://t.me/a)", "@durov", "#tag", "/cmd", "x.com", "é", "😀", "a", "b", "*", "_"],
    "hostile": ['**', '__', '~~', '||', '`', '``', '```', '```py\n', '[', '](x.com)', '](tg://user?id=5)', ']', '(',
                ')', '*', '_', '~', '|', 'a', 'b', ' ', '\n', 'é', '😀', 'x.com', '@durov', '#tag', '/cmd', '$USD',
                'https://t.me', '--', '\\'],
}

PARSE_ATOMS = {
    "md2": ['*', '_', '__', '~', '||', '|', '`', '```', '```py\n', '[', ']', '(', ')', '](http://x.com)',
            '](tg://user?id=5)', '![', '](tg://emoji?id=5)', '>', '\n', '\n>', '**>', '\\', '\\*', 'a', ' ', 'é',
            '😀', '.', '!', '#', '-', '[a](x.com)'],
    "md1": ['*', '_', '`', '```', '```py\n', '[', ']', '(', ')', '](http://x.com)', '](tg://user?id=5)', '\\', 'a',
            ' ', 'é', '😀', '\n', '.'],
    "html": ['<b>', '</b>', '<i>', '</i>', '<u>', '</u>', '<s>', '</s>', '<code>', '</code>', '<pre>', '</pre>',
             '<code class="language-py">', '<a href="x.com">', '<a href="tg://user?id=5">', '</a>', '<tg-spoiler>',
             '</tg-spoiler>', '<blockquote expandable>', '</blockquote>', '<tg-emoji emoji-id="5">', '</tg-emoji>',
             '<x>', '<', '>', '&', '&lt;', '&gt', '&#65;', '&#x1F600;', 'a', ' ', '\n', 'é', '😀', '"'],
}

KINDS = ["Bold", "Italic", "Underline", "Strikethrough", "Spoiler", "Code", "Pre", "PreCode", "Url*", "Name",
         "Mention", "Hashtag", "Url", "BlockQuote", "ExpandableBlockQuote", "Emoji", "Time"]
MD_KINDS = ["Bold", "Italic", "Strikethrough", "Spoiler", "Code", "Pre", "PreCode", "Url*", "Underline"]


def generate(family, mix, rnd):
    if family == "gte":
        atoms = GTE_ATOMS[mix]
        return "".join(rnd.choice(atoms) for _ in range(rnd.randint(1, 14))), []
    if family in PARSE_ATOMS:
        return "".join(rnd.choice(PARSE_ATOMS[family]) for _ in range(rnd.randint(1, 12))), []
    text = "".join(rnd.choice(MD_ATOMS[mix]) for _ in range(rnd.randint(1, 10)))
    n = len(text)
    if family == "gmd1":
        count = 1
    elif family == "gmd":
        count = rnd.randint(2, 4)
    else:
        count = rnd.choice([0, 1, 1, 2, 3, 4])
    kinds = MD_KINDS if family.startswith("gmd") and mix == "realistic" else KINDS
    ents = []
    for _ in range(count):
        s = rnd.randint(0, n - 1)
        ents.append((rnd.choice(kinds), s, rnd.randint(s + 1, n)))
    return text, ents


def crashes_reference(text):
    """The reference aborts on legacy Markdown "[text]" without "(url)" whose text starts or
    ends with a non-ASCII character (see tests/parity/gen/text_cases.py)."""
    for m in re.finditer(r"\[([^\]]+)\]", text):
        inner = m.group(1)
        if not text[m.end():].startswith("(") and (not inner[0].isascii() or not inner[-1].isascii()):
            return True
    return False


# ------------------------------------------------------------------ minimizing

def cut(text, ents, a, b):
    """Removes characters [a, b); entities shrink, empty ones go."""
    def mv(p):
        return p if p <= a else (a if p < b else p - (b - a))
    out = [(k, mv(s), mv(e)) for k, s, e in ents]
    return text[:a] + text[b:], [x for x in out if x[2] > x[1]]


def minimize(family, text, ents, differs):
    changed = True
    while changed:
        changed = False
        for i in range(len(ents)):
            cand = ents[:i] + ents[i + 1:]
            if differs(text, cand):
                ents, changed = cand, True
                break
        if changed:
            continue
        chunk = max(1, len(text) // 2)
        while chunk >= 1 and not changed:
            for a in range(0, len(text), chunk):
                t2, e2 = cut(text, ents, a, min(len(text), a + chunk))
                if (t2 or family == "gte") and (len(e2) == len(ents)) and differs(t2, e2):
                    text, ents, changed = t2, e2, True
                    break
            chunk //= 2
        if changed:
            continue
        # Simpler characters: letters to 'a'.
        for i, c in enumerate(text):
            if c.isalpha() and c != "a" and c.isascii():
                t2 = text[:i] + "a" + text[i + 1:]
                if differs(t2, ents):
                    text, changed = t2, True
                    break
    return text, ents


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("family", choices=["gte", "gmd1", "gmd", "pmd", "md2", "md1", "html"])
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mix", choices=["realistic", "hostile"], default="hostile")
    ap.add_argument("--show", type=int, default=15, help="minimized differences to print")
    ap.add_argument("--json", help="write minimized differences (requests) to this file")
    args = ap.parse_args()
    ref, ours = Reference(), Ours()
    rnd = random.Random(args.seed)

    def differs(text, ents):
        if args.family == "md1" and crashes_reference(text):
            return False
        req = request(args.family, text, ents)
        return ref.ask(req) != ours.ask(req)

    failing = []
    for _ in range(args.n):
        text, ents = generate(args.family, args.mix, rnd)
        if differs(text, ents):
            failing.append((text, ents))
    print(f"{args.family}/{args.mix} seed {args.seed}: {len(failing)} of {args.n} differ "
          f"({100.0 * len(failing) / args.n:.2f}%)")
    seen, small = set(), []
    for text, ents in failing[: max(args.show * 4, 40)]:
        t, e = minimize(args.family, text, ents, differs)
        key = (t, tuple(e))
        if key not in seen:
            seen.add(key)
            small.append((t, e))
    small.sort(key=lambda x: (len(x[0]), len(x[1])))
    for t, e in small[: args.show]:
        req = request(args.family, t, e)
        print(json.dumps(req, ensure_ascii=False))
        print("  ref :", json.dumps(ref.ask(req), ensure_ascii=False))
        print("  ours:", json.dumps(ours.ask(req), ensure_ascii=False))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            for t, e in small:
                f.write(json.dumps(request(args.family, t, e), ensure_ascii=False) + "\n")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
