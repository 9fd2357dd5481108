"""The plan, initiative by initiative (DESIGN.md, "Two passes and the plan,
initiative by initiative"): each included initiative's direct amounts and the
effects of its levers alone, the interaction of initiatives acting together, and
each initiative's business case.

Arrays have draws first and years last; ``I`` is the number of included
initiatives.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

__all__ = ["business_case", "direct_by_initiative", "effects", "net_benefit", "payback_year"]


def effects(standalone: Array, counterfactual: Array, weights: Array | None = None) -> Array:
    """``effects_i[t] = sum_l (K(i)_l[t] - Kcf_l[t])`` (times each line's index for cash).

    Parameters
    ----------
    standalone : ndarray, shape (D, I, L, T)
        Each initiative's standalone pass: every line's cost.
    counterfactual : ndarray, shape (D, L, T)
    weights : ndarray, shape (D, L, T), optional
        Each line's price index (cash); base-year prices when omitted.

    Examples
    --------
    >>> effects(np.array([[[[10.0, 8.0]]]]), np.array([[[10.0, 10.0]]]))
    array([[[ 0., -2.]]])
    """
    change = standalone - counterfactual[:, None]
    if weights is not None:
        change = change * weights[:, None]
    return np.asarray(change.sum(axis=2))


def direct_by_initiative(direct: Array, initiative: NDArray[np.intp], count: int) -> Array:
    """``direct_i[t]``: each initiative's direct rows added up, ``(D, N, T) -> (D, I, T)``."""
    out = np.zeros((direct.shape[0], count, direct.shape[-1]))
    for i in range(count):
        out[:, i] = direct[:, initiative == i].sum(axis=1)
    return out


def net_benefit(net_cash: Array) -> Array:
    """The net benefit over the projection years, ``-sum_{t>=1} net[t]``: what the
    initiative saves less what it costs (cash), ``(..., T) -> (...)``.

    Examples
    --------
    >>> net_benefit(np.array([[0.0, 10.0, -4.0, -8.0]]))
    array([2.])
    """
    return np.asarray(0.0 - net_cash[..., 1:].sum(axis=-1))


def payback_year(net_cash: Array) -> Array:
    """The first projection year (1..H) whose cumulative net benefit ``-sum(net)`` is
    at least 0; 0 where there is none.

    Examples
    --------
    >>> payback_year(np.array([[0.0, 10.0, -4.0, -8.0], [0.0, 5.0, 5.0, 5.0]]))
    array([3, 0])
    """
    cumulative = -np.cumsum(net_cash[..., 1:], axis=-1)
    paid = cumulative >= 0
    first = np.argmax(paid, axis=-1) + 1
    return np.where(paid.any(axis=-1), first, 0)


def business_case(
    cost_cash: Array, saving_cash: Array, effects_cash: Array, net_real: Array, rate: float
) -> dict[str, Array]:
    """Each initiative's business case over the projection years, in cash.

    Parameters
    ----------
    cost_cash, saving_cash : ndarray, shape (D, I, T)
        One-off and recurring amounts, and savings (positive).
    effects_cash : ndarray, shape (D, I, T)
        The initiative's levers alone (a negative effect lowers cost).
    net_real : ndarray, shape (D, I, T)
        Its net cost in real terms: direct amounts plus effects, deflated.
    rate : float
        The discount rate.

    Returns
    -------
    dict of ndarray, shape (D, I)
        ``cost``, ``saving`` (savings less effects), ``net_benefit`` (saving less
        cost), ``npv`` of the net benefit in real terms.

    Examples
    --------
    >>> case = business_case(np.array([[[0.0, 100.0, 0.0]]]), np.array([[[0.0, 0.0, 0.0]]]),
    ...                      np.array([[[0.0, 0.0, -150.0]]]), np.array([[[0.0, 100.0, -150.0]]]),
    ...                      0.0)
    >>> {k: float(v[0, 0]) for k, v in case.items()}
    {'cost': 100.0, 'saving': 150.0, 'net_benefit': 50.0, 'npv': 50.0}
    """
    horizon = cost_cash.shape[-1] - 1
    discount = (1.0 + rate) ** -np.arange(1, horizon + 1)
    cost = cost_cash[..., 1:].sum(axis=-1)
    saving = saving_cash[..., 1:].sum(axis=-1) - effects_cash[..., 1:].sum(axis=-1)
    npv = (-net_real[..., 1:] * discount).sum(axis=-1)
    return {"cost": cost, "saving": saving, "net_benefit": saving - cost, "npv": npv}
