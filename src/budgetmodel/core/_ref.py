"""How a formula names its operands without knowing where they are."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["Ref", "need"]

#: ``ref(name, t)``: the cell (or range) holding operand ``name`` in year ``t``, or
#: None where the model has no such input (an absent parameter row takes its
#: default). Each definition's docstring lists the names it asks for.
Ref = Callable[[str, int], "str | None"]


def need(ref: Ref, name: str, t: int) -> str:
    """The operand's cell; a missing one is a layout fault, never a user's."""
    cell = ref(name, t)
    if cell is None:
        raise LookupError(f"the layout has no cell for {name!r} in year {t}")
    return cell
