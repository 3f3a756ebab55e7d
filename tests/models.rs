//! The family's table (spec/family.mjs, as src/table.rs has it) against the vendor's OpenAPI files
//! (spec/api/): the same models, and for each the same fields, required ones and allowed values. A
//! change on the vendor's side fails here rather than as a silent mismatch. (That every other copy
//! of the table is the one `npm run generate` writes: tests/unit/generate.test.mjs.)
#![cfg(not(target_arch = "wasm32"))]

use aimlapi_video::models::{find, Need, MODELS};
use aimlapi_video::table::{Field, BODY_OPTIONS, OTHER_MODELS, WIRE_FIELDS};
use serde_json::Value;
use std::path::Path;

/// The request schema of a file: the object whose properties hold `model`.
fn request_schema(v: &Value) -> Option<&Value> {
    match v {
        Value::Object(o) if o.get("properties").and_then(|p| p.get("model")).is_some() => Some(v),
        Value::Object(o) => o.values().find_map(request_schema),
        Value::Array(a) => a.iter().find_map(request_schema),
        _ => None,
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Each field of the table with its wire name.
fn fields() -> impl Iterator<Item = (Field, &'static str)> {
    assert_eq!(Field::ALL.len(), WIRE_FIELDS.len());
    Field::ALL.iter().copied().zip(WIRE_FIELDS.iter().copied())
}

#[test]
fn the_table_is_the_vendors_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/api");
    let (mut seen, mut others) = (Vec::new(), Vec::new());
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        if !file.ends_with(".openapi.json") {
            continue;
        }
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        // Only the submit's files: the poll's, the logs', the catalogue's and the keys' are read
        // by the tests of what uses them.
        let Some(submit) = v["paths"]["/v2/video/generations"].get("post") else {
            continue;
        };
        let s = request_schema(submit).unwrap_or_else(|| panic!("{file}: no request schema"));
        let props = s["properties"].as_object().unwrap();
        let required = strings(s.get("required"));
        let ids = strings(props["model"].get("enum"));
        assert_eq!(ids.len(), 1, "{file}");
        if OTHER_MODELS.contains(&ids[0].as_str()) {
            assert!(
                find(&ids[0]).is_none(),
                "{file}: in the family and among the others"
            );
            others.push(ids[0].clone());
            continue;
        }
        let m = find(&ids[0]).unwrap_or_else(|| panic!("{file}: {} is not in the table", ids[0]));
        seen.push(m.id);
        for (field, wire) in fields() {
            let need = match (props.contains_key(wire), required.iter().any(|r| r == wire)) {
                (false, _) => Need::No,
                (true, false) => Need::Optional,
                (true, true) => Need::Required,
            };
            let (have, values) = m.take(field);
            assert_eq!(have, need, "{file}: {wire}");
            // `model`'s one value is the row's id, found above.
            let want = strings(props.get(wire).and_then(|p| p.get("enum")));
            if field != Field::Model {
                assert_eq!(values, want, "{file}: {wire}'s values");
            }
            // The default, which a price of a request that leaves the field out is read with.
            let default = props.get(wire).and_then(|p| p.get("default"));
            let default = default.map(|d| d.as_str().map_or_else(|| d.to_string(), str::to_owned));
            assert_eq!(
                m.default(field),
                default.as_deref(),
                "{file}: {wire}'s default"
            );
        }
        // Every field of the file has an option of the library's own.
        for field in props.keys() {
            assert!(
                WIRE_FIELDS.contains(&field.as_str()),
                "{file}: {field} has no option"
            );
        }
    }
    let mut all: Vec<&str> = MODELS.iter().map(|m| m.id).collect();
    all.sort();
    seen.sort();
    assert_eq!(seen, all, "one file per model of the table");
    others.sort();
    let mut named = OTHER_MODELS.to_vec();
    named.sort();
    assert_eq!(others, named, "one file per other model");
    assert_eq!(BODY_OPTIONS.len(), WIRE_FIELDS.len());
}
