#!/usr/bin/env python3
"""Open-loop load for bench/api.sh: requests go out on a fixed schedule (RATE per second, the
paths of a file in turn) over a pool of keep-alive HTTP/1.1 connections, opening another
connection whenever every open one is busy, and each latency counts from the moment the
schedule meant to send the request, so a server that falls behind shows its queue (no
coordinated omission, unlike a closed-loop tool such as wrk).

Also writes the mixes bench/api.sh offers (`mix` subcommand): uniform random points, or a
realistic mix from the gazetteer (points near US cities weighted by population, a share of
postcode searches, filters, and people opening a result's detail page).

The response cache's hit rate: haven keeps a public response (Cache-Control: public; searches
are private and never kept) for 30 s while the directory is unchanged, at most 4096 entries
and 64 MiB, emptied when full (crates/web/src/api/cache.rs). This client replays those rules
over the responses it receives and prints how many public requests were answered from it.

  api_load.py run --port P --paths FILE --rate R --duration S [--pool N] [--warmup S]
  api_load.py mix {random,realistic} --out FILE --count N [--gazetteer DIR] [--ids FILE]

Prints one line: offered and achieved rate, latency quantiles (ms), errors, late sends.
"""
import argparse
import asyncio
import bisect
import json
import math
import random
import sys

TTL = 30.0
MAX_ENTRIES = 4096
MAX_BYTES = 64 << 20


class Conn(asyncio.Protocol):
    """One keep-alive connection, one request at a time."""

    def __init__(self, done):
        self.done = done
        self.buf = bytearray()
        self.want = None
        self.head = None
        self.transport = None
        self.fut = None

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.buf += data
        if self.head is None:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return
            self.head = bytes(self.buf[:end])
            del self.buf[: end + 4]
            length = 0
            for line in self.head.split(b"\r\n")[1:]:
                k, _, v = line.partition(b":")
                if k.strip().lower() == b"content-length":
                    length = int(v.strip())
            self.want = length
        if len(self.buf) >= self.want:
            head, body_len = self.head, self.want
            del self.buf[: self.want]
            self.head = None
            self.want = None
            fut, self.fut = self.fut, None
            if fut and not fut.done():
                fut.set_result((head, body_len))

    def connection_lost(self, exc):
        if self.fut and not self.fut.done():
            self.fut.set_exception(ConnectionError(str(exc or "closed")))

    def send(self, path, host):
        self.fut = asyncio.get_running_loop().create_future()
        self.transport.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        return self.fut


class CacheModel:
    """haven's response cache rules, replayed over what the client saw."""

    def __init__(self):
        self.kept = {}
        self.bytes = 0
        self.public = 0
        self.hits = 0

    def request(self, key, sent):
        put = self.kept.get(key)
        return put is not None and sent - put[0] < TTL

    def response(self, key, sent, head, size, was_hit):
        if b"public" not in head.lower().split(b"cache-control:")[-1].split(b"\r\n")[0]:
            return
        self.public += 1
        if was_hit:
            self.hits += 1
            return
        cost = len(key) + 40 + size
        if len(self.kept) >= MAX_ENTRIES or self.bytes + cost > MAX_BYTES:
            self.kept.clear()
            self.bytes = 0
        old = self.kept.pop(key, None)
        if old:
            self.bytes -= old[1]
        self.kept[key] = (sent, cost)
        self.bytes += cost


async def run(args):
    paths = [p for p in open(args.paths).read().split("\n") if p]
    loop = asyncio.get_running_loop()
    idle = []
    opened = 0
    lat = []
    errors = {}
    late = 0
    cache = CacheModel()
    host = f"127.0.0.1:{args.port}"
    pending = set()

    async def one(path, due, measure):
        nonlocal opened
        c = idle.pop() if idle else None
        if c is None or c.transport.is_closing():
            opened += 1
            _, c = await loop.create_connection(lambda: Conn(None), "127.0.0.1", args.port)
        was_hit = cache.request(path, due)
        try:
            head, size = await asyncio.wait_for(c.send(path, host), args.timeout)
        except Exception as e:  # noqa: BLE001 - every failure is counted by kind
            errors[type(e).__name__] = errors.get(type(e).__name__, 0) + 1
            c.transport.close()
            return
        took = loop.time() - due
        status = head.split(b" ", 2)[1]
        if status != b"200":
            errors[status.decode()] = errors.get(status.decode(), 0) + 1
        if measure:
            lat.append(took)
            cache.response(path, due, head, size, was_hit)
        idle.append(c)

    start = loop.time() + 0.05
    total = int(args.rate * (args.warmup + args.duration))
    warm = int(args.rate * args.warmup)
    i = 0
    while i < total:
        now = loop.time()
        due = start + i / args.rate
        if due > now:
            await asyncio.sleep(due - now)
            continue
        if now - due > 0.01:
            late += 1
        t = asyncio.ensure_future(one(paths[i % len(paths)], due, i >= warm))
        pending.add(t)
        t.add_done_callback(pending.discard)
        i += 1
    await asyncio.gather(*pending)
    wall = loop.time() - (start + warm / args.rate)
    lat.sort()

    def q(p):
        if not lat:
            return float("nan")
        return lat[min(len(lat) - 1, int(math.ceil(p * len(lat))) - 1)] * 1000

    n = len(lat)
    hit = f"{cache.hits}/{cache.public} public" if cache.public else "no public requests"
    rate = f"{cache.hits / n * 100:.1f}%" if n else "n/a"
    err = sum(errors.values())
    print(
        f"offered {args.rate:8.0f}/s  achieved {n / wall:8.0f}/s  "
        f"p50 {q(0.5):7.2f}  p90 {q(0.9):7.2f}  p99 {q(0.99):7.2f}  p99.9 {q(0.999):7.2f}  "
        f"max {q(1.0):7.2f} ms  errors {err}{' ' + json.dumps(errors) if errors else ''}  "
        f"late-sends {late}  connections {opened}  cache hits {rate} ({hit})"
    )
    if args.json:
        with open(args.json, "a") as f:
            f.write(json.dumps({"rate": args.rate, "achieved": n / wall, "p50": q(0.5),
                                "p99": q(0.99), "p999": q(0.999), "max": q(1.0), "errors": err,
                                "late": late, "hits": cache.hits, "public": cache.public,
                                "n": n}) + "\n")


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        head = f.readline().rstrip("\n").split("\t")
        for line in f:
            yield dict(zip(head, line.rstrip("\n").split("\t")))


def mix(args):
    rnd = random.Random(args.seed)
    out = []
    if args.kind == "random":
        for _ in range(args.count):
            lat = 30 + rnd.random() * 15
            lon = -120 + rnd.random() * 45
            out.append(f"/api/services?lat={lat:.4f}&lon={lon:.4f}")
    else:
        g = args.gazetteer
        cities = [c for c in read_tsv(f"{g}/cities.tsv") if c["country"] == "US"]
        weights = [float(c["population"] or 0) for c in cities]
        cum = []
        acc = 0.0
        for w in weights:
            acc += w
            cum.append(acc)
        pop = {(c["name"].lower(), c["region"]): float(c["population"] or 0) for c in cities}
        zips = list(read_tsv(f"{g}/us-zips.tsv"))
        zw = []
        acc = 0.0
        for z in zips:
            acc += pop.get((z["city"].lower(), z["state"]), 0.0) + 1000.0
            zw.append(acc)
        ids = [i for i in open(args.ids).read().split("\n") if i] if args.ids else []

        def city():
            return cities[bisect.bisect(cum, rnd.random() * cum[-1])]

        def point():
            c = city()
            # Someone somewhere in the city: a few km around its centre, as a phone reports it.
            lat = float(c["lat"]) + rnd.gauss(0, 0.05)
            lon = float(c["lon"]) + rnd.gauss(0, 0.05)
            return f"lat={lat:.5f}&lon={lon:.5f}"

        for _ in range(args.count):
            r = rnd.random()
            if r < 0.55:
                out.append(f"/api/services?{point()}")
            elif r < 0.70:
                f = rnd.choice(["language=es", "free=true", "open_now=true", "radius_km=25"])
                out.append(f"/api/services?{point()}&{f}")
            elif r < 0.80:
                z = zips[bisect.bisect(zw, rnd.random() * zw[-1])]["zip"]
                out.append(f"/api/service_at_locations?postcode={z}")
            elif r < 0.85:
                out.append(f"/api/services?{point()}&page=2")
            elif ids:
                # Opening a result: the nearest results of the busiest places come up most.
                k = min(len(ids) - 1, int(rnd.expovariate(1 / 40)))
                out.append(f"/api/services/{ids[k]}")
            else:
                out.append(f"/api/services?{point()}")
    with open(args.out, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--port", type=int, required=True)
    r.add_argument("--paths", required=True)
    r.add_argument("--rate", type=float, required=True)
    r.add_argument("--duration", type=float, default=10)
    r.add_argument("--warmup", type=float, default=1)
    r.add_argument("--timeout", type=float, default=10)
    r.add_argument("--json")
    m = sub.add_parser("mix")
    m.add_argument("kind", choices=["random", "realistic"])
    m.add_argument("--out", required=True)
    m.add_argument("--count", type=int, default=200000)
    m.add_argument("--gazetteer", default="data/gazetteer")
    m.add_argument("--ids")
    m.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    if a.cmd == "run":
        if a.rate <= 0 or a.duration <= 0:
            sys.exit("--rate and --duration must be above 0")
        asyncio.run(run(a))
    else:
        mix(a)


if __name__ == "__main__":
    main()
