#!/usr/bin/env bash
# benches/bench.sh — the scale benchmark of issue 6, in one run.
#
# Generates 10 million ratings once (`hirecal simulate --candidates 1000000`, timed: that is row (d))
# into a scratch directory outside the repo, then measures, warm page cache, wall time and peak RSS
# (/usr/bin/time) of:
#   (a) floor    — polars reading scorecards.csv and outcomes.csv into DataFrames (benches/read_floor.rs,
#                  built as the `hirecal-read-floor` binary)
#   (b) hirecal  — `hirecal report --charts none` on the same files (all statistics, B = 1000)
#   (c) pandas   — benches/reference_pandas.py: the core of the same analysis with pandas + scipy
#   (d) simulate — `hirecal simulate --candidates 1000000`
#   (e) charts   — `hirecal report` with every chart (PNG, SVG, PDF) on sample_data/
#   (f) parquet  — (b) on Parquet copies of the same files (written by hirecal-read-floor --write-parquet)
#   (g) check    — `hirecal check` on the same files: reading, validation and interning only (no statistics)
# and the in-process micro-benchmarks of benches/analysis.rs (the `hirecal-bench` binary) (issue 3: the question analysis with
# B = 1000 on ≈ 5,000 hires; issue 4: the model fit, `Computed::of`, on 10M ratings).
# Prints the ratios hirecal/floor and pandas/hirecal, peak memory, and a Markdown table for README.
#
# Usage:  benches/bench.sh                 (from the repository root)
# Environment:
#   BENCH_DIR      scratch directory (default ${TMPDIR:-/tmp}/hirecal-bench); ~700 MB are written there
#   RUNS           rounds of (a), (b), (g), (f), run in turn; medians are reported (default 3)
#   PANDAS_RUNS    timed runs of the pandas reference (default 1; it is the slow one)
#   CANDIDATES     candidates to simulate (default 1000000 → ≈ 10M ratings)
#   SKIP_PANDAS=1  skip the pandas reference
#   CARGO_TARGET_DIR  as usual (default $HOME/.cache/hirecal-target)
# Needs: cargo, python3 with numpy/scipy/pandas, GNU time (/usr/bin/time; apt-get install time).
set -euo pipefail

cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/hirecal-target}"
BENCH_DIR="${BENCH_DIR:-${TMPDIR:-/tmp}/hirecal-bench}"
RUNS="${RUNS:-3}"
PANDAS_RUNS="${PANDAS_RUNS:-1}"
CANDIDATES="${CANDIDATES:-1000000}"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench.sh: GNU time not found at /usr/bin/time (apt-get install time)" >&2; exit 1; }

echo "== building (release)" >&2
cargo build --release --quiet --workspace
HIRECAL="$CARGO_TARGET_DIR/release/hirecal"
# The benchmark programs are the binaries of the hirecal-bench workspace member (benches/Cargo.toml).
FLOOR_EXE="$CARGO_TARGET_DIR/release/hirecal-read-floor"
ANALYSIS_EXE="$CARGO_TARGET_DIR/release/hirecal-bench"

mkdir -p "$BENCH_DIR"
BIG="$BENCH_DIR/sim"
SMALL="$BENCH_DIR/sim25k"
LOG="$BENCH_DIR/log"
rm -rf "$BIG" "$SMALL" "$LOG" "$BENCH_DIR/out" "$BENCH_DIR/out-charts"
mkdir -p "$LOG"

# time_run NAME CMD… : one run under /usr/bin/time; appends "wall_s peak_kb" to $LOG/NAME.
time_run() {
  local name="$1"; shift
  "$TIME" -f '%e %M' -o "$LOG/$name.time" "$@" >"$LOG/$name.stdout" 2>"$LOG/$name.stderr" || {
    echo "bench.sh: '$*' failed; see $LOG/$name.stderr" >&2; cat "$LOG/$name.stderr" >&2; exit 1; }
  tail -n 1 "$LOG/$name.time" >>"$LOG/$name"
}
# median wall time and max peak RSS (MB) of NAME's runs
med() { sort -n "$LOG/$1" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
rss() { awk 'BEGIN{m=0} {if ($2>m) m=$2} END {printf "%.0f", m/1024}' "$LOG/$1"; }

echo "== (d) simulate --candidates $CANDIDATES → $BIG" >&2
time_run simulate "$HIRECAL" simulate --candidates "$CANDIDATES" --out "$BIG"
"$HIRECAL" simulate --candidates 25000 --out "$SMALL" >/dev/null
RATINGS=$(( $(wc -l <"$BIG/scorecards.csv") - 1 ))
SIZE_MB=$(du -m "$BIG/scorecards.csv" | cut -f1)
cat "$BIG"/*.csv >/dev/null   # warm the page cache: every tool below reads from memory

# (a), (b), (g) and (f) take turns, round after round: this machine's speed drifts by tens of percent
# within minutes, and interleaving puts every measurement of a ratio in the same minutes.
"$FLOOR_EXE" "$BIG" --write-parquet >/dev/null
for round in $(seq "$RUNS"); do
  echo "== round $round of $RUNS: (a) floor, (b) report, (g) check, (f) report on Parquet" >&2
  time_run floor "$FLOOR_EXE" "$BIG"
  time_run hirecal "$HIRECAL" report --scorecards "$BIG/scorecards.csv" --outcomes "$BIG/outcomes.csv" \
    --questions "$BIG/questions.csv" --charts none --out "$BENCH_DIR/out"
  time_run check "$HIRECAL" check --scorecards "$BIG/scorecards.csv" --outcomes "$BIG/outcomes.csv" \
    --questions "$BIG/questions.csv"
  time_run parquet "$HIRECAL" report --scorecards "$BIG/scorecards.parquet" --outcomes "$BIG/outcomes.parquet" \
    --questions "$BIG/questions.csv" --charts none --out "$BENCH_DIR/out-parquet"
done
if [ "${SKIP_PANDAS:-0}" != 1 ]; then
  echo "== (c) pandas reference, $PANDAS_RUNS run(s)" >&2
  for _ in $(seq "$PANDAS_RUNS"); do
    time_run pandas python3 benches/reference_pandas.py "$BIG" --json "$BENCH_DIR/pandas.json"
  done
fi
echo "== (e) report with all charts on sample_data" >&2
for _ in $(seq "$RUNS"); do time_run charts "$HIRECAL" report --out "$BENCH_DIR/out-charts"; done
echo "== micro-benchmarks (in process)" >&2
"$ANALYSIS_EXE" questions "$SMALL" 1000 >"$LOG/micro_questions" 2>>"$LOG/micro.stderr"
HIRECAL_BENCH_REPEAT=1 "$ANALYSIS_EXE" model "$BIG" >"$LOG/micro_model" 2>>"$LOG/micro.stderr"
Q_LINE=$(head -n 1 "$LOG/micro_questions"); M_LINE=$(head -n 1 "$LOG/micro_model")

F=$(med floor); H=$(med hirecal); S=$(med simulate); C=$(med charts)
P=$([ -s "$LOG/pandas" ] && med pandas || echo nan)
ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print('%.2f' % (a/b) if b > 0 and a == a else 'n/a')" "$1" "$2"; }
HF=$(ratio "$H" "$F"); PH=$(ratio "$P" "$H")
ok() { python3 -c "import sys; print('met' if eval(sys.argv[1]) else 'NOT MET')" "$1"; }

MODEL=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)
cat <<TABLE

Machine: $(nproc) cores, ${MODEL:-unknown CPU}, $(awk '/MemTotal/ {printf "%.0f GB RAM", $2/1048576}' /proc/meminfo); $(uname -sr).
Data: hirecal simulate --candidates $CANDIDATES — $RATINGS ratings, scorecards.csv $SIZE_MB MB. Warm page cache; median of $RUNS runs (pandas: $PANDAS_RUNS).

| what | wall time | peak RSS | target |
|---|---:|---:|---|
| (a) floor: polars reads scorecards.csv + outcomes.csv | ${F} s | $(rss floor) MB | |
| (b) \`hirecal report --charts none\` (B = 1000) | ${H} s | $(rss hirecal) MB | ≤ 2× floor, ≤ 2 GB: $(ok "$H <= 2*$F and $(rss hirecal) <= 2048") |
| (c) pandas + scipy reference (subset of the analysis) | ${P} s | $([ -s "$LOG/pandas" ] && rss pandas || echo n/a) MB | hirecal ≥ 10× faster: $(ok "'$PH' != 'n/a' and float('$PH') >= 10") |
| (d) \`hirecal simulate --candidates $CANDIDATES\` | ${S} s | $(rss simulate) MB | < 20 s: $(ok "$S < 20") |
| (e) \`hirecal report\` with all charts, sample_data | ${C} s | $(rss charts) MB | < 3 s: $(ok "$C < 3") |
| (f) (b) on Parquet copies of the same files | $(med parquet) s | $(rss parquet) MB | ≤ 2 GB: $(ok "$(rss parquet) <= 2048") |
| (g) \`hirecal check\`: reading and validating the same files, no statistics | $(med check) s | $(rss check) MB | ($(ratio "$(med check)" "$F")× the floor) |
| hirecal / floor | **${HF}×** | | ≤ 2 |
| pandas / hirecal | **${PH}×** | | ≥ 10 |

Micro-benchmarks (in process, reading excluded; benches/analysis.rs):
- $Q_LINE
- $M_LINE
TABLE
echo
echo "logs: $LOG" >&2
