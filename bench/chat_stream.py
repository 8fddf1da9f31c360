"""What a chat turn costs over the real websocket: in a fresh thread and in a 200-message one.

A raw socket.io client (tests/web/reflex_socket.py) signs users up, sends messages as the
browser does (``set_draft`` then ``send``) and times Enter -> the update that ends the turn
(``streaming`` false, the reply in place). Everything the server pushes for the turn is counted
as the reply's websocket bytes (the JSON of each update; socket.io adds ~30 bytes a frame).
The long thread's 200 messages are written straight into the app's database.

Usage: .venv/bin/python bench/chat_stream.py URL DATABASE_URL
  URL: a running production build (``reflex run --env prod``), e.g. http://localhost:3000
  DATABASE_URL: the database that app uses (the long thread is written into it)
The web test tests/web/test_chat_stream.py runs ``measure`` against its own build and prints it.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import jwt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.web.reflex_socket import ROOT, ReflexSocket, run_async  # noqa: E402
from todo_reflex.core import threads  # noqa: E402
from todo_reflex.core.db import engine_for, session_scope  # noqa: E402

CHAT = f"{ROOT}.todo_reflex___states___chat____chat_state"
SIGN_IN = f"{ROOT}.todo_reflex___states___sign_in____sign_in_state"
AUTH = f"{ROOT}.todo_reflex___states___auth____auth_state"
PASSWORD = "correct horse battery"
TURNS_PER_USER = 8  # under the chat limit of 10 messages a minute
LONG_THREAD = 200
FRAME_OVERHEAD = 30


def script(turn: int) -> str:
    """The message of turn ``turn``: mostly adds, every third a list of what is pending."""
    return "what's pending?" if turn % 3 == 2 else f"add bench errand {turn} tomorrow at 9am"


async def sign_up(socket: ReflexSocket, name: str = "Bench User") -> int:
    """Create an account through the websocket; returns its user id."""
    email = f"bench-{uuid.uuid4().hex[:10]}@example.com"
    form = {"name": name, "email": email, "password": PASSWORD, "confirm": PASSWORD}
    await socket.call(f"{SIGN_IN}.sign_up", {"form": form}, path="/signup")
    token = socket.value(AUTH, "auth_token")
    if not token:
        raise RuntimeError(f"sign-up failed: {socket.transcript()[-500:]}")
    return int(jwt.decode(token, options={"verify_signature": False})["sub"])


def seed_thread(database_url: str, user_id: int, count: int = LONG_THREAD) -> int:
    """Write a thread of ``count`` alternating user/assistant messages; returns its id."""
    with session_scope(engine_for(database_url)) as session:
        thread = threads.create_thread(session=session, user_id=user_id, title="Long thread")
        for n in range(count):
            role = "user" if n % 2 == 0 else "assistant"
            content = (f"add seeded errand {n} tomorrow" if role == "user" else
                       f"Added **seeded errand {n - 1}** · due tomorrow. Anything else?")
            threads.add_message(session=session, user_id=user_id, thread_id=thread.id,
                                role=role, content=content)
        return thread.id


async def turn(socket: ReflexSocket, text: str, timeout: float = 60) -> dict[str, Any]:
    """Send one message; time and size of everything pushed until the turn has ended."""
    await socket.call(f"{CHAT}.set_draft", {"text": text})
    start = len(socket.updates)
    started = time.perf_counter()
    await socket.emit(f"{CHAT}.send", {"form": {}})
    try:
        await socket.wait_for(lambda: _ended(socket, start), timeout)
    except TimeoutError:
        raise RuntimeError(f"no end of turn for {text!r}: {socket.transcript()[-1500:]}") from None
    elapsed = time.perf_counter() - started
    pushed = socket.updates[start:]
    sizes = [len(json.dumps(u, separators=(",", ":"))) + FRAME_OVERHEAD for u in pushed]
    return {"ms": elapsed * 1000, "bytes": sum(sizes), "frames": len(pushed),
            "reply_chars": _reply_chars(socket, start)}


def _ended(socket: ReflexSocket, since: int) -> bool:
    began = any(((u.get("delta") or {}).get(CHAT) or {}).get("streaming_rx_state_") is True
                for u in socket.updates[since:])
    return began and socket.value(CHAT, "streaming", since) is False


def _reply_chars(socket: ReflexSocket, since: int) -> int:
    """Length of the reply that ended the turn (the last assistant bubble pushed)."""
    for var in ("recent", "messages"):
        bubbles = socket.value(CHAT, var, since)
        if bubbles:
            return len(bubbles[-1].get("content", ""))
    return 0


async def _user_turns(url: str, database_url: str | None, turns: int) -> list[dict[str, Any]]:
    async with ReflexSocket(url) as socket:
        user_id = await sign_up(socket)
        if database_url:
            seed_thread(database_url, user_id)
        await socket.call(f"{CHAT}.load_messages")
        return [await turn(socket, script(n)) for n in range(turns)]


def _summary(samples: list[dict[str, Any]]) -> dict[str, float]:
    times = sorted(s["ms"] for s in samples)
    per_char = [s["bytes"] / max(s["reply_chars"], 1) for s in samples]
    return {
        "turns": len(samples),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))], 1),
        "bytes_per_reply_median": int(statistics.median(s["bytes"] for s in samples)),
        "bytes_per_reply_max": max(s["bytes"] for s in samples),
        "frames_per_reply_max": max(s["frames"] for s in samples),
        "reply_chars_max": max(s["reply_chars"] for s in samples),
        "bytes_per_reply_char_median": round(statistics.median(per_char), 1),
    }


async def _measure(url: str, database_url: str, users: int, turns: int) -> dict[str, Any]:
    fresh: list[dict[str, Any]] = []
    long: list[dict[str, Any]] = []
    for _ in range(users):  # interleaved, so drift on the machine hits both alike
        fresh += await _user_turns(url, None, turns)
        long += await _user_turns(url, database_url, turns)
    result = {"fresh": _summary(fresh), "long_thread": _summary(long)}
    result["long_over_fresh_p50"] = round(
        result["long_thread"]["p50_ms"] / result["fresh"]["p50_ms"], 2)
    return result


def measure(url: str, database_url: str, *, users: int = 3,
            turns: int = TURNS_PER_USER) -> dict[str, Any]:
    """Chat turn figures for a fresh thread and a 200-message thread of the app at ``url``.

    Args:
        url: The running production build.
        database_url: The app's database, where the long threads are written.
        users: Users per case (each one does ``turns`` turns, under the chat limit).
        turns: Turns per user.

    Returns:
        ``{"fresh": {...}, "long_thread": {...}, "long_over_fresh_p50": x}`` with p50/p95 in
        milliseconds and websocket bytes and frames per reply.
    """
    return run_async(_measure(url, database_url, users, turns))


def main() -> None:
    """Print the figures for the app given on the command line."""
    if len(sys.argv) != 3:
        print(__doc__)
        raise SystemExit(2)
    print(json.dumps(measure(sys.argv[1], sys.argv[2]), indent=2))


if __name__ == "__main__":
    main()
