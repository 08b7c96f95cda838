"""Benchmark a background workbook export: time and peak memory at several sizes.

Generates N synthetic centres (as bench/export_bench.py does: each with an interview, two
actors and an observation) and runs one background export (`reports.background.run_export`,
the task's own work: the workbook written to a file on disk and kept in private storage), for
N = 1,000 and 20,000 (or the sizes given). Prints rows, seconds, rows/s, the peak Python memory
while the task ran (tracemalloc) and the file's size, then the ratio of the peaks: flat memory
is a ratio near 1 however many rows.

Usage: .venv/bin/python bench/background_bench.py [N ...]
       .venv/bin/python bench/background_bench.py --tiny   (seconds: tests/test_benches.py)

Runs on a throw-away SQLite file unless DATABASE_URL is set (see bench/export_bench.py: it
refuses a database holding centres that it did not make).
"""

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import export_bench  # noqa: E402 - sets Django up on a throw-away database

generate = export_bench.generate

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402

from reports import background  # noqa: E402
from reports.exporters import Values  # noqa: E402
from reports.filters import ReportFilters  # noqa: E402
from reports.models import Export, ExportStatus  # noqa: E402

TINY = [12, 30]


def run(n: int, user) -> dict:
    generate(n, user)
    filters = ReportFilters()
    rows = background.row_count(filters)
    queued = []
    real_enqueue = background.enqueue
    background.enqueue = queued.append  # the bench runs the task itself, below
    try:
        export = background.start_workbook(
            user, filters, names=True, researcher_names=True, values=Values.LABELS,
            language="es", base_url="http://localhost/", total_rows=rows,
        )  # fmt: skip
    finally:
        background.enqueue = real_enqueue
    assert queued == [export.pk]
    tracemalloc.start()
    start = time.perf_counter()
    background.run_export(export.pk)
    seconds = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE, export.error
    size = export.file.size
    export.file.delete(save=False)
    Export.objects.all().delete()
    return {"n": n, "rows": export.progress_rows, "seconds": seconds, "peak": peak, "size": size}


def main(sizes: list[int]) -> None:
    call_command("migrate", verbosity=0)
    user, _ = get_user_model().objects.get_or_create(username="bench-coordinator")
    user.groups.add(Group.objects.get(name="coordinator"))
    run(5, user)  # one-time costs (imports, translations) out of the first size's figures
    results = [run(n, user) for n in sizes]
    print("|      N |    rows | seconds | rows/s | peak MiB | file MiB |")
    print("|-------:|--------:|--------:|-------:|---------:|---------:|")
    for r in results:
        print(f"| {r['n']:>6,} | {r['rows']:>7,} | {r['seconds']:>7.1f} | "
              f"{r['rows'] / r['seconds']:>6,.0f} | {r['peak'] / 2**20:>8.1f} | "
              f"{r['size'] / 2**20:>8.1f} |")  # fmt: skip
    if len(results) > 1:
        first, last = results[0], results[-1]
        print(f"\npeak memory at N={last['n']:,} / N={first['n']:,}: "
              f"{last['peak'] / first['peak']:.2f}x")  # fmt: skip


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 20000])
    parser.add_argument("--tiny", action="store_true", help="run at a tiny size (for the tests)")
    args = parser.parse_args()
    main(TINY if args.tiny else args.sizes)
