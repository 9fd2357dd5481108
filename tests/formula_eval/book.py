"""The workbook: every formula cell evaluated afresh from its precedents' formulas,
and the check that each agrees with the value the engine stored."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .functions import FUNCTIONS, Arg, _arithmetic, _compare, _logical, _number
from .syntax import (
    _CELL_PARTS,
    _COMPARISONS,
    Binary,
    Call,
    Literal,
    Node,
    Ref,
    Unary,
    _column,
    coordinate,
    parse,
)
from .values import BLANK, FormulaError, Key, Scalar, XlError, _Raised
from .xlsx import read_xlsx

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
