"""Delivering reminders on SQLite and PostgreSQL to a real SMTP server (aiosmtpd): the notice,
the email, late ones, spent ones, SMTP trouble, STARTTLS with a password."""

from __future__ import annotations

import logging
import ssl
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlmodel import select

from tests.support.mcp import free_port
from tests.support.smtp import smtp_server
from todo_reflex.core import notifications, tasks
from todo_reflex.core.db import session_scope
from todo_reflex.core.delivery import (
    RETRY_AFTER,
    deliver_due,
    recover_unsent,
    retry_due,
    retry_one,
)
from todo_reflex.core.mailer import Mailer
from todo_reflex.core.models import Notification, Reminder, TaskCreate, TaskUpdate
from todo_reflex.core.settings import Settings
from todo_reflex.core.tasks import Actor

DAY = (date.today() + timedelta(days=10)).isoformat()


def settings(**values) -> Settings:
    return Settings(app_env="test", **values)


def add(engine: sa.Engine, actor: Actor, title: str = "tea", **fields) -> int:
    fields.setdefault("due", f"{DAY}T17:00")
    fields.setdefault("reminders", ["-PT30M"])
    with session_scope(engine) as session:
        return tasks.add_task(session=session, actor=actor,
                              data=TaskCreate(title=title, **fields)).id


def fall_due(engine: sa.Engine, ago: timedelta = timedelta(seconds=5)) -> None:
    """Move every unfired reminder's time to ``ago`` before now (the clock moving on)."""
    with session_scope(engine) as session:
        session.execute(sa.update(Reminder).where(Reminder.fired_at.is_(None))
                        .values(fire_at=datetime.now(UTC) - ago))


def deliver(engine: sa.Engine, config: Settings) -> int:
    """One pass of the worker: due reminders, then emails due to be tried (SQLite sends here)."""
    with Mailer(config) as mailer:
        claimed = deliver_due(engine=engine, mailer=mailer, settings=config, limit=100)
        retry_due(engine=engine, mailer=mailer, settings=config, limit=100)
        return claimed


def stored_notices(engine: sa.Engine) -> list[Notification]:
    with session_scope(engine) as session:
        return list(session.exec(select(Notification).order_by(Notification.id)).all())


def test_a_due_reminder_becomes_a_notice_and_an_email(engine, ann):
    number = add(engine, ann)
    add(engine, ann, "later", reminders=["-PT1H"])
    with session_scope(engine) as session:
        session.execute(sa.update(Reminder).where(Reminder.rule == "-PT30M")
                        .values(fire_at=datetime.now(UTC) - timedelta(seconds=5)))
    with smtp_server() as smtp:
        assert deliver(engine, settings(**smtp.env_settings())) == 1
        assert deliver(engine, settings(**smtp.env_settings())) == 0
        (mail,) = smtp.inbox.messages
    assert mail["Subject"] == "Reminder: tea"
    assert mail["To"] == "ann@example.com"
    day = date.fromisoformat(DAY)
    assert f"Due {day:%a} {day.day} {day:%b}, 17:00." in mail.get_content()
    (notice,) = stored_notices(engine)
    assert (notice.title, notice.task_number, notice.late, notice.email) == (
        "tea", number, False, "sent")
    assert mail["Message-ID"] == f"<reminder-{notice.reminder_id}-" \
                                 f"{int(notice.fire_at.timestamp())}@localhost>"
    with session_scope(engine) as session:
        task = tasks.get_task(session=session, actor=ann, task_id=number)
    assert task.reminders[0].fired_at is not None and task.reminders[0].late is False


def test_a_reminder_long_overdue_is_delivered_marked_late(engine, ann):
    add(engine, ann)
    fall_due(engine, timedelta(hours=2))
    with smtp_server() as smtp:
        assert deliver(engine, settings(**smtp.env_settings())) == 1
        (mail,) = smtp.inbox.messages
    assert mail["Subject"] == "Reminder: tea (late)"
    (notice,) = stored_notices(engine)
    assert notice.late is True
    assert "it could not be delivered then" in notice.body
    with session_scope(engine) as session:
        assert session.exec(select(Reminder.late)).one() is True


def test_a_reminder_of_a_done_or_deleted_task_is_spent_quietly(engine, ann):
    done = add(engine, ann, "done")
    gone = add(engine, ann, "gone")
    with session_scope(engine) as session:
        tasks.complete_task(session=session, actor=ann, task_id=done)
        tasks.delete_task(session=session, actor=ann, task_id=gone)
    fall_due(engine)
    with smtp_server() as smtp:
        assert deliver(engine, settings(**smtp.env_settings())) == 2
        assert smtp.inbox.messages == []
    assert stored_notices(engine) == []
    with session_scope(engine) as session:
        assert all(r.fired_at for r in session.exec(select(Reminder)).all())


def test_without_smtp_host_the_mail_goes_to_the_log(engine, ann, caplog):
    add(engine, ann)
    fall_due(engine)
    with caplog.at_level(logging.INFO, logger="todo_reflex.core.mailer"):
        assert deliver(engine, settings()) == 1
    assert "to ann@example.com: Reminder: tea" in caplog.text
    assert stored_notices(engine)[0].email == "logged"


def test_an_smtp_server_out_of_reach_leaves_the_notice_and_mails_later(engine, ann, caplog):
    add(engine, ann)
    fall_due(engine)
    port = free_port()  # nothing listens there yet
    config = settings(smtp_host="127.0.0.1", smtp_port=port)
    with caplog.at_level(logging.WARNING):
        assert deliver(engine, config) == 1
    assert "will try again" in caplog.text
    (notice,) = stored_notices(engine)
    assert (notice.email, notice.email_attempts) == ("retry", 1)
    assert notice.email_retry_at - notice.created_at == pytest.approx(RETRY_AFTER[0],
                                                                      abs=timedelta(seconds=5))
    with smtp_server(port) as smtp, Mailer(config) as mailer:
        assert retry_one(engine, mailer, config) is False  # not yet: its time has not come
        later = notice.email_retry_at + timedelta(seconds=1)
        assert retry_one(engine, mailer, config, now=later) is True
        (mail,) = smtp.inbox.messages
    assert mail["Subject"] == "Reminder: tea"
    assert mail["Message-ID"].startswith(f"<reminder-{notice.reminder_id}-")
    (notice,) = stored_notices(engine)
    assert (notice.email, notice.email_attempts, notice.email_retry_at) == ("sent", 2, None)


def test_an_email_refused_for_good_is_not_tried_again(engine, ann):
    add(engine, ann)
    fall_due(engine)
    with smtp_server() as smtp:
        smtp.inbox.before_accept = lambda sender, message: "550 5.1.1 No such mailbox"
        assert deliver(engine, settings(**smtp.env_settings())) == 1
    (notice,) = stored_notices(engine)
    assert (notice.email, notice.email_attempts) == ("failed", 1)


def test_an_email_that_keeps_failing_gives_up_after_the_last_wait(engine, ann):
    add(engine, ann)
    fall_due(engine)
    with smtp_server() as smtp:
        smtp.inbox.before_accept = lambda sender, message: "451 4.3.0 Try again later"
        config = settings(**smtp.env_settings())
        assert deliver(engine, config) == 1
        now = datetime.now(UTC)
        with Mailer(config) as mailer:
            for wait in RETRY_AFTER:
                now += wait + timedelta(seconds=1)
                assert retry_one(engine, mailer, config, now=now) is True
            assert retry_one(engine, mailer, config, now=now + timedelta(days=1)) is False
    (notice,) = stored_notices(engine)
    assert (notice.email, notice.email_attempts) == ("failed", len(RETRY_AFTER) + 1)


def test_a_repeating_task_is_reminded_again_at_each_occurrence(engine, ann):
    number = add(engine, ann, "pills", repeat="FREQ=DAILY")
    fall_due(engine)
    with smtp_server() as smtp:
        config = settings(**smtp.env_settings())
        assert deliver(engine, config) == 1
        with session_scope(engine) as session:
            tasks.complete_task(session=session, actor=ann, task_id=number)
        assert deliver(engine, config) == 0  # the next one is a day ahead
        fall_due(engine)
        assert deliver(engine, config) == 1
        assert [m["Subject"] for m in smtp.inbox.messages] == ["Reminder: pills"] * 2
    assert len({n.fire_at for n in stored_notices(engine)}) == 2


def test_the_notice_list_is_the_users_own_and_can_be_read(engine, ann, make_user):
    bob = Actor(make_user("bob@example.com").id)
    add(engine, ann, "one")
    add(engine, ann, "two")
    add(engine, bob, "bob's")
    fall_due(engine)
    assert deliver(engine, settings()) == 3
    with session_scope(engine) as session:
        listed = notifications.list_notifications(session=session, actor=ann)
        assert [n.title for n in listed] == ["two", "one"]
        assert notifications.unread_count(session=session, actor=ann) == 2
        assert notifications.mark_read(session=session, actor=ann, ids=[listed[0].id]) == 1
        assert notifications.mark_read(session=session, actor=bob, ids=[listed[1].id]) == 0
        unread = notifications.list_notifications(session=session, actor=ann, unread_only=True)
        assert [n.title for n in unread] == ["one"]
        assert notifications.mark_read(session=session, actor=ann) == 1
        assert notifications.unread_count(session=session, actor=ann) == 0


def test_a_reminder_moved_after_it_fired_fires_again(engine, ann):
    number = add(engine, ann)
    fall_due(engine)
    assert deliver(engine, settings()) == 1
    with session_scope(engine) as session:
        tasks.update_task(session=session, actor=ann, task_id=number,
                          data=TaskUpdate(due=f"{DAY}T18:00"))
    fall_due(engine)
    assert deliver(engine, settings()) == 1
    assert len(stored_notices(engine)) == 2


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
        check=True, capture_output=True,
    )
    return folder


def _accept_ann(server, session, envelope, mechanism, data) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"ann", b"s3cret")
    return AuthResult(success=ok)


def test_starttls_is_used_and_the_password_only_goes_over_it(engine, ann, certificate,
                                                             monkeypatch):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificate / "cert.pem", certificate / "key.pem")
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate / "cert.pem"))
    add(engine, ann)
    fall_due(engine)
    with smtp_server(tls_context=context, require_starttls=True, auth_required=True,
                     authenticator=_accept_ann) as smtp:
        config = settings(**smtp.env_settings(), smtp_user="ann", smtp_password="s3cret")
        assert deliver(engine, config) == 1
        assert [m["Subject"] for m in smtp.inbox.messages] == ["Reminder: tea"]
    with smtp_server() as plain:  # no STARTTLS offered: the password stays home
        add(engine, ann, "second")
        fall_due(engine)
        config = settings(**plain.env_settings(), smtp_user="ann", smtp_password="s3cret")
        assert deliver(engine, config) == 1
        assert plain.inbox.messages == []
    assert [n.email for n in stored_notices(engine)] == ["sent", "retry"]  # a setting to fix


def test_on_sqlite_the_mail_goes_out_after_the_commit_and_survives_a_crash(engine, ann):
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL sends inside the transaction, under the row lock")
    add(engine, ann)
    fall_due(engine)
    with smtp_server() as smtp:
        config = settings(**smtp.env_settings())
        with Mailer(config) as mailer:
            assert deliver_due(engine=engine, mailer=mailer, settings=config, limit=10) == 1
            assert smtp.inbox.messages == []  # committed first: no lock while mailing
            (notice,) = stored_notices(engine)
            assert notice.email == "retry"
            with engine.begin() as connection:  # a crash while sending leaves it so
                connection.execute(sa.update(Notification).values(email="sending"))
            assert retry_due(engine=engine, mailer=mailer, settings=config, limit=10) == 0
            assert recover_unsent(engine=engine) == 1  # the next worker's start
            assert retry_due(engine=engine, mailer=mailer, settings=config, limit=10) == 1
        assert [m["Subject"] for m in smtp.inbox.messages] == ["Reminder: tea"]
    assert stored_notices(engine)[0].email == "sent"
