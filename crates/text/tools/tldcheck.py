from td import *
def check(batch, prefix='example.'):
    text='\n'.join(prefix+t for t in batch)
    r=ex({"@type":"getTextEntities","text":text})
    s=set(sub(text,e['offset'],e['length']) for e in r['entities'])
    return [t for t in batch if prefix+t in s]
