"""The public :class:`Model`: a validated set of inputs that can be run."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import BudgetModelWarning, ComputationError, InputError, Issue
from .spec import ModelSpec
from .validate import validate

if TYPE_CHECKING:
    from .uncertainty import Simulation

__all__ = ["Model"]


class Model(ModelSpec):
    """An indicative budget model: settings and records, validated on creation.

    Build one in Python from the records in :mod:`budgetmodel` (money in
    ``money_unit``, rates as fractions), or read one with
    :func:`budgetmodel.read_workbook`. Every problem is reported at once in one
    :class:`~budgetmodel.InputError`.

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

    @classmethod
    def _from_spec(cls, spec: ModelSpec) -> Model:
        """A Model from a spec already validated by the caller."""
        model = cls.__new__(cls)
        model.__dict__.update(spec.__dict__)
        return model

    def run(self, scenario: str | list[str] | None = None) -> Any:
        """Project one, several or (by default) every scenario.

        Parameters
        ----------
        scenario : str or list of str, optional
            Scenario names from Scenarios; all of them when omitted.

        Returns
        -------
        Result
        """
        from .compile import compile_model
        from .engine import project
        from .results import Result

        names = self._select(scenario)
        compiled = compile_model(self)
        with np.errstate(all="ignore"):  # overflow is caught below, by scenario
            arrays = {name: project(compiled, compiled.scenarios[name]) for name in names}
        for name, a in arrays.items():
            if not (np.isfinite(a.total_cash).all() and np.isfinite(a.bridge).all()):
                raise ComputationError(
                    f"Scenario {name!r} gives amounts too large to hold (overflow) or "
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
    ) -> Simulation:
        """Monte Carlo over the Uncertainty rows: percentiles of the total and the gap.

        See :func:`budgetmodel.uncertainty.simulate` for the parameters.

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
