"""Reminders on tasks: reading the rules people give, and keeping fire times in step with due dates.

A rule is a local date-time (``2026-11-27T16:30``, naive in the user's zone) or a negative ISO
8601 duration before the due time (``-PT30M``, ``-P1D``, ``-P1DT2H``; ``-PT0M`` is the due time
itself). A date-only due date has no time, so its offsets count back from ``ALL_DAY_HOUR`` on
that day: ``-P1D`` on a task due 2026-11-27 fires 2026-11-26 at 09:00. When the due date moves,
offsets follow it (and go when it is removed); when a repeating task moves to its next
occurrence, every reminder moves with it and fires again. A reminder whose time has already
passed when it is set is refused; one whose time passes because the due date moved is not
delivered.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlmodel import Session, col, select

from todo_reflex.core.dates import MAX_YEAR, MIN_YEAR, Due, zone
from todo_reflex.core.errors import InvalidInput
from todo_reflex.core.limits import MAX_REMINDERS, REMINDER_OFFSET_MAX_DAYS
from todo_reflex.core.models import Reminder, ReminderPublic, Task, utcnow

ALL_DAY_HOUR = 9
"""The hour a date-only task's offsets count back from (the app's "morning")."""
_OFFSET = re.compile(
    r"^(?P<sign>[+-]?)P(?:(?P<w>\d{1,3})W)?(?:(?P<d>\d{1,3})D)?"
    r"(?:T(?=\d)(?:(?P<h>\d{1,4})H)?(?:(?P<m>\d{1,5})M)?(?:(?P<s>\d{1,6})S)?)?$"
)
_SHAPES = ("give a local date-time such as 2026-11-27T09:00, or an offset before the due "
           "time such as -PT30M, -PT2H or -P1D")


@dataclass(frozen=True)
class Rule:
    """A parsed rule: ``offset`` before the due time, or a ``local`` wall-clock time."""

    text: str
    offset: timedelta | None = None
    local: datetime | None = None


def parse_rule(value: object, tz: str) -> Rule:
    """Read one rule into its canonical form (``-PT90M`` becomes ``-PT1H30M``).

    Raises:
        InvalidInput: On ``reminders``, naming the value and the shapes accepted.
    """
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput("reminders", f"{value!r} is not a reminder: {_SHAPES}")
    text = value.strip().upper()
    if "P" in text and not text[:1].isdigit():
        return _parse_offset(value, text)
    return _parse_time(value, text, tz)


def _parse_offset(value: str, text: str) -> Rule:
    found = _OFFSET.match(text)
    if found is None or text.endswith(("P", "T")):
        raise InvalidInput("reminders", f"{value!r} is not a reminder: {_SHAPES} (weeks, days, "
                                        "hours and minutes; no months or years)")
    parts = {name: int(found[name] or 0) for name in ("w", "d", "h", "m", "s")}
    amount = timedelta(weeks=parts["w"], days=parts["d"], hours=parts["h"],
                       minutes=parts["m"], seconds=parts["s"])
    if amount and found["sign"] != "-":
        raise InvalidInput("reminders", f"{value!r} counts forward: an offset is before the due "
                                        f"time, e.g. -{text.lstrip('+')}")
    if amount.seconds % 60:
        raise InvalidInput("reminders", f"{value!r}: reminders are to the minute")
    if amount > timedelta(days=REMINDER_OFFSET_MAX_DAYS):
        raise InvalidInput("reminders", f"{value!r} is more than {REMINDER_OFFSET_MAX_DAYS} "
                                        "days before the due time")
    return Rule(canonical_offset(amount), offset=amount)


def canonical_offset(amount: timedelta) -> str:
    """``-P1DT2H30M`` for one day, two hours and a half before; ``-PT0M`` for none."""
    minutes = int(amount.total_seconds()) // 60
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if not days and not clock:
        return "-PT0M"
    return "-P" + (f"{days}D" if days else "") + (f"T{clock}" if clock else "")


def _parse_time(value: str, text: str, tz: str) -> Rule:
    try:
        moment = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        raise InvalidInput("reminders", f"{value!r} is not a reminder: {_SHAPES}") from None
    if "T" not in text.replace(" ", "T", 1):
        raise InvalidInput("reminders", f"{value!r} has no time of day: {_SHAPES}")
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise InvalidInput("reminders", f"{value!r}: the year must be between {MIN_YEAR} and "
                                        f"{MAX_YEAR}")
    if moment.tzinfo is not None:
        moment = moment.astimezone(zone(tz)).replace(tzinfo=None)
    local = moment.replace(second=0, microsecond=0)
    return Rule(local.strftime("%Y-%m-%dT%H:%M"), local=local)


def fire_time(rule: Rule, due: Due | None, tz: str) -> datetime:
    """The UTC instant ``rule`` fires for a task due ``due``.

    Raises:
        InvalidInput: An offset on a task without a due date.
    """
    if rule.local is not None:
        return rule.local.replace(tzinfo=zone(tz)).astimezone(UTC)
    if due is None:
        raise InvalidInput("reminders", f"{rule.text} counts back from the due date, and the "
                                        "task has none: set a due date, or give a time such as "
                                        "2026-11-27T09:00")
    assert rule.offset is not None
    return _anchor(due, tz) - rule.offset


def _anchor(due: Due, tz: str) -> datetime:
    """The instant offsets count back from: the due time, or 09:00 local on a date-only day."""
    if due.has_time:
        return due.at
    day = due.at.astimezone(UTC).date()
    return datetime.combine(day, time(ALL_DAY_HOUR), tzinfo=zone(tz)).astimezone(UTC)


def plan(
    values: Sequence[object] | None, due: Due | None, tz: str, *,
    existing: Collection[str] = (), now: datetime | None = None,
) -> list[tuple[Rule, datetime]]:
    """Every rule of ``values`` with its fire time, duplicates dropped, at most the cap.

    A rule not among the task's ``existing`` ones must fire after ``now``.

    Raises:
        InvalidInput: A bad rule, too many, one in the past, or an offset on a task without a
            due date.
    """
    if values is None:
        return []
    if isinstance(values, str) or not isinstance(values, list | tuple):
        raise InvalidInput("reminders", f"must be a list of reminders: {_SHAPES}")
    rules: dict[str, Rule] = {}
    for value in values:
        rule = parse_rule(value, tz)
        rules.setdefault(rule.text, rule)
    if len(rules) > MAX_REMINDERS:
        raise InvalidInput("reminders", f"at most {MAX_REMINDERS} reminders per task "
                                        f"(got {len(rules)})")
    planned = [(rule, fire_time(rule, due, tz)) for rule in rules.values()]
    now = now or utcnow()
    for rule, at in planned:
        if rule.text not in existing and at <= now:
            local = at.astimezone(zone(tz)).strftime("%Y-%m-%d %H:%M")
            hint = "" if rule.local else ": give the task a later due time"
            raise InvalidInput("reminders", f"{rule.text} is in the past (it would fire at "
                                            f"{local}){hint}")
    return planned


def rules_of(*, session: Session, task: Task) -> list[str]:
    """The rules a task has now."""
    return [r.rule for r in stored(session=session, task_ids=[task.id])[task.id]]


def stored(*, session: Session, task_ids: Iterable[int]) -> dict[int, list[Reminder]]:
    """The reminders of these tasks (internal ids), soonest first, by task."""
    ids = list(task_ids)
    found: dict[int, list[Reminder]] = {task_id: [] for task_id in ids}
    if not ids:
        return found
    rows = session.exec(select(Reminder).where(col(Reminder.task_id).in_(ids))
                        .order_by(col(Reminder.fire_at), col(Reminder.id))).all()
    for row in rows:
        found[row.task_id].append(row)
    return found


def to_public(reminder: Reminder, tz: str) -> ReminderPublic:
    """A reminder as tools show it, its time in the user's zone."""
    at = reminder.fire_at.astimezone(zone(tz)).strftime("%Y-%m-%dT%H:%M")
    return ReminderPublic(rule=reminder.rule, at=at, fired_at=reminder.fired_at,
                          late=reminder.late)


def add(*, session: Session, task: Task, planned: list[tuple[Rule, datetime]]) -> list[Reminder]:
    """Give a task that has none yet its planned reminders; the new rows, soonest first."""
    rows = sorted((Reminder(task_id=task.id, user_id=task.user_id, rule=rule.text, fire_at=at)
                   for rule, at in planned), key=lambda row: row.fire_at)
    if rows:
        session.add_all(rows)
        session.flush()
    return rows


def replace(
    *, session: Session, task: Task, planned: list[tuple[Rule, datetime]],
    now: datetime | None = None,
) -> bool:
    """Make the task's reminders exactly ``planned`` (see ``plan``); whether anything changed.

    A rule the task already has keeps its row (and whether it fired) unless its time moved.
    """
    now = now or utcnow()
    current = {r.rule: r for r in stored(session=session, task_ids=[task.id])[task.id]}
    changed = False
    for rule, at in planned:
        row = current.pop(rule.text, None)
        if row is None:
            session.add(Reminder(task_id=task.id, user_id=task.user_id, rule=rule.text,
                                 fire_at=at))
            changed = True
        else:
            changed |= _move(row, at, row.rule, now)
    for row in current.values():
        session.delete(row)
        changed = True
    session.flush()
    return changed


def follow_due(
    *, session: Session, task: Task, old: Due | None, new: Due | None, tz: str,
    next_occurrence: bool = False, now: datetime | None = None,
) -> list[str]:
    """Move the task's reminders after its due date changed from ``old`` to ``new``.

    Offsets follow the due date, and go with it when it is removed (returned, for a notice).
    On the next occurrence of a repeating task (``next_occurrence``) local times move by as
    many days and minutes as the due date, and every reminder fires again. A reminder whose new
    time has already passed is not delivered.
    """
    now = now or utcnow()
    removed: list[str] = []
    for row in stored(session=session, task_ids=[task.id])[task.id]:
        rule = parse_rule(row.rule, tz)
        if rule.local is not None and next_occurrence and old is not None and new is not None:
            local = rule.local + (_wall(new, tz) - _wall(old, tz))
            rule = Rule(local.strftime("%Y-%m-%dT%H:%M"), local=local)
        elif rule.local is not None:
            continue
        if new is None:
            session.delete(row)
            removed.append(rule.text)
            continue
        _move(row, fire_time(rule, new, tz), rule.text, now, rearm=next_occurrence)
    session.flush()
    return removed


def _wall(due: Due, tz: str) -> datetime:
    """The due date as a local wall-clock time (date-only: midnight of that day)."""
    if due.has_time:
        return due.at.astimezone(zone(tz)).replace(tzinfo=None)
    return due.at.astimezone(UTC).replace(tzinfo=None)


def _move(row: Reminder, at: datetime, rule: str, now: datetime, *, rearm: bool = False) -> bool:
    """Give ``row`` a new time; it fires again if that is ahead, is spent if it has passed."""
    if at == row.fire_at and rule == row.rule and not rearm:
        return False
    row.rule, row.fire_at, row.late = rule, at, False
    row.fired_at = None if at > now else (row.fired_at or now)
    return True



def rezone(*, session: Session, user_id: int, tz: str) -> None:
    """After the user's time zone changed: local-time rules say the same instants in ``tz``.

    Reminders, like due times, are instants: a 09:00 reminder set in Berlin fires at the same
    moment after a move to New York, where its rule now reads 03:00.
    """
    rows = session.exec(select(Reminder).where(Reminder.user_id == user_id)).all()
    for row in rows:
        if not row.rule.startswith("-P"):
            row.rule = row.fire_at.astimezone(zone(tz)).strftime("%Y-%m-%dT%H:%M")
    session.flush()
