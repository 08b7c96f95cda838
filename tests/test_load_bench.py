"""The load bench (bench/load.py) runs: tiny N, one-second runs, so that it cannot break
unnoticed. It needs wrk (CI installs Debian's) and the PostgreSQL server on 127.0.0.1."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_load_bench_runs_and_reports_every_page(tmp_path):
    assert shutil.which("wrk"), "wrk is missing: apt-get install wrk (.ci/run installs it)"
    figures_file = tmp_path / "load.json"
    # A name of its own, so that two test runs on one server never drop each other's database.
    database = os.environ.get("LOAD_BENCH_DB", f"cas_load_bench_test_{os.getpid()}")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "bench/load.py", "3", "--duration", "1", "--connections", "1,2",
         "--database", database, "--json", str(figures_file)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    figures = json.loads(figures_file.read_text())["3"]
    assert {"login page", "/device/", "centre list", "centre search", "centre page",
            "new interview", "new interview, centre", "new observation, centre",
            "record page", "review queue", "review queue, last page", "my work",
            "results"} <= set(figures)  # fmt: skip
    for label, row in figures.items():
        for connections in ("1", "2"):
            assert row[connections]["requests"] > 0, label
            assert row[connections]["errors"] == 0, label
    # The blank form no longer carries the registry.
    assert figures["new interview"]["bytes"] < 80_000
    assert "| /device/ |" in result.stdout and "| results |" in result.stdout
    assert "aims" in result.stdout
