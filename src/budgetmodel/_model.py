"""The public `Model`: a validated set of inputs that can be run."""

from __future__ import annotations

import dataclasses
import warnings
from dataclasses import fields
from typing import TYPE_CHECKING, Any

import numpy as np

from ._spec import (
    CostAssumption,
    CostLine,
    Driver,
    DriverAssumption,
    Effect,
    Funding,
    Improvement,
    InflationRate,
    ModelSpec,
    Outturn,
    Override,
    Population,
    Scenario,
    Uncertainty,
)
from ._validate import validate, where
from .errors import BudgetModelWarning, ComputationError, InputError, Issue

if TYPE_CHECKING:
    from ._results import Result
    from .uncertainty import Simulation

__all__ = ["Model"]


class Model(ModelSpec):
    """An indicative budget model: settings and records, validated on creation.

    Build one in Python from the records in `budgetmodel` (money in
    ``money_unit``, rates as fractions), or read one with
    `budgetmodel.read_workbook`. Every problem is reported at once in one
    `InputError`.

    Examples
    --------
    >>> import budgetmodel as bm
    >>> model = bm.Model(
    ...     base_year="2023-24", horizon=2, authority="Anytown",
    ...     populations=[bm.Population("children", [1000, 1010, 1020])],
    ...     drivers=[bm.Driver("cla", "rate", 50, basis="children")],
    ...     cost_lines=[bm.CostLine("placements", "activity", "prices", driver_id="cla",
    ...                             unit_cost=50_000)],
    ...     inflation=[bm.InflationRate("central", "prices", 0.02)],
    ...     funding=[bm.Funding("budget", 2_500_000)],
    ...     scenarios=[bm.Scenario("central", "central")],
    ... )
    >>> result = model.run()
    >>> result.summary["total_cash"].round(2).tolist()
    [2500000.0, 2575500.0, 2653020.0]
    """

    def __init__(self, **settings_and_records: Any) -> None:
        super().__init__(**settings_and_records)
        issues = validate(self)
        if issues:
            raise InputError(issues)
        self.__dict__["_sealed"] = True

    @classmethod
    def _from_spec(cls, spec: ModelSpec) -> Model:
        """A Model from a spec already validated by the caller."""
        model = cls.__new__(cls)
        model.__dict__.update(spec.__dict__)
        model.__dict__["_sealed"] = True
        return model

    def __setattr__(self, name: str, value: Any) -> None:
        # Where the model was read from is a note about it, not part of it: the reader
        # records it once. Everything else is fixed once the model is validated.
        sealed = self.__dict__.get("_sealed", False)
        if sealed and not (name == "source" and self.__dict__.get("source") is None):
            raise AttributeError(
                f"A Model does not change once validated, so {name!r} cannot be set. "
                f"Use model.replace({name}=...) for a changed, validated copy, or "
                "model.replace_record(record) to change one record."
            )
        super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        if self.__dict__.get("_sealed", False):
            raise AttributeError(f"A Model does not change once validated; {name!r} stays.")
        super().__delattr__(name)

    def _arguments(self) -> dict[str, Any]:
        """The keyword arguments that build this model again."""
        settings = (
            "base_year",
            "horizon",
            "authority",
            "money_unit",
            "deflator",
            "base_budget",
            "discount_rate",
        )
        out = {k: getattr(self, k) for k in settings}
        out.update({k: list(getattr(self, k)) for k in self._TABLES})
        return out

    def replace(self, **changes: Any) -> Model:
        """A copy with ``changes`` (settings or whole tables), validated as new.

        Parameters
        ----------
        **changes
            Any argument of `Model`: ``horizon=3``, ``funding=[...]``, ...

        Returns
        -------
        Model
            A new model; this one is unchanged.

        Raises
        ------
        InputError
            If the changed model is not valid (every problem listed).

        Examples
        --------
        >>> import budgetmodel as bm
        >>> model = bm.load_sample()
        >>> shorter = model.replace(horizon=3)
        >>> shorter.horizon, model.horizon
        (3, 5)
        """
        unknown = sorted(set(changes) - set(self._arguments()))
        if unknown:
            raise InputError(
                Issue(f"Model.replace({u}=...)", repr(u), "an argument of Model") for u in unknown
            )
        arguments = {**self._arguments(), **changes}
        horizon_changed = arguments["horizon"] != self.horizon
        if horizon_changed or arguments["base_year"] != self.base_year:
            # Series keep their year labels; a longer horizon leaves new years blank.
            arguments.update(_relabel(self, arguments))
        model = type(self).__new__(type(self))
        ModelSpec.__init__(model, **arguments)
        for meta in ("where_settings", "settings_extra", "sheet_columns", "source"):
            model.__dict__[meta] = self.__dict__.get(meta)
        issues = validate(model)
        if issues:
            raise InputError(issues)
        model.__dict__["_sealed"] = True
        return model

    def replace_record(self, record: Any) -> Model:
        """A copy in which ``record`` takes the place of the record with the same key
        in its table (or is added, if there is none), validated as new.

        The key is the record's id, or for assumption rows the id and parameter
        (``DriverAssumption("cin", "rate_change", ...)`` replaces that row).

        Examples
        --------
        >>> import budgetmodel as bm
        >>> model = bm.load_sample()
        >>> faster = model.replace_record(bm.DriverAssumption("cin", "rate_change", 0.02))
        >>> [a.values[1] for a in faster.driver_assumptions
        ...  if (a.driver_id, a.parameter) == ("cin", "rate_change")]
        [0.02]
        """
        table = _TABLE_OF.get(type(record))
        if table is None:
            raise InputError(
                [
                    Issue(
                        "Model.replace_record",
                        type(record).__name__,
                        "a record such as Driver, DriverAssumption or CostLine",
                    )
                ]
            )
        key = _KEYS[table]
        mine = tuple(getattr(record, k) for k in key)
        rows = list(getattr(self, table))
        at = [i for i, r in enumerate(rows) if tuple(getattr(r, k) for k in key) == mine]
        if at:
            rows[at[0]] = record
        else:
            rows.append(record)
        return self.replace(**{table: rows})

    def run(self, scenario: str | list[str] | None = None) -> Result:
        """Project one, several or (by default) every scenario.

        Parameters
        ----------
        scenario : str or list of str, optional
            Scenario names from Scenarios; all of them when omitted.

        Returns
        -------
        Result
        """
        from ._compile import compile_model
        from ._engine import project
        from ._results import Result

        names = self._select(scenario)
        compiled = compile_model(self)
        with np.errstate(all="ignore"):  # overflow is caught below, by scenario
            arrays = {name: project(compiled, compiled.scenarios[name]) for name in names}
        breaches = [
            Issue(
                where(self.effects[b.row], compiled.years[b.t]),
                _number(b.value),
                f"{b.expected} with the plan in {compiled.years[b.t]} (scenario {name!r})",
                "The initiative's lever takes the value out of its range; change its value "
                "or phasing.",
            )
            for name, a in arrays.items()
            for b in a.with_plan.breaches
        ]
        if breaches:
            raise InputError(breaches)
        for name, a in arrays.items():
            problem = _first_non_finite(compiled, a)
            if problem:
                raise ComputationError(
                    f"Scenario {name!r} gives {problem} too large to hold (overflow) or "
                    "undefined; check growth rates, unit costs and volumes for extreme values."
                )
        result = Result(self, compiled, arrays)
        self._check_base_budget(result)
        return result

    def simulate(
        self,
        draws: int = 10_000,
        seed: int | None = None,
        scenario: str | list[str] | None = None,
        *,
        chunk_size: int | None = None,
        progress: bool | None = None,
        keep_draws: bool = False,
        thresholds: tuple[float, ...] = (0.0,),
        by_initiative: bool = False,
    ) -> Simulation:
        """Monte Carlo over the Uncertainty rows: percentiles of the total and the gap.

        See `budgetmodel.uncertainty.simulate` for the parameters.

        Returns
        -------
        Simulation

        Examples
        --------
        >>> import budgetmodel as bm
        >>> sim = bm.load_sample().simulate(draws=1_000, seed=1, scenario="Improvement plan")
        >>> sim.n_draws, list(sim.percentiles.columns)
        (1000, ['scenario', 'year', 'measure', 'statistic', 'value'])
        """
        from .uncertainty import simulate

        return simulate(
            self,
            draws,
            seed,
            scenario,
            chunk_size=chunk_size,
            progress=progress,
            keep_draws=keep_draws,
            thresholds=thresholds,
            by_initiative=by_initiative,
        )

    def _select(self, scenario: str | list[str] | None) -> list[str]:
        known = self.scenario_names()
        if scenario is None:
            return known
        wanted = [scenario] if isinstance(scenario, str) else list(scenario)
        unknown = [s for s in wanted if s not in known]
        if unknown:
            raise InputError(
                Issue("Scenarios", repr(u), "a scenario name: " + ", ".join(map(repr, known)))
                for u in unknown
            )
        return [s for s in known if s in wanted]

    def _check_base_budget(self, result: Any) -> None:
        if self.base_budget is None or not result.scenarios:
            return
        check = result.checks.iloc[0]
        if check["status"] == "warning":
            warnings.warn(
                "The base-year cost lines do not reconcile to the declared base_budget within "
                f"0.5%: {check['detail']}.",
                BudgetModelWarning,
                stacklevel=3,
            )


_TABLE_OF: dict[type, str] = {
    Population: "populations",
    Driver: "drivers",
    DriverAssumption: "driver_assumptions",
    CostLine: "cost_lines",
    CostAssumption: "cost_assumptions",
    Improvement: "improvements",
    Effect: "effects",
    InflationRate: "inflation",
    Funding: "funding",
    Scenario: "scenarios",
    Override: "overrides",
    Uncertainty: "uncertainty",
    Outturn: "outturn",
}
_KEYS: dict[str, tuple[str, ...]] = {
    "populations": ("id",),
    "drivers": ("id",),
    "driver_assumptions": ("driver_id", "parameter"),
    "cost_lines": ("id",),
    "cost_assumptions": ("line_id", "parameter"),
    "improvements": ("initiative_id", "kind"),
    "effects": ("initiative_id", "target", "parameter"),
    "inflation": ("scenario", "category"),
    "funding": ("id",),
    "scenarios": ("name",),
    "overrides": ("scenario", "target", "parameter"),
    "uncertainty": ("target",),
    "outturn": ("service_area",),
}


def _number(value: float) -> str:
    return f"{value:.6g}"


def _first_non_finite(compiled: Any, a: Any) -> str:
    """A reader's name for the first non-finite number of a scenario's arrays, or ""."""
    years = compiled.years
    for p in (a.counterfactual, a.with_plan, *a.standalone.values()):
        if np.isfinite(p.volume).all() and np.isfinite(p.line_base_price).all():
            continue
        for ids, values, what in (
            (compiled.driver_ids, p.volume, "a volume for driver"),
            (compiled.line_ids, p.line_base_price, "a cost for line"),
        ):
            bad = ~np.isfinite(values).all(axis=0)  # (items, T)
            if bad.any():
                item, t = np.argwhere(bad)[0]
                return f"{what} {ids[int(item)]!r} in {years[int(t)]}"
    for name in (
        "line_cash",
        "direct_cash",
        "total_cash",
        "total_real",
        "funding",
        "gap",
        "cumulative_gap",
        "bridge",
        "plan_effects_cash",
        "interaction_cash",
    ):
        if not np.isfinite(getattr(a, name)).all():
            return f"an amount ({name.replace('_', ' ')})"
    return ""


def _relabel(model: Model, arguments: dict[str, Any]) -> dict[str, Any]:
    """Every series of ``model`` as a mapping from year label to value, so that a new
    base year or horizon keeps each value in its year."""
    years = model.years
    out: dict[str, Any] = {}
    for table in model._TABLES:
        rows = []
        for r in arguments[table]:
            changes = {
                f.name: dict(zip(years, getattr(r, f.name), strict=True))
                for f in fields(r)
                if isinstance(getattr(r, f.name), tuple) and len(getattr(r, f.name)) == len(years)
            }
            rows.append(_replace(r, changes))
        out[table] = rows
    return out


def _replace(record: Any, changes: dict[str, Any]) -> Any:
    return dataclasses.replace(record, **changes)
