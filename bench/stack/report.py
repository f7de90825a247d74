"""The issue's table: each row's figure, its ratio to /healthz, its target and whether it was met.

``Row``s are collected as the run measures them; ``write`` puts them in bench/results.json (with the
machine's facts, the date and the commit) and rewrites the table in bench/README.md between the two
markers below, leaving the rest of the file as it is.
"""

import json
import os
import platform
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.stack.services import PROJECT_DIR

START = "<!-- make bench: start -->"
END = "<!-- make bench: end -->"


@dataclass
class Row:
    id: str  # stable across runs, e.g. "admin.search.large"
    what: str  # the words, with the number of rows where it matters
    figure: float | None  # None: not measured in this run (see note)
    unit: str  # "req/s", "ms", "rows/s", "MB", "s"
    target: str  # the target in words, "" for the baseline or a figure shown for context
    met: bool | None = None  # None: no target, or not measured
    ratio: float | None = None  # to /healthz measured by the same client in this run
    client: str = ""  # "wrk" or "python" for request rates
    note: str = ""

    def shown(self) -> str:
        if self.figure is None:
            return "not measured"
        digits = 0 if self.figure >= 100 or self.unit in ("req/s", "rows/s") else 1
        text = f"{self.figure:,.{digits}f} {self.unit}"
        return f"{text} ({self.client})" if self.client else text


def at_least(row: Row, bound: float, *, of_ratio: bool = False) -> Row:
    value = row.ratio if of_ratio else row.figure
    row.met = None if value is None else value >= bound
    return row


def at_most(row: Row, bound: float) -> Row:
    row.met = None if row.figure is None else row.figure <= bound
    return row


def machine() -> dict:
    def first(command: list[str]) -> str:
        if shutil.which(command[0]) is None:
            return ""
        out = subprocess.run(command, capture_output=True, text=True, timeout=10)
        return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr) else ""

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory.split(":", 1)[1].strip(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "redis": first(["redis-server", "--version"]),
        "wrk": first(["wrk", "--version"]),
    }


def commit() -> str:
    def git(*args: str) -> str:
        out = subprocess.run(["git", *args], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=10)
        return out.stdout.strip()

    head = git("rev-parse", "--short=12", "HEAD")
    return (
        f"{head} (with uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no") else head
    )


def table(rows: list[Row]) -> str:
    lines = ["| what | figure | ratio to /healthz | target | met |", "|---|---:|---:|---|---|"]
    for row in rows:
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else ""
        met = {True: "yes", False: "**no**", None: ""}[row.met]
        figure = row.shown() + (f"; {row.note}" if row.note else "")
        lines.append(f"| {row.what} | {figure} | {ratio} | {row.target} | {met} |")
    return "\n".join(lines)


def write(rows: list[Row], facts: dict, *, results: Path, readme: Path | None) -> None:
    results.write_text(json.dumps({**facts, "rows": [asdict(row) for row in rows]}, indent=2) + "\n")
    if readme is None:
        return
    header = (
        f"Run {facts['date']} at commit {facts['commit']} ({facts['mode']} mode), "
        f"{facts['machine']['cores']} cores ({facts['machine']['cpu']}), load average "
        f"{facts['load_before']} before and {facts['load_after']} after; {facts['pinning']}; "
        f"gunicorn -w {facts['gunicorn_workers']}; pages measured with {facts['page_client']}."
    )
    block = f"{START}\n{header}\n\n{table(rows)}\n{END}"
    text = readme.read_text()
    if START in text and END in text:
        text = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + f"\n\n{block}\n"
    readme.write_text(text)
