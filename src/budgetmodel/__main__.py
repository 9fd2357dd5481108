"""``python -m budgetmodel``: the same as the ``budgetmodel`` command."""

import sys

from .cli import main

sys.exit(main())
