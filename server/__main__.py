"""``python -m server --db URL --port N`` starts the regional server;
``python -m server admin --db URL …`` creates tokens and publishes data."""

from __future__ import annotations

import sys

from server.cli import main

sys.exit(main(sys.argv[1:]))
