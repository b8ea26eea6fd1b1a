"""Alembic migrations of the desktop database (run by desktop.services.database)."""
