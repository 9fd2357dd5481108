"""The installed version, for the results workbook, the pack and ``--version``."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

__all__ = ["__version__"]

try:
    __version__ = version("budgetmodel")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"
