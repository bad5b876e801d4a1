#!/usr/bin/env python3
"""Scores lede on every dev set and prints one table (`make eval`).

usage: scripts/eval.py LEDE_BINARY SHARED_DIR [OUT_DIR]

Runs `lede annotate` over each gold file, then ../shared/eval/evaluate.py with
--json, and prints the headline figures of each task next to its target.
"""
import json
import os
import subprocess
import sys
import time

lede, shared = sys.argv[1], sys.argv[2]
out_dir = sys.argv[3] if len(sys.argv) > 3 else "target/eval"
os.makedirs(out_dir, exist_ok=True)
evaluate = os.path.join(shared, "eval", "evaluate.py")

TASKS = [
    ("entities", "conll2003/dev.jsonl", ["--labels", "PER,ORG,LOC"]),
    ("entities-misc", "conll2003/dev.jsonl", ["--labels", "MISC"]),
    ("quotes", "quotes/dev.jsonl", []),
    ("numbers", "numbers/dev.jsonl", []),
]


def run(task, gold, extra):
    scorer = task.split("-")[0]
    gold_path = os.path.join(shared, "data", gold)
    out_path = os.path.join(out_dir, scorer + ".jsonl")
    if not os.path.exists(out_path) or os.path.getmtime(out_path) < os.path.getmtime(lede):
        t = time.perf_counter()
        with open(gold_path, "rb") as g, open(out_path, "wb") as o:
            subprocess.run([lede, "annotate"], stdin=g, stdout=o, check=True)
        print(f"annotated {gold} in {time.perf_counter() - t:.2f}s", file=sys.stderr)
    res = subprocess.run([sys.executable, evaluate, scorer, gold_path, out_path, "--json", *extra],
                         check=True, capture_output=True, text=True)
    return json.loads(res.stdout)


rows = []
for task, gold, extra in TASKS:
    r = run(task, gold, extra)
    if task == "entities":
        m = r["micro"]
        rows.append(("entities PER/ORG/LOC", "exact micro F1", m["f"], "≥ 0.93"))
        rows.append(("", "precision / recall", f'{m["p"]:.3f} / {m["r"]:.3f}', ""))
        for lab in ("PER", "ORG", "LOC"):
            rows.append(("", f"{lab} F1", r["labels"][lab]["f"], ""))
    elif task == "entities-misc":
        rows.append(("entities MISC", "exact F1", r["micro"]["f"], "(reported apart)"))
    elif task == "quotes":
        o = r["overlap"]
        rows.append(("quotes", "overlap F1", o["f"], "≥ 0.97"))
        rows.append(("", "overlap P / R", f'{o["p"]:.3f} / {o["r"]:.3f}', "each ≥ 0.96"))
        rows.append(("", "exact recall, direct", r["recall_by_kind"]["direct"]["exact"], "≥ 0.98"))
        rows.append(("", "speaker accuracy", r["speaker_acc"], "≥ 0.90"))
    else:
        rows.append(("numbers", "span F1", r["f"], "≥ 0.95"))
        rows.append(("", "value accuracy", r["value_acc"], "≥ 0.99"))
        rows.append(("", "unit accuracy", r["unit_acc"], "≥ 0.98"))

print("| task | measure | lede (dev) | target |")
print("|---|---|---|---|")
for task, what, val, target in rows:
    v = f"{val:.3f}" if isinstance(val, float) else str(val)
    print(f"| {task} | {what} | {v} | {target} |")
