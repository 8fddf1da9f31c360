"""Adding: turn "add eggs, butter and flour tomorrow #shop p2" into ``add_task`` calls."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from .contract import fit_title
from .dates import extract_when
from .models import ToolCall
from .phrases import unquote
from .reminding import Ask, rules_for
from .slots import extract_description, extract_priority, extract_tags
from .vocabulary import TASK_VERBS

ADD_VERB = re.compile(
    r"^(?:add|create|insert|enter|log|record|schedule|new|put(?=.*\s(?:on|in|to|onto)\s+(?:my|the)\s"
    r"+(?:[\w-]+\s+){0,2}(?:list|tasks|todos?|to-?do))|make(?=\s+an?\s+(?:new\s+)?"
    r"(?:task|todo|to-do|reminder|note|item))|set(?:\s+up)?(?=\s+an?\s+(?:new\s+)?(?:task|"
    r"reminder|todo))|note\s+to\s+self|note\s+down|jot\s+down|write\s+down|remember\s+to|remind\s+me(?:\s+to\b)?|"
    r"don'?t\s+(?:let\s+me\s+)?forget(?:\s+to\b)?|i\s+(?:need|have|gotta|got|must|should|want)"
    r"(?!\s+(?:just\s+|already\s+|finally\s+|now\s+)?(?:\w+ed|done|bought|paid|sent|made|taken|"
    r"written|gone|seen|given|sold|told|spoken|eaten|driven|built|found|met|fed|brought)\b)"
    r"(?:\s+to\b)?|i\s+gotta|need\s+to|have\s+to|gotta|(?:todo|to-?do|task|reminder)\s*[:-])(?![a-z])\s*:?\s*",
    re.I)
_LEAD = re.compile(
    r"^(?:(?:a|an|another|one\s+more|the|my|some|more)\s+|new\s+(?=(?:tasks?|todos?|to[\s-]?dos?|"
    r"reminders?|items?|notes?|events?)\b))*(?:(?:tasks?|todos?|to[\s-]?dos?|reminders?|"
    r"items?|notes?|events?)\b\s*(?:to|for|about|:|-|called|named|titled|that\s+says|saying)?"
    r"(?![a-z])\s*)?"
    r"|^(?:to|about|that|called|named|titled|:|-)\s+", re.I)
_TRAIL = re.compile(
    r"\s+(?:to|on|onto|in|into)\s+(?:my|the)\s+(?:[\w-]+\s+){0,2}(?:list|tasks|todos?|to-?dos?|"
    r"to-?do\s+list|todo\s+list|inbox)$|\s+as\s+an?\s+(?:task|todo|reminder)$"
    r"|\s+(?:due|on|by|at|for|with|and|from|starting|is|are|too|also|as\s+well)$"
    r"|(?<=\w)\s+(?:that\s+|which\s+)?(?:i|we)\s+(?:have|'ve\s+got|have\s+got)$", re.I)


_CODE = re.compile(r"[*=(){}<>\[\]|`$\\]|--|;\s*$|\b[A-Z]{3,}\b.*;|\w\.\w+\(|::|->|=>|/\w+/")


def _clean_title(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = unquote(_TRAIL.sub("", _LEAD.sub("", text.strip())))
    return text


def split_titles(text: str) -> list[str]:
    """Split a title list: "eggs, butter and flour" -> three; "call mom and dad" stays one.

    Text that looks like code or SQL ("SELECT * FROM t; DROP TABLE x;--") is one title, as typed.
    """
    if _CODE.search(text):
        return [text.strip()]
    chunks = [c for c in re.split(r"\s*[;\n]\s*", text) if c.strip()]
    titles: list[str] = []
    for chunk in chunks:
        if "," in chunk:
            parts = [p for p in re.split(r"\s*,\s*", chunk) if p.strip()] or [""]
            tail = re.split(r"\s+(?:and|&)\s+", parts[-1]) if len(parts) > 1 else [parts[-1]]
            parts = parts[:-1] + tail
        else:
            parts = re.split(r"\s+(?:and|&)\s+", chunk)
            # "nails and a hammer": an article opens the next item, it does not glue the two
            bare = [re.sub(r"^(?:a|an|some)\s+(?=\w)", "", p, flags=re.I) for p in parts]
            singles = all(len(p.split()) == 1 for p in bare)
            verbs = all(p.split()[0].lower() in TASK_VERBS for p in parts if p.split())
            # "batteries and light bulbs"; "milk eggs and bread" is left to run_on_items
            items = all(len(p.split()) == 1 for p in bare[:-1]) and len(bare[-1].split()) <= 2 \
                and not _glued(" ".join(bare))
            if len(parts) > 1 and not (singles or verbs or items):
                parts = [chunk]
        titles += [t for p in parts if (t := _clean_title(re.sub(r"^(?:and|&)\s+", "", p)))]
    return titles


_LIST_VERBS = frozenset({"add", "start", "create", "put", "remove", "delete", "new", "list"})
_GLUE = frozenset({"a", "an", "the", "of", "for", "with", "to", "my", "our", "in", "on", "at",
                   "from", "some"})


def _glued(text: str) -> bool:
    """True when ``text`` has a verb or a joining word: "call mom", "cup of tea" are one task."""
    return bool({w.lower() for w in text.split()} & (_GLUE | TASK_VERBS | _LIST_VERBS))


def run_on_items(title: str) -> list[str] | None:
    """The items of a list spoken with no commas, or None when ``title`` is no such list.

    "milk eggs and bread" is likely three items, but "ice cream and cookies" is two, so the
    split is only a guess: the caller offers it rather than writing it.
    """
    words = title.split()
    if not 3 <= len(words) <= 8 or words.count("and") != 1 or words.index("and") < 2:
        return None
    if words[-1] == "and" or _glued(title):
        return None
    items = [w for w in words if w.lower() != "and"]
    return items if len(items) <= 6 else None


def _quoted(body: str) -> tuple[str | None, str]:
    m = re.match(r"^\s*[\"“'‘](.+?)[\"”'’](?=\s|$)", body)
    if not m:
        return None, body
    return m[1].strip(), body[m.end():]


def add_calls(body: str, now: datetime, *, reminder: Ask | None = None) -> list[ToolCall]:
    """Build ``add_task`` calls from the words after the add verb.

    Args:
        body: e.g. ``"pay rent due dec 1 high priority"``.
        now: Current local wall-clock time.
        reminder: The reminder asked for (see ``reminding.read_reminder``), already taken
            out of ``body``.

    Returns:
        One call per title; empty when no title is left.
    """
    quoted, rest = _quoted(_LEAD.sub("", body.strip(), count=1))
    description, rest = extract_description(rest)
    priority, rest = extract_priority(rest)
    tags, rest = extract_tags(rest)
    when, rest = extract_when(rest, now)
    titles = [quoted] if quoted else split_titles(rest)
    if quoted and _clean_title(rest):
        description = description or None
    calls = []
    for title in titles:
        fitted, note = fit_title(title)
        args: dict[str, Any] = {"title": fitted}
        if description:
            args["description"] = description
        if when.due:
            args["due"] = when.due
        if priority and priority != "none":
            args["priority"] = priority
        if tags:
            args["tags"] = tags
        if when.repeat:
            args["repeat"] = when.repeat
        if reminders := rules_for(reminder, when.due):
            args["reminders"] = reminders
        calls.append(ToolCall("add_task", args, note=note))
    return calls


def has_task_slots(text: str, now: datetime) -> bool:
    """True when ``text`` carries a date, repeat, priority or tag (a task-like fragment)."""
    when, _ = extract_when(text, now)
    priority, _ = extract_priority(text)
    tags, _ = extract_tags(text)
    return bool(when.due or when.repeat or priority or tags)


def starts_with_task_verb(text: str) -> bool:
    """True when ``text`` reads like an imperative to-do ("buy eggs", "call the bank")."""
    words = text.lower().split()
    if len(words) > 1 and words[1] in ("me", "us", "you"):
        return False
    return bool(words) and words[0] in TASK_VERBS and len(words) <= 10
