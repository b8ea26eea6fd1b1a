"""Widgets of the Incrocio area (matching)."""
