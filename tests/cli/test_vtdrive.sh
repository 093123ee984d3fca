#!/bin/sh
# vtdrive, the headless terminal of the end-to-end tests, checked against
# small shell programs: waits, keys as xterm encodes them (cursor-key
# mode, bracketed paste, the mouse), attributes, resize, Unicode, the
# forbidden-bytes check, deadlines, exit statuses and its error lines.
. "$LOFTE_TOP/tests/lib.sh"
# These checks read exact deadlines from the messages: no scaling here.
unset VTDRIVE_TIMEOUT_SCALE

VT="$LOFTE_BUILD/vtdrive"
if [ ! -x "$VT" ]; then
	not_ok "vtdrive is built" "missing $VT (make $LOFTE_BUILD/vtdrive)"
	exit 1
fi
cd "$T_TMP" || exit 1
export TERM=xterm-256color

# vtrun SCRIPT_TEXT [vtdrive options] -- PROGRAM...: runs vtdrive with the script
# (lib.sh's vt() is the one-TAP-line form for the UI tests)
vtrun() {
	printf '%s\n' "$1" > script.vt
	shift
	run "$VT" "$@"
}
# stderr_first PATTERN what: the first line of stderr matches PATTERN (grep -E)
stderr_first() {
	if printf '%s\n' "$T_ERR" | head -n 1 | grep -Eq -- "$1"; then ok "$2"
	else not_ok "$2" "expected the first stderr line to match: $1" "got: $(printf '%s\n' "$T_ERR" | head -n 3)"; fi
}

# keys.sh SETUP N: prints SETUP (printf escapes), reads N raw bytes from the
# terminal and shows them in hex, so a test sees what vtdrive sent.
cat > keys.sh <<'EOF'
printf "$1"
stty raw -echo
printf 'ready\r\n'
hex=$(dd bs=1 count="$2" 2>/dev/null | od -An -tx1 | tr -d '\n')
stty sane
printf 'keys:%s\r\n' "$hex"
EOF

# --- basics -------------------------------------------------------------------
vtrun '# a comment, then a blank line

wait hello
send abc<Enter>
wait got abc
expect_row 2 got abc
wait_exit 0' script.vt -- sh -c 'printf "hello\n"; read x; printf "got %s\n" "$x"'
expect_status 0 "wait, send, wait_exit"

vtrun 'wait hello
expect hello
expect nope' script.vt -- sh -c 'echo hello; sleep 30'
expect_status 1 "a failing expect"
stderr_first '^vtdrive: script\.vt:3: expect nope: not on the screen$' "the failure names SCRIPT:LINE"
case $T_ERR in *"--- screen 80x24"*" 0|hello"*"--- end of screen ---"*) ok "the screen is dumped after a failure" ;;
*) not_ok "the screen is dumped after a failure" "$T_ERR" ;; esac

vtrun 'wait 1
dump
kill TERM' -s 30x5 script.vt -- sh -c 'echo 1; sleep 30'
expect_status 0 "dump, then kill as the last command"
expect_out '^--- screen 30x5, cursor 1,0 ---$' "dump shows the size and cursor"
expect_out '^ 4\|$' "dump shows every row"

vtrun 'wait hello' script.vt -- sh -c 'echo hello; sleep 30'
expect_status 1 "the program still running at the end"
stderr_first 'script\.vt:1: the script ended with the program still running' "still running is reported"

# --- deadlines ---------------------------------------------------------------------
t0=$(date +%s)
vtrun 'wait never' -t 200 script.vt -- sh -c 'echo hi; sleep 30'
t1=$(date +%s)
expect_status 1 "wait past the deadline"
stderr_first 'script\.vt:1: wait never: not on the screen after 200 ms' "the deadline is reported"
if [ $((t1 - t0)) -le 3 ]; then ok "the deadline is kept (-t 200)"; else not_ok "the deadline is kept" "took $((t1 - t0)) s"; fi

printf 'wait never\n' > script.vt
run env VTDRIVE_TIMEOUT_SCALE=2 "$VT" -t 100 script.vt -- sh -c 'sleep 30'
stderr_first 'not on the screen after 200 ms' "VTDRIVE_TIMEOUT_SCALE scales the deadline"

vtrun 'wait never' -t 5000 script.vt -- sh -c 'echo bye; exit 4'
stderr_first 'wait never: not on the screen \(the program exited with status 4\)$' "a wait ends early when the program exits"

vtrun 'wait busy
wait_gone busy
wait_quiet 50
send x
wait_exit 0' -t 300 script.vt -- sh -c 'printf busy; read x; printf "\033[2J\033[Hdone\n"'
expect_status 1 "wait_gone on text that stays"
stderr_first 'script\.vt:2: wait_gone busy: still on the screen after 300 ms$' "wait_gone failure"

# --- exit statuses and signals ----------------------------------------------------
vtrun 'wait_exit 3' script.vt -- sh -c 'exit 3'
expect_status 0 "wait_exit 3"
vtrun 'wait_exit' script.vt -- sh -c 'exit 3'
expect_status 1 "wait_exit expects 0 by default"
stderr_first 'wait_exit: the program exited with status 3, expected status 0' "exit status mismatch"
vtrun 'wait ready
kill HUP
wait_exit HUP' script.vt -- sh -c 'echo ready; exec cat'
expect_status 0 "kill HUP, wait_exit HUP"
vtrun 'wait_exit 0
send x' script.vt -- true
expect_status 1 "send after the exit"
stderr_first 'send x: the program exited with status 0' "send after the exit is refused"
vtrun 'wait_exit 0' script.vt -- /nonexistent/program
expect_status 1 "a program that cannot run"
stderr_first '^vtdrive: cannot run /nonexistent/program: No such file' "cannot run is reported"

# --- keys as xterm sends them -------------------------------------------------------
vtrun 'wait ready
send <Up><Home><F1><F5><S-Tab><Del><BS><C-a><C-i><C-m><Esc>
wait keys: 1b 5b 41 1b 5b 48 1b 4f 50 1b 5b 31 35 7e 1b 5b 5a 1b 5b 33 7e 7f 01 09 0d 1b
wait_exit 0' -s 200x10 script.vt -- sh keys.sh '' 26
expect_status 0 "normal cursor keys: CSI A, CSI H; C-i C-m as 09 0d"
vtrun 'wait ready
send <Up><Left><Home><End>
wait keys: 1b 4f 41 1b 4f 44 1b 4f 48 1b 4f 46
wait_exit 0' script.vt -- sh keys.sh '\033[?1h' 12
expect_status 0 "application cursor keys (DECCKM): SS3 A"
vtrun 'wait ready
send <lt>\x41\e<Space>å
wait keys: 3c 41 1b 20 c3 a5
wait_exit 0' script.vt -- sh keys.sh '' 6
expect_status 0 "<lt>, escapes and UTF-8 in send"

vtrun 'wait ready
send <Paste>hi</Paste>
wait keys: 1b 5b 32 30 30 7e 68 69 1b 5b 32 30 31 7e
wait_exit 0' script.vt -- sh keys.sh '\033[?2004h' 14
expect_status 0 "bracketed paste when the program enabled 2004"
vtrun 'wait ready
send <Paste>hi</Paste>
wait keys: 68 69
wait_exit 0' script.vt -- sh keys.sh '' 2
expect_status 0 "plain paste otherwise"

vtrun 'wait ready
mouse 2 3
wheel down 0 0
wait keys: 1b 5b 3c 30 3b 34 3b 33 4d 1b 5b 3c 30 3b 34 3b 33 6d 1b 5b 3c 36 35 3b 31 3b 31 4d
wait_exit 0' -s 200x10 script.vt -- sh keys.sh '\033[?1000h\033[?1006h' 28
expect_status 0 "SGR 1006 mouse click and wheel"
vtrun 'wait ready
mouse 2 3' script.vt -- sh keys.sh '' 1
expect_status 1 "a click without mouse reporting"
stderr_first 'mouse 2 3: the program has not enabled mouse reporting' "mouse without reporting is refused"

vtrun 'wait hi
send åäö<Enter>
wait got åäö
wait_exit 0' script.vt -- sh -c 'echo hi; read x; echo "got $x"'
expect_status 0 "UTF-8 through the line discipline"

# --- attributes, Unicode, the cursor -------------------------------------------------
prog='tput bold; printf B; tput sgr0; tput rev; printf R; tput sgr0
tput setaf 1; printf F; tput setab 4; printf G; tput sgr0; printf N
tput setaf 200; printf X; tput sgr0; tput smul; printf U; tput sgr0
printf "\033[38;2;1;2;3mT\033[0m\n"; read x'
vtrun 'wait BRFGNXUT
expect_attr 0 0 bold fg=default bg=default
expect_attr 0 1 reverse !bold
expect_attr 0 2 fg=1 bg=default !reverse
expect_attr 0 3 fg=1 bg=4
expect_attr 0 4 fg=default bg=default !bold !reverse !underline
expect_attr 0 5 fg=200
expect_attr 0 6 underline
expect_attr 0 7 fg=#010203
send <Enter>
wait_exit 0' script.vt -- sh -c "$prog"
expect_status 0 "expect_attr with tput output"
vtrun 'wait BRFG
expect_attr 0 3 fg=2 bold' script.vt -- sh -c "$prog"
expect_status 1 "a failing expect_attr"
stderr_first "expect_attr 0 3 fg=2 bold: the cell is 'G' fg=1 bg=4\$" "expect_attr describes the cell"

vtrun 'wait åäö|中|x
expect_row 0 åäö|中|x
expect_attr 0 4 fg=default
expect_attr 0 7 fg=1
expect_attr 0 6 fg=default
expect_cursor 0 8
expect_not 中中
send <Enter>
wait_exit 0' script.vt -- sh -c 'printf "åäö|中|\033[31mx\033[0m"; read x'
expect_status 0 "Unicode and a wide character in the right columns"
vtrun 'wait |x
expect_cell 0 3 |中|x
expect_cell 0 6 |x
expect_cell 0 1 éb
wait_exit 0' script.vt -- sh -c 'printf "ae\314\201b|\344\270\255|x\n"'
expect_status 0 "expect_cell: a combining mark stays in its cell, a wide character takes two"
vtrun 'wait |x
expect_cell 0 4 |x
wait_exit 0' script.vt -- sh -c 'printf "ae\314\201b|\344\270\255|x\n"'
expect_status 1 "a failing expect_cell"
stderr_first "expect_cell 0 4 \\|x: from there the row reads '中\\|x'\$" "expect_cell says what the row holds from there"

vtrun 'wait main
send <Enter>
wait alt
expect_not main
send <Enter>
wait_gone alt
expect main
wait_exit 0' script.vt -- sh -c 'echo main; read x; tput smcup; tput clear; echo alt; read x; tput rmcup'
expect_status 0 "the alternate screen (smcup/rmcup)"

# --- resize ---------------------------------------------------------------------------
vtrun 'wait ready
wait_row 1 24 80
resize 100 30
send <Enter>
wait 30 100
wait_row 3 30 100
dump
wait_exit 0' script.vt -- sh -c 'echo ready; stty size; read x; stty size'
expect_status 0 "resize is seen by the program"
expect_out '^--- screen 100x30' "resize changes the screen"
vtrun 'wait ready
resize 50 10
wait winch 10 50
kill TERM' script.vt -- sh -c 'trap "echo winch \$(stty size)" WINCH; echo ready; while :; do sleep 1; done'
expect_status 0 "SIGWINCH reaches a trap"

# --- bytes: mark, forbid, the log ----------------------------------------------------
vtrun 'wait busy
mark
send <Enter>
wait done
wait_gone busy
wait_quiet 50
report_bytes redraw
expect_bytes_max 100
expect_bytes_max 3' script.vt -- sh -c 'printf busy; read x; printf "\033[2J\033[Hdone\n"; read y'
expect_status 1 "expect_bytes_max too small"
expect_out '^# redraw: 1[0-9] bytes in [1-9][0-9]* reads$' "report_bytes counts since the mark"
stderr_first ':9: expect_bytes_max 3: the program wrote 1[0-9] bytes' "expect_bytes_max failure"

# report_change: the cells changed since the mark and the bytes an ideal
# update needs.  "hello" on row 2 from the cursor at the end of "ready":
# a move to row 2 (\e[2H, 4 bytes) and 5 characters; a bold "x" after it
# needs its SGR (\e[0;1m, 6 bytes) too.
vtrun 'wait ready
report_change start
mark
send <Enter>
wait hello
wait_quiet 50
report_change hello
wait_exit 0' script.vt -- sh -c 'stty -echo; printf ready; read x; printf "\033[2;1Hhello"'
expect_status 0 "report_change runs"
expect_out '^# change start: 5 cells, [0-9]+ bytes needed$' "before any mark the screen counts as blank"
expect_out '^# change hello: 5 cells, 9 bytes needed$' "a move and the characters"
vtrun 'wait ready
mark
send <Enter>
wait hellox
wait_quiet 50
report_change bold
wait_exit 0' script.vt -- sh -c 'stty -echo; printf ready; read x; printf "\033[2;1Hhello\033[1mx\033[m"'
expect_out '^# change bold: 6 cells, 16 bytes needed$' "a change of pen costs its SGR"

osc='printf "one\n"; read x; printf "\033]52;c;aGVsbG8=\007two\n"; read y'
vtrun 'forbid 1b5d3532
wait one
send <Enter>
wait two
send <Enter>
wait_exit 0' script.vt -- sh -c "$osc"
expect_status 1 "forbid catches OSC 52"
stderr_first ':4: forbid 1b5d3532 \(line 1\): the program wrote the forbidden bytes at offset [0-9]+$' "forbid names the pattern and offset"
vtrun 'wait one
send <Enter>
wait two
forbid_text \e]52;' script.vt -- sh -c "$osc"
expect_status 1 "forbid_text looks at the whole stream"
stderr_first ':4: forbid_text .*already wrote the forbidden bytes at offset [0-9]+$' "forbid after the fact"
vtrun 'forbid 1b5d3532
forbid_text \e]0;
wait one
send <Enter>
wait two
send <Enter>
wait_exit 0' -l raw.log script.vt -- sh -c 'printf "one\n"; read x; printf "\033]2;title\007two\n"; read y'
expect_status 0 "forbid passes when the bytes never come"
if grep -q "$(printf '\033')]2;title" raw.log; then ok "-l logs the raw bytes"; else not_ok "-l logs the raw bytes" "$(od -c raw.log | head -n 5)"; fi

# --- script errors ---------------------------------------------------------------------
vtrun 'wait x
frobnicate' script.vt -- true
expect_status 2 "an unknown command"
stderr_first '^vtdrive: script\.vt:2: unknown command .frobnicate.$' "unknown command message"
vtrun 'send <Foo>' script.vt -- true
expect_status 2 "an unknown key"
stderr_first 'script\.vt:1: unknown key <Foo>' "unknown key message"
vtrun 'expect_attr 0 0 shiny' script.vt -- true
expect_status 2 "an unknown attribute"
run "$VT" -s 80 script.vt -- true
expect_status 2 "a bad -s"
printf 'wait hi\nwait_exit 0\n' | "$VT" - -- sh -c 'echo hi' >/dev/null 2>&1
T_STATUS=$?; expect_status 0 "the script from stdin"

# --- times and memory: report_time, report_hwm -------------------------------------
vtrun 'wait busy
report_time start
report_hwm start
mark
send <Enter>
wait done
wait_quiet 500
report_time redraw
mark
report_time nothing
send <Enter>
wait_exit 0' script.vt -- sh -c 'printf busy; read x; sleep 0.2; printf "\033[2J\033[Hdone\n"; read y'
expect_status 0 "report_time and report_hwm"
expect_out '^# time start: [0-9]+\.[0-9]{3} ms$' "report_time from the start"
expect_out '^# hwm start: [1-9][0-9]* kB$' "report_hwm prints VmHWM"
expect_out '^# time nothing: 0\.000 ms$' "report_time is 0 with no output since the mark"
redraw=$(printf '%s\n' "$T_OUT" | sed -n 's/^# time redraw: \([0-9]*\)\.[0-9]* ms$/\1/p')
if [ -n "$redraw" ] && [ "$redraw" -ge 190 ] && [ "$redraw" -lt 500 ]; then ok "report_time runs to the last byte, not the quiet window"
else not_ok "report_time runs to the last byte" "got '$redraw' ms, expected 200..499 (the output came after 200 ms, then 500 ms quiet)"; fi
vtrun 'wait_exit 0
report_hwm gone' script.vt -- true
expect_status 1 "report_hwm after the exit"
stderr_first 'report_hwm gone: the program exited' "report_hwm needs a live program"
