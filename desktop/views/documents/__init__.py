"""Widgets of the Documenti area: the agreement form and the print preview."""
