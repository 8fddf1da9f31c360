"""``todo-admin``: the operator's command line (create users, mint tokens, migrate).

Errors are one line on stderr with a non-zero exit status, never a traceback:
1 for a refused operation (bad input, unknown user, database problem), 2 for bad usage.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

import pydantic
import sqlalchemy as sa

from todo_reflex.core.errors import DomainError, InvalidInput
from todo_reflex.core.settings import Settings, get_settings
from todo_reflex.core.tasks import DELETED_KEPT_DAYS

PROG = "todo-admin"


class CommandError(Exception):
    """A failure to report on one line."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run one ``todo-admin`` command.

    Args:
        argv: Arguments without the program name; ``sys.argv[1:]`` by default.

    Returns:
        The exit status.
    """
    logging.basicConfig(level=logging.WARNING, format=f"{PROG}: %(levelname)s: %(message)s")
    args = _parser().parse_args(argv)
    try:
        settings = get_settings()
        args.handler(args, settings)
    except (CommandError, DomainError) as error:
        return _fail(str(error))
    except pydantic.ValidationError as error:
        return _fail(f"bad configuration: {_first_error(error)}")
    except sa.exc.OperationalError as error:
        reason = str(error.orig or error).strip().splitlines()[0]
        return _fail(f"database error: {reason} (has `{PROG} migrate` been run?)")
    except sa.exc.SQLAlchemyError as error:
        return _fail(f"database error: {type(error).__name__}: {str(error).splitlines()[0]}")
    except KeyboardInterrupt:
        return _fail("interrupted", status=130)
    except Exception as error:  # noqa: BLE001 - the contract is "never a traceback"
        return _fail(f"unexpected error: {type(error).__name__}: {error}")
    return 0


def _create_user(args: argparse.Namespace, settings: Settings) -> None:
    from todo_reflex.core.db import session_scope
    from todo_reflex.core.users import register_user

    password = _read_password()
    with session_scope() as session:
        user = register_user(
            session=session,
            email=args.email,
            password=password,
            name=args.name,
            timezone=args.timezone,
        )
    print(f"created user {user.id} <{user.email}>")


def _mint_token(args: argparse.Namespace, settings: Settings) -> None:
    from todo_reflex.core.db import session_scope
    from todo_reflex.core.sessions import create_session
    from todo_reflex.core.tokens import MAX_MCP_TTL_SECONDS, issue_token
    from todo_reflex.core.users import get_user_by_email

    audience = args.audience or settings.mcp_audience
    if audience not in (settings.mcp_audience, settings.jwt_audience):
        raise InvalidInput(
            "audience", f"use {settings.mcp_audience!r} or {settings.jwt_audience!r}"
        )
    is_mcp = audience == settings.mcp_audience
    ttl = args.ttl
    if ttl is None:
        ttl = settings.mcp_token_ttl_seconds if is_mcp else settings.session_ttl_seconds
    if ttl <= 0 or (is_mcp and ttl > MAX_MCP_TTL_SECONDS):
        limit = f"1 to {MAX_MCP_TTL_SECONDS}" if is_mcp else "a positive number of"
        raise InvalidInput("ttl", f"use {limit} seconds for audience {audience!r}")
    with session_scope() as db:
        user = get_user_by_email(email=args.email, session=db)
        if user is None:
            raise CommandError(f"no user with email {args.email.strip()!r}")
        session = create_session(
            session=db,
            user_id=user.id,
            ttl_seconds=max(ttl, settings.session_ttl_seconds),
            user_agent=f"{PROG} mint-token",
        )
    print(
        issue_token(user_id=user.id, session_id=session.id, audience=audience, ttl_seconds=ttl)
    )


def _migrate(_args: argparse.Namespace, settings: Settings) -> None:
    from todo_reflex.core.migrate import upgrade

    upgrade(settings.database_url)
    shown = sa.make_url(settings.database_url).render_as_string(hide_password=True)
    print(f"database {shown} is up to date")


def _purge_deleted(args: argparse.Namespace, settings: Settings) -> None:
    from datetime import timedelta

    from todo_reflex.core.db import session_scope
    from todo_reflex.core.tasks import purge_deleted

    if args.days < 0:
        raise InvalidInput("days", "must not be negative")
    with session_scope() as session:
        purged = purge_deleted(session=session, older_than=timedelta(days=args.days))
    print(f"purged {purged} task(s) deleted more than {args.days} day(s) ago")


def _check_repeats(args: argparse.Namespace, settings: Settings) -> None:
    from todo_reflex.core.db import session_scope
    from todo_reflex.core.tasks import unbounded_repeats

    with session_scope() as session:
        found = unbounded_repeats(session=session, repair=args.repair)
    for task_id, rule, reason in found:
        print(f"task {task_id}: {rule[:80]} ({reason})")
    done = "stopped repeating" if args.repair else "found (run with --repair to stop them)"
    print(f"{len(found)} repeat rule(s) out of bounds {done}" if found else
          "every repeat rule is within bounds")
    if found and not args.repair:
        raise CommandError(f"{len(found)} repeat rule(s) out of bounds")


def _read_password() -> str:
    if sys.stdin is None:
        raise CommandError("give the password on standard input (one line)")
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass("Password: ")
    line = sys.stdin.readline()
    if not line:
        raise CommandError("give the password on standard input (one line)")
    return line.rstrip("\r\n")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Administer the AI Task Assistant (uses DATABASE_URL etc.)."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    create = commands.add_parser(
        "create-user", help="create a user; the password is read from stdin (one line)"
    )
    create.add_argument("email")
    create.add_argument("--name", default="", help="display name")
    create.add_argument("--timezone", default="UTC", help="IANA time zone, e.g. Europe/Paris")
    create.set_defaults(handler=_create_user)

    mint = commands.add_parser(
        "mint-token", help="start a session for a user and print a JWT for it"
    )
    mint.add_argument("email")
    mint.add_argument("--audience", default=None, help="todo-mcp (default) or the app audience")
    mint.add_argument("--ttl", type=int, default=None, help="lifetime in seconds (MCP: <= 300)")
    mint.set_defaults(handler=_mint_token)

    migrate = commands.add_parser("migrate", help="upgrade the database to the newest schema")
    migrate.set_defaults(handler=_migrate)

    purge = commands.add_parser(
        "purge-deleted", help="remove for good the tasks deleted longer ago than --days"
    )
    purge.add_argument(
        "--days", type=int, default=DELETED_KEPT_DAYS,
        help=f"days a deleted task stays restorable (default {DELETED_KEPT_DAYS})",
    )
    purge.set_defaults(handler=_purge_deleted)

    check = commands.add_parser(
        "check-repeats", help="report stored repeat rules out of bounds (exit 1 if any)"
    )
    check.add_argument("--repair", action="store_true",
                       help="make those tasks stop repeating (their due date stays)")
    check.set_defaults(handler=_check_repeats)
    return parser


def _first_error(error: pydantic.ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "settings"
    return f"{where}: {first.get('msg', 'invalid')}".replace("Value error, ", "")


def _fail(message: str, *, status: int = 1) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
