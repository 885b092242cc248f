"""Attack and probe suite for Quipu's HTTP server and ingest (rerunnable; a report).

It starts a fresh ``quipu serve`` on loopback (127.0.0.1 only; nothing else is ever
contacted) over a *copy* of an ingested data directory, sends the probes of the
security review, and prints one table row per check -- probe, expected (the hardened
behaviour), observed, PASS/FAIL -- then ``N passed, M failed`` and the load figures.

Probes (ids as in the review; 6 is measured by benchmarks/extraction.py):

  1  crash by one GET: a 3000-deep ``{`` nesting injected through /id/; the same
     nesting (and a cross join) sent to every path and query parameter of every GET
     route of /openapi.json and of the web pages, and to /sparql.
  2  pinned threads: cross joins injected through /id/ and abandoned by the client;
     afterwards /health and a search must be fast and the server's CPU back to idle.
     The same cross join through /sparql must be stopped by the time limit.
  3  server-side requests: SPARQL ``SERVICE`` to a local TCP listener, by GET, POST
     (form, sparql-query), lower case, through /query and through an update.
  4  one bad file must not abort an ingest (broken .docx, truncated zip, not a zip,
     garbage .pdf, binary .html beside three good .txt files).
  5  documents silently lost: file names that differ only by punctuation or case,
     and names in Cyrillic, Greek and Chinese.
  7  .docx expansion bomb: ~200 MB of XML in a small zip; wall time and peak RSS.
  8  errors that became 500s (bad default-graph-uri, undecodable POST bodies).
  9  starvation of the SPARQL workers by slow queries.
 10  damaged data files in a copy of the data directory: start-up, /health, search,
     fallback to the previous generation.
 11  low-severity items: POST /query, a 100 KB query string, Host header injection
     into the service description and VoID, stray bytes in a UTF-8 file, declared
     error responses in the OpenAPI document.
 load  60 s of 20 concurrent clients (search, web page, entities, health) while 5
     other clients keep slow SPARQL queries running.

Run it (from the repository root; the data dir must hold an ingested corpus and is
never modified -- the suite works on copies under a temporary folder)::

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/probes.py --data quipu-data
    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/probes.py --data quipu-data --no-load --json probes.json
    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/probes.py --data quipu-data --only 1,2,8

The server and the ingest subprocesses inherit this process's environment (so
``PYTHONPATH=... benchmarks/probes.py`` probes another checkout of the code), with
QUIPU_DATA_DIR, QUIPU_QUERY_TIMEOUT (``--timeout``, default 3) and
QUIPU_ADMIN_TOKEN=probe-token set. Every request, subprocess and loop has a time
bound; a crashed server fails the probe that crashed it and is restarted. The exit
code is 0 after the report is printed, 2 when no server could be started at all.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import httpx

HOST = "127.0.0.1"  # the only address this suite ever talks to
TOKEN = "probe-token"
DOCUMENT_CLASS = "https://w3id.org/quipu/ontology#Document"  # qp:Document (ontology/quipu.ttl, graph/mapping.py)
NAMESPACE = "https://w3id.org/quipu/ontology#"
COUNT_DOCUMENTS = f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?d a <{DOCUMENT_CLASS}> }}"
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")

# ----------------------------------------------------------------------------- payloads

NEST_FULL = 3000  # the depth of the review's request (an 18 KB request line; it reaches the app)


def nesting(depth: int) -> str:
    """The review's injected nesting, decoded: breaks out of an IRI and opens ``depth`` groups."""
    return "x> ?p ?o } UNION " + "{" * depth + "?s ?p ?o" + "}" * depth + " } LIMIT 1 #"


def nesting_path(depth: int) -> str:
    """The same, percent-encoded exactly as in the review's request line."""
    return (
        "x%3E%20%3Fp%20%3Fo%20%7D%20UNION%20" + "%7B" * depth + "%3Fs%20%3Fp%20%3Fo" + "%7D" * depth
        + "%20%7D%20LIMIT%201%20%23"
    )


# The review's cross join: with LIMIT 1 and lazy evaluation its first row can come at once.
CROSS_PLAIN = "x> ?p ?o } UNION { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } } LIMIT 1 #"
# The same inside COUNT(*), which has to enumerate the whole join before the first row.
CROSS_COUNT = (
    "x> ?p ?o } UNION { SELECT (COUNT(*) AS ?p) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } } } LIMIT 1 #"
)
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SLOW_QUERY_4 = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
FAST_QUERY = "ASK { ?s ?p ?o }"


def enc(text: str) -> str:
    return quote(text, safe="")


# ----------------------------------------------------------------------------- results


@dataclass
class Row:
    probe: str
    name: str
    expected: str
    observed: str
    result: str  # PASS, FAIL or INFO (not counted)
    details: dict[str, Any] = field(default_factory=dict)


class Report:
    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.extra: dict[str, Any] = {}
        self.began = time.time()

    def add(self, probe: str, name: str, expected: str, observed: str, ok: bool | None, **details: Any) -> Row:
        row = Row(probe, name, expected, observed, "INFO" if ok is None else ("PASS" if ok else "FAIL"), details)
        self.rows.append(row)
        flag = row.result
        print(f"  [{flag}] {probe} {name}: {observed}", flush=True)
        return row


def probe_key(probe: str) -> tuple[int, str]:
    match = re.match(r"(\d+)(.*)", probe)
    return (int(match.group(1)), match.group(2)) if match else (999, probe)


def print_table(report: Report) -> None:
    rows = sorted(report.rows, key=lambda r: probe_key(r.probe))
    widths = (30, 38, 58)
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+--------+"
    print()
    print(line)
    print(f"| {'probe':<{widths[0]}} | {'expected':<{widths[1]}} | {'observed':<{widths[2]}} | result |")
    print(line.replace("-", "="))
    for row in rows:
        cells = [
            textwrap.wrap(f"{row.probe} {row.name}", widths[0]) or [""],
            textwrap.wrap(row.expected, widths[1]) or [""],
            textwrap.wrap(row.observed, widths[2]) or [""],
        ]
        height = max(len(c) for c in cells)
        for i in range(height):
            parts = [(c[i] if i < len(c) else "") for c in cells]
            result = row.result if i == 0 else ""
            print(f"| {parts[0]:<{widths[0]}} | {parts[1]:<{widths[1]}} | {parts[2]:<{widths[2]}} | {result:<6} |")
        print(line)
    passed = sum(r.result == "PASS" for r in rows)
    failed = sum(r.result == "FAIL" for r in rows)
    print(f"\n{passed} passed, {failed} failed")


# ----------------------------------------------------------------------------- processes


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _proc_table() -> dict[int, tuple[int, int, float, int]]:
    """pid -> (ppid, pgrp, cpu seconds, rss bytes) of every readable process."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                data = f.read().decode("ascii", "replace")
        except OSError:
            continue
        rest = data[data.rfind(")") + 2 :].split()
        try:
            ppid, pgrp = int(rest[1]), int(rest[2])
            cpu = (int(rest[11]) + int(rest[12])) / CLK_TCK
            rss = int(rest[21]) * PAGE
        except (IndexError, ValueError):
            continue
        table[int(entry)] = (ppid, pgrp, cpu, rss)
    return table


def descendants(root: int, table: dict[int, tuple[int, int, float, int]]) -> list[int]:
    found, frontier = [root] if root in table else [], [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, *_rest) in table.items():
            if ppid == parent:
                found.append(pid)
                frontier.append(pid)
    return found


def tree_cpu(root: int) -> float:
    table = _proc_table()
    return sum(table[p][2] for p in descendants(root, table))


def peak_rss_of(pids: list[int]) -> int:
    """Largest VmHWM (peak resident set) among ``pids``, in bytes."""
    peak = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]) * 1024)
        except OSError:
            pass
    return peak


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _wait(proc: subprocess.Popen, seconds: float) -> None:
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        pass


def kill_group(proc: subprocess.Popen, grace: float = 5.0) -> None:
    """Stop a process started by this suite in its own session, with its children (by its id)."""
    if proc.poll() is not None:
        _signal_group(proc, signal.SIGKILL)  # leftover children of a dead leader
        return
    _signal_group(proc, signal.SIGTERM)
    _wait(proc, grace)
    _signal_group(proc, signal.SIGKILL)
    _wait(proc, 5)


def base_env(data_dir: Path, timeout: float, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QUIPU_DATA_DIR=str(data_dir),
        QUIPU_QUERY_TIMEOUT=f"{timeout:g}",
        QUIPU_ADMIN_TOKEN=TOKEN,
        HF_HUB_OFFLINE="1",
        COLUMNS="400",  # rich would wrap the CLI's messages at 80 columns
        NO_COLOR="1",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@dataclass
class CliRun:
    rc: int | None
    output: str
    seconds: float
    timed_out: bool
    peak_rss: int
    killed_for_memory: bool = False


def run_cli(
    args: list[str], env: dict[str, str], timeout: float, *, rss_limit: int = 6 << 30, cwd: Path | None = None
) -> CliRun:
    """``python -m quipu.api.cli ARGS`` with a wall-clock limit, a memory watchdog and peak RSS."""
    with tempfile.TemporaryFile("w+b") as log:
        began = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "quipu.api.cli", *args], env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True, cwd=cwd,
        )
        peak, timed_out, killed = 0, False, False
        while proc.poll() is None:
            table = _proc_table()
            group = [pid for pid, (_pp, pgrp, _c, _r) in table.items() if pgrp == proc.pid]
            peak = max(peak, peak_rss_of(group))
            if peak > rss_limit:
                killed = True
                kill_group(proc, grace=0)
                break
            if time.monotonic() - began > timeout:
                timed_out = True
                kill_group(proc, grace=2)
                break
            time.sleep(0.2)
        seconds = time.monotonic() - began
        kill_group(proc, grace=0)  # children left behind, if any
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    return CliRun(proc.returncode, output, seconds, timed_out, peak, killed)


class Server:
    """One ``quipu serve`` subprocess on 127.0.0.1 over ``data_dir``."""

    def __init__(self, data_dir: Path, timeout: float, logs: Path, label: str = "server") -> None:
        self.data_dir = data_dir
        self.timeout = timeout
        self.logs = logs
        self.label = label
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self.starts = 0
        self.log_path: Path | None = None
        self.started_seconds: list[float] = []

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, wait: float = 120.0) -> dict[str, Any]:
        self.stop()
        self.port = free_port()
        self.starts += 1
        self.log_path = self.logs / f"{self.label}-{self.starts}.log"
        log = self.log_path.open("wb")
        began = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "quipu.api.cli", "serve", "--no-ingest", "--host", HOST, "--port", str(self.port)],
            env=base_env(self.data_dir, self.timeout), stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
        log.close()
        outcome: dict[str, Any] = {"ok": False, "exit_code": None, "health_status": None}
        with httpx.Client(timeout=2.0) as client:
            while time.monotonic() - began < wait:
                if self.proc.poll() is not None:
                    outcome["exit_code"] = self.proc.returncode
                    break
                try:
                    response = client.get(self.base + "/health")
                    outcome["health_status"] = response.status_code
                    if response.status_code == 200:
                        outcome["ok"] = True
                        outcome["health"] = response.json()
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.5)
        outcome["seconds"] = round(time.monotonic() - began, 1)
        if outcome["ok"]:
            self.started_seconds.append(outcome["seconds"])
        outcome["log_tail"] = self.log_text()[-3000:]
        return outcome

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.proc is not None:
            kill_group(self.proc)
            self.proc = None

    def log_text(self) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_bytes().decode("utf-8", "replace")

    def cpu(self) -> float:
        return tree_cpu(self.proc.pid) if self.alive() else 0.0

    def cpu_rate(self, window: float = 2.0) -> float:
        """Cores the server and its workers burn, averaged over ``window`` seconds."""
        first = self.cpu()
        time.sleep(window)
        return (self.cpu() - first) / window

    def health_latency(self, timeout: float = 5.0) -> tuple[int | None, float]:
        began = time.monotonic()
        try:
            status = httpx.get(self.base + "/health", timeout=timeout).status_code
        except httpx.HTTPError:
            status = None
        return status, time.monotonic() - began


# ----------------------------------------------------------------------------- HTTP helpers


def call(
    client: httpx.Client, method: str, url: str, timeout: float, *, keep: int = 300, **kwargs: Any
) -> dict[str, Any]:
    """One request; never raises. ``status`` is None on a timeout or a broken connection."""
    began = time.monotonic()
    outcome: dict[str, Any] = {"status": None}
    try:
        response = client.request(method, url, timeout=timeout, **kwargs)
        outcome.update(
            status=response.status_code,
            size=len(response.content),
            body=response.text[:keep],
            headers={k: v for k, v in response.headers.items() if k.lower() in ("retry-after", "content-type")},
        )
    except httpx.TimeoutException:
        outcome["error"] = "timeout"
    except httpx.HTTPError as exc:
        outcome["error"] = f"{type(exc).__name__}: {exc}"[:200]
    outcome["seconds"] = round(time.monotonic() - began, 3)
    return outcome


def once(method: str, url: str, timeout: float, **kwargs: Any) -> dict[str, Any]:
    """One request on a fresh connection (a client of its own, closed afterwards)."""
    with httpx.Client() as client:
        return call(client, method, url, timeout, **kwargs)


def raw_get(port: int, target: str, timeout: float) -> dict[str, Any]:
    """GET with http.client, which (unlike httpx) sends request targets over 64 KB."""
    import http.client

    began = time.monotonic()
    outcome: dict[str, Any] = {"status": None}
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", target)
        response = connection.getresponse()
        body = response.read()
        outcome.update(status=response.status, size=len(body), body=body[:300].decode("utf-8", "replace"))
    except (OSError, http.client.HTTPException) as exc:
        outcome["error"] = f"{type(exc).__name__}: {exc}"[:200]
    finally:
        connection.close()
    outcome["seconds"] = round(time.monotonic() - began, 3)
    return outcome


def short(outcome: dict[str, Any]) -> str:
    if outcome.get("status") is None:
        return f"{outcome.get('error', 'no answer')} after {outcome['seconds']:.1f} s"
    return f"{outcome['status']} in {outcome['seconds']:.2f} s"


# ----------------------------------------------------------------------------- suite


class Suite:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.timeout: float = args.timeout
        self.report = Report()
        self.tmp = Path(tempfile.mkdtemp(prefix="quipu-probes-"))
        self.logs = self.tmp / "logs"
        self.logs.mkdir()
        self.source = Path(args.data).resolve()
        self.work = self.tmp / "data"
        shutil.copytree(self.source, self.work, symlinks=True)
        self.server = Server(self.work, self.timeout, self.logs, "main")
        self.restarts: list[dict[str, Any]] = []

    # ---- server upkeep

    def start_server(self, why: str) -> bool:
        outcome = self.server.start()
        self.restarts.append({"why": why, **{k: v for k, v in outcome.items() if k != "log_tail"}})
        if not outcome["ok"]:
            print(f"  server did not start ({why}): {outcome}", flush=True)
        else:
            print(f"  server up on port {self.server.port} in {outcome['seconds']} s ({why})", flush=True)
        return outcome["ok"]

    def ensure_clean(self, before: str) -> None:
        """A live, responsive and idle server before ``before``; restart it otherwise."""
        if not self.server.alive():
            self.start_server(f"not running before probe {before}")
            return
        status, latency = self.server.health_latency(timeout=5)
        rate = self.server.cpu_rate(1.5)
        if status != 200 or latency > 2 or rate > 0.2:
            self.start_server(
                f"before probe {before}: /health {status} in {latency:.1f} s, server CPU {rate:.2f} cores"
            )

    def after_probe(self, probe: str) -> None:
        """A crash fails the probe; the server is restarted before going on."""
        if self.server.alive():
            self.report.add(probe, "server survived", "still running", "still running", True)
            return
        code = self.server.proc.returncode if self.server.proc else None
        tail = self.server.log_text()[-600:]
        self.report.add(probe, "server survived", "still running", f"server DIED (exit {code})", False, log_tail=tail)
        self.start_server(f"crashed during probe {probe}")

    def settled_alive(self, outcome: dict[str, Any]) -> bool:
        """Is the server alive after this answer? A dying process can still look alive for a
        moment after it dropped the connection, so wait a little after an error."""
        if outcome.get("status") is not None and outcome["status"] < 500:
            return self.server.alive()
        end = time.monotonic() + 1.5
        while time.monotonic() < end and self.server.alive():
            time.sleep(0.1)
        return self.server.alive()

    def death(self) -> str:
        code = self.server.proc.returncode if self.server.proc is not None else None
        name = ""
        if code is not None and code < 0:
            try:
                name = " " + signal.Signals(-code).name
            except ValueError:
                pass
        return f"DEAD (exit {code}{name})"

    def client(self) -> httpx.Client:
        # no keep-alive: a connection the server dropped after an error must not fail the next probe
        limits = httpx.Limits(max_keepalive_connections=0)
        return httpx.Client(base_url=self.server.base, timeout=self.timeout + 5, limits=limits)

    def slack(self) -> float:
        return self.timeout + 5

    # ---- probe 1

    def probe1(self) -> None:
        limit = self.slack()
        with self.client() as c:
            for depth in (NEST_FULL,):
                outcome = call(c, "GET", "/id/" + nesting_path(depth), limit)
                alive = self.settled_alive(outcome)
                ok = outcome["status"] is not None and 400 <= outcome["status"] < 500 and alive
                self.report.add(
                    "1a", f"GET /id/ nesting {depth} deep",
                    "4xx, server alive", f"{short(outcome)}; server {'alive' if alive else self.death()}", ok,
                    request=outcome, url_bytes=len("/id/" + nesting_path(depth)),
                )
                if not alive:
                    self.start_server("crashed by 1a")
        self.fan_out()
        with self.client() as c:
            cases = [
                ("GET /sparql?query= nesting 3000", "GET", f"/sparql?query={enc('SELECT * WHERE ' + '{' * NEST_FULL + '?s ?p ?o' + '}' * NEST_FULL)}", {}),
                ("POST /sparql nesting 3000 (sparql-query)", "POST", "/sparql",
                 {"content": ("SELECT * WHERE " + "{" * NEST_FULL + "?s ?p ?o" + "}" * NEST_FULL).encode(),
                  "headers": {"content-type": "application/sparql-query"}}),
            ]
            for name, method, url, kwargs in cases:
                outcome = call(c, method, url, limit, **kwargs)
                alive = self.settled_alive(outcome)
                ok = outcome["status"] is not None and outcome["status"] < 500 and alive and outcome["seconds"] <= limit
                self.report.add("1d", name, f"no 5xx, alive, within {limit:g} s",
                                f"{short(outcome)}; server {'alive' if alive else self.death()}"
                                + (f"; {outcome.get('body', '')[:90]}" if (outcome["status"] or 0) >= 500 else ""),
                                ok, request=outcome)
                if not alive:
                    self.start_server(f"crashed by 1d {name}")

    def routes(self) -> list[tuple[str, list[dict[str, Any]]]]:
        """(path template, parameters) of every GET route: /openapi.json plus the web pages
        (those are left out of the schema)."""
        with self.client() as c:
            schema = c.get("/openapi.json", timeout=10).json()
        found = []
        for path, operations in schema.get("paths", {}).items():
            get = operations.get("get")
            if not get:
                continue
            params = [
                {"name": p["name"], "in": p["in"], "required": p.get("required", False),
                 "type": (p.get("schema") or {}).get("type") or "string"}
                for p in get.get("parameters", []) if p.get("in") in ("path", "query")
            ]
            found.append((path, params))
        q = lambda name, required=False: {"name": name, "in": "query", "required": required, "type": "string"}  # noqa: E731
        pages = [
            ("/", [q("q"), q("mode"), q("doc"), q("year"), q("type"), q("region"), q("entity")]),
            ("/search", [q("q"), q("mode"), q("doc"), q("region"), q("entity")]),
            ("/entities", [q("type"), q("q")]),
            ("/entity/{key}", [{"name": "key", "in": "path", "required": True, "type": "string"}]),
            ("/documents/{doc_id}", [{"name": "doc_id", "in": "path", "required": True, "type": "string"}]),
            ("/query", [q("query"), q("example")]),
        ]
        known = {p for p, _ in found}
        found += [(p, params) for p, params in pages if p not in known]
        return found

    @staticmethod
    def placeholder(param: dict[str, Any]) -> str:
        name = param["name"]
        if param["type"] == "integer":
            return "1"
        return {"q": "empleo", "from": "region/puno", "to": "region/lima", "key": "region/puno",
                "path": "region/puno", "query": "ASK { ?s ?p ?o }", "doc_id": "x"}.get(name, "empleo")

    def build(self, path: str, params: list[dict[str, Any]], target: str, payload: str) -> str:
        url = path
        query = {}
        for p in params:
            value = payload if p["name"] == target else (self.placeholder(p) if p["required"] or p["in"] == "path" else None)
            if value is None:
                continue
            if p["in"] == "path":
                url = url.replace("{" + p["name"] + "}", enc(value)).replace("{" + p["name"] + ":path}", enc(value))
            else:
                query[p["name"]] = value
        if query:
            url += "?" + urlencode(query, quote_via=quote, safe="")
        return url

    def fan_out(self) -> None:
        limit = self.slack()
        try:
            routes = self.routes()
        except (httpx.HTTPError, ValueError) as exc:
            self.report.add("1b", "fan-out", "routes from /openapi.json", f"could not read it: {exc}", False)
            return
        payloads = [("nesting", nesting(NEST_FULL)), ("cross join", CROSS_COUNT)]
        budget_end = time.monotonic() + self.args.fanout_budget
        for label, payload in payloads:
            probe = "1b" if label == "nesting" else "1c"
            results, failures, skipped = [], [], 0
            for path, params in routes:
                for param in params:
                    if time.monotonic() > budget_end:
                        skipped += 1
                        continue
                    url = self.build(path, params, param["name"], payload)
                    with self.client() as c:
                        outcome = call(c, "GET", url, limit, keep=160)
                    alive = self.settled_alive(outcome)
                    entry = {"route": path, "param": param["name"], "status": outcome["status"],
                             "seconds": outcome["seconds"], "error": outcome.get("error"), "alive": alive,
                             "body": outcome.get("body", "")[:160]}
                    results.append(entry)
                    bad = (outcome["status"] is None or outcome["status"] >= 500 or not alive
                           or outcome["seconds"] > limit)
                    if bad:
                        failures.append(entry)
                    if not alive:
                        self.start_server(f"crashed by {probe} {path} {param['name']}")
            tried = len(results)
            statuses: dict[str, int] = {}
            for r in results:
                key = str(r["status"]) if r["status"] is not None else (r["error"] or "none")
                statuses[key] = statuses.get(key, 0) + 1
            what = ", ".join(
                f"{f['route']}?{f['param']}→{f['status'] or f['error']}{' CRASH' if not f['alive'] else ''}"
                for f in failures[:8]
            )
            observed = (
                f"{tried - len(failures)}/{tried} ok (statuses {statuses})"
                + (f"; FAIL: {what}{' …' if len(failures) > 8 else ''}" if failures else "")
                + (f"; {skipped} not sent (time budget)" if skipped else "")
            )
            self.report.add(
                probe, f"{label} into every GET parameter",
                f"no 5xx, no crash, each within {limit:g} s", observed, not failures and not skipped,
                requests=results, skipped=skipped,
            )
            if label == "nesting":
                self.ensure_clean("1c")

    # ---- probe 2

    def probe2(self) -> None:
        payloads = {"count": CROSS_COUNT, "plain": CROSS_PLAIN}
        base = self.server.base

        def fire(url: str, sink: list) -> None:
            sink.append(once("GET", base + url, 2.0, keep=100))

        for label in ("count", "plain"):
            self.ensure_clean(f"2 ({label})")
            base = self.server.base
            idle = self.server.cpu_rate(1.0)
            sink: list[dict[str, Any]] = []
            threads = [
                threading.Thread(target=fire, args=("/id/" + enc(payloads[label]), sink), daemon=True)
                for _ in range(10)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=10)
            statuses = sorted(str(s.get("status") or s.get("error")) for s in sink)
            time.sleep(self.timeout + 2)
            health = once("GET", base + "/health", 5.0)
            search = once("GET", base + "/v1/search?q=empleo", 10.0)
            rate = self.server.cpu_rate(2.0)
            ok = (
                health["status"] == 200 and health["seconds"] < 2 and search["status"] == 200
                and search["seconds"] < 2 and rate < 0.3
            )
            name = "COUNT(*) cross join" if label == "count" else "review's cross join"
            self.report.add(
                "2a" if label == "count" else "2b", f"10 abandoned /id/ {name}",
                f"after {self.timeout + 2:g} s: /health and search 200 < 2 s, CPU idle (< 0.3 cores)",
                f"answers {dict((s, statuses.count(s)) for s in set(statuses))}; /health {short(health)}; "
                f"search {short(search)}; CPU {rate:.2f} cores (idle before {idle:.2f})",
                ok, requests=sink, health=health, search=search, cpu_cores=rate, cpu_before=idle,
            )
            self.after_probe("2a" if label == "count" else "2b")
        self.ensure_clean("2c")
        limit = self.slack()
        with self.client() as c:
            for name, query in (("3-way", SLOW_QUERY), ("4-way", SLOW_QUERY_4)):
                outcome = call(c, "GET", f"/sparql?query={enc(query)}", limit + 5)
                ok = outcome["status"] in (400, 408, 413, 429, 503) or (
                    outcome["status"] is not None and 400 <= outcome["status"] < 500
                )
                ok = ok and outcome["seconds"] <= limit
                self.report.add("2c", f"/sparql {name} cross join", f"4xx/503 within {limit:g} s",
                                short(outcome), ok, request=outcome)
        time.sleep(1.0)
        rate = self.server.cpu_rate(2.0)
        self.report.add("2c", "CPU after /sparql cross joins", "idle (< 0.3 cores)", f"{rate:.2f} cores", rate < 0.3)
        self.after_probe("2c")

    # ---- probe 3

    def probe3(self) -> None:
        self.ensure_clean("3")
        hits: list[tuple[float, str]] = []
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((HOST, 0))
        listener.listen(16)
        listener.settimeout(0.2)
        port = listener.getsockname()[1]
        stop = threading.Event()

        def accept() -> None:
            while not stop.is_set():
                try:
                    conn, peer = listener.accept()
                except (TimeoutError, OSError):
                    continue
                try:
                    conn.settimeout(0.5)
                    head = conn.recv(200)
                except OSError:
                    head = b""
                hits.append((time.time(), head.decode("latin-1").splitlines()[0] if head else f"{peer}"))
                conn.close()

        thread = threading.Thread(target=accept, daemon=True)
        thread.start()
        service = f"SELECT * WHERE {{ SERVICE <http://{HOST}:{port}/sparql> {{ ?s ?p ?o }} }}"
        silent = f"SELECT * WHERE {{ SERVICE SILENT <http://{HOST}:{port}/x> {{ ?s ?p ?o }} }}"
        lower = f"select * where {{ service <http://{HOST}:{port}/sparql> {{ ?s ?p ?o }} }}"
        update = f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <http://{HOST}:{port}/> {{ ?s ?p ?o }} }}"
        cases: list[tuple[str, str, str, dict[str, Any]]] = []
        for label, query in (("SERVICE", service), ("SERVICE SILENT", silent), ("lower-case service", lower)):
            cases += [
                (f"GET /sparql {label}", "GET", f"/sparql?query={enc(query)}", {}),
                (f"POST form {label}", "POST", "/sparql", {"data": {"query": query}}),
                (f"POST sparql-query {label}", "POST", "/sparql",
                 {"content": query.encode(), "headers": {"content-type": "application/sparql-query"}}),
            ]
        cases += [
            ("GET /query page SERVICE", "GET", f"/query?query={enc(service)}", {}),
            ("GET /query page SERVICE SILENT", "GET", f"/query?query={enc(silent)}", {}),
            ("POST update SERVICE (admin token)", "POST", "/sparql",
             {"content": update.encode(), "headers": {"content-type": "application/sparql-update",
                                                        "authorization": f"Bearer {TOKEN}"}}),
        ]
        with self.client() as c:
            for name, method, url, kwargs in cases:
                before = len(hits)
                outcome = call(c, method, url, self.slack(), **kwargs)
                time.sleep(0.3)
                got = len(hits) - before
                ok = outcome["status"] == 400 and got == 0
                self.report.add("3", name, "400, no connection to the listener",
                                f"{short(outcome)}; listener got {got} connection(s)", ok,
                                request=outcome, connections=hits[before:])
                if not self.server.alive():
                    break
        time.sleep(2)
        stop.set()
        thread.join(timeout=2)
        listener.close()
        self.report.add("3", "listener total (after 2 s)", "0 connections", f"{len(hits)} connection(s)",
                        not hits, connections=hits)
        self.after_probe("3")

    # ---- probe 8

    def probe8(self) -> None:
        self.ensure_clean("8")
        cases = [
            ("GET /sparql default-graph-uri=x y", "GET", "/sparql?query=ASK%7B%7D&default-graph-uri=x%20y", {}),
            ("POST \\xff\\xfe\\xfa sparql-query", "POST", "/sparql",
             {"content": b"\xff\xfe\xfa", "headers": {"content-type": "application/sparql-query"}}),
            ("POST \\xff\\xfe\\xfa form", "POST", "/sparql",
             {"content": b"\xff\xfe\xfa", "headers": {"content-type": "application/x-www-form-urlencoded"}}),
        ]
        with self.client() as c:
            for name, method, url, kwargs in cases:
                outcome = call(c, method, url, self.slack(), **kwargs)
                self.report.add("8", name, "400", f"{short(outcome)}", outcome["status"] == 400, request=outcome)
        self.after_probe("8")

    # ---- probe 9

    def probe9(self) -> None:
        for slow in (2, 4):
            self.ensure_clean(f"9 ({slow} slow)")
            base = self.server.base
            sink: list[dict[str, Any]] = []

            def fire() -> None:
                sink.append(once("GET", f"{base}/sparql?query={enc(SLOW_QUERY)}", self.slack() + 5,
                                 keep=120))

            threads = [threading.Thread(target=fire, daemon=True) for _ in range(slow)]
            for t in threads:
                t.start()
            time.sleep(0.7)
            fast = once("GET", f"{base}/sparql?query={enc(FAST_QUERY)}", 20.0, keep=120)
            for t in threads:
                t.join(timeout=self.slack() + 10)
            retry = fast.get("headers", {}).get("retry-after")
            quick = fast["seconds"] < 1.5
            ok = quick and (fast["status"] == 200 or (fast["status"] == 503 and retry is not None))
            how = "answered" if fast["status"] == 200 else (
                f"refused {fast['status']} (Retry-After {retry})" if fast["status"] else "no answer")
            slow_statuses = sorted(str(s.get("status") or s.get("error")) for s in sink)
            self.report.add(
                "9", f"fast ASK behind {slow} slow queries", "answered, or 503 + Retry-After, in < 1.5 s",
                f"{how} in {fast['seconds']:.2f} s; slow ones: {', '.join(slow_statuses)}", ok,
                fast=fast, slow=sink,
            )
        self.after_probe("9")

    # ---- probe 11 (server part)

    def probe11_server(self) -> None:
        self.ensure_clean("11")
        with self.client() as c:
            outcome = call(c, "POST", "/query", self.slack(), data={"query": "ASK{}"})
            self.report.add("11a", "POST /query form ASK{}", "200", short(outcome), outcome["status"] == 200,
                            request=outcome)
            big = "empleo " * (100_000 // 7)
            outcome = raw_get(self.server.port, "/?q=" + enc(big), self.slack())
            self.report.add("11b", "GET /?q= 100 KB", "414 or 413",
                            f"{short(outcome)}, {outcome.get('size', 0):,} bytes", outcome["status"] in (413, 414),
                            request=outcome, url_bytes=len(enc(big)) + 4)
            for path in ("/sparql", "/.well-known/void"):
                outcome = call(c, "GET", path, self.slack(), keep=100_000, headers={"host": "evil.example"})
                echoed = "evil.example" in (outcome.get("body") or "")
                self.report.add("11c", f"Host: evil.example GET {path}", "no 'evil.example' in the body",
                                f"{short(outcome)}; {'ECHOED' if echoed else 'not echoed'}", not echoed and
                                outcome["status"] is not None and outcome["status"] < 500,
                                status=outcome["status"], excerpt=(outcome.get("body") or "")[:400])
            try:
                schema = c.get("/openapi.json", timeout=10).json()
            except (httpx.HTTPError, ValueError) as exc:
                schema = {}
                self.report.add("11e", "OpenAPI document", "readable", str(exc), False)
        paths = schema.get("paths", {})
        search = sorted(paths.get("/v1/search", {}).get("get", {}).get("responses", {}))
        id_path = next((p for p in paths if p.startswith("/id/")), "/id/{path}")
        ident = sorted(paths.get(id_path, {}).get("get", {}).get("responses", {}))
        self.report.add("11e", "OpenAPI responses /v1/search", "declares 400", f"declares {search}", "400" in search)
        self.report.add("11e", f"OpenAPI responses {id_path}", "declares 400 and 404", f"declares {ident}",
                        "400" in ident and "404" in ident)
        self.after_probe("11")

    # ---- load

    def load(self) -> None:
        self.ensure_clean("load")
        base = self.server.base
        seconds, clients = self.args.load_seconds, self.args.load_clients
        questions = [
            "empleo juvenil", "¿Qué servicios ofrece la Ventanilla Única de Promoción del Empleo?",
            "bolsa de trabajo en Puno", "capacitación laboral", "migración laboral de jóvenes",
            "metas del plan operativo 2024", "certificación de competencias", "orientación vocacional",
            "inserción laboral de mujeres", "What services does the employment one-stop shop offer?",
            "youth employment and migration", "labour market information", "job training programmes",
            "who approved the 2024 operating plan", "indicadores de desempeño", "Ministerio de Trabajo",
            "Llamkasun Perú", "sistematización de experiencias", "trabajadores migrantes retornantes",
            "empleabilidad", "evaluación de la VUPE", "promoción del empleo Puno 2015",
        ]
        entity_q = ["mtpe", "puno", "vupe", "min", "empleo", "llamkasun", "lima", "ju"]
        records: list[dict[str, Any]] = []
        sparql: list[dict[str, Any]] = []
        deadline = time.monotonic() + seconds

        # Each client keeps to one kind of request (closed loop: the next when the last is answered);
        # of every 10 clients, 4 search, 2 load the web page, 1 the entities page, 2 type ahead
        # entities and 1 polls /health. Questions and entity prefixes rotate.
        kinds = ["search"] * 4 + ["page"] * 2 + ["entities-page"] + ["entities"] * 2 + ["health"]

        async def user(n: int, client: httpx.AsyncClient) -> None:
            kind, i = kinds[n % len(kinds)], n
            while time.monotonic() < deadline:
                i += 7
                question = questions[i % len(questions)]
                if self.args.unique_questions:  # a question never asked before: no cache can answer it
                    question = f"{question} {n}-{i}"
                url = {
                    "search": f"/v1/search?q={enc(question)}",
                    "page": f"/?q={enc(question)}",
                    "entities-page": "/entities",
                    "entities": f"/v1/entities?q={enc(entity_q[i % len(entity_q)])}",
                    "health": "/health",
                }[kind]
                began = time.monotonic()
                try:
                    response = await client.get(url)
                    status: Any = response.status_code
                except httpx.TimeoutException:
                    status = "timeout"
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                records.append({"kind": kind, "status": status, "seconds": time.monotonic() - began})

        async def slow_user(n: int, client: httpx.AsyncClient) -> None:
            # Each slow client is a different user: uvicorn takes the client address from
            # X-Forwarded-For when the peer is 127.0.0.1 (a local proxy), so the per-client
            # limit sees five users. A refused one waits as Retry-After says, as clients should.
            queries = (SLOW_QUERY, SLOW_QUERY_4)
            headers = {"x-forwarded-for": f"127.0.1.{n + 1}"}
            while time.monotonic() < deadline:
                began = time.monotonic()
                wait = 0.0
                try:
                    response = await client.get(f"/sparql?query={enc(queries[n % 2])}", headers=headers)
                    status: Any = response.status_code
                    if status == 503:
                        wait = float(response.headers.get("retry-after", "1"))
                except httpx.TimeoutException:
                    status = "timeout"
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                sparql.append({"status": status, "seconds": time.monotonic() - began})
                if wait:
                    await asyncio.sleep(min(wait, max(0.0, deadline - time.monotonic())))

        async def main() -> None:
            limits = httpx.Limits(max_connections=clients + 10, max_keepalive_connections=clients + 10)
            async with httpx.AsyncClient(base_url=base, timeout=20.0, limits=limits) as client, \
                    httpx.AsyncClient(base_url=base, timeout=self.slack() + 10) as slow_client:
                tasks = [asyncio.create_task(user(n, client)) for n in range(clients)]
                tasks += [asyncio.create_task(slow_user(n, slow_client)) for n in range(self.args.load_sparql)]
                await asyncio.wait(tasks, timeout=seconds + 40)
                for task in tasks:
                    task.cancel()

        idle = []
        for question in questions[:5]:
            idle.append(once("GET", f"{base}/v1/search?q={enc(question)}", 30)["seconds"])
        print(f"  load: {clients} clients + {self.args.load_sparql} slow SPARQL clients for {seconds:g} s …", flush=True)
        cpu_before = self.server.cpu()
        asyncio.run(main())
        cpu_used = self.server.cpu() - cpu_before
        figures: dict[str, Any] = {"seconds": seconds, "clients": clients, "sparql_clients": self.args.load_sparql,
                                   "server_cpu_seconds": round(cpu_used, 1),
                                   "idle_search_seconds": [round(x, 3) for x in idle]}
        measured = [r for r in records if r["kind"] in ("search", "page")]
        errors = [r for r in measured if not (isinstance(r["status"], int) and 200 <= r["status"] < 300)]
        other_errors = [r for r in records if r not in measured
                        and not (isinstance(r["status"], int) and 200 <= r["status"] < 300)]
        latencies = sorted(r["seconds"] for r in measured)

        def pct(p: float) -> float:
            return latencies[min(len(latencies) - 1, int(round(p * (len(latencies) - 1))))] if latencies else float("nan")

        by_kind: dict[str, dict[str, Any]] = {}
        for r in records:
            k = by_kind.setdefault(r["kind"], {"count": 0, "statuses": {}, "latencies": []})
            k["count"] += 1
            k["statuses"][str(r["status"])] = k["statuses"].get(str(r["status"]), 0) + 1
            k["latencies"].append(r["seconds"])
        for k in by_kind.values():
            lat = sorted(k.pop("latencies"))
            k["p50"] = round(statistics.median(lat), 3)
            k["p95"] = round(lat[min(len(lat) - 1, int(round(0.95 * (len(lat) - 1))))], 3)
            k["max"] = round(lat[-1], 3)
        sparql_status: dict[str, int] = {}
        for r in sparql:
            sparql_status[str(r["status"])] = sparql_status.get(str(r["status"]), 0) + 1
        figures.update(
            search_page={"count": len(measured), "errors": len(errors), "p50": round(pct(0.5), 3),
                         "p95": round(pct(0.95), 3), "max": round(latencies[-1], 3) if latencies else None,
                         "error_statuses": sorted({str(r["status"]) for r in errors})},
            other_errors=len(other_errors), by_kind=by_kind, sparql={"count": len(sparql), "by_status": sparql_status},
            throughput_rps=round(len(records) / seconds, 1),
        )
        self.report.extra["load"] = figures
        sp = figures["search_page"]
        ok = sp["count"] > 0 and sp["p95"] < 1.0 and sp["errors"] == 0 and not other_errors
        self.report.add(
            "load", "60 s, search+page latency", "p95 < 1 s, 0 errors",
            f"{sp['count']} requests, {sp['errors']} errors, p50 {sp['p50']:.2f} s, p95 {sp['p95']:.2f} s, "
            f"max {sp['max']} s; SPARQL {sparql_status}", ok,
        )
        self.after_probe("load")

    # ---- ingest probes (no server)

    def ingest(self, folders: list[Path], data: Path, timeout: float, **extra: Any) -> CliRun:
        env = base_env(data, self.timeout, QUIPU_MODEL=self.args.ingest_model)
        return run_cli(["ingest", *map(str, folders), "-q"], env, timeout, **extra)

    def count_documents(self, data: Path, model: str | None = None) -> int | None:
        env = base_env(data, self.timeout, QUIPU_MODEL=model or self.args.ingest_model)
        run = run_cli(["sparql", COUNT_DOCUMENTS, "--format", "csv"], env, 120)
        numbers = re.findall(r"^\s*(\d+)\s*$", run.output, re.M)
        return int(numbers[-1]) if numbers and run.rc == 0 else None

    def probe4(self) -> None:
        folder = self.tmp / "p4-docs"
        folder.mkdir()
        good = write_good_texts(folder, 3, "p4")
        bad = write_bad_files(folder)
        data = self.tmp / "p4-data"
        run = self.ingest([folder], data, 300)
        stored = self.count_documents(data)
        named = [name for name in bad if name in run.output]
        traceback = "Traceback (most recent call last)" in run.output
        ok = run.rc == 1 and len(named) == len(bad) and stored == len(good) and not traceback
        self.report.add(
            "4", "3 good + 5 bad files", "exit 1, each bad file named, 3 stored, no traceback",
            f"exit {run.rc} in {run.seconds:.0f} s; named {len(named)}/{len(bad)} bad files; stored {stored}"
            f"{'; TRACEBACK' if traceback else ''}{'; timed out' if run.timed_out else ''}",
            ok, named=named, missing=[b for b in bad if b not in named], output=run.output[-4000:],
        )

    def probe5(self) -> None:
        folder = self.tmp / "p5-docs"
        folder.mkdir()
        names = ["x y.txt", "x-y.txt", "x_y.txt", "X Y.txt", "Политика занятости.txt", "Πολιτική απασχόλησης.txt",
                 "就业政策.txt", "normal-one.txt", "normal-two.txt"]
        for i, name in enumerate(names):
            (folder / name).write_text(spanish_text(i + 10, f"Documento {name[:-4]}"), encoding="utf-8")
        data = self.tmp / "p5-data"
        run = self.ingest([folder], data, 300)
        match = re.search(r"Ingested\s+(\d+)\s+new", " ".join(run.output.split()))
        new = int(match.group(1)) if match else None
        stored = self.count_documents(data)
        ok = run.rc == 0 and new == len(names) and stored == len(names)
        self.report.add(
            "5", f"{len(names)} files, look-alike and non-Latin names", f"exit 0, '{len(names)} new', {len(names)} stored",
            f"exit {run.rc}; report says {new} new; {stored} stored", ok, output=run.output[-3000:],
        )

    def probe7(self) -> None:
        folder = self.tmp / "p7-docs"
        folder.mkdir()
        path = folder / "bomba.docx"
        expanded = write_docx_bomb(path, self.args.bomb_mb << 20)
        data = self.tmp / "p7-data"
        run = self.ingest([folder], data, 120, rss_limit=self.args.rss_watchdog << 20)
        named = "bomba.docx" in run.output
        refused = run.rc not in (0, None) and not run.timed_out and not run.killed_for_memory
        ok = refused and run.seconds < 10 and named and run.peak_rss < (1 << 30)
        how = ("timed out at 120 s" if run.timed_out else
               f"killed by the watchdog at {run.peak_rss >> 20} MB" if run.killed_for_memory else f"exit {run.rc}")
        self.report.add(
            "7", f"docx bomb {path.stat().st_size >> 10} KB → {expanded >> 20} MB XML",
            "refused < 10 s naming the file, peak RSS < 1 GB",
            f"{how} after {run.seconds:.1f} s; peak RSS {run.peak_rss >> 20} MB; file {'named' if named else 'not named'}",
            ok, output=run.output[-2000:], peak_rss=run.peak_rss, seconds=run.seconds,
        )

    def probe11_ingest(self) -> None:
        folder = self.tmp / "p11-docs"
        folder.mkdir()
        text = spanish_text(3, "Participación ciudadana").encode("utf-8")
        cut = text.index(b"\n\n", len(text) // 2)
        (folder / "acentos.txt").write_bytes(text[:cut] + b" \xff\xff\xff " + text[cut:])
        data = self.tmp / "p11-data"
        run = self.ingest([folder], data, 300)
        env = base_env(data, self.timeout, QUIPU_MODEL=self.args.ingest_model)
        passages = f"SELECT ?t WHERE {{ ?p <{NAMESPACE}text> ?t }}"
        found = run_cli(["sparql", passages, "--format", "json"], env, 120)
        try:
            answer = json.loads(found.output[found.output.index("{"):])
            texts = " ".join(b["t"]["value"] for b in answer["results"]["bindings"])
        except (ValueError, KeyError):
            texts = ""
        words = ["participación", "gestión", "pública", "información", "niñas"]
        kept = [w for w in words if w in texts]
        # The stray bytes themselves become U+FFFD (replaced and reported, as they should);
        # mojibake is UTF-8 read as Windows-1252, which turns every "ó" into "Ã³".
        mojibake = any(m in texts for m in ("Ã", "Â"))
        ok = run.rc == 0 and len(kept) == len(words) and not mojibake
        self.report.add(
            "11d", "UTF-8 .txt with 3 stray \\xff bytes", "ingested, accents intact",
            f"ingest exit {run.rc}; accented words intact {len(kept)}/{len(words)}"
            f"{'; MOJIBAKE' if mojibake else ''}{'' if texts else '; no passage found'}",
            ok, kept=kept, sample=texts[:300], output=run.output[-1500:],
        )

    # ---- probe 10

    def probe10(self) -> None:
        self.server.stop()
        base = self.tmp / "p10-base"
        shutil.copytree(self.source, base, symlinks=True)
        single = not (base / "PREVIOUS").exists()
        prepared = "already had a PREVIOUS generation"
        if single:
            prepared = self.make_previous(base)
        current = (base / "CURRENT").read_text().strip()
        previous = (base / "PREVIOUS").read_text().strip() if (base / "PREVIOUS").exists() else None
        self.report.extra["probe10_base"] = {"current": current, "previous": previous, "prepared": prepared}
        gen = base / "generations" / current
        print(f"  probe 10: CURRENT {current}, PREVIOUS {previous} ({prepared})", flush=True)
        cases = damage_cases(gen)
        with_previous = cases[: max(0, self.args.damage_cases - 1)] if previous else []
        for n, (relative, how) in enumerate(with_previous):
            copy = self.tmp / f"p10-{n}"
            shutil.copytree(base, copy, symlinks=True)
            damage(copy / "generations" / current / relative, how)
            self.damaged_server(copy, f"{relative} ({how})", relative, previous)
            shutil.rmtree(copy, ignore_errors=True)
        if not previous:
            self.report.add("10", "previous generation", "one to fall back to", f"none: {prepared}", None)
        # The same kind of damage with no previous generation to fall back to.
        relative, how = cases[0]
        copy = self.tmp / "p10-single"
        shutil.copytree(self.source, copy, symlinks=True)
        only = (copy / "CURRENT").read_text().strip()
        if (copy / "PREVIOUS").exists():
            shutil.rmtree(copy / "generations" / (copy / "PREVIOUS").read_text().strip(), ignore_errors=True)
            (copy / "PREVIOUS").unlink()
        damage(copy / "generations" / only / relative, how)
        self.damaged_server(copy, f"{relative} ({how}), no PREVIOUS", relative, None)
        shutil.rmtree(copy, ignore_errors=True)

    def make_previous(self, base: Path) -> str:
        """Give the copy a second generation: ingest the same sources plus one small file."""
        state = json.loads((base / "generations" / (base / "CURRENT").read_text().strip() / "state.json").read_text())
        files = [Path(d["file"]) for d in state.get("documents", {}).values()]
        extra = self.tmp / "p10-extra"
        extra.mkdir()
        (extra / "nota-sonda.txt").write_text(spanish_text(7, "Nota de la sonda"), encoding="utf-8")
        cwd = Path.cwd()
        resolved = [(f if f.is_absolute() else cwd / f) for f in files]
        folders = sorted({f.parent for f in resolved if f.exists()})
        if files and len([f for f in resolved if f.exists()]) == len(files):
            env = base_env(base, self.timeout)  # the model of the data dir (QUIPU_MODEL as inherited)
            run = run_cli(["ingest", *map(str, folders), str(extra), "-q"], env, 300)
            if run.rc == 0 and (base / "PREVIOUS").exists():
                return f"re-ingested {len(folders)} source folder(s) + 1 new file in {run.seconds:.0f} s"
            note = f"re-ingest failed (exit {run.rc}): {run.output[-300:]}"
        else:
            note = "source files of state.json not found"
        # Fall back to a SPARQL update, which also publishes a new generation.
        server = Server(base, self.timeout, self.logs, "p10-prepare")
        outcome = server.start()
        if outcome["ok"]:
            once("POST", server.base + "/sparql", 60,
                 content=b'INSERT DATA { <urn:probe:s> <urn:probe:p> "probe" }',
                 headers={"content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"})
        server.stop()
        if (base / "PREVIOUS").exists():
            return f"{note}; made by a SPARQL update instead"
        return f"{note}; no PREVIOUS could be made"

    def damaged_server(self, data: Path, what: str, relative: str, previous: str | None) -> None:
        server = Server(data, self.timeout, self.logs, "p10")
        outcome = server.start(wait=self.args.damage_wait)
        log = server.log_text()
        traceback = "Traceback (most recent call last)" in log
        filename = Path(relative).name
        names_file = filename in log or relative in log
        observed: list[str] = []
        details: dict[str, Any] = {"start": {k: v for k, v in outcome.items() if k != "log_tail"},
                                   "log_tail": log[-2500:]}
        ok = False
        if not outcome["ok"]:
            if outcome["exit_code"] is not None:
                observed.append(f"start-up failed (exit {outcome['exit_code']})")
            else:
                observed.append(f"no healthy /health in {outcome['seconds']:.0f} s (last {outcome['health_status']})")
            ok = previous is None and outcome["exit_code"] is not None and names_file and not traceback
        else:
            health = outcome.get("health", {})
            generation = health.get("generation")
            fell_back = previous is not None and generation == previous
            search = once("GET", server.base + "/v1/search?q=empleo", 30)
            try:
                results = len(json.loads(search.get("body", "") if search.get("size", 0) < 300 else
                                         httpx.get(server.base + "/v1/search?q=empleo", timeout=30).text)["results"])
            except (ValueError, KeyError, httpx.HTTPError):
                results = None
            reads = {}
            for label, url in (
                ("count GRAPH ?g", "/sparql?format=json&query=" + enc("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")),
                ("count ?s a ?t", "/sparql?format=json&query=" + enc("SELECT (COUNT(*) AS ?n) WHERE { ?s a ?t }")),
                ("count ?s ?p <Document>", "/sparql?format=json&query=" + enc(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p <{DOCUMENT_CLASS}> }}")),
                ("dump", "/v1/dump?format=nquads"),
            ):
                reads[label] = once("GET", server.base + url, self.slack() + 20, keep=200)
            bad_reads = [k for k, v in reads.items() if v["status"] != 200]
            observed.append(f"up in {outcome['seconds']:.0f} s, generation {'PREVIOUS' if fell_back else generation}")
            observed.append(f"search {search['status']} ({results} results)")
            observed.append("graph reads (3 counts, dump) all 200" if not bad_reads else
                            "graph reads failing: " + ", ".join(f"{k} {short(reads[k])}" for k in bad_reads))
            details.update(health=health, search=search, graph_reads=reads)
            ok = fell_back and names_file and search["status"] == 200 and bool(results) and not bad_reads
        observed.append("traceback" if traceback else "no traceback")
        observed.append("file named" if names_file else "file NOT named")
        expected = ("falls back to PREVIOUS, damage named, search works" if previous else
                    "refuses to start, message names the file, no traceback")
        self.report.add("10", f"damaged {what}", expected, "; ".join(observed), ok, **details)
        server.stop()

    # ---- run

    def run(self) -> int:
        chosen = set(self.args.only.split(",")) if self.args.only else None

        def wanted(name: str) -> bool:
            return chosen is None or name in chosen

        print(f"Quipu probe suite: data {self.source} (working copy {self.work}), QUERY_TIMEOUT {self.timeout:g} s",
              flush=True)
        import_check = subprocess.run(
            [sys.executable, "-c", "import quipu.api; print(quipu.api.__file__)"], env=base_env(self.work, self.timeout),
            capture_output=True, text=True, timeout=60,
        )
        self.report.extra["code"] = import_check.stdout.strip() or import_check.stderr[-300:]
        print(f"  code under test: {self.report.extra['code']}", flush=True)
        server_probes: list[tuple[str, Callable[[], None]]] = [
            ("1", self.probe1), ("2", self.probe2), ("3", self.probe3), ("8", self.probe8), ("9", self.probe9),
            ("11", self.probe11_server),
        ]
        if self.args.load:
            server_probes.append(("load", self.load))
        todo = [(n, f) for n, f in server_probes if wanted(n)]
        if todo:
            if not self.start_server("first start"):
                self.report.add("0", "server starts", "/health 200 within 120 s", "it did not", False,
                                log_tail=self.server.log_text()[-3000:])
                self.finish()
                return 2
        for name, probe in todo:
            self.run_probe(name, probe)
        self.server.stop()
        for name, probe in (("4", self.probe4), ("5", self.probe5), ("7", self.probe7), ("11-ingest", self.probe11_ingest),
                            ("10", self.probe10)):
            if wanted(name.split("-")[0]):
                self.run_probe(name, probe)
        self.finish()
        return 0

    def run_probe(self, name: str, probe: Callable[[], None]) -> None:
        print(f"probe {name} …", flush=True)
        began = time.monotonic()
        try:
            probe()
        except Exception as exc:  # noqa: BLE001 - a broken probe is reported, the others still run
            import traceback

            self.report.add(name, "probe itself", "runs", f"probe raised {type(exc).__name__}: {exc}", False,
                            traceback=traceback.format_exc()[-2000:])
        self.report.extra.setdefault("probe_seconds", {})[name] = round(time.monotonic() - began, 1)

    def finish(self) -> None:
        self.server.stop()
        print_table(self.report)
        load = self.report.extra.get("load")
        if load:
            sp = load["search_page"]
            print(f"\nLoad ({load['seconds']:g} s, {load['clients']} clients + {load['sparql_clients']} slow SPARQL clients, "
                  f"{load['throughput_rps']} req/s, server CPU {load['server_cpu_seconds']} s):")
            print(f"  idle search latency before the load (5 questions, one at a time): {load['idle_search_seconds']} s")
            print(f"  search+page: {sp['count']} requests, {sp['errors']} errors {sp['error_statuses'] or ''}, "
                  f"p50 {sp['p50']:.3f} s, p95 {sp['p95']:.3f} s, max {sp['max']} s")
            for kind, figures in sorted(load["by_kind"].items()):
                print(f"  {kind:<14} n={figures['count']:<5} p50 {figures['p50']:.3f} s  p95 {figures['p95']:.3f} s  "
                      f"max {figures['max']:.3f} s  statuses {figures['statuses']}")
            print(f"  SPARQL (slow): {load['sparql']['count']} answered, by status {load['sparql']['by_status']}")
        self.report.extra["server_starts"] = self.restarts
        self.report.extra["total_seconds"] = round(time.time() - self.report.began, 1)
        print(f"\nServer (re)starts: {len(self.restarts)}; "
              f"probe seconds: {self.report.extra.get('probe_seconds')}; total {self.report.extra['total_seconds']} s")
        if self.args.json:
            rows = [vars(r) for r in sorted(self.report.rows, key=lambda r: probe_key(r.probe))]
            passed = sum(r["result"] == "PASS" for r in rows)
            failed = sum(r["result"] == "FAIL" for r in rows)
            Path(self.args.json).write_text(
                json.dumps({"passed": passed, "failed": failed, "rows": rows, **self.report.extra},
                           indent=1, ensure_ascii=False, default=str),
                encoding="utf-8",
            )
            print(f"Observations written to {self.args.json}")
        if not self.args.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)
        else:
            print(f"Temporary files kept in {self.tmp}")


# ----------------------------------------------------------------------------- documents

SENTENCES = [
    "La participación ciudadana en la gestión pública fortalece la confianza en las instituciones.",
    "El programa regional de empleo ofrece orientación vocacional y capacitación técnica a jóvenes.",
    "Las niñas y los niños de las zonas rurales necesitan información sobre sus derechos.",
    "La Dirección Regional de Trabajo coordinó con los gobiernos locales la bolsa de trabajo.",
    "Se evaluó el cumplimiento de las metas físicas y financieras del año anterior.",
    "El servicio de certificación de competencias laborales atendió a trabajadores del sector textil.",
    "La migración laboral de los jóvenes se redujo gracias a la inserción en empresas de la región.",
    "Los talleres de búsqueda de empleo se realizaron en Puno, Juliaca y Cusco.",
    "La información del mercado de trabajo se publicó en boletines trimestrales.",
    "El presupuesto asignado permitió ampliar la cobertura de los servicios de promoción del empleo.",
]


def spanish_text(seed: int, title: str) -> str:
    """A few paragraphs of Spanish text, distinct for each seed."""
    paragraphs = [f"{title}\n"]
    for p in range(4):
        picks = [SENTENCES[(seed * 3 + p * 7 + j) % len(SENTENCES)] for j in range(4)]
        paragraphs.append(f"Sección {p + 1} del documento número {seed}. " + " ".join(picks))
    return "\n\n".join(paragraphs) + "\n"


def write_good_texts(folder: Path, n: int, prefix: str) -> list[str]:
    names = []
    for i in range(n):
        name = f"{prefix}-bueno-{i + 1}.txt"
        (folder / name).write_text(spanish_text(i + 1, f"Informe de prueba {i + 1}"), encoding="utf-8")
        names.append(name)
    return names


def minimal_docx_parts(document_xml: bytes) -> dict[str, bytes]:
    return {
        "[Content_Types].xml": (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            b'<Default Extension="xml" ContentType="application/xml"/>'
            b'<Override PartName="/word/document.xml" '
            b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            b"</Types>"
        ),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" '
            b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            b'Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": document_xml,
    }


W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_bytes(document_xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in minimal_docx_parts(document_xml).items():
            z.writestr(name, data)
    return buffer.getvalue()


def write_bad_files(folder: Path) -> list[str]:
    broken_xml = (b'<?xml version="1.0" encoding="UTF-8"?><w:document ' + W_NS
                  + b"><w:body><w:p><w:r><w:t>Texto roto</w:t></w:r></w:p><w:p><w:r>&bogus;<w:t></w:body>")
    good_docx = docx_bytes(b'<?xml version="1.0" encoding="UTF-8"?><w:document ' + W_NS
                           + b"><w:body>" + b"<w:p><w:r><w:t>Un documento de Word.</w:t></w:r></w:p>" * 50
                           + b"</w:body></w:document>")
    files = {
        "roto-xml.docx": docx_bytes(broken_xml),
        "truncado.docx": good_docx[: len(good_docx) // 2],
        "no-es-zip.docx": b"%PDF-1.4 this is not a zip archive at all\n" + bytes(range(256)) * 4,
        "basura.pdf": b"%PDF-1.7\n" + bytes((i * 37 + 11) % 256 for i in range(4000)) + b"\n%%EOF garbage",
        "binario.html": b"<html><body>\x00\x01\x02\xff\xfe" + bytes((i * 91 + 3) % 256 for i in range(4000)) + b"</body>",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return list(files)


def write_docx_bomb(path: Path, size: int) -> int:
    """A valid minimal .docx whose word/document.xml expands to about ``size`` bytes."""
    head = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ' + W_NS + b"><w:body>"
    paragraph = b"<w:p><w:r><w:t>El programa de empleo juvenil ofrece capacitacion y orientacion.</w:t></w:r></w:p>"
    tail = b"</w:body></w:document>"
    chunk = paragraph * 10_000
    written = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in minimal_docx_parts(b"").items():
            if name != "word/document.xml":
                z.writestr(name, data)
        with z.open("word/document.xml", "w", force_zip64=True) as out:
            out.write(head)
            while written < size:
                out.write(chunk)
                written += len(chunk)
            out.write(tail)
    return written + len(head) + len(tail)


# ----------------------------------------------------------------------------- damage


def damage_cases(generation: Path) -> list[tuple[str, str]]:
    """(path relative to the generation, how) for each kind of file, most telling first:
    passages, FAISS index, BM25 index, the graph's largest RocksDB table, state.json,
    then the embeddings and the other index files."""
    cases: list[tuple[str, str]] = []
    files = sorted(p for p in generation.rglob("*") if p.is_file())

    def rel(p: Path) -> str:
        return str(p.relative_to(generation))

    def first(test: Callable[[Path], bool], how: str) -> None:
        found = [p for p in files if test(p) and rel(p) not in {c[0] for c in cases}]
        if found:
            cases.append((rel(max(found, key=lambda p: p.stat().st_size)), how))

    first(lambda p: p.name == "passages.jsonl", "flip")
    first(lambda p: p.suffix == ".faiss", "truncate")
    first(lambda p: "bm25" in rel(p) and p.name.startswith("vocab"), "flip")
    first(lambda p: "bm25" in rel(p), "truncate")
    first(lambda p: rel(p).startswith("graph/") and p.suffix == ".sst", "flip")
    first(lambda p: p.name == "state.json", "flip")
    first(lambda p: p.name == "embeddings.npy", "truncate")
    first(lambda p: p.name == "entities.json", "flip")
    first(lambda p: p.name == "index.json", "flip")
    return cases


def damage(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "truncate":
        path.write_bytes(bytes(data[: len(data) // 2]))
        return
    middle = len(data) // 2
    span = max(1, min(64, len(data) // 20))
    for i in range(middle, min(len(data), middle + span)):
        data[i] ^= 0xA5
    path.write_bytes(bytes(data))


# ----------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="Data directory holding an ingested corpus (copied, never changed).")
    parser.add_argument("--timeout", type=float, default=3.0, help="QUIPU_QUERY_TIMEOUT for the server (seconds).")
    parser.add_argument("--json", help="Also write every observation to this JSON file.")
    parser.add_argument("--load", action=argparse.BooleanOptionalAction, default=True, help="Run the load probe.")
    parser.add_argument("--load-seconds", type=float, default=60.0)
    parser.add_argument("--load-clients", type=int, default=20)
    parser.add_argument("--load-sparql", type=int, default=5, help="Concurrent slow SPARQL clients during the load.")
    parser.add_argument("--unique-questions", action="store_true",
                        help="Every search and page request asks a question never asked before (defeats the "
                        "server's cache of query vectors); by default 22 questions rotate.")
    parser.add_argument("--only", help="Comma-separated probes to run (1,2,3,4,5,7,8,9,10,11,load).")
    parser.add_argument("--ingest-model", default="bundled", help="QUIPU_MODEL for the ingest probes (4, 5, 7, 11).")
    parser.add_argument("--bomb-mb", type=int, default=200, help="Expanded size of the .docx bomb's XML, in MB.")
    parser.add_argument("--rss-watchdog", type=int, default=4096, help="Kill the bomb's ingest above this RSS (MB).")
    parser.add_argument("--fanout-budget", type=float, default=240.0, help="Seconds for the probe 1 fan-out.")
    parser.add_argument("--damage-cases", type=int, default=6, help="Most damaged-data cases in probe 10.")
    parser.add_argument("--damage-wait", type=float, default=120.0, help="Seconds to wait for a damaged server.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder (logs, copies).")
    args = parser.parse_args()
    if not (Path(args.data) / "CURRENT").exists():
        parser.error(f"{args.data} holds no ingested corpus (no CURRENT file)")
    return Suite(args).run()


if __name__ == "__main__":
    sys.exit(main())
