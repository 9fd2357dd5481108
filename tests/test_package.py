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
            "Outturn",
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


#: Subpackages and modules that are public: the rest of the package is private (``_name``).
PUBLIC_MODULES = {"core", "errors", "excel", "uncertainty", "vocabulary"}


def test_dir_of_the_package_is_the_public_names_and_nothing_else() -> None:
    """As httpx and chainladder pin theirs: a fresh ``import budgetmodel`` shows its
    ``__all__``, the public subpackages, and private names only."""
    code = (
        "import budgetmodel\n"
        "print('\\n'.join(n for n in dir(budgetmodel) if not n.startswith('_')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    shown = set(out.stdout.split())
    assert shown == (set(bm.__all__) - {"__version__"}) | PUBLIC_MODULES


def test_implementation_modules_are_private() -> None:
    import pathlib

    root = pathlib.Path(bm.__file__).parent
    public = {p.stem for p in root.glob("*.py")} - {"__init__", "__main__"}
    public = {n for n in public if not n.startswith("_")}
    assert public == {"cli", "errors", "report", "vocabulary"}
