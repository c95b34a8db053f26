//! Profiling aid: calls get_text_entities in a loop.
fn main() {
    let t = "Hello @durov, see https://telegram.org and t.me/tdlib #tdlib $USD /start@bot mail me: test@example.com, call +1 (555) 123-4567, card 4242424242424242, cmd /help and \u{141}\u{d3}D\u{179} \u{1F600} www.example.org/path?q=1";
    let mut n = 0;
    for _ in 0..2_000_000 {
        n += text::get_text_entities(std::hint::black_box(t)).len();
    }
    println!("{n}");
}
