//! Bakes the git commit into the library (getOption("commit_hash")), like TDLib does.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn main() {
    println!("cargo:rerun-if-env-changed=TDJSON_COMMIT_HASH");
    let hash = std::env::var("TDJSON_COMMIT_HASH")
        .ok()
        .or_else(|| git(&["rev-parse", "HEAD"]))
        .filter(|h| !h.is_empty())
        // TDLib's own answer when built outside a git checkout.
        .unwrap_or_else(|| "GITDIR-NOTFOUND".to_string());
    if let Some(dir) = git(&["rev-parse", "--absolute-git-dir"]) {
        println!("cargo:rerun-if-changed={dir}/HEAD");
        println!("cargo:rerun-if-changed={dir}/logs/HEAD");
    }
    println!("cargo:rustc-env=TDJSON_COMMIT_HASH={hash}");
}
