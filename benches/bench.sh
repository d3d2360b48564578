#!/usr/bin/env bash
# benches/bench.sh — the scale benchmark (issues 6 and 19), in one run.
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
# then the growth curve (issue 19): `report --charts none` on `simulate --candidates` 10k, 100k, 1M and 3M
# (≈ 0.1M, 1M, 10M and 30M ratings), wall time and peak RSS, drawn by benches/growth_chart.py,
# and the in-process micro-benchmarks of benches/analysis.rs (the `hirecal-bench` binary) (issue 3: the question analysis with
# B = 1000 on ≈ 5,000 hires; issue 4: the model fit, `Computed::of`, on 10M ratings).
# Prints the ratios hirecal/floor and pandas/hirecal, peak memory, the growth curve, and Markdown tables for
# README. Every time is the minimum over the rounds (the machine is shared and only ever slower).
#
# Usage:  benches/bench.sh                 (from the repository root)
# Environment:
#   BENCH_DIR      scratch directory (default ${TMPDIR:-/tmp}/hirecal-bench); ~700 MB are written there
#   RUNS           rounds of (a), (b), (g), (f), run in turn; minima are reported (default 3)
#   PANDAS_RUNS    timed runs of the pandas reference (default 1; it is the slow one)
#   CANDIDATES     candidates to simulate (default 1000000 → ≈ 10M ratings)
#   SKIP_PANDAS=1  skip the pandas reference
#   GROWTH         candidates of the growth curve (default "10000 100000 1000000 3000000"; "" skips it)
#   GROWTH_RUNS    rounds of the growth curve, sizes in turn (default 2)
#   GROWTH_PNG     where the growth chart goes (default docs/growth_curve.png)
#   FLOOR_IMPL     rust (default: benches/read_floor.rs, which builds a second polars with `csv`) or py
#                  (benches/read_floor.py with python-polars, read time only; no micro-benchmarks then)
#   CARGO_TARGET_DIR  as usual (default $HOME/.cache/hirecal-target)
# Needs: cargo, python3 with numpy/scipy/pandas (and matplotlib for the chart), GNU time
# (/usr/bin/time; apt-get install time). Disk: ~2 GB in BENCH_DIR at the 30M point (deleted after).
set -euo pipefail

cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/hirecal-target}"
BENCH_DIR="${BENCH_DIR:-${TMPDIR:-/tmp}/hirecal-bench}"
RUNS="${RUNS:-3}"
PANDAS_RUNS="${PANDAS_RUNS:-1}"
CANDIDATES="${CANDIDATES:-1000000}"
GROWTH="${GROWTH-10000 100000 1000000 3000000}"
GROWTH_RUNS="${GROWTH_RUNS:-2}"
GROWTH_PNG="${GROWTH_PNG:-docs/growth_curve.png}"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench.sh: GNU time not found at /usr/bin/time (apt-get install time)" >&2; exit 1; }

FLOOR_IMPL="${FLOOR_IMPL:-rust}"
echo "== building (release)" >&2
if [ "$FLOOR_IMPL" = py ]; then cargo build --release --quiet -p hirecal; else cargo build --release --quiet --workspace; fi
HIRECAL="$CARGO_TARGET_DIR/release/hirecal"
# The benchmark programs are the binaries of the hirecal-bench workspace member (benches/Cargo.toml).
FLOOR_EXE="$CARGO_TARGET_DIR/release/hirecal-read-floor"
ANALYSIS_EXE="$CARGO_TARGET_DIR/release/hirecal-bench"

LOAD0=$(uptime | sed 's/.*load average: //')
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
# minimum wall time and max peak RSS (MB) of NAME's runs (a shared machine is only ever slower)
med() { sort -n "$LOG/$1" | head -n 1 | awk '{print $1}'; }
rss() { awk 'BEGIN{m=0} {if ($2>m) m=$2} END {printf "%.0f", m/1024}' "$LOG/$1"; }

echo "== (d) simulate --candidates $CANDIDATES → $BIG" >&2
time_run simulate "$HIRECAL" simulate --candidates "$CANDIDATES" --out "$BIG"
"$HIRECAL" simulate --candidates 25000 --out "$SMALL" >/dev/null
RATINGS=$(( $(wc -l <"$BIG/scorecards.csv") - 1 ))
SIZE_MB=$(du -m "$BIG/scorecards.csv" | cut -f1)
cat "$BIG"/*.csv >/dev/null   # warm the page cache: every tool below reads from memory

# (a), (b), (g) and (f) take turns, round after round: this machine's speed drifts by tens of percent
# within minutes, and interleaving puts every measurement of a ratio in the same minutes.
if [ "$FLOOR_IMPL" = py ]; then FLOOR_CMD=(python3 benches/read_floor.py); else FLOOR_CMD=("$FLOOR_EXE"); fi
"${FLOOR_CMD[@]}" "$BIG" --write-parquet >/dev/null
for round in $(seq "$RUNS"); do
  echo "== round $round of $RUNS: (a) floor, (b) report, (g) check, (f) report on Parquet" >&2
  if [ "$FLOOR_IMPL" = py ]; then
    # The read time the script measures, with the process's peak RSS.
    "$TIME" -f '%e %M' -o "$LOG/floor.time" "${FLOOR_CMD[@]}" "$BIG" >"$LOG/floor.stdout"
    echo "$(awk '/^read_s/ {print $2}' "$LOG/floor.stdout") $(tail -n 1 "$LOG/floor.time" | cut -d' ' -f2)" >>"$LOG/floor"
  else
    time_run floor "$FLOOR_EXE" "$BIG"
  fi
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
if [ -n "$GROWTH" ]; then
  echo "== growth curve: report --charts none at --candidates $GROWTH, $GROWTH_RUNS round(s)" >&2
  for c in $GROWTH; do
    if [ "$c" = "$CANDIDATES" ]; then ln -sfn "$BIG" "$BENCH_DIR/g$c"; else
      rm -rf "$BENCH_DIR/g$c"; "$HIRECAL" simulate --candidates "$c" --out "$BENCH_DIR/g$c" >/dev/null; fi
  done
  for _ in $(seq "$GROWTH_RUNS"); do
    for c in $GROWTH; do
      cat "$BENCH_DIR/g$c"/*.csv >/dev/null
      time_run "growth$c" "$HIRECAL" report --scorecards "$BENCH_DIR/g$c/scorecards.csv" \
        --outcomes "$BENCH_DIR/g$c/outcomes.csv" --questions "$BENCH_DIR/g$c/questions.csv" --charts none \
        --out "$BENCH_DIR/out-g$c"
    done
  done
  echo "candidates,ratings,hires_with_outcome,interval_method,wall_s,peak_mb" >"$LOG/growth.csv"
  for c in $GROWTH; do
    r=$(( $(wc -l <"$BENCH_DIR/g$c/scorecards.csv") - 1 ))
    meta=$(python3 -c "import json,sys; s=json.load(open(sys.argv[1])); print(s['inputs']['hires_with_outcome'], s['provenance']['interval_method'])" "$BENCH_DIR/out-g$c/summary.json")
    echo "$c,$r,${meta% *},${meta#* },$(med "growth$c"),$(rss "growth$c")" >>"$LOG/growth.csv"
  done
  # Scratch data of the growth curve goes (the 30M point is ~1.3 GB); g$CANDIDATES is only a link.
  for c in $GROWTH; do rm -rf "$BENCH_DIR/g$c" "$BENCH_DIR/out-g$c"; done
  python3 benches/growth_chart.py "$LOG/growth.csv" "$GROWTH_PNG" >&2 || echo "bench.sh: no growth chart (matplotlib?)" >&2
fi
echo "== (e) report with all charts on sample_data" >&2
for _ in $(seq "$RUNS"); do time_run charts "$HIRECAL" report --out "$BENCH_DIR/out-charts"; done
if [ "$FLOOR_IMPL" = py ]; then
  Q_LINE="(micro-benchmarks skipped: FLOOR_IMPL=py builds hirecal only)"; M_LINE="$Q_LINE"
else
  echo "== micro-benchmarks (in process)" >&2
  "$ANALYSIS_EXE" questions "$SMALL" 1000 >"$LOG/micro_questions" 2>>"$LOG/micro.stderr"
  HIRECAL_BENCH_REPEAT=1 "$ANALYSIS_EXE" model "$BIG" >"$LOG/micro_model" 2>>"$LOG/micro.stderr"
  Q_LINE=$(head -n 1 "$LOG/micro_questions"); M_LINE=$(head -n 1 "$LOG/micro_model")
fi

F=$(med floor); H=$(med hirecal); S=$(med simulate); C=$(med charts)
P=$([ -s "$LOG/pandas" ] && med pandas || echo nan)
ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print('%.2f' % (a/b) if b > 0 and a == a else 'n/a')" "$1" "$2"; }
HF=$(ratio "$H" "$F"); PH=$(ratio "$P" "$H")
ok() { python3 -c "import sys; print('met' if eval(sys.argv[1]) else 'NOT MET')" "$1"; }

MODEL=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)
cat <<TABLE

Machine: $(nproc) cores, ${MODEL:-unknown CPU}, $(awk '/MemTotal/ {printf "%.0f GB RAM", $2/1048576}' /proc/meminfo); $(uname -sr).
Load before the runs (uptime): $LOAD0.
Data: hirecal simulate --candidates $CANDIDATES — $RATINGS ratings, scorecards.csv $SIZE_MB MB. Warm page cache; minimum of $RUNS interleaved rounds (pandas: $PANDAS_RUNS).

| what | wall time | peak RSS | target |
|---|---:|---:|---|
| (a) floor: polars ($FLOOR_IMPL) reads scorecards.csv + outcomes.csv | ${F} s | $(rss floor) MB | |
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
if [ -s "$LOG/growth.csv" ]; then
  echo
  echo "Growth curve: \`hirecal report --charts none\` (minimum of $GROWTH_RUNS rounds; chart: $GROWTH_PNG)"
  echo
  echo "| candidates | ratings | hires with outcome | interval method | wall time | peak RSS | time per million ratings |"
  echo "|---:|---:|---:|---|---:|---:|---:|"
  tail -n +2 "$LOG/growth.csv" | while IFS=, read -r c r h m w p; do
    echo "| $c | $r | $h | $m | $w s | $p MB | $(python3 -c "import sys; print('%.2f s' % (float(sys.argv[1]) / float(sys.argv[2]) * 1e6))" "$w" "$r") |"
  done
fi
echo
echo "logs: $LOG" >&2
