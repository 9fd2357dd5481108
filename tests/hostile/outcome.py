"""What a hostile case must do, what it did, and the corpus figures."""

from __future__ import annotations

import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import budgetmodel as bm

ACCEPTED, ENVIRONMENT, REFUSED = 0, 1, 2


@dataclass(frozen=True)
class Expect:
    """The exact outcome: exit status, the place named, a phrase of the message, and for
    an accepted input a check that the value read is the one meant."""

    status: int
    where: str | None = None
    text: str | None = None
    check: Callable[..., bool] | None = None  # called with the outcome alone


@dataclass
class Observed:
    status: int  # -1: an exception that is not a BudgetModelError escaped
    places: list[str] = field(default_factory=list)
    message: str = ""
    value: Any = None
    traceback: bool = False
    lost: list[str] = field(default_factory=list)  # files changed, lost or left behind


@dataclass(frozen=True)
class Case:
    name: str
    group: str  # sheets, books, api, cli, outputs
    run: Callable[[Path], Observed]
    expect: Expect


def observe(action: Callable[[], Any]) -> Observed:
    """Run ``action`` in process: a value is accepted, an InputError refused."""
    try:
        value = action()
    except bm.InputError as err:
        return Observed(REFUSED, [i.where for i in err.issues], str(err))
    except bm.BudgetModelError as err:
        return Observed(ENVIRONMENT, [], str(err))
    except Exception:
        return Observed(-1, [], traceback.format_exc(), traceback=True)
    return Observed(ACCEPTED, value=value)


def problems(case: Case, seen: Observed) -> list[str]:
    """Every way ``seen`` differs from what ``case`` must do (empty: as expected)."""
    want = case.expect
    out = []
    if seen.traceback or "Traceback" in seen.message:
        out.append("a traceback: " + seen.message[-600:])
    if seen.status != want.status:
        out.append(f"status {seen.status}, expected {want.status}: {seen.message[:600]}")
    if want.where is not None and want.where not in seen.places and want.where not in seen.message:
        out.append(f"{want.where} not named: {seen.places} {seen.message[:600]}")
    if want.text is not None and want.text not in seen.message:
        out.append(f"{want.text!r} not in the message: {seen.message[:600]}")
    if want.status == ACCEPTED and want.check is not None and seen.status == ACCEPTED:
        if not want.check(seen.value):
            out.append("accepted with a wrong value (silent wrong number)")
    out += [f"lost or left file: {f}" for f in seen.lost]
    return out


class Figures:
    """The corpus figures for the closing note."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def add(self, case: Case, seen: Observed, failures: list[str]) -> None:
        c = self.counts
        c["cases"] += 1
        c[f"group {case.group}"] += 1
        c[
            {ACCEPTED: "accepted-and-correct", REFUSED: "refusals", ENVIRONMENT: "environment"}[
                case.expect.status
            ]
        ] += 1
        c["tracebacks"] += seen.traceback or "Traceback" in seen.message
        c["silent wrong"] += (case.expect.status != ACCEPTED and seen.status == ACCEPTED) or any(
            "silent wrong" in f for f in failures
        )
        c["lost files"] += bool(seen.lost)
        c["failed"] += bool(failures)

    def report(self) -> str:
        keys = [
            "cases",
            "refusals",
            "accepted-and-correct",
            "environment",
            "tracebacks",
            "silent wrong",
            "lost files",
            "failed",
        ]
        groups = sorted(k for k in self.counts if k.startswith("group "))
        return ", ".join(f"{k}: {self.counts[k]}" for k in keys + groups)
