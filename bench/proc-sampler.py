#!/usr/bin/env python3
"""Samples a process's CPU time and RSS from /proc once a second and splits the CPU between
serve's cycles and the time between them (python3 standard library only; loopback API only).

  proc-sampler.py PID SECONDS --api http://127.0.0.1:P --token-env VAR [--poll-seconds S]
                  [--cycle-from runs|polls] [--out FILE.json]

CPU is utime+stime from /proc/PID/stat (the JVM itself; the child processes it waited for, such
as the local driver's shells, are reported apart from cutime+cstime); RSS is VmRSS from /proc/PID/status. A one-second interval
counts as "in a cycle" when it overlaps an apply run's [startedAt - 1 s, finishedAt] (the second
before the run covers the cycle's sync). CPU per cycle = (all CPU - the between-cycles rate x the
window) / cycles, where cycles are the runs that started in the window (--cycle-from runs) or the
window divided by the poll interval (--cycle-from polls, for a Git source whose polls find
nothing new and start no run).
"""
import argparse
import datetime
import http.client
import json
import os
import sys
import time

HZ = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid, children=False):
    """utime+stime (fields 14, 15); with children, cutime+cstime (16, 17): the CPU of the child
    processes serve waited for, e.g. the local driver's /bin/sh probes."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    first = 13 if children else 11
    return (int(fields[first]) + int(fields[first + 1])) / HZ


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def instant(text):
    if not text:
        return None
    t = text.rstrip("Z")
    if "." in t:
        head, frac = t.split(".")
        t = head + "." + (frac + "000000")[:6]
    return datetime.datetime.fromisoformat(t).replace(tzinfo=datetime.timezone.utc).timestamp()


def runs(api, token):
    host, port = api.split("//")[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.request("GET", "/api/v1/runs?limit=500", headers={"Authorization": "Bearer " + token})
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    if resp.status != 200:
        sys.exit(f"/api/v1/runs answered {resp.status}")
    return json.loads(data)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("pid", type=int)
    p.add_argument("seconds", type=float)
    p.add_argument("--api", required=True)
    p.add_argument("--token-env", default="BENCH_API_TOKEN")
    p.add_argument("--poll-seconds", type=float, default=30.0)
    p.add_argument("--cycle-from", choices=["runs", "polls"], default="runs")
    p.add_argument("--out")
    a = p.parse_args()

    samples = []  # (wall, cpu, rss)
    t_begin = time.time()
    next_at = t_begin
    children_before = cpu_seconds(a.pid, children=True)
    while True:
        samples.append((time.time(), cpu_seconds(a.pid), rss_kib(a.pid)))
        if samples[-1][0] - t_begin >= a.seconds:
            break
        next_at += 1.0
        time.sleep(max(0.0, next_at - time.time()))
    t_end = samples[-1][0]
    window = t_end - t_begin
    total_cpu = samples[-1][1] - samples[0][1]
    children_cpu = cpu_seconds(a.pid, children=True) - children_before

    all_runs = runs(a.api, os.environ[a.token_env])
    spans = []
    for r in all_runs:
        s, f = instant(r["startedAt"]), instant(r.get("finishedAt")) or t_end
        if f >= t_begin and s <= t_end:
            spans.append((s - 1.0, f))
    started_in = [r for r in all_runs if t_begin <= instant(r["startedAt"]) <= t_end]
    between_cpu = between_s = 0.0
    for (w0, c0, _), (w1, c1, _) in zip(samples, samples[1:]):
        if not any(s < w1 and f > w0 for s, f in spans):
            between_cpu += c1 - c0
            between_s += w1 - w0
    between_rate = between_cpu / between_s if between_s > 0 else float("nan")
    if a.cycle_from == "runs":
        cycles = len(started_in)
        per_cycle = ((total_cpu - between_rate * window) / cycles) if cycles else float("nan")
    else:
        cycles = window / a.poll_seconds
        per_cycle = total_cpu / cycles
    durations = [instant(r["finishedAt"]) - instant(r["startedAt"])
                 for r in started_in if r.get("finishedAt")]
    rss = [s[2] for s in samples]
    summary = {
        "window_s": window,
        "cpu_total_s": total_cpu,
        "cpu_percent_window": 100.0 * total_cpu / window,
        "cpu_percent_between_cycles": 100.0 * between_rate,
        "between_cycles_s": between_s,
        "cycles": cycles,
        "cycle_from": a.cycle_from,
        "cpu_s_per_cycle": per_cycle,
        "run_seconds": sorted(durations),
        "run_summaries": sorted({r.get("summary") or "" for r in started_in}),
        "run_kinds": sorted(r.get("kind", "apply") for r in started_in),
        "children_cpu_s": children_cpu,
        "children_cpu_s_per_cycle": children_cpu / cycles if cycles else float("nan"),
        "rss_kib_end": rss[-1],
        "rss_kib_max": max(rss),
        "rss_kib_min": min(rss),
    }
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"summary": summary, "samples": samples}, f, indent=1)
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
