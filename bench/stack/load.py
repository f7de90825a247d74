"""The load clients: wrk for a page's requests per second, and the fault tests' Python member client.

A ratio is only meaningful between figures from one client, so each row names the client that
measured it and is compared with /healthz measured by that same client. wrk is used when installed
(``apt-get install wrk``); otherwise (or with BENCH_CLIENT=python) the Python client measures every
page. The Python client opens a connection per request, as the member of the fault tests does.
"""

import os
import re
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass

from tests.integration.fault_fixtures import member_answers
from tests.integration.member import Member

CHECK = "check-your-answers"


def page_client() -> str:
    """'wrk' or 'python': what measures the pages' requests per second in this run."""
    if os.environ.get("BENCH_CLIENT") == "python" or shutil.which("wrk") is None:
        return "python"
    return "wrk"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(fraction * len(ordered)) - 1)] if ordered else 0.0


def preflight(base: str, path: str, cookies: dict[str, str] | None = None) -> None:
    """Fail loudly if a page does not answer 200: a fast error page would be a figure of nothing."""
    member = Member(base, timeout=60)
    member.cookies.update(cookies or {})
    response = member.get(path)
    if response.status != 200:
        raise RuntimeError(f"GET {path} answered {response.status}: {response.body[:300]}")


def rate(base: str, path: str, *, client: str, connections: int, seconds: float) -> dict:
    """Requests per second (and mean latency) of GET ``path`` with ``connections`` at once."""
    if client == "wrk":
        return _wrk(base + path, connections=connections, seconds=seconds)
    return _python(base, path, clients=connections, seconds=seconds)


def combine(runs: list[dict]) -> dict | None:
    """One figure from several runs of ``rate`` on the same page: the mean of their rates."""
    if not runs:
        return None
    return {
        **runs[0],
        "req_per_s": statistics.fmean(run["req_per_s"] for run in runs),
        "mean_ms": statistics.fmean(run["mean_ms"] for run in runs),
        "requests": sum(run["requests"] for run in runs),
        "not_ok": sum(run["not_ok"] for run in runs),
        "rounds": [round(run["req_per_s"], 1) for run in runs],
    }


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _wrk(url: str, *, connections: int, seconds: float) -> dict:
    duration = max(1, round(seconds))
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=True,
    ).stdout
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    latency = re.search(r"Latency\s+([\d.]+)(us|ms|s)\b", out)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    total = re.search(r"(\d+) requests in", out)
    if not found or not latency or not total:
        raise RuntimeError(f"Could not read wrk's output:\n{out}")
    return {
        "client": "wrk",
        "req_per_s": float(found.group(1)),
        "mean_ms": float(latency.group(1)) * _UNITS[latency.group(2)],
        "requests": int(total.group(1)),
        "not_ok": int(bad.group(1)) if bad else 0,
        "connections": connections,
    }


def _python(base: str, path: str, *, clients: int, seconds: float) -> dict:
    exchanges = []
    deadline = time.monotonic() + seconds

    def loop() -> None:
        member = Member(base, timeout=30)
        while time.monotonic() < deadline:
            member.get(path)
        exchanges.extend(member.exchanges)

    started = time.monotonic()
    _run_threads(loop, clients)
    elapsed = time.monotonic() - started
    return {
        "client": "python",
        "req_per_s": len(exchanges) / elapsed,
        "mean_ms": statistics.fmean(e.seconds for e in exchanges) * 1000 if exchanges else 0.0,
        "requests": len(exchanges),
        "not_ok": sum(1 for e in exchanges if e.status != 200),
        "connections": clients,
    }


def _run_threads(target, count: int) -> None:
    threads = [threading.Thread(target=target, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@dataclass
class JourneyRun:
    members: int
    journeys: int
    failed: int
    failures: list[str]  # the first few
    requests: int
    seconds: float
    p95_ms: float
    send_p95_ms: float
    send_median_ms: float
    not_ok: int

    @property
    def req_per_s(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def journeys(base: str, *, members: int, seconds: float, first_number: int = 0) -> JourneyRun:
    """``members`` at once walk "Send evidence" to the end, again and again, for ``seconds``."""
    lock = threading.Lock()
    counter = iter(range(first_number, first_number + 10**9))
    exchanges, failures, done = [], [], []
    deadline = time.monotonic() + seconds

    def loop() -> None:
        while time.monotonic() < deadline:
            with lock:
                number = next(counter)
            member = Member(base, timeout=60)
            try:
                member.send_evidence(member_answers(number))
                done.append(number)
            except Exception as exc:  # reported, not raised: the run goes on and counts them
                failures.append(f"{type(exc).__name__}: {exc}"[:300])
            exchanges.extend(member.exchanges)

    started = time.monotonic()
    _run_threads(loop, members)
    elapsed = time.monotonic() - started
    sends = [e.seconds * 1000 for e in exchanges if e.method == "POST" and CHECK in e.path]
    return JourneyRun(
        members=members,
        journeys=len(done),
        failed=len(failures),
        failures=failures[:5],
        requests=len(exchanges),
        seconds=elapsed,
        p95_ms=percentile([e.seconds * 1000 for e in exchanges], 0.95),
        send_p95_ms=percentile(sends, 0.95),
        send_median_ms=statistics.median(sends) if sends else 0.0,
        not_ok=sum(1 for e in exchanges if e.status not in (200, 302, 303)),
    )


def step_pages(base: str, *, repeats: int) -> dict[str, float]:
    """One member, alone: each step's GET timed ``repeats`` times; the median ms by step name.

    The member fills in every step up to "Check your answers" (not sent), then reads each again.
    """
    member = Member(base, timeout=60)
    page = member.open_journey()
    visited = []
    for _ in range(30):
        if page.status != 200:
            raise RuntimeError(f"{page.path} answered {page.status}")
        visited.append(page.path)
        if CHECK in page.path:
            break
        page = member.follow(member.answer(page, member_answers(0)))
    medians = {}
    for path in visited:
        member.exchanges.clear()
        for _ in range(repeats):
            if member.get(path).status != 200:
                raise RuntimeError(f"GET {path} answered no page")
        name = path.rstrip("/").rsplit("/", 1)[-1]
        medians[name] = statistics.median(e.seconds * 1000 for e in member.exchanges)
    return medians
