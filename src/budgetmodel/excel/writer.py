"""``write_workbook``: a Result as a results workbook a finance team can audit.

Sheets: Cover, Summary, Budget, Bridge, Volumes, Gap, Checks; then the input
sheets exactly as the model holds them (so the file is itself a valid input);
then every other sheet of the input workbook, carried over. Money is shown in
the model's money unit; native Excel charts sit beside the tables.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BudgetModelWarning
from .cover import GUIDE, checks_sheet, cover_sheet
from .formats import Formats, keep_charts_whole, print_setup
from .formulas import build_grids
from .inputcarry import CarriedInputs, plan_inputs
from .inputsheets import carry_findings, define_names, write_input_sheets
from .layout import CALC_SHEETS, RESULT_SHEETS
from .sheets import backtest_sheet, grid_sheet, results_sheets
from .tables import input_tables
from .xlsx import atomic_workbook

if TYPE_CHECKING:
    from .._model import Model
    from .._results import Result
    from ..uncertainty import Simulation

__all__ = ["RESULT_SHEETS", "write_inputs", "write_workbook"]


def write_workbook(
    result: Result,
    path: str | os.PathLike[str],
    *,
    values_only: bool = False,
    simulation: Simulation | None = None,
) -> Path:
    """Write ``result`` as a results workbook.

    Parameters
    ----------
    result : Result
        From `budgetmodel.Model.run`.
    path : path-like
        The ``.xlsx`` file to write. It is written to a temporary file and renamed,
        so a failure leaves any previous file untouched; the input workbook itself
        is never overwritten.
    values_only : bool, default False
        Write plain numbers instead of live formulas.
    simulation : Simulation, optional
        From `budgetmodel.Model.simulate`: adds the Risk sheet (percentiles,
        the chance of a cumulative shortfall, the uncertain inputs).

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import budgetmodel as bm
    >>> result = bm.load_sample().run()
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = bm.write_workbook(result, pathlib.Path(tmp) / "results.xlsx")
    ...     bm.read_workbook(path) == result.model  # the results workbook is an input too
    True

    Notes
    -----
    Every computed number in Summary, Budget, Bridge, Volumes and Gap is a live
    formula that follows the model back to the input sheets' cells, through the
    calculation sheets Index, DriverCalc and CostCalc, with the engine's value
    stored as its result: change an assumption in Excel and the budget moves.

    The input sheets are written from the model exactly (every assumption to the
    bit, extra columns such as ``source`` included), so ``read_workbook`` on the
    results gives back the same model, and edits to them are honoured by the next
    run. Sheets of the input workbook that the library does not own are carried
    over; what cannot travel (charts, images, pivot tables) is named in a
    `BudgetModelWarning` and on the Checks sheet.
    """
    from .carry import carry_sheets, plan_carry

    model = result.model
    target = Path(path)
    carried, notes = plan_carry(model)
    with atomic_workbook(target, refuse=model.source) as book:
        book.set_properties(
            {
                "title": f"{model.authority} indicative budget".strip(),
                "comments": "Written by budgetmodel",
            }
        )
        fmt = Formats(book, model.money_unit)
        inputs = plan_inputs(model, input_tables(model))
        tables = inputs.tables
        grids = build_grids(result, tables)
        formulas = not values_only
        cover = book.add_worksheet("Cover")
        results_sheets(book, result, fmt, grids, formulas)
        checks = book.add_worksheet("Checks")
        if "Backtest" in grids:
            backtest_sheet(book, result, fmt, grids["Backtest"], formulas)
        if simulation is not None:
            from .risk import add_risk_sheet

            add_risk_sheet(book, simulation, money_unit=model.money_unit)
        for name in CALC_SHEETS:
            # Audit trails, hidden so that printing the workbook gives the results and
            # the inputs; the Cover says how to unhide them.
            grid_sheet(book, grids[name], fmt, formulas).hide()
        write_input_sheets(book, inputs, fmt)
        carry_sheets(book, carried)
        for sheet in carried:
            print_setup(book.get_worksheet_by_name(sheet.name), None)
        define_names(book, inputs)
        findings = carry_findings(inputs, notes) + _reading_findings(model)
        for _, status, detail in findings:
            if status != "ok":
                warnings.warn(detail, BudgetModelWarning, stacklevel=2)
        checks_sheet(checks, result, fmt, findings)
        guide = [(ws.get_name(), GUIDE.get(ws.get_name(), "")) for ws in book.worksheets()]
        titles = {t.sheet: t.name for t in tables}
        guide = [(name, what or _input_line(titles.get(name), inputs)) for name, what in guide]
        cover_sheet(cover, result, fmt, target, guide)
        for ws in book.worksheets():
            keep_charts_whole(ws)
        cover.activate()
    return target


def _reading_findings(model: Model) -> list[tuple[str, str, str]]:
    """The columns the model does not read, sheet by sheet (kept, and carried). What
    reading noted (a Table's range that stopped short) comes with the carry notes."""
    from .layout import SHEETS

    rows: list[tuple[str, str, str]] = []
    years = set(model.years)
    unread = []
    for sheet, header in model.sheet_columns.items():
        layout = SHEETS.get(sheet)
        if layout is None:
            continue
        known = {*layout.columns, *layout.aliases, *years}
        other = [h for h in header if h and h not in known]
        if other:
            unread.append(f"{sheet}: {', '.join(other)}")
    if unread:
        detail = "; ".join(unread) + ". Kept as they are; the model does not read them."
        rows.append(("Columns beyond the contract (sources, notes, workings)", "ok", detail))
    return rows


def _input_line(contract: str | None, inputs: CarriedInputs) -> str:
    if contract is None:
        return "Your own sheet, carried from the input workbook."
    line = GUIDE.get(contract, "Input.")
    if contract in inputs.sheets:
        return line + " Carried as you had it: edit it and run this workbook again."
    return line + " Edit it and run this workbook again."


def write_inputs(model: Model, path: str | os.PathLike[str]) -> Path:
    """Write ``model`` as an input workbook: the input sheets only, exactly.

    Reading the file back with `read_workbook` gives a model
    equal to ``model``, every assumption to the bit.

    Returns
    -------
    pathlib.Path
    """
    target = Path(path)
    with atomic_workbook(target, refuse=model.source) as book:
        fmt = Formats(book, model.money_unit)
        inputs = plan_inputs(model, input_tables(model))
        write_input_sheets(book, inputs, fmt)
        define_names(book, inputs)
        for _, status, detail in carry_findings(inputs, []):
            if status != "ok":
                warnings.warn(detail, BudgetModelWarning, stacklevel=2)
    return target
