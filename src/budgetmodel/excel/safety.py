"""Checks on a file before any of its XML is parsed.

Limits (documented in docs/workbook.md): at most ``MAX_MEMBERS`` parts, at most
``MAX_UNCOMPRESSED`` bytes in all once uncompressed, and no part above 1 MiB that
expands more than ``MAX_RATIO`` times (a zip bomb). XML is parsed by openpyxl
through defusedxml, which refuses entity declarations (billion laughs).
"""

from __future__ import annotations

import os
import stat
import zipfile

from ..errors import InputError, Issue

__all__ = ["MAX_MEMBERS", "MAX_RATIO", "MAX_UNCOMPRESSED", "check_workbook_file"]

MAX_UNCOMPRESSED = 200 * 2**20
MAX_RATIO = 200
MAX_MEMBERS = 10_000
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and every password-protected workbook


def _refuse(name: str, found: str, hint: str = "") -> InputError:
    return InputError([Issue(name, found, "an Excel workbook (.xlsx)", hint)])


def check_workbook_file(name: str) -> None:
    """Raise `InputError` unless ``name`` looks like a safe .xlsx."""
    try:
        mode = os.stat(name).st_mode  # never opens: a FIFO would block an open()
    except FileNotFoundError:
        raise InputError([Issue(name, "no such file", "an existing .xlsx workbook")]) from None
    except OSError as err:
        raise _refuse(name, f"a file that cannot be examined ({err.strerror})") from err
    if stat.S_ISDIR(mode):
        raise _refuse(name, "a folder")
    if not stat.S_ISREG(mode):
        kind = (
            "a named pipe (FIFO)"
            if stat.S_ISFIFO(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "a special file"
        )
        raise _refuse(name, kind, "Only ordinary files are read.")
    try:
        with open(name, "rb") as handle:
            head = handle.read(8)
    except OSError as err:
        raise _refuse(name, f"a file that cannot be opened ({err.strerror})") from err
    if head == _OLE:
        raise _refuse(
            name,
            "an encrypted workbook or an old .xls file",
            "Remove the password, or save it from Excel as 'Excel Workbook (*.xlsx)'.",
        )
    if not zipfile.is_zipfile(name):
        kind = (
            "a CSV or text file"
            if name.lower().endswith((".csv", ".txt"))
            else "a file that is not an .xlsx workbook"
        )
        raise _refuse(name, kind, "Save it from Excel as 'Excel Workbook (*.xlsx)'.")
    try:
        with zipfile.ZipFile(name) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as err:
        raise _refuse(name, f"a damaged archive ({err})") from err
    names = {m.filename for m in members}
    if "content.xml" in names and "xl/workbook.xml" not in names:
        raise _refuse(name, "an OpenDocument spreadsheet (.ods)", "Save it as .xlsx.")
    if "xl/workbook.bin" in names:
        raise _refuse(name, "a binary workbook (.xlsb)", "Save it as .xlsx.")
    if "xl/workbook.xml" not in names:
        raise _refuse(name, "a zip archive that is not an Excel workbook")
    if len(members) > MAX_MEMBERS:
        raise _refuse(
            name,
            f"an archive of {len(members):,} parts",
            f"More than {MAX_MEMBERS:,} parts is refused as unsafe.",
        )
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise _refuse(
            name,
            f"{total / 2**20:,.0f} MiB once uncompressed",
            f"More than {MAX_UNCOMPRESSED // 2**20} MiB is refused as unsafe (a zip bomb?).",
        )
    for m in members:
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > 2**20 and ratio > MAX_RATIO:
            raise _refuse(
                name,
                f"the part {m.filename} expanding {ratio:,.0f} times",
                f"Parts that expand more than {MAX_RATIO} times are refused as unsafe "
                "(a zip bomb?).",
            )
