//! Typed errors of the crate. Each message names the file (and where it applies the line and column),
//! what was expected, and what to do. `main` maps them to exit codes in one place.

use std::path::{Path, PathBuf};

/// Result alias with the crate's error.
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that stops a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be opened or read.
    #[error("{}: cannot read: {cause}. Check the path and permissions.", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error (in the message already, so not a `source` the error chain would print again).
        cause: std::io::Error,
    },
    /// An input path is a directory.
    #[error("{}: is a directory, expected a file. Pass the file inside it, e.g. {}. (A directory of ATS exports or warehouse tables is read with --source: see `hirecal report --help`.)", path.display(), path.join(example_file(path)).display())]
    IsDirectory {
        /// The path.
        path: PathBuf,
    },
    /// An input file has no bytes.
    #[error("{}: the file is empty. Export the data again; a {what} file needs a header line and at least one row.", path.display())]
    EmptyFile {
        /// The file.
        path: PathBuf,
        /// Which input it is (scorecards, outcomes, questions).
        what: &'static str,
    },
    /// A header and no data rows.
    #[error("{}: has a header but no data rows. Export the data again with its rows.", path.display())]
    NoRows {
        /// The file.
        path: PathBuf,
    },
    /// Not text.
    #[error("{}:{line}: binary content (byte 0x{byte:02x}), expected CSV text. Is this the right file? Parquet files need the .parquet extension.", path.display())]
    Binary {
        /// The file.
        path: PathBuf,
        /// The line of the first binary byte.
        line: u64,
        /// The offending byte.
        byte: u8,
    },
    /// A required column is absent.
    #[error("{}:1: missing required column '{column}'. Columns found: {found}. Rename the column, or map it in the config file with `{config_key} = \"<your column name>\"`.", path.display())]
    MissingColumn {
        /// The file.
        path: PathBuf,
        /// The column that was looked for.
        column: String,
        /// The config key that maps it, e.g. `[scorecards] candidate_id`.
        config_key: String,
        /// The header as found.
        found: String,
    },
    /// Structurally broken CSV the reader could not get past.
    #[error("{}:{line}: {message}", path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// What went wrong and what to do.
        message: String,
    },
    /// Parquet could not be read.
    #[error("{}: cannot read as Parquet: {message}. Check that the file is a complete Parquet file.", path.display())]
    Parquet {
        /// The file.
        path: PathBuf,
        /// The reader's message.
        message: String,
    },
    /// A Parquet column the analysis needs is stored in a type hirecal does not read.
    #[error("{}: column '{column}' is stored as {kind}, a Parquet type hirecal does not read. {advice}", path.display())]
    ParquetType {
        /// The file.
        path: PathBuf,
        /// The column.
        column: String,
        /// Its type, in words ("a date", "a decimal (10, 2)").
        kind: String,
        /// How to export it instead.
        advice: String,
    },
    /// The config file is invalid.
    #[error("{}: invalid config: {message}", at(path, *line, *column))]
    Config {
        /// The config file.
        path: PathBuf,
        /// 1-based line (0 when the problem is not at one place).
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// Nothing usable is left after validation.
    #[error("{}: no usable rating left after validation.\n{details}", path.display())]
    NoUsableRatings {
        /// The scorecards file.
        path: PathBuf,
        /// The drop reasons with counts and first lines.
        details: String,
    },
    /// `--strict` and some rows had problems.
    #[error("--strict: {count} row problem(s) in the inputs:\n{listing}\nFix these rows, or run without --strict to skip and count them.")]
    Strict {
        /// Number of problem rows.
        count: usize,
        /// One line per problem (capped).
        listing: String,
    },
    /// The inputs are readable but the request cannot be served (e.g. an unknown outcome column).
    #[error("{0}")]
    Data(String),
    /// Writing an output failed.
    #[error("{}: cannot write: {source}. Check that the directory is writable and the disk has space.", path.display())]
    Write {
        /// The output path.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
}

impl Error {
    /// An I/O error on `path`, turning "is a directory" into its own variant.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        if path.is_dir() {
            Error::IsDirectory { path: path.to_path_buf() }
        } else {
            Error::Io { path: path.to_path_buf(), cause: source }
        }
    }
}

/// A file inside directory `dir` to name in [`Error::IsDirectory`]'s example: its first CSV, JSON or
/// Parquet file, else `scorecards.csv`.
fn example_file(dir: &Path) -> String {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| [".csv", ".json", ".parquet"].iter().any(|x| n.ends_with(x)))
                .collect()
        })
        .unwrap_or_default();
    // Scorecards first: the input people most often point at a folder.
    names.sort_by_key(|n| (!n.contains("scorecard"), n.clone()));
    names.into_iter().next().unwrap_or_else(|| "scorecards.csv".into())
}

/// `path:line:column`, or the path alone when the position is unknown (line 0).
fn at(path: &Path, line: usize, column: usize) -> String {
    if line == 0 {
        path.display().to_string()
    } else {
        format!("{}:{line}:{column}", path.display())
    }
}
