"""Theme and shared styles: colours only through Radix tokens, spacing from one scale."""

import reflex as rx

theme = rx.theme(accent_color="violet", gray_color="slate", radius="large", scaling="100%")

FONT = "Inter, ui-sans-serif, system-ui, -apple-system, 'Segoe UI', sans-serif"
SIDEBAR_WIDTH = "15rem"
PANEL_WIDTH = "22rem"
CONTENT_MAX = "64rem"

base_style = {
    "font_family": FONT,
    "::selection": {"background_color": rx.color("accent", 5)},
    ":focus-visible": {"outline": f"2px solid {rx.color('accent', 8)}", "outline_offset": "2px"},
}

card = {
    "background_color": rx.color("gray", 1),
    "border": f"1px solid {rx.color('gray', 5)}",
    "border_radius": "var(--radius-4)",
    "padding": "1.25rem",
    "width": "100%",
}

muted = {"color": rx.color("gray", 11)}

one_line = {"white_space": "nowrap", "overflow": "hidden", "text_overflow": "ellipsis"}

nav_link = {
    "display": "flex",
    "align_items": "center",
    "gap": "0.6rem",
    "padding": "0.55rem 0.75rem",
    "border_radius": "var(--radius-3)",
    "color": rx.color("gray", 12),
    "text_decoration": "none",
    "_hover": {"background_color": rx.color("gray", 4)},
}

nav_link_active = {**nav_link, "background_color": rx.color("accent", 4)}
