"""Domain errors. Each carries a one-line message fit to show a user as is."""

from __future__ import annotations


class ReadlistError(Exception):
    """Base of every error readlist reports to the user without a traceback."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(ReadlistError):
    """The user asked for something malformed (bad rating, state, query, option)."""

    exit_code = 2


class NotFoundError(ReadlistError):
    """A TARGET names no paper in the library."""


class ImportFailed(ReadlistError):
    """A source could not be read or parsed at all."""


class LibraryError(ReadlistError):
    """The library on disk is unreadable, locked for too long, or inconsistent."""

    exit_code = 3


class NetworkError(ReadlistError):
    """A network request failed (DNS, connection, timeout, HTTP error, garbage answer)."""
