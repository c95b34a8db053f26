#!/usr/bin/env python3
"""Regenerates tests/observed.rs: facts observed from the reference TDLib (see td.py)."""
import json
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from td import *  # noqa: E402,F403
def render(ents):
    out=[]
    for e in ents:
        t=e['type']; k=t['@type'].replace('textEntityType','')
        extra=[]
        for kk,v in t.items():
            if kk=='@type': continue
            if isinstance(v,dict): v=json.dumps(v,separators=(',',':'))
            extra.append(f"{v}")
        if extra: k+='('+','.join(str(x) for x in extra)+')'
        out.append(f"{k} {e['offset']} {e['length']}")
    return '; '.join(out)
def rs(s): return json.dumps(s, ensure_ascii=False)
detect=['Hello @durov, see https://telegram.org and t.me/tdlib #tdlib $USD /start@bot mail me: test@example.com, call +1 (555) 123-4567, card 4242424242424242, cmd /help and ŁÓDŹ 😀 www.example.org/path?q=1',
 '@abc','@gif','@abcd','x@abcd','@'+'a'*33,'#tag@user','#ab#cd','#123','$USD@abc','$ABCDEFGHI','/start@ab','/start@abc','example.con','EXAMPLE.COM','example.Com','http://example.Com','a-.com','example.com:99999','(example.com/path)','example.com/pa(t)h','tg://resolve?domain=x','tonsite://ab','1.2.3.256','user:pass@example.com','a.@b.com','a@b.aa','пример.рф','xn--e1afmkfd.xn--p1ai','4242 4242 4242 4242','4242424242424242 4242424242424242','1:23:45','0:1:23','999:59:59','hi @a😀 #x','xhttp://t.me','sftp://x.com','e@x.commail',
 # Found by differential fuzzing: where scanning resumes after a candidate, '@' splits, local parts, tg: links, sftp, card lengths.
 '/.:8.ae','.:1.4.ao','a.com:1..a.ao','#a.com:1?1.a.ao','.@?a.am','/.@:1.2.3.4','@.a!@a.ao','@.ab.cd!@a.ao','/ab.cd.ef!@a.ao','/u.v@ab.cd.ef!@a.ao','a.com/x)a.ao','a.com:1.b@a.ao','/#.a@http://a.aa','#a@.ab!@a.ao','http://#u@ab.ao!@a.ao','.@@.ao','.@@1.2.3.4','a.b@c_@d.ao','a+@a.aa','a@a.aa?)','aaa.aaa.aaaaaaaa.aaa4242424242424242@a.aa','a'*27+'.a@a.aa','.'.join('a'*12)+'@a.aa','#tg://tg://abc','#tg://tg://ab','xsftp://a.com','_sftp://a.com','42424242424242','1000000000009','2221000000000009','6200000000000005','a4242424242424242 4242424242424242']
lines=["//! Facts observed from TDLib 1.8.65 (libtdjson via td_execute), recorded by",
"//! tools/gen_rust_tests.py; each case compares this crate's answer with them.","",
"mod render;","use render::{render, render_result};","",
"const DETECT: &[(&str, &str)] = &["]
for t in detect:
    r=ex({"@type":"getTextEntities","text":t})
    lines.append(f"    ({rs(t)}, {rs(render(r['entities']))}),")
lines+=["];","","#[test]","fn detection_matches_tdlib() {","    for (text, expected) in DETECT {","        assert_eq!(render(&text::get_text_entities(text)), *expected, \"text {text:?}\");","    }","}",""]
parse=[(2,'*bold* _italic_ __underline__ ~strike~ ||spoiler|| `code` ```python\nprint(1)\n``` [link](https://t.me) [mention](tg://user?id=123) \\*escaped\\*'),(2,'*bold'),(2,'a.b!'),(2,'*a _b* c_'),(2,'___a___'),(2,'>a\n>b||'),(2,'**>a\n**>b'),(2,'![👍](tg://emoji?id=5368324170671202286)'),(2,'![a](tg://time?unix=1&format=wDT)'),(2,'![a](tg://emoji?id=0)'),(2,'[a](http://x.com'),(2,'```a````'),(2,'[a](x.com)'),(2,'[a](tg://user?id=05)'),(0,'*bold* _italic_ `code` [link](https://t.me)'),(0,'*a'),(1,'[x.com]'),(1,'```py\na```'),
('html','<b>bold</b> <i>it</i> <u>u</u> <s>s</s> <tg-spoiler>sp</tg-spoiler> <code>c</code> <pre><code class="language-rust">fn main(){}</code></pre> <a href="https://t.me">l</a> <a href="tg://user?id=123">m</a> <blockquote>q</blockquote> &lt;&amp;&gt;&quot; &#128512;'),('html','<b>a'),('html','<x>a</x>'),('html','<b>a</i>'),('html','<span>a</span>'),('html','&#xD800;'),('html','<b x="1'),('html','<tg-time unix="5" format="x">a</tg-time>'),('html','<blockquote expandable>a</blockquote>')]
lines+=["const PARSE: &[(&str, &str, &str)] = &["]
for mode,t in parse:
    pm={"@type":"textParseModeHTML"} if mode=='html' else {"@type":"textParseModeMarkdown","version":mode}
    r=ex({"@type":"parseTextEntities","text":t,"parse_mode":pm})
    exp = ("ERR "+r['message']) if r['@type']=='error' else (r['text']+' => '+render(r['entities']))
    lines.append(f"    ({rs(str(mode))}, {rs(t)}, {rs(exp)}),")
lines+=["];","","#[test]","fn markup_parsing_matches_tdlib() {","    for (mode, input, expected) in PARSE {",
"        let got = match *mode {",
"            \"html\" => text::parse_html(input),",
"            \"2\" => text::parse_markdown_v2(input),",
"            _ => text::parse_markdown_v1(input),",
"        };",
"        let got = got.map_err(|e| e.to_string());",
"        assert_eq!(render_result(got), *expected, \"mode {mode} input {input:?}\");","    }","}",""]
def ftj(t,e):
    return {"@type":"formattedText","text":t,"entities":[{"@type":"textEntity","offset":o,"length":l,"type":(k if isinstance(k,dict) else {"@type":"textEntityType"+k})} for k,o,l in e]}
human=[('parseMarkdown','**bold** __it__ --u-- ~~s~~ ||sp|| `c` [l](https://t.me)',[]),('parseMarkdown','__a @durov__',[]),('parseMarkdown','**a**',[('Code',0,5)]),('parseMarkdown','abcde',[('Bold',0,5),('Italic',2,1)]),('parseMarkdown','abcde',[('Bold',3,5)]),('parseMarkdown','abcde',[({'@type':'textEntityTypeTextUrl','url':'x'},0,1)]),('parseMarkdown','   ',[]),
 ('getMarkdownText','bold italic',[('Bold',0,4),('Italic',5,6)]),('getMarkdownText','a*b',[('Bold',0,1)]),('getMarkdownText','abc',[('Bold',0,3),({'@type':'textEntityTypeMentionName','user_id':5},1,1)]),('getMarkdownText','abc',[({'@type':'textEntityTypePreCode','language':'py'},0,3)]),('getMarkdownText','😀a',[('Bold',1,2)]),
 # Found by differential fuzzing: quotes are not split by paired delimiters; links and the entities around them.
 ('parseMarkdown','~~a~~',[('BlockQuote',2,1)]),('parseMarkdown','~~ab~~ ~~c~~',[('BlockQuote',2,1)]),('parseMarkdown','x~~a~~x',[('BlockQuote',0,7)]),('parseMarkdown','__a__',[('ExpandableBlockQuote',2,3)]),
 ('parseMarkdown','[b](x.com)',[('Bold',2,2)]),('parseMarkdown','[b](x.com)',[('Url',0,10)]),('parseMarkdown','x [b](x.com) y',[('BlockQuote',0,14)]),('parseMarkdown','[b](x.com)',[('BlockQuote',0,4)]),('parseMarkdown','x [b](x.com) y',[({'@type':'textEntityTypeMentionName','user_id':5},0,14)]),
 ('parseMarkdown','```*\nx```',[]),('parseMarkdown','```é\nx```',[]),('getMarkdownText','x',[({'@type':'textEntityTypePreCode','language':'a*'},0,1)]),('parseMarkdown','/__a__',[('Code',0,1)]),('parseMarkdown','#__a__',[('BlockQuote',1,5)]),('parseMarkdown','/__a__',[('BlockQuote',0,3)]),
 ('parseMarkdown','~~__~~__',[]),('parseMarkdown','a ~~__~~__ b',[]),('parseMarkdown','____',[('Italic',0,2)]),('getMarkdownText','____',[({'@type':'textEntityTypeTextUrl','url':'http://x.com/'},0,2)]),('getMarkdownText','~~~~',[('Italic',0,2)])]
lines+=["/// (function, text, entities as \"Kind offset length\"; …, expected).","const HUMAN: &[(&str, &str, &str, &str)] = &["]
for fn,t,e in human:
    r=ex({"@type":fn,"text":ftj(t,e)})
    exp = ("ERR "+r['message']) if r['@type']=='error' else (r['text']+' => '+render(r['entities']))
    lines.append(f"    ({rs(fn)}, {rs(t)}, {rs(render(ftj(t,e)['entities']))}, {rs(exp)}),")
lines+=["];","","#[test]","fn human_markdown_matches_tdlib() {","    for (function, input, entities, expected) in HUMAN {",
"        let ft = text::FormattedText { text: input.to_string(), entities: render::parse_entities(entities) };",
"        let got = match *function {",
"            \"parseMarkdown\" => text::parse_markdown(ft),",
"            _ => text::get_markdown_text(ft),",
"        };",
"        let got = got.map_err(|e| e.to_string());",
"        assert_eq!(render_result(got), *expected, \"{function} {input:?} {entities:?}\");","    }","}",""]
sq=[('abcabc','b',0),('abcabc','b',3),('aXbXc','X',2),('😀a😀a','a',3),('abc','x',0),('abc','',0)]
lines+=["const QUOTES: &[(&str, &str, i32, Option<i32>)] = &["]
for t,q,p in sq:
    r=ex({"@type":"searchQuote","text":ftj(t,[]),"quote":ftj(q,[]),"quote_position":p})
    v = f"Some({r['position']})" if r['@type']=='foundPosition' else "None"
    lines.append(f"    ({rs(t)}, {rs(q)}, {p}, {v}),")
lines+=["];","","#[test]","fn quote_search_matches_tdlib() {","    for (t, q, p, expected) in QUOTES {",
"        let ft = |s: &str| text::FormattedText { text: s.to_string(), entities: Vec::new() };",
"        assert_eq!(text::search_quote(&ft(t), &ft(q), *p), *expected, \"{t:?} {q:?} {p}\");","    }","}"]
open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'observed.rs'), 'w').write('\n'.join(lines)+'\n')
