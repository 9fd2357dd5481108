"""Reading one cell's value as a finance user meant it."""

from __future__ import annotations

import math
import re
from typing import Any

__all__ = ["EXCEL_ERRORS", "CellProblem", "Unstored", "as_number", "as_text", "is_blank"]

EXCEL_ERRORS = frozenset(
    {
        "#DIV/0!",
        "#N/A",
        "#NAME?",
        "#NULL!",
        "#NUM!",
        "#REF!",
        "#VALUE!",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
    }
)
_NUMBER = re.compile(r"^\(?[-+]?[£$]?\s*[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?\)?%?$")


class CellProblem(ValueError):
    """A cell that cannot be read as what its column expects."""


class Unstored:
    """A formula cell whose result was never stored in the file."""

    def __init__(self, formula: str) -> None:
        self.formula = formula

    def problem(self) -> CellProblem:
        return CellProblem(
            f"the formula {self.formula} with no stored value (open the workbook "
            "in Excel or LibreOffice and save it, so that its values are stored)"
        )


def is_blank(value: Any) -> bool:
    """A blank cell: None or text of spaces only."""
    return value is None or (isinstance(value, str) and not value.strip())


def as_number(value: Any) -> float | None:
    """A number, or None for a blank cell.

    Text is read as a finance user means it: ``"1,801"`` is 1801, ``"3%"`` is
    0.03, ``"£2,500"`` is 2500, ``"(150)"`` is -150.

    Examples
    --------
    >>> as_number("1,801"), as_number("3%"), as_number("(1,250.5)"), as_number("  ")
    (1801.0, 0.03, -1250.5, None)
    """
    if is_blank(value):
        return None
    if isinstance(value, Unstored):
        raise value.problem()
    if isinstance(value, bool):
        raise CellProblem(f"{value!r} (a true/false value)")
    if isinstance(value, (int, float)):
        number = float(value)
        if not math.isfinite(number):
            raise CellProblem(repr(value))
        return number
    if isinstance(value, str):
        text = value.strip()
        if text.upper() in EXCEL_ERRORS:
            raise CellProblem(f"the Excel error {text}")
        compact = text.replace(" ", "")
        if _NUMBER.match(compact) and any(ch.isdigit() for ch in compact):
            negative = compact.startswith("(") and compact.endswith(")")
            body = compact.strip("()").replace(",", "").replace("£", "").replace("$", "")
            percent = body.endswith("%")
            number = float(body.rstrip("%"))
            number = -number if negative else number
            return number / 100.0 if percent else number
        raise CellProblem(f"the text {text!r}")
    raise CellProblem(f"{value!r} ({type(value).__name__})")


def as_text(value: Any) -> str | None:
    """Text, or None for a blank cell; a whole number becomes ``"2"``, not ``"2.0"``."""
    if is_blank(value):
        return None
    if isinstance(value, Unstored):
        raise value.problem()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
        raise CellProblem(f"the Excel error {value.strip()}")
    return str(value).strip()
