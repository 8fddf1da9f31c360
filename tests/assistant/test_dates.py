"""Date, time and repeat grammar (Thursday 2026-11-26 10:00 local)."""

from datetime import UTC, datetime

import pytest

from todo_reflex.assistant.dates import extract_when, local_now

NOW = datetime(2026, 11, 26, 10, 0)


@pytest.mark.parametrize(("text", "due", "repeat", "rest"), [
    ("buy bread Tomorrow", "2026-11-27", None, "buy bread"),
    ("x next monday", "2026-11-30", None, "x"),
    ("x friday", "2026-11-27", None, "x"),
    ("x thursday", "2026-12-03", None, "x"),
    ("x in 2 hours", "2026-11-26T12:00", None, "x"),
    ("x in 3 days", "2026-11-29", None, "x"),
    ("x dec 3", "2026-12-03", None, "x"),
    ("x on the 30th", "2026-11-30", None, "x"),
    ("x 2027-01-15", "2027-01-15", None, "x"),
    ("x at 5pm", "2026-11-26T17:00", None, "x"),
    ("x at 9:30", "2026-11-27T09:30", None, "x"),
    ("x tomorrow morning", "2026-11-27T09:00", None, "x"),
    ("x this afternoon", "2026-11-26T12:00", None, "x"),
    ("x friday evening", "2026-11-27T19:00", None, "x"),
    ("x tomorrow night", "2026-11-27T22:00", None, "x"),
    ("x every month on the 1st", "2026-12-01", "FREQ=MONTHLY;BYMONTHDAY=1", "x"),
    ("x daily", "2026-11-26", "FREQ=DAILY", "x"),
    ("x every weekday at 9am", "2026-11-27T09:00", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "x"),
    ("x every saturday", "2026-11-28", "FREQ=WEEKLY;BYDAY=SA", "x"),
    ("review the march budget", None, None, "review the march budget"),
    ("buy may flowers", None, None, "buy may flowers"),
    ("fix the monitor stand", None, None, "fix the monitor stand"),
    ("plan date night", None, None, "plan date night"),
    ("write daily report", None, None, "write daily report"),
    ("lunch with Tom", None, None, "lunch with Tom"),
    ("read the 5th chapter", None, None, "read the 5th chapter"),
    ("dinner on christmas day", "2026-12-25", None, "dinner"),
    ("gift for valentine's day", "2027-02-14", None, "gift"),
    ("christmas dinner", None, None, "christmas dinner"),
    ("x on the 1st monday of december", "2026-12-07", None, "x"),
    ("x on the last friday of next month", "2026-12-25", None, "x"),
    ("x on the 1st monday of the month", "2026-12-07", None, "x"),  # this month's is gone
    ("x on the 4th thursday of november", "2026-11-26", None, "x"),
    ("x on the 1st monday of november", "2027-11-01", None, "x"),
    ("x on the last day of the month", "2026-11-30", None, "x"),
])
def test_extract_when(text, due, repeat, rest):
    when, left = extract_when(text, NOW)
    assert (when.due, when.repeat, left) == (due, repeat, rest)


def test_local_now_converts_aware_times_and_keeps_naive_ones():
    aware = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
    assert local_now(aware, "America/Los_Angeles") == datetime(2026, 11, 26, 17, 0)
    assert local_now(NOW, "Asia/Tokyo") == NOW
    assert local_now(aware, "Not/AZone") == datetime(2026, 11, 27, 1, 0)
