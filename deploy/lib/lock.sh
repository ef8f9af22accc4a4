# shellcheck shell=bash
# A lock between launchers started side by side (sourced after child.sh): `take_lock FILE` waits
# (interruptibly) until no other process holds FILE's lock and takes it; `release_lock` gives it
# back, and must come before an `exec` (the JVM would hold the lock for its whole run otherwise).
# Without flock(1), or where FILE cannot be created, there is no lock and both simply go on.
lock_fd=''

take_lock() {
  { exec {lock_fd}> "$1"; } 2> /dev/null || { lock_fd=''; return 0; }
  if command -v flock > /dev/null; then
    run_child flock "$lock_fd"
  fi
}

release_lock() {
  [ -z "$lock_fd" ] || exec {lock_fd}>&-
  lock_fd=''
}
