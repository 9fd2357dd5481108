"""The words a chart's text is made of: a `Finding`, money written the house way, per
cents and counts, and names as they read inside a sentence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .style import MINUS, unit_scale

if TYPE_CHECKING:
    from .._results import Result

__all__ = [
    "ZERO",
    "Finding",
    "amount",
    "balance",
    "capitalised",
    "fmt_count",
    "goes",
    "listed",
    "mid_sentence",
    "money",
    "moves",
    "pct",
    "source",
]

ZERO = 0.05  # of the unit: a shortfall or surplus smaller than this is "balanced"


@dataclass(frozen=True)
class Finding:
    """What a chart shows, in words.

    Attributes
    ----------
    title : str
        A short active title that states the finding (about ten words).
    takeaway : str
        One sentence for the pack, with the numbers behind the finding.
    """

    title: str
    takeaway: str


def source(result: Result, scenario: str | None = None) -> str:
    """The caption naming the source: the authority's model and the scenario shown.

    Examples
    --------
    >>> import budgetmodel as bm
    >>> source(bm.load_sample().run(), "No plan")
    "Source: budgetmodel projection for Birmingham City Council; scenario 'No plan'."
    """
    who = result.model.authority or "the model"
    shown = f"scenario '{scenario}'." if scenario else "all scenarios."
    return f"Source: budgetmodel projection for {who}; {shown}"


def money(value: float, unit: str = "£m", *, signed: bool = False) -> str:
    """Pounds written in ``unit``: ``"£13.6m"``, ``"−£3.3m"``, ``"+£4.4m"``, ``"£1,250k"``.

    Parameters
    ----------
    value : float
        An amount [£].
    unit : {"£m", "£000", "£"}
        ``"£m"`` gives one decimal place; ``"£000"`` whole thousands (``k``);
        ``"£"`` whole pounds.
    signed : bool
        Put ``+`` before amounts above zero.

    Examples
    --------
    >>> money(13_640_000), money(-3_328_453), money(4_400_000, signed=True)
    ('£13.6m', '−£3.3m', '+£4.4m')
    >>> money(1_250_400, "£000"), money(-12.4, "£")
    ('£1,250k', '−£12')
    """
    scaled = value / unit_scale(unit)
    size = abs(scaled)
    body = {"£m": f"{size:,.1f}m", "£000": f"{size:,.0f}k", "£": f"{size:,.0f}"}
    text = "£" + body[unit]
    if float(text.strip("£mk").replace(",", "")) == 0:
        return text
    if value < 0:
        return MINUS + text
    return "+" + text if signed else text


def amount(value: float, unit: str = "£m") -> str:
    """An amount as a bare number in ``unit``, for labels on a chart whose axis names the unit.

    Examples
    --------
    >>> amount(192_630_000), amount(-4_000_000), amount(1_250_400, "£000")
    ('192.6', '−4.0', '1,250')
    """
    written = money(value, unit).replace("£", "")
    return written[:-1] if written.endswith(("m", "k")) else written


def pct(value: float) -> str:
    """A signed percentage with a true minus: ``"+5.2%"``, ``"−4.8%"``."""
    text = f"{value:+.1%}"
    return text.replace("-", MINUS)


def fmt_count(value: float, *, signed: bool = False) -> str:
    """A volume: whole numbers with separators (one decimal below 10), true minus."""
    text = f"{value:+,.0f}" if signed else f"{value:,.0f}"
    if abs(value) < 10:
        text = f"{value:+,.1f}" if signed else f"{value:,.1f}"
    return text.replace("-", MINUS)


def moves(start: float, end: float, unit: str) -> str:
    """``"rises from £165.0m to £192.6m"``, ``"falls from ..."`` or ``"stays at ..."``."""
    if money(start, unit) == money(end, unit):
        return f"stays at {money(end, unit)}"
    verb = "rises" if end > start else "falls"
    return f"{verb} from {money(start, unit)} to {money(end, unit)}"


def balance(value: float, unit: str) -> str:
    """``"a £13.6m shortfall"``, ``"a £3.3m surplus"`` or ``"balanced"`` (gap > 0 = shortfall)."""
    if abs(value) < ZERO * unit_scale(unit):
        return "balanced"
    word = "shortfall" if value > 0 else "surplus"
    return f"a {money(abs(value), unit)} {word}"


def goes(start: str, end: str) -> str:
    """``"goes from 29.0 to 20.0"``, or ``"stays at 30%"`` when the two read the same."""
    return f"stays at {end}" if start == end else f"goes from {start} to {end}"


def mid_sentence(name: str) -> str:
    """A label as it reads inside a sentence: ``"Foster care"`` becomes ``"foster care"``.

    Examples
    --------
    >>> mid_sentence("Children in need"), mid_sentence("UASC"), mid_sentence("ONS")
    ('children in need', 'UASC', 'ONS')
    """
    if name[:1].isupper() and name[1:2].islower():
        return name[0].lower() + name[1:]
    return name


def capitalised(text: str) -> str:
    """``text`` with its first letter a capital: ``"early help"`` becomes ``"Early help"``."""
    return text[:1].upper() + text[1:]


def listed(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + items[-1]
