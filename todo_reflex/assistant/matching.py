"""Find which of the user's tasks a phrase means: by id, by position in the last list, or title.

``resolve`` returns a ``Resolution``: the task ids when the phrase is clear, otherwise the
candidates to ask about (several close titles, or none at all).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from .task_index import TaskIndex
from .vocabulary import ORDINALS

_IRREGULAR = {
    "bought": "buy", "paid": "pay", "did": "do", "done": "do", "went": "go", "wrote": "write",
    "sent": "send", "took": "take", "made": "make", "got": "get", "gave": "give", "met": "meet",
    "ran": "run", "fed": "feed", "left": "leave", "spoke": "speak", "told": "tell", "sold": "sell",
    "found": "find", "brought": "bring", "swept": "sweep", "drove": "drive", "ate": "eat",
    "taught": "teach", "caught": "catch", "thought": "think", "built": "build", "read": "read",
    "hung": "hang", "saw": "see", "won": "win", "began": "begin", "kept": "keep", "chose": "choose",
    "emptied": "empty", "tidied": "tidy", "studied": "study", "applied": "apply",
}
STOPWORDS = frozenset(
    {
        "the", "a", "an", "my", "our", "your", "his", "her", "their", "this", "that", "these",
        "those", "to", "task", "tasks", "todo", "todos", "item", "items", "one", "called", "named",
        "titled", "about", "for", "of", "please", "as", "is", "it", "thing", "reminder", "with",
        "on", "in", "and", "i", "i've", "ive", "have", "has", "just", "already", "finally", "also"
    }
)


def stem(word: str) -> str:
    """Reduce a word to a rough stem so "called", "calls" and "call" compare equal."""
    word = word.lower().strip("'’")
    if word in _IRREGULAR:
        word = _IRREGULAR[word]
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""),
                         ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + repl
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


@lru_cache(maxsize=8192)
def content_stems(text: str) -> tuple[str, ...]:
    """Return the stems of the meaningful words of ``text`` (cached: titles recur per turn)."""
    words = re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower())
    return tuple(stem(w) for w in words if w not in STOPWORDS)


SEARCH_KEY_CHARS = 6
MAX_SEARCH_TERMS = 6


def search_terms(phrase: str) -> tuple[list[str], str | None]:
    """What to ask the server for (a substring of a title) to find the tasks ``phrase`` names.

    Every task that ``score_title`` could match shares a word with the phrase, so one search
    per meaningful word finds the candidates: each word cut to its stem's first
    ``SEARCH_KEY_CHARS`` letters ("paid" -> "pay", "parties" -> "part", "appointment" ->
    "appoin").

    Returns:
        The word searches, and the phrase itself without leading or trailing filler (None for
        one word): searched only when every word matched more tasks than one page holds.
    """
    words = re.findall(r"[a-z0-9]+(?:'[a-z]+)?", phrase.lower())
    content = [w for w in words if w not in STOPWORDS]
    keys: list[str] = []
    for word in content:
        key = stem(word)
        if key.endswith("y") and len(key) > 3:
            key = key[:-1]
        keys.append(key[:SEARCH_KEY_CHARS])
    whole = None
    if len(content) > 1:
        first = words.index(content[0])
        last = len(words) - 1 - words[::-1].index(content[-1])
        whole = " ".join(words[first:last + 1])
    return list(dict.fromkeys(k for k in keys if k))[:MAX_SEARCH_TERMS], whole


@lru_cache(maxsize=65536)
def _same(a: str, b: str) -> bool:
    """Whether two stems name the same word: equal, one a prefix, or at most a typo apart."""
    if a == b:
        return True
    shorter = min(len(a), len(b))
    if shorter < 4:
        return False
    if a.startswith(b) or b.startswith(a):
        return True
    if 2 * shorter / (len(a) + len(b)) < 0.8:  # the ratio can't reach 0.8: skip the matcher
        return False
    matcher = SequenceMatcher(None, a, b)
    return matcher.quick_ratio() >= 0.8 and matcher.ratio() >= 0.8


@dataclass
class Resolution:
    """The outcome of resolving a phrase to tasks.

    Attributes:
        ids: The task ids meant, when clear.
        candidates: Tasks to ask about when not clear (empty when nothing matched).
        query: The phrase that was looked up (for the question).
    """

    ids: list[int] = field(default_factory=list)
    candidates: list[dict[str, Any]] = field(default_factory=list)
    query: str = ""

    @property
    def clear(self) -> bool:
        """True when the phrase named tasks unambiguously."""
        return bool(self.ids)


def score_title(query: str, title: str) -> float:
    """Score how well ``query`` names ``title``: 3 exact, 2..3 all words found, <1 partial."""
    q, t = content_stems(query), content_stems(title)
    if not q or not t:
        return 0.0
    if q == t:
        return 3.0
    found = sum(1 for w in q if any(_same(w, x) for x in t))
    if found == len(q):
        covered = sum(1 for x in t if any(_same(w, x) for w in q))
        return 2.0 + covered / len(t) * 0.99
    return found / len(q) * 0.99


def match_title(query: str, tasks: Sequence[dict[str, Any]], *,
                prefer_completed: bool | None = None) -> Resolution:
    """Resolve a title phrase against the user's tasks.

    Args:
        query: The words naming the task ("buy milk", "the dentist appointment").
        tasks: The user's tasks.
        prefer_completed: Break ties towards completed (True) or pending (False) tasks.

    Returns:
        The resolution; several equally good matches, or none, leave ``ids`` empty.
    """
    scored = [(score_title(query, str(t.get("title", ""))), t) for t in tasks]
    scored = [(s, t) for s, t in scored if s >= 0.5]
    if not scored:
        return Resolution(query=query)
    best = max(s for s, _ in scored)
    if best < 2.0:
        top = [t for s, t in scored if s == best]
        return Resolution([top[0]["id"]] if len(top) == 1 and best >= 0.66 else [],
                          top if len(top) > 1 or best < 0.66 else [], query)
    full = [(s, t) for s, t in scored if s >= 2.0]
    if best == 3.0:
        full = [(s, t) for s, t in full if s == 3.0]
    if len(full) > 1 and prefer_completed is not None:
        preferred = [(s, t) for s, t in full if bool(t.get("completed")) == prefer_completed]
        full = preferred or full
    if len(full) > 1:
        top_score = max(s for s, _ in full)
        leaders = [(s, t) for s, t in full if s == top_score]
        if len(leaders) == 1 and top_score - sorted(s for s, _ in full)[-2] >= 0.3:
            full = leaders
    if len(full) == 1:
        return Resolution([full[0][1]["id"]], [], query)
    return Resolution([], [t for _, t in full], query)


_ID_RE = re.compile(r"(?:\b(?:tasks?|items?|todos?|numbers?|no\.?|ids?)\s*#?\s*|#\s*)(\d+)\b"
                    r"|(?<![\w#])(\d+)(?![\w:/])", re.I)
_ORDINAL_RE = re.compile(r"\b(" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + r")\b",
                         re.I)
_PRONOUN_RE = re.compile(r"^(?:it|that|this|that\s+one|this\s+one|the\s+same\s+one|that\s+task|"
                         r"this\s+task|the\s+task|the\s+one)$", re.I)
_ALL_RE = re.compile(r"^(?:them|those|these|both|all|all\s+of\s+(?:them|those|these)|"
                     r"them\s+all|both\s+of\s+them|those\s+tasks|these\s+tasks|everything\s+"
                     r"(?:listed|shown|above)|the\s+ones?\s+(?:above|listed|shown))$", re.I)
_FILLER = re.compile(r"\b(?:the|tasks?|items?|todos?|ones?|and|numbers?|no|ids?|please|on|in|"
                     r"from|of|list|my|above|shown|listed|#)\b|[,&#.]", re.I)


def _ids_phrase(phrase: str) -> list[int] | None:
    if not _ID_RE.search(phrase):
        return None
    rest = _ID_RE.sub(" ", phrase)
    if _FILLER.sub(" ", rest).strip():
        return None
    return [int(m[1] or m[2]) for m in _ID_RE.finditer(phrase)]


def _ordinal_phrase(phrase: str, listed: Sequence[int]) -> list[int] | None:
    words = _ORDINAL_RE.findall(phrase)
    if not words or _FILLER.sub(" ", _ORDINAL_RE.sub(" ", phrase)).strip():
        return None
    picked: list[int] = []
    for word in words:
        position = ORDINALS[word.lower()]
        index = len(listed) - 1 if position == -1 else position - 1
        if not 0 <= index < len(listed):
            return []
        picked.append(listed[index])
    return picked


def resolve(phrase: str, tasks: TaskIndex, context: dict[str, Any], *,
            prefer_completed: bool | None = None) -> Resolution:
    """Resolve a phrase naming one or more tasks.

    Args:
        phrase: e.g. "task 3", "#4", "the second one", "it", "buy milk".
        tasks: The user's tasks known so far (ids not in it may still be named by number);
            a partial index raises ``TasksNeeded`` for the title searches it lacks.
        context: Conversation context with ``last_listed`` and ``last_task``.
        prefer_completed: Tie-break for title matches (see ``match_title``).

    Returns:
        The resolution.
    """
    phrase = phrase.strip(" \"'“”‘’.,!?:")
    listed = [int(i) for i in context.get("last_listed") or [] if isinstance(i, int)]
    if not phrase:
        return Resolution(query=phrase)
    if (ids := _ids_phrase(phrase)) is not None:
        return Resolution(ids, [], phrase)
    if _PRONOUN_RE.match(phrase):
        last = context.get("last_task")
        if isinstance(last, int):
            return Resolution([last], [], phrase)
        if len(listed) == 1:
            return Resolution(listed, [], phrase)
        return Resolution([], tasks.many(listed), phrase)
    if _ALL_RE.match(phrase) and listed:
        return Resolution(listed, [], phrase)
    if (ids := _ordinal_phrase(phrase, listed)) is not None:
        return Resolution(ids, [], phrase)
    parts = [p for p in re.split(r"\s*(?:,|\band\b|&)\s*", phrase) if p.strip()]
    pool = tasks.titled(phrase, *parts, terms=search_terms)
    whole = match_title(phrase, pool, prefer_completed=prefer_completed)
    if whole.clear or whole.candidates:
        return whole
    if len(parts) > 1:
        picked = [match_title(p, pool, prefer_completed=prefer_completed) for p in parts]
        if all(r.clear for r in picked):
            return Resolution([i for r in picked for i in r.ids], [], phrase)
    return whole
