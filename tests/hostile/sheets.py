"""Workbook faults in memory: the sample's sheets as read, changed, then parsed.

Cells are found from the sample's own headers and ids, so the cases follow the
sample as it changes. Parsing in memory takes milliseconds, which keeps a corpus
of hundreds of cases fast; :mod:`.books` proves a sample of them as real files.
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from budgetmodel._datasets import sample_path
from budgetmodel.excel.layout import SHEETS
from budgetmodel.excel.parse import RawSheet, cell_name, parse_sheets
from budgetmodel.excel.reader import read_sheets

from .outcome import ACCEPTED, REFUSED, Case, Expect, Observed, observe

Sheets = dict[str, RawSheet]


@functools.cache
def _sample() -> Sheets:
    return read_sheets(sample_path())


def fresh() -> Sheets:
    return copy.deepcopy(_sample())


def header(sheets: Sheets, sheet: str) -> list[Any]:
    return sheets[sheet].rows[0]


def col(sheets: Sheets, sheet: str, name: str) -> int:
    return header(sheets, sheet).index(name)


def row(sheets: Sheets, sheet: str, key: str, nth: int = 0) -> int:
    hits = [i for i, r in enumerate(sheets[sheet].rows) if i and r[0] == key]
    return hits[nth]


def ref(sheet: str, i: int, j: int) -> str:
    return f"{sheet}!{cell_name(i + 1, j + 1)}"


def put(sheets: Sheets, sheet: str, i: int, j: int, value: Any) -> str:
    sheets[sheet].rows[i][j] = value
    return ref(sheet, i, j)


def parsed(mutate: Callable[[Sheets], Any]) -> Callable[[Path], Observed]:
    def run(_: Path) -> Observed:
        sheets = fresh()
        mutate(sheets)
        return observe(lambda: parse_sheets(sheets))

    return run


def _years(sheets: Sheets, sheet: str) -> list[int]:
    return [j for j, h in enumerate(header(sheets, sheet)) if str(h)[:2] in ("19", "20")]


#: Text that is not certainly a number: each must be an error naming its cell.
BAD_TEXT = [
    "--286100",
    "(1600",
    "1" * 400,
    "1e999",
    "nan",
    "inf",
    "-inf",
    "1,80",
    "12abc",
    "#N/A",
    "1.2.3",
    "(-5)",
    "+-5",
    "£",
    "5 000 000",
    "1e5",
    "0x10",
    "½",
]
#: Text whose meaning is certain, and the number it means.
GOOD_TEXT = {
    "1,801": 1801.0,
    "(1,600)": -1600.0,
    "£5,500": 5500.0,
    " 6,000 ": 6000.0,
    "12.5": 12.5,
    "−12": -12.0,
}
#: Numbers no budget holds: refused as typing or export errors.
ABSURD = [1e308, -1e308, 1e16, float("inf"), float("-inf"), float("nan")]


def _number_cells(sheets: Sheets) -> list[tuple[str, int, int, str]]:
    """(sheet, row, column, what) of number cells across the sheets, a few per sheet."""
    out = []
    s = sheets
    out.append(("Drivers", row(s, "Drivers", "cla"), col(s, "Drivers", "base_volume"), "volume"))
    for sheet in ("Populations", "Funding", "CostAssumptions"):
        years = _years(s, sheet)
        out.append((sheet, 1, years[0], "level"))
        out.append((sheet, 1, years[2], "level"))
    for sheet in ("Improvement", "Inflation", "DriverAssumptions"):
        out.append((sheet, 1, _years(s, sheet)[1], "flow"))
    cl = header(s, "CostLines")
    line = row(s, "CostLines", "fostering_inhouse")
    out.append(("CostLines", line, cl.index("base_cost"), "money"))
    return out


def cases() -> list[Case]:
    out: list[Case] = []
    s0 = _sample()
    value: Any  # each loop below tries values of several types

    # A mutation is called with the sheets alone; its other parameters are defaults that
    # bind a loop's values (lambda s, value=value: ...), which Callable[[Sheets], ...]
    # cannot describe.
    def add(name: str, mutate: Callable[..., Any], expect: Expect) -> None:
        out.append(Case(name, "sheets", parsed(mutate), expect))

    def refuse(name: str, mutate: Callable[..., str], text: str | None = None) -> None:
        sheets = fresh()
        where = mutate(sheets)
        add(name, mutate, Expect(REFUSED, where=where, text=text))

    # -- numbers typed as text, and absurd numbers -----------------------------------------
    for sheet, i, j, _ in _number_cells(s0):
        for bad in BAD_TEXT:
            refuse(
                f"text {bad[:12]!r} in {ref(sheet, i, j)}",
                lambda s, sheet=sheet, i=i, j=j, bad=bad: put(s, sheet, i, j, bad),
            )
        for value in ABSURD:
            refuse(
                f"{value!r} in {ref(sheet, i, j)}",
                lambda s, sheet=sheet, i=i, j=j, value=value: put(s, sheet, i, j, value),
            )
    vi, vj = row(s0, "Drivers", "cla"), col(s0, "Drivers", "base_volume")
    for text, number in GOOD_TEXT.items():
        if number < 0:
            refuse(  # read as meant, and a volume below 0 is then refused
                f"text {text!r} read as {number} in Drivers base_volume",
                lambda s, text=text: put(s, "Drivers", vi, vj, text),
            )
            continue
        add(
            f"text {text!r} read as {number} in Drivers base_volume",
            lambda s, text=text: put(s, "Drivers", vi, vj, text),
            Expect(
                ACCEPTED,
                check=lambda m, number=number: (
                    next(d for d in m.drivers if d.id == "cla").base_volume == number
                ),
            ),
        )
    fi, fj = 1, _years(s0, "Funding")[1]
    add(
        "text '(1,600)' as a negative funding amount",
        lambda s: put(s, "Funding", fi, fj, "(1,600)"),
        Expect(ACCEPTED, check=lambda m: m.funding[0].values[1] == -1600.0),
    )
    add(
        "text '3%' as an inflation rate",
        lambda s: put(s, "Inflation", 1, _years(s, "Inflation")[1], "3%"),
        Expect(ACCEPTED, check=lambda m: math.isclose(m.inflation[0].rates[1] or 0, 0.03)),
    )

    # Rates that compound to absurd (or overflowing) amounts: typing errors, refused.
    for sheet, key in (("Inflation", "2014 view"), ("DriverAssumptions", "cin")):
        ri = row(s0, sheet, key)
        for j in _years(s0, sheet)[1:3]:
            for value in (11.0, 9e14):
                refuse(
                    f"rate {value:g} in {ref(sheet, ri, j)}",
                    lambda s, sheet=sheet, ri=ri, j=j, value=value: put(s, sheet, ri, j, value),
                    text="at most 10",
                )
    cin = row(s0, "DriverAssumptions", "cin")
    add(
        "a rate change of 3 (300%) is allowed",
        lambda s: put(s, "DriverAssumptions", cin, _years(s, "DriverAssumptions")[1], 3.0),
        Expect(
            ACCEPTED,
            check=lambda m: (
                next(a for a in m.driver_assumptions if a.driver_id == "cin").values[1] == 3.0
            ),
        ),
    )

    # -- headers ---------------------------------------------------------------------------
    for sheet, layout in SHEETS.items():
        head = header(s0, sheet)
        for name in layout.columns:
            if name not in head or len(name) < 5:
                continue
            j = head.index(name)
            typo = name[:2] + name[3:]  # one letter dropped
            refuse(
                f"{sheet} header {typo!r} for {name!r}",
                lambda s, sheet=sheet, j=j, typo=typo: put(s, sheet, 0, j, typo),
                text=repr(name),
            )
            variant = name.replace("_", " ").title()  # a case and space variant is the same column
            add(
                f"{sheet} header {variant!r} read as {name!r}",
                lambda s, sheet=sheet, j=j, variant=variant: put(s, sheet, 0, j, variant),
                Expect(ACCEPTED, check=lambda m: m == parse_sheets(fresh())),
            )
    for sheet, name in (("CostLines", "inflation"), ("Improvement", "inflation")):
        j = col(s0, sheet, name)
        refuse(
            f"{sheet} header 'Inflation category' for 'inflation'",
            lambda s, sheet=sheet, j=j: put(s, sheet, 0, j, "Inflation category"),
            text="'inflation'",
        )

        def drop(s: Sheets, sheet: str = sheet, name: str = name) -> str:
            j = col(s, sheet, name)
            for r in s[sheet].rows:
                del r[j]
            return f"{sheet}!A1"

        refuse(f"{sheet} without its {name} column", drop, text=repr(name))

    def drop_premium(s: Sheets) -> str:
        j = col(s, "CostLines", "agency_premium")
        for r in s["CostLines"].rows:
            del r[j]
        return "CostLines!A1"

    refuse("CostLines without agency_premium, with a staffing line", drop_premium, "agency_premium")

    # -- year headers ----------------------------------------------------------------------
    for sheet in SHEETS:
        if sheet in s0 and SHEETS[sheet].years:
            j = _years(s0, sheet)[1]
            for label in ("FY-banana", "2014-16", "FY2014"):
                refuse(
                    f"{sheet} year header {label!r}",
                    lambda s, sheet=sheet, j=j, label=label: put(s, sheet, 0, j, label),
                    text="not a financial year",
                )

    # -- sheet names -----------------------------------------------------------------------
    for sheet in SHEETS:
        if sheet not in s0:
            continue
        for variant in (sheet.upper(), sheet.lower()):

            def rename(s: Sheets, sheet: str = sheet, variant: str = variant) -> None:
                raw = s.pop(sheet)
                raw.name = variant
                s[variant] = raw

            add(
                f"sheet {variant!r} matches {sheet!r}",
                rename,
                Expect(ACCEPTED, check=lambda m: m == parse_sheets(fresh())),
            )
        twin = sheet[:3] + " " + sheet[3:]

        def duplicate(s: Sheets, sheet: str = sheet, twin: str = twin) -> str:
            s[twin] = RawSheet(twin, copy.deepcopy(s[sheet].rows))
            return f"{twin}!A1"

        refuse(f"sheets {sheet!r} and {twin!r}", duplicate, text="two sheets")

    # -- Settings --------------------------------------------------------------------------
    def setting(s: Sheets, name: str, value: Any) -> str:
        return put(s, "Settings", row(s, "Settings", name), 1, value)

    for value in (0, 16, -1, 2.5, "five", "5 years", True, 1e300):
        refuse(
            f"horizon {value!r}",
            lambda s, value=value: setting(s, "horizon", value),
            text="horizon",
        )
    for value in ("2013-15", "FY13", "13/14", 1850, "yesterday"):
        refuse(
            f"base_year {value!r}",
            lambda s, value=value: setting(s, "base_year", value),
            text="base_year",
        )
    for value in ("£bn", "GBP thousands", "000", 1000):
        refuse(f"money_unit {value!r}", lambda s, value=value: setting(s, "money_unit", value))

    def no_money_unit(s: Sheets) -> str:
        del s["Settings"].rows[row(s, "Settings", "money_unit")]
        return "Settings"

    refuse("no money_unit row", no_money_unit, text="£, £000 or £m")
    refuse("blank money_unit", lambda s: (setting(s, "money_unit", None), "Settings")[1], "£000")
    for spelling, unit in (("£'000", "£000"), ("£k", "£000"), ("GBP", "£"), ("£M", "£m")):
        add(
            f"money_unit spelt {spelling!r}",
            lambda s, spelling=spelling: setting(s, "money_unit", spelling),
            Expect(ACCEPTED, check=lambda m, unit=unit: m.money_unit == unit),
        )

    # -- savings, ids, blank rows, unknown columns -----------------------------------------
    # The sample's plan has no saving row: the one-off row is made a saving.
    saving = row(s0, "Improvement", "mgmt_it")
    kind = s0["Improvement"].rows[0].index("kind")
    for j in _years(s0, "Improvement")[1:]:
        refuse(
            f"negative saving in {ref('Improvement', saving, j)}",
            lambda s, j=j: (
                put(s, "Improvement", saving, kind, "saving"),
                put(s, "Improvement", saving, j, -421.1),
            )[1],
            text="positive",
        )
    refuse(
        "line id equal to an initiative id names both sheets",
        lambda s: (
            put(s, "CostLines", row(s, "CostLines", "lscb"), 0, "mgmt_it"),
            ref("Improvement", row(s, "Improvement", "mgmt_it"), 0),
        )[1],
        text="CostLines!A",
    )

    def blank_rows(s: Sheets) -> str:
        rows = s["CostLines"].rows
        rows[3:3] = [[None] * len(rows[0]) for _ in range(50)]
        return "CostLines!A4"

    refuse("fifty blank rows inside a table", blank_rows, text="blank row")

    def extra_column(s: Sheets) -> None:
        for k, r in enumerate(s["Drivers"].rows):
            r.append("checked by finance" if k else "reviewer")

    add(
        "an unknown column is kept, not an error",
        extra_column,
        Expect(
            ACCEPTED, check=lambda m: m.drivers[0].extra.get("reviewer") == "checked by finance"
        ),
    )
    return out
