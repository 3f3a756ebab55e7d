//! What the one table's rows become in Rust: [`fields!`] makes the options record (`RawOptions`)
//! and its reader, the submit body (`SubmitBody`) with each field checked by its kind's rule and held
//! to a model's row by one rule ([`fit`]), the fields' names (`Field`), the wire names that `extra`
//! may not set (`WIRE_FIELDS`), and the type of a model's row (`Model`, of a [`Tier`], whose fields
//! each have a [`Need`]). The table itself is spec/family.mjs; `npm run generate` writes it as
//! src/table.rs, one invocation of [`fields!`] and the family's rows, so a field is added or renamed
//! in one line there.

use crate::check::{list, named};
use crate::error::{push_num, Error};
use crate::json::Json;

/// How fast, and how dear, a model is: its schedule follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tier {
    /// The full models.
    Full,
    /// The `-fast` ones.
    Fast,
    /// The `lite` ones.
    Lite,
}

/// Whether a model takes a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// Not a field of this model: refused.
    No,
    /// Taken when given.
    Optional,
    /// Must be given.
    Required,
}

/// What a model's row says of a field: its need, and the values it allows (empty: any value of
/// the field's kind). Values are text, as messages list them; a number is compared as written.
pub type Take = (Need, &'static [&'static str]);

/// Makes the options' types from the table's rows: for each field of the body, its Rust name and
/// [`Field`] variant, its raw and checked types, JS and wire names, its kind's check, and what a
/// model that needs it says it is; for each option of the call, its name, type and JS name. With
/// them, the type of a model's row ([`Model`](crate::models::Model)), which names its fields.
macro_rules! fields {
    (
        body { $($b:ident $B:ident: $braw:ty => $bout:ty, $bjs:literal, $wire:literal, $check:ident, $what:literal;)* }
        call { $($c:ident: $craw:ty, $cjs:literal;)* }
    ) => {
        use $crate::check::{given, image, images, must_be, seconds, text, video, whole};
        use $crate::error::Error;
        use $crate::fields::Reader;
        use $crate::json::Json;

        /// The options as the caller gave them, type-checked (a string is a string) but not yet
        /// checked for sense. Not `Debug`: it holds the key.
        #[derive(Clone, Default)]
        pub struct RawOptions {
            $(#[doc = concat!("`", $bjs, "`")] pub $b: Option<$braw>,)*
            $(#[doc = concat!("`", $cjs, "`")] pub $c: Option<$craw>,)*
            /// The keys of `extra`.
            pub extra_keys: Vec<String>,
            /// The `headers` option's names and values, in order (the boundary reads them, as it
            /// reads `extra`).
            pub headers: Vec<(String, String)>,
        }

        impl RawOptions {
            /// Reads the fields of `options`, which must be an object. `extra_keys` and `headers`
            /// are left empty: they are the boundary's to read.
            pub fn read<J: Json>(options: J) -> Result<RawOptions, Error> {
                if !options.is_record() {
                    return Err(Error::invalid(
                        "options must be an object, like { apiKey, prompt, imageUrl }",
                    ));
                }
                let mut r = Reader { options: &options, wrong: None };
                let raw = RawOptions {
                    $($b: r.get($bjs),)*
                    $($c: r.get($cjs),)*
                    extra_keys: Vec::new(),
                    headers: Vec::new(),
                };
                match r.wrong {
                    None => Ok(raw),
                    Some((name, what)) => Err(must_be(name, what)),
                }
            }
        }

        /// A field of the submit body, as a model's row names it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Field {
            $(#[doc = concat!("`", $bjs, "`")] $B,)*
        }

        impl Field {
            /// Every field, in the table's order (that of [`WIRE_FIELDS`]).
            pub const ALL: &[Field] = &[$(Field::$B),*];
        }

        /// One model of the family: its id, as the API names it, its tier, and the fields it takes
        /// with their need and values (any other is refused). Its rows: `table::MODELS`.
        #[derive(Debug, PartialEq)]
        pub struct Model {
            /// The id, as the API names it.
            pub id: &'static str,
            /// Its tier.
            pub tier: $crate::fields::Tier,
            /// The fields it takes; any other is refused.
            pub takes: &'static [(Field, $crate::fields::Need, &'static [&'static str])],
            /// What the API does with a field left out, as text (the vendor's `default`).
            pub defaults: &'static [(Field, &'static str)],
        }

        /// The JSON body of `POST /v2/video/generations`, each field checked by its kind's rule,
        /// then held to the model's row ([`SubmitBody::fit`]). Unset fields are not sent, so the
        /// server's defaults apply; `model` and `prompt` are always set.
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct SubmitBody {
            $(#[doc = concat!("`", $wire, "`, from `", $bjs, "`")] pub $b: Option<$bout>,)*
        }

        $crate::object::plain_object!(SubmitBody {} if_set { $($wire: $b,)* });

        impl SubmitBody {
            /// Each field of `raw` checked by its kind's rule.
            pub(crate) fn checked(raw: &RawOptions) -> Result<SubmitBody, Error> {
                Ok(SubmitBody { $($b: $check(&raw.$b, $bjs)?,)* })
            }

            /// Holds each field to `model`'s row: refused when the row does not take it, required
            /// when the row needs it, one of the row's values when it lists them.
            pub(crate) fn fit(&mut self, model: &Model) -> Result<(), Error> {
                $($crate::fields::fit(&mut self.$b, model.take(Field::$B), $bjs, $what, model.id)?;)*
                Ok(())
            }
        }

        /// The wire names of the fields that have an option of their own: `extra` may not set them.
        pub const WIRE_FIELDS: &[&str] = &[$($wire),*];

        /// Each option of the body as the table says it: JS name, wire name, and the name of its
        /// check (for the tests that hold the JavaScript to the table).
        pub const BODY_OPTIONS: &[(&str, &str, &str)] = &[$(($bjs, $wire, stringify!($check))),*];

        /// The JS names of the options of the call itself (not of the body).
        pub const CALL_OPTIONS: &[&str] = &[$($cjs),*];
    };
}
pub(crate) use fields;

/// A field's value as a row's rules see it: whether it is given, and its text when the row may list
/// the values it allows (a choice, a number of seconds).
pub(crate) trait Value {
    /// Whether the caller gave it.
    fn given(&self) -> bool;
    /// Its text, to be found among the row's values; `None` for a kind that has no list.
    fn spelled(&self) -> Option<String> {
        None
    }
    /// Takes the row's spelling of the value it matched (`720p` for lite-001's `720P`).
    fn respell(&mut self, _as: &'static str) {}
}

impl Value for Option<String> {
    fn given(&self) -> bool {
        self.is_some()
    }
    fn spelled(&self) -> Option<String> {
        self.clone()
    }
    fn respell(&mut self, to: &'static str) {
        *self = Some(to.to_owned());
    }
}

impl Value for Option<u32> {
    fn given(&self) -> bool {
        self.is_some()
    }
    fn spelled(&self) -> Option<String> {
        self.map(|d| {
            let mut s = String::new();
            push_num(&mut s, d.into());
            s
        })
    }
}

macro_rules! given_only {
    ($($t:ty),*) => {$(
        impl Value for Option<$t> {
            fn given(&self) -> bool {
                self.is_some()
            }
        }
    )*};
}
given_only!(bool, f64, Vec<String>);

/// Holds one field to what a row says of it ([`SubmitBody::fit`] calls it for each): "`name` is not
/// an option of `model`", "`model` needs `name`: `what`", or "`name` must be a, b or c for `model`,
/// not d".
pub(crate) fn fit(
    value: &mut dyn Value,
    (need, allowed): Take,
    name: &str,
    what: &str,
    model: &str,
) -> Result<(), Error> {
    let given = value.given();
    let m = match (need, given) {
        (Need::No, true) => {
            let mut m = named(name, " is not an option of ");
            m.push_str(model);
            m
        }
        (Need::Required, false) => {
            let mut m = named(model, " needs ");
            m.push_str(name);
            m.push_str(": ");
            m.push_str(what);
            m
        }
        _ => {
            let Some(v) = value.spelled().filter(|_| !allowed.is_empty()) else {
                return Ok(());
            };
            match allowed.iter().find(|a| a.eq_ignore_ascii_case(&v)) {
                Some(a) => {
                    value.respell(a);
                    return Ok(());
                }
                None => {
                    let mut m = named(name, " must be ");
                    list(&mut m, allowed);
                    m.push_str(" for ");
                    m.push_str(model);
                    // The caller's value, when short enough to read in a message.
                    if v.len() <= 40 {
                        m.push_str(", not ");
                        m.push_str(&v);
                    }
                    m
                }
            }
        }
    };
    Err(Error::invalid(m))
}

/// A type an option can have, read from a JSON-like value.
pub(crate) trait Kind: Sized {
    /// What a value of the wrong type is told it must be.
    const WHAT: &'static str;
    fn from_json<J: Json>(v: &J) -> Option<Self>;
}

impl Kind for String {
    const WHAT: &'static str = "a string";
    fn from_json<J: Json>(v: &J) -> Option<Self> {
        v.string()
    }
}

impl Kind for f64 {
    const WHAT: &'static str = "a number";
    fn from_json<J: Json>(v: &J) -> Option<Self> {
        v.number()
    }
}

impl Kind for bool {
    const WHAT: &'static str = "true or false";
    fn from_json<J: Json>(v: &J) -> Option<Self> {
        v.boolean()
    }
}

/// The most characters a list's strings may hold together: each may be as long as the reader
/// allows, and a thousand of those would ask the module for more memory than it has. Four inline
/// files of the largest size, as base64, are 56 Mi.
const MAX_LIST_CHARS: usize = 1 << 26;

impl Kind for Vec<String> {
    const WHAT: &'static str = "a list of image URLs";
    fn from_json<J: Json>(v: &J) -> Option<Self> {
        let mut total = 0;
        v.items()?
            .iter()
            .map(|item| {
                let s = item.string()?;
                total += s.len();
                (total <= MAX_LIST_CHARS).then_some(s)
            })
            .collect()
    }
}

/// Reads fields one after another and remembers the first one of the wrong type, rather than
/// returning early from each: one exit instead of twenty keeps the module smaller.
pub(crate) struct Reader<'a, J> {
    pub(crate) options: &'a J,
    pub(crate) wrong: Option<(&'static str, &'static str)>,
}

impl<J: Json> Reader<'_, J> {
    pub(crate) fn get<T: Kind>(&mut self, name: &'static str) -> Option<T> {
        let value = match self.options.field(name) {
            Ok(v) => v?,
            Err(_) => {
                self.wrong
                    .get_or_insert((name, "readable (reading it threw)"));
                return None;
            }
        };
        let t = T::from_json(&value);
        if t.is_none() {
            self.wrong.get_or_insert((name, T::WHAT));
        }
        t
    }
}
