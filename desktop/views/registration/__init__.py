"""Widgets of the Accoglienza area: people table, registration form, DID, duplicates."""
