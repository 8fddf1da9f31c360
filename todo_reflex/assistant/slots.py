"""Pull priority, tags and a description out of a message, leaving the rest of the words."""

from __future__ import annotations

import re

from todo_reflex.core.limits import DESCRIPTION_MAX, MAX_TAGS

from .contract import normalize_tag

PRIORITY_WORDS = {
    "1": "high", "2": "medium", "3": "low", "4": "none",
    "high": "high", "highest": "high", "top": "high", "urgent": "high", "max": "high",
    "medium": "medium", "med": "medium", "mid": "medium", "moderate": "medium",
    "low": "low", "lowest": "low", "minor": "low",
    "none": "none", "no": "none", "normal": "none", "zero": "none",
}
_LEVEL = r"(highest|high|top|max|medium|med|mid|moderate|lowest|low|minor|normal|none|no)"
_PRIORITY_PATTERNS = [
    re.compile(r"\b(?:not|no\s+longer)\s+(?:very\s+)?(?:urgent|important|a\s+priority)\b()", re.I),
    re.compile(r"(?<![\w-])(?:!!|priority\s*)?p([1-4])\b", re.I),
    re.compile(rf"\b(?:with\s+|at\s+|as\s+|to\s+)?(?:an?\s+)?{_LEVEL}[\s-]+(?:priority|prio|pri)\b",
               re.I),
    re.compile(rf"\b(?:with\s+)?(?:priority|prio)\s*(?:[:=]|is|of|to|as)?\s*(?:p)?"
               rf"({_LEVEL[1:-1]}|[1-4])\b", re.I),
    re.compile(r"\b(?:very\s+|super\s+)?(urgent)(?:ly)?\b|\basap\b|!{2,}", re.I),
    re.compile(r"^\s*(?:very\s+)?(important)\b[:!]?|[,(\s-]+(?:very\s+)?(important)[!)]*\s*$",
               re.I),
]
_TAG_RE = re.compile(r"(?<![\w&#@/])[#@]([A-Za-z][\w-]*)")
_TAG_PHRASE = re.compile(
    r"\b(?:tagged|labell?ed|with\s+(?:the\s+)?(?:tags?|labels?))\s*(?:as|with)?\s*:?\s*"
    r"((?:[#@]?[a-z][\w-]*)(?:\s*(?:,|and|&)\s*[#@]?[a-z][\w-]*)*)", re.I)
_DESCRIPTION_PATTERNS = [
    re.compile(r"\s*(?:[-–—:;,(]\s*|\s)(?:with\s+)?(?:an?\s+|the\s+)?(?:notes?|description|"
               r"details?|desc)\s*(?::|=|-|–|saying|that\s+says|reading|says)\s*(.+?)\)?$", re.I),
    re.compile(r"\s+with\s+(?:an?\s+|the\s+)?(?:notes?|description|details?)\s+(.+)$", re.I),
    re.compile(r"\s+(?:--|—)\s+(.+)$"),
]


def _cut(text: str, start: int, end: int) -> str:
    return re.sub(r"\s{2,}", " ", f"{text[:start]} {text[end:]}").strip()


def extract_description(text: str) -> tuple[str | None, str]:
    """Return the description after "notes:", "with note ..." or " -- ", and the rest."""
    for pattern in _DESCRIPTION_PATTERNS:
        m = pattern.search(text)
        if m and m[1].strip(" \"'"):
            return m[1].strip().strip("\"'“”").strip()[:DESCRIPTION_MAX], text[: m.start()].strip()
    return None, text


def extract_priority(text: str) -> tuple[str | None, str]:
    """Return the priority named in ``text`` (p1 = high ... p4 = none) and the rest."""
    for pattern in _PRIORITY_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        if m.groups() and m.groups()[0] == "":
            return "none", _cut(text, m.start(), m.end())
        word = next((g for g in m.groups() if g), "urgent").lower()
        level = "high" if word == "important" else PRIORITY_WORDS.get(word, "high")
        return level, _cut(text, m.start(), m.end())
    return None, text


def extract_tags(text: str) -> tuple[list[str], str]:
    """Return ``#tags``/``@labels`` and "tagged x, y" words (normalised), and the rest."""
    tags: list[str] = []
    m = _TAG_PHRASE.search(text)
    if m:
        tags += [t for w in re.split(r"\s*(?:,|\band\b|&)\s*|\s+", m[1]) if (t := normalize_tag(w))]
        text = _cut(text, m.start(), m.end())
    for m in _TAG_RE.finditer(text):
        if (tag := normalize_tag(m[1])) and tag not in tags:
            tags.append(tag)
    text = re.sub(r"\s{2,}", " ", _TAG_RE.sub(" ", text)).strip()
    return tags[:MAX_TAGS], text
