from tldcheck import check
import itertools, string, json
ok=json.load(open('tlds_ok.json'))
c4=[''.join(t) for t in itertools.product(string.ascii_lowercase, repeat=4)]
new=[]
for i in range(0,len(c4),3000): new+=check(c4[i:i+3000])
print(len(new), [t for t in new if t not in ok])
ok=sorted(set(ok)|set(new)); json.dump(ok, open('tlds_ok.json','w'), ensure_ascii=False)
