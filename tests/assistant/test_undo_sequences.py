"""Random sequences of chat changes and undos through a live MCP server, checked step by step.

Each sequence is a fresh user and thread. A step is an add, an edit of one field, a tag
change, a complete, a reopen, a delete, a bulk edit (confirmed with "yes" when asked) or an
"undo". Every turn goes through the web app's own ``start_turn``/``finish_turn``, so the
undo log is stored in and read back from the database each time (what a page reload or
another replica sees), and turns alternate between two engine instances ("replicas"). After
each step the task list in the database must equal a simple model: writes apply their change,
"undo" puts back the list as it was before the newest write not yet undone.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.assistant.engine_fixtures import NOW, AppThread, app_settings, new_person, tasks_of
from tests.support.mcp import McpStack, Person, mcp_stack
from todo_reflex.assistant.engines import OfflineEngine, ToolEvent
from todo_reflex.assistant.undo import MAX_STEPS
from todo_reflex.core.settings import Settings

pytestmark = pytest.mark.slow
SEQUENCES = int(os.environ.get("UNDO_SEQUENCES", "200"))
STEPS = (2, 8)
WORDS = ("kiwi", "mango", "pebble", "violin", "lantern", "copper", "walrus", "tulip", "quartz",
         "maple", "harbor", "cactus", "falcon", "saddle", "velvet", "ember")
TAGS = ("red", "blue", "green")
DAYS = {"december 20": "2026-12-20", "december 24": "2026-12-24", "january 5": "2027-01-05"}
LEVELS = ("none", "low", "medium", "high")
Task = dict[str, Any]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[McpStack]:
    """A live MCP server on SQLite whose per-user tool-call limit is out of the way."""
    with mcp_stack("sqlite", tmp_path_factory.mktemp("undo"),
                   MCP_RATE_LIMIT_PER_MINUTE="100000") as running:
        yield running


@pytest.fixture(scope="module")
def settings(stack: McpStack) -> Iterator[Settings]:
    """The web app's settings on the stack."""
    with app_settings(stack) as active:
        yield active


def listed(stack: McpStack, person: Person) -> dict[int, Task]:
    """The person's live tasks as the model holds them, by number."""
    return {t.id: {"title": t.title, "description": t.description, "completed": t.completed,
                   "priority": t.priority, "tags": [x for x in t.tags.split(",") if x],
                   "due": t.due_at.date().isoformat() if t.due_at else None}
            for t in tasks_of(stack, person)}


@dataclass
class Sequence:
    """One user's thread, the model of their list and the snapshots undo goes back to."""

    stack: McpStack
    thread: AppThread
    rng: random.Random
    tasks: dict[int, Task] = field(default_factory=dict)
    undo: list[dict[int, Task]] = field(default_factory=list)
    titles: set[str] = field(default_factory=set)
    next_id: int = 1
    said: list[str] = field(default_factory=list)
    seed: int = 0

    async def say(self, text: str) -> tuple[str, list[ToolEvent], dict[str, Any]]:
        """One chat turn as the web app runs it."""
        reply = await self.thread.say(text)
        self.said.append(f"{text!r} -> {reply.text[:160]!r}")
        return reply.text, reply.tools, reply.done.context

    def _title(self) -> str:
        while (title := " ".join(self.rng.sample(WORDS, 2))) in self.titles:
            pass
        self.titles.add(title)
        return title

    def _pick(self, when: Any = None) -> int | None:
        ids = [i for i, t in self.tasks.items() if when is None or when(t)]
        return self.rng.choice(ids) if ids else None

    def change(self) -> tuple[str, dict[int, Task]] | None:
        """A random write as a message and the list it should leave (None: nothing fits)."""
        after = {i: {**t, "tags": list(t["tags"])} for i, t in self.tasks.items()}
        kind = self.rng.choice(("add", "add", "title", "description", "due", "undate",
                                "priority", "tag", "untag", "complete", "reopen", "delete",
                                "bulk_complete", "bulk_delete", "bulk_move"))
        if kind == "add" or not self.tasks:
            title = self._title()
            after[self.next_id] = {"title": title, "description": "", "completed": False,
                                   "priority": "none", "tags": [], "due": None}
            return f"add {title}", after
        if kind.startswith("bulk"):
            return self._bulk(kind, after)
        pending = kind in ("complete", "due", "undate")
        task_id = self._pick((lambda t: not t["completed"]) if pending else
                             (lambda t: t["completed"]) if kind == "reopen" else None)
        if task_id is None:
            return None
        task, ref = after[task_id], f"task {task_id}"
        if kind == "title":
            task["title"] = self._title()
            return f"rename {ref} to {task['title']}", after
        if kind == "description":
            task["description"] = " ".join(self.rng.sample(WORDS, 3))
            return f"set the description of {ref} to {task['description']}", after
        if kind == "due":
            day = self.rng.choice([d for d, iso in DAYS.items() if iso != task["due"]])
            task["due"] = DAYS[day]
            return f"move {ref} to {day}", after
        if kind == "undate":
            if task["due"] is None:
                return None
            task["due"] = None
            return f"remove the due date from {ref}", after
        if kind == "priority":
            task["priority"] = self.rng.choice([p for p in LEVELS if p != task["priority"]])
            return f"set the priority of {ref} to {task['priority']}", after
        if kind == "tag":
            tag = self.rng.choice([t for t in TAGS if t not in task["tags"]] or [""])
            if not tag:
                return None
            task["tags"].append(tag)
            return f"tag {ref} #{tag}", after
        if kind == "untag":
            if not task["tags"]:
                return None
            tag = self.rng.choice(task["tags"])
            task["tags"].remove(tag)
            return f"remove #{tag} from {ref}", after
        if kind in ("complete", "reopen"):
            task["completed"] = kind == "complete"
            return f"{kind} {ref}", after
        del after[task_id]
        return f"delete {ref}", after

    def _bulk(self, kind: str, after: dict[int, Task]) -> tuple[str, dict[int, Task]] | None:
        """A verb over every task with a tag ("complete all #red tasks")."""
        tag = self.rng.choice(TAGS)
        hit = [i for i, t in after.items() if tag in t["tags"]
               and (kind == "bulk_delete" or not t["completed"])]
        if not hit:
            return None
        if kind == "bulk_delete":
            for i in hit:
                del after[i]
            return f"delete all #{tag} tasks", after
        if kind == "bulk_complete":
            for i in hit:
                after[i]["completed"] = True
            return f"complete all #{tag} tasks", after
        day = self.rng.choice(list(DAYS))
        if all(after[i]["due"] == DAYS[day] for i in hit):
            return None
        for i in hit:
            after[i]["due"] = DAYS[day]
        return f"move all #{tag} tasks to {day}", after

    async def step(self) -> None:
        """Make one random change or undo, then compare the database with the model."""
        if self.rng.random() < 0.35:
            text, expected = "undo", self.undo.pop() if self.undo else self.tasks
            reply, _, _ = await self.say(text)
        else:
            while (planned := self.change()) is None:
                pass
            text, expected = planned
            reply, tools, context = await self.say(text)
            if "pending" in context:
                reply, tools, _ = await self.say("yes")
            assert tools and all(e.ok for e in tools), self.transcript()
            self.undo = [*self.undo, self.tasks][-MAX_STEPS:]
            self.next_id += text.startswith("add ")
        self.tasks = expected
        self.check(expected)

    def check(self, expected: dict[int, Task]) -> None:
        """The database holds the list the model expects."""
        got = listed(self.stack, self.thread.person)
        assert got == expected, f"{self.transcript()}\ngot      {got}\nexpected {expected}"

    def transcript(self) -> str:
        """The turns so far, for a failure message."""
        return "\n".join([f"seed {self.seed}", *self.said])


async def test_random_changes_and_undos_keep_the_list_right(stack, settings):
    engines = tuple(OfflineEngine(settings, clock=lambda: NOW) for _ in range(2))
    for seed in range(SEQUENCES):
        rng = random.Random(seed)
        thread = AppThread(engines, new_person(stack, f"seq{seed}"))
        run = Sequence(stack, thread, rng, seed=seed)
        for _ in range(rng.randint(*STEPS)):
            await run.step()
        while run.undo:  # and back to the start, step by step
            expected = run.undo.pop()
            await run.say("undo")
            run.check(expected)
