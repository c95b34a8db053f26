from classes import *
W=load('mention_prev_blocked'); H=load('hashtag_inner')
def blocked_set(tmpl, typ, off, ln):
    r=probe(tmpl, None, chunk=2000)
    ok=set(c for c,v in r.items() if any(x[2]==typ and x[0]==off(chr(c)) and x[1]==ln for x in v))
    return set(ALL)-ok
L=lambda s: len(u16(s))//2
tests={
 'mention_next': (lambda c:'@abcd'+c,'Mention',lambda c:0,5),
 'cashtag_prev': (lambda c:c+'$USD','Cashtag',lambda c:L(c),4),
 'cashtag_next': (lambda c:'$USD'+c,'Cashtag',lambda c:0,4),
 'bot_prev': (lambda c:c+'/start','BotCommand',lambda c:L(c),6),
 'bot_next': (lambda c:'/start'+c,'BotCommand',lambda c:0,6),
 'hashtag_next': (lambda c:'#ab'+c,'Hashtag',lambda c:0,3),
}
for name,(t,typ,off,ln) in tests.items():
    b=blocked_set(t,typ,off,ln); save(name,b)
    print(name, len(b), 'eqW',b==W,'eqH',b==H, 'minusW', [hex(x) for x in sorted(b-W)][:40], 'Wminus', len(W-b), [hex(x) for x in sorted(W-b)][:10])
