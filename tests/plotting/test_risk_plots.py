"""Risk outputs checked by what they draw and write: fan chart, tornado chart, Risk sheet."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import Collection
from matplotlib.colors import to_rgb, to_rgba_array
from matplotlib.figure import Figure
from matplotlib.typing import ColorType

import budgetmodel as bm
from budgetmodel.plotting.risk import fan_finding, plot_fan, plot_tornado, tornado_finding
from budgetmodel.uncertainty import Simulation, quantile, simulate, tornado

from ..conftest import hand_model
from .charts import as_bars

matplotlib.use("Agg")

M = 1e6
SCENARIO = "Improvement plan"


@pytest.fixture(scope="module")
def sim() -> Simulation:
    return simulate(bm.load_sample(), 3_000, seed=1)


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return tornado(bm.load_sample(), scenario=SCENARIO)


def new_ax() -> Axes:
    return Figure(figsize=(9, 5.2), layout="constrained").add_subplot()


def stat(sim: Simulation, measure: str, statistic: str) -> np.ndarray:
    p = sim.percentiles
    rows = p[
        (p["scenario"] == SCENARIO) & (p["measure"] == measure) & (p["statistic"] == statistic)
    ]
    return rows.set_index("year").loc[sim.years, "value"].to_numpy(dtype=float)


def collection(ax: Axes, label: str) -> Collection:
    found = [c for c in ax.collections if c.get_label() == label]
    assert len(found) == 1, [c.get_label() for c in ax.collections]
    return found[0]


def line(ax: Axes, label: str) -> np.ndarray:
    found = [ln for ln in ax.lines if ln.get_label() == label]
    assert len(found) == 1, [ln.get_label() for ln in ax.lines]
    return np.asarray(found[0].get_ydata(), dtype=float)


def band_edges(band: Collection, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The lowest and highest y of a filled band's polygon at x = 0..n-1."""
    vertices = np.asarray(band.get_paths()[0].vertices)
    low, high = np.empty(n), np.empty(n)
    for i in range(n):
        ys = vertices[np.isclose(vertices[:, 0], i), 1]
        low[i], high[i] = ys.min(), ys.max()
    return low, high


def luminance(colour: ColorType) -> float:
    r, g, b = to_rgb(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


# -- fan chart ------------------------------------------------------------------------
@pytest.mark.parametrize("measure", ["total_cash", "cumulative_gap", "gap"])
def test_fan_bands_and_median_are_the_simulations_percentiles(
    sim: Simulation, measure: str
) -> None:
    ax = plot_fan(sim, scenario=SCENARIO, measure=measure, ax=new_ax())
    n = len(sim.years)
    shades = []
    for low, high, label in (
        ("p5", "p95", "5th to 95th percentile"),
        ("p10", "p90", "10th to 90th percentile"),
        ("p25", "p75", "25th to 75th percentile"),
    ):
        band = collection(ax, label)
        got_low, got_high = band_edges(band, n)
        np.testing.assert_allclose(got_low, stat(sim, measure, low) / M, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(got_high, stat(sim, measure, high) / M, rtol=1e-12, atol=1e-12)
        shades.append(luminance(to_rgba_array(band.get_facecolor())[0]))
    assert shades[0] > shades[1] > shades[2]  # darker toward the median
    np.testing.assert_allclose(line(ax, "Median"), stat(sim, measure, "p50") / M, rtol=1e-12)
    central = sim.central.query("scenario == @SCENARIO")
    if measure == "total_cash":
        np.testing.assert_allclose(line(ax, "Funding"), central["funding"] / M, rtol=1e-12)
        assert ax.get_ylabel() == "£m, cash"
    else:
        assert (line(ax, "Funding (no gap)") == 0).all()
        assert "shortfall" in ax.get_ylabel()
    assert [t.get_text() for t in ax.get_xticklabels()] == sim.years
    assert ax.get_xlabel().startswith("Source: budgetmodel simulation for Birmingham")
    assert "3,000 draws (seed 1)" in ax.get_xlabel()
    assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
    title = ax.get_title(loc="left").replace("\n", " ")
    assert title == fan_finding(sim, SCENARIO, measure).title


def test_fan_finding_states_the_numbers_drawn(sim: Simulation) -> None:
    found = fan_finding(sim, SCENARIO, "cumulative_gap")
    chance = sim.probability("cumulative_gap").loc[SCENARIO]
    assert found.title == f"A {chance:.0%} chance of a cumulative shortfall by 2018-19"
    total = fan_finding(sim, SCENARIO, "total_cash")
    p5, p95 = stat(sim, "total_cash", "p5")[-1], stat(sim, "total_cash", "p95")[-1]
    assert f"£{p5 / M:.1f}m to £{p95 / M:.1f}m" in total.title
    assert "3,000 draws" in total.takeaway


def test_fan_defaults_and_bad_names(sim: Simulation) -> None:
    ax = plot_fan(sim, ax=new_ax())  # the first scenario with initiatives
    assert SCENARIO in ax.get_xlabel()
    with pytest.raises(bm.InputError, match="a scenario simulated: 'No plan'"):
        plot_fan(sim, scenario="nope", ax=new_ax())
    with pytest.raises(ValueError, match="measure must be one of"):
        plot_fan(sim, scenario=SCENARIO, measure="volume", ax=new_ax())
    small = simulate(
        hand_model(uncertainty=[bm.Uncertainty("unit_cost:fix", "normal", 0, 0.1)]), 200, seed=1
    )
    ax = plot_fan(small, ax=new_ax(), title="", caption="")
    assert ax.get_ylabel() == "£, cash" and ax.get_title(loc="left") == ""


# -- tornado chart ---------------------------------------------------------------------
def test_tornado_bar_widths_are_the_swings(frame: pd.DataFrame) -> None:
    ax = plot_tornado(frame, ax=new_ax())
    bars = [c for c in ax.containers if c.get_label() == "swing"]
    assert len(bars) == 1
    patches = as_bars(bars[0]).patches
    np.testing.assert_allclose([p.get_width() for p in patches], frame["swing"] / M, rtol=1e-12)
    lefts = np.minimum(frame["low"], frame["high"]) / M
    np.testing.assert_allclose([p.get_x() for p in patches], lefts, rtol=1e-12)
    # Largest swing at the top: the y axis runs downwards from the first row.
    assert ax.yaxis_inverted()
    ys = [p.get_y() + p.get_height() / 2 for p in patches]
    assert ys == sorted(ys)
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert labels == list(frame["label"])
    base = [ln for ln in ax.lines if ln.get_label() == "As entered"]
    assert len(base) == 1 and np.asarray(base[0].get_xdata())[0] == pytest.approx(
        frame["base"][0] / M
    )
    assert len(ax.texts) == 2 * len(frame)  # the input's value at each end
    assert ax.get_title(loc="left").replace("\n", " ") == tornado_finding(frame).title
    assert frame["label"][0] in ax.get_title(loc="left").replace("\n", " ")
    assert "Source: budgetmodel" in ax.get_xlabel()


def test_tornado_end_labels_give_the_inputs_values(frame: pd.DataFrame) -> None:
    ax = plot_tornado(frame, ax=new_ax())
    texts = [t.get_text() for t in ax.texts]
    row = frame.set_index("input").loc["inflation:placements"]
    lo = quantile(bm.load_sample().uncertainty[0], 0.1)
    assert row["low_input"] == lo
    assert f"{lo * 100:+.1f} pt".replace("-", "\N{MINUS SIGN}") in texts
    early = frame.set_index("input").loc["effect:early_help"]
    assert f"{early['high_input']:.0%}" in texts


def test_tornado_of_nothing_says_so() -> None:
    ax = plot_tornado(tornado(hand_model(), scenario="plan"), ax=new_ax())
    assert any("No uncertain inputs" in t.get_text() for t in ax.texts)


# -- the Risk sheet ----------------------------------------------------------------------
def test_risk_sheet_holds_percentiles_probabilities_and_inputs(
    sim: Simulation, tmp_path: Path
) -> None:
    import openpyxl
    import xlsxwriter

    from budgetmodel.excel.risk import add_risk_sheet

    path = tmp_path / "risk.xlsx"
    book = xlsxwriter.Workbook(str(path))
    add_risk_sheet(book, sim, money_unit="£000")
    book.close()
    ws = openpyxl.load_workbook(path)["Risk"]
    assert set(ws.tables) == {"Risk_percentiles", "Risk_shortfall", "Risk_inputs"}

    def table(name: str) -> pd.DataFrame:
        rows = [[c.value for c in r] for r in ws[ws.tables[name].ref]]
        return pd.DataFrame(rows[1:], columns=rows[0])

    p = table("Risk_percentiles")
    assert list(p.columns) == ["scenario", "measure", "statistic", *sim.years]
    assert len(p) == len(sim.percentiles) // len(sim.years)
    medians = p[
        (p["scenario"] == SCENARIO)
        & (p["measure"] == "Cumulative gap")
        & (p["statistic"] == "Median")
    ]
    np.testing.assert_allclose(
        medians[sim.years].to_numpy(dtype=float)[0],
        stat(sim, "cumulative_gap", "p50") / 1_000,
        rtol=1e-12,
    )
    median = next(r for r in ws.iter_rows(min_col=3, max_col=4) if r[0].value == "Median")[1]
    assert median.number_format == '#,##0;(#,##0);"–"' and median.font.b  # like Summary
    chance = table("Risk_shortfall").set_index("scenario")
    for year in sim.years:
        np.testing.assert_allclose(
            chance[year].to_numpy(dtype=float), sim.probability("cumulative_gap", year).to_numpy()
        )
    inputs = table("Risk_inputs")
    assert list(inputs["target"]) == [u.target for u in sim.uncertainty]
    assert list(inputs["description"]) == [u.description for u in sim.uncertainty]
    np.testing.assert_allclose(
        inputs["10th percentile"].to_numpy(dtype=float), [quantile(u, 0.1) for u in sim.uncertainty]
    )
    assert "3,000 draws" in str(ws["A2"].value)
