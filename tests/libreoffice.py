"""Recalculating workbooks in LibreOffice, an independent spreadsheet engine."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

# OOXMLRecalcMode 0: always recalculate every formula of an .xlsx on load.
_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
           xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """The soffice binary; skip without it, except under CI=true, where it must be there."""
    found = soffice()
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is required in CI: .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def recalculate(paths: list[Path], out_dir: Path, *, timeout: float = 600) -> list[Path]:
    """Open each workbook in LibreOffice, recalculate everything, save as .xlsx in out_dir."""
    binary = require_soffice()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        user = Path(profile) / "user"
        user.mkdir(parents=True)
        (user / "registrymodifications.xcu").write_text(_REGISTRY)
        cmd = [
            binary,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out_dir),
            *map(str, paths),
        ]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    outputs = [out_dir / p.name for p in paths]
    missing = [str(p) for p in outputs if not p.exists()]
    assert not missing, f"LibreOffice wrote no {missing}: {done.stdout}\n{done.stderr}"
    return outputs
