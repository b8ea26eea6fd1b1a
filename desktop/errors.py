"""The domain's exceptions: one hierarchy, each carrying a sentence for the user.

Every error a person may see derives from :class:`SportelloError`. Its
``user_message`` is already translated (Italian by default) and says what to do;
technical detail goes to ``str(exc)`` / the log, never personal data.
"""

from __future__ import annotations

from collections.abc import Mapping

from desktop.i18n import _


class SportelloError(Exception):
    """Base of every expected failure; ``user_message`` is shown as it is."""

    def __init__(self, user_message: str, detail: str = "") -> None:
        super().__init__(detail or user_message)
        self.user_message = user_message
        self.detail = detail


class ValidationError(SportelloError):
    """Input that cannot be accepted; ``fields`` maps a field name to its message."""

    def __init__(self, user_message: str, fields: Mapping[str, str] | None = None) -> None:
        super().__init__(user_message)
        self.fields: dict[str, str] = dict(fields or {})


class NotFoundError(SportelloError):
    """The record asked for does not exist (any more)."""


class PermissionDenied(SportelloError):
    """The logged-in operator's role does not allow this action."""


class SessionRevoked(PermissionDenied):
    """The logged-in operator's account was disabled, removed or given another role
    since the login: the open session must end (the app locks it and asks to log in)."""


class AuthenticationError(SportelloError):
    """Wrong user name or password, or a disabled account."""


class SettingsError(SportelloError):
    """The settings file cannot be read; defaults are used and the file is left alone."""


class DatabaseError(SportelloError):
    """The database cannot be used as it is; it has not been changed."""


class NotSportelloDatabase(DatabaseError):
    def __init__(self, location: str, detail: str = "") -> None:
        super().__init__(
            _("The file {location} is not a Sportello database: it has not been opened "
              "nor changed. Choose the right file or ask the centre's IT staff.").format(
                location=location),
            detail,
        )


class DatabaseTooNew(DatabaseError):
    def __init__(self, location: str, revision: str) -> None:
        super().__init__(
            _("The database {location} was written by a newer version of Sportello "
              "(schema {revision}); it has not been changed. Install the latest version "
              "of Sportello.").format(location=location, revision=revision),
            f"unknown schema revision {revision}",
        )


class DatabaseReadOnly(DatabaseError):
    def __init__(self, location: str, detail: str = "") -> None:
        super().__init__(
            _("The database {location} cannot be written (read-only file or folder): "
              "nothing has been changed. Check the permissions of the folder.").format(
                location=location),
            detail,
        )


class DiskFull(DatabaseError):
    def __init__(self, location: str, detail: str = "") -> None:
        super().__init__(
            _("The disk holding {location} is full: nothing has been changed. Free some "
              "space and try again.").format(location=location),
            detail,
        )


class DatabaseUnavailable(DatabaseError):
    def __init__(self, location: str, detail: str = "") -> None:
        super().__init__(
            _("Cannot reach the database {location}: check the network or ask the "
              "centre's IT staff. Nothing has been changed.").format(location=location),
            detail,
        )


class BackupError(SportelloError):
    """A backup or restore could not be completed; the live database is unchanged."""


class BrokenInvariant(RuntimeError):
    """A condition the code just before guarantees did not hold: a bug, not a user's mistake.

    Production code raises it instead of using ``assert`` (which ``python -O`` removes): the
    operator sees the unexpected-error message and the detail goes to the log.
    """
