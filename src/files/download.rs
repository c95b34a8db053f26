//! Downloads: parts of 512 KiB from the file's DC (`upload.getFile`; the network follows
//! FILE_MIGRATE and signs the account in there), eight in flight, written where they belong in
//! a temporary file under files_directory/temp and moved to the file's folder when whole.
//! Each finished part is an `updateFile`; the bytes from 0 on disk (the prefix) are stored,
//! so a download killed half way continues from there after a restart. An expired file
//! reference is refreshed from the file's message and the part asked again, as TDLib does.

use std::collections::BTreeSet;
use std::fs::{File, OpenOptions};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use td_api as td;
use tl::api::{enums, functions};

use super::location::Remote;
use crate::api::error;
use crate::engine;
use crate::net::{Net, RpcError};

/// A part: 512 KiB divides 1 MiB, so no part crosses a megabyte (upload.getFile's rule).
pub const PART: i64 = 512 * 1024;
/// Parts in flight per download: 4 MB, which keeps a loopback link busy (with 2 MB, as
/// TDLib keeps per DC, the bench's downloads waited on round trips).
const IN_FLIGHT: usize = 8;
/// An expired reference is refreshed at most this many times per download.
const REFRESHES: u32 = 8;

/// What a download is to fetch.
pub struct Job {
    pub client_id: i32,
    pub net: Net,
    pub file_id: i32,
    pub remote: Remote,
    /// 0 when the server did not say.
    pub size: i64,
    pub partial: PathBuf,
    /// Bytes from 0 already on disk.
    pub prefix: i64,
    pub offset: i64,
    /// 0: to the end.
    pub limit: i64,
    pub cancel: Arc<AtomicBool>,
}

/// How a download ended.
pub enum Outcome {
    /// The whole file is in `partial`.
    Complete {
        size: i64,
    },
    /// The asked range is on disk; the rest is not.
    Range,
    Canceled,
    Failed(td::Error),
}

fn write_error() -> td::Error {
    error(400, "Can't write to file")
}

pub async fn run(job: Job) -> Outcome {
    match fetch(&job).await {
        Ok(o) => o,
        Err(e) => Outcome::Failed(e),
    }
}

async fn fetch(job: &Job) -> Result<Outcome, td::Error> {
    if let Some(dir) = job.partial.parent() {
        std::fs::create_dir_all(dir).map_err(|_| write_error())?;
    }
    let file = Arc::new(
        OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&job.partial)
            .map_err(|_| write_error())?,
    );
    // What is on disk beyond the stored prefix is not trusted: the part may be half written.
    let prefix = job
        .prefix
        .min(file.metadata().map(|m| m.len() as i64).unwrap_or(0));
    let ranged = job.offset > 0 || job.limit > 0;
    let start = if ranged { job.offset } else { prefix };
    let end = match (job.limit, job.size) {
        (0, s) => s,
        (l, 0) => job.offset.saturating_add(l),
        (l, s) => s.min(job.offset.saturating_add(l)),
    };
    let first = start / PART;
    // With the size unknown, parts go on until a short one.
    let last = if end > 0 {
        (end + PART - 1) / PART
    } else {
        i64::MAX
    };
    let mut remote = job.remote.clone();
    let mut done: BTreeSet<i64> = BTreeSet::new();
    let mut contiguous = prefix;
    let mut next = first;
    let mut eof: Option<i64> = None;
    let mut refreshes = 0;
    let mut set = tokio::task::JoinSet::new();
    loop {
        while set.len() < IN_FLIGHT && next < last && eof.is_none_or(|e| next * PART < e) {
            if job.cancel.load(Ordering::Relaxed) {
                break;
            }
            let part = next;
            next += 1;
            if part * PART + PART <= prefix && !ranged {
                continue;
            }
            set.spawn(part_task(
                job.net.clone(),
                remote.clone(),
                part,
                file.clone(),
            ));
        }
        let Some(joined) = set.join_next().await else {
            break;
        };
        let (part, result) = joined.map_err(|_| crate::net::aborted().to_td())?;
        let len = match result {
            Ok(len) => len,
            Err(PartError::Expired(used)) => {
                // Parts in flight together fail together: one refresh serves them all.
                if used == remote.file_reference {
                    refreshes += 1;
                    if refreshes > REFRESHES {
                        return Err(error(400, "FILE_REFERENCE_EXPIRED"));
                    }
                    remote = refresh(job, &remote).await?;
                }
                set.spawn(part_task(
                    job.net.clone(),
                    remote.clone(),
                    part,
                    file.clone(),
                ));
                continue;
            }
            Err(PartError::Rpc(e)) => return Err(e.to_td()),
            Err(PartError::Write) => return Err(write_error()),
        };
        if len < PART {
            let at = part * PART + len;
            eof = Some(eof.map_or(at, |e| e.min(at)));
        }
        done.insert(part);
        while contiguous % PART == 0 && done.contains(&(contiguous / PART)) {
            let p = contiguous / PART;
            done.remove(&p);
            let part_end = (p + 1) * PART;
            contiguous = match eof {
                Some(e) if e < part_end => e,
                _ => part_end,
            };
            if eof == Some(contiguous) {
                break;
            }
        }
        let beyond: i64 = done.len() as i64 * PART;
        if job.cancel.load(Ordering::Relaxed) {
            set.abort_all();
            report(job, contiguous, beyond);
            return Ok(Outcome::Canceled);
        }
        report(job, contiguous, beyond);
    }
    if job.cancel.load(Ordering::Relaxed) {
        return Ok(Outcome::Canceled);
    }
    let size = match (eof, job.size) {
        (Some(e), _) => e,
        (None, s) => s,
    };
    if contiguous >= size && size > 0 {
        file.set_len(size as u64).map_err(|_| write_error())?;
        file.sync_data().map_err(|_| write_error())?;
        return Ok(Outcome::Complete { size });
    }
    Ok(Outcome::Range)
}

/// Progress: the prefix and what lies beyond it, in an updateFile.
fn report(job: &Job, prefix: i64, beyond: i64) {
    let id = job.file_id;
    engine::with(job.client_id, move |td| {
        let changed = td.engine.files.update(id, |n| {
            if !n.downloading {
                return false;
            }
            n.prefix = n.prefix.max(prefix);
            n.downloaded = prefix + beyond;
            true
        });
        if let Some((true, file)) = changed {
            td.out.update(td::UpdateFile {
                file: Some(Box::new(file)),
            });
        }
    });
}

enum PartError {
    /// The reference the part was asked with has expired.
    Expired(Vec<u8>),
    Rpc(RpcError),
    Write,
}

async fn part_task(
    net: Net,
    remote: Remote,
    part: i64,
    file: Arc<File>,
) -> (i64, Result<i64, PartError>) {
    let call = functions::upload::GetFile {
        precise: false,
        cdn_supported: false,
        location: remote.input_location(),
        offset: part * PART,
        limit: PART as i32,
    };
    let answer = match net.call_on(remote.dc_id, &call).await {
        Ok(a) => a,
        Err(e) if e.message == "FILE_REFERENCE_EXPIRED" => {
            return (part, Err(PartError::Expired(remote.file_reference)))
        }
        Err(e) => return (part, Err(PartError::Rpc(e))),
    };
    let bytes = match answer {
        enums::upload::File::File(f) => f.bytes,
        enums::upload::File::CdnRedirect(_) => {
            return (
                part,
                Err(PartError::Rpc(RpcError::new(
                    500,
                    "CDN files are not supported",
                ))),
            )
        }
    };
    if file.write_all_at(&bytes, (part * PART) as u64).is_err() {
        return (part, Err(PartError::Write));
    }
    (part, Ok(bytes.len() as i64))
}

/// A new file reference from the file's message.
async fn refresh(job: &Job, remote: &Remote) -> Result<Remote, td::Error> {
    let expired = || error(400, "FILE_REFERENCE_EXPIRED");
    let id = job.file_id;
    let call = engine::with(job.client_id, move |td| {
        let (chat, message) = td.engine.files.get(id, |n| n.source).flatten()?;
        let server = crate::messages::message_id::server_id(message)?;
        crate::messages::requests::fetch_call(td.engine, chat, vec![server]).ok()
    })
    .flatten()
    .ok_or_else(expired)?;
    let page = crate::messages::requests::fetch(job.net.clone(), call)
        .await
        .map_err(|e| e.to_td())?;
    let key = remote.unique_key();
    let fresh = super::media::remotes_of_page(&page)
        .into_iter()
        .find(|r| r.unique_key() == key)
        .ok_or_else(expired)?;
    let stored = fresh.clone();
    engine::with(job.client_id, move |td| {
        td.engine.files.update(id, |n| n.remote = Some(stored));
    });
    Ok(fresh)
}

/// Where a finished download goes: the file's folder, under its own name when it has one,
/// `name_(N).ext` when that is taken.
pub fn destination(folder: &Path, name: &str, fallback: &str) -> PathBuf {
    let clean: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | '\0' => '_',
            c => c,
        })
        .collect();
    let clean = clean.trim_start_matches('.');
    let name = if clean.is_empty() { fallback } else { clean };
    let candidate = folder.join(name);
    if !candidate.exists() {
        return candidate;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, format!(".{e}")),
        _ => (name, String::new()),
    };
    for n in 0..10_000 {
        let p = folder.join(format!("{stem}_({n}){ext}"));
        if !p.exists() {
            return p;
        }
    }
    folder.join(format!("{stem}_{}{ext}", rand::random::<u32>()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taken_names_get_a_number() {
        let dir = std::env::temp_dir().join(format!("tdjson-dest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let a = destination(&dir, "report.pdf", "file");
        assert_eq!(a, dir.join("report.pdf"));
        std::fs::write(&a, b"x").unwrap();
        assert_eq!(
            destination(&dir, "report.pdf", "file"),
            dir.join("report_(0).pdf")
        );
        assert_eq!(
            destination(&dir, "../../etc/passwd", "f"),
            dir.join("_.._etc_passwd")
        );
        assert_eq!(destination(&dir, "", "file_7.jpg"), dir.join("file_7.jpg"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
