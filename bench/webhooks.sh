# shellcheck shell=bash
# P13 of bench/run, which sources this file: the webhooks of issue 20 — whether delivery keeps up with 200 events/s
# on PostgreSQL. A hub on a scratch PostgreSQL database of its own (the demo data only) with
# HUB_WEBHOOK_ALLOW_ADDRESSES=127.0.0.1, an admin's hub endpoint pointing at a local receiver (p13_receiver: asyncio,
# answers 204 at once, counts requests and distinct webhook-ids), events raised by `POST /webhooks/{id}/ping` at a
# fixed 200/s (wrk, bench/wrk-json.lua's WRK_RATE) for 3 x duration seconds; then the same endpoint paused, a burst
# queued, and the endpoint enabled again to measure how fast the hub drains it. The baseline is the receiver's own
# capacity: wrk posting the same body and headers straight to it at the hub's delivery concurrency. It uses
# bench/run's helpers and settings (login, jf, fmt, row, ratio_row, sql, seed, start_hub, stop_hub, use_pg, …) and
# defines only functions: p13_start and p13_stop run in bench/run's shell, p13_webhooks inside `measure`.

p13_rate=200 p13_concurrency=32 p13_drain_limit=5

# p13_receiver_source: the receiver, a Python program (stdlib only). POST: 204, counted per path (requests, distinct
# webhook-ids, first and last arrival); GET /stats: those counts as JSON. One process and one thread: asyncio's
# protocol callbacks parse HTTP/1.1 keep-alive requests with a Content-Length, which is what reqwest and wrk send.
p13_receiver_source() {
  cat <<'PY'
import asyncio, json, sys, time

stats = {}

def record(path, webhook_id):
    s = stats.setdefault(path, {"requests": 0, "ids": set(), "first": None, "last": None})
    now = time.time()
    s["requests"] += 1
    s["ids"].add(webhook_id)
    s["first"] = s["first"] or now
    s["last"] = now

def report():
    return json.dumps({p: {"requests": s["requests"], "distinct_ids": len(s["ids"] - {None}),
                           "first": s["first"], "last": s["last"]} for p, s in stats.items()}).encode()

class Receiver(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport, self.buffer = transport, b""

    def data_received(self, data):
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            lines = self.buffer[:end].decode("latin-1").split("\r\n")
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length") or 0)
            if len(self.buffer) < end + 4 + length:
                return
            self.buffer = self.buffer[end + 4 + length:]
            method, target = (lines[0].split(" ") + ["", ""])[:2]
            if method == "POST":
                record(target, headers.get("webhook-id"))
                answer = b"HTTP/1.1 204 No Content\r\n\r\n"
            elif target == "/stats":
                body = report()
                answer = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n%s" % (len(body), body)
            else:
                answer = b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n"
            self.transport.write(answer)
            if headers.get("connection", "").lower() == "close":
                self.transport.close()
                return

async def main(port):
    server = await asyncio.get_running_loop().create_server(Receiver, "127.0.0.1", port, backlog=1024)
    async with server:
        await server.serve_forever()

asyncio.run(main(int(sys.argv[1])))
PY
}

# p13_receiver_stats PATH: "requests distinct_ids" the receiver counted on PATH.
p13_receiver_stats() {
  curl -sf --max-time 10 "$p13_receiver/stats" | python3 -c 'import json, sys
s = json.load(sys.stdin).get(sys.argv[1], {}); print(s.get("requests", 0), s.get("distinct_ids", 0))' "$1"
}

# p13_pending: the endpoint's deliveries waiting for an attempt.
p13_pending() { sql "SELECT COUNT(*) FROM webhook_deliveries WHERE endpoint_id = '$p13_endpoint' AND status = 'pending'"; }

# p13_wait_drained LIMIT_S: polls every 0.1 s until nothing of the endpoint is pending; prints the seconds waited
# (fails after LIMIT_S).
p13_wait_drained() {
  local t0 now
  t0=$(date +%s%N)
  while [ "$(p13_pending)" -ne 0 ]; do
    now=$(date +%s%N)
    if [ $(((now - t0) / 1000000000)) -ge "$1" ]; then
      echo "bench/run: P13: $(p13_pending) deliveries still pending after $1 s" >&2
      tail -n 20 "$HUB_DATA_DIR/serve.log" >&2
      return 1
    fi
    sleep 0.1
  done
  now=$(date +%s%N)
  awk -v ns=$((now - t0)) 'BEGIN { printf "%.2f", ns / 1e9 }'
}

# p13_marker: the newest delivery's creation, to tell the next phase's deliveries from the earlier ones.
p13_marker() { sql "SELECT COALESCE(MAX(created_at), TIMESTAMP '2000-01-01') FROM webhook_deliveries"; }

# p13_timeline MARKER: the endpoint's deliveries created after MARKER, one per line: created_at and delivered_at
# (seconds since the epoch, the hub's clock; delivered_at empty while not delivered), attempts.
p13_timeline() {
  sql "SELECT EXTRACT(EPOCH FROM created_at), COALESCE(EXTRACT(EPOCH FROM delivered_at)::text, ''), attempts
       FROM webhook_deliveries WHERE endpoint_id = '$p13_endpoint' AND created_at > '$1' ORDER BY created_at"
}

# p13_start: (bench/run's shell) a scratch database with the demo data, the receiver, and the hub allowed to post to it.
p13_start() {
  p13_db="hub_bench_hooks_$$"
  databases+=("$p13_db")
  psql -q "$admin" -c "DROP DATABASE IF EXISTS $p13_db" -c "CREATE DATABASE $p13_db" >/dev/null
  pg_url="${admin%/*}/$p13_db"
  jwt_secret="${jwt_secret:-bench-secret-$(date +%s%N)-0123456789abcdef}"
  audit_key="${audit_key:-bench-audit-key-$(date +%s%N)-0123456789abcdef}"
  use_pg
  export HUB_DATA_DIR="$work/pg-hooks"
  mkdir -p "$HUB_DATA_DIR"
  log "PostgreSQL (P13): seeding the demo data"
  seed
  p13_receiver_source >"$work/p13-receiver.py"
  local rport
  rport=$(free_port)
  p13_receiver="http://127.0.0.1:$rport"
  python3 "$work/p13-receiver.py" "$rport" 2>"$work/p13-receiver.log" &
  helpers+=($!)
  for _ in $(seq 50); do curl -sf --max-time 1 -o /dev/null "$p13_receiver/stats" && break; sleep 0.1; done
  curl -sf --max-time 5 -o /dev/null "$p13_receiver/stats" || { cat "$work/p13-receiver.log" >&2; die "the P13 receiver did not start"; }
  HUB_WEBHOOK_ALLOW_ADDRESSES=127.0.0.1 HUB_WEBHOOK_CONCURRENCY=$p13_concurrency start_hub
}

# p13_stop: (bench/run's shell) the hub, the receiver and the database go.
p13_stop() {
  stop_hub
  local pid
  for pid in "${helpers[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  helpers=()
  psql -q "$admin" -c "DROP DATABASE IF EXISTS \"$p13_db\" WITH (FORCE)" >/dev/null
  local db kept=()
  for db in "${databases[@]}"; do [ "$db" = "$p13_db" ] || kept+=("$db"); done
  databases=("${kept[@]}")
}

# p13_patch TOKEN JSON: PATCH the endpoint; fails on anything but 200.
p13_patch() {
  local answer
  answer=$(curl -s --max-time 30 -w '\n%{http_code}' -X PATCH -H "authorization: Bearer $1" \
    -H 'content-type: application/merge-patch+json' "$api/webhooks/$p13_endpoint" -d "$2")
  [ "${answer##*$'\n'}" = 200 ] || { echo "bench/run: P13 PATCH $2: $answer" >&2; return 1; }
}

p13_webhooks() {
  local raise_s=$((3 * duration)) burst_s=$duration token answer body
  token=$(login admin@hub.example)
  # The admin's hub endpoint, pointing at the receiver (loopback: allowed by HUB_WEBHOOK_ALLOW_ADDRESSES).
  answer=$(curl -s --max-time 30 -w '\n%{http_code}' -H "authorization: Bearer $token" -H 'content-type: application/json' \
    "$api/webhooks" -d "{\"url\":\"$p13_receiver/hook\",\"description\":\"bench P13\",\"events\":[\"proposal.decided\"],\"scope\":\"hub\"}")
  [ "${answer##*$'\n'}" = 201 ] || { echo "bench/run: P13 endpoint: $answer" >&2; return 1; }
  p13_endpoint=$(jf endpoint.id <<<"${answer%$'\n'*}")
  local ping="$api/webhooks/$p13_endpoint/ping"

  # Baseline: the receiver's own capacity, wrk posting a delivery's body and headers straight to it, at the hub's
  # delivery concurrency.
  body=$(printf '{"type":"webhook.ping","timestamp":"2026-12-06T12:00:00.000Z","data":{"endpoint_id":"%s"}}' "$p13_endpoint")
  local base_json
  base_json=$(WRK_BODY="$body" wrk_json "$p13_concurrency" "$p13_receiver/baseline" -H 'webhook-id: msg_bench' \
    -H "webhook-timestamp: $(date +%s)" -H 'webhook-signature: v1,Ym9ndXM=')

  # One event first: the path works (fails fast when a delivery cannot reach the receiver).
  curl -sf --max-time 30 -o /dev/null -X POST -H "authorization: Bearer $token" "$ping"
  p13_wait_drained 30 >/dev/null
  local warm
  read -r _ warm < <(p13_receiver_stats /hook)
  [ "$warm" -eq 1 ] || { echo "bench/run: P13: the receiver got $warm events, not 1" >&2; return 1; }

  # 1. Keeping up: pings at a fixed 200/s for raise_s; the backlog at the stop and the time it takes to drain.
  local marker raise_json backlog drain
  marker=$(p13_marker)
  raise_json=$(duration=$raise_s WRK_RATE=$p13_rate WRK_BODY="" wrk_json 8 "$ping" -H "Authorization: Bearer $token")
  backlog=$(p13_pending)
  drain=$(p13_wait_drained 120)
  p13_timeline "$marker" >"$work/p13-raise.txt"
  local figures raised_rate delivered_rate lag_p50 lag_p95 lag_max max_backlog events retried undelivered
  figures=$(python3 - "$work/p13-raise.txt" <<'PY'
import sys
rows = [line.split("|") for line in open(sys.argv[1]) if line.strip()]
created = sorted(float(r[0]) for r in rows)
delivered = [float(r[1]) for r in rows if r[1]]
retried = sum(1 for r in rows if int(r[2]) > 1)
n, first, last = len(created), created[0], created[-1]
raised = (n - 1) / (last - first)
# Delivered per second while events were raised: the worker records a batch under one delivered_at, so the rate is
# what the batches after the first carried, over the time from the first batch to the last one before the stop.
batches = {}
for t in delivered:
    batches[t] = batches.get(t, 0) + 1
steady = sorted((t, c) for t, c in batches.items() if t <= last)
rate = sum(c for _, c in steady[1:]) / (steady[-1][0] - steady[0][0]) if len(steady) > 2 else 0.0
lags = sorted((float(r[1]) - float(r[0])) * 1000 for r in rows if r[1])
pct = lambda p: lags[min(len(lags) - 1, int(p / 100 * len(lags)))]
# The backlog (raised, not yet delivered) at each instant while raising, its largest.
events = sorted([(t, 1) for t in created] + [(t, -1) for t in delivered if t <= last])
depth = peak = 0
for _, step in events:
    depth += step
    peak = max(peak, depth)
print(f"{raised:.1f} {rate:.1f} {pct(50):.0f} {pct(95):.0f} {lags[-1]:.0f} {peak} {n} {retried} {n - len(delivered)}")
PY
)
  read -r raised_rate delivered_rate lag_p50 lag_p95 lag_max max_backlog events retried undelivered <<<"$figures"
  [ "$undelivered" -eq 0 ] || { echo "bench/run: P13: $undelivered events not delivered" >&2; return 1; }
  # The receiver heard of each exactly once (distinct webhook-ids; a repeated one would be a duplicate delivery).
  local requests distinct
  read -r requests distinct < <(p13_receiver_stats /hook)
  if [ "$distinct" -ne "$((events + warm))" ]; then
    echo "bench/run: P13: the receiver got $distinct distinct webhook-ids for $((events + warm)) events" >&2
    return 1
  fi
  local setting="$engine ${p13_rate}/s x${raise_s}s"
  ratio_row "P13 events raised (pings)" "$setting c=8" \
    "$(fmt "$raised_rate" 1)/s ($events, p99 $(fmt "$(jf p99_ms <<<"$raise_json")" 1) ms)" "${p13_rate}/s (target)" \
    "$raised_rate" "$p13_rate" ">=" 0.95
  ratio_row "P13 webhook deliveries/s" "$setting" \
    "$(fmt "$delivered_rate" 1)/s ($((requests - distinct)) dup, $retried retried)" "$(fmt "$raised_rate" 1)/s raised" \
    "$delivered_rate" "$raised_rate" ">=" 0.98
  ratio_row "P13 backlog drained after stop" "$setting" "${drain} s (backlog $backlog, max $max_backlog)" \
    "${p13_drain_limit} s (limit)" "$drain" "$p13_drain_limit" "<=" 1.0
  row "P13 lag created->delivered" "$setting" "p50 $lag_p50 ms, p95 $lag_p95, max $lag_max" \
    "HUB_WEBHOOK_POLL_MS=${HUB_WEBHOOK_POLL_MS:-500}" "-" "-" "measured"

  # 2. Capacity: the endpoint paused, pings as fast as they come for burst_s, then enabled again: how fast the hub
  # delivers what waited, against how fast the receiver takes posts.
  local burst_json queued enabled_at last_at capacity
  p13_patch "$token" '{"enabled": false}'
  marker=$(p13_marker)
  burst_json=$(duration=$burst_s WRK_BODY="" wrk_json 8 "$ping" -H "Authorization: Bearer $token")
  queued=$(p13_pending)
  p13_patch "$token" '{"enabled": true}'
  p13_wait_drained 600 >/dev/null
  enabled_at=$(sql "SELECT EXTRACT(EPOCH FROM updated_at) FROM webhook_endpoints WHERE id = '$p13_endpoint'")
  last_at=$(sql "SELECT EXTRACT(EPOCH FROM MAX(delivered_at)) FROM webhook_deliveries
                 WHERE endpoint_id = '$p13_endpoint' AND created_at > '$marker'")
  capacity=$(awk -v n="$queued" -v a="$enabled_at" -v b="$last_at" 'BEGIN { if (b > a) printf "%.1f", n / (b - a); else print 0 }')
  read -r requests distinct < <(p13_receiver_stats /hook)
  [ "$distinct" -eq "$((events + warm + queued))" ] ||
    { echo "bench/run: P13 burst: $distinct distinct webhook-ids for $((events + warm + queued)) events" >&2; return 1; }
  row "P13 delivery capacity (burst)" "$engine $queued queued, c=$p13_concurrency" \
    "$(fmt "$capacity" 1) deliveries/s" "$(fmt "$(jf rps <<<"$base_json")") req/s wrk -> receiver" \
    "$(awk -v a="$capacity" -v b="$(jf rps <<<"$base_json")" 'BEGIN { printf "%.2f", a / b }')" "-" \
    "measured (queued at $(fmt "$(jf rps <<<"$burst_json")")/s)"
}
