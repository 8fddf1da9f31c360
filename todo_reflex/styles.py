"""Theme and shared styles: colours only through Radix tokens, spacing from one scale."""

import reflex as rx

theme = rx.theme(accent_color="violet", gray_color="slate", radius="large", scaling="100%")

FONT = "Inter, ui-sans-serif, system-ui, -apple-system, 'Segoe UI', sans-serif"
SIDEBAR_WIDTH = "16rem"
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

# ---------------------------------------------------------------- task page

tasks_page = {"width": "100%", "max_width": CONTENT_MAX, "margin": "0 auto",
              "padding": ["1rem 0.75rem 6rem", "1.5rem 1rem 6rem", "2rem 1.5rem"],
              "display": "flex", "flex_direction": "column", "gap": "1rem"}

task_row = {
    "padding": "0.7rem 0.75rem 0.7rem 1rem",
    "border_top": f"1px solid {rx.color('gray', 3)}",
    "transition": "opacity 0.3s, background-color 0.2s",
    "_hover": {"background_color": rx.color("gray", 2)},
    "& .task-title": {"transition": "color 0.2s", "color": rx.color("gray", 12)},
    "&[data-done='true'] .task-title": {"text_decoration": "line-through",
                                        "color": rx.color("gray", 10)},
    "&[data-done='true']": {"opacity": "0.7"},
    "@media (hover: hover)": {
        "& .row-actions": {"opacity": "0", "transition": "opacity 0.15s"},
        "&:hover .row-actions, &:focus-within .row-actions": {"opacity": "1"},
    },
}

title_button = {"all": "unset", "cursor": "pointer", "font_weight": "500",
                "overflow_wrap": "anywhere", "border_radius": "4px",
                "_focus_visible": {"outline": f"2px solid {rx.color('accent', 8)}",
                                   "outline_offset": "2px"}}
"""A row's title: a button that opens the editor, looking like the title it is."""

task_notes = {"color": rx.color("gray", 11), "white_space": "pre-wrap",
              "overflow_wrap": "anywhere", "display": "-webkit-box",
              "-webkit-line-clamp": "2", "-webkit-box-orient": "vertical", "overflow": "hidden"}

_PRIORITY_RING = {tone: {"border_color": rx.color(color, 9), "background_color": rx.color(color, 3)}
                  for tone, color in (("high", "red"), ("medium", "orange"), ("low", "blue"))}

round_check = {
    "width": "1.3rem", "height": "1.3rem", "min_width": "1.3rem", "margin_top": "0.1rem",
    "border_radius": "9999px", "border": f"2px solid {rx.color('gray', 8)}",
    "display": "flex", "align_items": "center", "justify_content": "center", "padding": "0",
    "background_color": "transparent", "color": "transparent", "cursor": "pointer",
    "transition": "background-color 0.15s, border-color 0.15s, color 0.15s, transform 0.15s",
    **{f"&[data-priority='{tone}']": ring for tone, ring in _PRIORITY_RING.items()},
    "&:hover": {"color": rx.color("gray", 10)},
    "&:active": {"transform": "scale(0.9)"},
    "&[aria-checked='true']": {"background_color": rx.color("accent", 9),
                               "border_color": rx.color("accent", 9),
                               "color": rx.color("accent", 1)},
}

editor = {"display": "flex", "flex_direction": "column", "gap": "0.6rem",
          "background_color": rx.color("accent", 2)}

quick_add = {"padding": "0.9rem", "display": "flex", "flex_direction": "column", "gap": "0.6rem",
             "box_shadow": f"0 1px 2px {rx.color('gray', 4)}"}

quick_add_sheet = {
    "width": "100%",
    "position": ["fixed", "fixed", "static"],
    "left": "0", "right": "0", "bottom": "0", "z_index": ["20", "20", "auto"],
    "padding": ["0.75rem", "0.75rem", "0"],
    "background_color": [rx.color("gray", 2), rx.color("gray", 2), "transparent"],
    "border_top": [f"1px solid {rx.color('gray', 6)}", f"1px solid {rx.color('gray', 6)}", "none"],
    "box_shadow": ["0 -8px 24px rgba(0, 0, 0, 0.12)", "0 -8px 24px rgba(0, 0, 0, 0.12)", "none"],
}

fab = {"position": "fixed", "right": "1.25rem", "bottom": "1.25rem", "z_index": "15",
       "width": "3.5rem", "height": "3.5rem",
       "box_shadow": f"0 6px 20px {rx.color('accent', 7)}"}

view_nav = {
    "display": "flex", "flex_direction": ["row", "row", "column"], "gap": "0.25rem",
    "width": ["100%", "100%", "13rem"], "flex_shrink": "0",
    "overflow_x": ["auto", "auto", "visible"], "position": ["static", "static", "sticky"],
    "top": "1rem", "padding_bottom": ["0.25rem", "0.25rem", "0"],
    "scrollbar_width": "none",
}

view_link = {
    "display": "flex", "align_items": "center", "gap": "0.55rem", "flex_shrink": "0",
    "padding": ["0.4rem 0.8rem", "0.4rem 0.8rem", "0.5rem 0.7rem"],
    "border_radius": ["9999px", "9999px", "var(--radius-3)"],
    "border": [f"1px solid {rx.color('gray', 5)}", f"1px solid {rx.color('gray', 5)}", "none"],
    "background_color": "transparent", "color": rx.color("gray", 12), "cursor": "pointer",
    "font_size": "var(--font-size-2)", "text_align": "left",
    "_hover": {"background_color": rx.color("gray", 3)},
    "& .view-count": {"color": rx.color("gray", 11)},
    "&[aria-current='page']": {"background_color": rx.color("accent", 3),
                               "color": rx.color("accent", 11), "font_weight": "600",
                               "border_color": rx.color("accent", 6)},
}

view_caption = {"color": rx.color("gray", 11), "padding": "0.75rem 0.7rem 0.25rem",
                "text_transform": "uppercase", "letter_spacing": "0.06em",
                "display": ["none", "none", "block"]}

section_heading = {"padding": "0.9rem 1rem 0.4rem", "font_size": "var(--font-size-2)",
                   "border_top": f"1px solid {rx.color('gray', 3)}"}

inline_label = {"display": "flex", "align_items": "center", "gap": "0.5rem"}

# Radix text fields draw their own focus ring on the root; skip the inner input's outline.
text_field = {"& input:focus-visible": {"outline": "none"}}

kbd = {"font_family": "var(--code-font-family)", "font_size": "0.75rem", "padding": "0 0.35rem",
       "border": f"1px solid {rx.color('gray', 6)}", "border_bottom_width": "2px",
       "border_radius": "var(--radius-2)", "color": rx.color("gray", 11),
       "background_color": rx.color("gray", 2), "line_height": "1.4"}

notification_item = {"all": "unset", "box_sizing": "border-box", "cursor": "pointer",
                     "width": "100%", "padding": "0.5rem 0.6rem",
                     "border_radius": "var(--radius-3)",
                     "_hover": {"background_color": rx.color("gray", 3)},
                     "_focus_visible": {"outline": f"2px solid {rx.color('accent', 8)}",
                                        "outline_offset": "1px"}}
"""One notification in the bell's list: a button the width of the list."""
