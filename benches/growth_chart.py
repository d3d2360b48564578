"""Draws the growth curve of benches/bench.sh: wall time and peak memory of `hirecal report --charts none`
against the number of ratings, on log-log axes with the linear-growth line through the smallest point.

Usage: python3 benches/growth_chart.py growth.csv out.png
growth.csv: candidates,ratings,hires_with_outcome,interval_method,wall_s,peak_mb (bench.sh writes it).
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(src: str, out: str) -> None:
    rows = list(csv.DictReader(open(src)))
    ratings = [int(r["ratings"]) / 1e6 for r in rows]
    wall = [float(r["wall_s"]) for r in rows]
    mem = [float(r["peak_mb"]) / 1024 for r in rows]
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.4), dpi=110)
    for ax, ys, label, unit, limit in (
        (axes[0], wall, "Wall time", "s", None),
        (axes[1], mem, "Peak memory (RSS)", "GB", (30, 6.0, "6 GB target at 30M")),
    ):
        # Linear growth from the smallest point, for comparison.
        lin = [ys[0] * x / ratings[0] for x in ratings]
        ax.plot(ratings, lin, color="#999999", linestyle="--", linewidth=1, label="linear growth from 0.1M")
        ax.plot(ratings, ys, color="#1f5fa8", marker="o", linewidth=2, label="hirecal report --charts none")
        for x, y, r in zip(ratings, ys, rows):
            text = f"{y:.0f} s" if unit == "s" else (f"{y:.1f} GB" if y >= 1 else f"{y * 1024:.0f} MB")
            ax.annotate(text, (x, y), textcoords="offset points", xytext=(6, -12), fontsize=9)
        if limit:
            ax.axhline(limit[1], color="#c0392b", linewidth=1, linestyle=":")
            ax.text(ratings[-1], limit[1] * 1.08, limit[2], color="#c0392b", fontsize=9, ha="right")
        ax.set_xlim(ratings[0] * 0.7, ratings[-1] * 2.2)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("ratings (millions, log scale)")
        ax.set_ylabel(f"{label} ({unit}, log scale)")
        ax.set_title(label)
        ax.grid(True, which="both", color="#e5e5e5", linewidth=0.6)
        ax.legend(fontsize=8, loc="upper left" if limit is None else "lower right")
    fig.suptitle("hirecal report: cost against data size (benches/bench.sh)", fontsize=11)
    fig.tight_layout()
    fig.savefig(out)
    print(f"growth chart: {out}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
