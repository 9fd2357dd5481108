"""The Commissioner's pack and the chart files."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import budgetmodel as bm
from budgetmodel import report
from budgetmodel.plotting import pages

from ..factories import hand_model
from .charts import many_model

PNG = b"\x89PNG\r\n\x1a\n"
SAMPLE_CHARTS = [
    "totals",
    "totals_real",
    "service_areas",
    "bridge",
    "gap",
    "plan",
    "plan_waterfall",
    "business_case",
    "drivers",
    "workforce",
    "backtest",
    "fan",
    "tornado",
    "initiative_range",
]


def pdf_pages(path: Path) -> int:
    """Pages counted from the file's bytes: ``/Type /Page`` objects (not ``/Pages``)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", path.read_bytes()))


@pytest.fixture(scope="module")
def sample() -> bm.Result:
    return bm.load_sample().run()


@pytest.fixture(scope="module")
def written(sample: bm.Result, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("report")
    return folder, report.write_report(sample, folder, date=dt.date(2014, 10, 1))


def test_every_chart_as_png_and_svg_then_the_pack(written: tuple[Path, list[Path]]) -> None:
    folder, files = written
    expected = [folder / f"{name}.{fmt}" for name in SAMPLE_CHARTS for fmt in ("png", "svg")]
    assert files == [*expected, folder / "pack.pdf"]
    for path in files:
        assert path.stat().st_size > 1000
    for name in SAMPLE_CHARTS:
        assert (folder / f"{name}.png").read_bytes().startswith(PNG)
        svg = (folder / f"{name}.svg").read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<?xml") and "</svg>" in svg
    assert (folder / "pack.pdf").read_bytes().startswith(b"%PDF")
    # Atomic writes leave nothing else behind: no temporary files.
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in files)


def test_pack_pages_cover_summary_then_one_per_chart(
    sample: bm.Result, written: tuple[Path, list[Path]]
) -> None:
    folder, _ = written
    assert pdf_pages(folder / "pack.pdf") == 2 + len(SAMPLE_CHARTS) == 16
    assert [c.name for c in report.pack_charts(sample)] == SAMPLE_CHARTS


def test_pack_pages_are_a4_landscape(written: tuple[Path, list[Path]]) -> None:
    folder, _ = written
    boxes = re.findall(
        rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", (folder / "pack.pdf").read_bytes()
    )
    assert len(boxes) == 16
    for width, height in boxes:
        assert float(width) == pytest.approx(841.68, abs=1) and float(height) == pytest.approx(
            595.44, abs=1
        )


def test_chart_images_are_cropped_charts_of_moderate_size(written: tuple[Path, list[Path]]) -> None:
    from PIL import Image

    folder, _ = written
    with Image.open(folder / "bridge.png") as image:
        width, height = image.size
    assert 1000 < width < 1500 and 500 < height < width


def test_write_pack_counts_its_pages(tmp_path: Path) -> None:
    """One scenario, no staffing lines, no initiatives: no workforce or plan page."""
    m = hand_model(money_unit="£000")
    lines = [x for x in m.cost_lines if x.type != "staffing"]
    model = hand_model(money_unit="£000", cost_lines=lines, improvements=[], effects=[])
    result = model.run("plan")
    names = [c.name for c in report.pack_charts(result)]
    assert names == ["totals", "totals_real", "service_areas", "bridge", "gap", "drivers"]
    target = tmp_path / "sub" / "pack.pdf"
    count = report.write_pack(result, target)  # PdfPages.get_pagecount() while writing
    assert count == 2 + len(names) == pdf_pages(target)
    assert [p.name for p in target.parent.iterdir()] == ["pack.pdf"]


def test_many_drivers_run_to_more_pages() -> None:
    result = many_model(horizon=3).run()
    names = [c.name for c in report.pack_charts(result)]
    assert names[-2:] == ["drivers", "drivers_2"]


def test_chart_files_alone(tmp_path: Path) -> None:
    result = hand_model(money_unit="£000").run("no plan")
    files = report.write_report(result, tmp_path, formats=("svg",), pack=False)
    assert [f.name for f in files] == [f"{c.name}.svg" for c in report.pack_charts(result)]
    assert not (tmp_path / "pack.pdf").exists()
    svg = files[0].read_text(encoding="utf-8")
    assert "<text" in svg and "Source: budgetmodel projection for Handshire" in svg


def test_a_failure_leaves_no_partial_files(sample: bm.Result, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Format 'nope' is not supported"):
        report.write_report(sample, tmp_path, formats=("nope",))
    assert list(tmp_path.iterdir()) == []


def test_cover_and_summary_carry_the_headline_numbers(sample: bm.Result) -> None:
    items = report.pack_charts(sample)
    cover = pages.cover(sample, "Improvement plan", dt.date(2014, 10, 1), "1.0")
    words = " ".join(t.get_text() for t in cover.texts)
    assert "Birmingham City Council" in words and "1 October 2014" in words
    for name in sample.scenarios:
        assert name in words
    summary = pages.summary(sample, items, 10)
    words = " ".join(t.get_text() for t in summary.texts)
    assert "£165.0m" in words  # the base-year budget
    for total in ("£182.6m", "£200.3m", "£203.9m"):  # each scenario's final-year total
        assert total in words
    assert "£21.3m" in words and "£18.9m" in words  # final-year and cumulative gap
    assert len(summary.axes) == 1  # the headline chart


def test_chart_pages_carry_the_takeaway(sample: bm.Result) -> None:
    chart = report.pack_charts(sample)[5]
    assert chart.name == "plan"
    page, box = pages.chart_page(sample, chart, 8, 10)
    words = [t.get_text().replace("\n", " ") for t in page.texts]
    assert chart.finding.takeaway in words
    assert "The plan adds £17.3m a year by 2018-19" in chart.finding.takeaway
    assert "8 of 10" in words
    assert 0 < box.width <= 11.69 and 0 < box.height <= 8.27


@pytest.mark.parametrize("fork", [True, False])
def test_an_error_writing_chart_files_reaches_the_caller(
    sample: bm.Result, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fork: bool
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(report, "_save", boom)
    if not fork:
        monkeypatch.setenv("BUDGETMODEL_NO_FORK", "1")
    with pytest.raises((bm.BudgetModelError, RuntimeError), match="disk full"):
        report.write_report(sample, tmp_path)
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".png", ".svg")]
