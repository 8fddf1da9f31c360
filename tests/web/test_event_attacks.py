"""Every event of every state, sent by raw socket.io clients aimed at another user.

A victim signs up and fills their account through the websocket (and gets notifications). Then
an attacker with no session, and another signed-in user, call **every** event handler the app
publishes with payloads built from the victim's ids (user id, task, thread, token and
notification ids), actor dicts, forged tokens and the victim's email. No reply may carry the
victim's token, email, titles or ids of their data, and the victim's data must be exactly as it
was.
"""

from __future__ import annotations

import inspect
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import jwt
import pytest
import socketio
from fastmcp import Client
from fastmcp.client.transports import StreamableHttpTransport

from tests.states.state_tree import all_states
from tests.support.browser import PASSWORD, WebApp
from tests.web.reflex_socket import ROOT, ReflexSocket, run_async
from todo_reflex.core.db import engine_for, session_scope
from todo_reflex.core.models import Notification

pytestmark = pytest.mark.browser

AUTH = f"{ROOT}.todo_reflex___states___auth____auth_state"
SIGN_IN = f"{ROOT}.todo_reflex___states___sign_in____sign_in_state"
TASK_FORM = f"{ROOT}.todo_reflex___states___task_form____task_form_state"
TASK_LIST = f"{ROOT}.todo_reflex___states___tasks____task_list_state"
TASK_ACTIONS = f"{ROOT}.todo_reflex___states___task_actions____task_actions_state"
BULK = [("complete", ""), ("due", "2031-01-01"), ("priority", "high"), ("tag", "pwned"),
        ("delete", "")]
THREADS = f"{ROOT}.todo_reflex___states___threads____thread_list_state"
CHAT = f"{ROOT}.todo_reflex___states___chat____chat_state"
TOKENS = f"{ROOT}.todo_reflex___states___api_tokens____tokens_state"
NOTICES = f"{ROOT}.todo_reflex___states___notifications____notification_state"
LAST = ("sign_out", "sign_out_everywhere", "delete_account")  # end an attacker's session


@dataclass
class Victim:
    """What the attackers aim at, and what must never reach them."""

    email: str
    name: str
    token: str = ""
    pat: str = ""
    user_id: int = 0
    titles: list[str] = field(default_factory=list)
    task_ids: list[int] = field(default_factory=list)
    thread_ids: list[int] = field(default_factory=list)
    token_ids: list[int] = field(default_factory=list)
    notification_ids: list[int] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)

    @property
    def aimed_email(self) -> str:
        """The email as an attacker types it: it matches the account, and an echo of it in a
        reply (a field showing what was typed) is not mistaken for a leak of the stored one."""
        return self.email.upper()

    @property
    def ids(self) -> list[int]:
        return sorted({self.user_id, *self.task_ids, *self.thread_ids, *self.token_ids,
                       *self.notification_ids})

    def form(self, task_id: int, thread_id: int) -> dict[str, Any]:
        """A form aimed at the victim: every field a handler might read."""
        return {
            "user_id": self.user_id, "actor": {"user_id": self.user_id, "timezone": "UTC"},
            "email": self.aimed_email, "name": "pwned", "timezone": "UTC", "title": "pwned",
            "task_id": task_id, "thread_id": thread_id, "version": "1", "due_date": "",
            "tags": "", "priority": "high", "action": "delete", "value": "",
            "token_name": "pwned", "token_expires": "never",
            "delete_confirm": self.aimed_email, "password": "not the password",
            "confirm": "not the password", "current_password": "not the password",
            "new_password": "pwned pwned pwned", "repeat_password": "pwned pwned pwned",
        }


async def _sign_up(socket: ReflexSocket, name: str, email: str) -> str:
    form = {"name": name, "email": email, "password": PASSWORD, "confirm": PASSWORD}
    await socket.call(f"{SIGN_IN}.sign_up", {"form": form}, path="/signup")
    token = socket.value(AUTH, "auth_token")
    assert token, socket.transcript()[-2000:]
    return token


async def _victim_account(socket: ReflexSocket) -> Victim:
    """Sign the victim up and give them tasks, a conversation and a personal access token."""
    mark = uuid.uuid4().hex[:8]
    victim = Victim(email=f"victim-{mark}@example.com", name=f"Victim {mark}")
    victim.token = await _sign_up(socket, victim.name, victim.email)
    victim.user_id = int(jwt.decode(victim.token, options={"verify_signature": False})["sub"])
    for n in (1, 2):
        title = f"victim task {n} {mark}"
        await socket.call(f"{TASK_FORM}.add", {"form": {"title": title}}, path="/tasks")
        victim.titles.append(title)
    await socket.call(f"{CHAT}.set_draft", {"text": f"add victim errand {mark} tomorrow"})
    await socket.call(f"{CHAT}.send", {"form": {}})
    await socket.wait_for(lambda: f"errand {mark}" in str(socket.value(
        f"{ROOT}.todo_reflex___states___task_panel____task_panel_state", "items")))
    victim.titles.append(f"victim errand {mark}")
    await socket.call(f"{TOKENS}.create", {"form": {"token_name": f"pat {mark}"}},
                      path="/account")
    victim.pat = pat = socket.value(TOKENS, "new_token")
    assert pat
    assert pat.startswith("tat_")
    snapshot = await _snapshot(socket)
    victim.task_ids = [row["id"] for row in snapshot["tasks"]]
    victim.thread_ids = [item["id"] for item in snapshot["threads"]]
    victim.token_ids = [row["id"] for row in snapshot["tokens"]]
    victim.secrets = [victim.email, victim.name, victim.token, pat, pat[:12], *victim.titles]
    return victim


def _deliver_reminders(web_app: WebApp, victim: Victim) -> None:
    """Give the victim unread notifications, as the reminder worker writes them."""
    with session_scope(engine_for(web_app.settings.database_url)) as session:
        rows = [Notification(user_id=victim.user_id, task_number=n, title=title,
                             body="Due tomorrow.", fire_at=datetime.now(UTC))
                for n, title in enumerate(victim.titles, start=1)]
        session.add_all(rows)
        session.flush()
        victim.notification_ids = [row.id for row in rows]


async def _snapshot(socket: ReflexSocket) -> dict[str, Any]:
    """The account as its owner sees it: tasks, conversations, tokens."""
    await socket.call(f"{TASK_LIST}.open_page", path="/tasks?view=all")
    await socket.call(f"{CHAT}.load_messages")
    await socket.call(f"{TOKENS}.load", path="/account")
    await socket.call(f"{NOTICES}.refresh")
    tasks = socket.value(TASK_LIST, "rows") or []
    return {
        "tasks": sorted(tasks, key=lambda row: row["id"]),
        "notifications": [(row["id"], row["unread"]) for row in socket.value(NOTICES, "items")],
        "threads": socket.value(THREADS, "items") or [],
        "tokens": [{k: row[k] for k in ("id", "name", "prefix")}
                   for row in socket.value(TOKENS, "tokens") or []],
    }


def _payloads(handler: Any, victim: Victim) -> list[dict[str, Any]]:
    """Payloads for every parameter of ``handler``, each aimed at one of the victim's ids."""
    parameters = [p for p in inspect.signature(handler.fn).parameters.values()
                  if p.name != "self" and p.kind is not p.VAR_KEYWORD]
    targets = victim.ids
    payloads = []
    for i, target in enumerate(targets):
        task_id = victim.task_ids[i % len(victim.task_ids)]
        thread_id = victim.thread_ids[i % len(victim.thread_ids)]
        choices: dict[str, Any] = {
            "int": target, "bool": True, "str": [victim.aimed_email, str(target)][i % 2],
        }
        payload = {}
        for p in parameters:
            kind = str(p.annotation).split("|")[0].strip()
            payload[p.name] = choices.get(kind, victim.form(task_id, thread_id))
        payloads.append(payload)
    payloads.append({"user_id": victim.user_id, "actor": victim.form(0, 0)["actor"]})
    return payloads


def _forged_tokens(victim: Victim) -> list[str]:
    claims = {"sub": str(victim.user_id), "sid": "x", "iss": "todo-app", "aud": "todo-app",
              "iat": 1_700_000_000, "exp": 4_000_000_000}
    header, body, _ = victim.token.split(".")
    return [
        jwt.encode(claims, "guessed-secret-guessed-secret-guessed", algorithm="HS256"),
        jwt.encode(claims, key=None, algorithm="none"),
        f"{header}.{body}.",  # the victim's own token with its signature cut off
        f"{header}.{jwt.utils.base64url_encode(b'{}').decode()}.{victim.token.split('.')[2]}",
    ]


async def _attack(socket: ReflexSocket, victim: Victim, states: list[Any]) -> int:
    """Call every event of every state with payloads aimed at the victim; returns the count."""
    calls = 0
    for token in _forged_tokens(victim):
        await socket.call(f"{ROOT}.reflex___state____update_vars_internal_state"
                          ".update_vars_internal", {"vars": {f"{AUTH}.auth_token": token}})
        await socket.call(f"{AUTH}.setvar", {"var_name": "auth_token", "value": token})
        await socket.call(f"{AUTH}.require_login")
        calls += 3
    handlers = [(state, name, handler) for state in states
                for name, handler in state.event_handlers.items()]
    handlers.sort(key=lambda item: item[1] in LAST)
    for state, name, handler in handlers:
        for payload in _payloads(handler, victim):
            await socket.call(f"{state.get_full_name()}.{name}", payload)
            calls += 1
    return calls


def _leaks(socket: ReflexSocket, victim: Victim) -> list[str]:
    found = []
    for update in socket.updates:
        for state, values in (update.get("delta") or {}).items():
            for var, value in values.items():
                found += [f"{state}.{var}: {s}" for s in victim.secrets if s in str(value)]
    return found


def test_no_event_reaches_another_users_data(web_app: WebApp) -> None:
    states = all_states()  # imported here: Reflex registers states in this thread's context
    run_async(_no_event_reaches_another_users_data(web_app, states))


async def _no_event_reaches_another_users_data(web_app: WebApp, states: list[Any]) -> None:
    async with ReflexSocket(web_app.url) as owner:
        victim = await _victim_account(owner)
        _deliver_reminders(web_app, victim)
        before = await _snapshot(owner)
        assert len(before["tasks"]) == 3
        assert [unread for _, unread in before["notifications"]] == [True] * 3
        assert before["threads"]
        assert before["tokens"]

        async with ReflexSocket(web_app.url) as stranger:
            calls = await _attack(stranger, victim, states)
            assert calls > 100
            assert stranger.value(AUTH, "user_email") in (None, "")
            assert _leaks(stranger, victim) == []

        async with ReflexSocket(web_app.url) as insider:
            await _sign_up(insider, "Mallory Example", f"mallory-{uuid.uuid4().hex[:8]}@ex.com")
            await _attack(insider, victim, states)
            await _sign_up(insider, "Mallory Again", f"mallory-{uuid.uuid4().hex[:8]}@ex.com")
            for action, value in BULK:  # the victim's numbers picked into a bulk change
                for task_id in victim.task_ids:
                    await insider.call(f"{TASK_LIST}.pick", {"task_id": task_id}, path="/tasks")
                await insider.call(f"{TASK_ACTIONS}.bulk", {"action": action, "value": value},
                                   path="/tasks")
            assert _leaks(insider, victim) == []

        assert await _snapshot(owner) == before
        assert owner.value(AUTH, "user_email") == victim.email  # still signed in
    async with Client(StreamableHttpTransport(
            web_app.mcp_url, headers={"Authorization": f"Bearer {victim.pat}"})) as mcp:
        listed = await mcp.call_tool("list_tasks", {"status": "all"})
    assert sorted(t["title"] for t in listed.structured_content["tasks"]) == sorted(victim.titles)


async def _connect(client: socketio.AsyncClient, base_url: str, origin: str) -> None:
    await client.connect(f"{base_url}?token={uuid.uuid4()}", socketio_path="_event",
                         namespaces=["/_event"], transports=["websocket"],
                         headers={"Origin": origin}, wait_timeout=10)


def test_websocket_refuses_a_foreign_origin(web_app: WebApp) -> None:
    run_async(_websocket_refuses_a_foreign_origin(web_app))


async def _websocket_refuses_a_foreign_origin(web_app: WebApp) -> None:
    foreign = socketio.AsyncClient(reconnection=False)
    try:
        with pytest.raises(socketio.exceptions.ConnectionError):
            await _connect(foreign, web_app.url, "https://evil.example")
    finally:
        if foreign.eio.http is not None:  # a refused connect leaves its HTTP session open
            await foreign.eio.http.close()
    own = socketio.AsyncClient(reconnection=False)
    await _connect(own, web_app.url, web_app.url)  # the page's own origin still connects
    assert own.connected
    await own.disconnect()
