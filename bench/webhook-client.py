#!/usr/bin/env python3
"""Load generator and stopwatch for the `trueup serve` benchmarks (python3 standard library only).

Talks to 127.0.0.1 only: serve's webhook listener (signed GitHub push deliveries), its API
(/api/v1/runs, bearer token) and /healthz. Commits are made in a local clone and pushed to the
local bare repository serve follows.

  send     one signed push delivery for a commit; prints the status and the answer time
  latency  N times: commit, push, (webhook mode: POST a signed push) and time until serve's apply
           run starts and finishes, read from the run's startedAt/finishedAt in the store
  burst    signed push deliveries at a fixed rate from a small thread pool (all for one commit, or
           K commits pushed one after another); every status and answer time, /healthz probed
           throughout, then the apply runs the burst caused, per desired revision
  slow-bodies  slow uploads (a byte a second) held open while signed deliveries and /healthz are
           timed

"Apply started" is the run's startedAt: the moment serve inserted the run's row into the store
(ApplyPipeline.run, right after the cycle's Git sync and before validate/observe/plan).
Percentiles are nearest-rank over the sorted samples: with fewer than 100 samples p99 is the max.
"""
import argparse
import concurrent.futures
import datetime
import hashlib
import hmac
import http.client
import json
import math
import os
import random
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid


# ------------------------------------------------------------------------------------ helpers
def percentile(sorted_values, p):
    """Nearest rank: the smallest sample with at least p% of the samples at or below it."""
    if not sorted_values:
        return float("nan")
    k = max(1, math.ceil(p / 100.0 * len(sorted_values)))
    return sorted_values[k - 1]


def stats(values):
    v = sorted(values)
    if not v:
        return {"n": 0}
    return {
        "n": len(v),
        "min": v[0],
        "median": percentile(v, 50),
        "p90": percentile(v, 90),
        "p99": percentile(v, 99),
        "max": v[-1],
        "mean": sum(v) / len(v),
    }


def fmt_stats(name, s, unit="ms", scale=1000.0):
    if s["n"] == 0:
        return f"{name}: no samples"
    f = lambda x: f"{x * scale:.1f}"
    return (f"{name}: n={s['n']} median={f(s['median'])} p90={f(s['p90'])} p99={f(s['p99'])}"
            f" max={f(s['max'])} min={f(s['min'])} mean={f(s['mean'])} ({unit})")


def instant(text):
    """A Java Instant's text (…Z, up to nanoseconds) as Unix seconds."""
    if text is None:
        return None
    t = text.rstrip("Z")
    if "." in t:
        head, frac = t.split(".")
        t = head + "." + (frac + "000000")[:6]
    return datetime.datetime.fromisoformat(t).replace(tzinfo=datetime.timezone.utc).timestamp()


def http_call(url, method="GET", body=None, headers=None, timeout=10.0):
    """One request on a new connection (as a forge does). Returns (status, body bytes, seconds)."""
    u = urllib.parse.urlsplit(url)
    t0 = time.perf_counter()
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    try:
        conn.request(method, u.path + ("?" + u.query if u.query else ""), body=body,
                     headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, data, time.perf_counter() - t0
    finally:
        conn.close()


class Api:
    def __init__(self, base, token):
        self.base = base.rstrip("/")
        self.headers = {"Authorization": "Bearer " + token}

    def runs(self, limit=50):
        status, data, _ = http_call(self.base + f"/api/v1/runs?limit={limit}", headers=self.headers)
        if status != 200:
            raise RuntimeError(f"/api/v1/runs answered {status}: {data[:200]!r}")
        return json.loads(data)

    def last_id(self):
        r = self.runs(1)
        return r[0]["id"] if r else 0

    def runs_after(self, run_id, limit=500):
        """Apply runs after run_id (serve also records drift-check and report runs: not these)."""
        return sorted((r for r in self.runs(limit)
                       if r["id"] > run_id and r.get("kind", "apply") == "apply"),
                      key=lambda r: r["id"])

    def wait_run(self, after_id, deadline_s, need_finish=True, every=0.02):
        """The first run with an id above after_id, once it started (and finished, if asked)."""
        end = time.time() + deadline_s
        while time.time() < end:
            new = self.runs_after(after_id, 20)
            if new and (not need_finish or new[0].get("finishedAt")):
                return new[0]
            time.sleep(every)
        raise TimeoutError(f"no run after #{after_id} within {deadline_s} s")

    def wait_idle(self, after_id, quiet_s=5.0, deadline_s=300.0):
        """Waits until no run is RUNNING and none started for quiet_s; returns the new runs."""
        end = time.time() + deadline_s
        last_change, seen = time.time(), None
        while time.time() < end:
            new = self.runs_after(after_id)
            key = [(r["id"], r["status"]) for r in new]
            if key != seen:
                seen, last_change = key, time.time()
            if all(r["status"] != "running" for r in new) and time.time() - last_change >= quiet_s:
                return new
            time.sleep(0.25)
        raise TimeoutError("serve did not become idle")


class Repo:
    """The clone the benchmark commits into; pushes go to the bare repository serve follows."""

    def __init__(self, clone):
        self.clone = clone
        self.counter = os.path.join(clone, "files", "counter.txt")

    def git(self, *args):
        return subprocess.run(
            ["git", "-C", self.clone, "-c", "user.name=bench", "-c", "user.email=bench@localhost",
             *args], check=True, capture_output=True, text=True).stdout.strip()

    def bump_and_push(self):
        """A bug-fix commit that changes one file every node has; returns (commit, push seconds)."""
        with open(self.counter) as f:
            n = int(f.read().strip() or "0") + 1
        with open(self.counter, "w") as f:
            f.write(f"{n}\n")
        self.git("commit", "-q", "-am", f"fix: bump the bench counter to {n}")
        commit = self.git("rev-parse", "HEAD")
        t0 = time.perf_counter()
        self.git("push", "-q", "origin", "main")
        return commit, time.perf_counter() - t0


def push_delivery(url, secret, commit, before="0" * 39 + "1", repo="bench/desired-state",
                  delivery=None, timeout=10.0):
    """A signed GitHub push delivery. Returns (status, result label, seconds)."""
    body = json.dumps({
        "ref": "refs/heads/main",
        "before": before,
        "after": commit,
        "repository": {"full_name": repo},
        "head_commit": {"id": commit, "message": "bench"},
    }).encode()
    sig = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "GitHub-Hookshot/trueup-bench",
        "X-GitHub-Event": "push",
        "X-GitHub-Delivery": delivery or str(uuid.uuid4()),
        "X-Hub-Signature-256": "sha256=" + sig,
    }
    status, data, secs = http_call(url, "POST", body, headers, timeout)
    try:
        label = json.loads(data).get("result", "?")
    except ValueError:
        label = "?"
    return status, label, secs


def env_value(name):
    v = os.environ.get(name)
    if not v:
        sys.exit(f"webhook-client: {name} is not set")
    return v


# ------------------------------------------------------------------------------------ commands
def cmd_send(a):
    status, label, secs = push_delivery(a.hook, env_value(a.secret_env), a.commit)
    print(f"{status} {label} {secs * 1000:.1f} ms")
    return 0 if 200 <= status < 300 else 1


def cmd_latency(a):
    api = Api(a.api, env_value(a.token_env))
    secret = env_value(a.secret_env) if a.mode == "webhook" else None
    repo = Repo(a.clone)
    rows = []
    for i in range(1 - a.warmup, a.n + 1):
        after = api.last_id()
        commit, push_s = repo.bump_and_push()
        t0 = time.time()
        status, label, answer_s = (None, None, None)
        if a.mode == "webhook":
            status, label, answer_s = push_delivery(a.hook, secret, commit)
            if not 200 <= status < 300:
                sys.exit(f"webhook answered {status} ({label})")
        run = api.wait_run(after, a.timeout)
        start, finish = instant(run["startedAt"]), instant(run.get("finishedAt"))
        synced = None
        if a.log:
            with open(a.log, errors="replace") as f:
                synced = any(("synced " + commit) in line for line in f)
        row = {
            "i": i, "commit": commit[:12], "push_s": push_s, "answer_s": answer_s,
            "status": status, "result": label, "run": run["id"], "run_status": run["status"],
            "started_s": start - t0, "finished_s": finish - t0 if finish else None,
            "revision": run.get("desiredRevision"), "synced_in_log": synced,
        }
        if i > 0:
            rows.append(row)
        print(f"  {i if i > 0 else 'warm-up':>7}  {commit[:10]} run #{run['id']} {run['status']:9s}"
              f" started +{row['started_s'] * 1000:7.1f} ms finished +{(row['finished_s'] or 0) * 1000:7.1f} ms"
              + (f"  webhook {status} {label} in {answer_s * 1000:.1f} ms" if answer_s else ""),
              file=sys.stderr, flush=True)
        if a.mode == "poll":
            # Start the next push at a random phase of the poll timer (which restarts when a
            # cycle ends), so the wait averages half an interval as for a push at a random time.
            time.sleep(random.uniform(0, a.poll_seconds))
        else:
            time.sleep(a.gap)
    summary = {
        "mode": a.mode,
        "n": a.n,
        "started": stats([r["started_s"] for r in rows]),
        "finished": stats([r["finished_s"] for r in rows if r["finished_s"] is not None]),
        "answer": stats([r["answer_s"] for r in rows if r["answer_s"] is not None]),
        "push": stats([r["push_s"] for r in rows]),
        "run_statuses": sorted({r["run_status"] for r in rows}),
        "synced_in_log": sum(1 for r in rows if r["synced_in_log"]),
    }
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"rows": rows, "summary": summary}, f, indent=1)
    print(fmt_stats(f"[{a.mode}] push -> apply run started", summary["started"]))
    print(fmt_stats(f"[{a.mode}] push -> apply run finished", summary["finished"]))
    if summary["answer"]["n"]:
        print(fmt_stats(f"[{a.mode}] webhook answer time", summary["answer"]))
    print(fmt_stats(f"[{a.mode}] git push (not in the figures)", summary["push"]))
    print(f"[{a.mode}] run statuses: {summary['run_statuses']};"
          f" commits seen synced in serve's log: {summary['synced_in_log']}/{a.n}")
    return 0


def cmd_burst(a):
    api = Api(a.api, env_value(a.token_env))
    secret = env_value(a.secret_env)
    repo = Repo(a.clone)
    after = api.last_id()
    results, health, lock = [], [], threading.Lock()
    stop_probe = threading.Event()

    def probe():
        while not stop_probe.is_set():
            t = time.time()
            try:
                status, _, secs = http_call(a.health, timeout=5.0)
            except OSError as e:
                status, secs = f"error {e}", time.time() - t
            with lock:
                health.append((t, status, secs))
            stop_probe.wait(a.probe_every)

    def one(commit, scheduled):
        started = time.time()
        try:
            status, label, secs = push_delivery(a.hook, secret, commit, timeout=a.request_timeout)
        except OSError as e:
            status, label, secs = 0, f"error {type(e).__name__}: {e}", time.time() - started
        with lock:
            results.append({"commit": commit[:12], "scheduled": scheduled, "sent": started,
                            "status": status, "result": label, "secs": secs})

    prober = threading.Thread(target=probe, daemon=True)
    prober.start()
    time.sleep(1.0)  # a second of /healthz before the burst, as the baseline
    commits = []
    per = a.count // a.commits
    interval = 1.0 / a.rate
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=a.threads)
    t_begin = time.time()
    futures = []
    if a.redeliver:
        # No push: deliveries for the newest REDELIVER commits (already applied), taken in turn,
        # as when a forge redelivers old pushes or several hooks announce them out of order.
        old = repo.git("rev-list", f"--max-count={a.redeliver}", "HEAD").split()
        commits = [(c, 0.0, t_begin) for c in old]
        for j in range(a.count):
            target = t_begin + j * interval
            delay = target - time.time()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(one, old[j % len(old)], target))
    for k in range(0 if a.redeliver else a.commits):
        seg_start = t_begin + k * per * interval
        while time.time() < seg_start:
            time.sleep(min(0.005, max(0.0, seg_start - time.time())))
        commit, push_s = repo.bump_and_push()
        commits.append((commit, push_s, time.time()))
        for j in range(per):
            target = seg_start + j * interval
            delay = target - time.time()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(one, commit, target))
    concurrent.futures.wait(futures)
    t_end = time.time()
    pool.shutdown()
    time.sleep(1.0)
    stop_probe.set()
    prober.join()

    runs = api.wait_idle(after, quiet_s=a.quiet)
    statuses = {}
    for r in results:
        key = f"{r['status']} {r['result']}"
        statuses[key] = statuses.get(key, 0) + 1
    lat = stats([r["secs"] for r in results])
    lag = stats([max(0.0, r["sent"] - r["scheduled"]) for r in results])
    in_burst = [h for h in health if t_begin <= h[0] <= t_end]
    h_stats = stats([h[2] for h in in_burst if h[1] == 200])
    h_bad = sum(1 for h in in_burst if h[1] != 200)
    ok = sum(1 for r in results if isinstance(r["status"], int) and 200 <= r["status"] < 300)
    slow = sum(1 for r in results if r["secs"] >= 1.0)
    by_rev = {}
    for r in runs:
        by_rev.setdefault(r.get("desiredRevision") or "(none)", []).append(r)
    summary = {
        "count": len(results), "commits": [c[0] for c in commits], "redeliver": a.redeliver, "rate": a.rate,
        "threads": a.threads, "wall_s": t_end - t_begin, "statuses": statuses, "ok_2xx": ok,
        "at_least_1s": slow, "latency": lat, "send_lag": lag, "healthz": h_stats,
        "healthz_not_200": h_bad,
        "runs": [{"id": r["id"], "status": r["status"], "revision": r.get("desiredRevision"),
                  "startedAt": r["startedAt"], "finishedAt": r.get("finishedAt")} for r in runs],
        "runs_per_revision": {k: len(v) for k, v in by_rev.items()},
    }
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"summary": summary, "requests": results,
                       "healthz": health}, f, indent=1)
    what = f"{a.redeliver} already-applied commits, in turn" if a.redeliver else f"{a.commits} new commit(s)"
    print(f"[burst] {len(results)} deliveries for {what} in {t_end - t_begin:.2f} s"
          f" ({a.threads} client threads, {a.rate}/s paced)")
    print(f"[burst] answers: {statuses}; 2xx: {ok}/{len(results)}; >= 1 s: {slow}")
    print(fmt_stats("[burst] answer time", lat))
    print(fmt_stats("[burst] client send lag behind schedule", lag))
    print(fmt_stats("[burst] /healthz during the burst", h_stats) + f"; not 200: {h_bad}")
    print(f"[burst] apply runs started after the first delivery: {len(runs)};"
          f" per desired revision: {summary['runs_per_revision']}")
    for c, push_s, at in ([] if a.redeliver else commits):
        print(f"[burst]   pushed {c[:12]} at +{at - t_begin:.2f} s (push took {push_s * 1000:.0f} ms)")
    for r in runs:
        print(f"[burst]   run #{r['id']} {r['status']} started {r['startedAt']} revision"
              f" {r.get('desiredRevision')}")
    return 0


def cmd_wait_idle(a):
    """Waits until serve has no running run and started none for --quiet seconds."""
    runs = Api(a.api, env_value(a.token_env)).wait_idle(0, quiet_s=a.quiet, deadline_s=a.timeout)
    print(f"{len(runs)} run(s) so far, none running")
    return 0


def cmd_table(a):
    """Markdown rows from the JSON files that latency/burst wrote (--out)."""
    ms = lambda x: "–" if x is None else f"{x * 1000:.0f}"
    docs = [(f, json.load(open(f))["summary"]) for f in a.files]
    if "mode" in docs[0][1]:
        print("| trigger | n | started: median (ms) | p99 (ms) | max (ms) |"
              " finished: median (ms) | p99 (ms) | webhook answer: median (ms) | max (ms) |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for _, d in docs:
            st, fi, an = d["started"], d["finished"], d["answer"]
            print(f"| {d['mode']} | {st['n']} | {ms(st['median'])} | {ms(st['p99'])} |"
                  f" {ms(st['max'])} | {ms(fi['median'])} | {ms(fi['p99'])} |"
                  f" {ms(an.get('median'))} | {ms(an.get('max'))} |")
    else:
        print("| variant | deliveries | 2xx | answers | answer median (ms) | p99 (ms) | max (ms) |"
              " /healthz median / max (ms) | runs | runs per revision |")
        print("|---|---:|---:|---|---:|---:|---:|---:|---:|---|")
        for f, d in docs:
            lat, h = d["latency"], d["healthz"]
            answers = ", ".join(f"{v}× {k}" for k, v in sorted(d["statuses"].items()))
            per = sorted(d["runs_per_revision"].values())
            what = (f"{d['redeliver']} applied commits redelivered in turn" if d.get("redeliver")
                    else f"{len(d['commits'])} new commit(s)")
            print(f"| {what} | {d['count']} in {d['wall_s']:.1f} s |"
                  f" {d['ok_2xx']} | {answers} | {ms(lat['median'])} | {ms(lat['p99'])} |"
                  f" {ms(lat['max'])} | {ms(h.get('median'))} / {ms(h.get('max'))} |"
                  f" {len(d['runs'])} | {per} |")
    return 0


def cmd_slow_bodies(a):
    """Slow uploads held open while signed deliveries and /healthz are timed.

    Each slow connection sends complete headers (a signature header too, so it looks like a forge),
    declares a body of --slow-size bytes and sends one byte every --trickle seconds; it reconnects
    when serve cuts it off, so --slow connections stay open for the whole window. Meanwhile one
    signed delivery (for the clone's HEAD, already applied) is sent every --every seconds and
    /healthz is probed at the same pace."""
    secret = env_value(a.secret_env)
    commit = Repo(a.clone).git("rev-parse", "HEAD")
    u = urllib.parse.urlsplit(a.hook)
    stop = threading.Event()
    opened = [0]
    cut = [0]
    lock = threading.Lock()

    def trickle():
        while not stop.is_set():
            sock = None
            try:
                conn = http.client.HTTPConnection(u.hostname, u.port, timeout=a.window + 30)
                conn.putrequest("POST", u.path)
                conn.putheader("Content-Type", "application/json")
                conn.putheader("X-GitHub-Event", "push")
                conn.putheader("X-GitHub-Delivery", str(uuid.uuid4()))
                conn.putheader("X-Hub-Signature-256", "sha256=" + "0" * 64)
                conn.putheader("Content-Length", str(a.slow_size))
                conn.endheaders()
                sock = conn.sock
                with lock:
                    opened[0] += 1
                for _ in range(a.slow_size):
                    if stop.wait(a.trickle):
                        return
                    sock.sendall(b" ")
            except OSError:
                with lock:
                    cut[0] += 1
            finally:
                if sock is not None:
                    try:
                        sock.close()
                    except OSError:
                        pass

    threads = [threading.Thread(target=trickle, daemon=True) for _ in range(a.slow)]
    for t in threads:
        t.start()
    time.sleep(a.settle)
    signed, health, statuses = [], [], {}
    end = time.time() + a.window
    while time.time() < end:
        status, label, secs = push_delivery(a.hook, secret, commit, timeout=a.window)
        signed.append(secs)
        statuses[str(status)] = statuses.get(str(status), 0) + 1
        hs, _, hsecs = http_call(a.health, timeout=a.window)
        health.append(hsecs)
        time.sleep(a.every)
    stop.set()
    out = {"slow": a.slow, "trickle_s": a.trickle, "window_s": a.window,
           "slow_connections_opened": opened[0], "slow_connections_cut": cut[0],
           "signed_statuses": statuses, "signed": stats(signed), "healthz": stats(health),
           "signed_samples": signed, "healthz_samples": health}
    print(fmt_stats(f"signed deliveries ({a.slow} slow uploads open)", out["signed"]))
    print(fmt_stats("/healthz", out["healthz"]))
    print(f"statuses: {statuses}; slow connections opened {opened[0]}, cut off {cut[0]}")
    if a.out:
        with open(a.out, "w") as f:
            json.dump(out, f, indent=1)
    return 0 if set(statuses) <= {"200", "202"} else 1


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--hook", default="http://127.0.0.1:8081/webhooks/github")
    common.add_argument("--secret-env", default="BENCH_WEBHOOK_SECRET")
    common.add_argument("--api", default="http://127.0.0.1:8080")
    common.add_argument("--token-env", default="BENCH_API_TOKEN")
    common.add_argument("--clone", help="the clone to commit into")
    common.add_argument("--out", help="write every sample and the summary as JSON here")

    s = sub.add_parser("send", parents=[common])
    s.add_argument("commit")
    s.set_defaults(fn=cmd_send)

    s = sub.add_parser("latency", parents=[common])
    s.add_argument("--mode", choices=["webhook", "poll"], required=True)
    s.add_argument("-n", type=int, default=30)
    s.add_argument("--poll-seconds", type=float, default=5.0)
    s.add_argument("--warmup", type=int, default=2, help="untimed iterations first")
    s.add_argument("--gap", type=float, default=0.5, help="pause between webhook iterations (s)")
    s.add_argument("--timeout", type=float, default=120.0)
    s.add_argument("--log", help="serve's log, to check each commit was synced")
    s.set_defaults(fn=cmd_latency)

    s = sub.add_parser("burst", parents=[common])
    s.add_argument("--count", type=int, default=500)
    s.add_argument("--commits", type=int, default=1)
    s.add_argument("--redeliver", type=int, default=0,
                   help="push nothing; deliver the newest N (already applied) commits in turn")
    s.add_argument("--rate", type=float, default=50.0)
    s.add_argument("--threads", type=int, default=16)
    s.add_argument("--request-timeout", type=float, default=10.0)
    s.add_argument("--health", default="http://127.0.0.1:8080/healthz")
    s.add_argument("--probe-every", type=float, default=0.1)
    s.add_argument("--quiet", type=float, default=5.0,
                   help="serve counts as idle after this long without a new or running run (s)")
    s.set_defaults(fn=cmd_burst)

    s = sub.add_parser("slow-bodies", parents=[common])
    s.add_argument("--slow", type=int, default=64, help="slow uploads held open")
    s.add_argument("--slow-size", type=int, default=4096, help="declared body size (bytes)")
    s.add_argument("--trickle", type=float, default=1.0, help="seconds between a slow body's bytes")
    s.add_argument("--settle", type=float, default=3.0, help="wait before timing (s)")
    s.add_argument("--window", type=float, default=30.0, help="how long to time (s)")
    s.add_argument("--every", type=float, default=0.25, help="pause between signed deliveries (s)")
    s.add_argument("--health", default="http://127.0.0.1:8080/healthz")
    s.set_defaults(fn=cmd_slow_bodies)

    s = sub.add_parser("wait-idle", parents=[common])
    s.add_argument("--quiet", type=float, default=2.0)
    s.add_argument("--timeout", type=float, default=600.0)
    s.set_defaults(fn=cmd_wait_idle)

    s = sub.add_parser("table")
    s.add_argument("files", nargs="+")
    s.set_defaults(fn=cmd_table)

    a = p.parse_args()
    return a.fn(a)


if __name__ == "__main__":
    sys.exit(main())
