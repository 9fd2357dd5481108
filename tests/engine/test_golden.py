"""A version-1 workbook still reads, and gives the numbers it gave before.

``tests/fixtures/v1_birmingham_2014.xlsx`` is the Birmingham sample as it was
shipped under contract version 1; ``tests/fixtures/sample_frames`` holds the frames
``budgetmodel run --csv`` wrote from it on the version-1 engine. Version 2 renames
the bridge step ``plan_demand`` to ``plan_effects`` and adds columns; every recorded
column must still match to the last digit.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import budgetmodel as bm
from budgetmodel._export import write_csv

FIXTURES = Path(__file__).parents[1] / "fixtures"
RECORDED = FIXTURES / "sample_frames"
VERSION_1 = FIXTURES / "v1_birmingham_2014.xlsx"
RENAMED = {"plan_demand": "plan_effects"}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("frames")
    write_csv(bm.read_workbook(VERSION_1).run(), out)
    return out


@pytest.mark.parametrize("frame", ["lines", "drivers", "bridge", "summary"])
def test_sample_frames_match_the_recorded_copy_exactly(written: Path, frame: str) -> None:
    recorded = pd.read_csv(RECORDED / f"{frame}.csv", dtype=str, keep_default_na=False)
    recorded = recorded.replace(RENAMED)
    now = pd.read_csv(written / f"{frame}.csv", dtype=str, keep_default_na=False)
    assert len(now) == len(recorded)
    missing = [c for c in recorded.columns if c not in now.columns]
    assert not missing, f"{frame}: columns gone: {missing}"
    pd.testing.assert_frame_equal(now[list(recorded.columns)], recorded)
