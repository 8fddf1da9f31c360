"""Repeat rules: only daily to yearly rules that occur again are accepted, and checking is cheap."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from todo_reflex.core.dates import Due, floating
from todo_reflex.core.errors import InvalidInput
from todo_reflex.core.repeat import next_occurrence, normalize_rule

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)  # a Sunday


@pytest.mark.parametrize(
    ("rule", "canonical"),
    [
        ("FREQ=WEEKLY;BYDAY=SA", "FREQ=WEEKLY;BYDAY=SA"),
        ("rrule:freq=monthly;bymonthday=1", "FREQ=MONTHLY;BYMONTHDAY=1"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=MONTHLY;BYMONTHDAY=-1"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"),
        ("FREQ=DAILY;COUNT=1", "FREQ=DAILY;COUNT=1"),
        ("FREQ=DAILY;COUNT=1000", "FREQ=DAILY;COUNT=1000"),
        ("FREQ=DAILY;INTERVAL=1000", "FREQ=DAILY;INTERVAL=1000"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=-1", "FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=-1"),
        ("FREQ=DAILY;UNTIL=20261129", "FREQ=DAILY;UNTIL=20261129"),
        ("FREQ=WEEKLY;INTERVAL=2;UNTIL=21261101", "FREQ=WEEKLY;INTERVAL=2;UNTIL=21261101"),
    ],
)
def test_sensible_rules_are_accepted(rule, canonical):
    assert normalize_rule(rule, NOW) == canonical


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        ("FREQ=SECONDLY", "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY"),
        ("FREQ=MINUTELY", "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY"),
        ("FREQ=HOURLY;INTERVAL=2", "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY"),
        ("FREQ=DAILY;BYHOUR=9,10", "BYHOUR, BYMINUTE and BYSECOND are not supported"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "never occurs"),
        ("FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29", "never occurs"),
        ("FREQ=DAILY;COUNT=0", "COUNT must be between 1 and 1000"),
        ("FREQ=DAILY;COUNT=1001", "COUNT must be between 1 and 1000"),
        ("FREQ=DAILY;UNTIL=20261001", "UNTIL is in the past"),
        ("FREQ=DAILY;UNTIL=21300101", "UNTIL is more than 100 years ahead"),
        ("FREQ=DAILY;UNTIL=20271231T000000Z", "without Z"),
        ("FREQ=DAILY;COUNT=3;UNTIL=20271231", "COUNT or UNTIL, not both"),
        ("FREQ=DAILY;COUNT=many", "COUNT must be between 1 and 1000"),
        # the audit's probes: stored, they broke the owner's calendar feed
        ("FREQ=DAILY;INTERVAL=99999999999999999999", "INTERVAL must be between 1 and 1000"),
        ("FREQ=DAILY;INTERVAL=9223372036854775808", "INTERVAL must be between 1 and 1000"),
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL must be between 1 and 1000"),
        ("FREQ=WEEKLY;INTERVAL=-2", "INTERVAL must be between 1 and 1000"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY must be between 1 and 31"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY must be between 1 and 31"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH must be between 1 and 12"),
        ("FREQ=YEARLY;BYYEARDAY=367", "BYYEARDAY must be between 1 and 366"),
        ("FREQ=YEARLY;BYWEEKNO=54", "BYWEEKNO must be between 1 and 53"),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=99999", "BYSETPOS must be between 1 and 366"),
        ("FREQ=MONTHLY;BYDAY=54MO", "is not a weekday"),
        ("FREQ=WEEKLY;BYDAY=XX", "is not a weekday"),
        ("FREQ=DAILY;BYDAY", "not a valid RRULE"),
        ("every day", "expected an RRULE"),
    ],
)
def test_unusable_rules_are_refused_with_a_reason(rule, reason):
    with pytest.raises(InvalidInput) as refused:
        normalize_rule(rule, NOW)
    assert refused.value.field == "repeat"
    assert reason in refused.value.reason


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=WEEKLY;BYMONTH=4;BYMONTHDAY=31",
        "FREQ=DAILY;BYSETPOS=5",
    ],
)
def test_a_rule_that_never_occurs_is_refused_quickly(rule):
    started = time.process_time()  # this process's CPU: other load on the machine can't count
    with pytest.raises(InvalidInput, match="never occurs"):
        normalize_rule(rule, NOW)
    assert time.process_time() - started < 1.5  # dateutil alone searches to 9999: ~4-7 s


def test_next_occurrence_keeps_the_calendar_across_the_bounded_search():
    leap = Due(floating(datetime(2028, 2, 29).date()), has_time=False)
    found = next_occurrence("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", leap, "UTC", NOW)
    assert found is not None
    assert found.at.date().isoformat() == "2032-02-29"
    saturday = next_occurrence("FREQ=WEEKLY;BYDAY=SA", None, "UTC", NOW)
    assert saturday is not None
    assert saturday.at.date().isoformat() == "2026-12-05"


def test_next_occurrence_of_an_ended_rule_is_none():
    due = Due(floating(datetime(2026, 11, 20).date()), has_time=False)
    assert next_occurrence("FREQ=DAILY;UNTIL=20261125", due, "UTC", NOW) is None
