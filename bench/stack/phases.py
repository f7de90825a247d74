"""The run's phases, in order: public pages, the journey, the admin and the export at each size.

``Plan`` says how long and how many (the default, the quick mode for CI, the million); ``Run`` keeps
the details and errors, and ``attempt`` turns a failed measurement into an error in the results rather
than the end of the run.
"""

import os
import time
import traceback
from dataclasses import dataclass

from bench.stack import admin_pages, cpu, load, profiles, report, rows
from bench.stack.services import Stack


@dataclass(frozen=True)
class Plan:
    mode: str
    sizes: tuple[int, int]
    million: bool
    big: int  # the million: 1,000,000, or 300 in quick mode so CI walks that path too
    page_seconds: float
    connections: int
    journey_seconds: float
    members: int
    crowd: int
    repeats: int
    step_repeats: int


def plan() -> Plan:
    million = os.environ.get("BENCH_MILLION") == "1"
    if os.environ.get("BENCH_QUICK") == "1":
        return Plan("quick", (100, 200), million, 300, 1, 4, 2, 4, 8, 1, 3)
    mode = "million" if million else "default"
    return Plan(mode, (1_000, 100_000), million, 1_000_000, 10, 16, 30, 16, 50, 5, 20)


class Run:
    """One run's measurements and the errors met on the way (a failed measurement is reported, the
    run goes on)."""

    def __init__(self, plan: Plan, cores):
        self.plan = plan
        self.cores = cores
        self.started = time.monotonic()
        self.errors: list[str] = []
        self.details: dict = {}

    def say(self, text: str) -> None:
        print(f"[{time.monotonic() - self.started:6.0f} s] {text}", flush=True)

    def attempt(self, what: str, measure, *args, **kwargs):
        self.say(what)
        try:
            return measure(*args, **kwargs)
        except Exception as exc:
            self.errors.append(f"{what}: {type(exc).__name__}: {exc}"[:2000])
            self.say(f"  FAILED: {type(exc).__name__}: {exc}"[:500])
            traceback.print_exc()
            return None


def measure_public(run: Run, base: str) -> dict:
    from consultation.models import Question

    question = Question.objects.order_by("number").first()
    paths = {
        "healthz": "/healthz",
        "question": f"/response/questions/{question.number if question else 1}/",
        "home": "/",
        "evidence": "/evidence/",
        "search": "/response/search/?q=mediation",
    }
    client = load.page_client()
    run.details["public_paths"] = paths
    # Rounds that alternate the pages, so a change in the machine's load falls on /healthz as on the
    # rest: each figure is the mean of its rounds.
    rounds = 1 if run.plan.mode == "quick" else 2
    seconds = run.plan.page_seconds / rounds
    measured: dict[str, list[dict]] = {key: [] for key in paths}
    for number in range(rounds):
        for key, path in paths.items():

            def measure(path: str = path, first: bool = number == 0) -> dict:
                if first:
                    load.preflight(base, path)
                return load.rate(base, path, client=client, connections=run.plan.connections, seconds=seconds)

            what = f"{path}: {client}, {run.plan.connections} connections, {seconds:g} s, round {number + 1}"
            if (found := run.attempt(what, measure)) is not None:
                measured[key].append(found)
    rates = {key: load.combine(runs) for key, runs in measured.items()}
    run.details["public"] = rates
    return rates


def measure_journeys(run: Run, base: str):
    p = run.plan
    steps = run.attempt("each step's GET, one member alone", load.step_pages, base, repeats=p.step_repeats)

    def healthz_by_python() -> dict | None:
        what = f"/healthz: python, {p.members} at once, {p.page_seconds / 2:g} s"
        return run.attempt(
            what,
            load.rate,
            base,
            "/healthz",
            client="python",
            connections=p.members,
            seconds=p.page_seconds / 2,
        )

    # /healthz just before and just after the journeys, for the same reason as the pages' rounds.
    # The CPU each process used over the first /healthz and the journeys says where their time went.
    first, started = cpu.snapshot(), time.monotonic()
    before = healthz_by_python()
    journeys_from, journeys_started = cpu.snapshot(), time.monotonic()
    rate = run.attempt(
        f"journeys: {p.members} members, {p.journey_seconds:g} s",
        load.journeys,
        base,
        members=p.members,
        seconds=p.journey_seconds,
    )
    journeys_to, ended = cpu.snapshot(), time.monotonic()
    healthz = load.combine([found for found in (before, healthz_by_python()) if found])
    if before and rate:
        run.details["cpu"] = {
            "healthz": cpu.used(
                first, journeys_from, seconds=journeys_started - started, requests=before["requests"]
            ),
            "journey": cpu.used(
                journeys_from, journeys_to, seconds=ended - journeys_started, requests=rate.requests
            ),
        }
    crowd = run.attempt(
        f"journeys: {p.crowd} members, {p.journey_seconds:g} s",
        load.journeys,
        base,
        members=p.crowd,
        seconds=p.journey_seconds,
        first_number=10**6,
    )
    run.details.update(steps=steps, healthz_python=healthz, journeys=[vars(r) for r in (rate, crowd) if r])
    return rows.journey_rows(healthz, rate, crowd, steps, run.details.get("cpu"))


def wait_for_acknowledgements(run: Run, stack: Stack) -> None:
    """The worker's mail is done before the admin is timed (it shares the stack's cores)."""
    from evidence.models import OutboundEmail
    from tests.integration.harness import wait_until

    pending = OutboundEmail.objects.filter(status__in=["pending", "sending"])
    wait_until(lambda: not pending.exists(), timeout=300, interval=0.5, what="the acknowledgements")
    run.details["acknowledgements"] = {
        "sent": OutboundEmail.objects.filter(status="sent").count(),
        "received_by_smtp": len(stack.mail.messages),
    }


def measure_admin(run: Run, stack: Stack, key: str, count: int) -> tuple[dict | None, dict | None]:
    pages = run.attempt(
        f"admin pages at {count:,} rows", admin_pages.measure_pages, stack.url, repeats=run.plan.repeats
    )
    export = run.attempt(f"export at {count:,} rows", admin_pages.measure_export, stack.env(), run.cores[1])
    run.details[f"admin_{key}"] = {"rows": count, "pages": pages, "export": export}
    return pages, export


def measure(run: Run, stack: Stack) -> list[report.Row]:
    small, large = run.plan.sizes
    found = rows.public_rows(measure_public(run, stack.url) or {})
    found += measure_journeys(run, stack.url)
    run.attempt("waiting for the acknowledgements", wait_for_acknowledgements, run, stack)
    small_pages, small_export = measure_admin(run, stack, "small", small)
    found += rows.admin_rows("small", small, small_pages, small_pages, small_export, small_export)
    seeded = run.attempt(f"seeding {large - small:,} more", admin_pages.seed, large - small, progress=run.say)
    large_pages, large_export = measure_admin(run, stack, "large", large)
    found += rows.admin_rows("large", large, large_pages, small_pages, large_export, small_export)
    big = run.plan.big
    million_seconds, million_pages, million_export = None, None, None
    if run.plan.million:
        million_seconds = run.attempt(
            f"seeding {big:,} afresh", admin_pages.seed, big, progress=run.say, clear=True
        )
        million_pages, million_export = measure_admin(run, stack, "million", big)
    found += rows.admin_rows("million", big, million_pages, small_pages, million_export, small_export)
    note = "" if run.plan.million else "not run: BENCH_MILLION=1 runs it"
    found += rows.seed_rows((large - small, seeded), (big, million_seconds), note)
    run.details["profiles"] = run.attempt(
        "profiling the pages that missed their targets",
        profiles.missed,
        found,
        {**run.details.get("public_paths", {}), "step.about_you": "/evidence/send/about-you/"},
        admin_pages.pages(),
        "million" if run.plan.million else "large",
        # Quick mode's figures mean nothing: it profiles every page, so CI walks this path whatever
        # was met.
        every=run.plan.mode == "quick",
    )
    return found
