"""Use cases. Each owns its transaction and returns frozen dataclasses. No Qt here."""
