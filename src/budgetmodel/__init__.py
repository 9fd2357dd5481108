"""budgetmodel: an indicative five-year budget for a council's children's social care.

Demand drivers, improvement-plan cost lines and inflation scenarios combine into
a budget by year, compared with funding. Build a `Model` in Python or read
one from a workbook, then `Model.run` it::

    import budgetmodel as bm
    model = bm.load_sample()        # Birmingham 2014
    result = model.run()
    result.summary

Importing the package loads numpy and pandas only; the Excel, plotting and
statistics libraries load when first used.
"""

from ._datasets import load_sample
from ._model import Model
from ._results import Result
from ._spec import (
    CostAssumption,
    CostLine,
    Driver,
    DriverAssumption,
    Effect,
    Funding,
    Improvement,
    InflationRate,
    Outturn,
    Override,
    Population,
    Scenario,
    Uncertainty,
)
from ._version import __version__
from .errors import BudgetModelError, BudgetModelWarning, ComputationError, InputError, Issue
from .excel.reader import read_workbook
from .excel.writer import write_workbook
from .uncertainty import Simulation, solve, tornado

__all__ = [
    "BudgetModelError",
    "BudgetModelWarning",
    "ComputationError",
    "CostAssumption",
    "CostLine",
    "Driver",
    "DriverAssumption",
    "Effect",
    "Funding",
    "Improvement",
    "InflationRate",
    "InputError",
    "Issue",
    "Model",
    "Outturn",
    "Override",
    "Population",
    "Result",
    "Scenario",
    "Simulation",
    "Uncertainty",
    "__version__",
    "load_sample",
    "read_workbook",
    "solve",
    "tornado",
    "write_workbook",
]
