# shellcheck shell=bash
# P3 and P4 of bench/run, which sources this file: the review draft save + submit against the same
# transactions run raw (pgbench on PostgreSQL, the sqlite3 shell on SQLite). It uses bench/run's helpers
# and settings (sql, login, wrk_json, ratio_row, …) and defines only functions.

# --- P3, P4: review draft save + submit -------------------------------------------------------------------
# Reviews b0000000-0000-7000-b000-{n:012}, n = 1…count, open (conflict confirmed) for `evaluators` new
# evaluators, spread over every proposal; their tokens in $review_tokens.
prepare_reviews() { # prepare_reviews NEEDED
  local have k ids=() pad
  # Only a proposal under review takes reviews (issue 14: a review closes when its proposal leaves review).
  have=$(sql "SELECT COUNT(*) FROM proposals WHERE state = 'under_review'")
  [ "$have" -gt 0 ] || { echo "bench/run: no proposal under review to review" >&2; return 1; }
  evaluators=$(( ($1 + have - 1) / have ))
  local per=$(( ($1 + evaluators - 1) / evaluators )) # proposals used per evaluator
  review_tokens=""
  for k in $(seq "$evaluators"); do
    ids+=("$(printf '%s\n' "$password" |
      timeout 60 "$hub" admin create-user --email "bench.evaluator$k@hub.example" --role evaluator |
      sed -n 's/.*(\(.*\)).*/\1/p')")
    [ -n "${ids[-1]}" ] || return 1
  done
  pad=$([ "$engine" = PostgreSQL ] && echo "lpad(((p.rn - 1) * $evaluators + e.k)::text, 12, '0')" ||
    echo "printf('%012d', (p.rn - 1) * $evaluators + e.k)")
  local values="" i=0
  for k in "${ids[@]}"; do
    i=$((i + 1)); values+="${values:+ UNION ALL }SELECT $i AS k, '$k' AS id"
  done
  sql "INSERT INTO assignments (id, proposal_id, proposal_version, evaluator_id, due_at, state,
         conflict_confirmed_at, comments, revision, created_at, updated_at)
       SELECT 'b0000000-0000-7000-b000-' || $pad, p.id, p.version, e.id, p.created_at, 'assigned',
         p.created_at, '{}', 1, p.created_at, p.created_at
       FROM (SELECT id, version, created_at, ROW_NUMBER() OVER (ORDER BY id) AS rn FROM proposals
             WHERE state = 'under_review') p
       CROSS JOIN ($values) e WHERE p.rn <= $per"
  review_count=$(sql "SELECT COUNT(*) FROM assignments WHERE id LIKE 'b0000000-0000-7000-b000-%'")
  for k in $(seq "$evaluators"); do review_tokens+="$(login "bench.evaluator$k@hub.example") "; done
  review_next=1
}
# review_wrk C → JSON; advances review_next (call it in the current shell, not in $(…)).
review_wrk() {
  local out json
  out=$(REVIEW_FROM="$review_next" REVIEW_TO="$review_count" REVIEW_TOKENS="$review_tokens" \
    wrk -t1 -c"$1" -d"${duration}s" --timeout 10s -s "$bench/review.lua" "$base") ||
    { printf '%s\n' "$out" >&2; return 1; }
  json=$(printf '%s\n' "$out" | tail -n1)
  printf '%s\n' "$out" >"$work/review.out"
  review_json="$json"
  review_next=$(jf next <<<"$json")
  if [ "$(jf exhausted <<<"$json")" -ne 0 ]; then
    echo "bench/run: the $engine hub used up its $review_count open reviews (c=$1); raise the write set" >&2
    return 1
  fi
}
# The baselines' audit entries go to twins of the audit tables: in the hub's own, entries without its
# key would break its chain (and the hub refuses to extend a chain past its head). Same shape, same
# statements: the head by key, one insert, the head moved.
baseline_audit_tables() {
  sql "CREATE TABLE IF NOT EXISTS bench_audit_log (seq BIGINT PRIMARY KEY NOT NULL, id TEXT NOT NULL,
    occurred_at TIMESTAMP NOT NULL, actor_id TEXT, action TEXT NOT NULL, target_type TEXT NOT NULL,
    target_id TEXT NOT NULL, details TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
  CREATE UNIQUE INDEX IF NOT EXISTS bench_audit_log_id_key ON bench_audit_log (id);
  CREATE INDEX IF NOT EXISTS bench_audit_log_target_idx ON bench_audit_log (target_type, target_id);
  CREATE TABLE IF NOT EXISTS bench_audit_head (id INTEGER PRIMARY KEY NOT NULL, seq BIGINT NOT NULL,
    hash TEXT NOT NULL, unkeyed_until BIGINT NOT NULL, key_id TEXT NOT NULL, mac TEXT NOT NULL);
  INSERT INTO bench_audit_head SELECT 1, 0, 'genesis', 0, 'bench', 'none'
    WHERE NOT EXISTS (SELECT 1 FROM bench_audit_head);"
}
p3_reviews_pg() {
  local c tps
  prepare_reviews $((1500 * duration * $(wc -w <<<"$concurrency")))
  baseline_audit_tables
  for c in $concurrency; do
    review_wrk "$c"
    wrk_check "$review_json" "PUT+submit /reviews" "$(cat "$work/review.out")"
    # on the reviews the hub has finished with, so that the next hub run finds its own still open
    tps=$(pgbench_tps "$c" "$pg_url" -f "$bench/review-tx.sql" -D from=1 -D to=$((review_next - 1)))
    ratio_row "P3 review save+submit" "$engine c=$c" "$(fmt "$(jf tx_per_s <<<"$review_json")") tx/s" \
      "$(fmt "$tps") tps pgbench" "$(jf tx_per_s <<<"$review_json")" "$tps" ">=" 0.6
  done
}
# The raw SQLite transaction: the hub's statements for save + submit with literal values, BEGIN IMMEDIATE,
# the hub's pragmas, through one sqlite3 shell; transactions/s of TX of them on random reviews.
sqlite_raw_tps() { # sqlite_raw_tps TX
  local file="$work/review-tx.sqlite.sql" map="$work/reviews.map" t0 t1
  sql "SELECT id, proposal_id, evaluator_id FROM assignments WHERE id LIKE 'b0000000-0000-7000-b000-%'" >"$map"
  awk -F '|' -v tx="$1" -v seed="$RANDOM" -v q="'" '
    { id[NR] = $1; p[NR] = $2; e[NR] = $3 }
    END {
      srand(seed)
      cols = "id, proposal_id, proposal_version, evaluator_id, assigned_by, due_at, state, conflict_confirmed_at, " \
        "declined_reason, comments, overall_comment, confidential_comment, recommendation, submitted_at, " \
        "reminder_sent_at, revision, created_at, updated_at, score_security_sovereignty, score_growth_development, " \
        "score_talent_skills, score_effectiveness_sustainability"
      now = "strftime(" q "%Y-%m-%d %H:%M:%f" q ", " q "now" q ")"
      print "PRAGMA busy_timeout = 15000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
      print "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;"
      print ".output /dev/null"
      for (t = 0; t < tx; t++) {
        n = int(rand() * NR) + 1; a = q id[n] q
        get = "SELECT " cols " FROM assignments WHERE id = " a " LIMIT 1;"
        rest = "SELECT title FROM proposals WHERE id = " q p[n] q " LIMIT 1;\n" \
          "SELECT display_name FROM users WHERE id = " q e[n] q " LIMIT 1;\nCOMMIT;"
        print "BEGIN IMMEDIATE;"; print get
        print "UPDATE assignments SET state = " q "in_progress" q ", score_security_sovereignty = 8, " \
          "score_growth_development = 7, score_talent_skills = 6, score_effectiveness_sustainability = 9, " \
          "comments = " q "{}" q ", overall_comment = " q "Proposta solida, ben argomentata e sostenibile." q ", " \
          "confidential_comment = NULL, recommendation = " q "accept" q ", revision = revision + 1, updated_at = " now \
          " WHERE id = " a ";"
        print get; print rest
        print "BEGIN IMMEDIATE;"; print get
        print "UPDATE assignments SET state = " q "submitted" q ", submitted_at = " now ", revision = revision + 1, " \
          "updated_at = " now " WHERE id = " a ";"
        print "SELECT id, seq, hash, unkeyed_until, key_id, mac FROM bench_audit_head WHERE id = 1;"
        print "INSERT INTO bench_audit_log (seq, id, occurred_at, actor_id, action, target_type, target_id, " \
          "details, prev_hash, hash) SELECT seq + 1, lower(hex(randomblob(16))), " now ", " q e[n] q ", " \
          q "review.moved" q ", " q "assignment" q ", " a ", " q "{\"action\":\"submit\"}" q ", hash, " \
          q sprintf("%064d", t) q " FROM bench_audit_head WHERE id = 1;"
        print "UPDATE bench_audit_head SET seq = seq + 1, hash = " q sprintf("%064d", t) q ", mac = " \
          q sprintf("%064d", t) q " WHERE id = 1;"
        print get; print rest
      }
    }' "$map" >"$file"
  t0=$(date +%s%N)
  timeout 600 sqlite3 -bail "$HUB_DATA_DIR/hub.db" <"$file" >/dev/null
  t1=$(date +%s%N)
  awk -v ns=$((t1 - t0)) -v tx="$1" 'BEGIN { printf "%.1f", tx / (ns / 1e9) }'
}
p4_reviews_sqlite() {
  local c calib tx tps locked failed results=()
  prepare_reviews $((2500 * duration * ($(wc -w <<<"$concurrency") + 1)))
  baseline_audit_tables
  for c in $concurrency; do
    review_wrk "$c"
    wrk_check "$review_json" "PUT+submit /reviews" "$(cat "$work/review.out")"
    results+=("$c $(jf tx_per_s <<<"$review_json")")
  done
  # 64 concurrent writers: every answer must be a 200, and no "database is locked" anywhere.
  review_wrk "$locked_writers"
  locked=$(grep -ci 'database is locked' "$HUB_DATA_DIR/serve.log" || true)
  failed=$(python3 -c 'import json, sys; j = json.loads(sys.argv[1]); print(j["unexpected"] + sum(j["errors"].values()))' "$review_json")
  # Raw baseline, after the hub's runs (it moves reviews at random): calibrate on 200 transactions, then
  # run about `duration` seconds of them.
  calib=$(sqlite_raw_tps 200)
  tx=$(awk -v r="$calib" -v d="$duration" 'BEGIN { n = int(r * d); print (n < 200 ? 200 : n) }')
  tps=$(sqlite_raw_tps "$tx")
  local r
  for r in "${results[@]}"; do
    set -- $r
    ratio_row "P4 review save+submit" "$engine c=$1" "$(fmt "$2") tx/s" "$(fmt "$tps") tx/s sqlite3, 1 conn" \
      "$2" "$tps" ">=" 0.5
  done
  row "P4 'database is locked'" "$engine c=$locked_writers" \
    "$locked locked, $failed failed ($(fmt "$(jf tx_per_s <<<"$review_json")") tx/s)" "0" "-" "= 0" \
    "$([ "$locked" -eq 0 ] && [ "$failed" -eq 0 ] && echo met || echo MISSED)"
}
