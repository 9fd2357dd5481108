"""The package's public surface and its import weight."""

from __future__ import annotations

import subprocess
import sys

import budgetmodel as bm


def test_import_loads_no_heavy_libraries() -> None:
    code = (
        "import sys, budgetmodel\n"
        "heavy = ('matplotlib', 'openpyxl', 'xlsxwriter', 'scipy')\n"
        "heavy = [m for m in heavy if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_public_api_is_pinned() -> None:
    assert sorted(bm.__all__) == sorted(
        [
            "BudgetModelError",
            "BudgetModelWarning",
            "ComputationError",
            "CostAssumption",
            "CostLine",
            "Driver",
            "DriverAssumption",
            "Effect",
            "Funding",
            "Improvement",
            "InflationRate",
            "InputError",
            "Issue",
            "Model",
            "Override",
            "Population",
            "Result",
            "Scenario",
            "Simulation",
            "Uncertainty",
            "__version__",
            "load_sample",
            "read_workbook",
            "solve",
            "tornado",
            "write_workbook",
        ]
    )
    for name in bm.__all__:
        assert hasattr(bm, name), name


def test_error_tree() -> None:
    assert issubclass(bm.InputError, bm.BudgetModelError)
    assert issubclass(bm.InputError, ValueError)
    assert issubclass(bm.ComputationError, ArithmeticError)
    assert issubclass(bm.BudgetModelWarning, UserWarning)


def test_layers_point_down() -> None:
    """The core imports nothing of the package above it; the engine no adapter."""
    import ast
    import pathlib

    root = pathlib.Path(bm.__file__).parent
    rules = {
        "core": {"budgetmodel.core"},
        "engine.py": {"budgetmodel.core", "budgetmodel.compile"},
        "compile.py": {"budgetmodel.graph", "budgetmodel.series", "budgetmodel.spec"},
        "files.py": set(),
    }
    for target, allowed in rules.items():
        files = (root / target).glob("*.py") if (root / target).is_dir() else [root / target]
        for path in files:
            rel = path.relative_to(root.parent).with_suffix("")
            package = ".".join(rel.parts[:-1])
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ImportFrom) and node.level:
                    base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    name = f"{base}.{node.module}" if node.module else base
                    assert any(name.startswith(a) for a in allowed), (path.name, name)
                elif isinstance(node, ast.Import):
                    for alias in node.names:
                        assert not alias.name.startswith(
                            ("budgetmodel", "openpyxl", "xlsxwriter", "matplotlib")
                        )
