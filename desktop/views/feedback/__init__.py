"""Feedback views: the counter-facing rating window, the Reclami page's list and dialogs,
the Osservatorio's complaints and satisfaction tiles."""
