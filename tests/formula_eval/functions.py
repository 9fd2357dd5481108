"""Excel's coercions, operators and the supported functions, with Excel's semantics."""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Final

from .values import Scalar, XlError, _Blank, _fail, _Raised

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
