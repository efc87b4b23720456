# shellcheck shell=bash
# P10 of bench/run, which sources this file: the similarity checks of issue 18 at scale — the reuse check
# (GET /proposals/{id}/similar-services, also what submitting a proposal runs) and the screening's similar
# proposals (GET /proposals/{id}/similar-proposals) — p95 latency at one client against a 50 ms limit, with a
# plain authenticated GET /proposals/{id} on the same ids, same client, as the run's own baseline. It uses
# bench/run's helpers and settings (sql, seed, login, wrk_json, ratio_row, …) and defines only functions.

# p10_similarity: tops the current engine's dataset up to $sim_proposals proposals and $sim_services
# catalogue services (synthetic ones, with varied texts and their full-text documents), then measures with
# the hub manager over $sim_ids non-draft proposals, one at random per request. Run it after the engine's
# other steps: it only adds to their dataset.
p10_similarity() {
  local have_p have_s add_p add_s t0 seconds token found base reuse similar
  have_p=$(sql "SELECT COUNT(*) FROM proposals") have_s=$(sql "SELECT COUNT(*) FROM services")
  add_p=$((sim_proposals > have_p ? sim_proposals - have_p : 0))
  add_s=$((sim_services > have_s ? sim_services - have_s : 0))
  t0=$(date +%s%N)
  if [ "$add_p" -gt 0 ] || [ "$add_s" -gt 0 ]; then seed --synthetic "$add_p" --services "$add_s"; fi
  # As after any bulk load (and before autovacuum would get to it, during the measurement): the GIN
  # indexes' pending entries merged, fresh statistics.
  if [ "$engine" = PostgreSQL ]; then sql "VACUUM (ANALYZE) proposals" && sql "VACUUM (ANALYZE) services"; fi
  seconds=$(awk -v ns=$(($(date +%s%N) - t0)) 'BEGIN { printf "%.1f", ns / 1e9 }')

  sql "SELECT id FROM proposals WHERE state <> 'draft' ORDER BY random() LIMIT $sim_ids" >"$work/p10-ids"
  [ -s "$work/p10-ids" ] || { echo "bench/run: no proposal to compare" >&2; return 1; }
  local path="${api#http://*/}" kind
  for kind in "" /similar-services /similar-proposals; do
    sed "s|^|/$path/proposals/|; s|\$|$kind|" "$work/p10-ids" >"$work/p10-paths${kind//\//-}"
  done
  token=$(login manager@hub.example)
  # The checks find something (synthetic texts share vocabulary, as real ones do): how many of 20 ids.
  found=$(head -n 20 "$work/p10-ids" | python3 -c 'import json, sys, urllib.request
api, token, ids, found = sys.argv[1], sys.argv[2], sys.stdin.read().split(), {}
for kind in ("similar-services", "similar-proposals"):
    for i in ids:
        request = urllib.request.Request(f"{api}/proposals/{i}/{kind}", headers={"authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            found[kind] = found.get(kind, 0) + (1 if json.load(answer)["items"] else 0)
services, proposals = found["similar-services"], found["similar-proposals"]
print(f"{services}/{len(ids)} find services, {proposals}/{len(ids)} proposals")' \
    "$api" "$token")
  local size
  size="$(sql "SELECT COUNT(*) FROM proposals") proposals, $(sql "SELECT COUNT(*) FROM services") services"
  row "P10 dataset" "$engine" "$size" "+$add_p/+$add_s in ${seconds}s" "-" "-" "$found"
  base=$(WRK_PATHS="$work/p10-paths" wrk_json 1 "$api/proposals/$(head -n1 "$work/p10-ids")" \
    -H "Authorization: Bearer $token")
  reuse=$(WRK_PATHS="$work/p10-paths-similar-services" wrk_json 1 \
    "$api/proposals/$(head -n1 "$work/p10-ids")/similar-services" -H "Authorization: Bearer $token")
  similar=$(WRK_PATHS="$work/p10-paths-similar-proposals" wrk_json 1 \
    "$api/proposals/$(head -n1 "$work/p10-ids")/similar-proposals" -H "Authorization: Bearer $token")
  local base_p95
  base_p95=$(jf p95_ms <<<"$base")
  p10_row "P10 reuse check p95" "$reuse" "$base_p95"
  p10_row "P10 similar proposals p95" "$similar" "$base_p95"
  row "P10 GET /proposals/{id} p95" "$engine c=1" "$(fmt "$base_p95" 2) ms (p50 $(fmt "$(jf p50_ms <<<"$base")" 2))" \
    "-" "-" "-" "baseline"
  # How good the fast answer is: against the exact one (every other proposal scored) over a sample.
  local recall
  recall=$(timeout 1200 "$hub" similarity-recall --sample "$sim_recall_sample") || { echo "$recall" >&2; return 1; }
  row "P10 similar proposals recall" "$engine" \
    "$(fmt "$(jf recall <<<"$recall")" 2) of the exact top $(jf sample <<<"$recall") lists' places" "-" "-" "-" \
    "top one found for $(fmt "$(jf top_found <<<"$recall")" 2) ($(jf with_similar <<<"$recall") with any)"
}
# p10_row TARGET JSON BASELINE_P95: the p95 against the 50 ms limit, with the p50 and the multiple of the baseline.
p10_row() {
  local p95 times
  p95=$(jf p95_ms <<<"$2")
  times=$(awk -v a="$p95" -v b="$3" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }')
  ratio_row "$1" "$engine c=1" "$(fmt "$p95" 2) ms (p50 $(fmt "$(jf p50_ms <<<"$2")" 2)), ${times}x GET" \
    "50 ms (limit)" "$p95" 50 "<=" 1.0
}
