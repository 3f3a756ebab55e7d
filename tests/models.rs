//! The family's table (src/models.rs) against the vendor's OpenAPI files (spec/api/): the same
//! models, and for each the same fields, required ones and allowed values. A change on the vendor's
//! side fails here rather than as a silent mismatch.
#![cfg(not(target_arch = "wasm32"))]

use aimlapi_video::fields::{BODY_OPTIONS, CALL_OPTIONS, WIRE_FIELDS};
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

/// The TypeScript of js/types/ as far as [`the_typescript_is_the_table`] reads it: each
/// interface's parents and properties, and the one-line type aliases. The files keep a regular
/// layout for it (one property a line, `name?: type;`).
#[derive(Default)]
struct TsTypes {
    interfaces: std::collections::HashMap<String, (Vec<String>, Vec<TsProperty>)>,
    aliases: std::collections::HashMap<String, String>,
}

#[derive(Clone, Debug)]
struct TsProperty {
    name: String,
    optional: bool,
    ty: String,
}

impl TsTypes {
    fn parse(text: &str) -> TsTypes {
        // Doc and block comments out (none sits inside a string of these files), then line comments.
        let mut rest = text;
        let mut code = String::new();
        while let Some(start) = rest.find("/*") {
            code.push_str(&rest[..start]);
            let end = rest[start..].find("*/").expect("an unclosed comment") + start + 2;
            rest = &rest[end..];
        }
        code.push_str(rest);
        let mut types = TsTypes::default();
        let mut open: Option<(String, Vec<String>, Vec<TsProperty>)> = None;
        for line in code.lines().map(str::trim) {
            if line.is_empty() || line.starts_with("//") {
                continue;
            }
            if let Some((name, parents, mut properties)) = open.take() {
                if line == "}" {
                    types.interfaces.insert(name, (parents, properties));
                } else {
                    let (name_part, ty) = line
                        .strip_suffix(';')
                        .and_then(|l| l.split_once(": "))
                        .unwrap_or_else(|| panic!("not a property line: {line}"));
                    let optional = name_part.ends_with('?');
                    let property = name_part.trim_end_matches('?').trim_matches('"');
                    properties.push(TsProperty {
                        name: property.to_owned(),
                        optional,
                        ty: ty.to_owned(),
                    });
                    open = Some((name, parents, properties));
                }
                continue;
            }
            let line = line.strip_prefix("export ").unwrap_or(line);
            if let Some(head) = line.strip_prefix("interface ") {
                let head = head
                    .strip_suffix(" {")
                    .expect("`interface X {` on one line");
                // `Name<M extends string = string> extends A, B`: the parameters are not read.
                let name_end = head.find(['<', ' ']).unwrap_or(head.len());
                let after = match head[name_end..].starts_with('<') {
                    true => &head[name_end + head[name_end..].find('>').unwrap() + 1..],
                    false => &head[name_end..],
                };
                let parents = match after.strip_prefix(" extends ") {
                    Some(parents) => parents.split(", ").map(str::to_owned).collect(),
                    None => Vec::new(),
                };
                open = Some((head[..name_end].to_owned(), parents, Vec::new()));
            } else if let Some(alias) = line.strip_prefix("type ") {
                if let Some((name, ty)) = alias.split_once(" = ") {
                    if let Some(ty) = ty.strip_suffix(';') {
                        types.aliases.insert(name.to_owned(), ty.to_owned());
                    }
                }
            }
        }
        assert!(open.is_none(), "an interface is not closed");
        types
    }

    /// The properties of an interface with those it inherits (its own first).
    fn properties(&self, interface: &str) -> Vec<TsProperty> {
        let (parents, own) = self
            .interfaces
            .get(interface)
            .unwrap_or_else(|| panic!("no interface {interface} in js/types/"));
        let mut all = own.clone();
        for parent in parents {
            for p in self.properties(parent) {
                if !all.iter().any(|q| q.name == p.name) {
                    all.push(p);
                }
            }
        }
        all
    }

    /// The literal values of a type, through the aliases, sorted; `undefined` left out, and any
    /// other word (`string`) kept as it is, to fail a comparison with a list of values.
    fn values(&self, ty: &str) -> Vec<String> {
        let mut values = Vec::new();
        for part in ty.split('|').map(str::trim).filter(|p| *p != "undefined") {
            match self.aliases.get(part) {
                Some(aliased) => values.extend(self.values(aliased)),
                None => values.push(part.trim_matches('"').to_owned()),
            }
        }
        values.sort();
        values
    }
}

/// The options' TypeScript (js/types/*.d.ts, which scripts/bundle.mjs makes dist/index.d.ts of)
/// against the family's table: the same models, and for each the same fields, required ones and
/// values, so that a model changed in models.rs and not in its types (or the other way) fails here.
#[test]
fn the_typescript_is_the_table() {
    use aimlapi_video::models::{Need as N, DEFAULT_MODEL as DEFAULT, MODELS as ALL};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("js/types");
    let mut text = String::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().ends_with(".d.ts") {
            text.push_str(&std::fs::read_to_string(&path).unwrap());
            text.push('\n');
        }
    }
    let ts = TsTypes::parse(&text);
    let map = ts.properties("VeoModelOptions");
    let mut ids: Vec<&str> = map.iter().map(|p| p.name.as_str()).collect();
    let mut table: Vec<&str> = ALL.iter().map(|m| m.id).collect();
    ids.sort();
    table.sort();
    assert_eq!(
        ids, table,
        "VeoModelOptions: the models of the table, and no other"
    );
    assert_eq!(
        ts.values(&ts.aliases["DefaultModel"]),
        [DEFAULT],
        "DefaultModel"
    );
    let entry = std::fs::read_to_string(dir.join("../index.d.ts")).unwrap();
    for export in ["generateVideo", "createGeneration"] {
        let head = format!("export function {export}<M extends string = \"{DEFAULT}\">(");
        assert!(entry.contains(&head), "js/index.d.ts: {head}");
    }

    let common: Vec<String> = ts
        .properties("CommonGenerateOptions")
        .into_iter()
        .map(|p| p.name)
        .collect();
    // The fields a model may have beyond what every model takes: the table's body options but
    // `model` and the common ones.
    let fields: Vec<&str> = BODY_OPTIONS
        .iter()
        .map(|(js, _, _)| *js)
        .filter(|js| *js != "model" && !common.iter().any(|c| c == js))
        .collect();
    assert!(
        fields.contains(&"imageUrl") && !fields.contains(&"prompt"),
        "{fields:?}"
    );
    let other = ts.properties("OtherModelOptions");
    for &field in &fields {
        assert!(
            other.iter().any(|p| p.name == field && p.optional),
            "OtherModelOptions: {field} is not an optional field"
        );
    }
    for entry in &map {
        let m = ALL.iter().find(|m| m.id == entry.name).unwrap();
        let shape = ts.properties(&entry.ty);
        let at = format!("{} ({})", m.id, entry.ty);
        let get = |field: &str| shape.iter().find(|p| p.name == field);
        let need = |field: &str| match get(field) {
            None => N::No,
            Some(p) if p.optional => N::Optional,
            Some(_) => N::Required,
        };
        for p in &shape {
            assert!(
                common.contains(&p.name) || fields.contains(&p.name.as_str()),
                "{at}: {} is no field of the table",
                p.name
            );
        }
        assert_eq!(need("imageUrl"), m.image, "{at}: imageUrl");
        assert_eq!(need("lastImageUrl"), m.last_image, "{at}: lastImageUrl");
        assert_eq!(need("imageUrls"), m.images, "{at}: imageUrls");
        assert_eq!(need("videoUrl"), m.video, "{at}: videoUrl");
        for (field, on) in [
            ("seed", m.prompt_tuning),
            ("negativePrompt", m.prompt_tuning),
            ("enhancePrompt", m.prompt_tuning),
            ("autoFix", m.auto_fix),
            ("provider", m.provider),
            ("personGeneration", !m.person_generation.is_empty()),
        ] {
            let expected = if on { N::Optional } else { N::No };
            assert_eq!(need(field), expected, "{at}: {field}");
        }
        let values = |field: &str| get(field).map(|p| ts.values(&p.ty)).unwrap_or_default();
        let sorted = |list: &[&str]| {
            let mut list: Vec<String> = list.iter().map(|v| v.to_string()).collect();
            list.sort();
            list
        };
        assert_eq!(
            values("aspectRatio"),
            sorted(m.aspect_ratios),
            "{at}: aspectRatio"
        );
        assert_eq!(values("duration"), sorted(m.durations), "{at}: duration");
        assert_eq!(
            values("resolution"),
            sorted(m.resolutions),
            "{at}: resolution"
        );
        assert_eq!(
            values("personGeneration"),
            sorted(m.person_generation),
            "{at}: personGeneration"
        );
    }
}

/// A file of the repository, as text.
fn repo_file(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The quoted strings of `text` between `start` and the next `end`.
fn quoted_between(text: &str, start: &str, end: &str) -> Vec<String> {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not found"))
        + start.len();
    let body = &text[from..from + text[from..].find(end).unwrap()];
    body.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_ai_sdk_adapter_names_the_family_and_the_options() {
    let dts = repo_file("js/ai-sdk/index.d.ts");
    let ids = quoted_between(&dts, "export type AimlapiVideoModelId =", ";");
    let family: Vec<&str> = MODELS.iter().map(|m| m.id).collect();
    assert_eq!(ids, family, "js/ai-sdk/index.d.ts's AimlapiVideoModelId");

    // providerOptions.aimlapi: the same names in the types and the code, each an option of the
    // package (of the body, of the call, or `extra`).
    let typed: Vec<String> = {
        let from = dts
            .find("export interface AimlapiVideoProviderOptions {")
            .unwrap();
        let body = &dts[from..from + dts[from..].find("\n}").unwrap()];
        body.lines()
            .filter_map(|l| l.trim().split_once("?:").map(|(k, _)| k.to_owned()))
            .collect()
    };
    let js = repo_file("js/ai-sdk/options.js");
    let from = js.find("const PROVIDER_OPTIONS = {").unwrap();
    let table = &js[from..from + js[from..].find("\n};").unwrap()];
    let coded: Vec<String> = table
        .lines()
        .skip(1)
        .filter_map(|l| l.trim().split_once(':').map(|(k, _)| k.to_owned()))
        .collect();
    assert_eq!(
        typed, coded,
        "AimlapiVideoProviderOptions and PROVIDER_OPTIONS"
    );
    for name in &coded {
        let known = BODY_OPTIONS.iter().any(|(js, _, _)| js == name)
            || CALL_OPTIONS.contains(&name.as_str())
            || name == "extra";
        assert!(
            known,
            "providerOptions.aimlapi.{name} is not an option of the package"
        );
    }
}

#[test]
fn the_demo_offers_what_each_model_takes() {
    use aimlapi_video::schedule::Window;
    let modes = repo_file("www/modes.js");
    let mut seen = vec![];
    for line in modes.lines().filter(|l| l.contains("models: {")) {
        let mode = line.trim_start().split(':').next().unwrap();
        let field = |name: &str| quoted_or_numbers(line, name);
        let ids: Vec<String> = quoted_between(line, "models: {", "}")
            .into_iter()
            .filter(|s| s.contains('/') || s.starts_with("veo"))
            .collect();
        let ids: Vec<String> = if line.contains("...LITE") {
            let lite = modes.lines().find(|l| l.starts_with("const LITE")).unwrap();
            ids.into_iter()
                .chain(
                    quoted_between(lite, "{", "}")
                        .into_iter()
                        .filter(|s| s.contains("veo")),
                )
                .collect()
        } else {
            ids
        };
        for id in &ids {
            let m = find(id).unwrap_or_else(|| panic!("www/modes.js: {id} is not of the family"));
            let lower = |v: &[&str]| {
                v.iter()
                    .map(|s| s.to_ascii_lowercase())
                    .collect::<std::collections::BTreeSet<_>>()
            };
            let set = |v: Vec<String>| v.into_iter().collect::<std::collections::BTreeSet<_>>();
            // Lite takes more than its mode shows: the mode's fields are the ones the lite models
            // take, not the other way round.
            assert!(
                set(field("aspect")).is_subset(&lower(m.aspect_ratios)),
                "{mode}: {id}'s aspect ratios"
            );
            assert!(
                set(field("durations")).is_subset(&lower(m.durations)),
                "{mode}: {id}'s durations"
            );
            assert!(
                set(field("resolutions")).is_subset(&lower(m.resolutions)),
                "{mode}: {id}'s resolutions"
            );
            let uses = |flag: &str| line.contains(&format!("{flag}: true"));
            for (flag, need) in [
                ("image", m.image),
                ("last", m.last_image),
                ("references", m.images),
                ("video", m.video),
            ] {
                assert!(
                    need != Need::Required || uses(flag),
                    "{mode}: {id} needs {flag}"
                );
                assert!(
                    need != Need::No || !uses(flag),
                    "{mode}: {id} takes no {flag}"
                );
            }
            seen.push(id.clone());
        }
        // The mode's lists are its full model's, exactly.
        let full = find(&ids[0]).unwrap();
        let lower = |v: &[&str]| {
            v.iter()
                .map(|s| s.to_ascii_lowercase())
                .collect::<std::collections::BTreeSet<_>>()
        };
        for (name, values) in [
            ("aspect", full.aspect_ratios),
            ("durations", full.durations),
            ("resolutions", full.resolutions),
        ] {
            let shown: std::collections::BTreeSet<String> = field(name).into_iter().collect();
            assert_eq!(
                shown,
                lower(values),
                "www/modes.js {mode}: {name} of {}",
                full.id
            );
        }
    }
    for m in &MODELS {
        assert!(
            seen.iter().any(|s| s == m.id),
            "www/modes.js offers no mode for {}",
            m.id
        );
    }
    // The page's typical times are the schedule's windows.
    let app = repo_file("www/app.js");
    let typical = &app[app.find("const TYPICAL_S = {").unwrap()..];
    let typical = &typical[..typical.find('}').unwrap()];
    for (speed, model) in [
        ("full", "google/veo-3.1-i2v"),
        ("fast", "google/veo-3.1-i2v-fast"),
        ("lite", "google/veo-3-1-lite-generate-preview"),
        ("lite001", "veo-3.1-lite-generate-001"),
    ] {
        let w = Window::for_model(model);
        let want = format!(" {speed}: [{}, {}]", w.lo / 1000.0, w.hi / 1000.0);
        assert!(
            typical.contains(&want),
            "www/app.js's TYPICAL_S lacks{want}: {typical}"
        );
    }
}

/// The values of `name: [...]` on a line of www/modes.js, strings or numbers, as text.
fn quoted_or_numbers(line: &str, name: &str) -> Vec<String> {
    let start = format!("{name}: [");
    let from = line
        .find(&start)
        .unwrap_or_else(|| panic!("{name} missing in {line}"))
        + start.len();
    let body = &line[from..from + line[from..].find(']').unwrap()];
    body.split(',')
        .map(|s| s.trim().trim_matches('"').to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn the_entry_inlines_exactly_the_image_options_of_the_table() {
    let images = repo_file("js/images.js");
    let single = quoted_between(&images, "const FIELDS = [", "];");
    let want: Vec<&str> = BODY_OPTIONS
        .iter()
        .filter(|o| o.2 == "image")
        .map(|o| o.0)
        .collect();
    assert_eq!(single, want, "js/images.js's FIELDS");
    for (js, _, check) in BODY_OPTIONS {
        if *check == "images" {
            assert!(
                images.contains(&format!("copy.{js}")),
                "js/images.js does not read {js}"
            );
        }
    }
}

#[test]
fn the_readme_lists_the_family_as_the_table_says() {
    use aimlapi_video::models::Tier;
    let readme = repo_file("README.md");
    let table = &readme[readme
        .find("| model | makes | needs | seconds | tier |")
        .unwrap()..];
    let table = &table[..table.find("\n\n").unwrap()];
    let backticked = |cell: &str| -> Vec<String> {
        cell.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    };
    let mut listed = vec![];
    for row in table.lines().skip(2) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let (ids, needs, seconds, tiers) = (
            backticked(cells[1]),
            backticked(cells[3]),
            cells[4],
            cells[5],
        );
        let tiers: Vec<&str> = tiers.split(", ").collect();
        for (i, id) in ids.iter().enumerate() {
            let m = find(id).unwrap_or_else(|| panic!("README lists {id}, not of the family"));
            let required: Vec<&str> = [
                (m.image, "imageUrl"),
                (m.last_image, "lastImageUrl"),
                (m.images, "imageUrls"),
                (m.video, "videoUrl"),
            ]
            .into_iter()
            .filter(|(n, _)| *n == Need::Required)
            .map(|(_, f)| f)
            .collect();
            assert_eq!(needs, required, "README: what {id} needs");
            assert_eq!(seconds, m.durations.join(", "), "README: {id}'s seconds");
            let tier = match m.tier {
                Tier::Full => "full",
                Tier::Fast => "fast",
                Tier::Lite => "lite",
            };
            assert_eq!(tiers.get(i).copied(), Some(tier), "README: {id}'s tier");
            listed.push(id.clone());
        }
    }
    let family: Vec<&str> = MODELS.iter().map(|m| m.id).collect();
    let mut sorted = listed.clone();
    sorted.sort();
    let mut want: Vec<String> = family.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(sorted, want, "README's model table");
}

/// js/family.js as the table makes it: the family for the JavaScript that runs outside the module
/// (the AI SDK adapter, which warns of what a model does not take; the proxy's allowed models; the
/// command line's help and default model).
fn family_js() -> String {
    let need = |n: Need| match n {
        Need::No => "no",
        Need::Optional => "optional",
        Need::Required => "required",
    };
    let mut out = String::from(
        "// The Veo 3.1 family as src/models.rs has it, for the JavaScript outside the module (the AI SDK\n\
         // adapter, the proxy, the command line). Written by `UPDATE=1 cargo test --test models`, which\n\
         // fails when it drifts: do not edit.\n\
         export const FAMILY = {\n",
    );
    for m in &MODELS {
        let row = serde_json::json!({
            "tier": format!("{:?}", m.tier).to_lowercase(),
            "image": need(m.image),
            "lastImage": need(m.last_image),
            "images": need(m.images),
            "video": need(m.video),
            "aspectRatios": m.aspect_ratios,
            "durations": m.durations.iter().map(|d| d.parse::<u32>().unwrap()).collect::<Vec<_>>(),
            "resolutions": m.resolutions,
            "provider": m.provider,
            "promptTuning": m.prompt_tuning,
            "autoFix": m.auto_fix,
            "personGeneration": m.person_generation,
        });
        out.push_str(&format!("  {:?}: {row},\n", m.id));
    }
    out.push_str("};\n");
    out
}

#[test]
fn the_javascript_family_is_the_table() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("js/family.js");
    let want = family_js();
    if std::env::var_os("UPDATE").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "js/family.js differs from src/models.rs: run `UPDATE=1 cargo test --test models`"
    );
}
