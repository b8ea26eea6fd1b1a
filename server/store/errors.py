"""The refusals the store's logic raises (each decided before anything is changed)."""

from __future__ import annotations


class Rejected(Exception):
    """A mutation the server refuses (permanently: a resend gets the same answer)."""

    status = "rejected"


class Forbidden(Rejected):
    """The workstation's site has no authority over the record (docs: "Authority")."""

    status = "forbidden"
