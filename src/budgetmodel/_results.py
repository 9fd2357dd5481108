"""Results of a run as tidy pandas frames (DESIGN.md, "Outputs").

Frames are built on first use from the engine's arrays and copied on every
access, so a `Result` cannot be changed by what a user does to a frame.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .core.money import BRIDGE_STEPS

if TYPE_CHECKING:
    from ._compile import CompiledModel
    from ._engine import ScenarioArrays
    from ._model import Model

__all__ = ["Result"]

_SUMMARY_MEASURES = (
    "gross_cash",
    "income_cash",
    "total_cash",
    "total_real",
    "funding",
    "gap",
    "cumulative_gap",
)


class Result:
    """The projection of one or more scenarios of a `Model`.

    Attributes
    ----------
    model : Model
        The model that was run.
    scenarios : list of str
        The scenarios run, in Scenarios order.
    lines, drivers, bridge, summary, workforce : pandas.DataFrame
        Tidy frames in pounds (see DESIGN.md "Outputs"); ``workforce`` adds the
        staffing lines' FTE, caseload and agency share by year.

    Examples
    --------
    >>> import budgetmodel as bm
    >>> result = bm.load_sample().run("Improvement plan")
    >>> table = result.summary_table("£m")
    >>> round(float(table.loc[("Improvement plan", "total_cash"), "2013-14"]), 1)
    165.0
    >>> step = result.bridge.query("year == '2018-19'").set_index("step")["value"]
    >>> bool(abs(step.drop("total").sum() - step["total"]) < 1e-6)  # the bridge adds up
    True
    """

    def __init__(
        self, model: Model, compiled: CompiledModel, arrays: dict[str, ScenarioArrays]
    ) -> None:
        self.model = model
        self._compiled = compiled
        self._arrays = arrays
        self.scenarios = list(arrays)

    @property
    def years(self) -> list[str]:
        """Year labels, base year first."""
        return list(self._compiled.years)

    @property
    def compiled(self) -> CompiledModel:
        """The arrays the engine ran on (for adapters that trace numbers to inputs)."""
        return self._compiled

    def arrays(self, scenario: str) -> ScenarioArrays:
        """The engine's arrays for one scenario (draws first, years last)."""
        return self._arrays[scenario]

    # -- frames ----------------------------------------------------------------
    def _tidy(
        self,
        per_scenario: dict[str, dict[str, np.ndarray]],
        keys: dict[str, list[str]],
        columns: list[str],
    ) -> pd.DataFrame:
        """Stack (items, T) arrays into rows ordered scenario, year, item."""
        frames = []
        years = self.years
        for scenario, values in per_scenario.items():
            n_items = len(next(iter(keys.values()))) if keys else 1
            data: dict[str, object] = {
                "scenario": scenario,
                "year": np.repeat(years, n_items),
            }
            for key, labels in keys.items():
                data[key] = np.tile(np.asarray(labels, dtype=object), len(years))
            for name, arr in values.items():
                data[name] = np.asarray(arr).T.reshape(-1)
            frames.append(pd.DataFrame(data))
        if not frames:
            return pd.DataFrame(columns=columns)
        return pd.concat(frames, ignore_index=True)[columns]

    @cached_property
    def _lines(self) -> pd.DataFrame:
        spec, c = self.model, self._compiled
        per: dict[str, dict[str, np.ndarray]] = {}
        labels: dict[str, dict[str, list[str]]] = {}
        base_lines = spec.cost_lines
        for name, a in self._arrays.items():
            rows = c.scenarios[name].direct_rows
            imp = [spec.improvements[i] for i in rows]
            deflator = a.index[0, c.deflator]
            k = np.concatenate([a.line_base_price[0], a.direct_base_price[0]])
            cash = np.concatenate([a.line_cash[0], a.direct_cash[0]])
            per[name] = {"base_price": k, "cash": cash, "real": cash / deflator}
            labels[name] = {
                "line_id": [x.id for x in base_lines] + [r.initiative_id for r in imp],
                "line_name": [x.name for x in base_lines] + [r.name for r in imp],
                "service_area": [x.service_area for x in base_lines]
                + [r.service_area for r in imp],
                "kind": ["income" if x.kind == "income" else "baseline" for x in base_lines]
                + [r.kind for r in imp],
            }
        cols = [
            "scenario",
            "year",
            "line_id",
            "line_name",
            "service_area",
            "kind",
            "base_price",
            "cash",
            "real",
        ]
        frames = [self._tidy({s: per[s]}, labels[s], cols) for s in per]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)

    @cached_property
    def _drivers(self) -> pd.DataFrame:
        per = {
            s: {
                "volume_counterfactual": a.counterfactual.volume[0],
                "volume": a.with_plan.volume[0],
                "stock_counterfactual": a.counterfactual.stock[0],
                "stock": a.with_plan.stock[0],
            }
            for s, a in self._arrays.items()
        }
        columns = ["volume_counterfactual", "volume", "stock_counterfactual", "stock"]
        return self._tidy(
            per,
            {"driver_id": self._compiled.driver_ids},
            ["scenario", "driver_id", "year", *columns],
        )

    @cached_property
    def _bridge(self) -> pd.DataFrame:
        per = {s: {"value": a.bridge[0]} for s, a in self._arrays.items()}
        return self._tidy(per, {"step": list(BRIDGE_STEPS)}, ["scenario", "year", "step", "value"])

    @cached_property
    def _summary(self) -> pd.DataFrame:
        per = {
            s: {m: getattr(a, m)[0][None, :] for m in _SUMMARY_MEASURES}
            for s, a in self._arrays.items()
        }
        return self._tidy(per, {}, ["scenario", "year", *_SUMMARY_MEASURES])

    @cached_property
    def _workforce(self) -> pd.DataFrame:
        c = self._compiled
        ids = [c.line_ids[i] for i in c.staffing_lines]
        per = {
            s: {
                "fte": a.with_plan.fte[0],
                "caseload": a.with_plan.caseload[0],
                "agency_share": a.with_plan.agency_share[0],
            }
            for s, a in self._arrays.items()
        }
        return self._tidy(
            per,
            {"line_id": ids},
            ["scenario", "year", "line_id", "fte", "caseload", "agency_share"],
        )

    @property
    def lines(self) -> pd.DataFrame:
        """``scenario, year, line_id, line_name, service_area, kind, base_price, cash, real``, £."""
        return self._lines.copy()

    @property
    def drivers(self) -> pd.DataFrame:
        """``scenario, driver_id, year, volume_counterfactual, volume, stock_counterfactual,
        stock``: the costed volume, and the stock at 31 March (year end), without and with
        the plan."""
        return self._drivers.copy()

    @property
    def bridge(self) -> pd.DataFrame:
        """``scenario, year, step, value`` (£ cash); steps sum to ``total``."""
        return self._bridge.copy()

    @property
    def summary(self) -> pd.DataFrame:
        """``scenario, year, gross_cash, income_cash, total_cash, total_real, funding, gap,
        cumulative_gap`` (£); ``total_cash = gross_cash - income_cash``."""
        return self._summary.copy()

    @cached_property
    def _plan(self) -> pd.DataFrame:
        columns = [
            "scenario",
            "initiative_id",
            "year",
            "direct_base_price",
            "effects_base_price",
            "net_base_price",
            "direct_cash",
            "effects_cash",
            "net_cash",
            "net_real",
        ]
        frames = []
        for s, a in self._arrays.items():
            ids = list(self._compiled.scenarios[s].initiatives)
            if not ids:
                continue
            deflator = a.index[0, self._compiled.deflator]
            direct = np.vstack([a.plan_direct[0], np.zeros((1, len(self.years)))])
            direct_cash = np.vstack([a.plan_direct_cash[0], np.zeros((1, len(self.years)))])
            effects = np.vstack([a.plan_effects[0], a.interaction[0][None]])
            effects_cash = np.vstack([a.plan_effects_cash[0], a.interaction_cash[0][None]])
            net_cash = direct_cash + effects_cash
            values = {
                "direct_base_price": direct,
                "effects_base_price": effects,
                "net_base_price": direct + effects,
                "direct_cash": direct_cash,
                "effects_cash": effects_cash,
                "net_cash": net_cash,
                "net_real": net_cash / deflator,
            }
            frames.append(
                self._tidy({s: values}, {"initiative_id": [*ids, "interaction"]}, columns)
            )
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)

    @cached_property
    def _business_case(self) -> pd.DataFrame:
        from .core.plan import business_case, payback_year

        spec, c = self.model, self._compiled
        names: dict[str, str] = {}
        for r in spec.improvements:
            if r.name and not names.get(r.initiative_id):
                names[r.initiative_id] = r.name
        rows = []
        for s, a in self._arrays.items():
            inputs = c.scenarios[s]
            ids = list(inputs.initiatives)
            kinds = np.array([spec.improvements[int(k)].kind for k in inputs.direct_rows])
            cash = a.direct_cash[:1]
            count = len(ids)
            cost = np.zeros((1, count, len(self.years)))
            saving = np.zeros_like(cost)
            for n, i in enumerate(inputs.direct_initiative):
                if kinds[n] == "saving":
                    saving[0, i] -= cash[0, n]
                else:
                    cost[0, i] += cash[0, n]
            net_cash = a.plan_direct_cash[:1] + a.plan_effects_cash[:1]
            net_real = net_cash / a.index[:1, c.deflator][:, None]
            case = business_case(
                cost, saving, a.plan_effects_cash[:1], net_real, float(spec.discount_rate)
            )
            paid = payback_year(net_cash)[0]
            for i, iid in enumerate(ids):
                rows.append(
                    (
                        s,
                        iid,
                        names.get(iid) or iid,
                        float(case["cost"][0, i]),
                        float(case["saving"][0, i]),
                        float(case["net_benefit"][0, i]),
                        float(case["npv"][0, i]),
                        self.years[int(paid[i])] if paid[i] else None,
                    )
                )
        columns = [
            "scenario",
            "initiative_id",
            "name",
            "cost",
            "saving",
            "net_benefit",
            "npv",
            "payback_year",
        ]
        frame = pd.DataFrame(rows, columns=columns)
        # None where an initiative does not pay back (pandas would make it NaN)
        frame["payback_year"] = pd.Series([r[-1] for r in rows], index=frame.index, dtype=object)
        return frame

    @property
    def plan(self) -> pd.DataFrame:
        """``scenario, initiative_id, year, direct_base_price, effects_base_price,
        net_base_price, direct_cash, effects_cash, net_cash, net_real`` (£): each
        included initiative's direct amounts and the effects of its levers alone, then
        ``interaction``, the part that comes from initiatives acting together. By
        construction the initiatives and the interaction add up to the bridge's
        ``plan_effects + plan_direct``."""
        return self._plan.copy()

    @property
    def business_case(self) -> pd.DataFrame:
        """``scenario, initiative_id, name, cost, saving, net_benefit, npv, payback_year``:
        each included initiative over the projection years, in cash (£); ``npv`` of the
        net benefit in real terms at Settings ``discount_rate``; ``payback_year`` the first
        year whose cumulative net benefit is at least 0 (None if none)."""
        return self._business_case.copy()

    @cached_property
    def _backtest(self) -> pd.DataFrame:
        spec, c = self.model, self._compiled
        scale = spec.money_scale
        rows = []
        outturn = sorted(spec.outturn, key=lambda o: c.areas.index(o.service_area))
        for s, a in self._arrays.items():
            projected = a.area_gross_cash[0] - a.area_income_cash[0]  # (A, T), £
            for t, year in enumerate(self.years):
                known = [
                    (o.service_area, float(o.values[t]) * scale)
                    for o in outturn
                    if o.values[t] is not None
                ]
                if not known:
                    continue
                for area, actual in known:
                    rows.append((s, year, area, float(projected[c.areas.index(area), t]), actual))
                rows.append(
                    (
                        s,
                        year,
                        "Total",
                        sum(r[3] for r in rows[-len(known) :]),
                        sum(actual for _, actual in known),
                    )
                )
        columns = ["scenario", "year", "service_area", "projected", "actual"]
        frame = pd.DataFrame(rows, columns=columns)
        frame["difference"] = frame["projected"] - frame["actual"]
        nonzero = frame["actual"].where(frame["actual"] != 0)
        frame["difference_pct"] = frame["difference"] / nonzero
        return frame

    @property
    def backtest(self) -> pd.DataFrame:
        """``scenario, year, service_area, projected, actual, difference, difference_pct``:
        the projection of each service area (lines and initiatives, income counted
        negative) against the ``Outturn`` sheet, £ cash, for every year and area with an
        actual, then a ``Total`` row per scenario and year over those areas.
        ``difference = projected - actual``; ``difference_pct = difference / actual``
        (NaN where the actual is 0). Empty when the model has no outturn."""
        return self._backtest.copy()

    @property
    def workforce(self) -> pd.DataFrame:
        """``scenario, year, line_id, fte, caseload, agency_share`` for staffing lines."""
        return self._workforce.copy()

    @cached_property
    def _checks(self) -> pd.DataFrame:
        rows: list[tuple[str, str, str]] = []
        model, arrays = self.model, self._arrays
        if arrays:
            first = next(iter(arrays.values()))
            base = float(first.bridge[0, 0, 0])
            if model.base_budget is not None:
                declared = model.base_budget * model.money_scale
                diff = base - declared
                ok = abs(diff) <= 0.005 * abs(declared)
                rows.append(
                    (
                        "Base-year cost lines against the declared base_budget",
                        "ok" if ok else "warning",
                        f"lines £{base:,.2f}; base_budget £{declared:,.2f}; "
                        f"difference £{diff:,.2f} ({diff / declared:+.2%}; tolerance 0.5%)",
                    )
                )
            else:
                rows.append(
                    (
                        "Base-year cost lines against the declared base_budget",
                        "not run",
                        f"no base_budget in Settings; lines sum to £{base:,.2f}",
                    )
                )
        bridge_err = max(
            (
                float(np.abs(a.bridge[:, :5].sum(axis=1) - a.bridge[:, 5]).max())
                for a in arrays.values()
            ),
            default=0.0,
        )
        rows.append(
            (
                "Bridge steps sum to the total, every scenario and year",
                "ok" if bridge_err < 0.005 else "error",
                f"largest difference £{bridge_err:,.2f}",
            )
        )
        lines_err = max(
            (
                float(
                    np.abs(a.line_cash.sum(axis=1) + a.direct_cash.sum(axis=1) - a.total_cash).max()
                )
                for a in arrays.values()
            ),
            default=0.0,
        )
        rows.append(
            (
                "Cost lines and initiatives sum to the total, every scenario and year",
                "ok" if lines_err < 0.005 else "error",
                f"largest difference £{lines_err:,.2f}",
            )
        )
        return pd.DataFrame(rows, columns=["check", "status", "detail"])

    @property
    def checks(self) -> pd.DataFrame:
        """Reconciliations: ``check, status, detail`` (status ok, warning, error, not run)."""
        return self._checks.copy()

    # -- display ---------------------------------------------------------------
    def summary_table(self, unit: str = "£m") -> pd.DataFrame:
        """The summary with years as columns, in ``unit`` (``"£"``, ``"£000"`` or ``"£m"``)."""
        from .vocabulary import MONEY_UNITS

        scale = MONEY_UNITS[unit]
        s = self._summary.melt(id_vars=["scenario", "year"], var_name="measure")
        s["value"] = s["value"] / scale
        table = s.pivot_table(
            index=["scenario", "measure"], columns="year", values="value", sort=False
        )
        table.columns.name = None
        return table.reindex(
            pd.MultiIndex.from_product(
                [self.scenarios, list(_SUMMARY_MEASURES)], names=["scenario", "measure"]
            )
        )

    def plan_table(self, unit: str = "£000", measure: str = "net_cash") -> pd.DataFrame:
        """The plan with years as columns, in ``unit``: one row per scenario and
        initiative, then ``interaction`` and the scenario's ``total``.

        Parameters
        ----------
        unit : {"£", "£000", "£m"}
        measure : str
            A money column of `plan`: ``net_cash`` (the default),
            ``direct_cash``, ``effects_cash``, ``net_real``, or a ``*_base_price`` one.

        Examples
        --------
        >>> import budgetmodel as bm
        >>> table = bm.load_sample().run("Improvement plan").plan_table("£m")
        >>> list(table.index.get_level_values("initiative_id"))[-2:]
        ['interaction', 'total']
        """
        from .vocabulary import MONEY_UNITS

        plan = self._plan
        if measure not in plan.columns[3:]:
            raise ValueError(f"measure must be one of {', '.join(plan.columns[3:])}")
        frames = []
        for s in self.scenarios:
            rows = plan[plan["scenario"] == s]
            if rows.empty:
                continue
            wide = rows.pivot_table(
                index="initiative_id", columns="year", values=measure, sort=False
            ).reindex(columns=self.years)
            wide.loc["total"] = wide.sum(axis=0)
            wide.index = pd.MultiIndex.from_product(
                [[s], list(wide.index)], names=["scenario", "initiative_id"]
            )
            frames.append(wide / MONEY_UNITS[unit])
        if not frames:
            return pd.DataFrame(columns=self.years)
        table = pd.concat(frames)
        table.columns.name = None
        return table

    def business_case_table(self, unit: str = "£000") -> pd.DataFrame:
        """`business_case` for reading: money in ``unit``, one row per scenario and
        initiative, the payback year blank where there is none."""
        from .vocabulary import MONEY_UNITS

        case = self._business_case.set_index(["scenario", "initiative_id"])
        for column in ("cost", "saving", "net_benefit", "npv"):
            case[column] = case[column] / MONEY_UNITS[unit]
        return case

    def __repr__(self) -> str:
        return (
            f"<Result {self.model.authority or 'model'}: {len(self.scenarios)} scenario(s), "
            f"{self.years[0]} to {self.years[-1]}>"
        )

    def _repr_html_(self) -> str:
        table = self.summary_table("£000")
        caption = (
            f"{self.model.authority or 'Model'}: summary, £000 cash "
            f"(real terms at {self.years[0]} prices)"
        )
        styled = table.to_html(float_format=lambda v: f"{v:,.0f}", na_rep="", border=0)
        case = ""
        if not self._business_case.empty:
            case = (
                "<p><strong>Business case by initiative, £000 cash over the projection "
                f"years (NPV at {self.model.discount_rate:.1%}, real terms)</strong></p>"
                + self.business_case_table("£000").to_html(
                    float_format=lambda v: f"{v:,.0f}", na_rep="", border=0
                )
            )
        return f"<div><p><strong>{caption}</strong></p>{styled}{case}</div>"
