//! The repository documents itself: no file refers to a path outside it (a clone has nothing beside
//! it), and every relative Markdown link in the docs resolves to a file in the repository.

use std::path::{Path, PathBuf};

/// Text files of the repository, skipping build output, VCS data and fuzz artefacts.
fn text_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if p.is_dir() {
            if !matches!(name.as_str(), "target" | ".git" | "reports" | "corpus" | "artifacts" | "simulated")
                && !name.starts_with('.')
                || name == ".ci"
            {
                text_files(&p, out);
            }
        } else if ["rs", "md", "toml", "py", "R", "sh", "txt"]
            .iter()
            .any(|x| p.extension().is_some_and(|e| e == *x))
            || name == "run"
        {
            out.push(p);
        }
    }
}

#[test]
fn no_file_refers_to_a_path_outside_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    text_files(root, &mut files);
    assert!(files.len() > 50, "found only {} files", files.len());
    // Built from parts so this file does not match itself.
    let outside =
        [format!("../{}/", "shared"), format!("{}/docs/", "shared"), format!("{}.md", "STATISTICS")];
    let mut bad = Vec::new();
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else { continue };
        for (i, line) in text.lines().enumerate() {
            if outside.iter().any(|o| line.contains(o.as_str())) {
                bad.push(format!(
                    "{}:{}: {}",
                    f.strip_prefix(root).unwrap_or(f).display(),
                    i + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(bad.is_empty(), "references outside the repository:\n{}", bad.join("\n"));
}

#[test]
fn relative_links_in_markdown_resolve() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    text_files(root, &mut files);
    let mut bad = Vec::new();
    for f in files.iter().filter(|f| f.extension().is_some_and(|e| e == "md")) {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("](") {
            rest = &rest[i + 2..];
            let Some(end) = rest.find(')') else { break };
            let target = rest[..end].split('#').next().unwrap_or("");
            if target.is_empty()
                || target.contains("://")
                || target.starts_with("mailto:")
                || target.contains(' ')
            {
                continue;
            }
            let resolved = f.parent().unwrap_or(root).join(target);
            if !resolved.exists() {
                bad.push(format!("{}: {target}", f.strip_prefix(root).unwrap_or(f).display()));
            }
        }
    }
    assert!(bad.is_empty(), "broken relative links:\n{}", bad.join("\n"));
}
