//! Writing output files safely: atomically (temp file in the same directory, then rename) and never
//! over an input file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so an
/// interrupted run never leaves a half-written file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let res = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(source) = res {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::Write { path: path.to_path_buf(), source });
    }
    Ok(())
}

/// Creates the output directory and refuses one whose files would overwrite an input.
pub fn prepare_out_dir(out: &Path, inputs: &[PathBuf], names: &[&str]) -> Result<()> {
    std::fs::create_dir_all(out).map_err(|source| Error::Write { path: out.to_path_buf(), source })?;
    let canon = |p: &Path| std::fs::canonicalize(p).ok();
    for name in names {
        let target = out.join(name);
        let Some(t) = canon(&target) else { continue };
        if inputs.iter().filter_map(|i| canon(i)).any(|i| i == t) {
            return Err(Error::Data(format!(
                "--out {}: writing {name} there would overwrite the input file {}; choose another --out directory",
                out.display(),
                target.display()
            )));
        }
    }
    Ok(())
}
