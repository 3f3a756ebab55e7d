//! How the outgoing objects (the request body, progress events, results) are serialized: as maps
//! of named entries rather than serde structs. serde-wasm-bindgen turns both into the same plain JS
//! object, but for struct fields it keeps a cache of interned JS strings (a hash map) that costs
//! the wasm build more than all the objects themselves; a map writes each key as a plain string.

/// Implements `Serialize` for `$t` as a map: the entries of the first block always, those of the
/// `if_set` block (`Option` fields) only when they are `Some`, so unset options are not sent.
#[macro_export]
macro_rules! plain_object {
    ($t:ident $(<$lt:lifetime>)? {
        $($key:literal: $field:ident),* $(,)?
    } $(if_set {
        $($okey:literal: $ofield:ident),* $(,)?
    })?) => {
        impl$(<$lt>)? serde::Serialize for $t$(<$lt>)? {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut m = s.serialize_map(None)?;
                $(m.serialize_entry($key, &self.$field)?;)*
                $($(if let Some(v) = &self.$ofield {
                    m.serialize_entry($okey, v)?;
                })*)?
                m.end()
            }
        }
    };
}
