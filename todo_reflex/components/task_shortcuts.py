"""Keyboard shortcuts of the task page and the sheet that lists them (``?``).

The keys are handled in the browser (no round trip), as Todoist users know them: ``q`` and ``/``
focus their boxes (on phones they first open the sheet or filters that hold them; Escape closes
it again), ``j``/``k`` move between the rows' titles, ``e`` or Enter opens the row's editor,
``x`` selects it, ``?`` opens the shortcut sheet. Nothing fires while the user types in a field
or a dialog is open.
"""

from __future__ import annotations

import reflex as rx

from todo_reflex import styles
from todo_reflex.components.task_row import ROW_SELECT
from todo_reflex.states.task_form import QUICK_ADD

SHORTCUTS = [
    ("q", "Quick add a task"),
    ("/", "Search tasks"),
    ("j / k", "Next / previous task"),
    ("e", "Edit the task"),
    ("Enter", "Open the task to edit it; in a box, add or save"),
    ("x", "Select the task (for bulk changes)"),
    ("?", "Show this sheet"),
    ("Ctrl + Enter", "Save from the notes box"),
    ("Esc", "Leave the box, or close the editor without saving"),
]
OPEN_QUICK_ADD = "open-quick-add"
CLOSE_QUICK_ADD = "close-quick-add"
OPEN_FILTERS = "open-filters"
SHEET_BUTTON = "shortcuts-button"

KEYS_SCRIPT = """(() => {
  if (window.__taskKeys) return;
  window.__taskKeys = true;
  const byId = (id) => document.getElementById(id);
  const shown = (el) => !!el && el.offsetParent !== null;
  const focus = (id, opener) => {
    const el = byId(id);
    if (!el) return false;
    if (shown(el)) { el.focus(); return true; }
    byId(opener)?.click();
    setTimeout(() => byId(id)?.focus(), 150);
    return true;
  };
  const typing = 'input, textarea, select, [contenteditable="true"], [contenteditable=""], '
    + '[role="dialog"], [role="alertdialog"], [role="listbox"], [role="menu"]';
  document.addEventListener('keydown', (e) => {
    const t = e.target instanceof Element ? e.target : document.body;
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && t.closest('#task-editor')) {
      e.preventDefault();
      t.closest('form').requestSubmit();
      return;
    }
    if (e.key === 'Escape' && t.closest('#task-editor')) { byId('edit-cancel')?.click(); return; }
    if (e.key === 'Escape' && ['ADDBOX', 'task-search'].includes(t.id)) {
      t.blur();
      const close = byId('CLOSE');
      if (t.id === 'ADDBOX' && shown(close)) close.click();
      return;
    }
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    if (t.closest(typing)) return;
    const titles = [...document.querySelectorAll('[data-testid="task-row"] .task-title')];
    const row = t.closest('[data-testid="task-row"]');
    const at = row ? titles.indexOf(row.querySelector('.task-title')) : -1;
    const move = (step) => {
      const next = titles[Math.min(titles.length - 1, Math.max(0, at < 0 ? 0 : at + step))];
      if (!next) return false;
      next.focus();
      next.scrollIntoView({block: 'nearest'});
      return true;
    };
    let handled = false;
    if (e.key === 'j') handled = move(1);
    else if (e.key === 'k') handled = move(-1);
    else if (e.key === 'e' && row) { row.querySelector('.task-title')?.click(); handled = true; }
    else if (e.key === 'x' && row) { row.querySelector('.SELECT')?.click(); handled = true; }
    else if (e.key === 'q') handled = focus('ADDBOX', 'QUICK');
    else if (e.key === '/') handled = focus('task-search', 'FILTERS');
    else if (e.key === '?') { const b = byId('SHEET'); if (b) { b.click(); handled = true; } }
    if (handled) e.preventDefault();
  });
})()"""
for _mark, _id in (("CLOSE", CLOSE_QUICK_ADD), ("QUICK", OPEN_QUICK_ADD), ("FILTERS", OPEN_FILTERS),
                   ("SHEET", SHEET_BUTTON), ("SELECT", ROW_SELECT), ("ADDBOX", QUICK_ADD)):
    KEYS_SCRIPT = KEYS_SCRIPT.replace(_mark, _id)


def _shortcut(keys: str, what: str) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.el.kbd(keys, style=styles.kbd)),
        rx.table.cell(rx.text(what, size="2")),
    )


def shortcuts_sheet() -> rx.Component:
    """A keyboard button that opens the list of shortcuts (also on ``?``)."""
    return rx.dialog.root(
        rx.dialog.trigger(rx.icon_button(
            rx.icon("keyboard", size=18), variant="ghost", color_scheme="gray",
            id=SHEET_BUTTON, aria_label="Keyboard shortcuts", title="Keyboard shortcuts (?)",
            display=["none", "none", "inline-flex"])),
        rx.dialog.content(
            rx.dialog.title("Keyboard shortcuts"),
            rx.dialog.description("Work the task list without the mouse.", size="2",
                                  margin_bottom="0.75rem"),
            rx.table.root(rx.table.body(*[_shortcut(k, w) for k, w in SHORTCUTS]),
                          size="1", variant="ghost"),
            rx.flex(rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")),
                    justify="end", margin_top="1rem"),
            max_width="26rem",
        ),
    )


def install_shortcuts() -> rx.event.EventSpec:
    """The page's on-mount event that starts listening for the keys (once per tab)."""
    return rx.call_script(KEYS_SCRIPT)
