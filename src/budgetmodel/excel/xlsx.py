"""Writing .xlsx files with XlsxWriter: exact numbers, text that stays text, and
saving that never leaves a half-written or lost file."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .._files import atomic_path
from ..errors import BudgetModelError

__all__ = ["atomic_workbook", "write_value"]


def _precise_worksheet_class() -> type:
    from xlsxwriter.worksheet import Worksheet

    class PreciseWorksheet(Worksheet):  # type: ignore[misc]
        """Writes every number with Python's shortest exact repr (up to 17 digits).

        XlsxWriter writes 16 significant digits, which loses the last bit of some
        floats; an assumption must read back exactly as it was written.
        """

        def _xml_number_element(self, number: float, attributes: Any = ()) -> None:
            attr = "".join(f' {k}="{self._escape_attributes(v)}"' for k, v in attributes)
            self.fh.write(f"<c{attr}><v>{float(number)!r}</v></c>")

    return PreciseWorksheet


@contextmanager
def atomic_workbook(path: str | os.PathLike[str], *, refuse: str | None = None) -> Iterator[Any]:
    """An XlsxWriter workbook saved to ``path`` only if the block completes.

    The workbook is written to a temporary file in the target folder and renamed
    over ``path``, so a failure leaves any previous file untouched.

    Parameters
    ----------
    path : path-like
        Target ``.xlsx`` file.
    refuse : str, optional
        A file that must not be overwritten (the input workbook itself).
    """
    import xlsxwriter

    target = Path(path)
    if (
        refuse is not None
        and target.exists()
        and os.path.exists(refuse)
        and os.path.samefile(target, refuse)
    ):
        raise BudgetModelError(f"{target} is the input workbook; write the results to another file")
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(target) as tmp:
        book = xlsxwriter.Workbook(
            str(tmp),
            {"strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": True},
        )
        book.worksheet_class = _precise_worksheet_class()
        yield book
        book.close()


def write_value(
    ws: Any, row: int, col: int, value: Any, fmt: Any = None, date_format: Any = None
) -> None:
    """Write one cell by its Python type; text is always written as text."""
    if value is None:
        if fmt is not None:
            ws.write_blank(row, col, None, fmt)
        return
    write: Callable[..., Any]
    if isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, fmt)
    elif isinstance(value, (dt.datetime, dt.date, dt.time)):
        ws.write_datetime(row, col, value, date_format or fmt)
    else:
        write = ws.write_string
        write(row, col, str(value), fmt)
