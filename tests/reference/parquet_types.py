"""Writes the typed Parquet fixtures in tests/data/parquet_types/ (read by tests/parquet.rs).

Warehouse exports store dates as DATE and scores as DECIMAL; hirecal reads neither type and must say
so by column (or skip the column when it does not use it), never crash. Python polars writes the
types the way warehouse tools do. Run: python3 tests/reference/parquet_types.py
"""
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl

out = Path(__file__).resolve().parent.parent / "data" / "parquet_types"
out.mkdir(parents=True, exist_ok=True)
ids = dict(
    candidate_id=["c1", "c1", "c2", "c2", "c3", "c3"],
    interviewer_id=["i1", "i2", "i1", "i2", "i1", "i2"],
    question_id=["q1"] * 6,
)
pl.DataFrame(
    {**ids, "score": [Decimal("3.00"), Decimal("4.00"), Decimal("2.00"), Decimal("4.00"), Decimal("5.00"), Decimal("1.00")]},
    schema_overrides={"score": pl.Decimal(10, 2)},
).write_parquet(out / "scores_decimal.parquet")
pl.DataFrame(
    {**ids, "score": [3.0, 4.0, 2.0, 4.0, 5.0, 1.0], "interview_date": [date(2024, 1, d) for d in range(1, 7)]}
).write_parquet(out / "dates_typed.parquet")
pl.DataFrame(
    {**ids, "score": [3.0, 4.0, 2.0, 4.0, 5.0, 1.0], "exported_at": [date(2024, 2, 1)] * 6}
).write_parquet(out / "unused_date.parquet")
pl.DataFrame(
    {"candidate_id": ["c1", "c2", "c3"], "hired": [True, False, True], "perf": [3.5, None, 4.0],
     "hire_date": [date(2024, 3, 1), None, date(2024, 3, 2)]}
).write_parquet(out / "outcomes_hire_date.parquet")
