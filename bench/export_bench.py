"""Benchmark the workbook export and the results pages.

Generates N synthetic centres, each with one interview (two coordination actors) and one
observation, for N = 1,000 and 20,000 (or the sizes given), and prints for each size:
- the workbook's rows/s (ours: `reports.renderers.write_xlsx`, reading the rows from the
  database), against three baselines timed alternately with it over several rounds, as medians
  with min–max, and each one's time ÷ ours in the same round (so ours' rows/s ÷ its rows/s:
  at least 1 where ours is as fast), as the median with min–max:
  - bare openpyxl write-only writing the same rows, already in memory (the issue's yardstick);
  - bare openpyxl write-only fed from our row streams, so also reading the rows from the
    database: its gap to the first is the time spent reading and converting rows;
  - bare XlsxWriter (constant memory, as ours) writing the same rows from memory: the limit of
    our writer;
  and the time to read the rows alone (its time ÷ ours: the share of ours spent reading);
- peak Python memory while writing the workbook (tracemalloc), to show it flat between sizes;
- the results page and the observation matrix page: SQL queries, response size and time.

Usage: .venv/bin/python bench/export_bench.py [N ...] [--rounds R]
       .venv/bin/python bench/export_bench.py --tiny   (a few seconds: tests/test_benches.py)

Runs on a throw-away SQLite file unless DATABASE_URL is set. It deletes every centre and record
of that database first, so it refuses a database holding centres that it did not make.
"""

import argparse
import atexit
import datetime
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if "DATABASE_URL" not in os.environ:
    _tmp = tempfile.mkdtemp(prefix="cas-bench-")
    atexit.register(shutil.rmtree, _tmp, ignore_errors=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{_tmp}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cas_assessment.settings_test")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

import xlsxwriter  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from centres.models import MEXICAN_STATES, Centre  # noqa: E402
from fieldwork.models import Status, default_round  # noqa: E402
from interviews.models import CoordinationActor, Interview  # noqa: E402
from interviews.spec import ACTOR_ITEMS, INTERVIEW  # noqa: E402
from observations.models import Observation  # noqa: E402
from observations.spec import OBSERVATION  # noqa: E402
from reports.exporters import workbook_exporters  # noqa: E402
from reports.filters import ReportFilters  # noqa: E402
from reports.freshness import data_changed  # noqa: E402
from reports.renderers import WORKBOOK_OPTIONS, write_xlsx  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _synthetic import answers  # noqa: E402

BATCH = 2000
PREFIX = "CAS sintético"
TINY = {"sizes": [12, 30], "rounds": 1, "page_rounds": 1}


def generate(n: int, user) -> None:
    if Centre.objects.exclude(name__startswith=PREFIX).exists():
        sys.exit("This database holds centres that the bench did not make: use an empty one.")
    for model in (CoordinationActor, Interview, Observation, Centre):
        model.objects.all().delete()
    rng = random.Random(n)
    centres = Centre.objects.bulk_create(
        [
            Centre(name=f"{PREFIX} {i}", state=rng.choice(MEXICAN_STATES),
                   municipality="Centro", sector=rng.choice(["public", "private"]),
                   operator="state_dif")
            for i in range(n)
        ],
        batch_size=BATCH,
    )  # fmt: skip
    day = datetime.date(2022, 4, 1)
    round = default_round()  # one look-up, not one per record
    interviews = Interview.objects.bulk_create(
        [
            Interview(centre=c, interviewer=user, status=Status.SUBMITTED, visit_date=day,
                      round=round, place="Campo", **answers(INTERVIEW, rng))
            for c in centres
        ],
        batch_size=BATCH,
    )  # fmt: skip
    sectors = ACTOR_ITEMS[1].option_codes
    CoordinationActor.objects.bulk_create(
        [
            CoordinationActor(
                interview=i, actor_name=f"Actor {k}", actor_sector=rng.choice(sectors)
            )
            for i in interviews
            for k in range(2)
        ],
        batch_size=BATCH,
    )
    Observation.objects.bulk_create(
        [
            Observation(centre=c, interviewer=user, status=Status.SUBMITTED, visit_date=day,
                        round=round, place="Campo", **answers(OBSERVATION, rng))
            for c in centres
        ],
        batch_size=BATCH,
    )  # fmt: skip
    data_changed()  # bulk_create sends no signals: the results' cache is told (freshness.py)


def streams() -> list[tuple[str, list]]:
    """Our exporters' row streams, read from the database as the view reads them."""
    return [(str(e.sheet), e.iterate()) for e in workbook_exporters(ReportFilters())]


def in_memory() -> list[tuple[str, list]]:
    """The same rows, read once and kept, for the bare writers."""
    return [(name, list(rows)) for name, rows in streams()]


def ours(_sheets) -> None:
    with tempfile.TemporaryFile() as target:
        write_xlsx(workbook_exporters(ReportFilters()), target)


def bare_openpyxl(sheets) -> None:
    """Plain write-only openpyxl: no widths, no header style, no formula check."""
    with tempfile.TemporaryFile() as target:
        book = Workbook(write_only=True)
        for name, rows in sheets:
            sheet = book.create_sheet(name)
            for row in rows:
                sheet.append(row)
        book.save(target)


def bare_openpyxl_from_db(_sheets) -> None:
    bare_openpyxl(streams())


def bare_xlsxwriter(sheets) -> None:
    with tempfile.TemporaryFile() as target:
        book = xlsxwriter.Workbook(target, WORKBOOK_OPTIONS)
        for name, rows in sheets:
            sheet = book.add_worksheet(name)
            for index, row in enumerate(rows):
                sheet.write_row(index, 0, row)
        book.close()


def read_only(_sheets) -> None:
    for _name, rows in streams():
        for _row in rows:
            pass


RUNS: list[tuple[str, Callable]] = [
    ("ours (XlsxWriter, from the db)", ours),
    ("bare openpyxl, rows in memory", bare_openpyxl),
    ("bare openpyxl, from the db", bare_openpyxl_from_db),
    ("bare XlsxWriter, rows in memory", bare_xlsxwriter),
    ("reading the rows only", read_only),
]


def timed(run: Callable, sheets) -> float:
    start = time.perf_counter()
    run(sheets)
    return time.perf_counter() - start


def spread(values: list[float], fmt: str) -> str:
    median = statistics.median(values)
    if len(values) == 1:
        return format(median, fmt)
    return f"{median:{fmt}} ({min(values):{fmt}}–{max(values):{fmt}})"


def peak_memory() -> int:
    tracemalloc.start()
    ours(None)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def page(client: Client, url: str, rounds: int) -> tuple[int, int, float, int, float]:
    """Queries, bytes and milliseconds of one page: its first read after the data changed
    (queries, bytes, ms), then its other reads (queries of the last, median ms), which the
    results page and the matrix page serve from their caches (reports/freshness.py)."""
    cold_queries, size, cold_ms = 0, 0, 0.0
    times = []
    for r in range(max(rounds, 2)):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, (url, response.status_code)
        if r == 0:
            cold_queries, size, cold_ms = len(queries), len(response.content), elapsed
        else:
            times.append(elapsed)
    return cold_queries, size, cold_ms, len(queries), statistics.median(times)


def bench_size(n: int, user, client: Client, rounds: int, page_rounds: int) -> dict:
    generate(n, user)
    sheets = in_memory()
    rows = sum(len(r) - 1 for _, r in sheets)
    times: dict[str, list[float]] = {name: [] for name, _ in RUNS}
    for r in range(rounds):
        # Alternate, and reverse the order every other round, so that a busy spell of the
        # machine does not fall on one writer only.
        for name, run in RUNS if r % 2 == 0 else reversed(RUNS):
            times[name].append(timed(run, sheets))
    ours_times = times[RUNS[0][0]]
    print(f"\nN = {n:,}: {rows:,} rows, {rounds} rounds, {connection.vendor}")
    print(f"  {'':34} {'rows/s median (min–max)':>26}   its time ÷ ours, median (min–max)")
    ratios = {}
    for name, _run in RUNS:
        speeds = [rows / t for t in times[name]]
        per_round = [b / o for o, b in zip(ours_times, times[name], strict=True)]
        ratios[name] = statistics.median(per_round)
        print(f"  {name:34} {spread(speeds, ',.0f'):>26}   {spread(per_round, '.2f')}")
    peak = peak_memory()
    results = page(client, "/reports/", page_rounds)
    matrix = page(client, "/reports/observations/", page_rounds)
    print(f"  peak Python memory while writing: {peak / 2**20:.1f} MiB")
    for label, (queries, size, ms, again, again_ms) in (
        ("results page", results),
        ("matrix page", matrix),
    ):
        print(f"  {label}: {size / 1024:.0f} KB; first read {queries} queries, {ms:.0f} ms; "
              f"then {again} queries, {again_ms:.0f} ms")  # fmt: skip
    return {
        "n": n,
        "rows": rows,
        "ours": statistics.median(rows / t for t in ours_times),
        "bare": statistics.median(rows / t for t in times[RUNS[1][0]]),
        "ratios": [ratios[name] for name, _ in RUNS[1:4]],
        "peak": peak,
        "results": results,
    }


def main(sizes: list[int], rounds: int = 5, page_rounds: int = 5) -> None:
    call_command("migrate", verbosity=0)
    user, _ = get_user_model().objects.get_or_create(username="bench-coordinator")
    user.groups.add(Group.objects.get(name="coordinator"))
    client = Client()
    client.force_login(user)
    summary = [bench_size(n, user, client, rounds, page_rounds) for n in sizes]
    print("\n|      N |    rows | ours rows/s | bare openpyxl rows/s | ours ÷ bare | "
          "÷ bare from db | ÷ bare XlsxWriter | peak MiB | results page |")  # fmt: skip
    print("|-------:|--------:|------------:|---------------------:|------------:|"
          "---------------:|------------------:|---------:|:-------------|")  # fmt: skip
    for s in summary:
        queries, size, ms, again, again_ms = s["results"]
        bare, from_db, xw = s["ratios"]
        print(f"| {s['n']:>6,} | {s['rows']:>7,} | {s['ours']:>11,.0f} | {s['bare']:>20,.0f} | "
              f"{bare:>11.2f} | {from_db:>14.2f} | {xw:>17.2f} | {s['peak'] / 2**20:>8.1f} | "
              f"{size / 1024:.0f} KB, {queries} q {ms:.0f} ms, "
              f"then {again} q {again_ms:.0f} ms |")  # fmt: skip
    if len(summary) > 1:
        first, last = summary[0], summary[-1]
        print(f"\npeak memory at N={last['n']:,} / N={first['n']:,}: "
              f"{last['peak'] / first['peak']:.2f}x")  # fmt: skip


def tiny() -> None:
    """The whole bench at a tiny size, in seconds: proof that it runs (tests/test_benches.py)."""
    main(**TINY)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 20000])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--tiny", action="store_true", help="run at a tiny size (for the tests)")
    args = parser.parse_args()
    if args.tiny:
        tiny()
    else:
        main(args.sizes, args.rounds)
