# Probe helpers for tools/gen_rust_tests.py: call the reference libtdjson through ctypes.
import ctypes, json, sys
import os
PATH=os.environ.get("TDJSON_ANCHOR", "/work/scratch/anchor/node_modules/@prebuilt-tdlib/linux-x64-glibc/libtdjson.so")
td = ctypes.CDLL(PATH); td.td_execute.restype = ctypes.c_char_p; td.td_execute.argtypes = [ctypes.c_char_p]
td.td_execute(b'{"@type":"setLogVerbosityLevel","new_verbosity_level":0}')
def ex(obj):
    s = obj if isinstance(obj,(bytes,)) else json.dumps(obj).encode()
    return json.loads(td.td_execute(s))
def u16(s): return s.encode('utf-16-le')
def sub(text, off, ln):
    b=u16(text); return b[off*2:(off+ln)*2].decode('utf-16-le','replace')
def short(e):
    t=e['type']; k=t['@type'].replace('textEntityType','')
    extra={kk:v for kk,v in t.items() if kk!='@type'}
    return (k, e['offset'], e['length'], extra) if extra else (k,e['offset'],e['length'])
def ents(text):
    r=ex({"@type":"getTextEntities","text":text})
    if r['@type']=='error': return r['message']
    return [(short(e), sub(text,e['offset'],e['length'])) for e in r['entities']]
def parse(text, mode):
    pm={"@type":"textParseModeHTML"} if mode=='html' else {"@type":"textParseModeMarkdown","version":mode}
    r=ex({"@type":"parseTextEntities","text":text,"parse_mode":pm})
    if r['@type']=='error': return r['message']
    return (r['text'], [(short(e), sub(r['text'],e['offset'],e['length'])) for e in r['entities']])
def ft(text, entities):
    return {"@type":"formattedText","text":text,"entities":[{"@type":"textEntity","offset":o,"length":l,"type":(t if isinstance(t,dict) else {"@type":"textEntityType"+t})} for (t,o,l) in entities]}
def pmd(text, entities=()):
    r=ex({"@type":"parseMarkdown","text":ft(text,entities)})
    if r['@type']=='error': return r['message']
    return (r['text'], [(short(e), sub(r['text'],e['offset'],e['length'])) for e in r['entities']])
def gmd(text, entities=()):
    r=ex({"@type":"getMarkdownText","text":ft(text,entities)})
    if r['@type']=='error': return r['message']
    return (r['text'], [(short(e), sub(r['text'],e['offset'],e['length'])) for e in r['entities']])
