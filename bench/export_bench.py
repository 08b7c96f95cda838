"""Benchmark the workbook export and the results page.

Generates N synthetic centres, each with one interview (two coordination actors) and one
observation, for N = 1,000 and 20,000 (or the sizes given), and prints:
- workbook rows/s, against bare openpyxl write-only writing the same rows in the same run
  (the limit), and their ratio;
- peak Python memory while writing the workbook (tracemalloc), and its growth between sizes;
- the results page's SQL query count at each size.

Usage: .venv/bin/python bench/export_bench.py [N ...]
Runs on a throw-away SQLite file unless DATABASE_URL is set.
"""

import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_tmp = tempfile.mkdtemp(prefix="cas-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cas_assessment.settings_test")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from centres.models import MEXICAN_STATES, Centre  # noqa: E402
from fieldwork.models import Status  # noqa: E402
from fieldwork.spec import ItemType  # noqa: E402
from interviews.models import CoordinationActor, Interview  # noqa: E402
from interviews.spec import ACTOR_ITEMS, INTERVIEW  # noqa: E402
from observations.models import Observation  # noqa: E402
from observations.spec import OBSERVATION  # noqa: E402
from reports.exporters import workbook_exporters  # noqa: E402
from reports.filters import ReportFilters  # noqa: E402
from reports.renderers import write_xlsx  # noqa: E402

BATCH = 2000


def answers(spec, rng: random.Random) -> dict:
    values = {}
    for item in spec.items:
        if item.type == ItemType.YESNO:
            values[item.code] = rng.choice([True, False, None])
        elif item.type == ItemType.MULTI:
            values[item.code] = [o for o in item.option_codes if rng.random() < 0.4]
        elif item.type == ItemType.SINGLE:
            values[item.code] = rng.choice(item.option_codes)
        elif item.type == ItemType.INT:
            values[item.code] = rng.randint(0, 80)
        elif item.type == ItemType.DECIMAL:
            values[item.code] = rng.randint(50, 2000)
        elif item.type == ItemType.TEXT and item.code not in {"place"}:
            values[item.code] = f"{item.code} {rng.randint(0, 10**6)}"
        if item.notes and rng.random() < 0.3:
            values[item.notes_code] = "Observaciones de campo " * rng.randint(1, 4)
    return values


def generate(n: int, user) -> None:
    for model in (CoordinationActor, Interview, Observation, Centre):
        model.objects.all().delete()
    rng = random.Random(n)
    centres = Centre.objects.bulk_create(
        [
            Centre(name=f"CAS sintético {i}", state=rng.choice(MEXICAN_STATES),
                   municipality="Centro", sector=rng.choice(["public", "private"]),
                   operator="state_dif")
            for i in range(n)
        ],
        batch_size=BATCH,
    )  # fmt: skip
    day = __import__("datetime").date(2022, 4, 1)
    interviews = Interview.objects.bulk_create(
        [
            Interview(centre=c, interviewer=user, status=Status.SUBMITTED, visit_date=day,
                      place="Campo", **answers(INTERVIEW, rng))
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
                        place="Campo", **answers(OBSERVATION, rng))
            for c in centres
        ],
        batch_size=BATCH,
    )  # fmt: skip


def export_workbook() -> tuple[int, float]:
    rows = 0
    exporters = workbook_exporters(ReportFilters())

    def counting():
        nonlocal rows
        for exporter in exporters:
            original = exporter.rows

            def rows_counted(original=original):
                nonlocal rows
                for row in original():
                    rows += 1
                    yield row

            exporter.rows = rows_counted
            yield exporter

    with tempfile.TemporaryFile() as target:
        start = time.perf_counter()
        write_xlsx(counting(), target)
        return rows, time.perf_counter() - start


def bare_openpyxl() -> tuple[int, float]:
    """The limit: the same rows, already in memory, written by plain write-only openpyxl."""
    sheets = [(str(e.sheet), list(e.iterate())) for e in workbook_exporters(ReportFilters())]
    rows = sum(len(r) - 1 for _, r in sheets)
    with tempfile.TemporaryFile() as target:
        start = time.perf_counter()
        book = Workbook(write_only=True)
        for name, sheet_rows in sheets:
            sheet = book.create_sheet(name)
            for row in sheet_rows:
                sheet.append(row)
        book.save(target)
        return rows, time.perf_counter() - start


def peak_memory() -> int:
    tracemalloc.start()
    with tempfile.TemporaryFile() as target:
        write_xlsx(workbook_exporters(ReportFilters()), target)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def results_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/reports/")
    assert response.status_code == 200
    return len(queries)


def main(sizes: list[int]) -> None:
    call_command("migrate", verbosity=0)
    user, _ = get_user_model().objects.get_or_create(username="bench-coordinator")
    user.groups.add(Group.objects.get(name="coordinator"))
    client = Client()
    client.force_login(user)
    print(f"database: {connection.vendor}")
    print(f"{'N':>7} {'rows':>8} {'ours rows/s':>12} {'bare rows/s':>12} {'ratio':>6} "
          f"{'peak MiB':>9} {'queries':>8}")  # fmt: skip
    peaks = {}
    for n in sizes:
        generate(n, user)
        rows, ours = export_workbook()
        bare_rows, bare = bare_openpyxl()
        peaks[n] = peak_memory()
        queries = results_queries(client)
        print(
            f"{n:>7} {rows:>8} {rows / ours:>12,.0f} {bare_rows / bare:>12,.0f} "
            f"{(rows / ours) / (bare_rows / bare):>6.2f} {peaks[n] / 2**20:>9.1f} {queries:>8}"
        )
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        print(f"peak memory at N={last} / N={first}: {peaks[last] / peaks[first]:.2f}x")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 20000])
