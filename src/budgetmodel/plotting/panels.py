"""Small-multiple charts: demand drivers, and the workforce of the staffing lines.

A small multiple is drawn *inside* the Axes it is given: that Axes becomes a
frame holding the title, legend and caption, and the panels are its inset Axes
(``ax.child_axes``). So these functions take and return one Axes like the rest.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..errors import InputError, Issue
from ..vocabulary import ROWS
from . import _data, style, text

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .._results import Result

__all__ = ["STOCK_LABEL", "plot_drivers", "plot_workforce"]

#: The label of a driver panel's year-end stock: the figure published at 31 March.
_STOCK = ROWS["stock_31_march"].text
STOCK_LABEL = f"{_STOCK[:1].upper()}{_STOCK[1:]} (with the plan)"
_STOCK_STYLE: dict[str, object] = {
    "color": style.TURQUOISE,
    "linewidth": 1.3,
    "linestyle": (0, (1, 1.5)),
    "marker": "o",
    "markersize": 3.2,
}


def _frame(ax: Axes) -> None:
    """Turn ``ax`` into an invisible frame: no patch, spines or ticks."""
    ax.patch.set_visible(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xticks([])
    ax.set_yticks([])


def _panels(ax: Axes, n: int, ncols: int, *, header_in: float = 0.3) -> list[Axes]:
    """``n`` inset Axes in a grid of ``ncols`` columns inside ``ax``.

    Gaps are set in inches from the frame's size when drawn, so tick labels and
    panel titles have room whatever the figure size.
    """
    nrows = math.ceil(n / ncols)
    box = ax.get_position()
    fig_w, fig_h = style.figure_size(ax)
    w_in, h_in = box.width * fig_w, box.height * fig_h
    left, right = 0.55 / w_in, 0.1 / w_in
    top, bottom = (header_in + 0.38) / h_in, 0.3 / h_in
    wspace, hspace = 0.65 / w_in, 0.75 / h_in
    cell_w = (1 - left - right - (ncols - 1) * wspace) / ncols
    cell_h = (1 - top - bottom - (nrows - 1) * hspace) / nrows
    out = []
    for k in range(n):
        r, c = divmod(k, ncols)
        x0 = left + c * (cell_w + wspace)
        y0 = 1 - top - (r + 1) * cell_h - r * hspace
        panel = ax.inset_axes((x0, y0, cell_w, max(cell_h, 0.02)))
        # The margins above already make room for the panels' labels, so layout
        # (constrained layout, the pack's fit) need only measure the frame.
        panel.set_in_layout(False)
        out.append(panel)
    return out


def _panel_style(panel: Axes, years: Sequence[str], heading: str, width_chars: int) -> None:
    """House style for one panel: first and last year ticks, a wrapped heading."""
    from matplotlib.ticker import MaxNLocator

    style.style_axes(panel)
    n = len(years)
    panel.set_xticks([0, n - 1] if n > 1 else [0], [years[0], years[-1]] if n > 1 else years)
    panel.set_xlim(-0.3, n - 0.7)
    panel.tick_params(labelsize=style.NOTE_SIZE)
    panel.yaxis.set_major_locator(MaxNLocator(nbins=4))
    heading = textwrap.shorten(heading, width_chars * 2, placeholder="…")
    panel.set_title(
        textwrap.fill(heading, width_chars),
        loc="left",
        fontsize=style.LABEL_SIZE,
        color=style.TEXT,
        pad=4,
    )


def _legend(ax: Axes, handles: list[object]) -> None:
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0, 1),
        ncols=len(handles),
        frameon=False,
        fontsize=style.LABEL_SIZE,
        borderaxespad=0,
        handlelength=2.4,
    )


def plot_drivers(
    result: Result,
    *,
    scenario: str | None = None,
    drivers: Sequence[str] | None = None,
    ncols: int | None = None,
    stock: bool = True,
    ax: Axes | None = None,
    title: str | None = None,
    caption: str | None = None,
) -> Axes:
    """Each demand driver's volume with and without the plan, as small multiples.

    The volume is the one costed: for a ``stock_flow`` driver, the year's
    average stock. Where the stock at 31 March (the figure councils publish)
    differs from it, that stock is drawn too, as dots at each year end.

    Parameters
    ----------
    result : Result
        A model run.
    scenario : str, optional
        The scenario; by default the first with an improvement initiative.
    drivers : sequence of str, optional
        Driver ids to show, in order; every driver by default.
    ncols : int, optional
        Panels per row; by default up to 4, chosen from the number of drivers.
    stock : bool, default True
        Draw the with-plan stock at 31 March where it differs from the volume.
    ax : matplotlib.axes.Axes, optional
        The frame to draw the panels in; a new figure sized for them when omitted.
    title, caption : str, optional
        Replace the computed title or the source caption; ``""`` leaves it out.

    Returns
    -------
    matplotlib.axes.Axes
        The frame; its ``child_axes`` are the panels, one per driver in order,
        each with lines labelled ``"Without the plan"`` (counterfactual) and
        ``"With the plan"``, and for a driver whose stock differs from its
        volume a line labelled `STOCK_LABEL`.
    """
    from matplotlib.lines import Line2D

    scenario = _data.resolve_scenario(result, scenario)
    labels = _data.driver_labels(result)
    ids = list(labels) if drivers is None else list(drivers)
    unknown = [d for d in ids if d not in labels]
    if unknown:
        known = ", ".join(labels)
        raise InputError([Issue("Drivers", repr(d), f"a driver id: {known}") for d in unknown])
    n = max(len(ids), 1)
    ncols = ncols or (n if n <= 3 else 2 if n == 4 else 3 if n <= 9 else 4)
    nrows = math.ceil(n / ncols)
    ax = style.new_axes(ax, figsize=(min(3.2 * ncols, 13.0), 1.0 + 2.3 * nrows))
    _frame(ax)
    d = result.drivers
    mine = d[d["scenario"] == scenario]
    x = np.arange(len(result.years))
    cell_in = ax.get_position().width * style.figure_size(ax)[0] / ncols
    stocks = stock and any(_data.stocks_differ(result, scenario, i) for i in ids)
    for panel, driver_id in zip(_panels(ax, len(ids), ncols), ids, strict=False):
        rows = mine[mine["driver_id"] == driver_id]
        without = rows["volume_counterfactual"].to_numpy(dtype=float)
        with_plan = rows["volume"].to_numpy(dtype=float)
        panel.plot(
            x,
            without,
            color=style.GREY,
            linewidth=1.8,
            linestyle=(0, (3, 2)),
            label="Without the plan",
        )
        panel.plot(x, with_plan, color=style.DARK_BLUE, linewidth=2.0, label="With the plan")
        if stocks and _data.stocks_differ(result, scenario, driver_id):
            year_end = rows["stock"].to_numpy(dtype=float)
            panel.plot(x, year_end, label=STOCK_LABEL, **_STOCK_STYLE)  # type: ignore[arg-type]
        name, unit = labels[driver_id]
        _panel_style(
            panel,
            result.years,
            f"{name} ({unit})" if unit else name,
            max(14, int(cell_in * 72 / (style.LABEL_SIZE * 0.58))),
        )
        panel.yaxis.set_major_formatter(style.number_formatter())
    if not ids:
        style.no_data(ax, "The model has no demand drivers.")
    _legend(
        ax,
        [
            Line2D(
                [],
                [],
                color=style.GREY,
                linewidth=1.8,
                linestyle=(0, (3, 2)),
                label="Without the plan",
            ),
            Line2D([], [], color=style.DARK_BLUE, linewidth=2.0, label="With the plan"),
            *([Line2D([], [], label=STOCK_LABEL, **_STOCK_STYLE)] if stocks else []),  # type: ignore[arg-type]
        ],
    )
    found = text.drivers_finding(result, scenario)
    style.title(ax, found.title if title is None else title)
    style.caption(ax, text.source(result, scenario) if caption is None else caption)
    return ax


def plot_workforce(
    result: Result,
    *,
    scenario: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    caption: str | None = None,
) -> Axes:
    """FTE, caseload and agency share of the staffing lines by year, in three panels.

    Parameters
    ----------
    result : Result
        A model run.
    scenario : str, optional
        The scenario; by default the first with an improvement initiative.
    ax : matplotlib.axes.Axes, optional
        The frame to draw the panels in; a new figure when omitted.
    title, caption : str, optional
        Replace the computed title or the source caption; ``""`` leaves it out.

    Returns
    -------
    matplotlib.axes.Axes
        The frame; its ``child_axes`` are the panels FTE, caseload (cases per
        FTE) and agency share (%), each with one line per staffing line labelled
        with the line's name. With no staffing lines, a message saying so.
    """
    from matplotlib.ticker import PercentFormatter

    scenario = _data.resolve_scenario(result, scenario)
    ax = style.new_axes(ax, figsize=(10.0, 4.2))
    _frame(ax)
    names = _data.staffing_names(result)
    found = text.workforce_finding(result, scenario)
    if not names:
        style.no_data(ax, "The model has no staffing lines.")
    else:
        w = _data.workforce(result, scenario)
        x = np.arange(len(result.years))
        headings = ("FTE", "Caseload (cases per FTE)", "Agency share")
        panels = _panels(ax, 3, 3, header_in=0.3 if len(names) > 1 else 0.0)
        for panel, measure, heading in zip(
            panels, ("fte", "caseload", "agency_share"), headings, strict=True
        ):
            for i, (line_id, name) in enumerate(names.items()):
                y = w.loc[w["line_id"] == line_id, measure].to_numpy(dtype=float)
                panel.plot(
                    x,
                    y,
                    color=style.PALETTE[i % len(style.PALETTE)],
                    linewidth=2.0,
                    marker="o",
                    markersize=3.5,
                    label=name,
                )
            _panel_style(panel, result.years, heading, 40)
            lo, hi = panel.get_ylim()
            panel.set_ylim(min(0.0, lo), hi * 1.08 if hi > 0 else hi)
            if measure == "agency_share":
                panel.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
            else:
                panel.yaxis.set_major_formatter(style.number_formatter())
        if len(names) > 1:
            _legend(ax, list(panels[0].get_lines()))
    style.title(ax, found.title if title is None else title)
    style.caption(ax, text.source(result, scenario) if caption is None else caption)
    return ax
