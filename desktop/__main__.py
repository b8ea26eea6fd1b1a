"""``python -m desktop`` is the same as the ``sportello`` command."""

import sys

from desktop.cli import main

sys.exit(main())
