//! upload.saveFilePart, upload.saveBigFilePart, upload.getFile.

use tl::api::{enums, functions, types};
use tl::Serialize;

use super::input::file_location;
use super::Context;
use crate::world::{World, WorldResult};

pub fn save_file_part(
    world: &mut World,
    ctx: &Context,
    x: &functions::upload::SaveFilePart,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    world.save_file_part(caller, x.file_id, x.file_part, &x.bytes, ctx.now)?;
    Ok(true.to_bytes())
}

pub fn save_big_file_part(
    world: &mut World,
    ctx: &Context,
    x: &functions::upload::SaveBigFilePart,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    world.save_big_file_part(
        caller,
        x.file_id,
        x.file_part,
        x.file_total_parts,
        &x.bytes,
        ctx.now,
    )?;
    Ok(true.to_bytes())
}

fn file_type(mime: &str) -> enums::storage::FileType {
    use enums::storage::FileType as T;
    match mime {
        "image/jpeg" => T::FileJpeg,
        "image/png" => T::FilePng,
        "image/gif" => T::FileGif,
        "image/webp" => T::FileWebp,
        "application/pdf" => T::FilePdf,
        "audio/mpeg" => T::FileMp3,
        "video/quicktime" => T::FileMov,
        "video/mp4" => T::FileMp4,
        _ => T::FileUnknown,
    }
}

/// Any DC serves any file: the world is shared, so FILE_MIGRATE only comes from faults.
pub fn get_file(
    world: &mut World,
    ctx: &Context,
    x: &functions::upload::GetFile,
) -> WorldResult<Vec<u8>> {
    ctx.caller(world)?;
    let location = file_location(&x.location)?;
    let chunk = world.get_file(&location, x.offset, x.limit, x.precise)?;
    Ok(enums::upload::File::File(Box::new(types::upload::File {
        r#type: file_type(&chunk.mime_type),
        mtime: chunk.mtime,
        bytes: chunk.bytes,
    }))
    .to_bytes())
}
