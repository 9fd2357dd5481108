"""``simulate``: many draws of the Uncertainty rows on the engine's draws axis, in chunks."""

from __future__ import annotations

import sys
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, NoReturn

import numpy as np
from numpy.typing import NDArray

from .._compile import CompiledModel, ScenarioInputs, compile_model
from .._engine import project
from ..core.plan import net_benefit, payback_year
from ..errors import ComputationError, InputError, Issue
from ._memory import keep_freed_memory
from ._sampling import BLOCK, Sampler
from ._shocks import (
    MEASURES,
    Perturbation,
    initiative_net_cash,
    measures,
    parse_input,
    project_applied,
)
from ._simulation import InitiativeStats, Simulation
from ._stats import Accumulator

if TYPE_CHECKING:
    from .._model import Model

Array = NDArray[np.float64]
Applied = tuple[CompiledModel, ScenarioInputs]

__all__ = ["simulate"]

#: Runs of more engine draws than this (draws x scenarios) show a progress bar when
#: the output is interactive.
LONG_RUN = 200_000
#: Tasks whose values are drawn ahead of the engine, and that wait to be taken into the
#: statistics, at the most.
AHEAD = 3
#: Working memory a chunk of draws may take in the engine, roughly [bytes].
CHUNK_MEMORY = 128 * 2**20
#: At most this many draws per chunk (two sampling blocks): the engine makes many
#: small passes over its arrays, which run fastest while a chunk's arrays stay in the
#: processor's cache, and each pass costs a little whatever its size.
MOST_DRAWS = 2 * BLOCK


def default_chunk(compiled: CompiledModel, inputs: int, *, passes: int = 2) -> int:
    """Draws per chunk: as many as fit `CHUNK_MEMORY`, 16 to `MOST_DRAWS` (which is
    halved as often as needed, so that chunks and sampling blocks line up).

    ``passes`` is the number of projection passes per scenario (the counterfactual and
    the plan, plus one per initiative with levers when ``by_initiative``: those keep
    only the lines their levers change, at most every line twice over).
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
    per_draw += 8 * T * max(0, passes - 2) * (2 * len(compiled.line_ids) + 4 * len(
        compiled.driver_ids))  # fmt: skip
    chunk = MOST_DRAWS
    while chunk > 16 and chunk > CHUNK_MEMORY // per_draw:
        chunk //= 2
    return chunk


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
        Draws per engine call; by default as many as fit about 128 MiB, at most 8,192.
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

    def drawn_inputs(start: int, stop: int) -> tuple[Array, list[dict[str, Applied]]]:
        """Draws ``start`` to ``stop - 1``: their values, and each scenario's inputs with
        them applied, ``chunk`` draws at a time."""
        x = sampler.values(start, stop)
        return x, [
            {s: perturb[s].apply(x[a : a + chunk]) for s in names} for a in range(0, len(x), chunk)
        ]

    def outcomes(chunks: list[dict[str, Applied]]) -> dict[str, tuple[Array, Array | None]]:
        """Each scenario's outcomes of the draws and (with ``by_initiative``) its
        initiatives' net cash."""
        done: dict[str, tuple[list[Array], list[Array]]] = {s: ([], []) for s in names}
        for applied in chunks:
            for s in names:
                p = project_applied(applied[s], standalone=s in plans)
                n = p.total_cash.shape[0]
                done[s][0].append(measures(p, n))
                if s in plans:
                    done[s][1].append(np.array(initiative_net_cash(p, n)))
        return {
            s: (np.concatenate(out), np.concatenate(net) if net else None)
            for s, (out, net) in done.items()
        }

    def take(start: int, x: Array, results: dict[str, tuple[Array, Array | None]]) -> None:
        """Draws ``start`` on into the statistics, in order."""
        stop = start + len(x)
        if inputs is not None:
            inputs[start:stop] = x
        for s, (out, net) in results.items():
            if not np.isfinite(out).all():
                _overflow(s, start, out, x, rows)
            accumulators[s].add(out.reshape(len(x), -1))
            if net is not None:
                if not np.isfinite(net).all():
                    _overflow(s, start, net, x, rows)
                plans[s][1].add(net_benefit(net))
                plans[s][2][:] += (payback_year(net) > 0).sum(axis=0)
            if kept is not None:
                kept[s][start:stop] = out
            if bar is not None:
                bar.update(len(x))

    # The engine runs here, a task (whole sampling blocks) at a time; one helper thread
    # draws the next tasks' values and applies them to each scenario's inputs, and takes
    # finished tasks into the statistics, in order, so the numbers are those of a run
    # without it.
    task = BLOCK * -(-chunk // BLOCK)
    starts = range(0, draws, task)
    if len(starts) > 1:
        keep_freed_memory()
    helper = ThreadPoolExecutor(1, thread_name_prefix="simulate") if len(starts) > 1 else None
    drawn: deque[Future[tuple[Array, list[dict[str, Applied]]]]] = deque()
    taken: deque[Future[None]] = deque()
    try:
        for n, start in enumerate(starts):
            if helper is None:
                x, chunks = drawn_inputs(start, min(draws, start + task))
                take(start, x, outcomes(chunks))
                continue
            for ahead in starts[n + len(drawn) : n + AHEAD]:
                drawn.append(helper.submit(drawn_inputs, ahead, min(draws, ahead + task)))
            x, chunks = drawn.popleft().result()
            results = outcomes(chunks)
            taken.append(helper.submit(take, start, x, results))
            while taken and (taken[0].done() or len(taken) > AHEAD):
                taken.popleft().result()  # raises the first problem, in draw order
        while taken:
            taken.popleft().result()
    finally:
        if helper is not None:
            helper.shutdown(cancel_futures=True)
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
