//! getJsonValue, getJsonString and getThemeParametersJsonString: JSON text ⇄ td_api JsonValue.

use td_api::json::{number::parse_double, with_document, JsonWriter, Kind, Value};
use td_api::{
    JsonObjectMember, JsonValue, JsonValueArray, JsonValueBoolean, JsonValueNull, JsonValueNumber,
    JsonValueObject, JsonValueString, Text,
};

use super::reply::{error, Reply};
use super::sync::Ctx;

const INVALID_ENCODING: &str = "JSON has invalid encoding";

pub fn get_json_value(f: &td_api::GetJsonValue, c: Ctx) -> Reply<JsonValue> {
    if c.is_repaired(&f.json) {
        return Err(error(400, INVALID_ENCODING));
    }
    let parsed = with_document(f.json.as_bytes(), |doc| {
        let value = convert(doc.root());
        // A lone surrogate escape decodes to no valid text.
        (value, doc.saw_invalid_utf8())
    });
    match parsed {
        Ok((_, true)) => Err(error(400, INVALID_ENCODING)),
        Ok((value, false)) => Ok(value),
        Err(e) => Err(error(400, e.to_string())),
    }
}

fn convert(v: Value<'_>) -> JsonValue {
    match v.kind() {
        Kind::Null => JsonValueNull {}.into(),
        Kind::Boolean => JsonValueBoolean {
            value: v.as_bool().unwrap_or(false),
        }
        .into(),
        Kind::Number => JsonValueNumber {
            value: parse_double(v.raw()),
        }
        .into(),
        Kind::String => JsonValueString {
            value: v.str().into_owned(),
        }
        .into(),
        Kind::Array => JsonValueArray {
            values: v.elements().map(|e| Some(convert(e))).collect(),
        }
        .into(),
        Kind::Object => {
            let members = v
                .object()
                .map(|o| {
                    o.members()
                        .map(|(k, value)| {
                            Some(JsonObjectMember {
                                key: k.str().into_owned(),
                                value: Some(convert(value)),
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            JsonValueObject { members }.into()
        }
    }
}

/// Strings that were not UTF-8 in the request are written as empty by TDLib, and members
/// with such keys are left out.
pub fn get_json_string(f: &td_api::GetJsonString, c: Ctx) -> Reply<Text> {
    let mut w = JsonWriter::new();
    write_json(&mut w, f.json_value.as_ref(), c);
    Ok(Text {
        text: w.into_string(),
    })
}

fn write_json(w: &mut JsonWriter, v: Option<&JsonValue>, c: Ctx) {
    match v {
        None | Some(JsonValue::JsonValueNull(_)) => w.null(),
        Some(JsonValue::JsonValueBoolean(b)) => w.bool(b.value),
        Some(JsonValue::JsonValueNumber(n)) => w.double(n.value),
        Some(JsonValue::JsonValueString(s)) => w.string(if c.is_repaired(&s.value) {
            ""
        } else {
            &s.value
        }),
        Some(JsonValue::JsonValueArray(a)) => {
            w.byte(b'[');
            for (i, e) in a.values.iter().enumerate() {
                if i > 0 {
                    w.byte(b',');
                }
                write_json(w, e.as_ref(), c);
            }
            w.byte(b']');
        }
        Some(JsonValue::JsonValueObject(o)) => {
            w.byte(b'{');
            let members = o
                .members
                .iter()
                .flatten()
                .filter(|m| !c.is_repaired(&m.key));
            for (i, m) in members.enumerate() {
                if i > 0 {
                    w.byte(b',');
                }
                w.string(&m.key);
                w.byte(b':');
                write_json(w, m.value.as_ref(), c);
            }
            w.byte(b'}');
        }
    }
}

pub fn get_theme_parameters_json_string(f: &td_api::GetThemeParametersJsonString) -> Reply<Text> {
    // TDLib crashes on a null theme; "null" is what the JSON of nothing is.
    let Some(t) = f.theme.as_deref() else {
        return Ok(Text {
            text: "null".into(),
        });
    };
    let colors = [
        ("bg_color", t.background_color),
        ("secondary_bg_color", t.secondary_background_color),
        ("text_color", t.text_color),
        ("hint_color", t.hint_color),
        ("link_color", t.link_color),
        ("button_color", t.button_color),
        ("button_text_color", t.button_text_color),
        ("header_bg_color", t.header_background_color),
        ("bottom_bar_bg_color", t.bottom_bar_background_color),
        ("section_bg_color", t.section_background_color),
        ("section_separator_color", t.section_separator_color),
        ("accent_text_color", t.accent_text_color),
        ("section_header_text_color", t.section_header_text_color),
        ("subtitle_text_color", t.subtitle_text_color),
        ("destructive_text_color", t.destructive_text_color),
    ];
    let mut text = String::with_capacity(512);
    text.push('{');
    for (i, (name, color)) in colors.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(
            "\"{name}\":\"#{:06x}\"",
            (*color as u32) & 0xff_ffff
        ));
    }
    text.push('}');
    Ok(Text { text })
}
