#!/usr/bin/env bash
# Renders a demo `envelope report` to docs/report.png with headless Chromium, so the report
# can be seen without running it: a temporary ledger with a few dated estimates of seed-chat
# and some measured storage, then `envelope report`, then a screenshot.
#
# Usage: scripts/render-report.sh [output.png]   (default: docs/report.png)
#        HEIGHT=3000 scripts/render-report.sh      (window height in pixels, default 2400)
# Installs Debian's `chromium` package with apt-get when it is missing. Not used by CI.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
png="${1:-$root/docs/report.png}"
case "$png" in /*) ;; *) png="$PWD/$png" ;; esac

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
updated=""
install() {
  echo "installing $1 with apt-get" >&2
  if [ -z "$updated" ]; then $sudo apt-get update; updated=yes; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "$1"
}
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  install chromium
  browser="$(command -v chromium)"
fi

swift build --package-path "$root" --product envelope
bin="$(swift build --package-path "$root" --show-bin-path)/envelope"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export ENVELOPE_DB="$work/ledger.sqlite" NO_COLOR=1

"$bin" estimate seed-chat --as-of 2026-03-01 --dau 60M --note "pilot" --gpu-price 1.80 > /dev/null
"$bin" estimate seed-chat --as-of 2026-05-01 --dau 80M --gpu-price 1.80 > /dev/null
"$bin" estimate seed-chat --as-of 2026-07-01 --note "the seed's worked example" --gpu-price 1.80 > /dev/null
"$bin" estimate seed-chat --as-of 2026-09-01 --dau 130M --note "after the launch" --gpu-price 1.80 > /dev/null
"$bin" estimate seed-chat --as-of 2026-11-01 --dau 160M --gpu-price 1.80 > /dev/null

# Measured storage since the latest plan.
record() { "$bin" actual record seed-chat --metric storage --date "$1" --value "$2" "${@:3}" > /dev/null; }
record 2026-11-15 52TB --note "first audit"
record 2026-12-01 118TB
record 2026-12-15 181TB
record 2027-01-01 262TB
record 2027-01-20 338TB --note "index rebuilt"

"$bin" report seed-chat -o "$work/report.html" --months 12 --growth 3%

mkdir -p "$(dirname "$png")"
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --force-device-scale-factor=1 "--window-size=1200,${HEIGHT:-2400}" \
  --screenshot="$png" "file://$work/report.html" 2> "$work/chromium.log" || {
  cat "$work/chromium.log" >&2
  exit 1
}
echo "wrote $png"
