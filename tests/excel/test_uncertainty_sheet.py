"""The optional Uncertainty sheet: records, validation and the workbook round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

import budgetmodel as bm
from budgetmodel.excel.writer import write_inputs

from ..factories import hand_model

GOOD = [
    bm.Uncertainty("growth:g", "normal", 0.0, 0.01, description="growth +/- 1 point"),
    bm.Uncertainty("rate_change:r", "uniform", -0.01, 0.02),
    bm.Uncertainty("exit_rate:f", "triangular", -0.05, 0.0, 0.05),
    bm.Uncertainty("entries:f", "pert", -0.1, 0.0, 0.2),
    bm.Uncertainty("inflation:prices", "normal", 0.0, 0.005),
    bm.Uncertainty("unit_cost:act_r", "uniform", -0.1, 0.1),
    bm.Uncertainty("effect:eh", "pert", 0.5, 0.8, 1.0),
    bm.Uncertainty("delivery:pm", "triangular", 0.4, 0.7, 1.0),
    bm.Uncertainty("funding:grant", "uniform", -0.2, 0.0),
]


def test_valid_rows_round_trip_through_a_workbook(tmp_path: Path) -> None:
    model = hand_model(uncertainty=GOOD)
    again = bm.read_workbook(write_inputs(model, tmp_path / "u.xlsx"))
    assert again == model
    assert again.uncertainty[0].description == "growth +/- 1 point"


@pytest.mark.parametrize(
    ("row", "field", "expected"),
    [
        (bm.Uncertainty("growth", "normal", 0, 1), "target", "a target such as"),
        (bm.Uncertainty("speed:g", "normal", 0, 1), "target", "a target such as"),
        (bm.Uncertainty("growth:nope", "normal", 0, 1), "target", "a driver_id"),
        (bm.Uncertainty("growth:r", "normal", 0, 1), "target", "a growth driver"),
        (bm.Uncertainty("effect:it", "normal", 0, 1), "target", "an initiative with Effects"),
        (bm.Uncertainty("delivery:eh", "normal", 0, 1), "target", "a saving row"),
        (bm.Uncertainty("inflation:energy", "normal", 0, 1), "target", "a price category"),
        (bm.Uncertainty("funding:x", "normal", 0, 1), "target", "a funding_id"),
        (bm.Uncertainty("unit_cost:x", "normal", 0, 1), "target", "a line_id"),
        (bm.Uncertainty("growth:g", "lognormal", 0, 1), "distribution", "one of normal"),
        (bm.Uncertainty("growth:g", "normal", 0, -1), "p2", "a standard deviation >= 0"),
        (bm.Uncertainty("growth:g", "normal", 0), "p2", "a number"),
        (bm.Uncertainty("growth:g", "uniform", 1, 0), "p2", "a high value"),
        (bm.Uncertainty("growth:g", "pert", 0, 2, 1), "p2", "low <= mode <= high"),
        (bm.Uncertainty("growth:g", "triangular", 0, 1), "p3", "a number"),
    ],
)
def test_invalid_rows(row: bm.Uncertainty, field: str, expected: str) -> None:
    with pytest.raises(bm.InputError) as err:
        hand_model(uncertainty=[row])
    issues = [i for i in err.value.issues if i.where.endswith(f".{field}")]
    assert issues and expected in issues[0].expected, err.value.issues


def test_duplicate_target() -> None:
    with pytest.raises(bm.InputError, match="again"):
        hand_model(uncertainty=[GOOD[0], GOOD[0]])
