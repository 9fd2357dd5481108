"""docs/ARCHITECTURE.md lists every module of the package once, and only those."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "budgetmodel"
ARCHITECTURE = ROOT / "docs" / "ARCHITECTURE.md"
ROW = re.compile(r"^\|\s*`([\w/]+\.py)`\s*\|", re.MULTILINE)


def modules() -> set[str]:
    return {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")}


def listed() -> Counter[str]:
    return Counter(ROW.findall(ARCHITECTURE.read_text(encoding="utf-8")))


def test_every_module_is_listed() -> None:
    missing = sorted(modules() - set(listed()))
    assert not missing, "\n".join(
        f"docs/ARCHITECTURE.md does not list src/budgetmodel/{m}: add the row "
        f"'| `{m}` | <what it holds> |' to its table of modules"
        for m in missing
    )


def test_every_listed_module_exists() -> None:
    absent = sorted(set(listed()) - modules())
    assert not absent, "\n".join(
        f"docs/ARCHITECTURE.md lists `{m}`, but there is no src/budgetmodel/{m}: "
        "remove or rename its row"
        for m in absent
    )


def test_no_module_is_listed_twice() -> None:
    twice = sorted(m for m, n in listed().items() if n > 1)
    assert not twice, "\n".join(
        f"docs/ARCHITECTURE.md lists `{m}` {listed()[m]} times: keep one row" for m in twice
    )


def test_the_table_is_read() -> None:
    """A change to the table's format that the pattern no longer reads fails here, not
    silently in the tests above."""
    assert "_engine.py" in listed() and "core/levers.py" in listed()


def test_the_layers_named_are_the_contracts_layers() -> None:
    """Every module named in pyproject.toml's layers contract appears in the text."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    layers = re.search(r"layers = \[(.*?)\]", pyproject, re.DOTALL)
    assert layers is not None
    names = re.findall(r"budgetmodel\.(\w+)", layers.group(1))
    text = ARCHITECTURE.read_text(encoding="utf-8")
    missing = [n for n in names if f"`{n}`" not in text]
    assert not missing, f"docs/ARCHITECTURE.md's layers table does not name {missing}"
