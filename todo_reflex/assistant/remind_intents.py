"""Reminders on tasks the user has: "remind me about the report at 5pm", "no reminders on X".

``update_task`` replaces a task's whole reminder list, so a new reminder is sent with the ones
the task has already (as the task index holds them). A reminder only goes on a task the words
name clearly; anything else is left to the add grammar ("remind me about the meeting in one
hour" with no such task adds it, as before).
"""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any

from todo_reflex.core.display import describe_due
from todo_reflex.core.reminders import ALL_DAY_HOUR

from .dates import extract_when
from .editing import act_on
from .intents import without_calendar_word
from .matching import resolve
from .models import Plan, ToolCall
from .reminding import AT_DUE, fire_at, read_reminder, reminder_words, rules_of
from .replies import task_label
from .spoken import spell_numbers
from .turn import Turn

NEEDS_DUE = ("A reminder before a task counts back from its due date. When is it due? e.g. "
             "“add dentist friday at 3pm remind me 30 minutes before”.")
ALL_DAY = time(ALL_DAY_HOUR)
# "remind me about X", "set a reminder for X", "reminder on X": about a task, maybe one you have
_WORDS = r"(?:(?!(?:to|called|named|titled)\b)[\w:']+\s+)"  # "at 5pm", not "called x"
_ABOUT = re.compile(rf"\b(?:remind(?:ed)?\s+(?:me\s+)?(?:about|of|for|{_WORDS}{{1,4}}?(?:about|of))"
                    rf"|(?:reminder|alert|notification)s?\s+{_WORDS}{{0,3}}?(?:for|about|on|of|"
                    r"to(?=\s+(?:the|my|task|#)\b)))\s+(?!me\b|to\b)", re.I)
_REMIND_ME = re.compile(r"^remind\s+me\s+(?:to\s+|about\s+|of\s+)?(?P<rest>.+)$", re.I)
_WHEN_FIRST = re.compile(r"^(?P<when>(?:at|on|in|this|next|tomorrow|tonight|today)\b.+?),?\s+"
                         r"remind\s+me\s+(?:about|of)\s+(?P<what>.+)$", re.I)
# "add a 30 minute reminder to the dentist appointment"
_GIVE = re.compile(r"^(?P<rest>(?:add|set|put|create|make|give\s+me)\s+(?:an?\s+)?\d.*?(?:reminder|"
                   r"alert|notification)\s+(?:to|on|for|about)\s+.+)$", re.I)
_DAYS = re.compile(r"\b(?:today|tonight|tomorrow|tmrw|yesterday|(?:mon|tues|wednes|thurs|fri|"
                   r"satur|sun)day|week|weekend|month|morning|evening|afternoon|night)\b|"
                   r"\d{1,2}(?::\d\d)?\s*(?:am|pm)|\d{1,2}:\d\d", re.I)
_DAY_NAMES = re.compile(r"\b(?:today|tonight|tomorrow|tmrw|(?:mon|tues|wednes|thurs|fri|satur|sun)"
                        r"day|next\s+week|this\s+week(?:end)?|\d{1,2}(?:st|nd|rd|th))\b", re.I)
_REMINDER_NOUN = r"(?:reminders?|alerts?|notifications?|alarms?)"
_REMOVE = (
    re.compile(rf"^(?:remove|delete|clear|drop|cancel|erase|take\s+off|get\s+rid\s+of)\s+(?:all\s+)?"
               rf"(?:the\s+|my\s+|its\s+|any\s+)?{_REMINDER_NOUN}\s+(?:from|on|of|off)\s+"
               r"(?P<target>.+)$", re.I),
    # "the reminder for the meeting" may be the meeting itself; "the reminder for task 7" is not
    re.compile(rf"^(?:remove|clear|drop|delete|cancel|erase|take\s+off|get\s+rid\s+of)\s+(?:all\s+)?"
               rf"(?:the\s+|my\s+|any\s+)?{_REMINDER_NOUN}\s+(?:for|about)\s+(?P<target>task\s*#?"
               r"\d+|#\d+)$", re.I),
    re.compile(rf"^take\s+(?:all\s+)?(?:the\s+|my\s+)?{_REMINDER_NOUN}\s+off\s+(?:of\s+)?"
               r"(?P<target>.+)$", re.I),
    re.compile(rf"^i\s+(?:don'?t|do\s+not|no\s+longer)\s+(?:need|want)\s+(?:a\s+|any\s+|the\s+)?"
               rf"{_REMINDER_NOUN}\s+(?:for|on|about)\s+(?P<target>.+?)(?:\s+any\s*more)?$", re.I),
    re.compile(rf"^(?:turn\s+off|switch\s+off|disable|mute|silence|stop)\s+(?:all\s+)?(?:the\s+|my"
               rf"\s+|its\s+|any\s+)?{_REMINDER_NOUN}\s+(?:for|from|on|of|about)\s+"
               r"(?P<target>.+)$", re.I),
    re.compile(rf"^no\s+(?:more\s+)?{_REMINDER_NOUN}\s+(?:for|on|about|of)\s+(?P<target>.+)$",
               re.I),
    re.compile(r"^(?:don'?t|do\s+not|stop|no\s+need\s+to)\s+(?:remind(?:ing)?\s+me)\s+(?:about|of)"
               r"\s+(?P<target>.+?)(?:\s+any\s*more)?$", re.I),
    re.compile(rf"^(?P<target>.+?)\s+(?:needs|should\s+have|has|gets|wants)\s+no\s+"
               rf"{_REMINDER_NOUN}$", re.I),
)


def _clear_target(turn: Turn, target: str) -> str | None:
    """The target when it names one task clearly (a number, a title), else None."""
    target = without_calendar_word(target.strip())
    found = resolve(target, turn.tasks, turn.context)
    return target if found.clear and len(found.ids) == 1 else None


_NOUN_SAID = re.compile(rf"\b(?:{_REMINDER_NOUN}|remind(?:ing)?\s+me)\b", re.I)
_PLAIN = re.compile(r"^(?:(?:hey|ok|okay|olly|alexa|please|can\s+you|could\s+you)\b[\s,]*)+|"
                    r"[\s,]*(?:please|thanks|thank\s+you)?[\s.!?]*$", re.I)


def _said(turn: Turn) -> str:
    """The message as said, numbers as digits (before the spoken grammar rewrote it)."""
    return spell_numbers(_PLAIN.sub("", " ".join(turn.raw.split())))


def remove_reminders(turn: Turn) -> Plan | None:
    """"remove the reminder from task 3", "no reminders on the dentist".

    The words as said are read too: the spoken grammar turns "cancel the reminders on X"
    into a whole-list clear, and X names one task.
    """
    if not _NOUN_SAID.search(turn.raw):
        return None
    said = _said(turn)
    m = next((m for p in _REMOVE for text in (turn.text, said) if (m := p.match(text))), None)
    if m is None or (target := _clear_target(turn, m["target"])) is None:
        return None
    return act_on(turn, target, "update_task", lambda task: (
        {} if task is not None and "reminders" in task and not task["reminders"]
        else {"reminders": []}), many=False, note="It has no reminders now.")


# "remind me when i get home", "once i'm at the office": a place, not a time
_PLACE = re.compile(r"\bremind\s+(?:me|us)\b.*?\b(?:when(?:ever)?|once|as\s+soon\s+as|the\s+"
                    r"moment)\s+(?:i|we)\s*(?:'m|'re|am|are|get|arrive|reach|leave|come|go|walk|"
                    r"pass|drive)\b|\bremind\s+(?:me|us)\b.*\b(?:at|near)\s+(?:home|work|the\s+(?:office|"
                    r"store|shop|supermarket|gym|station))\s*$", re.I)
PLACE_QUESTION = ("I can remind you at a time, not at a place. When should I remind you? e.g. "
                  "“remind me to call mom at 6pm”.")


def place_reminder(turn: Turn) -> Plan | None:
    """"remind me when i get home to call mom": ask for a time; write nothing."""
    if _PLACE.search(turn.raw) and not _DAYS.search(turn.text):
        return turn.plan(needs="clarification", reply=PLACE_QUESTION)
    return None


def _agrees(due: str | None, said: str, phrase: str) -> bool:
    """Whether the day (and time, when one is said) of ``phrase`` is the task's due."""
    if not due or due[:10] != said[:10]:
        return False
    return not re.search(r"\d\s*(?:am|pm)|\d:\d\d|morning|evening|afternoon|night|noon", phrase,
                         re.I) or due[11:16] == said[11:16]


def change_reminders(turn: Turn) -> Plan | None:
    """"remind me about the report at 5pm", "set a reminder for the dentist 30 minutes before"."""
    m = _REMIND_ME.match(turn.text) or _GIVE.match(turn.text)
    if first := _WHEN_FIRST.match(turn.text):  # "at 5pm remind me about the report"
        m = _REMIND_ME.match(f"remind me {first['what']} {first['when']}")
    if m is None:
        return None
    ask, rest = read_reminder(m["rest"], remind=True)
    rest = re.sub(r"^(?:to|on|for|about)\s+", "", rest, flags=re.I)
    if ask is None or (m.re is _GIVE and ask == AT_DUE):
        return None
    if ask == AT_DUE and not _ABOUT.search(turn.raw):
        return None  # "remind me to call mom at 6pm": a new task
    if len(_DAY_NAMES.findall(rest)) > 1:
        return None  # "about tomorrow's meeting tonight": which day is the reminder's?
    when, target = extract_when(rest, turn.now)
    target = re.sub(r"\s+(?:at|on|for|by|in|due|the)$", "", target.strip(), flags=re.I)
    if when.repeat or not target or _DAYS.search(target) or (
            target := _clear_target(turn, target)) is None:
        return None
    task = turn.task(resolve(target, turn.tasks, turn.context).ids[0])
    if task is None:  # "task 99": the server says there is none, as for other edits
        return act_on(turn, target, "update_task", lambda _: {"reminders": [
            (ask.rule(when.due) if ask != AT_DUE else when.due) or "-PT0M"]}, many=False)
    due = task.get("due")
    if ask != AT_DUE:
        if when.due and not _agrees(due, when.due, rest):
            return None  # "one hour before the meeting i have tomorrow morning": another one
        rule = ask.rule(due) if due else None
    elif when.due:  # "remind me about the report at 5pm": at that time
        rule = when.due if "T" in when.due else f"{when.due}T{ALL_DAY:%H:%M}"
    else:
        rule = "-PT0M" if due else None
    if isinstance(problem := _not_settable(turn, task, rule), Plan):
        return problem
    plan = act_on(turn, target, "update_task", lambda task: _with_rule(task, rule), many=False)
    if ask == AT_DUE and plan.calls and not _NUMBERED.match(target) and not _plainly_yours(
            due, when.due, rest):
        return _offer(turn, plan, task)  # "remind me about the dentist": yours, or a new one?
    return plan


def _plainly_yours(due: str | None, said: str | None, phrase: str) -> bool:
    """Whether "remind me about <title> <when>" is about the task of that title.

    A time alone ("at 5pm"), any time for a task with no due date, the task's own day, or a
    day before a date-only deadline ("the passport next monday") is; no time at all, a day
    after it is due, or another day for an appointment with a time ("the dentist appointment
    on friday") may be a new one.
    """
    if not said:
        return False
    if not due or not _DAY_NAMES.search(phrase) or due[:10] == said[:10]:
        return True
    return "T" not in due and said[:10] < due[:10]


_NUMBERED = re.compile(r"^(?:task|item|number|no\.?)?\s*#?\d+$|^(?:it|that|this)$", re.I)


def _offer(turn: Turn, plan: Plan, task: dict[str, Any]) -> Plan:
    """Ask before putting a reminder on a task named by its title alone, with one-tap yes.

    "remind me about the dentist appointment" may mean a new one; said with no day, or with
    another day than the task's, it is offered rather than written.
    """
    [call] = plan.calls
    pending = {"action": "change", "calls": [{"tool": call.tool, "args": call.args,
                                              "before": call.before, "note": call.note}]}
    new = [r for r in call.args["reminders"] if r not in rules_of(task)]
    said = reminder_words(new, task.get("due"), turn.now).removeprefix("reminder ")
    due = describe_due(task.get("due"), style="chat", now=turn.now)
    due = f" (it is due {due})" if due else ""
    return turn.plan(needs="clarification", context={"pending": pending},
                     reply=f"Set a reminder on {task_label(task)} for {said}{due}? Reply **yes** "
                           "to set it, or say “add …” for a new task.")


def _not_settable(turn: Turn, task: dict[str, Any], rule: str | None) -> Plan | None:
    """A question when ``rule`` cannot be set: no due date to count back from, or past."""
    due = task.get("due")
    if rule is None:
        return turn.plan(needs="clarification", reply=_when_question(task))
    at = fire_at(rule, due)
    if at is not None and at <= turn.now:
        said = reminder_words([rule], due, turn.now).removeprefix("reminder ")
        return turn.plan(needs="clarification",
                         reply=f"That time ({said}) has already passed. When should I remind "
                               f"you about {task_label(task)}?")
    return None


_MOVE = re.compile(rf"^(?:change|move|set|update|reschedule|push|make|switch)\s+(?:the\s+|my\s+|"
                   rf"its\s+)?{_REMINDER_NOUN}\s+(?:on|for|of|about|from)\s+(?P<target>.+?)\s+"
                   r"(?:to|for|at)\s+(?P<when>.+)$", re.I)


def move_reminder(turn: Turn) -> Plan | None:
    """"change the reminder on task 7 to 1 hour before", "move the reminder for X to 2pm".

    A time alone moves a reminder only when the task has one: otherwise "the reminder for the
    meeting" is the meeting itself, and moving it is a reschedule.
    """
    if not _NOUN_SAID.search(turn.raw):
        return None
    m = _MOVE.match(turn.text) or _MOVE.match(_said(turn))
    if m is None or (target := _clear_target(turn, m["target"])) is None:
        return None
    task = turn.task(resolve(target, turn.tasks, turn.context).ids[0])
    ask, rest = read_reminder(m["when"], remind=True)
    if task is None or ask is None:
        return None
    if ask != AT_DUE:
        rule = ask.rule(task.get("due")) if task.get("due") else None
    else:
        when, left = extract_when(rest, turn.now)
        if not (rules_of(task) and when.due and not when.repeat) or left.strip(" ,"):
            return None
        rule = when.due if "T" in when.due else f"{when.due}T{ALL_DAY:%H:%M}"
        if "T" not in when.due or not _DAY_NAMES.search(rest):  # "to 2pm": the due day's
            rule = f"{(task.get('due') or when.due)[:10]}T{rule[11:16]}"
    if isinstance(problem := _not_settable(turn, task, rule), Plan):
        return problem
    return act_on(turn, target, "update_task", lambda task: (
        {} if rules_of(task) == [rule] else {"reminders": [rule]}), many=False)


def _when_question(task: dict[str, Any]) -> str:
    return (f"{task_label(task)} has no due date, so there is nothing to count back from. When "
            f"should I remind you? e.g. “remind me about task {task.get('id')} tomorrow at 9am”.")


def _with_rule(task: dict[str, Any] | None, rule: str) -> dict[str, Any]:
    """The task's reminders plus ``rule`` (``update_task`` replaces the whole list)."""
    have = rules_of(task)
    return {} if rule in have else {"reminders": [*have, rule]}


def drop_late(calls: list[ToolCall], now: datetime, *,
              keep_at_due: bool = False) -> tuple[list[ToolCall], str]:
    """The calls without reminders whose time has passed, and a sentence saying so.

    A reminder at the due time that was only implied ("remind me today to pay rent", said
    after 09:00) goes quietly: the task is still added, due that day.
    """
    kept, late = [], []
    for call in calls:
        rules = list(call.args.get("reminders") or [])
        due = call.args.get("due")
        gone = [r for r in rules if (at := fire_at(r, due)) is not None and at <= now]
        if not gone:
            kept.append(call)
            continue
        if not (keep_at_due and gone == ["-PT0M"]):
            late += [reminder_words([r], due, now).removeprefix("reminder ") for r in gone]
        args = {k: v for k, v in call.args.items() if k != "reminders"}
        if left := [r for r in rules if r not in gone]:
            args["reminders"] = left
        kept.append(ToolCall(call.tool, args, call.before, call.note))
    why = f"The reminder time ({', '.join(dict.fromkeys(late))}) has already passed. " \
        if late else ""
    return kept, why
