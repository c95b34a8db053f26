//! Calls per second of the text functions on the texts of the reference benchmark
//! (shared/tools/anchor/bench.c). Prints figures; asserts nothing about speed.

use std::hint::black_box;
use std::time::Instant;

const ENTITIES_TEXT: &str = "Hello @durov, see https://telegram.org and t.me/tdlib #tdlib $USD /start@bot mail me: test@example.com, call +1 (555) 123-4567, card 4242424242424242, cmd /help and \u{141}\u{d3}D\u{179} \u{1F600} www.example.org/path?q=1";
const MARKDOWN_TEXT: &str = "*bold* _italic_ __underline__ ~strike~ ||spoiler|| `code` [link](https://t.me) [mention](tg://user?id=123) \\*escaped\\* and some more plain text to reach about two hundred characters in total, *bold again* _x_";
const HTML_TEXT: &str = "<b>bold</b> <i>it</i> <u>u</u> <s>s</s> <tg-spoiler>sp</tg-spoiler> <code>c</code> <pre><code class=\"language-rust\">fn main(){}</code></pre> <a href=\"https://t.me\">l</a> <a href=\"tg://user?id=123\">m</a> <blockquote>q</blockquote> &lt;&amp;&gt;&quot; &#128512;";

/// CPU time of this thread, in seconds.
fn thread_cpu() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

fn bench(name: &str, n: u32, mut f: impl FnMut() -> usize) {
    let (mut best_wall, mut best_cpu) = (f64::MAX, f64::MAX);
    let mut check = 0usize;
    for _ in 0..5 {
        let (t0, c0) = (Instant::now(), thread_cpu());
        for _ in 0..n {
            check = check.wrapping_add(black_box(f()));
        }
        best_wall = best_wall.min(t0.elapsed().as_secs_f64());
        best_cpu = best_cpu.min(thread_cpu() - c0);
    }
    println!(
        "{name:<30} {:>9.0} calls/s CPU ({:.3} us/call), {:>9.0} calls/s wall  [{check}]",
        n as f64 / best_cpu,
        best_cpu / n as f64 * 1e6,
        n as f64 / best_wall
    );
}

fn main() {
    let n = 200_000;
    bench("getTextEntities (~200 ch)", n, || {
        text::get_text_entities(black_box(ENTITIES_TEXT)).len()
    });
    bench("parseTextEntities MarkdownV2", n, || {
        text::parse_markdown_v2(black_box(MARKDOWN_TEXT)).map_or(0, |f| f.entities.len())
    });
    bench("parseTextEntities HTML", n, || {
        text::parse_html(black_box(HTML_TEXT)).map_or(0, |f| f.entities.len())
    });
    bench("parseTextEntities Markdown", n, || {
        text::parse_markdown_v1(black_box("*bold* _italic_ `code` [link](https://t.me)"))
            .map_or(0, |f| f.entities.len())
    });
}
