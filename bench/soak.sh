#!/usr/bin/env bash
# Soak bench (issue 16): `haven serve` for DURATION seconds (default 600) at 80% of its measured
# peak throughput, with a mix that includes slow readers (NDJSON streams read at 2 KB/s) and slow
# clients (headers sent one line every 2 s), only to loopback. Prints errors, p50/p99 latency of
# the ordinary requests, how the slow clients were treated, and RSS over time (it should stay
# flat).
#
# Usage: bash bench/soak.sh [SERVICES]   (default 20000)
#   DURATION=600 PEAK_SECS=15 CONCURRENCY=16 HAVEN=path/to/haven (default: a release build)
# The load generator is Python's asyncio (stdlib only): "peak" is the peak this generator
# reaches against haven on this machine, measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}
DURATION=${DURATION:-600}
PEAK_SECS=${PEAK_SECS:-15}
CONCURRENCY=${CONCURRENCY:-16}
WORK=${SOAK_DIR:-/tmp/haven-soak}/n$N
if [ -z "${HAVEN:-}" ]; then
  echo "building (release)..."
  cargo build --release -q -p haven
  HAVEN=${CARGO_TARGET_DIR:-$PWD/target}/release/haven
fi
if [ ! -f "$WORK/haven.sqlite" ]; then
  rm -rf "$WORK"; mkdir -p "$WORK"
  "$HAVEN" generate --services "$N" --seed 7 --out "$WORK/data" >/dev/null
  "$HAVEN" --db "sqlite:$WORK/haven.sqlite" import "$WORK/data" >/dev/null
fi
LOG=$WORK/serve.log
"$HAVEN" --db "sqlite:$WORK/haven.sqlite" serve --addr 127.0.0.1:0 --quiet \
  --header-timeout 5 --idle-timeout 15 2>"$LOG" &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  grep -q "serving on" "$LOG" && break
  sleep 0.2
done
ADDR=$(sed -n 's#.*serving on http://\([^/]*\)/.*#\1#p' "$LOG" | head -1)
[ -n "$ADDR" ] || { echo "haven did not start:"; cat "$LOG"; exit 1; }
echo "haven pid $PID on $ADDR, $N synthetic services; peak for ${PEAK_SECS}s, soak for ${DURATION}s"

python3 - "$ADDR" "$PID" "$DURATION" "$PEAK_SECS" "$CONCURRENCY" <<'PY'
import asyncio, random, sys, time
host, port = sys.argv[1].rsplit(":", 1)
pid, duration, peak_secs, conc = int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
assert host in ("127.0.0.1", "::1", "localhost"), "loopback only"
ZIPS = ["10001", "11201", "60601", "77002", "94103", "30303", "98101", "02108"]
PATHS = [lambda: "/hotlines", lambda: "/", lambda: f"/find?near={random.choice(ZIPS)}",
         lambda: f"/api/services?lat={random.uniform(30,45):.3f}&lon={random.uniform(-120,-75):.3f}",
         lambda: "/api/services?per_page=20", lambda: "/guide", lambda: "/healthz"]

def rss_mb():
    for l in open(f"/proc/{pid}/status"):
        if l.startswith("VmRSS:"):
            return int(l.split()[1]) / 1024
    return 0.0

async def one(path):
    t = time.perf_counter()
    r, w = await asyncio.wait_for(asyncio.open_connection(host, int(port)), 10)
    try:
        w.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        await w.drain()
        head = await asyncio.wait_for(r.readline(), 30)
        await asyncio.wait_for(r.read(), 30)
        status = int(head.split()[1]) if head else 0
    finally:
        w.close()
    return status, time.perf_counter() - t

async def peak():
    done, stop = 0, time.perf_counter() + peak_secs
    async def worker():
        nonlocal done
        while time.perf_counter() < stop:
            s, _ = await one(random.choice(PATHS)())
            done += s < 500
    await asyncio.gather(*[worker() for _ in range(conc)])
    return done / peak_secs

stats = {"ok": 0, "err": 0, "lat": [], "slow_readers": 0, "readers_cut": 0, "slow_clients": 0, "clients_cut": 0,
         "kinds": {}}

def count_error(kind):
    stats["err"] += 1
    stats["kinds"][kind] = stats["kinds"].get(kind, 0) + 1

async def slow_reader():
    stats["slow_readers"] += 1
    try:
        r, w = await asyncio.open_connection(host, int(port))
        w.write(f"GET /api/services?format=ndjson&full=true&search=help HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        await w.drain()
        while True:
            b = await asyncio.wait_for(r.read(1024), 60)
            if not b:
                stats["readers_cut"] += 1
                break
            await asyncio.sleep(0.5)
    except Exception:
        stats["readers_cut"] += 1

async def slow_client():
    stats["slow_clients"] += 1
    try:
        r, w = await asyncio.open_connection(host, int(port))
        w.write(b"GET / HTTP/1.1\r\n")
        for i in range(100):
            await asyncio.sleep(2)
            w.write(f"X-Slow-{i}: x\r\n".encode())
            await w.drain()
            if r.at_eof():
                break
        stats["clients_cut"] += 1
    except Exception:
        stats["clients_cut"] += 1

async def soak(rate):
    tasks, t0 = set(), time.perf_counter()
    next_sample, samples = t0, []
    n = 0
    async def timed(path):
        try:
            s, dt = await one(path)
            if 200 <= s < 400:
                stats["ok"] += 1; stats["lat"].append(dt)
            else:
                count_error(f"HTTP {s}")
        except Exception as e:
            count_error(type(e).__name__)
    while (now := time.perf_counter()) - t0 < duration:
        if now >= next_sample:
            samples.append((now - t0, rss_mb())); next_sample += max(duration / 20, 1)
        due = int((now - t0) * rate)
        while n < due:
            n += 1
            t = asyncio.create_task(timed(random.choice(PATHS)())); tasks.add(t); t.add_done_callback(tasks.discard)
            if n % 200 == 0:
                for f in (slow_reader, slow_client):
                    t = asyncio.create_task(f()); tasks.add(t); t.add_done_callback(tasks.discard)
        await asyncio.sleep(0.002)
    await asyncio.sleep(3)
    samples.append((time.perf_counter() - t0, rss_mb()))
    for t in list(tasks): t.cancel()
    return samples

async def main():
    print(f"RSS at start: {rss_mb():.0f} MB")
    p = await peak()
    rate = 0.8 * p
    print(f"peak: {p:.0f} req/s ({conc} connections); soaking at {rate:.0f} req/s")
    samples = await soak(rate)
    lat = sorted(stats["lat"])
    q = lambda f: lat[min(len(lat) - 1, int(f * len(lat)))] * 1000 if lat else float("nan")
    print(f"requests: {stats['ok']} ok, {stats['err']} errors; p50 {q(0.5):.1f} ms, p99 {q(0.99):.1f} ms")
    if stats["kinds"]:
        print("errors by kind: " + ", ".join(f"{k}: {v}" for k, v in sorted(stats["kinds"].items(), key=lambda kv: -kv[1])))
    print(f"slow readers: {stats['slow_readers']} started, {stats['readers_cut']} cut off by the server")
    print(f"slow clients: {stats['slow_clients']} started, {stats['clients_cut']} cut off by the server")
    print("RSS over time (s: MB): " + ", ".join(f"{t:.0f}: {m:.0f}" for t, m in samples))
    warm = samples[min(2, len(samples) - 1)][1]
    last = samples[-1][1]
    flat = last <= warm * 1.25 + 16
    print(f"RSS after warm-up {warm:.0f} MB, at the end {last:.0f} MB: {'flat' if flat else 'GROWING'}")
    sys.exit(0 if stats["err"] == 0 and flat else 1)

asyncio.run(main())
PY
