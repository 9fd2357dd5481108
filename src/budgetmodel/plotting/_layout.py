"""Pieces of layout that several charts draw alike: a waterfall's bars, connectors and
values, bars stacked about zero, a note in the corner, and a chart with nothing to draw."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import style, text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from matplotlib.axes import Axes

__all__ = ["corner_note", "nothing_to_draw", "stacked_bars", "waterfall"]


def nothing_to_draw(ax: Axes, message: str) -> None:
    """Say in the middle of ``ax`` why there is nothing to draw, with no top or right spine."""
    style.no_data(ax, message)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def corner_note(ax: Axes, note: str, *, indent: float) -> None:
    """A small muted note in the Axes' top left corner, ``indent`` points in from the left."""
    ax.annotate(
        note,
        (0, 1),
        xycoords="axes fraction",
        xytext=(indent, -2),
        textcoords="offset points",
        va="top",
        fontsize=style.NOTE_SIZE,
        color=style.MUTED,
    )


def waterfall(
    ax: Axes,
    values: np.ndarray,
    *,
    first: str,
    label: str,
    width: float,
    size: float,
    scale: float,
    unit: str,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Draw a waterfall: the first and last bars stand on zero, each step between floats.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The chart, drawn in ``unit``.
    values : numpy.ndarray
        The starting total, the steps, and the final total, in ``unit``.
    first : str
        The colour of the first bar; rises are orange, falls turquoise, the last bar
        dark blue.
    label : str
        The label of the one bar container.
    width : float
        The bars' width, in data units.
    size : float
        The font size [points] of the values written over the bars.
    scale : float
        Pounds in one ``unit``.
    unit : {"£m", "£000", "£"}
        The money unit of the values written over the bars (signed for the steps).

    Returns
    -------
    tuple of numpy.ndarray
        The bars' positions, bottoms and heights.
    """
    n = len(values)
    moves = values[1:-1]
    running = values[0] + np.concatenate([[0.0], np.cumsum(moves)])
    bottoms = np.concatenate([[0.0], running[:-1], [0.0]])
    heights = np.concatenate([[values[0]], moves, [values[-1]]])
    colours = [first, *(style.ORANGE if v >= 0 else style.TURQUOISE for v in moves)]
    colours.append(style.DARK_BLUE)
    x = np.arange(n)
    ax.bar(x, heights, bottom=bottoms, width=width, color=colours, label=label)
    for i in range(n - 1):  # connectors carry the running total to the next bar
        level = bottoms[i] + heights[i]
        ax.plot(
            [x[i] + width / 2, x[i + 1] - width / 2],
            [level, level],
            color=style.AXIS,
            linewidth=0.8,
        )
    for i, (b, h) in enumerate(zip(bottoms, heights, strict=True)):
        signed = 0 < i < n - 1
        up = h >= 0
        ax.annotate(
            text.money(h * scale, unit, signed=signed),
            (x[i], b + h),
            xytext=(0, 3 if up else -3),
            textcoords="offset points",
            ha="center",
            va="bottom" if up else "top",
            fontsize=size,
            color=style.TEXT,
        )
    return x, bottoms, heights


def stacked_bars(
    ax: Axes,
    x: np.ndarray,
    layers: Sequence[tuple[np.ndarray, str, str]],
    *,
    width: float,
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Bars stacked by layer: amounts above zero stack up from it, amounts below down.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The chart.
    x : numpy.ndarray
        The bars' positions.
    layers : sequence of (numpy.ndarray, str, str)
        Each layer's heights, colour and label, bottom layer first.
    width : float
        The bars' width, in data units.

    Returns
    -------
    tuple
        The top of the stack above zero at each position, and each layer's bottoms.
    """
    up = np.zeros(len(x))
    down = np.zeros(len(x))
    bottoms: list[np.ndarray] = []
    for h, colour, label in layers:
        bottom = np.where(h >= 0, up, down)
        ax.bar(
            x,
            h,
            bottom=bottom,
            width=width,
            color=colour,
            label=label,
            edgecolor="white",
            linewidth=0.6,
        )
        bottoms.append(bottom)
        up, down = np.where(h >= 0, up + h, up), np.where(h < 0, down + h, down)
    return up, bottoms
