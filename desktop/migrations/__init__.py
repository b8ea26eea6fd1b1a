"""Alembic migrations of the desktop database (run by desktop.infra.database)."""
