"""The one refusal the store's logic raises."""

from __future__ import annotations


class Rejected(Exception):
    """A mutation the server refuses (permanently: a resend gets the same answer)."""
