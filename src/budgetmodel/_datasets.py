"""Sample models shipped with the package."""

from __future__ import annotations

from importlib.resources import as_file, files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._model import Model

__all__ = ["load_sample", "sample_path"]

_SAMPLE = "birmingham_2014.xlsx"


def sample_path() -> str:
    """Path of the Birmingham 2014 sample workbook inside the installed package."""
    resource = files("budgetmodel") / "_data" / _SAMPLE
    with as_file(resource) as path:
        return str(path)


def load_sample() -> Model:
    """The Birmingham 2014 sample: base year 2013-14, projections to 2018-19.

    Built from public DfE, ONS and council figures (each with its source in the
    workbook's ``source`` column); estimates say so.

    Returns
    -------
    Model

    Examples
    --------
    >>> import budgetmodel as bm
    >>> model = bm.load_sample()
    >>> model.authority, model.years[0], model.years[-1], model.money_unit
    ('Birmingham City Council', '2013-14', '2018-19', '£000')
    """
    from .excel.reader import read_workbook

    return read_workbook(sample_path())
