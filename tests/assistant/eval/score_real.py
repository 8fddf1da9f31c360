#!/usr/bin/env python3
"""Score the offline assistant on real people's commands (SLURP-derived cases).

Usage (project root, its venv): python tests/assistant/eval/score_real.py CASES.jsonl [--min-right 0.9] [--max-harm 0.02] [-v]

Each case is judged with score_assistant.py (beside this file)'s matching rules, then each miss is sorted:
- safe: the plan writes nothing (no add/update/delete/complete call): it asked, listed or declined;
- partial: the right write with a detail off (a missing tag, priority or repeat rule);
- harmful: any other write: a junk task, a wrong title or date, the wrong task changed.
Prints right / safe / harmful counts and exits 1 when right < --min-right or harmful > --max-harm.
Out-of-scope cases (expect [] and group "ood") are right when nothing is written.
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from score_assistant import case_match  # noqa: E402

WRITES = {"add_task", "update_task", "delete_task", "complete_task", "uncomplete_task",
          "bulk_update", "bulk_delete", "bulk_complete", "undo"}


def writes(plan):
    return [c for c in plan.get("calls") or [] if c.get("tool") != "list_tasks"
            and c.get("tool") not in ("search_tasks", "get_task", "list_tags")]


def harmful(case, plan):
    from score_assistant import arg_match, norm_text
    got, exp = writes(plan), writes({"calls": case["expect"]})
    if [c["tool"] for c in got] != [c["tool"] for c in exp]:
        return True
    for e, g in zip(exp, got):
        ea, ga = e.get("args", {}), g.get("args") or {}
        for k in ("task_id", "title", "due"):
            if k in ea and not arg_match(k, ea[k], ga.get(k), ea, ga, e["tool"]):
                return True
        if "due" not in ea and ga.get("due") and e["tool"] == "add_task":
            return True
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cases")
    ap.add_argument("--min-right", type=float)
    ap.add_argument("--max-harm", type=float)
    ap.add_argument("-v", "--verbose", action="store_true")
    o = ap.parse_args()
    cases = [json.loads(line) for line in open(o.cases) if line.strip()]
    proc = subprocess.run([sys.executable, "-m", "todo_reflex.assistant", "plan", "--cases", o.cases],
                          capture_output=True, text=True, timeout=900)
    if proc.returncode:
        print(proc.stderr[-2000:]); print("plan command failed"); sys.exit(1)
    plans = {}
    for line in proc.stdout.splitlines():
        if line.strip().startswith("{"):
            p = json.loads(line)
            plans[p.get("id")] = p
    right = safe = part = harm = 0
    for c in cases:
        p = plans.get(c["id"], {})
        if c.get("group") == "ood":
            good = not writes(p)
        else:
            good = case_match(c, p)
        if good:
            right += 1
            continue
        if writes(p) and harmful(c, p):
            harm += 1
            kind = "HARM"
        elif writes(p):
            part += 1
            kind = "PART"
        else:
            safe += 1
            kind = "SAFE"
        if o.verbose:
            print(f"{kind} {c['id']}: {c['text']!r}\n  expected {json.dumps(c['expect'])} needs={c.get('needs')}"
                  f"\n  got      {json.dumps(p.get('calls'))} needs={p.get('needs')}")
    n = len(cases)
    print(f"right {right}/{n} ({right/n:.1%}); safe misses {safe}; partial {part}; harmful {harm}/{n} ({harm/n:.1%})")
    bad = (o.min_right is not None and right / n < o.min_right) or \
          (o.max_harm is not None and harm / n > o.max_harm)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
