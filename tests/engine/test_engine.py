"""The engine against numbers worked out by hand (see tests/factories.py, ``hand_model``).

Indices, scenario "central": prices 1, 1.1, 1.21; pay 1, 1.02, 1.071; gdp 1, 1.05, 1.05.
"""

from __future__ import annotations

import pandas as pd
import pytest

import budgetmodel as bm

from ..factories import hand_model

approx = pytest.approx


def _series(frame: pd.DataFrame, column: str, **where: str) -> list[float]:
    for key, value in where.items():
        frame = frame[frame[key] == value]
    return frame[column].tolist()


def vols(
    result: bm.Result, driver: str, column: str = "volume", scenario: str = "plan"
) -> list[float]:
    return _series(result.drivers, column, scenario=scenario, driver_id=driver)


class TestDriverMethods:
    def test_growth(self, model: bm.Model) -> None:
        # 100; 100 * 1.1 = 110; 110 * 1.2 = 132
        assert vols(model.run(), "g") == approx([100, 110, 132], rel=1e-12)

    def test_rate_counterfactual(self, model: bm.Model) -> None:
        # R0 = 50 / 10000 = 0.005; R1 = 0.0055; R2 = 0.0055 -> V = R * P
        assert vols(model.run(), "r", "volume_counterfactual") == approx(
            [50, 0.0055 * 10_200, 0.0055 * 10_404], rel=1e-12
        )

    def test_share_holds_then_changes(self, model: bm.Model) -> None:
        # S0 = 10 / 50 = 0.2, held in 2021-22, 0.25 in 2022-23; times r's counterfactual
        assert vols(model.run(), "s", "volume_counterfactual") == approx(
            [10, 0.2 * 56.1, 0.25 * 57.222], rel=1e-12
        )

    def test_stock_flow_costs_average_stock(self, model: bm.Model) -> None:
        # S1 = 40 * 0.75 + 20 = 50; S2 = 50 * 0.5 + 20 = 45; V = 40, (40+50)/2, (50+45)/2
        assert vols(model.run(), "f") == approx([40, 45, 47.5], rel=1e-12)

    def test_explicit(self, model: bm.Model) -> None:
        assert vols(model.run(), "e") == approx([7, 8, 9], rel=1e-12)

    def test_effects_apply_with_phasing(self, model: bm.Model) -> None:
        # r with plan: 56.1 * (1 - 0.1 * 0.5) = 53.295; 57.222 * (1 - 0.1) = 51.4998
        assert vols(model.run(), "r") == approx([50, 53.295, 51.4998], rel=1e-12)

    def test_share_follows_basis_with_plan_and_its_own_effect(self, model: bm.Model) -> None:
        # s with plan: 0.2 * 53.295 * 1.25 = 13.32375; 0.25 * 51.4998 * 1.25 = 16.0936875
        assert vols(model.run(), "s") == approx([10, 13.32375, 16.0936875], rel=1e-12)

    def test_no_initiatives_means_no_effects(self, model: bm.Model) -> None:
        d = model.run("no plan").drivers
        assert d["volume"].tolist() == d["volume_counterfactual"].tolist()


class TestCostLines:
    def cash(self, line: str, scenario: str = "plan") -> list[float]:
        return _series(hand_model().run().lines, "cash", scenario=scenario, line_id=line)

    def base(self, line: str, scenario: str = "plan") -> list[float]:
        return _series(hand_model().run().lines, "base_price", scenario=scenario, line_id=line)

    def test_activity_from_base_cost(self) -> None:
        # u = 1000 / 50 = 20 per unit; K = 20 * [50, 53.295, 51.4998]; cash x prices index
        assert self.base("act_r") == approx([1000, 1065.9, 1029.996], rel=1e-12)
        assert self.cash("act_r") == approx([1000, 1172.49, 1246.29516], rel=1e-12)

    def test_activity_from_unit_cost(self) -> None:
        assert self.cash("act_s") == approx([1000, 1465.6125, 1947.3361875], rel=1e-12)

    def test_fixed(self) -> None:
        assert self.cash("fix") == approx([500, 500, 500], rel=1e-12)

    def test_staffing(self) -> None:
        # FTE = 40/10, 45/10, 47.5/5 = 4, 4.5, 9.5; K = FTE * 30 * (1 + a * 1.0)
        # = 180, 168.75, 285; cash x pay index 1, 1.02, 1.071
        assert self.base("staff") == approx([180, 168.75, 285], rel=1e-12)
        assert self.cash("staff") == approx([180, 172.125, 305.235], rel=1e-12)
        w = hand_model().run().workforce
        assert w.loc[w["scenario"] == "plan", "fte"].tolist() == approx([4, 4.5, 9.5], rel=1e-12)


class TestInitiatives:
    def rows(self) -> pd.DataFrame:
        lines = hand_model().run().lines
        return lines[(lines["scenario"] == "plan") & (lines["kind"] != "baseline")]

    def test_recurring_inflates_by_its_category(self) -> None:
        r = self.rows().query("line_id == 'eh'")
        assert r["kind"].unique().tolist() == ["recurring"]
        assert r["cash"].tolist() == approx([0, 51, 64.26], rel=1e-12)  # 50*1.02, 60*1.071

    def test_one_off(self) -> None:
        assert self.rows().query("line_id == 'it'")["cash"].tolist() == approx([0, 100, 0])

    def test_saving_is_negative(self) -> None:
        r = self.rows().query("line_id == 'pm'")
        assert r["base_price"].tolist() == approx([0, -10, -20], rel=1e-12)
        assert r["cash"].tolist() == approx([0, -11, -24.2], rel=1e-12)

    def test_initiatives_outside_the_scenario_have_no_rows(self) -> None:
        lines = hand_model().run().lines
        assert set(lines.loc[lines["scenario"] == "no plan", "kind"]) == {"baseline"}

    def test_scenario_with_a_list_of_initiatives(self) -> None:
        m = hand_model(scenarios=[bm.Scenario("some", "central", "it, pm")])
        r = m.run()
        assert set(r.lines.query("kind != 'baseline'")["line_id"]) == {"it", "pm"}
        # eh's effect on r is not included: r with plan equals its counterfactual
        assert vols(r, "r", scenario="some") == vols(r, "r", "volume_counterfactual", "some")


# Totals by hand (scenario "plan"):
# 2021-22: 1172.49 + 1465.6125 + 500 + 172.125 + 51 + 100 - 11 = 3450.2275
# 2022-23: 1246.29516 + 1947.3361875 + 500 + 305.235 + 64.26 + 0 - 24.2 = 4038.9263475
TOTAL = [2680.0, 3450.2275, 4038.9263475]
FUNDING = [2000.0, 2150.0, 2250.0]


class TestSummaryAndBridge:
    def test_summary(self, model: bm.Model) -> None:
        s = model.run().summary.query("scenario == 'plan'")
        assert s["total_cash"].tolist() == approx(TOTAL, rel=1e-12)
        assert s["total_real"].tolist() == approx(
            [2680, 3450.2275 / 1.05, 4038.9263475 / 1.05], rel=1e-12
        )
        assert s["funding"].tolist() == approx(FUNDING, rel=1e-12)
        assert s["gap"].tolist() == approx([680, 1300.2275, 1788.9263475], rel=1e-12)
        assert s["cumulative_gap"].tolist() == approx([0, 1300.2275, 3089.153847500], rel=1e-12)

    def test_bridge_steps(self, model: bm.Model) -> None:
        b = model.run().bridge.query("scenario == 'plan'")
        by_year = {y: dict(zip(g["step"], g["value"], strict=True)) for y, g in b.groupby("year")}
        # counterfactual K: 2021-22 1122 + 1122 + 500 + 168.75 = 2912.75;
        #                   2022-23 1144.44 + 1430.55 + 500 + 285 = 3359.99
        # with plan K:      2021-22 1065.9 + 1332.375 + 500 + 168.75 = 3067.025
        #                   2022-23 1029.996 + 1609.36875 + 500 + 285 = 3424.36475
        assert by_year["2021-22"] == approx(
            {
                "base": 2680,
                "demand": 232.75,
                "plan_effects": 154.275,
                "plan_direct": 140,
                "inflation": 3450.2275 - 3207.025,
                "total": 3450.2275,
            },
            rel=1e-12,
        )
        assert by_year["2022-23"] == approx(
            {
                "base": 2680,
                "demand": 679.99,
                "plan_effects": 64.37475,
                "plan_direct": 40,
                "inflation": 4038.9263475 - 3464.36475,
                "total": 4038.9263475,
            },
            rel=1e-12,
        )
        assert by_year["2020-21"] == approx(
            {
                "base": 2680,
                "demand": 0,
                "plan_effects": 0,
                "plan_direct": 0,
                "inflation": 0,
                "total": 2680,
            },
            abs=1e-9,
        )

    def test_no_plan_total(self, model: bm.Model) -> None:
        # 1122 * 1.1 + 1122 * 1.1 + 500 + 168.75 * 1.02
        s = model.run("no plan").summary
        assert s["total_cash"].tolist()[1] == approx(1234.2 * 2 + 500 + 172.125, rel=1e-12)

    def test_deflator_none_gives_real_equal_cash(self) -> None:
        s = hand_model(deflator="none").run().summary
        assert s["total_real"].tolist() == s["total_cash"].tolist()


class TestOverrides:
    def test_override_replaces_a_parameter_in_one_scenario_only(self) -> None:
        m = hand_model(overrides=[bm.Override("no plan", "r", "rate_change", [0.0, 0.0])])
        r = m.run()
        # R held at 0.005: V = 0.005 * P
        assert vols(r, "r", scenario="no plan") == approx([50, 51, 52.02], rel=1e-12)
        assert vols(r, "r", "volume_counterfactual", "plan") == approx(
            [50, 56.1, 57.222], rel=1e-12
        )


@pytest.mark.parametrize(("unit", "scale"), [("£", 1.0), ("£000", 1e3), ("£m", 1e6)])
def test_money_units_give_pounds(unit: str, scale: float) -> None:
    # the same amounts typed in thousands or millions give the same pounds
    s = hand_model(money_unit=unit, scale=scale).run().summary.query("scenario == 'plan'")
    assert s["total_cash"].tolist() == approx(TOTAL, rel=1e-12)
    assert s["funding"].tolist() == approx(FUNDING, rel=1e-12)


@pytest.mark.parametrize("key", ["2022-23", "2022/23", "2022-2023", 2022, "2022"])
def test_year_spellings_in_python_series(key: object) -> None:
    m = hand_model(
        drivers=[bm.Driver("g", "growth", 100, growth={key: 0.5})],
        cost_lines=[bm.CostLine("c", "activity", driver_id="g", unit_cost=1)],
        improvements=[],
        effects=[],
    )
    assert vols(m.run(), "g") == approx([100, 100, 150])


def test_run_one_scenario_and_unknown_scenario(model: bm.Model) -> None:
    assert model.run("no plan").scenarios == ["no plan"]
    with pytest.raises(bm.InputError, match="nope"):
        model.run("nope")


def test_result_frames_cannot_change_the_result(model: bm.Model) -> None:
    result = model.run()
    frame = result.summary
    frame["total_cash"] = 0.0
    assert result.summary["total_cash"].iloc[0] == 2680


def test_repr_html_shows_summary_in_thousands(model: bm.Model) -> None:
    html = model.run()._repr_html_()
    assert "£000" in html and "2022-23" in html
    assert "3" in html  # 4038.93 pounds shows as 4 (thousands) to 0 dp
    table = model.run().summary_table("£000")
    assert table.loc[("plan", "total_cash"), "2022-23"] == approx(4.0389263475, rel=1e-12)


def test_base_budget_mismatch_warns() -> None:
    with pytest.warns(bm.BudgetModelWarning, match="base_budget"):
        hand_model(base_budget=3000).run()
