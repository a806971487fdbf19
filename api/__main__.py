"""``python -m api``: serve the API (see ``api.serve``)."""

import sys

from api.serve import main

sys.exit(main())
