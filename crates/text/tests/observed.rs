//! Facts observed from TDLib 1.8.65 (libtdjson via td_execute), recorded by
//! tools/gen_rust_tests.py; each case compares this crate's answer with them.

mod render;
use render::{render, render_result};

const DETECT: &[(&str, &str)] = &[
    ("Hello @durov, see https://telegram.org and t.me/tdlib #tdlib $USD /start@bot mail me: test@example.com, call +1 (555) 123-4567, card 4242424242424242, cmd /help and ŁÓDŹ 😀 www.example.org/path?q=1", "Mention 6 6; Url 18 20; Url 43 10; Hashtag 54 6; Cashtag 61 4; BotCommand 66 10; EmailAddress 86 16; BankCardNumber 133 16; BotCommand 155 5; Url 173 24"),
    ("@abc", ""),
    ("@gif", "Mention 0 4"),
    ("@abcd", "Mention 0 5"),
    ("x@abcd", ""),
    ("@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", ""),
    ("#tag@user", "Hashtag 0 9"),
    ("#ab#cd", ""),
    ("#123", ""),
    ("$USD@abc", "Cashtag 0 8"),
    ("$ABCDEFGHI", ""),
    ("/start@ab", ""),
    ("/start@abc", "BotCommand 0 10"),
    ("example.con", ""),
    ("EXAMPLE.COM", "Url 0 11"),
    ("example.Com", ""),
    ("http://example.Com", "Url 0 18"),
    ("a-.com", ""),
    ("example.com:99999", "Url 0 11"),
    ("(example.com/path)", "Url 1 16"),
    ("example.com/pa(t)h", "Url 0 18"),
    ("tg://resolve?domain=x", "Url 0 21"),
    ("tonsite://ab", "Url 4 8"),
    ("1.2.3.256", ""),
    ("user:pass@example.com", "Url 0 21"),
    ("a.@b.com", "Url 0 8"),
    ("a@b.aa", "EmailAddress 0 6"),
    ("пример.рф", "Url 0 9"),
    ("xn--e1afmkfd.xn--p1ai", "Url 0 21"),
    ("4242 4242 4242 4242", "BankCardNumber 0 19"),
    ("4242424242424242 4242424242424242", "BankCardNumber 0 16; BankCardNumber 17 16"),
    ("1:23:45", "MediaTimestamp(5025) 0 7"),
    ("0:1:23", "MediaTimestamp(83) 0 6"),
    ("999:59:59", ""),
    ("hi @a😀 #x", "Hashtag 8 2"),
    ("xhttp://t.me", "Url 1 11"),
    ("sftp://x.com", ""),
    ("e@x.commail", "EmailAddress 0 11"),
    ("/.:8.ae", "Url 3 4"),
    (".:1.4.ao", "Url 4 4"),
    ("a.com:1..a.ao", "Url 0 7; Url 9 4"),
    ("#a.com:1?1.a.ao", "Hashtag 0 2"),
    (".@?a.am", ""),
    ("/.@:1.2.3.4", "Url 4 7"),
    ("@.a!@a.ao", "Url 2 7"),
    ("@.ab.cd!@a.ao", "Url 5 8"),
    ("/ab.cd.ef!@a.ao", "BotCommand 0 3; Url 7 8"),
    ("/u.v@ab.cd.ef!@a.ao", "BotCommand 0 2; Url 11 8"),
    ("a.com/x)a.ao", "Url 0 7"),
    ("a.com:1.b@a.ao", "Url 0 7; EmailAddress 8 6"),
    ("/#.a@http://a.aa", "Url 5 11"),
    ("#a@.ab!@a.ao", "Hashtag 0 2; Url 6 6"),
    ("http://#u@ab.ao!@a.ao", "Hashtag 7 2; Url 15 6"),
    (".@@.ao", "Url 0 6"),
    (".@@1.2.3.4", ""),
    ("a.b@c_@d.ao", ""),
    ("a+@a.aa", ""),
    ("a@a.aa?)", ""),
    ("aaa.aaa.aaaaaaaa.aaa4242424242424242@a.aa", "EmailAddress 0 41"),
    ("aaaaaaaaaaaaaaaaaaaaaaaaaaa.a@a.aa", ""),
    ("a.a.a.a.a.a.a.a.a.a.a.a@a.aa", ""),
    ("#tg://tg://abc", "Hashtag 0 3; Url 6 8"),
    ("#tg://tg://ab", "Hashtag 0 3"),
    ("xsftp://a.com", "Url 2 11"),
    ("_sftp://a.com", ""),
    ("42424242424242", ""),
    ("1000000000009", "BankCardNumber 0 13"),
    ("2221000000000009", "BankCardNumber 0 16"),
    ("6200000000000005", "BankCardNumber 0 16"),
    ("a4242424242424242 4242424242424242", ""),
];

#[test]
fn detection_matches_tdlib() {
    for (text, expected) in DETECT {
        assert_eq!(
            render(&text::get_text_entities(text)),
            *expected,
            "text {text:?}"
        );
    }
}

const PARSE: &[(&str, &str, &str)] = &[
    ("2", "*bold* _italic_ __underline__ ~strike~ ||spoiler|| `code` ```python\nprint(1)\n``` [link](https://t.me) [mention](tg://user?id=123) \\*escaped\\*", "bold italic underline strike spoiler code print(1)\n link mention *escaped* => Bold 0 4; Italic 5 6; Underline 12 9; Strikethrough 22 6; Spoiler 29 7; Code 37 4; PreCode(python) 42 9; TextUrl(https://t.me/) 52 4; MentionName(123) 57 7"),
    ("2", "*bold", "ERR Can't parse entities: Can't find end of Bold entity at byte offset 0"),
    ("2", "a.b!", "ERR Can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'"),
    ("2", "*a _b* c_", "ERR Can't parse entities: Can't find end of Italic entity at byte offset 8"),
    ("2", "___a___", "ERR Can't parse entities: Can't find end of Italic entity at byte offset 6"),
    ("2", ">a\n>b||", "a\nb => ExpandableBlockQuote 0 3"),
    ("2", "**>a\n**>b", "a\nb => BlockQuote 0 2; BlockQuote 2 1"),
    ("2", "![👍](tg://emoji?id=5368324170671202286)", "👍 => CustomEmoji(5368324170671202286) 0 2"),
    ("2", "![a](tg://time?unix=1&format=wDT)", "a => DateTime(1,{\"@type\":\"dateTimeFormattingTypeAbsolute\",\"time_precision\":{\"@type\":\"dateTimePartPrecisionLong\"},\"date_precision\":{\"@type\":\"dateTimePartPrecisionLong\"},\"show_day_of_week\":true}) 0 1"),
    ("2", "![a](tg://emoji?id=0)", "ERR Can't parse entities: Invalid tg://emoji or tg://time URL specified"),
    ("2", "[a](http://x.com", "ERR Can't parse entities: Can't find end of a URL at byte offset 4"),
    ("2", "```a````", "ERR Can't parse entities: Can't find end of Code entity at byte offset 7"),
    ("2", "[a](x.com)", "a => TextUrl(http://x.com/) 0 1"),
    ("2", "[a](tg://user?id=05)", "a => TextUrl(tg://user?id=05) 0 1"),
    ("0", "*bold* _italic_ `code` [link](https://t.me)", "bold italic code link => Bold 0 4; Italic 5 6; Code 12 4; TextUrl(https://t.me/) 17 4"),
    ("0", "*a", "ERR Can't parse entities: Can't find end of the entity starting at byte offset 0"),
    ("1", "[x.com]", "x.com => TextUrl(http://.comm/) 0 5"),
    ("1", "```py\na```", "a => PreCode(py) 0 1"),
    ("html", "<b>bold</b> <i>it</i> <u>u</u> <s>s</s> <tg-spoiler>sp</tg-spoiler> <code>c</code> <pre><code class=\"language-rust\">fn main(){}</code></pre> <a href=\"https://t.me\">l</a> <a href=\"tg://user?id=123\">m</a> <blockquote>q</blockquote> &lt;&amp;&gt;&quot; &#128512;", "bold it u s sp c fn main(){} l m q <&>\" 😀 => Bold 0 4; Italic 5 2; Underline 8 1; Strikethrough 10 1; Spoiler 12 2; Code 15 1; PreCode(rust) 17 11; TextUrl(https://t.me/) 29 1; MentionName(123) 31 1; BlockQuote 33 1"),
    ("html", "<b>a", "ERR Can't parse entities: Can't find end tag corresponding to start tag \"b\""),
    ("html", "<x>a</x>", "ERR Can't parse entities: Unsupported start tag \"x\" at byte offset 0"),
    ("html", "<b>a</i>", "ERR Can't parse entities: Unmatched end tag at byte offset 4, expected \"</b>\", found \"</i>\""),
    ("html", "<span>a</span>", "ERR Can't parse entities: Tag \"span\" must have class \"tg-spoiler\" at byte offset 0"),
    ("html", "&#xD800;", "ERR Can't parse entities: Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units"),
    ("html", "<b x=\"1", "ERR Can't parse entities: Unclosed start tag at byte offset 0"),
    ("html", "<tg-time unix=\"5\" format=\"x\">a</tg-time>", "ERR Can't parse entities: Invalid date format used"),
    ("html", "<blockquote expandable>a</blockquote>", "a => ExpandableBlockQuote 0 1"),
];

#[test]
fn markup_parsing_matches_tdlib() {
    for (mode, input, expected) in PARSE {
        let got = match *mode {
            "html" => text::parse_html(input),
            "2" => text::parse_markdown_v2(input),
            _ => text::parse_markdown_v1(input),
        };
        let got = got.map_err(|e| e.to_string());
        assert_eq!(render_result(got), *expected, "mode {mode} input {input:?}");
    }
}

/// (function, text, entities as "Kind offset length"; …, expected).
const HUMAN: &[(&str, &str, &str, &str)] = &[
    ("parseMarkdown", "**bold** __it__ --u-- ~~s~~ ||sp|| `c` [l](https://t.me)", "", "bold it --u-- s sp c l => Bold 0 4; Italic 5 2; Strikethrough 14 1; Spoiler 16 2; Code 19 1; TextUrl(https://t.me/) 21 1"),
    ("parseMarkdown", "__a @durov__", "", "__a @durov__ => "),
    ("parseMarkdown", "**a**", "Code 0 5", "**a** => Code 0 5"),
    ("parseMarkdown", "abcde", "Bold 0 5; Italic 2 1", "abcde => Bold 0 2; Bold 2 3; Italic 2 1"),
    ("parseMarkdown", "abcde", "Bold 3 5", "ERR Entity beginning at UTF-16 offset 3 ends after the end of the text at UTF-16 offset 8"),
    ("parseMarkdown", "abcde", "TextUrl(x) 0 1", "ERR Entity URL 'x' is invalid: Wrong HTTP URL"),
    ("parseMarkdown", "   ", "", " => "),
    ("getMarkdownText", "bold italic", "Bold 0 4; Italic 5 6", "**bold** __italic__ => "),
    ("getMarkdownText", "a*b", "Bold 0 1", "a*b => Bold 0 1"),
    ("getMarkdownText", "abc", "Bold 0 3; MentionName(5) 1 1", "**a****b****c** => MentionName(5) 5 5"),
    ("getMarkdownText", "abc", "PreCode(py) 0 3", "```py\nabc``` => "),
    ("getMarkdownText", "😀a", "Bold 1 2", "ERR Entity begins in a middle of a UTF-16 symbol at byte offset 4"),
    ("parseMarkdown", "~~a~~", "BlockQuote 2 1", "~~a~~ => BlockQuote 2 1"),
    ("parseMarkdown", "~~ab~~ ~~c~~", "BlockQuote 2 1", "~~ab c~~ => BlockQuote 2 1; Strikethrough 4 1"),
    ("parseMarkdown", "x~~a~~x", "BlockQuote 0 7", "xax => BlockQuote 0 3; Strikethrough 1 1"),
    ("parseMarkdown", "__a__", "ExpandableBlockQuote 2 3", "__a__ => ExpandableBlockQuote 2 3"),
    ("parseMarkdown", "[b](x.com)", "Bold 2 2", "b => TextUrl(http://x.com/) 0 1"),
    ("parseMarkdown", "[b](x.com)", "Url 0 10", "[b](x.com) => Url 0 10"),
    ("parseMarkdown", "x [b](x.com) y", "BlockQuote 0 14", "x b y => BlockQuote 0 5; TextUrl(http://x.com/) 2 1"),
    ("parseMarkdown", "[b](x.com)", "BlockQuote 0 4", "[b](x.com) => BlockQuote 0 4"),
    ("parseMarkdown", "x [b](x.com) y", "MentionName(5) 0 14", "x [b](x.com) y => MentionName(5) 0 14"),
    ("parseMarkdown", "```*\nx```", "", "x => PreCode(*) 0 1"),
    ("parseMarkdown", "```é\nx```", "", "é\nx => Pre 0 3"),
    ("getMarkdownText", "x", "PreCode(a*) 0 1", "```a*\nx``` => "),
    ("parseMarkdown", "/__a__", "Code 0 1", "/a => Code 0 1; Italic 1 1"),
    ("parseMarkdown", "#__a__", "BlockQuote 1 5", "#a => BlockQuote 1 1; Italic 1 1"),
    ("parseMarkdown", "/__a__", "BlockQuote 0 3", "/__a__ => BlockQuote 0 3"),
    ("parseMarkdown", "~~__~~__", "", " => "),
    ("parseMarkdown", "a ~~__~~__ b", "", "a  b => "),
    ("parseMarkdown", "____", "Italic 0 2", "____ => Italic 0 2"),
    ("getMarkdownText", "____", "TextUrl(http://x.com/) 0 2", "[__](http://x.com/)__ => "),
    ("getMarkdownText", "~~~~", "Italic 0 2", "~~~~ => Italic 0 2"),
];

#[test]
fn human_markdown_matches_tdlib() {
    for (function, input, entities, expected) in HUMAN {
        let ft = text::FormattedText {
            text: input.to_string(),
            entities: render::parse_entities(entities),
        };
        let got = match *function {
            "parseMarkdown" => text::parse_markdown(ft),
            _ => text::get_markdown_text(ft),
        };
        let got = got.map_err(|e| e.to_string());
        assert_eq!(
            render_result(got),
            *expected,
            "{function} {input:?} {entities:?}"
        );
    }
}

const QUOTES: &[(&str, &str, i32, Option<i32>)] = &[
    ("abcabc", "b", 0, Some(1)),
    ("abcabc", "b", 3, Some(4)),
    ("aXbXc", "X", 2, Some(3)),
    ("😀a😀a", "a", 3, Some(2)),
    ("abc", "x", 0, None),
    ("abc", "", 0, None),
];

#[test]
fn quote_search_matches_tdlib() {
    for (t, q, p, expected) in QUOTES {
        let ft = |s: &str| text::FormattedText {
            text: s.to_string(),
            entities: Vec::new(),
        };
        assert_eq!(
            text::search_quote(&ft(t), &ft(q), *p),
            *expected,
            "{t:?} {q:?} {p}"
        );
    }
}
