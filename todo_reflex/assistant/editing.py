"""Acting on existing tasks: complete, reopen, delete and update, or ask which task is meant."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from .date_ranges import find_range
from .dates import extract_when
from .listing import filter_tasks
from .matching import Resolution, resolve
from .models import Plan, ToolCall
from .replies import task_label
from .turn import Turn
from .undo import before_of

ArgsFor = Callable[[dict[str, Any] | None], dict[str, Any]]


def _question(tool: str, query: str, candidates: list[dict[str, Any]]) -> str:
    verb = {"complete_task": "complete", "uncomplete_task": "reopen", "delete_task": "delete",
            "update_task": "change", "get_task": "show"}.get(tool, "use")
    if not candidates:
        return (f"I couldn't find a task matching “{query}”. Which task should I {verb}? "
                "You can say its number, e.g. “task 3”.")
    names = [task_label(t) for t in candidates[:6]]
    listed = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]
    return f"Which one should I {verb}: {listed}?"


_CLOCK = re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\b\d{1,2}:\d{2}\b|\bnoon\b|\bat\s+\d",
                    re.I)
_NO_TITLE = re.compile(r"(?:(?:my|the|a|an|on|at|for|calendar|event|events|appointment|thing|"
                       r"reminder|entry|one|that|this|i|have|scheduled)\s*)*", re.I)


def by_day(turn: Turn, phrase: str, *,
           prefer_completed: bool | None = None) -> Resolution | None:
    """"thursday's lunch", "the wedding on the 10th": a title and the day it is due.

    Only a single task with that title due that day (and at that time, when one is said)
    counts; anything else is None, so the caller asks.
    """
    spoken = re.sub(r"\b(\w+day|today|tomorrow|tonight)'s\b", r"\1", phrase, flags=re.I)
    today = turn.now.date()
    window = find_range(spoken, today)
    at = None
    if window is not None and window.first and window.last:  # "next week", "on the 10th"
        rest = (spoken[:window.span[0]] + " " + spoken[window.span[1]:]).strip()
        rest = re.sub(r"\b(?:in\s+the\s+|this\s+|for\s+|on\s+)?(?:morning|afternoon|evening|nigh"
                      r"t)\b", "",
                      rest, flags=re.I).strip()
        rest = re.sub(r"\s+(?:on|for|at|from|due|in)$", "", rest, flags=re.I)
        first, last = window.first.isoformat(), window.last.isoformat()
        when, rest = extract_when(rest, turn.now)
        if when.due and _CLOCK.search(spoken):
            at = when.due[11:16] or None
    else:
        when, rest = extract_when(spoken, turn.now)
        if not when.due or when.repeat:
            return None
        first = last = when.due[:10]
        at = when.due[11:16] if _CLOCK.search(spoken) else None  # "tonight" names no time
    days = {first, last}
    if (today + timedelta(days=7)).isoformat() == first == last:
        days.add(today.isoformat())  # "thursday" said on a Thursday: today's
    if _NO_TITLE.fullmatch(rest.strip()):
        # "my calendar event at 1pm today": the day and time alone name it
        pool = turn.tasks.matching({"status": "pending", "due_from": min(days),
                                    "due_to": max(days)}, turn.now, filter_tasks)
    elif not rest.strip():
        return None
    else:
        found = resolve(rest, turn.tasks, turn.context, prefer_completed=prefer_completed)
        pool = [t for i in found.ids if (t := turn.task(i))] if found.clear else found.candidates
    lo, hi = min(days), max(days)
    hits = [t for t in pool if lo <= str(t.get("due") or "")[:10] <= hi
            and (at is None or str(t.get("due") or "")[11:16] == at)]
    return Resolution([hits[0]["id"]], [], rest) if len(hits) == 1 else None


def act_on(turn: Turn, phrase: str, tool: str, args_for: ArgsFor | None = None, *,
           prefer_completed: bool | None = None, many: bool = True,
           note: str | None = None) -> Plan:
    """Resolve ``phrase`` to tasks and call ``tool`` on each, or ask which task is meant.

    Args:
        turn: The current turn.
        phrase: Words naming the task(s): "task 3", "the second one", "buy milk".
        tool: ``complete_task``, ``uncomplete_task``, ``delete_task`` or ``update_task``.
        args_for: For updates, returns the changed fields given the task (None if unknown).
        prefer_completed: Tie-break for title matches.
        many: Whether several tasks may be acted on at once.
        note: A word for the reply about the change (e.g. the new title was cut).

    Returns:
        A plan with the calls, or a clarification question.
    """
    found = resolve(phrase, turn.tasks, turn.context, prefer_completed=prefer_completed)
    if some := _SOME.match(phrase.strip()):
        # "cancel a meeting": one of them, not a particular one, so ask which
        named = resolve(some["noun"], turn.tasks, turn.context, prefer_completed=prefer_completed)
        found = Resolution([], named.candidates or [t for i in named.ids if (t := turn.task(i))],
                           phrase)
    elif not found.clear:
        found = (next_due(turn, phrase) or by_day(turn, phrase, prefer_completed=prefer_completed)
                 or found)
    if found.clear and (many or len(found.ids) == 1):
        if args_for is not None:
            turn.tasks.many(found.ids)  # one round of lookups for all of them
        calls = []
        for task_id in dict.fromkeys(found.ids):
            args: dict[str, Any] = {"task_id": task_id}
            before = None
            if args_for is not None:
                task = turn.task(task_id)
                changes = args_for(task)
                if changes.get("repeat") and task and changes.get("due", "") == task.get("due"):
                    del changes["due"]  # "make lunch repeat every friday", lunch due a Friday
                if not changes:
                    return turn.plan(reply="That task already looks like that.")
                args.update(changes)
                before = before_of(task, changes)
            elif tool == "complete_task" and (task := turn.tasks.held(task_id)):
                before = {"due": task.get("due")} if task.get("repeat") else None
            calls.append(ToolCall(tool, args, before, note))
        return turn.plan(calls=calls)
    candidates = found.candidates
    if found.clear:
        candidates = [t for i in found.ids if (t := turn.task(i))]
    clarify = {"text": turn.text, "phrase": phrase, "ids": [t["id"] for t in candidates]}
    context: dict[str, Any] = {"clarify": clarify}
    if candidates:
        context["last_listed"] = clarify["ids"]
    return turn.plan(needs="clarification", reply=_question(tool, found.query, candidates),
                     context=context)


# "a meeting", "one of my reminders": any one of them
_SOME = re.compile(r"^(?:a|an|any|some|one)\s+(?:of\s+(?:my|the)\s+)?(?P<noun>[a-z]+?)s?$", re.I)
# "my next appointment": the soonest due, among the appointments when some are titled so
_NEXT = re.compile(r"^(?:the\s+|my\s+)?(?:very\s+)?(?:next|upcoming|soonest|coming)\s+(?P<noun>"
                   r"event|appointment|"
                   r"meeting|task|reminder|thing|item|entry)(?:\s+(?:on|in)\s+(?:my|the)\s+"
                   r"(?:calendar|schedule|list))?$", re.I)


def next_due(turn: Turn, phrase: str) -> Resolution | None:
    """"the next event": the open task due soonest from now on, when the phrase says so."""
    if not _NEXT.match(phrase.strip()):
        return None
    coming = [t for t in turn.tasks.matching({"status": "pending",
                                              "due_from": turn.now.date().isoformat()},
                                             turn.now, filter_tasks)
              if t.get("due") and (str(t["due"]) >= turn.now.strftime("%Y-%m-%dT%H:%M")
                                   or "T" not in str(t["due"]))]
    noun = _NEXT.match(phrase.strip())["noun"].casefold()  # type: ignore[index]
    coming = [t for t in coming if noun in str(t.get("title", "")).casefold()] or coming
    coming.sort(key=lambda t: str(t["due"]))
    return Resolution([coming[0]["id"]], [], phrase) if coming else None
