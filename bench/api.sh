#!/usr/bin/env bash
# API load benchmark (issues 6 and 15): haven's search endpoint `/api/services?lat=..&lon=..`
# over the 1,000,000-service directory, beside nginx (Debian) serving a static JSON file of the
# same size, on loopback, same tools and settings, one run.
#
# Usage: bash bench/api.sh [SERVICES]   (default 1000000; DURATION=15s CONNECTIONS=32 THREADS=2;
#        OPEN_SECS=10 per open-loop step; RATES="r1 r2 ..." picks the open-loop rates)
#
# Data: the store bench/search.sh generates and caches (BENCH_DIR, default
# /tmp/haven-bench-search/n$N-s42) is generated here the same way when missing, then copied to
# API_BENCH_DIR (default /tmp/haven-bench-api) so its own first start (which adds the API's lookup
# indexes) never touches a store another benchmark may be reading.
#
# 1. Closed loop (wrk): nginx serving the fixed point's response as a static file; haven at
#    that fixed point; haven at random points across the US (every request a new search;
#    searches are private, so none is ever answered from the response cache). Prints req/s,
#    p99 latency, errors, and the ratios to nginx.
# 2. Open loop (bench/api_load.py: requests on a fixed schedule, latency counted from the
#    scheduled send, so a queue shows): random points at fixed rates from a quarter of haven's
#    closed-loop peak to past it, nginx at the same rates (which also shows the generator's
#    own ceiling).
# 3. A realistic mix: points near US cities weighted by population (data/gazetteer), some with
#    a filter, postcode searches, second pages, and the detail pages of results; closed loop
#    (wrk) and open loop, with the response cache's hit rate under it.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
SEED=42
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
OPEN_SECS=${OPEN_SECS:-10}
SRC=${BENCH_DIR:-/tmp/haven-bench-search}/n$N-s$SEED
WORK=${API_BENCH_DIR:-/tmp/haven-bench-api}/n$N-s$SEED

for tool in wrk nginx; do
  if ! command -v "$tool" >/dev/null && [ ! -x "/usr/sbin/$tool" ]; then
    apt-get update -qq && apt-get install -y -qq wrk nginx-light >/dev/null
  fi
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

echo "building (release)..."
cargo build --release -q -p haven
HAVEN=${CARGO_TARGET_DIR:-$PWD/target}/release/haven

# --- data ------------------------------------------------------------------------------------
DATA_STAMP="$N $SEED $(cat crates/cli/src/generate.rs data/gazetteer/us-zips.tsv | sha1sum | cut -c1-40)"
if [ ! -f "$SRC/haven.sqlite" ] || [ "$(cat "$SRC/data.stamp" 2>/dev/null)" != "$DATA_STAMP" ]; then
  mkdir -p "$SRC"
  rm -rf "$SRC/pkg" "$SRC"/haven.sqlite* "$SRC/data.stamp"
  echo "generating $N synthetic services (as bench/search.sh does)..."
  "$HAVEN" generate --services "$N" --seed "$SEED" --out "$SRC/pkg" >/dev/null
  "$HAVEN" --db "sqlite:$SRC/haven.sqlite" import "$SRC/pkg" >/dev/null
  echo "$DATA_STAMP" > "$SRC/data.stamp"
fi
mkdir -p "$WORK"
if [ "$(cat "$WORK/data.stamp" 2>/dev/null)" != "$DATA_STAMP" ]; then
  echo "copying the store to $WORK..."
  rm -f "$WORK"/haven.sqlite*
  cp "$SRC/haven.sqlite" "$WORK/haven.sqlite"
  echo "$DATA_STAMP" > "$WORK/data.stamp"
fi

# --- servers ---------------------------------------------------------------------------------
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
HPORT=$(free_port)
NPORT=$(free_port)
TMP=$(mktemp -d)
HPID=""
NPID=""
cleanup() {
  [ -n "$HPID" ] && kill "$HPID" 2>/dev/null && wait "$HPID" 2>/dev/null
  [ -n "$NPID" ] && kill "$NPID" 2>/dev/null && wait "$NPID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT

echo "starting haven on 127.0.0.1:$HPORT (builds the index of $N services)..."
T0=$(date +%s)
"$HAVEN" --db "sqlite:$WORK/haven.sqlite" serve --addr "127.0.0.1:$HPORT" --quiet >"$TMP/haven.log" 2>&1 &
HPID=$!
until curl -sf "http://127.0.0.1:$HPORT/api/" >/dev/null; do
  kill -0 "$HPID" 2>/dev/null || { cat "$TMP/haven.log" >&2; exit 1; }
  sleep 1
done
echo "  ready after $(( $(date +%s) - T0 )) s"

FIXED="/api/services?lat=40.7484&lon=-73.9857"
mkdir -p "$TMP/www/api"
curl -sf "http://127.0.0.1:$HPORT$FIXED" -o "$TMP/www/api/services.json"
BYTES=$(stat -c %s "$TMP/www/api/services.json")
echo "  the fixed-point response: $BYTES bytes ($(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['size'])" "$TMP/www/api/services.json") services)"

cat >"$TMP/nginx.conf" <<EOF
worker_processes auto;
user root;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  types { application/json json; }
  server {
    listen 127.0.0.1:$NPORT;
    root $TMP/www;
    location / { default_type application/json; }
  }
}
EOF
"$NGINX" -c "$TMP/nginx.conf" -p "$TMP" -g 'daemon off;' &
NPID=$!
until curl -sf "http://127.0.0.1:$NPORT/api/services.json" >/dev/null; do sleep 0.2; done

# Random points across the contiguous US, a new one for every request.
cat >"$TMP/random.lua" <<'EOF'
math.randomseed(7)
request = function()
  local lat = 30 + math.random() * 15
  local lon = -120 + math.random() * 45
  return wrk.format("GET", string.format("/api/services?lat=%.4f&lon=%.4f", lat, lon))
end
EOF

run() { # name, url, [lua]
  local name=$1 url=$2 script=${3:-}
  local out="$TMP/$name.txt"
  if [ -n "$script" ]; then
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$url" >"$out"
  else
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url" >"$out"
  fi
  local rps p99 errs non2xx
  rps=$(awk '/^Requests\/sec/ {print $2}' "$out")
  p99=$(awk '$1 == "99%" {print $2}' "$out")
  errs=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$out")
  printf '%-28s %10s req/s   p99 %8s   errors %s\n' "$name" "$rps" "$p99" "$(( ${errs:-0} + ${non2xx:-0} ))"
  echo "$rps" >"$TMP/$name.rps"
}

echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION on loopback, $N services:"
# nginx first, then haven at the fixed point (a search, so never from the response cache, but its
# records stay hot), then random points last, with a pause between runs so no backlog of one run
# spills into the next.
run nginx-static-file "http://127.0.0.1:$NPORT/api/services.json"
sleep 2
curl -sf "http://127.0.0.1:$HPORT$FIXED" -o /dev/null
run haven-fixed-point "http://127.0.0.1:$HPORT$FIXED"
sleep 2
run haven-random-points "http://127.0.0.1:$HPORT/api/services" "$TMP/random.lua"
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$(cat "$TMP/$1.rps")" "$(cat "$TMP/nginx-static-file.rps")"; }
echo
echo "haven / nginx: random points $(ratio haven-random-points), fixed point $(ratio haven-fixed-point) (target: random points >= 0.25, p99 < 10 ms, no errors)"

# --- open loop -------------------------------------------------------------------------------
LOAD=(python3 bench/api_load.py)
"${LOAD[@]}" mix random --out "$TMP/random.paths" --count 400000
PEAK=$(cat "$TMP/haven-random-points.rps")
RATES=${RATES:-$(python3 -c "import sys; p = float(sys.argv[1]); print(' '.join(str(max(1, int(p * f))) for f in (0.25, 0.5, 0.75, 0.9, 1.0, 1.2)))" "$PEAK")}
echo "/api/services.json" >"$TMP/nginx.paths"
echo
echo "open loop, ${OPEN_SECS}s per rate, latency from the scheduled send (haven's closed-loop peak: $PEAK req/s):"
for r in $RATES; do
  printf '%-24s ' "nginx @ $r/s"
  "${LOAD[@]}" run --port "$NPORT" --paths "$TMP/nginx.paths" --rate "$r" --duration "$OPEN_SECS"
  sleep 1
  printf '%-24s ' "haven random @ $r/s"
  "${LOAD[@]}" run --port "$HPORT" --paths "$TMP/random.paths" --rate "$r" --duration "$OPEN_SECS"
  sleep 2
done

# --- a realistic mix -------------------------------------------------------------------------
# The results people open: the nearest ten at the 40 most populous US cities, nearest first.
python3 - "$HPORT" data/gazetteer/cities.tsv >"$TMP/ids.txt" <<'PY'
import json, sys, urllib.request
port, path = sys.argv[1], sys.argv[2]
rows = [l.rstrip("\n").split("\t") for l in open(path, encoding="utf-8")][1:]
us = sorted((r for r in rows if r[3] == "US"), key=lambda r: -float(r[5] or 0))[:40]
pages = []
for r in us:
    url = f"http://127.0.0.1:{port}/api/services?lat={r[1]}&lon={r[2]}&per_page=10"
    pages.append([i["id"] for i in json.load(urllib.request.urlopen(url))["contents"]])
seen = []
for rank in range(10):
    for ids in pages:
        if rank < len(ids) and ids[rank] not in seen:
            seen.append(ids[rank])
print("\n".join(seen))
PY
"${LOAD[@]}" mix realistic --out "$TMP/mix.paths" --count 400000 --ids "$TMP/ids.txt"
cat >"$TMP/mix.lua" <<LUA
local paths = {}
for line in io.lines("$TMP/mix.paths") do paths[#paths + 1] = line end
local started = 0
function setup(thread) thread:set("offset", started * 100003); started = started + 1 end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(offset + n) % #paths + 1])
end
LUA
echo
echo "realistic mix: 55% points near US cities by population, 15% with a filter (language,"
echo "free, open now, radius), 10% postcodes on /api/service_at_locations, 5% second pages,"
echo "15% detail pages of results ($(wc -l <"$TMP/ids.txt") services, the nearest opened most):"
run haven-realistic-mix "http://127.0.0.1:$HPORT/api/services" "$TMP/mix.lua"
echo "haven realistic mix / nginx: $(ratio haven-realistic-mix)"
MPEAK=$(cat "$TMP/haven-realistic-mix.rps")
for f in 0.5 0.9; do
  r=$(python3 -c "import sys; print(max(1, int(float(sys.argv[1]) * float(sys.argv[2]))))" "$MPEAK" "$f")
  printf '%-24s ' "mix @ $r/s"
  "${LOAD[@]}" run --port "$HPORT" --paths "$TMP/mix.paths" --rate "$r" --duration "$OPEN_SECS"
  sleep 2
done
