"""Labelled form fields, and the centred card and form of the sign-in pages."""

from __future__ import annotations

import reflex as rx

from todo_reflex import styles
from todo_reflex.components.shell import brand, color_mode_button


def field(label: str, name: str, *, hint: str | rx.Var[str] = "", **props) -> rx.Component:
    """A label above an input, tied by id, with an optional hint; extra props go to the input."""
    return rx.vstack(
        rx.el.label(rx.text(label, size="2", weight="medium"), html_for=name),
        rx.input(id=name, name=name, size="3", width="100%", **props),
        rx.cond(hint != "", rx.text(hint, size="1", style=styles.muted)),
        spacing="1",
        width="100%",
    )


def error_callout(message: rx.Var[str]) -> rx.Component:
    """A red note under a form, read out by screen readers."""
    return rx.cond(
        message != "",
        rx.callout(message, icon="triangle-alert", color_scheme="red", role="alert",
                   width="100%"),
    )


def new_password_fields(label: str = "Password") -> tuple[rx.Component, rx.Component]:
    """A new password and its repeat (sign-up and reset)."""
    return (
        field(label, "password", required=True, type="password",
              auto_complete="new-password", hint="At least 8 characters."),
        field("Repeat password", "confirm", required=True, type="password",
              auto_complete="new-password"),
    )


def auth_form(*fields: rx.Component, error: rx.Var[str], submit: str,
              on_submit: rx.EventHandler) -> rx.Component:
    """The form of a sign-in page: its fields, the error under them and the submit button.

    The button is enabled once the page's own load events ran: a submit before that would be
    answered, then wiped by the page's error reset (or sent natively, as a GET).
    """
    return rx.form(
        rx.vstack(
            *fields,
            error_callout(error),
            rx.button(submit, type="submit", size="3", width="100%",
                      disabled=~rx.State.is_hydrated),
            spacing="4",
        ),
        on_submit=on_submit,
        width="100%",
    )


def auth_card(title: str, subtitle: str, *children: rx.Component) -> rx.Component:
    """The centred card of the sign-in and sign-up pages."""
    return rx.el.main(rx.center(
        rx.vstack(
            rx.hstack(brand(), rx.spacer(), color_mode_button(), width="100%"),
            rx.vstack(
                rx.heading(title, size="7", as_="h1"),
                rx.text(subtitle, style=styles.muted),
                spacing="1",
            ),
            *children,
            spacing="5",
            style=styles.card,
            max_width="26rem",
            padding="2rem",
            box_shadow="0 8px 30px rgba(0,0,0,0.06)",
        ),
        min_height="100dvh",
        padding="1rem",
        background=rx.color("gray", 2),
    ))
