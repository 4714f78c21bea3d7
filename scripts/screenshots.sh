#!/usr/bin/env bash
# PNG screenshots of the wizard's main screens from a real run of the binary, in English and
# Japanese, for Assets/screenshots and the README. The wizard runs in tmux (its own socket),
# is driven with send-keys, and each screen is captured with its ANSI colours and rendered by
# scripts/render_ansi.py.
#
# Usage: bash scripts/screenshots.sh          (after `swift build`)
#   DIALPAD_OKTA_BIN  the binary (default .build/debug/dialpad-okta)
#   SCREENSHOT_LANGS  the languages (default "en ja")
# Exits 1 when a screen did not show the text it waits for; the other screens are still written.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${DIALPAD_OKTA_BIN:-.build/debug/dialpad-okta}
LANGS=${SCREENSHOT_LANGS:-en ja}
OUT=Assets/screenshots
COLS=110
ROWS=32
VENV=scripts/.venv
TMUX=(tmux -L shots -f /dev/null)

[ -x "$BIN" ] || { echo "No binary at $BIN: run swift build first." >&2; exit 1; }
bash scripts/ensure-packages.sh tmux ncurses-bin fonts-dejavu-core fonts-ipafont-gothic
if ! "$VENV/bin/python" -c 'import PIL, fontTools' 2>/dev/null; then
  echo "Installing Pillow and fontTools into $VENV..."
  # Debian's python3 creates a venv only with python3-venv installed.
  python3 -m venv "$VENV" 2>/dev/null || { bash scripts/ensure-packages.sh python3-venv && python3 -m venv "$VENV"; }
  "$VENV/bin/pip" install -q "Pillow>=10" "fonttools>=4.40"
fi

WORK=$(mktemp -d)
HOME_DIR=$(mktemp -d) # an empty HOME: no ~/.okta/okta.yaml, no journal from earlier runs
cleanup() {
  "${TMUX[@]}" kill-server 2>/dev/null || true
  rm -rf "$WORK" "$HOME_DIR"
}
trap cleanup EXIT
"${TMUX[@]}" kill-server 2>/dev/null || true # a server left by an interrupted run

# xterm-256color without bce (background colour erase): with bce, ncurses paints a coloured
# line's end with "erase to end of line", and tmux keeps such erased cells out of
# capture-pane, so a full-width bar would come out cut short. Without it, ncurses writes
# spaces, which are captured; a terminal shows the same either way.
TERMINFO_DIR="$WORK/terminfo"
if infocmp -x xterm-256color 2>/dev/null | sed 's/\bbce, //' >"$WORK/xterm-256color.src" &&
  tic -x -o "$TERMINFO_DIR" "$WORK/xterm-256color.src" 2>/dev/null; then
  TERMINFO_ENV="TERMINFO=$TERMINFO_DIR"
else
  TERMINFO_ENV=""
  echo "warning: no terminfo without bce; coloured bars may look cut short" >&2
fi
mkdir -p "$OUT"
# A session that lives as long as the script keeps the server up between two runs of the
# binary: a server whose last session ends exits, and a new-session racing that exit fails.
"${TMUX[@]}" new-session -d -s keep-alive "sleep 3600"

WROTE=()
FAILED=()
SESSION=""
LANG_CODE=""

# start NAME ARGS...: runs the binary in a fresh session; its exit status stays on screen.
start() {
  SESSION=$1
  shift
  local command
  command="env -u OKTA_CLIENT_ORGURL -u OKTA_CLIENT_TOKEN HOME=$HOME_DIR XDG_STATE_HOME=$HOME_DIR/state"
  command+=" TERM=xterm-256color $TERMINFO_ENV LANG=C.UTF-8 LC_ALL=C.UTF-8 $(printf '%q ' "$BIN" "$@")"
  command+="; echo \"[dialpad-okta exited with status \$?]\"; sleep 600"
  "${TMUX[@]}" new-session -d -s "$SESSION" -x "$COLS" -y "$ROWS" "$command"
}

# stop: quits the wizard as a person would (so the demo removes its temporary org state), then
# closes the session.
stop() {
  local tries
  for tries in 1 2 3; do
    grep -qF "[dialpad-okta exited with status" <<<"$(screen_text)" && break
    "${TMUX[@]}" send-keys -t "$SESSION" C-c
    sleep 0.5
  done
  "${TMUX[@]}" kill-session -t "$SESSION" 2>/dev/null || true
}

screen_text() { "${TMUX[@]}" capture-pane -p -t "$SESSION"; }

# keys KEY...: one key at a time, as a person types, so each is read as its own event.
keys() {
  local key
  for key in "$@"; do
    "${TMUX[@]}" send-keys -t "$SESSION" "$key"
    sleep 0.15
  done
}

type_text() { "${TMUX[@]}" send-keys -t "$SESSION" -l "$1"; }

# wait_for TEXT [SECONDS]: until the screen shows TEXT; on timeout prints the screen.
wait_for() {
  local text=$1 deadline=$((SECONDS + ${2:-15})) screen
  while [ $SECONDS -lt $deadline ]; do
    screen=$(screen_text)
    if grep -qF -- "$text" <<<"$screen"; then return 0; fi
    if grep -qF "[dialpad-okta exited with status" <<<"$screen"; then break; fi
    sleep 0.2
  done
  echo "--- $SESSION: \"$text\" did not appear; the screen was:" >&2
  screen_text | sed -e 's/[[:space:]]*$//' -e '/^$/d' >&2
  return 1
}

# settle: until two captures a moment apart agree (a spinner may keep it changing: 3 s at most).
settle() {
  local before after deadline=$((SECONDS + 3))
  before=$("${TMUX[@]}" capture-pane -e -p -t "$SESSION")
  while [ $SECONDS -lt $deadline ]; do
    sleep 0.3
    after=$("${TMUX[@]}" capture-pane -e -p -t "$SESSION")
    [ "$after" = "$before" ] && return 0
    before=$after
  done
}

# shot NAME TEXT: waits for TEXT, then writes $OUT/<lang>-NAME.png.
shot() {
  local name="$LANG_CODE-$1" text=$2
  if ! wait_for "$text"; then
    FAILED+=("$name (waited for \"$text\")")
    return 1
  fi
  settle
  "${TMUX[@]}" capture-pane -e -p -N -t "$SESSION" >"$WORK/$name.ans"
  "$VENV/bin/python" scripts/render_ansi.py --cols "$COLS" --rows "$ROWS" "$WORK/$name.ans" "$OUT/$name.png"
  WROTE+=("$OUT/$name.png")
}

# t EN JA: the text of the current language.
t() { if [ "$LANG_CODE" = ja ]; then printf '%s' "$2"; else printf '%s' "$1"; fi; }

# The demo on the fresh org, from the overview to every step done. Wait texts that could still be
# on screen from the previous one are ones only the next screen shows.
demo_screens() {
  start "demo-$LANG_CODE" demo --seed fresh --lang "$LANG_CODE"
  shot overview "$(t 'Three phases' '3 つのフェーズ')" || { stop; return; }
  keys 1
  shot attributes "$(t 'Procedure' '手順の値')" || true
  keys A
  if shot apply "$(t 'Apply: these requests' '適用：')"; then
    keys Enter
    shot attributes-applied "$(t '✓ Okta user attribute' '✓ Okta ユーザー属性')" || true
  fi
  keys 2
  shot mappings "= appuser.dialpadPhone" || true
  keys Down Enter
  shot existing-users "$(t 'Update existing users now?' '既存ユーザーを今すぐ更新しますか')" || true
  keys Escape 3 Enter
  shot manual-step "PROFILE_MASTERING" || true
  keys '?'
  shot help "PgUp / PgDn" || true
  keys Escape
  if finish_demo; then
    shot summary "$(t 'The org matches every step' '組織は手順のすべてのステップに一致')" || true
  else
    # Whatever stopped the way to the end, the summary of what was done is one Escape chain away.
    keys Escape Escape Escape Escape Escape s
    shot summary "$(t 'Summary' 'まとめ')" || true
  fi
  stop
}

# step TEXT: a wait on the way to the end; a miss is reported against the summary.
step() {
  wait_for "$1" "${2:-15}" && return 0
  FAILED+=("$LANG_CODE-summary shows an unfinished org: the way there stopped waiting for \"$1\"")
  return 1
}

# From the profile-source screen: the demo's stand-in for the Admin Console makes each manual
# change, the wizard detects it, and the last phase is applied.
finish_demo() {
  keys D
  shot manual-step-detected "$(t '✓ Dialpad as a profile source' '✓ プロファイルソースとしての Dialpad')" || return 1
  keys Space Enter
  step "$(t 'confirmed by you' '管理者による確認')" || return 1
  keys Escape 2 Up a
  step "$(t 'Apply: these requests' '適用：')" || return 1
  keys Enter
  step "$(t '✓ Mapping Dialpad' '✓ マッピング Dialpad')" || return 1
  # Sourcing before the existing users: Okta fills their numbers only where Dialpad sources them.
  keys 3 A
  step "$(t 'Apply: these requests' '適用：')" || return 1
  keys Enter
  step "$(t '✓ Apply mapping on create' '✓ 作成時と更新時')" || return 1
  # Existing users: the demo's Import Now brings the numbers from Dialpad.
  keys 2 Down Enter Enter D
  step "$(t '✓ Existing users' '✓ 既存ユーザー')" 30 || return 1
  keys Space Enter
  step "$(t 'confirmed by you' '管理者による確認')" || return 1
  keys s
}

connect_screen() {
  start "setup-$LANG_CODE" setup --lang "$LANG_CODE"
  if wait_for "$(t 'Connect to your Okta org' 'Okta 組織に接続')"; then
    # An Admin Console address, which the form rejects as it is typed.
    type_text "https://acme-admin.okta.com"
    shot connect "✗ https://acme-admin.okta.com" || true
  else
    FAILED+=("$LANG_CODE-connect (waited for the connect form)")
  fi
  stop
}

started=$SECONDS
for LANG_CODE in $LANGS; do
  demo_screens
  connect_screen
done

echo "Wrote ${#WROTE[@]} screenshots in $((SECONDS - started)) s:"
printf '  %s\n' "${WROTE[@]}"
if [ ${#FAILED[@]} -gt 0 ]; then
  echo "Screens that did not appear:" >&2
  printf '  %s\n' "${FAILED[@]}" >&2
  exit 1
fi
