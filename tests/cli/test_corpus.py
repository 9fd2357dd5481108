"""Every malformed workbook of the corpus gives one InputError naming its cell,
and through the command line exits 2 with every problem on stderr, writing nothing.

The hostile corpus (``tests/hostile``) then runs every generated fault, in
process, and checks its exact outcome; the last test prints the figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import budgetmodel as bm
from budgetmodel.cli import main

from ..corpus import CASES, Case, build, hostile_cases
from ..hostile.api import PENDING
from ..hostile.commands import PENDING as PENDING_WRITER
from ..hostile.outcome import Case as HostileCase
from ..hostile.outcome import Figures, problems

HOSTILE = hostile_cases()
FIGURES = Figures()


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)
    assert len(CASES) + len(HOSTILE) >= 250
    assert len({c.name for c in HOSTILE}) == len(HOSTILE)
    groups = {c.group for c in HOSTILE}
    assert {"sheets", "books", "api", "cli", "outputs"} <= groups


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_names_its_cell(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, where = build(case, tmp_path)
    with pytest.raises(bm.InputError) as err:
        bm.read_workbook(path)
    places = [issue.where for issue in err.value.issues]
    assert where in places, (where, [str(i) for i in err.value.issues])
    for issue in err.value.issues:
        assert issue.found and issue.expected
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out / "r.xlsx"), "--csv", str(out)]) == 2
    stderr = capsys.readouterr().err
    assert "Traceback" not in stderr
    for issue in err.value.issues:
        assert str(issue) in stderr
    assert not out.exists()


@pytest.mark.parametrize("case", HOSTILE, ids=[f"{c.group}: {c.name}" for c in HOSTILE])
def test_hostile_case(case: HostileCase, tmp_path: Path) -> None:
    seen = case.run(tmp_path)
    failures = problems(case, seen)
    FIGURES.add(case, seen, failures)
    assert not failures, failures


@pytest.mark.parametrize(("name", "run", "expect"), PENDING, ids=[name for name, _, _ in PENDING])
def test_settings_converted_by_the_model(
    name: str, run: object, expect: object, tmp_path: Path
) -> None:
    case = HostileCase(name, "api", run, expect)  # type: ignore[arg-type]
    assert not problems(case, case.run(tmp_path))


@pytest.mark.parametrize(
    ("name", "run", "expect"), PENDING_WRITER, ids=[name for name, _, _ in PENDING_WRITER]
)
def test_names_in_the_results_writer(
    name: str, run: object, expect: object, tmp_path: Path
) -> None:
    case = HostileCase(name, "cli", run, expect)  # type: ignore[arg-type]
    assert not problems(case, case.run(tmp_path))


def test_hostile_figures(capsys: pytest.CaptureFixture[str]) -> None:
    """The figures of the whole corpus (printed; they go in the closing note)."""
    if FIGURES.counts["cases"] != len(HOSTILE):
        pytest.skip("only part of the corpus ran")
    with capsys.disabled():
        print(f"\nhostile corpus: {FIGURES.report()}; earlier corpus: {len(CASES)} refusals")
    c = FIGURES.counts
    assert c["tracebacks"] == 0 and c["silent wrong"] == 0 and c["lost files"] == 0
    assert c["failed"] == 0


def test_hint_names_the_nearest_sheet(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "sheet name typo")
    path, _ = build(case, tmp_path)
    with pytest.raises(bm.InputError) as err:
        bm.read_workbook(path)
    assert "Driver" in err.value.issues[0].hint


def test_numbers_typed_as_text_are_read_as_meant(tmp_path: Path) -> None:

    from ..corpus import set_cell
    from ..samplebook import plain_sample

    book = plain_sample()
    set_cell(book, "Drivers", "cla", "base_volume", "1,801")
    set_cell(book, "Inflation", "2014 view", "2014-15", "1%")  # pay, the first row
    path = tmp_path / "text_numbers.xlsx"
    book.save(path)
    assert bm.read_workbook(path) == bm.load_sample()
