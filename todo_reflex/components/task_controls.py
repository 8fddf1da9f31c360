"""Small labelled controls shared by the task form, the inline editor and the filters."""

from __future__ import annotations

from typing import Any

import reflex as rx

from todo_reflex import styles

PRIORITY_OPTIONS = [("none", "No priority"), ("high", "High"), ("medium", "Medium"),
                    ("low", "Low")]
REPEAT_OPTIONS = [("none", "Doesn't repeat"), ("daily", "Daily"), ("weekdays", "Weekdays"),
                  ("weekly", "Weekly"), ("monthly", "Monthly")]
REMINDER_OPTIONS = [("none", "No reminder"), ("due", "At the due time"),
                    ("10m", "10 minutes before"), ("30m", "30 minutes before"),
                    ("1h", "1 hour before"), ("1d", "1 day before")]


def choice(label: str, options: list[tuple[str, str]], **props: Any) -> rx.Component:
    """A select whose trigger is named ``label``; ``props`` go to the root (value, name, ...)."""
    width = props.pop("width", "100%")
    return rx.select.root(
        rx.select.trigger(aria_label=label, width=width),
        rx.select.content(*[rx.select.item(text, value=value) for value, text in options]),
        **props,
    )


def labelled(label: str, control: rx.Component, *, html_for: str = "",
             min_width: str = "8rem", flex: str = "1") -> rx.Component:
    """A small caption above a control."""
    caption = rx.text(label, size="1", weight="medium", style=styles.muted)
    return rx.vstack(
        rx.el.label(caption, html_for=html_for) if html_for else caption,
        control,
        spacing="1",
        flex=flex,
        min_width=min_width,
    )
