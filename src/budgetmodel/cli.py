"""The ``budgetmodel`` command line: a thin layer over the public API.

Exit status 0 on success, 2 on bad input (every problem on stderr), 1 otherwise
(one line on stderr; ``--debug`` adds the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._files import OutputLocked, describe_os_error, make_dirs, output_set
from .errors import BudgetModelError, InputError, Issue

if TYPE_CHECKING:
    from ._results import Result
    from .uncertainty import Simulation

__all__ = ["MAX_DRAWS", "main"]

#: The most draws ``budgetmodel simulate`` accepts (documented in docs/cli.md).
MAX_DRAWS = 10_000_000


def format_summary(result: Result) -> str:
    """Total, funding and gap by year for each scenario, in £m, as plain text."""
    table = result.summary_table("£m")
    years = result.years
    width = max(9, *(len(y) + 1 for y in years))
    lines = [f"{result.model.authority or 'Model'}: indicative budget, £m cash"]
    labels = {
        "total_cash": "Total",
        "funding": "Funding",
        "gap": "Gap",
        "cumulative_gap": "Cumulative gap",
    }
    for scenario in result.scenarios:
        lines += ["", scenario, f"{'':<16}" + "".join(f"{y:>{width}}" for y in years)]
        for measure, label in labels.items():
            row = table.xs((scenario, measure)).to_numpy(dtype=float)
            lines.append(f"{label:<16}" + "".join(f"{v:>{width},.1f}" for v in row))
    return "\n".join(lines)


def format_simulation(simulation: Simulation) -> str:
    """The cumulative gap to the final year: percentiles and the chance of a shortfall, £m."""
    last = simulation.years[-1]
    p = simulation.percentiles
    p = p[(p["year"] == last) & (p["measure"] == "cumulative_gap")]
    chance = simulation.probability("cumulative_gap", last)
    stats = {"p5": "5%", "p25": "25%", "p50": "median", "p75": "75%", "p95": "95%"}
    width = max(16, *(len(s) + 2 for s in simulation.scenarios))
    lines = [
        f"{simulation.model.authority or 'Model'}: cumulative gap to {last}, £m cash "
        f"(above 0: shortfall); {simulation.n_draws:,} draws, seed {simulation.seed}",
        "",
        f"{'':<{width}}" + "".join(f"{v:>9}" for v in stats.values()) + f"{'P(>0)':>9}",
    ]
    for scenario in simulation.scenarios:
        mine = p[p["scenario"] == scenario].set_index("statistic")["value"] / 1e6
        lines.append(
            f"{scenario:<{width}}"
            + "".join(f"{mine[k]:>9,.1f}" for k in stats)
            + f"{chance[scenario]:>9.0%}"
        )
    return "\n".join(lines)


def _refuse_usage(where: str, found: str, expected: str, hint: str = "") -> InputError:
    return InputError([Issue(where, found, expected, hint)])


def _same_file(a: str | Path, b: str | Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _check_outputs(
    workbook: str | None, *, files: Sequence[str | None] = (), folders: Sequence[str | None] = ()
) -> None:
    """Refuse, before any work, outputs that would overwrite the input or cannot be written."""
    for path in [*files, *folders]:
        if path is None:
            continue
        if not str(path).strip():
            raise _refuse_usage("--out/--csv", "an empty name", "a file or folder name")
        if workbook is not None and _same_file(path, workbook):
            raise _refuse_usage(
                path,
                "the input workbook itself as an output",
                "another file or folder",
                "The input is never overwritten: write the results beside it.",
            )
    for path in files:
        if path is None:
            continue
        if Path(path).is_dir():
            raise _refuse_usage(path, "a folder", "a file name ending .xlsx for --out")
        if Path(path).suffix.lower() != ".xlsx":
            raise _refuse_usage(path, "a name not ending .xlsx", "a results workbook RESULTS.xlsx")
    for path in folders:
        if path is not None and Path(path).exists() and not Path(path).is_dir():
            raise _refuse_usage(path, "a file", "a folder for the output files")


def _simulate(args: argparse.Namespace) -> int:
    from ._export import write_simulation_csv
    from .excel.reader import read_workbook
    from .excel.writer import write_workbook

    _check_outputs(args.workbook, files=[args.out], folders=[args.csv])
    model = read_workbook(args.workbook)
    if not model.uncertainty:
        raise InputError(
            [
                Issue(
                    "Uncertainty",
                    "no Uncertainty rows",
                    "an Uncertainty sheet with one row per uncertain input",
                    "Columns: target, distribution, p1, p2, p3, description.",
                )
            ]
        )
    simulation = model.simulate(draws=args.draws, seed=args.seed)
    print(format_simulation(simulation))
    written: list[Path] = []
    with output_set([p for p in (args.out, args.csv) if p]):
        if args.out:
            written.append(write_workbook(model.run(), args.out, simulation=simulation))
        if args.csv:
            written += write_simulation_csv(simulation, args.csv)
    for path in written:
        print(f"wrote {path}")
    return 0


def _run(args: argparse.Namespace) -> int:
    from ._export import write_csv
    from .excel.reader import read_workbook
    from .excel.writer import write_workbook

    _check_outputs(args.workbook, files=[args.out], folders=[args.csv])
    result = read_workbook(args.workbook).run()
    print(format_summary(result))
    written: list[Path] = []
    with output_set([p for p in (args.out, args.csv) if p]):
        if args.out:
            written.append(write_workbook(result, args.out, values_only=args.values_only))
        if args.csv:
            written += write_csv(result, args.csv)
    for path in written:
        print(f"wrote {path}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from ._datasets import load_sample
    from ._export import write_csv
    from .excel.writer import write_workbook
    from .report import write_report

    _check_outputs(None, folders=[args.out])
    result = load_sample().run()
    print(format_summary(result))
    out = Path(args.out)
    print()
    written: list[Path] = []
    with output_set([out]):
        make_dirs(out)
        written.append(write_workbook(result, out / "birmingham_2014_results.xlsx"))
        written += write_csv(result, out / "csv")
        written += write_report(result, out)
    for path in written:
        print(f"wrote {path}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from .excel.reader import read_workbook
    from .report import write_report

    _check_outputs(args.workbook, folders=[args.out])
    result = read_workbook(args.workbook).run()
    print(format_summary(result))
    print()
    with output_set([args.out]):
        written = write_report(result, args.out, scenario=args.scenario)
    for path in written:
        print(f"wrote {path}")
    return 0


def _template(args: argparse.Namespace) -> int:
    from .excel.template import write_template

    path = write_template(
        args.path,
        base_year=args.base_year,
        horizon=args.horizon,
        money_unit=args.money_unit,
        force=args.force,
    )
    print(f"wrote {path}")
    return 0


def _draws(text: str) -> int:
    try:
        draws = int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of draws") from None
    if not 1 <= draws <= MAX_DRAWS:
        raise argparse.ArgumentTypeError(
            f"{text} draws: give a whole number from 1 to {MAX_DRAWS:,} "
            "(100,000 draws already pin the percentiles to well under 1%)"
        )
    return draws


def _seed(text: str) -> int:
    try:
        seed = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= seed < 2**63:
        raise argparse.ArgumentTypeError(f"{text}: the seed must be a whole number >= 0")
    return seed


def _horizon(text: str) -> int:
    from ._years import MAX_HORIZON, MIN_HORIZON

    try:
        horizon = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of years") from None
    if not MIN_HORIZON <= horizon <= MAX_HORIZON:
        raise argparse.ArgumentTypeError(
            f"{text}: the horizon is {MIN_HORIZON} to {MAX_HORIZON} projection years"
        )
    return horizon


def _parser() -> argparse.ArgumentParser:
    from ._version import __version__

    parser = argparse.ArgumentParser(
        prog="budgetmodel", description="Indicative five-year budgets for children's social care."
    )
    parser.add_argument("--version", action="version", version=f"budgetmodel {__version__}")
    debug = argparse.ArgumentParser(add_help=False)
    debug.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="on an unexpected error, show the full traceback",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", parents=[debug], help="the Birmingham 2014 sample, end to end")
    demo.add_argument("--out", default="out", metavar="DIR", help="output folder (default: out)")
    demo.set_defaults(func=_demo)
    run = sub.add_parser("run", parents=[debug], help="run every scenario of an input workbook")
    run.add_argument("workbook", metavar="WORKBOOK", help="input workbook (.xlsx)")
    run.add_argument("--out", metavar="RESULTS.xlsx", help="write the results workbook")
    run.add_argument(
        "--values-only",
        action="store_true",
        help="write plain numbers in the results workbook instead of live formulas",
    )
    run.add_argument(
        "--csv",
        metavar="DIR",
        help="write lines.csv, drivers.csv, bridge.csv and summary.csv to DIR",
    )
    run.set_defaults(func=_run)
    template = sub.add_parser(
        "template", parents=[debug], help="write an empty input workbook with guidance"
    )
    template.add_argument("path", metavar="PATH", help="the workbook to write (.xlsx)")
    template.add_argument("--base-year", default="2025-26", help="base year (default 2025-26)")
    template.add_argument(
        "--horizon", type=_horizon, default=5, help="projection years, 1 to 15 (default 5)"
    )
    template.add_argument(
        "--force", action="store_true", help="overwrite PATH if it exists (refused otherwise)"
    )
    template.add_argument(
        "--money-unit",
        default="£000",
        choices=["£", "£000", "£m"],
        help="money unit (default £000)",
    )
    template.set_defaults(func=_template)
    report = sub.add_parser(
        "report",
        parents=[debug],
        help="every chart (PNG and SVG) and the Commissioner's pack (pack.pdf)",
    )
    report.add_argument("workbook", metavar="WORKBOOK", help="input workbook (.xlsx)")
    report.add_argument("--out", required=True, metavar="DIR", help="output folder")
    report.add_argument(
        "--scenario",
        metavar="NAME",
        help="scenario of the single-scenario charts (default: the first with an initiative)",
    )
    report.set_defaults(func=_report)
    simulate = sub.add_parser(
        "simulate",
        parents=[debug],
        help="Monte Carlo over the Uncertainty sheet: percentiles and the Risk sheet",
    )
    simulate.add_argument("workbook", metavar="WORKBOOK", help="input workbook (.xlsx)")
    simulate.add_argument(
        "--draws",
        type=_draws,
        default=10_000,
        metavar="N",
        help=f"number of draws, 1 to {MAX_DRAWS:,} (default 10,000)",
    )
    simulate.add_argument(
        "--seed",
        type=_seed,
        default=None,
        metavar="S",
        help="seed, a whole number >= 0, to repeat a run exactly",
    )
    simulate.add_argument(
        "--out", metavar="RESULTS.xlsx", help="write the results workbook with its Risk sheet"
    )
    simulate.add_argument(
        "--csv", metavar="DIR", help="write percentiles.csv and exceedance.csv to DIR"
    )
    simulate.set_defaults(func=_simulate)
    return parser


def _one_line_warnings(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    print(f"budgetmodel: warning: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``budgetmodel`` command.

    Returns 0 on success, 2 on bad input (every problem listed on stderr) and 1 on
    anything else: a disk, permission or lock problem, or an unexpected error, in
    one line (``--debug`` adds the traceback). On any failure no output file is
    written or changed.
    """
    args = _parser().parse_args(argv)
    debug = bool(getattr(args, "debug", False))
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.showwarning = _one_line_warnings
        try:
            return int(args.func(args))
        except InputError as err:
            print(f"budgetmodel: {err}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print("budgetmodel: interrupted; no output was written", file=sys.stderr)
            return 130
        except Exception as err:
            if debug:
                import traceback

                traceback.print_exc()
            print(f"budgetmodel: {_one_line(err)}", file=sys.stderr)
            return 1


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    if isinstance(err, (BudgetModelError, OutputLocked)):
        return text
    disk = describe_os_error(err)
    if disk is not None:
        return f"cannot write the output: {disk}; no output was written or changed"
    return f"unexpected error ({type(err).__name__}: {text[:300]}); run with --debug for details"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
