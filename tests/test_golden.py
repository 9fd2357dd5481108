"""The sample's output frames, held to a copy recorded before the engine was reshaped.

The copy in ``tests/fixtures/sample_frames`` was written by ``budgetmodel run --csv``
on the version-1 engine. Version 2 of the contract renames the bridge step
``plan_demand`` to ``plan_effects`` and adds columns; every recorded column must
still match to the last digit.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import budgetmodel as bm
from budgetmodel.export import write_csv

RECORDED = Path(__file__).parent / "fixtures" / "sample_frames"
RENAMED = {"plan_demand": "plan_effects"}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("frames")
    write_csv(bm.load_sample().run(), out)
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
