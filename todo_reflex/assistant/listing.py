"""Listing: recognise list requests, turn filters into ``list_tasks`` args, apply them locally.

``filter_tasks`` applies the same filters to the user's task dicts; the planner uses it to
resolve bulk requests ("delete all completed tasks") against the user's own tasks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from todo_reflex.core.dates import in_named_window
from todo_reflex.core.limits import PAGE_MAX, QUERY_MAX

from .contract import normalize_tag
from .date_ranges import find_range
from .phrases import unquote
from .slots import extract_priority
from .task_index import TaskIndex
from .vocabulary import TASK_VERBS

_TASK_NOUN = (r"\b(?:tasks?|todos?|to-?dos?|to\s+do\s+list|items?|lists?|agenda|plate|things|stuff|"
              r"reminders?|events?|appointments?|meetings?|calendar|schedule|alerts?|plans?)\b")
_FILTER_WORD = (r"\b(?:due|overdue|late|behind|today|tonight|this\s+week|upcoming|coming\s+up|"
                r"pending|"
                r"completed?|done|finish(?:ed)?|ticked|checked|crossed|"
                r"accomplished|need\s+to\s+do|have\s+to\s+do|should\s+i\s+do|"
                r"(?:need|have)\s+to\s+(?:buy|get|pick\s+up)|should\s+i\s+(?:buy|get)|"
                r"open|left|remains?|remaining|outstanding|priority|urgent|tagged|p[1-4])\b|#[a-z]")
_STRONG = re.compile(r"^(?:show|list|display|view|print|search|find|look\s+(?:for|up)|filter|count|"
                     r"what(?:'s|s|\s+is|\s+are|\s+do|\s+did|\s+have|\s+else)?|which|how\s+many|"
                     r"any|anything|is\s+there|are\s+there)\b", re.I)
_WEAK = re.compile(r"^(?:see|check(?!\s+off)|give\s+me|get(?!\s+rid)|tell\s+(?:me|about)|(?:pull|"
                   r"bring|call)\s+up|open|"
                   r"do\s+i\s+have|am\s+i|is\s+anything|have\s+i|(?:tasks?|todos?)(?!\s*(?::|#?\d))|"
                   r"did\s+i|my|all|read|go\s+through|remind\s+me\s+what|(?:overdue|pending|completed|"
                   r"today'?s|upcoming|open|high[\s-]priority|next|future|latest|coming|this\s+week'?s)\s+(?:tasks?|todos?|items?|events?|"
                   r"reminders?|appointments?|meetings?))\b", re.I)

STATUS_COMPLETED = re.compile(r"\b(?:completed?|done|finished|finish|closed|checked\s+off|"
                              r"ticked\s+off|accomplished)\b", re.I)
_ABOUT = r"\b(?:anything|something)\s+(?:about|regarding|mentioning|called|named)\b"
STATUS_ALL = re.compile(r"\ball$|\b(?:all\s+(?:of\s+)?(?:my\s+|the\s+)?(?:tasks?|todos?|to-?dos|"
                        r"items|things)|"
                        r"every\s+(?:single\s+)?(?:task|todo|item)|everything|"
                        r"(?:including|incl\.?|plus|with|and)\s+(?:the\s+)?(?:done|completed?|"
                        r"finished|closed)(?:\s+ones|\s+tasks)?|(?:done|completed|finished)\s+"
                        r"(?:and|or|&)\s+(?:not|pending|open|undone)|"
                        r"(?:pending|open)\s+(?:and|or|&)\s+(?:done|completed|finished))", re.I)
_I_DID = re.compile(r"\b(?:i'?ve|i\s+have|i)\s+(?:already\s+)?(?:finished|completed|done|"
                    r"ticked\s+off|checked\s+off|crossed\s+off)\b", re.I)
STATUS_PENDING = re.compile(r"\b(?:pending|open|incomplete|unfinished|uncompleted|undone|"
                            r"not\s+(?:yet\s+)?(?:done|completed?|finished)|remains?|remaining|outstanding|"
                            r"left|active|unchecked|still\s+(?:have|need|to\s+do)|"
                            r"(?:need|have)\s+to\s+do|should\s+i\s+do)\b", re.I)
_DUE_FILTERS = (
    ("no_date", r"\b(?:no|without(?:\s+an?|\s+any)?)\s+(?:due\s+)?(?:dates?|deadlines?)\b|"
                r"\bundated\b|\bunscheduled\b|\bsomeday\b"),
    ("overdue", r"\b(?:overdue|late|past[\s-]due|missed|behind)\b"),
    ("today", r"\b(?:today'?s?|tonight|for\s+the\s+day|this\s+(?:morning|afternoon|evening))\b"),
    ("this_week", r"\b(?:this\s+week'?s?|the\s+week|next\s+(?:7|seven)\s+days|upcoming|latest|"
                  r"weekly\s+plan|"
                  r"coming\s+up|weekly)\b"),
)
_TAG_FILTERS = (
    r"[#@]([a-z][\w-]*)",
    r"\b(?:tagged|labell?ed)\s+(?:as\s+|with\s+)?([a-z][\w-]*)",
    r"\b(?:with|under|in)\s+(?:the\s+)?(?:tag|label)\s+([a-z][\w-]*)",
    r"\b(?:with|under)\s+(?:the\s+)?([a-z][\w-]*)\s+(?:tag|label)\b",
)
_QUERY = (
    r"\bwith\s+[\"']?(.+?)[\"']?\s+in\s+(?:the\s+|their\s+|its\s+)?(?:title|name)s?$",
    r"^(?:search|look)\s+(?:for|up)?\s*(?:tasks?\s+)?(?:about|with|for|containing|matching)?\s*(.+)$",
    r"^find\s+(?:me\s+)?(?:(?:all\s+)?(?:my\s+)?(?:tasks?|everything|anything|all|stuff|things)"
    r"\s+)?(?:about|with|containing|mentioning|"
    r"matching|called|named|for|related\s+to|that\s+mention)?\s*(.+)$",
    r"\b(?:about|containing|mentioning|matching|called|named|titled|related\s+to|regarding|"
    r"with\s+the\s+words?|that\s+(?:mention|contain|say)s?|with\s+\"|with\s+')\s+(.+)$",
)
_QUERY_TRIM = re.compile(r"^(?:the|my|a|an|any|all)\s+|^(?:anything|something|everything|tasks?|"
                         r"items?|"
                         r"stuff|things?)\s+(?:that\s+)?(?:mentioning|mentions?|about|with|containing|"
                         r"contains?|called|named|regarding|related\s+to|matching)\s+|\s+(?:in\s+(?:the\s+)?(?:title|name)|"
                         r"in\s+(?:my\s+)?(?:tasks|list)|tasks?|items?|todos?)$", re.I)


_MINE = r"(?:my|our|[a-z]+'s)\s+[a-z][a-z' -]*?"
_THE = r"the\s+[a-z][a-z' -]*?"
_AFTER = (r"(?:\s+(?:scheduled|due|set|planned|happening|again|start|begin|end|be|happen|"
          r"take\s+place|coming(?:\s+over)?|arriving|here))?$")
# questions about when one thing is: the thing is searched for
_WHEN_QUESTIONS = tuple(re.compile(p + _AFTER, re.I) for p in (
    # "when is my dentist appointment", "when's mom's birthday", "when is thanksgiving"
    rf"^when(?:\s+(?:is|are|was|were|'s|will|does|do)|'s)\s+(?P<what>{_MINE}|{_THE}|[a-z][a-z'-]*)",
    # "what time is my lunch with sam", "what time is the meeting i have with john"
    rf"^what\s+(?:time|day|date)(?:\s+(?:is|are|was|'s)|'s)\s+(?P<what>{_MINE}|{_THE}\s+with\s+"
    r"[a-z][a-z' -]*?)",
    # "what's the date of my next dentist appointment"
    rf"^what(?:'s|\s+is)\s+the\s+(?:date|time|day)\s+of\s+(?P<what>{_MINE}|{_THE})",
    # "when do i have to go to the dentist", "when am i meeting john", "when do i renew my passport"
    r"^when\s+(?:do|am|will|should)\s+i\s+(?:have\s+to\s+|need\s+to\s+|be\s+)?(?:go(?:ing)?\s+to|"
    r"see(?:ing)?|meet(?:ing)?|visit(?:ing)?|call(?:ing)?|" + "|".join(sorted(TASK_VERBS)) +
    r")\s+(?:the\s+|my\s+|our\s+)?(?P<what>[a-z][a-z' -]*?)",
))
# "meeting with sarah" is searched as "sarah": the person tells one such task from another
_WITH_SOMEONE = re.compile(r"^(?:[a-z]+\s+)?(?:meeting|call|lunch|dinner|breakfast|coffee|date|"
                           r"appointment)s?\s+(?:(?:i|we)\s+have\s+)?with\s+(?:the\s+|my\s+)?"
                           r"(?P<who>[a-z][a-z' -]*)$", re.I)


def search_words(asked: str) -> str:
    """The words to search for what a "when is" question asks about (see above)."""
    return m["who"] if (m := _WITH_SOMEONE.match(asked)) else asked


def when_is(text: str) -> str | None:
    """The thing a "when is X" question asks about, or None."""
    return next((m["what"] for p in _WHEN_QUESTIONS if (m := p.match(text))), None)


def is_list_request(text: str) -> bool:
    """Return True when ``text`` asks to see tasks rather than to change them."""
    if re.fullmatch(r"(?:#[a-z][\w-]*\s*)+", text, re.I) or when_is(text):
        return True  # "my work schedule" -> "#work": a named list alone shows it
    if _STRONG.match(text):
        return bool(re.match(r"^(?:show|list|display|view|print|search|find|look|filter|count)\b",
                             text, re.I) or re.search(_TASK_NOUN, text, re.I)
                    or re.search(_FILTER_WORD, text, re.I))
    if _WEAK.match(text):
        return bool(re.search(_TASK_NOUN, text, re.I) or re.search(_FILTER_WORD, text, re.I)
                    or re.search(_ABOUT, text, re.I))
    return False


# Words of the listing grammar and of dates (and contraction tails: what's, don't): never
# asked about as tags (a partial index would otherwise spend a call on "show", "my" ...).
GRAMMAR_WORDS = frozenset("""
    a about after afternoon ago all already am an and any anything apr april are at aug august
    be before between by can check coming complete completed containing day days dec december
    did display do done due each evening every everything feb february find finished first for
    fri friday from get give go have high how i in is it item items jan january jul
    july jun june last late left let list look low many mar march may me medium mine mon monday
    month months morning my need new newest next night no none not nov november now oct october
    of old oldest on open or outstanding overdue past pending please print priority pull read
    recent recently remaining remind sat saturday search see sep sept september should show
    since so some soon still sun sunday tagged task tasks tell that the their them there these
    things this those through thu thur thurs thursday till to today todo todos tomorrow tonight
    tue tues tuesday until up upcoming view want was wed wednesday week weekend weeks
    were what whats when which will with without year years yesterday yet you your
    d ll m re s t ve
""".split())  # noqa: SIM905 - a word list reads best as prose


_TO_BUY = re.compile(r"\b(?:need|have|got)\s+to\s+(?:buy|get|pick\s+up)\s*$|"
                     r"\bshould\s+i\s+(?:buy|get)\s*$|\bthings\s+to\s+buy\b", re.I)
_SHOPPING_TAGS = ("shopping", "grocery", "groceries")


def _shopping_tag(text: str, tasks: TaskIndex) -> str | None:
    """"what do i need to buy": the user's shopping list, when they keep one."""
    return tasks.tag_in(_SHOPPING_TAGS) if _TO_BUY.search(text) else None


def _known_tag(text: str, tasks: TaskIndex) -> str | None:
    """The first word of ``text`` that is one of the user's tags (asked for when unknown)."""
    words = [m[1].lower() for m in re.finditer(r"\b([a-z][\w-]*)\b", text, re.I)]
    words = [w for w in dict.fromkeys(words) if normalize_tag(w) == w]
    return tasks.tag_in(words, never=GRAMMAR_WORDS)


def list_args(text: str, tasks: TaskIndex, today: date | None = None) -> dict[str, Any]:
    """Translate a list request into ``list_tasks`` arguments (``status`` always present).

    Listings show pending tasks unless the request asks for completed ones or for all, in the
    task panel's order (soonest due first) except completed ones (newest first). With
    ``today`` (the user's local date), days the request names ("tomorrow", "this
    weekend", "in december") become ``due_from``/``due_to``.
    """
    args: dict[str, Any] = {"status": "pending"}
    rest = text
    for pattern in _TAG_FILTERS:
        if m := re.search(pattern, rest, re.I):
            args["tag"] = normalize_tag(m[1])
            rest = rest[: m.start()] + " " + rest[m.end():]
            break
    else:
        if tag := _known_tag(rest, tasks) or _shopping_tag(rest, tasks):
            args["tag"] = tag
    priority, rest_p = extract_priority(rest)
    if priority is None and (m := re.search(r"\b(important|urgent)\b", rest, re.I)):
        priority, rest_p = "high", rest[: m.start()] + rest[m.end():]
    if priority is not None:
        args["priority"], rest = priority, rest_p
    days = find_range(rest, today) if today is not None else None
    if days is not None:
        if days.first is not None:
            args["due_from"] = days.first.isoformat()
        if days.last is not None:
            args["due_to"] = days.last.isoformat()
        rest = rest[: days.span[0]] + " " + rest[days.span[1]:]
    for value, pattern in _DUE_FILTERS if days is None else ():
        if m := re.search(pattern, rest, re.I):
            args["due"] = value
            rest = rest[: m.start()] + " " + rest[m.end():]
            break
    if _I_DID.search(rest):  # "show me everything i've finished"
        args["status"] = "completed"
        rest = _I_DID.sub(" ", rest)
    elif m := STATUS_ALL.search(rest):
        args["status"] = "all"
        if re.search(r"\b(?:done|completed?|finished|closed)\b", m[0], re.I):
            rest = rest[: m.start()] + " " + rest[m.end():]
    elif STATUS_PENDING.search(rest):
        rest = STATUS_PENDING.sub(" ", rest)
    elif STATUS_COMPLETED.search(rest):
        args["status"] = "completed"
        rest = STATUS_COMPLETED.sub(" ", rest)
    if m := re.search(r"\b(?:top|first|next|last)\s+(\d{1,3})\b|\b(\d{1,3})\s+(?:tasks|items)",
                      rest, re.I):
        args["limit"] = max(1, min(PAGE_MAX, int(m[1] or m[2])))
    if "query" not in args and (asked := when_is(" ".join(rest.split()))):
        query = re.sub(r"^(?:my|the|our|a|an)\s+|^(?:next|upcoming|first|coming)\s+|\s+(?:on|in)"
                       r"\s+(?:my|the)"
                       r"\s+(?:calendar|schedule|list)$", "", asked, flags=re.I)
        query = re.sub(r"^(?:next|upcoming|first|coming)\s+", "", query, flags=re.I)
        if len(query) > 3 and query.endswith("s") and not query.endswith("ss"):
            query = query[:-1]
        query = search_words(query)
        if query and query.lower() not in GRAMMAR_WORDS:
            args["query"] = query[:QUERY_MAX]
    for pattern in _QUERY:
        if m := re.search(pattern, " ".join(rest.split()), re.I):
            query = unquote(m[1])
            previous = None
            while previous != query:
                previous, query = query, unquote(_QUERY_TRIM.sub("", query))
            if query and not re.fullmatch(r"(?:tasks?|everything|all|anything|me|my\s+tasks)",
                                          query, re.I):
                args["query"] = query[:QUERY_MAX]
            break
    if args["status"] != "completed":
        args["sort"] = "due"  # the task panel's order: soonest first, undated last
    return args


def _due_date(task: dict[str, Any]) -> datetime | None:
    due = task.get("due")
    if not due:
        return None
    try:
        return datetime.fromisoformat(str(due)[:16])
    except ValueError:
        return None


def filter_tasks(tasks: Sequence[dict[str, Any]], args: dict[str, Any],
                 now: datetime) -> list[dict[str, Any]]:
    """Apply ``list_tasks`` filters to task dicts, as the server would."""
    picked = []
    for task in tasks:
        done = bool(task.get("completed"))
        due = _due_date(task)
        status = args.get("status", "all")
        if (status == "pending" and done) or (status == "completed" and not done):
            continue
        when = args.get("due", "any")
        if when != "any" and not in_named_window(when, str(task.get("due") or "") or None, now):
            continue
        if when == "overdue" and done:
            continue
        first, last = args.get("due_from"), args.get("due_to")
        if (first or last) and (due is None or (first and due.date().isoformat() < first)
                                or (last and due.date().isoformat() > last)):
            continue
        if args.get("priority") and task.get("priority", "none") != args["priority"]:
            continue
        if args.get("tag") and args["tag"] not in (task.get("tags") or []):
            continue
        if args.get("query") and args["query"].casefold() not in (
                f"{task.get('title', '')} {task.get('description', '')}".casefold()):
            continue
        picked.append(task)
    return picked
