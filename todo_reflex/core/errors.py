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
    """Base class: an expected failure with a stable ``code`` and a message for people."""

    code = "ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class InvalidInput(DomainError):
    """A value failed validation; ``field`` names it."""

    code = "INVALID_INPUT"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message


class TaskNotFound(DomainError):
    """No such task for this user (another user's task looks exactly the same)."""

    code = "TASK_NOT_FOUND"

    def __init__(self, task_id: int) -> None:
        super().__init__(f"task {task_id} was not found")
        self.task_id = task_id


class StaleVersion(DomainError):
    """The task changed since the caller read it; the update was refused."""

    code = "CONFLICT"

    def __init__(self, task_id: int, current_version: int) -> None:
        super().__init__(
            f"task {task_id} was changed elsewhere (now version {current_version}); "
            "reload it and try again"
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
