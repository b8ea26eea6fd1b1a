"""Kinds of ``sportello import``: each module defines ``register(kinds)``."""
