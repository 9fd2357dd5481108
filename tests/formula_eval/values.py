"""Excel's values as the evaluator holds them: the blank cell, error values, and
the errors of a formula the evaluator does not know."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# -- values ---------------------------------------------------------------------------


class _Blank:
    """An empty cell: 0 in arithmetic, "" or 0 or FALSE in a comparison."""

    _instance: _Blank | None = None

    def __new__(cls) -> _Blank:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "BLANK"


BLANK: Final = _Blank()


@dataclass(frozen=True)
class XlError:
    """An Excel error value such as ``#DIV/0!``."""

    code: str

    def __str__(self) -> str:
        return self.code


Scalar = float | str | bool | _Blank | XlError
Key = tuple[str, int, int]  # (sheet, row, column), 1-based as in openpyxl


class FormulaError(Exception):
    """A formula this evaluator does not support, or cannot evaluate (a cycle, a
    missing sheet); raised by :class:`Book` with the cell and formula named."""

    def __init__(self, message: str, cell: str | None = None) -> None:
        super().__init__(message)
        self.cell = cell  # "Sheet!C5", once known


class _Raised(Exception):
    """An Excel error value on its way out of a formula (errors propagate)."""

    def __init__(self, error: XlError) -> None:
        super().__init__(error.code)
        self.error = error


def _fail(code: str) -> _Raised:
    return _Raised(XlError(code))
