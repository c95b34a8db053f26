//! How each TL field of a combinator is stored in its Rust struct.

use std::collections::BTreeMap;

use tl_schema::{Definition, Ty};

use crate::error::CodegenError;
use crate::names;
use crate::resolve::{Index, RType};

pub enum Plan<'s> {
    /// A `#` word: computed from the optional fields when writing, not stored.
    Flags {
        used: bool,
    },
    Required(RType<'s>),
    /// `flags.N?T`: `Option<T>`.
    Optional {
        flags: String,
        bit: u32,
        rt: RType<'s>,
    },
    /// `flags.N?true` alone on its bit: a `bool` field.
    TrueFlag {
        flags: String,
        bit: u32,
    },
    /// `flags.N?true` sharing its bit with data fields: not stored, a method derived from them.
    DerivedTrue {
        data_fields: Vec<String>,
    },
    /// `bytes:int` right before an `Object` field: that object's length in bytes, computed
    /// when writing (with the object), not stored.
    ObjectLength,
    /// An `Object` field: a `Blob`. `sized` when a `bytes:int` field gives its length, else
    /// it is the last field and takes the rest of the input.
    Object {
        sized: bool,
    },
}

pub struct FieldPlan<'s> {
    pub tl_name: &'s str,
    /// The Rust field (or method) name.
    pub rust: String,
    /// Local variable holding the value while (de)serializing.
    pub local: String,
    pub plan: Plan<'s>,
}

/// One combinator's fields, in order.
pub fn plan<'s>(index: &Index<'s>, d: &'s Definition) -> Result<Vec<FieldPlan<'s>>, CodegenError> {
    // Data fields per (flags field, bit), to find bits shared by several fields.
    let mut data_on_bit: BTreeMap<(&str, u32), Vec<String>> = BTreeMap::new();
    for f in &d.fields {
        if let Some(c) = &f.condition {
            if !f.is_true_flag() {
                data_on_bit
                    .entry((c.field.as_str(), c.bit))
                    .or_default()
                    .push(names::field(&f.name));
            }
        }
    }
    let mut plans: Vec<FieldPlan<'s>> = Vec::with_capacity(d.fields.len());
    for (i, f) in d.fields.iter().enumerate() {
        let plan = match (&f.ty, &f.condition) {
            (Ty::Nat, None) => Plan::Flags {
                used: d
                    .fields
                    .iter()
                    .any(|o| o.condition.as_ref().is_some_and(|c| c.field == f.name)),
            },
            (_, None) => match index.field_type(d, &f.ty)? {
                RType::TrueFlag => {
                    return Err(crate::resolve::unsupported(d, "unconditional `true`"))
                }
                RType::Object => {
                    let sized = match plans.last_mut() {
                        Some(
                            prev @ FieldPlan {
                                tl_name: "bytes",
                                plan: Plan::Required(RType::Int),
                                ..
                            },
                        ) => {
                            prev.plan = Plan::ObjectLength;
                            true
                        }
                        _ => false,
                    };
                    if !sized && i + 1 != d.fields.len() {
                        return Err(crate::resolve::unsupported(
                            d,
                            "Object field neither last nor sized by a `bytes:int` before it",
                        ));
                    }
                    Plan::Object { sized }
                }
                rt => Plan::Required(rt),
            },
            (_, Some(c)) => {
                let flags = names::local(&c.field);
                if f.is_true_flag() {
                    match data_on_bit.get(&(c.field.as_str(), c.bit)) {
                        Some(data) => Plan::DerivedTrue {
                            data_fields: data.clone(),
                        },
                        None => Plan::TrueFlag { flags, bit: c.bit },
                    }
                } else {
                    let rt = index.field_type(d, &f.ty)?;
                    if matches!(rt, RType::Object) {
                        return Err(crate::resolve::unsupported(d, "optional Object field"));
                    }
                    Plan::Optional {
                        flags,
                        bit: c.bit,
                        rt,
                    }
                }
            }
        };
        plans.push(FieldPlan {
            tl_name: &f.name,
            rust: names::field(&f.name),
            local: names::local(&f.name),
            plan,
        });
    }
    let mut seen = std::collections::HashSet::new();
    for p in &plans {
        if !seen.insert(p.rust.as_str()) {
            return Err(CodegenError::DuplicateName {
                name: format!("{}.{}", d.name, p.rust),
            });
        }
    }
    Ok(plans)
}

/// The Rust type stored for a field, if it is stored.
pub fn stored_type(index: &Index<'_>, plan: &Plan<'_>) -> Option<String> {
    match plan {
        Plan::Flags { .. } | Plan::DerivedTrue { .. } | Plan::ObjectLength => None,
        Plan::Object { .. } => Some(index.rust_type(&RType::Object)),
        Plan::Required(rt) => Some(index.rust_type(rt)),
        Plan::Optional {
            rt: RType::Bool, ..
        } => Some("::std::option::Option<bool>".into()),
        Plan::Optional { rt, .. } => {
            Some(format!("::std::option::Option<{}>", index.rust_type(rt)))
        }
        Plan::TrueFlag { .. } => Some("bool".into()),
    }
}
