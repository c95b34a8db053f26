#!/usr/bin/env python3
"""Writes tests/parity/cases/{json,log,options}.jsonl (the engine's td_execute parity cases)."""
import base64, json, os
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'cases')
cases = {'json': [], 'log': [], 'options': []}
ids = set()
def add(group, cid, req, send=True):
    cid = f'{group}-{cid}'
    assert cid not in ids, cid
    ids.add(cid)
    c = {'id': cid}
    if isinstance(req, (dict, list)):
        req = json.dumps(req, ensure_ascii=False)
    if isinstance(req, bytes):
        try:
            s = req.decode('utf-8')
            if '\x00' in s: raise UnicodeDecodeError('x', b'', 0, 1, 'nul')
            c['request'] = s
        except UnicodeDecodeError:
            c['request_b64'] = base64.b64encode(req).decode()
    else:
        c['request'] = req
    if not send: c['send'] = False
    cases[group].append(c)

J = lambda cid, req, send=True: add('json', cid, req, send)
# ---- syntax
syntax = [b'', b' ', b'{', b'}', b'[', b']', b'{}', b'[]', b'nul', b'tru', b'fals', b'true', b'false', b'null', b'1', b'-', b'"abc"',
  b'x', b'~', b'#', b"'", b'\\', b'\x01', b'\x1f', b'\x7f', b'\x80', b'\xff', b'\x0b{}', b'\x0c{}', b'\xef\xbb\xbf{"@type":"getOption","name":"version"}',
  b'{,}', b'{"a"', b'{"a" ', b'{"a":', b'{"a":1', b'{"a":1,', b'{"a":1 "b":2}', b'{"a" 1}', b'{"a":1,}', b'{"a":1,,}', b'{@type:1}', b"{'@type':1}",
  b'[1 2]', b'[1,]', b'[,]', b'[1,2', b'{"@type":"getOption","name":"version"} x', b'{"@type":"getOption","name":"version"}]', b'{"@type":"getOption","name":"version"}{}',
  b'{"@type":"getOption","name":"version"}//', b'  {"@type":"getOption","name":"version"}  ', b'\t\n\r{"@type":"getOption","name":"version"}\r\n',
  b'{"a":"abc', b'{"a":"abc\\', b'{"a":"\\', b'{"a":"\\u', b'{"a":"\\u12', b'{"a":"\\u12"}', b'{"a":"\\uZZZZ"}', b'{"a":"\\u00g0"}',
  b'{"a":tru}', b'{"a":trux}', b'{"a":truex}', b'{"a":nul}', b'{"a":fals}', b'{"a":t}', b'{"a":x}', b'{"a":1a}', b'{"a":0x10}', b'{"a":-a}',
  b'{"a":Infinity}', b'{"a":NaN}', b'{"a":e1}', b'{"a":E1}', b'{"a":.}', b'{"a":"x"]', b'{"a":[}', b'{"a":{]}', b'"\\u0041"', b'{"a":"\t\n"}',
  b'{"a":"raw\x01ctl"}', b'{"\\u0040type":"getOption","name":"version"}', b'{"@type":"getOp\\u0074ion","name":"version"}',
]
for i, s in enumerate(syntax):
    J(f'syntax-{i:02d}', s)
# depth
for n in [100, 101, 102]:
    J(f'depth-arrays-{n}', '[' * n + ']' * n)
    J(f'depth-arrays-scalar-{n}', '[' * n + '1' + ']' * n)
for n in [99, 100, 101]:
    J(f'depth-field-arrays-{n}', '{"@type":"getOption","name":"version","x":' + '[' * n + ']' * n + '}')
    J(f'depth-field-objects-{n}', '{"@type":"getOption","name":"version","x":' + '{"a":' * n + '1' + '}' * n + '}')
J('depth-unterminated-101', '[' * 101)
J('depth-unterminated-102', '[' * 102)
J('depth-object-at-limit-eof', '[' * 100 + '{"a":')
J('depth-bad-token-at-102', '[' * 101 + 'x')
# ---- @type
for i, t in enumerate(['5', '-1', '0', '4294967296', '2147483648', '-2147483648', '1.5', '1e5', '"5"', '""', '"getOption "', '"GetOption"',
        'null', 'true', '[]', '{}', '-1572495746', '2722471550', '"-1572495746"']):
    J(f'type-{i:02d}', '{"@type":' + t + ',"name":"version"}')
J('type-duplicate-first-wins', '{"@type":"getOption","@type":"noSuch","name":"version"}')
J('type-duplicate-first-bad', '{"@type":"noSuch","@type":"getOption","name":"version"}')
J('type-function-id-getme', '{"@type":1306549127,"@extra":1}')
J('type-ctor-id-not-function', '{"@type":-1679978726}')
J('type-escaped-name', '{"@type":"\\u0067etOption","name":"version"}')
# ---- @extra
for i, e in enumerate(['"\u00e9"', '"\\/"', '1.50', '1e5', '-', '01', '+1', '.5', '1.2.3', '[ 1 , 2 ]', '{ "b" : 1 , "a" : [ ] }', '{"a":1,"a":2}',
        '"\\u0000"', '"\x7f"', 'true', 'false', '{}', '[]', '[[[]]]', '"\\ud83d\\ude00"', '-0', '99999999999999999999999999', '"a\\nb\\t\\"c\\\\"',
        '{"\\u00e9":"\\u00e9"}', '"\U0001F600"', '"\\u2028"', '[null,true,false,0,-1]']):
    J(f'extra-{i:02d}', '{"@type":"getOption","name":"version","@extra":' + e + '}')
J('extra-duplicate', '{"@type":"getOption","name":"version","@extra":1,"@extra":2}')
J('extra-case', '{"@type":"getOption","name":"version","@EXTRA":1}')
J('extra-on-unknown-class', '{"@type":"noSuch","@extra":[1]}')
J('extra-on-bad-field', '{"@type":"getOption","name":5,"@extra":"e"}')
J('extra-on-no-type', '{"@extra":{"x":null}}')
J('extra-on-numeric-type', '{"@type":7,"@extra":7}')
J('extra-lost-on-syntax-error', '{"@type":"getOption","@extra":1,}')
J('extra-on-not-sync', '{"@type":"getMe","@extra":{"x":"\U0001F600"}}')
J('extra-on-option-not-sync', '{"@type":"getOption","name":"x","@extra":1}')
J('extra-inside-nested-ignored', '{"@type":"testReturnError","error":{"@type":"error","code":1,"message":"x","@extra":5}}')
J('extra-object-with-type', '{"@type":"testReturnError","error":{"@type":"error","code":1,"message":"x"},"@extra":{"@type":"x"}}')
# ---- int32 via testReturnError.code
ints = ['5', '-5', '"5"', '" 5"', '"5 "', '"+5"', '"-5"', '"05"', '"0x10"', '""', '"abc"', '5.0', '5.5', '1e2', '1E2', '-', '+', '+5', '.5', '05',
        '2147483647', '2147483648', '-2147483648', '-2147483649', '4294967296', '99999999999999999999', '"2147483648"', 'true', 'false', 'null',
        '[]', '{}', '1-2', '1e', '5e-1', '-0', '"-0"', '0', '"0"', '"\\u0035"', '.', '+-', '0.', '--5']
for i, v in enumerate(ints):
    J(f'int32-{i:02d}', '{"@type":"testReturnError","error":{"@type":"error","code":' + v + ',"message":"m"}}')
# ---- int64 / int53 via parseMarkdown entities (echoed)
i64s = ['5', '"5"', '-5', '9223372036854775807', '9223372036854775808', '"9223372036854775807"', '-9223372036854775808', '"-9223372036854775809"',
        '5.0', 'true', 'null', '[]', '"abc"', '"05"', '{}', '"-0"']
# Through non-synchronous functions: acceptance shows as "can't be executed synchronously".
for i, v in enumerate(i64s):
    J(f'int64-{i:02d}', '{"@type":"getStickerSet","set_id":' + v + '}')
    J(f'int64-vector-{i:02d}', '{"@type":"getCustomEmojiStickers","custom_emoji_ids":[1,' + v + ']}')
    J(f'int53-{i:02d}', '{"@type":"getChat","chat_id":' + v + '}')
for i, v in enumerate(['1', 'null', '"3"', 'true', '1.5', '[1]', '"x"', '9007199254740993', '"-9223372036854775808"']):
    J(f'int53-vector-{i}', '{"@type":"deleteMessages","chat_id":1,"message_ids":[1,' + v + ']}')
# ---- double via getJsonString
dbls = ['1', '1.5', '"1.5"', '-0', '-0.0', '0.1', '1e300', '1e-300', '1e-7', '0.0000005', '0.0000015', '0.0000025', '123456789012345678901234567890',
        '1.7976931348623157e308', '1e309', '-1e309', '2.5e-7', '1.', '.5', '+1', '-', '1e', '1.2.3', '01', 'true', 'null', '"x"', '1e+2',
        '9007199254740993', '0.30000000000000004', '3.14159265358979', '1234567.8912345', '1e+', '1.5e-', '--1', '-+1', '1-2', '1+2', '1e5e5',
        '1e5.5', '+', '..5', '1..5', '-.5', '+.5', '.e1', '1.e1', '0e', '5E', '2.5ee', '12e-', '3-', '00012', '-00012.50', '1e-5', '1e0400',
        '0.0078125', '2.5', '0.5', '1e22', '1e23', '4.35', '[]', '{}', '0.000001', '1e-310']
for i, v in enumerate(dbls):
    J(f'double-{i:02d}', '{"@type":"getJsonString","json_value":{"@type":"jsonValueNumber","value":' + v + '}}')
# ---- Bool via getJsonString jsonValueBoolean
for i, v in enumerate(['true', 'false', '0', '1', '2', '-1', '"1"', '"true"', '1.5', '0.0', 'null', '[]', '{}', '"abc"', '1e1', '99999999999999999999', '"0"', '2147483648', '"-1"', '" 1"']):
    J(f'bool-{i:02d}', '{"@type":"getJsonString","json_value":{"@type":"jsonValueBoolean","value":' + v + '}}')
# ---- strings: decoding and output escaping via testReturnError.message
strs = [b'\\x', b'\\/', b'a\\qb', b'\\u0000z', b'\\u0001', b'\\u001f', b'\\u007f', b'\\u0080', b'\\u00e9', b'\xc3\xa9', b'\\ud83d\\ude00',
        b'\xf0\x9f\x98\x80', b'\x7f', b'\x01\x1f', b'\t', b'\\b\\f\\n\\r\\t', b'/', b'\\"\\\\', b'\\U0041', b'\xef\xbf\xbf', b'\xf0\x90\x80\x80',
        b'\\uFFFF', b'\\uD834\\uDD1E', b'\xe2\x80\xa8', b'\\u00E9\\u00e9', b'<>&\'', b'\\u0022', b'\\u005c', b'\xe4\xb8\xad\xe6\x96\x87',
        b'\xd0\x9f\xd1\x80\xd0\xb8', b'\\\\u0041', b'a\\\x7fb', b'\\\xc3\xa9', b'\xf4\x8f\xbf\xbf']
for i, s in enumerate(strs):
    J(f'string-{i:02d}', b'{"@type":"testReturnError","error":{"@type":"error","code":1,"message":"' + s + b'"}}')
for i, v in enumerate(['5', 'true', '[]', '{}', 'null', '1.5']):
    J(f'string-type-{i}', '{"@type":"testReturnError","error":{"@type":"error","code":1,"message":' + v + '}}')
# ---- objects
objs = [
 '{"@type":"parseTextEntities","text":"x","parse_mode":{}}', '{"@type":"parseTextEntities","text":"x","parse_mode":{"version":2}}',
 '{"@type":"parseTextEntities","text":"x","parse_mode":{"@type":"textParseModeHTML2"}}', '{"@type":"parseTextEntities","text":"x","parse_mode":{"@type":"formattedText"}}',
 '{"@type":"parseTextEntities","text":"x","parse_mode":{"@type":"getOption"}}', '{"@type":"parseTextEntities","text":"x","parse_mode":{"@type":"textEntityTypeBold"}}',
 '{"@type":"parseTextEntities","text":"x","parse_mode":{"@type":5}}', '{"@type":"parseTextEntities","text":"x","parse_mode":{"@type":null}}',
 '{"@type":"parseTextEntities","text":"x","parse_mode":{"@type":true}}', '{"@type":"parseTextEntities","text":"x","parse_mode":{"@type":[]}}',
 '{"@type":"parseTextEntities","text":"x","parse_mode":{"@type":{}}}', '{"@type":"parseTextEntities","text":"x","parse_mode":[]}',
 '{"@type":"parseTextEntities","text":"x","parse_mode":5}', '{"@type":"parseTextEntities","text":"x","parse_mode":"markdown"}',
 '{"@type":"parseTextEntities","text":"x","parse_mode":true}', '{"@type":"parseTextEntities","text":5,"parse_mode":"x"}',
 '{"@type":"parseTextEntities","parse_mode":"x","text":5}', '{"@type":"parseTextEntities","text":"x","parse_mode":{"@type":-1}}',
 '{"@type":"parseMarkdown","text":"x"}', '{"@type":"parseMarkdown","text":[]}', '{"@type":"parseMarkdown","text":{"text":5}}',
 '{"@type":"parseMarkdown","text":{"entities":{}}}', '{"@type":"parseMarkdown","text":{"entities":"x"}}', '{"@type":"parseMarkdown","text":{"entities":[1]}}',
 '{"@type":"parseMarkdown","text":{"entities":[{"type":{}}]}}', '{"@type":"parseMarkdown","text":{"entities":[{"type":{"@type":"textEntityTypeXyz"}}]}}',
 '{"@type":"parseMarkdown","text":{"entities":[{"type":{"@type":"formattedText"}}]}}', '{"@type":"parseMarkdown","text":{"entities":[{"offset":"x"}]}}',
 '{"@type":"parseMarkdown","text":{"entities":[{"offset":0,"length":true}]}}', '{"@type":"parseMarkdown","text":{"entities":[[]]}}',
 '{"@type":"searchStringsByPrefix","strings":["a",1,"b"]}', '{"@type":"searchStringsByPrefix","strings":"a"}', '{"@type":"searchStringsByPrefix","strings":{}}',
 '{"@type":"searchStringsByPrefix","strings":[[]]}', '{"@type":"searchStringsByPrefix","limit":"x"}', '{"@type":"searchStringsByPrefix","limit":1.5}',
 '{"@type":"searchStringsByPrefix","return_none_for_empty_query":"yes"}',
 '{"@type":"getChatFolderDefaultIconName","folder":{"included_chat_ids":[1,true]}}', '{"@type":"getChatFolderDefaultIconName","folder":{"included_chat_ids":{}}}',
 '{"@type":"getChatFolderDefaultIconName","folder":[]}', '{"@type":"getChatFolderDefaultIconName","folder":{"name":5}}',
 '{"@type":"getChatFolderDefaultIconName","folder":{"name":{"text":[]}}}', '{"@type":"getChatFolderDefaultIconName","folder":{"icon":{"name":1}}}',
 '{"@type":"getJsonString","json_value":{"@type":"jsonValueArray","values":[{"@type":"jsonValueNull"},5]}}',
 '{"@type":"getJsonString","json_value":{"@type":"jsonValueObject","members":[{"key":5}]}}', '{"@type":"getJsonString","json_value":{"@type":"jsonObjectMember"}}',
 '{"@type":"getJsonString","json_value":{"@type":"jsonValueObject","members":{"key":"a"}}}', '{"@type":"getJsonString","json_value":5}',
 '{"@type":"setLogStream","log_stream":{"@type":"logStreamFile","path":5}}', '{"@type":"setLogStream","log_stream":{"@type":"logStreamFile","max_file_size":"x"}}',
 '{"@type":"setLogStream","log_stream":{"@type":"logStreamFile","max_file_size":true}}', '{"@type":"setLogStream","log_stream":{"@type":"logStreamFile","redirect_stderr":2.5}}',
 '{"@type":"addLogMessage","verbosity_level":"x","text":"t"}', '{"@type":"addLogMessage","verbosity_level":1,"text":[]}',
 '{"@type":"testReturnError","error":{"@type":"ok"}}', '{"@type":"testReturnError","error":{}}', '{"@type":"testReturnError","error":null}',
 '{"@type":"testReturnError"}', '{"@type":"testReturnError","error":"e"}', '{"@type":"testReturnError","error":{"code":"x"}}',
 '{"@type":"testReturnError","error":{"message":"\\u00e9\\ud83d\\ude00"}}', '{"@type":"testReturnError","error":{"code":-1,"message":""}}',
 '{"@type":"getOption","name":null}', '{"@type":"getOption","name":[]}', '{"@type":"getOption","name":{}}', '{"@type":"getOption","name":true}',
 '{"@type":"getOption"}', '{"@type":"setOption","name":"x","value":{"@type":"optionValueInteger","value":"abc"}}',
 '{"@type":"setOption","name":"x","value":{"@type":"optionValueBoolean","value":2}}', '{"@type":"setOption","name":"x","value":{"@type":"noSuch"}}',
 '{"@type":"setOption","name":"x","value":{}}', '{"@type":"setOption","name":"x","value":{"@type":"optionValueString","value":1}}',
 '{"@type":"testCallBytes","x":"AAE"}', '{"@type":"testCallBytes","x":"A==="}', '{"@type":"testCallBytes","x":"AA=A"}', '{"@type":"testCallBytes","x":"AB=="}',
 '{"@type":"testCallBytes","x":5}', '{"@type":"testCallVectorInt","x":[1,"a"]}', '{"@type":"testCallVectorIntObject","x":[{"value":"x"}]}',
 '{"@type":"testCallVectorStringObject","x":[5]}', '{"@type":"testSquareInt","x":2147483648}',
 '{"@type":"setTdlibParameters","api_id":"x"}', '{"@type":"setTdlibParameters","use_test_dc":"yes"}', '{"@type":"setTdlibParameters","database_encryption_key":"!!"}',
 '{"@type":"setTdlibParameters","database_encryption_key":"AAE"}',
]
parked = {'{"@type":"getOption","name":null}', '{"@type":"getOption"}'}
for i, o in enumerate(objs):
    J(f'object-{i:03d}', o, send=o not in parked)
# ---- getJsonValue / getJsonString / getThemeParametersJsonString
gv = ['1', '-2.5e3', '"s\\u00e9"', 'true', 'false', 'null', '[]', '{}', '{"a":1,"a":2}', '[1,[2,[3]]]', '', ' 1 ', '1 x', '{"a":}', 'tru', '"\\ud83d\\ude00"',
      '01', '1.2.3', '-', '{"k\\u0041":1}', '[' * 101 + ']' * 101, '[' * 102 + ']' * 102, '9007199254740993', '1e400', '"\\u0000"', '{"a":{"b":[true,null]}}',
      '"\u00e9"', '\u00e9', '"\\x"', '[1,]', '{"a" 1}', '"abc', '{"@type":"x"}', '"\\u12"', '  ', '\t[]\n', '{"a":1}}', '[' * 100 + '1' + ']' * 100,
      '[' * 101 + '1' + ']' * 101]
for i, j in enumerate(gv):
    J(f'getJsonValue-{i:02d}', {"@type": "getJsonValue", "json": j})
J('getJsonValue-invalid-utf8', b'{"@type":"getJsonValue","json":"\\"\xff\\""}')
J('getJsonValue-null-json', '{"@type":"getJsonValue","json":null}')
J('getJsonValue-missing', '{"@type":"getJsonValue"}')
gs = [{"@type":"jsonValueString","value":"a\"b\\c/\u00e9\u0001\u007f"}, {"@type":"jsonValueNumber","value":-0.5}, {"@type":"jsonValueNumber","value":1e20},
      {"@type":"jsonValueObject","members":[{"key":"\u00e9","value":{"@type":"jsonValueNull"}}, {"key":"a","value":None}]}, {"@type":"jsonValueArray","values":[]},
      {"@type":"jsonValueObject","members":[]}, {"@type":"jsonValueArray"}, {"@type":"jsonValueObject"}, {"@type":"jsonValueArray","values":[None, None]},
      {"@type":"jsonValueObject","members":[None, {"key":"b"}]}, {"@type":"jsonValueNull"}, None,
      {"@type":"jsonValueObject","members":[{"key":"a","value":{"@type":"jsonValueObject","members":[{"key":"a","value":{"@type":"jsonValueBoolean","value":True}}]}}]},
      {"@type":"jsonValueString","value":"\U0001F600\u2028"}, {"@type":"jsonValueString"}, {"@type":"jsonValueNumber"}, {"@type":"jsonValueBoolean"}]
for i, v in enumerate(gs):
    J(f'getJsonString-{i:02d}', {"@type": "getJsonString", "json_value": v})
J('getJsonString-missing', '{"@type":"getJsonString"}')
tp = {"@type":"themeParameters","background_color":0xffffff,"secondary_background_color":1,"header_background_color":-1,"bottom_bar_background_color":0x123456,
      "section_background_color":2,"section_separator_color":3,"text_color":4,"accent_text_color":5,"section_header_text_color":6,"subtitle_text_color":7,
      "destructive_text_color":8,"hint_color":9,"link_color":10,"button_color":11,"button_text_color":12}
J('theme-full', {"@type":"getThemeParametersJsonString","theme":tp})
J('theme-empty', {"@type":"getThemeParametersJsonString","theme":{}})
J('theme-wrap', {"@type":"getThemeParametersJsonString","theme":{"background_color":0x7fffffff,"text_color":-16777216,"hint_color":-2147483648}})
J('theme-bad-type', {"@type":"getThemeParametersJsonString","theme":{"background_color":"x"}})

# ---- log (state-changing cases restore the harness' level 0 at the end)
L = lambda cid, req, send=True: add('log', cid, req, send)
L('get-verbosity', {"@type":"getLogVerbosityLevel"})
L('get-stream', {"@type":"getLogStream"})
L('get-tags', {"@type":"getLogTags"})
for lvl in [-5, -1, 0, 1, 5, 1024, 1025, 2000]:
    L(f'set-verbosity-{lvl}', {"@type":"setLogVerbosityLevel","new_verbosity_level":lvl})
    L(f'set-verbosity-{lvl}-get', {"@type":"getLogVerbosityLevel"})
L('set-verbosity-string', {"@type":"setLogVerbosityLevel","new_verbosity_level":"3"})
L('set-verbosity-string-get', {"@type":"getLogVerbosityLevel"})
L('set-verbosity-missing', {"@type":"setLogVerbosityLevel"})
L('set-verbosity-missing-get', {"@type":"getLogVerbosityLevel"})
from itertools import count
tags = ["actor","binlog","config_recoverer","connections","dc","dns_resolver","fd","file_gc","file_loader","file_references","get_difference","mtproto","net_query","notifications","proxy","raw_mtproto","sqlite","td_init","td_requests","update_file"]
for t in tags:
    L(f'tag-get-{t}', {"@type":"getLogTagVerbosityLevel","tag":t})
for t in ['nope', '', 'ACTOR', ' actor', None]:
    L(f'tag-get-bad-{t}', {"@type":"getLogTagVerbosityLevel","tag":t})
    L(f'tag-set-bad-{t}', {"@type":"setLogTagVerbosityLevel","tag":t,"new_verbosity_level":2})
for lvl in [5, -3, 0, 1, 1024, 5000, 3]:
    L(f'tag-set-fd-{lvl}', {"@type":"setLogTagVerbosityLevel","tag":"fd","new_verbosity_level":lvl})
    L(f'tag-set-fd-{lvl}-get', {"@type":"getLogTagVerbosityLevel","tag":"fd"})
L('tag-restore-fd', {"@type":"setLogTagVerbosityLevel","tag":"fd","new_verbosity_level":13})
for i, ls in enumerate([None, {"@type":"logStreamFile"}, {"@type":"logStreamFile","path":"/tmp/x.log"}, {"@type":"logStreamFile","path":"","max_file_size":10},
        {"@type":"logStreamFile","path":"/tmp","max_file_size":10}, {"@type":"logStreamFile","path":"/tmp/x.log","max_file_size":-1},
        {"@type":"logStreamFile","path":"/proc/version","max_file_size":10}, {"@type":"logStreamEmpty"}, {"@type":"logStreamDefault"},
        {"@type":"noSuchStream"}, {"@type":"logStreamFile","max_file_size":0,"path":"/"}]):
    r = {"@type":"setLogStream"}
    if ls is not None: r["log_stream"] = ls
    L(f'stream-set-{i:02d}', r)
    L(f'stream-set-{i:02d}-get', {"@type":"getLogStream"})
L('stream-missing', {"@type":"setLogStream"})
L('stream-restore-default', {"@type":"setLogStream","log_stream":{"@type":"logStreamDefault"}})
for i, (lvl, text) in enumerate([(1, "hello"), (2, "two \u00e9"), (1023, "big"), (1024, "bigger"), (5000, "huge"), (3, ""), (1, None)]):
    r = {"@type":"addLogMessage","verbosity_level":lvl}
    if text is not None: r["text"] = text
    L(f'add-message-{i}', r)
L('add-message-missing-level', {"@type":"addLogMessage","text":"x","verbosity_level":7})
L('zz-restore-verbosity', {"@type":"setLogVerbosityLevel","new_verbosity_level":0})

# ---- options through td_execute
O = lambda cid, req, send=True: add('options', cid, req, send)
for n in ['version', 'commit_hash', 'Version', 'version ', 'commit_hash\\u0000', 'utc_time', 'unix_time', 'online', 'my_id', 'x_custom', '', 'message_caption_length_max']:
    O(f'get-{n or "empty"}', '{"@type":"getOption","name":"' + n + '"}', send=n in ('version', 'commit_hash'))
O('get-version-extra', {"@type":"getOption","name":"version","@extra":{"k":"v"}})
O('get-escaped-version', '{"@type":"getOption","name":"\\u0076ersion"}')
for i, v in enumerate([{"@type":"optionValueString","value":"x"}, None, {"@type":"optionValueEmpty"}]):
    r = {"@type":"setOption","name":"x_custom"}
    if v: r["value"] = v
    O(f'set-via-execute-{i}', r, send=False)
O('set-version-via-execute', {"@type":"setOption","name":"version","value":{"@type":"optionValueString","value":"2"}}, send=False)

for g, lst in cases.items():
    with open(os.path.join(OUT, f'{g}.jsonl'), 'w', encoding='utf-8') as f:
        for c in lst:
            f.write(json.dumps(c, ensure_ascii=False) + '\n')
    print(g, len(lst))
