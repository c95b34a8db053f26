//! The file requests: downloadFile, cancelDownloadFile, getFile, getRemoteFile, deleteFile,
//! readFilePart, preliminaryUploadFile, cancelPreliminaryUploadFile.

use std::path::Path;

use td_api as td;

use super::download::{self, Job, Outcome};
use super::kind::{self, FileKind};
use super::location::Remote;
use super::RemoteFacts;
use crate::api::error;
use crate::client::session::Session;
use crate::engine::{self, Answer, Engine, Td};

/// TDLib's answers to a file id it does not know.
pub fn file_not_found() -> td::Error {
    error(400, "File not found")
}

/// A `remote.id` the app gave back, with TDLib's errors for one that is not.
pub fn decode_remote(s: &str) -> Result<Remote, td::Error> {
    if s.is_empty() {
        return Err(error(400, "Remote file identifier must be non-empty"));
    }
    let Some(bytes) = crate::auth::code::base64url_decode(s) else {
        return Err(error(
            400,
            "Wrong remote file identifier specified: Wrong padding in the string",
        ));
    };
    Remote::from_bytes(&bytes).ok_or_else(|| {
        error(
            400,
            "Wrong remote file identifier specified: can't unserialize it. Wrong last symbol",
        )
    })
}

fn reply_now(s: &mut Session, extra: Option<Box<str>>, answer: Result<td::File, td::Error>) {
    s.out().reply(answer, extra.as_deref());
}

pub fn get_file(s: &mut Session, extra: Option<Box<str>>, file_id: i32) {
    let r = s.with_engine(|td| {
        td.engine
            .files
            .td(file_id)
            .ok_or_else(|| error(404, "Not Found"))
    });
    if let Some(r) = r {
        reply_now(s, extra, r);
    }
}

pub fn get_remote_file(s: &mut Session, extra: Option<Box<str>>, f: td::GetRemoteFile) {
    let r = s.with_engine(|td| {
        let remote = decode_remote(&f.remote_file_id)?;
        let kind = match remote.kind {
            super::location::Kind::Photo => FileKind::Photo,
            super::location::Kind::Document => FileKind::of_td(f.file_type.as_ref()),
        };
        Ok(td.engine.files.remote(
            remote,
            RemoteFacts {
                size: 0,
                kind,
                name: String::new(),
                mime_type: String::new(),
                source: None,
            },
        ))
    });
    if let Some(r) = r {
        reply_now(s, extra, r);
    }
}

/// The id an InputFile names, registering a local or remote file on first sight.
pub fn resolve(
    e: &Engine,
    input: Option<&td::InputFile>,
    kind: FileKind,
) -> Result<i32, td::Error> {
    match input {
        None => Err(error(400, "InputFile is not specified")),
        Some(td::InputFile::InputFileId(f)) => {
            if e.files.exists(f.id) {
                Ok(f.id)
            } else {
                Err(file_not_found())
            }
        }
        Some(td::InputFile::InputFileLocal(f)) => e.files.local(Path::new(&f.path), kind),
        Some(td::InputFile::InputFileRemote(f)) => {
            let remote = decode_remote(&f.id)?;
            let file = e.files.remote(
                remote,
                RemoteFacts {
                    size: 0,
                    kind,
                    name: String::new(),
                    mime_type: String::new(),
                    source: None,
                },
            );
            Ok(file.id)
        }
        Some(td::InputFile::InputFileGenerated(_)) => {
            Err(error(400, "Not supported yet: generated files"))
        }
    }
}

fn check_priority(priority: i32) -> Result<(), td::Error> {
    if (1..=32).contains(&priority) {
        Ok(())
    } else {
        Err(error(400, "Priority must be between 1 and 32"))
    }
}

pub fn download_file(s: &mut Session, extra: Option<Box<str>>, f: td::DownloadFile) {
    let r = s.with_engine(|td| -> Result<Option<_>, td::Error> {
        check_priority(f.priority)?;
        if f.offset < 0 {
            return Err(error(400, "Download offset must be non-negative"));
        }
        if f.limit < 0 {
            return Err(error(400, "Download limit must be non-negative"));
        }
        if !td.engine.files.exists(f.file_id) {
            return Err(file_not_found());
        }
        start_download(td, f.file_id, f.offset, f.limit)?;
        if f.synchronous {
            Ok(td.engine.files.wait(f.file_id, false))
        } else {
            Ok(None)
        }
    });
    match r {
        None => {}
        Some(Err(e)) => s.out().error(e, extra.as_deref()),
        Some(Ok(None)) => {
            let file = s.with_engine(|td| td.engine.files.td(f.file_id)).flatten();
            reply_now(s, extra, file.ok_or_else(file_not_found));
        }
        Some(Ok(Some(waiter))) => {
            let file_id = f.file_id;
            engine::request(s, extra, waiter, move |td, r| -> Answer {
                match r {
                    Ok(Ok(())) => td
                        .engine
                        .files
                        .td(file_id)
                        .map(|f| Box::new(f) as Box<dyn td_api::TlWrite + Send>)
                        .ok_or_else(file_not_found),
                    Ok(Err(e)) => Err(e),
                    Err(_) => Err(crate::net::aborted().to_td()),
                }
            });
        }
    }
}

/// Starts (or joins) a download of file `id`; a file already on disk is not fetched again.
pub fn start_download(td: &mut Td<'_>, id: i32, offset: i64, limit: i64) -> Result<(), td::Error> {
    let files = &td.engine.files;
    // A finished file whose copy was removed behind our back is downloaded again.
    let gone = files
        .get(id, |n| n.local.as_ref().is_some_and(|p| !p.is_file()))
        .unwrap_or(false);
    if gone {
        if let Some((_, file)) = files.update(id, |n| {
            n.local = None;
            n.prefix = 0;
            n.downloaded = 0;
        }) {
            td.out.update(td::UpdateFile {
                file: Some(Box::new(file)),
            });
        }
    }
    let Some((complete, remote, size, partial, prefix, name)) = files.get(id, |n| {
        (
            n.is_complete(),
            n.remote.clone(),
            n.size,
            n.partial.clone(),
            n.prefix,
            n.name.clone(),
        )
    }) else {
        return Err(file_not_found());
    };
    if complete {
        return Ok(());
    }
    let Some(remote) = remote else {
        return Err(error(400, "Can't download or generate the file"));
    };
    let Some(cancel) = files.begin(id, false) else {
        return Ok(());
    };
    let partial = partial.unwrap_or_else(|| {
        let name = if name.is_empty() {
            "file".to_string()
        } else {
            name
        };
        download::destination(
            &files.folder(FileKind::Temp),
            &format!("{id}_{name}"),
            "file",
        )
    });
    let stored_partial = partial.clone();
    if let Some((_, file)) = files.update(id, |n| {
        n.partial = Some(stored_partial);
        n.downloading = true;
        n.download_offset = offset;
    }) {
        td.out.update(td::UpdateFile {
            file: Some(Box::new(file)),
        });
    }
    let job = Job {
        client_id: td.id,
        net: td.engine.net.clone(),
        file_id: id,
        remote,
        size,
        partial,
        prefix,
        offset,
        limit,
        cancel,
    };
    let client_id = td.id;
    engine::spawn(async move {
        let outcome = download::run(job).await;
        engine::with(client_id, move |td| finish_download(td, id, outcome));
    });
    Ok(())
}

fn finish_download(td: &mut Td<'_>, id: i32, outcome: Outcome) {
    let files = &td.engine.files;
    let result = match outcome {
        Outcome::Complete { size } => {
            let placed = files.get(id, |n| {
                let kind = n.kind.unwrap_or(FileKind::Document);
                let fallback = format!("file_{id}{}", kind::extension_of_mime(&n.mime_type));
                let folder = files.folder(kind);
                (n.partial.clone(), folder, n.name.clone(), fallback)
            });
            match placed {
                Some((Some(partial), folder, name, fallback)) => {
                    let _ = std::fs::create_dir_all(&folder);
                    let dest = download::destination(&folder, &name, &fallback);
                    match std::fs::rename(&partial, &dest) {
                        Ok(()) => {
                            files.update(id, |n| {
                                n.local = Some(dest);
                                n.local_is_ours = true;
                                n.partial = None;
                                n.size = size;
                                n.prefix = size;
                                n.downloaded = size;
                            });
                            Ok(())
                        }
                        Err(_) => Err(error(400, "Can't write to file")),
                    }
                }
                _ => Err(file_not_found()),
            }
        }
        Outcome::Range => Ok(()),
        Outcome::Canceled => Err(error(400, "Download was canceled")),
        Outcome::Failed(e) => Err(e),
    };
    if let Some((_, file)) = files.update(id, |n| n.downloading = false) {
        td.out.update(td::UpdateFile {
            file: Some(Box::new(file)),
        });
    }
    files.end(id, false, result);
}

pub fn cancel_download_file(s: &mut Session, extra: Option<Box<str>>, f: td::CancelDownloadFile) {
    let r = s.with_engine(|td| -> Result<td::Ok, td::Error> {
        // Every download here is active from its start: only_if_pending leaves it alone.
        if f.only_if_pending {
            return Ok(td::Ok {});
        }
        if td.engine.files.cancel(f.file_id, false) {
            if let Some((_, file)) = td.engine.files.update(f.file_id, |n| n.downloading = false) {
                td.out.update(td::UpdateFile {
                    file: Some(Box::new(file)),
                });
            }
        }
        Ok(td::Ok {})
    });
    if let Some(r) = r {
        s.out().reply(r, extra.as_deref());
    }
}

pub fn delete_file(s: &mut Session, extra: Option<Box<str>>, file_id: i32) {
    let r = s.with_engine(|td| -> Result<td::Ok, td::Error> {
        let files = &td.engine.files;
        // TDLib answers ok for any id.
        if !files.exists(file_id) {
            return Ok(td::Ok {});
        }
        files.cancel(file_id, false);
        let changed = files.update(file_id, |n| {
            let mut changed = false;
            if let Some(p) = n.partial.take() {
                let _ = std::fs::remove_file(p);
                changed = true;
            }
            // The app's own files (outside files_directory) are never removed.
            if n.local_is_ours {
                if let Some(p) = n.local.take() {
                    let _ = std::fs::remove_file(p);
                    changed = true;
                }
                n.local_is_ours = false;
            }
            if changed {
                n.prefix = 0;
                n.downloaded = 0;
                n.downloading = false;
            }
            changed
        });
        if let Some((true, file)) = changed {
            td.out.update(td::UpdateFile {
                file: Some(Box::new(file)),
            });
        }
        Ok(td::Ok {})
    });
    if let Some(r) = r {
        s.out().reply(r, extra.as_deref());
    }
}

/// readFilePart, with TDLib's checks in its order: the id, offset, count, the bytes there,
/// then whether the file is inside files_directory (the app's own files are not read).
pub fn read_file_part(s: &mut Session, extra: Option<Box<str>>, f: td::ReadFilePart) {
    let r = s.with_engine(|td| -> Result<td::Data, td::Error> {
        if f.file_id <= 0 {
            return Err(error(400, "File identifier is invalid"));
        }
        let files = &td.engine.files;
        let found = files.get(f.file_id, |n| {
            let kind = n.kind.unwrap_or(FileKind::Document);
            match (&n.local, &n.partial) {
                (Some(p), _) => (Some(p.clone()), n.size, n.local_is_ours, kind),
                (None, Some(p)) => (Some(p.clone()), n.prefix, true, kind),
                _ => (None, 0, false, kind),
            }
        });
        let Some((path, available, inside, _)) = found else {
            return Err(file_not_found());
        };
        if f.offset < 0 {
            return Err(error(400, "Parameter offset must be non-negative"));
        }
        if f.count < 0 {
            return Err(error(400, "Parameter count must be non-negative"));
        }
        let left = (available - f.offset).max(0);
        let count = if f.count == 0 { left } else { f.count };
        if count > left {
            return Err(error(
                400,
                "There is not enough downloaded bytes in the file to read",
            ));
        }
        if count == 0 {
            return Ok(td::Data { data: Vec::new() });
        }
        let (Some(path), true) = (path, inside) else {
            return Err(error(400, "File is not inside the cache"));
        };
        let mut data = vec![0u8; count as usize];
        use std::os::unix::fs::FileExt;
        std::fs::File::open(&path)
            .and_then(|file| file.read_exact_at(&mut data, f.offset as u64))
            .map_err(|_| error(400, "Can't read file"))?;
        Ok(td::Data { data })
    });
    if let Some(r) = r {
        s.out().reply(r, extra.as_deref());
    }
}

pub fn preliminary_upload_file(
    s: &mut Session,
    extra: Option<Box<str>>,
    f: td::PreliminaryUploadFile,
) {
    let r = s.with_engine(|td| -> Result<td::File, td::Error> {
        check_priority(f.priority)?;
        if matches!(f.file_type, Some(td::FileType::FileTypeNone(_))) {
            // TDLib stops the process here; an error is kinder.
            return Err(error(400, "Invalid file type specified"));
        }
        let kind = FileKind::of_td(f.file_type.as_ref());
        let id = resolve(td.engine, f.file.as_ref(), kind)?;
        let files = &td.engine.files;
        let start = files
            .get(id, |n| {
                (n.remote.is_none() && n.uploaded.is_none())
                    .then(|| n.local.clone().map(|p| (p, n.size)))
                    .flatten()
            })
            .flatten();
        if let Some((path, size)) = start {
            if let Some(cancel) = files.begin(id, true) {
                super::upload::announce(td, id, |n| {
                    n.uploading = true;
                    n.uploaded_size = 0;
                });
                let (client_id, net) = (td.id, td.engine.net.clone());
                engine::spawn(async move {
                    let _ = super::upload::upload_and_settle(
                        client_id, net, id, path, size, cancel, true,
                    )
                    .await;
                });
            }
        }
        td.engine.files.td(id).ok_or_else(file_not_found)
    });
    if let Some(r) = r {
        reply_now(s, extra, r);
    }
}

pub fn cancel_preliminary_upload_file(s: &mut Session, extra: Option<Box<str>>, file_id: i32) {
    let r = s.with_engine(|td| -> Result<td::Ok, td::Error> {
        // TDLib answers ok for any id; an upload under way stops now.
        if td.engine.files.cancel(file_id, true) {
            super::upload::announce(td, file_id, |n| n.uploading = false);
        }
        Ok(td::Ok {})
    });
    if let Some(r) = r {
        s.out().reply(r, extra.as_deref());
    }
}
