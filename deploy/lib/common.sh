# shellcheck shell=bash
# Shared by deploy/submit and deploy/local-cluster (sourced, not run).
#
# The application jar (jobs/target/segeval-jobs-VERSION-app.jar) and the Spark closure Maven
# resolved (jobs/target/spark-home/jars, a SPARK_HOME without bin/ scripts) are both made by
# `mvn package`; ensure_built runs Maven on first use or after a source change, like deploy/segeval.
# SEGEVAL_SKIP_BUILD=1 turns that into an error instead (the cluster tests set it: they run inside
# a Maven build that has just made both).

deploy_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(dirname "$deploy_dir")"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -n 1)"
app_jar="$root/jobs/target/segeval-jobs-$version-app.jar"
bundled_spark_home="$root/jobs/target/spark-home"

# shellcheck source=deploy/lib/java.sh
source "$deploy_dir/lib/java.sh"
# shellcheck source=deploy/lib/child.sh
source "$deploy_dir/lib/child.sh"
# shellcheck source=deploy/lib/lock.sh
source "$deploy_dir/lib/lock.sh"
# shellcheck source=deploy/lib/build.sh
source "$deploy_dir/lib/build.sh"
select_java "${0##*/}"
# shellcheck disable=SC2034 # deploy/local-cluster's
mapfile -t spark_jvm_options < "$deploy_dir/jvm-options"

needs_build() {
  [ -f "$app_jar" ] && [ -d "$bundled_spark_home/jars" ] || return 0
  [ -n "$(find "$root/pom.xml" "$root/udfs/pom.xml" "$root/jobs/pom.xml" "$root/udfs/src/main" "$root/jobs/src/main" \
      -newer "$app_jar" -print -quit 2>/dev/null)" ]
}

# Builds the app jar and the bundled Spark home when missing or older than the sources (once, when
# scripts are started side by side: the others wait for the first's build).
ensure_built() {
  local who="$1"
  needs_build || return 0
  if [ "${SEGEVAL_SKIP_BUILD:-0}" = 1 ]; then
    echo "$who: $app_jar or $bundled_spark_home/jars is missing or stale and SEGEVAL_SKIP_BUILD=1; run mvn package" >&2
    exit 1
  fi
  mkdir -p "$root/jobs/target"
  take_lock "$build_lock"
  needs_build || { release_lock; return 0; }
  maven_package "$who"
  touch "$app_jar"
  release_lock
}
