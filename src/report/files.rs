//! Writing output files safely: atomically (temp file in the same directory, then rename) and never
//! over an input file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Marks hirecal's temporary files: `.NAME.hirecal-tmp-PID[SUFFIX]` beside the file they become.
const TEMP_MARK: &str = ".hirecal-tmp-";

/// Ends the name of the lock that keeps a temporary file alive: `.NAME.hirecal-tmp-PID.lock`.
const LOCK_SUFFIX: &str = ".lock";

/// A temporary file that becomes its target on [`TempFile::persist`]: hidden, in the target's
/// directory (so the rename is atomic), named after this process. Beside it sits a lock file that this
/// process holds an exclusive lock on (`File::lock`) until the temporary file is renamed or removed;
/// the operating system releases the lock when the process dies, however it dies, so a later run can
/// tell a killed run's leftovers from a running one's files without asking the OS about processes
/// ([`remove_stale_temps`]). Dropped without `persist`, both files are removed.
#[derive(Debug)]
pub struct TempFile {
    tmp: PathBuf,
    lock: Option<(std::fs::File, PathBuf)>,
}

impl TempFile {
    /// Creates the lock for the temporary file of `path`; `suffix` keeps an extension that a writer
    /// needs (".png"). The temporary file itself is created by whoever writes [`TempFile::path`].
    pub fn new(path: &Path, suffix: &str) -> std::io::Result<TempFile> {
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
        let stem = format!(".{name}{TEMP_MARK}{}", std::process::id());
        let lock_path = dir.join(format!("{stem}{LOCK_SUFFIX}"));
        let lock = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&lock_path)?;
        lock.lock()?;
        Ok(TempFile { tmp: dir.join(format!("{stem}{suffix}")), lock: Some((lock, lock_path)) })
    }

    /// Where to write.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Renames the temporary file to `target`, then releases and removes the lock.
    pub fn persist(mut self, target: &Path) -> std::io::Result<()> {
        let res = std::fs::rename(&self.tmp, target);
        self.release();
        res
    }

    fn release(&mut self) {
        if let Some((file, path)) = self.lock.take() {
            let _ = file.unlock();
            drop(file);
            let _ = std::fs::remove_file(path);
        }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if self.lock.is_some() {
            let _ = std::fs::remove_file(&self.tmp);
            self.release();
        }
    }
}

/// Removes temporary files that a killed hirecal run left in `dir` (a SIGKILL skips every cleanup):
/// those whose lock file is missing or can be locked, i.e. no living process holds it. This process's
/// own files are kept.
pub fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let own = std::process::id().to_string();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some((stem, pid_and_rest)) = name.strip_prefix('.').and_then(|n| n.split_once(TEMP_MARK)) else {
            continue;
        };
        let pid: String = pid_and_rest.chars().take_while(char::is_ascii_digit).collect();
        if pid.is_empty() || pid == own || !e.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let lock_path = dir.join(format!(".{stem}{TEMP_MARK}{pid}{LOCK_SUFFIX}"));
        let alive = match std::fs::OpenOptions::new().write(true).open(&lock_path) {
            Ok(f) => match f.try_lock() {
                Ok(()) => {
                    let _ = f.unlock();
                    false
                }
                Err(std::fs::TryLockError::WouldBlock) => true,
                // A file system without locks: keep the file rather than guess.
                Err(std::fs::TryLockError::Error(_)) => true,
            },
            Err(_) => false,
        };
        if !alive {
            let _ = std::fs::remove_file(e.path());
            if e.path() != lock_path {
                let _ = std::fs::remove_file(&lock_path);
            }
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so an
/// interrupted run never leaves a half-written file under the final name.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let res = (|| {
        let tmp = TempFile::new(path, "")?;
        let mut f = std::fs::File::create(tmp.path())?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        tmp.persist(path)
    })();
    res.map_err(|source| Error::Write { path: path.to_path_buf(), source })
}

/// Creates the output directory, removes temporary files of killed earlier runs there (and in its
/// `charts/`), and refuses the folder of an input file: `names`, the files the run writes, could
/// overwrite an input or another file of the user's there.
pub fn prepare_out_dir(out: &Path, inputs: &[PathBuf], names: &[&str]) -> Result<()> {
    std::fs::create_dir_all(out).map_err(|source| Error::Write { path: out.to_path_buf(), source })?;
    remove_stale_temps(out);
    remove_stale_temps(&out.join("charts"));
    let canon = |p: &Path| std::fs::canonicalize(p).ok();
    // The folder of an input holds the user's files: outputs such as questions.csv would replace
    // files of the same name there that this run did not read (the questions file of another run).
    if let Some(o) = canon(out) {
        let input_here = inputs
            .iter()
            .find(|i| canon(i).and_then(|c| c.parent().map(Path::to_path_buf)) == Some(o.clone()));
        if let Some(i) = input_here {
            return Err(Error::Data(format!(
                "--out {}: this folder holds the input {}, and the report writes {} there, which could replace \
                 files of yours; choose a folder of its own, e.g. --out {}",
                out.display(),
                i.display(),
                names.join(", "),
                out.join("report").display()
            )));
        }
    }
    Ok(())
}

/// Removes from `dir` the files named in `own` (every output hirecal can write there, relative to
/// `dir`) that this run did not write (`written`): an earlier run's outputs, which would otherwise
/// sit beside this run's as if they were part of it (charts with real names beside a pseudonymized
/// report, an impact-ratio chart of a run with groups). Nothing else in `dir` is touched, nor
/// anything that is not a file or a link. Returns the removed names, in the order of `own`.
pub fn remove_earlier_outputs(dir: &Path, own: &[String], written: &[String]) -> Result<Vec<String>> {
    let mut removed = Vec::new();
    for name in own.iter().filter(|n| !written.contains(n)) {
        let path = dir.join(name);
        let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
        if !(meta.is_file() || meta.is_symlink()) {
            continue;
        }
        std::fs::remove_file(&path).map_err(|source| Error::Write { path: path.clone(), source })?;
        removed.push(name.clone());
    }
    Ok(removed)
}

/// A [`crate::report::export::Sink`] that writes each output atomically under a directory (creating
/// subdirectories such as `charts/`) and remembers what it wrote.
pub struct DirSink {
    dir: PathBuf,
    written: std::sync::Mutex<Vec<String>>,
}

impl DirSink {
    /// Writes under `dir` (which must exist).
    pub fn new(dir: &Path) -> DirSink {
        DirSink { dir: dir.to_path_buf(), written: Default::default() }
    }

    /// The names written so far, in order.
    pub fn written(&self) -> Vec<String> {
        self.written.lock().map(|w| w.clone()).unwrap_or_default()
    }
}

impl crate::report::export::Sink for DirSink {
    fn put(&self, name: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let path = self.dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|source| Error::Write { path: parent.to_path_buf(), source })?;
        }
        write_atomic(&path, bytes)?;
        if let Ok(mut w) = self.written.lock() {
            w.push(name.to_string());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("hirecal-files-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("dir");
        d
    }

    #[test]
    fn a_killed_runs_temps_go_and_a_living_runs_stay() {
        let d = scratch("stale");
        // A killed run: its lock file is there but nobody holds it.
        std::fs::write(d.join(".a.csv.hirecal-tmp-999999991"), "x").expect("write");
        std::fs::write(d.join(".a.csv.hirecal-tmp-999999991.lock"), "").expect("write");
        // A run killed before it made its lock (or an older hirecal): no lock file.
        std::fs::write(d.join(".b.png.hirecal-tmp-999999992.png"), "x").expect("write");
        // A running one: its lock is held (here by this test, under another pid's name).
        std::fs::write(d.join(".c.pdf.hirecal-tmp-999999993"), "x").expect("write");
        let held = std::fs::File::create(d.join(".c.pdf.hirecal-tmp-999999993.lock")).expect("lock file");
        held.lock().expect("lock");
        // Not ours at all.
        std::fs::write(d.join("notes.txt"), "x").expect("write");
        remove_stale_temps(&d);
        let mut left: Vec<String> = std::fs::read_dir(&d)
            .expect("read")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [".c.pdf.hirecal-tmp-999999993", ".c.pdf.hirecal-tmp-999999993.lock", "notes.txt"]);
        drop(held);
        remove_stale_temps(&d);
        let left: Vec<_> = std::fs::read_dir(&d).expect("read").flatten().collect();
        assert_eq!(left.len(), 1, "the released run's files go too");
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn only_own_outputs_that_this_run_did_not_write_are_removed() {
        let d = scratch("earlier");
        std::fs::create_dir_all(d.join("charts/d_study.svg")).expect("dir");
        for f in
            ["summary.json", "interviewer_cards.pdf", "charts/d_study.png", "charts/mine.png", "notes.txt"]
        {
            std::fs::write(d.join(f), "x").expect("write");
        }
        let own: Vec<String> =
            ["summary.json", "interviewer_cards.pdf", "charts/d_study.png", "charts/d_study.svg"]
                .map(String::from)
                .to_vec();
        let removed = remove_earlier_outputs(&d, &own, &["summary.json".to_string()]).expect("remove");
        assert_eq!(removed, ["interviewer_cards.pdf", "charts/d_study.png"]);
        for kept in ["summary.json", "charts/mine.png", "notes.txt", "charts/d_study.svg"] {
            assert!(d.join(kept).exists(), "{kept} is kept");
        }
        assert!(!d.join("interviewer_cards.pdf").exists() && !d.join("charts/d_study.png").exists());
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn a_temp_file_is_renamed_or_removed_and_its_lock_goes_with_it() {
        let d = scratch("persist");
        let target = d.join("out.json");
        let t = TempFile::new(&target, "").expect("temp");
        std::fs::write(t.path(), "{}").expect("write");
        t.persist(&target).expect("persist");
        let t = TempFile::new(&d.join("other.json"), "").expect("temp");
        std::fs::write(t.path(), "{}").expect("write");
        drop(t);
        let names: Vec<String> = std::fs::read_dir(&d)
            .expect("read")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["out.json"]);
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "{}");
        let _ = std::fs::remove_dir_all(&d);
    }
}
