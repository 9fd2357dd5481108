"""Money steps (DESIGN.md, "Inflation scenarios", "Funding and gap", "Bridge"): cash,
real terms, totals, the gap, the bridge and its waterfall, each as a numpy kernel
and its spreadsheet formula side by side.

Formulas find operands through ``ref(name, t)`` (`budgetmodel.core.drivers.Ref`);
a name ending in ``s`` (``costs``, ``cf_costs``, ...) is a range, and ``None``
for a range means it is empty.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ._ref import Ref, need

Array = NDArray[np.float64]

__all__ = [
    "BRIDGE_STEPS",
    "WATERFALL_COLUMNS",
    "bridge",
    "bridge_formula",
    "by_group",
    "cash",
    "cash_formula",
    "counted",
    "cumulative_gap",
    "cumulative_gap_formula",
    "funding_gap",
    "gap_formula",
    "gross_and_income",
    "income_formula",
    "net_formula",
    "real_formula",
    "sum_formula",
    "total",
    "waterfall",
    "waterfall_formula",
]

#: The bridge's steps, in order (DESIGN.md, "Bridge").
BRIDGE_STEPS = ("base", "demand", "plan_effects", "plan_direct", "inflation", "total")
#: The helper columns a waterfall chart stacks: an invisible base, rises, falls,
#: and the level after each step.
WATERFALL_COLUMNS = ("hidden", "increase", "decrease", "level")


def cash(base_price: Array, index: Array) -> Array:
    """``cash[t] = K[t] * I[c, t]``: amounts at base-year prices escalated by their index.

    Examples
    --------
    >>> cash(np.array([[100.0, 100.0]]), np.array([[1.0, 1.05]]))
    array([[100., 105.]])
    """
    return base_price * index


def cash_formula(t: int, ref: Ref) -> str:
    """``K*I``: operands ``base_price`` and ``index``."""
    return f"{need(ref, 'base_price', t)}*{need(ref, 'index', t)}"


def real_formula(t: int, ref: Ref) -> str:
    """``cash / I[deflator]``: operands ``cash`` and ``deflator``."""
    return f"{need(ref, 'cash', t)}/{need(ref, 'deflator', t)}"


def counted(base_price: Array, sign: Array) -> Array:
    """Lines as they count in the total: ``sign`` is 1 (expenditure) or -1 (income) per
    line, so income lines are negative.

    Examples
    --------
    >>> counted(np.array([[[10.0], [4.0]]]), np.array([1.0, -1.0]))
    array([[[10.],
            [-4.]]])
    """
    return base_price * sign[:, None]


def gross_and_income(line_cash: Array, sign: Array, direct_cash: Array) -> tuple[Array, Array]:
    """``gross[t]`` = expenditure lines and the plan's direct amounts; ``income[t]`` =
    the income lines, as a positive amount (DESIGN.md, "Funding and gap").

    Examples
    --------
    >>> gross, income = gross_and_income(np.array([[[10.0], [-4.0]]]), np.array([1.0, -1.0]),
    ...                                  np.array([[[1.0]]]))
    >>> gross, income
    (array([[11.]]), array([[4.]]))
    """
    spending = sign > 0
    gross = total(line_cash[:, spending], direct_cash)
    return gross, 0.0 - line_cash[:, ~spending].sum(axis=1)  # 0.0 - x: no "-0.0"


def by_group(cash: Array, group: NDArray[np.intp], groups: int) -> Array:
    """Items summed by group: ``(D, items, T)`` with each item's group -> ``(D, groups, T)``.

    Examples
    --------
    >>> by_group(np.array([[[1.0], [2.0], [4.0]]]), np.array([1, 0, 1]), 2)[0, :, 0]
    array([2., 5.])
    """
    out = np.zeros((cash.shape[0], groups, cash.shape[-1]))
    for k in range(groups):
        out[:, k] = cash[:, group == k].sum(axis=1)
    return out


def total(*parts: Array) -> Array:
    """The sum over the item axis (axis 1) of each ``(D, items, T)`` array, added up."""
    return sum((p.sum(axis=1) for p in parts), start=np.zeros(()))


def sum_formula(*ranges: str | None) -> str:
    """``SUM(a,b)`` over the ranges that are not empty; ``0`` when all are.

    Examples
    --------
    >>> sum_formula("Budget!F2:F9", None), sum_formula(None)
    ('SUM(Budget!F2:F9)', '0')
    """
    given = [r for r in ranges if r]
    return f"SUM({','.join(given)})" if given else "0"


def income_formula(t: int, ref: Ref) -> str:
    """Income as a positive amount: ``-SUM(income lines)`` (the lines count negative);
    ``0`` with no income lines."""
    lines = ref("income_lines", t)
    return f"-{sum_formula(lines)}" if lines else "0"


def net_formula(t: int, ref: Ref) -> str:
    """``total_cash = gross - income``."""
    return f"{need(ref, 'gross', t)}-{need(ref, 'income', t)}"


def funding_gap(total_cash: Array, funding: Array) -> Array:
    """``gap[t] = total_cash[t] - funding_total[t]`` (positive = shortfall)."""
    return total_cash - funding


def gap_formula(t: int, ref: Ref) -> str:
    """``total_cash - funding``."""
    return f"{need(ref, 'total_cash', t)}-{need(ref, 'funding', t)}"


def cumulative_gap(gap: Array) -> Array:
    """Sum of ``gap`` over projection years 1..t; 0 in the base year.

    Examples
    --------
    >>> cumulative_gap(np.array([[5.0, 1.0, 2.0]]))
    array([[0., 1., 3.]])
    """
    out = np.zeros_like(gap)
    np.cumsum(gap[..., 1:], axis=-1, out=out[..., 1:])
    return out


def cumulative_gap_formula(t: int, ref: Ref) -> str | None:
    """``cumulative_gap[t-1] + gap[t]``; None (the constant 0) in the base year."""
    if t == 0:
        return None
    return f"{need(ref, 'cumulative_gap', t - 1)}+{need(ref, 'gap', t)}"


def bridge(
    cf_line_costs: Array, plan_line_costs: Array, direct_costs: Array, total_cash: Array
) -> Array:
    """The six bridge steps from the base year to each year t, exact by construction.

    Parameters
    ----------
    cf_line_costs, plan_line_costs : ndarray, shape (D, L, T)
        Baseline lines' cost at base prices: ``Kcf_l`` counterfactual and ``K_l``
        with plan (equal in the base year, where no effect is phased in).
    direct_costs : ndarray, shape (D, N, T)
        Initiatives' direct amounts at base prices (savings negative).
    total_cash : ndarray, shape (D, T)

    Returns
    -------
    ndarray, shape (D, 6, T)
        `BRIDGE_STEPS` in order.
    """
    base0 = plan_line_costs[..., :1].sum(axis=1)
    base = np.broadcast_to(base0, total_cash.shape)
    demand = cf_line_costs.sum(axis=1) - base0
    plan_effects = (plan_line_costs - cf_line_costs).sum(axis=1)
    plan_direct = direct_costs.sum(axis=1)
    inflation = total_cash - (base + demand + plan_effects + plan_direct)
    steps = np.broadcast_arrays(base, demand, plan_effects, plan_direct, inflation, total_cash)
    return np.stack(steps, axis=1)


def bridge_formula(step: str, t: int, ref: Ref) -> str:
    """One bridge step in year ``t``. Operands: the ranges ``base_costs`` (with plan,
    base year), ``cf_costs``, ``plan_costs``, ``direct_costs`` (year ``t``),
    ``total`` and the other steps by name.

    Examples
    --------
    >>> cells = {"cf_costs": "CostCalc!E2:E9", "base": "Bridge!E2"}
    >>> bridge_formula("demand", 2, lambda n, t: cells.get(n))
    'SUM(CostCalc!E2:E9)-Bridge!E2'
    """
    if step == "base":
        return sum_formula(ref("base_costs", 0))
    if step == "demand":
        return f"{sum_formula(ref('cf_costs', t))}-{need(ref, 'base', t)}"
    if step == "plan_effects":
        return f"{sum_formula(ref('plan_costs', t))}-{sum_formula(ref('cf_costs', t))}"
    if step == "plan_direct":
        return sum_formula(ref("direct_costs", t))
    if step == "inflation":
        parts = "+".join(need(ref, s, t) for s in BRIDGE_STEPS[:4])
        return f"{need(ref, 'total', t)}-({parts})"
    return need(ref, "total_cash", t)


def waterfall(steps: Array) -> Array:
    """Helper columns of a waterfall chart over the bridge steps of one year.

    Parameters
    ----------
    steps : ndarray, shape (6,)
        `BRIDGE_STEPS` values.

    Returns
    -------
    ndarray, shape (6, 4)
        `WATERFALL_COLUMNS` for each step: the first and last steps stand on
        the axis; each other step floats from the level the one before left.

    Examples
    --------
    >>> waterfall(np.array([100.0, 10.0, -5.0, 0.0, 3.0, 108.0]))[:3]
    array([[  0., 100.,   0., 100.],
           [100.,  10.,   0., 110.],
           [105.,   0.,   5., 105.]])
    """
    out = np.zeros((len(steps), 4))
    level = 0.0
    for k, v in enumerate(steps):
        if k in (0, len(steps) - 1):
            out[k] = (0.0, v, 0.0, v)
        else:
            out[k] = (min(level, level + v), max(v, 0.0), max(-v, 0.0), level + v)
        level = out[k, 3]
    return out


def waterfall_formula(column: str, first_or_last: bool, ref: Ref) -> str:
    """One waterfall helper cell. Operands: ``step`` (the bridge cell) and ``before``
    (the level the step before left)."""
    step = need(ref, "step", 0)
    if first_or_last:
        return step if column in ("increase", "level") else "0"
    before = need(ref, "before", 0) if column in ("hidden", "level") else ""
    return {
        "hidden": f"MIN({before},{before}+{step})",
        "increase": f"MAX({step},0)",
        "decrease": f"MAX(-{step},0)",
        "level": f"{before}+{step}",
    }[column]
