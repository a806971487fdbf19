"""``python -m arena``: the deck engine's command line."""

import sys

from arena.cli import main

sys.exit(main())
