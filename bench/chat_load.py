"""Area 2 (and the backend's memory, area 6): the chat turn over the real websocket of a
production build, for one user and for 50 users, and the bytes a reply costs on the wire.

Each user is a raw socket.io client (``tests/web/reflex_socket.py``) that signs up, gets a dozen
tasks, and sends messages as the browser does (``set_draft``, then ``send``). A turn is timed
from the ``send`` event to the update that ends it (``streaming`` back to false). Its bytes are
the websocket frames the server sent meanwhile, counted on the socket itself (uncompressed: the
client asks for no permessage-deflate). Turns alternate an add and a list of everything pending.

50 users means 50 signed-in users each sending at the chat limit (10 messages a minute: one every
6.5 s, their starts spread over the first interval), about 7.7 messages a second in all; then,
for capacity, all 50 send one more message at the same instant (no target).
"""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt

from bench.report import row
from bench.stack import Memory
from tests.web.reflex_socket import FIELD, ROOT, ReflexSocket

CHAT = f"{ROOT}.todo_reflex___states___chat____chat_state"
SIGN_IN = f"{ROOT}.todo_reflex___states___sign_in____sign_in_state"
AUTH = f"{ROOT}.todo_reflex___states___auth____auth_state"
PASSWORD = "correct horse battery"
TASKS_PER_USER = 12
SOLO_TURNS = 12
SOLO_BUDGET_SECONDS = 90  # at least 4 turns are taken even when they are slower than this
CROWD_USERS = 50
CROWD_TURNS = 3  # paced turns per user, then one more all at once
CROWD_INTERVAL = 6.5  # seconds between one user's messages: the chat limit is 10 a minute
TURN_TIMEOUT = 90


def script(n: int) -> str:
    """Turn ``n``: an add, then a list of everything pending (a dozen tasks or more)."""
    return f"add bench errand {n} {uuid.uuid4().hex[:4]} tomorrow" if n % 2 == 0 \
        else "list my open tasks"


class MeteredSocket(ReflexSocket):
    """A ReflexSocket that counts the bytes and frames the server sends on the wire."""

    def __init__(self, base_url: str) -> None:
        super().__init__(base_url)
        self.bytes_in = 0
        self.frames_in = 0

    async def __aenter__(self) -> MeteredSocket:
        await super().__aenter__()
        ws = self._sio.eio.ws
        receive = ws.receive

        async def counted(*args: Any, **kwargs: Any) -> Any:
            message = await receive(*args, **kwargs)
            if isinstance(message.data, str | bytes):
                data = message.data
                self.bytes_in += len(data.encode() if isinstance(data, str) else data)
                self.frames_in += 1
            return message

        ws.receive = counted
        return self


@dataclass
class Turn:
    """One message and its reply."""

    kind: str
    seconds: float
    bytes: int
    frames: int
    reply_chars: int


async def sign_up(socket: ReflexSocket) -> int:
    """Create an account over the websocket; returns the new user's id."""
    email = f"bench-{uuid.uuid4().hex[:10]}@example.com"
    form = {"name": "Bench User", "email": email, "password": PASSWORD, "confirm": PASSWORD}
    await socket.call(f"{SIGN_IN}.sign_up", {"form": form}, path="/signup", timeout=60)
    token = socket.value(AUTH, "auth_token")
    if not token:
        raise RuntimeError(f"sign-up failed: {socket.transcript()[-500:]}")
    return int(jwt.decode(token, options={"verify_signature": False})["sub"])


def seed_tasks(database_url: str, user_id: int, count: int = TASKS_PER_USER) -> None:
    """Give the user ``count`` pending tasks through the task service."""
    from todo_reflex.core import tasks
    from todo_reflex.core.db import engine_for, session_scope
    from todo_reflex.core.models import TaskCreate

    actor = tasks.Actor(user_id, "UTC")
    with session_scope(engine_for(database_url)) as session:
        for i in range(count):
            tasks.add_task(session=session, actor=actor, data=TaskCreate(
                title=f"Seeded chore {i}", priority=("none", "low", "medium", "high")[i % 4]))


async def turn(socket: MeteredSocket, n: int, timeout: float = TURN_TIMEOUT) -> Turn:
    """Send message ``n`` of the script and wait until its reply has ended."""
    text = script(n)
    await socket.call(f"{CHAT}.set_draft", {"text": text}, timeout=timeout)
    start, bytes0, frames0 = len(socket.updates), socket.bytes_in, socket.frames_in
    started = time.perf_counter()
    await socket.emit(f"{CHAT}.send", {"form": {"message": text}})
    await socket.wait_for(lambda: _ended(socket, start), timeout)
    return Turn("add" if n % 2 == 0 else "list", time.perf_counter() - started,
                socket.bytes_in - bytes0, socket.frames_in - frames0, _reply_chars(socket, start))


def _ended(socket: ReflexSocket, since: int) -> bool:
    """The turn started after ``since`` has ended: ``streaming`` went true, then false."""
    began = False
    key = f"streaming{FIELD}"
    for update in socket.updates[since:]:
        value = ((update.get("delta") or {}).get(CHAT) or {}).get(key)
        began = began or value is True
        if began and value is False:
            return True
    return False


def _reply_chars(socket: ReflexSocket, since: int) -> int:
    for var in ("recent", "messages"):
        bubbles = socket.value(CHAT, var, since)
        if bubbles:
            return len(str(bubbles[-1].get("content", "")))
    return 0


async def _user(url: str, database_url: str) -> MeteredSocket:
    socket = MeteredSocket(url)
    await socket.__aenter__()
    user_id = await sign_up(socket)
    await asyncio.to_thread(seed_tasks, database_url, user_id)
    await socket.call(f"{CHAT}.load_messages")
    return socket


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (``share`` in 0..1) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(share * len(ordered))) - 1))]


async def _solo(url: str, database_url: str) -> list[Turn]:
    socket = await _user(url, database_url)
    try:
        await turn(socket, 0)  # warm-up: the first turn of the process is not the steady state
        turns: list[Turn] = []
        started = time.perf_counter()
        for n in range(1, SOLO_TURNS + 1):
            turns.append(await turn(socket, n))
            if n >= 4 and time.perf_counter() - started > SOLO_BUDGET_SECONDS:
                break
        return turns
    finally:
        await socket.__aexit__()


def measure_solo(url: str, database_url: str) -> list[dict[str, Any]]:
    """One user's turns: p50/p95 (add and list together), and bytes per reply."""
    turns = asyncio.run(_solo(url, database_url))
    times = [t.seconds * 1000 for t in turns]
    rows = [
        row("chat", "turn p50, 1 user", statistics.median(times), "ms", ("<=", 150)),
        row("chat", "turn p95, 1 user", percentile(times, 0.95), "ms", ("<=", 300)),
    ]
    for kind in ("add", "list"):
        some = [t.seconds * 1000 for t in turns if t.kind == kind]
        if some:
            rows.append(row("chat", f"turn p50, 1 user, {kind} only", statistics.median(some),
                            "ms", note=f"{len(some)} turns"))
    rows += _bytes_rows(turns)
    return rows


def _limit(t: Turn) -> int:
    return 3 * t.reply_chars + 10_240


def _bytes_rows(turns: list[Turn]) -> list[dict[str, Any]]:
    """Websocket bytes per reply against 3 x its text + 10 KB, for the tightest turn."""
    tightest = max(turns, key=lambda t: t.bytes - _limit(t))
    rows = [row("chat", "websocket bytes per reply (tightest turn)", tightest.bytes, "B",
                ("<=", _limit(tightest)),
                note=f"{tightest.kind}: {tightest.frames} frames, reply {tightest.reply_chars} "
                     "chars, task panel updates included")]
    for kind in ("add", "list"):
        some = [t for t in turns if t.kind == kind]
        if some:
            chars = statistics.median(t.reply_chars for t in some)
            rows.append(row("chat", f"websocket bytes per reply, {kind} (median)",
                            statistics.median(t.bytes for t in some), "B",
                            note=f"median reply {chars:.0f} chars"))
    rows.append(row("chat", "websocket frames per reply (median)",
                    statistics.median(t.frames for t in turns), "frames"))
    return rows


@dataclass
class Phase:
    """The turns of one phase of the load and how long the phase took."""

    turns: list[Turn]
    failures: int
    seconds: float

    def times_ms(self) -> list[float]:
        """Every turn's time; a turn that timed out counts as the timeout."""
        return [t.seconds * 1000 for t in self.turns] + [TURN_TIMEOUT * 1000] * self.failures

    def note(self, how: str) -> str:
        """Turn count, duration and timeouts, for the row's note."""
        text = f"{len(self.turns) + self.failures} turns in {self.seconds:.0f} s, {how}"
        if self.failures:
            text += f"; {self.failures} timed out (counted as {TURN_TIMEOUT} s)"
        return text


async def _phase(sockets: list[MeteredSocket], plan: Any) -> Phase:
    """Every socket sends the turns ``plan(i)`` gives it: ``[(n, seconds from start)]``."""
    turns: list[Turn] = []
    failures = 0
    started = time.perf_counter()

    async def talk(i: int, socket: MeteredSocket) -> None:
        nonlocal failures
        for n, at in plan(i):
            await asyncio.sleep(max(0.0, started + at - time.perf_counter()))
            try:
                turns.append(await turn(socket, n))
            except TimeoutError:
                failures += 1

    await asyncio.gather(*(talk(i, s) for i, s in enumerate(sockets)))
    return Phase(turns, failures, time.perf_counter() - started)


async def _crowd(url: str, database_url: str, users: int, sample: Any
                 ) -> tuple[Phase, Phase]:
    gate = asyncio.Semaphore(4)  # sign-ups hash passwords: a few at a time

    async def joined() -> MeteredSocket:
        async with gate:
            return await _user(url, database_url)

    sockets = list(await asyncio.gather(*(joined() for _ in range(users))))
    sampler = asyncio.create_task(sample())
    try:
        # each user at the chat limit: one message every CROWD_INTERVAL s, starts spread evenly
        paced = await _phase(sockets, lambda i: [
            (n, i * CROWD_INTERVAL / users + n * CROWD_INTERVAL) for n in range(CROWD_TURNS)])
        burst = await _phase(sockets, lambda i: [(CROWD_TURNS, 0.0)])
    finally:
        sampler.cancel()
        for socket in sockets:
            await socket.__aexit__()
    return paced, burst


def measure_crowd(url: str, database_url: str, backend: Any, mcp: Any,
                  users: int = CROWD_USERS) -> list[dict[str, Any]]:
    """``users`` users talking at the chat limit, then all at once; peak memory meanwhile.

    Args:
        url: The production build.
        database_url: Its database (tasks are seeded there).
        backend: The web app's service (its process tree is sampled: PSS, USS and RSS).
        mcp: The MCP server's service (sampled too).
        users: How many users talk.
    """
    peaks = {"backend": backend.memory(), "mcp": mcp.memory()}

    async def sample() -> None:
        while True:
            for name, service in (("backend", backend), ("mcp", mcp)):
                # reading smaps_rollup walks page tables: off the loop that times the turns
                peaks[name] = peaks[name].peak(await asyncio.to_thread(service.memory))
            await asyncio.sleep(0.5)

    paced, burst = asyncio.run(_crowd(url, database_url, users, sample))
    pace = f"each one message every {CROWD_INTERVAL} s (the chat limit)"
    return [
        row("chat", f"turn p50, {users} users", statistics.median(paced.times_ms()), "ms",
            note=paced.note(pace)),
        row("chat", f"turn p95, {users} users", percentile(paced.times_ms(), 0.95), "ms",
            ("<=", 1000)),
        row("chat", f"turn p50, {users} users sending at once",
            statistics.median(burst.times_ms()), "ms", note=burst.note("one burst")),
        row("chat", f"turn p95, {users} users sending at once",
            percentile(burst.times_ms(), 0.95), "ms"),
        *memory_rows("backend", f"peak at {users} chat users", peaks["backend"], 400),
        *memory_rows("MCP server", f"peak at {users} chat users", peaks["mcp"], 120),
    ]


def memory_rows(who: str, when: str, memory: Memory, limit: float | None = None
                ) -> list[dict[str, Any]]:
    """A process tree's memory as a pod (against ``limit``), then its PSS, USS and summed RSS."""
    target = ("<=", limit) if limit is not None else None
    tree = "1 process" if memory.processes == 1 else f"{memory.processes} processes"
    return [
        row("memory", f"{who} memory as a pod, {when}", memory.pod, "MB", target,
            note=f"{tree}: anonymous pages PSS-split within the tree, file-backed pages once"),
        row("memory", f"{who} PSS summed, {when}", memory.pss, "MB",
            note="shared pages split with every process mapping them, also outside the tree"),
        row("memory", f"{who} USS summed, {when}", memory.uss, "MB",
            note="pages no other process maps"),
        row("memory", f"{who} RSS summed (information), {when}", memory.rss, "MB",
            note="shared pages counted once per process: overstates a forked tree"),
    ]
