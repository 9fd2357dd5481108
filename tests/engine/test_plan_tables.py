"""The plan and business case as a notebook reader sees them: years as columns, £000."""

from __future__ import annotations

import pytest

import budgetmodel as bm

from ..plotting.test_plan import two  # noqa: F401  (the fixture)


def test_plan_table_has_years_as_columns_and_adds_up(two: bm.Model) -> None:  # noqa: F811
    result = two.run()
    table = result.plan_table("£")
    plan = table.loc["plan"]
    assert list(table.columns) == result.years
    assert list(plan.index) == ["quick", "slow", "interaction", "total"]
    # 2022-23: quick -24.2, slow -12.1, together -33.88 (interaction +2.42)
    assert plan["2022-23"].tolist() == pytest.approx([-24.2, -12.1, 2.42, -33.88])
    assert plan["2021-22"].tolist() == pytest.approx([10 - 22, 50, 0, 38])
    assert "none" not in table.index.get_level_values("scenario")
    assert result.plan_table("£000", "direct_cash").loc[("plan", "slow"), "2021-22"] == 0.05
    with pytest.raises(ValueError, match="measure must be one of"):
        result.plan_table(measure="volume")


def test_business_case_table_and_html(two: bm.Model) -> None:  # noqa: F811
    result = two.run()
    case = result.business_case_table("£")
    assert case.loc[("plan", "quick"), "net_benefit"] == pytest.approx(36.2)
    assert case.loc[("plan", "slow"), "net_benefit"] == pytest.approx(-37.9)
    assert case.loc[("plan", "quick"), "payback_year"] == "2021-22"
    html = result._repr_html_()
    assert "Business case by initiative" in html and "Quick win" in html
    assert "Business case" not in two.run("none")._repr_html_()
