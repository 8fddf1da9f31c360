"""Command line: ``python -m todo_reflex.assistant plan ...`` (and, later, ``chat``).

``plan --cases FILE`` reads the JSONL evaluation format (text, now, tz, tasks, context) and
prints one ``{"id", "calls", "needs", "reply"}`` line per case; ``plan "text"`` plans one message.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TextIO

from .engines.chat_cli import add_chat_parser
from .planner import plan_message


def _plan_case(case: dict[str, Any]) -> dict[str, Any]:
    now = datetime.fromisoformat(str(case.get("now") or datetime.now(UTC).isoformat()))
    plan = plan_message(str(case.get("text", "")), now=now, tz=str(case.get("tz") or "UTC"),
                        tasks=case.get("tasks") or [], context=case.get("context"))
    return {"id": case.get("id"), **plan.to_dict()}


def run_plan(opts: argparse.Namespace, out: TextIO) -> int:
    """Run the ``plan`` subcommand; returns the exit status."""
    if opts.cases:
        with open(opts.cases, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    print(json.dumps(_plan_case(json.loads(line))), file=out)
        return 0
    if opts.text is None:
        print("plan: give a message or --cases FILE", file=sys.stderr)
        return 2
    tasks: list[dict[str, Any]] = []
    if opts.tasks:
        with open(opts.tasks, encoding="utf-8") as handle:
            tasks = json.load(handle)
    context = json.loads(opts.context) if opts.context else None
    case = {"id": None, "text": opts.text, "now": opts.now, "tz": opts.tz, "tasks": tasks,
            "context": context}
    print(json.dumps(_plan_case(case)), file=out)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser; each subcommand sets ``handler``."""
    parser = argparse.ArgumentParser(prog="python -m todo_reflex.assistant",
                                     description="The offline task assistant.")
    commands = parser.add_subparsers(dest="command", required=True)
    plan = commands.add_parser("plan", help="print the tool calls a message would make")
    plan.add_argument("text", nargs="?", help="one message to plan")
    plan.add_argument("--cases", help="JSONL file of cases (the evaluation format)")
    plan.add_argument("--now", help="current time, ISO 8601 (default: now)")
    plan.add_argument("--tz", default="UTC", help="the user's time zone (default: UTC)")
    plan.add_argument("--tasks", help="JSON file with the user's tasks (a list of objects)")
    plan.add_argument("--context", help="conversation context as JSON")
    plan.set_defaults(handler=run_plan)
    add_chat_parser(commands)
    # Further subcommands (e.g. ``chat``) register here with ``commands.add_parser(...)`` and
    # ``set_defaults(handler=...)``; a handler takes (opts, out) and returns an exit status.
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Entry point for ``python -m todo_reflex.assistant``."""
    opts = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace, TextIO], int] = opts.handler
    return handler(opts, out or sys.stdout)
