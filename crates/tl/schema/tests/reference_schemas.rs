//! Parses TDLib's reference schemas and checks every written id against the computed one.

use std::collections::HashMap;
use std::path::PathBuf;
use tl_schema::{parse, Category, Definition, Schema, Ty};

/// `shared/reference/tdlib` is a sibling of the checkout (or of one of its ancestors).
fn reference_dir() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .map(|dir| dir.join("shared/reference/tdlib"))
        .find(|dir| dir.join("telegram_api.tl").is_file())
        .unwrap_or_else(|| {
            panic!(
                "shared/reference/tdlib not found above {}",
                manifest.display()
            )
        })
}

fn project_schema_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../schema")
}

fn load(path: PathBuf) -> Schema {
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn by_name<'s>(schema: &'s Schema, name: &str) -> &'s Definition {
    schema
        .definitions
        .iter()
        .find(|d| d.name == name)
        .unwrap_or_else(|| panic!("{name} missing"))
}

/// Definitions whose written id differs from the computed one.
fn mismatches(schema: &Schema) -> Vec<String> {
    schema
        .definitions
        .iter()
        .filter(|d| d.explicit_id.is_some_and(|id| id != d.computed_id))
        .map(|d| d.name.clone())
        .collect()
}

#[test]
fn telegram_api_ids_match_crc32() {
    let schema = load(reference_dir().join("telegram_api.tl"));
    assert!(
        schema.definitions.len() > 2000,
        "{}",
        schema.definitions.len()
    );
    let with_id = schema
        .definitions
        .iter()
        .filter(|d| d.explicit_id.is_some())
        .count();
    assert!(with_id > 2000, "{with_id}");
    // Every mismatch is in TDLib's own preamble, above `---types---`: legacy and
    // simple-config constructors whose ids come from other schemas, and `*Prefix` functions
    // that reuse the id of the generic wrapper they stand for.
    let preamble_end = schema
        .definitions
        .iter()
        .find(|d| d.name == "inputPeerEmpty")
        .expect("inputPeerEmpty")
        .line;
    assert_eq!(
        mismatches(&schema),
        [
            "ipPortSecret",
            "accessPointRule",
            "help.configSimple",
            "inputPeerPhotoFileLocationLegacy",
            "inputStickerSetThumbLegacy",
            "invokeWithBusinessConnectionPrefix",
            "invokeWithGooglePlayIntegrityPrefix",
            "invokeWithApnsSecretPrefix",
            "invokeWithReCaptchaPrefix",
        ]
    );
    for name in mismatches(&schema) {
        assert!(by_name(&schema, &name).line < preamble_end, "{name}");
    }
    for d in schema
        .definitions
        .iter()
        .filter(|d| d.name.ends_with("Prefix"))
    {
        let wrapper = by_name(&schema, d.name.trim_end_matches("Prefix"));
        assert_eq!(d.explicit_id, wrapper.explicit_id, "{}", d.name);
    }
}

#[test]
fn mtproto_and_secret_ids_match_crc32() {
    let secret = load(reference_dir().join("secret_api.tl"));
    assert!(
        secret
            .definitions
            .iter()
            .filter(|d| d.explicit_id.is_some())
            .count()
            > 80
    );
    // TDLib suffixes old layers' constructors with their layer (`decryptedMessage8`); the id
    // is that of the original name. decryptedMessageMediaDocument's id was assigned by hand.
    let text = std::fs::read_to_string(reference_dir().join("secret_api.tl")).expect("read");
    let lines: Vec<&str> = text.lines().collect();
    let mut unexplained = Vec::new();
    for name in mismatches(&secret) {
        let d = by_name(&secret, &name);
        let original = name.trim_end_matches(|c: char| c.is_ascii_digit());
        let line = lines[d.line - 1].replacen(&name, original, 1);
        let renamed = parse(&line).expect("line parses");
        if original == name || renamed.definitions[0].computed_id != d.id() {
            unexplained.push(name);
        }
    }
    assert_eq!(unexplained, ["decryptedMessageMediaDocument"]);

    let mtproto = load(reference_dir().join("mtproto_api.tl"));
    assert!(
        mtproto
            .definitions
            .iter()
            .filter(|d| d.explicit_id.is_some())
            .count()
            > 35
    );
    // TDLib gives gzip_packed the result type `GzipPacked`; its id was computed with `Object`.
    assert_eq!(mismatches(&mtproto), ["gzip_packed"]);
    let gzip = by_name(&mtproto, "gzip_packed");
    let official = "gzip_packed packed_data:string = Object";
    assert_eq!(
        gzip.explicit_id,
        Some(tl_schema::crc32(official.as_bytes()))
    );
}

#[test]
fn project_schemas_parse_and_match() {
    for file in ["mtproto_api.tl", "telegram_api.tl", "td_api.tl"] {
        let ours = load(project_schema_dir().join(file));
        let reference = load(reference_dir().join(file));
        // Every project definition agrees with the reference one of the same name.
        let reference: HashMap<_, _> = reference.definitions.iter().map(|d| (&d.name, d)).collect();
        let mut additions = Vec::new();
        for d in &ours.definitions {
            match reference.get(&d.name) {
                Some(r) => {
                    assert_eq!(d.id(), r.id(), "{file}: {}", d.name);
                    assert_eq!(d.fields, r.fields, "{file}: {}", d.name);
                }
                None => additions.push(d),
            }
        }
        let names: Vec<&str> = additions.iter().map(|d| d.name.as_str()).collect();
        match file {
            // The service messages TDLib's mtproto_api.tl leaves commented out (TDLib frames
            // them by hand); ours generates them. They are on core.telegram.org/schema/mtproto
            // with these ids, which are the CRC-32 of their lines: rpc_result's with
            // `result:Object` (TDLib's comment says `string`), msg_container's with
            // `vector<message>`. `message` has no id: it is only ever bare.
            "mtproto_api.tl" => {
                assert_eq!(
                    names,
                    [
                        "p_q_inner_data",
                        "server_DH_params_fail",
                        "rpc_result",
                        "destroy_session_ok",
                        "destroy_session_none",
                        "msg_container",
                        "message",
                        "msg_copy",
                        "req_pq",
                        "ping",
                        "destroy_session",
                    ]
                );
                for d in &additions {
                    assert_eq!(d.explicit_id.is_none(), d.name == "message", "{}", d.name);
                    assert_eq!(d.id(), d.computed_id, "{}", d.name);
                }
                let ids: Vec<u32> = additions.iter().map(|d| d.id()).collect();
                assert_eq!(
                    ids,
                    [
                        0x83c95aec, 0x79cb045d, 0xf35c6d01, 0xe22045fc, 0x62d350c9, 0x73f1f8dc,
                        0x5bb8e511, 0xe06046b2, 0x60469778, 0x7abe77ec, 0xe7512126
                    ]
                );
            }
            _ => assert_eq!(names, Vec::<&str>::new(), "{file}"),
        }
    }
}

#[test]
fn builtin_lines_hash_like_real_ones() {
    // The only builtin with a written id: its canonical form `vector t:Type # [ t ] = Vector t`.
    let schema = load(reference_dir().join("telegram_api.tl"));
    let vector = by_name(&schema, "vector");
    assert!(vector.builtin);
    assert_eq!(vector.computed_id, 0x1cb5c415);
    for name in ["int", "long", "double", "string", "bytes", "int256"] {
        assert!(by_name(&schema, name).builtin, "{name}");
    }
    for name in ["true", "boolTrue", "boolFalse", "error"] {
        assert!(!by_name(&schema, name).builtin, "{name}");
    }
    let mtproto = load(reference_dir().join("mtproto_api.tl"));
    assert!(by_name(&mtproto, "int128").builtin);
    assert!(!by_name(&mtproto, "dummyHttpWait").builtin);
}

#[test]
fn td_api_parses_with_docs_and_unique_ids() {
    let schema = load(reference_dir().join("td_api.tl"));
    let functions = schema
        .definitions
        .iter()
        .filter(|d| d.category == Category::Function);
    assert!(functions.count() > 900);
    let mut seen = HashMap::new();
    for d in &schema.definitions {
        assert!(d.explicit_id.is_none(), "{}", d.name);
        if let Some(other) = seen.insert(d.id(), &d.name) {
            panic!("{} and {other} share id {:08x}", d.name, d.id());
        }
    }
    let error = by_name(&schema, "error");
    assert_eq!(error.line, 18);
    assert_eq!(error.doc.len(), 3);
    assert!(error.doc[0].starts_with("@description An object of this type can be returned"));
    assert!(error.doc[2].starts_with("@message Error message"));
}

#[test]
fn structure_of_known_definitions() {
    let schema = load(reference_dir().join("telegram_api.tl"));
    let layer = by_name(&schema, "invokeWithLayer");
    assert_eq!(layer.category, Category::Function);
    assert_eq!(layer.params, ["X"]);
    assert_eq!(
        layer.fields[1].ty,
        Ty::Param {
            name: "X".into(),
            bang: true
        }
    );
    assert_eq!(
        layer.result,
        Ty::Param {
            name: "X".into(),
            bang: false
        }
    );

    let sent_code = by_name(&schema, "auth.sentCode");
    assert_eq!(sent_code.namespace(), Some("auth"));
    assert_eq!(sent_code.short_name(), "sentCode");
    assert_eq!(sent_code.result.to_string(), "auth.SentCode");

    // Two flag words and `true` flags in one constructor.
    let user = by_name(&schema, "user");
    assert!(user
        .fields
        .iter()
        .any(|f| f.ty == Ty::Nat && f.name == "flags2"));
    let bot = user
        .fields
        .iter()
        .find(|f| f.name == "bot")
        .expect("user.bot");
    assert!(bot.is_true_flag());
    let usernames = user
        .fields
        .iter()
        .find(|f| f.name == "usernames")
        .expect("usernames");
    let cond = usernames.condition.as_ref().expect("conditional");
    assert_eq!((cond.field.as_str(), cond.bit), ("flags2", 0));
    assert_eq!(usernames.ty.to_string(), "Vector<Username>");

    let access = by_name(&schema, "accessPointRule");
    assert_eq!(access.fields[2].ty.to_string(), "vector<IpPort>");
    if let Ty::Named(t) = &access.fields[2].ty {
        assert!(t.bare);
        assert!(!t.arg.as_ref().expect("arg").bare);
    }

    // `---types---` after `---functions---` switches back.
    assert_eq!(
        by_name(&schema, "test.useConfigSimple").category,
        Category::Function
    );
    assert_eq!(by_name(&schema, "inputPeerEmpty").category, Category::Type);
}
