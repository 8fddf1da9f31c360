"""Domain errors with the stable codes the MCP contract and the UI share."""

from __future__ import annotations

import redis.exceptions
import sqlalchemy.exc

DEPENDENCY_ERRORS = (
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.TimeoutError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    ConnectionError,
    TimeoutError,
)


class DomainError(Exception):
    """Base class: an expected failure with a stable ``code`` and a message for people.

    ``str()`` is ``CODE: message`` (logs, the command line); ``sentence()`` is what a person
    reads, without the code (MCP tool errors carry the code apart, in their structured part).
    """

    code = "ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def sentence(self) -> str:
        """The message as a sentence, e.g. ``Too many requests, try again in 5 s.``."""
        return as_sentence(self.message)


def as_sentence(text: str) -> str:
    """``text`` with a capital first letter and a full stop; identifiers keep their case."""
    text = " ".join(text.split())
    if not text:
        return text
    first = text.split(" ", 1)[0]
    if "_" not in first and not any(c.isupper() for c in first[1:]):
        text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


class InvalidInput(DomainError):
    """A value failed validation; ``field`` names it."""

    code = "INVALID_INPUT"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message

    def sentence(self) -> str:
        """E.g. ``The title must not be empty.`` or ``Invalid due: year must be between ….``."""
        return invalid_sentence(self.field, self.reason)


FIELD_NAMES = {
    "task_id": "The task number", "title": "The title", "description": "The description",
    "due": "The due date", "priority": "The priority", "tags": "The tags",
    "repeat": "The repeat rule", "limit": "The page size", "offset": "The offset",
    "status": "The status", "query": "The search text", "message": "The message",
    "name": "The name", "reminders": "The reminders",
}
_VERB_STARTS = ("must ", "is ", "are ", "has ", "should ")


def invalid_sentence(field: str, reason: str) -> str:
    """A person's sentence for a refused value of ``field``."""
    name = FIELD_NAMES.get(field, field)
    if reason.lower().startswith(_VERB_STARTS):
        return as_sentence(f"{name} {reason[0].lower()}{reason[1:]}")
    return as_sentence(f"Invalid {name[4:].lower() if name.startswith('The ') else name}: "
                       f"{reason}")


class TaskNotFound(DomainError):
    """No such task for this user (another user's task looks exactly the same)."""

    code = "TASK_NOT_FOUND"

    def __init__(self, task_id: int) -> None:
        super().__init__(f"Task {task_id} doesn't exist.")
        self.task_id = task_id


class StaleVersion(DomainError):
    """The task changed since the caller read it; the update was refused."""

    code = "CONFLICT"

    def __init__(self, task_id: int, current_version: int) -> None:
        super().__init__(
            f"Task {task_id} was changed elsewhere (now version {current_version}); "
            "reload it and try again."
        )
        self.task_id = task_id
        self.current_version = current_version


class Unauthorized(DomainError):
    """Missing, invalid, expired or revoked credentials."""

    code = "UNAUTHORIZED"


class RateLimited(DomainError):
    """Too many requests; ``retry_after`` seconds until the next is allowed."""

    code = "RATE_LIMITED"

    def __init__(self, retry_after: int, message: str | None = None) -> None:
        super().__init__(message or f"too many requests, try again in {retry_after} s")
        self.retry_after = retry_after


class Unavailable(DomainError):
    """A dependency (database, cache) cannot be reached; nothing changed and a retry may work."""

    code = "UNAVAILABLE"


def dependency_down(error: BaseException) -> bool:
    """Whether ``error`` means the database or the cache cannot be reached (retryable)."""
    if isinstance(error, Unavailable):
        return True
    if isinstance(error, sqlalchemy.exc.DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, DEPENDENCY_ERRORS)
