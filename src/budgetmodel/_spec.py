"""The model's inputs as typed records, one record per workbook row.

Analysts build these in Python; the workbook reader produces the same records,
so both ways in meet here. Every record keeps the columns the engine ignores
(``extra``, such as ``source``) and where it came from (``where``: field or year
label to ``"Sheet!Cell"``), which is not part of its value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from typing import Any, TypeVar

from ._series import Series, SeriesLike, to_series
from ._years import MAX_HORIZON, MIN_HORIZON, format_year, parse_year, year_labels
from .core.costs import COST_PER as _COST_PER
from .core.costs import LINE_KINDS as _LINE_KINDS
from .core.costs import LINE_TYPES as _LINE_TYPES
from .core.drivers import METHODS as _METHODS
from .errors import InputError, Issue
from .vocabulary import MONEY_UNITS

__all__ = [
    "COST_PARAMETERS",
    "COST_PER",
    "DRIVER_PARAMETERS",
    "INITIATIVE_KINDS",
    "LINE_KINDS",
    "LINE_TYPES",
    "METHODS",
    "MONEY_UNITS",
    "CostAssumption",
    "CostLine",
    "Driver",
    "DriverAssumption",
    "Effect",
    "Funding",
    "Improvement",
    "InflationRate",
    "ModelSpec",
    "Outturn",
    "Override",
    "Population",
    "Scenario",
    "Uncertainty",
]

#: Driver methods and the parameters each takes (DESIGN.md, "Demand drivers").
DRIVER_PARAMETERS: dict[str, tuple[str, ...]] = {n: m.parameters for n, m in _METHODS.items()}
METHODS = tuple(DRIVER_PARAMETERS)
LINE_TYPES = tuple(_LINE_TYPES)
COST_PARAMETERS = ("caseload", "agency_share")
INITIATIVE_KINDS = ("one_off", "recurring", "saving")
LINE_KINDS = tuple(_LINE_KINDS)
COST_PER = tuple(_COST_PER)

_PARAM_FIELDS = tuple(dict.fromkeys(p for ps in DRIVER_PARAMETERS.values() for p in ps))


def _meta() -> Any:
    return field(default_factory=dict, compare=False, repr=False, kw_only=True)


def _extra() -> Any:
    return field(default_factory=dict, kw_only=True, repr=False)


@dataclass(frozen=True)
class Population:
    """A population series ``P[p, t]``, every year including the base year (a level).

    Examples
    --------
    >>> spec = ModelSpec(base_year="2013-14", horizon=2,
    ...                  populations=[Population("children_0_17", 281_019)])
    >>> spec.populations[0].values  # a level: one number fills every year
    (281019.0, 281019.0, 281019.0)
    """

    id: str
    values: SeriesLike
    name: str = ""
    extra: dict[str, Any] = _extra()
    where: dict[str, str] = _meta()


@dataclass(frozen=True)
class Driver:
    """A demand driver: an activity volume projected by one method.

    Parameters
    ----------
    id : str
    method : {"growth", "rate", "share", "stock_flow", "explicit"}
    base_volume : float
        ``V[d, 0]`` [units, e.g. children], >= 0.
    basis : str, optional
        A population id (``rate``) or a driver id (``share``).
    growth, rate_change, share, entries, exit_rate, volume : optional
        The method's parameters by projection year (a number applies to every
        projection year). A convenience: the model stores them as
        `DriverAssumption` records.

    Examples
    --------
    >>> spec = ModelSpec(base_year="2013-14", horizon=2, drivers=[
    ...     Driver("cin", "rate", 9_123, basis="children_0_17", rate_change=0.015)])
    >>> spec.driver_assumptions[0]  # the parameter becomes a DriverAssumptions row
    DriverAssumption(driver_id='cin', parameter='rate_change', values=(None, 0.015, 0.015))
    """

    id: str
    method: str
    base_volume: float
    basis: str | None = None
    name: str = ""
    unit: str = ""
    growth: SeriesLike | None = None
    rate_change: SeriesLike | None = None
    share: SeriesLike | None = None
    entries: SeriesLike | None = None
    exit_rate: SeriesLike | None = None
    volume: SeriesLike | None = None
    extra: dict[str, Any] = _extra()
    where: dict[str, str] = _meta()


@dataclass(frozen=True)
class DriverAssumption:
    """One row of ``DriverAssumptions`` (or, with a scenario, of ``Overrides``).

    Examples
    --------
    >>> spec = ModelSpec(base_year="2013-14", horizon=2, driver_assumptions=[
    ...     DriverAssumption("cla", "entries", {"2014-15": 691, "2015/16": 698})])
    >>> spec.driver_assumptions[0].values  # years by any spelling; the base year blank
    (None, 691.0, 698.0)
    """

    driver_id: str
    parameter: str
    values: SeriesLike
    extra: dict[str, Any] = _extra()
    where: dict[str, str] = _meta()


@dataclass(frozen=True)
class Override:
    """A scenario's replacement for one input series (``Overrides`` sheet): a driver's
    parameter, a staffing line's ``caseload`` or ``agency_share``, a funding row's
    ``amount``, a ``population``, or an initiative's ``one_off``, ``recurring``,
    ``saving``, ``delivery`` or ``effect`` (DESIGN.md, "Scenarios and overrides").

    Examples
    --------
    >>> Override("High demand", "cla", "entries", [935, 710]).scenario
    'High demand'
    """

    scenario: str
    target: str
    parameter: str
    values: SeriesLike
    extra: dict[str, Any] = _extra()
    where: dict[str, str] = _meta()


@dataclass(frozen=True)
class CostLine:
    """A baseline cost line.

    Parameters
    ----------
    id : str
    type : {"activity", "fixed", "staffing"}
    inflation : str
        Price category, e.g. ``"pay"``; ``"none"`` never inflates.
    driver_id : str, optional
        The volume driver (``activity``) or the cases driver (``staffing``).
    unit_cost : float, optional
        [money per unit per year] (``activity``; or give ``base_cost``).
    base_cost : float, optional
        [money per year] at base-year prices (``fixed``; ``activity`` derives
        ``unit_cost = base_cost / V[d, 0]``).
    cost_per_fte : float, optional
        [money per FTE per year] of an employed worker (``staffing``).
    agency_premium : float, optional
        [fraction] extra cost of an agency worker over an employed one; may be left
        out only when every agency share is 0.
    kind : {"expenditure", "income"}
        An income line (a grant per unaccompanied child, a health contribution) is
        computed the same way and counted negative.
    cost_per : {"year", "week", "day"}
        What ``unit_cost`` is per (``activity`` lines): a weekly price is times 365/7
        a year, a daily one times 365.
    caseload, agency_share : optional
        ``staffing`` series, base year included; stored as `CostAssumption`.

    Examples
    --------
    >>> spec = ModelSpec(base_year="2013-14", horizon=1, cost_lines=[
    ...     CostLine("social_workers", "staffing", "pay", driver_id="cin", cost_per_fte=48,
    ...              agency_premium=0.5, caseload=[29, 26], agency_share=0.3)])
    >>> [(a.parameter, a.values) for a in spec.cost_assumptions]
    [('caseload', (29.0, 26.0)), ('agency_share', (0.3, 0.3))]
    """

    id: str
    type: str
    inflation: str = "none"
    name: str = ""
    service_area: str = ""
    driver_id: str | None = None
    unit_cost: float | None = None
    base_cost: float | None = None
    cost_per_fte: float | None = None
    agency_premium: float | None = None
    caseload: SeriesLike | None = None
    agency_share: SeriesLike | None = None
    kind: str = "expenditure"
    cost_per: str = "year"
    extra: dict[str, Any] = _extra()
    where: dict[str, str] = _meta()


@dataclass(frozen=True)
class CostAssumption:
    """One row of ``CostAssumptions``: a staffing line's ``caseload`` or ``agency_share``.

    Examples
    --------
    >>> CostAssumption("social_workers", "caseload", [29, 26, 23]).parameter
    'caseload'
    """

    line_id: str
    parameter: str
    values: SeriesLike
    extra: dict[str, Any] = _extra()
    where: dict[str, str] = _meta()


@dataclass(frozen=True)
class Improvement:
    """An initiative's direct amounts of one kind, at base-year prices.

    ``saving`` amounts are entered positive and counted negative.

    Examples
    --------
    >>> spec = ModelSpec(base_year="2013-14", horizon=2, improvements=[
    ...     Improvement("mgmt_it", "one_off", [3_000, 2_000], inflation="non_pay")])
    >>> spec.improvements[0].amounts  # projection years only
    (None, 3000.0, 2000.0)
    """

    initiative_id: str
    kind: str
    amounts: SeriesLike
    name: str = ""
    service_area: str = ""
    inflation: str = "none"
    extra: dict[str, Any] = _extra()
    where: dict[str, str] = _meta()


@dataclass(frozen=True)
class Effect:
    """A lever: how an initiative changes one input of the model in the with-plan pass
    (DESIGN.md, "Improvement initiatives", the levers table).

    Parameters
    ----------
    initiative_id : str
    target : str
        A driver id, or a cost line id for ``caseload``, ``agency_share`` and
        ``unit_cost``.
    value : float
        The full strength ``v``: a fraction (``-0.10`` = 10% fewer) for a
        ``proportional`` change, points for ``points``, the level reached for
        ``level``, units (children, cases) for ``absolute``.
    phasing : number or series
        ``phi[t]`` in [0, 1] by projection year; 1 (full strength) unless given.
    parameter : str
        ``volume`` (default), ``entries``, ``exit_rate``, ``growth``, ``rate_change``,
        ``share``, ``caseload``, ``agency_share``, ``unit_cost`` or ``transfer``.
    change : str
        ``proportional``, ``absolute``, ``points`` or ``level``; blank takes the
        parameter's first change in the levers table.
    to : str
        For a ``transfer``: the driver that receives what leaves ``target``.

    Examples
    --------
    >>> spec = ModelSpec(base_year="2013-14", horizon=3,
    ...                  effects=[Effect("early_help", "cin", -0.05)])
    >>> spec.effects[0].phasing  # full effect unless phased
    (None, 1.0, 1.0, 1.0)
    >>> step_down = Effect("step_down", "residential", 33, parameter="transfer",
    ...                    change="absolute", to="fostering", phasing=[0.25, 0.75, 1])
    """

    initiative_id: str
    target: str
    value: float
    phasing: SeriesLike = 1.0
    parameter: str = "volume"
    change: str = ""
    to: str = ""
    extra: dict[str, Any] = _extra()
    where: dict[str, str] = _meta()


@dataclass(frozen=True)
class InflationRate:
    """Annual rates ``r[s, c, t]`` of one price category in one inflation scenario.

    Examples
    --------
    >>> spec = ModelSpec(base_year="2013-14", horizon=2,
    ...                  inflation=[InflationRate("2014 view", "pay", 0.01)])
    >>> spec.inflation[0].rates
    (None, 0.01, 0.01)
    """

    scenario: str
    category: str
    rates: SeriesLike
    extra: dict[str, Any] = _extra()
    where: dict[str, str] = _meta()


@dataclass(frozen=True)
class Funding:
    """A funding row: cash by year, base year included.

    Examples
    --------
    >>> spec = ModelSpec(base_year="2013-14", horizon=1,
    ...                  funding=[Funding("growth_2014", [0, 14_000])])
    >>> spec.funding[0].values
    (0.0, 14000.0)
    """

    id: str
    values: SeriesLike
    name: str = ""
    extra: dict[str, Any] = _extra()
    where: dict[str, str] = _meta()


@dataclass(frozen=True)
class Scenario:
    """A scenario: an inflation scenario and the initiatives it includes.

    ``initiatives`` is ``"all"``, ``"none"`` or a comma-separated list of ids.

    Examples
    --------
    >>> Scenario("Improvement plan", "2014 view", "early_help, mgmt_it").initiatives
    'early_help, mgmt_it'
    """

    name: str
    inflation_scenario: str
    initiatives: str = "all"
    description: str = ""
    extra: dict[str, Any] = _extra()
    where: dict[str, str] = _meta()


@dataclass(frozen=True)
class Uncertainty:
    """One uncertain input (``Uncertainty`` sheet, DESIGN.md "Uncertainty").

    Parameters
    ----------
    target : str
        ``growth:D``, ``rate_change:D``, ``exit_rate:D``, ``entries:D``,
        ``inflation:C``, ``unit_cost:L``, ``effect:I``, ``delivery:I`` or ``funding:F``.
    distribution : {"normal", "uniform", "triangular", "pert"}
    p1, p2, p3 : float
        normal: mean, sd; uniform: low, high; triangular and pert: low, mode, high.
    description : str
        Why the range is what it is.

    Examples
    --------
    >>> row = Uncertainty("entries:cla", "pert", -0.1, 0.0, 0.2,
    ...                   description="Entries 10% lower to 20% higher")
    >>> row.target.partition(":")
    ('entries', ':', 'cla')
    """

    target: str
    distribution: str
    p1: float
    p2: float | None = None
    p3: float | None = None
    description: str = ""
    extra: dict[str, Any] = _extra()
    where: dict[str, str] = _meta()


@dataclass(frozen=True)
class Outturn:
    """What one service area actually spent, by year (optional ``Outturn`` sheet).

    Cash in ``money_unit``, blank (``None``) where unknown; the back-test holds the
    projection against it (DESIGN.md, "Outturn and back-test").

    Examples
    --------
    >>> spec = ModelSpec(base_year="2013-14", horizon=2,
    ...                  outturn=[Outturn("Safeguarding", [None, None, 64_474.817])])
    >>> spec.outturn[0].values
    (None, None, 64474.817)
    """

    service_area: str
    values: SeriesLike
    extra: dict[str, Any] = _extra()
    where: dict[str, str] = _meta()


#: Uncertainty targets and what their id must name.
UNCERTAINTY_TARGETS: dict[str, str] = {
    "growth": "driver",
    "rate_change": "driver",
    "exit_rate": "driver",
    "entries": "driver",
    "inflation": "category",
    "unit_cost": "line",
    "caseload": "line",
    "agency_share": "line",
    "effect": "initiative",
    "delivery": "initiative",
    "funding": "funding",
}
DISTRIBUTIONS = ("normal", "uniform", "triangular", "pert")


# A record whose parameters may be given inline, and the assumption row each becomes.
_Owner = TypeVar("_Owner", Driver, CostLine)
_Row = TypeVar("_Row", DriverAssumption, CostAssumption)

# Series fields and whether a single number also fills the base year.
_SERIES_FIELDS: dict[type, tuple[str, bool]] = {
    Population: ("values", True),
    Funding: ("values", True),
    Improvement: ("amounts", False),
    InflationRate: ("rates", False),
    Effect: ("phasing", False),
    Outturn: ("values", True),
}


class ModelSpec:
    """Every input of a model, normalised; see `budgetmodel.Model`.

    Series become tuples with one ``float | None`` per year (``None`` = blank);
    the parameters given on `Driver` and `CostLine` become
    `DriverAssumption` and `CostAssumption` records. Money is held
    in ``money_unit`` exactly as given; the engine scales it to pounds.
    """

    def __init__(
        self,
        *,
        base_year: object,
        horizon: int = 5,
        authority: str = "",
        money_unit: str = "£",
        deflator: str = "none",
        base_budget: float | None = None,
        discount_rate: float = 0.035,
        populations: list[Population] | tuple[Population, ...] = (),
        drivers: list[Driver] | tuple[Driver, ...] = (),
        driver_assumptions: list[DriverAssumption] | tuple[DriverAssumption, ...] = (),
        cost_lines: list[CostLine] | tuple[CostLine, ...] = (),
        cost_assumptions: list[CostAssumption] | tuple[CostAssumption, ...] = (),
        improvements: list[Improvement] | tuple[Improvement, ...] = (),
        effects: list[Effect] | tuple[Effect, ...] = (),
        inflation: list[InflationRate] | tuple[InflationRate, ...] = (),
        funding: list[Funding] | tuple[Funding, ...] = (),
        scenarios: list[Scenario] | tuple[Scenario, ...] = (),
        overrides: list[Override] | tuple[Override, ...] = (),
        uncertainty: list[Uncertainty] | tuple[Uncertainty, ...] = (),
        outturn: list[Outturn] | tuple[Outturn, ...] = (),
    ) -> None:
        self.where_settings: dict[str, str] = {}
        self.settings_extra: dict[str, dict[str, Any]] = {}
        # Set by the workbook reader: the file read, and each sheet's header as typed,
        # so that a results workbook lays the input sheets out as they were.
        self.source: str | None = None
        self.sheet_columns: dict[str, list[str]] = {}
        problems: list[Issue] = []
        self._problems = problems
        self.base_year: int = self._setting("base_year", base_year, parse_year, 2000,
                                            "a financial year such as 2014-15")  # fmt: skip
        self.horizon: int = self._setting("horizon", horizon, _horizon, MIN_HORIZON,
                                          f"a whole number of years from {MIN_HORIZON} to "
                                          f"{MAX_HORIZON}")  # fmt: skip
        self.authority = authority
        self.money_unit = money_unit
        self.deflator = deflator
        self.base_budget = base_budget
        self.discount_rate = discount_rate
        norm = self._normalise
        self.populations = tuple(norm(r) for r in populations)
        self.effects = tuple(norm(r) for r in effects)
        self.improvements = tuple(norm(r) for r in improvements)
        self.inflation = tuple(norm(r) for r in inflation)
        self.funding = tuple(norm(r) for r in funding)
        self.scenarios = tuple(scenarios)
        self.overrides = tuple(self._assumption(r) for r in overrides)
        self.uncertainty = tuple(uncertainty)
        self.outturn = tuple(norm(r) for r in outturn)
        self.drivers, self.driver_assumptions = self._split(
            drivers, driver_assumptions, DriverAssumption, _PARAM_FIELDS, level=False
        )
        self.cost_lines, self.cost_assumptions = self._split(
            cost_lines, cost_assumptions, CostAssumption, COST_PARAMETERS, level=True
        )
        del self._problems
        if problems:
            raise InputError(problems)

    # -- construction helpers -------------------------------------------------
    @property
    def years(self) -> list[str]:
        """Year labels, base year first."""
        return year_labels(self.base_year, self.horizon)

    @property
    def money_scale(self) -> float:
        """Pounds per unit of `money_unit`."""
        return MONEY_UNITS[self.money_unit]

    def _setting(self, name: str, value: Any, convert: Any, fallback: Any, expected: str) -> Any:
        """A setting converted, or its problem recorded (and a stand-in returned)."""
        try:
            if isinstance(value, bool):
                raise TypeError(value)
            return convert(value)
        except (TypeError, ValueError, OverflowError, InputError):
            self._problems.append(Issue(f"Model.{name}", _shown(value), expected))
            return fallback

    def _to_series(self, value: Any, *, level: bool, at: str) -> Series:
        """One value per year; a value that is not numbers is recorded as a problem at ``at``."""
        try:
            return to_series(value, self.base_year, self.horizon, level=level)
        except (TypeError, ValueError, OverflowError, InputError) as exc:
            hint = "" if isinstance(exc, TypeError) else str(exc)
            self._problems.append(
                Issue(at, _shown(value), "a number, or one number per year", hint)
            )
            return (None,) * (self.horizon + 1)

    def _normalise(self, record: Any) -> Any:
        if type(record) not in _SERIES_FIELDS:
            return record  # the wrong kind of record: validation names it
        name, level = _SERIES_FIELDS[type(record)]
        value = self._to_series(getattr(record, name), level=level, at=_at(record, name))
        return replace(record, **{name: value})

    def _assumption(self, record: Any) -> Any:
        if not hasattr(record, "parameter") or not hasattr(record, "values"):
            return record  # the wrong kind of record: validation names it
        # An override replaces projection years only: a single number never fills the base year.
        level = record.parameter in COST_PARAMETERS and not isinstance(record, Override)
        return replace(
            record, values=self._to_series(record.values, level=level, at=_at(record, "values"))
        )

    def _split(
        self,
        records: Iterable[_Owner],
        assumptions: Iterable[_Row],
        row: Callable[[str, str, Series], _Row],
        parameters: tuple[str, ...],
        *,
        level: bool,
    ) -> tuple[tuple[_Owner, ...], tuple[_Row, ...]]:
        """Records with their parameters given inline moved to assumption rows, after
        the rows given as such (`DriverAssumption` for a `Driver`, `CostAssumption`
        for a `CostLine`)."""
        out, rows = [], [self._assumption(a) for a in assumptions]
        cleared: dict[str, Any] = dict.fromkeys(parameters)
        for r in records:
            for p in parameters:
                if getattr(r, p) is not None:
                    values = self._to_series(getattr(r, p), level=level, at=_at(r, p))
                    rows.append(row(r.id, p, values))
            out.append(replace(r, **cleared))
        return tuple(out), tuple(rows)

    # -- comparison and display -----------------------------------------------
    _SETTINGS = (
        "authority",
        "base_year",
        "horizon",
        "money_unit",
        "deflator",
        "base_budget",
        "discount_rate",
        "settings_extra",
    )
    _TABLES = (
        "populations",
        "drivers",
        "driver_assumptions",
        "cost_lines",
        "cost_assumptions",
        "improvements",
        "effects",
        "inflation",
        "funding",
        "scenarios",
        "overrides",
        "uncertainty",
        "outturn",
    )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ModelSpec):
            return NotImplemented
        return all(getattr(self, k) == getattr(other, k) for k in self._SETTINGS + self._TABLES)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={len(getattr(self, k))}" for k in self._TABLES if getattr(self, k))
        return (
            f"<{type(self).__name__} {self.authority or 'unnamed'!s} "
            f"{format_year(self.base_year)}+{self.horizon}: {counts}>"
        )

    def initiative_ids(self) -> list[str]:
        """Initiative ids in order of first appearance (Improvement, then Effects)."""
        seen: dict[str, None] = {}
        for r in self.improvements:
            seen.setdefault(r.initiative_id, None)
        for e in self.effects:
            seen.setdefault(e.initiative_id, None)
        return list(seen)

    def scenario_names(self) -> list[str]:
        """Scenario names in Scenarios order."""
        return [s.name for s in self.scenarios]


def _horizon(value: Any) -> int:
    number = float(value)
    if not number.is_integer() or not MIN_HORIZON <= number <= MAX_HORIZON:
        raise ValueError(value)
    return int(number)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _at(record: Any, name: str) -> str:
    """``Driver('cla').growth``: a record and field, as a Python user would write them."""
    values = [getattr(record, f.name) for f in fields(record)]
    key = (
        values[:2]
        if isinstance(record, (DriverAssumption, CostAssumption, Improvement))
        else values[:3]
        if isinstance(record, Override)
        else values[:1]
    )
    return f"{type(record).__name__}({', '.join(map(repr, key))}).{name}"


def record_fields(cls: type) -> list[str]:
    """The value fields of a record class (not ``extra`` or ``where``)."""
    return [f.name for f in fields(cls) if f.name not in ("extra", "where")]
