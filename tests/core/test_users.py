"""Accounts: sign-up, sign-in and its throttling, profile, password change, deletion."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import redis
import sqlalchemy as sa
from sqlmodel import select

from tests.support.core import in_session
from todo_reflex.core import cache
from todo_reflex.core.api_tokens import check_api_token, create_api_token, list_api_tokens
from todo_reflex.core.db import session_scope
from todo_reflex.core.errors import InvalidInput, RateLimited, Unauthorized
from todo_reflex.core.models import (
    Account,
    ApiToken,
    Message,
    Task,
    Thread,
    User,
    UserSession,
)
from todo_reflex.core.ratelimit import RateLimiter, get_limiter
from todo_reflex.core.sessions import cache_key, create_session, get_active_session
from todo_reflex.core.settings import Settings
from todo_reflex.core.users import (
    authenticate,
    change_password,
    check_timezone,
    clean_name,
    delete_user,
    get_user,
    get_user_by_email,
    register_user,
    update_profile,
)

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def fresh_redis_health() -> Iterator[None]:
    cache.health_for.cache_clear()
    yield
    cache.health_for.cache_clear()


LIMITS = {"login_attempts_before_backoff": 3, "login_failures_per_ip_per_15_minutes": 30,
          "signups_per_ip_per_hour": 2}


@pytest.fixture
def configure(configure: Callable[..., Settings], database_url: str) -> Callable[..., Settings]:
    """The shared ``configure`` on the test's database, with this module's small limits."""
    return lambda **values: configure(**{"database_url": database_url, **LIMITS, **values})


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def limiter(request: pytest.FixtureRequest, configure: Callable[..., Settings]) -> RateLimiter:
    """The process's limiter, counting in memory only, or in real Redis (and memory)."""
    configure(redis_url=request.getfixturevalue("redis_url") if request.param == "redis" else "")
    return get_limiter()


@pytest.fixture
def ann(engine: sa.Engine, settings: Settings) -> User:
    return in_session(register_user, email=" Ann@Example.com ", password=PASSWORD, name="Ann",
                      timezone="Europe/Paris")


def test_register_normalises_and_stores_a_credential(engine: sa.Engine, ann: User) -> None:
    assert (ann.email, ann.name, ann.timezone) == ("ann@example.com", "Ann", "Europe/Paris")
    with session_scope(engine) as db:
        account = db.exec(select(Account).where(Account.user_id == ann.id)).one()
    assert account.provider == "credential"
    assert account.provider_account_id == "ann@example.com"
    assert account.password_hash.startswith("$argon2")
    assert PASSWORD not in account.password_hash


@pytest.mark.parametrize(
    ("email", "password", "field"),
    [("ANN@example.com", PASSWORD, "email"), ("not-an-email", PASSWORD, "email"),
     ("new@example.com", "short", "password"), ("new@example.com", " " * 10, "password")],
)
def test_register_refuses(
    engine: sa.Engine, settings: Settings, ann: User, email: str, password: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as info:
        in_session(register_user, email=email, password=password)
    assert info.value.field == field
    if email.lower() == ann.email:
        assert "already exists" in info.value.reason


def test_a_sign_up_that_loses_the_race_for_an_email_is_told_it_is_taken(
    engine: sa.Engine, settings: Settings
) -> None:
    def rival_signs_up_first(*_: object) -> None:  # between our check and our insert
        in_session(register_user, email="race@example.com", password=PASSWORD)

    with pytest.raises(InvalidInput) as info, session_scope() as session:
        sa.event.listen(session, "before_flush", rival_signs_up_first, once=True)
        register_user(session=session, email="race@example.com", password=PASSWORD)
    assert (info.value.field, info.value.reason) == (
        "email", "an account with this email already exists")
    with session_scope() as db:
        assert len(db.exec(select(User).where(User.email == "race@example.com")).all()) == 1


def test_authenticate(engine: sa.Engine, settings: Settings, ann: User) -> None:
    user = in_session(authenticate, email="ANN@example.com ", password=PASSWORD, ip="1.2.3.4")
    assert user.id == ann.id


@pytest.mark.parametrize(
    ("email", "password"),
    [("ann@example.com", "wrong password"), ("nobody@example.com", PASSWORD),
     ("not an email", PASSWORD), ("ann@example.com", "")],
)
def test_failed_sign_in_does_not_reveal_accounts(
    engine: sa.Engine, settings: Settings, ann: User, email: str, password: str
) -> None:
    with pytest.raises(Unauthorized) as info:
        in_session(authenticate, email=email, password=password, ip="1.2.3.4")
    assert info.value.message == "invalid email or password"


def test_login_is_throttled_per_email_and_ip(
    engine: sa.Engine, settings: Settings, ann: User, limiter: RateLimiter
) -> None:
    def attempt(password: str, ip: str = "1.2.3.4", email: str = "ann@example.com") -> User:
        return in_session(authenticate, email=email, password=password, ip=ip)

    for _ in range(3):  # login_attempts_before_backoff
        with pytest.raises(Unauthorized):
            attempt("wrong password")
    with pytest.raises(RateLimited) as info:
        attempt(PASSWORD)  # even the right password waits now
    assert 1 <= info.value.retry_after <= 61
    with pytest.raises(RateLimited):
        attempt("wrong password", email=" ANN@example.com")  # same email, other spelling
    assert attempt(PASSWORD, ip="5.6.7.8").id == ann.id  # the owner elsewhere is not blocked


def test_success_clears_the_failure_count(
    engine: sa.Engine, settings: Settings, ann: User, limiter: RateLimiter
) -> None:
    kwargs = {"email": "ann@example.com", "ip": "1.2.3.4"}
    for _ in range(2):
        with pytest.raises(Unauthorized):
            in_session(authenticate, password="nope nope", **kwargs)
    in_session(authenticate, password=PASSWORD, **kwargs)
    for _ in range(3):
        with pytest.raises(Unauthorized):
            in_session(authenticate, password="nope nope", **kwargs)
    with pytest.raises(RateLimited):
        in_session(authenticate, password=PASSWORD, **kwargs)


@pytest.mark.parametrize("ips", [lambda i: "6.6.6.6", lambda i: f"2001:db8::{i:x}"],
                         ids=["one-ipv4", "rotating-in-an-ipv6-64"])
def test_password_spraying_is_stopped_per_ip(
    engine: sa.Engine, settings: Settings, ann: User, limiter: RateLimiter,
    ips: Callable[[int], str],
) -> None:
    def attempt(i: int, email: str, password: str = "Winter2026!") -> User:
        return in_session(authenticate, email=email, password=password, ip=ips(i))

    for i in range(30):  # login_failures_per_ip_per_15_minutes
        with pytest.raises(Unauthorized):
            attempt(i, f"user{i}@example.com")
    with pytest.raises(RateLimited) as info:
        attempt(30, "user30@example.com")
    assert info.value.retry_after > 800
    with pytest.raises(RateLimited):
        attempt(31, "ann@example.com", PASSWORD)  # this address is blocked for everyone
    owner = in_session(authenticate, email="ann@example.com", password=PASSWORD, ip="7.7.7.7")
    assert owner.id == ann.id


def test_closed_sign_up_refuses_the_web_and_lets_the_admin_make_the_first_user(
    engine: sa.Engine, configure: Callable[..., Settings]
) -> None:
    configure(allow_signup=False)
    with pytest.raises(Unauthorized, match="sign-up is closed"):
        in_session(register_user, email="web@example.com", password=PASSWORD, ip="1.1.1.1")
    assert in_session(get_user_by_email, email="web@example.com") is None
    first = in_session(register_user, email="admin@example.com", password=PASSWORD, ip=None)
    assert in_session(authenticate, email="admin@example.com", password=PASSWORD,
                      ip="1.1.1.1").id == first.id  # signing in stays open


def test_sign_up_is_limited_per_ip(
    engine: sa.Engine, settings: Settings, limiter: RateLimiter
) -> None:
    def sign_up(email: str, ip: str | None, password: str = PASSWORD) -> User:
        return in_session(register_user, email=email, password=password, ip=ip)

    sign_up("a1@example.com", "1.1.1.1")
    with pytest.raises(InvalidInput):
        sign_up("a1@example.com", "1.1.1.1")  # probing existing emails counts too
    with pytest.raises(RateLimited):  # signups_per_ip_per_hour
        sign_up("a2@example.com", "1.1.1.1")
    with pytest.raises(InvalidInput):
        sign_up("a2@example.com", "1.1.1.1", password="short")  # bad input: not counted
    assert sign_up("a2@example.com", "2.2.2.2").email == "a2@example.com"
    assert sign_up("a3@example.com", None).email == "a3@example.com"  # the admin CLI


@pytest.mark.redis
def test_login_throttle_counts_in_redis_without_emails_in_keys(
    configure: Callable[..., Settings], ann: User, redis_url: str
) -> None:
    configure(redis_url=redis_url, login_attempts_before_backoff=1)
    with pytest.raises(Unauthorized):
        in_session(authenticate, email="ann@example.com", password="nope nope", ip="9.9.9.9")
    with pytest.raises(RateLimited):  # a second "replica" sees the same count
        in_session(authenticate, email="ann@example.com", password=PASSWORD, ip="9.9.9.9")
    keys = [k.decode() for k in redis.Redis.from_url(redis_url).keys("*")]
    assert any("login/" in k for k in keys)
    assert not any("ann" in k or "9.9.9.9" in k for k in keys)


def test_login_works_with_redis_down(
    configure: Callable[..., Settings], ann: User, closed_port_redis_url: str
) -> None:
    configure(redis_url=closed_port_redis_url, login_attempts_before_backoff=2)
    kwargs = {"email": "ann@example.com", "ip": "1.1.1.1"}
    assert in_session(authenticate, password=PASSWORD, **kwargs).id == ann.id
    for _ in range(2):
        with pytest.raises(Unauthorized):
            in_session(authenticate, password="nope nope", **kwargs)
    with pytest.raises(RateLimited):
        in_session(authenticate, password=PASSWORD, **kwargs)


def test_get_user(engine: sa.Engine, settings: Settings, ann: User) -> None:
    assert in_session(get_user, user_id=ann.id).email == "ann@example.com"
    assert in_session(get_user, user_id=ann.id + 1000) is None
    assert in_session(get_user_by_email, email=" ANN@EXAMPLE.COM").id == ann.id
    assert in_session(get_user_by_email, email="nobody@example.com") is None
    assert in_session(get_user_by_email, email="garbage") is None


def test_change_password_signs_out_other_sessions(
    engine: sa.Engine, settings: Settings, ann: User
) -> None:
    here, there = (in_session(create_session, user_id=ann.id) for _ in range(2))
    with pytest.raises(InvalidInput) as info:
        in_session(change_password, user_id=ann.id, current_password="wrong one",
                   new_password="new pass 1")
    assert info.value.field == "current_password"
    with pytest.raises(InvalidInput) as info:
        in_session(change_password, user_id=ann.id, current_password=PASSWORD,
                   new_password="short")
    assert info.value.field == "password"

    signed_out = in_session(change_password, user_id=ann.id, current_password=PASSWORD,
                            new_password="new pass 1", keep_session_id=here.id)
    assert signed_out == 1
    assert in_session(get_active_session, session_id=here.id) is not None
    assert in_session(get_active_session, session_id=there.id) is None
    with pytest.raises(Unauthorized):
        in_session(authenticate, email=ann.email, password=PASSWORD, ip="1")
    assert in_session(authenticate, email=ann.email, password="new pass 1", ip="1").id == ann.id


def test_change_password_revokes_personal_access_tokens(
    engine: sa.Engine, settings: Settings, ann: User
) -> None:
    new = in_session(create_api_token, user_id=ann.id, name="Claude")
    assert in_session(check_api_token, plaintext=new.plaintext)[0] == ann.id
    in_session(change_password, user_id=ann.id, current_password=PASSWORD,
               new_password="new pass 1")
    with pytest.raises(Unauthorized, match="revoked"):
        in_session(check_api_token, plaintext=new.plaintext)[0]
    assert in_session(list_api_tokens, user_id=ann.id) == []


def test_update_profile(engine: sa.Engine, settings: Settings, ann: User) -> None:
    updated = in_session(update_profile, user_id=ann.id, name="  Ann\t  Smith ")
    assert (updated.name, updated.timezone) == ("Ann Smith", "Europe/Paris")
    with pytest.raises(InvalidInput, match="control character U\\+0000"):
        in_session(update_profile, user_id=ann.id, name="Ann\x00")
    updated = in_session(update_profile, user_id=ann.id, timezone="America/New_York")
    assert (updated.name, updated.timezone) == ("Ann Smith", "America/New_York")
    assert in_session(get_user, user_id=ann.id).timezone == "America/New_York"
    with pytest.raises(Unauthorized):
        in_session(update_profile, user_id=ann.id + 1000, name="x")


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "../../etc/passwd", "europe/paris",
                                  "localtime", "Europe/Paris\x00"])
def test_unknown_time_zones_are_refused(zone: str) -> None:
    with pytest.raises(InvalidInput) as info:
        check_timezone(zone)
    assert info.value.field == "timezone"


def test_names_are_cleaned_and_bounded() -> None:
    assert clean_name("  a\tb\nc ") == "a b c"
    assert clean_name("Zoë 👩\u200d💻") == "Zoë 👩\u200d💻"  # the joiner makes one emoji
    assert clean_name("") == ""
    with pytest.raises(InvalidInput):
        clean_name("x" * 101)


def test_delete_user_removes_everything(
    engine: sa.Engine, settings: Settings, ann: User
) -> None:
    bob = in_session(register_user, email="bob@example.com", password=PASSWORD)
    session = in_session(create_session, user_id=ann.id)
    with session_scope(engine) as db:
        db.add(Task(user_id=ann.id, title="ann's"))
        db.add(Task(user_id=bob.id, title="bob's"))
        thread = Thread(user_id=ann.id)
        db.add(thread)
        db.flush()
        db.add(Message(thread_id=thread.id, user_id=ann.id, role="user", content="hi"))
        db.add(ApiToken(user_id=ann.id, name="t", token_hash="0" * 64, prefix="tat_x"))
    assert in_session(delete_user, user_id=ann.id) is True
    assert in_session(delete_user, user_id=ann.id) is False
    with session_scope(engine) as db:
        for model in (Account, UserSession, Task, Thread, Message, ApiToken):
            owners = {row.user_id for row in db.exec(select(model))}
            assert ann.id not in owners, model.__name__
        assert [t.title for t in db.exec(select(Task))] == ["bob's"]
        assert db.get(User, bob.id) is not None
    assert in_session(get_active_session, session_id=session.id) is None


@pytest.mark.redis
def test_delete_user_drops_cached_sessions(
    configure: Callable[..., Settings], ann: User, redis_url: str
) -> None:
    configure(redis_url=redis_url)
    session = in_session(create_session, user_id=ann.id)
    client = redis.Redis.from_url(redis_url)
    assert client.exists(cache_key(session.id))
    in_session(delete_user, user_id=ann.id)
    assert not client.exists(cache_key(session.id))
    assert in_session(get_active_session, session_id=session.id) is None


def test_outdated_hashes_are_upgraded_on_sign_in(
    engine: sa.Engine, settings: Settings, ann: User
) -> None:
    from passlib.hash import argon2

    old = argon2.using(memory_cost=65536, rounds=3, parallelism=4).hash(PASSWORD)
    with session_scope(engine) as db:
        db.exec(select(Account).where(Account.user_id == ann.id)).one().password_hash = old
    in_session(authenticate, email=ann.email, password=PASSWORD, ip="1")
    with session_scope(engine) as db:
        stored = db.exec(select(Account).where(Account.user_id == ann.id)).one().password_hash
    assert stored != old
    assert "m=19456,t=2,p=1" in stored
