"""One pass of a scenario's projection: the drivers and the cost lines with a set of
levers (none, every one, or one initiative's), in DESIGN.md's order.

A pass holds no arithmetic of its own: every number comes from a definition in
`budgetmodel.core`. It keeps every row the results workbook shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from ._compile import CompiledModel, ScenarioInputs
from .core import arrays, money
from .core import levers as lv
from .core.costs import Activity, Fixed, Staffing
from .core.drivers import METHODS, Inputs, share_path

Array = NDArray[np.float64]

__all__ = ["Breach", "Pass", "PassArrays"]


@dataclass(frozen=True)
class Breach:
    """A with-plan value outside its range: lever row ``row`` (position in
    ``ModelSpec.effects``), year position ``t``, the value and what was expected."""

    row: int
    t: int
    value: float
    expected: str


@dataclass(frozen=True)
class PassArrays:
    """One pass of the projection; draws first, years last."""

    rows: list[dict[str, Array]]  # per driver: the method's rows, and levered parameters
    line_base_price: Array  # (D, L, T) K at base-year prices (£), income negative
    fte: Array  # (D, Ls, T) staffing lines' full-time equivalents
    caseload: Array  # (D, Ls, T)
    agency_share: Array  # (D, Ls, T)
    price_factor: Array  # (D or 1, L, T) each line's prod(1 + s) over its unit_cost levers
    #: lever row (position in the scenario's levers) -> what it left: a staffing row's
    #: series after it, a transfer's amount moved; transfers in the order applied
    after: dict[int, Array] = field(default_factory=dict)
    transfers: list[int] = field(default_factory=list)
    breaches: list[Breach] = field(default_factory=list)

    @cached_property
    def volume(self) -> Array:
        """(D, Nd, T) costed volume, after the pass's levers and transfers."""
        return arrays.stack([r["volume"] for r in self.rows], self.fte.shape[-1])

    @cached_property
    def stock(self) -> Array:
        """(D, Nd, T) at year end (31 March)."""
        return arrays.stack([r["stock"] for r in self.rows], self.fte.shape[-1])


class Pass:
    """One pass over the drivers and lines with the levers in ``active`` (sheet order)."""

    def __init__(
        self,
        model: CompiledModel,
        inputs: ScenarioInputs,
        active: list[int],
        *,
        check: bool,
        base: PassArrays | None = None,
    ) -> None:
        self.m, self.x, self.levers = model, inputs, inputs.levers
        self.active = active
        self.base = base  # a pass whose rows stand for every driver the levers leave alone
        self.check = check
        self.breaches: list[Breach] = []
        self.after: dict[int, Array] = {}
        self.applied: list[int] = []
        self._index()

    def rows_on(self, parameter: str, *, driver: int = -1, line: int = -1) -> list[int]:
        """The active rows on ``parameter`` of a driver, of a line, or of any target."""
        if driver < 0 and line < 0:
            return self._by_parameter.get(parameter, [])
        return self._by_target.get((parameter, driver, line), [])

    def _index(self) -> None:
        L = self.levers
        self._by_parameter: dict[str, list[int]] = {}
        self._by_target: dict[tuple[str, int, int], list[int]] = {}
        for k in self.active:
            self._by_parameter.setdefault(L.parameter[k], []).append(k)
            key = (L.parameter[k], int(L.driver[k]), int(L.line[k]))
            self._by_target.setdefault(key, []).append(k)

    def lines_with(self, parameter: str) -> list[int]:
        """The lines with active rows on ``parameter``, in line order."""
        return sorted({int(self.levers.line[k]) for k in self.rows_on(parameter)})

    def combined(self, x: Array, ks: list[int]) -> Array:
        L = self.levers
        return lv.combine(x, [L.change[k] for k in ks], [L.strength(k) for k in ks])

    def bound(
        self,
        ks: list[int],
        values: Array,
        low: float,
        high: float,
        what: str,
        *,
        open_low: bool = False,
    ) -> None:
        """Record a breach of ``[low, high]`` (``(low, high]`` with ``open_low``) by the
        last of the rows ``ks``; only in the with-plan pass."""
        if not self.check or not ks:
            return
        tiny = 1e-12  # rounding in a transfer or a level row is not a breach
        below = values <= low if open_low else values < low - tiny
        bad = below | (values > high + tiny)
        if bad.any():
            t = int(np.argwhere(bad.reshape(-1, bad.shape[-1]))[0, 1])
            value = float(values.reshape(-1, values.shape[-1])[0, t])
            self.breaches.append(Breach(int(self.levers.rows[ks[-1]]), t, value, what))

    def affected(self) -> set[int]:
        """The drivers this pass's levers change: their targets, and every driver that
        reads one of them."""
        m, L = self.m, self.levers
        out = {int(L.driver[k]) for k in self.active} | {int(L.to[k]) for k in self.active}
        out.discard(-1)
        for i in m.order:
            reads = {m.basis[i]} if METHODS[m.methods[i]].basis == "driver" else set()
            if (reads | set(m.bases[i])) & out:
                out.add(i)
        return out

    def lines_changed(self) -> list[int]:
        """The lines whose costs this pass's levers can change: the lines they target,
        and the lines costed on a driver they change (`affected`)."""
        m, L = self.m, self.levers
        drivers = self.affected()
        out = {int(L.line[k]) for k in self.active} - {-1}
        for lines, by in (
            (m.activity_lines, m.activity_driver),
            (m.staffing_lines, m.staffing_driver),
        ):
            out |= {int(li) for li, d in zip(lines, by, strict=True) if int(d) in drivers}
        return sorted(out)

    def drivers(self) -> list[dict[str, Array]]:
        m, x, L = self.m, self.x, self.levers
        T = len(m.years)
        rows: list[dict[str, Array]] = [{} for _ in m.driver_ids]
        done: set[int] = set()
        transfers = self.rows_on("transfer")
        applied: set[int] = set()
        changed = self.affected() if self.base is not None else None
        for i in m.order:
            if changed is not None and self.base is not None and i not in changed:
                rows[i] = self.base.rows[i]
                done.add(i)
                continue
            method, b = METHODS[m.methods[i]], m.basis[i]
            reads_driver = method.basis == "driver" and b >= 0
            basis = rows[b]["volume"] if reads_driver else None
            params = dict(x.params[i])
            shown: dict[str, Array] = {}
            for p in lv.ADDED_PARAMETERS:
                ks = self.rows_on(p, driver=i)
                if ks:
                    params[p] = shown[f"param:{p}"] = self.combined(params[p], ks)
            self.bound(
                self.rows_on("exit_rate", driver=i),
                params.get("exit_rate", np.zeros(T)),
                0.0,
                1.0,
                "an exit rate in [0, 1]",
            )
            ks = self.rows_on("entries", driver=i)
            if ks:
                entries = basis if basis is not None else params["entries"]
                params["entries"] = shown["param:entries"] = self.combined(entries, ks)
                basis = None
            ks = self.rows_on("share", driver=i)
            if ks:
                held = share_path(float(m.base_volume[i]), float(m.base_volume[b]), params["share"])
                params["share"] = shown["param:share"] = self.combined(held, ks)
                self.bound(ks, params["share"], 0.0, 1.0, "a share in [0, 1]")
            out = method.project(
                Inputs(
                    float(m.base_volume[i]),
                    params,
                    basis=basis,
                    bases=tuple(rows[q]["volume"] for q in m.bases[i]),
                    basis_base_volume=float(m.base_volume[b]) if reads_driver else 0.0,
                    population=x.populations[b] if method.basis == "population" else None,
                )
            )
            out["projected"] = out["volume"]  # before the volume levers and transfers
            ks = self.rows_on("volume", driver=i)
            if ks:
                out["volume"] = self.combined(out["volume"], ks)
                out["stock"] = self.combined(out["stock"], ks)
            rows[i] = {**out, **shown}
            done.add(i)
            for k in transfers:
                a, to = int(L.driver[k]), int(L.to[k])
                if k in applied or a not in done or to not in done:
                    continue
                applied.add(k)
                self.applied.append(k)
                moved = self.after[k] = lv.moved(L.change[k], L.strength(k), rows[a]["volume"])
                for key in ("volume", "stock"):
                    rows[a][key] = rows[a][key] - moved
                    rows[to][key] = rows[to][key] + moved
        for i in range(len(m.driver_ids)):
            mine = [k for k in self.active if i in (int(L.driver[k]), int(L.to[k]))]
            for key in ("volume", "stock"):
                self.bound(mine, rows[i][key], 0.0, np.inf, f"a {key} at or above 0")
        return rows

    def staffing(self, series: Array, parameter: str) -> Array:
        """A staffing series with this pass's rows applied, line by line in sheet order."""
        L = self.levers
        out = np.array(series, dtype=np.float64, copy=True)
        position = {int(li): j for j, li in enumerate(self.m.staffing_lines)}
        for li in self.lines_with(parameter):
            j, ks = position[li], self.rows_on(parameter, line=li)
            draws = max(out.shape[0], L.value.shape[0], L.phasing.shape[0])
            out = arrays.widen(out, draws)
            for k in ks:
                out[:, j] = lv.step(out[:, j], L.change[k], L.value[:, k, None], L.phasing[:, k])
                self.after[k] = out[:, j].copy()
            if parameter == "caseload":
                self.bound(ks, out[:, j], 0.0, np.inf, "a caseload above 0", open_low=True)
            else:
                self.bound(ks, out[:, j], 0.0, 1.0, "an agency share in [0, 1]")
        return out

    def price_factor(self) -> Array | None:
        """Each line's ``prod(1 + s)`` over this pass's ``unit_cost`` rows: ``(D, L, T)``;
        None when the pass has no ``unit_cost`` row (every factor 1)."""
        T = len(self.m.years)
        levered = {
            li: self.combined(np.ones((1, T)), self.rows_on("unit_cost", line=li))
            for li in self.lines_with("unit_cost")
        }
        if not levered:
            return None
        draws = max((f.shape[0] for f in levered.values()), default=1)
        factor = np.ones((draws, len(self.m.line_ids), T))
        for li, f in levered.items():
            factor[:, li] = f
        return factor

    def run(self) -> PassArrays:
        m, x = self.m, self.x
        rows = self.drivers()
        caseload = self.staffing(x.caseload, "caseload")
        agency = self.staffing(x.agency_share, "agency_share")
        factor = self.price_factor()
        every = np.arange(len(m.line_ids))
        k, fte = self.costs(rows, caseload, agency, factor, every)
        return PassArrays(
            rows=rows,
            line_base_price=k,
            fte=fte,
            caseload=caseload,
            agency_share=agency,
            price_factor=np.ones((1, len(m.line_ids), len(m.years))) if factor is None else factor,
            after=self.after,
            transfers=self.applied,
            breaches=self.breaches,
        )

    def changed_costs(self) -> tuple[NDArray[np.intp], Array]:
        """`lines_changed` and their costs in this pass, ``(D, n, T)``: what a Monte
        Carlo run needs of a standalone pass, without the lines it leaves alone."""
        x = self.x
        lines = np.array(self.lines_changed(), dtype=np.intp)
        rows = self.drivers()
        caseload = self.staffing(x.caseload, "caseload")
        agency = self.staffing(x.agency_share, "agency_share")
        return lines, self.costs(rows, caseload, agency, self.price_factor(), lines)[0]

    def costs(
        self,
        rows: list[dict[str, Array]],
        caseload: Array,
        agency: Array,
        factor: Array | None,
        lines: NDArray[np.intp],
    ) -> tuple[Array, Array]:
        """``lines``' costs at base-year prices as they count (``(D, n, T)``, income
        negative) and every staffing line's FTE (``(D, Ls, T)``)."""
        m, x = self.m, self.x
        T = len(m.years)
        draws = max([x.draws, caseload.shape[0], agency.shape[0]] +
                    [r["volume"].shape[0] for r in rows])  # fmt: skip
        if factor is not None:
            draws = max(draws, factor.shape[0])
        row = np.full(len(m.line_ids), -1)
        row[lines] = np.arange(len(lines))
        # Lines first in memory, so that each line's costs are one contiguous block.
        k = np.empty((len(lines), draws, T))
        for j, (li, d) in enumerate(zip(m.activity_lines, m.activity_driver, strict=True)):
            if row[li] >= 0:
                k[row[li]] = Activity.cost(rows[d]["volume"], x.unit_cost[:, j])
        on = row[m.fixed_lines] >= 0
        k[row[m.fixed_lines[on]]] = Fixed.cost(x.fixed_cost.T[on], T)
        cases = arrays.stack([rows[d]["volume"] for d in m.staffing_driver], T)
        fte = Staffing.fte(cases, caseload)
        on = row[m.staffing_lines] >= 0
        k[row[m.staffing_lines[on]]] = Staffing.cost(
            fte.transpose(1, 0, 2)[on],
            x.cost_per_fte.T[on],
            agency.transpose(1, 0, 2)[on],
            m.agency_premium[on, None],
        )
        if factor is not None:
            k *= arrays.take(factor, lines).transpose(1, 0, 2)
        # Income lines count negative; an expenditure line's sign (1) changes nothing.
        income = np.flatnonzero(m.line_sign[lines] != 1.0)
        k[income] = money.counted(
            k[income].transpose(1, 0, 2), m.line_sign[lines][income]
        ).transpose(1, 0, 2)
        return k.transpose(1, 0, 2), fte
