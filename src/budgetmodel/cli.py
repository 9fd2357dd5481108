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
    from .export import write_csv

    result = read_workbook(args.workbook).run()
    print(format_summary(result))
    if args.csv:
        for path in write_csv(result, args.csv):
            print(f"wrote {path}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from .datasets import load_sample
    from .export import write_csv

    result = load_sample().run()
    print(format_summary(result))
    out = Path(args.out)
    print()
    for path in write_csv(result, out / "csv"):
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
    run.add_argument(
        "--csv",
        metavar="DIR",
        help="write lines.csv, drivers.csv, bridge.csv and summary.csv to DIR",
    )
    run.set_defaults(func=_run)
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
