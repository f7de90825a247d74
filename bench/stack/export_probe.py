"""One full export of the submission list, in a process of its own; prints one line of JSON.

    python -m bench.stack.export_probe        # with the stack's environment (bench/stack/services.py)

Signed in as an Education Team member (tests/staff.py), it requests the admin's export through
Django's test client and reads the stream to the end, counting rows (lines after the header) and
bytes. Memory is the process's own resident set: before the request and its high-water mark after
(``VmHWM``), so "flat" means the second does not grow with the number of rows.
"""

import json
import os
import sys
import time
from pathlib import Path


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nasuwt_send.settings")
    # The stream itself, however long the list: past this many rows the admin hands the list to the
    # worker, which writes the same bytes to a file (bench/export_copy.py times that path).
    os.environ["EVIDENCE_EXPORT_IN_REQUEST_ROWS"] = str(10**9)
    import django

    django.setup()
    from django.urls import reverse

    from bench.stack.admin_pages import staff_client

    client, _ = staff_client()
    url = reverse("admin:evidence_submission_export")
    rss_before = _status_kb("VmRSS")
    started = time.perf_counter()
    response = client.get(url)
    if response.status_code != 200 or not response.streaming:
        raise SystemExit(f"The export answered {response.status_code} (streaming: {response.streaming}).")
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    rows = max(0, lines - 1)
    print(
        json.dumps(
            {
                "rows": rows,
                "megabytes": round(size / 1e6, 2),
                "seconds": round(seconds, 3),
                "rows_per_second": round(rows / seconds) if seconds else 0,
                "rss_before_mb": round(rss_before / 1024, 1),
                "rss_peak_mb": round(_status_kb("VmHWM") / 1024, 1),
                "rss_growth_mb": round((_status_kb("VmHWM") - rss_before) / 1024, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
