"""Intent grammar for changing existing tasks: each handler returns a Plan, or None to pass.

The intent table (intent_table.py) names each handler with its priority, gate patterns and
example phrasings; the first handler, by priority, that recognises a message wins.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from todo_reflex.core.limits import DESCRIPTION_MAX, MAX_TAGS

from .contract import fit_title, normalize_tag
from .dates import extract_when
from .editing import act_on
from .loose_dates import parse_loose
from .matching import resolve
from .models import Plan
from .replies import task_label
from .scope import is_question
from .slots import PRIORITY_WORDS, extract_priority, extract_tags
from .turn import Turn
from .vocabulary import COMPLETE_VERBS, DELETE_VERBS, MOVE_VERBS, REOPEN_VERBS, parse_number

DELETE_V = f"(?:{DELETE_VERBS})"
COMPLETE_V = f"(?:{COMPLETE_VERBS})"
REOPEN_V = f"(?:{REOPEN_VERBS})"
MOVE_V = f"(?:{MOVE_VERBS})"
_DONE_WORDS = r"(?:done|complete|completed|finished|checked(?:\s+off)?|closed|resolved|ticked)"
_OPEN_WORDS = (r"(?:not\s+(?:done|complete|completed|finished)|undone|incomplete|uncompleted|"
               r"pending|open|unfinished|active|to\s*do|todo|not\s+yet\s+done)")
_FIELD = r"(?:due\s+date|deadline|due\s+time|due|date|schedule|time)"


def _m(pattern: str, text: str) -> re.Match[str] | None:
    return re.match(pattern, text, re.I)


def _known(turn: Turn, m: re.Match[str] | None) -> re.Match[str] | None:
    """Keep a match only when its ``target`` names a task unambiguously."""
    if m and resolve(m["target"], turn.tasks, turn.context).clear:
        return m
    return None


def _tags_of(task: dict[str, Any] | None) -> list[str]:
    return [str(t) for t in (task or {}).get("tags") or []]


def _tag_list(text: str) -> list[str]:
    words = re.split(r"\s*(?:,|\band\b|&)\s*|\s+", text.strip())
    tags = [t for w in words if w and w.lower() not in ("the", "tag", "tags", "label", "labels")
            and (t := normalize_tag(w))]
    return list(dict.fromkeys(tags))[:MAX_TAGS]


def clear_field(turn: Turn) -> Plan | None:
    """"remove the due date from task 4", "stop repeating X", "clear the tags of X"."""
    t = turn.text
    if m := (_m(rf"^(?:remove|clear|delete|drop|unset|erase|take\s+off|take\s+away|get\s+rid\s+of)"
                rf"\s+(?:the\s+)?{_FIELD}\s+(?:from|of|on|for|off)\s+(?P<target>.+)$", t)
             or _m(r"^(?:unschedule|undate)\s+(?P<target>.+)$", t)
             or _m(rf"^(?P<target>.+?)\s+(?:has|should\s+have|needs|gets)\s+no\s+{_FIELD}$", t)
             or _m(r"^(?:make|set|mark)\s+(?P<target>.+?)\s+(?:as\s+)?(?:undated|unscheduled|"
                   r"someday|without\s+(?:a\s+)?(?:due\s+)?date|no\s+(?:due\s+)?date)$", t)):
        return act_on(turn, m["target"], "update_task", lambda _: {"due": ""})
    if m := (_m(r"^(?:stop|don'?t|do\s+not)\s+(?:repeating|recurring|repeat)\s+(?P<target>.+)$", t)
             or _m(r"^(?:remove|clear|delete|drop)\s+(?:the\s+)?(?:repeat|recurrence|repetition|"
                   r"repeating)\s+(?:from|of|on|for)\s+(?P<target>.+)$", t)
             or _m(r"^(?P<target>.+?)\s+(?:should\s+)?(?:no\s+longer|doesn'?t|does\s+not|"
                   r"shouldn'?t)\s+(?:repeat|recur)$", t)):
        return act_on(turn, m["target"], "update_task", lambda _: {"repeat": ""})
    if m := (_m(r"^(?:remove|clear|delete|drop)\s+(?:all\s+)?(?:the\s+)?(?:tags|labels)\s+"
                r"(?:from|of|on)\s+(?P<target>.+)$", t)
             or _m(r"^untag\s+(?P<target>[^#@]+)$", t)):
        return act_on(turn, m["target"], "update_task",
                      lambda task: {"tags": []} if task is None or task.get("tags") else {})
    if m := (_m(r"^(?:remove|clear|delete|drop)\s+(?:the\s+)?(?:description|notes?|details)\s+"
                r"(?:from|of|on)\s+(?P<target>.+)$", t)):
        return act_on(turn, m["target"], "update_task", lambda _: {"description": ""})
    return None


def change_tags(turn: Turn) -> Plan | None:
    """"tag call mom with #weekend", "remove #home from task 9", "set tags of X to a, b"."""
    t = turn.text
    tag_ref = r"[#@][\w-]+(?:\s*(?:,|and|&)?\s*[#@][\w-]+)*"
    if m := (_m(r"^(?:remove|delete|drop|take\s+off|untag)\s+(?:the\s+)?(?:(?:tags?|labels?)\s+"
                rf"(?P<a>.+?)|(?P<b>{tag_ref})(?:\s+(?:tags?|labels?))?|(?P<c>[\w-]+)\s+"
                r"(?:tag|label))\s+(?:from|off)\s+(?P<target>.+)$", t)
             or _m(rf"^untag\s+(?P<target>.+?)\s+(?P<a>{tag_ref})$", t)):
        gone = set(_tag_list(m["a"] or m["b"] or m["c"]))
        return act_on(turn, m["target"], "update_task", lambda task: (
            {"tags": [x for x in task.get("tags") or [] if x not in gone]}
            if task is None or gone & set(task.get("tags") or []) else {}))
    if m := _m(r"^(?:set|change|update|replace)\s+(?:the\s+)?(?:tags?|labels?)\s+(?:of|on|for)\s+"
               r"(?P<target>.+?)\s+to\s+(?P<tags>.+)$", t):
        tags = _tag_list(m["tags"])
        return act_on(turn, m["target"], "update_task", lambda _: {"tags": tags})
    m = (_m(r"^(?:tag|label)\s+(?P<target>.+?)\s+(?:with|as|to)\s+(?:the\s+)?(?:tags?\s+)?"
            r"(?P<tags>.+)$", t)
         or _m(rf"^(?:tag|label)\s+(?P<target>.+?)\s+(?P<tags>{tag_ref})$", t)
         or _m(r"^add\s+(?:the\s+)?(?:tags?|labels?)\s+(?P<tags>.+?)\s+(?:to|on)\s+"
               r"(?P<target>.+)$", t)
         or _m(rf"^add\s+(?:the\s+|a\s+)?(?P<tags>{tag_ref})\s+(?:(?:tags?|labels?)\s+)?"
               r"(?:to|on)\s+(?P<target>.+)$", t)
         or _m(r"^add\s+(?:the\s+|a\s+)?(?P<tags>[\w-]+)\s+(?:tag|label)\s+(?:to|on)\s+"
               r"(?P<target>.+)$", t))
    m = m or _known(turn, _m(r"^(?:tag|label)\s+(?P<target>.+)\s+(?:as\s+)?(?P<tags>[\w-]+)$", t))
    if m is None or not (new := _tag_list(m["tags"])):
        return None
    return act_on(turn, m["target"], "update_task", lambda task: (
        {"tags": list(dict.fromkeys([*_tags_of(task), *new]))[:MAX_TAGS]}
        if task is None or not set(new) <= set(task.get("tags") or []) else {}))


def change_text(turn: Turn) -> Plan | None:
    """Rename a task or set its description."""
    t = turn.text
    if m := (_m(r"^(?:rename|retitle|re-?name|re-?title)\s+(?P<target>.+?)\s+(?:to|as|into)\s+"
                r"(?P<value>.+)$", t)
             or _m(r"^(?:change|update|set|edit)\s+(?:the\s+)?(?:title|name|text|wording)\s+"
                   r"(?:of|on|for)\s+(?P<target>.+?)\s+to\s+(?P<value>.+)$", t)
             or _m(r"^(?:change|update|edit)\s+(?P<target>.+?)(?:'s|s')?\s+(?:title|name)\s+to\s+"
                   r"(?P<value>.+)$", t)
             or _m(r"^(?:call|rename|retitle)\s+(?P<target>task\s+#?\d+|#\d+|it|that|"
                   r"the\s+\w+\s+one)\s+(?:to\s+)?(?P<value>.+)$", t)
             or _m(r"^(?:rename|retitle)\s+(?P<target>.+?)\s+[\"“](?P<value>.+)[\"”]$", t)):
        title, note = fit_title(m["value"].strip().strip("\"'“”"))
        return act_on(turn, m["target"], "update_task", lambda _: {"title": title}, many=False,
                      note=note)
    if m := (_m(r"^(?:add|put|attach|write|set|append)\s+(?:an?\s+|the\s+)?(?:note|notes|"
                r"description|details|comment)\s+(?:to|on|for)\s+(?P<target>.+?)\s*(?::|-|–|"
                r"saying|that\s+says|reading)\s*(?P<value>.+)$", t)
             or _m(r"^(?:add|put|attach|write)\s+(?:an?\s+)?(?:note|description|comment)\s*:?\s*"
                   r"[\"“'](?P<value>.+?)[\"”']\s+(?:to|on)\s+(?P<target>.+)$", t)
             or _m(r"^(?:set|change|update|edit)\s+(?:the\s+)?(?:description|notes?|details)\s+"
                   r"(?:of|on|for)\s+(?P<target>.+?)\s+to\s+(?P<value>.+)$", t)
             or _m(r"^describe\s+(?P<target>.+?)\s+as\s+(?P<value>.+)$", t)
             or _known(turn, _m(r"^(?:give|add)\s+(?P<target>.+?)\s+(?:an?\s+|the\s+)?"
                                r"(?:description|notes?|details|comment)\s*(?::|-|–|saying|"
                                r"that\s+says|reading)\s*(?P<value>.+)$", t))):
        text = m["value"].strip().strip("\"'“”")[:DESCRIPTION_MAX]
        return act_on(turn, m["target"], "update_task", lambda _: {"description": text},
                      many=False)
    return None


def change_priority(turn: Turn) -> Plan | None:
    """"change the priority of task 5 to high", "prioritize X", "lower the priority of X"."""
    t = turn.text
    level: str | None = None
    if m := (_m(r"^(?:change|set|update|make|switch|put)\s+(?:the\s+)?(?:priority|prio)\s+"
                r"(?:of|on|for)\s+(?P<target>.+?)\s+(?:to|as|at)\s+(?:p)?(?P<value>\w+)"
                r"(?:\s+priority)?$", t)
             or _known(turn, _m(r"^(?:change|set|update|make|switch|put)\s+(?:the\s+)?"
                                r"(?P<target>.+?)(?:'s|s')?\s+(?:priority|prio)\s+(?:to|as|at)\s+"
                                r"(?:p)?(?P<value>\w+)$", t))):
        level = PRIORITY_WORDS.get(m["value"].lower())
    elif m := _m(r"^(?:prioriti[sz]e|escalate)\s+(?P<target>.+)$", t):
        level = "high"
    elif m := _m(r"^(?:deprioriti[sz]e)\s+(?P<target>.+)$", t):
        level = "low"
    elif m := (_m(r"^(?P<way>raise|increase|bump\s+up|up|lower|decrease|reduce|drop)\s+(?:the\s+)?"
                  r"priority\s+(?:of|on|for)\s+(?P<target>.+?)(?:\s+(?:a\s+)?(?:bit|notch|level|"
                  r"step))?$", t)
               or _m(r"^(?:make|set)\s+(?P<target>.+?)\s+(?P<way>more|less|higher|lower)\s+"
                     r"(?:(?:in\s+)?priority|important|urgent)$", t)):
        up = m["way"].lower() in ("raise", "increase", "bump up", "up", "more", "higher")
        return act_on(turn, m["target"], "update_task",
                      lambda task: _step_priority(task, up))
    elif m := _m(r"^(?:remove|clear|reset)\s+(?:the\s+)?priority\s+(?:from|of|on)\s+"
                 r"(?P<target>.+)$", t):
        level = "none"
    if m is None or level is None:
        return None
    return act_on(turn, m["target"], "update_task", lambda _: {"priority": level})


_LEVELS = ("none", "low", "medium", "high")


def _step_priority(task: dict[str, Any] | None, up: bool) -> dict[str, Any]:
    """One level up or down from the task's priority ("lower the priority of X": high -> medium)."""
    if task is None:
        return {"priority": "high" if up else "low"}
    now = _LEVELS.index(str(task.get("priority") or "none"))
    step = min(now + 1, 3) if up else max(now - 1, 0)
    return {"priority": _LEVELS[step]} if step != now else {}


def shift(task: dict[str, Any] | None, amount: timedelta, now: datetime) -> dict[str, Any]:
    """The new due of a task moved by ``amount`` (from now when it has no date)."""
    due = (task or {}).get("due")
    base = datetime.fromisoformat(str(due)[:16]) if due else now
    moved = base + amount
    timed = bool(due and "T" in str(due)) or amount < timedelta(days=1)
    return {"due": moved.strftime("%Y-%m-%dT%H:%M") if timed else moved.date().isoformat()}


_DAY_WORDS = re.compile(
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b(?:today|tomorrow|tmrw|tonight|yesterday|"
    r"week|weekend|month|year|days?|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|"
    r"\d{4}-\d{2}|\d{1,2}/\d{1,2}|\b\d{1,2}(?:st|nd|rd|th)\b|\bevery\b|\bdaily\b", re.I)


def on_task_day(task: dict[str, Any] | None, changes: dict[str, Any],
                 phrase: str) -> dict[str, Any]:
    """A time alone ("to 4pm") keeps the task's day; a day alone ("to friday") keeps its time."""
    due, new = str((task or {}).get("due") or ""), changes.get("due")
    if due and new and "T" in new and not _DAY_WORDS.search(phrase):
        return {**changes, "due": f"{due[:10]}T{new[11:16]}"}
    if new and "T" not in new and "T" in due:
        return {**changes, "due": f"{new}T{due[11:16]}"}
    return changes


def due_changes(phrase: str, now: datetime) -> dict[str, Any]:
    """Changes for a phrase that should be all date: the grammar first, then dateparser.

    A bare number ("change the time to four") is an hour.
    """
    if re.fullmatch(r"\s*\d{1,2}\s*", phrase):
        phrase = f"at {phrase.strip()}"
    when, rest = extract_when(phrase, now)
    if when.due and not re.sub(r"\b(?:the|of|on|at|by)\b", "", rest, flags=re.I).strip():
        return {"due": when.due} | ({"repeat": when.repeat} if when.repeat else {})
    due = parse_loose(phrase, now)
    if due is None and when.due:
        return {"due": when.due} | ({"repeat": when.repeat} if when.repeat else {})
    return {"due": due} if due else {}


def set_due(turn: Turn) -> Plan | None:
    """"change the due date of task 3 to friday", "change the dentist time to 11am"."""
    m = _m(rf"^(?:the\s+|its\s+)?(?:new\s+)?{_FIELD}\s+(?:of|for|on)\s+(?P<target>.+?)\s+(?:is|s"
           rf"hould\s+be|"
           r"will\s+be|becomes|is\s+now|must\s+be)\s+(?P<when>.+)$", turn.text) or _m(
        rf"^(?:change|set|update|move|make|give|add|put)\s+(?:the\s+|an?\s+|new\s+)*"
           rf"{_FIELD}\s+(?:of|on|for|to)\s+(?P<target>.+?)(?:\s+(?:to|for|as)\s+|\s*:\s*)"
           r"(?P<when>.+)$", turn.text) or _known(turn, _m(
        rf"^(?:change|set|update|move|make|put)\s+(?:the\s+)?(?P<target>.+?)(?:'s|s')?\s+"
        rf"{_FIELD}\s+(?:to|for|as|at)\s+(?P<when>.+)$", turn.text))
    if m is None or not (changes := due_changes(m["when"], turn.now)):
        return None
    return act_on(turn, m["target"], "update_task",
                  lambda task: on_task_day(task, changes, m["when"]))


# "push X to next month", "move it to later": no day said, so the day is asked for
_VAGUE_WHEN = re.compile(r"(?:(?:the\s+)?(?:next|following)\s+|this\s+)(?:month|year)|later"
                         r"(?:\s+on)?|some\s*time(?:\s+(?:soon|later|next\s+\w+))?|soon|"
                         r"another\s+(?:day|time)", re.I)


def reschedule(turn: Turn) -> Plan | None:
    """"move the dentist appointment to friday", "postpone X by 2 days", "push X back a week"."""
    m = _m(rf"^{MOVE_V}\s+(?P<rest>.+)$", turn.text)
    if m is None:
        return None
    rest = m["rest"]
    if by := re.search(r"\s+(?:back\s+|forward\s+)?(?:by\s+)?(an?|one|two|three|four|five|"
                       r"six|seven|\d+)\s+(hour|day|week)s?(?:\s+later)?$", rest, re.I):
        amount = timedelta(**{by[2].lower() + "s": parse_number(by[1]) or 1})
        return act_on(turn, rest[: by.start()], "update_task",
                      lambda task: shift(task, amount, turn.now))
    to = re.match(r"^(?P<target>.+)\s+(?:to|until|till)\s+(?P<when>.+)$", rest, re.I)
    if to and _VAGUE_WHEN.fullmatch(to["when"].strip()):
        return turn.plan(needs="clarification",
                         reply="Which day should it move to? e.g. “december 3rd”.")
    if to and (changes := due_changes(to["when"], turn.now)):
        return act_on(turn, to["target"], "update_task",
                      lambda task: on_task_day(task, changes, to["when"]))
    when, target = extract_when(rest, turn.now)
    target = re.sub(r"\s+(?:to|until|till|for|by|on|due|at)$", "", target, flags=re.I)
    if when.due:
        changes = {"due": when.due} | ({"repeat": when.repeat} if when.repeat else {})
        return act_on(turn, target, "update_task",
                      lambda task: on_task_day(task, changes, rest))
    if to:
        return turn.plan(needs="clarification",
                         reply="When should it be due? e.g. “friday at 5pm”.")
    return act_on(turn, target, "update_task",
                  lambda task: shift(task, timedelta(days=1), turn.now))


def update_generic(turn: Turn) -> Plan | None:
    """"set task 12 due tomorrow at 10am", "make the second one high priority", "X every monday"."""
    m = _m(r"^(?:set|change|update|make|mark|flag|switch|turn|give|edit|modify|alter|adjust|"
           r"amend)\s+(?P<rest>.+)$",
           turn.text)
    if m is None and is_question(turn.text):
        return None  # "is my dentist appointment on wednesday" asks; it changes nothing
    rest = m["rest"] if m else turn.text
    priority, rest = extract_priority(rest)
    tags, rest = extract_tags(rest)
    when, rest = extract_when(rest, turn.now)
    target = re.sub(r"(?:\s+(?:to|as|a|an|with|due|for|on|at|by|is|now|be|repeat|recur|"
                    r"repeating|recurring|should|it|priority))+$", "", rest, flags=re.I).strip()
    target = without_calendar_word(target)
    changes: dict[str, Any] = {}
    if priority:
        changes["priority"] = priority
    if when.due:
        changes["due"] = when.due
    if when.repeat:
        changes["repeat"] = when.repeat
    if not changes and not tags or not target:
        return None
    found = resolve(target, turn.tasks, turn.context)
    if m is None and not found.clear:
        return None
    if m and m[0].lower().startswith("set ") and changes.get("due") and not (
            found.clear or found.candidates):
        return None  # "set bob's birthday for june 3rd": no such task, so it is a new one

    def args_for(task: dict[str, Any] | None) -> dict[str, Any]:
        extra = {"tags": list(dict.fromkeys([*_tags_of(task), *tags]))[:MAX_TAGS]}
        return on_task_day(task, changes, turn.text) | (extra if tags else {})

    plan = act_on(turn, target, "update_task", args_for)
    if m is not None or not plan.calls or _plainly_named(turn, target):
        return plan
    return offer(turn, plan)


def _plainly_named(turn: Turn, target: str) -> bool:
    """"task 3 priority high", "call mom every sunday": a number or a whole title, not a guess."""
    if re.search(r"\b(?:due|should|priority|prio)\b|(?:\b(?:task|item)\s*#?|#)\d+\b", turn.text,
                 re.I):
        return True
    said = re.sub(r"^(?:the|my)\s+", "", target.strip().lower())
    return any(said == str(t.get("title", "")).lower()
               for i in resolve(target, turn.tasks, turn.context).ids if (t := turn.task(i)))


def offer(turn: Turn, plan: Plan) -> Plan:
    """A change read from a message with no verb ("dentist friday 3pm") is offered, not made."""
    pending = {"action": "change", "calls": [
        {"tool": c.tool, "args": c.args, "before": c.before, "note": c.note} for c in plan.calls]}
    names = ", ".join(task_label(t) for c in plan.calls if (t := turn.task(c.args["task_id"])))
    change = ", ".join(_said(k, v) for k, v in plan.calls[0].args.items() if k != "task_id")
    return turn.plan(needs="clarification", context={"pending": pending},
                     reply=f"Change {names}: {change}? Reply **yes** to change it, or say it "
                           "another way.")


def _said(field: str, value: Any) -> str:
    if field == "due":
        return f"due {str(value).replace('T', ' ')}" if value else "no due date"
    if field == "tags":
        return "tags " + " ".join(f"#{t}" for t in value)
    return f"{field} {value}"


def reopen(turn: Turn) -> Plan | None:
    """"reopen task 8", "mark X as not done", "X isn't done"."""
    t = turn.text
    m = (_m(rf"^{REOPEN_V}\s+(?P<target>.+)$", t)
         or _m(rf"^(?:mark|set|flag|move|put)\s+(?P<target>.+?)\s+(?:as\s+|to\s+|"
               rf"back\s+(?:to|as)\s+|back\s+)?{_OPEN_WORDS}(?:\s+again)?$", t)
         or _m(r"^(?P<target>.+?)\s+(?:is|was|isn'?t|wasn'?t)\s+(?:not\s+|actually\s+not\s+)?"
               r"(?:done|finished|complete|completed)\s+(?:yet|after\s+all)$", t)
         or _m(r"^(?P<target>.+?)\s+(?:isn'?t|wasn'?t|is\s+not|was\s+not)\s+"
               r"(?:really\s+|actually\s+)?(?:done|finished|complete|completed)$", t))
    if not m:
        return None
    return act_on(turn, m["target"], "uncomplete_task", prefer_completed=True)


def reopen_by_story(turn: Turn) -> Plan | None:
    """"put water the plants back on my list", "I didn't actually water the plants"."""
    t = turn.text
    m = _done_one(turn, _m(r"^(?:put|add|bring|move)\s+(?P<target>.+?)\s+back(?:\s+(?:on|to|in|"
                                r"onto)\s+(?:my|the)\s+(?:[\w-]+\s+){0,2}(?:list|tasks|todos?))?$",
                           t)
                           or _m(r"^i\s+(?:didn'?t|did\s+not|haven'?t|have\s+not|never)\s+"
                                 r"(?:actually\s+|really\s+|yet\s+)?(?P<target>.+?)"
                                 r"(?:\s+(?:yet|after\s+all))?$", t))
    if not m:
        return None
    return act_on(turn, m["target"], "uncomplete_task", prefer_completed=True)


def _done_one(turn: Turn, m: re.Match[str] | None) -> re.Match[str] | None:
    """Keep a match only when its ``target`` names completed tasks unambiguously."""
    if m is None:
        return None
    found = resolve(m["target"], turn.tasks, turn.context, prefer_completed=True)
    tasks = [turn.task(i) for i in found.ids] if found.clear else []
    return m if tasks and all(t and t.get("completed") for t in tasks) else None


def complete(turn: Turn) -> Plan | None:
    """"complete task 3", "mark buy milk as done", "I finished the report", "X is done"."""
    t = turn.text
    if re.match(r"^(?:did|do|have|has|can|could|would)\s+(?:you|it|i|we)\b", t, re.I):
        return None  # "did i have anything yesterday" asks
    m = (_m(rf"^(?:mark|set|flag|check|tick|cross|move)\s+(?P<target>.+?)\s+(?:as\s+|to\s+)?"
            rf"(?:{_DONE_WORDS}|off|bought|purchased)(?:\s+(?:the|my)\s+list)?$", t)
         or _m(rf"^{COMPLETE_V}\s+(?:with\s+)?(?P<target>.+)$", t)
         or _m(r"^(?:i(?:'ve|\s+have|'m|\s+am)?\s+)?(?:just\s+|already\s+|finally\s+|all\s+)?"
               r"(?:finished|completed|did|done)\s+(?:with\s+)?(?P<target>.+)$", t)
         or _m(r"^done\s*(?:with|:|-)?\s+(?P<target>.+)$", t)
         or _m(rf"^(?P<target>.+?)\s+(?:is|are|was|were|'s|has\s+been|have\s+been)?\s*"
               rf"(?:now\s+|all\s+|already\s+)?(?:{_DONE_WORDS}|taken\s+care\s+of|sorted)$", t))
    if not m:
        return None
    return act_on(turn, m["target"], "complete_task", prefer_completed=False)


_SHOPPED = re.compile(r"^(?:bought|got|grabbed|purchased|picked\s+up)\s+(?:the\s+|some\s+)?"
                      r"(?P<item>.+)$", re.I)


def complete_by_past_tense(turn: Turn) -> Plan | None:
    """"I called mom", "just paid the rent": a past-tense report matching one task's title."""
    m = _m(r"^(?:i(?:'ve|\s+have)?\s+)?(?:just\s+|already\s+|finally\s+)*(?P<target>(?:\w+ed|"
           r"bought|paid|did|went|wrote|sent|took|made|got|gave|met|ran|fed|read|brought|swept|"
           r"drove|ate|built|found|sold|told|spoke)\b.*)$", turn.text)
    if not m or re.match(r"did\s+(?:i|you|we)\b", m["target"], re.I):
        return None
    said = turn.text.lower().startswith("i") or "just" in turn.text.lower()
    target = m["target"]
    found = resolve(target, turn.tasks, turn.context, prefer_completed=False)
    if not found.clear and (item := _SHOPPED.match(target)):
        target = item["item"]  # "i bought the eggs": the list item is "eggs"
        found = resolve(target, turn.tasks, turn.context, prefer_completed=False)
    if not (found.clear or (said and found.candidates)):
        return None  # "bought groceries" alone counts only when it names one task
    return act_on(turn, target, "complete_task", prefer_completed=False)


def without_calendar_word(target: str) -> str:
    """"the lunch event" is "lunch", "the event with sarah" "with sarah"; "the next event" stays."""
    if re.match(r"^(?:the\s+|my\s+)?(?:next|upcoming|soonest|coming)\s+\w+$", target, re.I):
        return target
    if m := re.match(r"^(?:the\s+|my\s+|that\s+)?(?:event|reminder|entry|one|thing)\s+"
                     r"(?P<with>with\s+.+)$", target, re.I):
        return m["with"]  # "the event with sarah": the task with sarah in it
    return re.sub(r"(?<!^a)(?<!^an)(?<!^any)(?<!^one)(?<!^some)\s+(?:event|"
                  r"reminder|entry|appointment\s+reminder)s?$", "", target, flags=re.I)


def delete(turn: Turn) -> Plan | None:
    """"delete task 12", "remove the dentist appointment", "get rid of the first one"."""
    if m := _m(rf"^{DELETE_V}\s+(?P<target>.+?)(?:\s+(?:from|off|in|on)\s+(?:(?:my|the)\s+"
               r"(?:[\w-]+\s+){0,2})?(?:list|tasks|todos?|to-?dos?|calendar|schedule|agenda|reminders)|"
               r"\s+(?:(?:from|off|on|in)\s+)?"
               r"#[a-z][\w-]*)?$", turn.text):
        return act_on(turn, without_calendar_word(m["target"]), "delete_task")
    return None


def show_one(turn: Turn) -> Plan | None:
    """"show task 3", "details of #4", "what's task 7"."""
    if m := _m(r"^(?:show|open|get|view|display|details?\s+(?:of|for|on)|what'?s|what\s+is|"
               r"describe|tell\s+me\s+about|info\s+(?:on|about))\s+(?:me\s+)?(?:the\s+)?(?:details\s+(?:of|for)\s+)?"
               r"(?P<target>(?:task|item)\s*#?\d+|#\d+)$", turn.text):
        return act_on(turn, m["target"], "get_task", many=False)
    return None


def rename_loosely(turn: Turn) -> Plan | None:
    """"change buy milk to buy oat milk": a change with no date or priority is a rename."""
    m = _known(turn, _m(r"^(?:change|update|edit|replace|switch)\s+(?P<target>.+?)\s+(?:to|into|"
                        r"with)\s+(?P<value>.+)$", turn.text))
    if not m or re.fullmatch(r"[\d\s:.]+(?:am|pm)?", m["value"], re.I):
        return None  # "change X to 4 30": a time misheard, never a title
    title, note = fit_title(m["value"].strip().strip("\"'“”"))
    return act_on(turn, m["target"], "update_task", lambda _: {"title": title}, many=False,
                  note=note)


