"""The API reference (docs/api.md, rendered by mkdocstrings from numpydoc docstrings)
shows no raw Sphinx roles: a docstring names things in plain backticks, or links them
with a mkdocstrings cross-reference (``[Model][budgetmodel.Model]``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "budgetmodel"
ROLES = (":class:`", ":func:`", ":meth:`", ":mod:`", ":data:`", ":attr:`", ":exc:`", ":obj:`")
MODULES = sorted(PACKAGE.rglob("*.py"))


def docstrings(path: Path) -> list[tuple[int, str]]:
    """Every docstring of a module: the module's, each class's and function's, and the
    strings that document an attribute (a bare string statement)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, node.value.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    ]


def test_every_module_is_read() -> None:
    assert PACKAGE / "_model.py" in MODULES and PACKAGE / "core" / "levers.py" in MODULES


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_docstring_has_a_sphinx_role(path: Path) -> None:
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {role}...` (write `name` instead)"
        for line, text in docstrings(path)
        for role in ROLES
        if role in text
    ]
    assert not found, "\n".join(found)
