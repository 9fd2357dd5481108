"""Reading one cell's value as a finance user meant it."""

from __future__ import annotations

import math
import re
from typing import Any

from .._validate import MAX_MAGNITUDE

__all__ = [
    "EXCEL_ERRORS",
    "MAX_MAGNITUDE",
    "CellProblem",
    "Unstored",
    "as_number",
    "as_text",
    "is_blank",
]

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
_MAX_DIGITS = 18
# A number typed as text, read only when its meaning is certain: one optional sign or
# a pair of brackets (accountants' negative), an optional £, digits with or without
# thousands commas in threes, a decimal part, an optional % (inside or outside the
# brackets). No exponents, no second sign, no unbalanced bracket.
_TEXT_NUMBER = re.compile(
    r"""^(?P<open>\()?
        (?P<sign>[-+])?
        (?P<pound>£)?
        (?P<sign2>[-+])?
        (?P<whole>\d{1,3}(?:,\d{3})+|\d+)?
        (?P<fraction>\.\d+)?
        (?P<pct>%)?
        (?P<close>\))?
        (?P<pct2>%)?$""",
    re.VERBOSE,
)
_SPACE_AFTER = re.compile(r"(?<=[£(+\-])\s+|\s+(?=[%)])")


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
    return value is None or (type(value) is str and not value.strip())


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _finite(number: float, shown: str) -> float:
    if not math.isfinite(number):
        raise CellProblem(f"{shown} (not a finite number)")
    if abs(number) > MAX_MAGNITUDE:
        raise CellProblem(f"{shown} (larger than {MAX_MAGNITUDE:,.0f}, surely a typing error)")
    return number


def _text_number(text: str) -> float:
    compact = _SPACE_AFTER.sub("", text.replace("\u2212", "-").replace("\u00a0", " ").strip())
    m = _TEXT_NUMBER.match(compact)
    if m is None:
        raise CellProblem(f"the text {_short(text)}")
    g = m.groupdict()
    digits = sum(ch.isdigit() for ch in compact)
    if (
        not (g["whole"] or g["fraction"])
        or bool(g["open"]) != bool(g["close"])
        or (g["open"] and (g["sign"] or g["sign2"]))
        or (g["sign"] and g["sign2"])
        or (g["pct"] and g["pct2"])
    ):
        raise CellProblem(f"the text {_short(text)}, whose meaning as a number is not certain")
    if digits > _MAX_DIGITS:
        raise CellProblem(f"the text {_short(text)} ({digits} digits, too long for a number)")
    number = float((g["whole"] or "0").replace(",", "") + (g["fraction"] or ""))
    if g["open"] or "-" in (g["sign"] or "", g["sign2"] or ""):
        number = -number
    if g["pct"] or g["pct2"]:
        number /= 100.0
    return _finite(number, f"the text {_short(text)}")


def as_number(value: Any) -> float | None:
    """A number, or None for a blank cell.

    Text is read only when its meaning is certain: ``"1,801"`` is 1801, ``"3%"``
    is 0.03, ``"£2,500"`` is 2500, ``"(150)"`` is -150. Anything else
    (``"--286"``, ``"(1600"``, ``"1e999"``, ``"nan"``), a non-finite number, or one
    above `MAX_MAGNITUDE` raises `CellProblem`.

    Examples
    --------
    >>> as_number("1,801"), as_number("3%"), as_number("(1,250.5)"), as_number("  ")
    (1801.0, 0.03, -1250.5, None)
    >>> as_number("--286")
    Traceback (most recent call last):
    ...
    budgetmodel.excel.cells.CellProblem: the text '--286', whose meaning as a number is not certain
    """
    kind = type(value)
    if kind is float:  # the common case first
        if value - value == 0.0 and -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE:
            return value  # type: ignore[no-any-return]
        return _finite(value, repr(value))
    if is_blank(value):
        return None
    if isinstance(value, Unstored):
        raise value.problem()
    if isinstance(value, bool):
        raise CellProblem(f"{value!r} (a true/false value)")
    if isinstance(value, int):
        if abs(value) > MAX_MAGNITUDE:
            digits = len(str(abs(value)))
            raise CellProblem(f"a {digits}-digit number (larger than {MAX_MAGNITUDE:,.0f})")
        return float(value)
    if isinstance(value, float):
        return _finite(value, repr(value))
    if isinstance(value, str):
        text = value.strip()
        if text.upper() in EXCEL_ERRORS:
            raise CellProblem(f"the Excel error {text}")
        return _text_number(text)
    raise CellProblem(f"{str(value)[:40]!r} ({type(value).__name__})")


def as_text(value: Any) -> str | None:
    """Text, or None for a blank cell; a whole number becomes ``"2"``, not ``"2.0"``."""
    if type(value) is str:  # the common case first
        text = value.strip()
        if not text:
            return None
        if text[0] == "#" and text.upper() in EXCEL_ERRORS:
            raise CellProblem(f"the Excel error {text}")
        return text
    if is_blank(value):
        return None
    if isinstance(value, Unstored):
        raise value.problem()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
        raise CellProblem(f"the Excel error {value.strip()}")
    return str(value).strip()
