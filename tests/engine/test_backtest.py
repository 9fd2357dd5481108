"""The back-test (DESIGN.md, "Outturn and back-test"): hand-computed on a small model."""

from __future__ import annotations

import math
from pathlib import Path
from typing import cast

import matplotlib
import numpy as np
import pandas as pd
import pytest

import budgetmodel as bm
from budgetmodel import plotting
from budgetmodel._export import write_csv
from budgetmodel.plotting.backtest import OUTTURN_LABEL

from ..plotting.charts import panels as child_panels

matplotlib.use("Agg")


def _model(outturn: list[bm.Outturn]) -> bm.Model:
    return bm.Model(
        base_year="2020-21",
        horizon=2,
        cost_lines=[
            bm.CostLine("homes", "fixed", "none", service_area="Care", base_cost=100.0),
            bm.CostLine(
                "grant", "fixed", "none", service_area="Care", base_cost=10.0, kind="income"
            ),
            bm.CostLine("sw", "fixed", "none", service_area="Social work", base_cost=50.0),
        ],
        improvements=[
            bm.Improvement("team", "recurring", [None, 5.0, 5.0], service_area="Social work")
        ],
        inflation=[bm.InflationRate("flat", "pay", 0.0)],
        funding=[bm.Funding("budget", 150.0)],
        scenarios=[bm.Scenario("central", "flat"), bm.Scenario("no plan", "flat", "none")],
        outturn=outturn,
    )


def test_projected_actual_difference_and_total_by_hand() -> None:
    model = _model(
        [
            bm.Outturn("Social work", [None, 60.0, 0.0]),
            bm.Outturn("Care", [None, 80.0, None]),
        ]
    )
    bt = model.run().backtest
    central = bt[bt["scenario"] == "central"].set_index(["year", "service_area"])
    # Care: 100 less 10 of income = 90 against 80; Social work: 50 + 5 against 60.
    assert central.loc[("2021-22", "Care"), "projected"] == 90.0
    assert central.loc[("2021-22", "Care"), "difference"] == 10.0
    assert central.loc[("2021-22", "Care"), "difference_pct"] == pytest.approx(0.125)
    assert central.loc[("2021-22", "Social work"), "projected"] == 55.0
    assert central.loc[("2021-22", "Total"), "projected"] == 145.0
    assert central.loc[("2021-22", "Total"), "actual"] == 140.0
    # 2022-23: only Social work is known, and its actual is 0 (no per cent)
    assert central.loc["2022-23"].index.tolist() == ["Social work", "Total"]
    assert math.isnan(cast(float, central.loc[("2022-23", "Social work"), "difference_pct"]))
    assert central.loc[("2022-23", "Total"), "difference"] == 55.0
    # areas in the model's order, years with no actual left out, every scenario
    assert bt["year"].unique().tolist() == ["2021-22", "2022-23"]
    assert bt.query("scenario == 'no plan' and year == '2021-22'")["projected"].tolist() == [
        90.0,
        50.0,
        140.0,
    ]


def test_money_unit_scales_the_outturn() -> None:
    model = _model([bm.Outturn("Care", [None, 0.08, None])]).replace(money_unit="£000")
    row = model.run().backtest.iloc[0]
    assert row["actual"] == pytest.approx(80.0)
    assert row["projected"] == pytest.approx(90_000.0)


def test_an_unknown_service_area_and_a_non_finite_actual_are_errors() -> None:
    with pytest.raises(bm.InputError) as caught:
        _model([bm.Outturn("Youth", [None, 1.0, 2.0]), bm.Outturn("Care", [None, math.inf, 1.0])])
    text = str(caught.value)
    assert "Outturn[Youth].service_area" in text and "'Care'" in text
    assert "Outturn[Care] 2021-22" in text


def test_no_outturn_gives_an_empty_frame_with_its_columns() -> None:
    bt = _model([]).run().backtest
    assert bt.empty
    assert list(bt.columns) == [
        "scenario",
        "year",
        "service_area",
        "projected",
        "actual",
        "difference",
        "difference_pct",
    ]


def test_csv_export_writes_backtest(tmp_path: Path) -> None:
    result = _model([bm.Outturn("Care", [None, 80.0, 70.0])]).run()
    write_csv(result, tmp_path)
    back = pd.read_csv(tmp_path / "backtest.csv")
    assert back["actual"].tolist() == [80.0, 80.0, 70.0, 70.0] * 2


def test_the_chart_draws_each_area_and_the_outturn_with_its_error() -> None:
    result = _model(
        [bm.Outturn("Care", [None, 80.0, 90.0]), bm.Outturn("Social work", [None, 60.0, None])]
    ).run()
    ax = plotting.plot_backtest(result, scenario="central")
    panels = child_panels(ax)
    assert [p.get_title(loc="left") for p in panels] == ["Total", "Care", "Social work"]
    care = panels[1]
    lines = {line.get_label(): line for line in care.get_lines()}
    assert set(lines) == {"central", "no plan", OUTTURN_LABEL}
    assert np.asarray(lines[OUTTURN_LABEL].get_ydata()).tolist() == [80.0, 90.0]
    assert np.asarray(lines["central"].get_ydata()).tolist() == [90.0, 90.0]
    notes = [t.get_text() for t in care.texts]
    assert notes == ["+12.5%", "+0.0%"]
    assert "outturn" in ax.get_title(loc="left")


def test_the_sample_pack_has_the_backtest_page() -> None:
    from budgetmodel.report import pack_charts

    result = bm.load_sample().run()
    names = [c.name for c in pack_charts(result)]
    assert "backtest" in names
    found = plotting.backtest_finding(result, "Improvement plan")
    assert "2015-16 " in found.takeaway and "Safeguarding" in found.takeaway
