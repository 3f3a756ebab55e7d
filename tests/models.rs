//! The family's table (src/models.rs) against the vendor's OpenAPI files (spec/api/): the same
//! models, and for each the same fields, required ones and allowed values. A change on the vendor's
//! side fails here rather than as a silent mismatch.
#![cfg(not(target_arch = "wasm32"))]

use aimlapi_video::fields::WIRE_FIELDS;
use aimlapi_video::models::{find, Need, MODELS};
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

#[test]
fn the_table_is_the_vendors_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/api");
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        if !file.ends_with(".openapi.json") || file.starts_with("video-generations-fetch") {
            continue;
        }
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let s = request_schema(&v).unwrap_or_else(|| panic!("{file}: no request schema"));
        let props = s["properties"].as_object().unwrap();
        let required = strings(s.get("required"));
        let ids = strings(props["model"].get("enum"));
        assert_eq!(ids.len(), 1, "{file}");
        let m = find(&ids[0]).unwrap_or_else(|| panic!("{file}: {} is not in the table", ids[0]));
        seen.push(m.id);
        let need = |field: &str| match (
            props.contains_key(field),
            required.iter().any(|r| r == field),
        ) {
            (false, _) => Need::No,
            (true, false) => Need::Optional,
            (true, true) => Need::Required,
        };
        assert_eq!(m.image, need("image_url"), "{file}: image_url");
        assert_eq!(
            m.last_image,
            need("last_image_url"),
            "{file}: last_image_url"
        );
        assert_eq!(m.images, need("image_urls"), "{file}: image_urls");
        assert_eq!(m.video, need("video_url"), "{file}: video_url");
        for (field, on) in [
            ("provider", m.provider),
            ("seed", m.prompt_tuning),
            ("negative_prompt", m.prompt_tuning),
            ("enhance_prompt", m.prompt_tuning),
            ("auto_fix", m.auto_fix),
        ] {
            assert_eq!(props.contains_key(field), on, "{file}: {field}");
        }
        let values = |field: &str| strings(props.get(field).and_then(|p| p.get("enum")));
        assert_eq!(
            values("aspect_ratio"),
            m.aspect_ratios,
            "{file}: aspect_ratio"
        );
        assert_eq!(values("resolution"), m.resolutions, "{file}: resolution");
        assert_eq!(
            values("person_generation"),
            m.person_generation,
            "{file}: person_generation"
        );
        assert_eq!(values("duration"), m.durations, "{file}: duration");
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
}
