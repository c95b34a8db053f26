use md5::{Digest, Md5};
use testdc::world::{
    Caller, Document, FileLocation, InputFile, InputMedia, InputPeer, Media, NewMessage, Photo,
    RpcError, World,
};

use crate::common::*;

const KIB: usize = 1024;

fn blob(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}

/// Uploads `data` in `part_size` parts (big or small) as file `file_id`.
fn upload(
    w: &mut World,
    who: Caller,
    file_id: i64,
    data: &[u8],
    part_size: usize,
    big: bool,
) -> InputFile {
    let parts: Vec<&[u8]> = data.chunks(part_size).collect();
    for (i, part) in parts.iter().enumerate() {
        if big {
            w.save_big_file_part(who, file_id, i as i32, parts.len() as i32, part, NOW)
                .unwrap();
        } else {
            w.save_file_part(who, file_id, i as i32, part, NOW).unwrap();
        }
    }
    let md5 = if big {
        String::new()
    } else {
        Md5::digest(data)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    InputFile {
        id: file_id,
        parts: parts.len() as i32,
        name: "blob.bin".into(),
        md5_checksum: md5,
        big,
    }
}

fn send_document(w: &mut World, who: Caller, to: InputPeer, file: InputFile) -> Document {
    let media = InputMedia::UploadedDocument {
        file,
        mime_type: "application/x-test".into(),
        attributes: vec![],
    };
    let sent = w
        .send_message(
            who,
            to,
            NewMessage {
                media: Some(media),
                ..NewMessage::default()
            },
            NOW,
        )
        .unwrap();
    match sent.message.media {
        Some(Media::Document(doc)) => doc,
        other => panic!("document expected, got {other:?}"),
    }
}

fn location(doc: &Document) -> FileLocation {
    FileLocation::Document {
        id: doc.id,
        access_hash: doc.access_hash,
        file_reference: doc.file_reference.clone(),
        thumb_size: String::new(),
    }
}

fn download(w: &World, loc: &FileLocation, size: usize, chunk: i32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut offset = 0i64;
    loop {
        let got = w.get_file(loc, offset, chunk, false).unwrap().bytes;
        let last = got.len() < chunk as usize;
        offset += got.len() as i64;
        out.extend(got);
        assert!(out.len() <= size, "no more than the file");
        if last {
            break;
        }
    }
    out
}

#[test]
fn a_document_goes_up_in_parts_and_comes_back_identical() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let data = blob(3 * 1024 * 1024 + 123, 1);
    let file = upload(&mut w, a, 77, &data, 128 * KIB, false);
    let to_b = input_user(&w, a.user_id, b.user_id);
    let doc = send_document(&mut w, a, to_b, file);
    assert_eq!(doc.size, data.len() as i64);
    assert_eq!(doc.mime_type, "application/x-test");
    assert_eq!(doc.dc_id, 2, "stored on the uploader's DC");
    assert_eq!(doc.file_name(), Some("blob.bin"));
    assert_eq!(w.file_dc(doc.id).unwrap(), Some(2));

    let at_b = w.get_messages(b, &[1]).unwrap().remove(0).unwrap();
    let Some(Media::Document(b_doc)) = at_b.media else {
        panic!("B sees the document")
    };
    assert_eq!((b_doc.id, b_doc.size), (doc.id, doc.size));
    assert_eq!(
        download(&w, &location(&b_doc), data.len(), 512 * KIB as i32),
        data
    );
    assert_eq!(download(&w, &location(&b_doc), data.len(), 4096), data);
    let tail = w
        .get_file(&location(&doc), 3 * 1024 * 1024, 4096, false)
        .unwrap();
    assert_eq!(tail.bytes, data[3 * 1024 * 1024..]);
    assert_eq!(tail.mime_type, "application/x-test");
    assert!(w
        .get_file(&location(&doc), 3 * 1024 * 1024 + 8192, 4096, false)
        .unwrap()
        .bytes
        .is_empty());
    // The parts are consumed.
    let again = InputMedia::UploadedDocument {
        file: InputFile {
            id: 77,
            parts: 25,
            name: String::new(),
            md5_checksum: String::new(),
            big: false,
        },
        mime_type: String::new(),
        attributes: vec![],
    };
    let err = w
        .send_message(
            a,
            InputPeer::SelfUser,
            NewMessage {
                media: Some(again),
                ..NewMessage::default()
            },
            NOW,
        )
        .unwrap_err();
    assert!(err.is(&RpcError::FilePartMissing(0)));
}

#[test]
fn big_files_and_part_rules() {
    let mut w = world();
    let a = user(&mut w, 1);
    let data = blob(2 * 512 * KIB + 10, 2);
    let file = upload(&mut w, a, 5, &data, 512 * KIB, true);
    let doc = send_document(&mut w, a, InputPeer::SelfUser, file);
    assert_eq!(download(&w, &location(&doc), data.len(), 1024 * 1024), data);

    assert!(w
        .save_file_part(a, 6, -1, b"x", NOW)
        .unwrap_err()
        .is(&RpcError::FilePartInvalid));
    assert!(w
        .save_file_part(a, 6, 4000, b"x", NOW)
        .unwrap_err()
        .is(&RpcError::FilePartInvalid));
    assert!(w
        .save_file_part(a, 6, 0, b"", NOW)
        .unwrap_err()
        .is(&RpcError::FilePartEmpty));
    assert!(w
        .save_file_part(a, 6, 0, &vec![0; 512 * KIB + 1], NOW)
        .unwrap_err()
        .is(&RpcError::FilePartTooBig));
    assert!(w
        .save_big_file_part(a, 6, 0, 0, b"x", NOW)
        .unwrap_err()
        .is(&RpcError::FilePartsInvalid));
    assert!(w
        .save_big_file_part(a, 6, 3, 3, b"x", NOW)
        .unwrap_err()
        .is(&RpcError::FilePartInvalid));
    assert!(w
        .save_big_file_part(a, 6, 0, 3, &vec![0; 3000], NOW)
        .unwrap_err()
        .is(&RpcError::FilePartSizeInvalid));
    w.save_big_file_part(a, 6, 0, 3, &vec![0; 64 * KIB], NOW)
        .unwrap();
    assert!(w
        .save_big_file_part(a, 6, 1, 3, &vec![0; 32 * KIB], NOW)
        .unwrap_err()
        .is(&RpcError::FilePartSizeChanged));
    assert!(w
        .save_big_file_part(a, 6, 1, 4, &vec![0; 64 * KIB], NOW)
        .unwrap_err()
        .is(&RpcError::FilePartsInvalid));
    w.save_big_file_part(a, 6, 2, 3, b"last part may be short", NOW)
        .unwrap();
    let missing = InputFile {
        id: 6,
        parts: 3,
        name: "m".into(),
        md5_checksum: String::new(),
        big: true,
    };
    let media = InputMedia::UploadedDocument {
        file: missing,
        mime_type: String::new(),
        attributes: vec![],
    };
    let err = w
        .send_message(
            a,
            InputPeer::SelfUser,
            NewMessage {
                media: Some(media),
                ..NewMessage::default()
            },
            NOW,
        )
        .unwrap_err();
    assert!(err.is(&RpcError::FilePartMissing(1)));

    // Small uploads are checked when they are used: uneven parts, wrong MD5.
    w.save_file_part(a, 8, 0, &vec![1; 3000], NOW).unwrap();
    w.save_file_part(a, 8, 1, &[1; 10], NOW).unwrap();
    let uneven = InputFile {
        id: 8,
        parts: 2,
        name: "u".into(),
        md5_checksum: String::new(),
        big: false,
    };
    let media = InputMedia::UploadedDocument {
        file: uneven,
        mime_type: String::new(),
        attributes: vec![],
    };
    let err = w
        .send_message(
            a,
            InputPeer::SelfUser,
            NewMessage {
                media: Some(media),
                ..NewMessage::default()
            },
            NOW,
        )
        .unwrap_err();
    assert!(err.is(&RpcError::FilePartSizeInvalid));
    w.save_file_part(a, 9, 0, b"hello", NOW).unwrap();
    let wrong_md5 = InputFile {
        id: 9,
        parts: 1,
        name: "h".into(),
        md5_checksum: "00".repeat(16),
        big: false,
    };
    let media = InputMedia::UploadedDocument {
        file: wrong_md5,
        mime_type: String::new(),
        attributes: vec![],
    };
    let err = w
        .send_message(
            a,
            InputPeer::SelfUser,
            NewMessage {
                media: Some(media),
                ..NewMessage::default()
            },
            NOW,
        )
        .unwrap_err();
    assert!(err.is(&RpcError::Md5ChecksumInvalid));
    assert!(w
        .send_message(a, InputPeer::SelfUser, NewMessage::default(), NOW)
        .unwrap_err()
        .is(&RpcError::MessageEmpty));
}

#[test]
fn locations_and_file_references_are_checked() {
    let mut w = world();
    let a = user(&mut w, 1);
    let file = upload(&mut w, a, 1, &blob(10_000, 3), 4 * KIB, false);
    let doc = send_document(&mut w, a, InputPeer::SelfUser, file);
    let loc = location(&doc);
    assert!(w
        .get_file(&loc, 100, 4096, false)
        .unwrap_err()
        .is(&RpcError::OffsetInvalid));
    assert!(w
        .get_file(&loc, 0, 5000, false)
        .unwrap_err()
        .is(&RpcError::LimitInvalid));
    assert_eq!(
        w.get_file(&loc, 1024, 2048, true).unwrap().bytes,
        blob(10_000, 3)[1024..3072]
    );
    let FileLocation::Document {
        id,
        access_hash,
        file_reference,
        ..
    } = loc.clone()
    else {
        unreachable!()
    };
    let wrong_hash = FileLocation::Document {
        id,
        access_hash: access_hash ^ 1,
        file_reference: file_reference.clone(),
        thumb_size: String::new(),
    };
    assert!(w
        .get_file(&wrong_hash, 0, 4096, false)
        .unwrap_err()
        .is(&RpcError::FileIdInvalid));
    let thumb = FileLocation::Document {
        id,
        access_hash,
        file_reference: file_reference.clone(),
        thumb_size: "m".into(),
    };
    assert!(w
        .get_file(&thumb, 0, 4096, false)
        .unwrap_err()
        .is(&RpcError::LocationInvalid));
    let as_photo = FileLocation::Photo {
        id,
        access_hash,
        file_reference: file_reference.clone(),
        thumb_size: "x".into(),
    };
    assert!(w
        .get_file(&as_photo, 0, 4096, false)
        .unwrap_err()
        .is(&RpcError::LocationInvalid));
    let empty = FileLocation::Document {
        id,
        access_hash,
        file_reference: vec![],
        thumb_size: String::new(),
    };
    assert!(w
        .get_file(&empty, 0, 4096, false)
        .unwrap_err()
        .is(&RpcError::FileReferenceEmpty));
    let mut forged_ref = file_reference.clone();
    forged_ref[11] ^= 1;
    let forged = FileLocation::Document {
        id,
        access_hash,
        file_reference: forged_ref,
        thumb_size: String::new(),
    };
    assert!(w
        .get_file(&forged, 0, 4096, false)
        .unwrap_err()
        .is(&RpcError::FileReferenceInvalid));

    w.expire_file_references().unwrap();
    assert!(w
        .get_file(&loc, 0, 4096, false)
        .unwrap_err()
        .is(&RpcError::FileReferenceExpired));
    let fresh = w.get_messages(a, &[1]).unwrap().remove(0).unwrap();
    let Some(Media::Document(fresh_doc)) = fresh.media else {
        panic!()
    };
    assert_ne!(fresh_doc.file_reference, doc.file_reference);
    assert_eq!(
        w.get_file(&location(&fresh_doc), 0, 4096, false)
            .unwrap()
            .bytes
            .len(),
        4096
    );

    // Re-sending a stored document by reference.
    let resend = InputMedia::Document {
        id,
        access_hash,
        file_reference: fresh_doc.file_reference.clone(),
    };
    let sent = w
        .send_message(
            a,
            InputPeer::SelfUser,
            NewMessage {
                media: Some(resend),
                ..NewMessage::default()
            },
            NOW,
        )
        .unwrap();
    let Some(Media::Document(again)) = sent.message.media else {
        panic!()
    };
    assert_eq!(
        (again.id, again.size, again.file_name()),
        (id, 10_000, Some("blob.bin"))
    );
    let stale = InputMedia::Document {
        id,
        access_hash,
        file_reference: doc.file_reference.clone(),
    };
    let err = w
        .send_message(
            a,
            InputPeer::SelfUser,
            NewMessage {
                media: Some(stale),
                ..NewMessage::default()
            },
            NOW,
        )
        .unwrap_err();
    assert!(err.is(&RpcError::FileReferenceExpired));
}

#[test]
fn photos_know_their_size() {
    let mut w = world();
    let a = user(&mut w, 1);
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    png.extend_from_slice(&320u32.to_be_bytes());
    png.extend_from_slice(&200u32.to_be_bytes());
    png.extend(blob(5000, 4));
    let file = upload(&mut w, a, 3, &png, 4 * KIB, false);
    let media = InputMedia::UploadedPhoto { file };
    let sent = w
        .send_message(
            a,
            InputPeer::SelfUser,
            NewMessage {
                media: Some(media),
                ..NewMessage::default()
            },
            NOW,
        )
        .unwrap();
    let Some(Media::Photo(Photo {
        id,
        access_hash,
        file_reference,
        sizes,
        ..
    })) = sent.message.media
    else {
        panic!("photo")
    };
    assert_eq!(
        (
            sizes[0].kind.as_str(),
            sizes[0].w,
            sizes[0].h,
            sizes[0].size
        ),
        ("x", 320, 200, png.len() as i32)
    );
    let loc = FileLocation::Photo {
        id,
        access_hash,
        file_reference,
        thumb_size: "x".into(),
    };
    let got = w.get_file(&loc, 0, 8192, false).unwrap();
    assert_eq!(
        (got.bytes, got.mime_type.as_str()),
        (png.clone(), "image/png")
    );

    let file = upload(&mut w, a, 4, b"not an image", 4 * KIB, false);
    let media = InputMedia::UploadedPhoto { file };
    let err = w
        .send_message(
            a,
            InputPeer::SelfUser,
            NewMessage {
                media: Some(media),
                ..NewMessage::default()
            },
            NOW,
        )
        .unwrap_err();
    assert!(err.is(&RpcError::PhotoInvalidDimensions));
}

/// A stand-in for parallel uploaders: the parts of a big file in a scrambled order, one of
/// them sent twice (a resend after a lost answer).
fn scrambled(count: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..count).collect();
    // A fixed permutation: the last (short) part first, odd parts from the back, then the
    // even ones from the front.
    order.sort_by_key(|&i| match i {
        _ if i == count - 1 => 0,
        _ if i % 2 == 1 => count - i,
        _ => count + i,
    });
    order.insert(count / 2, order[1]);
    order
}

#[test]
fn a_big_file_from_parts_out_of_order_comes_back_in_any_ranges() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let part = 512 * KIB;
    let data = blob(12 * part + 77_777, 5);
    let parts: Vec<&[u8]> = data.chunks(part).collect();
    let total = parts.len() as i32;
    let order = scrambled(parts.len());
    assert_eq!(order[0], parts.len() - 1, "the short last part first");
    for i in order {
        w.save_big_file_part(a, 41, i as i32, total, parts[i], NOW)
            .unwrap();
    }
    let file = InputFile {
        id: 41,
        parts: total,
        name: "big.bin".into(),
        md5_checksum: String::new(),
        big: true,
    };
    let to_b = input_user(&w, a.user_id, b.user_id);
    let doc = send_document(&mut w, a, to_b, file);
    assert_eq!(doc.size, data.len() as i64);
    let at_b = w.get_messages(b, &[1]).unwrap().remove(0).unwrap();
    let Some(Media::Document(b_doc)) = at_b.media else {
        panic!("B sees the document")
    };
    let loc = location(&b_doc);
    // What Telethon (128 KiB), the engine (512 KiB) and TDLib (1 MiB) ask for.
    for chunk in [128 * KIB as i32, 512 * KIB as i32, 1024 * KIB as i32] {
        assert_eq!(
            download(&w, &loc, data.len(), chunk),
            data,
            "chunks of {chunk}"
        );
    }
    // Precise ranges across part boundaries, and past the end.
    for (offset, limit) in [
        (part - 1024, 4096),
        (3 * part - 5 * 1024, 1024 * 1024),
        (11 * part + 1024, 1024 * 1024),
        (data.len() / 1024 * 1024, 1024 * 1024),
    ] {
        let got = w.get_file(&loc, offset as i64, limit, true).unwrap().bytes;
        let end = data.len().min(offset + limit as usize);
        assert_eq!(got, data[offset..end], "precise {offset}+{limit}");
    }
    assert!(w
        .get_file(&loc, 13 * part as i64, 4096, false)
        .unwrap()
        .bytes
        .is_empty());
}

#[test]
fn small_parts_many_to_a_request() {
    let mut w = world();
    let a = user(&mut w, 1);
    let data = blob(2 * 1024 * 1024 + 3 * 1024 + 5, 6);
    let file = upload(&mut w, a, 42, &data, 4 * KIB, false);
    let doc = send_document(&mut w, a, InputPeer::SelfUser, file);
    let loc = location(&doc);
    // 1 MiB asked, 256 parts of 4 KiB answer it.
    assert_eq!(download(&w, &loc, data.len(), 1024 * 1024), data);
    let got = w.get_file(&loc, 1024, 1024 * 1024, true).unwrap().bytes;
    assert_eq!(got, data[1024..1024 + 1024 * 1024]);
}

#[test]
fn parts_of_an_upload_stay_apart_per_owner_and_id_and_are_consumed() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    // The same client file id from two accounts, and another id of A's, interleaved.
    let (da, db, dc) = (blob(40 * KIB, 7), blob(40 * KIB, 8), blob(40 * KIB, 9));
    for i in 0..5 {
        let r = i * 8 * KIB..(i + 1) * 8 * KIB;
        w.save_big_file_part(a, 7, i as i32, 5, &da[r.clone()], NOW)
            .unwrap();
        w.save_big_file_part(b, 7, i as i32, 5, &db[r.clone()], NOW)
            .unwrap();
        w.save_big_file_part(a, 8, i as i32, 5, &dc[r], NOW)
            .unwrap();
    }
    let big = |id| InputFile {
        id,
        parts: 5,
        name: String::new(),
        md5_checksum: String::new(),
        big: true,
    };
    let doc_a = send_document(&mut w, a, InputPeer::SelfUser, big(7));
    let doc_b = send_document(&mut w, b, InputPeer::SelfUser, big(7));
    let doc_c = send_document(&mut w, a, InputPeer::SelfUser, big(8));
    assert_eq!(download(&w, &location(&doc_a), da.len(), 4096), da);
    assert_eq!(download(&w, &location(&doc_b), db.len(), 8192), db);
    assert_eq!(download(&w, &location(&doc_c), dc.len(), 65536), dc);
    // Used up: sending the same upload again finds no parts.
    let media = InputMedia::UploadedDocument {
        file: big(7),
        mime_type: String::new(),
        attributes: vec![],
    };
    let err = w
        .send_message(
            a,
            InputPeer::SelfUser,
            NewMessage {
                media: Some(media),
                ..NewMessage::default()
            },
            NOW,
        )
        .unwrap_err();
    assert!(err.is(&RpcError::FilePartMissing(0)));
}

#[test]
fn a_big_upload_breaking_the_part_rules_is_refused_when_sent() {
    let mut w = world();
    let a = user(&mut w, 1);
    // Parts 0 and 2 of 3 at 8 KiB, the last one longer than them.
    w.save_big_file_part(a, 50, 0, 3, &[1; 8 * KIB], NOW)
        .unwrap();
    w.save_big_file_part(a, 50, 2, 3, &[1; 9 * KIB], NOW)
        .unwrap();
    w.save_big_file_part(a, 50, 1, 3, &[1; 8 * KIB], NOW)
        .unwrap();
    let media = InputMedia::UploadedDocument {
        file: InputFile {
            id: 50,
            parts: 3,
            name: String::new(),
            md5_checksum: String::new(),
            big: true,
        },
        mime_type: String::new(),
        attributes: vec![],
    };
    let err = w
        .send_message(
            a,
            InputPeer::SelfUser,
            NewMessage {
                media: Some(media.clone()),
                ..NewMessage::default()
            },
            NOW,
        )
        .unwrap_err();
    assert!(err.is(&RpcError::FilePartSizeInvalid), "{err:?}");
    // A big upload named as a small one.
    let InputMedia::UploadedDocument { mut file, .. } = media else {
        unreachable!()
    };
    file.big = false;
    let small = InputMedia::UploadedDocument {
        file,
        mime_type: String::new(),
        attributes: vec![],
    };
    let err = w
        .send_message(
            a,
            InputPeer::SelfUser,
            NewMessage {
                media: Some(small),
                ..NewMessage::default()
            },
            NOW,
        )
        .unwrap_err();
    assert!(err.is(&RpcError::FilePartsInvalid), "{err:?}");
}
