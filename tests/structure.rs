//! The crate's shape: its modules import one another without circles, and the core never reaches
//! into the wasm boundary. Read from the source, natively.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each module of `dir` (its files, as `prefix` + name) and the modules it names.
fn imports(dir: &str, prefix: &str, graph: &mut BTreeMap<String, BTreeSet<String>>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        if name == "lib" || name == "mod" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut uses = BTreeSet::new();
        for line in text
            .lines()
            .map(str::trim_start)
            .filter(|l| !l.starts_with("//"))
        {
            for (kind, rest) in [("crate::", ""), ("super::", prefix)] {
                for part in line.split(kind).skip(1) {
                    let module: String = part
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    let module = format!("{rest}{module}");
                    if !module.is_empty() && module != format!("{prefix}{name}") {
                        uses.insert(module);
                    }
                }
            }
        }
        graph.insert(format!("{prefix}{name}"), uses);
    }
}

#[test]
fn modules_import_each_other_without_circles() {
    let mut graph = BTreeMap::new();
    imports("src", "", &mut graph);
    imports("src/wasm", "wasm::", &mut graph);
    for (module, uses) in &graph {
        if !module.starts_with("wasm::") {
            assert!(
                !uses.iter().any(|u| u.starts_with("wasm")),
                "the core's {module} uses the boundary: {uses:?}"
            );
        }
    }
    // Depth-first, with the path so far: a module met again on its own path closes a circle.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if done.contains(m) {
            return;
        }
        assert!(
            !path.iter().any(|p| p == m),
            "an import circle: {} -> {m}",
            path.join(" -> ")
        );
        path.push(m.to_owned());
        for u in graph.get(m).into_iter().flatten() {
            visit(u, graph, path, done);
        }
        path.pop();
        done.insert(m.to_owned());
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        visit(m, &graph, &mut vec![], &mut done);
    }
    assert!(graph.len() > 20, "too few modules read: {graph:?}");
}
