//! The client request id of a submit (`X-Client-Request-Id`): the caller's, checked, or one made of
//! 122 random bits; the API lists it in its usage logs, which is how a submit whose answer was
//! lost is found again.

use crate::error::Error;
use crate::fields::Kind;
use crate::json::Json;

/// The `clientRequestId` option.
#[derive(Clone, Debug, PartialEq)]
pub enum ClientId {
    /// The caller's own id.
    Given(String),
    /// `false`: no header is sent (for an API or proxy whose CORS refuses it).
    Off,
}

impl Kind for ClientId {
    const WHAT: &'static str = "a string of 1 to 128 letters, digits and . _ : -, or false";
    fn from_json<J: Json>(v: &J) -> Option<Self> {
        match (v.string(), v.boolean()) {
            (Some(s), _) => Some(ClientId::Given(s)),
            (_, Some(false)) => Some(ClientId::Off),
            _ => None,
        }
    }
}

/// Whether the API keeps `id`: 1 to 128 of `A-Z a-z 0-9 . _ : -`. It drops any other without a
/// word, and the submit would be paid for with no link to its logs.
pub fn is_client_id(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".:_-".contains(&b))
}

/// The id a submit is sent with: the caller's (checked), none when the caller said `false`, or a
/// UUID v4 made of `random`, which the boundary draws from the platform's secure random source.
pub fn client_request_id(
    option: Option<&ClientId>,
    random: [u8; 16],
) -> Result<Option<String>, Error> {
    match option {
        Some(ClientId::Off) => Ok(None),
        Some(ClientId::Given(id)) if is_client_id(id) => Ok(Some(id.clone())),
        Some(ClientId::Given(_)) => Err(Error::invalid(
            "clientRequestId must be 1 to 128 letters, digits, dots, underscores, colons or hyphens: the API drops any other without a word, and the job could not be found in its logs",
        )),
        None => Ok(Some(uuid(random))),
    }
}

/// A version 4 UUID (RFC 9562): 122 of the 128 bits are random.
fn uuid(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(36);
    for (i, x) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        s.push(HEX[usize::from(x >> 4)] as char);
        s.push(HEX[usize::from(x & 15)] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_alphabet_and_length_are_the_apis() {
        for ok in ["a", "job-1.2_3:x", &"Z".repeat(128)] {
            assert!(is_client_id(ok), "{ok}");
        }
        for bad in ["", "a b", "a/b", "é", "a\n", &"Z".repeat(129), "id;drop"] {
            assert!(!is_client_id(bad), "{bad:?}");
            let e = client_request_id(Some(&ClientId::Given(bad.into())), [0; 16]).unwrap_err();
            assert_eq!(e.code, crate::Code::InvalidRequest);
            // The message never quotes what was given: it may be anything.
            assert!(bad.is_empty() || !e.message.contains(bad), "{}", e.message);
        }
    }

    #[test]
    fn the_callers_id_is_kept_false_sends_none_and_none_given_makes_a_uuid() {
        let given = ClientId::Given("mine-1".into());
        assert_eq!(
            client_request_id(Some(&given), [0; 16]).unwrap().as_deref(),
            Some("mine-1")
        );
        assert_eq!(client_request_id(Some(&ClientId::Off), [0; 16]), Ok(None));
        let made = client_request_id(None, [0xff; 16]).unwrap().unwrap();
        assert_eq!(made, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let made = client_request_id(None, core::array::from_fn(|i| i as u8))
            .unwrap()
            .unwrap();
        assert_eq!(made, "00010203-0405-4607-8809-0a0b0c0d0e0f");
        assert!(is_client_id(&made));
    }
}
