//! The benchmark floor: polars reading scorecards.csv and outcomes.csv into DataFrames (all columns,
//! inferred types, polars' own parallel CSV parser). Nothing hirecal does can be cheaper than reading.
//!
//! Usage: `hirecal-read-floor DIR` (DIR holds scorecards.csv and outcomes.csv); built by
//! `cargo build --release` as a [[bin]] target. `hirecal-read-floor DIR --write-parquet` also writes
//! scorecards.parquet and outcomes.parquet beside them (for the Parquet rows of `benches/bench.sh`).
//! Prints the rows read and the wall time in seconds; `benches/bench.sh` times the whole process.

use std::path::PathBuf;
use std::time::Instant;

use polars::prelude::*;

fn read(path: PathBuf) -> PolarsResult<DataFrame> {
    CsvReadOptions::default().with_has_header(true).try_into_reader_with_file_path(Some(path))?.finish()
}

fn main() -> PolarsResult<()> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "sample_data".into()));
    let t = Instant::now();
    let sc = read(dir.join("scorecards.csv"))?;
    let out = read(dir.join("outcomes.csv"))?;
    let el = t.elapsed().as_secs_f64();
    if std::env::args().any(|a| a == "--write-parquet") {
        for (mut df, name) in [(sc.clone(), "scorecards.parquet"), (out.clone(), "outcomes.parquet")] {
            let file = std::fs::File::create(dir.join(name))?;
            ParquetWriter::new(file).finish(&mut df)?;
        }
    }
    // Touch the result so nothing is optimised away.
    println!(
        "read_floor: {} scorecard rows × {} columns, {} outcome rows in {el:.3} s",
        sc.height(),
        sc.width(),
        out.height()
    );
    Ok(())
}
