"""``python -m todo_reflex.assistant chat --email EMAIL``: a terminal chat on the engine interface.

It signs the user in like the web app does (a session, then a fresh short-lived MCP token per
message), keeps the history and context between lines, prints reply text as it streams and
tool calls as ``[add_task] Added #12 Buy milk``. The session is signed out on exit.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING, Any, TextIO

from .base import AssistantEngine, Done, HistoryItem, TextDelta, ToolEvent, TurnInput

if TYPE_CHECKING:
    from todo_reflex.core.settings import Settings


def add_chat_parser(commands: Any) -> None:
    """Register the ``chat`` subcommand on an argparse subparsers object."""
    chat = commands.add_parser("chat", help="chat with the assistant in the terminal")
    chat.add_argument("--email", required=True, help="the user to act as")
    chat.add_argument("--engine", choices=["auto", "offline", "openai"],
                      help="override ASSISTANT_ENGINE for this chat")
    chat.set_defaults(handler=run_chat)


def run_chat(opts: argparse.Namespace, out: TextIO, stdin: TextIO | None = None) -> int:
    """Run the ``chat`` subcommand until end of input; returns the exit status."""
    from todo_reflex.core import sessions, users  # the database stack: only when chatting
    from todo_reflex.core.db import session_scope
    from todo_reflex.core.settings import get_settings

    from .factory import get_engine

    settings = get_settings()
    if opts.engine:
        settings = settings.model_copy(update={"assistant_engine": opts.engine})
    with session_scope() as db:
        user = users.get_user_by_email(email=opts.email, session=db)
        if user is None or user.id is None:
            print(f"chat: no user with email {opts.email!r}", file=sys.stderr)
            return 1
        session = sessions.create_session(session=db, user_id=user.id, user_agent="terminal chat")
    try:
        return asyncio.run(_chat(get_engine(settings), settings, user.id, user.email, session.id,
                                 user.timezone or "UTC", stdin or sys.stdin, out))
    except KeyboardInterrupt:
        return 130
    finally:
        with session_scope() as db:
            sessions.revoke_session(session_id=session.id, session=db)


async def _chat(engine: AssistantEngine, settings: Settings, user_id: int, email: str,
                session_id: str, timezone: str, stdin: TextIO, out: TextIO) -> int:
    from todo_reflex.core import tokens

    interactive = stdin.isatty()
    print(f"Chatting as {email} with the {engine.name} engine. "
          "Type a message; end with Ctrl-D.", file=out, flush=True)
    history: list[HistoryItem] = []
    context: dict[str, Any] = {}
    while True:
        if interactive:
            print("you> ", end="", file=out, flush=True)
        line = await asyncio.to_thread(stdin.readline)
        if not line:
            return 0
        message = line.strip()
        if not message:
            continue
        if not interactive:
            print(f"you> {message}", file=out)
        token = tokens.issue_mcp_token(user_id=user_id, session_id=session_id)
        turn = TurnInput(user_id=user_id, timezone=timezone, mcp_token=token, message=message,
                         history=list(history), context=context)
        done = await _print_turn(engine, turn, out)
        history += [HistoryItem("user", message), HistoryItem("assistant", done.reply)]
        context = done.context


async def _print_turn(engine: AssistantEngine, turn: TurnInput, out: TextIO) -> Done:
    """Print one turn as it streams (tool calls on their own lines) and return its ``Done``."""
    in_text = False  # inside a line of reply text
    started = False  # the "assistant> " prefix was printed
    async for event in engine.respond(turn):
        if isinstance(event, ToolEvent):
            print(("\n" if in_text else "") + f"[{event.tool}] {event.summary}", file=out,
                  flush=True)
            in_text = False
        elif isinstance(event, TextDelta):
            text = event.text if started else "assistant> " + event.text.lstrip()
            started = True
            print(text, end="", file=out, flush=True)
            in_text = not text.endswith("\n")
        elif isinstance(event, Done):
            print("\n" if in_text else "", end="", file=out, flush=True)
            return event
    raise RuntimeError("the engine ended a turn without Done")
