"""Plan levers (DESIGN.md, "Improvement initiatives", the levers table): how an
initiative changes one input of the model in the with-plan pass.

Each row has a strength ``s[t] = v * phi[t]`` (``v`` its value, ``phi`` its phasing,
0 in the base year). Rows on one target and parameter combine as the table says:

- ``proportional`` rows multiply, ``absolute`` rows add after: ``x * prod(1 + s) + sum(s)``
  (volumes, entries; ``unit_cost`` multiplies only);
- ``points`` rows add: ``x + sum(s)`` (growth, rate_change, exit_rate, share, agency_share);
- a staffing line's rows apply in sheet order, each to what the row before left:
  ``level`` moves ``k`` towards ``v``: ``k + phi (v - k)``.

A transfer moves ``s * V[A]`` (``proportional``) or ``s`` (``absolute``) from driver A
to driver B. Kernels take arrays with draws first and years last; formulas take
cell references as text.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

__all__ = [
    "ADDED_PARAMETERS",
    "CHANGES",
    "DRIVER_PARAMETERS",
    "LINE_PARAMETERS",
    "PARAMETER_LEVERS",
    "combine",
    "combine_formula",
    "moved",
    "moved_formula",
    "step",
    "step_formula",
    "strength_formula",
]

#: The changes each lever parameter allows; the first is the default for a blank.
CHANGES: dict[str, tuple[str, ...]] = {
    "volume": ("proportional", "absolute"),
    "entries": ("proportional", "absolute"),
    "exit_rate": ("points",),
    "growth": ("points",),
    "rate_change": ("points",),
    "share": ("points",),
    "caseload": ("level", "proportional"),
    "agency_share": ("level", "points"),
    "unit_cost": ("proportional",),
    "transfer": ("proportional", "absolute"),
}
#: Parameters a lever on a driver may change, and the driver methods each applies to
#: (``None``: any method but ``sum`` for a transfer, any method for volume).
DRIVER_PARAMETERS: dict[str, tuple[str, ...] | None] = {
    "volume": None,
    "entries": ("stock_flow",),
    "exit_rate": ("stock_flow",),
    "growth": ("growth",),
    "rate_change": ("rate",),
    "share": ("share",),
    "transfer": None,
}
#: Driver parameters a lever changes before the projection: added to as points, and all
#: of them (entries and the share path have their own base).
ADDED_PARAMETERS = ("growth", "rate_change", "exit_rate")
PARAMETER_LEVERS = (*ADDED_PARAMETERS, "entries", "share")
#: Parameters a lever on a cost line may change, and the line types each applies to.
LINE_PARAMETERS: dict[str, tuple[str, ...]] = {
    "caseload": ("staffing",),
    "agency_share": ("staffing",),
    "unit_cost": ("activity", "fixed", "staffing"),
}


def combine(x: Array, changes: Sequence[str], strengths: Sequence[Array]) -> Array:
    """``x * prod(1 + s) + sum(s)``: proportional rows multiply, then absolute and
    points rows add.

    Examples
    --------
    >>> s = [np.array([[0.0, -0.1]]), np.array([[0.0, -24.0]])]
    >>> combine(np.array([[100.0, 200.0]]), ["proportional", "absolute"], s)
    array([[100., 156.]])
    """
    factor = np.ones(())
    added = np.zeros(())
    for change, s in zip(changes, strengths, strict=True):
        if change == "proportional":
            factor = factor * (1.0 + s)
        else:
            added = added + s
    return np.asarray(x * factor + added)


def strength_formula(value: str, phasing: str) -> str:
    """``v*phi`` as text."""
    return f"{value}*{phasing}"


def combine_formula(x: str, changes: Sequence[str], strengths: Sequence[str]) -> str:
    """The formula of `combine` over cells: ``x*(1+s1)*(1+s2)+s3``.

    Examples
    --------
    >>> combine_formula("C5", ["proportional", "absolute"], ["E2*G2", "E3*G3"])
    'C5*(1+E2*G2)+E3*G3'
    """
    factors = "".join(
        f"*(1+{s})" for c, s in zip(changes, strengths, strict=True) if c == "proportional"
    )
    added = "".join(f"+{s}" for c, s in zip(changes, strengths, strict=True) if c != "proportional")
    return f"{x}{factors}{added}"


def step(x: Array, change: str, value: Array, phasing: Array) -> Array:
    """One staffing row, applied to what the row before left: ``level`` moves ``x``
    towards ``v`` by ``phi``; ``proportional`` is ``x (1 + v phi)``; ``points`` adds.

    Examples
    --------
    >>> step(np.array([[29.0, 29.0]]), "level", np.array([[18.0]]), np.array([[0.0, 0.5]]))
    array([[29. , 23.5]])
    """
    if change == "level":
        return np.asarray(x + phasing * (value - x))
    if change == "proportional":
        return np.asarray(x * (1.0 + value * phasing))
    return np.asarray(x + value * phasing)


def step_formula(x: str, change: str, value: str, phasing: str) -> str:
    """The formula of `step` over cells."""
    if change == "level":
        return f"{x}+{phasing}*({value}-{x})"
    if change == "proportional":
        return f"{x}*(1+{value}*{phasing})"
    return f"{x}+{value}*{phasing}"


def moved(change: str, strength: Array, volume: Array) -> Array:
    """What a transfer moves: ``s * V[A]`` (proportional) or ``s`` (absolute).

    Examples
    --------
    >>> moved("proportional", np.array([[0.0, 0.1]]), np.array([[40.0, 50.0]]))
    array([[0., 5.]])
    """
    return np.asarray(strength * volume if change == "proportional" else strength + 0.0 * volume)


def moved_formula(change: str, strength: str, volume: str) -> str:
    """The formula of `moved` over cells."""
    return f"{strength}*{volume}" if change == "proportional" else strength
