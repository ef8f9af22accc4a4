# shellcheck shell=bash
# SegEval's Maven build for the scripts (sourced after child.sh; the caller sets root, the checkout).
# `maven_package WHO [MAVEN_ARG...]` runs `mvn -B -q -DskipTests package MAVEN_ARG...` on the whole
# reactor, stoppable (run_child), with one progress line and its output in build_log; when it fails,
# it shows build_log's last 30 lines and exits 1. WHO names the script in both messages. Scripts
# started side by side take build_lock first (lock.sh), so that only one of them builds.
# shellcheck disable=SC2154 # root is the caller's
build_log="$root/jobs/target/segeval-build.log"
# shellcheck disable=SC2034 # the callers'
build_lock="$root/jobs/target/segeval-build.lock"

maven_package() {
  local who="$1"
  shift
  echo "$who: building SegEval with Maven (the first time this downloads Spark; a few minutes)..." >&2
  if ! run_child mvn -f "$root/pom.xml" -B -q -DskipTests package "$@" > "$build_log" 2>&1; then
    echo "$who: the build failed; the last lines of $build_log:" >&2
    tail -n 30 "$build_log" >&2
    exit 1
  fi
}
