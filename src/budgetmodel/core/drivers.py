"""Demand-driver methods (DESIGN.md, "Demand drivers"): each one numpy kernel and
its spreadsheet formula, side by side, so the engine and the results workbook
follow one definition.

A method projects one driver in one pass. `Method.project` takes the base
volume ``V[0]`` (a scalar) and ``(D, T)`` arrays (draws first, years last) and
returns every row the workbook shows: the method's own working rows (a rate per
head, a share, a stock), ``volume`` (the costed volume) and ``stock`` (the
figure at 31 March). `Method.formula` gives the same row's cell at year
``t`` as spreadsheet text, with every operand found through ``ref`` (see
`Ref`), so the method never knows where a cell is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from ._ref import Ref, need
from .inflation import price_index

Array = NDArray[np.float64]

__all__ = [
    "METHODS",
    "METHOD_OF",
    "Inputs",
    "Method",
    "Ref",
    "effect_formula",
    "effect_multiplier",
    "share_path",
    "stock_path",
]


@dataclass(frozen=True)
class Inputs:
    """What one driver's projection reads in one pass (arrays ``(D, T)``)."""

    base_volume: float
    params: Mapping[str, Array]
    basis: Array | None = None  # a basis driver's volume in the same pass
    bases: tuple[Array, ...] = ()  # the volumes a sum adds up
    basis_base_volume: float = 0.0
    population: Array | None = None  # (T,) a basis population


def _kept(prev: str, change: str | None) -> str:
    """``prev*(1+change)``, or ``prev`` where the change row is absent (0)."""
    return f"{prev}*(1+{change})" if change else prev


class Method:
    """One driver method: its parameters, working rows, kernel and formulas."""

    name: str = ""
    #: The DriverAssumptions parameters this method reads.
    parameters: tuple[str, ...] = ()
    #: Working rows shown on the calculation sheet, besides ``volume``.
    steps: tuple[str, ...] = ()
    #: What its ``basis`` names: ``"population"``, ``"driver"``, ``"drivers"`` (a
    #: comma-separated list) or ``""`` (none).
    basis: str = ""
    #: Whether the basis may be left blank.
    basis_optional: bool = False
    #: Whether the working rows read the basis (so a pass that changes the basis has
    #: working rows of its own).
    steps_read_basis: bool = False
    #: What a blank projection-year cell (or an absent row) means, by parameter:
    #: a number, or NaN for "hold last year's value"; a parameter not here is required.
    blank: Mapping[str, float] = MappingProxyType({})

    def project(self, x: Inputs) -> dict[str, Array]:
        """Every row of the projection: the working rows, ``volume`` and ``stock``."""
        raise NotImplementedError

    def formula(self, row: str, t: int, ref: Ref) -> str:
        """The spreadsheet text (without ``=``) of ``row`` in year ``t``."""
        raise NotImplementedError


class Growth(Method):
    """``V[t] = V[t-1] * (1 + g[t])``.

    Examples
    --------
    >>> Growth().project(Inputs(100.0, {"growth": np.array([[0.0, 0.1, -0.5]])}))["volume"]
    array([[100., 110.,  55.]])
    >>> ref = {("base_volume", 0): "B2", ("param:growth", 1): "C9", ("volume", 0): "D4"}
    >>> Growth().formula("volume", 1, lambda n, t: ref.get((n, t)))
    'D4*(1+C9)'
    """

    name, parameters = "growth", ("growth",)
    blank = MappingProxyType({"growth": 0.0})

    def project(self, x: Inputs) -> dict[str, Array]:
        v = x.base_volume * price_index(x.params["growth"])
        return {"volume": v, "stock": v}

    def formula(self, row: str, t: int, ref: Ref) -> str:
        if t == 0:
            return need(ref, "base_volume", 0)
        return _kept(need(ref, "volume", t - 1), ref("param:growth", t))


class Rate(Method):
    """``R[0] = V[0] / P[0]``, ``R[t] = R[t-1] * (1 + rate_change[t])``, ``V[t] = R[t] * P[t]``.

    Examples
    --------
    >>> x = Inputs(50.0, {"rate_change": np.array([[0.0, 0.1]])},
    ...            population=np.array([1000.0, 1100.0]))
    >>> Rate().project(x)["volume"]
    array([[50. , 60.5]])
    """

    name, parameters, steps, basis = "rate", ("rate_change",), ("rate",), "population"
    blank = MappingProxyType({"rate_change": 0.0})

    def project(self, x: Inputs) -> dict[str, Array]:
        assert x.population is not None
        rate = (x.base_volume / x.population[..., :1]) * price_index(x.params["rate_change"])
        v = rate * x.population
        return {"rate": rate, "volume": v, "stock": v}

    def formula(self, row: str, t: int, ref: Ref) -> str:
        if row == "rate":
            if t == 0:
                return f"{need(ref, 'base_volume', 0)}/{need(ref, 'population', 0)}"
            return _kept(need(ref, "rate", t - 1), ref("param:rate_change", t))
        return f"{need(ref, 'rate', t)}*{need(ref, 'population', t)}"


def _hold_forward(values: Array) -> Array:
    """Replace each NaN with the last non-NaN value before it on the last axis (in
    place when every value after the first is NaN)."""
    filled = ~np.isnan(values)
    if filled.all():
        return values
    if not filled[..., 1:].any():  # every later value held: the first, throughout
        values[..., 1:] = values[..., :1]
        return values
    position = np.where(filled, np.arange(values.shape[-1]), 0)
    np.maximum.accumulate(position, axis=-1, out=position)
    return np.take_along_axis(values, position, axis=-1)


def share_path(v0: float, basis_v0: float, share: Array) -> Array:
    """``S[0] = V[0] / V[q, 0]``, then ``share[t]``, a NaN holding ``S[t-1]``.

    Examples
    --------
    >>> share_path(25.0, 100.0, np.array([[np.nan, np.nan, 0.5]]))
    array([[0.25, 0.25, 0.5 ]])
    """
    s = np.array(share, dtype=np.float64, copy=True)
    s[..., 0] = v0 / basis_v0
    return _hold_forward(s)


class Share(Method):
    """``S[0] = V[0] / V[q, 0]``, ``S[t] = share[t]`` (a blank holds ``S[t-1]``),
    ``V[t] = S[t] * V[q, t]``.

    Examples
    --------
    >>> x = Inputs(25.0, {"share": np.array([[np.nan, np.nan, 0.5]])},
    ...            basis=np.array([[100.0, 200.0, 300.0]]), basis_base_volume=100.0)
    >>> Share().project(x)["volume"]
    array([[ 25.,  50., 150.]])
    """

    name, parameters, steps, basis = "share", ("share",), ("share",), "driver"
    blank = MappingProxyType({"share": np.nan})

    def project(self, x: Inputs) -> dict[str, Array]:
        assert x.basis is not None
        share = share_path(x.base_volume, x.basis_base_volume, x.params["share"])
        v = share * x.basis
        return {"share": share, "volume": v, "stock": v}

    def formula(self, row: str, t: int, ref: Ref) -> str:
        if row == "share":
            if t == 0:
                return f"{need(ref, 'base_volume', 0)}/{need(ref, 'basis_base_volume', 0)}"
            prev, given = need(ref, "share", t - 1), ref("param:share", t)
            return f'IF({given}="",{prev},{given})' if given else prev
        return f"{need(ref, 'share', t)}*{need(ref, 'basis', t)}"


def stock_path(v0: float, entries: Array, exit_rate: Array) -> Array:
    """The stock at each year end: ``S[0] = V[0]``, ``S[t] = S[t-1] * (1 - x[t]) + E[t]``.

    Examples
    --------
    >>> stock_path(100.0, np.array([[0.0, 30.0, 30.0]]), np.array([[0.0, 0.2, 0.5]]))
    array([[100., 110.,  85.]])
    """
    shape = np.broadcast_shapes(entries.shape, exit_rate.shape)
    stock = np.empty(shape)
    stock[..., 0] = v0
    for t in range(1, shape[-1]):
        stock[..., t] = stock[..., t - 1] * (1.0 - exit_rate[..., t]) + entries[..., t]
    return stock


class StockFlow(Method):
    """Stock ``S[t] = S[t-1] * (1 - x[t]) + E[t]`` from ``S[0] = V[0]``; costed volume
    ``V[0] = S[0]``, ``V[t] = (S[t-1] + S[t]) / 2``. Entries ``E`` are the ``entries``
    parameter, or the volume of a basis driver (an entries driver) when one is named.

    Examples
    --------
    >>> x = Inputs(100.0, {"entries": np.array([[0.0, 30.0, 30.0]]),
    ...                    "exit_rate": np.array([[0.0, 0.2, 0.5]])})
    >>> rows = StockFlow().project(x)
    >>> rows["year_end"], rows["volume"]
    (array([[100., 110.,  85.]]), array([[100. , 105. ,  97.5]]))
    """

    name, parameters, steps = "stock_flow", ("entries", "exit_rate"), ("year_end",)
    basis, basis_optional, steps_read_basis = "driver", True, True
    blank = MappingProxyType({"exit_rate": 0.0})

    def project(self, x: Inputs) -> dict[str, Array]:
        entries = x.params["entries"] if x.basis is None else x.basis
        stock = stock_path(x.base_volume, entries, x.params["exit_rate"])
        volume = stock.copy()
        volume[..., 1:] = 0.5 * (stock[..., :-1] + stock[..., 1:])
        return {"year_end": stock, "stock": stock.copy(), "volume": volume}

    def formula(self, row: str, t: int, ref: Ref) -> str:
        if row == "year_end":
            if t == 0:
                return need(ref, "base_volume", 0)
            exits = ref("param:exit_rate", t)
            prev = need(ref, "year_end", t - 1)
            kept = f"{prev}*(1-{exits})" if exits else prev
            entries = ref("basis", t) or need(ref, "param:entries", t)
            return f"{kept}+{entries}"
        if t == 0:
            return need(ref, "year_end", 0)
        return f"({need(ref, 'year_end', t - 1)}+{need(ref, 'year_end', t)})/2"


class Explicit(Method):
    """``V[0]`` as given, ``V[t] = volume[t]`` in projection years."""

    name, parameters = "explicit", ("volume",)

    def project(self, x: Inputs) -> dict[str, Array]:
        out = np.array(x.params["volume"], dtype=np.float64, copy=True)
        out[..., 0] = x.base_volume
        return {"volume": out, "stock": out}

    def formula(self, row: str, t: int, ref: Ref) -> str:
        return need(ref, "param:volume", t) if t else need(ref, "base_volume", 0)


class Sum(Method):
    """``V[t] = sum_q V[q, t]`` over two or more drivers, base year included.

    Examples
    --------
    >>> x = Inputs(0.0, {}, bases=(np.array([[1.0, 2.0]]), np.array([[10.0, 20.0]])))
    >>> Sum().project(x)["volume"]
    array([[11., 22.]])
    >>> Sum().formula("volume", 1, lambda n, t: {"basis:0": "A2", "basis:1": "A3"}.get(n))
    'A2+A3'
    """

    name, basis = "sum", "drivers"

    def project(self, x: Inputs) -> dict[str, Array]:
        v = np.sum(np.broadcast_arrays(*x.bases), axis=0)
        return {"volume": v, "stock": v}

    def formula(self, row: str, t: int, ref: Ref) -> str:
        cells: list[str] = []
        while (cell := ref(f"basis:{len(cells)}", t)) is not None:
            cells.append(cell)
        return "+".join(cells)


#: Every driver method by name, in the order the Guide lists them.
METHODS: dict[str, Method] = {
    m.name: m for m in (Growth(), Rate(), Share(), StockFlow(), Explicit(), Sum())
}
#: The method each driver parameter belongs to.
METHOD_OF: dict[str, str] = {p: m.name for m in METHODS.values() for p in m.parameters}


def effect_multiplier(effects: Array, phasing: Array) -> Array:
    """``prod_i (1 + e[i] * phi[i, t])`` over the effects on one driver.

    Parameters
    ----------
    effects : ndarray, shape (D, n)
        Full-year proportional effects [fraction].
    phasing : ndarray, shape (n, T)
        Phasing in [0, 1]; 0 in the base year.

    Examples
    --------
    >>> effect_multiplier(np.array([[-0.1, 0.5]]), np.array([[0.0, 1.0], [0.0, 0.5]]))
    array([[1.   , 1.125]])
    """
    return np.asarray(np.prod(1.0 + effects[:, :, None] * phasing[None, :, :], axis=1))


def effect_formula(base: str, effects: list[tuple[str, str]]) -> str:
    """``base*(1+e1*phi1)*(1+e2*phi2)...``: the formula of `effect_multiplier`.

    Examples
    --------
    >>> effect_formula("Volumes!C3", [("Effects!D2", "Effects!F2")])
    'Volumes!C3*(1+Effects!D2*Effects!F2)'
    """
    return base + "".join(f"*(1+{e}*{phi})" for e, phi in effects)
