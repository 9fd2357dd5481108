"""Charts and the pack for the version-2 blocks, checked by what they draw: the
stock at 31 March on the driver panels, and income apart where a reader looks
for it (the totals chart, its title and takeaway, the pack's summary page). A
model without income lines draws as before."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure

import budgetmodel as bm
from budgetmodel import plotting
from budgetmodel.plotting import pages, text
from budgetmodel.plotting.budget import GROSS, INCOME
from budgetmodel.plotting.panels import STOCK_LABEL

matplotlib.use("Agg")

M = 1e6


def with_income(model: bm.Model) -> bm.Model:
    """The sample with a fixed grant and a weekly health contribution as income."""
    extra = [
        bm.CostLine(
            "uasc_grant",
            "fixed",
            "placements",
            name="Home Office grant for unaccompanied children",
            service_area="Children looked after",
            base_cost=2_500.0,
            kind="income",
        ),
        bm.CostLine(
            "health",
            "activity",
            "placements",
            name="Health contribution to residential care",
            service_area="Children looked after",
            driver_id="residential",
            unit_cost=0.3,  # £300 a week, in the sample's £000
            cost_per="week",
            kind="income",
        ),
    ]
    return model.replace(cost_lines=[*model.cost_lines, *extra], base_budget=None)


@pytest.fixture(scope="module")
def sample() -> bm.Result:
    return bm.load_sample().run()


@pytest.fixture(scope="module")
def income() -> bm.Result:
    return with_income(bm.load_sample()).run()


def frame_of(result: bm.Result, scenario: str, column: str) -> np.ndarray:
    s = result.summary
    return s.loc[s["scenario"] == scenario, column].to_numpy(dtype=float)


def new_ax() -> Axes:
    return Figure(figsize=(9, 5.2)).add_subplot()


def legend_texts(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


# -- stocks on the driver panels --------------------------------------------------
def test_a_stock_flow_panel_shows_the_stock_at_31_march(sample: bm.Result) -> None:
    ax = plotting.plot_drivers(sample, scenario="Improvement plan", ax=new_ax())
    d = sample.drivers[sample.drivers["scenario"] == "Improvement plan"]
    ids = [dr.id for dr in sample.model.drivers]
    for panel, driver_id in zip(ax.child_axes, ids, strict=True):
        labels = [ln.get_label() for ln in panel.get_lines()]
        rows = d[d["driver_id"] == driver_id]
        if driver_id == "cla":  # the only stock_flow driver
            assert labels == ["Without the plan", "With the plan", STOCK_LABEL]
            drawn = np.asarray(panel.get_lines()[2].get_ydata(), dtype=float)
            assert np.allclose(drawn, rows["stock"])
            assert not np.allclose(drawn, rows["volume"])
        else:
            assert labels == ["Without the plan", "With the plan"]
    assert legend_texts(ax) == [
        "Without the plan",
        "With the plan",
        "Stock at 31 March (with the plan)",
    ]


def test_the_stock_can_be_left_out_and_drivers_without_stocks_draw_as_before(
    sample: bm.Result,
) -> None:
    ax = plotting.plot_drivers(sample, stock=False, ax=new_ax())
    assert all(len(p.get_lines()) == 2 for p in ax.child_axes)
    ax = plotting.plot_drivers(sample, drivers=["cin", "cpp"], ax=new_ax())
    assert legend_texts(ax) == [
        "Without the plan",
        "With the plan",
    ]


# -- income on the totals chart ---------------------------------------------------
def test_the_totals_chart_shows_gross_income_and_net(income: bm.Result) -> None:
    shown = "Improvement plan"  # the first scenario with initiatives
    ax = plotting.plot_totals(income, ax=new_ax())
    lines = {ln.get_label(): np.asarray(ln.get_ydata(), dtype=float) for ln in ax.get_lines()}
    for name in income.scenarios:
        assert np.allclose(lines[name], frame_of(income, name, "total_cash") / M)
    gross = frame_of(income, shown, "gross_cash") / M
    assert np.allclose(lines[f"{GROSS} ({shown})"], gross)
    assert len(lines) == len(income.scenarios) + 2  # and funding
    (band,) = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert band.get_label() == f"{INCOME} ({shown})"
    top = np.asarray(band.get_paths()[0].vertices, dtype=float)[:, 1]
    net = frame_of(income, shown, "total_cash") / M
    assert np.isclose(top.max(), gross.max()) and np.isclose(top.min(), net.min())
    assert INCOME in [t.get_text() for t in ax.texts]  # the band is named inside it
    assert ax.get_title(loc="left").startswith("The net budget rises")


def test_the_totals_takeaway_gives_gross_and_income(income: bm.Result) -> None:
    found = text.totals_finding(income)
    shown = "Improvement plan"
    gross = text.money(frame_of(income, shown, "gross_cash")[-1])
    received = text.money(frame_of(income, shown, "income_cash")[-1])
    assert found.takeaway.endswith(
        f"Gross expenditure is {gross} in 2018-19, less {received} of income ({shown})."
    )
    assert text.totals_finding(income, basis="real").title.startswith("In 2013-14 prices, the net")


def test_with_one_scenario_gross_and_income_are_named_plainly(income: bm.Result) -> None:
    model = with_income(bm.load_sample())
    one = model.replace(scenarios=[model.scenarios[1]], overrides=[]).run()
    ax = plotting.plot_totals(one, ax=new_ax())
    assert [ln.get_label() for ln in ax.get_lines()] == [one.scenarios[0], GROSS, "Funding"]
    assert [c.get_label() for c in ax.collections] == [INCOME]
    assert "of income." in text.totals_finding(one).takeaway


def test_without_income_the_totals_chart_is_as_before(sample: bm.Result) -> None:
    ax = plotting.plot_totals(sample, ax=new_ax())
    assert [ln.get_label() for ln in ax.get_lines()] == [*sample.scenarios, "Funding"]
    assert not ax.collections
    assert INCOME not in [t.get_text() for t in ax.texts]
    found = text.totals_finding(sample)
    assert found.title.startswith("The budget rises") and "income" not in found.takeaway


# -- the pack's summary page ------------------------------------------------------
def page_texts(result: bm.Result) -> list[str]:
    page = pages.summary(result, [], 12)
    return [t.get_text() for t in page.texts]


def test_the_summary_page_gives_gross_income_and_net(income: bm.Result) -> None:
    texts = page_texts(income)
    s = income.summary
    base = s[s["year"] == "2013-14"].iloc[0]
    assert text.money(base["total_cash"]) in texts
    assert "net budget in the base year, 2013-14" in texts
    assert (
        f"{text.money(base['gross_cash'])} gross, less {text.money(base['income_cash'])} income"
        in texts
    )
    assert {"Gross 2018-19", "Income", "Net budget", "Gap", "Cumulative gap"} <= set(texts)
    final = s[(s["year"] == "2018-19") & (s["scenario"] == "No plan")].iloc[0]
    for column in ("gross_cash", "income_cash", "total_cash", "gap", "cumulative_gap"):
        assert text.money(final[column]) in texts, column


def test_without_income_the_summary_page_is_as_before(sample: bm.Result) -> None:
    texts = page_texts(sample)
    assert "budget in the base year, 2013-14" in texts
    assert {"Budget 2018-19", "Gap 2018-19", "Cumulative gap"} <= set(texts)
    assert not [t for t in texts if "income" in t.lower() or "gross" in t.lower()]
