"""Charts of a Result: plain functions ``plot_*(result, *, ..., ax=None) -> Axes``.

matplotlib is imported inside the functions, so ``import budgetmodel`` stays
light; no function calls ``plt.show()``. Each draws in the house style
(`budgetmodel.plotting.style`) on the Axes it is given, or on a new figure,
with a title stating the finding (`budgetmodel.plotting.text`)::

    import budgetmodel as bm
    from budgetmodel import plotting
    result = bm.load_sample().run()
    ax = plotting.plot_bridge(result, scenario="Improvement plan", year="2018-19")
    ax.figure.savefig("bridge.png")
"""

from __future__ import annotations

from ._data import main_scenario
from .backtest import backtest_finding, plot_backtest
from .bridge import plot_bridge, plot_gap
from .budget import plot_plan, plot_service_areas, plot_totals
from .panels import plot_drivers, plot_workforce
from .plan import (
    business_case_finding,
    initiative_range_finding,
    plan_waterfall_finding,
    plot_business_case,
    plot_initiative_range,
    plot_plan_waterfall,
)
from .text import (
    Finding,
    bridge_finding,
    drivers_finding,
    gap_finding,
    money,
    plan_finding,
    service_areas_finding,
    totals_finding,
    workforce_finding,
)

__all__ = [
    "Finding",
    "backtest_finding",
    "bridge_finding",
    "business_case_finding",
    "drivers_finding",
    "gap_finding",
    "initiative_range_finding",
    "main_scenario",
    "money",
    "plan_finding",
    "plan_waterfall_finding",
    "plot_backtest",
    "plot_bridge",
    "plot_business_case",
    "plot_drivers",
    "plot_gap",
    "plot_initiative_range",
    "plot_plan",
    "plot_plan_waterfall",
    "plot_service_areas",
    "plot_totals",
    "plot_workforce",
    "service_areas_finding",
    "totals_finding",
    "workforce_finding",
]
