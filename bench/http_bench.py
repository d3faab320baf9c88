"""HTTP bench: the app under gunicorn (production settings) against a raw psycopg floor, same load generator.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/http_bench.py

Needs the database of bench/generate.py and Debian's `wrk`. It collects static files once, starts
gunicorn on the app (`config.settings.bench`: production plus raised API throttles; 2 workers) and on
bench/floor_app.py (2 workers), then for every endpoint:

- single requests, one at a time (p50/p95 in ms), the figure the page-speed targets are about;
- `wrk` at `--connections` (8) for `--duration` seconds, app and floor alternating (`--rounds` each):
  requests/s and p50/p95/p99, and the app's throughput as a share of the floor's.

It prints the load average before and after (the machine is shared: repeat a run that looks off) and
the workers' memory (RSS) at the end. `--only NAME…` runs some endpoints; `--floor-count` picks the
floor's counting strategy (exact COUNT(*), capped, none) to match the app's.
"""
import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")

from _common import out  # noqa: E402
from django.db import connection  # noqa: E402
from generate import QUERIES, STOREFRONT  # noqa: E402

APP_PORT, FLOOR_PORT = 8014, 8114
GUNICORN = str(ROOT / ".venv/bin/gunicorn")
WRK_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do paths[#paths + 1] = line end
local i = 0
request = function()
  i = (i % #paths) + 1
  return wrk.format("GET", paths[i], {["X-Forwarded-Proto"] = "https"})
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
    + summary.errors.timeout
  io.write(string.format("RESULT %d %d %.3f %.3f %.3f %.3f\\n", summary.requests, errors,
    summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3, latency:percentile(99) / 1e3))
end
"""


def endpoints() -> list[tuple[str, list[str], list[str] | None]]:
    """(name, app paths, floor paths or None) from the data in the database."""
    with connection.cursor() as cursor:
        cursor.execute("""SELECT u.username, o.slug FROM collective_offer o JOIN members_user u ON u.id = o.user_id
                          WHERE o.status = 'active' AND NOT o.is_archived AND u.username <> %s
                          ORDER BY o.id LIMIT 1 OFFSET 500""", [STOREFRONT])
        username, slug = cursor.fetchone()
        cursor.execute("""SELECT o.created_at, o.id FROM collective_offer o JOIN members_user u ON u.id = o.user_id
                          WHERE o.status IN ('active', 'paused') AND NOT o.is_archived AND u.is_active
                          ORDER BY o.created_at DESC, o.id DESC LIMIT 1 OFFSET 9979""")
        created, pk = cursor.fetchone()
    page500 = ["/api/v1/offers/?page=500"]
    floor500 = ["/api/v1/offers/?page=500"]
    try:  # keyset pagination, when the API has it: the cursor that starts where page 500 would
        from api.pagination import offer_cursor_for

        page500 = [f"/api/v1/offers/?cursor={offer_cursor_for(created, pk)}"]
        floor500 = ["/api/v1/offers/?cursor=" + urllib.parse.quote(f"{created.isoformat()},{pk}")]
    except ImportError:
        pass
    searches = ["/api/v1/offers/?" + urllib.parse.urlencode({"q": q}) for q in QUERIES]
    return [
        ("offers page 1", ["/api/v1/offers/"], ["/api/v1/offers/"]),
        ("offers page 500", page500, floor500),
        ("offers ?q= (10 queries)", searches, searches),
        ("/discover/", ["/discover/"], None),
        ("/discover/tools/", ["/discover/tools/"], None),
        ("offer page", [f"/@{username}/{slug}/"], None),
        ("storefront, 1,000 offers", [f"/@{STOREFRONT}/"], None),
    ]


def start(args: list[str], env: dict, port: int) -> subprocess.Popen:
    process = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                               stderr=open(f"/tmp/http_bench_{port}.log", "w"), start_new_session=True)  # noqa: SIM115
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/__ping__", timeout=2)  # noqa: S310
        except urllib.error.HTTPError:
            return process
        except OSError:
            time.sleep(0.5)
            continue
        return process
    raise SystemExit(f"server on port {port} did not start; see /tmp/http_bench_{port}.log")


def get(port: int, path: str) -> float:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - our own local server
        response.read()
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}")
    return (time.perf_counter() - started) * 1000


def single(port: int, paths: list[str], n: int) -> tuple[float, float]:
    for path in paths:
        get(port, path)  # warm up (and fail early on an error)
    samples = sorted(get(port, paths[i % len(paths)]) for i in range(n))
    return statistics.median(samples), samples[max(0, round(len(samples) * 0.95) - 1)]


def wrk(port: int, paths: list[str], *, connections: int, duration: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script, \
            tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        script.write(WRK_SCRIPT)
        listing.write("\n".join(paths) + "\n")
    result = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "-s", script.name,
                             f"http://127.0.0.1:{port}"], capture_output=True, text=True,
                            env={**os.environ, "WRK_PATHS": listing.name}, check=True)
    match = re.search(r"RESULT (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)", result.stdout)
    requests, errors, seconds, p50, p95, p99 = match.groups()
    return {"rps": int(requests) / float(seconds), "errors": int(errors), "p50": float(p50), "p95": float(p95),
            "p99": float(p99)}


def rss_mb(master: subprocess.Popen) -> list[float]:
    children = subprocess.run(["pgrep", "-P", str(master.pid)], capture_output=True, text=True).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--single", type=int, default=40, help="single requests per endpoint")
    parser.add_argument("--floor-count", choices=["exact", "capped", "none"], default="capped")
    parser.add_argument("--only", nargs="*", help="endpoint names (prefixes)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        out("This needs PostgreSQL: set DATABASE_URL=postgres://…/bench (built by bench/generate.py)")
        return 2

    env = {"DJANGO_SETTINGS_MODULE": "config.settings.bench", "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
           "ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_SECURE_SSL_REDIRECT": "false",
           "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT,
                   env={**os.environ, **env}, check=True)
    app = start([GUNICORN, "config.wsgi", "-w", "2", "--timeout", "300", "-b", f"127.0.0.1:{APP_PORT}"], env, APP_PORT)
    floor = start([GUNICORN, "bench.floor_app:app", "-w", "2", "-b", f"127.0.0.1:{FLOOR_PORT}"],
                  {"FLOOR_COUNT": args.floor_count, "PYTHONPATH": str(ROOT)}, FLOOR_PORT)
    try:
        out(f"load average at start: {os.getloadavg()}; {args.connections} connections, {args.duration} s per run, "
            f"{args.rounds} alternating rounds; floor counts: {args.floor_count}\n")
        out(f"{'endpoint':<28}{'single p50':>11}{'p95':>8} |{'app rps':>9}{'p50':>8}{'p95':>8}{'p99':>8} |"
            f"{'floor rps':>10}{'p50':>8}{'p95':>8} |{'ratio':>7}")
        for name, paths, floor_paths in endpoints():
            if args.only and not any(name.startswith(o) for o in args.only):
                continue
            s50, s95 = single(APP_PORT, paths, args.single)
            runs, floor_runs = [], []
            for _ in range(args.rounds):
                runs.append(wrk(APP_PORT, paths, connections=args.connections, duration=args.duration))
                if floor_paths:
                    floor_runs.append(wrk(FLOOR_PORT, floor_paths, connections=args.connections,
                                          duration=args.duration))
            best = max(runs, key=lambda r: r["rps"])
            line = (f"{name:<28}{s50:>9.1f}ms{s95:>6.1f}ms |{best['rps']:>9.1f}{best['p50']:>6.0f}ms{best['p95']:>6.0f}ms"
                    f"{best['p99']:>6.0f}ms |")
            if floor_runs:
                fbest = max(floor_runs, key=lambda r: r["rps"])
                line += f"{fbest['rps']:>10.1f}{fbest['p50']:>6.0f}ms{fbest['p95']:>6.0f}ms |{best['rps'] / fbest['rps']:>6.0%}"
            else:
                line += f"{'—':>26} |"
            if any(r["errors"] for r in runs):
                line += f"  ({sum(r['errors'] for r in runs)} errors)"
            out(line)
        out(f"\napp worker RSS after the run: {', '.join(f'{mb:.0f} MB' for mb in rss_mb(app))}; "
            f"load average at end: {os.getloadavg()}")
    finally:
        for process in (app, floor):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
