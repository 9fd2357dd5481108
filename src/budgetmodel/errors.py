"""Exceptions and warnings raised by budgetmodel.

The tree::

    BudgetModelError(Exception)
    ├── InputError(BudgetModelError, ValueError)   bad workbook or model input;
    │                                               carries every Issue found
    └── ComputationError(BudgetModelError, ArithmeticError)
    BudgetModelWarning(UserWarning)                 something a reviewer should see
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "BudgetModelError",
    "BudgetModelWarning",
    "ComputationError",
    "InputError",
    "Issue",
]


@dataclass(frozen=True)
class Issue:
    """One problem found in the input.

    Parameters
    ----------
    where : str
        Where the problem is: ``"Sheet!Cell"`` for a workbook (``"Drivers!E5"``),
        or a sheet or record name when there is no single cell.
    found : str
        What was found there, as the user would see it.
    expected : str
        What was expected instead.
    hint : str
        How to fix it (may be empty).

    Examples
    --------
    >>> issue = Issue("Drivers!F3", "-5", "a volume >= 0", "Volumes cannot be negative.")
    >>> issue.sheet, issue.cell
    ('Drivers', 'F3')
    >>> print(issue)
    Drivers!F3: found -5; expected a volume >= 0. Volumes cannot be negative.
    """

    where: str
    found: str
    expected: str
    hint: str = ""

    @property
    def sheet(self) -> str:
        """The sheet (or record kind) part of `where`."""
        return self.where.split("!", 1)[0]

    @property
    def cell(self) -> str:
        """The cell part of `where` (empty when there is none)."""
        return self.where.split("!", 1)[1] if "!" in self.where else ""

    def __str__(self) -> str:
        text = f"{self.where}: found {self.found}; expected {self.expected}"
        return f"{text}. {self.hint}" if self.hint else text


class BudgetModelError(Exception):
    """Base class of every error budgetmodel raises on purpose.

    Examples
    --------
    >>> issubclass(InputError, BudgetModelError), issubclass(ComputationError, BudgetModelError)
    (True, True)
    """


class InputError(BudgetModelError, ValueError):
    """The input holds one or more problems; `issues` lists every one.

    Examples
    --------
    >>> err = InputError([Issue("Drivers!F3", "-5", "a volume >= 0")])
    >>> print(err)
    1 problem in the input:
      - Drivers!F3: found -5; expected a volume >= 0
    """

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        n = len(self.issues)
        lines = [f"{n} problem{'s' if n != 1 else ''} in the input:"]
        lines += [f"  - {issue}" for issue in self.issues]
        super().__init__("\n".join(lines))


class ComputationError(BudgetModelError, ArithmeticError):
    """A calculation could not be completed (for example no solution in bounds).

    Examples
    --------
    >>> isinstance(ComputationError("no root"), ArithmeticError)
    True
    """


class BudgetModelWarning(UserWarning):
    """A result a reviewer should look at, such as a base budget that does not reconcile.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn("check the base budget", BudgetModelWarning)
    >>> caught[0].category.__name__
    'BudgetModelWarning'
    """
