"""Load bench: the pages a user meets in the field, behind gunicorn on PostgreSQL.

For each registry size N (default 2,000 and 20,000) it fills a scratch PostgreSQL database
(created here and dropped at the end) with N centres, one submitted interview (two
coordination actors) and one submitted observation per centre, all by the bench's user (a
coordinator, who also fills forms: My work lists them, with a few drafts and returned
records); starts gunicorn with 3 sync workers on a loopback port, with the production
settings (DEBUG off, WhiteNoise's manifest); logs in through the real login form (CSRF and
all) as that user; and runs wrk against each page at 1 and 20 connections. It prints, per
N, requests/s, p50/p95/p99 and the ratios to `/device/` (the cheapest logged-in page) and to
the login page at the highest connection count, then each page's requests/s at the largest N
against the smallest, with the aims of
issue 18: p95 < 100 ms at 1 connection, at least half of `/device/`'s requests/s at 20, and
at least 0.8 of its own requests/s at the smallest N.

Usage:
    .venv/bin/python bench/load.py [N ...] [--duration SECONDS] [--connections 1,20]
        [--database cas_load_bench] [--postgres postgres://postgres@127.0.0.1:5432]
        [--port PORT] [--json FILE]

Needs wrk (Debian: `apt-get install wrk`) and a PostgreSQL server on a loopback address;
everything it starts listens on loopback only. The figures depend on the machine: compare
pages within one run (the ratios), not runs across machines.
"""

import argparse
import datetime
import http.cookiejar
import ipaddress
import json
import os
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BATCH = 1000
USERNAME = "bench-coordinator"
#: The records in the bench user's hands (My work's drafts and returned), the same at any N.
IN_HAND = ["draft", "draft", "draft", "returned", "returned"]
MUNICIPALITIES = [
    ("Chiapas", "Tapachula"), ("Baja California", "Tijuana"), ("Chihuahua", "Ciudad Juárez"),
    ("Tabasco", "Tenosique"), ("Tabasco", "Villahermosa"), ("Nuevo León", "Monterrey"),
    ("Veracruz", "Xalapa"), ("Oaxaca", "Juchitán"), ("Sonora", "Nogales"),
    ("Coahuila", "Piedras Negras"), ("Tamaulipas", "Reynosa"), ("Ciudad de México", "Tlalpan"),
]  # fmt: skip

# Prints what the table needs, latencies in microseconds (wrk's --latency has no p95).
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("CAS-BENCH %d %d %d %d %d %d %d\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[2000, 20000], metavar="N")
    parser.add_argument("--duration", type=int, default=5, help="seconds per run (default 5)")
    parser.add_argument("--connections", default="1,20", help="comma-separated (default 1,20)")
    parser.add_argument("--database", default="cas_load_bench", help="scratch database name")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("LOAD_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="server to create the scratch database on (loopback only)",
    )
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: free)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--tiny", action="store_true", help="3 centres, one-second runs at 1 and 2 connections"
    )
    args = parser.parse_args(argv)
    if args.tiny:
        args.sizes, args.duration, args.connections = [3], 1, "1,2"
    args.connections = [int(c) for c in args.connections.split(",")]
    if not args.sizes or min(args.sizes) < 1 or min(args.connections) < 1 or args.duration < 1:
        parser.error("sizes, connections and duration must be positive")
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", args.database):
        parser.error("the database name must be lower-case letters, digits and underscores")
    host = urllib.parse.urlsplit(args.postgres).hostname or ""
    if not _loopback(host):
        parser.error(f"PostgreSQL must be on a loopback address, not {host!r}")
    return args


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---- the scratch database ---------------------------------------------------------------------


def _maintenance(postgres: str):
    import psycopg2

    connection = psycopg2.connect(f"{postgres.rstrip('/')}/postgres")
    connection.autocommit = True
    return connection


def _run(postgres: str, *statements: str) -> None:
    connection = _maintenance(postgres)
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        connection.close()


def create_database(postgres: str, name: str) -> None:
    _run(postgres, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')


def drop_database(postgres: str, name: str) -> None:
    _run(postgres, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_environment(database_url: str) -> dict:
    """Production settings on plain HTTP at a loopback address."""
    return {
        "DJANGO_SETTINGS_MODULE": "cas_assessment.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }


# ---- the data -----------------------------------------------------------------------------------


def prepare(password: str) -> None:
    """Schema, static files' manifest and the bench's login."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    user = get_user_model().objects.create_user(USERNAME, password=password)
    user.groups.add(Group.objects.get(name="coordinator"))


def grow(n: int) -> None:
    """Up to n centres, each with a submitted interview (two actors) and observation."""
    from django.contrib.auth import get_user_model

    from centres.models import Centre
    from fieldwork.models import Status, default_round
    from interviews.models import CoordinationActor, Interview
    from interviews.spec import ACTOR_ITEMS, INTERVIEW
    from observations.models import Observation
    from observations.spec import OBSERVATION

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _synthetic import answers as synthetic_answers

    user = get_user_model().objects.get(username=USERNAME)
    have = Centre.objects.count()
    rng = random.Random(n)
    day = datetime.date(2026, 4, 20)
    round = default_round()  # one look-up, not one per record
    now = datetime.datetime.now(datetime.UTC)
    sectors = ACTOR_ITEMS[1].option_codes
    for start in range(have, n, BATCH):
        centres = Centre.objects.bulk_create(
            [
                Centre(
                    name=f"Centro de Asistencia Social {i:06d}",
                    state=MUNICIPALITIES[i % len(MUNICIPALITIES)][0],
                    municipality=MUNICIPALITIES[i % len(MUNICIPALITIES)][1],
                    sector=rng.choice(["public", "private"]),
                    operator="state_dif",
                    capacity=rng.randint(10, 120),
                )
                for i in range(start, min(n, start + BATCH))
            ]
        )
        common = {"interviewer": user, "status": Status.SUBMITTED, "visit_date": day,
                  "round": round}  # fmt: skip
        interviews = Interview.objects.bulk_create(
            [
                Interview(centre=c, place="Campo", submitted_at=now, **common,
                          **synthetic_answers(INTERVIEW, rng, notes=False))
                for c in centres
            ]
        )  # fmt: skip
        CoordinationActor.objects.bulk_create(
            CoordinationActor(
                interview=i, actor_name=f"Actor {k}", actor_sector=rng.choice(sectors)
            )
            for i in interviews
            for k in range(2)
        )
        Observation.objects.bulk_create(
            Observation(centre=c, place="Campo", submitted_at=now, **common,
                        **synthetic_answers(OBSERVATION, rng, notes=False))
            for c in centres
        )  # fmt: skip
        if start == 0:  # the bench's user has a few records in hand too (My work), whatever N
            Interview.objects.bulk_create(
                [Interview(centre=c, place="Campo", **{**common, "status": status},
                           **synthetic_answers(INTERVIEW, rng, notes=False))
                 for c, status in zip(centres, IN_HAND, strict=False)]
            )  # fmt: skip
    from django.db import connection

    from reports.freshness import data_changed

    data_changed()  # bulk_create sends no signals: the results' cache is told (freshness.py)
    with connection.cursor() as cursor:
        # As autovacuum leaves a table after a bulk load: statistics, and the visibility map
        # that lets a COUNT read an index alone.
        cursor.execute("VACUUM ANALYZE")


def pages() -> list[tuple[str, str, dict]]:
    """(label, path, extra headers) of each page, with ids from the data."""
    from centres.models import Centre
    from interviews.models import Interview

    centre = Centre.objects.order_by("pk").first()
    interview = Interview.objects.filter(centre=centre).first()
    return [
        ("login page", "/accounts/login/", {"anonymous": True}),
        ("/device/", "/device/", {}),
        ("centre list", "/centres/", {}),
        ("centre search", "/centres/?q=Tapachula&sector=public", {}),
        ("centre page", f"/centres/{centre.pk}/", {}),
        ("new interview", "/interviews/new/", {}),
        ("new interview, centre", f"/interviews/new/?centre={centre.pk}", {}),
        ("new observation, centre", f"/observations/new/?centre={centre.pk}", {}),
        ("record page", f"/interviews/{interview.pk}/", {}),
        ("review queue", "/review/", {}),
        ("review queue, last page", "/review/?page=99999", {}),
        ("my work", "/my-work/", {}),
        ("results", "/reports/", {}),
        ("results matrix", "/reports/observations/", {}),
        # Not pages: what the forms' centre search downloads (once) and revalidates.
        ("centre list data", "/centres/choices.json", {"Accept-Encoding": "gzip", "data": True}),
        ("centre list data, 304", "/centres/choices.json", {"revalidate": True, "data": True}),
    ]


# ---- the server and the client ------------------------------------------------------------------


class Server:
    def __init__(self, port: int, env: dict):
        self.url = f"http://127.0.0.1:{port}"
        # Open while the server runs; closed (and removed) by stop().
        self.log = tempfile.NamedTemporaryFile(prefix="cas-load-gunicorn-", suffix=".log")  # noqa: SIM115
        command = [
            sys.executable, "-m", "gunicorn", "cas_assessment.wsgi",
            "--bind", f"127.0.0.1:{port}", "--workers", "3", "--worker-class", "sync",
        ]  # fmt: skip
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command, cwd=ROOT, env={**os.environ, **env}, stdout=self.log, stderr=self.log
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped:\n{self.tail()}")
            try:
                urllib.request.urlopen(f"{self.url}/accounts/login/", timeout=2).read()  # noqa: S310
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn did not answer within 60 s:\n{self.tail()}")

    def tail(self) -> str:
        return Path(self.log.name).read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def log_in(base: str, password: str) -> dict:
    """Through the login form, as a browser does: its CSRF cookie and token, then a POST."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": USERNAME, "password": password}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - base is http://127.0.0.1:<port>
        f"{base}/accounts/login/", data=body, headers={"Referer": f"{base}/accounts/login/"}
    )
    opener.open(request).read()
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise SystemExit("the bench's login failed")
    return cookies


def fetch(base: str, path: str, headers: dict) -> tuple[int, bytes, dict]:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        request = urllib.request.Request(base + path, headers=headers)  # noqa: S310 - loopback
        with opener.open(request) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def request_headers(cookies: dict, extra: dict, etag: str | None) -> dict:
    headers = {"Accept-Language": "es"}
    if not extra.get("anonymous"):
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if extra.get("revalidate") and etag:
        headers["If-None-Match"] = etag
    headers.update({k: v for k, v in extra.items() if k[0].isupper()})
    return headers


def wrk(url: str, headers: dict, connections: int, duration: int, script: str) -> dict:
    command = [
        shutil.which("wrk"), f"-t{min(connections, 2)}", f"-c{connections}", f"-d{duration}s",
        "--timeout", "30s", "-s", script,
    ]  # fmt: skip
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(  # noqa: S603 - wrk from PATH, our own arguments
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    line = next(x for x in output.splitlines() if x.startswith("CAS-BENCH "))
    requests, micros, p50, p95, p99, bad_status, socket_errors = map(int, line.split()[1:])
    return {
        "requests": requests,
        "rps": requests / (micros / 1e6) if micros else 0.0,
        "p50_ms": p50 / 1000,
        "p95_ms": p95 / 1000,
        "p99_ms": p99 / 1000,
        "errors": bad_status + socket_errors,
    }


def measure(server: Server, password: str, args, script: str) -> dict:
    cookies = log_in(server.url, password)
    etag = None
    results = {}
    for label, path, extra in pages():
        headers = request_headers(cookies, extra, etag)
        for _ in range(6):  # every worker has compiled the templates before timing
            status, body, response_headers = fetch(server.url, path, headers)
        if path.endswith(".json") and status == 200:
            etag = response_headers.get("ETag")
        expected = 304 if extra.get("revalidate") else 200
        if status != expected:
            raise SystemExit(f"{label} ({path}) answered {status}, not {expected}")
        results[label] = {"path": path, "bytes": len(body), "page": not extra.get("data")}
        for connections in args.connections:
            results[label][connections] = wrk(
                server.url + path, headers, connections, args.duration, script
            )
    return results


# ---- the report ---------------------------------------------------------------------------------


def report(figures: dict, args) -> str:
    top = max(args.connections)
    lines = []
    for n, results in figures.items():
        device, login = results["/device/"][top]["rps"], results["login page"][top]["rps"]
        lines += [
            "",
            f"N = {n:,} centres ({n:,} interviews, {n:,} observations); wrk {args.duration} s "
            f"per run, gunicorn 3 sync workers, PostgreSQL",
            "",
            "| page | KB | "
            + " | ".join(f"c{c} req/s | c{c} p50 | c{c} p95 | c{c} p99" for c in args.connections)
            + f" | ×/device/ c{top} | ×login c{top} | errors |",
            "|---|---:|" + "---:|" * (4 * len(args.connections)) + "---:|---:|---:|",
        ]
        for label, row in results.items():
            cells = [label, f"{row['bytes'] / 1024:.1f}"]
            for c in args.connections:
                r = row[c]
                cells += [f"{r['rps']:.0f}", f"{r['p50_ms']:.1f}", f"{r['p95_ms']:.1f}",
                          f"{r['p99_ms']:.1f}"]  # fmt: skip
            cells += [
                f"{row[top]['rps'] / device:.2f}" if device else "—",
                f"{row[top]['rps'] / login:.2f}" if login else "—",
                str(sum(row[c]["errors"] for c in args.connections)),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    sizes = list(figures)
    small, large = sizes[0], sizes[-1]
    low = min(args.connections)
    lines += [
        "",
        f"Aims (pages) at N = {large:,}: p95 < 100 ms at c{low}; req/s at c{top} ≥ 0.5 × "
        f"/device/'s; req/s at N = {large:,} ≥ 0.8 × at N = {small:,} (c{top})",
        "",
        f"| page | c{low} p95 ms | ×/device/ c{top} | req/s N={small:,} | req/s N={large:,} "
        "| ratio | aims |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    big = figures[large]
    for label, row in big.items():
        if not row["page"]:
            continue
        p95 = row[low]["p95_ms"]
        share = row[top]["rps"] / big["/device/"][top]["rps"]
        before = figures[small][label][top]["rps"]
        ratio = row[top]["rps"] / before if before else 0.0
        aims = {"p95": p95 < 100, "×/device/": share >= 0.5, "growth": ratio >= 0.8}
        missed = [name for name, ok in aims.items() if not ok]
        lines.append(
            f"| {label} | {p95:.1f} | {share:.2f} | {before:.0f} | {row[top]['rps']:.0f} | "
            f"{ratio:.2f} | {'ok' if not missed else 'missed: ' + ', '.join(missed)} |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    database_url = f"{args.postgres.rstrip('/')}/{args.database}"
    env = server_environment(database_url)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    password = secrets.token_urlsafe(16)
    create_database(args.postgres, args.database)
    server = None
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT)
        script.flush()
        try:
            import django

            django.setup()
            prepare(password)
            figures = {}
            for n in sorted(set(args.sizes)):
                started = time.monotonic()
                grow(n)
                print(f"N = {n:,}: data ready in {time.monotonic() - started:.0f} s", flush=True)
                server = Server(args.port or _free_port(), env)
                figures[n] = measure(server, password, args, script.name)
                server.stop()
                server = None
        finally:
            if server is not None:
                server.stop()
            from django.db import connections

            connections.close_all()
            drop_database(args.postgres, args.database)
    print(report(figures, args))
    if args.json:
        args.json.write_text(json.dumps({str(n): r for n, r in figures.items()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
