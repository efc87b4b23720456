# shellcheck shell=bash
# P12 of bench/run, which sources this file: the proposal annexes of issue 20 — the upload throughput of one
# big PDF by raw PUT /api/v1/proposals/{id}/annexes/{rule}/{filename} into the hub's default object store (the
# file system, $HUB_DATA_DIR/objects) against `dd … conv=fsync` of the same file into the same data dir, and the
# hub's peak RSS while many such uploads run at once, against 150 MiB. It uses bench/run's helpers and settings
# (login, jf, fmt, mib, status_kib, row, ratio_row, $api, $server, $work, $smoke, …) and defines only functions.

# p12_pdf OUT SIZE TRAILER…: a valid one-page PDF of SIZE bytes (its one content stream padded with spaces,
# the xref offsets computed after the padding) written to OUT; then, for each TRAILER n, OUT.n: the same bytes
# with a comment line `%% n` after `%%EOF` (still a PDF, and different content for the store, which keeps one
# object per SHA-256).
p12_pdf() {
  python3 - "$@" <<'PY'
import sys
out, size, trailers = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
objects = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
]
def build(padding):
    body = [b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"]
    offsets = []
    def at():
        return sum(len(b) for b in body)
    for n, o in enumerate(objects, 1):
        offsets.append(at())
        body.append(b"%d 0 obj\n%s\nendobj\n" % (n, o))
    offsets.append(at())
    body.append(b"4 0 obj\n<< /Length %d >>\nstream\n" % padding)
    body.append(b" " * padding)
    body.append(b"\nendstream\nendobj\n")
    xref = at()
    body.append(b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets))
    body.append(b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return body
overhead = sum(len(b) for b in build(0))
padding = size - overhead
if padding < 0:
    padding = 0
overhead = sum(len(b) for b in build(padding)) - padding  # the Length's digits
body = build(max(0, size - overhead))
with open(out, "wb") as f:
    f.writelines(body)
for n in trailers:
    with open(f"{out}.{n}", "wb") as f:
        f.writelines(body)
        f.write(b"%%%% %s\n" % n.encode())
PY
}

# p12_put TOKEN PROPOSAL FILENAME FILE [MAX_TIME]: one raw PUT of FILE (streamed from the file with its
# Content-Length; no `Expect: 100-continue` round trip); prints "HTTP_CODE SECONDS".
p12_put() {
  curl -s --max-time "${5:-300}" -o /dev/null -w '%{http_code} %{time_total}\n' -X PUT -T "$4" -H 'expect:' \
    -H 'content-type: application/pdf' -H "authorization: Bearer $1" \
    "$api/proposals/$2/annexes/bench/$3" || true
}

# p12_median < numbers: their median, one decimal.
p12_median() { sort -g | awk '{ r[NR] = $1 } END { printf "%.1f", r[int((NR + 1) / 2)] }'; }

# p12_setup: a challenge of its own, open, asking for up to 10 PDFs of up to 100 MiB in annex `bench`
# (the demo's telemedicina-territoriale takes one PDF of 20 MiB at most), and the proposer's token.
p12_setup() {
  local manager sponsor answer
  manager=$(login manager@hub.example)
  sponsor=$(curl -sf --max-time 30 -H "authorization: Bearer $manager" \
    "$api/organizations?kind=public_administration&limit=1" | jf items.0.id)
  p12_challenge="bench-allegati-$$"
  answer=$(curl -s --max-time 30 -w '\n%{http_code}' -H "authorization: Bearer $manager" \
    -H 'content-type: application/json' "$api/challenges" -d "$(python3 -c 'import datetime, json, sys
now = datetime.datetime.now(datetime.timezone.utc)
print(json.dumps({"slug": sys.argv[1], "title_it": "Sfida di prova degli allegati",
    "description_it": "Una sfida per misurare il caricamento degli allegati.", "sponsor_id": sys.argv[2],
    "opens_at": (now - datetime.timedelta(days=1)).isoformat(), "closes_at": (now + datetime.timedelta(days=30)).isoformat(),
    "annexes": [{"key": "bench", "name": "Allegato di prova", "types": ["pdf"], "max_bytes": 104857600, "max_count": 10}]}))' \
    "$p12_challenge" "$sponsor")")
  [ "${answer##*$'\n'}" = 201 ] || { echo "bench/run: P12 challenge: $answer" >&2; return 1; }
  curl -sf --max-time 30 -o /dev/null -X POST -H "authorization: Bearer $manager" "$api/challenges/$p12_challenge/open"
  p12_token=$(login proposer@aurora-labs.example)
}

# p12_draft: a new draft proposal on the P12 challenge; prints its id.
p12_draft() {
  curl -sf --max-time 30 -H "authorization: Bearer $p12_token" -H 'content-type: application/json' \
    "$api/proposals" -d "{\"challenge_id\":\"$p12_challenge\",\"title\":\"Proposta con allegati $1\"}" | jf id
}

# p12_annexes: the two measurements. Sizes: 20 MiB, 5 repetitions, 50 concurrent uploads (smoke: 2 MiB, 1, 5).
p12_annexes() {
  local size=$((20 * 1024 * 1024)) reps=5 clients=50 max_time=600
  if $smoke; then size=$((2 * 1024 * 1024)) reps=1 clients=5 max_time=60; fi
  local dir="$work/p12" label
  label="$((size / 1024 / 1024)) MiB PDF"
  mkdir -p "$dir"
  p12_setup

  # 1. Throughput: one upload at a time, each different bytes; dd of the same file into the data dir.
  p12_pdf "$dir/t.pdf" "$size" $(seq "$reps")
  local draft n answer code seconds bytes t0 t1
  draft=$(p12_draft throughput)
  # Any answer but 201 fails the step: the generated PDF must pass the hub's PDF check (its page counted).
  for n in $(seq "$reps"); do
    bytes=$(stat -c %s "$dir/t.pdf.$n")
    t0=$(date +%s%N)
    dd if="$dir/t.pdf.$n" of="$HUB_DATA_DIR/p12-dd.pdf" bs=1M conv=fsync status=none
    t1=$(date +%s%N)
    rm -f "$HUB_DATA_DIR/p12-dd.pdf"
    echo "$bytes $((t1 - t0))" >>"$dir/dd.txt"
    answer=$(p12_put "$p12_token" "$draft" "bench-$n.pdf" "$dir/t.pdf.$n" "$max_time")
    read -r code seconds <<<"$answer"
    if [ "$code" != 201 ]; then
      echo "bench/run: P12 upload $n answered $answer" >&2
      tail -n 20 "$HUB_DATA_DIR/serve.log" >&2
      return 1
    fi
    echo "$bytes $seconds" >>"$dir/put.txt"
  done
  local pages
  pages=$(curl -sf --max-time 30 -H "authorization: Bearer $p12_token" "$api/proposals/$draft/annexes" |
    python3 -c 'import json, sys; print(",".join(sorted({str(a["pages"]) for a in json.load(sys.stdin)["items"]})))')
  local put_mbs dd_mbs
  put_mbs=$(awk '{ print $1 / 1e6 / $2 }' "$dir/put.txt" | p12_median)
  dd_mbs=$(awk '{ print $1 / 1e6 / ($2 / 1e9) }' "$dir/dd.txt" | p12_median)
  rm -f "$dir"/t.pdf*
  ratio_row "P12 annex upload (PUT)" "$engine, $((size / 1024 / 1024)) MiB, n=$reps" "$put_mbs MB/s (201s, pages: $pages)" \
    "$dd_mbs MB/s dd bs=1M conv=fsync" "$put_mbs" "$dd_mbs" ">=" 0.5

  # 2. Memory: $clients uploads at once, each to its own draft, each different bytes; VmRSS polled every
  # 20 ms and VmHWM after (reset to VmRSS before when the kernel lets us), the peak the larger.
  local drafts=() pids=() idle peak=0 rss hwm i failed=0
  for i in $(seq "$clients"); do drafts+=("$(p12_draft "memoria $i")"); done
  p12_pdf "$dir/m.pdf" "$size" $(seq "$clients")
  rm -f "$dir/m.pdf"
  sleep 1
  idle=$(status_kib "$server" VmRSS)
  { echo 5 >"/proc/$server/clear_refs"; } 2>/dev/null || true
  t0=$(date +%s%N)
  for i in $(seq "$clients"); do
    p12_put "$p12_token" "${drafts[$((i - 1))]}" "memoria.pdf" "$dir/m.pdf.$i" "$max_time" >"$dir/m.$i.out" &
    pids+=($!)
  done
  while :; do
    rss=$(status_kib "$server" VmRSS)
    [ "${rss:-0}" -le "$peak" ] || peak=$rss
    local running=0
    for i in "${pids[@]}"; do kill -0 "$i" 2>/dev/null && running=$((running + 1)); done
    [ "$running" -gt 0 ] || break
    sleep 0.02
  done
  for i in "${pids[@]}"; do wait "$i" || true; done
  t1=$(date +%s%N)
  hwm=$(status_kib "$server" VmHWM)
  [ "$hwm" -le "$peak" ] || peak=$hwm
  for i in $(seq "$clients"); do
    read -r code seconds <"$dir/m.$i.out" || code=none
    [ "$code" = 201 ] || { echo "bench/run: P12 concurrent upload $i answered $(cat "$dir/m.$i.out")" >&2; failed=$((failed + 1)); }
  done
  rm -f "$dir"/m.pdf.*
  if [ "$failed" -gt 0 ]; then tail -n 20 "$HUB_DATA_DIR/serve.log" >&2; return 1; fi
  local after
  after=$(status_kib "$server" VmRSS)
  ratio_row "P12 peak RSS, uploads at once" \
    "$engine ${clients}x$((size / 1024 / 1024))MiB $(fmt "$(awk -v ns=$((t1 - t0)) 'BEGIN { print ns / 1e9 }')" 1)s" \
    "$(mib "$peak") MiB (idle $(mib "$idle"), after $(mib "$after"))" \
    "150 MiB (limit)" "$peak" $((150 * 1024)) "<=" 1.0
}
