"""Notebooks are stored without outputs and use the public API only (they are
executed by `make test` with nbmake)."""

from __future__ import annotations

import json
import re
from pathlib import Path

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks() -> None:
    assert len(NOTEBOOKS) >= 3


def test_outputs_are_stripped() -> None:
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell.get("outputs") == [], path.name
                assert cell.get("execution_count") is None, path.name


def test_public_api_only() -> None:
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        source = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        private = re.findall(r"\bbm\._\w+|budgetmodel\.\w+\._\w+|\._compiled\b", source)
        assert not private, (path.name, private)
