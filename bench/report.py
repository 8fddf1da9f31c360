"""The benchmark's one output: rows of figures, printed as a table and written as JSON.

A row is ``{"area", "metric", "value", "unit", "target", "ok"}`` (plus an optional ``note``):
``target`` is a string such as ``"<= 150"`` in the row's unit, or ``None``; ``ok`` is True/False
against it, or None when the row has no target or was not measured (``value`` None).
"""

from __future__ import annotations

import json
import operator
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

CHECKS = {"<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt}
COLUMNS = ("area", "metric", "value", "unit", "target", "ok")


def row(area: str, metric: str, value: float | None, unit: str,
        target: tuple[str, float] | None = None, note: str = "") -> dict[str, Any]:
    """One figure; ``target`` is ``(op, limit)`` with op one of ``<= >= < >``."""
    ok = None
    if target is not None and value is not None:
        ok = bool(CHECKS[target[0]](value, target[1]))
    return {
        "area": area, "metric": metric,
        "value": None if value is None else round(float(value), 3),
        "unit": unit, "target": None if target is None else f"{target[0]} {_fmt(target[1])}",
        "ok": ok, "note": " ".join(note.split()),  # one line, whatever a log tail held
    }


def not_measured(area: str, metric: str, why: str) -> dict[str, Any]:
    """A row for a figure the run could not take (a module missing or failing)."""
    return row(area, metric, None, "", note=f"not measured: {why}")


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) < 1 else f"{value:.1f}"


def table(rows: list[dict[str, Any]]) -> str:
    """The rows as a fixed-width text table (also valid Markdown)."""
    cells = [["area", "metric", "value", "unit", "target", "ok", "note"]]
    for r in rows:
        ok = {True: "pass", False: "MISS", None: ""}[r.get("ok")]
        cells.append([str(r.get("area", "")), str(r.get("metric", "")), _fmt(r.get("value")),
                      str(r.get("unit", "")), r.get("target") or "", ok, r.get("note", "")])
    return _markdown(cells)


def machine() -> dict[str, Any]:
    """CPU count and model, memory, Python and OS of this machine."""
    model = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        kib = Path("/proc/meminfo").read_text().split("MemTotal:", 1)[1].split()[0]
        memory = round(int(kib) / 2**20, 1)
    except (OSError, IndexError):
        pass
    return {"cpus": os.cpu_count(), "cpu_model": model, "memory_gb": memory,
            "python": sys.version.split()[0], "platform": platform.platform()}


def git_revision(root: Path) -> dict[str, Any]:
    """The commit the tree is at, and whether it has uncommitted changes."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                              check=False).stdout.strip()

    return {"revision": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain"))}


def document(rows: list[dict[str, Any]], *, root: Path, load_before: tuple[float, ...],
             load_after: tuple[float, ...], started: datetime, seconds: float,
             extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything ``latest.json`` holds."""
    counted = [r for r in rows if r.get("ok") is not None]
    return {
        "started_at": started.astimezone(UTC).isoformat(timespec="seconds"),
        "duration_s": round(seconds, 1),
        "machine": machine(), "git": git_revision(root),
        "load_average_before": list(load_before), "load_average_after": list(load_after),
        "summary": {"rows": len(rows), "with_target": len(counted),
                    "pass": sum(1 for r in counted if r["ok"]),
                    "miss": sum(1 for r in counted if not r["ok"]),
                    "not_measured": sum(1 for r in rows if r.get("value") is None)},
        **(extra or {}),
        "rows": rows,
    }


def write(doc: dict[str, Any], path: Path) -> None:
    """Write the JSON document (creating its folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=2, default=str) + "\n")


def comparison(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> str:
    """A Markdown table of the same metrics before and after (matched by area and metric)."""
    old = {(r["area"], r["metric"]): r for r in before}
    new = {(r["area"], r["metric"]): r for r in after}
    cells = [["area", "metric", "unit", "target", "before", "after", "ok after"]]
    for key in [*new, *(k for k in old if k not in new)]:
        was, now = old.get(key, {}), new.get(key, {})
        ok = {True: "pass", False: "MISS", None: ""}[now.get("ok")]
        cells.append([key[0], key[1], now.get("unit") or was.get("unit", ""),
                      now.get("target") or was.get("target") or "", _fmt(was.get("value")),
                      _fmt(now.get("value")), ok])
    return _markdown(cells)


def _markdown(cells: list[list[str]]) -> str:
    widths = [max(len(line[i]) for line in cells) for i in range(len(cells[0]))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |"
             for line in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """``python -m bench.report RESULT.json [--before BEFORE.json]``: print a saved run."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("result", type=Path)
    parser.add_argument("--before", type=Path, help="a run to compare with, column by column")
    args = parser.parse_args(argv)
    doc = json.loads(args.result.read_text())
    if args.before:
        print(comparison(json.loads(args.before.read_text())["rows"], doc["rows"]))
    else:
        print(table(doc["rows"]))
    print(f"\n{doc['git']['revision'][:7]}{' (dirty)' if doc['git']['dirty'] else ''}, "
          f"{doc['machine']['cpus']} x {doc['machine']['cpu_model']}, "
          f"load {doc['load_average_before'][0]:.2f} -> {doc['load_average_after'][0]:.2f}, "
          f"{doc['started_at']}")


if __name__ == "__main__":
    main()
