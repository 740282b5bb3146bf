#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for simorg's Slurm tests: start | stop | status.
# Runs as root, without systemd, from Debian's slurm-wlm and munge (apt-get install -y slurm-wlm munge).
# Idempotent: `start` on a running cluster only waits for the node to be idle.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
CONF_DIR=/etc/slurm
STATE=/var/spool/slurm-simorg
LOG=/var/log/slurm-simorg
RUN=/run/slurm-simorg
HOST="$(hostname -s)"

die() { echo "slurm-cluster: $*" >&2; exit 1; }
running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

need() {
  [ "$(id -u)" = 0 ] || die "run it as root (it starts munged, slurmctld and slurmd)"
  for c in munged slurmctld slurmd sinfo; do
    command -v "$c" >/dev/null || die "'$c' is not installed: apt-get install -y slurm-wlm munge"
  done
}

start_munge() {
  mkdir -p /etc/munge /var/lib/munge /var/log/munge /run/munge
  if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
  fi
  chown -R munge:munge /etc/munge /var/lib/munge /var/log/munge /run/munge
  chmod 700 /etc/munge && chmod 400 /etc/munge/munge.key
  if ! running /run/munge/munged.pid; then
    # munged refuses to run as root; it forks and writes its own pid file.
    su -s /bin/sh munge -c 'munged'
  fi
}

write_conf() {
  local cpus mem
  cpus="$(nproc)"
  # RealMemory a little under the machine's (MB): slurmd drains a node that has less than it claims.
  mem="$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)"
  mkdir -p "$CONF_DIR" "$STATE/ctld" "$STATE/d" "$LOG" "$RUN"
  sed -e "s|@HOST@|$HOST|g" -e "s|@CPUS@|$cpus|g" -e "s|@MEM@|$mem|g" \
      -e "s|@STATE@|$STATE|g" -e "s|@LOG@|$LOG|g" -e "s|@RUN@|$RUN|g" \
      "$HERE/slurm/slurm.conf.template" > "$CONF_DIR/slurm.conf.tmp"
  mv "$CONF_DIR/slurm.conf.tmp" "$CONF_DIR/slurm.conf"
}

start() {
  need
  start_munge
  write_conf
  running "$RUN/slurmctld.pid" || slurmctld
  running "$RUN/slurmd.pid" || slurmd
  # The node comes up unknown, then idle; one left down or drained by an earlier run is resumed.
  for _ in $(seq 1 60); do
    state="$(sinfo -h -n "$HOST" -o '%T' 2>/dev/null || true)"
    case "$state" in
      idle|mixed|allocated) echo "slurm-cluster: node $HOST is $state"; return 0 ;;
      down*|drain*) scontrol update NodeName="$HOST" State=RESUME 2>/dev/null || true ;;
    esac
    sleep 1
  done
  die "node $HOST did not become idle within 60 s (sinfo: ${state:-nothing}); see $LOG/slurmctld.log and $LOG/slurmd.log"
}

stop() {
  for f in "$RUN/slurmd.pid" "$RUN/slurmctld.pid"; do
    if running "$f"; then kill "$(cat "$f")"; fi
  done
  for _ in $(seq 1 20); do
    running "$RUN/slurmd.pid" || running "$RUN/slurmctld.pid" || { echo "slurm-cluster: stopped"; return 0; }
    sleep 0.5
  done
  die "slurmctld or slurmd is still running"
}

status() {
  running "$RUN/slurmctld.pid" || { echo "slurm-cluster: not running"; return 1; }
  sinfo -N -h -o '%N %T %c cpus %m MB'
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
