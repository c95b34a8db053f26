#!/usr/bin/env python3
"""Writes tests/parity/cases/sync_*.jsonl: requests for the synchronous functions of src/sync/.

Only requests are stored; the harness (tests/parity/run.py) asks both libraries live.
Deterministic: rerun after editing and commit the output.
    python3 tests/parity/gen/sync_cases.py
"""
import base64
import json
import os
import random

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cases")
rnd = random.Random(20261126)


def req(obj, ascii_only=False):
    return json.dumps(obj, ensure_ascii=ascii_only, separators=(",", ":"))


def write(name, cases):
    ids = set()
    with open(os.path.join(OUT, f"sync_{name}.jsonl"), "w", encoding="utf-8") as f:
        for cid, request in cases:
            assert cid not in ids, cid
            ids.add(cid)
            if isinstance(request, bytes):
                line = {"id": cid, "request_b64": base64.b64encode(request).decode()}
            else:
                line = {"id": cid, "request": request}
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    return len(cases)


def raw(fn, field, value_bytes):
    return b'{"@type":"' + fn.encode() + b'","' + field.encode() + b'":"' + value_bytes + b'"}'


def mime():
    c = []
    names = ["a.jpg", "A.JPG", "x.Jpeg", "dir/a.png", "c:\\dir\\x.mp4", "a.tgs", "a.webm", "a.ogg", "a.oga",
             "a.heic", "a.apk", "a.ipa", "a.svg", "a.mkv", "a.txt", "a.json", "a.fb2", "a.h265", "a.tgv",
             "jpg", ".jpg", "dir/.jpg", "..jpg", "a..jpg", "a.jpg.", "a.", "a.png/b", "x.tar.gz", "a.gz",
             "a.jpg ", " a.jpg", "a. jpg", "x.jpg/y.png", "x\\.jpg", "/", ".", "..", "", "я.jpg",
             "a.\uff2a\uff30\uff27", "a.n-gage", "a.fe_launch", "a.sfd-hdstx", "a.docm", "a.xlsb", "a.7z",
             "a.3gp", "a.mp3", "a.m4a", "a.wav", "a.pdf", "a.zip", "a.exe", "a.torrent", "a.sub",
             "a.cwl.json", "a." + "x" * 300]
    for i, n in enumerate(names):
        c.append((f"sync-mime-type-{i}", req({"@type": "getFileMimeType", "file_name": n})))
    c.append(("sync-mime-type-invalid-utf8", raw("getFileMimeType", "file_name", b"a\xff\xfeb.txt")))
    c.append(("sync-mime-type-missing-field", '{"@type":"getFileMimeType"}'))
    c.append(("sync-mime-type-number", '{"@type":"getFileMimeType","file_name":5}'))
    c.append(("sync-mime-type-extra", '{"@type":"getFileMimeType","file_name":"a.gif","@extra":[1,"x"]}'))
    types = ["image/jpeg", "IMAGE/JPEG", "image/png", "video/mp4", "audio/ogg", "application/x-tgsticker",
             "text/plain", "application/octet-stream", "image/jpeg; charset=x", "audio/mpeg", "x", "",
             "image/jpg", "audio/x-wav", "audio/mp4", "video/ogg", "audio/webm", "application/pdf",
             " image/png", "image/png ", "image/*", "text/vnd.dvb.subtitle", "application/x-bittorrent",
             "application/vnd.ms-excel.sheet.macroEnabled.12", "video/H264", "application/json", "a" * 1000]
    for i, t in enumerate(types):
        c.append((f"sync-mime-ext-{i}", req({"@type": "getFileExtension", "mime_type": t})))
    c.append(("sync-mime-ext-invalid-utf8", raw("getFileExtension", "mime_type", b"image/jp\xffeg")))
    c.append(("sync-mime-ext-null", '{"@type":"getFileExtension","mime_type":null}'))
    return write("mime", c)


def file_names():
    c = []
    names = ["a.txt", "a/b.txt", "/x/y/z.txt", "a\\b.txt", "C:\\dir\\f.txt", "a:b.txt", 'a*b?c"d<e>f|g.txt',
             "  a.txt  ", "..a.txt", "a.txt..", "...", ".", "..", ".hidden", " . ", "a" * 300, "a" * 300 + ".txt",
             "b." + "c" * 300, "x" * 64, "x" * 65, "тест.txt", "日本語.txt", "😀.txt", "a😀b.txt", "a\tb.txt",
             "a\nb", "a\x01b", "a\x7fb", "a\u00a0b", "a\u200bb", "a\u202eb.txt", "con", "CON.txt", "a  b",
             "a..b", "a. b", "a .txt", "a.\u0301txt", "", "a/", "dir/", "a.b.c.d", "a%b&c#d$e@f!g.txt",
             "a'b`c~d.txt", "a;b,c=d+e.txt", "a[b]{c}(d).txt", "é", "e\u0301", "я" * 100, "日" * 100,
             "\U00020000" * 100, "a." + "я" * 100, "  " + "a" * 70, ".." + "a" * 70, "a" * 63 + " " + "b" * 10,
             "a" * 63 + "😀" + "b" * 10, "x.  " + "b" * 20, "_a_", "-a-", "a . . b", "\u0645\u0631\u062d\u0628\u0627.pdf",
             "\u05e9\u05dc\u05d5\u05dd.doc", "\u0928\u092e\u0938\u094d\u0924\u0947.txt", "a\x00b", "\u00b7x\u00b7",
             "\u0345a", "Ω≈ç√∫.txt", "a\u2028b\u2029c", "." + "b" * 30, ".a_\u00a0\u00e9" + "x" * 40 + "~a",
             "dir/." + "c" * 80, "\\." + "d" * 20 + ":e"]
    for i, n in enumerate(names):
        c.append((f"sync-clean-{i}", req({"@type": "cleanFileName", "file_name": n}, ascii_only=i % 2 == 0)))
    c.append(("sync-clean-invalid-utf8", raw("cleanFileName", "file_name", b"a\xff\xfeb.txt")))
    c.append(("sync-clean-overlong", raw("cleanFileName", "file_name", b"a\xc0\x80b")))
    c.append(("sync-clean-missing", '{"@type":"cleanFileName"}'))
    c.append(("sync-clean-wrong-type", '{"@type":"cleanFileName","file_name":["a"]}'))
    c.append(("sync-clean-huge", req({"@type": "cleanFileName", "file_name": "ab/" * 20000 + "x" * 100000 + ".bin"})))
    return write("clean_file_name", c)


def flags_and_quick_reply():
    c = []
    for i, code in enumerate(["RU", "ru", "Ru", "US", "XX", "ZZ", "AA", "A", "ABC", "", "12", "R1", "ÄB", "FT",
                              "XG", "XV", "XK", "YL", "yl", "EU", "UN", "  ", "R ", "\u0000\u0000", "ft"]):
        c.append((f"sync-flag-{i}", req({"@type": "getCountryFlagEmoji", "country_code": code})))
    c.append(("sync-flag-invalid-utf8", raw("getCountryFlagEmoji", "country_code", b"\xffR")))
    c.append(("sync-flag-number", '{"@type":"getCountryFlagEmoji","country_code":12}'))
    names = ["", "a", "abc", "ABC", "a_b", "a-b", "a b", "a.b", "1", "_", "a" * 32, "a" * 33, "тест", "日本",
             "a😀", "é", "e\u0301", "٣", "a\u200b", "ß", "ﬀ", "я" * 32, "я" * 33, "\U00020000" * 32,
             "\U00020000" * 33, "x\x00", "-" * 33, "a" * 40 + "-", "\u0915\u093f", "\u00b2", "\u2160"]
    for i, n in enumerate(names):
        c.append((f"sync-quick-reply-{i}", req({"@type": "checkQuickReplyShortcutName", "name": n})))
    c.append(("sync-quick-reply-invalid-utf8", raw("checkQuickReplyShortcutName", "name", b"a" * 40 + b"\xff")))
    c.append(("sync-quick-reply-missing", '{"@type":"checkQuickReplyShortcutName","@extra":"e"}'))
    c.append(("sync-quick-reply-null", '{"@type":"checkQuickReplyShortcutName","name":null}'))
    return write("flag_quick_reply", c)


def phone():
    c = []
    prefixes = ["", "+", "1", "+1", "12", "1212", "12125551234", "121255512345678", "44", "447", "447700900123",
                "7", "79", "76", "77", "999", "888", "8881234", "+888 1234", "8888123", "88881234567", "42", "423",
                "424", "427", "422", "+(7) 912-345", "abc", "0", "00", "380", "3801", "998901234567", "1242",
                "1242555", "8", "88", "882", "883", "881", "979", "59", "599", "5999", "592592", "5925926",
                "59259261", "1204", "12045", "1 2", "++1", "1a2", "１２", "٧٩", "7" * 40, "123456789012345678901234567890",
                "3906", "4930", "861", "5511", "2348", "6281", "91", "33612", "+49 (30) 1234-5678", "2"]
    for i, p in enumerate(prefixes):
        c.append((f"sync-phone-{i}", req({"@type": "getPhoneNumberInfoSync", "language_code": "en", "phone_number_prefix": p})))
    for lang in ["ru", "de", "", "xx", "zh-hans"]:
        c.append((f"sync-phone-lang-{lang or 'empty'}", req({"@type": "getPhoneNumberInfoSync", "language_code": lang, "phone_number_prefix": "7912"})))
    for i in range(25):
        d = "".join(rnd.choice("0123456789") for _ in range(rnd.randint(1, 12)))
        c.append((f"sync-phone-random-{i}", req({"@type": "getPhoneNumberInfoSync", "language_code": "en", "phone_number_prefix": d})))
    c.append(("sync-phone-invalid-utf8", raw("getPhoneNumberInfoSync", "phone_number_prefix", b"7\xff")))
    c.append(("sync-phone-missing", '{"@type":"getPhoneNumberInfoSync"}'))
    c.append(("sync-phone-number-field", '{"@type":"getPhoneNumberInfoSync","phone_number_prefix":7}'))
    return write("phone", c)


def search():
    c = []
    S = ["Hello World", "hello", "world hello", "HELLO", "help me", "Привет мир", "мир", "Ёлка", "елка", "straße",
         "STRASSE", "日本語", "a-b c_d", "foo.bar", "x", ""]
    queries = ["hel", "HEL", "wor", "hello world", "world hel", "lo", "мир", "ПРИ", "ёл", "ел", "stra", "straß",
               "日本", "日", "b", "c", "d", "bar", "foo.bar", "a-b", "", "  ", "h w", "w h", "hel hel", "priv", "prib"]
    for i, q in enumerate(queries):
        c.append((f"sync-search-{i}", req({"@type": "searchStringsByPrefix", "strings": S, "query": q, "limit": 10})))
    for lim in [-1, 0, 1, 2, 100, 2147483647, -2147483648]:
        c.append((f"sync-search-limit-{lim}", req({"@type": "searchStringsByPrefix", "strings": S, "query": "h", "limit": lim})))
    c.append(("sync-search-empty-none", req({"@type": "searchStringsByPrefix", "strings": S, "query": " . ", "limit": 5, "return_none_for_empty_query": True})))
    c.append(("sync-search-empty-all", req({"@type": "searchStringsByPrefix", "strings": S, "query": "", "limit": 5})))
    c.append(("sync-search-no-strings", req({"@type": "searchStringsByPrefix", "strings": [], "query": "a", "limit": 5})))
    c.append(("sync-search-missing", '{"@type":"searchStringsByPrefix"}'))
    c.append(("sync-search-string-limit", '{"@type":"searchStringsByPrefix","strings":["ab"],"query":"a","limit":"3"}'))
    c.append(("sync-search-invalid-query", b'{"@type":"searchStringsByPrefix","strings":["a"],"query":"a\xff","limit":5}'))
    c.append(("sync-search-invalid-string", b'{"@type":"searchStringsByPrefix","strings":["a\xffb","a"],"query":"a","limit":5}'))
    pairs = [("privet", "привет"), ("прив", "privet"), ("shuka", "щука"), ("sch", "щука"), ("sh", "щука"),
             ("zh", "жук"), ("j", "жук"), ("yu", "юла"), ("ja", "яблоко"), ("yo", "ёж"), ("e", "ёж"), ("kh", "хлеб"),
             ("h", "хлеб"), ("c", "цапля"), ("ts", "цапля"), ("obekt", "объект"), ("ob'ekt", "объект"),
             ("y", "ы"), ("i", "й"), ("e", "yo"), ("yo", "jo"), ("c", "k"), ("x", "кс"), ("кс", "x"), ("x", "к"),
             ("ey", "ее"), ("yy", "ие"), ("iy", "ие"), ("kaban", "кабан"), ("каб", "kaban"), ("gala", "γάλα"),
             ("γαλ", "γάλα"), ("lodz", "ŁÓDŹ"), ("ore", "øre"), ("i", "İ"), ("1", "①"), ("2", "²"), ("h", "ℌ"),
             ("и", "й"), ("cafe", "café"), ("CAFÉ", "cafe"), ("σ", "ς"), ("ss", "ß"), ("ｈｅｌｌｏ", "hello"),
             ("pyotr", "Пётр"), ("petr", "pyotr"), ("ak", "акс"), ("кх", "kh"), ("ия", "iya"), ("ъи", "y"),
             ("ьк", "x"), ("shc", "щ"), ("shc", "шк"), ("yoyo", "ее"), ("aj", "ae"), ("sergey", "Сергей"),
             ("дмитрий", "dmitriy"), ("dmitrii", "Дмитрий"), ("ivan ivanov", "Иванов Иван"), ("иван", "ivanov ivan")]
    for i, (q, s) in enumerate(pairs):
        c.append((f"sync-search-translit-{i}", req({"@type": "searchStringsByPrefix", "strings": [s, s + " x", "z " + s], "query": q, "limit": 10})))
    scripts = ["مرحبا بالعالم", "שלום עולם", "नमस्ते दुनिया", "สวัสดีชาวโลก", "안녕하세요 세계", "こんにちは 世界", "Γειά σου Κόσμε",
               "Բարեւ աշխարհ", "გამარჯობა მსოფლიო", "Dziękuję bardzo", "Ünïcödé Tëxt", "ﬁle ﬂow", "𝐁𝐨𝐥𝐝 𝕕𝕠𝕦𝕓𝕝𝕖"]
    for i, s in enumerate(scripts):
        w = s.split()[0]
        for j, q in enumerate([w[:2], w.lower(), w.upper(), s.split()[-1][:1]]):
            c.append((f"sync-search-script-{i}-{j}", req({"@type": "searchStringsByPrefix", "strings": scripts, "query": q, "limit": 20})))
    alphabet = "aeyojkchsxiuwзаеыоикхсшчъэюяцщ "
    for i in range(40):
        strings = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 9))) for _ in range(30)]
        q = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 4)))
        c.append((f"sync-search-fuzz-{i}", req({"@type": "searchStringsByPrefix", "strings": strings, "query": q, "limit": 30})))
    wide = "abcdefghijklmnopqrstuvwxyzабвгдеёжзийклмнопрстуфхцчшщъыьэюя É-"
    for i in range(40):
        strings = ["".join(rnd.choice(wide) for _ in range(rnd.randint(0, 12))) for _ in range(20)]
        q = "".join(rnd.choice(wide) for _ in range(rnd.randint(1, 6)))
        c.append((f"sync-search-mixed-{i}", req({"@type": "searchStringsByPrefix", "strings": strings, "query": q, "limit": 20})))
    for i, (q, s) in enumerate([("dи", "dи"), ("dи", "di"), ("ъy", "e"), ("jь", "ejjь"), ("jо", "jоаже"), ("É", "jоsÉх"), ("ы", "eт")]):
        c.append((f"sync-search-mixed-pair-{i}", req({"@type": "searchStringsByPrefix", "strings": [s], "query": q, "limit": 5})))
    c.append(("sync-search-many", req({"@type": "searchStringsByPrefix", "strings": [f"item {i} x{i % 7}" for i in range(3000)], "query": "x3 it", "limit": 50})))
    return write("search", c)


def folder_push_lang():
    c = []
    flags = ["include_contacts", "include_non_contacts", "include_groups", "include_channels", "include_bots",
             "exclude_muted", "exclude_read", "exclude_archived"]
    for bits in list(range(0, 256, 3)) + [1, 2, 3, 4, 8, 16, 31, 37, 69, 101, 133, 165, 197, 229, 255]:
        folder = {f: True for k, f in enumerate(flags) if bits >> k & 1}
        c.append((f"sync-folder-{bits}-{len(c)}", req({"@type": "getChatFolderDefaultIconName", "folder": folder})))
    for extra in ["pinned_chat_ids", "included_chat_ids", "excluded_chat_ids"]:
        c.append((f"sync-folder-{extra}", req({"@type": "getChatFolderDefaultIconName", "folder": {extra: [1, 2], "include_groups": True}})))
    for name in ["Cat", "", "x", "All", "cat", "Unread", "Custom", "Palette", "😀"]:
        c.append((f"sync-folder-icon-{name or 'empty'}", req({"@type": "getChatFolderDefaultIconName", "folder": {"icon": {"@type": "chatFolderIcon", "name": name}, "include_groups": True}})))
    c.append(("sync-folder-null", '{"@type":"getChatFolderDefaultIconName","folder":null}'))
    c.append(("sync-folder-missing", '{"@type":"getChatFolderDefaultIconName"}'))
    c.append(("sync-folder-wrong-type", '{"@type":"getChatFolderDefaultIconName","folder":"x"}'))
    c.append(("sync-folder-bool-as-int", '{"@type":"getChatFolderDefaultIconName","folder":{"include_bots":1}}'))
    P = '"AQIDBAUGBwgJ"'
    payloads = ["", "{}", "[]", "1", '"x"', "null", '{"p":""}', '{"p":"abc"}', '{"p":"AAAAAAAAAAA"}', '{"p":"AAAAAAAAAAAA"}',
                '{"p":%s}' % P, '{"p":"AQIDBAUGBwgJCg"}', '{"p":"_____________"}', '{"p":"++++++++++++"}',
                '{"p":"AAAAAAAAAAAA=="}', '{"p":"AAAAAAAA=AAA"}', '{"p":"!AAAAAAAAAAA"}', '{"p":"AAAAAAAAAAAA!"}',
                '{"p":5}', '{"p":null}', '{"p":true}', '{"p":{}}', '{"x":1}', '{"data":{"p":%s}}' % P,
                '{"data":"x"}', '{"data":null}', '{"data":{},"p":%s}' % P, '{"p":%s,"p":"AAAAAAAAAAAA"}' % P,
                '{"p":%s} x' % P, ' {"p":%s} ' % P, '{"p":12345678901234}', '{"p":-123456789012}', '{"p":1.5e300}',
                '{"p":--12345678901}', '{"p":123456789012e}', '{"p":0x123456789012}', '{"p":NaN}',
                '{"x":"\\ud800","p":%s}' % P, '{"x":"\\x","p":%s}' % P, '{"x":"\\u00zz","p":%s}' % P,
                '{"x":[1,2,],"p":%s}' % P, '{"p":"\\u0041QIDBAUGBwgJ"}', '{"p":"AQIDBAUGBwg\\/"}',
                '{"x":' + "[" * 100 + "]" * 100 + ',"p":%s}' % P, '{"x":' + "[" * 101 + "]" * 101 + ',"p":%s}' % P,
                '{"message":{"p":%s}}' % P, '{"data":{"data":{"p":%s}}}' % P, '{"p":"AQIDBAUGBwgé"}',
                # The payload is read by TDLib's request JSON reader: a lone surrogate is 3 bytes.
                '{"x":"\\u+abc","p":%s}' % P, '{"p":e12345678901234}', '{"p":"AAAAAAAA\\ud800"}',
                '{"p":"AAAAAAAAA\\ud800"}', '{"p":"AAAAAAAAAA\\udc00x"}', '{"p":"AAAAAAAAAAA\\u0080"}',
                '{"p":.5e+7}', '{"p":"AQIDBAUGBwgJ" }', '{"p" :"AQIDBAUGBwgJ"}']
    for i, p in enumerate(payloads):
        c.append((f"sync-push-{i}", req({"@type": "getPushReceiverId", "payload": p})))
    c.append(("sync-push-missing", '{"@type":"getPushReceiverId"}'))
    L = "getLanguagePackString"
    lp = [("", "android", "en", "x"), ("/nonexistent-dir-for-parity/db", "android", "en", "x"), ("", "", "en", "x"),
          ("", "android", "", "x"), ("", "android", "en", ""), ("", "a-b", "en", "x"), ("", "a_b", "en", "x"),
          ("", "Android", "en", "x"), ("", "a1", "en", "x"), ("", "a" * 64, "en", "x"), ("", "a" * 65, "en", "x"),
          ("", "android", "x", "k"), ("", "android", "a-b", "k"), ("", "android", "a_b", "k"), ("", "android", "a" * 64, "k"),
          ("", "android", "a" * 65, "k"), ("", "android", "en", "a b"), ("", "android", "en", "Key.a_b-1"),
          ("", "android", "en", "k" * 3000), ("", "android", "en", "ключ"), ("", "-", "x", "")]
    for i, (path, t, p, k) in enumerate(lp):
        c.append((f"sync-langpack-{i}", req({"@type": L, "language_pack_database_path": path, "localization_target": t, "language_pack_id": p, "key": k})))
    c.append(("sync-langpack-missing", '{"@type":"getLanguagePackString"}'))
    return write("folder_push_langpack", c)


def utf8_mix():
    """A genuine U+FFFD in one string field and bytes that are not UTF-8 in another (or in the
    same one): each function must judge each field by what it really held."""
    R = "\xef\xbf\xbd".encode("latin-1")  # U+FFFD as UTF-8
    RE = b"\\ufffd"  # U+FFFD as an escape
    bad = [b"\xff", b"\xe2\x82", b"\xed\xa0\x80", b"\\ud800", b"\\udc00x", b"\xc0\xaf"]
    c = []

    def obj(fn, **fields):
        def value(v):
            if isinstance(v, int):
                return str(v).encode()
            return v if v[:1] in (b"[", b"{") else b'"' + v + b'"'
        body = b",".join(b'"' + k.encode() + b'":' + value(v) for k, v in fields.items())
        return b'{"@type":"' + fn.encode() + b'"' + (b"," + body if body else b"") + b"}"

    single = [("getFileMimeType", "file_name", b"a.txt"), ("getFileExtension", "mime_type", b"image/png"),
              ("cleanFileName", "file_name", b"a.txt"), ("getCountryFlagEmoji", "country_code", b"RU"),
              ("checkQuickReplyShortcutName", "name", b"ab"), ("getPushReceiverId", "payload", b'{"p":1}'.replace(b'"', b'\\"')),
              ("getJsonValue", "json", b'\\"x\\"'), ("getTextEntities", "text", b"#tag @user"),
              ("getMarkdownText", "text", b"{}"), ("parseTextEntities", "text", b"*b*")]
    for fn, field, good in single:
        for gi, genuine in enumerate((R, RE)):
            # The genuine character alone, next to an unknown field that is not UTF-8.
            value = good + genuine if fn not in ("getPushReceiverId", "getJsonValue", "getMarkdownText") else genuine
            fields = {field: value, "junk": b"\xff"}
            if fn == "getMarkdownText":
                fields = {field: b'{"@type":"formattedText","text":"' + genuine + b'"}', "junk": b"\xff"}
            if fn == "parseTextEntities":
                fields["parse_mode"] = b'{"@type":"textParseModeMarkdown","version":2}'
            c.append((f"sync-utf8mix-{fn}-genuine{gi}-junk", obj(fn, **fields)))
            if fn in ("getMarkdownText", "parseTextEntities"):
                continue
            for bi, b in enumerate(bad[:3]):
                # Both in the same field.
                c.append((f"sync-utf8mix-{fn}-genuine{gi}-bad{bi}", obj(fn, **{field: good + genuine + b})))

    P = "getPhoneNumberInfoSync"
    for gi, genuine in enumerate((R, RE)):
        for bi, b in enumerate(bad):
            c.append((f"sync-utf8mix-phone-genuine-lang{gi}-bad-prefix{bi}", obj(P, language_code=genuine, phone_number_prefix=b"7912" + b)))
            c.append((f"sync-utf8mix-phone-bad-lang{bi}-genuine-prefix{gi}", obj(P, language_code=b"ru" + b, phone_number_prefix=b"7912" + genuine)))
        c.append((f"sync-utf8mix-phone-genuine-both{gi}", obj(P, language_code=genuine, phone_number_prefix=b"44" + genuine)))

    L = "getLanguagePackString"
    names = ["language_pack_database_path", "localization_target", "language_pack_id", "key"]
    good = {"language_pack_database_path": b"", "localization_target": b"android", "language_pack_id": b"en", "key": b"k"}
    for gi, genuine in enumerate((R, RE)):
        for i, gfield in enumerate(names):
            for j, bfield in enumerate(names):
                if i == j:
                    continue
                fields = dict(good)
                fields[gfield] = fields[gfield] + genuine
                fields[bfield] = fields[bfield] + bad[(i + j) % len(bad)]
                c.append((f"sync-utf8mix-langpack-{gi}-{gfield}-{bfield}", obj(L, **fields)))

    S = "searchStringsByPrefix"
    for gi, genuine in enumerate((R, RE)):
        c.append((f"sync-utf8mix-search-genuine-only{gi}", obj(S, strings=b'["' + genuine + b'","a' + genuine + b'","b"]', query=genuine, limit=10, junk=b"\xff")))
        c.append((f"sync-utf8mix-search-genuine-query-empty{gi}", obj(S, strings=b'["' + genuine + b'x","y"]', query=b"", limit=10)))
        for bi, b in enumerate(bad):
            c.append((f"sync-utf8mix-search-query{gi}-string{bi}", obj(S, strings=b'["' + genuine + b'","' + b + b'"]', query=genuine, limit=10)))
            c.append((f"sync-utf8mix-search-string{gi}-query{bi}", obj(S, strings=b'["' + genuine + b'","x"]', query=b, limit=10)))

    J = "getJsonString"
    def member(key, value):
        return b'{"@type":"jsonObjectMember","key":"' + key + b'","value":{"@type":"jsonValueString","value":"' + value + b'"}}'
    for gi, genuine in enumerate((R, RE)):
        for bi, b in enumerate(bad):
            members = [member(genuine, b), member(b"k" + b, genuine), member(b"ok", b"v" + genuine), member(genuine + b"2", b"w")]
            value = b'{"@type":"jsonValueObject","members":[' + b",".join(members) + b"]}"
            c.append((f"sync-utf8mix-json-string{gi}-{bi}", obj(J, json_value=value)))
            arr = b'{"@type":"jsonValueArray","values":[{"@type":"jsonValueString","value":"' + genuine + b'"},{"@type":"jsonValueString","value":"' + b + b'"}]}'
            c.append((f"sync-utf8mix-json-array{gi}-{bi}", obj(J, json_value=arr)))
    return write("utf8_mix", c)


def langpack_db():
    """getLanguagePackString over real database files ($DB/<name>, built by the harness)."""
    def kv(table, rows):
        sql = f'CREATE TABLE "{table}" (k BLOB PRIMARY KEY, v BLOB);'
        for k, v in rows:
            key = "x'" + k.hex() + "'" if isinstance(k, bytes) else k
            value = "x'" + v.hex() + "'" if isinstance(v, bytes) else v
            sql += f'INSERT INTO "{table}" VALUES ({key}, {value});'
        return sql
    u = lambda s: s.encode()
    values = [("ord", b"1hello"), ("bare", b"hello"), ("plural", b"2a\0b\0c\0d\0e\0f"), ("del3", b"3"),
              ("del0", b"0x"), ("empty", b""), ("one", b"1"), ("plural1", b"2a"), ("del4", b"4x"),
              ("plural5", b"2a\0b\0c\0d\0e"), ("plural7", b"2a\0b\0c\0d\0e\0f\0g"),
              ("plural6t", b"2a\0b\0c\0d\0e\0f\0"), ("plural6e", b"2\0\0\0\0\0"), ("plural0", b"2"),
              ("unicode", u("1h\u00e9 \U0001f600 \u0645")), ("nul", b"1a\0b"), ("ctrl", b'1a\x01"\\b\x7f/\n'),
              ("pluralu", u("2\u00e9\0\U0001f600\0c\0d\0e\0f")), ("k.a-b_c", b"1dots"), ("K", b"1upper"),
              ("k", b"1lower"), ("long", b"1" + b"x" * 5000), ("space", b" 1x")]
    rows = [(u(k), v) for k, v in values]
    rows += [(u("int"), "15"), (u("real"), "1.5"), (u("null"), "NULL"), (u("textval"), "'1as text'"),
             ("'textkey'", "x'3174'"), (u("!version"), "x'37'"), (u("!x"), b"1bang")]
    dbs = [("lp-values", kv("kv_android_en", rows) + kv("kv_android_de", [(b"g", b"1german")])),
           ("lp-keycount", kv("kv_android_en", [(b"!key_count", b"5"), (b"o1", b"1x"), (b"o2", b"3")]) +
            kv("kv_android_0", [(b"info", b"1meta")])),
           ("lp-nopk", 'CREATE TABLE "kv_android_en" (k, v);' + 'INSERT INTO "kv_android_en" VALUES (x\'6f31\', x\'316e6f706b\');'),
           ("lp-count", kv("kv_android_en", [(b"a", b"1a"), (b"b", b"2x"), (b"c", b"3"), (b"d", b""), (b"e", "NULL"),
                                             (b"!f", b"1y"), ("'g'", "'1t'"), (b"h", "5"), (b"i", b"1\xff")])),
           ("lp-base", kv("kv_android_en", [(b"!base_language_pack_id", b"de"), (b"e", b"1english")]) +
            kv("kv_android_de", [(b"g", b"1german"), (b"e", b"1e-german")])),
           ("lp-empty-db", "")]
    # A pack with a version other than -1 is complete: a missing string is deleted.
    versions = ["0", "-1", "-2", "abc", "", "12", " 5", "5a", "4294967295", "-1x", "-01", "+-1", "--1", "-",
                "18446744073709551615", "-4294967297", "-10"]
    for i, v in enumerate(versions):
        dbs.append((f"lp-version-{i}", kv("kv_android_en", [(b"!version", v.encode()), (b"a", b"1a"), (b"e", b"")])))
    dbs.append(("lp-version-null", kv("kv_android_en", [(b"!version", "NULL")])))
    dbs.append(("lp-version-int", kv("kv_android_en", [(b"!version", "7")])))
    c = []
    L = "getLanguagePackString"

    def get(cid, path, key, target="android", pack="en"):
        c.append((f"sync-langpack-db-{cid}", req({"@type": L, "language_pack_database_path": path,
                                                    "localization_target": target, "language_pack_id": pack, "key": key})))
    for k, _ in values + [("int", 0), ("real", 0), ("null", 0), ("textval", 0), ("textkey", 0), ("missing", 0)]:
        get(f"values-{k}", "$DB/lp-values", k)
    get("values-Android-EN", "$DB/lp-values", "k.a-b_c", "Android", "EN")
    get("values-de", "$DB/lp-values", "g", pack="de")
    get("values-de-missing", "$DB/lp-values", "ord", pack="de")
    get("values-ios", "$DB/lp-values", "ord", target="ios")
    get("values-other-pack", "$DB/lp-values", "ord", pack="en-raw")
    get("values-again", "$DB/lp-values", "plural")
    get("values-same-file-other-path", "$DB/./lp-values", "ord")
    get("keycount-o1", "$DB/lp-keycount", "o1")
    get("keycount-o2", "$DB/lp-keycount", "o2")
    get("keycount-info", "$DB/lp-keycount", "info")
    get("nopk", "$DB/lp-nopk", "o1")
    get("count", "$DB/lp-count", "zz")
    get("count-a", "$DB/lp-count", "a")
    for k in ["g", "e"]:
        get(f"base-{k}", "$DB/lp-base", k)
        get(f"base-de-{k}", "$DB/lp-base", k, pack="de")
    for name in [f"{i}" for i in range(len(versions))] + ["null", "int"]:
        for k in ["a", "e", "missing"]:
            get(f"version-{name}-{k}", f"$DB/lp-version-{name}", k)
    get("empty-db", "$DB/lp-empty-db", "k")
    get("new", "$DB/new-db", "k")
    get("new-second-target", "$DB/new-db", "k", target="tdesktop", pack="pt-br")
    get("new-invalid-key", "$DB/never-created", "a b")
    get("new-invalid-target", "$DB/never-created", "k", target="a1")
    get("new-invalid-pack", "$DB/never-created", "k", pack="x")
    get("no-directory", "$DB/no-such-dir/db", "k")
    get("directory", "$DB", "k")
    get("garbage", "$DB/lp-garbage", "k")
    get("uri", "file:$DB/uri-db", "k")
    get("uri-read-only-missing", "file:$DB/uri-ro?mode=ro", "k")
    get("nul-ends-path", "$DB/nul-db\u0000tail", "k")
    with open(os.path.join(OUT, "sync_langpack_db.jsonl"), "w", encoding="utf-8") as f:
        for name, sql in dbs:
            f.write(json.dumps({"db": name, "sql": sql}) + "\n")
        f.write(json.dumps({"db": "lp-garbage", "file_b64": base64.b64encode(b"not a database " * 300).decode()}) + "\n")
        for cid, request in c:
            f.write(json.dumps({"id": cid, "request": request}, ensure_ascii=False) + "\n")
    return len(c)


if __name__ == "__main__":
    total = sum(f() for f in (mime, file_names, flags_and_quick_reply, phone, search, folder_push_lang, utf8_mix,
                              langpack_db))
    print(total, "cases")
