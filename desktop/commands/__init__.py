"""Subcommands of ``sportello``: one module per area, each with ``register(subparsers)``."""
