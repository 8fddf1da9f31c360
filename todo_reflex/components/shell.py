"""The page shell: navigation (a sidebar, or a top bar with a drawer on phones) and the content."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from todo_reflex import routes, styles
from todo_reflex.components.notifications import notification_bell, notification_watch
from todo_reflex.states.auth import AuthState

NAV_ITEMS = [
    ("Chat", "message-circle", routes.CHAT),
    ("Tasks", "list-checks", routes.TASKS),
    ("Account", "circle-user", routes.ACCOUNT),
]


def _nav_link(label: str, icon: str, href: str, current: str) -> rx.Component:
    active = href == current
    return rx.link(
        rx.icon(icon, size=18),
        rx.text(label, size="3", weight="medium"),
        href=href,
        style=styles.nav_link_active if active else styles.nav_link,
        aria_current="page" if active else None,
        underline="none",
    )


def brand() -> rx.Component:
    """The app's name and mark."""
    return rx.hstack(
        rx.center(rx.icon("sparkles", size=18, color="white"), background=rx.color("accent", 9),
                  border_radius="var(--radius-3)", width="2rem", height="2rem"),
        rx.heading("Task Assistant", size="4", weight="bold", white_space="nowrap"),
        align="center",
        spacing="2",
    )


def color_mode_button() -> rx.Component:
    """Switch between light and dark."""
    return rx.icon_button(
        rx.color_mode_cond(light=rx.icon("moon", size=18), dark=rx.icon("sun", size=18)),
        on_click=rx.toggle_color_mode,
        variant="ghost",
        color_scheme="gray",
        aria_label="Toggle dark mode",
    )


def _user_footer() -> rx.Component:
    return rx.hstack(
        rx.avatar(fallback=AuthState.initials, size="2", radius="full"),
        rx.box(
            rx.text(AuthState.user_name, size="2", weight="medium", style=styles.one_line),
            rx.text(AuthState.user_email, size="1", style={**styles.muted, **styles.one_line}),
            min_width="0",
            flex="1",
            overflow="hidden",
        ),
        color_mode_button(),
        rx.icon_button(rx.icon("log-out", size=18), on_click=AuthState.sign_out,
                       variant="ghost", color_scheme="gray", aria_label="Sign out"),
        align="center",
        width="100%",
    )


def _nav(current: str) -> rx.Component:
    links = [_nav_link(*item, current) for item in NAV_ITEMS]
    return rx.vstack(*links, spacing="1", width="100%")


def sidebar(current: str) -> rx.Component:
    """Navigation for wide screens; ``current`` is the open page's route."""
    return rx.vstack(
        rx.hstack(brand(), rx.spacer(), notification_bell(), align="center", width="100%"),
        rx.separator(),
        rx.el.nav(_nav(current), aria_label="Main", style={"width": "100%"}),
        rx.spacer(),
        _user_footer(),
        height="100dvh",
        width=styles.SIDEBAR_WIDTH,
        padding="1rem",
        spacing="4",
        border_right=f"1px solid {rx.color('gray', 5)}",
        background_color=rx.color("gray", 2),
        position="sticky",
        top="0",
        display=["none", "none", "flex"],
        flex_shrink="0",
    )


def top_bar(current: str) -> rx.Component:
    """Navigation for phones: the brand and a menu drawer."""
    return rx.hstack(
        brand(),
        rx.spacer(),
        notification_bell(),
        color_mode_button(),
        rx.drawer.root(
            rx.drawer.trigger(rx.icon_button(rx.icon("menu"), variant="ghost",
                                             color_scheme="gray", aria_label="Open menu")),
            rx.drawer.overlay(),
            rx.drawer.portal(
                rx.drawer.content(
                    rx.vstack(rx.el.nav(_nav(current), aria_label="Main menu"), rx.spacer(),
                              _user_footer(), height="100%", padding="1rem"),
                    width="16rem", height="100%", background_color=rx.color("gray", 2),
                    top="0", right="0",
                ),
            ),
            direction="right",
        ),
        padding="0.75rem 1rem",
        border_bottom=f"1px solid {rx.color('gray', 5)}",
        background_color=rx.color("gray", 2),
        width="100%",
        align="center",
        display=["flex", "flex", "none"],
        position="sticky",
        top="0",
        z_index="10",
    )


def app_shell(content: rx.Component, current: str) -> rx.Component:
    """A signed-in page: navigation and content; nothing protected renders before sign-in."""
    return rx.flex(
        sidebar(current),
        rx.box(
            top_bar(current),
            rx.cond(
                AuthState.signed_in,
                rx.el.main(content, notification_watch(), style={"width": "100%"}),
                rx.center(rx.spinner(size="3"), height="60vh", aria_label="Loading"),
            ),
            flex="1",
            min_width="0",
        ),
        width="100%",
        min_height="100dvh",
        background_color=rx.color("gray", 1),
    )


def template(
    *, route: str, title: str, on_load: list | None = None
) -> Callable[[Callable[[], rx.Component]], Callable[[], rx.Component]]:
    """Register a signed-in page: the shell around it and the login check on load."""

    def decorator(page: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        def wrapped() -> rx.Component:
            return app_shell(page(), route)

        wrapped.__name__ = page.__name__
        return rx.page(
            route=route,
            title=f"{title} · Task Assistant",
            on_load=[AuthState.require_login, *(on_load or [])],
        )(wrapped)

    return decorator
