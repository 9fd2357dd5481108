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

import functools
import math
import operator
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final
from xml.etree import ElementTree

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
]

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


# -- tokens ---------------------------------------------------------------------------

_CELL = r"\$?[A-Za-z]{1,3}\$?[0-9]+"
_TOKEN = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<number>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)
  | (?P<string>"(?:[^"]|"")*")
  | (?P<error>\#DIV/0!|\#N/A|\#NAME\?|\#NULL!|\#NUM!|\#REF!|\#VALUE!)
  | (?P<function>(?:_xlfn\.|_xlws\.)?[A-Za-z][A-Za-z0-9_.]*(?=\())
  | (?P<ref>(?:(?P<sheet>'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!)?
            (?P<first>{_CELL})(?::(?P<last>{_CELL}))?(?![A-Za-z0-9_.(!:]))
  | (?P<name>[A-Za-z_\\][A-Za-z0-9_.]*)
  | (?P<op><>|<=|>=|[-+*/^=<>(),%&:])
    """,
    re.VERBOSE,
)
_CELL_PARTS = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]+)")


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # number, string, error, function, ref, bool, op, end
    text: str
    pos: int
    match: re.Match[str] | None = None


def tokenize(text: str) -> list[Token]:
    """The tokens of a formula (without its leading ``=``), ending with an ``end`` token.

    >>> [t.text for t in tokenize("SUM('My sheet'!$C$5:D6)>=1")]
    ['SUM', '(', "'My sheet'!$C$5:D6", ')', '>=', '1', '']
    """
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise FormulaError(f"unexpected character {text[pos]!r} at position {pos}")
        kind = str(m.lastgroup)
        if kind == "name":
            if m.group().upper() not in ("TRUE", "FALSE"):
                raise FormulaError(f"unsupported name {m.group()!r} (no defined names)")
            tokens.append(Token("bool", m.group().upper(), pos))
        elif kind != "ws":
            tokens.append(Token(kind, m.group(), pos, m if kind == "ref" else None))
        pos = m.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


def _column(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def coordinate(row: int, column: int) -> str:
    """``coordinate(5, 3) == "C5"``."""
    letters = ""
    while column:
        column, rem = divmod(column - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


# -- syntax tree ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Literal:
    value: Scalar


@dataclass(frozen=True, slots=True)
class Ref:
    """One cell, or a rectangular range when ``last_*`` differ from ``row``, ``col``."""

    sheet: str | None  # as written; None: the formula's own sheet
    row: int
    col: int
    last_row: int
    last_col: int

    @property
    def is_range(self) -> bool:
        return (self.row, self.col) != (self.last_row, self.last_col)


@dataclass(frozen=True, slots=True)
class Unary:
    op: str
    operand: Node


@dataclass(frozen=True, slots=True)
class Binary:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Node, ...]


Node = Literal | Ref | Unary | Binary | Call

_COMPARISONS: Final = frozenset({"=", "<>", "<", ">", "<=", ">="})
_ADDITIVE: Final = frozenset({"+", "-"})
_MULTIPLICATIVE: Final = frozenset({"*", "/"})
_POWER: Final = frozenset({"^"})


class _Parser:
    """Recursive descent over Excel's precedence, loosest first:
    comparison < (+ -) < (* /) < ^ < unary minus < primary."""

    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.i = 0
        self.range_at = -1  # the token where a range may stand: a whole argument of SUM...

    def take(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def at(self, ops: frozenset[str]) -> bool:
        token = self.tokens[self.i]
        return token.kind == "op" and token.text in ops

    def expect(self, text: str) -> None:
        token = self.take()
        if token.kind != "op" or token.text != text:
            raise FormulaError(f"expected {text!r} at position {token.pos}, found {token.text!r}")

    def formula(self) -> Node:
        node = self.comparison()
        token = self.tokens[self.i]
        if token.kind != "end":
            what = "operator" if token.kind == "op" else "token"
            raise FormulaError(f"unsupported {what} {token.text!r} at position {token.pos}")
        return node

    def comparison(self) -> Node:
        node = self.additive()
        while self.at(_COMPARISONS):
            node = Binary(self.take().text, node, self.additive())
        return node

    def additive(self) -> Node:
        node = self.term()
        while self.at(_ADDITIVE):
            node = Binary(self.take().text, node, self.term())
        return node

    def term(self) -> Node:
        node = self.power()
        while self.at(_MULTIPLICATIVE):
            node = Binary(self.take().text, node, self.power())
        return node

    def power(self) -> Node:
        node = self.unary()
        while self.at(_POWER):
            node = Binary(self.take().text, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.at(_ADDITIVE):
            op = self.take().text
            return Unary(op, self.unary())
        return self.primary()

    def primary(self) -> Node:
        start = self.i
        token = self.take()
        if token.kind == "number":
            return Literal(float(token.text))
        if token.kind == "string":
            return Literal(token.text[1:-1].replace('""', '"'))
        if token.kind == "bool":
            return Literal(token.text == "TRUE")
        if token.kind == "error":
            return Literal(XlError(token.text))
        if token.kind == "ref":
            ref = self.ref(token)
            if ref.is_range and not (start == self.range_at and self.at(_ARGUMENT_END)):
                raise FormulaError(
                    f"the range {token.text} is not a whole argument of "
                    f"{', '.join(n for n, f in FUNCTIONS.items() if f.ranges)}"
                )
            return ref
        if token.kind == "function":
            return self.call(token)
        if token.kind == "op" and token.text == "(":
            node = self.comparison()
            self.expect(")")
            return node
        raise FormulaError(f"unexpected {token.text or 'end'!r} at position {token.pos}")

    def ref(self, token: Token) -> Ref:
        m = token.match
        assert m is not None
        written = m.group("sheet")
        if written is not None and written.startswith("'"):
            written = written[1:-1].replace("''", "'")
        corners = []
        for part in (m.group("first"), m.group("last") or m.group("first")):
            cell = _CELL_PARTS.fullmatch(part)
            assert cell is not None
            corners.append((int(cell.group(2)), _column(cell.group(1))))
        (r1, c1), (r2, c2) = corners
        if min(r1, r2) < 1 or max(r1, r2) > 1_048_576 or max(c1, c2) > 16_384:
            raise FormulaError(f"invalid reference {token.text}")
        return Ref(written, min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))

    def call(self, token: Token) -> Node:
        name = token.text.upper().removeprefix("_XLFN.").removeprefix("_XLWS.")
        spec = FUNCTIONS.get(name)
        if spec is None:
            raise FormulaError(f"unsupported function {name}")
        self.expect("(")
        args: list[Node] = []
        outer = self.range_at
        while not (self.at(_CLOSE) and not args):
            if self.at(_ARGUMENT_END):
                raise FormulaError(
                    f"empty argument of {name} at position {self.tokens[self.i].pos}"
                )
            self.range_at = self.i if spec.ranges else -1
            args.append(self.comparison())
            if not self.at(_COMMA):
                break
            self.take()
        self.range_at = outer
        self.expect(")")
        low, high = spec.arity
        if len(args) < low or (high is not None and len(args) > high):
            raise FormulaError(f"{name} takes {spec.arity_text}, not {len(args)}")
        return Call(name, tuple(args))


_ARGUMENT_END: Final = frozenset({",", ")"})
_CLOSE: Final = frozenset({")"})
_COMMA: Final = frozenset({","})


@functools.cache
def parse(formula: str) -> Node:
    """The syntax tree of ``formula`` (with or without its leading ``=``); memoised, as
    many cells and workbooks share a formula's text.

    >>> parse("=-2^2")
    Binary(op='^', left=Unary(op='-', operand=Literal(value=2.0)), right=Literal(value=2.0))
    """
    text = formula[1:] if formula.startswith("=") else formula
    return _Parser(text).formula()


# -- coercions and operators ----------------------------------------------------------


_NUMERIC_TEXT = re.compile(r"\s*[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\s*")


def _number(value: Scalar) -> float:
    """A value in arithmetic: blank is 0, TRUE is 1, numeric text is its number."""
    if isinstance(value, XlError):
        raise _Raised(value)
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    if isinstance(value, _Blank):
        return 0.0
    if not _NUMERIC_TEXT.fullmatch(value):
        raise _fail("#VALUE!")
    return _finite(float(value))


def _logical(value: Scalar) -> bool:
    if isinstance(value, XlError):
        raise _Raised(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return value != 0.0
    if isinstance(value, _Blank):
        return False
    if value.upper() in ("TRUE", "FALSE"):
        return value.upper() == "TRUE"
    raise _fail("#VALUE!")


def _finite(x: float) -> float:
    if not math.isfinite(x):
        raise _fail("#NUM!")
    return x


def _arithmetic(op: str, a: float, b: float) -> float:
    if op == "+":
        return _finite(a + b)
    if op == "-":
        return _finite(a - b)
    if op == "*":
        return _finite(a * b)
    if op == "/":
        if b == 0.0:
            raise _fail("#DIV/0!")
        return _finite(a / b)
    # "^"
    if a == 0.0 and b <= 0.0:
        raise _fail("#NUM!" if b == 0.0 else "#DIV/0!")
    if a < 0.0 and not b.is_integer():
        raise _fail("#NUM!")
    try:
        return _finite(math.pow(a, b))
    except OverflowError:
        raise _fail("#NUM!") from None


def _rank(value: Scalar) -> int:
    """Excel's order of types in a comparison: numbers < text < logicals."""
    if isinstance(value, bool):
        return 2
    return 1 if isinstance(value, str) else 0


def _compare(op: str, a: Scalar, b: Scalar) -> bool:
    for v in (a, b):
        if isinstance(v, XlError):
            raise _Raised(v)
    zero: dict[int, Scalar] = {0: 0.0, 1: "", 2: False}
    if isinstance(a, _Blank) and isinstance(b, _Blank):
        a = b = 0.0
    elif isinstance(a, _Blank):
        a = zero[_rank(b)]
    elif isinstance(b, _Blank):
        b = zero[_rank(a)]
    ka = (_rank(a), a.casefold() if isinstance(a, str) else a)
    kb = (_rank(b), b.casefold() if isinstance(b, str) else b)
    return bool(_ORDER[op](ka, kb))


_ORDER: Final[dict[str, Callable[[Any, Any], Any]]] = {
    "=": operator.eq,
    "<>": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
}


# -- functions ------------------------------------------------------------------------

Grid = list[list[Scalar]]


@dataclass(frozen=True)
class Arg:
    """A function argument: a scalar value, or the cells of a reference (a 2-D grid).

    Excel treats the two differently: SUM("3") is 3 but SUM(A1) with "3" in A1 is 0.
    """

    value: Scalar | None = None
    cells: Grid | None = None


@dataclass(frozen=True)
class Function:
    """A supported function: how many arguments, whether a range may be one, and what
    it does with its arguments' values."""

    arity: tuple[int, int | None]  # at least, at most (None: any number)
    ranges: bool
    apply: Callable[[Sequence[Arg]], Scalar] | None

    @property
    def arity_text(self) -> str:
        low, high = self.arity
        if high == low:
            return f"{low} argument{'s' * (low != 1)}"
        return f"{low} to {high} arguments" if high is not None else f"{low} or more arguments"


def _numbers(args: Sequence[Arg]) -> Iterator[float]:
    """The numbers a SUM/MIN/MAX sees: in references only numbers (text, logicals and
    blanks skipped); as direct arguments, logicals and numeric text count too."""
    for arg in args:
        if arg.cells is not None:
            for row in arg.cells:
                for v in row:
                    if isinstance(v, XlError):
                        raise _Raised(v)
                    if isinstance(v, float):  # not text, logicals or blanks
                        yield v
        else:
            assert arg.value is not None
            yield _number(arg.value)


def _logicals(args: Sequence[Arg]) -> list[bool]:
    out: list[bool] = []
    for arg in args:
        if arg.cells is not None:
            for row in arg.cells:
                for v in row:
                    if isinstance(v, XlError):
                        raise _Raised(v)
                    if isinstance(v, bool | float):
                        out.append(_logical(v))
        else:
            assert arg.value is not None
            out.append(_logical(arg.value))
    if not out:
        raise _fail("#VALUE!")
    return out


def _scalar(arg: Arg) -> Scalar:
    if arg.value is not None:
        return arg.value
    assert arg.cells is not None and len(arg.cells) == 1 and len(arg.cells[0]) == 1
    return arg.cells[0][0]


def _round(args: Sequence[Arg]) -> float:
    x = _number(_scalar(args[0]))
    digits = int(_number(_scalar(args[1])))  # Excel truncates the digits toward zero
    try:
        exact = Decimal(repr(x)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than a float holds: nothing to round
        return x
    return float(exact) + 0.0  # half away from zero, on x's shortest decimal; never -0.0


def _sumproduct(args: Sequence[Arg]) -> float:
    grids = [a.cells if a.cells is not None else [[_scalar(a)]] for a in args]
    shape = (len(grids[0]), len(grids[0][0]))
    if any((len(g), len(g[0])) != shape for g in grids):
        raise _fail("#VALUE!")
    total = 0.0
    for r in range(shape[0]):
        for c in range(shape[1]):
            product = 1.0
            for g in grids:
                v = g[r][c]
                if isinstance(v, XlError):
                    raise _Raised(v)
                product *= v if isinstance(v, float) else 0.0  # text, logicals, blanks: 0
            total += product
    return _finite(total)


FUNCTIONS: Final[dict[str, Function]] = {
    "SUM": Function((1, None), True, lambda args: _finite(math.fsum(_numbers(args)))),
    "MIN": Function((1, None), True, lambda args: min(_numbers(args), default=0.0)),
    "MAX": Function((1, None), True, lambda args: max(_numbers(args), default=0.0)),
    "AND": Function((1, None), True, lambda args: all(_logicals(args))),
    "OR": Function((1, None), True, lambda args: any(_logicals(args))),
    "SUMPRODUCT": Function((1, None), True, _sumproduct),
    "NOT": Function((1, 1), False, lambda args: not _logical(_scalar(args[0]))),
    "ABS": Function((1, 1), False, lambda args: abs(_number(_scalar(args[0])))),
    "ROUND": Function((2, 2), False, _round),
    "IF": Function((1, 3), False, None),  # lazy: evaluated by Book._eval
}
"""The supported functions; anything else is a :class:`FormulaError`."""


# -- reading an .xlsx -------------------------------------------------------------------

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# the built-in number formats in brackets for negatives (ids 37 to 40)
_BUILTIN_ACCOUNTING = frozenset({37, 38, 39, 40})
_ACCOUNTING = re.compile(r";(\[[^\]]*\])?\(")


@dataclass
class XlsxContents:
    """A workbook's cells, as :func:`read_xlsx` finds them."""

    sheets: list[str]
    constants: dict[Key, Any]
    formulas: dict[Key, str]
    stored: dict[Key, Any]  # a formula cell's stored result: None when there is none
    money: set[Key]  # formula cells in an accounting number format


def read_xlsx(path: str | Path) -> XlsxContents:
    """Read every sheet's cells straight from the file's XML: constants, formulas (as
    ``"=..."``), the results stored for the formulas, and which formula cells are money.

    A cell is money when its number format shows negatives in brackets (the writer's
    money formats). This reads in one pass what openpyxl reads in two (formulas, then
    ``data_only``), several times faster; ``test_formula_check`` checks that the two
    agree. Shared and array formulas raise :class:`FormulaError` (XlsxWriter writes
    neither).
    """
    with zipfile.ZipFile(path) as z:

        def xml(name: str) -> ElementTree.Element:
            return ElementTree.fromstring(z.read(name))

        targets = {
            r.get("Id"): r.get("Target", "")
            for r in xml("xl/_rels/workbook.xml.rels").iter(f"{_PKG}Relationship")
        }
        strings = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in xml("xl/sharedStrings.xml").iter(f"{_MAIN}si"):
                runs = si.findall(f"{_MAIN}t") + si.findall(f"{_MAIN}r/{_MAIN}t")
                strings.append("".join(t.text or "" for t in runs))  # not phonetic runs
        styles = xml("xl/styles.xml")
        codes = {
            int(f.get("numFmtId", "0")): f.get("formatCode", "")
            for f in styles.iter(f"{_MAIN}numFmt")
        }
        xfs = styles.find(f"{_MAIN}cellXfs")
        accounting = [
            int(xf.get("numFmtId", "0")) in _BUILTIN_ACCOUNTING
            or bool(_ACCOUNTING.search(codes.get(int(xf.get("numFmtId", "0")), "")))
            for xf in (xfs if xfs is not None else [])
        ]
        out = XlsxContents([], {}, {}, {}, set())
        for sheet in xml("xl/workbook.xml").iter(f"{_MAIN}sheet"):
            name = sheet.get("name", "")
            target = targets[sheet.get(f"{_REL}id")]
            member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            out.sheets.append(name)
            for c in xml(member).iter(f"{_MAIN}c"):
                _read_cell(c, name, strings, accounting, out)
    return out


def _read_cell(
    c: ElementTree.Element,
    sheet: str,
    strings: list[str],
    accounting: list[bool],
    out: XlsxContents,
) -> None:
    ref = _CELL_PARTS.fullmatch(c.get("r", ""))
    if ref is None:
        raise FormulaError(f"{sheet}: a cell without its reference ({c.get('r')!r})")
    key = (sheet, int(ref.group(2)), _column(ref.group(1)))
    kind = c.get("t", "n")
    v = c.findtext(f"{_MAIN}v")
    if kind == "inlineStr":
        value: Any = "".join(t.text or "" for t in c.iter(f"{_MAIN}t"))
    elif v is None:
        value = None
    elif kind == "n" and v == "":  # XlsxWriter stores a formula's empty text result so
        value = ""
    elif kind == "n":
        value = float(v)
    elif kind == "s":
        value = strings[int(v)]
    elif kind == "b":
        value = v == "1"
    elif kind == "e":
        value = XlError(v)
    elif kind == "str":
        value = v
    else:  # "d", an ISO date
        raise FormulaError(f"{sheet}!{c.get('r')}: unsupported cell type {kind!r}")
    f = c.find(f"{_MAIN}f")
    if f is None:
        if value is not None:
            out.constants[key] = value
        return
    if f.get("t", "normal") != "normal" or not f.text:
        raise FormulaError(
            f"{sheet}!{c.get('r')}: unsupported {f.get('t', 'empty')} formula {f.text!r}"
        )
    out.formulas[key] = "=" + f.text
    out.stored[key] = value
    style = int(c.get("s", "0"))
    if style < len(accounting) and accounting[style]:
        out.money.add(key)


# -- the workbook -----------------------------------------------------------------------


def _constant(value: Any) -> Scalar:
    """An input cell's value as the evaluator sees it."""
    if value is None:
        return BLANK
    if isinstance(value, bool | str | XlError):
        return value
    if isinstance(value, int | float):
        return float(value)
    raise FormulaError(f"unsupported cell value {value!r} ({type(value).__name__})")


class Book:
    """A workbook's input cells and formulas; formulas are evaluated on demand, memoised.

    Parameters
    ----------
    constants : mapping of (sheet, row, column) to a value
        Input cells: numbers, text, logicals, :class:`XlError`; None is blank.
    formulas : mapping of (sheet, row, column) to formula text
        Formula cells, each ``"=..."``.
    stored : mapping of (sheet, row, column) to a value, optional
        The results stored in the file for the formula cells, for :meth:`check` only.
    money : set of keys, optional
        The formula cells that hold money, for :meth:`check`'s tolerance.
    sheets : sequence of str, optional
        The sheet names in workbook order (sheets with no cells included).

    A formula cell's value is always computed from its own formula, bottoming out at
    input cells: ``stored`` is never read to evaluate anything.
    """

    def __init__(
        self,
        constants: Mapping[Key, Any],
        formulas: Mapping[Key, str],
        stored: Mapping[Key, Any] | None = None,
        money: Iterable[Key] = (),
        sheets: Sequence[str] = (),
    ) -> None:
        names = [*sheets, *(k[0] for k in (*constants, *formulas))]
        self.sheets: dict[str, str] = {}  # case-blind, in workbook order
        for name in names:
            self.sheets.setdefault(name.casefold(), name)
        self.constants = {k: _constant(v) for k, v in constants.items() if v is not None}
        self.formulas = dict(formulas)
        self.stored = dict(stored or {})
        self.money = set(money)
        self._memo: dict[Key, Scalar] = {}

    @classmethod
    def load(cls, path: str | Path) -> Book:
        """The workbook at ``path``, read by :func:`read_xlsx`."""
        x = read_xlsx(path)
        return cls(x.constants, x.formulas, x.stored, x.money, x.sheets)

    def set_constant(self, sheet: str, coord: str, value: Any) -> None:
        """Change an input cell (in memory); every evaluated result is forgotten."""
        key = self.key(sheet, coord)
        if key in self.formulas:
            raise ValueError(f"{sheet}!{coord} is a formula cell, not an input")
        self.constants[key] = _constant(value)
        self._memo.clear()

    def key(self, sheet: str, coord: str) -> Key:
        """``book.key("summary", "C2") == ("Summary", 2, 3)``."""
        m = _CELL_PARTS.fullmatch(coord)
        if m is None:
            raise ValueError(f"not a cell: {coord!r}")
        return (self._sheet(sheet), int(m.group(2)), _column(m.group(1)))

    def _sheet(self, name: str) -> str:
        try:
            return self.sheets[name.casefold()]
        except KeyError:
            raise FormulaError(f"no sheet named {name!r}") from None

    def _located(self, key: Key, problem: object) -> FormulaError:
        """An error naming the cell ``key`` and its formula."""
        sheet, row, col = key
        cell = f"{sheet}!{coordinate(row, col)}"
        return FormulaError(f"{cell}: {self.formulas[key]}: {problem}", cell=cell)

    # -- evaluation -----------------------------------------------------------------------
    def value(self, sheet: str, coord: str) -> Scalar:
        """A cell's value: an input's own, or a formula's evaluated result.

        >>> Book({("S", 1, 1): 3.0}, {("S", 1, 2): "=A1*2"}).value("s", "B1")
        6.0
        """
        return self._cell(self.key(sheet, coord))

    def evaluate(self, formula: str, sheet: str) -> Scalar:
        """A formula that is in no cell, as if on ``sheet``."""
        own = self._sheet(sheet)
        try:
            return self._result(self._eval(parse(formula), own))
        except _Raised as e:
            return e.error

    def tree(self, key: Key) -> Node:
        """The formula of ``key``, parsed."""
        try:
            return parse(self.formulas[key])
        except FormulaError as e:
            raise self._located(key, e) from e

    def _where(self, ref: Ref, own: str) -> str:
        """The sheet ``ref`` is on, as the book spells it, for a formula on ``own``."""
        return own if ref.sheet is None else self._sheet(ref.sheet)

    def _cell(self, key: Key) -> Scalar:
        if key in self.formulas:
            if key not in self._memo:
                self._ensure(key)
            return self._memo[key]
        return self.constants.get(key, BLANK)

    def _precedents(self, key: Key) -> Iterator[Key]:
        """The formula cells ``key`` refers to, through any branch of its formula."""
        stack = [self.tree(key)]
        while stack:
            node = stack.pop()
            if isinstance(node, Ref):
                try:
                    sheet = self._where(node, key[0])
                except FormulaError as e:
                    raise self._located(key, e) from e
                for r in range(node.row, node.last_row + 1):
                    for c in range(node.col, node.last_col + 1):
                        if (sheet, r, c) in self.formulas:
                            yield (sheet, r, c)
            elif isinstance(node, Unary):
                stack.append(node.operand)
            elif isinstance(node, Binary):
                stack += (node.right, node.left)
            elif isinstance(node, Call):
                stack += reversed(node.args)

    def _ensure(self, key: Key) -> None:
        """Evaluate ``key`` after its precedents, depth first without recursion (so that a
        long chain of references cannot overflow Python's stack); a cycle is an error,
        even one through an IF branch not taken."""
        path: list[tuple[Key, Iterator[Key]]] = [(key, self._precedents(key))]
        on_path = {key}
        while path:
            k, precedents = path[-1]
            for p in precedents:
                if p in self._memo:
                    continue
                if p in on_path:
                    cycle = f"{p[0]}!{coordinate(p[1], p[2])}"
                    raise self._located(k, f"a circular reference through {cycle}")
                path.append((p, self._precedents(p)))
                on_path.add(p)
                break
            else:
                path.pop()
                on_path.discard(k)
                try:
                    self._memo[k] = self._result(self._eval(self.tree(k), k[0]))
                except _Raised as e:
                    self._memo[k] = e.error
                except FormulaError as e:
                    raise self._located(k, e) from e

    @staticmethod
    def _result(value: Scalar) -> Scalar:
        """A formula's result: a blank becomes 0, as Excel shows ``=A1`` of a blank A1."""
        return 0.0 if value is BLANK else value

    def _eval(self, node: Node, own: str) -> Scalar:
        """The value of a parsed formula on the sheet ``own``."""
        if isinstance(node, Literal):
            return node.value
        if isinstance(node, Ref):
            value = self._cell((self._where(node, own), node.row, node.col))
            if isinstance(value, XlError):
                raise _Raised(value)
            return value
        if isinstance(node, Binary):
            a = self._eval(node.left, own)
            b = self._eval(node.right, own)
            if node.op in _COMPARISONS:
                return _compare(node.op, a, b)
            return _arithmetic(node.op, _number(a), _number(b))
        if isinstance(node, Unary):
            x = _number(self._eval(node.operand, own))
            return -x if node.op == "-" else x
        if node.name == "IF":  # lazy: only the branch taken is evaluated
            if _logical(self._eval(node.args[0], own)):
                return self._eval(node.args[1], own) if len(node.args) > 1 else True
            return self._eval(node.args[2], own) if len(node.args) > 2 else False
        apply = FUNCTIONS[node.name].apply
        assert apply is not None
        return apply([self._arg(a, own) for a in node.args])

    def _arg(self, node: Node, own: str) -> Arg:
        """A function argument: a reference keeps its cells (SUM skips text in them)."""
        if isinstance(node, Ref):
            sheet = self._where(node, own)
            cells = [
                [self._cell((sheet, r, c)) for c in range(node.col, node.last_col + 1)]
                for r in range(node.row, node.last_row + 1)
            ]
            return Arg(cells=cells)
        return Arg(value=self._eval(node, own))

    # -- the check ------------------------------------------------------------------------
    def check(self, money_scale: float) -> CheckResult:
        """Evaluate every formula cell of every sheet and compare it with its stored result.

        ``money_scale`` is pounds per money unit (1, 1e3 or 1e6): a money cell's
        absolute tolerance is one penny, ``0.01 / money_scale`` (see :func:`agrees`).
        """
        order = {name: i for i, name in enumerate(self.sheets.values())}
        disagreements = []
        for key in sorted(self.formulas, key=lambda k: (order[k[0]], k[1], k[2])):
            evaluated = self._cell(key)
            stored = self.stored.get(key)
            floor = 0.01 / money_scale if key in self.money else 1e-9
            if not agrees(evaluated, stored, floor):
                sheet, row, col = key
                disagreements.append(
                    Disagreement(sheet, coordinate(row, col), self.formulas[key], evaluated, stored)
                )
        return CheckResult(len(self.formulas), disagreements)


def agrees(evaluated: Scalar, stored: Any, floor: float) -> bool:
    """Whether an evaluated result agrees with the stored one.

    Numbers agree within ``max(1e-9 * |stored|, floor)``. The relative part allows for
    the formulas and the engine adding the same terms in a different order (float
    rounding of ~1e-16 per operation, over chains of dozens of operations, is orders of
    magnitude below 1e-9) while any modelling difference (a year, a rate, a sign) moves
    a result by far more. The absolute ``floor`` covers results near zero that are
    differences of large numbers (a gap, a bridge step), whose rounding error scales
    with the operands, not the result: one penny for money cells, 1e-9 for indices,
    shares, volumes and FTE (a rate per head is about 0.004, so an absolute 1e-6 would
    hide a relative error of 2.5e-4). For money, 1e-9 of a £165m budget is 17p: the
    check is at the level of pennies everywhere. Text, logicals and errors must match
    exactly.
    """
    if isinstance(stored, int | float) and not isinstance(stored, bool):
        if not isinstance(evaluated, float) or isinstance(evaluated, bool):
            return False
        return abs(evaluated - stored) <= max(1e-9 * abs(stored), floor)
    if isinstance(stored, str) and isinstance(evaluated, XlError):  # as openpyxl reads one
        return stored == evaluated.code
    return (
        isinstance(stored, bool | str | XlError)
        and type(evaluated) is type(stored)
        and (evaluated == stored)
    )


@dataclass(frozen=True)
class Disagreement:
    """A formula cell whose evaluated result differs from its stored one."""

    sheet: str
    cell: str
    formula: str
    evaluated: Scalar
    stored: Any

    def __str__(self) -> str:
        return (
            f"{self.sheet}!{self.cell} {self.formula}: evaluated {self.evaluated!r}, "
            f"stored {self.stored!r}"
        )


@dataclass(frozen=True)
class CheckResult:
    """How many formula cells were checked, and those that disagree, in sheet order."""

    checked: int
    disagreements: list[Disagreement]

    def report(self, limit: int = 20) -> str:
        """The first ``limit`` disagreements, one a line."""
        lines = [str(d) for d in self.disagreements[:limit]]
        more = len(self.disagreements) - limit
        if more > 0:
            lines.append(f"... and {more} more")
        return f"{len(self.disagreements)} of {self.checked} formula cells disagree:\n" + (
            "\n".join(lines)
        )


def check_workbook(path: str | Path, money_scale: float) -> CheckResult:
    """Load ``path`` and check every formula cell of every sheet against its stored value."""
    return Book.load(path).check(money_scale)
