"""Uncertainty analysis on the same engine: Monte Carlo, tornado sensitivity, goal seek.

A draw takes one value per ``Uncertainty`` row and applies it to every projection
year of every scenario (DESIGN.md, "Uncertainty"). `simulate` runs many
draws on the engine's draws axis in chunks and keeps streaming statistics
(`Simulation`); `tornado` swings one input at a time between its
10th and 90th percentiles; `solve` finds the value of one input that
closes the gap (scipy's ``brentq``, loaded when called)::

    import budgetmodel as bm
    from budgetmodel.uncertainty import simulate, solve, tornado
    model = bm.load_sample()
    sim = simulate(model, draws=100_000, seed=1)
    sim.percentiles, sim.probability("cumulative_gap")
    tornado(model, scenario="Improvement plan")
    solve(model, input="scale:early_help", scenario="Improvement plan")
"""

from __future__ import annotations

from ._sampling import quantile
from ._sensitivity import solve, tornado
from ._shocks import INPUT_KINDS, MEASURES
from ._simulate import simulate
from ._simulation import MEASURE_LABELS, PERCENTILES, STATISTICS, Simulation

__all__ = [
    "INPUT_KINDS",
    "MEASURES",
    "MEASURE_LABELS",
    "PERCENTILES",
    "STATISTICS",
    "Simulation",
    "quantile",
    "simulate",
    "solve",
    "tornado",
]
