//! Files: TDLib's file ids over server locations and local paths ([`node`]), uploads in
//! parallel parts ([`upload`]), downloads from the file's DC with resumption ([`download`]),
//! the contents of media messages ([`media`]) and the file requests ([`requests`]).
//!
//! A file id names one file for the client's life, and with `use_file_database` across
//! restarts (TDLib gives new ids after a restart; keeping them is what apps expect of
//! `inputFileId`). A file sent from a local path keeps its id once the server knows it, where
//! TDLib merges it into a new id: the app's id stays valid either way.
//!
//! The registry is behind its own small lock because message contents are built where the
//! engine is only borrowed (`Engine::td_message`), and a content names its files.

pub mod download;
pub mod kind;
pub mod location;
pub mod media;
pub mod node;
pub mod requests;
pub mod upload;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use td_api as td;
use tokio::sync::oneshot;

use crate::storage::chat_db::Write;
use crate::storage::Store;
use kind::FileKind;
use location::{Remote, UniqueKey};
use node::Node;

#[derive(Default)]
struct Registry {
    nodes: HashMap<i32, Node>,
    by_key: HashMap<UniqueKey, i32>,
    /// The app's own files by (real path, kind): TDLib gives one id to each pair.
    by_path: HashMap<(PathBuf, FileKind), i32>,
    next_id: i32,
    /// Files whose stored row is behind.
    dirty: BTreeSet<i32>,
    downloads: HashMap<i32, Transfer>,
    uploads: HashMap<i32, Transfer>,
}

/// A transfer under way: how to stop it, and who waits for its end.
#[derive(Default)]
pub struct Transfer {
    pub cancel: Arc<AtomicBool>,
    pub waiters: Vec<oneshot::Sender<Result<(), td::Error>>>,
}

pub struct Files {
    inner: Mutex<Registry>,
    /// files_directory: downloads land in its per-type folders.
    pub directory: PathBuf,
    /// use_file_database: files are kept in the database and keep their ids.
    persistent: bool,
    store: Arc<Store>,
}

impl Files {
    pub fn new(directory: PathBuf, persistent: bool, store: Arc<Store>) -> Files {
        let next_id = if persistent {
            store.with(|db| db.max_file_id()).unwrap_or(0) + 1
        } else {
            1
        };
        Files {
            inner: Mutex::new(Registry {
                next_id: next_id.max(1),
                ..Default::default()
            }),
            directory,
            persistent,
            store,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Registry> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Loads a stored file into the registry (with the database on).
    fn load(&self, reg: &mut Registry, id: i32) -> bool {
        if reg.nodes.contains_key(&id) {
            return true;
        }
        if !self.persistent || id <= 0 {
            return false;
        }
        let Some(data) = self.store.with(|db| db.file(id)).flatten() else {
            return false;
        };
        let Some(node) = Node::from_bytes(id, &data) else {
            return false;
        };
        reg.insert(node);
        true
    }

    pub fn exists(&self, id: i32) -> bool {
        let mut reg = self.lock();
        self.load(&mut reg, id)
    }

    /// The `file` object of id `id`.
    pub fn td(&self, id: i32) -> Option<td::File> {
        let mut reg = self.lock();
        if !self.load(&mut reg, id) {
            return None;
        }
        reg.nodes.get(&id).map(Node::td)
    }

    /// Reads a file's state.
    pub fn get<R>(&self, id: i32, f: impl FnOnce(&Node) -> R) -> Option<R> {
        let mut reg = self.lock();
        if !self.load(&mut reg, id) {
            return None;
        }
        reg.nodes.get(&id).map(f)
    }

    /// Changes a file; its stored row follows at the next flush. The answer is the file's
    /// `file` object after the change.
    pub fn update<R>(&self, id: i32, f: impl FnOnce(&mut Node) -> R) -> Option<(R, td::File)> {
        let mut reg = self.lock();
        if !self.load(&mut reg, id) {
            return None;
        }
        let node = reg.nodes.get_mut(&id)?;
        let r = f(node);
        let file = node.td();
        if let Some(remote) = &node.remote {
            let key = remote.unique_key();
            reg.by_key.insert(key, id);
        }
        reg.dirty.insert(id);
        Some((r, file))
    }

    /// The file of a server location, registered on first sight; a known file takes the
    /// location's newer reference and DC.
    pub fn remote(&self, remote: Remote, facts: RemoteFacts) -> td::File {
        let key = remote.unique_key();
        let mut reg = self.lock();
        let mut id = reg.by_key.get(&key).copied();
        if id.is_none() && self.persistent {
            if let Some((stored, data)) = self.store.with(|db| db.file_by_key(&key.0)).flatten() {
                if !reg.nodes.contains_key(&stored) {
                    if let Some(node) = Node::from_bytes(stored, &data) {
                        reg.insert(node);
                        id = Some(stored);
                    }
                } else {
                    id = Some(stored);
                }
            }
        }
        if let Some(id) = id {
            if let Some(node) = reg.nodes.get_mut(&id) {
                let changed = node.remote.as_ref() != Some(&remote)
                    || (node.source.is_none() && facts.source.is_some());
                if changed {
                    node.remote = Some(remote);
                    if node.source.is_none() {
                        node.source = facts.source;
                    }
                    if node.size == 0 {
                        node.size = facts.size;
                    }
                    reg.dirty.insert(id);
                }
                return reg.nodes[&id].td();
            }
        }
        let id = reg.new_id();
        let node = Node {
            id,
            size: facts.size,
            kind: Some(facts.kind),
            name: facts.name,
            mime_type: facts.mime_type,
            remote: Some(remote),
            source: facts.source,
            ..Default::default()
        };
        let file = node.td();
        reg.insert(node);
        reg.dirty.insert(id);
        file
    }

    /// A server file becomes the same file as `id` (a file the app sent from disk): the id
    /// stays, and the local copy counts as downloaded.
    pub fn adopt(&self, id: i32, remote: Remote, source: Option<(i64, i64)>) {
        let key = remote.unique_key();
        let mut reg = self.lock();
        if !self.load(&mut reg, id) {
            return;
        }
        if let Some(other) = reg.by_key.insert(key, id) {
            if other != id {
                // Seen before the send settled: the ids are merged into the app's.
                reg.nodes.remove(&other);
            }
        }
        if let Some(node) = reg.nodes.get_mut(&id) {
            node.remote = Some(remote);
            node.uploaded = None;
            node.uploading = false;
            if node.source.is_none() {
                node.source = source;
            }
        }
        reg.dirty.insert(id);
    }

    /// The app's own file at `path`, registered for sending; the same path is the same file
    /// while it is unchanged.
    pub fn local(&self, path: &Path, kind: FileKind) -> Result<i32, td::Error> {
        use crate::api::error;
        if path.as_os_str().is_empty() {
            return Err(error(400, "File must have non-empty path"));
        }
        // TDLib's texts, in its order (what its reference library answers).
        let path =
            std::fs::canonicalize(path).map_err(|_| error(400, "Can't find real file path"))?;
        let meta = std::fs::metadata(&path).map_err(|_| error(400, "Can't find real file path"))?;
        if !meta.is_file() {
            return Err(error(400, "File must be a regular file"));
        }
        let size = meta.len() as i64;
        if size == 0 {
            return Err(error(400, "File must be non-empty"));
        }
        let local_is_ours = path.starts_with(self.folder(kind));
        let mut reg = self.lock();
        let key = (path.clone(), kind);
        if let Some(&id) = reg.by_path.get(&key) {
            if let Some(node) = reg.nodes.get(&id) {
                if node.size == size {
                    return Ok(id);
                }
            }
        }
        let id = reg.new_id();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let node = Node {
            id,
            size,
            kind: Some(kind),
            mime_type: kind::mime_of_name(&name).to_string(),
            name,
            local: Some(path),
            local_is_ours,
            ..Default::default()
        };
        reg.by_path.insert(key, id);
        reg.insert(node);
        reg.dirty.insert(id);
        Ok(id)
    }

    /// The stored rows that fell behind, for the engine's next flush.
    pub fn take_writes(&self) -> Vec<Write> {
        if !self.persistent {
            self.lock().dirty.clear();
            return Vec::new();
        }
        let mut reg = self.lock();
        let dirty = std::mem::take(&mut reg.dirty);
        dirty
            .into_iter()
            .filter_map(|id| {
                let node = reg.nodes.get(&id)?;
                Some(Write::File {
                    id,
                    unique_key: node.remote.as_ref().map(|r| r.unique_key().0),
                    data: node.to_bytes(),
                })
            })
            .collect()
    }

    /// Starts tracking a transfer of file `id`; `None` if one is under way already.
    pub fn begin(&self, id: i32, upload: bool) -> Option<Arc<AtomicBool>> {
        let mut reg = self.lock();
        let map = if upload {
            &mut reg.uploads
        } else {
            &mut reg.downloads
        };
        if map.contains_key(&id) {
            return None;
        }
        let t = Transfer::default();
        let cancel = t.cancel.clone();
        map.insert(id, t);
        Some(cancel)
    }

    pub fn is_transferring(&self, id: i32, upload: bool) -> bool {
        let reg = self.lock();
        if upload {
            reg.uploads.contains_key(&id)
        } else {
            reg.downloads.contains_key(&id)
        }
    }

    /// A receiver told when the transfer of `id` ends (`None`: there is none).
    pub fn wait(&self, id: i32, upload: bool) -> Option<oneshot::Receiver<Result<(), td::Error>>> {
        let mut reg = self.lock();
        let map = if upload {
            &mut reg.uploads
        } else {
            &mut reg.downloads
        };
        let t = map.get_mut(&id)?;
        let (tx, rx) = oneshot::channel();
        t.waiters.push(tx);
        Some(rx)
    }

    /// The transfer of `id` ended; its waiters hear how.
    pub fn end(&self, id: i32, upload: bool, result: Result<(), td::Error>) {
        let t = {
            let mut reg = self.lock();
            if upload {
                reg.uploads.remove(&id)
            } else {
                reg.downloads.remove(&id)
            }
        };
        for w in t.map(|t| t.waiters).unwrap_or_default() {
            let _ = w.send(result.clone());
        }
    }

    /// Asks the transfer of `id` to stop; whether there was one.
    pub fn cancel(&self, id: i32, upload: bool) -> bool {
        let reg = self.lock();
        let t = if upload {
            reg.uploads.get(&id)
        } else {
            reg.downloads.get(&id)
        };
        match t {
            Some(t) => {
                t.cancel.store(true, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }

    /// The folder a kind of file is downloaded to.
    pub fn folder(&self, kind: FileKind) -> PathBuf {
        self.directory.join(kind.folder())
    }
}

impl Registry {
    fn new_id(&mut self) -> i32 {
        let id = self.next_id;
        self.next_id = self.next_id.checked_add(1).unwrap_or(1);
        id
    }

    fn insert(&mut self, node: Node) {
        if let Some(r) = &node.remote {
            self.by_key.insert(r.unique_key(), node.id);
        }
        self.next_id = self.next_id.max(node.id.saturating_add(1));
        self.nodes.insert(node.id, node);
    }
}

/// What a server file's message says about it besides its location.
#[derive(Clone, Debug)]
pub struct RemoteFacts {
    pub size: i64,
    pub kind: FileKind,
    pub name: String,
    pub mime_type: String,
    pub source: Option<(i64, i64)>,
}
