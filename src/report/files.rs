//! Writing output files safely: atomically (temp file in the same directory, then rename) and never
//! over an input file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Marks hirecal's temporary files: `.NAME.hirecal-tmp-PID[SUFFIX]` beside the file they become.
const TEMP_MARK: &str = ".hirecal-tmp-";

/// The temporary file that becomes `path` on rename: hidden, in the same directory (so the rename is
/// atomic), tagged with this process's id. `suffix` keeps an extension that a writer needs (".png").
pub fn temp_path(path: &Path, suffix: &str) -> PathBuf {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    dir.join(format!(".{name}{TEMP_MARK}{}{suffix}", std::process::id()))
}

/// Removes temporary files that a killed hirecal run left in `dir` (a SIGKILL skips every cleanup).
/// Files of a process that is still running (per `/proc`) and this process's own are kept.
pub fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix('.')
            .and_then(|n| n.split_once(TEMP_MARK))
            .map(|(_, rest)| rest.chars().take_while(char::is_ascii_digit).collect::<String>())
        else {
            continue;
        };
        let alive = pid == std::process::id().to_string() || Path::new("/proc").join(&pid).exists();
        if !pid.is_empty() && !alive && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so an
/// interrupted run never leaves a half-written file under the final name.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = temp_path(path, "");
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

/// Creates the output directory, removes temporary files of killed earlier runs there (and in its
/// `charts/`), and refuses a directory whose files would overwrite an input.
pub fn prepare_out_dir(out: &Path, inputs: &[PathBuf], names: &[&str]) -> Result<()> {
    std::fs::create_dir_all(out).map_err(|source| Error::Write { path: out.to_path_buf(), source })?;
    remove_stale_temps(out);
    remove_stale_temps(&out.join("charts"));
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
