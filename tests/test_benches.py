"""Every bench under bench/ runs, at a tiny size, so that none can break unnoticed.

The convention (bench/README.md): each `bench/*.py` runs the whole bench at a tiny size in a few
seconds when given `--tiny`, on a throw-away database of its own.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: load.py runs in tests/test_load_bench.py, at the same tiny size with more checks of its figures.
#: `_*.py` are the benches' shared helpers, not benches.
BENCHES = sorted(
    b for b in (ROOT / "bench").glob("*.py") if b.name != "load.py" and not b.name.startswith("_")
)


def test_there_are_benches():
    assert [b.name for b in BENCHES if b.name == "export_bench.py"]
    assert (ROOT / "bench" / "load.py").exists() and (
        ROOT / "tests" / "test_load_bench.py"
    ).exists()


@pytest.mark.parametrize("bench", BENCHES, ids=lambda path: path.name)
def test_bench_runs_at_a_tiny_size(bench):
    # Never the suite's database: a bench wipes the records of the one it is given.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, str(bench), "--tiny"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip(), "a bench prints its figures"
