from td import *
import itertools, string, json
psl=[l.strip() for l in open('/usr/share/publicsuffix/public_suffix_list.dat') if l.strip() and not l.startswith('//')]
top=set()
for l in psl:
    l=l.lstrip('*.!')
    top.add(l.split('.')[-1].lower())
cands=set(top)
for n in (1,2,3):
    for t in itertools.product(string.ascii_lowercase, repeat=n): cands.add(''.join(t))
# punycode forms of IDN tlds
import idna
for t in list(top):
    if not t.isascii():
        try: cands.add(t.encode('idna').decode())
        except Exception as e: pass
cands=sorted(cands)
ok=[]
def check(batch):
    text='\n'.join('example.'+t for t in batch)
    r=ex({"@type":"getTextEntities","text":text})
    s=set()
    for e in r['entities']:
        s.add(sub(text,e['offset'],e['length']))
    return [t for t in batch if 'example.'+t in s]
if __name__=="__main__":
    for i in range(0,len(cands),1000):
      ok+=check(cands[i:i+1000])
  print(len(cands), len(ok))
  json.dump(ok, open('tlds_ok.json','w'), ensure_ascii=False)
  print([t for t in top if t not in ok][:50])
  print([t for t in ok if t not in top][:80])
  