#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: a temp folder, a free loopback port, trust auth.
#   eval "$(bash test/helpers/pg-cluster.sh start)"   # exports TEST_DATABASE_URL and PG_CLUSTER_DIR
#   bash test/helpers/pg-cluster.sh stop "$PG_CLUSTER_DIR"
# Needs Debian's postgresql package (apt-get install -y postgresql). Run as root, it runs the
# server as the postgres user (initdb refuses root).
set -euo pipefail
bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return; fi
  local d; d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$d" ] && [ -x "$d/initdb" ] && { echo "$d"; return; }
  echo "no PostgreSQL server binaries found (apt-get install -y postgresql)" >&2; return 1
}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-}" in
  start)
    bin=$(bindir)
    dir=$(mktemp -d /tmp/threshold-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
    echo "export PG_CLUSTER_DIR=$dir TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    dir=${2:?cluster folder}
    as_pg "$(bindir)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start | stop <dir>" >&2; exit 2 ;;
esac
