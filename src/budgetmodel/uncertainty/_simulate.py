"""``simulate``: many draws of the Uncertainty rows on the engine's draws axis, in chunks."""

from __future__ import annotations

import os
import sys
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, Any, NoReturn

import numpy as np
from numpy.typing import NDArray

from .._compile import CompiledModel, compile_model
from .._engine import project
from ..core.plan import net_benefit, payback_year
from ..errors import ComputationError, InputError, Issue
from ._sampling import BLOCK, Sampler
from ._shocks import MEASURES, Perturbation, initiative_net_cash, measures, parse_input
from ._simulation import InitiativeStats, Simulation
from ._stats import Accumulator

if TYPE_CHECKING:
    from .._model import Model

Array = NDArray[np.float64]

__all__ = ["simulate"]

#: Runs of more engine draws than this (draws x scenarios) show a progress bar when
#: the output is interactive.
LONG_RUN = 200_000
#: Working memory a chunk of draws may take in the engine, roughly [bytes].
CHUNK_MEMORY = 128 * 2**20
#: At most this many draws per chunk (one sampling block): the engine makes many
#: small passes over its arrays, which run fastest while a chunk's arrays stay in the
#: processor's cache, and each pass costs a little whatever its size.
MOST_DRAWS = BLOCK
#: At most this many worker threads by default (numpy's array arithmetic runs on
#: several cores at once when the arrays are large enough to release the lock).
MOST_WORKERS = 4


def _workers(workers: int | None, tasks: int) -> int:
    """Threads for ``tasks`` tasks: ``workers``, or one per core up to `MOST_WORKERS`."""
    if workers is None:
        workers = min(os.cpu_count() or 1, MOST_WORKERS)
    return max(1, min(int(workers), tasks))


def default_chunk(compiled: CompiledModel, inputs: int, *, passes: int = 2) -> int:
    """Draws per chunk: as many as fit `CHUNK_MEMORY`, 16 to `MOST_DRAWS`.

    ``passes`` is the number of projection passes per scenario (the counterfactual and
    the plan, plus one per initiative with levers when ``by_initiative``).
    """
    T = len(compiled.years)
    directs = max((s.direct.shape[1] for s in compiled.scenarios.values()), default=0)
    per_draw = (
        8
        * T
        * (
            10 * len(compiled.line_ids)
            + 6 * len(compiled.driver_ids)
            + 3 * (len(compiled.categories) + inputs)
            + 4 * directs
            + len(compiled.spec.funding)
            + 24
        )
    )
    per_draw += 8 * T * max(0, passes - 2) * (5 * len(compiled.line_ids) + 4 * len(
        compiled.driver_ids))  # fmt: skip
    return int(min(MOST_DRAWS, max(16, CHUNK_MEMORY // per_draw)))


def _whole(value: object, least: int) -> bool:
    """``value`` is a whole number (``100_000`` or ``1e5``) of at least ``least``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        return False
    return float(value).is_integer() and float(value) >= least


def _in_notebook() -> bool:
    ipython = sys.modules.get("IPython")
    shell = getattr(ipython, "get_ipython", lambda: None)() if ipython else None
    return type(shell).__name__ == "ZMQInteractiveShell"


def _progress_bar(progress: bool | None, total: int) -> Any:
    """A tqdm bar (terminal or notebook), or None when none should show."""
    if progress is None:
        stderr = sys.stderr
        interactive = bool(stderr is not None and stderr.isatty()) or _in_notebook()
        progress = total > LONG_RUN and interactive
    if not progress:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="draw", unit_scale=True, desc="simulate", leave=False)


def simulate(
    model: Model,
    draws: int = 10_000,
    seed: int | None = None,
    scenario: str | list[str] | None = None,
    *,
    chunk_size: int | None = None,
    progress: bool | None = None,
    keep_draws: bool = False,
    thresholds: tuple[float, ...] = (0.0,),
    by_initiative: bool = False,
    workers: int | None = None,
) -> Simulation:
    """Monte Carlo: ``draws`` draws of the model's Uncertainty rows, in every scenario.

    A draw takes one value per Uncertainty row and applies it to every projection
    year of every scenario (DESIGN.md, "Uncertainty"). The base year, the known
    outturn, is the same in every draw: a ``unit_cost:L`` shock changes line L's
    cost from the first projection year on, not its base-year cost. Draws run on
    the engine's draws axis, ``chunk_size`` at a time, and only streaming statistics
    are kept, so memory stays bounded whatever the number of draws.

    Parameters
    ----------
    model : Model
        With an Uncertainty sheet (with none, every draw is the model as entered).
    draws : int
        The number of draws.
    seed : int, optional
        A whole number >= 0. The same seed gives the same draws and statistics,
        whatever the chunk size; a row's draws do not change when another row is
        added. Fresh entropy when omitted (the Simulation's ``seed`` records it).
    scenario : str or list of str, optional
        Scenario names; every scenario when omitted. All scenarios share the draws.
    chunk_size : int, optional
        Draws per engine call; by default as many as fit about 128 MiB.
    progress : bool, optional
        Show a tqdm progress bar. By default one shows on runs of more than 200,000
        draws (times scenarios) when stderr is a terminal or in a notebook.
    keep_draws : bool
        Keep every draw's outcomes and input values (memory grows with ``draws``);
        see `Simulation.draws` and `Simulation.input_draws`.
    thresholds : tuple of float
        Amounts [£] at which `Simulation.probability` is exact (0 by default).
    by_initiative : bool
        Also run each included initiative's standalone pass in every draw, for the
        percentiles of its net benefit and the probability that it pays back within the
        horizon (`Simulation.initiatives`, `Simulation.payback`). Slower:
        one more pass per initiative with levers.
    workers : int, optional
        Threads that run draws at once; one per processor core (at most 4) by default.
        The draws and statistics are the same whatever the number.

    Returns
    -------
    Simulation

    Raises
    ------
    InputError
        If ``draws``, ``seed``, ``chunk_size`` or ``scenario`` is not what it should be.
    ComputationError
        If a draw gives amounts too large to hold or undefined.

    Examples
    --------
    >>> import budgetmodel as bm
    >>> from budgetmodel.uncertainty import simulate
    >>> sim = simulate(bm.load_sample(), draws=2_000, seed=1, scenario="Improvement plan")
    >>> sim.n_draws, sim.seed
    (2000, 1)
    >>> chance = sim.probability()  # of a cumulative shortfall by the final year, by scenario
    >>> print(f"{chance['Improvement plan']:.1f}")
    1.0
    """
    problems = []
    if not _whole(draws, 1):
        problems.append(Issue("draws", repr(draws), "a whole number >= 1"))
    if chunk_size is not None and not _whole(chunk_size, 1):
        problems.append(Issue("chunk_size", repr(chunk_size), "a whole number >= 1"))
    if workers is not None and not _whole(workers, 1):
        problems.append(Issue("workers", repr(workers), "a whole number >= 1, or None"))
    if seed is not None and not _whole(seed, 0):
        problems.append(Issue("seed", repr(seed), "a whole number >= 0, or None"))
    if problems:
        raise InputError(problems)
    draws = int(draws)
    names = model._select(scenario)
    compiled = compile_model(model)
    rows = list(model.uncertainty)
    shocks = [parse_input(u.target, compiled, where=f"Uncertainty[{u.target}]") for u in rows]
    perturb = {s: Perturbation(compiled, s, shocks) for s in names}
    central, funding = {}, {}
    plans: dict[str, tuple[tuple[str, ...], Accumulator, Any, Any]] = {}
    for s in names:
        a = project(compiled, compiled.scenarios[s], standalone=by_initiative)
        central[s] = np.stack([getattr(a, m)[0] for m in MEASURES])
        funding[s] = np.array(a.funding[0])
        ids = compiled.scenarios[s].initiatives
        if by_initiative and ids:
            net = initiative_net_cash(a, 1)
            plans[s] = (ids, Accumulator(len(ids)), np.zeros(len(ids), dtype=np.int64), net[0])
    sampler = Sampler(rows, None if seed is None else int(seed))
    passes = 2 + max((len(set(compiled.scenarios[s].levers.initiative.tolist())) for s in plans),
                     default=0)  # fmt: skip
    chunk = int(chunk_size or default_chunk(compiled, len(rows), passes=passes))
    T = len(compiled.years)
    accumulators = {s: Accumulator(len(MEASURES) * T, thresholds) for s in names}
    kept = {s: np.empty((draws, len(MEASURES), T)) for s in names} if keep_draws else None
    inputs = np.empty((draws, len(rows))) if keep_draws else None
    bar = _progress_bar(progress, draws * len(names))

    def work(start: int, stop: int) -> tuple[Array, dict[str, tuple[Array, Array | None]]]:
        """Draws ``start`` to ``stop - 1``: their input values, and each scenario's
        outcomes and (with ``by_initiative``) its initiatives' net cash, in chunks."""
        x = sampler.values(start, stop)
        done: dict[str, tuple[list[Array], list[Array]]] = {s: ([], []) for s in names}
        for a in range(0, stop - start, chunk):
            part = x[a : a + chunk]
            for s in names:
                p = perturb[s].project(part, standalone=s in plans)
                done[s][0].append(measures(p, len(part)))
                if s in plans:
                    done[s][1].append(np.array(initiative_net_cash(p, len(part))))
        return x, {
            s: (np.concatenate(out), np.concatenate(net) if net else None)
            for s, (out, net) in done.items()
        }

    # Draws run on worker threads a task at a time (a whole number of sampling blocks),
    # and are taken in order, so the statistics do not depend on the workers.
    task = BLOCK * -(-chunk // BLOCK)
    starts = range(0, draws, task)
    threads = _workers(workers, len(starts))
    pool = ThreadPoolExecutor(threads) if threads > 1 else None
    pending: deque[Any] = deque()
    try:
        for start in starts:
            stop = min(draws, start + task)
            pending.append(
                (
                    start,
                    stop,
                    pool.submit(work, start, stop).result if pool else partial(work, start, stop),
                )
            )
            while pending and (len(pending) > 2 * threads or start + task >= draws):
                first, last, job = pending.popleft()
                x, outcomes = job()
                if inputs is not None:
                    inputs[first:last] = x
                for s, (out, net) in outcomes.items():
                    if not np.isfinite(out).all():
                        _overflow(s, first, out, x, rows)
                    accumulators[s].add(out.reshape(last - first, -1))
                    if net is not None:
                        if not np.isfinite(net).all():
                            _overflow(s, first, net, x, rows)
                        plans[s][1].add(net_benefit(net))
                        plans[s][2][:] += (payback_year(net) > 0).sum(axis=0)
                    if kept is not None:
                        kept[s][first:last] = out
                    if bar is not None:
                        bar.update(last - first)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if bar is not None:
            bar.close()
    return Simulation(
        model,
        scenarios=names,
        years=list(compiled.years),
        seed=sampler.seed,
        stats={s: a.finish() for s, a in accumulators.items()},
        central=central,
        funding=funding,
        kept=kept,
        inputs=inputs,
        initiatives={
            s: InitiativeStats(ids, acc.finish(), paid, net)
            for s, (ids, acc, paid, net) in plans.items()
        },
        by_initiative=by_initiative,
    )


def _overflow(scenario: str, start: int, out: Any, x: Any, rows: list[Any]) -> NoReturn:
    bad = int(np.flatnonzero(~np.isfinite(out).reshape(len(out), -1).all(axis=1))[0])
    values = ", ".join(f"{u.target} = {v:.6g}" for u, v in zip(rows, x[bad], strict=True))
    raise ComputationError(
        f"Draw {start + bad} of scenario {scenario!r} gives amounts too large to hold or "
        f"undefined ({values}); check the Uncertainty ranges for extreme values."
    )
