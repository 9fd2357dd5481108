"""An independent, in-process evaluator of the Excel formula subset the results workbook uses.

The check it supports: every formula cell of a workbook, evaluated afresh from its
precedents' *formulas* (never from another formula cell's stored result), agrees
with the value stored in the file by the engine. A formula form this module does
not know (an unknown function, an operator such as ``&`` or ``%``, a defined name,
an array formula) raises :class:`FormulaError` naming the cell and the formula, so
a new kind of formula fails the check loudly instead of passing unexamined.

Supported, with Excel's semantics:

- literals: numbers (``1``, ``2.5``, ``.5``, ``1E-3``), strings (``""``, ``"a""b"``),
  ``TRUE``/``FALSE`` and error literals (``#DIV/0!``...);
- references ``C5``, ``$C$5``, ``Sheet!C5``, ``'My sheet'!C5`` and ranges
  ``Sheet!D2:D40`` (ranges only as arguments of SUM, MIN, MAX, AND, OR and
  SUMPRODUCT: implicit intersection and array arithmetic are not supported);
- operators, loosest first: comparisons ``= <> < > <= >=``; ``+ -``; ``* /``; ``^``
  (left-associative, as in Excel); unary ``-``/``+``, which binds tighter than
  ``^`` (so ``-2^2`` is 4, as in Excel);
- functions SUM, MIN, MAX, IF, ABS, ROUND, AND, OR, NOT, SUMPRODUCT.

Blank cells are 0 in arithmetic and match the "zero" of the other side in a
comparison: a blank cell ``= ""`` and ``= 0`` are both TRUE, while ``0 = ""`` is
FALSE (a number never equals text). A formula whose result is a blank cell is 0.
Text compares case-insensitively and orders after numbers, logicals after text.
Excel's errors (``#DIV/0!``, ``#VALUE!``, ``#NUM!``...) are values that propagate.
Numbers compare exactly (Excel rounds some comparisons at 15 significant digits).

Examples
--------
>>> book = Book({("S", 1, 1): 2.0, ("S", 1, 2): None}, {("S", 2, 1): "=-S!A1^2+SUM(A1:B1)"})
>>> book.value("S", "A2")
6.0
>>> book.value("S", "B1") is BLANK, book.evaluate('=B1=""', "S"), book.evaluate('=0=""', "S")
(True, True, False)
"""

from __future__ import annotations

from .book import Book, CheckResult, Disagreement, agrees, check_workbook
from .syntax import Binary, Call, Literal, Node, Ref, Unary, coordinate, parse, tokenize
from .values import BLANK, FormulaError, Scalar, XlError
from .xlsx import read_xlsx

__all__ = [
    "BLANK",
    "Binary",
    "Book",
    "Call",
    "CheckResult",
    "Disagreement",
    "FormulaError",
    "Literal",
    "Node",
    "Ref",
    "Scalar",
    "Unary",
    "XlError",
    "agrees",
    "check_workbook",
    "coordinate",
    "parse",
    "read_xlsx",
    "tokenize",
]
