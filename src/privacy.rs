//! Privacy: stable keyed pseudonyms for candidate and interviewer ids.
//!
//! `pseudonymize` replaces every candidate and interviewer id in a [`Dataset`] with
//! `C-<16 hex>` / `I-<16 hex>`, the first 64 bits of SHA-256(key ‖ kind ‖ id). The same key gives the
//! same pseudonyms across runs (so reports stay comparable), and without the key the ids cannot be
//! recovered by hashing guesses. Everything downstream — tables, JSON, CSV, charts, HTML, PDF — reads
//! ids from the dataset, so one call covers every output.

use crate::digest::{hex, Sha256};

use crate::dataset::{Dataset, Interner};

/// A fresh random key (32 bytes, hex) from the operating system's entropy.
pub fn generate_key() -> String {
    let bytes: [u8; 32] = rand::random();
    hex(&bytes)
}

/// The pseudonym of `id` of the given kind (`C` or `I`) under `key`.
pub fn pseudonym(key: &str, kind: char, id: &str) -> String {
    let mut h = Sha256::new();
    h.update(key.as_bytes());
    h.update(&[0u8, kind as u8, 0u8]);
    h.update(id.as_bytes());
    let d = h.finish();
    format!("{kind}-{}", hex(&d[..8]))
}

fn rename(interner: &Interner, key: &str, kind: char) -> Interner {
    let mut out = Interner::default();
    for name in interner.names() {
        out.intern(&pseudonym(key, kind, name));
    }
    out
}

/// Replaces candidate and interviewer ids with keyed pseudonyms (codes are unchanged).
pub fn pseudonymize(ds: &mut Dataset, key: &str) {
    ds.candidates = rename(&ds.candidates, key, 'C');
    ds.interviewers = rename(&ds.interviewers, key, 'I');
    withhold_examples(ds, "under --pseudonymize");
}

/// The private lookup of `--pseudonym-lookup`: (pseudonym, interviewer id), one pair per
/// interviewer of `ds` (read before pseudonymization), sorted by pseudonym. Candidates are left out:
/// a calibration session needs only the interviewers'.
pub fn lookup<'a>(ds: &'a Dataset, key: &str) -> Vec<(String, &'a str)> {
    let mut rows: Vec<(String, &'a str)> =
        ds.interviewers.names().map(|n| (pseudonym(key, 'I', n), n)).collect();
    rows.sort();
    rows
}

/// Where a generated key is written when `--key-file` is not given: beside `out`, named after it
/// (`reports` → `reports.pseudonymize.key`), so the folder people zip and share does not hold it.
pub fn default_key_path(out: &std::path::Path) -> std::path::PathBuf {
    let abs = std::fs::canonicalize(out).unwrap_or_else(|_| out.to_path_buf());
    let name = abs.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "report".into());
    let dir = abs.parent().map(std::path::Path::to_path_buf).unwrap_or_default();
    dir.join(format!("{name}.pseudonymize.key"))
}

/// Reads a pseudonymization key kept in `path` (as `report` writes it: the key on one line): an
/// existing key file is reused so the pseudonyms stay the same across runs. A file that cannot be
/// read, or that holds anything but one key (empty, several lines, spaces or control characters
/// inside, not UTF-8 text), is refused rather than replaced: overwriting it would change every
/// pseudonym and lose the old key.
pub fn read_key_file(path: &std::path::Path) -> Result<String, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("{}: cannot read the key file: {e}", path.display()))?;
    let malformed = |why: &str| {
        format!(
            "{}: is not a pseudonymization key file ({why}); it should hold the key on one line, as hirecal \
             writes it. Pass the right file with --key-file, or a FILE that does not exist yet to get a new key",
            path.display()
        )
    };
    let text = String::from_utf8(bytes).map_err(|_| malformed("not UTF-8 text"))?;
    let key = text.trim();
    if key.is_empty() {
        return Err(malformed("it is empty"));
    }
    if key.lines().count() > 1 {
        return Err(malformed("it has more than one line"));
    }
    if key.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(malformed("the key holds spaces or control characters"));
    }
    Ok(key.to_string())
}

/// Replaces each drop example (a message quoting values of the row, candidate ids among them) with its
/// file and line; counts, reasons and lines stay. `why` ends the placeholder: "(example withheld {why})".
pub fn withhold_examples(ds: &mut Dataset, why: &str) {
    for d in &mut ds.dropped {
        d.example = format!("{}: (example withheld {why})", d.position());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_are_stable_keyed_and_distinct() {
        let a = pseudonym("k1", 'I', "alice");
        assert_eq!(a, pseudonym("k1", 'I', "alice"));
        assert_ne!(a, pseudonym("k2", 'I', "alice"));
        assert_ne!(a, pseudonym("k1", 'C', "alice"));
        assert_ne!(a, pseudonym("k1", 'I', "bob"));
        assert!(a.starts_with("I-") && a.len() == 18 && !a.contains("alice"));
        assert_eq!(generate_key().len(), 64);
        assert_ne!(generate_key(), generate_key());
    }

    #[test]
    fn dataset_ids_are_replaced_and_codes_kept() {
        let mut ds = Dataset::default();
        ds.candidates.intern("cand-1");
        ds.candidates.intern("cand-2");
        ds.interviewers.intern("jane.doe@example.com");
        pseudonymize(&mut ds, "key");
        assert_eq!(ds.candidates.len(), 2);
        assert_eq!(ds.candidates.name(0), pseudonym("key", 'C', "cand-1"));
        assert!(ds.interviewers.names().all(|n| n.starts_with("I-")));
        assert!(ds.candidates.get("cand-1").is_none());
    }

    #[test]
    fn a_key_file_is_read_back_and_anything_else_is_refused() {
        let dir = std::env::temp_dir().join(format!("hirecal-keyfile-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = |name: &str, bytes: &[u8]| {
            let p = dir.join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        };
        let key = generate_key();
        assert_eq!(read_key_file(&file("ok.key", format!("{key}\r\n").as_bytes())), Ok(key));
        for (name, bytes, why) in [
            ("empty.key", &b" \n"[..], "empty"),
            ("two.key", &b"abc\ndef\n"[..], "more than one line"),
            ("space.key", &b"my key\n"[..], "spaces"),
            ("bin.key", &[0xff, 0xfe, 0x00][..], "UTF-8"),
        ] {
            let err = read_key_file(&file(name, bytes)).unwrap_err();
            assert!(err.contains(why) && err.contains(name), "{name}: {err}");
        }
        let err = read_key_file(&dir.join("missing.key")).unwrap_err();
        assert!(err.contains("cannot read"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn lookup_maps_each_pseudonym_to_its_interviewer_and_the_key_goes_beside_out() {
        let mut ds = Dataset::default();
        ds.interviewers.intern("bob");
        ds.interviewers.intern("=alice");
        let mut want = vec![(pseudonym("k", 'I', "bob"), "bob"), (pseudonym("k", 'I', "=alice"), "=alice")];
        want.sort();
        assert_eq!(lookup(&ds, "k"), want);
        let dir = std::env::temp_dir().join(format!("hirecal-key-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("reports")).unwrap();
        let p = default_key_path(&dir.join("reports"));
        assert_eq!(p.file_name().unwrap(), "reports.pseudonymize.key");
        assert_eq!(std::fs::canonicalize(p.parent().unwrap()).unwrap(), std::fs::canonicalize(&dir).unwrap());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
