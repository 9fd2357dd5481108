"""A plain, non-editable install carries the sample and runs it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_carries_the_sample_and_load_sample_works(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("budgetmodel-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        data = archive.read("budgetmodel/_data/birmingham_2014.xlsx")
    assert data[:2] == b"PK" and len(data) > 10_000  # the workbook itself, not a link
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    code = (
        "import budgetmodel as bm, pathlib; "
        "assert 'site' in pathlib.Path(bm.__file__).parts, bm.__file__; "
        "r = bm.load_sample().run(); print(round(r.summary['total_cash'].iloc[0]))"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.strip() == "164989743"
