//! How the outgoing objects (the request body, progress events, results) are serialized: as maps
//! of named entries rather than serde structs, each entry's value one [`Value`]. serde-wasm-bindgen
//! turns both into the same plain JS object, but for struct fields it keeps a cache of interned JS
//! strings (a hash map), and every field type instantiates its serializer once more; both cost the
//! wasm build more than the objects themselves.

use serde::{Serialize, Serializer};

/// One entry's value.
pub enum Value<'a> {
    /// A string.
    Str(&'a str),
    /// A whole number.
    Int(u32),
    /// Any other number.
    Num(f64),
    /// `true` or `false`.
    Bool(bool),
    /// A list of strings.
    Strs(&'a [String]),
    /// `null`.
    Null,
}

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Value::Str(v) => s.serialize_str(v),
            Value::Int(v) => s.serialize_u32(v),
            Value::Num(v) => s.serialize_f64(v),
            Value::Bool(v) => s.serialize_bool(v),
            Value::Strs(v) => s.collect_seq(v),
            Value::Null => s.serialize_none(),
        }
    }
}

/// A field that can be an entry's value.
pub trait ToValue {
    /// The value.
    fn value(&self) -> Value<'_>;
}

impl ToValue for str {
    fn value(&self) -> Value<'_> {
        Value::Str(self)
    }
}

impl ToValue for String {
    fn value(&self) -> Value<'_> {
        Value::Str(self)
    }
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn value(&self) -> Value<'_> {
        (**self).value()
    }
}

impl ToValue for Vec<String> {
    fn value(&self) -> Value<'_> {
        Value::Strs(self)
    }
}

impl ToValue for u32 {
    fn value(&self) -> Value<'_> {
        Value::Int(*self)
    }
}

impl ToValue for f64 {
    fn value(&self) -> Value<'_> {
        Value::Num(*self)
    }
}

impl ToValue for bool {
    fn value(&self) -> Value<'_> {
        Value::Bool(*self)
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn value(&self) -> Value<'_> {
        self.as_ref().map_or(Value::Null, ToValue::value)
    }
}

/// Implements `Serialize` for `$t` as a map: the entries of the first block always, those of the
/// `if_set` block (`Option` fields) only when they are `Some`, so unset options are not sent.
/// `raw: field` adds an entry serialized as it is (the server's answer, on the wasm side).
macro_rules! plain_object {
    ($t:ident $(<$lt:lifetime>)? {
        $($key:literal: $field:ident),* $(,)?
    } $(if_set {
        $($okey:literal: $ofield:ident),* $(,)?
    })? $(raw: $rfield:ident)?) => {
        impl$(<$lt>)? serde::Serialize for $t$(<$lt>)? {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                use $crate::object::ToValue;
                let mut m = s.serialize_map(None)?;
                $(m.serialize_entry($key, &self.$field.value())?;)*
                $($(if let Some(v) = &self.$ofield {
                    m.serialize_entry($okey, &v.value())?;
                })*)?
                $(m.serialize_entry("raw", &self.$rfield)?;)?
                m.end()
            }
        }
    };
}
pub(crate) use plain_object;
