"""One input at a time: the tornado of swings, and the goal seek that closes the gap."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._compile import CompiledModel, compile_model
from ..errors import ComputationError, InputError, Issue
from ._sampling import quantile
from ._shocks import DEFAULT_BOUNDS, MEASURES, Perturbation, parse_input

if TYPE_CHECKING:
    from .._model import Model

__all__ = ["TORNADO_COLUMNS", "solve", "tornado"]

TORNADO_COLUMNS = [
    "input",
    "label",
    "description",
    "low_input",
    "high_input",
    "low",
    "high",
    "base",
    "swing",
]


def _scenario(model: Model, scenario: str | None) -> str:
    """``scenario`` checked, or the first scenario in Scenarios order."""
    return model._select(scenario)[0] if scenario is not None else model.scenario_names()[0]


def _output(compiled: CompiledModel, measure: str, year: str | None) -> tuple[int, int, str]:
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")
    years = compiled.years
    year = years[-1] if year is None else year
    if year not in years:
        raise InputError([Issue("year", repr(year), f"a year from {years[0]} to {years[-1]}")])
    return MEASURES.index(measure), years.index(year), year


def tornado(
    model: Model,
    *,
    scenario: str | None = None,
    output: tuple[str, str | None] | str = ("cumulative_gap", None),
    low: float = 0.10,
    high: float = 0.90,
) -> pd.DataFrame:
    """One-at-a-time swings: each Uncertainty row at its 10th and 90th percentile.

    Every other input stays as entered. All the runs go through the engine at once,
    as draws, with the same shocks as `simulate`.

    Parameters
    ----------
    model : Model
    scenario : str, optional
        The first scenario (Scenarios order) when omitted.
    output : (measure, year) or measure
        ``("cumulative_gap", "2018-19")``, ``("total_cash", year)`` or ``("gap", year)``;
        a year of None (or a measure alone) means the final year.
    low, high : float
        The input percentiles the swing runs between, as fractions.

    Returns
    -------
    pandas.DataFrame
        One row per Uncertainty row, largest swing first: ``input`` (the target),
        ``label``, ``description``, ``low_input`` and ``high_input`` (the input at
        its ``low`` and ``high`` percentiles), ``low`` and ``high`` (the output then,
        £), ``base`` (the output as entered, £), ``swing`` (``|high - low|``, £).
        ``attrs`` holds ``scenario``, ``measure``, ``year``, ``base_year`` and ``authority``.

    Examples
    --------
    >>> import budgetmodel as bm
    >>> from budgetmodel.uncertainty import tornado
    >>> frame = tornado(bm.load_sample(), scenario="Improvement plan")
    >>> bool(frame["swing"].is_monotonic_decreasing)
    True
    """
    measure, year = (output, None) if isinstance(output, str) else output
    compiled = compile_model(model)
    name = _scenario(model, scenario)
    m, t, year = _output(compiled, measure, year)
    rows = list(model.uncertainty)
    shocks = [parse_input(u.target, compiled, where=f"Uncertainty[{u.target}]") for u in rows]
    R = len(rows)
    x = np.tile([s.neutral for s in shocks], (2 * R + 1, 1))
    lows = [quantile(u, low) for u in rows]
    highs = [quantile(u, high) for u in rows]
    for r in range(R):
        x[2 * r, r], x[2 * r + 1, r] = lows[r], highs[r]
    values = Perturbation(compiled, name, shocks).outcomes(x)[:, m, t]
    frame = pd.DataFrame(
        {
            "input": [u.target for u in rows],
            "label": [s.label(model) for s in shocks],
            "description": [u.description for u in rows],
            "low_input": lows,
            "high_input": highs,
            "low": values[0 : 2 * R : 2],
            "high": values[1 : 2 * R : 2],
            "base": values[-1],
        },
        columns=TORNADO_COLUMNS[:-1],
    )
    frame["swing"] = (frame["high"] - frame["low"]).abs()
    frame = frame.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    frame.attrs = {
        "scenario": name,
        "measure": measure,
        "year": year,
        "base_year": compiled.years[0],
        "authority": model.authority,
    }
    return frame


def solve(
    model: Model,
    *,
    input: str,
    scenario: str | None = None,
    target: float = 0.0,
    measure: str = "cumulative_gap",
    year: str | None = None,
    bounds: tuple[float, float] | None = None,
    xtol: float = 1e-12,
) -> float:
    """The value of one input at which ``measure`` in ``year`` equals ``target``.

    By default: what closes the cumulative gap to the final year. Found by
    `scipy.optimize.brentq` on the deterministic model (Uncertainty rows are
    not drawn).

    Parameters
    ----------
    model : Model
    input : str
        ``kind:id``, with the value meaning what it means on the Uncertainty sheet,
        applied in every projection year:

        - ``growth:D``, ``rate_change:D``, ``exit_rate:D``, ``inflation:C``: added
          to the annual rate (``-0.01`` is one point a year less);
        - ``entries:D``, ``unit_cost:L``, ``funding:F``: a proportional change
          (``-0.05`` is 5% less; for a line given by ``base_cost`` the same change
          applies to its cost);
        - ``effect:I`` (I's effects on demand), ``delivery:I`` (I's savings),
          ``scale:I`` (every amount and effect of I): a factor, 1 as entered.
    scenario : str, optional
        The first scenario (Scenarios order) when omitted.
    target : float
        The value to meet [£]: 0 closes a gap; a total for ``total_cash``.
    measure : {"cumulative_gap", "gap", "total_cash"}
    year : str, optional
        The final year when omitted.
    bounds : (float, float), optional
        Where to search; by kind of input, (-0.5, 0.5) for rates, (-0.9, 4) for
        proportional changes and (0, 5) for factors.
    xtol : float
        Tolerance on the value.

    Returns
    -------
    float

    Raises
    ------
    ComputationError
        If ``measure - target`` has the same sign at both bounds (no value in the
        bounds meets it, or more than one); the message gives both values.
    InputError
        If ``input`` names nothing in the model.

    Examples
    --------
    >>> import budgetmodel as bm
    >>> from budgetmodel.uncertainty import solve

    How much slower must the rate of children in need grow, each year, for the plan
    to break even over five years at the prices that followed?

    >>> x = solve(bm.load_sample(), input="rate_change:cin", scenario="Plan, outturn inflation")
    >>> print(f"{x:+.2%} a year")
    -5.73% a year
    """
    from scipy.optimize import brentq

    compiled = compile_model(model)
    name = _scenario(model, scenario)
    m, t, year = _output(compiled, measure, year)
    shock = parse_input(input, compiled)
    lo, hi = bounds if bounds is not None else DEFAULT_BOUNDS[shock.kind]
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise InputError([Issue("bounds", repr(bounds), "two finite numbers, low < high")])
    perturb = Perturbation(compiled, name, [shock])

    def f(v: float) -> float:
        return float(perturb.outcomes(np.array([[v]]))[0, m, t]) - target

    ends = perturb.outcomes(np.array([[lo], [hi]]))[:, m, t] - target
    f_lo, f_hi = float(ends[0]), float(ends[1])
    if f_lo == 0.0:
        return float(lo)
    if f_hi == 0.0:
        return float(hi)
    if not (math.isfinite(f_lo) and math.isfinite(f_hi)) or (f_lo > 0) == (f_hi > 0):
        what = f"the {measure.replace('_', ' ')} in {year} of scenario {name!r}"
        side = "above" if f_lo > 0 else "below"
        raise ComputationError(
            f"No value of {input!r} between {lo:g} and {hi:g} brings {what} to "
            f"£{target:,.0f}: it is £{f_lo + target:,.0f} at {lo:g} and "
            f"£{f_hi + target:,.0f} at {hi:g}, both {side} the target. Widen the bounds "
            "(bounds=(low, high)) or choose another input."
        )
    return float(brentq(f, lo, hi, xtol=xtol, maxiter=200))
