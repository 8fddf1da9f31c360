"""The reply's pushes are coalesced whatever the engine streams: token by token (the OpenAI
engine), a whole reply at once (the offline engine), nothing for a while (a slow tool call).

No browser and no build: the streaming loop of ``todo_reflex/states/chat.py`` runs against a
stand-in for Reflex's background-task state proxy that records every push it would send. The
loops run in a thread of their own (``run_async``): Playwright's loop owns the test thread.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from tests.web.reflex_socket import run_async
from todo_reflex.assistant.engines import Done, TextDelta, ToolEvent
from todo_reflex.states import chat

WINDOW = chat.FLUSH_SECONDS * 0.9  # timer slack of the event loop


class Tab:
    """Stands in for the state proxy of one browser tab: ``async with`` opens it; a push is
    recorded when the block changed what the browser shows."""

    def __init__(self) -> None:
        self._stop = False
        self.text = ""
        self.chips: list[chat.Chip] = []
        self.pushes: list[tuple[float, str, int]] = []
        self._before: tuple[str, int] = ("", 0)

    async def __aenter__(self) -> Tab:
        self._before = (self.text, len(self.chips))
        return self

    async def __aexit__(self, *_: object) -> None:
        if (self.text, len(self.chips)) != self._before:
            self.pushes.append((time.monotonic(), self.text, len(self.chips)))

    async def get_state(self, _cls: type) -> Tab:
        return self


def _gaps(tab: Tab) -> list[float]:
    times = [t for t, _, _ in tab.pushes]
    return [b - a for a, b in zip(times, times[1:], strict=False)]


async def _tokens(count: int, pause: float, log: list[str]) -> AsyncIterator[object]:
    words = [f"word{n} " for n in range(count)]
    try:
        for word in words:
            await asyncio.sleep(pause)
            yield TextDelta(word)
        yield Done(reply="".join(words), context={"n": count}, engine="openai")
    finally:
        log.append("closed")


def test_a_token_stream_is_pushed_at_most_every_50_ms() -> None:
    run_async(_a_token_stream_is_pushed_at_most_every_50_ms())


async def _a_token_stream_is_pushed_at_most_every_50_ms() -> None:
    tab, log = Tab(), []
    reply = chat._Reply(context={})
    started = time.monotonic()
    await chat._stream(tab, _tokens(150, 0.004, log), reply)
    took = time.monotonic() - started
    assert reply.text == "".join(f"word{n} " for n in range(150))
    assert reply.context == {"n": 150}
    assert len(tab.pushes) >= 5, "the reply should appear while it is written"
    assert len(tab.pushes) <= took / chat.FLUSH_SECONDS + 1
    assert min(_gaps(tab)) >= WINDOW
    assert all(reply.text.startswith(text) for _, text, _ in tab.pushes)
    assert log == ["closed"]


def test_a_whole_reply_in_one_burst_is_one_push_at_most() -> None:
    run_async(_a_whole_reply_in_one_burst_is_one_push_at_most())


async def _a_whole_reply_in_one_burst_is_one_push_at_most() -> None:
    async def offline() -> AsyncIterator[object]:
        await asyncio.sleep(0.08)  # the tool calls
        yield ToolEvent("add_task", {"title": "milk"}, True, "Added #1 milk", {"id": 1})
        for word in ("Added ", "**milk** ", "(#1)."):
            yield TextDelta(word)
            await asyncio.sleep(0)
        yield Done(reply="Added **milk** (#1).", context={}, engine="offline")

    tab, reply = Tab(), chat._Reply(context={})
    await chat._stream(tab, offline(), reply)
    assert reply.text == "Added **milk** (#1)."
    assert [c.text for c in reply.chips] == ["Added #1 milk"]
    assert reply.touched_id == 1
    assert len(tab.pushes) <= 1  # the rest goes out with the end of the turn


def test_stop_ends_the_stream_and_the_engine() -> None:
    run_async(_stop_ends_the_stream_and_the_engine())


async def _stop_ends_the_stream_and_the_engine() -> None:
    tab, log = Tab(), []
    reply = chat._Reply(context={})

    async def press_stop() -> None:
        await asyncio.sleep(0.2)
        tab._stop = True

    presser = asyncio.create_task(press_stop())
    started = time.monotonic()
    await chat._stream(tab, _tokens(1000, 0.01, log), reply)
    await presser
    assert time.monotonic() - started < 0.2 + 3 * chat.FLUSH_SECONDS
    assert reply.text.endswith(chat.STOPPED)
    await asyncio.sleep(0)
    assert log == ["closed"]


def test_stop_is_seen_while_the_engine_is_silent() -> None:
    run_async(_stop_is_seen_while_the_engine_is_silent())


async def _stop_is_seen_while_the_engine_is_silent() -> None:
    tab, log = Tab(), []

    async def slow_tool() -> AsyncIterator[object]:
        try:
            await asyncio.sleep(30)
            yield TextDelta("never")
        finally:
            log.append("closed")

    tab._stop = True
    started = time.monotonic()
    await chat._stream(tab, slow_tool(), chat._Reply(context={}))
    assert time.monotonic() - started < chat.STOP_POLL_SECONDS + 0.5
    await asyncio.sleep(0)
    assert log == ["closed"]


def test_an_engine_failure_reaches_the_turn() -> None:
    run_async(_an_engine_failure_reaches_the_turn())


async def _an_engine_failure_reaches_the_turn() -> None:
    async def broken() -> AsyncIterator[object]:
        yield TextDelta("Half a ")
        raise RuntimeError("engine broke")

    reply = chat._Reply(context={})
    with pytest.raises(RuntimeError, match="engine broke"):
        await chat._stream(Tab(), broken(), reply)
    assert reply.text == "Half a "
