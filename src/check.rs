//! The checks of single option values, each written once: every bad value becomes an
//! `invalid_request` error that names the option. The one table (`table.rs`) says which check each
//! field of the submit body gets, by its kind; the rule that depends on the model is `fields::fit`.

use crate::error::Error;
use crate::text::is_http_url;
pub(crate) use crate::text::{list, named};

/// "`name` must be `what`": an option of the wrong type.
pub(crate) fn must_be(name: &str, what: &str) -> Error {
    let mut m = named(name, " must be ");
    m.push_str(what);
    Error::invalid(m)
}

/// A trimmed, non-empty string, or `None`.
pub(crate) fn text(value: &Option<String>, name: &str) -> Result<Option<String>, Error> {
    match value.as_deref().map(str::trim_ascii) {
        None => Ok(None),
        Some("") => Err(Error::invalid(named(name, " must not be empty"))),
        Some(s) => Ok(Some(s.to_owned())),
    }
}

/// A value passed on as it is (its type is all there is to check).
pub(crate) fn given<T: Clone>(value: &Option<T>, _name: &str) -> Result<Option<T>, Error> {
    Ok(value.clone())
}

/// An `http(s)://` URL, or a `data:` URL whose bytes are of `kind` (`inline::check`).
fn media(value: &Option<String>, name: &str, kind: &str) -> Result<Option<String>, Error> {
    match text(value, name)? {
        Some(url) if !is_http_url(&url) => crate::inline::check(url, name, kind).map(Some),
        url => Ok(url),
    }
}

/// An image URL.
pub(crate) fn image(value: &Option<String>, name: &str) -> Result<Option<String>, Error> {
    media(value, name, "image")
}

/// A video URL.
pub(crate) fn video(value: &Option<String>, name: &str) -> Result<Option<String>, Error> {
    media(value, name, "video")
}

/// A non-empty list of image URLs.
pub(crate) fn images(
    value: &Option<Vec<String>>,
    name: &str,
) -> Result<Option<Vec<String>>, Error> {
    let Some(urls) = value else { return Ok(None) };
    if urls.is_empty() {
        return Err(Error::invalid(named(name, " must hold at least one image")));
    }
    let each = named("each of ", name);
    let mut checked = Vec::with_capacity(urls.len());
    for u in urls {
        // `image` refuses an empty one, so there is always a URL here.
        checked.extend(image(&Some(u.clone()), &each)?);
    }
    Ok(Some(checked))
}

/// A video's length: a whole number of seconds, from 1 to 600.
pub(crate) fn seconds(value: &Option<f64>, name: &str) -> Result<Option<u32>, Error> {
    match *value {
        None => Ok(None),
        Some(d) if d.fract() == 0.0 && (1.0..=600.0).contains(&d) => Ok(Some(d as u32)),
        Some(_) => Err(Error::invalid(named(
            name,
            " must be a whole number of seconds",
        ))),
    }
}

/// A whole number that JSON carries exactly.
pub(crate) fn whole(value: &Option<f64>, name: &str) -> Result<Option<f64>, Error> {
    match *value {
        Some(s) if !(s.fract() == 0.0 && s.abs() <= 9_007_199_254_740_991.0) => {
            Err(Error::invalid(named(name, " must be a whole number")))
        }
        s => Ok(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run natively and, compiled to wasm, in the browser (`npm test` does both).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn lists_read_as_prose() {
        let mut m = String::new();
        list(&mut m, &["a", "b", "c"]);
        assert_eq!(m, "a, b or c");
        let mut one = String::new();
        list(&mut one, &["8"]);
        assert_eq!(one, "8");
    }
}
