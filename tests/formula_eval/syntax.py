"""Formulas as tokens and as a syntax tree: the references, operators and calls
the results workbook uses."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Final

from .functions import FUNCTIONS
from .values import FormulaError, Scalar, XlError

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
