"""What the chart tests read from a drawn chart, and a model with many drivers and
service areas to crowd one."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.container import BarContainer, Container
from matplotlib.figure import Figure

import budgetmodel as bm


def many_model(n_drivers: int = 14, n_areas: int = 8, horizon: int = 15) -> bm.Model:
    """One scenario, many drivers and service areas, savings larger than costs."""
    drivers = [
        bm.Driver(
            f"d{i}",
            "growth",
            100.0 + 10 * i,
            growth=0.01 * i - 0.05,
            name=f"Driver {i} with a longish name",
            unit="cases",
        )
        for i in range(n_drivers)
    ]
    lines = [
        bm.CostLine(
            f"l{i}",
            "activity",
            "prices",
            driver_id=f"d{i}",
            unit_cost=5_000.0,
            service_area=f"Area {i % n_areas}",
        )
        for i in range(n_drivers)
    ]
    return bm.Model(
        base_year="2020-21",
        horizon=horizon,
        authority="Manyshire",
        deflator="prices",
        drivers=drivers,
        cost_lines=lines,
        improvements=[
            bm.Improvement("sav", "saving", 900_000.0, name="Big saving", service_area="Area 1"),
            bm.Improvement("inv", "one_off", [200_000.0] + [0.0] * (horizon - 1), name="Invest"),
        ],
        effects=[bm.Effect("sav", "d3", -0.2)],
        inflation=[bm.InflationRate("c", "prices", 0.02)],
        funding=[bm.Funding("f", 20_000_000.0)],
        scenarios=[bm.Scenario("only", "c", "all")],
    )


def new_ax(size: tuple[float, float] = (9.0, 5.2)) -> Axes:
    return Figure(figsize=size, layout="constrained").add_subplot()


def pick(frame: pd.DataFrame, column: str, **where: str) -> np.ndarray:
    rows = frame
    for key, value in where.items():
        rows = rows[rows[key] == value]
    return rows[column].to_numpy(dtype=float)


def line(ax: Axes, label: str) -> np.ndarray:
    found = [ln for ln in ax.get_lines() if ln.get_label() == label]
    assert len(found) == 1, [ln.get_label() for ln in ax.get_lines()]
    return np.asarray(found[0].get_ydata(), dtype=float)


def as_bars(container: Container) -> BarContainer:
    """``container`` as the bars it holds (matplotlib types ``ax.containers`` as plain)."""
    assert isinstance(container, BarContainer), container
    return container


def panels(ax: Axes) -> list[Axes]:
    """The panels drawn inside ``ax`` (matplotlib types ``ax.child_axes`` as ``_AxesBase``)."""
    found = [p for p in ax.child_axes if isinstance(p, Axes)]
    assert len(found) == len(ax.child_axes), ax.child_axes
    return found


def bars(ax: Axes, label: str) -> tuple[np.ndarray, np.ndarray]:
    """Heights and bottoms of the bar container labelled ``label``."""
    found = [c for c in ax.containers if c.get_label() == label]
    assert len(found) == 1, [c.get_label() for c in ax.containers]
    patches = as_bars(found[0]).patches
    return (np.array([p.get_height() for p in patches]), np.array([p.get_y() for p in patches]))


def tick_texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.get_xticklabels()]
