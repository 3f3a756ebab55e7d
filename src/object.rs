//! The outgoing objects (the request body, progress events, results) as lists of named entries,
//! each entry's value one [`Value`]. The boundary makes plain JS objects of them with `Reflect`
//! (`wasm/object.rs`), the tests JSON: no serializer framework, whose generic code cost the wasm
//! build more than the objects themselves.

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

/// An object as its entries, in order.
pub trait Entries {
    /// Calls `out` with each entry.
    fn entries(&self, out: &mut dyn FnMut(&'static str, Value<'_>));
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

impl ToValue for crate::time::Date {
    fn value(&self) -> Value<'_> {
        Value::Num(self.0)
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn value(&self) -> Value<'_> {
        self.as_ref().map_or(Value::Null, ToValue::value)
    }
}

/// Implements [`Entries`] for `$t`: the entries of the first block always (`None` as `null`), those
/// of the `if_set` block (`Option` fields) only when they are `Some`, so unset options are not sent.
macro_rules! plain_object {
    ($t:ident $(<$lt:lifetime>)? {
        $($key:literal: $field:ident),* $(,)?
    } $(if_set {
        $($okey:literal: $ofield:ident),* $(,)?
    })?) => {
        impl$(<$lt>)? $crate::object::Entries for $t$(<$lt>)? {
            fn entries(&self, out: &mut dyn FnMut(&'static str, $crate::object::Value<'_>)) {
                #[allow(unused_imports)]
                use $crate::object::ToValue;
                $(out($key, self.$field.value());)*
                $($(if let Some(v) = &self.$ofield {
                    out($okey, v.value());
                })*)?
            }
        }
    };
}
pub(crate) use plain_object;

/// The entries as JSON, for the tests.
#[cfg(any(test, not(target_arch = "wasm32")))]
pub fn to_json(e: &dyn Entries) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    e.entries(&mut |k, v| {
        let v = match v {
            Value::Str(s) => serde_json::Value::from(s),
            Value::Int(n) => serde_json::Value::from(n),
            Value::Num(n) => serde_json::Value::from(n),
            Value::Bool(b) => serde_json::Value::from(b),
            Value::Strs(v) => serde_json::Value::from(v.to_vec()),
            Value::Null => serde_json::Value::Null,
        };
        map.insert(k.to_owned(), v);
    });
    serde_json::Value::Object(map)
}
