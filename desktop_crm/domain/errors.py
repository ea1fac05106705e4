"""Errors raised by domain rules and services, naming the field at fault."""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a message for translation without translating it (the UI translates at display)."""
    return message


class CrmError(Exception):
    """Base of every error the application reports to its user."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


class ValidationError(CrmError):
    """Input that cannot be stored; ``field`` names the form field to flag."""

    def __init__(self, field: str, message: str, **params: object) -> None:
        super().__init__(message, **params)
        self.field = field

    def __str__(self) -> str:
        return f"{self.field}: {self.message.format(**self.params)}"


class NotFoundError(CrmError):
    """A record that was asked for does not exist (any more)."""
