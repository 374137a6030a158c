#!/usr/bin/env bash
# pg-local.sh — throwaway PostgreSQL (15, Debian packages) on 127.0.0.1 for tests and benchmarks.
#
#   scripts/pg-local.sh ensure-installed        install the `postgresql` package with apt if no initdb is found
#   scripts/pg-local.sh run -- <command...>     temp cluster + database jiesu_test; runs <command> with
#                                               DATABASE_URL=postgres://postgres@127.0.0.1:<port>/jiesu_test,
#                                               then always stops the server and deletes the cluster;
#                                               exits with <command>'s exit code
#   scripts/pg-local.sh init <dir>              initdb <dir> (superuser `postgres`, trust auth, UTF8, C.UTF-8)
#   scripts/pg-local.sh start <dir> <port>      start the cluster in <dir> on 127.0.0.1:<port> (initdb first if
#                                               <dir> is empty or missing) and wait until it accepts connections
#   scripts/pg-local.sh stop <dir>              stop the cluster in <dir> (fast shutdown; no-op if not running)
#   scripts/pg-local.sh free-port [from]        print a free TCP port on 127.0.0.1, trying from 55432 upward
#   scripts/pg-local.sh replica <primary-dir> <primary-port> <replica-dir> <replica-port>
#                                               streaming read replica: starts the primary if it is not running,
#                                               makes sure it can stream (wal_level, max_wal_senders, a loopback
#                                               replication line in pg_hba.conf, physical slot jiesu_replica_<port>),
#                                               takes pg_basebackup -R into <replica-dir> (must be empty or absent),
#                                               starts it as a hot standby and waits until it streams
#   scripts/pg-local.sh run-with-replica -- <command...>
#                                               like `run`, plus a streaming replica of it: runs <command> with
#                                               DATABASE_URL (primary) and DATABASE_REPLICA_URL (replica, same
#                                               database); always stops both servers and deletes both clusters
#
# Binaries come from the newest /usr/lib/postgresql/<major>/bin, never from PATH (a machine may have an
# unrelated `postgres` on PATH). PostgreSQL refuses to run as root, so when this script runs as root the
# server-side tools (initdb, pg_ctl) run as the `postgres` system user (created if missing).
#
# Extra server settings for `start`/`run` can be passed in PG_LOCAL_OPTS (e.g. "-c wal_level=replica").
set -euo pipefail

PG_LOCAL_USER=${PG_LOCAL_USER:-postgres}   # OS user that owns and runs the cluster when we are root
PG_LOCAL_DB=${PG_LOCAL_DB:-jiesu_test}
PG_LOCAL_OPTS=${PG_LOCAL_OPTS:-}

log() { printf '[pg-local] %s\n' "$*" >&2; }
die() { printf '[pg-local] ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit "${1:-2}"
}

# Newest installed PostgreSQL bin directory, or empty.
pg_bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [[ -n $d && -x $d/initdb ]]; then printf '%s\n' "$d"; fi
}

require_bindir() {
  BIN=$(pg_bindir)
  [[ -n $BIN ]] || die "no PostgreSQL found under /usr/lib/postgresql/*/bin; run: $0 ensure-installed"
}

cmd_ensure_installed() {
  local bin
  bin=$(pg_bindir)
  if [[ -n $bin ]]; then
    log "PostgreSQL already installed: $("$bin/postgres" --version) ($bin)"
    return 0
  fi
  [[ $(id -u) -eq 0 ]] || die "PostgreSQL is not installed and installing it needs root (apt-get install postgresql)"
  command -v apt-get >/dev/null || die "PostgreSQL is not installed and apt-get is not available"
  log "PostgreSQL not found; installing the Debian 'postgresql' package (apt-get update + install)"
  local attempt
  for attempt in 1 2 3; do
    if apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null; then
      break
    fi
    [[ $attempt -lt 3 ]] || die "apt-get install postgresql failed 3 times"
    log "apt-get failed (attempt $attempt); retrying in 10s"
    sleep 10
  done
  bin=$(pg_bindir)
  [[ -n $bin ]] || die "postgresql installed, but no initdb under /usr/lib/postgresql/*/bin"
  log "installed: $("$bin/postgres" --version) ($bin)"
}

# Run a server-side PostgreSQL tool as the unprivileged user when we are root; from / so the tool
# never trips over an unreadable working directory (e.g. /root).
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    (cd / && runuser -u "$PG_LOCAL_USER" -- "$@")
  else
    (cd / && "$@")
  fi
}

ensure_pg_user() {
  [[ $(id -u) -eq 0 ]] || return 0
  if ! id -u "$PG_LOCAL_USER" >/dev/null 2>&1; then
    log "creating system user $PG_LOCAL_USER"
    useradd --system --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin "$PG_LOCAL_USER"
  fi
}

# Give a directory to the cluster owner (only when we are root).
own_dir() {
  [[ $(id -u) -eq 0 ]] || return 0
  chown -R "$PG_LOCAL_USER:" "$1"
}

port_in_use() {
  local port=$1
  if command -v ss >/dev/null; then
    [[ -n $(ss -Hltn "sport = :$port" 2>/dev/null) ]] && return 0
  fi
  # Fallback (and double check): can we connect to it?
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
  return 1
}

cmd_free_port() {
  local port=${1:-55432} last
  last=$((port + 200))
  while ((port <= last)); do
    if ! port_in_use "$port"; then
      printf '%s\n' "$port"
      return 0
    fi
    port=$((port + 1))
  done
  die "no free port found in ${1:-55432}..$last"
}

cmd_init() {
  local dir=${1:?usage: init <dir>}
  dir=$(realpath -m -- "$dir")
  require_bindir
  ensure_pg_user
  mkdir -p "$dir"
  own_dir "$dir"
  chmod 700 "$dir"
  log "initdb $dir ($("$BIN/postgres" --version))"
  as_pg "$BIN/initdb" -D "$dir" -U postgres -E UTF8 --locale=C.UTF-8 --auth=trust --no-instructions >/dev/null \
    || die "initdb failed for $dir"
}

cmd_start() {
  local dir=${1:?usage: start <dir> <port>} port=${2:?usage: start <dir> <port>}
  dir=$(realpath -m -- "$dir")
  [[ $dir != *[[:space:]]* ]] || die "data directory path must not contain spaces: $dir"
  [[ $port =~ ^[0-9]+$ ]] || die "port must be a number: $port"
  require_bindir
  if [[ ! -f $dir/PG_VERSION ]]; then
    cmd_init "$dir"
  fi
  port_in_use "$port" && die "port $port on 127.0.0.1 is already in use"
  # fsync/synchronous_commit/full_page_writes off trade crash safety for speed. That is acceptable ONLY
  # because this is a throwaway test instance whose data is deleted afterwards: never copy these settings
  # to a real deployment.
  # The Unix socket goes into the data directory so it cannot clash with a system-wide server.
  local opts="-c listen_addresses=127.0.0.1 -p $port -k $dir -c timezone=Asia/Shanghai"
  opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
  opts+=" ${PG_LOCAL_OPTS}"
  log "starting PostgreSQL on 127.0.0.1:$port (data $dir, log $dir/postgres.log)"
  if ! as_pg "$BIN/pg_ctl" -D "$dir" -l "$dir/postgres.log" -o "$opts" -w -t 60 start >/dev/null; then
    log "server failed to start; last lines of $dir/postgres.log:"
    tail -n 30 "$dir/postgres.log" >&2 2>/dev/null || true
    die "could not start PostgreSQL in $dir"
  fi
  local i
  for ((i = 0; i < 60; i++)); do
    if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
      log "ready on 127.0.0.1:$port"
      return 0
    fi
    sleep 1
  done
  tail -n 30 "$dir/postgres.log" >&2 2>/dev/null || true
  die "PostgreSQL on port $port did not become ready within 60s"
}

cmd_stop() {
  local dir=${1:?usage: stop <dir>}
  dir=$(realpath -m -- "$dir")
  require_bindir
  if [[ ! -f $dir/postmaster.pid ]]; then
    log "no server running in $dir"
    return 0
  fi
  log "stopping PostgreSQL in $dir"
  if as_pg "$BIN/pg_ctl" -D "$dir" -m fast -w -t 30 stop >/dev/null 2>&1; then
    return 0
  fi
  # Fast shutdown did not finish: kill the postmaster outright (the data is thrown away anyway).
  local pid
  pid=$(head -n 1 "$dir/postmaster.pid" 2>/dev/null || true)
  if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
    log "fast shutdown failed; sending SIGQUIT to postmaster $pid"
    kill -QUIT "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 20; i++)); do
      kill -0 "$pid" 2>/dev/null || return 0
      sleep 0.5
    done
    log "postmaster $pid still alive; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

# psql as a client (it needs no unprivileged user): one statement, unaligned, tuples only, stop on error.
pg_sql() {
  local port=$1 query=$2
  "$BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -XAtq -v ON_ERROR_STOP=1 -c "$query"
}

# The port a running cluster in <dir> listens on (4th line of postmaster.pid), or empty.
running_port() {
  sed -n 4p "$1/postmaster.pid" 2>/dev/null || true
}

# Makes the primary able to feed a streaming replica: wal_level replica (or logical) and enough WAL
# senders need a restart; a loopback replication line in pg_hba.conf needs a reload. PostgreSQL 15's
# defaults (and initdb's pg_hba.conf) already allow all of it; this checks rather than trusts.
prepare_primary() {
  local dir=$1 port=$2 restart=0 level senders
  level=$(pg_sql "$port" "show wal_level")
  if [[ $level == minimal ]]; then
    log "primary: wal_level is minimal; setting it to replica"
    pg_sql "$port" "alter system set wal_level = replica" >/dev/null
    restart=1
  fi
  senders=$(pg_sql "$port" "show max_wal_senders")
  if ((senders < 2)); then
    log "primary: max_wal_senders is $senders; setting it to 10"
    pg_sql "$port" "alter system set max_wal_senders = 10" >/dev/null
    restart=1
  fi
  if ((restart)); then
    log "restarting the primary in $dir for the new settings"
    as_pg "$BIN/pg_ctl" -D "$dir" -l "$dir/postgres.log" -m fast -w -t 60 restart >/dev/null || die "could not restart the primary in $dir"
    level=$(pg_sql "$port" "show wal_level")
    senders=$(pg_sql "$port" "show max_wal_senders")
    [[ $level != minimal && $senders -ge 2 ]] \
      || die "primary still has wal_level=$level max_wal_senders=$senders (overridden on its command line? check PG_LOCAL_OPTS)"
  fi
  if ! grep -Eq '^[[:space:]]*host[[:space:]]+replication[[:space:]]+(all|postgres)[[:space:]]+127\.0\.0\.1/32[[:space:]]' "$dir/pg_hba.conf"; then
    log "primary: allowing replication connections from 127.0.0.1 in pg_hba.conf"
    printf 'host replication postgres 127.0.0.1/32 trust\n' | as_pg tee -a "$dir/pg_hba.conf" >/dev/null
    pg_sql "$port" "select pg_reload_conf()" >/dev/null
  fi
}

# Waits until the primary reports the slot's walsender as streaming.
wait_streaming() {
  local port=$1 slot=$2 i state
  for ((i = 0; i < 120; i++)); do
    state=$(pg_sql "$port" "select r.state from pg_replication_slots s join pg_stat_replication r on r.pid = s.active_pid where s.slot_name = '$slot'" || true)
    if [[ $state == streaming ]]; then
      log "replica is streaming from 127.0.0.1:$port (slot $slot)"
      return 0
    fi
    sleep 0.5
  done
  die "the replica did not start streaming within 60s (slot $slot, state '${state:-none}')"
}

cmd_replica() {
  local usage="usage: replica <primary-dir> <primary-port> <replica-dir> <replica-port>"
  local pdir=${1:?$usage} pport=${2:?$usage} rdir=${3:?$usage} rport=${4:?$usage}
  pdir=$(realpath -m -- "$pdir")
  rdir=$(realpath -m -- "$rdir")
  [[ $pport =~ ^[0-9]+$ && $rport =~ ^[0-9]+$ ]] || die "ports must be numbers: $pport $rport"
  [[ $pport != "$rport" ]] || die "the primary and the replica need different ports"
  [[ $rdir != *[[:space:]]* ]] || die "data directory path must not contain spaces: $rdir"
  [[ $pdir != "$rdir" ]] || die "the primary and the replica need different directories"
  require_bindir
  [[ -x $BIN/pg_basebackup ]] || die "no pg_basebackup in $BIN"
  ensure_pg_user
  if [[ -f $pdir/postmaster.pid ]]; then
    [[ $(running_port "$pdir") == "$pport" ]] || die "the primary in $pdir runs on port $(running_port "$pdir"), not $pport"
  else
    cmd_start "$pdir" "$pport"
  fi
  if [[ -e $rdir ]] && [[ -n $(ls -A -- "$rdir") ]]; then
    die "replica directory $rdir is not empty (stop it and remove it first)"
  fi
  prepare_primary "$pdir" "$pport"

  # A physical slot keeps the WAL the replica has not received yet, so a slow or paused replica never
  # needs WAL the primary already recycled. (It also keeps WAL for a replica that is gone: drop it with
  # select pg_drop_replication_slot('<slot>') when a replica is removed for good.)
  local slot="jiesu_replica_${rport}"
  pg_sql "$pport" "select pg_create_physical_replication_slot('$slot') where not exists (select 1 from pg_replication_slots where slot_name = '$slot')" >/dev/null

  mkdir -p "$rdir"
  own_dir "$rdir"
  chmod 700 "$rdir"
  log "pg_basebackup from 127.0.0.1:$pport into $rdir (slot $slot)"
  # -R writes standby.signal and primary_conninfo (+ primary_slot_name); --no-sync: throwaway cluster.
  # Its only chatter is a warning per Unix socket it skips; shown when it fails.
  local out
  if ! out=$(as_pg "$BIN/pg_basebackup" -h 127.0.0.1 -p "$pport" -U postgres -D "$rdir" -R -S "$slot" \
    -X stream --checkpoint=fast --no-sync 2>&1); then
    printf '%s\n' "$out" >&2
    die "pg_basebackup from port $pport failed"
  fi
  # The base backup copied the primary's log file (it lives in the data directory): start a clean one,
  # so the replica's log holds only what the replica did.
  : >"$rdir/postgres.log"
  rm -f -- "$rdir/postmaster.opts"
  # Tell the primary which rows the standby's queries still read, so its vacuum does not remove them
  # and cancel a long dashboard query with "conflict with recovery".
  printf 'hot_standby_feedback = on\n' | as_pg tee -a "$rdir/postgresql.auto.conf" >/dev/null
  cmd_start "$rdir" "$rport"
  [[ $(pg_sql "$rport" "select pg_is_in_recovery()") == t ]] || die "the server in $rdir is not in recovery (no standby.signal?)"
  wait_streaming "$pport" "$slot"
}

# Starts the cluster in <dir> on the first free port from <from> and prints the port. Several runs on
# one machine may pick the same free port at the same moment: a start that loses that race (the port
# is taken when we look again) is retried on a later port.
start_on_free_port() {
  local dir=$1 from=$2 port attempt
  for attempt in 1 2 3 4 5; do
    port=$(cmd_free_port "$from")
    if (cmd_start "$dir" "$port"); then
      printf '%s\n' "$port"
      return 0
    fi
    port_in_use "$port" || die "could not start PostgreSQL in $dir on port $port"
    log "port $port was taken meanwhile (attempt $attempt); trying a later one"
    from=$((port + 1 + RANDOM % 20))
  done
  die "could not find a free port for $dir after 5 attempts"
}

# State for the EXIT trap of `run`.
RUN_TMP=""
run_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n $RUN_TMP && -d $RUN_TMP ]]; then
    # The replica first: a primary shutting down waits for its walsenders.
    if [[ -d $RUN_TMP/replica ]]; then
      cmd_stop "$RUN_TMP/replica" || log "warning: stopping the replica failed"
    fi
    cmd_stop "$RUN_TMP/data" || log "warning: stopping the server failed"
    case $RUN_TMP in
      /tmp/pg-local.*) rm -rf -- "$RUN_TMP" && log "removed $RUN_TMP" ;;
      *) log "warning: not removing unexpected path $RUN_TMP" ;;
    esac
  fi
  exit "$rc"
}

# For run / run-with-replica: PostgreSQL installed, a temp directory in RUN_TMP, cleanup on any exit.
prepare_run() {
  cmd_ensure_installed
  require_bindir
  ensure_pg_user

  trap run_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  RUN_TMP=$(mktemp -d /tmp/pg-local.XXXXXX)
  chmod 755 "$RUN_TMP"   # the cluster owner must be able to reach $RUN_TMP/data
}

cmd_run() {
  [[ ${1:-} == "--" ]] && shift
  [[ $# -gt 0 ]] || die "usage: run -- <command...>"
  prepare_run
  local port
  port=$(start_on_free_port "$RUN_TMP/data" 55432)
  "$BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$PG_LOCAL_DB"
  log "created database $PG_LOCAL_DB"

  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/$PG_LOCAL_DB"
  log "running: $* (DATABASE_URL=$DATABASE_URL)"
  local rc=0
  "$@" || rc=$?
  log "command exited with $rc"
  exit "$rc"   # run_cleanup (EXIT trap) stops the server, removes the directory and keeps this code
}

cmd_run_with_replica() {
  [[ ${1:-} == "--" ]] && shift
  [[ $# -gt 0 ]] || die "usage: run-with-replica -- <command...>"
  prepare_run
  local port rport
  port=$(start_on_free_port "$RUN_TMP/data" 55432)
  # The database exists before the base backup, so the replica has it from its first moment.
  "$BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$PG_LOCAL_DB"
  log "created database $PG_LOCAL_DB"
  local attempt
  for attempt in 1 2 3 4 5; do
    rport=$(cmd_free_port $((port + 1 + RANDOM % 20)))
    if (cmd_replica "$RUN_TMP/data" "$port" "$RUN_TMP/replica" "$rport"); then break; fi
    port_in_use "$rport" && [[ $attempt -lt 5 ]] || die "could not start the replica"
    log "port $rport was taken meanwhile (attempt $attempt); trying another"
    cmd_stop "$RUN_TMP/replica" || true
    rm -rf -- "$RUN_TMP/replica"
    pg_sql "$port" "select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = 'jiesu_replica_$rport' and not active" >/dev/null || true
  done

  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/$PG_LOCAL_DB"
  export DATABASE_REPLICA_URL="postgres://postgres@127.0.0.1:$rport/$PG_LOCAL_DB"
  log "running: $* (DATABASE_URL=$DATABASE_URL DATABASE_REPLICA_URL=$DATABASE_REPLICA_URL)"
  local rc=0
  "$@" || rc=$?
  log "command exited with $rc"
  exit "$rc"
}

main() {
  local sub=${1:-}
  [[ $# -gt 0 ]] && shift
  case $sub in
    ensure-installed) cmd_ensure_installed "$@" ;;
    run) cmd_run "$@" ;;
    init) cmd_init "$@" ;;
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    free-port) cmd_free_port "$@" ;;
    replica) cmd_replica "$@" ;;
    run-with-replica) cmd_run_with_replica "$@" ;;
    -h | --help | help) usage 0 ;;
    *) usage ;;
  esac
}

main "$@"
