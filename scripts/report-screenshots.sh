#!/bin/sh
# Renders `recall report` for the sample deck after a simulated month of
# reviews, then, when a headless Chromium or Chrome is installed, takes
# screenshots of it in light and dark at desktop and phone widths. With
# ImageMagick the blank below the page is cut off; with pngquant the PNGs
# are made small.
#
#   scripts/report-screenshots.sh [OUT_DIR]    (default: target/report-screenshots)
#
# RECALL_BIN names the binary to use (default: target/release/recall, built
# if missing). Nothing outside OUT_DIR and a temporary folder is written.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-"$root/target/report-screenshots"}
mkdir -p "$out"
out=$(cd "$out" && pwd)
bin=${RECALL_BIN:-"$root/target/release/recall"}
case $bin in
    /*) ;;
    *) bin="$(pwd)/$bin" ;;
esac
if [ ! -x "$bin" ]; then
    (cd "$root" && cargo build --release --quiet)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$root/notes" "$work/notes"

# recall as a test runs it: no setting of the machine's user reaches it.
for name in $(env | sed -n 's/^\(RECALL_[A-Za-z0-9_]*\)=.*/\1/p'); do
    unset "$name"
done
export HOME="$work" XDG_CONFIG_HOME="$work"
cd "$work"
recall() {
    "$bin" --notes notes --db recall.db "$@"
}

# A month from 1 March 2026, two days skipped: each evening a review in
# line mode (Enter reveals, a digit grades), the cards' order and the grades
# drawn from fixed seeds: mostly 4 and 5, some 3, a few forgotten.
start=2026-03-01
days=30
day=0
while [ "$day" -lt "$days" ]; do
    if [ "$day" -ne 9 ] && [ "$day" -ne 17 ]; then
        date=$(date -u -d "$start + $day days" +%F 2>/dev/null ||
            date -u -j -v+"${day}"d -f %F "$start" +%F)
        awk -v seed="$day" 'BEGIN {
            srand(seed + 1)
            for (i = 0; i < 300; i++) {
                r = rand()
                g = r < 0.05 ? 1 : r < 0.12 ? 2 : r < 0.3 ? 3 : r < 0.75 ? 4 : 5
                printf "\n%d\n", g
            }
        }' | RECALL_NOW="${date}T20:00:00+09:00" recall -q review --new 10 --seed "$day" >/dev/null
    fi
    day=$((day + 1))
done
RECALL_NOW="${date}T21:00:00+09:00" recall -q report -o "$out/report.html"
echo "report: $out/report.html"

browser=
for name in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$name" >/dev/null 2>&1; then
        browser=$name
        break
    fi
done
if [ -z "$browser" ]; then
    echo "no headless Chromium or Chrome found: no screenshots taken"
    exit 0
fi

magick=
for name in magick convert-im6.q16 convert; do
    if command -v "$name" >/dev/null 2>&1 && "$name" -version 2>/dev/null | grep -q ImageMagick; then
        magick=$name
        break
    fi
done

# shot NAME WIDTH HEIGHT [FLAG]: a screenshot WIDTH wide of a window HEIGHT
# tall, cut to the page's length.
shot() {
    profile=$(mktemp -d)
    "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --hide-scrollbars ${4:-} \
        --screenshot="$out/$1.png" --window-size="$2,$3" \
        "file://$out/report.html" >/dev/null 2>&1
    rm -rf "$profile"
    if [ -n "$magick" ]; then
        # The page's box, from the trim of its background colour.
        box=$("$magick" "$out/$1.png" -trim -format '%h %Y' info: | tr -d '+')
        height=$(echo "$box" | awk '{ print $1 + $2 + 24 }')
        "$magick" "$out/$1.png" -crop "${2}x${height}+0+0" +repage "$out/$1.png"
    fi
    if command -v pngquant >/dev/null 2>&1; then
        pngquant --force --skip-if-larger --quality 60-90 --output "$out/$1.png" "$out/$1.png" || true
    fi
    echo "screenshot: $out/$1.png"
}

shot desktop-light 1280 3400
shot desktop-dark 1280 3400 --force-dark-mode
shot phone-light 390 7000
shot phone-dark 390 7000 --force-dark-mode
