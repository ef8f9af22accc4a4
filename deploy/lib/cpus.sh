# shellcheck shell=bash
# Sourced by deploy/segeval (not run).

# Prints the number of CPUs this process may use, counted as the JVM counts them: the CPUs it may
# run on (nproc: the affinity mask), or fewer when a cgroup CPU quota allows less, rounded up
# (cgroup v2: cpu.max "QUOTA PERIOD"; v1: cpu.cfs_quota_us / cpu.cfs_period_us; "max" or -1 is no
# quota). A container limited to 2 CPUs on a 64-CPU host counts 2. The two arguments, for the
# tests only, replace /proc/self/cgroup and the cgroup mount root /sys/fs/cgroup.
cpu_count() {
  local proc_cgroup="${1:-/proc/self/cgroup}" root="${2:-/sys/fs/cgroup}"
  local cpus line path dir quota period limit
  cpus="$(nproc 2> /dev/null || echo 4)"
  [ -r "$proc_cgroup" ] || { echo "$cpus"; return 0; }
  while IFS= read -r line; do
    quota='' period=''
    case "$line" in
      0::*) # v2: the file of this process's cgroup, or the mount's root inside a container
        path="${line#0::}"
        for dir in "$root$path" "$root"; do
          if [ -r "$dir/cpu.max" ]; then
            read -r quota period < "$dir/cpu.max" || true
            break
          fi
        done ;;
      *:cpu:* | *:cpu,cpuacct:* | *:cpuacct,cpu:*) # v1: the cpu controller's hierarchy
        path="${line#*:*:}"
        for dir in "$root/cpu,cpuacct$path" "$root/cpu$path" "$root/cpu,cpuacct" "$root/cpu"; do
          if [ -r "$dir/cpu.cfs_quota_us" ] && [ -r "$dir/cpu.cfs_period_us" ]; then
            quota="$(< "$dir/cpu.cfs_quota_us")"
            period="$(< "$dir/cpu.cfs_period_us")"
            break
          fi
        done ;;
    esac
    if [[ $quota =~ ^[1-9][0-9]*$ && $period =~ ^[1-9][0-9]*$ ]]; then
      limit=$(((quota + period - 1) / period))
      if [ "$limit" -lt "$cpus" ]; then cpus="$limit"; fi
    fi
  done < "$proc_cgroup"
  echo "$cpus"
}
