"""Bulk edits: one verb over every task a filter names.

For example "push everything overdue to tomorrow", "complete all #shopping tasks", "delete
everything tagged #old", "mark all of today's tasks done". The tasks are resolved when the
request is planned. One task is acted on at once (a delete always asks); more wait for a yes:
the plan lists them and keeps the calls as ``pending`` in the context, and ``answer_pending``
runs them on "yes", drops them on "no" (anything else drops them too).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from todo_reflex.core.display import describe_due

from .intents import due_changes, on_task_day, shift
from .listing import GRAMMAR_WORDS, STATUS_PENDING, filter_tasks, list_args
from .models import Plan, ToolCall
from .replies import task_label
from .turn import Turn
from .undo import before_of
from .undo_record import plain_fields
from .vocabulary import BULK_VERBS, QUANTIFIER, parse_number

_VERB = re.compile(r"^(?P<verb>" + "|".join(f"(?P<{k}>{v})" for k, v in BULK_VERBS.items())
                   + r")\s+(?P<rest>.+)$", re.I)
_DONE_TAIL = re.compile(r"\s+(?:as\s+)?(?:done|complete|completed|finished|checked\s+off|off)$",
                        re.I)
_OPEN_TAIL = re.compile(r"\s+(?:as\s+)?(?:not\s+done|undone|open|pending|incomplete|"
                        r"unfinished)(?:\s+again)?$", re.I)
_THEM = re.compile(r"^(?:them(?:\s+all)?|all\s+of\s+(?:them|those|these)|all\s+(?:those|these|"
                   r"them)|(?:those|these)(?:\s+(?:tasks|ones|items))?)$", re.I)
_PLURAL = re.compile(r"\b(?:tasks|todos|to-?dos|items|ones|things|reminders|events|meetings|"
                     r"appointments)\b", re.I)
_BY = re.compile(r"\s+(?:back\s+|forward\s+)?(?:by\s+)?(an?|one|two|three|four|five|six|seven|"
                 r"\d+)\s+(day|week)s?(?:\s+later)?$", re.I)
_TO = re.compile(r"^(?P<what>.+?)\s+(?:to|until|till|for|on|into)\s+(?P<when>.+)$", re.I)
MAX_LISTED = 8


def _is_bulk(rest: str) -> bool:
    """Whether the words after the verb name a group ("all ...", "everything ...", "#x tasks")."""
    return bool(QUANTIFIER.match(rest) or _THEM.match(rest)
                or (_PLURAL.search(rest) and not re.search(r"\d", rest)))


def _split(verb: str, said: str, rest: str, turn: Turn) -> tuple[str, Any] | None:
    """The filter words and the change (a move's new date, a done/open tail); None if no bulk."""
    if verb == "complete":
        if re.match(r"(?:mark|check|set|tick)$", said, re.I) and not _DONE_TAIL.search(rest):
            return None
        rest = _DONE_TAIL.sub("", rest)
    elif verb == "reopen":
        rest = _OPEN_TAIL.sub("", rest)
    elif verb == "move":
        if by := _BY.search(rest):
            amount = timedelta(**{by[2].lower() + "s": parse_number(by[1]) or 1})
            return rest[: by.start()], ("shift", amount)
        m = _TO.match(rest)
        if not m or not (changes := due_changes(m["when"], turn.now)):
            return None
        return m["what"], ("due", changes, m["when"])
    return rest, None


_GROUP_WORDS = frozenset("""
    all every everything each both any anything my the of tasks task todos todo items item
    ones things reminders events entries calendar list lists schedule from on in for due
    that are is today tonight tomorrow this next week weekend month day rest stuff overdue
    late old done complete completed finished pending open them those these tagged with
    high low medium priority urgent important
""".split())  # noqa: SIM905 - a word list reads best as prose


def _subject(words: str) -> str | None:
    """"all my meetings today" -> "meeting": what the group is about, when a word says it."""
    left = [w for w in re.findall(r"#?[a-z][a-z-]*", re.sub(r"'s\b", "", words.lower()))
            if w not in _GROUP_WORDS and w not in GRAMMAR_WORDS and not w.startswith("#")]
    if not left or len(left) > 2:
        return None
    last = left[-1]
    if len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
        left[-1] = last[:-1]
    return " ".join(left)


def _filter(verb: str, words: str, turn: Turn) -> dict[str, Any]:
    args = list_args(words, turn.tasks, turn.now.date())
    args.pop("limit", None)
    if not args.get("query") and not args.get("tag") and (about := _subject(words)):
        args["query"] = about
    if verb in ("complete", "move"):
        args["status"] = "pending"
    elif verb == "reopen":
        args["status"] = "completed"
    elif args.get("status") == "pending" and not STATUS_PENDING.search(words):
        args["status"] = "all"  # "delete all #old tasks" means done ones too
    return args


def _call(verb: str, task: dict[str, Any], change: Any, turn: Turn) -> ToolCall | None:
    task_id = task["id"]
    if verb == "delete":
        return ToolCall("delete_task", {"task_id": task_id})
    if verb == "complete":
        before = {"due": task.get("due")} if task.get("repeat") else None
        return ToolCall("complete_task", {"task_id": task_id}, before)
    if verb == "reopen":
        return ToolCall("uncomplete_task", {"task_id": task_id})
    if change[0] == "shift":
        changes = shift(task, change[1], turn.now)
    else:
        changes = on_task_day(task, change[1], change[2])
    if str(task.get("due") or "") == str(changes.get("due")):
        return None
    return ToolCall("update_task", {"task_id": task_id, **changes}, before_of(task, changes))


def _ask(verb: str, calls: list[ToolCall], turn: Turn) -> Plan:
    tasks = [t for c in calls if (t := turn.tasks.held(c.args["task_id"]))]
    names = ", ".join(task_label(t) for t in tasks[:MAX_LISTED]) + (
        f" and {len(tasks) - MAX_LISTED} more" if len(tasks) > MAX_LISTED else "")
    what = f"{verb} {len(calls)} task{'s' if len(calls) != 1 else ''}"
    if verb == "move" and len({c.args.get("due") for c in calls}) == 1:
        what += f" to {describe_due(calls[0].args.get('due'), style='chat', now=turn.now)}"
    pending = {"action": verb, "calls": [
        {"tool": c.tool, "args": plain_fields(c.args),
         "before": None if c.before is None else plain_fields(c.before)} for c in calls]}
    return turn.plan(needs="confirmation", context={"pending": pending},
                     reply=f"This will {what}: {names}. Reply **yes** to go ahead or **no** to "
                           "leave them as they are.")


def bulk_edit(turn: Turn) -> Plan | None:
    """Plan a verb over a group of tasks; asks first when it touches more than one."""
    m = _VERB.match(turn.text)
    if m is None:
        return None
    rest = m["rest"]
    core = _OPEN_TAIL.sub("", _DONE_TAIL.sub("", rest))
    to = _TO.match(rest)
    if not (_is_bulk(rest) or _is_bulk(core) or (to and _is_bulk(to["what"]))):
        return None
    verb = next(k for k in BULK_VERBS if m[k])
    if verb == "complete" and _OPEN_TAIL.search(rest):
        verb = "reopen"  # "mark all of them as not done"
    split = _split(verb, m["verb"], rest, turn)
    if split is None:
        return None
    words, change = split
    if _THEM.match(words.strip()):
        ids = [i for i in turn.context.get("last_listed") or [] if isinstance(i, int)]
        status = {"delete": "all", "reopen": "completed"}.get(verb, "pending")
        tasks = filter_tasks(turn.tasks.many(ids), {"status": status}, turn.now)
    else:
        tasks = turn.tasks.matching(_filter(verb, words, turn), turn.now, filter_tasks)
    calls = [c for t in tasks if (c := _call(verb, t, change, turn)) is not None]
    if not calls:
        return turn.plan(reply=f"There's nothing matching that to {verb}.")
    if len(calls) == 1 and verb != "delete":  # a group delete always asks
        return turn.plan(calls=calls)
    return _ask(verb, calls, turn)


def run_pending(pending: dict[str, Any], turn: Turn) -> Plan | None:
    """The calls a confirmed request stored: adds as they are, edits for tasks that remain."""
    stored = [c for c in pending.get("calls") or []
              if isinstance(c, dict) and c.get("tool") and isinstance(c.get("args"), dict)]
    if not stored:
        return None
    ids = [c["args"]["task_id"] for c in stored if isinstance(c["args"].get("task_id"), int)]
    alive = {t["id"] for t in turn.tasks.many(ids)}
    calls = [ToolCall(str(c["tool"]), dict(c["args"]), c.get("before"), c.get("note"))
             for c in stored if c["args"].get("task_id", 0) in alive or "task_id" not in c["args"]]
    if not calls:
        return turn.plan(reply="Those tasks are gone already; nothing was changed.")
    return turn.plan(calls=calls)
