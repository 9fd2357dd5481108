"""The ``budgetmodel`` command line: a thin layer over the public API.

Exit status 0 on success, 2 on bad input (every problem on stderr), 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BudgetModelError, InputError

if TYPE_CHECKING:
    from .results import Result

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
    from . import __version__

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
    run.add_argument("--values-only", action="store_true",
                     help="write plain numbers in the results workbook instead of live formulas")
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
        "report", help="every chart (PNG and SVG) and the Commissioner's pack (pack.pdf)")
    report.add_argument("workbook", metavar="WORKBOOK", help="input workbook (.xlsx)")
    report.add_argument("--out", required=True, metavar="DIR", help="output folder")
    report.add_argument("--scenario", metavar="NAME",
                        help="scenario of the single-scenario charts "
                             "(default: the first with an initiative)")
    report.set_defaults(func=_report)
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
