#!/bin/bash
# Train (2 epochs) then score one database with one checkout of the code, each under /usr/bin/time -v,
# to compare versions on the same history by CPU time (bench/RESULTS.md, issue 21).
# usage: bench/compare-versions.sh CODE_DIR DB_DIR   (DB_DIR/churn.duckdb: a copy per version)
# Writes DB_DIR/{train,score}.json (the --json results), {train,score}.err and bench.log.
set -u
code=$1
dir=$2
printf '{"model":{"epochs":2,"patience":2}}\n' > "$dir/train.config.json"
cd "$code"
export CHURN_TF_BACKEND=wasm
for stage in train score; do
  extra=""
  [ "$stage" = score ] && extra="--no-plan"
  echo "== $stage $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$dir/bench.log"
  /usr/bin/time -v node bin/churn.mjs $stage --db "$dir/churn.duckdb" --config "$dir/train.config.json" $extra --json \
    > "$dir/$stage.json" 2> "$dir/$stage.err"
  echo "exit $? $(grep -E 'Elapsed|User time|System time|Maximum resident' "$dir/$stage.err" | tr -s ' ' | tr '\n' ';')" >> "$dir/bench.log"
done
