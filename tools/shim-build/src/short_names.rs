//! Short names for what the wasm and its glue call each other by.
//!
//! wasm-bindgen names each import `__wbg_<name>_<16 hex digits>` and each closure invoker by its
//! mangled symbol, and writes every such name twice: in the wasm and in the glue. Random hex does
//! not compress: those names were 2.6 KB of the 29 KB (gzip) the browser downloads for the shim.
//! They are renamed `$0`, `$1`, ... in the wasm and in the generated text alike. Nothing a page
//! uses changes: the `Shim` class, `init()` and the `memory` and `shim_*` exports keep their
//! names; only the imports of the glue's own module and the exports named with a leading `_`
//! (wasm-bindgen's internals) are renamed.

use std::collections::{HashMap, HashSet};

use anyhow::bail;
use walrus::Module;

pub struct Renamed {
    /// Old name → new name, for every import and export renamed.
    names: HashMap<String, String>,
    /// The old names of the renamed imports.
    imports: Vec<String>,
}

/// Renames the imports from `glue_module` and the internal exports of `module`.
pub fn shorten(module: &mut Module, glue_module: &str) -> Renamed {
    let mut names = HashMap::new();
    let mut rename = |name: &mut String| {
        let short = format!("${:x}", names.len());
        let old = std::mem::replace(name, short.clone());
        names.insert(old.clone(), short);
        old
    };
    let mut imports = Vec::new();
    for import in module.imports.iter_mut() {
        if import.module == glue_module {
            imports.push(rename(&mut import.name));
        }
    }
    for export in module.exports.iter_mut() {
        if export.name.starts_with('_') {
            rename(&mut export.name);
        }
    }
    Renamed { names, imports }
}

impl Renamed {
    /// `text` (JavaScript or TypeScript) with every renamed name, as a whole identifier, replaced.
    pub fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find(is_identifier_char) {
            out.push_str(&rest[..start]);
            rest = &rest[start..];
            let end = rest.find(|c| !is_identifier_char(c)).unwrap_or(rest.len());
            let word = &rest[..end];
            out.push_str(self.names.get(word).map_or(word, String::as_str));
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    /// Fails unless `glue` mentions every renamed import: one it does not define under its old
    /// name would be left undefined under the new one.
    pub fn check_imports_defined_in(&self, glue: &str) -> anyhow::Result<()> {
        let words: HashSet<&str> = glue.split(|c| !is_identifier_char(c)).collect();
        match self
            .imports
            .iter()
            .find(|old| !words.contains(old.as_str()))
        {
            Some(old) => bail!("the glue does not define the import {old}"),
            None => Ok(()),
        }
    }
}

fn is_identifier_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_identifiers_are_replaced() {
        let renamed = Renamed {
            names: HashMap::from([
                ("__wbg_get_0123".to_owned(), "$0".to_owned()),
                ("__wbg___wbindgen_is_null_ab".to_owned(), "$1".to_owned()),
            ]),
            imports: Vec::new(),
        };
        assert_eq!(
            renamed.apply("{__wbg_get_0123:f, x.__wbg_get_01234, __wbg___wbindgen_is_null_ab(1)}"),
            "{$0:f, x.__wbg_get_01234, $1(1)}"
        );
    }
}
