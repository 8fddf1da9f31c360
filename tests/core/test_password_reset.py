"""Password reset by email on SQLite and PostgreSQL: single use, 30 minutes, stored as an HMAC,
the same answer for unknown addresses, limits per address and network, everything signed out;
and the mail itself through a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from tests.support.core import in_session
from tests.support.smtp import smtp_server
from todo_reflex import routes
from todo_reflex.core.api_tokens import check_api_token, create_api_token
from todo_reflex.core.db import session_scope
from todo_reflex.core.errors import InvalidInput, RateLimited, Unauthorized
from todo_reflex.core.mailer import Mail
from todo_reflex.core.models import PasswordReset, User
from todo_reflex.core.password_reset import (
    LINK_INVALID,
    LINK_LIFETIME,
    RESET_PATH,
    link_is_valid,
    request_reset,
    reset_password,
    token_hash,
    wait_for_outbox,
)
from todo_reflex.core.sessions import create_session, get_active_session
from todo_reflex.core.settings import Settings
from todo_reflex.core.users import authenticate, register_user

PASSWORD = "correct horse battery"
NEW_PASSWORD = "a brand new secret"
LINK = re.compile(r"(https?://\S+/reset\?token=([A-Za-z0-9_-]+))")


# Limits and mail do not depend on the database: these tests run on SQLite only.
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def configure(configure: Callable[..., Settings], database_url: str) -> Callable[..., Settings]:
    """The shared ``configure`` on the test's database, with a public address for links."""
    return lambda **values: configure(**{"database_url": database_url,
                                         "public_url": "https://todo.example.com/", **values})


@pytest.fixture
def settings(configure: Callable[..., Settings]) -> Settings:
    return configure()


@pytest.fixture
def ann(engine: sa.Engine, settings: Settings) -> User:
    return in_session(register_user, email="ann@example.com", password=PASSWORD, name="Ann")


@pytest.fixture
def outbox() -> list[Mail]:
    return []


def ask(outbox: list[Mail], email: str = "ann@example.com", ip: str = "203.0.113.7") -> None:
    in_session(request_reset, email=email, ip=ip, send=outbox.append)


def token_of(mail: Mail) -> str:
    match = LINK.search(mail.body)
    assert match, mail.body
    return match.group(2)


def stored(engine: sa.Engine) -> list[PasswordReset]:
    with session_scope(engine) as session:
        return list(session.exec(select(PasswordReset).order_by(PasswordReset.id)))


def test_a_link_is_mailed_and_only_its_hmac_is_stored(engine, ann, outbox):
    assert ask(outbox) is None
    (mail,) = outbox
    assert (mail.to, mail.subject) == ("ann@example.com", "Reset your password")
    token = token_of(mail)
    assert LINK.search(mail.body).group(1) == f"https://todo.example.com/reset?token={token}"
    assert RESET_PATH == routes.RESET  # the page that reads it
    (row,) = stored(engine)
    assert row.user_id == ann.id
    assert row.token_hash == token_hash(token) != token
    assert row.expires_at - row.created_at == LINK_LIFETIME
    with engine.connect() as connection:  # the raw token is nowhere in the table
        rows = connection.execute(sa.text("SELECT * FROM password_resets")).all()
    assert token not in repr(rows)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(engine, settings, outbox, caplog):
    with caplog.at_level(logging.INFO, "todo_reflex.core.password_reset"):
        assert ask(outbox, "nobody@example.com") is None
    assert outbox == []
    assert stored(engine) == []
    assert "without an account" in caplog.text
    with pytest.raises(InvalidInput) as info:  # a malformed address says nothing about accounts
        ask(outbox, "not an address")
    assert info.value.field == "email"


def test_a_reset_sets_the_password_once(engine, ann, outbox):
    ask(outbox)
    token = token_of(outbox[0])
    assert in_session(link_is_valid, token=token) is True
    assert in_session(reset_password, token=token, new_password=NEW_PASSWORD) == ann.id
    assert in_session(link_is_valid, token=token) is False
    assert in_session(authenticate, email=ann.email, password=NEW_PASSWORD, ip="1").id == ann.id
    with pytest.raises(Unauthorized):
        in_session(authenticate, email=ann.email, password=PASSWORD, ip="1")
    with pytest.raises(Unauthorized) as info:  # single use
        in_session(reset_password, token=token, new_password="yet another one")
    assert info.value.sentence() == LINK_INVALID
    assert stored(engine)[0].used_at is not None


@SQLITE_ONLY
def test_a_reset_lifts_the_sign_in_backoff_from_that_address(engine, configure, outbox):
    configure(login_attempts_before_backoff=1)
    in_session(register_user, email="ann@example.com", password=PASSWORD)
    for password in ("guess one", "guess two"):
        with pytest.raises((Unauthorized, RateLimited)):
            in_session(authenticate, email="ann@example.com", password=password, ip="192.0.2.9")
    with pytest.raises(RateLimited):  # locked out for now, even with the right password
        in_session(authenticate, email="ann@example.com", password=PASSWORD, ip="192.0.2.9")
    ask(outbox)
    in_session(reset_password, token=token_of(outbox[0]), new_password=NEW_PASSWORD,
               ip="192.0.2.9")
    user = in_session(authenticate, email="ann@example.com", password=NEW_PASSWORD,
                      ip="192.0.2.9")
    assert user.email == "ann@example.com"


def test_a_weak_password_is_refused_and_the_link_still_works(engine, ann, outbox):
    ask(outbox)
    token = token_of(outbox[0])
    with pytest.raises(InvalidInput) as info:
        in_session(reset_password, token=token, new_password="short")
    assert info.value.field == "password"
    assert stored(engine)[0].used_at is None
    in_session(reset_password, token=token, new_password=NEW_PASSWORD)


def test_a_link_expires_after_30_minutes(engine, ann, outbox):
    ask(outbox)
    token = token_of(outbox[0])
    with session_scope(engine) as session:  # the clock moves on: the stored deadline passed
        session.execute(sa.update(PasswordReset).values(
            expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    assert in_session(link_is_valid, token=token) is False
    with pytest.raises(Unauthorized, match="expired or was already used"):
        in_session(reset_password, token=token, new_password=NEW_PASSWORD)
    assert in_session(authenticate, email=ann.email, password=PASSWORD, ip="1").id == ann.id


def test_unknown_or_malformed_links_are_refused(engine, ann):
    for token in ["", "x", "A" * 43, "../../etc", "A" * 500, None, 42]:
        with pytest.raises(Unauthorized, match="expired or was already used"):
            in_session(reset_password, token=token, new_password=NEW_PASSWORD)
        assert in_session(link_is_valid, token=token) is False


def test_using_one_link_spends_the_users_other_links(engine, ann, outbox):
    bob = in_session(register_user, email="bob@example.com", password=PASSWORD)
    ask(outbox)
    ask(outbox)
    ask(outbox, "bob@example.com")
    first, second, bobs = (token_of(mail) for mail in outbox)
    in_session(reset_password, token=second, new_password=NEW_PASSWORD)
    with pytest.raises(Unauthorized):
        in_session(reset_password, token=first, new_password="yet another one")
    assert in_session(reset_password, token=bobs, new_password=NEW_PASSWORD) == bob.id


def test_a_reset_ends_every_session_and_personal_access_token(engine, ann, outbox):
    sessions = [in_session(create_session, user_id=ann.id) for _ in range(2)]
    api_token = in_session(create_api_token, user_id=ann.id, name="Claude")
    ask(outbox)
    in_session(reset_password, token=token_of(outbox[0]), new_password=NEW_PASSWORD)
    assert [in_session(get_active_session, session_id=s.id) for s in sessions] == [None, None]
    with pytest.raises(Unauthorized, match="revoked"):
        in_session(check_api_token, plaintext=api_token.plaintext)


@SQLITE_ONLY
@pytest.mark.parametrize("store", ["memory", pytest.param("redis", marks=pytest.mark.redis)])
def test_requests_are_limited_per_address_silently(request, engine, configure, outbox, caplog,
                                                    store):
    redis_url = request.getfixturevalue("redis_url") if store == "redis" else ""
    configure(redis_url=redis_url, password_resets_per_email_per_hour=2)
    in_session(register_user, email="ann@example.com", password=PASSWORD)
    with caplog.at_level(logging.WARNING, "todo_reflex.core.password_reset"):
        for n in range(4):  # from four networks: the address's own limit holds
            assert ask(outbox, ip=f"198.51.100.{n}") is None
    assert len(outbox) == 2
    assert "too many requests for one email" in caplog.text
    for n in range(3):  # an unknown address counts the same (its answer cannot differ)
        ask(outbox, "nobody@example.com", ip=f"198.51.100.{n}")
    assert caplog.text.count("too many requests for one email") == 3
    ask(outbox, "ANN@example.com ", ip="192.0.2.1")  # the address as typed, normalised
    assert len(outbox) == 2


@SQLITE_ONLY
def test_requests_are_limited_per_network_address_silently(engine, configure, outbox, caplog):
    configure(password_resets_per_ip_per_hour=3)
    for name in ("ann", "bob", "cem", "dan"):
        in_session(register_user, email=f"{name}@example.com", password=PASSWORD)
    with caplog.at_level(logging.WARNING, "todo_reflex.core.password_reset"):
        for name in ("ann", "bob", "cem", "dan"):
            ask(outbox, f"{name}@example.com", ip="2001:db8::1")
        ask(outbox, "dan@example.com", ip="2001:db8::2")  # the same /64
    assert [mail.to for mail in outbox] == ["ann@example.com", "bob@example.com",
                                            "cem@example.com"]
    assert caplog.text.count("too many requests from one address") == 2
    ask(outbox, "dan@example.com", ip="192.0.2.1")  # another network is not affected
    assert outbox[-1].to == "dan@example.com"


@SQLITE_ONLY
def test_the_mail_reaches_a_real_smtp_server_with_the_link(engine, configure):
    with smtp_server() as smtp:
        configure(**smtp.env_settings(), smtp_from="Tasks <tasks@todo.example.com>")
        ann = in_session(register_user, email="ann@example.com", password=PASSWORD)
        in_session(request_reset, email="ann@example.com", ip="203.0.113.7")
        wait_for_outbox()
        (message,) = smtp.inbox.wait_for(1)
    assert message["To"] == "ann@example.com"
    assert message["From"] == "Tasks <tasks@todo.example.com>"
    assert message["Subject"] == "Reset your password"
    assert message["Message-ID"].endswith("@todo.example.com>")
    body = message.get_content()
    link, token = LINK.search(body).groups()
    assert link.startswith("https://todo.example.com/reset?token=")
    assert "30 minutes" in body
    assert in_session(reset_password, token=token, new_password=NEW_PASSWORD) == ann.id


@SQLITE_ONLY
def test_a_mail_server_that_is_down_changes_nothing_the_user_sees(engine, configure, caplog):
    from tests.support.mcp import free_port

    configure(smtp_host="127.0.0.1", smtp_port=free_port(), smtp_timeout_seconds=2)
    in_session(register_user, email="ann@example.com", password=PASSWORD)
    with caplog.at_level(logging.ERROR, "todo_reflex.core.password_reset"):
        assert in_session(request_reset, email="ann@example.com", ip="203.0.113.7") is None
        wait_for_outbox()
    assert "password reset mail not sent" in caplog.text
