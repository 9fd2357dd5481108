"""The hostile corpus: generated bad inputs, each with its exact expected outcome.

Cases are grouped by where the fault enters: the workbook's cells and sheets
(:mod:`.sheets`, in memory, and :mod:`.books`, as .xlsx files), the Python API
(:mod:`.api`), and the command line and its outputs (:mod:`.commands`). Each case
returns what happened (:class:`.outcome.Observed`); :mod:`tests.test_hostile_corpus`
compares it with what must happen and keeps the figures.
"""
