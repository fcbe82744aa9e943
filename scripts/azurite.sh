#!/usr/bin/env bash
# Starts or stops Azurite (pinned in package.json) on loopback, with its data under .data/.
#   scripts/azurite.sh start|stop
set -euo pipefail
source "$(dirname "$0")/env.sh"

dir=$STELLAR_DATA_DIR/azurite
pidfile=$dir/azurite.pid

running() { [[ -f $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

case ${1:?usage: azurite.sh start|stop} in
  start)
    # npm writes node_modules/.package-lock.json on install; an older one means the lock file changed since.
    if [[ ! -x $repo_root/node_modules/.bin/azurite || $repo_root/package-lock.json -nt $repo_root/node_modules/.package-lock.json ]]; then
      say "installing Azurite and the test tooling from package-lock.json (npm ci; a minute or two the first time)"
      # npm's own output stays visible (its progress, then what it added); the ticker covers its quiet stretches.
      (cd "$repo_root" && ticking "npm ci" npm ci --no-audit --no-fund) || die "npm ci failed"
      say "npm ci: done"
    fi
    running && exit 0
    if (echo > "/dev/tcp/127.0.0.1/$STELLAR_AZURITE_QUEUE_PORT") 2>/dev/null; then
      die "port $STELLAR_AZURITE_QUEUE_PORT is taken by another server (another checkout's Azurite?): stop it, or set STELLAR_AZURITE_*_PORT"
    fi
    mkdir -p "$dir"
    nohup "$repo_root/node_modules/.bin/azurite" --silent --location "$dir" --skipApiVersionCheck --loose \
      --blobHost 127.0.0.1 --blobPort "$STELLAR_AZURITE_BLOB_PORT" \
      --queueHost 127.0.0.1 --queuePort "$STELLAR_AZURITE_QUEUE_PORT" \
      --tableHost 127.0.0.1 --tablePort "$STELLAR_AZURITE_TABLE_PORT" \
      >"$dir/azurite.log" 2>&1 &
    echo $! > "$pidfile"
    for _ in $(seq 1 100); do
      (echo > "/dev/tcp/127.0.0.1/$STELLAR_AZURITE_QUEUE_PORT") 2>/dev/null && exit 0
      running || die "Azurite exited; see $dir/azurite.log"
      sleep 0.2
    done
    die "Azurite did not open port $STELLAR_AZURITE_QUEUE_PORT; see $dir/azurite.log"
    ;;
  stop)
    if running; then kill "$(cat "$pidfile")"; fi
    rm -f "$pidfile"
    ;;
esac
