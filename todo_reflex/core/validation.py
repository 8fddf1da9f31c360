"""Normalising and validating what people type into a task, with messages they can act on."""

from __future__ import annotations

import re

from todo_reflex.core.errors import InvalidInput
from todo_reflex.core.limits import (
    DESCRIPTION_MAX,
    MAX_TAGS,
    PRIORITIES,
    PRIORITY_ALIASES,
    TAG_PATTERN,
    TITLE_MAX,
)

CUT_AT_WORD_WITHIN = 40  # characters back from the limit to look for a space


# C0 and C1 controls but tab and line breaks; unpaired surrogates; the bidi embeddings,
# overrides and isolates, which show text in another order than it is stored ("Trojan Source")
_REFUSED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def check_text(field: str, text: str) -> str:
    """Return ``text`` unchanged, or refuse a character that would be lost or would hide text.

    Everything else is kept as typed: the zero-width joiner and variation selectors that
    emoji need, right-to-left letters and their marks (U+200E, U+200F).

    Raises:
        InvalidInput: On ``field``, naming the character and why.
    """
    found = _REFUSED.search(text)
    if found is None:
        return text
    code = f"U+{ord(found[0]):04X}"
    if "\u202a" <= found[0] <= "\u2069":
        raise InvalidInput(field, f"must not contain the direction override {code}: it makes "
                                  "text show in another order than it is stored")
    if "\ud800" <= found[0] <= "\udfff":
        raise InvalidInput(field, f"must not hold a broken character ({code}, half of a pair)")
    raise InvalidInput(field, f"must not contain the control character {code}")


def clean_title(value: object) -> str:
    """A title of 1-200 characters, whitespace collapsed; hidden characters refused."""
    if not isinstance(value, str):
        raise InvalidInput("title", "must be text")
    title = " ".join(check_text("title", value).split())
    if not title:
        raise InvalidInput("title", "must not be empty")
    if len(title) > TITLE_MAX:
        raise InvalidInput("title", f"must be at most {TITLE_MAX} characters (got {len(title)})")
    return title


def cut_title(value: str) -> tuple[str, bool]:
    """A title of at most ``TITLE_MAX`` characters, cut at a word if it can be; and if it was.

    Whitespace is collapsed first, so only visible text counts; ``clean_title`` checks the rest.
    """
    title = " ".join(value.split())
    if len(title) <= TITLE_MAX:
        return value, False
    cut = title[:TITLE_MAX]
    space = cut.rfind(" ", TITLE_MAX - CUT_AT_WORD_WITHIN)
    if title[TITLE_MAX] != " " and space > 0:
        cut = cut[:space]
    return cut.rstrip(" ,;:-"), True


def clean_description(value: object) -> str:
    """A description of at most 2000 characters; line breaks and tabs are kept."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput("description", "must be text")
    text = check_text("description", value).replace("\r\n", "\n").strip()
    if len(text) > DESCRIPTION_MAX:
        raise InvalidInput(
            "description", f"must be at most {DESCRIPTION_MAX} characters (got {len(text)})"
        )
    return text


def clean_priority(value: object) -> str:
    """One of none/low/medium/high; p1-p4 are accepted as Todoist-style aliases."""
    text = str(value or "none").strip().lower()
    text = PRIORITY_ALIASES.get(text, text)
    if text not in PRIORITIES:
        raise InvalidInput("priority", f"must be one of {', '.join(PRIORITIES)} (got {value!r})")
    return text


def clean_tags(value: object) -> list[str]:
    """Lowercase tags matching ``[a-z0-9_-]{1,32}``, a leading ``#`` dropped, at most 10."""
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidInput("tags", "must be a list of tags")
    tags: list[str] = []
    for raw in value:
        tag = str(raw).strip().lstrip("#").lower()
        if not TAG_PATTERN.match(tag):
            raise InvalidInput(
                "tags", f"{raw!r} is not a tag: use 1-32 of a-z, 0-9, '_' and '-'"
            )
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise InvalidInput("tags", f"at most {MAX_TAGS} tags per task")
    return tags


def join_tags(tags: list[str]) -> str:
    """The stored form of a tag list."""
    return ",".join(tags)


def split_tags(stored: str) -> list[str]:
    """The tag list of a stored value."""
    return [t for t in stored.split(",") if t]


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with LIKE wildcards escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
