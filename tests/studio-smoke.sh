#!/usr/bin/env bash
# The studio in a real window: start it under Xvfb on the sample course, look at what is drawn,
# shrink the window, quit with Ctrl+Q, and check that it quit cleanly and saved its state.
#
#   bash tests/studio-smoke.sh [BINARY]      (default: target/debug/course-export)
#
# Needs xvfb, xdotool and imagemagick (apt-get install xvfb xdotool imagemagick); fails saying so
# when one is missing. Screenshots are kept in target/studio-smoke/ for a person to look at.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${1:-${CARGO_TARGET_DIR:-$PWD/target}/debug/course-export}
out=${CARGO_TARGET_DIR:-$PWD/target}/studio-smoke
fail() { echo "studio-smoke: $*" >&2; exit 1; }

for tool in Xvfb xdotool import identify; do
  command -v "$tool" >/dev/null ||
    fail "$tool is missing: apt-get install -y xvfb xdotool imagemagick"
done
[ -x "$bin" ] || fail "no studio binary at $bin: run cargo build first"

rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
xvfb_pid=""
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A display number nobody uses.
display=""
for n in $(seq 90 120); do
  if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then display=":$n"; break; fi
done
[ -n "$display" ] || fail "no free X display between :90 and :120"
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
export DISPLAY=$display

# A fresh profile: nothing from the person running the tests is read or changed.
mkdir -m 700 "$work/run"
export HOME=$work/home XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data \
  XDG_CACHE_HOME=$work/cache XDG_RUNTIME_DIR=$work/run COURSE_EXPORT_HOME=$work/store
mkdir -p "$HOME"
unset WAYLAND_DISPLAY

"$bin" >"$out/studio.log" 2>&1 &
app_pid=$!
wid=""
for _ in $(seq 120); do
  wid=$(xdotool search --name "Course Export Studio" 2>/dev/null | head -1 || true)
  [ -n "$wid" ] && break
  kill -0 "$app_pid" 2>/dev/null || { cat "$out/studio.log" >&2; fail "the studio exited before opening a window"; }
  sleep 0.25
done
[ -n "$wid" ] || fail "no studio window after 30 s (log: $out/studio.log)"
sleep 3

# Something is drawn: a blank or one-colour window has very few distinct colours.
shot() {
  import -window "$wid" "$out/$1.png"
  local colours
  colours=$(convert "$out/$1.png" -format '%k' info:)
  echo "studio-smoke: $1.png: $colours colours"
  [ "$colours" -ge 16 ] || fail "$1.png looks blank ($colours colours)"
}
shot window-1280x800

# A list opened after a click inside the Export window once drew *behind* the window (kittest
# never saw it). As the designer did: open the Export window, pick SCORM 1.2, click a radio
# button, open the SCORM version list again — the list must be drawn where it opens.
click_at() { xdotool mousemove --window "$wid" "$1" "$2" click 1; sleep 1.5; }
# Pixels that differ between the list's area now and in list-closed.png.
list_area_changed() {
  import -window "$wid" "$out/list-open.png"
  for f in list-closed list-open; do
    convert "$out/$f.png" -crop 230x90+265+176 +repage "$out/$f-area.png"
  done
  local n
  n=$(compare -metric AE "$out/list-closed-area.png" "$out/list-open-area.png" null: 2>&1 || true)
  n=${n%% *}
  echo "${n%.*}"
}
xdotool windowmove "$wid" 0 0 2>/dev/null || true
xdotool windowsize "$wid" 1280 800
sleep 2
click_at 85 222  # Single export: SCORM
click_at 780 402 # name step: Continue
click_at 388 163 # SCORM version: open the list
click_at 313 250 # SCORM 1.2
click_at 291 272 # Extended analytics: Yes
import -window "$wid" "$out/list-closed.png"
xdotool mousemove --window "$wid" 388 160 click 1 # SCORM version: open the list again
# A loaded machine (CI) may take a moment to draw: look again for up to 10 s.
changed=0
for _ in $(seq 20); do
  sleep 0.5
  changed=$(list_area_changed)
  [ "${changed:-0}" -ge 3000 ] 2>/dev/null && break
done
echo "studio-smoke: the reopened list changed ${changed} pixels of its area"
[ "${changed:-0}" -ge 3000 ] 2>/dev/null ||
  fail "the SCORM version list is not drawn when opened after a click in the window (see $out/list-open.png)"
# Keys reach the window once it has the X input focus (there is no window manager to give it).
xdotool windowfocus "$wid" 2>/dev/null || true
xdotool key Escape # closes the list
sleep 0.8
xdotool key Escape # closes the Export window
sleep 1.2

# Smaller than a 1366x768 laptop at 125 %: the studio stays up and keeps drawing.
xdotool windowsize "$wid" 1000 600
sleep 2
shot window-1000x600
kill -0 "$app_pid" 2>/dev/null || fail "the studio died after the resize (log: $out/studio.log)"

# Ctrl+Q quits through eframe, which saves the window state.
xdotool windowfocus --sync "$wid" 2>/dev/null || true
xdotool key --window "$wid" ctrl+q
for _ in $(seq 40); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.25; done
if kill -0 "$app_pid" 2>/dev/null; then fail "Ctrl+Q did not quit the studio"; fi
rc=0
wait "$app_pid" || rc=$?
app_pid=""
[ "$rc" -eq 0 ] || { cat "$out/studio.log" >&2; fail "the studio exited with $rc"; }
state=$(find "$work" -name app.ron | head -1)
[ -n "$state" ] || fail "no app.ron saved on quit"
echo "studio-smoke: ok (screenshots in $out)"
