"""The planner's intents as one declarative table.

Each intent has a name, a priority, gate patterns, a handler and example phrasings.

``route`` tries the intents by priority (lowest first). An intent whose ``patterns`` are given
is tried only when one of them matches the tidied message (a cheap gate); its handler then
reads the message fully and returns a ``Plan``, or None to let the next intent try. Every
example phrasing is a test case (tests/assistant/test_intent_table.py) that must be routed to
its own intent, against the sample task list there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from todo_reflex.core.display import describe_due, describe_repeat

from . import intents
from .adding import (
    ADD_VERB,
    TASK_VERBS,
    add_calls,
    has_task_slots,
    run_on_items,
    starts_with_task_verb,
)
from .bulk import bulk_edit
from .conversation import answer_pending, small_talk
from .duplicates import ask_before_adding, twin_of
from .listing import is_list_request, list_args
from .matching import resolve
from .models import Plan, ToolCall
from .remind_intents import (
    NEEDS_DUE,
    change_reminders,
    drop_late,
    move_reminder,
    place_reminder,
    remove_reminders,
)
from .reminding import AT_DUE, read_reminder, reminder_words, says_remind
from .replies import OFF_TOPIC, escape
from .scope import another_service_job, is_question, other_apps_job, outside_tasks
from .task_index import TaskIndex
from .turn import Turn
from .unclear import ask_what_is_meant
from .undo import UNDO, undo, undo_named
from .vocabulary import (
    BULK_VERBS,
    COMPLETE_VERBS,
    DELETE_VERBS,
    MOVE_VERBS,
    REOPEN_VERBS,
    WEEKDAYS,
)

Handler = Callable[[Turn], "Plan | None"]


@dataclass(frozen=True)
class Intent:
    """One thing a message can ask for.

    Attributes:
        name: Short name, e.g. ``"delete"``.
        priority: Lower runs first; ties keep table order.
        handler: Reads the turn and returns a plan, or None to pass.
        patterns: Regexes of which one must match the tidied message before the handler runs
            (empty: always run the handler).
        examples: Phrasings that must route to this intent.
    """

    name: str
    priority: int
    handler: Handler
    patterns: tuple[re.Pattern[str], ...] = ()
    examples: tuple[str, ...] = ()

    def gate(self, text: str) -> bool:
        """Whether the handler should read ``text`` at all."""
        return not self.patterns or any(p.search(text) for p in self.patterns)


def _p(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.I) for p in patterns)


_NOTHING = re.compile(r"^(?:(?:a|an|the|my|new|one|some|another|for|on|at|in|this|that)\s+)*"
                      r"(?:something|anything|stuff|things?|items?|it|this|that|one|list|lists|"
                      r"events?|reminders?|tasks?|to\s*-?\s*dos?|entry|appointment|note|alarm|me|calendar|"
                      r"schedule|agenda|(?:repeating|recurring|new|next)\s+(?:event|reminder|meeting)s?|"
                      r"morning|afternoon|evening|night|day|week|month|recurring|repeat|"
                      r"call|clear|do|go|make|get|set|check|plan|visit|meet|meeting|"
                      r"appointment|grocery|groceries|shopping)$", re.I)
# a list is a tag here: "make a list for work" has nothing to add yet
# "start a new grocery list" (read as "start #grocery"), "make a list for the camping trip"
_NEW_LIST = re.compile(r"^(?:add|make|create|start|begin|set\s+up|open|new)\s+(?:(?:a|an|my|one|"
                       r"another)\s+)?(?:new\s+)?(?:#[\w-]+|(?:to\s*-?\s*do\s+|[\w-]+\s+)?list(?:\s+(?:for|called|named|"
                       r"titled|of)\b.*)?)$", re.I)
_LISTS_ARE_TAGS = ("Lists are tags here: add items to one with, for example, “add milk to my "
                   "grocery list”, and see it with “show my grocery list”. What should I add?")
# vague days ("next month") and a second time of day: the message was not fully understood
_VAGUE = re.compile(r"\b(?:next|this|coming|following)\s+(?:month|year)\b(?!\s+on\b)|\blater\b|"
                    r"\bsoon\b|\bsometime\b", re.I)
_TIMES = re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\bnoon\b|\bmidnight\b|\b\d{1,2}:\d{2}\b",
                    re.I)
_LOOSE_START = re.compile(r"^(?:on|at|for|to|in|by|with|and|of|from|or|but|because|there|is|are|"
                          r"was|i|you|it|when|whenever|if|once|as\s+soon\s+as|after|"
                          # an assistant word left at the start: "remind for pay bills"
                          r"remind|reminders?|calendar)\b", re.I)
# a title that stops on a joining word ("pick up the", "a box of") lost its last words
_DANGLING = re.compile(r"\s(?:of|the|a|an|my|your|our|from|into|onto|than|that)$", re.I)
# "remember my locker number is 42": a fact to keep, not a to-do
_STATEMENT = re.compile(r"\b(?:number|password|code|pin|combination|address|size|name)\s+"
                        r"(?:is|are|was)\b", re.I)
# "send a reminder to my husband to pick up milk": a reminder for someone else
_FOR_SOMEONE = re.compile(r"^(?:husband|wife|partner|son|daughter|kids?|children|mom|mum|dad|"
                          r"mother|father|brother|sister|boss|friend|team|roommate|[a-z]+'s)\s+to\s",
                          re.I)
# date and time words left in a title mean the message was not fully read
_UNREAD = re.compile(r"\b(?:\d{1,2}(?::\d{2})?\s*(?:am|pm)|\d{1,2}:\d{2}|o'?clock|today|tonight|"
                     r"tomorrow|(?:this|next|every)\s+(?:morning|evening|afternoon|night|week|"
                     r"month|\w+day)|at\s+\d|(?:on|by)\s+the\s+\d|by\s+\d|next|every|"
                     r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?|repeating|recurring|"
                     r"(?:\d+|an?|one|two|few|couple)\s+(?:of\s+)?(?:hours?|minutes?|days?|weeks?)(?:\s+(?:before|"
                     r"after|prior|ahead|from))?|(?:to|on|in|from)\s+(?:the\s+|my\s+|a\s+)?(?:list|calendar)"
                     r"|(?:set|add|make|create)\s+(?:the|an?)\s+(?:event|reminder)|upcoming|following|"
                     r"\w+(?:st|nd|rd|th)\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|"
                     r"sep|oct|nov|dec)[a-z]*|\d{1,2}(?:st|nd|rd|th)"
                     # a condition, not a time: "when i get off work", "before her birthday"
                     r"|(?:when|once|after|whenever|if|as\s+soon\s+as)\s+(?:i|we|you|he|she|they)"
                     r"|before\s+(?:her|his|my|their|our|the)\s+\w+"
                     r"|(?:after|before)\s+(?:lunch|dinner|breakfast|work|school|class)"
                     r"|to\s+(?:it|that|this|them)$)\b", re.I)
_ASK_WHAT = "What should I add? e.g. “add buy milk”."
_BARE_VERBS = frozenset(TASK_VERBS | {"attend", "cancel", "remind", "schedule", "add", "delete",
                                      "remove", "set", "create", "note", "list", "show"})


_REPEAT_WORD = re.compile(r"^(?:daily|weekly|monthly|yearly|nightly)\s+\w", re.I)


def _long_past(due: str, turn: Turn) -> bool:
    """"at four am today" said at ten, or a year gone by: a date the person can't have meant."""
    if not due:
        return False
    if due[:4] < turn.now.strftime("%Y"):
        return True
    return "T" in due and due[:10] == turn.now.date().isoformat() and (
        due[11:16] < turn.now.strftime("%H:%M"))


def _not_fully_read(turn: Turn, body: str, calls: list[ToolCall]) -> bool:
    """Whether an add left words it could not place: then it is offered, not written."""
    titles = [str(c.args["title"]) for c in calls]
    return bool(
        any(_UNREAD.search(t) or _LOOSE_START.match(t) or _REPEAT_WORD.match(t)
            or _DANGLING.search(t) or _FOR_SOMEONE.match(t) or _STATEMENT.search(t)
            for t in titles)
        or any(_long_past(str(c.args.get("due") or ""), turn) for c in calls)
        # "this thursday" said on a Thursday: today, or in a week?
        or re.search(rf"\bthis\s+{turn.now.strftime('%A')}\b", body, re.I)
        or _VAGUE.search(body) or len(_TIMES.findall(body)) > 1)


def suggest_adding(turn: Turn, calls: list[ToolCall], *, why: str = "") -> Plan:
    """Ask before a guessed add: the best reading as a one-tap "yes", nothing written yet."""
    pending = {"action": "add", "calls": [{"tool": c.tool, "args": c.args, "note": c.note}
                                          for c in calls]}
    quoted = [f"“{escape(c.args['title'])}”" for c in calls]
    what = " and ".join([", ".join(quoted[:-1]), quoted[-1]] if len(quoted) > 2 else quoted)
    first = calls[0].args
    tags = "".join(f" #{t}" for t in first.get("tags") or [])
    due = f" due {describe_due(first.get('due'), style='chat', now=turn.now)}" if first.get(
        "due") else ""
    repeat = f", {describe_repeat(first['repeat'], style='chat')}" if first.get("repeat") else ""
    if said := reminder_words(first.get("reminders") or [], first.get("due"), turn.now):
        repeat += f", {said}"
    return turn.plan(needs="clarification", context={"pending": pending},
                     reply=f"{why}Add {what}{tags}{due}{repeat}? Reply **yes** to add it, or say "
                           "it another way.")


def _add_with(turn: Turn, body: str, *, sure: bool = True) -> Plan:
    ask, body = read_reminder(body, remind=says_remind(turn.text))
    calls = add_calls(body, turn.now, reminder=ask)
    if not calls or all(_NOTHING.match(str(c.args["title"])) and not (
            c.args.get("due") and re.fullmatch(r"(?:an?\s+)?(?:appointment|meeting|call)",
                                               str(c.args["title"])))
            for c in calls):
        return turn.plan(needs="clarification", reply=_ASK_WHAT)
    titles = [str(c.args["title"]) for c in calls]
    if len(titles) == 1 and titles[0].lower() in _BARE_VERBS and not (
            titles[0].lower() == "call" and calls[0].args.get("due")):  # "a call on monday"
        return turn.plan(needs="clarification", reply=_ASK_WHAT)  # "add a note to attend"
    if len(calls) == 1 and (items := run_on_items(titles[0])):
        return suggest_adding(turn, [ToolCall("add_task", {**calls[0].args, "title": item})
                                     for item in items])
    if ask not in (None, AT_DUE) and not all(c.args.get("due") for c in calls):
        return turn.plan(needs="clarification", reply=NEEDS_DUE)
    calls, late = drop_late(calls, turn.now, keep_at_due=ask == AT_DUE)
    if late:
        return suggest_adding(turn, calls, why=late)
    if not sure or another_service_job(turn.text) or _not_fully_read(turn, body, calls):
        return suggest_adding(turn, calls)
    return ask_before_adding(turn, calls) or turn.plan(calls=calls)


def _new_list(turn: Turn) -> Plan:
    return turn.plan(needs="clarification", reply=_LISTS_ARE_TAGS)


def _listing(turn: Turn) -> Plan:
    return turn.plan(calls=[ToolCall("list_tasks",
                                     list_args(turn.text, turn.tasks, turn.now.date()))])


def _explicit_add(turn: Turn) -> Plan | None:
    m = ADD_VERB.match(turn.text)
    return _add_with(turn, turn.text[m.end():]) if m else None


_QUESTION = re.compile(r"^(?:what|which|when|whats|do\s+i|did\s+i|have\s+i|am\s+i|is\s+there|"
                       r"are\s+there|anything)\b|\?\s*$", re.I)


_ABOUT_LIST = re.compile(r"#[a-z]|\b(?:tasks?|to-?dos?|lists?|reminders?|events?|calendar|"
                         r"schedule[ds]?|agenda|appointments?|meetings?|plans|planned|busy|free|"
                         r"anything|going\s+on)\b", re.I)


def _question_listing(turn: Turn) -> Plan | None:
    """A question about tasks ("is the meeting scheduled for tomorrow?") lists; it never adds."""
    if (_QUESTION.search(turn.text) or is_question(turn.text)) and (
            has_task_slots(turn.text, turn.now) or _ABOUT_LIST.search(turn.text)):
        return _listing(turn)
    return None


# with no add verb, words about the list itself ("tell about latest events") are no to-do
_META = re.compile(r"\b(?:events?|calendar|reminders?|schedule|agenda|lists?|tasks?|to-?dos?)\b",
                   re.I)


def _implicit_add(turn: Turn) -> Plan | None:
    """"buy eggs tomorrow", "call the bank": a to-do with no command word.

    A message that starts with a to-do verb and carries a date, tag or priority is added. With
    no command word and nothing but the verb ("order a pizza", "email john"), or only a date or
    a tag ("dentist friday 3pm"), it may be asked of another assistant, so it is offered as a
    suggestion and nothing is written; a meeting with someone and its day ("lunch with mom on
    sunday") is a calendar entry and is added.
    """
    if is_question(turn.text) or len(turn.text.split()) < 2 or _META.search(turn.text):
        return None
    if starts_with_task_verb(turn.text):
        return _add_with(turn, turn.text, sure=has_task_slots(turn.text, turn.now))
    if has_task_slots(turn.text, turn.now):
        return _add_with(turn, turn.text, sure=_calendar_entry(turn))
    return None


_DAY_WORD = rf"(?:today|tonight|tomorrow|{'|'.join(WEEKDAYS)})'?s?"
# "lunch with mom on sunday", "tuesday meeting noon": a meeting with someone, or one named by
# its day ("dentist friday 3pm" stays a guess: the dentist may be a task of its own)
_CALENDAR_ENTRY = re.compile(
    rf"^(?:{_DAY_WORD}\s+)?(?:meeting|lunch|dinner|breakfast|brunch|coffee|drinks|call|date|"
    rf"appointment)s?\s+with\s+\w|^{_DAY_WORD}\s+(?:meeting|lunch|dinner|breakfast|brunch|call|"
    r"appointment|class|practice|game|party)s?\b", re.I)


def _calendar_entry(turn: Turn) -> bool:
    """An event and its day said with no verb, and no open task of that title (see above)."""
    if not _CALENDAR_ENTRY.match(turn.text):
        return False
    calls = add_calls(turn.text, turn.now)
    return len(calls) == 1 and twin_of(turn, ToolCall("add_task", {
        "title": calls[0].args["title"]})) is None


_WISH = re.compile(r"^i\s+(?:need|want|would\s+like|'d\s+like)\s+(?:some|any|a|an|the)\s", re.I)


def _out_of_scope(turn: Turn) -> Plan | None:
    """Music, weather, lights, news: say what the assistant can do; write nothing."""
    if other_apps_job(turn.text) or (outside_tasks(turn.text) and not (
            ADD_VERB.match(turn.text) and not _WISH.match(turn.text))):
        return _off_topic(turn)
    return None


def _set_new(turn: Turn) -> Plan | None:
    """"set bob's birthday for june 3rd": a dated "set" naming no task of yours adds one."""
    if re.match(r"^set\s", turn.text, re.I) and has_task_slots(turn.text, turn.now):
        return _add_with(turn, turn.text[4:])
    return None


def _off_topic(turn: Turn) -> Plan:
    return turn.plan(reply=OFF_TOPIC)


def _small_talk(turn: Turn) -> Plan | None:
    plan = small_talk(turn.raw)
    if plan is not None:
        plan.context = turn.plan().context
    return plan


def _follow_up(turn: Turn) -> Plan | None:
    """Answer a clarification question ("the first one", "call mom", "#9")."""
    clarify = turn.context.get("clarify")
    if not isinstance(clarify, dict) or not clarify.get("ids"):
        return None
    text = re.sub(r"^(?:i\s+meant?|the\s+one\s+(?:called|named)|it'?s|that'?s)\s+", "", turn.text,
                  flags=re.I)
    options = TaskIndex(turn.tasks.many(clarify["ids"]))
    found = resolve(text, options, {"last_listed": clarify["ids"]})
    if not found.clear or not set(found.ids) <= set(clarify["ids"]):
        return None
    original = str(clarify.get("text", ""))
    phrase = str(clarify.get("phrase", ""))
    if phrase not in original:
        return None
    ref = " and ".join(f"task {i}" for i in found.ids)
    again = Turn(original.replace(phrase, ref, 1), original, turn.now, turn.tasks, {})
    _, plan = route(again, skip=("confirm", "small_talk", "undo", "follow_up"))
    plan.context = {k: v for k, v in turn.context.items() if k == "writes"}
    plan.context["last_listed"] = clarify["ids"]
    return plan


_BULK_VERB = "|".join(BULK_VERBS.values())
_REFER_BACK = re.compile(
    rf"^(?P<about>.+?)(?:\s*[,;.-]+\s*|\s+)(?:so\s+|just\s+|please\s+|pls\s+|you\s+can\s+)*"
    rf"(?P<verb>{DELETE_VERBS}|{COMPLETE_VERBS}|mark|{MOVE_VERBS}|{REOPEN_VERBS})\s+"
    rf"(?P<it>it|that(?:\s+one)?|this(?:\s+one)?)\b(?P<tail>.*)$", re.I)
_STORY = re.compile(
    r"^(?:(?:i'?m|i\s+am|we'?re|we\s+are)\s+not\s+(?:going\s+to|gonna)\s+(?:go\s+to\s+)?|"
    r"(?:i|we)\s+(?:don'?t|do\s+not|no\s+longer|won'?t|will\s+not|didn'?t|already|"
    r"just|finally|have|'ve)?\s*(?:need\s+to|have\s+to|want\s+to|gonna|going\s+to)?\s*)?|"
    r"\s+(?:any\s*more|after\s+all|already|anyway|now|today|tonight|tomorrow)$", re.I)


def _refer_back(turn: Turn) -> Plan | None:
    """"<something about a task>, delete it": "it" is the task the first clause names."""
    m = _REFER_BACK.match(turn.text)
    if m is None:
        return None
    about = _STORY.sub("", _STORY.sub("", m["about"].strip())).strip()
    if not about or not resolve(about, turn.tasks, turn.context).clear:
        return None
    again = Turn(f"{m['verb']} {about}{m['tail']}", turn.raw, turn.now, turn.tasks,
                 turn.context)
    return route(again, skip=("confirm", "small_talk", "undo", "follow_up", "refer_back"))[1]


TABLE: tuple[Intent, ...] = (
    Intent("confirm", 0, answer_pending,
           examples=()),  # only with a pending question: see the confirm phrasings
    Intent("small_talk", 10, _small_talk,
           examples=("hi", "thanks!", "help", "what can you do?")),
    Intent("place_reminder", 14, place_reminder, _p(r"\b(?:when|once|as\s+soon|moment|at|near)\b"),
           examples=("remind me when i get home to call mom",)),
    Intent("out_of_scope", 15, _out_of_scope,
           examples=("play some jazz", "weather on tuesday", "turn off the kitchen lights",
                     "what's the weather like?", "tell me a joke")),
    Intent("undo", 20, undo, _p(UNDO.pattern),
           examples=("undo", "undo that", "oops, undo", "take that back")),
    Intent("undo_named", 21, undo_named, _p(r"^(?:undo|revert|reverse|roll\s*back|take\s+back)"
                                            r"\s+\w+ing\b"),
           examples=("undo completing task 8",)),
    Intent("follow_up", 25, _follow_up,
           examples=()),  # only after a question: see test_conversation.py
    Intent("refer_back", 26, _refer_back, (_REFER_BACK,),
           examples=("i don't need to renew the passport anymore, delete it",
                     "called mom already, mark it done")),
    Intent("move_reminder", 28, move_reminder,  # reads the words as said, too
           examples=("change the reminder on task 7 to 1 hour before",)),
    Intent("remove_reminders", 29, remove_reminders,  # reads the words as said, too
           examples=("remove the reminder from task 3", "no reminders on the dentist appointment",
                     "don't remind me about the passport")),
    Intent("clear_field", 30, intents.clear_field, _p(
        r"^(?:remove|clear|delete|drop|unset|erase|take|get|unschedule|undate|stop|don'?t|do\s+"
        r"not|untag|make|set|mark)\b", r"\bno\s", r"\b(?:repeat|recur)"),
           examples=("remove the due date from task 4", "stop repeating task 5",
                     "clear the tags of call mom")),
    Intent("change_tags", 31, intents.change_tags, _p(
        r"^(?:tag|label|untag|remove|delete|drop|take|set|change|update|replace|add)\b"),
           examples=("tag call mom with #weekend", "remove #home from task 9",
                     "untag call mom #family")),
    Intent("change_text", 32, intents.change_text, _p(
        r"^(?:rename|retitle|re-?name|re-?title|change|update|set|edit|call|add|put|attach|"
        r"write|append|describe|give)\b"),
           examples=("rename task 3 to buy oat milk", "add a note to task 12: two photos",
                     "change the title of task 9 to call the electrician")),
    Intent("change_priority", 33, intents.change_priority, _p(
        r"\bprio|\bdeprioriti|\bescalate\b"),
           examples=("change the priority of task 5 to high", "prioritize renew passport",
                     "lower the priority of the report")),
    Intent("set_due", 34, intents.set_due, _p(r"\b(?:due|deadline|date|schedule|time)\b"),
           examples=("change the due date of task 3 to friday",
                     "set the deadline for renew passport to dec 1")),
    Intent("show_one", 35, intents.show_one, _p(r"(?:task|item)\s*#?\d+\s*$|#\d+\s*$"),
           examples=("show task 3", "details of #4")),
    Intent("unclear", 38, ask_what_is_meant,
           examples=("when is the event", "tell me the list about", "check item five",
                     "how can i remove an item")),
    Intent("list", 40, lambda turn: _listing(turn) if is_list_request(turn.text) else None,
           examples=("show my tasks", "what's due tomorrow?", "how many tasks do I have?",
                     "show completed", "what did I finish")),
    Intent("new_list", 45, _new_list, (_NEW_LIST,),
           examples=("create a new grocery list", "make a list for the camping trip")),
    Intent("bulk_edit", 50, bulk_edit, _p(rf"^(?:{_BULK_VERB})\s"),
           examples=("push everything overdue to tomorrow", "complete all #shopping tasks",
                     "delete everything tagged #home", "mark all of today's tasks done")),
    Intent("reopen_by_story", 55, intents.reopen_by_story, _p(r"\bback\b", r"^i\s"),
           examples=("put water the plants back on my list",
                     "I didn't actually water the plants")),
    Intent("reminder", 57, change_reminders, _p(
        r"^remind\s+me\b", r"\bremind\s+me\s+(?:about|of)\b", r"\d.*\b(?:reminder|alert)"),
           examples=("remind me about the report at 5pm",
                     "set a reminder for the dentist appointment 30 minutes before")),
    Intent("add", 60, _explicit_add, (ADD_VERB,),
           examples=("add buy bread tomorrow", "remind me to call grandma on sunday",
                     "new task: book flights in 3 days")),
    Intent("reopen", 70, intents.reopen, _p(
        rf"^(?:{REOPEN_VERBS})\s", r"\b(?:not|undone|incomplete|uncompleted|unfinished|"
        r"pending|open|active|to\s*do|isn'?t|wasn'?t|yet|after\s+all)\b"),
           examples=("reopen task 8", "mark water the plants as not done")),
    Intent("complete", 71, intents.complete, _p(
        rf"^(?:{COMPLETE_VERBS}|mark|set|flag|check|tick|cross|move|i\b|done|just|already|"
        r"finally|did|completed)",
        r"\b(?:done|complete|completed|finished|checked|closed|resolved|ticked|sorted|"
        r"taken\s+care\s+of)$"),
           examples=("complete task 3", "mark buy milk as done", "I finished the report",
                     "buy milk is done")),
    Intent("delete", 72, intents.delete, _p(rf"^(?:{DELETE_VERBS})\s"),
           examples=("delete task 12", "remove the dentist appointment")),
    Intent("past_tense", 80, intents.complete_by_past_tense,
           examples=("I called mom", "just paid the electricity bill", "bought groceries")),
    Intent("reschedule", 90, intents.reschedule, _p(rf"^(?:{MOVE_VERBS})\s"),
           examples=("move the dentist appointment to friday", "postpone the report by 2 days")),
    Intent("update", 91, intents.update_generic,
           examples=("set task 12 due tomorrow at 10am", "make call mom high priority")),
    Intent("set_new", 93, _set_new,
           examples=("set bob's birthday for every june third",)),
    Intent("rename_loosely", 92, intents.rename_loosely, _p(
        r"^(?:change|update|edit|replace|switch)\s"),
           examples=("change buy milk to buy almond milk",)),
    Intent("question_list", 100, _question_listing,
           examples=("what do I have on dec 3?",)),
    Intent("implicit_add", 110, _implicit_add,
           examples=("buy concert tickets tomorrow #fun", "call the electrician")),
    Intent("off_topic", 1000, _off_topic,
           examples=("banana", "how are you")),
)
ORDER: tuple[Intent, ...] = tuple(sorted(TABLE, key=lambda i: i.priority))


def route(turn: Turn, *, skip: tuple[str, ...] = ()) -> tuple[Intent, Plan]:
    """The first intent, by priority, whose gate and handler accept the turn, and its plan."""
    for intent in ORDER:
        if intent.name in skip or not intent.gate(turn.text):
            continue
        if (plan := intent.handler(turn)) is not None:
            return intent, plan
    raise AssertionError("the off_topic intent always answers")  # pragma: no cover
