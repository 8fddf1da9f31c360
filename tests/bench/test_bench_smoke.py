"""The benchmark driver's own plumbing on made-up figures: rows, table, JSON, module calls.

No services and no timing: benchmarks are not tests, but the code that reports them must not rot.
"""

from __future__ import annotations

import json
import sys
import types
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bench import report, run
from bench.report import row


def test_row_checks_its_target() -> None:
    assert row("mcp", "p50", 4.2, "ms", ("<=", 5))["ok"] is True
    assert row("mcp", "calls/s", 120, "/s", (">=", 150))["ok"] is False
    assert row("mcp", "p99", 9, "ms")["ok"] is None
    missing = report.not_measured("scaling", "task_scaling", "bench.task_scaling is missing")
    assert missing["value"] is None
    assert missing["ok"] is None
    assert "not measured" in missing["note"]


def test_table_and_json(tmp_path: Path) -> None:
    rows = [row("chat", "turn p50, 1 user", 123.456, "ms", ("<=", 150)),
            row("page", "/chat weight", 1.7, "MB", ("<=", 1.5), note="24 requests"),
            report.not_measured("scaling", "task_scaling", "missing")]
    text = report.table(rows)
    assert text.count("\n") == len(rows) + 1
    assert "| pass" in text
    assert "| MISS" in text
    assert "not measured: missing" in text
    doc = report.document(rows, root=Path(__file__).parents[2], load_before=(1.0, 0.5, 0.2),
                          load_after=(1.5, 0.7, 0.3), started=datetime.now(UTC), seconds=3.2)
    out = tmp_path / "results" / "latest.json"
    report.write(doc, out)
    saved = json.loads(out.read_text())
    assert saved["summary"] == {"rows": 3, "with_target": 2, "pass": 1, "miss": 1,
                                "not_measured": 1}
    assert saved["machine"]["cpus"] >= 1
    assert saved["machine"]["python"]
    assert len(saved["git"]["revision"]) == 40
    assert saved["load_average_before"] == [1.0, 0.5, 0.2]
    assert {k for r in saved["rows"] for k in r} >= set(report.COLUMNS)


def test_dicts_become_rows() -> None:
    rows = run.flatten("scaling", {"list": {"1k_ms": 2.0, "ratio": 1.5}, "label": "x",
                                   "rss_mb": 80, "ok": True})
    assert [(r["metric"], r["unit"]) for r in rows] == [
        ("list 1k_ms", "ms"), ("list ratio", "x"), ("rss_mb", "MB")]
    as_is = run.as_rows("mcp", {"rows": [{"metric": "m", "value": 1.0, "unit": "ms",
                                          "target": None, "ok": None}]})
    assert as_is[0]["area"] == "mcp"
    # an adapter that no longer fits its module's shape falls back to flattening
    assert run.as_rows("mcp", {"p50_ms": 3.0}, run._mcp_rows)[0]["unit"] == "ms"


def test_mcp_adapter_sets_the_issue_targets() -> None:
    level = {"p50": 2.0, "p95": 6.0, "p99": 9.0, "calls_per_s": 200.0}
    figures = {tool: {"c1": level, "c16": level, "ratio_to_direct": 1.5}
               for tool in ("list_tasks", "add_task", "complete_task")}
    figures |= {"direct": {t: {"p50": 2.0} for t in figures}, "health": {"p50": 1.0},
                "ping": {"p50": 0.5}, "ready_s": 1.0, "first_call_ms": 30.0, "rss_mb": 90.0,
                "db_sessions": {"mcp_call": {"uncached": 1, "cached": 1},
                                "chat_turn": {"add milk": 2, "undo": 1},
                                "plans": {"add milk": 1, "undo": 1}}}
    rows = {r["metric"]: r for r in run._mcp_rows(figures)}
    assert rows["list_tasks p50, concurrency 1"]["target"] == "<= 4"  # issue 26
    assert rows["add_task p50, concurrency 1"]["target"] == "<= 5"
    assert rows["list_tasks p50 / /health p50, concurrency 1"]["value"] == 2.0
    assert rows["list_tasks p50 / MCP ping p50, concurrency 1"]["value"] == 4.0
    assert rows["list_tasks calls/s, 16 sessions"]["ok"] is True
    assert rows["chat turn DB sessions"]["value"] == 2
    assert rows["chat turn DB sessions, first message"]["note"] == "'add milk'"
    assert all(r["ok"] is not False for r in rows.values())


def test_mcp_adapter_says_when_sessions_were_not_counted() -> None:
    level = {"p50": 2.0, "p95": 6.0, "p99": 9.0, "calls_per_s": 200.0}
    figures = {tool: {"c1": level, "c16": level, "ratio_to_direct": 1.5}
               for tool in ("list_tasks", "add_task", "complete_task")}
    figures |= {"direct": {t: {"p50": 2.0} for t in figures}, "health": {"p50": 1.0},
                "ready_s": 1.0, "first_call_ms": 30.0, "rss_mb": 90.0,
                "db_sessions": {"error": "RuntimeError: no"}}
    (counted,) = [r for r in run._mcp_rows(figures) if r["area"] == "sessions"]
    assert counted["value"] is None and "RuntimeError" in counted["note"]


def test_measure_gets_only_the_arguments_it_names(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("bench.fake_area")
    module.measure = lambda url, *, calls=3: [row("fake", url, calls, "calls")]
    monkeypatch.setitem(sys.modules, "bench.fake_area", module)
    rows = run.call_measure("fake_area", {"url": "u", "database_url": "d"})
    assert rows[0]["metric"] == "u"
    assert rows[0]["value"] == 3
    absent = run.external("nothing_here", {})
    assert absent[0]["value"] is None
    assert "missing" in absent[0]["note"]


def test_scaling_adapter_reads_the_ratio() -> None:
    figures = {"postgresql": {"list pending": {1000: 1.0, 10000: 1.2, 100000: 3.0}}}
    (only,) = run._scaling_rows(figures)
    assert only["metric"] == "list pending: 100k / 1k, postgresql"
    assert only["value"] == 3.0
    assert only["ok"] is False


def test_a_saved_run_prints_beside_an_earlier_one(tmp_path: Path, capsys) -> None:
    def saved(name: str, value: float) -> Path:
        doc = report.document([row("mcp", "list p50", value, "ms", ("<=", 5))],
                              root=Path(__file__).parents[2], load_before=(1, 1, 1),
                              load_after=(1, 1, 1), started=datetime.now(UTC), seconds=1)
        report.write(doc, tmp_path / name)
        return tmp_path / name

    report.main([str(saved("after.json", 4.0)), "--before", str(saved("before.json", 17.0))])
    out = capsys.readouterr().out
    assert "| mcp  | list p50 | ms   | <= 5   | 17     | 4     | pass" in out


def test_mcp_adapter_reports_server_cpu_when_given() -> None:
    level = {"p50": 4.0, "p95": 6.0, "p99": 9.0, "calls_per_s": 200.0, "server_cpu_ms": 2.5}
    figures = {tool: {"c1": level, "c16": level, "ratio_to_direct": 1.5}
               for tool in ("list_tasks", "add_task", "complete_task")}
    figures |= {"direct": {t: {"p50": 2.0} for t in figures}, "health": {"p50": 1.0},
                "ready_s": 1.0, "first_call_ms": 30.0, "rss_mb": 90.0}
    rows = {r["metric"]: r["value"] for r in run._mcp_rows(figures)}
    assert rows["add_task server CPU per call, concurrency 1"] == 2.5
