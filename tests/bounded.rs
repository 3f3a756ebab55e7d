//! `importTimings`'s reader does bounded work whatever it is given: it reads only the fields of
//! what `exportTimings` writes, refuses more jobs than the page keeps before reading any of them,
//! and reads back everything an export can hold. (The boundary's own bounds, on lists and strings
//! of JS values, are tested on the built package: tests/e2e/bounded.test.mjs.)
#![cfg(not(target_arch = "wasm32"))]

use aimlapi_video::json::{Json, Threw};
use aimlapi_video::learn::{Key, Learned, Seen, ALL};
use serde_json::{json, Value};
use std::cell::Cell;

const FULL: &str = "google/veo-3.1-i2v";

/// A JSON value that counts the fields read from it and its parts.
#[derive(Clone, Copy)]
struct Counted<'a> {
    v: &'a Value,
    reads: &'a Cell<usize>,
}

impl Json for Counted<'_> {
    fn field(&self, name: &str) -> Result<Option<Self>, Threw> {
        self.reads.set(self.reads.get() + 1);
        Ok((&self.v).field(name)?.map(|v| Counted {
            v,
            reads: self.reads,
        }))
    }
    fn string(&self) -> Option<String> {
        (&self.v).string()
    }
    fn number(&self) -> Option<f64> {
        (&self.v).number()
    }
    fn boolean(&self) -> Option<bool> {
        (&self.v).boolean()
    }
    fn is_record(&self) -> bool {
        (&self.v).is_record()
    }
    fn items(&self) -> Option<Vec<Self>> {
        let reads = self.reads;
        Some(
            (&self.v)
                .items()?
                .into_iter()
                .map(|v| Counted { v, reads })
                .collect(),
        )
    }
}

fn job() -> Value {
    json!({"model": FULL, "pendingMs": 1000, "doneMs": 2000})
}

#[test]
fn more_jobs_than_a_page_keeps_are_refused_unread() {
    for n in [ALL + 1, 100_000] {
        let v = json!({"version": 1, "jobs": vec![job(); n]});
        let reads = Cell::new(0);
        let e = Learned::read(Counted {
            v: &v,
            reads: &reads,
        })
        .expect_err("refused");
        assert!(e.message.contains("exportTimings()"), "{}", e.message);
        assert!(e.message.contains("at most 64 jobs"), "{}", e.message);
        // `version` and `jobs`: no job was read.
        assert_eq!(reads.get(), 2, "{n} jobs");
    }
}

#[test]
fn only_the_fields_export_writes_are_read() {
    // A job with a thousand other keys costs what a plain one does.
    let mut junk = job();
    for i in 0..1_000 {
        junk[format!("k{i}")] = json!(i);
    }
    let v = json!({"version": 1, "jobs": vec![junk; ALL], "more": vec![0; 10_000]});
    let reads = Cell::new(0);
    assert_eq!(
        Learned::read(Counted {
            v: &v,
            reads: &reads
        })
        .unwrap()
        .jobs()
        .len(),
        8,
        "the 8 kept of one key"
    );
    // version, jobs, and each job's five fields.
    assert_eq!(reads.get(), 2 + 5 * ALL);
}

#[test]
fn everything_an_export_can_hold_reads_back() {
    let mut learned = Learned::new();
    for s in 1..=ALL as u32 + 10 {
        let key = Key::new(FULL, Some(s), Some("1080p")).unwrap();
        learned.add(
            key,
            Seen {
                pending: 1000.0,
                done: 2000.0,
            },
        );
    }
    assert_eq!(learned.jobs().len(), ALL);
    let v: Value = serde_json::from_str(&learned.to_json()).unwrap();
    assert_eq!(Learned::read(&v).unwrap(), learned);
}
