from td import *
import sys, json
def cps():
    for c in range(1,0x110000):
        if 0xD800<=c<0xE000: continue
        yield c
ALL=list(cps())
def probe(template, detect_type, chunk=2000, sep="\n"):
    """template: function c->str containing marker; returns set of cps for which an entity of detect_type exists with given expected substring"""
    res={}
    for i in range(0,len(ALL),chunk):
        part=ALL[i:i+chunk]
        pieces=[]; starts=[]; pos=0
        for c in part:
            s=template(chr(c)); starts.append(pos); pieces.append(s); pos+=len(u16(s))//2+len(sep)
        text=sep.join(pieces)
        r=ex({"@type":"getTextEntities","text":text})
        found=[(e['offset'],e['length'],e['type']['@type']) for e in r['entities']]
        import bisect
        for (o,l,t) in found:
            k=bisect.bisect_right(starts,o)-1
            res.setdefault(part[k],[]).append((o-starts[k],l,t.replace('textEntityType','')))
    return res
def ranges(s):
    s=sorted(s); out=[]
    for c in s:
        if out and out[-1][1]==c-1: out[-1][1]=c
        else: out.append([c,c])
    return out
import unicodedata as ud
def compare(name, s):
    WL=set(c for c in ALL if ud.category(chr(c))[0] in 'LN' or c==95)
    d1=sorted(s-WL); d2=sorted(WL-s)
    d1=[c for c in d1 if ud.category(chr(c))!='Cn']
    print(name, len(s), '| extra vs word:', [(hex(a),hex(b), ud.category(chr(a)), ud.name(chr(a),'?')) for a,b in ranges(d1)][:60])
    print('   | missing vs word:', len(d2), [(hex(a),hex(b), ud.category(chr(a)), ud.name(chr(a),'?')) for a,b in ranges(d2)][:60])
def save(name, s): json.dump(ranges(s), open(name+'.json','w'))
def load(name):
    s=set()
    for a,b in json.load(open(name+'.json')): s.update(range(a,b+1))
    return s
