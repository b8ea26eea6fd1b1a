"""Widgets of the Sincronizzazione area."""
