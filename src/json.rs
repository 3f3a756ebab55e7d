//! What the readers need of a parsed JSON value (an options object, a server's answer), so that
//! each reader is written once and runs over the JS values of the shipped module (`wasm/json.rs`,
//! through `Reflect`) and over `serde_json` values in the native tests and the fuzz.

/// Reading a field threw (a JS getter or proxy).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Threw;

/// A JSON-like value.
pub trait Json: Sized {
    /// The field `name` of an object: `Ok(None)` when it is missing, `undefined` or `null`, or
    /// when `self` is not an object; `Err` when reading it threw.
    fn field(&self, name: &str) -> Result<Option<Self>, Threw>;
    /// The value as a string, if it is one.
    fn string(&self) -> Option<String>;
    /// The value as a number, if it is one.
    fn number(&self) -> Option<f64>;
    /// The value as a boolean, if it is one.
    fn boolean(&self) -> Option<bool>;
    /// Whether the value is an object that is not an array.
    fn is_record(&self) -> bool;
    /// The items of an array, or `None` when it is not one.
    fn items(&self) -> Option<Vec<Self>>;
}

#[cfg(any(test, not(target_arch = "wasm32")))]
impl Json for &serde_json::Value {
    fn field(&self, name: &str) -> Result<Option<Self>, Threw> {
        Ok(self.get(name).filter(|v| !v.is_null()))
    }
    fn string(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }
    fn number(&self) -> Option<f64> {
        self.as_f64()
    }
    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }
    fn is_record(&self) -> bool {
        self.is_object()
    }
    fn items(&self) -> Option<Vec<Self>> {
        self.as_array().map(|a| a.iter().collect())
    }
}
