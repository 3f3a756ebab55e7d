//! Finding a job by its client request id in the API's usage logs (`GET /v2/logs`): the query (a
//! model's rows in a window around the submit, newest first, a page at a time), its answer read,
//! the row that holds the id, and how often a page may ask (the route allows 200 requests a
//! minute, for every call of the page together).

use crate::error::push_num;
use crate::json::Json;
use crate::request::encode_component;
use crate::time::Date;

/// Rows per page: the most the route gives.
pub const PAGE: u32 = 100;
/// Pages read in one lookup before it waits and looks again: the job's row is among a model's
/// newest, and a busy account's older rows are not worth more requests.
pub const MAX_PAGES: u32 = 5;
/// How far around the submit the window reaches: clocks disagree, and rows are dated by the API.
const MARGIN_MS: f64 = 10.0 * 60_000.0;

/// One lookup: the model's rows between `from` and `to`, from row `offset` on.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// The model the submit named.
    pub model: String,
    /// When the submit may have been made, at the earliest.
    pub from: Date,
    /// Now.
    pub to: Date,
    /// Rows to skip.
    pub offset: u32,
}

impl Query {
    /// The path and query below `baseUrl`.
    pub fn path(&self) -> String {
        let mut u = String::from("/v2/logs?model=");
        u.push_str(&encode_component(&self.model));
        u.push_str("&start=");
        push_iso(&mut u, Date(self.from.0 - MARGIN_MS));
        u.push_str("&end=");
        push_iso(&mut u, Date(self.to.0 + MARGIN_MS));
        u.push_str("&limit=");
        push_num(&mut u, PAGE.into());
        u.push_str("&offset=");
        push_num(&mut u, self.offset.into());
        u
    }
}

/// A row of the logs, what a lookup needs of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The generation's id.
    pub inference_id: String,
    /// `succeeded` or `failed`.
    pub status: String,
    /// When the request was made, as the API wrote it.
    pub created: Option<String>,
}

/// A page of the logs: the row of the client request id sought, if it is on it, and whether more
/// pages follow.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// The row whose `client_request_id` is the one sought: the oldest, when there are several.
    pub found: Option<Row>,
    /// The ids of the other jobs under the same client request id, newest first: a browser may
    /// send a POST again by itself when a kept-alive connection closes before any answer, and each
    /// was charged.
    pub others: Vec<String>,
    /// `pagination.has_more`.
    pub more: bool,
}

impl Page {
    /// Reads a logs answer for the row of `client_request_id`; `None` when it is not the
    /// documented shape.
    pub fn read<J: Json>(v: &J, client_request_id: &str) -> Option<Page> {
        let rows = v.field("data").ok()??.items()?;
        let text = |r: &J, k: &str| r.field(k).ok().flatten().and_then(|x| x.string());
        let mut mine: Vec<Row> = rows
            .iter()
            .filter_map(|r| {
                if text(r, "client_request_id").as_deref() != Some(client_request_id) {
                    return None;
                }
                Some(Row {
                    inference_id: text(r, "inference_id").filter(|i| !i.trim_ascii().is_empty())?,
                    status: text(r, "status").unwrap_or_default(),
                    created: text(r, "created"),
                })
            })
            .collect();
        // Newest first: the first job sent is the last row.
        let found = mine.pop();
        let others = mine.into_iter().map(|r| r.inference_id).collect();
        let more = v
            .field("pagination")
            .ok()
            .flatten()
            .and_then(|p| p.field("has_more").ok().flatten())
            .and_then(|m| m.boolean())
            .unwrap_or(false);
        Some(Page {
            found,
            others,
            more,
        })
    }
}

/// `date` as ISO-8601 in UTC, to the second: `2026-12-06T10:42:12Z`.
pub fn push_iso(out: &mut String, date: Date) {
    let secs = (date.0 / 1000.0).floor() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let two = |out: &mut String, n: i64| {
        if n < 10 {
            out.push('0');
        }
        push_num(out, n.max(0) as u64);
    };
    push_num(out, year.max(0) as u64);
    for (sep, n) in [
        ('-', month),
        ('-', day),
        ('T', rem / 3600),
        (':', rem / 60 % 60),
        (':', rem % 60),
    ] {
        out.push(sep);
        two(out, n);
    }
    out.push('Z');
}

/// A date of the logs (`2026-07-02T03:04:05.000Z`, UTC) in ms since 1970; `None` when it is not one.
pub fn parse_iso(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let d = b.get(from..from + len)?;
        d.iter().try_fold(0i64, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0'))
        })
    };
    let seps = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if !seps.iter().all(|(i, c)| b.get(*i) == Some(c)) {
        return None;
    }
    let (y, m, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (h, min, sec) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    // Milliseconds, when the date has them (`.000`): the logs' rows do.
    let ms = match b.get(19) {
        Some(b'.') => num(20, 3).unwrap_or(0),
        _ => 0,
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || h > 23 || min > 59 || sec > 60 {
        return None;
    }
    // Howard Hinnant's days-from-civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(Date(
        ((days * 86_400 + h * 3600 + min * 60 + sec) * 1000 + ms) as f64,
    ))
}

/// How many lookups the page sends in a minute, at most: half of what the route allows, so that
/// the page's other calls of the route, and another tab, have room.
pub const PER_MINUTE: usize = 100;

/// The page's lookups of the last minute, for every call together.
#[derive(Debug, Default)]
pub struct Limiter {
    sent: Vec<f64>,
}

impl Limiter {
    /// No lookup yet.
    pub const fn new() -> Limiter {
        Limiter { sent: Vec::new() }
    }

    /// Whether a lookup may go out at `now` (in ms of a monotonic clock): `None` if so (it is
    /// counted), else how long to wait first.
    pub fn admit(&mut self, now: f64) -> Option<f64> {
        self.sent.retain(|t| now - t < 60_000.0);
        if self.sent.len() < PER_MINUTE {
            self.sent.push(now);
            return None;
        }
        let oldest = self.sent.iter().copied().fold(f64::INFINITY, f64::min);
        Some((oldest + 60_000.0 - now).max(1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn dates_are_iso_in_utc() {
        for (ms, want) in [
            (0.0, "1970-01-01T00:00:00Z"),
            (1_796_553_732_000.0, "2026-12-06T10:42:12Z"),
            (951_782_400_000.0, "2000-02-29T00:00:00Z"),
            (1_709_251_199_999.0, "2024-02-29T23:59:59Z"),
        ] {
            let mut s = String::new();
            push_iso(&mut s, Date(ms));
            assert_eq!(s, want, "{ms}");
        }
    }

    #[test]
    fn dates_of_the_logs_are_read_back() {
        for ms in [0.0, 1_796_553_732_000.0, 951_782_400_000.0] {
            let mut s = String::new();
            push_iso(&mut s, Date(ms));
            assert_eq!(parse_iso(&s), Some(Date(ms)), "{s}");
        }
        assert_eq!(
            parse_iso("2026-07-02T03:04:05.000Z"),
            Some(Date(1_782_961_445_000.0))
        );
        assert_eq!(
            parse_iso("2026-07-02T03:04:05.422Z"),
            Some(Date(1_782_961_445_422.0))
        );
        for bad in [
            "",
            "2026-07-02",
            "2026-13-02T03:04:05Z",
            "2026/07/02T03:04:05Z",
            "yyyy-07-02T03:04:05Z",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_query_is_the_models_rows_around_the_submit_a_page_at_a_time() {
        let q = Query {
            model: "google/veo-3.1-i2v".into(),
            from: Date(1_796_553_732_000.0),
            to: Date(1_796_553_792_000.0),
            offset: 200,
        };
        assert_eq!(
            q.path(),
            "/v2/logs?model=google%2Fveo-3.1-i2v&start=2026-12-06T10:32:12Z&end=2026-12-06T10:53:12Z&limit=100&offset=200"
        );
    }

    #[test]
    fn a_page_gives_the_row_of_the_id_sought_and_whether_more_follow() {
        let v = json!({"data":[
            {"client_request_id":null,"inference_id":"a","status":"succeeded"},
            {"client_request_id":"mine","inference_id":"gen-1:m","status":"failed","created":"2026-12-06T10:42:12.000Z"},
        ],"pagination":{"has_more":true}});
        let p = Page::read(&&v, "mine").unwrap();
        assert_eq!(p.found.unwrap().inference_id, "gen-1:m");
        assert!(p.more);
        let p = Page::read(&&v, "other").unwrap();
        assert_eq!((p.found, p.more), (None, true));
        // Two jobs under one id (a POST the browser sent again): the first is followed, the
        // other reported.
        let v = json!({"data":[
            {"client_request_id":"mine","inference_id":"second","status":"succeeded"},
            {"client_request_id":"mine","inference_id":"first","status":"succeeded"},
        ]});
        let p = Page::read(&&v, "mine").unwrap();
        assert_eq!(p.found.unwrap().inference_id, "first");
        assert_eq!(p.others, ["second"]);
        // A row of the id without an inference id is no row to follow.
        let v = json!({"data":[{"client_request_id":"mine","inference_id":""}]});
        assert_eq!(Page::read(&&v, "mine").unwrap().found, None);
        assert_eq!(Page::read(&&json!({"data":7}), "mine"), None);
        assert_eq!(Page::read(&&json!([1]), "mine"), None);
    }

    #[test]
    fn the_page_sends_at_most_a_hundred_lookups_a_minute() {
        let mut l = Limiter::default();
        for i in 0..PER_MINUTE {
            assert_eq!(l.admit(i as f64), None);
        }
        assert_eq!(l.admit(1_000.0), Some(59_000.0));
        assert_eq!(l.admit(60_000.5), None);
    }
}
