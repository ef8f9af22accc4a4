#!/usr/bin/env bash
# Memory check (issue 6, docs/cluster.md "Sizing"): evaluates IMAGES binary images of 512x512
# pixels with --lovasz both on 1 GiB executors and reports the time and the result. It passes when
# the job completes: the dataset-wide Lovász sort spills to disk rather than failing. Not run in CI
# (2,000 images take long on a small machine); run it by hand:
#
#   deploy/examples/memory-check.sh [IMAGES [MASTER]]     IMAGES default 2000
#
# Without MASTER it starts deploy/local-cluster (two workers of 1 core and 1 GiB for executors each),
# and stops it afterwards. The dataset (about 0.8 MB per image) is made once under
# SEGEVAL_MEMCHECK_DIR [ROOT/work/memory-check/IMAGES] by MemoryCheckData.java, next to this script;
# with a real cluster's MASTER, put it where the executors can read it (HDFS, S3, a shared file
# system), set SEGEVAL_MEMCHECK_DIR to that URI (generation is then skipped) and
# SEGEVAL_MEMCHECK_OUTPUT to where the results go.
set -euo pipefail

here="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
# shellcheck source=../lib/common.sh
source "$here/../lib/common.sh"

images="${1:-2000}"
master="${2:-}"
data="${SEGEVAL_MEMCHECK_DIR:-$root/work/memory-check/$images}"
output="${SEGEVAL_MEMCHECK_OUTPUT:-$root/work/memory-check/results-$images}"

ensure_built memory-check
if [[ "$data" != *://* ]] && [ ! -f "$data/.complete" ]; then
  echo "memory-check: writing $images images of 512x512 under $data ..." >&2
  rm -rf "$data"
  # shellcheck disable=SC2034 # read by child.sh's trap: a half-written dataset is removed
  child_leftovers=("$data")
  run_child "$java_cmd" -cp "$app_jar" "$here/MemoryCheckData.java" "$data" "$images" 512 1
  touch "$data/.complete"
  # shellcheck disable=SC2034 # read by child.sh's trap
  child_leftovers=()
fi

local_driver=()
if [ -z "$master" ]; then
  export SEGEVAL_WORKER_MEMORY=1g SEGEVAL_CLUSTER_DIR="$root/work/memory-check/cluster"
  master="$("$deploy_dir/local-cluster" start)"
  trap '"$deploy_dir/local-cluster" stop > /dev/null' EXIT
  local_driver=(--conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 --conf spark.ui.enabled=false)
  export SPARK_LOCAL_IP=127.0.0.1 SPARK_HOME="$bundled_spark_home" # the cluster's own Spark
fi

echo "memory-check: evaluating on $master with 1 GiB executors ..." >&2
start=$(date +%s)
# a child that a TERM or Ctrl-C ends too (then the EXIT trap stops the cluster)
run_child "$deploy_dir/submit" --master "$master" --executor-memory 1g --driver-memory 1g "${local_driver[@]}" \
  evaluate --pred "$data/pred" --target "$data/mask" --output "$output" --overwrite --lovasz both
echo "memory-check: $images images of 512x512 with --lovasz both on 1 GiB executors: done in $(( $(date +%s) - start )) s" >&2
