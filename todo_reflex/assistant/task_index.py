"""What the planner knows of the user's tasks in one turn, and what it still has to ask for.

In plan mode (the eval, the ``plan`` command, unit tests) the index holds the user's whole list
and answers every question itself. In the engine it starts empty: when the planner needs
something the index does not hold yet (candidates for a title, a task by number, the tasks of
a bulk filter, whether a word is a tag), the index asks its ``fetch`` for those lookups (the
engine answers them with targeted MCP calls, all of one question at once) and the planner goes
on, so a message is planned once and a turn fetches only what its message refers to, however
long the user's list is. A partial index without ``fetch`` raises ``TasksNeeded`` naming the
lookups instead, for a caller that fetches and plans again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

LookupKind = Literal["search", "task", "filter", "tag"]
FilterArgs = tuple[tuple[str, Any], ...]
Fetch = Callable[["TaskIndex", "tuple[Lookup, ...]"], None]
"""Answers lookups into the index (``TaskIndex.answer``), or settles it to stop asking."""


@dataclass(frozen=True)
class Lookup:
    """One question for the task server.

    Attributes:
        kind: ``search`` (tasks whose title holds ``value``), ``task`` (task number
            ``value``), ``filter`` (all tasks matching the ``list_tasks`` arguments in
            ``value``, a sorted tuple of pairs) or ``tag`` (whether ``value`` is a tag in use).
        value: What is looked up.
    """

    kind: LookupKind
    value: Any

    @classmethod
    def of_filter(cls, args: dict[str, Any]) -> Lookup:
        """The lookup of every task matching these ``list_tasks`` arguments."""
        return cls("filter", tuple(sorted((k, _frozen(v)) for k, v in args.items())))


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


class TasksNeeded(Exception):  # noqa: N818 - a request for data, not an error
    """Raised while planning when the index lacks tasks; the engine fetches and plans again."""

    def __init__(self, lookups: Iterable[Lookup]) -> None:
        """Name the lookups to answer (duplicates dropped, order kept)."""
        self.lookups: tuple[Lookup, ...] = tuple(dict.fromkeys(lookups))
        super().__init__(", ".join(f"{x.kind}={x.value!r}" for x in self.lookups))


class TaskIndex:
    """The user's tasks known in this turn, by number.

    Args:
        tasks: Task dicts (id, title, completed, due, priority, tags, ...).
        complete: Whether ``tasks`` is the user's whole list. A complete index answers every
            question from what it holds; a partial one asks ``fetch`` for what it has not been
            told yet, or raises ``TasksNeeded`` without one.
        fetch: Called with the index and the lookups it lacks, while the planner waits.
    """

    def __init__(self, tasks: Iterable[dict[str, Any]] = (), *, complete: bool = True,
                 fetch: Fetch | None = None) -> None:
        """Hold ``tasks``; see the class docstring."""
        self.complete = complete
        self._fetch = fetch
        self._tasks: dict[int, dict[str, Any]] = {}
        self._answered: set[Lookup] = set()
        self._cut: set[Lookup] = set()
        self._filtered: dict[Lookup, list[int]] = {}
        self._tags: set[str] = set()
        self.add(tasks)

    @classmethod
    def empty(cls, fetch: Fetch | None = None) -> TaskIndex:
        """A partial index holding nothing yet (the engine's start of a turn)."""
        return cls(complete=False, fetch=fetch)

    # Questions the planner asks.

    def known(self) -> list[dict[str, Any]]:
        """Every task held, in the order first seen."""
        return list(self._tasks.values())

    def get(self, task_id: int) -> dict[str, Any] | None:
        """The task with this number, or None when the user has none."""
        found = self.many([task_id])
        return found[0] if found else None

    def held(self, task_id: int) -> dict[str, Any] | None:
        """The task with this number when already held; never asks the server."""
        return self._tasks.get(task_id)

    def many(self, ids: Iterable[int]) -> list[dict[str, Any]]:
        """The tasks with these numbers that exist, in the order asked."""
        ids = list(ids)
        self._require(Lookup("task", i) for i in ids if i not in self._tasks)
        return [self._tasks[i] for i in ids if i in self._tasks]

    def titled(self, *phrases: str,
               terms: Callable[[str], tuple[Sequence[str], str | None]]) -> list[dict[str, Any]]:
        """Candidates for title phrases: every task held, once each phrase was searched for.

        Args:
            phrases: The words naming tasks.
            terms: Gives a phrase's word searches and the whole phrase; the whole phrase is
                searched too when every word search was cut short by the page size.
        """
        searches = {p: terms(p) for p in phrases}
        self._require(Lookup("search", k) for keys, _ in searches.values() for k in keys)
        self._require(Lookup("search", whole) for keys, whole in searches.values()
                      if whole and keys and all(Lookup("search", k) in self._cut for k in keys))
        return self.known()

    def matching(self, args: dict[str, Any], now: datetime,
                 local: Callable[[Sequence[dict[str, Any]], dict[str, Any], datetime],
                                 list[dict[str, Any]]]) -> list[dict[str, Any]]:
        """The tasks ``list_tasks(**args)`` returns: filtered by ``local`` when complete."""
        if self.complete:
            return local(self.known(), args, now)
        lookup = Lookup.of_filter(args)
        self._require([lookup])
        return [self._tasks[i] for i in self._filtered.get(lookup, []) if i in self._tasks]

    def tag_in(self, words: Iterable[str], *, never: frozenset[str] = frozenset()) -> str | None:
        """The first of ``words`` that is one of the user's tags.

        Args:
            words: Lowercase candidate words, in order.
            never: Words a partial index does not ask the server about (grammar words).
        """
        words = list(words)
        if self.complete:
            tags = {str(t) for task in self._tasks.values() for t in task.get("tags") or []}
            return next((w for w in words if w in tags), None)
        self._require(Lookup("tag", w) for w in words if w not in never)
        return next((w for w in words if w in self._tags), None)

    def _require(self, lookups: Iterable[Lookup]) -> None:
        if self.complete:
            return
        missing = [x for x in lookups if x not in self._answered]
        if not missing:
            return
        if self._fetch is None:
            raise TasksNeeded(missing)
        self._fetch(self, tuple(dict.fromkeys(missing)))
        for lookup in missing:  # what the fetch left unanswered is known to have no tasks
            self._answered.add(lookup)

    # Answers the engine gives.

    def add(self, tasks: Iterable[dict[str, Any]]) -> None:
        """Hold these tasks (newer copies replace older ones)."""
        for task in tasks:
            if isinstance(task, dict) and isinstance(task.get("id"), int):
                self._tasks[task["id"]] = task
                self._tags.update(str(t) for t in task.get("tags") or [])

    def answer(self, lookup: Lookup, tasks: Sequence[dict[str, Any]], *,
               cut: bool = False) -> None:
        """Record the server's answer to ``lookup``.

        Args:
            lookup: What was asked.
            tasks: The tasks the server returned (maybe none).
            cut: Whether more tasks matched than were returned (a full page, ``has_more``).
        """
        self.add(tasks)
        self._answered.add(lookup)
        if cut:
            self._cut.add(lookup)
        if lookup.kind == "filter":
            self._filtered[lookup] = [t["id"] for t in tasks if isinstance(t.get("id"), int)]
        elif lookup.kind == "tag" and tasks:
            self._tags.add(str(lookup.value))

    def settle(self) -> None:
        """Stop asking: answer every further question from what is held."""
        self.complete = True
