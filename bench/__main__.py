"""`make bench`: ``PYTHONPATH=plugins python -m bench [--quick] [--sizes …]``."""

import sys

from .run import main

sys.exit(main())
