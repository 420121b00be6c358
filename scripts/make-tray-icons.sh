#!/bin/sh
# Regenerates the tray icons in resources/icons (committed; run only after changing a design here). Needs
# ImageMagick's `convert`. Each state is drawn once at 256 px and scaled down, so small sizes stay smooth:
#   tray-<state>.png / @2x.png           colour, Linux (and Windows fallback), 16 and 32 px
#   tray-<state>Template.png / @2x.png   black + alpha, macOS menu bar template images, 16 and 32 px
#   tray-<state>.ico                     Windows, 16/24/32/48 px in one file
set -eu
convert() { /usr/bin/convert "$@"; } # the real ImageMagick, not a stand-in earlier in PATH
out="$(dirname "$0")/../resources/icons"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# glyph <state> <colour>: the white (or black, for templates) mark drawn over the disc.
glyph() {
  case "$1" in
    idle) echo "fill none stroke $2 stroke-width 26 polyline 78,132 112,168 180,96" ;;
    syncing) echo "fill none stroke $2 stroke-width 24 arc 68,68 188,188 200,500 fill $2 stroke none polygon 150,52 206,70 168,112" ;;
    paused) echo "fill $2 stroke none rectangle 86,74 114,182 rectangle 142,74 170,182" ;;
    offline) echo "fill none stroke $2 stroke-width 24 line 72,72 184,184 circle 128,128 128,64" ;;
    error) echo "fill $2 stroke none roundrectangle 114,60 142,148 8,8 circle 128,184 128,200" ;;
    needs-review) echo "fill $2 stroke none circle 84,128 84,144 circle 128,128 128,144 circle 172,128 172,144" ;;
  esac
}
colour() {
  case "$1" in
    idle) echo '#2e9d5b' ;; syncing) echo '#2f6fd6' ;; paused) echo '#6b7280' ;;
    offline) echo '#9aa0a6' ;; error) echo '#d64545' ;; needs-review) echo '#d99500' ;;
  esac
}

for state in idle syncing paused offline error needs-review; do
  # shellcheck disable=SC2046
  convert -size 256x256 xc:none -fill "$(colour $state)" -draw 'circle 128,128 128,6' \
    -draw "$(glyph $state white)" "$tmp/$state.png"
  convert -size 256x256 xc:none -fill none -stroke black -strokewidth 18 -draw 'circle 128,128 128,14' \
    -draw "$(glyph $state black)" "$tmp/${state}T.png"
  for size in 16 24 32 48; do convert "$tmp/$state.png" -resize ${size}x${size} "$tmp/$state-$size.png"; done
  cp "$tmp/$state-16.png" "$out/tray-$state.png"
  cp "$tmp/$state-32.png" "$out/tray-$state@2x.png"
  convert "$tmp/${state}T.png" -resize 16x16 "$out/tray-${state}Template.png"
  convert "$tmp/${state}T.png" -resize 32x32 "$out/tray-${state}Template@2x.png"
  convert "$tmp/$state-16.png" "$tmp/$state-24.png" "$tmp/$state-32.png" "$tmp/$state-48.png" "$out/tray-$state.ico"
done
