"""Benchmark the contact endpoint: cold import of the Lambda handler, and the WSGI app under load.

Figures are ratios measured side by side in one run, never absolute promises:

- cold import of `contact.aws_lambda` against `python -c pass` (goal: at most 3x);
- requests per second and p50/p99 latency of the WSGI app delivering to a Maildir,
  against a bare WSGI app answering 200 on the same server (goal: p99 at most 20 ms).

Run: .venv/bin/python -m bench.bench_contact [--requests 400] [--clients 4]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from contact.endpoint import Endpoint
from contact.settings import ENDPOINT_PATH, Settings
from contact.wsgi import make_app

REPO = Path(__file__).resolve().parents[1]

ORIGIN = "http://127.0.0.1:8000"


def cold_import(runs: int) -> tuple[float, float]:
    """Median wall time of a fresh interpreter, bare and importing the handler (interleaved).

    AWS_LAMBDA_FUNCTION_NAME is set as Lambda sets it, so the import also reads
    and checks the settings (the init phase a prospect waits for).
    """
    prefix = "pass"  # the project is installed: no path to set up
    bare = [sys.executable, "-c", prefix]
    handler = [sys.executable, "-c", prefix + "; import contact.aws_lambda"]
    times: dict[str, list[float]] = {"bare": [], "handler": []}
    for _ in range(runs):
        for name, args in (("bare", bare), ("handler", handler)):
            started = time.perf_counter()
            env = {"PATH": "/usr/bin:/bin", "AWS_LAMBDA_FUNCTION_NAME": "bench"}
            subprocess.run(args, check=True, env=env)
            times[name].append(time.perf_counter() - started)
    return statistics.median(times["bare"]), statistics.median(times["handler"])


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 256


def bare_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    environ["wsgi.input"].read(length)
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", "11")])
    return [b'{"ok":true}']


def load(app: Any, requests: int, clients: int, offset: int = 0) -> tuple[float, list[float], int]:
    """Run `requests` POSTs from `clients` threads; return (req/s, latencies, non-200 count)."""
    server = make_server("127.0.0.1", 0, app, server_class=_Server, handler_class=_Quiet)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    counter = iter(range(offset, offset + requests))  # distinct texts: no duplicates
    lock = threading.Lock()

    def one(_: int) -> tuple[float, int]:
        with lock:
            number = next(counter)
        body = urllib.parse.urlencode(
            {
                "name": f"Prospect {number}",
                "email": f"p{number}@voorbeeld.nl",
                "message": f"Bericht nummer {number}",
                "consent": "on",
            }
        )
        started = time.perf_counter()
        conn = HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request(
            "POST",
            ENDPOINT_PATH,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
                "Origin": ORIGIN,
            },
        )
        status = conn.getresponse()
        status.read()
        conn.close()
        return time.perf_counter() - started, status.status

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(one, range(requests)))
    elapsed = time.perf_counter() - started
    server.shutdown()
    server.server_close()
    return requests / elapsed, [r[0] for r in results], sum(1 for r in results if r[1] != 200)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--import-runs", type=int, default=15)
    args = parser.parse_args()

    bare_s, handler_s = cold_import(args.import_runs)
    print("Cold start (median of fresh interpreters)")
    print(f"  python -c pass            {bare_s * 1000:7.1f} ms   1.00x")
    print(
        f"  import contact.aws_lambda {handler_s * 1000:7.1f} ms   {handler_s / bare_s:.2f}x"
        "   (goal <= 3x)"
    )

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_environ(
            {
                "MAILER_DSN": "maildir://mail",
                "CONTACT_RATE_LIMIT": "0",
                "CONTACT_ALLOWED_ORIGINS": ORIGIN,
            }
        )
        contact_app = make_app(Endpoint(settings, base_dir=tmp))
        offset = 0
        with open(os.devnull, "w") as devnull, contextlib.redirect_stderr(devnull):
            load(contact_app, 20, 2, offset=-1000)  # warm up: lazy imports, Maildir folders
            tables = []
            for clients in sorted({1, args.clients}):
                rows = []
                for name, app in (("bare 200 app", bare_app), ("contact -> Maildir", contact_app)):
                    rate, latencies, failures = load(app, args.requests, clients, offset)
                    offset += args.requests
                    p50, p99 = percentile(latencies, 0.5), percentile(latencies, 0.99)
                    rows.append((name, rate, p50, p99, failures))
                tables.append((clients, rows))
        mails = len(list((Path(tmp) / "mail" / "new").iterdir()))

    for clients, rows in tables:
        print(f"\nWSGI over loopback ({args.requests} POSTs, {clients} client(s), same server)")
        print(f"  {'app':<20} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
        for name, rate, p50, p99, failures in rows:
            note = f"  ({failures} non-200!)" if failures else ""
            print(f"  {name:<20} {rate:8.0f} {p50 * 1000:8.2f} {p99 * 1000:8.2f}{note}")
        (_, bare_rate, bare_p50, bare_p99, _), (_, rate, p50, p99, _) = rows
        print(
            f"  ratio contact/bare: req/s {rate / bare_rate:.2f}x, p50 {p50 / bare_p50:.1f}x, "
            f"p99 {p99 / bare_p99:.1f}x   (goal: contact p99 <= 20 ms)"
        )
    expected = 20 + args.requests * len(tables)
    print(f"\nmails written: {mails} (expected {expected}; each one fsync'ed by mailbox.Maildir)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
