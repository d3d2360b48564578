"""The benchmark floor with python-polars: read scorecards.csv and outcomes.csv into DataFrames (all
columns, inferred types, polars' parallel CSV reader), as benches/read_floor.rs does in Rust.

bench.sh uses it with FLOOR_IMPL=py, when building the Rust floor (polars with `csv`, a second polars
build) is not wanted. Prints the read time alone (interpreter start and import excluded, so the floor
is not flattered by them) as the last line: `read_s <seconds>`.

Usage: python3 benches/read_floor.py DIR [--write-parquet]
"""
import sys
import time

import polars as pl


def main() -> None:
    d = sys.argv[1] if len(sys.argv) > 1 else "sample_data"
    t = time.perf_counter()
    sc = pl.read_csv(f"{d}/scorecards.csv")
    out = pl.read_csv(f"{d}/outcomes.csv")
    el = time.perf_counter() - t
    if "--write-parquet" in sys.argv:
        sc.write_parquet(f"{d}/scorecards.parquet")
        out.write_parquet(f"{d}/outcomes.parquet")
    print(f"read_floor.py: {sc.height} scorecard rows x {sc.width} columns, {out.height} outcome rows "
          f"in {el:.3f} s (python-polars {pl.__version__})")
    print(f"read_s {el:.3f}")


if __name__ == "__main__":
    main()
