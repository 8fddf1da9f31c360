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
    # Radix text fields draw their own focus ring
    ".rt-TextFieldInput:focus-visible, .rt-TextAreaInput:focus-visible": {"outline": "none"},
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

# ---------------------------------------------------------------- account page

PAGE_MAX = "46rem"

danger_card = {**card, "border": f"1px solid {rx.color('red', 6)}"}

code_box = {
    "background_color": rx.color("gray", 3),
    "border": f"1px solid {rx.color('gray', 5)}",
    "border_radius": "var(--radius-3)",
    "padding": "0.75rem",
    "font_family": "var(--code-font-family)",
    "font_size": "0.8rem",
    "white_space": "pre-wrap",
    "word_break": "break-all",
    "margin": "0",
    "width": "100%",
    "max_height": "14rem",
    "overflow": "auto",
}


def account_icon(tone: str) -> dict:
    """The rounded square behind a section's icon, in the section's colour."""
    return {
        "background_color": rx.color(tone, 3),
        "color": rx.color(tone, 11),
        "border_radius": "var(--radius-3)",
        "width": "2.25rem",
        "height": "2.25rem",
        "flex_shrink": "0",
    }


# ---------------------------------------------------------------- chat

CHAT_MAX = "48rem"
bubble = {"padding": "0.7rem 0.95rem", "border_radius": "var(--radius-5)",
          "max_width": "min(40rem, 88%)", "line_height": "1.55", "overflow_wrap": "anywhere"}
hero_icon = {"width": "3.5rem", "height": "3.5rem", "border_radius": "var(--radius-5)",
             "background_color": rx.color("accent", 3), "color": rx.color("accent", 11)}
side_panel = {"background_color": rx.color("gray", 2), "height": "100%", "overflow_y": "auto",
              "padding": "1rem"}

visually_hidden = {
    "position": "absolute",
    "width": "1px",
    "height": "1px",
    "overflow": "hidden",
    "clip": "rect(0 0 0 0)",
    "white_space": "nowrap",
}

task_row = {
    "padding": "0.75rem 0.75rem 0.75rem 0.6rem",
    "border_bottom": f"1px solid {rx.color('gray', 4)}",
    "border_left": "3px solid transparent",
    "_hover": {"background_color": rx.color("gray", 2)},
}

# Radix text fields draw their own focus ring on the root; skip the inner input's outline.
text_field = {"& input:focus-visible": {"outline": "none"}}
