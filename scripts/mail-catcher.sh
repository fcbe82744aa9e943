#!/usr/bin/env bash
# The local mail catcher: smtp4dev (a pinned .NET local tool, .config/dotnet-tools.json) takes every mail the app
# sends on SMTP 127.0.0.1:$STELLAR_SMTP_PORT and shows it at http://127.0.0.1:$STELLAR_MAIL_UI_PORT (web UI and
# HTTP API). Nothing leaves the machine. Idempotent.
#   scripts/mail-catcher.sh start|stop
set -euo pipefail
source "$(dirname "$0")/env.sh"
pid_file=$STELLAR_DATA_DIR/smtp4dev.pid
log_file=$STELLAR_DATA_DIR/smtp4dev.log

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$STELLAR_SMTP_PORT") 2>/dev/null; }

case ${1:-start} in
  start)
    if ! listening; then
      mkdir -p "$STELLAR_DATA_DIR"
      cd "$repo_root"
      dotnet tool restore >/dev/null || die "could not install smtp4dev (dotnet tool restore)"
      # In-memory store, loopback only, IMAP and POP3 on ports of its own choosing.
      nohup dotnet tool run smtp4dev -- --db= --nousersettings --bindaddress=127.0.0.1 --hostname=127.0.0.1 \
        --smtpport="$STELLAR_SMTP_PORT" --imapport=0 --pop3port=0 --urls="http://127.0.0.1:$STELLAR_MAIL_UI_PORT" \
        >"$log_file" 2>&1 &
      echo $! >"$pid_file"
      for _ in $(seq 1 120); do
        listening && break
        kill -0 "$(cat "$pid_file")" 2>/dev/null || die "smtp4dev did not start; see $log_file"
        sleep 0.5
      done
      listening || die "smtp4dev did not open SMTP port $STELLAR_SMTP_PORT; see $log_file"
    fi
    say "mail catcher: SMTP on 127.0.0.1:$STELLAR_SMTP_PORT; read the mail at http://127.0.0.1:$STELLAR_MAIL_UI_PORT"
    ;;
  stop)
    if [[ -f $pid_file ]]; then
      kill "$(cat "$pid_file")" 2>/dev/null || true
      rm -f "$pid_file"
    fi
    ;;
  *) die "usage: mail-catcher.sh start|stop" ;;
esac
