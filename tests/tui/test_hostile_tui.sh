#!/bin/sh
# Hostile text on the terminal (issue 7, part 3): every view of the
# interface and `lofte export -f md` on a terminal, with the raw bytes
# lofte writes to the pty checked for the escape sequences and control
# characters in the data, and the layout checked cell by cell.  The
# inputs are listed in tests/data/hostile/README.
. "$LOFTE_TOP/tests/lib.sh"

H="$LOFTE_TOP/tests/data/hostile"
cd "$T_TMP" || exit 1
export LOFTE_TODAY=2024-05-15
printf '[user]\nname = Anna Andersson\ndepartment = Polisen\n' > anna.ini
sh "$H/hostile-doc.sh" > hostile.md
"$LOFTE" import -d h.db hostile.md > /dev/null
sqlite3 h.db < "$H/inject.sql"
script() { cat > "$T_TMP/$1.vt"; }

# What no view may ever write: the sequences of the data, raw.
cat > forbid.vt <<'VT'
forbid_text \e]52;c;
forbid_text \e]2;PWNED
forbid_text \e]8;;http
forbid_text Q\e[2J
forbid_text \e[1337;42H
forbid_text \e[6n
forbid_text \e[31;5m
forbid_text Q\e(0
forbid_text Q\ec
forbid_text \eP1$q
forbid_text \xc2\x85
forbid_text \xc2\x9b
forbid_text \xc2\x9d
forbid_text \xc2\x9f
forbid_text \xe2\x80\xae
forbid_text \xe2\x81\xa6
forbid_text Z\x9b2J
forbid_text \x9b31m
forbid_text lo\e[2Jgin
forbid_text Q\x01
forbid_text \x08\x07\x0b\x0c\x0e
forbid_text Z\x0dZ
VT

# The activity list: each row's status symbols and border in the same
# columns, whatever the title holds (zero-width, combining, wide, bidi).
script main <<'VT'
wait Aktiviteter (7)
wait_quiet 100
expect_row 0 Löfte <script>alert(1)</script>
expect_cell 2 0 ▶ 1 Rubrik ␛]2;PWNED-TITLE␇ slut       ◐●◐│
expect_cell 3 39 ◐··│
expect_cell 4 39 ◐◐◐│
expect_cell 5 2 4 Radbrytning␤## 9. Falsk rubrik     ◐◐·│
expect_cell 6 2 5 Bidi �gnp.exe� slut                ◐··│
expect_cell 7 4 No
expect_cell 7 39 ◐··│
expect_cell 8 4 漢字かな 👮 bred
expect_cell 8 39 ◐··│
expect_cell 9 42 │
send 1
wait av Namn␛]2;PWNED-NAME␇, Avd  �31m
wait_quiet 100
expect Granskarens kommentar: K␛]52;c;UFdORUQ=␇K
expect_cell 10 42 │ OSC52 Q␛]52;c;UFdORUQ=␇Q slut
expect_cell 13 42 │ CLEAR Q␛[2J␛[HQ slut
expect_cell 14 42 │ MOVE Q␛[1337;42HQ slut
expect_cell 17 42 │ CHARSET Q␛(0Q slut
expect_cell 18 42 │ RESET Q␛cQ slut
expect_cell 20 42 │ C0 Q␁␈␇␋␌␎␛␡Q slut
expect_cell 21 42 │ C1 Q����Q slut
expect_cell 22 42 │ TAB Q Q slut
expect_cell 23 42 │ VERSION2 ␛]52;c;djI=␇v2
send 3
wait INVALID Z�(Z � Z��Z C-1BYTE Z�2JZ CR AZ␍Z slut
wait_quiet 100
expect_cell 10 42 │ NUL Z
send 2
wait Status: Avbruten
wait_quiet 100
expect # Falskt löfte
expect # redan skyddad
send <Down><Down><Down><Down><Down>1
wait ◌́Kombinerande först, ZWSP​ZWJ‍BOM﻿slut
send <Down>
wait 漢字かな 👮 bred text
wait_quiet 100
expect_cell 3 42 │ 7. 漢字かな 👮 bred
send <Up><Up>
wait RLO Q�abc�Q LRI Q�x�Q slut
send q
wait_exit 0
VT
cat forbid.vt main.vt > run.vt
vt "main view: hostile titles, texts, names and comments are shown, never sent; the columns hold" 120x30 run.vt -- $LOFTE -c anna.ini -d h.db -m "Hostila kommunen"

script views <<'VT'
wait Aktiviteter (7)
wait_quiet 100
send 1H
wait Historik: Rubrik ␛]2;PWNED-TITLE␇ slut, tertial 1
wait_quiet 100
expect_row 1 Namn␛]2;PWNED-NAME␇, Avd  �31m (lo␛[2Jgin) (gällande)
send <Down><Enter>
wait Version 1 av 2
wait Skillnad mot den gällande versionen
wait_quiet 100
expect OSC52 Q␛]52;c;UFdORUQ=␇Q slut
send <Esc>
wait_gone Version 1 av 2
send a
wait Aktivitetens historik: Rubrik ␛]2;PWNED-TITLE␇ slut
send <Esc>
wait_gone Aktivitetens historik
send <Esc>
wait_gone Historik:
send o
wait Översikt: Hostila kommunen 2024
wait_quiet 100
expect_cell 2 4 Rubrik ␛]2;PWNED-TITLE␇ slut
expect_cell 2 75 ◐ Pågår        ● Genomförd
expect_cell 7 75 ◐ Pågår        · saknas!
expect_cell 8 75 ◐ Pågår        · saknas!
expect_cell 5 4 Radbrytning␤## 9. Falsk rubrik
send <Esc>
wait_gone Översikt
send p
wait Aktivitet 1 av 7
wait_quiet 100
expect 1. Rubrik ␛]2;PWNED-TITLE␇ slut
expect DSR Q␛[6nQ slut
send <Esc>
wait_gone Aktivitet 1 av 7
send /PWNED<Enter>
wait för ”PWNED”
send <Esc>
send 1<Tab><Tab>e
wait REDIGERA
wait OSC52 Q␛]52;c;UFdORUQ=␇Q slut
wait_quiet 100
expect C0 Q␁␈␇␋␌␎␛␡Q slut
send <End>
wait_quiet 100
send <Esc>
wait_gone REDIGERA
send q
wait_exit 0
VT
cat forbid.vt views.vt > run.vt
vt "history, diff, activity history, overview, presentation, search and the editor show hostile text safely" 120x30 run.vt -- $LOFTE -c anna.ini -d h.db -m "Hostila kommunen"

# The Markdown export keeps the bytes in a file; on a terminal it shows them.
printf 'wait_exit 0\nexpect DSR Q␛[6nQ slut\nexpect C1 Q����Q slut\nexpect RLO Q�abc�Q LRI Q�x�Q slut\n' > md.vt
cat forbid.vt md.vt > run.vt
vt "export -f md on a terminal shows control characters as symbols" 120x120 run.vt -- $LOFTE export -d h.db -f md -y 2024 -m "Hostila kommunen"
for cmd in "summary" "search slut" "export -f txt" "export -f csv" "export -f json"; do
	printf 'wait_exit 0\n' > cmd.vt
	cat forbid.vt cmd.vt > run.vt
	# shellcheck disable=SC2086
	vt "lofte $cmd on a terminal writes none of the data's control bytes" 120x30 run.vt -- $LOFTE $cmd -d h.db
done

# A 1 MB line: the interface opens, wraps and scrolls it to its end.
{
	printf '# Lång\n\nKommun: Långa kommunen\nÅr: 2024\n\n## 1. Lång rad\n\nAnsvariga: P\n\n### Tertial 1\n\nStatus: Pågår\n\nSTARTMARKÖR '
	head -c 1048576 /dev/zero | tr '\0' 'x'
	printf ' SLUTMARKÖR\n'
} > long.md
"$LOFTE" import -d long.db long.md > /dev/null
script long <<'VT'
timeout 20000
wait Aktiviteter (1)
send 1
wait STARTMARKÖR
send <Tab><Tab><End>
wait SLUTMARKÖR
send <Home>
wait STARTMARKÖR
send p
wait Aktivitet 1 av 1
send <Esc>
wait_gone Aktivitet 1 av 1
send q
wait_exit 0
VT
vt "a 1 MB line opens, scrolls to its end and back" 120x30 long.vt -- $LOFTE -c anna.ini -d long.db
