"""Charts under Agg, checked by what they draw against the result frames."""

from __future__ import annotations

import itertools
import subprocess
import sys

import matplotlib
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure

import budgetmodel as bm
from budgetmodel import plotting
from budgetmodel.plotting import style

from ..conftest import hand_model
from .charts import as_bars, bars, line, many_model, new_ax, panels, pick, tick_texts

matplotlib.use("Agg")  # for the one test that lets a chart make its own (pyplot) figure

M = 1e6  # the charts' default unit, £m


@pytest.fixture(scope="module")
def sample() -> bm.Result:
    return bm.load_sample().run()


@pytest.fixture(scope="module")
def hand() -> bm.Result:
    """The hand model in £000, so its totals are a few £m."""
    return hand_model(money_unit="£000").run()


@pytest.fixture(scope="module")
def many() -> bm.Result:
    return many_model().run()


def house_style(ax: Axes, result: bm.Result, *, years: bool = True) -> None:
    """Every money chart: £m axis, year ticks, title, caption, no top/right spines."""
    assert "£m" in ax.get_ylabel()
    if years:
        labels = tick_texts(ax)
        assert labels and set(labels) <= set(result.years)
        assert labels[-1] == result.years[-1]
    assert ax.get_title(loc="left")
    assert ax.get_xlabel().startswith("Source: budgetmodel")
    assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
    assert any(g.get_visible() for g in ax.yaxis.get_gridlines())


def test_importing_plotting_and_report_loads_no_matplotlib() -> None:
    code = (
        "import sys, budgetmodel, budgetmodel.plotting, budgetmodel.report\n"
        "print('matplotlib' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- totals --------------------------------------------------------------------
def test_totals_draw_every_scenario_and_funding(sample: bm.Result) -> None:
    ax = plotting.plot_totals(sample, ax=new_ax())
    s = sample.summary
    for name in sample.scenarios:
        np.testing.assert_allclose(line(ax, name), pick(s, "total_cash", scenario=name) / M)
    np.testing.assert_allclose(line(ax, "Funding"), pick(s, "funding", scenario="No plan") / M)
    house_style(ax, sample)
    assert ax.get_ylabel() == "£m, cash"
    assert tick_texts(ax) == sample.years
    assert ax.get_title(loc="left").replace("\n", " ") == plotting.totals_finding(sample).title
    assert "£165.0m" in ax.get_title(loc="left")


def test_totals_in_real_terms_deflate_funding_too(sample: bm.Result) -> None:
    ax = plotting.plot_totals(sample, basis="real", ax=new_ax())
    s = sample.summary
    assert ax.get_ylabel() == f"£m, {sample.years[0]} prices"
    funding_lines = [ln for ln in ax.get_lines() if str(ln.get_label()).startswith("Funding")]
    # Two inflation scenarios deflate funding two ways; each path is drawn once.
    assert len(funding_lines) == 2
    for name in sample.scenarios:
        real = pick(s, "total_real", scenario=name)
        np.testing.assert_allclose(line(ax, name), real / M)
        deflated = pick(s, "funding", scenario=name) * real / pick(s, "total_cash", scenario=name)
        assert any(np.allclose(ln.get_ydata(), deflated / M) for ln in funding_lines)


def test_end_labels_do_not_overlap(sample: bm.Result) -> None:
    ax = plotting.plot_totals(sample, ax=new_ax())
    fig = ax.get_figure()
    assert isinstance(fig, Figure)
    fig.draw_without_rendering()
    boxes = [t.get_window_extent() for t in ax.texts]
    assert len(boxes) == len(sample.scenarios) + 1
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)


def test_single_scenario(hand: bm.Result) -> None:
    one = hand_model(money_unit="£000").run("plan")
    ax = plotting.plot_totals(one, ax=new_ax())
    assert [ln.get_label() for ln in ax.get_lines()] == ["plan", "Funding"]
    assert "rises from" in ax.get_title(loc="left")


# -- service areas -------------------------------------------------------------
def test_service_areas_stack_to_the_area_sums_and_the_total(sample: bm.Result) -> None:
    scenario = "Improvement plan"
    ax = plotting.plot_service_areas(sample, scenario=scenario, ax=new_ax())
    lines = sample.lines[sample.lines["scenario"] == scenario]
    sums = lines.groupby(["service_area", "year"])["cash"].sum()
    areas = list(dict.fromkeys(lines["service_area"]))
    assert [c.get_label() for c in ax.containers] == areas
    stacked = np.zeros(len(sample.years))
    for area in areas:
        heights, bottoms = bars(ax, area)
        np.testing.assert_allclose(heights, sums[area].reindex(sample.years).to_numpy() / M)
        np.testing.assert_allclose(bottoms, stacked)
        stacked += heights
    np.testing.assert_allclose(stacked, pick(sample.summary, "total_cash", scenario=scenario) / M)
    house_style(ax, sample)


def test_service_areas_beyond_six_are_grouped(many: bm.Result) -> None:
    ax = plotting.plot_service_areas(many, ax=new_ax((11, 6)))
    labels = [c.get_label() for c in ax.containers]
    assert len(labels) == 6 and labels[-1] == "Other areas"
    total = np.sum([bars(ax, str(label))[0] for label in labels], axis=0)
    np.testing.assert_allclose(total, pick(many.summary, "total_cash") / M)


# -- bridge --------------------------------------------------------------------
def test_bridge_is_a_waterfall_that_sums_to_the_total(sample: bm.Result) -> None:
    ax = plotting.plot_bridge(sample, scenario="Improvement plan", year="2016-17", ax=new_ax())
    heights, bottoms = bars(ax, "bridge")
    expected = pick(sample.bridge, "value", scenario="Improvement plan", year="2016-17") / M
    np.testing.assert_allclose(heights, expected)
    assert heights[:5].sum() == pytest.approx(heights[5])
    running = np.cumsum(heights[:5])
    np.testing.assert_allclose(bottoms[1:5], running[:4])  # each step floats on the last
    assert bottoms[0] == 0 and bottoms[5] == 0
    house_style(ax, sample, years=False)
    labels = [t.replace("\n", " ") for t in tick_texts(ax)]
    assert labels[0] == f"Budget {sample.years[0]}" and labels[-1] == "Budget 2016-17"


def test_bridge_defaults_to_the_final_year_and_colours_steps_by_sign(sample: bm.Result) -> None:
    ax = plotting.plot_bridge(sample, ax=new_ax())
    assert tick_texts(ax)[-1].endswith(sample.years[-1])
    heights, _ = bars(ax, "bridge")
    colours = [
        matplotlib.colors.to_hex(p.get_facecolor()) for p in as_bars(ax.containers[0]).patches
    ]
    for h, c in zip(heights[1:5], colours[1:5], strict=True):
        assert c == (style.ORANGE if h >= 0 else style.TURQUOISE).lower()
    assert "Plan: effect" in tick_texts(ax)[2]


def test_bad_scenario_year_or_driver_says_what_exists(sample: bm.Result) -> None:
    with pytest.raises(bm.InputError, match="'No plan'"):
        plotting.plot_bridge(sample, scenario="nope", ax=new_ax())
    with pytest.raises(bm.InputError, match="2013-14 to 2018-19"):
        plotting.plot_bridge(sample, year="2030-31", ax=new_ax())
    with pytest.raises(bm.InputError, match="found 'nope'; expected a driver id: cla, "):
        plotting.plot_drivers(sample, drivers=["cla", "nope"], ax=new_ax())


# -- gap -----------------------------------------------------------------------
def test_gap_bars_are_total_minus_funding_and_line_is_cumulative(sample: bm.Result) -> None:
    ax = plotting.plot_gap(sample, scenario="Improvement plan", ax=new_ax())
    s = sample.summary[sample.summary["scenario"] == "Improvement plan"]
    heights, _ = bars(ax, "gap")
    np.testing.assert_allclose(heights, (s["total_cash"] - s["funding"]).to_numpy() / M)
    np.testing.assert_allclose(line(ax, "Cumulative gap"), s["cumulative_gap"].to_numpy() / M)
    colours = [
        matplotlib.colors.to_hex(p.get_facecolor()) for p in as_bars(ax.containers[0]).patches
    ]
    for h, c in zip(heights[1:], colours[1:], strict=True):
        assert c == (style.DARK_PINK if h > 0 else style.TURQUOISE).lower()
    assert ax.get_ylabel().startswith("£m")
    house_style(ax, sample)
    # The sample's plan runs a surplus until 2016-17 and a shortfall over the five years.
    title = ax.get_title(loc="left")
    assert "£21.3m shortfall in 2018-19" in title and "£18.9m shortfall over 5 years" in title


# -- improvement plan -----------------------------------------------------------
def test_plan_bars_are_the_initiatives_by_kind(sample: bm.Result) -> None:
    ax = plotting.plot_plan(sample, scenario="Improvement plan", ax=new_ax())
    lines = sample.lines[sample.lines["scenario"] == "Improvement plan"]
    by_kind = lines.pivot_table(index="year", columns="kind", values="cash", aggfunc="sum")
    # The sample's plan has no saving rows: its savings come from its levers.
    for kind, label in [("one_off", "One-off"), ("recurring", "Recurring")]:
        heights, _ = bars(ax, label)
        np.testing.assert_allclose(heights, by_kind[kind].reindex(sample.years).fillna(0) / M)
    assert "saving" not in by_kind
    net = by_kind[["one_off", "recurring"]].sum(axis=1).reindex(sample.years)
    np.testing.assert_allclose(line(ax, "Net"), net.fillna(0).to_numpy() / M)
    house_style(ax, sample)


def test_plan_without_initiatives_says_so(sample: bm.Result) -> None:
    ax = plotting.plot_plan(sample, scenario="No plan", ax=new_ax())
    assert not ax.containers
    assert any("no improvement initiatives" in t.get_text() for t in ax.texts)
    assert ax.get_title(loc="left") == "No improvement initiatives in this scenario"


def test_plan_that_saves_more_than_it_costs(many: bm.Result) -> None:
    ax = plotting.plot_plan(many, ax=new_ax())
    assert (bars(ax, "Savings")[0][1:] < 0).all()
    assert ax.get_title(loc="left").startswith("The plan's direct amounts save")


# -- drivers -------------------------------------------------------------------
def test_driver_panels_show_counterfactual_and_with_plan(sample: bm.Result) -> None:
    ax = plotting.plot_drivers(sample, scenario="Improvement plan", ax=new_ax((10, 7)))
    d = sample.drivers[sample.drivers["scenario"] == "Improvement plan"]
    ids = [drv.id for drv in sample.model.drivers]
    assert len(ax.child_axes) == len(ids) == 7
    for panel, driver_id in zip(panels(ax), ids, strict=True):
        np.testing.assert_allclose(
            line(panel, "Without the plan"), pick(d, "volume_counterfactual", driver_id=driver_id)
        )
        with_plan = pick(d, "volume", driver_id=driver_id)
        np.testing.assert_allclose(line(panel, "With the plan"), with_plan)
        assert tick_texts(panel) == [sample.years[0], sample.years[-1]]
        assert panel.get_title(loc="left")
    assert "lower with the plan" in ax.get_title(loc="left")
    assert ax.get_xlabel().startswith("Source")


def test_many_driver_panels_wrap_without_overlapping(many: bm.Result) -> None:
    ax = plotting.plot_drivers(many, ax=new_ax((12, 11)))
    assert len(ax.child_axes) == 14
    fig = ax.get_figure()
    assert isinstance(fig, Figure)
    fig.draw_without_rendering()
    boxes = [p.get_tightbbox() for p in ax.child_axes]
    columns = {round(p.get_position().x0, 6) for p in ax.child_axes}
    assert len(columns) == 4
    for a, b in itertools.combinations(boxes, 2):
        assert a is not None and b is not None and not a.overlaps(b)


# -- workforce -----------------------------------------------------------------
def test_workforce_panels(sample: bm.Result) -> None:
    ax = plotting.plot_workforce(sample, scenario="Improvement plan", ax=new_ax((10, 4.2)))
    w = sample.workforce[sample.workforce["scenario"] == "Improvement plan"]
    fte, caseload, agency = panels(ax)
    name = "Frontline social workers"
    np.testing.assert_allclose(line(fte, name), w["fte"].to_numpy())
    np.testing.assert_allclose(line(caseload, name), w["caseload"].to_numpy())
    np.testing.assert_allclose(line(agency, name), w["agency_share"].to_numpy())
    assert [p.get_title(loc="left") for p in panels(ax)] == [
        "FTE",
        "Caseload (cases per FTE)",
        "Agency share",
    ]
    assert agency.yaxis.get_major_formatter()(0.3, 0) == "30%"
    assert "FTE rises from 315 to 641" in ax.get_title(loc="left")


def test_workforce_without_staffing_lines_says_so() -> None:
    m = hand_model()
    result = hand_model(cost_lines=[x for x in m.cost_lines if x.type != "staffing"]).run()
    ax = plotting.plot_workforce(result, ax=new_ax())
    assert not ax.child_axes
    assert any("no staffing lines" in t.get_text() for t in ax.texts)


# -- house style and API ---------------------------------------------------------
def test_draws_on_a_users_axes_and_leaves_the_others_alone(sample: bm.Result) -> None:
    fig = Figure(figsize=(12, 4))
    left, right = fig.subplots(1, 2)
    out = plotting.plot_gap(sample, ax=right, title="My title", caption="")
    assert out is right
    assert not left.lines and not left.containers and left.get_title() == ""
    assert right.get_title(loc="left") == "My title" and right.get_xlabel() == ""


def test_new_figure_when_no_axes_given(hand: bm.Result) -> None:
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    try:
        ax = plotting.plot_totals(hand)
        assert isinstance(ax, Axes)
        assert ax.get_figure() is not None
    finally:
        for num in set(plt.get_fignums()) - set(before):
            plt.close(num)


def test_small_models_get_a_smaller_unit() -> None:
    result = hand_model().run()  # totals of a few thousand pounds
    ax = plotting.plot_totals(result, ax=new_ax())
    assert ax.get_ylabel() == "£, cash"
    ax = plotting.plot_totals(result, unit="£000", ax=new_ax())
    assert ax.get_ylabel() == "£000, cash"
    np.testing.assert_allclose(
        line(ax, "plan"), pick(result.summary, "total_cash", scenario="plan") / 1e3
    )


def test_many_years_keep_year_ticks_apart(many: bm.Result) -> None:
    ax = plotting.plot_gap(many, ax=new_ax((6, 4)))
    labels = tick_texts(ax)
    assert labels[-1] == many.years[-1] and len(labels) < len(many.years)
    fig = ax.get_figure()
    assert isinstance(fig, Figure)
    fig.draw_without_rendering()
    boxes = [t.get_window_extent() for t in ax.get_xticklabels()]
    for a, b in itertools.pairwise(boxes):
        assert a.x1 < b.x0


def test_money_ticks_use_separators_and_a_true_minus() -> None:
    formatter = style.number_formatter()
    formatter.set_locs([-1000.0, 0.0, 1000.0, 2000.0])
    assert [formatter(v) for v in (-1000.0, 0.0, 2000.0)] == ["−1,000", "0", "2,000"]
    formatter.set_locs([0.0, 0.25, 0.5])
    assert formatter(0.25) == "0.25"


@pytest.mark.parametrize(
    ("targets", "gap"),
    [([0.0, 0.0, 0.0], 1.0), ([5.0, 1.0, 1.2, 9.0], 0.5), ([3.0], 2.0), ([0.0, 10.0], 1.0)],
)
def test_spread_keeps_order_and_distance(targets: list[float], gap: float) -> None:
    placed = style.spread(targets, gap)
    order = np.argsort(targets, kind="stable")
    ordered = np.asarray(placed)[order]
    assert (np.diff(ordered) >= gap - 1e-9).all()
    assert np.mean(placed) == pytest.approx(np.mean(targets))  # no drift, only spreading


# -- findings --------------------------------------------------------------------
def test_findings_state_the_numbers_drawn(sample: bm.Result) -> None:
    s = sample.summary
    final = s[(s["scenario"] == "Improvement plan") & (s["year"] == "2018-19")].iloc[0]
    gap = plotting.gap_finding(sample, "Improvement plan")
    assert plotting.money(final["gap"]) in gap.title
    assert plotting.money(final["cumulative_gap"]) in gap.takeaway
    b = sample.bridge
    steps = b[(b["scenario"] == "Improvement plan") & (b["year"] == "2018-19")].set_index("step")
    plan = plotting.plan_finding(sample, "Improvement plan")
    value = steps["value"]
    adds = float(value["plan_effects"] + value["plan_direct"])
    assert f"The plan adds {plotting.money(adds)} a year by 2018-19" in plan.takeaway
    assert "the cumulative gap is £18.9m (a shortfall)" in plan.takeaway
    bridge = plotting.bridge_finding(sample, "Improvement plan", "2018-19")
    assert bridge.title.startswith("Inflation adds most")
    assert plotting.money(float(value["inflation"]), signed=True) in bridge.title


def test_finding_for_a_surplus_and_a_fall() -> None:
    model = many_model(horizon=3)
    result = model.run()
    found = plotting.gap_finding(result, "only")
    assert "surplus" in found.title
    assert plotting.service_areas_finding(result, "only").title.startswith("Area 1 falls most")


def test_money_words() -> None:
    assert plotting.money(13_640_000) == "£13.6m"
    assert plotting.money(-3_328_453) == "−£3.3m"
    assert plotting.money(4_400_000, signed=True) == "+£4.4m"
    assert plotting.money(-10, signed=True) == "£0.0m"
    assert plotting.money(1_250_400, "£000") == "£1,250k"
    with pytest.raises(ValueError, match="unit"):
        plotting.money(1.0, "$")
