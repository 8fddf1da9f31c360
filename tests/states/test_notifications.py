"""The bell's wording: a notification as the list shows it, and the desktop alert script."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from todo_reflex.core.models import NotificationPublic
from todo_reflex.states.notifications import alert_script, notification_row

NOW = datetime(2026, 11, 25, 13, 30, tzinfo=UTC)


def notice(title: str, **values) -> NotificationPublic:
    return NotificationPublic(id=4, task_number=7, title=title, body="Due Wed 25 Nov, 15:00.",
                              fire_at=datetime(2026, 11, 25, 13, 0, tzinfo=UTC), late=False,
                              created_at=NOW, read_at=None, **values)


def test_a_row_says_when_in_the_users_zone_and_links_to_the_task():
    row = notification_row(notice("pay rent & bills"), "Europe/Berlin", NOW)
    assert (row.when, row.unread, row.late) == ("Today 14:00", True, False)
    assert row.href == "/tasks?view=all&q=pay+rent+%26+bills"


def test_the_alert_script_carries_titles_as_data_not_code():
    title = "');alert(1)//</script>"
    script = alert_script([notice(title)])
    payload = re.search(r"for \(const n of (\[.*\])\) \{", script)[1]
    assert json.loads(payload) == [{"title": title, "body": "Due Wed 25 Nov, 15:00.",
                                    "tag": "todo-reminder-4"}]
    assert "Notification.permission === 'granted'" in script
    assert "note.onclick = () => { window.focus(); note.close(); }" in script  # back to the tab
