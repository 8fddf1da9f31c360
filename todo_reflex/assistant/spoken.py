"""Spoken English to the typed grammar: wake words, spelled-out numbers, assistant words.

People talk to an assistant the way they talk to a home speaker: "olly set a reminder to call
mom at six thirty pm on the thirteenth". ``from_speech`` rewrites such a message into the form
the rest of the planner reads ("remind me to call mom at 6:30pm on the 13th"):

- wake words and filler ("olly", "alexa", "hey siri", "i need you to") are dropped;
- numbers, times and ordinals spelled out become digits, with ``text2num`` (a maintained
  parser of English number words, so "twenty third" and "one hundred" need no table here)
  and a few clock rules of our own ("six thirty pm" -> "6:30pm", "half past six" -> "6:30");
- assistant and calendar words that are not the task ("set a reminder to", "add an event",
  "on my calendar") become the plain add verb, or go;
- a named list ("to my grocery list") becomes a tag (``#grocery``); the generic "list",
  "to do list" and "reminders" are no tag.

Typed commands pass through unchanged: every rule needs words that typed commands rarely use.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from text_to_num import alpha2digit

from .dates import says_only_when
from .spoken_verbs import plain_verbs
from .vocabulary import LIST_NOUNS

_WAKE = re.compile(r"^(?:(?:hey|hi|ok(?:ay)?|yo)\s+)?(?:olly|ollie|olli|alexa|siri|google|"
                   r"computer|assistant|cortana|jarvis)\b[\s,!.:]*|[\s,]+(?:olly|ollie|alexa|siri|"
                   r"google|please|thanks|thank\s+you)[\s.!?]*$", re.I)
_FILLER = re.compile(r"^(?:(?:(?:i(?:\s+want|\s+need|\s+would\s+like|'d\s+like|\s+d\s+like)\s+to"
                     r"|do)"
                     r"(?=\s+(?:add|put|create|make|set|schedule|remind|delete|remove|cancel|clear|"
                     r"erase|drop(?!\s+off)|take(?!\s+(?:out|off|back)\b))\b)|please|can\s+you|could\s+you|would\s+you|will\s+you|i\s+need\s+you\s+"
                     r"to|i\s+want\s+you\s+to|i\s+would\s+like\s+you\s+to|i'?d\s+like\s+you\s+to|"
                     r"would\s+you\s+please|go\s+ahead\s+and|quickly|kindly|just|"
                     # "is there a way to clear my calendar": asking for it
                     r"(?:is\s+there\s+(?:a|any)\s+way|are\s+there\s+(?:any\s+)?ways)\s+(?:to|i\s+can|"
                     r"you\s+can)(?=\s+(?:go\s+ahead|add|clear|delete|remove|erase|cancel|empty|wipe|"
                     r"move|mark)\b))\s+)+", re.I)

_SPELLINGS = {"twelveth": "twelfth", "o clock": "o'clock", "oclock": "o'clock",
              "remainder": "reminder", "up coming": "upcoming", "b day": "birthday",
              "bday": "birthday", "b-day": "birthday", "calender": "calendar"}
_SPELLING = re.compile(r"\b(?:" + "|".join(_SPELLINGS) + r")\b", re.I)
_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_SMALL_RE = "|".join(_SMALL)
_MERIDIEM = r"(?:a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z])"
_ORDINAL_SMALL = {"first": "1st", "second": "2nd", "third": "3rd"}

# Clock words after text2num: "6 30 pm", "at 8 15", "half past 6", "6 o'clock"
_CLOCK_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.I), r) for p, r in (
        (rf"\b({_SMALL_RE})(?=\s*(?:{_MERIDIEM}|o'?\s?clock))", "<small>"),
        (rf"\b(at|by|around|from|until|till|to|between|and|past)\s+({_SMALL_RE})\b(?!\s+(?:days?|weeks?|"
         r"months?|years?|hours?|minutes?|of|more|things?|tasks?|items?))", "<small2>"),
        (r"\bhalf\s+past\s+(\d{1,2})\b", r"\1:30"),
        (r"\b(at|by|around)\s+(5|10|20|25)\s+(?:to|till)\s+(\d{1,2})\b(?!\s*(?:-|and\b))",
         "<minutes_to>"),
        (r"\bthis\s+coming\b", "this"),
        (r"\b(jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|sept(?:ember)?|"
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\s+the\s+(\d{1,2}(?:st|nd|rd|th))\b", r"\1 \2"),
        (r"\bquarter\s+past\s+(\d{1,2})\b", r"\1:15"),
        (r"\b(?:a\s+)?quarter\s+(?:to|till|of)\s+(\d{1,2})\b", "<quarter_to>"),
        (r"\b(\d{1,2})\s+o'?\s?clock\b", r"\1:00"),
        (rf"\b(\d{{1,2}})\s+(\d{{2}})\s*({_MERIDIEM})", r"\1:\2\3"),
        (r"\b(at|by|around|from|until|till|between|and|for|to)\s+(\d{1,2})\s+(\d{2})\b(?!\s*(?:st|nd|"
         r"rd|th|minutes?|hours?|days?))", r"\1 \2:\3"),
        (r"\b(\d{1,2})\s+(\d{2})\s+(today|tonight|tomorrow)\b", r"\1:\2 \3"),
        (r"\b(\d{1,2})\s+oh\s+(\d)\b", r"\1:0\2"),
        (rf"\b(\d{{1,2}}(?::\d{{2}})?)\s+({_MERIDIEM})", r"\1\2"),
        (r"\b(?:at\s+)?twelve\s+noon\b|\b12\s+noon\b", "at noon"),
        (r"\b(jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|sept(?:ember)?|"
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\s+(first|second|third)\b", "<month_ord>"),
        (rf"\b(jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|sept(?:ember)?|"
         rf"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\s+({_SMALL_RE})\b", "<month_day>"),
        (r"\b(the|on)\s+(first|second|third)\b(?!\s+(?:one|task|item|of\s+(?:them|those|these)))",
         "<ordinal>"),
        (r"\b(?:the\s+)?(\d{1,2}(?:st|nd|rd|th))\s+of\s+(?:this|the)\s+month\b", r"the \1"),
        # "tomorrow evening by seven": after a day or part of day, "by" a number is a clock time
        (r"\b(morning|afternoon|evening|night|tonight|today|tomorrow|(?:mon|tues|wednes|thurs|fri|"
         r"satur|sun)day)\s+by\s+(\d{1,2})\b(?![:.]?\d|\s*(?:st|nd|rd|th|am|pm|a\.m|p\.m)\b)",
         r"\1 at \2"),
        # "two days after today", "three day from this day" -> "in 2 days"
        (rf"\b(?:the\s+)?({_SMALL_RE}|\d{{1,2}})\s+days?\s+(?:after|from)\s+(?:this\s+day|today|"
         r"now)\b", "<days_after>"),
        # a year said in two halves after a date: "march 22nd 20 17" -> "march 22nd 2017"
        (r"\b((?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{1,2}(?:st|nd|rd|th)?|"
         r"\d{1,2}(?:st|nd|rd|th)?\s+of\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)"
         r",?\s+(19|20)\s+(\d{2})\b(?!\s*(?::|am|pm|minutes?|hours?))", r"\1 \2\3"),
        # "on the morning of the 12th" -> "on the 12th in the morning"
        (r"\b(?:on\s+)?the\s+(morning|afternoon|evening|night)\s+of\s+(?P<day>(?:the\s+)?\d{1,2}"
         r"(?:st|nd|rd|th)|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{1,2}"
         r"(?:st|nd|rd|th)?|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b",
         r"on \g<day> in the \1"),
    ))

_LIST_WORDS = r"(?:list|lists)"
_GENERIC_LIST = {"to do", "todo", "to-do", "task", "tasks", "reminder", "reminders", "my", "new",
                 "the", "a", "this", "that", "whole", "entire", "main", "daily", "things to do",
                 "do", "to", "a new", "shared", "current", "last", "first", "next", "specific",
                 "particular", "same", "other", "another", "each", "every", "which", "what",
                 "any", "your", "our",
                 "his", "her", "their", "one", "complete", "full", "the whole",
                 "create", "make", "read", "show", "check", "add", "delete", "remove", "clear",
                 "see", "open", "view", "send", "give", "tell", "get", "display", "print",
                 "busy", "weekly", "monthly", "google", "outlook", "day",
                 "week", "weekend", "today's", "tomorrow's", "today", "tomorrow", "upcoming",
                 "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                 "monday's", "tuesday's", "wednesday's", "thursday's", "friday's", "saturday's",
                 "sunday's", "work day", "old", "events", "event", "weeks", "next weeks",
                 "this weeks", "todays", "tomorrows", "months", "weekends"}
_NOT_NAMES = {"to", "for", "of", "and", "with", "at", "on", "in", "a", "an", "the", "my", "i", "me",
              "it", "is", "this", "that", "your", "from", "off", "new"}
_NAMED_LIST = re.compile(
    r"\s*\b(?:(?:to|onto|into)\s+(?P<bare>[a-z][a-z'-]*\s+[a-z][a-z'-]*)|"
    r"(?:(?:to|on|onto|in|into|from|off|off\s+of|of|for)\s+)?(?:(?:(?:my|the|a|our|this)\s+)"
    r"(?:new\s+)?(?P<name>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*)?)|(?P<one>[a-z][a-z'-]*)))\s+(?:list|calendar|"
    r"schedule)\b"
    r"(?!\s+(?:of|for)\b(?!\s+(?:today|tonight|tomorrow|this|next|the\s+\d|\w+day)\b))", re.I)
_CALENDAR = re.compile(
    r"\s+(?:to|on|onto|in|into|from|off|off\s+of)\s+(?:(?:my|the|our)\s+(?:calendar|schedule|"
    r"agenda|diary|planner|reminders?|reminder\s+list|to\s*-?\s*do\s+list|todo\s+list|list)|calendar|"
    r"list(?=\s*$))\b"
    r"(?:\s+(?:app|for\s+me))?", re.I)
_REMINDER = re.compile(
    r"^(?:(?:set|create|make|put|add|give|send|schedule|set\s+up|save|enter)\s+(?:up\s+)?(?:me\s+)?"
    r"(?:a|an|one|the|my)?\s*(?:(?:new|quick|repeating|recurring|(?P<every>daily|weekly|monthly))\s+)*"
    r"(?:reminder|notification|alert)s?(?:\s+in\b(?!\s+(?:\d|an?\s|half\b)))?(?:\s+(?:for|to)\s+me\b)?"
    r"|(?:a\s+|new\s+|a\s+new\s+)?(?:reminder|notification|alert)(?=\s+(?:of|for|about|to|that)\b)"
    r"|(?:don'?t\s+forget\s+to\s+|please\s+)?remind\s+me|i\s+(?:need|want)\s+to\s+be\s+reminded"
    r"|(?:tell|notify|alert|ping)\s+me(?=\s+to\b)|(?:notify|alert|ping)\s+me(?=\s+(?:on|at|in|this|"
    r"next|tomorrow|tonight|today|every|\d+\s*(?:min|h|day|week)\w*\s+before|an?\s+(?:hour|day|"
    r"week)\s+before|half\s+an\s+hour\s+before|the\s+(?:day|night|evening)\s+before)\b)|remember\s+me|remind(?=\s+(?:to|at|about)\b)"
    r"|remember|don'?t\s+let\s+me\s+forget|i\s+(?:need|want)\s+(?:a\s+)?(?:reminder|to\s+be\s+reminded))"
    r"(?:\s+(?:to|that|about|of|for)\b)?\s*", re.I)
_EVENT = re.compile(
    r"^(?:add|create|make|set|put|schedule|book|set\s+up|enter|plan|arrange|save)\s+(?:up\s+)?"
    r"(?:(?:a|an|and|the|my|one)\s+)?(?:new\s+)?(?:calendar\s+|reminder\s+)?(?:event|entry|info|appointment\s+reminder|"
    r"event\s+reminder|appointment(?=\s+for\s+(?:a|an|my|the)\s+[a-z]))s?\b(?:\s+(?:in|on|to)\s+(?:(?:my|the)\s+)?"
    r"calendar)?"
    r"(?:\s+(?:for(?!\s+(?:the\s+)?\d)|called|named|titled|about|of|that\s+says)\b|\s*:)?\s*", re.I)
_SCHEDULE = re.compile(
    r"^(?:(?:set|schedule|book|arrange|set\s+up|plan|organi[sz]e|fix)\s+(?:up\s+)?(?:in\s+)?"
    r"(?:(?:a|an|my)\s+|(?:(?:new|recurring|repeating)\s+)?(?=(?:meeting|appointment|event|"
    r"conference|interview)s?\b))|(?:make|put|add)"
    r"\s+(?:a|an)\s+|put\s+(?=[a-z'-]+(?:\s+[a-z'-]+)?\s+(?:with\s|on\s+(?:the\s+\d|\w+day\b)|"
    r"at\s+\d|tomorrow|today|tonight|(?:this|next)\s)))(?=(?:new\s+)?[a-z'-]+(?:\s+[a-z'-]+)?\s*(?:$|with|for|at|on|"
    r"to|in|tomorrow|today|tonight|this|next|\d))", re.I)
_STORY_LEAD = re.compile(
    r"^(?:that\s+)?(?:i\s+(?:need|want)\s+to\s+be\s+reminded\s+(?:(?:that|about|of|to)\s+)?|"
    r"(?:(?:that\s+)?there\s+(?:is|are|will\s+be|'s)\s+)|"
    r"(?:we|i)\s+(?:are|am|will\s+be)\s+having\s+|(?:we're|i'm)\s+having\s+|"
    r"(?:we|i)\s+have\s+(?=(?:a|an)\s|(?!to\b|got\b)[a-z])|(?:we|i)\s+got\s+(?=(?:a|an)\s)|"
    r"my\s+(?=\w)|"
    r"(?:we|i)\s+need\s+(?:more\s+|some\s+)?(?!to\b)(?=[a-z])|"
    r"(?:i\s+(?:have|need|got|must|should|want)|i'?ve\s+got|i\s+have\s+got|we\s+(?:have|need))\s+to\s+|"
    r"i\s+gotta\s+|to\s+)(?:(?:a|an)\s+(?=\w))?", re.I)
_WHEN_FIRST = re.compile(r"^(?P<when>.+?)\s+(?:to|for|about|that)\s+(?P<what>.+)$", re.I)
# "set my meeting with john as high priority": a change to that meeting, not a new one
_SAYS_PRIORITY = re.compile(r"\b(?:as|to)\s+(?:a\s+)?(?:high|low|medium|top|urgent)"
                            r"(?:\s+priority)?$|\bpriority$", re.I)
_POSSESSIVE_DAY = re.compile(r"\b(today|tomorrow|tonight|yesterday|monday|tuesday|wednesday|"
                             r"thursday|friday|saturday|sunday|week|weekend|month)'s\b", re.I)
_EVENT_NOUNS = re.compile(
    r"^(?:meeting|appointment|call|lunch|dinner|breakfast|party|date|session|class|lesson|"
    r"practice|game|match|interview|visit|trip|conference|review|checkup|check-up|"
    r"birthday|wedding|anniversary|dentist|doctor|doctors|doctor's|reunion|event|"
    r"brunch|coffee|drinks|workout|training|rehearsal|show|concert|presentation|webinar|demo|"
    r"haircut|massage|manicure|pedicure|facial|exam|table|reservation|physio|therapy)s?\b",
    re.I)


def _small(m: re.Match[str]) -> str:
    return str(_SMALL[m[1].lower()])


def _small2(m: re.Match[str]) -> str:
    return f"{m[1]} {_SMALL[m[2].lower()]}"


def _ordinal(m: re.Match[str]) -> str:
    return f"{m[1]} {_ORDINAL_SMALL[m[2].lower()]}"


def _month_day(m: re.Match[str]) -> str:
    return f"{m[1]} {_SMALL[m[2].lower()]}"


def _minutes_to(m: re.Match[str]) -> str:
    """"at ten to eleven" -> "at 10:50"."""
    hour = int(m[3])
    return f"{m[1]} {(hour - 2) % 12 + 1}:{60 - int(m[2]):02d}" if 1 <= hour <= 12 else m[0]


def _quarter_to(m: re.Match[str]) -> str:
    hour = int(m[1])
    return f"{(hour - 2) % 12 + 1}:45" if 1 <= hour <= 12 else m[0]


def _days_after(m: re.Match[str]) -> str:
    return f"in {_SMALL.get(m[1].lower(), m[1])} days"


_CALLBACKS = {"<days_after>": _days_after, "<quarter_to>": _quarter_to,
              "<minutes_to>": _minutes_to, "<small>": _small,
              "<small2>": _small2, "<ordinal>": _ordinal, "<month_day>": _month_day,
              "<month_ord>": lambda m: f"{m[1]} {_ORDINAL_SMALL[m[2].lower()]}"}


def spell_numbers(text: str) -> str:
    """"six thirty pm on the thirteenth" -> "6:30pm on the 13th"."""
    if not re.search(r"[a-z]", text, re.I):
        return text
    text = _SPELLING.sub(lambda m: _SPELLINGS[m[0].lower()], text)
    out = alpha2digit(text, "en")
    for pattern, replacement in _CLOCK_RULES:
        out = pattern.sub(_CALLBACKS.get(replacement, replacement), out)
    return out


def _tag_for(name: str) -> str | None:
    name = re.sub(r"^(?:my|the|a|our|new)\s+", "", name.strip().lower())
    if name in _GENERIC_LIST or not name or name.endswith("'s") or set(name.split()) & _NOT_NAMES:
        return None
    return "#" + re.sub(r"[^a-z0-9_-]+", "-", name).strip("-")


def named_lists(text: str) -> str:
    """"add milk to my grocery list" -> "add milk #grocery"; "to my to do list" -> ""."""
    def swap(m: re.Match[str]) -> str:
        tag = _tag_for(m["bare"] or m["name"] or m["one"])
        if tag is None:
            return m[0]
        return f" {tag}"
    text, found = _NAMED_LIST.subn(swap, text)
    text = text.strip()
    if found and text.lower().startswith("put "):
        text = "add " + text[4:]
    return text


_ADDING = re.compile(r"^(?:add|put|remind\s+me|create|schedule|set|make|book|enter|save|note|"
                     r"write|jot|insert|fix|arrange|organi[sz]e)\b", re.I)


def assistant_words(text: str) -> str:
    """"set a reminder that i have to visit X" -> "remind me to visit X"."""
    if not _ADDING.match(text) and not _REMINDER.match(text):
        return text
    text = _POSSESSIVE_DAY.sub(r"\1", text)
    if m := _REMINDER.match(text):
        rest = _STORY_LEAD.sub("", text[m.end():])
        rest = re.sub(r"^(?:me\s+)?(?:to\s+)?", "", rest, flags=re.I)
        if (fix := re.match(r"fix\s+(?:up\s+)?(?:a|an)\s+", rest, re.I)) and _EVENT_NOUNS.match(
                rest[fix.end():]):
            rest = rest[fix.end():]  # "fix a meeting" is arranging it, not a repair
        # "on the 15th to pay rent", "the 15th for rent": the day first, then the task
        if (first := _WHEN_FIRST.match(rest)) and says_only_when(
                when := re.sub(r"^(?:before|by)\s+(?=\d)", "at ", first["when"], flags=re.I)):
            rest = f"{first['what']} {when}"
        if rest and m["every"] and not re.search(r"\b(?:every|each|daily|weekly|monthly|"
                                                 r"(?:mon|tues|wednes|thurs|fri|satur|sun)days)\b",
                                                 rest, re.I):
            rest += {"daily": " every day", "weekly": " every week"}.get(m["every"].lower(),
                                                                        " every month")
        if rest:
            text = "remind me to " + rest
    elif m := _EVENT.match(text):
        rest = text[m.end():]
        if rest:
            text = "add " + rest
    elif text.lower().startswith("add ") and (lead := _STORY_LEAD.match(text[4:])):
        text = "add " + text[4 + lead.end():]
    elif (m := _SCHEDULE.match(text)) and _EVENT_NOUNS.match(
            re.sub(r"^new\s+", "", text[m.end():], flags=re.I)) and not _SAYS_PRIORITY.search(
                text):
        text = "add " + text[m.end():]
    text = re.sub(r"\s+(?:that\s+)?(?:there\s+(?:is|are|will\s+be)|there's)\s+(?:a\s+|an\s+)?|"
                  r"\s+that\s+"
                  r"(?:i\s+(?:have|need)(?:\s+to)?|i've\s+got)\s+(?:a\s+|an\s+)?", " ", text,
                  flags=re.I) if text.startswith("remind me to ") else text
    if text.startswith("remind me to "):
        text = re.sub(r"\s+(?:because|since|cause|'cause|as\s+it|so\s+that)\s+.+?"
                      r"(?P<day>\s+(?:today|tonight|tomorrow))?$", r"\g<day>", text, flags=re.I)
    text = re.sub(r"\s+to\s+remind\s+me(?:\s+(?:to|about|of|that))?\s+", " ", text, flags=re.I)
    text, found = _CALENDAR.subn("", text)
    if found and text.lower().startswith("put "):
        text = "add " + text[4:]
    return text.strip()


_WHOLE = (r"(?:all\s+(?:of\s+)?)?(?:(?:my|the|our)\s+)?(?:whole\s+|entire\s+)?(?:to\s*-?\s*do\s+"
          r"list|"
          r"todo\s+list|list|calendar|reminders|schedule|agenda|events|appointments|tasks|data|"
          r"information|entries)(?:\s+and\s+(?:information|data|details|everything|reminders|tasks|schedules|events|"
          r"appointments))?")
_NTH = {"one": "1st", "two": "2nd", "three": "3rd", "four": "4th", "five": "5th", "six": "6th",
        "seven": "7th", "eight": "8th", "nine": "9th", "ten": "10th", "eleven": "11th",
        "twelve": "12th", "thirteen": "13th", "fourteen": "14th", "fifteen": "15th",
        "sixteen": "16th", "seventeen": "17th", "eighteen": "18th", "nineteen": "19th",
        "twenty": "20th"}


def _nth_item(m: re.Match[str]) -> str:
    """Spoken "item three" is the third item of a list, not task #3."""
    return f"the {_NTH[m[2].lower()]} {m[1]}"


_ITEM_N = re.compile(rf"\b(item|line|entry)\s+({'|'.join(sorted(_NTH, key=len, reverse=True))})\b",
                     re.I)


def _day_marked(m: re.Match[str]) -> str:
    """"mark friday as my day off" -> "add day off friday"; a task marked as done stays."""
    when = m["when"] or m["day"]
    return f"add {m['what']} {when}" if says_only_when(when) else m[0]


def _blank_day(m: re.Match[str]) -> str:
    """"make friday blank": clear that day (a yes is asked before anything goes)."""
    return f"clear my calendar on {m['when']}" if says_only_when(m["when"]) else m[0]


def _list_delete(m: re.Match[str]) -> str:
    tag = _tag_for(m["name"])
    return f"delete everything tagged {tag}" if tag else m[0]


_SAYS_A_DAY = (r".*\b(?:on|at|by|today|tonight|tomorrow|next|this|every|\d+(?:st|nd|rd|th)?|"
               r"\w+day)\b")
_CLAUSES: tuple[tuple[re.Pattern[str], Any], ...] = tuple(
    (re.compile(p, re.I), r) for p, r in (
        # "add to my to do list pick up the kids", "add to the list that i need to call the vet"
        (r"^(?:add|put)\s+(?:to|on|onto|in)\s+(?P<list>(?:the|my|our)\s+(?:[\w-]+\s+){0,2}?list)\s+"
         r"(?:that\s+)?(?:i\s+need\s+to\s+|we\s+need\s+(?:to\s+)?)?(?P<what>.+)$",
         r"add \g<what> to \g<list>"),
        # "we're out of paint so take X off the list": the command is the last clause
        (r"^.+?[\s,]+(?:so|and\s+so|therefore)\s+(?=(?:please\s+)?(?:take|remove|delete|add|put|"
         r"cross|mark|cancel|drop|erase)\b)", ""),
        (r"^(?:take|strike|scratch)\s+(.+?)\s+(?:off|out)(?:\s+of)?(?:\s+(?:from\s+)?(?:the|"
         r"my|our)\s+(.+))?$", r"remove \1 from the \2"),
        (r"^(?:cross|strike|scratch)\s+out\s+", "remove "),
        (r"^(?:we'?re|we\s+are|i'?m|i\s+am)\s+(?:all\s+)?out\s+of\s+(?P<what>.+?)[\s,]+(?:so\s+)?"
         r"(?:please\s+)?(?:add|put)\s+(?:it|that|them|some|more)\b", r"add \g<what>"),
        (r"^take\s+off\s+(?=.+\s(?:from|of)\s+(?:the|my|our)\s)", "remove "),
        (r"^(?P<when>(?:every|each|on|at|in|this|next|tomorrow|tonight|today)\b.*?)[\s,]+"
         r"(?:please\s+)?(?:remind\s+me|i\s+(?:need|have|must|should)|i\s+gotta)\s+to\s+"
         r"(?P<what>.+)$",
         r"remind me to \g<what> \g<when>"),
        (r"\s+from\s+the\s*$", ""),
        # "on my list of chores", "to grocery": the named list said another way
        (r"\b(?:my|the|our)\s+list\s+of\s+things\s+to\s+(?:do|buy|get|pick\s+up)$", "my list"),
        (r"\b(?:my|the|our)\s+list\s+(?:of|for)\s+(?:the\s+|my\s+|our\s+)?(?!(?:today|tonight|"
         r"tomorrow|\w+day|week|weekend|month)\b)(?P<name>[a-z][a-z'-]*)$", r"my \g<name> list"),
        (rf"^(?P<head>(?:add|put|remove|delete|take)\s+.+?)\s+(?:to|on|onto|from|off)\s+"
         rf"(?:(?:the|my|our)\s+)?(?P<name>{'|'.join(LIST_NOUNS)})$",
         r"\g<head> to my \g<name> list"),
        # "open calendar remove all events", "in the calendar put that ...": the command
        (r"^(?:open|go\s+to|check|look\s+at)\s+(?:my\s+|the\s+)?(?:calendar|list|reminders|schedule)"
         r"(?:\s+and)?\s+(?=(?:remove|delete|clear|add|put|set|erase|cancel)\b)", ""),
        (r"^(?:in|on|to|into)\s+(?:my|the)\s+(?:calendar|schedule|list|agenda)\s+(?:please\s+)?(?:put|add|"
         r"write|note|set)\s+(?:down\s+)?(?:that\s+)?", "add "),
        (r"^(?:add|put|write)\s+(?:to|on|in)\s+(?:(?:my|the)\s+)?(?:calendar|schedule|agenda)\s+",
         "add "),
        (r"^mark\s+(?:my|the)\s+calendar\s+(?:for|with)\s+", "add "),
        # "mark friday as my day off", "today needs to be marked as my cheat day": a day named
        (r"^(?:(?:mark|flag|set|put\s+down)\s+(?P<when>.+?)|(?P<day>.+?)\s+(?:needs\s+to|has\s+to|"
         r"should|must|is\s+to)\s+be\s+(?:marked|flagged|set|put\s+down))\s+as\s+(?:my|our|a|an)\s+"
         r"(?P<what>.+)$", _day_marked),
        # "add may two is mary's birthday": the day first, then what it is
        (r"^(?:add|remind\s+me\s+(?:that|to))\s+(?:(?:on|that)\s+)?(?P<when>.+?)\s+is\s+"
         r"(?:my\s+|our\s+|a\s+|an\s+)?(?P<what>.+)$", _day_marked),
        (r"^(?:mark|put|set)\s+down\s+(?:that\s+)?", "add "),
        (r"^(?:make|take|write|put)\s+(?:a\s+)?note\s+(?:that\s+)?(?=\w+\s.*\bdue\b)", "add "),
        (r"^(?:i'?ve|i\s+have)\s+got\s+(?=(?:a|an)\s)", "i have "),
        # "let me know the morning of my appointment on the 12th": a reminder that morning
        (r"^let\s+me\s+know\s+(?:on\s+)?the\s+(?P<part>morning|afternoon|evening|night)\s+of\s+"
         r"(?P<what>.+)$", r"remind me about \g<what> in the \g<part>"),
        # "let me know of the meeting on tuesday": a reminder, when a day is said
        (rf"^let\s+me\s+know\s+(?:of|about)\s+(?=(?:the|my|a|an|our)\s{_SAYS_A_DAY})",
         "remind me about "),
        # "i'll be seeing my therapist every thursday": a plan for a day, said as a fact
        (rf"^(?:i'?ll|i\s+will|we'?ll|we\s+will)\s+be\s+(?=\w+ing\b{_SAYS_A_DAY})",
         "remind me to "),
        (r"^(?:remind|tell)\s+me\s+(?:of\s+|about\s+)?(?=(?:what|when|where|which|who|how|if|whether)\b)",
         ""),
        (r"^(?:calendar|event|new\s+event)\s+(?:add\s+|entry\s+)?(?:for\s+)?", "add "),
        (r"^put\s+in\s+(?=(?:a|an)\s+(?:reminder|event|entry)\b)", "set "),
        # "there is a party on friday": the event, said as a fact (offered, not written)
        (r"^there\s+(?:is|'s|will\s+be)\s+(?:a|an)\s+(?=\w)", ""),
        # "the meeting with john is cancelled", "john cancelled our meeting"
        (r"^(?:the\s+|my\s+|our\s+)?(?P<what>.+?)\s+(?:is|has\s+been|was|got|is\s+now)\s+"
         r"(?:cancell?ed|called\s+off)$", r"cancel \g<what>"),
        (r"^take\s+off\s+(?=(?:the\s+)?[a-z]+$)", "remove "),
        (r"^we\s+need\s+(?:more\s+)?|^i\s+need\s+more\s+", "i need "),
        (r"^(?:we'?re|we\s+are|i'?m|i\s+am)\s+(?:all\s+)?out\s+of\s+(?P<what>[a-z ]+)$",
         r"buy \g<what>"),
        # "set a meeting for me at four": the meeting is the task
        (r"^((?:set|schedule|book|arrange|make|put|add)\s+(?:up\s+)?(?:a|an)\s+[a-z]+)\s+for\s+me\b",
         r"\1"),
        (r"^(delete|remove|cancel|erase|clear)\s+(?:from|off|on)\s+(?:my|the)\s+(?:calendar|schedule|list)\s+",
         r"\1 "),
        (r"^i\s+have\s+(?:a|an)\s+(?P<what>[a-z']+(?:\s+[a-z']+)?)\s+to\s+(?:take|catch|attend|go\s+to|make)\b",
         r"remind me to \g<what>"),
        (r"^(?P<what>.+?)[\s,]+(?:please\s+)?(?:set|create|make|add|put)\s+(?:the|an?|a|my)?\s*(?:event|"
         r"reminder|it|that|this)(?:\s+(?:in|on|to)\s+(?:my|the)\s+calendar)?(?:\s+for\s+(?P<when>.+))?$",
         lambda m: f"remind me to {m['what']} {m['when'] or ''}".strip()),
        (r"^(?:i\s+need\s+to\s+be\s+reminded|remind\s+me)\s+(?:that\s+)?(?P<what>.+?)\s+(?:please\s+)?set\s+"
         r"(?:a\s+)?reminder\s+(?:for\s+)?(?P<when>.+)$", r"remind me to \g<what> \g<when>"),
        (r"^(?:clear|free\s+up|empty)\s+(?:my|the)\s+(?:day|calendar|schedule)\s+(?:from|of)\s+"
         r"(?:all\s+)?(?:my\s+|the\s+)?(?P<what>[a-z]+)$", r"delete all \g<what> today"),
        (r"^(?:delete|erase|remove|clear|empty|wipe)\s+(?:out\s+)?(?:my|the|our)\s+(?:whole\s+|entire\s+)?"
         r"(?P<name>[a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,2})\s+list$", _list_delete),
        (r"^(?:cancel|delete|remove)\s+(?P<what>.+?)\s+and\s+(?:re-?schedule|move|push|put|change)\s+"
         r"(?:it|that)\s+(?:for|to|on|until)\s+(?P<when>.+)$", r"move \g<what> to \g<when>"),
        (r"^add\s+(?:to\s+(?:my|the)\s+calendar\s+)?(?:a|an)\s+(?P<what>[a-z']+(?:\s+[a-z']+)?)\s+event\b",
         r"add \g<what>"),
        (r"^(?:find|look\s+up|open|check|go\s+to)\s+(?:(?:my|the)\s+)?(?:\w+\s+)?and\s+(?=(?:delete|remove|"
         r"cancel|erase|drop|clear)\b)", ""),
        (r"^(?:notify|tell|inform|update)\s+me\s+(?:with|of|about|on)\s+(?=(?:all|my|the|any)\b)",
         "show "),
        (r"^(?:completely|totally|entirely|fully)\s+(?=(?:clear|wipe|empty|delete|erase))", ""),
        # "make my calendar blank on friday", "make blank on july 3 calendar", "blank out friday"
        (r"^(?:make|leave)\s+(?:(?:my|the)\s+(?:calendar|schedule|day)\s+)?(?:blank|empty)\s+"
         r"(?:on\s+|for\s+)?(?P<when>.+?)(?:\s+(?:calendar|schedule))?$", _blank_day),
        (r"^(?:make|leave)\s+(?P<when>.+?)\s+(?:blank|empty)$", _blank_day),
        (r"^blank\s+out\s+", "clear "),
        (r"^(?:wipe|clear)\s+(?:my\s+|the\s+)?(calendar|schedule|list)\s+(?:clean|out|off)$",
         r"clear my \1"),
        (r"^(?:delete|remove|clear|cancel|erase)\s+all\s+(?:my\s+|the\s+)?(?:reminders?|events?|tasks?|"
         r"appointments?)\s+(?:of|for|on)\s+(?P<when>\w+)$", r"delete all tasks due \g<when>"),
        (r"\s+(?:from|off|in|on)\s+(?:my|the)\s+(today'?s?|tomorrow'?s?|tonight'?s?|(?:mon|tues|wednes|thurs|fri|"
         r"satur|sun)day'?s?)\s+(?:schedule|calendar|agenda|list)\b", r" on \1"),
        (r"^(?:(?:can\s+you\s+)?(?:give|tell|show)\s+me|i\s+(?:want|need))\s+(?:some\s+|more\s+|the\s+)?"
         r"(?:information|info|details)\s+(?:about|on|of|for|regarding)\s+", "show "),
        (r"^i\s+(?:want|would\s+like|'d\s+like|d\s+like)\s+to\s+(?:see|view|hear|know|look\s+at|"
         r"check|review|go\s+over|read)\b", "show"),
        # "... this weekend remind me": the reminder asked for last
        (r"^(?:i\s+(?:want|need|have|would\s+like|'d\s+like)\s+to\s+)?(?P<what>.+?)[\s,]+(?:please\s+)?"
         r"remind\s+me(?:\s+(?:of\s+it|about\s+it|please))?$", r"remind me to \g<what>"),
        (r"^(?P<lead>(?:remind\s+me|remember)\b.+?)\s+(?:because|since|as|so\s+that|cause|'cause)\s+.+$",
         r"\g<lead>"),
        (r"^(?:delete|remove|erase|clear|get\s+rid\s+of)\s+(?:the\s+|my\s+)?list\s+(?:titled|called|"
         r"named)\s+([a-z][\w-]*)$", r"delete everything tagged #\1"),
        (r"^i\s+(?:don'?t|do\s+not|no\s+longer)\s+(?:want|need)\s+(?!to\b)(?:the\s+)?(?P<what>[^,]+?)(?:\s+any\s*more)?$",
         r"remove \g<what>"),
        # clearing a whole list or day: a bulk delete that waits for a yes
        (rf"^(?:delete|clear|remove|erase|empty|wipe|cancel|clean)(?:\s+out|\s+up)?\s+(?:everything\s+"
         rf"(?:on|in|from)\s+)?{_WHOLE}(?:\s+(?:from|on|in)\s+{_WHOLE})?(?=\s*$|\s+(?:for|on|from|in|"
         r"today|tonight|tomorrow|this|next|\w+day)\b)(?:\s+(?:for|on)\b)?", "delete all tasks "),
        (r"^(?:make\s+sure|ensure|check\s+that)\s+(?:my\s+)?(?:calendar|schedule|day|agenda)\s+is\s+"
         r"(?:completely\s+|totally\s+|entirely\s+)?(?:clear|empty|free)(?:ed)?\s*(?:for\s+)?",
         "delete all tasks "),
        (r"^delete all tasks\s+(?:for\s+)?the\s+(week|month)$", r"delete all tasks this \1"),
        (r"^delete all tasks\s+(today|tonight|tomorrow|this\s+week|next\s+week|this\s+weekend|on"
         r"\s+\w+"
         r"|\w+day)\s*$", r"delete all tasks due \1"),
    ))


def clauses(text: str) -> str:
    """The command inside a story, and whole-list clears as bulk deletes."""
    for pattern, replacement in _CLAUSES:
        text = pattern.sub(replacement, text).strip()
    return text


@lru_cache(maxsize=2048)
def from_speech(text: str) -> str:
    """Rewrite a spoken-style message into the typed grammar (see the module docstring)."""
    previous = None
    while previous != text:
        previous = text
        text = _FILLER.sub("", _WAKE.sub("", text).strip()).strip()
    text = _ITEM_N.sub(_nth_item, text)
    text = clauses(plain_verbs(spell_numbers(text)))
    return named_lists(assistant_words(text))
