//! `shim-build <shim.wasm> <out-dir> [--keep-names]`: the shim's JavaScript glue, TypeScript
//! declarations and `_bg.wasm` for the browser, written by wasm-bindgen used as a library (no CLI
//! to install), with short names for what the wasm and the glue call each other by
//! ([`short_names`]). `--keep-names` keeps the function names, for finding where the bytes go
//! (twiggy).

mod short_names;

use std::path::PathBuf;
use std::{env, fs};

use anyhow::{Context, bail};
use wasm_bindgen_cli_support::Bindgen;

/// The stem of the generated files: `silent_renew_shim.js`, `silent_renew_shim_bg.wasm`, ...
const OUT_NAME: &str = "silent_renew_shim";

fn main() -> anyhow::Result<()> {
    let mut args: Vec<PathBuf> = env::args_os().skip(1).map(PathBuf::from).collect();
    let keep_names = args.iter().any(|arg| arg.as_os_str() == "--keep-names");
    args.retain(|arg| arg.as_os_str() != "--keep-names");
    let [input, out_dir] = args.as_slice() else {
        bail!("usage: shim-build <shim.wasm> <out-dir> [--keep-names]");
    };
    let mut output = Bindgen::new()
        .input_path(input)
        .out_name(OUT_NAME)
        // An ES module with an `init()` the loader awaits.
        .web(true)?
        // Keep `init()`'s default: the `.wasm` next to the glue, found through `import.meta.url`.
        .omit_default_module_path(false)
        .typescript(true)
        .debug(false)
        .demangle(false)
        .remove_name_section(!keep_names)
        .remove_producers_section(true)
        .generate_output()
        .with_context(|| format!("wasm-bindgen over {}", input.display()))?;
    let renamed = short_names::shorten(output.wasm_mut(), &format!("./{OUT_NAME}_bg.js"));
    renamed.check_imports_defined_in(output.js())?;
    output.emit(out_dir)?;
    for file in [format!("{OUT_NAME}.js"), format!("{OUT_NAME}.d.ts")] {
        let path = out_dir.join(file);
        let text = fs::read_to_string(&path).with_context(|| format!("{}", path.display()))?;
        fs::write(&path, renamed.apply(&text)).with_context(|| format!("{}", path.display()))?;
    }
    Ok(())
}
