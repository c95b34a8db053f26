//! Where the generator accepts a field of type `Object` (any boxed object, kept as a `Blob`)
//! and where it refuses one.

use tl_codegen::{generate, CodegenError, Config};

fn gen(text: &str) -> Result<String, CodegenError> {
    let schema = tl_schema::parse(text).expect("schema parses");
    let config = Config {
        root: "crate::m",
        test_root: "::tl::m",
        string_as_bytes: true,
    };
    generate(&schema, &config).map(|g| g.code)
}

fn unsupported(result: Result<String, CodegenError>) -> String {
    match result {
        Err(CodegenError::Unsupported { definition, what }) => format!("{definition}: {what}"),
        other => panic!("expected Unsupported, got {other:?}"),
    }
}

#[test]
fn last_object_field_takes_the_rest() {
    let code = gen("rpc_result#f35c6d01 req_msg_id:long result:Object = RpcResult;").unwrap();
    assert!(code.contains("pub result: crate::Blob,"));
    assert!(code.contains("<crate::Blob as crate::Deserialize>::deserialize(src)?"));
}

#[test]
fn bytes_before_object_is_its_length() {
    let code = gen("message msg_id:long seqno:int bytes:int body:Object = Message;").unwrap();
    // `bytes` is computed from the body when writing, so it is not a field.
    assert!(!code.contains("pub bytes:"));
    assert!(code.contains("crate::write::put_sized_object(out, &self.body);"));
    assert!(code.contains("let f_bytes = src.read_i32()?;"));
    assert!(code.contains("crate::read::sized_object(src, f_bytes)?"));
    // An int named otherwise, or not right before the object, stays a plain field.
    let code = gen("a len:int x:int body:Object = A;").unwrap();
    assert!(code.contains("pub len: i32,") && code.contains("pub x: i32,"));
    let code = gen("b bytes:int = B;").unwrap();
    assert!(code.contains("pub bytes: i32,"));
}

#[test]
fn object_elsewhere_is_refused() {
    assert_eq!(
        unsupported(gen("a body:Object x:int = A;")),
        "a: Object field neither last nor sized by a `bytes:int` before it"
    );
    assert_eq!(
        unsupported(gen("a flags:# body:flags.0?Object = A;")),
        "a: optional Object field"
    );
    assert_eq!(
        unsupported(gen("gzip_packed packed_data:string = Object;")),
        "gzip_packed: result type Object"
    );
    assert!(matches!(
        gen("a items:Vector<Object> = A;"),
        Err(CodegenError::ZeroSizedElement { .. })
    ));
}
