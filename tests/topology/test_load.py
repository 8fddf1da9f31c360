"""50 users chatting over websockets through the ingress for a minute, across both backends.

Each user is a raw socket.io client (``tests/topology/sockets.py``, the bench's metered socket)
that signs up and then sends at the chat limit: one message every 7 s, adds and listings in
turn (``bench.chat_load.script``). No turn may fail, and every user's task count must equal what
the database holds. ``TOPOLOGY_LOAD_SECONDS`` shortens the minute on a slow machine.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter

import pytest
import sqlalchemy as sa

from bench.chat_load import CHAT, sign_up, turn
from deploy.topology import Topology
from tests.topology.sockets import IngressSocket
from tests.web.reflex_socket import run_async

pytestmark = pytest.mark.slow

USERS = 50
SECONDS = float(os.environ.get("TOPOLOGY_LOAD_SECONDS", "60"))
INTERVAL = 7.0  # seconds between one user's messages: under the limit of 10 a minute


def last_reply(socket: IngressSocket, since: int) -> str:
    """The text of the newest chat bubble sent after update ``since``."""
    for var in ("recent", "messages"):
        bubbles = socket.value(CHAT, var, since)
        if bubbles:
            return str(bubbles[-1].get("content", ""))
    return ""


async def crowd(topology: Topology) -> tuple[Counter[int], list[str], int, float, dict]:
    """Sign ``USERS`` users up, let them talk.

    Returns:
        Adds per user id, failures, turns, seconds, and websockets per backend.
    """
    gate = asyncio.Semaphore(4)  # sign-ups hash passwords: a few at a time

    async def join() -> tuple[IngressSocket, int]:
        async with gate:
            socket = IngressSocket(topology)
            await socket.__aenter__()
            user_id = await sign_up(socket)
            await socket.call(f"{CHAT}.load_messages")
            return socket, user_id

    users = await asyncio.gather(*(join() for _ in range(USERS)))
    spread = topology.websocket_holders()
    adds: Counter[int] = Counter()
    failures: list[str] = []
    turns = 0
    started = time.perf_counter()

    async def talk(i: int, socket: IngressSocket, user_id: int) -> None:
        nonlocal turns
        n, at = 0, i * INTERVAL / USERS
        while at < SECONDS:
            await asyncio.sleep(max(0.0, started + at - time.perf_counter()))
            since = len(socket.updates)
            try:
                done = await turn(socket, n)
            except TimeoutError:
                failures.append(f"user {user_id} turn {n}: no reply")
            else:
                reply = last_reply(socket, since)
                if done.kind == "add" and reply.startswith("Added"):
                    adds[user_id] += 1
                elif done.kind == "add" or reply.startswith("Sorry"):
                    failures.append(f"user {user_id} turn {n}: {reply[:120]!r}")
            turns += 1
            n, at = n + 1, at + INTERVAL

    try:
        await asyncio.gather(*(talk(i, s, uid) for i, (s, uid) in enumerate(users)))
    finally:
        await asyncio.gather(*(s.__aexit__() for s, _ in users), return_exceptions=True)
    return adds, failures, turns, time.perf_counter() - started, spread


def test_fifty_users_for_a_minute_lose_nothing(topology: Topology) -> None:
    adds, failures, turns, seconds, spread = run_async(crowd(topology))
    print(f"load: {USERS} users, {turns} turns in {seconds:.0f} s, {sum(adds.values())} adds, "
          f"websockets per backend {spread}")
    assert failures == []
    assert all(n >= USERS // 4 for n in spread.values()), spread  # both backends carry users
    assert turns >= USERS * int(SECONDS // INTERVAL)
    engine = sa.create_engine(topology.database_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            stored = dict(conn.execute(
                sa.text("select user_id, count(*) from tasks where user_id = any(:ids) "
                        "group by user_id"), {"ids": list(adds)}).all())
    finally:
        engine.dispose()
    assert stored == dict(adds)
