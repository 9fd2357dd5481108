"""simulate's checks of its arguments, the errors it reports, its progress bar, its imports."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import budgetmodel as bm
from budgetmodel.uncertainty import simulate
from budgetmodel.uncertainty._sampling import BLOCK, Sampler
from budgetmodel.uncertainty._simulate import _progress_bar

from ..conftest import hand_model
from .cases import EVERY_KIND, U


def test_draws_only_when_kept_and_bad_names_say_what_exists() -> None:
    lean = simulate(hand_model(uncertainty=EVERY_KIND[:2]), 50, seed=1)
    with pytest.raises(ValueError, match="keep_draws=True"):
        lean.draws("gap")
    with pytest.raises(ValueError, match="keep_draws=True"):
        lean.input_draws()
    with pytest.raises(ValueError, match="measure must be one of"):
        lean.probability("budget")
    with pytest.raises(bm.InputError, match="2020-21 to 2022-23"):
        lean.probability(year="2030-31")
    with pytest.raises(bm.InputError, match="a scenario name"):
        simulate(lean.model, 10, seed=1, scenario="nope")
    for bad in (0, -5, 2.5, True):
        with pytest.raises(bm.InputError, match=r"draws: found .*; expected a whole number >= 1"):
            simulate(lean.model, bad, seed=1)  # type: ignore[arg-type]
    with pytest.raises(bm.InputError, match="seed: found -1; expected a whole number >= 0"):
        simulate(lean.model, 10, seed=-1)
    with pytest.raises(bm.InputError, match="chunk_size"):
        simulate(lean.model, 10, seed=1, chunk_size=0)


def test_a_draw_that_overflows_is_reported_with_its_inputs() -> None:
    model = hand_model(uncertainty=[U("rate_change:r", "uniform", 1e200, 1e200)])
    expected = r"Draw 0 of scenario 'plan'.*rate_change:r = 1e\+200"
    with pytest.raises(bm.ComputationError, match=expected):
        simulate(model, 10, seed=1)


def test_the_first_draw_that_overflows_is_reported_whichever_block_it_is_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model = hand_model(uncertainty=[U("rate_change:r", "uniform", 0.0, 0.01)])
    drawn = Sampler.block

    def block(self: Sampler, b: int) -> np.ndarray:
        out = np.array(drawn(self, b))
        if b >= 2:  # the third block on overflows from its sixth draw
            out[5:] = 1e200
        return out

    monkeypatch.setattr(Sampler, "block", block)
    expected = rf"Draw {2 * BLOCK + 5} of scenario 'plan'.*rate_change:r = 1e\+200"
    with pytest.raises(bm.ComputationError, match=expected):
        simulate(model, 6 * BLOCK, seed=1, chunk_size=1_000)


def test_progress_bar_only_when_asked_or_long_and_interactive(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    model = hand_model(uncertainty=EVERY_KIND[:2])
    simulate(model, 500, seed=1, chunk_size=100, progress=True)
    assert "simulate" in capsys.readouterr().err
    simulate(model, 500, seed=1, progress=None)
    simulate(model, 500, seed=1, progress=False)
    assert capsys.readouterr().err == ""
    assert _progress_bar(None, 10**9) is None  # not a terminal under pytest
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert _progress_bar(None, 1_000) is None  # short
    bar = _progress_bar(None, 10**9)
    assert bar is not None
    bar.close()


def test_importing_uncertainty_loads_no_scipy_tqdm_or_matplotlib() -> None:
    code = (
        "import sys, budgetmodel.uncertainty\n"
        "print([m for m in ('scipy', 'tqdm', 'matplotlib') if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_whole_numbers_written_as_floats_are_accepted() -> None:
    model = hand_model(uncertainty=EVERY_KIND[:2])
    a = simulate(model, 1e3, seed=2.0, chunk_size=5e2)  # type: ignore[arg-type]
    b = simulate(model, 1_000, seed=2)
    assert a.n_draws == 1_000 and a.seed == 2
    pd.testing.assert_frame_equal(a.percentiles, b.percentiles, check_exact=True)
