"""The README's Python examples run as written."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_blocks_run() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 2
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, str(README), "exec"), namespace)
    model = namespace["model"]
    summary = model.run().summary  # type: ignore[attr-defined]
    assert isinstance(summary, pd.DataFrame)
    # 50 residential children at £260k, growing with the looked-after rate and
    # population, priced up 5% a year: 2025-26 = 50 * (60,300/60,000) * 1.02 * 260,000 * 1.05
    expected = 50 * (60_300 / 60_000) * 1.02 * 260_000 * 1.05
    assert summary["total_cash"].iloc[1] == pytest.approx(expected, rel=1e-12)
