"""Reading an .xlsx file's cells (constants, formulas and stored results) without
openpyxl, straight from its XML."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from .syntax import _CELL_PARTS, _column
from .values import FormulaError, Key, XlError

# -- reading an .xlsx -------------------------------------------------------------------

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# the built-in number formats in brackets for negatives (ids 37 to 40)
_BUILTIN_ACCOUNTING = frozenset({37, 38, 39, 40})
_ACCOUNTING = re.compile(r";(\[[^\]]*\])?\(")


@dataclass
class XlsxContents:
    """A workbook's cells, as :func:`read_xlsx` finds them."""

    sheets: list[str]
    constants: dict[Key, Any]
    formulas: dict[Key, str]
    stored: dict[Key, Any]  # a formula cell's stored result: None when there is none
    money: set[Key]  # formula cells in an accounting number format


def read_xlsx(path: str | Path) -> XlsxContents:
    """Read every sheet's cells straight from the file's XML: constants, formulas (as
    ``"=..."``), the results stored for the formulas, and which formula cells are money.

    A cell is money when its number format shows negatives in brackets (the writer's
    money formats). This reads in one pass what openpyxl reads in two (formulas, then
    ``data_only``), several times faster; ``test_formula_check`` checks that the two
    agree. Shared and array formulas raise :class:`FormulaError` (XlsxWriter writes
    neither).
    """
    with zipfile.ZipFile(path) as z:

        def xml(name: str) -> ElementTree.Element:
            return ElementTree.fromstring(z.read(name))

        targets = {
            r.get("Id"): r.get("Target", "")
            for r in xml("xl/_rels/workbook.xml.rels").iter(f"{_PKG}Relationship")
        }
        strings = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in xml("xl/sharedStrings.xml").iter(f"{_MAIN}si"):
                runs = si.findall(f"{_MAIN}t") + si.findall(f"{_MAIN}r/{_MAIN}t")
                strings.append("".join(t.text or "" for t in runs))  # not phonetic runs
        styles = xml("xl/styles.xml")
        codes = {
            int(f.get("numFmtId", "0")): f.get("formatCode", "")
            for f in styles.iter(f"{_MAIN}numFmt")
        }
        xfs = styles.find(f"{_MAIN}cellXfs")
        accounting = [
            int(xf.get("numFmtId", "0")) in _BUILTIN_ACCOUNTING
            or bool(_ACCOUNTING.search(codes.get(int(xf.get("numFmtId", "0")), "")))
            for xf in (xfs if xfs is not None else [])
        ]
        out = XlsxContents([], {}, {}, {}, set())
        for sheet in xml("xl/workbook.xml").iter(f"{_MAIN}sheet"):
            name = sheet.get("name", "")
            target = targets[sheet.get(f"{_REL}id")]
            member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            out.sheets.append(name)
            for c in xml(member).iter(f"{_MAIN}c"):
                _read_cell(c, name, strings, accounting, out)
    return out


def _read_cell(
    c: ElementTree.Element,
    sheet: str,
    strings: list[str],
    accounting: list[bool],
    out: XlsxContents,
) -> None:
    ref = _CELL_PARTS.fullmatch(c.get("r", ""))
    if ref is None:
        raise FormulaError(f"{sheet}: a cell without its reference ({c.get('r')!r})")
    key = (sheet, int(ref.group(2)), _column(ref.group(1)))
    kind = c.get("t", "n")
    v = c.findtext(f"{_MAIN}v")
    if kind == "inlineStr":
        value: Any = "".join(t.text or "" for t in c.iter(f"{_MAIN}t"))
    elif v is None:
        value = None
    elif kind == "n" and v == "":  # XlsxWriter stores a formula's empty text result so
        value = ""
    elif kind == "n":
        value = float(v)
    elif kind == "s":
        value = strings[int(v)]
    elif kind == "b":
        value = v == "1"
    elif kind == "e":
        value = XlError(v)
    elif kind == "str":
        value = v
    else:  # "d", an ISO date
        raise FormulaError(f"{sheet}!{c.get('r')}: unsupported cell type {kind!r}")
    f = c.find(f"{_MAIN}f")
    if f is None:
        if value is not None:
            out.constants[key] = value
        return
    if f.get("t", "normal") != "normal" or not f.text:
        raise FormulaError(
            f"{sheet}!{c.get('r')}: unsupported {f.get('t', 'empty')} formula {f.text!r}"
        )
    out.formulas[key] = "=" + f.text
    out.stored[key] = value
    style = int(c.get("s", "0"))
    if style < len(accounting) and accounting[style]:
        out.money.add(key)
