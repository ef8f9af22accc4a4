# shellcheck shell=bash
# Stoppable children (sourced, not run): `run_child COMMAND...` runs a command the script waits
# for (a Maven build, a class-data training run) so that TERM, INT or HUP sent to the script
# (Ctrl-C, kill, timeout, a container's stop) ends that child too, instead of leaving it running
# without its parent. The script then removes the paths listed in child_leftovers and exits
# 128 + the signal's number (130 INT, 143 TERM, 129 HUP), as the child would have.
child_pid=''
child_leftovers=()

stop_child() {
  local code="$1"
  if [ -n "$child_pid" ]; then
    kill -TERM "$child_pid" 2> /dev/null || true
    wait "$child_pid" 2> /dev/null || true
  fi
  [ "${#child_leftovers[@]}" -eq 0 ] || rm -rf -- "${child_leftovers[@]}"
  exit "$code"
}
trap 'stop_child 129' HUP
trap 'stop_child 130' INT
trap 'stop_child 143' TERM

# Its exit status is the command's. (In the background, since bash runs a trap only once the
# foreground command has ended; `wait` returns at once when a signal comes.)
run_child() {
  local status=0
  # exec: the child's pid is the command's own (not a subshell's), and it has no trap of ours
  (
    trap - HUP INT TERM
    exec "$@"
  ) &
  child_pid=$!
  wait "$child_pid" || status=$?
  child_pid=''
  return "$status"
}
