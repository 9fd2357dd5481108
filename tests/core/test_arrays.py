"""Item-by-item layout: the same values as numpy's plain operations, in the layout."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays as np_arrays

from budgetmodel.core import arrays

finite = st.floats(-1e6, 1e6, allow_nan=False)


def item_major(a: np.ndarray) -> bool:
    """Each item's (D, T) block is contiguous: the item axis has the largest stride."""
    return bool(a.strides[1] == a.shape[0] * a.shape[2] * a.itemsize)


@given(st.integers(1, 4), st.integers(1, 5), st.integers(1, 4), st.data())
def test_stack_puts_series_side_by_side(
    draws: int, n: int, years: int, data: st.DataObject
) -> None:
    series = [
        data.draw(
            np_arrays(np.float64, (data.draw(st.sampled_from([1, draws])), years), elements=finite)
        )
        for _ in range(n)
    ]
    out = arrays.stack(series, years)
    draws = max(s.shape[0] for s in series)  # as many draws as the widest series
    expected = np.stack([np.broadcast_to(s, (draws, years)) for s in series], axis=1)
    assert out.shape == (draws, n, years)
    np.testing.assert_array_equal(out, expected)
    assert item_major(out)


@given(st.integers(1, 4), st.integers(1, 5), st.integers(1, 4), st.data())
def test_widen_copies_to_many_draws(draws: int, n: int, years: int, data: st.DataObject) -> None:
    a = data.draw(np_arrays(np.float64, (1, n, years), elements=finite))
    out = arrays.widen(a, draws)
    np.testing.assert_array_equal(out, np.broadcast_to(a, (draws, n, years)))
    assert item_major(out) and out.flags.writeable
    out[0, 0, 0] = 12345.0  # a copy: the input is untouched
    assert a[0, 0, 0] != 12345.0 or a.size == 0


def test_widen_of_a_draws_by_item_array_is_a_plain_copy() -> None:
    a = np.array([[1.0, 2.0]])
    out = arrays.widen(a, 3)
    assert out.shape == (3, 2) and out.tolist() == [[1.0, 2.0]] * 3


@given(st.integers(2, 4), st.integers(1, 5), st.integers(1, 4), st.data())
def test_take_picks_items_in_either_layout(
    draws: int, n: int, years: int, data: st.DataObject
) -> None:
    a = data.draw(np_arrays(np.float64, (draws, n, years), elements=finite))
    items = np.array(data.draw(st.lists(st.integers(0, n - 1), max_size=6)), dtype=np.intp)
    for source in (a, arrays.widen(a, draws)):
        out = arrays.take(source, items)
        np.testing.assert_array_equal(out, a[:, items])
    assert item_major(arrays.take(arrays.widen(a, draws), items)) or len(items) <= 1
