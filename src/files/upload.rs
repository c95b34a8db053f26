//! Uploads: a local file goes up in parts, several in flight, to the main DC
//! (`upload.saveFilePart`, or `upload.saveBigFilePart` above 10 MB as MTProto asks), and each
//! finished part moves `remote.uploaded_size` in an `updateFile`.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use rand::RngCore;
use td_api as td;
use tl::api::functions;
use tl::Serialize;

use super::node::Uploaded;
use crate::api::error;
use crate::engine;
use crate::net::Net;

/// Files above this go through saveBigFilePart (core.telegram.org/api/files).
pub const BIG_FILE_SIZE: i64 = 10 * 1024 * 1024;
/// What may be in flight at once, in bytes (parts of one upload).
const IN_FLIGHT_BYTES: usize = 4 * 1024 * 1024;
/// MTProto's limits: a part is at most 512 KiB, and a file at most 4000 parts.
const MAX_PART: usize = 512 * 1024;
const MAX_PARTS: i64 = 4000;

/// The part size for a file: small files in 128 KiB parts, big ones in the largest allowed.
pub fn part_size(size: i64) -> usize {
    if size > BIG_FILE_SIZE {
        MAX_PART
    } else {
        128 * 1024
    }
}

/// Uploads file `file_id` (at `path`, `size` bytes) and gives the server's handle for it.
/// `cancel` stops it between parts.
pub async fn run(
    client_id: i32,
    net: Net,
    file_id: i32,
    path: PathBuf,
    size: i64,
    cancel: Arc<AtomicBool>,
) -> Result<Uploaded, td::Error> {
    if size <= 0 {
        return Err(error(400, "File is empty"));
    }
    let part = part_size(size);
    let parts = (size + part as i64 - 1) / part as i64;
    if parts > MAX_PARTS {
        return Err(error(400, "File is too big"));
    }
    let big = size > BIG_FILE_SIZE;
    let file = Arc::new(File::open(&path).map_err(|_| error(400, "Can't open file"))?);
    let upload_id = loop {
        let id = rand::thread_rng().next_u64() as i64;
        if id != 0 {
            break id;
        }
    };
    let in_flight = (IN_FLIGHT_BYTES / part).clamp(1, 8);
    let mut set = tokio::task::JoinSet::new();
    let mut next: i64 = 0;
    let mut uploaded: i64 = 0;
    loop {
        while set.len() < in_flight && next < parts {
            if cancel.load(Ordering::Relaxed) {
                return Err(error(400, "Upload canceled"));
            }
            let (net, file) = (net.clone(), file.clone());
            let index = next;
            next += 1;
            set.spawn(async move {
                let offset = index * part as i64;
                let len = (size - offset).min(part as i64) as usize;
                let mut bytes = vec![0u8; len];
                file.read_exact_at(&mut bytes, offset as u64)
                    .map_err(|_| error(400, "Can't read file"))?;
                let body = if big {
                    functions::upload::SaveBigFilePart {
                        file_id: upload_id,
                        file_part: index as i32,
                        file_total_parts: parts as i32,
                        bytes,
                    }
                    .to_bytes()
                } else {
                    functions::upload::SaveFilePart {
                        file_id: upload_id,
                        file_part: index as i32,
                        bytes,
                    }
                    .to_bytes()
                };
                let answer = net.invoke(body).await.map_err(|e| e.to_td())?;
                match <bool as tl::Deserialize>::from_bytes(&answer) {
                    Ok(true) => Ok(len as i64),
                    _ => Err(error(500, "Part was not saved")),
                }
            });
        }
        let Some(joined) = set.join_next().await else {
            break;
        };
        let done = joined.map_err(|_| crate::net::aborted().to_td())??;
        uploaded += done;
        if cancel.load(Ordering::Relaxed) {
            return Err(error(400, "Upload canceled"));
        }
        let progress = uploaded;
        engine::with(client_id, move |td| {
            let changed = td.engine.files.update(file_id, |n| {
                n.uploaded_size = progress;
            });
            if let Some((_, file)) = changed {
                td.out.update(td::UpdateFile {
                    file: Some(Box::new(file)),
                });
            }
        });
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Uploaded {
        file_id: upload_id,
        parts: parts as i32,
        big,
        name,
    })
}

/// The InputFile naming a finished upload.
pub fn input_file(u: &Uploaded) -> tl::api::enums::InputFile {
    use tl::api::{enums, types};
    if u.big {
        enums::InputFile::Big(Box::new(types::InputFileBig {
            id: u.file_id,
            parts: u.parts,
            name: u.name.clone(),
        }))
    } else {
        enums::InputFile::InputFile(Box::new(types::InputFile {
            id: u.file_id,
            parts: u.parts,
            name: u.name.clone(),
            md5_checksum: String::new(),
        }))
    }
}

/// What a message can send a file as.
pub enum Ready {
    /// The server has it: no upload.
    Remote(super::location::Remote),
    Uploaded(Uploaded),
}

enum Step {
    Done(Ready),
    Wait(tokio::sync::oneshot::Receiver<Result<(), td::Error>>),
    Start(PathBuf, i64, Arc<AtomicBool>),
}

/// Makes file `id` sendable: what the server has is used as it is, a finished preliminary
/// upload is taken, one under way is waited for, else the file is uploaded now.
pub async fn prepare(client_id: i32, net: Net, id: i32) -> Result<Ready, td::Error> {
    for _ in 0..3 {
        let step = engine::with(client_id, |td| -> Result<Step, td::Error> {
            let files = &td.engine.files;
            let (remote, uploaded, local, size) = files
                .get(id, |n| {
                    (
                        n.remote.clone(),
                        n.uploaded.clone(),
                        n.local.clone(),
                        n.size,
                    )
                })
                .ok_or_else(super::requests::file_not_found)?;
            if let Some(r) = remote {
                return Ok(Step::Done(Ready::Remote(r)));
            }
            if let Some(u) = uploaded {
                // A finished upload serves one message.
                files.update(id, |n| n.uploaded = None);
                return Ok(Step::Done(Ready::Uploaded(u)));
            }
            if let Some(rx) = files.wait(id, true) {
                return Ok(Step::Wait(rx));
            }
            let path = local.ok_or_else(|| error(400, "File can't be uploaded"))?;
            let cancel = files
                .begin(id, true)
                .ok_or_else(|| crate::net::aborted().to_td())?;
            announce(td, id, |n| {
                n.uploading = true;
                n.uploaded_size = 0;
            });
            Ok(Step::Start(path, size, cancel))
        })
        .unwrap_or_else(|| Err(crate::net::aborted().to_td()))?;
        match step {
            Step::Done(r) => return Ok(r),
            Step::Wait(rx) => {
                rx.await.map_err(|_| crate::net::aborted().to_td())??;
            }
            Step::Start(path, size, cancel) => {
                let u = upload_and_settle(client_id, net.clone(), id, path, size, cancel, false)
                    .await?;
                return Ok(Ready::Uploaded(u));
            }
        }
    }
    Err(error(500, "File upload did not settle"))
}

/// Runs an upload and records its end; `keep` leaves the result on the file for a later
/// message (preliminaryUploadFile).
pub async fn upload_and_settle(
    client_id: i32,
    net: Net,
    id: i32,
    path: PathBuf,
    size: i64,
    cancel: Arc<AtomicBool>,
    keep: bool,
) -> Result<Uploaded, td::Error> {
    let result = run(client_id, net, id, path, size, cancel).await;
    let settled = result.clone();
    engine::with(client_id, move |td| {
        announce(td, id, |n| {
            n.uploading = false;
            match &settled {
                Ok(u) => {
                    n.uploaded_size = n.size;
                    if keep {
                        n.uploaded = Some(u.clone());
                    }
                }
                Err(_) => n.uploaded_size = 0,
            }
        });
        td.engine
            .files
            .end(id, true, settled.as_ref().map(|_| ()).map_err(Clone::clone));
    });
    result
}

/// Changes a file and tells the app.
pub fn announce(td: &mut engine::Td<'_>, id: i32, f: impl FnOnce(&mut super::node::Node)) {
    if let Some((_, file)) = td.engine.files.update(id, f) {
        td.out.update(td::UpdateFile {
            file: Some(Box::new(file)),
        });
    }
}
