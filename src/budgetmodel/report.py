"""The Commissioner's pack: every chart as PNG and SVG, and ``pack.pdf`` on A4.

The pack is a cover (authority, date, scenarios), a one-page summary (headline
numbers and the headline chart), then one chart per page with a one-line
takeaway computed from the numbers. Figures are built as
`matplotlib.figure.Figure` objects, never through pyplot, so writing a
report neither changes the user's backend nor opens a window.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ._files import active_set, atomic_write, make_dirs
from .errors import BudgetModelError
from .plotting import _data, backtest, bridge, budget, panels, plan, risk, text
from .plotting.pages import Chart, chart_page, cover, summary

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.transforms import Bbox

    from ._results import Result
    from .uncertainty import Simulation

__all__ = ["Chart", "pack_charts", "write_pack", "write_report"]

DRIVERS_PER_PAGE = 9


#: Draws and seed of the simulation a pack runs when it is given none (reproducible).
PACK_DRAWS = 10_000
PACK_SEED = 20_140_401


def pack_charts(
    result: Result, *, scenario: str | None = None, simulation: Simulation | None = None
) -> list[Chart]:
    """The charts of the pack, in page order.

    Totals (cash and real terms) compare every scenario; the others show one.
    The plan chart is left out when that scenario has no initiative amounts, the
    plan waterfall and business case when it includes no initiative,
    the workforce chart when the model has no staffing lines, and drivers run
    to one page per nine. When the model has Uncertainty rows, a fan chart of the
    total, a tornado of the cumulative gap and each initiative's net-benefit range
    follow.

    Parameters
    ----------
    result : Result
        A model run.
    scenario : str, optional
        The scenario of the single-scenario charts; by default the first with
        an improvement initiative.
    simulation : Simulation, optional
        For the fan chart (and, run with ``by_initiative=True``, the initiatives'
        ranges and chances of paying back); by default, when the model has Uncertainty
        rows, `PACK_DRAWS` draws of the scenario with seed `PACK_SEED`, by
        initiative.

    Returns
    -------
    list of Chart
        Each chart's file name, drawing function and finding.

    Examples
    --------
    >>> import budgetmodel as bm
    >>> [chart.name for chart in pack_charts(bm.load_sample().run())]
    ['totals', 'totals_real', 'service_areas', 'bridge', 'gap', 'plan', 'plan_waterfall',
     'business_case', 'drivers', 'workforce', 'backtest', 'fan', 'tornado', 'initiative_range']
    """
    s = _data.resolve_scenario(result, scenario)
    last = result.years[-1]
    if simulation is None and result.model.uncertainty:
        simulation = result.model.simulate(
            PACK_DRAWS, PACK_SEED, s, progress=False, by_initiative=True
        )
    out = [
        Chart("totals", lambda ax: budget.plot_totals(result, ax=ax), text.totals_finding(result)),
        Chart(
            "totals_real",
            lambda ax: budget.plot_totals(result, basis="real", ax=ax),
            text.totals_finding(result, basis="real"),
        ),
        Chart(
            "service_areas",
            lambda ax: budget.plot_service_areas(result, scenario=s, ax=ax),
            text.service_areas_finding(result, s),
        ),
        Chart(
            "bridge",
            lambda ax: bridge.plot_bridge(result, scenario=s, ax=ax),
            text.bridge_finding(result, s, last),
        ),
        Chart(
            "gap",
            lambda ax: bridge.plot_gap(result, scenario=s, ax=ax),
            text.gap_finding(result, s),
        ),
    ]
    if _data.plan_by_kind(result, s).to_numpy().any():
        out.append(
            Chart(
                "plan",
                lambda ax: budget.plot_plan(result, scenario=s, ax=ax),
                text.plan_finding(result, s),
            )
        )
    if result.compiled.scenarios[s].initiatives:
        out += _plan_charts(result, s, simulation)
    ids = list(_data.driver_labels(result))
    chunks = [ids[i : i + DRIVERS_PER_PAGE] for i in range(0, len(ids), DRIVERS_PER_PAGE)]
    found = text.drivers_finding(result, s)
    for k, chunk in enumerate(chunks):
        rows = math.ceil(len(chunk) / 3)
        title = (
            found.title
            if k == 0
            else (
                f"Demand drivers, continued ({k + 1} of {len(chunks)}): with and without the plan"
            )
        )
        out.append(
            Chart(
                "drivers" if k == 0 else f"drivers_{k + 1}",
                _drivers_drawer(result, s, chunk, title),
                found,
                (10.0, 1.3 + 2.3 * rows),
            )
        )
    if _data.staffing_names(result):
        out.append(
            Chart(
                "workforce",
                lambda ax: panels.plot_workforce(result, scenario=s, ax=ax),
                text.workforce_finding(result, s),
                (10.0, 4.2),
            )
        )
    if result.model.outturn:
        areas = len({a for a in result.backtest["service_area"]})
        out.append(
            Chart(
                "backtest",
                lambda ax: backtest.plot_backtest(result, scenario=s, ax=ax),
                backtest.backtest_finding(result, s),
                (10.0, 1.4 + 2.6 * math.ceil(areas / 3)),
            )
        )
    if simulation is not None and s in simulation.scenarios:
        out += _risk_charts(result, simulation, s)
        if simulation.by_initiative and result.compiled.scenarios[s].initiatives:
            out.append(
                Chart(
                    "initiative_range",
                    lambda ax: plan.plot_initiative_range(simulation, scenario=s, ax=ax),
                    plan.initiative_range_finding(simulation, s),
                    (10.0, 1.8 + 0.75 * len(result.compiled.scenarios[s].initiatives)),
                )
            )
    return out


def _plan_charts(result: Result, scenario: str, simulation: Simulation | None) -> list[Chart]:
    """The plan initiative by initiative: the waterfall and the business case."""
    return [
        Chart(
            "plan_waterfall",
            lambda ax: plan.plot_plan_waterfall(result, scenario=scenario, ax=ax),
            plan.plan_waterfall_finding(result, scenario),
        ),
        Chart(
            "business_case",
            lambda ax: plan.plot_business_case(
                result, scenario=scenario, simulation=simulation, ax=ax
            ),
            plan.business_case_finding(result, scenario, simulation=simulation),
        ),
    ]


def _risk_charts(result: Result, simulation: Simulation, scenario: str) -> list[Chart]:
    """The fan chart of the total and the tornado of the cumulative gap."""
    from .uncertainty import tornado

    frame = tornado(result.model, scenario=scenario)
    return [
        Chart(
            "fan",
            lambda ax: risk.plot_fan(simulation, scenario=scenario, ax=ax),
            risk.fan_finding(simulation, scenario),
        ),
        Chart(
            "tornado",
            lambda ax: risk.plot_tornado(frame, ax=ax),
            risk.tornado_finding(frame),
            (10.0, 1.6 + 0.45 * max(len(frame), 1)),
        ),
    ]


def _drivers_drawer(
    result: Result, scenario: str, ids: Sequence[str], title: str
) -> Callable[[Axes], Axes]:
    """A drawer for one page of driver panels (bound now, not in a loop's closure)."""
    return lambda ax: panels.plot_drivers(
        result, scenario=scenario, drivers=ids, ax=ax, title=title
    )


# -- files ---------------------------------------------------------------------
def _metadata(fmt: str) -> dict[str, str | None]:
    """File metadata without a timestamp, so the same result writes the same bytes."""
    meta: dict[str, str | None] = {}
    if fmt in ("svg", "pdf"):
        meta["Date" if fmt == "svg" else "CreationDate"] = None
    return meta


def write_report(
    result: Result,
    out_dir: str | os.PathLike[str],
    *,
    formats: Sequence[str] = ("png", "svg"),
    scenario: str | None = None,
    date: dt.date | None = None,
    dpi: float = 120,
    pack: bool = True,
) -> list[Path]:
    """Write every chart in ``formats`` and the Commissioner's pack ``pack.pdf``.

    Each chart file is the chart exactly as it appears on its page of the pack,
    cropped to the chart.

    Parameters
    ----------
    result : Result
        A model run.
    out_dir : path
        The folder to write to; created if missing. Each file is written under
        a temporary name and renamed, so a failure never leaves a half-written file.
    formats : sequence of str
        Image formats for the chart files (``"png"``, ``"svg"``, ``"pdf"``, ...);
        empty for the pack alone.
    scenario : str, optional
        The scenario of the single-scenario charts; by default the first with an
        improvement initiative.
    date : datetime.date, optional
        The date on the cover; today by default.
    dpi : float
        Resolution of raster images (120 gives a chart about 1,300 pixels wide).
    pack : bool
        Write ``pack.pdf`` too (the default); False for the chart files alone.

    Returns
    -------
    list of pathlib.Path
        The files written: each chart's files in pack order, then ``pack.pdf``.

    Examples
    --------
    >>> import budgetmodel as bm
    >>> from budgetmodel.report import write_report
    >>> files = write_report(bm.load_sample().run(), "out")  # doctest: +SKIP
    >>> [f.name for f in files][:3], files[-1].name  # doctest: +SKIP
    (['totals.png', 'totals.svg', 'totals_real.png'], 'pack.pdf')
    """
    _data.resolve_scenario(result, scenario)  # a bad name fails before any file is made
    from matplotlib.backend_bases import FigureCanvasBase

    supported = FigureCanvasBase.get_supported_filetypes()
    for fmt in formats:
        if fmt not in supported:
            raise ValueError(
                f"Format {fmt!r} is not supported (supported formats: "
                f"{', '.join(sorted(supported))})"
            )
    folder = make_dirs(out_dir)
    with _literal_text():
        return _write_report(result, folder, formats, scenario, date, dpi, pack)


def _literal_text() -> Any:
    """Text drawn as typed: a ``$`` in a scenario or line name is not mathtext."""
    from matplotlib import rc_context

    return rc_context({"text.parse_math": False, "text.usetex": False})


def _write_report(
    result: Result,
    folder: Path,
    formats: Sequence[str],
    scenario: str | None,
    date: dt.date | None,
    dpi: float,
    pack: bool,
) -> list[Path]:
    items = pack_charts(result, scenario=scenario)
    total = len(items) + 2
    names = [folder / f"{chart.name}.{fmt}" for chart in items for fmt in formats]

    def save_files() -> None:
        for number, chart in enumerate(items, start=3):
            page, box = chart_page(result, chart, number, total)
            for fmt in formats:
                save = functools.partial(_save, page, fmt=fmt, dpi=dpi, box=box)
                atomic_write(folder / f"{chart.name}.{fmt}", save)
            _close(page)

    if not pack:
        save_files()
        return names
    target = folder / "pack.pdf"

    def save_pack() -> None:
        atomic_write(target, lambda h: _write_pages(result, h, items, scenario=scenario, date=date))

    # The chart files and the pack are drawn from the same layouts; on a machine that
    # can fork, a second process draws the files while this one draws the pack.
    _in_parallel(save_files, save_pack)
    return [*names, target]


def _close(page: Figure) -> None:
    page.clear()


def _in_parallel(first: Callable[[], None], second: Callable[[], None]) -> None:
    """Run ``first`` in a forked process and ``second`` here; sequentially without fork.

    An error in the forked process is raised here, with its message.
    """
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods() or os.environ.get(
        "BUDGETMODEL_NO_FORK"
    ):
        first()
        second()
        return
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    outputs = active_set()
    # Inside an output set, the files the child writes wait to be renamed with the rest
    # of the set: the child hands their temporary names to this process.
    before = set(outputs.pending) if outputs is not None else set()

    def child() -> None:
        try:
            first()
            mine = (
                {}
                if outputs is None
                else {f: t for f, t in outputs.pending.items() if f not in before}
            )
            send.send((None, mine))
        except BaseException as err:  # reported to the parent, which raises it
            if outputs is not None:
                for final, tmp in outputs.pending.items():
                    if final not in before:
                        tmp.unlink(missing_ok=True)
            send.send((f"{type(err).__name__}: {err}", {}))
        finally:
            send.close()

    process = context.Process(target=child)
    process.start()
    send.close()
    pending: dict[Path, Path] = {}
    try:
        second()
    finally:
        message, pending = receive.recv() if receive.poll(600) else ("no answer within 600 s", {})
        process.join()
        if outputs is not None:
            for final, tmp in pending.items():
                outputs.add(tmp, final)
    if message is not None or process.exitcode != 0:
        raise BudgetModelError(f"Writing the chart files failed: {message}")


def _save(page: Figure, handle: IO[bytes], *, fmt: str, dpi: float, box: Bbox) -> None:
    """One chart of a laid-out page, cropped to ``box`` [inches], as ``fmt``."""
    from matplotlib import rc_context

    # The page's own header, rules and takeaway lie outside the crop: hidden, they
    # cost nothing to draw. Only the chart's Axes remain.
    outside = [*page.texts, *page.artists, *page.lines]
    for artist in outside:
        artist.set_visible(False)
    try:
        if fmt == "png":
            # zlib level 1: a quarter less time than the default level, files a sixth larger.
            page.savefig(
                handle,
                format=fmt,
                dpi=dpi,
                bbox_inches=box,
                metadata=_metadata(fmt),
                pil_kwargs={"compress_level": 1},
            )
            return
        # SVG text stays text (searchable, read by screen readers, a quarter of the
        # size, faster to write) in the house font with fallbacks; fixed ids give the
        # same bytes each time.
        with rc_context({"svg.fonttype": "none", "svg.hashsalt": "budgetmodel"}):
            page.savefig(handle, format=fmt, dpi=dpi, bbox_inches=box, metadata=_metadata(fmt))
    finally:
        for artist in outside:
            artist.set_visible(True)


def write_pack(
    result: Result,
    path: str | os.PathLike[str],
    *,
    scenario: str | None = None,
    date: dt.date | None = None,
) -> int:
    """Write the pack alone to ``path``, atomically.

    Parameters
    ----------
    result : Result
        A model run.
    path : path
        The PDF to write; its folder is created if missing.
    scenario : str, optional
        The scenario of the single-scenario charts.
    date : datetime.date, optional
        The date on the cover; today by default.

    Returns
    -------
    int
        The number of pages, as counted by matplotlib while writing.
    """
    target = Path(path)
    make_dirs(target.parent)
    pages: list[int] = []
    with _literal_text():
        items = pack_charts(result, scenario=scenario)
        atomic_write(
            target,
            lambda h: pages.append(_write_pages(result, h, items, scenario=scenario, date=date)),
        )
    return pages[0]


def _write_pages(
    result: Result,
    handle: IO[bytes],
    items: list[Chart],
    *,
    scenario: str | None,
    date: dt.date | None,
) -> int:
    """Cover, summary, then one page per chart, into ``handle``; returns the page count.

    The chart files are cut from the same layouts (`chart_page` is
    deterministic), so a file and its page of the pack always match.
    """
    from matplotlib import rc_context
    from matplotlib.backends.backend_pdf import PdfPages

    from ._version import __version__

    who = result.model.authority or "Indicative budget model"
    meta = {
        "Title": f"{who}: children's social care indicative budget",
        "Author": "budgetmodel",
        "Creator": f"budgetmodel {__version__}",
        **_metadata("pdf"),
    }
    s = _data.resolve_scenario(result, scenario)
    total = len(items) + 2
    # zlib level 1: about a quarter less time than the default, a pack a tenth larger.
    with rc_context({"pdf.compression": 1}), PdfPages(handle, metadata=meta) as pdf:
        pdf.savefig(cover(result, s, date or dt.date.today(), __version__))
        pdf.savefig(summary(result, items, total))
        for number, chart in enumerate(items, start=3):
            page, _ = chart_page(result, chart, number, total)
            pdf.savefig(page)
            _close(page)
        count: int = pdf.get_pagecount()
    return count
