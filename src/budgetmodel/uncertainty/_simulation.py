"""The `Simulation`: what a Monte Carlo run found, as tidy frames."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from .. import vocabulary
from .._spec import Uncertainty
from ..core.plan import net_benefit, payback_year
from ..errors import InputError, Issue
from ..vocabulary import MONEY_UNITS
from ._shocks import MEASURES
from ._stats import CellStats

if TYPE_CHECKING:
    from .._model import Model

Array = NDArray[np.float64]

__all__ = ["MEASURE_LABELS", "PERCENTILES", "STATISTICS", "InitiativeStats", "Simulation"]

#: The percentiles reported, and the statistics (percentiles, then the mean).
PERCENTILES = (5, 10, 25, 50, 75, 90, 95)
STATISTICS = (*(f"p{p}" for p in PERCENTILES), "mean")
#: How each measure is named on charts and sheets.
MEASURE_LABELS = {m: vocabulary.MEASURES[m].text for m in MEASURES}


@dataclass(frozen=True)
class InitiativeStats:
    """One scenario's initiatives over the draws: their net benefit's statistics, how
    many draws paid back within the horizon, and the net cost as entered (I, T)."""

    ids: tuple[str, ...]
    net_benefit: CellStats
    paid_back: NDArray[np.int64]
    central_net_cash: Array


class Simulation:
    """The outcome of `simulate`: percentiles by scenario and year.

    Immutable: every frame is a copy. Money is in pounds (cash).

    Attributes
    ----------
    model : Model
        The model simulated (its Uncertainty rows are `uncertainty`).
    scenarios, years : list of str
        The scenarios simulated (Scenarios order) and the years, base year first.
    n_draws : int
        The number of draws (the draws themselves: `draws`).
    seed : int
        The seed: ``simulate(model, draws, seed=simulation.seed)`` repeats the run.

    Examples
    --------
    >>> import budgetmodel as bm
    >>> sim = bm.load_sample().simulate(draws=2_000, seed=7, scenario="No plan")
    >>> sim.n_draws, sim.scenarios
    (2000, ['No plan'])
    >>> again = bm.load_sample().simulate(draws=2_000, seed=7, scenario="No plan")
    >>> again.percentiles.equals(sim.percentiles)  # a seeded run repeats exactly
    True
    """

    def __init__(
        self,
        model: Model,
        *,
        scenarios: list[str],
        years: list[str],
        seed: int,
        stats: dict[str, CellStats],
        central: dict[str, Array],
        funding: dict[str, Array],
        kept: dict[str, Array] | None = None,
        inputs: Array | None = None,
        initiatives: dict[str, InitiativeStats] | None = None,
        by_initiative: bool = False,
    ) -> None:
        self.model = model
        self._scenarios = tuple(scenarios)
        self._years = tuple(years)
        self.seed = seed
        self._stats = stats
        self._central = central  # scenario -> (3, T)
        self._funding = funding  # scenario -> (T,)
        self._kept = kept  # scenario -> (n, 3, T)
        self._inputs = inputs  # (n, R)
        self._initiatives = dict(initiatives or {})
        self.by_initiative = by_initiative
        for a in [*central.values(), *funding.values(), *(kept or {}).values(), inputs]:
            if a is not None:
                a.flags.writeable = False
        self.n_draws = next(iter(stats.values())).n if stats else 0
        self._percentiles = self._build_percentiles()

    @property
    def scenarios(self) -> list[str]:
        """The scenarios simulated, in Scenarios order."""
        return list(self._scenarios)

    @property
    def years(self) -> list[str]:
        """Year labels, base year first."""
        return list(self._years)

    @property
    def uncertainty(self) -> tuple[Uncertainty, ...]:
        """The Uncertainty rows drawn from."""
        return tuple(self.model.uncertainty)

    # -- frames ----------------------------------------------------------------
    def _build_percentiles(self) -> pd.DataFrame:
        T, ps = len(self._years), tuple(p / 100 for p in PERCENTILES)
        frames = []
        for s in self._scenarios:
            st = self._stats[s]
            values = np.column_stack([st.quantiles(ps), st.mean()])  # (3T, 8), measure-major
            values = values.reshape(len(MEASURES), T, len(STATISTICS)).transpose(1, 0, 2)
            frames.append(
                pd.DataFrame(
                    {
                        "scenario": s,
                        "year": np.repeat(self._years, len(MEASURES) * len(STATISTICS)),
                        "measure": np.tile(np.repeat(MEASURES, len(STATISTICS)), T),
                        "statistic": np.tile(STATISTICS, T * len(MEASURES)),
                        "value": values.reshape(-1),
                    }
                )
            )
        columns = ["scenario", "year", "measure", "statistic", "value"]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)

    @property
    def percentiles(self) -> pd.DataFrame:
        """``scenario, year, measure, statistic, value`` [£].

        Measures ``total_cash``, ``gap``, ``cumulative_gap``; statistics ``p5``, ``p10``,
        ``p25``, ``p50``, ``p75``, ``p90``, ``p95`` and ``mean``. Percentiles come from
        a fine histogram of the draws (within 1/4,096 of their range of the draws'
        own); a cell where every draw agrees gives that value exactly.
        """
        return self._percentiles.copy()

    def _need_initiatives(self) -> None:
        if not self.by_initiative:
            raise ValueError(
                "the initiatives were not simulated: run simulate(..., by_initiative=True)"
            )

    def _names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for r in self.model.improvements:
            if r.name and not names.get(r.initiative_id):
                names[r.initiative_id] = r.name
        return names

    @property
    def initiatives(self) -> pd.DataFrame:
        """``scenario, initiative_id, statistic, value`` [£]: each included initiative's
        net benefit over the projection years (cash: its saving less its cost, as in
        `Result.business_case`), statistics ``p5`` ... ``p95`` and ``mean``.

        Only from ``simulate(..., by_initiative=True)``; a scenario that includes no
        initiative has no rows.
        """
        self._need_initiatives()
        ps = tuple(p / 100 for p in PERCENTILES)
        frames = []
        for s in self._scenarios:
            if s not in self._initiatives:
                continue
            st = self._initiatives[s]
            values = np.column_stack([st.net_benefit.quantiles(ps), st.net_benefit.mean()])
            frames.append(
                pd.DataFrame(
                    {
                        "scenario": s,
                        "initiative_id": np.repeat(st.ids, len(STATISTICS)),
                        "statistic": np.tile(STATISTICS, len(st.ids)),
                        "value": values.reshape(-1),
                    }
                )
            )
        columns = ["scenario", "initiative_id", "statistic", "value"]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)

    @property
    def payback(self) -> pd.DataFrame:
        """``scenario, initiative_id, name, net_benefit, payback_year, p_payback``: each
        included initiative's net benefit [£] and payback year as entered (no shock, as
        `Result.business_case`), and the share of draws in which its cumulative net
        benefit reaches 0 within the horizon (exact: a count of draws).

        Only from ``simulate(..., by_initiative=True)``.
        """
        self._need_initiatives()
        names, rows = self._names(), []
        for s in self._scenarios:
            if s not in self._initiatives:
                continue
            st = self._initiatives[s]
            benefit = net_benefit(st.central_net_cash)
            paid = payback_year(st.central_net_cash)
            for i, iid in enumerate(st.ids):
                rows.append(
                    (
                        s,
                        iid,
                        names.get(iid) or iid,
                        float(benefit[i]),
                        self._years[int(paid[i])] if paid[i] else None,
                        float(st.paid_back[i] / self.n_draws),
                    )
                )
        columns = ["scenario", "initiative_id", "name", "net_benefit", "payback_year", "p_payback"]
        frame = pd.DataFrame(rows, columns=columns)
        frame["payback_year"] = frame["payback_year"].astype(object)
        return frame

    def initiative_table(self, unit: str = "£000") -> pd.DataFrame:
        """Each initiative's net benefit in ``unit`` as entered and at the 5th, 50th and
        95th percentiles, with the chance that it pays back: one row per scenario and
        initiative (for a notebook or a page)."""
        self._need_initiatives()
        scale = MONEY_UNITS[unit]
        stats = self.initiatives.pivot_table(
            index=["scenario", "initiative_id"], columns="statistic", values="value", sort=False
        )
        pay = self.payback.set_index(["scenario", "initiative_id"])
        table = pd.DataFrame(
            {
                "name": pay["name"],
                "as entered": pay["net_benefit"] / scale,
                "p5": stats["p5"] / scale,
                "p50": stats["p50"] / scale,
                "p95": stats["p95"] / scale,
                "payback year": pay["payback_year"],
                "pays back": pay["p_payback"],
            },
            index=pay.index,
        )
        return table

    @property
    def central(self) -> pd.DataFrame:
        """The model as entered (no shock): ``scenario, year, total_cash, funding, gap,
        cumulative_gap`` [£], the same numbers as `Model.run`."""
        rows = []
        for s in self._scenarios:
            c = self._central[s]
            rows.append(
                pd.DataFrame(
                    {
                        "scenario": s,
                        "year": self._years,
                        "total_cash": c[0],
                        "funding": self._funding[s],
                        "gap": c[1],
                        "cumulative_gap": c[2],
                    }
                )
            )
        return pd.concat(rows, ignore_index=True)

    def _check(self, measure: str, year: str | None) -> tuple[int, int]:
        if measure not in MEASURES:
            raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")
        year = self._years[-1] if year is None else year
        if year not in self._years:
            raise InputError(
                [Issue("year", repr(year), f"a year from {self._years[0]} to {self._years[-1]}")]
            )
        return MEASURES.index(measure), self._years.index(year)

    def probability(
        self, measure: str = "cumulative_gap", year: str | None = None, above: float = 0.0
    ) -> pd.Series:
        """The share of draws in which ``measure`` in ``year`` exceeds ``above`` [£].

        Parameters
        ----------
        measure : {"cumulative_gap", "gap", "total_cash"}
        year : str, optional
            The final year when omitted.
        above : float
            An amount in pounds. Exact for the ``thresholds`` given to ``simulate``
            (0 by default) and when the draws were kept; otherwise from the
            histogram, to within a fraction of a bin.

        Returns
        -------
        pandas.Series
            One probability per scenario, named ``probability``.
        """
        m, t = self._check(measure, year)
        k = m * len(self._years) + t
        values = []
        for s in self._scenarios:
            st = self._stats[s]
            if self._kept is not None and not (st.thresholds == above).any():
                values.append(float((self._kept[s][:, m, t] > above).mean()))
            else:
                values.append(float(st.above(above)[k]))
        return pd.Series(
            values, index=pd.Index(self._scenarios, name="scenario"), name="probability"
        )

    def exceedance(self, measure: str = "cumulative_gap", above: float = 0.0) -> pd.DataFrame:
        """`probability` in every year: ``scenario, year, measure, above, probability``.

        By default the chance of a cumulative shortfall (0 in the base year).
        """
        self._check(measure, None)
        chance = [self.probability(measure, y, above).to_numpy() for y in self._years]
        return pd.DataFrame(
            {
                "scenario": np.repeat(self._scenarios, len(self._years)),
                "year": np.tile(self._years, len(self._scenarios)),
                "measure": measure,
                "above": float(above),
                "probability": np.column_stack(chance).reshape(-1),  # scenario-major
            }
        )

    def summary_table(self, measure: str = "cumulative_gap", unit: str = "£m") -> pd.DataFrame:
        """One measure's statistics with years as columns, in ``unit`` (``£``, ``£000``, ``£m``)."""
        self._check(measure, None)
        p = self._percentiles
        p = p[p["measure"] == measure]
        table = (
            p.pivot_table(
                index=["scenario", "statistic"], columns="year", values="value", sort=False
            )
            / MONEY_UNITS[unit]
        )
        table.columns.name = None
        return table.reindex(
            index=pd.MultiIndex.from_product(
                [self._scenarios, STATISTICS], names=["scenario", "statistic"]
            ),
            columns=list(self._years),
        )

    def draws(self, measure: str = "cumulative_gap") -> pd.DataFrame:
        """Every draw of ``measure`` [£]: one row per draw, columns ``(scenario, year)``.

        Only when the run kept them (``simulate(..., keep_draws=True)``).
        """
        self._check(measure, None)
        if self._kept is None:
            raise ValueError("the draws were not kept: run simulate(..., keep_draws=True)")
        m = MEASURES.index(measure)
        data = np.concatenate([self._kept[s][:, m, :] for s in self._scenarios], axis=1)
        columns = pd.MultiIndex.from_product(
            [self._scenarios, self._years], names=["scenario", "year"]
        )
        return pd.DataFrame(data, columns=columns).rename_axis("draw")

    def input_draws(self) -> pd.DataFrame:
        """The value drawn for each Uncertainty row: one row per draw, a column per target."""
        if self._inputs is None:
            raise ValueError("the draws were not kept: run simulate(..., keep_draws=True)")
        columns = [u.target for u in self.model.uncertainty]
        return pd.DataFrame(np.array(self._inputs), columns=columns).rename_axis("draw")

    # -- display ---------------------------------------------------------------
    def __repr__(self) -> str:
        return (
            f"<Simulation {self.model.authority or 'model'}: {self.n_draws:,} draws, seed "
            f"{self.seed}, {len(self._scenarios)} scenario(s), {len(self.model.uncertainty)} "
            "uncertain input(s)>"
        )

    def _repr_html_(self) -> str:
        last = self._years[-1]
        table = self.summary_table("cumulative_gap", "£000")
        chance = self.probability("cumulative_gap", last)
        caption = (
            f"{self.model.authority or 'Model'}: cumulative gap, £000 cash, {self.n_draws:,} draws "
            f"(seed {self.seed})"
        )
        body = table.to_html(float_format=lambda v: f"{v:,.0f}", na_rep="", border=0)
        lines = "".join(
            f"<li>{s}: {p:.0%} chance of a cumulative shortfall by {last}</li>"
            for s, p in chance.items()
        )
        extra = ""
        if self._initiatives:
            plan = self.initiative_table("£000")
            extra = (
                "<p><strong>Net benefit by initiative, £000 cash over the projection years"
                "</strong></p>"
                + plan.to_html(
                    formatters={"pays back": "{:.0%}".format},
                    float_format=lambda v: f"{v:,.0f}",
                    na_rep="",
                    border=0,
                )
            )
        return f"<div><p><strong>{caption}</strong></p>{body}<ul>{lines}</ul>{extra}</div>"
