"""Workbook faults in real .xlsx files: Tables, merged cells, far-away cells,
formulas, dates, and files that are not workbooks at all."""

from __future__ import annotations

import datetime as dt
import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.worksheet.table import Table

import budgetmodel as bm
from budgetmodel._datasets import sample_path

from ..samplebook import plain_sample
from .outcome import ACCEPTED, REFUSED, Case, Expect, Observed, observe

Book = Any


def _col(ws: Any, name: str) -> int:
    return [c.value for c in ws[1]].index(name) + 1


def _year_cols(ws: Any) -> list[int]:
    return [c.column for c in ws[1] if str(c.value)[:2] in ("19", "20")]


def read_file(path: Path) -> Observed:
    """Read ``path``; warnings are kept in the message rather than raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        seen = observe(lambda: bm.read_workbook(path))
    seen.message += "".join(f"\nwarning: {w.message}" for w in caught)
    return seen


def from_sample(mutate: Callable[[Book, Path], Any]) -> Callable[[Path], Observed]:
    def run(tmp: Path) -> Observed:
        book = plain_sample()
        path = tmp / "case.xlsx"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's, on names longer than Excel allows
            mutate(book, tmp)
            book.save(path)
        return read_file(path)

    return run


def from_file(make: Callable[[Path], Path]) -> Callable[[Path], Observed]:
    def run(tmp: Path) -> Observed:
        return read_file(make(tmp))

    return run


def same_as_sample(model: Any) -> bool:
    return bool(model == bm.load_sample())


def cases() -> list[Case]:
    out: list[Case] = []

    def add(name: str, run: Callable[[Path], Observed], expect: Expect) -> None:
        out.append(Case(name, "books", run, expect))

    sample = plain_sample()
    for sheet in ("Drivers", "CostLines", "Funding", "Inflation", "Improvement"):
        ws = sample[sheet]
        last = ws.cell(1, ws.max_column).column_letter

        def short(b: Book, _: Path, sheet: str = sheet, last: str = last) -> None:
            b[sheet].add_table(Table(displayName=f"tbl_{sheet}", ref=f"A1:{last}2"))

        add(
            f"Table on {sheet} covering its first row only",
            from_sample(short),
            Expect(ACCEPTED, text="typed directly below it", check=same_as_sample),
        )
    for sheet in ("Funding", "Populations", "Inflation", "Improvement", "CostAssumptions"):
        ws = sample[sheet]
        years = _year_cols(ws)
        first = ws.cell(2, years[1]).coordinate
        rng = f"{first}:{ws.cell(2, years[3]).coordinate}"

        def merge(b: Book, _: Path, sheet: str = sheet, rng: str = rng) -> None:
            b[sheet].merge_cells(rng)

        add(
            f"merged cells {rng} across year columns of {sheet}",
            from_sample(merge),
            Expect(REFUSED, where=f"{sheet}!{first}", text=rng),
        )

    def far_format(b: Book, _: Path) -> None:
        from openpyxl.styles import Font

        b["Drivers"]["XFD1048576"].font = Font(bold=True)
        b["Funding"]["XFD1048576"].number_format = "0.00"

    add(
        "formatted empty cell at XFD1048576",
        from_sample(far_format),
        Expect(ACCEPTED, check=same_as_sample),
    )

    def far_value(b: Book, _: Path) -> None:
        b["Drivers"]["XFD5"] = "stray"

    add(
        "a stray value at XFD5 beside a table",
        from_sample(far_value),
        Expect(REFUSED, where="Drivers!XFD5", text="columns"),
    )

    def far_below(b: Book, _: Path) -> None:
        b["Funding"]["A1048576"] = "stray"

    add(
        "a stray value at A1048576 below a table",
        from_sample(far_below),
        Expect(REFUSED, where="Funding!A200002", text="200,000"),
    )

    def formula(b: Book, _: Path) -> None:
        ws = b["Funding"]
        ws.cell(2, _year_cols(ws)[2]).value = "=1+1"

    add(
        "a formula with no stored value",
        from_sample(formula),
        Expect(REFUSED, where="Funding!E2", text="no stored value"),
    )
    for sheet, column, value, text in (
        ("Drivers", "base_volume", dt.datetime(2014, 4, 1), "datetime"),
        ("Drivers", "base_volume", True, "true/false"),
        ("Drivers", "base_volume", "#REF!", "Excel error"),
        ("CostLines", "base_cost", "£1e308", "text"),
        ("Drivers", "base_volume", "1" * 400, "400 digits"),
    ):

        def typed(
            b: Book, _: Path, sheet: str = sheet, column: str = column, v: Any = value
        ) -> None:
            ws = b[sheet]
            ws.cell(2, _col(ws, column)).value = v

        letter = openpyxl.utils.get_column_letter(_col(sample[sheet], column))
        add(
            f"{sheet} {column} holding {text}",
            from_sample(typed),
            Expect(REFUSED, where=f"{sheet}!{letter}2", text=text),
        )

    def long_and_clashing_names(b: Book, _: Path) -> None:
        b.create_sheet("summary")["A1"] = "my notes"
        b.create_sheet("Notes on the assumptions made in 2014, in full")["A1"] = "x"

    add(
        "user sheets named summary and with 45 characters read",
        from_sample(long_and_clashing_names),
        Expect(ACCEPTED, check=same_as_sample),
    )

    def special(kind: str) -> Callable[[Path], Path]:
        def make(tmp: Path) -> Path:
            path = tmp / f"{kind}.xlsx"
            if kind == "fifo":
                os.mkfifo(path)
            elif kind == "folder":
                path.mkdir()
            elif kind == "empty":
                path.write_bytes(b"")
            elif kind == "csv":
                path = tmp / "input.csv"
                path.write_text("setting,value\nbase_year,2013-14\n")
            elif kind == "truncated":
                data = Path(sample_path()).read_bytes()
                path.write_bytes(data[: len(data) // 3])
            elif kind == "device":
                return Path("/dev/zero")
            elif kind == "symlink-to-fifo":
                fifo = tmp / "pipe"
                os.mkfifo(fifo)
                path.symlink_to(fifo)
            return path

        return make

    for kind, text in (
        ("fifo", "FIFO"),
        ("symlink-to-fifo", "FIFO"),
        ("device", "device"),
        ("folder", "folder"),
        ("empty", "not an .xlsx"),
        ("csv", "CSV"),
        ("truncated", "not an .xlsx"),
    ):
        add(f"input that is {kind}", from_file(special(kind)), Expect(REFUSED, text=text))
    return out
