"""The ``budgetmodel`` command line: a thin layer over the public API.

Exit status 0 on success, 2 on bad input (every problem on stderr), 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BudgetModelError, InputError, Issue

if TYPE_CHECKING:
    from .results import Result
    from .uncertainty import Simulation

__all__ = ["main"]


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


def _simulate(args: argparse.Namespace) -> int:
    from .excel.reader import read_workbook
    from .excel.writer import write_workbook
    from .export import write_simulation_csv

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
    if args.out:
        print(f"wrote {write_workbook(model.run(), args.out, simulation=simulation)}")
    if args.csv:
        for path in write_simulation_csv(simulation, args.csv):
            print(f"wrote {path}")
    return 0


def _run(args: argparse.Namespace) -> int:
    from .excel.reader import read_workbook
    from .excel.writer import write_workbook
    from .export import write_csv

    result = read_workbook(args.workbook).run()
    print(format_summary(result))
    if args.out:
        print(f"wrote {write_workbook(result, args.out, values_only=args.values_only)}")
    if args.csv:
        for path in write_csv(result, args.csv):
            print(f"wrote {path}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from .datasets import load_sample
    from .excel.writer import write_workbook
    from .export import write_csv
    from .report import write_report

    result = load_sample().run()
    print(format_summary(result))
    out = Path(args.out)
    print()
    print(f"wrote {write_workbook(result, out / 'birmingham_2014_results.xlsx')}")
    for path in write_csv(result, out / "csv"):
        print(f"wrote {path}")
    for path in write_report(result, out):
        print(f"wrote {path}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from .excel.reader import read_workbook
    from .report import write_report

    result = read_workbook(args.workbook).run()
    print(format_summary(result))
    print()
    for path in write_report(result, args.out, scenario=args.scenario):
        print(f"wrote {path}")
    return 0


def _template(args: argparse.Namespace) -> int:
    from .excel.template import write_template

    path = write_template(
        args.path, base_year=args.base_year, horizon=args.horizon, money_unit=args.money_unit
    )
    print(f"wrote {path}")
    return 0


def _parser() -> argparse.ArgumentParser:
    from ._version import __version__

    parser = argparse.ArgumentParser(
        prog="budgetmodel", description="Indicative five-year budgets for children's social care."
    )
    parser.add_argument("--version", action="version", version=f"budgetmodel {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo = sub.add_parser("demo", help="the Birmingham 2014 sample, end to end")
    demo.add_argument("--out", default="out", metavar="DIR", help="output folder (default: out)")
    demo.set_defaults(func=_demo)
    run = sub.add_parser("run", help="run every scenario of an input workbook")
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
    template = sub.add_parser("template", help="write an empty input workbook with guidance")
    template.add_argument("path", metavar="PATH", help="the workbook to write (.xlsx)")
    template.add_argument("--base-year", default="2025-26", help="base year (default 2025-26)")
    template.add_argument("--horizon", type=int, default=5, help="projection years (default 5)")
    template.add_argument(
        "--money-unit",
        default="£000",
        choices=["£", "£000", "£m"],
        help="money unit (default £000)",
    )
    template.set_defaults(func=_template)
    report = sub.add_parser(
        "report", help="every chart (PNG and SVG) and the Commissioner's pack (pack.pdf)"
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
        "simulate", help="Monte Carlo over the Uncertainty sheet: percentiles and the Risk sheet"
    )
    simulate.add_argument("workbook", metavar="WORKBOOK", help="input workbook (.xlsx)")
    simulate.add_argument(
        "--draws", type=int, default=10_000, metavar="N", help="number of draws (default 10,000)"
    )
    simulate.add_argument(
        "--seed",
        type=int,
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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``budgetmodel`` command."""
    args = _parser().parse_args(argv)
    try:
        return int(args.func(args))
    except InputError as err:
        print(f"budgetmodel: {err}", file=sys.stderr)
        return 2
    except (BudgetModelError, OSError) as err:
        print(f"budgetmodel: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
