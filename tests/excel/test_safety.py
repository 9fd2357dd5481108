"""Hostile and wrong files are refused before they can do harm."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import budgetmodel as bm
from budgetmodel._datasets import sample_path
from budgetmodel.excel.safety import MAX_RATIO, MAX_UNCOMPRESSED

LOL = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + ']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    "</sheetData></worksheet>"
)


def rewrite(
    source: str, target: Path, replace: dict[str, bytes], big: tuple[str, int] | None = None
) -> Path:
    """Copy an .xlsx, replacing some parts, optionally adding a huge part of spaces."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for item in zin.infolist():
            z.writestr(item, replace.get(item.filename, zin.read(item.filename)))
        if big:
            name, size = big
            chunk = b" " * 2**20
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with z.open(info, "w", force_zip64=True) as handle:
                for _ in range(size // len(chunk)):
                    handle.write(chunk)
    return target


def refuse_in_subprocess(path: Path) -> dict[str, float | str]:
    code = f"""
import json, time
import budgetmodel as bm
start = time.perf_counter()
try:
    bm.read_workbook({str(path)!r})
    outcome = "read"
except bm.InputError as err:
    outcome = str(err)
seconds = time.perf_counter() - start
# VmHWM is this process's own peak; ru_maxrss would carry the parent's across exec
peak = next(int(line.split()[1]) for line in open("/proc/self/status")
            if line.startswith("VmHWM")) / 1024
print(json.dumps({{"outcome": outcome, "seconds": seconds, "peak_mb": peak}}))
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_zip_bomb_is_refused_quickly_in_little_memory(tmp_path: Path) -> None:
    size = MAX_UNCOMPRESSED + 50 * 2**20
    path = rewrite(sample_path(), tmp_path / "bomb.xlsx", {}, big=("xl/media/big.xml", size))
    assert path.stat().st_size < 5 * 2**20  # it really is a bomb: small on disk
    got = refuse_in_subprocess(path)
    assert "refused as unsafe" in str(got["outcome"])
    assert float(got["seconds"]) < 5
    assert float(got["peak_mb"]) < 500


def test_high_ratio_part_is_refused(tmp_path: Path) -> None:
    path = rewrite(sample_path(), tmp_path / "ratio.xlsx", {}, big=("xl/media/x.xml", 32 * 2**20))
    with pytest.raises(bm.InputError, match=f"more than {MAX_RATIO} times"):
        bm.read_workbook(path)


def test_billion_laughs_is_refused_quickly_in_little_memory(tmp_path: Path) -> None:
    path = rewrite(sample_path(), tmp_path / "lol.xlsx", {"xl/worksheets/sheet1.xml": LOL.encode()})
    got = refuse_in_subprocess(path)
    assert "billion-laughs" in str(got["outcome"])
    assert float(got["seconds"]) < 5
    assert float(got["peak_mb"]) < 500


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "old.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
            "encrypted workbook or an old",
        ),
        ("data.csv", b"setting,value\nbase_year,2013-14\n", "CSV"),
        ("notes.txt", b"hello", "CSV or text file"),
        ("picture.png", b"\x89PNG\r\n\x1a\n", "not an .xlsx workbook"),
    ],
)
def test_wrong_kinds_of_file(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(bm.InputError, match=message):
        bm.read_workbook(path)


def test_other_zip_files(tmp_path: Path) -> None:
    ods = tmp_path / "book.ods"
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("content.xml", "<office/>")
    with pytest.raises(bm.InputError, match="OpenDocument"):
        bm.read_workbook(ods)
    docx = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    with pytest.raises(bm.InputError, match="not an Excel workbook"):
        bm.read_workbook(docx)


def test_truncated_workbook(tmp_path: Path) -> None:
    data = Path(sample_path()).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(bm.InputError):
        bm.read_workbook(path)


def test_refuses_when_defusedxml_is_switched_off(tmp_path: Path) -> None:
    code = (
        "import budgetmodel as bm\n"
        "try:\n    bm.read_workbook(bm._datasets.sample_path())\n"
        "except bm.BudgetModelError as e:\n    print('refused', e)\n"
    )
    import os

    env = {**os.environ, "OPENPYXL_DEFUSEDXML": "False"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.startswith("refused")
