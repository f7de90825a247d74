"""``make bench``'s account of where the journey's time went (bench/stack/cpu.py), on a made-up /proc."""

from pathlib import Path

from bench.stack import cpu


def process(proc: Path, pid: int, command: str, user: int, system: int) -> None:
    folder = proc / str(pid)
    folder.mkdir()
    (folder / "cmdline").write_bytes(command.replace(" ", "\0").encode() + b"\0")
    # The fields after the command's name: state, then twelve more, utime and stime the 12th and 13th.
    fields = ["S", *["0"] * 10, str(user), str(system), *["0"] * 5]
    (folder / "stat").write_text(f"{pid} (name with) spaces) {' '.join(fields)}\n")


def test_each_kind_of_process_is_counted_and_gunicorn_per_request(tmp_path):
    before, after = tmp_path / "before", tmp_path / "after"
    for proc, ticks in ((before, 100), (after, 300)):
        proc.mkdir()
        process(proc, 10, ".venv/bin/gunicorn nasuwt_send.wsgi --workers 3", ticks, 0)
        process(proc, 11, ".venv/bin/python -m celery -A nasuwt_send worker", ticks // 2, 0)
        process(proc, 12, "postgres: 15/main: postgres bench 127.0.0.1(5000) idle", 0, ticks)
        process(proc, 13, "vim notes.md", ticks, ticks)  # not the stack's
    (after / "self").mkdir()  # not a process

    found = cpu.used(cpu.snapshot(before), cpu.snapshot(after), seconds=2.0, requests=100)

    assert found["cores"] == {
        "gunicorn": 200 / cpu.TICKS / 2,
        "worker": 100 / cpu.TICKS / 2,
        "postgresql": 200 / cpu.TICKS / 2,
        "redis": 0.0,
    }
    assert found["gunicorn_ms_per_request"] == round(200 / cpu.TICKS * 1000 / 100, 2)


def test_a_process_that_started_during_the_measurement_counts_from_zero(tmp_path):
    after = tmp_path / "after"
    after.mkdir()
    process(after, 20, "redis-server 127.0.0.1:6390", 50, 50)

    assert cpu.used({}, cpu.snapshot(after), seconds=1.0)["cores"]["redis"] == round(100 / cpu.TICKS, 2)


def test_without_proc_there_is_nothing_to_report(tmp_path):
    assert cpu.snapshot(tmp_path / "no-proc") == {}
