"""Random valid models survive the workbook round trip exactly."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings

import budgetmodel as bm
from budgetmodel.excel.writer import write_inputs

from ..strategies import models

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(model=models())
def test_input_workbook_reads_back_equal(model: bm.Model) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_inputs(model, Path(tmp) / "inputs.xlsx")
        again = bm.read_workbook(path)
    assert again == model


@SETTINGS
@given(model=models())
def test_results_workbook_reads_back_equal_and_reruns_identically(model: bm.Model) -> None:
    result = model.run()
    with tempfile.TemporaryDirectory() as tmp:
        path = bm.write_workbook(result, Path(tmp) / "results.xlsx")
        again = bm.read_workbook(path)
    assert again == model
    rerun = again.run()
    for frame in ("lines", "drivers", "bridge", "summary"):
        pd.testing.assert_frame_equal(
            getattr(rerun, frame), getattr(result, frame), check_exact=True
        )
