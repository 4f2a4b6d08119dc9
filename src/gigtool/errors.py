"""The one error family. The CLI turns any of these into `Error: …` and an exit code."""


class GigError(Exception):
    """Something the user can fix or should know; never shown as a traceback."""

    exit_code = 1


class InputError(GigError):
    """The user typed something gig cannot read (exit 2, like a usage error)."""

    exit_code = 2


class NotFound(InputError):
    """An id or name that does not exist."""


class Refused(GigError):
    """A well-formed request gig will not carry out (exit 1)."""


class StoreError(GigError):
    """The database cannot be opened, read or written safely."""
