"""The house style: Government Analysis Function colours, quiet axes, £ and year ticks.

Every setting is applied to the Axes it styles (never to matplotlib's global
``rcParams``), so a user's own figures and defaults are left as they were.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.ticker import Formatter
    from matplotlib.transforms import Bbox

__all__ = [
    "DARK_BLUE",
    "DARK_GREY",
    "DARK_PINK",
    "GREY",
    "LIGHT_PURPLE",
    "MONEY_UNITS",
    "ORANGE",
    "PALETTE",
    "TURQUOISE",
    "caption",
    "end_labels",
    "figure_size",
    "finish",
    "fit",
    "money_axis",
    "new_axes",
    "no_data",
    "number_formatter",
    "spread",
    "style_axes",
    "title",
    "unit_scale",
    "year_axis",
]

#: Government Analysis Function categorical palette, in its recommended order:
#: dark blue, turquoise, dark pink, orange, dark grey, light purple.
PALETTE = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
DARK_BLUE, TURQUOISE, DARK_PINK, ORANGE, DARK_GREY, LIGHT_PURPLE = PALETTE
#: The Analysis Function "focus" grey, for context such as a counterfactual.
GREY = "#8A8A8A"
TEXT = "#0B0C0C"
MUTED = "#505A5F"
GRID = "#DDDDDD"
AXIS = "#6F777B"

TITLE_SIZE = 12.0
LABEL_SIZE = 9.0
TICK_SIZE = 9.0
NOTE_SIZE = 8.0

#: Money units a chart can show, in pounds.
MONEY_UNITS: dict[str, float] = {"£": 1.0, "£000": 1_000.0, "£m": 1_000_000.0}

MINUS = "\N{MINUS SIGN}"


def unit_scale(unit: str) -> float:
    """Pounds in one ``unit`` (``"£m"``, ``"£000"`` or ``"£"``)."""
    if unit not in MONEY_UNITS:
        raise ValueError(f"unit must be one of {', '.join(MONEY_UNITS)}, not {unit!r}")
    return MONEY_UNITS[unit]


def new_axes(ax: Axes | None, figsize: tuple[float, float] = (9.0, 5.2)) -> Axes:
    """``ax``, or the Axes of a new pyplot figure of ``figsize`` inches when it is None.

    A new figure (not the current Axes) because every chart carries its own
    title and caption; constrained layout keeps them clear of the edges.
    """
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=figsize, layout="constrained")
    return fig.add_subplot()


def style_axes(ax: Axes, *, grid: bool = True) -> None:
    """No top or right spine, quiet ticks, and (``grid``) a light horizontal grid behind the data.

    Tick settings go through ``tick_params``, so they also reach the ticks
    matplotlib creates later, at draw time.
    """
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(AXIS)
        ax.spines[side].set_linewidth(0.8)
    ax.tick_params(colors=AXIS, labelcolor=TEXT, labelsize=TICK_SIZE, length=3, width=0.8)
    ax.tick_params(axis="y", left=False)  # the grid is enough; hidden ticks are not drawn
    if grid:
        ax.grid(axis="y", color=GRID, linewidth=0.7)
        ax.grid(axis="x", visible=False)
    ax.set_axisbelow(True)


def figure_size(ax: Axes) -> tuple[float, float]:
    """Width and height [inches] of the figure that holds ``ax`` (the root of any subfigure)."""
    from matplotlib.figure import Figure

    fig = ax.get_figure()
    root = getattr(fig, "figure", fig)  # a SubFigure's .figure is its root Figure
    assert isinstance(root, Figure)
    w, h = root.get_size_inches()
    return float(w), float(h)


def _axes_size_in(ax: Axes) -> tuple[float, float]:
    """The Axes' current width and height in inches."""
    box = ax.get_position()
    w, h = figure_size(ax)
    return float(box.width * w), float(box.height * h)


def title(ax: Axes, text: str, *, size: float = TITLE_SIZE) -> None:
    """A left-aligned bold title, wrapped to the Axes' width."""
    if not text:
        return
    width_in = _axes_size_in(ax)[0]
    chars = max(24, int(width_in * 72 / (size * 0.62)))
    # A fixed height (y=1): no chart has tick labels on top, and matplotlib would
    # otherwise measure every small-multiple panel to place the title.
    ax.set_title(
        textwrap.fill(text, chars),
        loc="left",
        fontsize=size,
        fontweight="bold",
        color=TEXT,
        pad=10,
        y=1.0,
    )


def finish(
    ax: Axes, title_: str | None, default_title: str, caption_: str | None, source: str
) -> None:
    """Set a chart's title and caption.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The chart.
    title_, caption_ : str or None
        What the user asked for: None for the defaults, ``""`` for none.
    default_title : str
        The computed finding.
    source : str
        The default caption.
    """
    title(ax, default_title if title_ is None else title_)
    caption(ax, source if caption_ is None else caption_)
    literal_text(ax)


def literal_text(ax: Axes) -> None:
    """Draw every text of the chart's figure as typed: names are never mathtext.

    A scenario or line name such as ``"Plan $ saving"`` would otherwise be parsed as
    LaTeX between the dollars (and fail to draw when unbalanced).
    """
    from matplotlib.text import Text

    figure = ax.get_figure()
    for artist in (figure or ax).findobj(Text):
        artist.set_parse_math(False)


def caption(ax: Axes, text: str) -> None:
    """A small grey caption (the source) under the Axes, left-aligned.

    It is the x-axis label, so layout engines keep it clear of the tick labels;
    year ticks need no axis label of their own.
    """
    if text:
        width_in = _axes_size_in(ax)[0]
        chars = max(40, int(width_in * 72 / (NOTE_SIZE * 0.55)))
        ax.set_xlabel(
            textwrap.fill(text, chars), loc="left", fontsize=NOTE_SIZE, color=MUTED, labelpad=8
        )


def number_formatter() -> Formatter:
    """Tick labels with thousands separators, a true minus and the decimals the step needs."""
    from matplotlib.ticker import Formatter

    class _Number(Formatter):
        """Thousands separators, a true minus and as many decimals as the tick step needs."""

        decimals = 0

        def set_locs(self, locs: list[float]) -> None:
            super().set_locs(locs)
            self.decimals = next(
                (
                    d
                    for d in range(7)
                    if all(abs(round(v, d) - v) < 1e-9 * max(1.0, abs(v)) for v in locs)
                ),
                6,
            )

        def __call__(self, x: float, pos: int | None = None) -> str:
            text = f"{x:,.{self.decimals}f}"
            if text.lstrip("-").strip("0.,") == "":
                text = text.lstrip("-")
            return text.replace("-", MINUS)

    return _Number()


def money_axis(ax: Axes, unit: str, basis: str, base_year: str) -> None:
    """Money ticks with separators on the y axis, labelled like ``"£m, cash"``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The chart, drawn in ``unit``.
    unit : {"£m", "£000", "£"}
        The unit the data were divided into.
    basis : {"cash", "real"}
        Cash, or real terms at ``base_year`` prices.
    base_year : str
        The model's base year (``"2013-14"``).
    """
    label = f"{unit}, cash" if basis == "cash" else f"{unit}, {base_year} prices"
    ax.yaxis.set_major_formatter(number_formatter())
    ax.set_ylabel(label, fontsize=LABEL_SIZE, color=TEXT)


def year_axis(ax: Axes, years: Sequence[str], *, every: int | None = None) -> None:
    """Financial-year tick labels (``"2014-15"``) at positions 0..T-1.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The chart, with one position per year.
    years : sequence of str
        The year labels, base year first.
    every : int, optional
        Label every so many years. By default every year, or every second or
        third when the Axes is too narrow to show them all without overlapping
        (about 0.7 inch a label). The final year is always labelled.
    """
    n = len(years)
    if every is None:
        room = max(1, int(_axes_size_in(ax)[0] / 0.7))
        every = max(1, math.ceil(n / room))
    keep = list(range(n - 1, -1, -every))[::-1]
    ax.set_xticks(keep, [years[i] for i in keep])
    ax.set_xlim(-0.6, n - 0.4)


def no_data(ax: Axes, message: str) -> None:
    """Say in the middle of an empty Axes why there is nothing to draw."""
    ax.set_xticks([])
    ax.set_yticks([])
    ax.text(
        0.5,
        0.5,
        message,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=LABEL_SIZE + 1,
        color=MUTED,
        wrap=True,
    )


def spread(targets: Sequence[float], min_gap: float) -> list[float]:
    """Positions as near ``targets`` as possible, each at least ``min_gap`` from the next.

    Used to keep labels at the ends of lines or stacks from overlapping.

    Parameters
    ----------
    targets : sequence of float
        Where each label would like to be.
    min_gap : float
        The least distance between two labels, in the same units.

    Returns
    -------
    list of float
        One position per target, in the targets' order; the labels keep their
        order and move as little as possible in total.

    Examples
    --------
    >>> spread([0.0, 0.1, 5.0], 1.0)
    [-0.45, 0.55, 5.0]
    """
    if not targets:
        return []
    order = np.argsort(np.asarray(targets, dtype=float), kind="stable")
    want = np.asarray(targets, dtype=float)[order]
    # Pool adjacent clusters that collide and centre each cluster on its targets'
    # mean (a small isotonic regression): the least total movement.
    clusters: list[list[int]] = []
    for i in range(len(want)):
        clusters.append([i])
        while len(clusters) > 1:
            prev, last = clusters[-2], clusters[-1]
            prev_top = _centre(want, prev, min_gap) + (len(prev) - 1) * min_gap / 2
            last_bottom = _centre(want, last, min_gap) - (len(last) - 1) * min_gap / 2
            if last_bottom - prev_top >= min_gap - 1e-12:
                break
            clusters[-2:] = [prev + last]
    placed = np.empty(len(want))
    for members in clusters:
        centre = _centre(want, members, min_gap)
        start = centre - (len(members) - 1) * min_gap / 2
        for k, i in enumerate(members):
            placed[i] = start + k * min_gap
    out = np.empty(len(want))
    out[order] = placed
    return [round(float(v), 12) for v in out]


def _centre(want: np.ndarray, members: list[int], min_gap: float) -> float:
    """The centre of a cluster whose members sit ``min_gap`` apart around their targets."""
    offsets = np.arange(len(members)) * min_gap
    return float(np.mean(want[members] - offsets) + offsets[-1] / 2)


def end_labels(
    ax: Axes,
    x: float,
    ys: Sequence[float],
    labels: Sequence[str],
    colors: Sequence[str],
    *,
    size: float = LABEL_SIZE,
    wrap: int = 22,
) -> None:
    """Label series directly, just right of ``x`` (their last point), never overlapping.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The chart, with its y limits already set.
    x : float
        Where the series end, in data units.
    ys, labels, colors : sequence
        Each series' last value, its name and its colour.
    size : float
        Font size [points].
    wrap : int
        Wrap labels longer than this many characters.
    """
    if not labels:
        return
    texts = [textwrap.fill(t, wrap) for t in labels]
    lo, hi = ax.get_ylim()
    height_in = max(_axes_size_in(ax)[1], 0.5)
    per_line = (hi - lo) * (size * 1.3 / 72) / height_in
    # Two-line labels need the room of two lines; spacing uses the larger of a pair.
    heights = [t.count("\n") + 1 for t in texts]
    gap = per_line * max(heights)
    placed = spread(list(ys), gap)
    for y, text, color in zip(placed, texts, colors, strict=True):
        ax.annotate(
            text,
            xy=(x, y),
            xytext=(6, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=size,
            color=color,
            fontweight="bold",
            annotation_clip=False,
        )


def fit(fig: Figure, ax: Axes, rect: tuple[float, float, float, float]) -> Bbox:
    """Place ``ax`` so that it and everything it draws (labels, title, caption) fill ``rect``.

    One measuring pass, instead of a layout engine that would run again at
    every save of the figure.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (a page of the pack).
    ax : matplotlib.axes.Axes
        The chart on it.
    rect : tuple of float
        ``(left, bottom, width, height)`` in figure fractions.

    Returns
    -------
    matplotlib.transforms.Bbox
        ``rect`` in inches: the chart's extent, to crop it out of the page.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.transforms import Bbox

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
    w, h = fig.get_size_inches() * fig.dpi
    box = ax.get_tightbbox(renderer)
    assert box is not None
    pos = ax.get_window_extent(renderer)
    left = rect[0] * w + (pos.x0 - box.x0)
    right = (rect[0] + rect[2]) * w - (box.x1 - pos.x1)
    bottom = rect[1] * h + (pos.y0 - box.y0)
    top = (rect[1] + rect[3]) * h - (box.y1 - pos.y1)
    ax.set_position((left / w, bottom / h, max(right - left, 1) / w, max(top - bottom, 1) / h))
    page_w, page_h = fig.get_size_inches()
    return Bbox.from_bounds(rect[0] * page_w, rect[1] * page_h, rect[2] * page_w, rect[3] * page_h)
