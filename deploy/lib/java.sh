# shellcheck shell=bash
# The Java every deploy/ and bench/ script runs (sourced, not run): select_java WHO sets java_cmd
# ($JAVA_HOME/bin/java, else `java` on the PATH) and java_binary (the file it resolves to), or says
# in one line why there is none that fits and exits 2. Spark 4.1 needs Java 17 or later and supports
# 17 and 21; the Hadoop 3.4.2 client it ships calls Subject.getSubject, which Java 23 refuses unless
# started with -Djava.security.manager=allow and Java 24 and later always: Java 17 to 22 runs
# SegEval, and a Java other than 17 or 21 gets a one-line warning.

# Java names files in the charset of the locale: under C/POSIX (cron, `env -i`, many containers)
# it cannot open a path with non-ASCII letters (a checkout, an image id), and the JVM does not even
# find its own classes. The JVMs these scripts start (Maven's too) get UTF-8 then.
case "$(locale charmap 2> /dev/null || echo "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}")" in
  *[Uu][Tt][Ff]-8* | *[Uu][Tt][Ff]8*) ;;
  *) export LC_ALL=C.UTF-8 ;;
esac

java_cmd=''
java_binary=''
select_java() {
  local who="$1" found java_home java_feature
  java_cmd="java"
  [ -n "${JAVA_HOME:-}" ] && java_cmd="$JAVA_HOME/bin/java"
  if ! found="$(command -v "$java_cmd")" || [ ! -x "$found" ]; then
    if [ -n "${JAVA_HOME:-}" ]; then
      echo "$who: JAVA_HOME=$JAVA_HOME has no bin/java: set JAVA_HOME to a JDK 17 or 21" >&2
    else
      echo "$who: no java on the PATH and JAVA_HOME is not set: install a JDK 17 or 21, or set JAVA_HOME to one" >&2
    fi
    exit 2
  fi
  java_binary="$(readlink -f "$found")"
  # The JDK's release file says which Java this is, without starting a JVM (none: not checked).
  java_home="$(dirname "$(dirname "$java_binary")")"
  java_feature="$(sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' "$java_home/release" 2> /dev/null || true)"
  case "$java_feature" in
    '' | 17 | 21) ;;
    18 | 19 | 20 | 22)
      echo "$who: warning: $java_home is Java $java_feature, which Spark 4.1 does not support (it supports" \
        "17 and 21); going on: set JAVA_HOME to a JDK 17 or 21 to be on a supported one" >&2 ;;
    *)
      echo "$who: $java_home is Java $java_feature; SegEval runs on Java 17 to 22 (Spark 4.1 needs 17+," \
        "and the Hadoop client it ships fails on 23 and later): set JAVA_HOME to a JDK 17 or 21" >&2
      exit 2 ;;
  esac
}
