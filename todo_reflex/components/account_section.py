"""Building blocks of the account page: a section card, a labelled input, outcome notes."""

from __future__ import annotations

import reflex as rx

from todo_reflex import styles


def section(title: str, icon: str, description: str, *children: rx.Component,
            tone: str = "accent") -> rx.Component:
    """A card with an icon, a heading, a one-line explanation and its content."""
    slug = title.lower().replace(" ", "-")
    return rx.el.section(
        rx.vstack(
            rx.hstack(
                rx.center(rx.icon(icon, size=18), style=styles.account_icon(tone)),
                rx.vstack(
                    rx.heading(title, size="4", as_="h2", id=f"{slug}-heading"),
                    rx.text(description, size="2", style=styles.muted),
                    spacing="1",
                ),
                align="start",
                spacing="3",
            ),
            *children,
            spacing="4",
            style=styles.card if tone != "red" else styles.danger_card,
        ),
        aria_labelledby=f"{slug}-heading",
        width="100%",
    )


def saved_note(message: rx.Var[str]) -> rx.Component:
    """A green note after a successful save, announced politely."""
    return rx.cond(
        message != "",
        rx.callout(message, icon="circle-check", color_scheme="green", role="status",
                   width="100%"),
    )
