#!/bin/sh
# End-to-end tests of the interface: the real binary in a real terminal
# emulator (vtdrive: libvterm on a pty), reading the screen and the
# database.  Every wait has a deadline; nothing sleeps a fixed time.
. "$LOFTE_TOP/tests/lib.sh"

DEMO="$LOFTE_TOP/share/lofte/demo/jonkoping-2024.md"
cd "$T_TMP" || exit 1
printf '[user]\nname = Anna Andersson\ndepartment = Polisen\n' > anna.ini
printf '[user]\nname = Anna Andersson\n[ui]\nlanguage = en\n' > en.ini
LOGIN=$(id -un)
export LOFTE_TODAY=2024-05-15   # tertial 2 is the current one

fresh() { rm -f "$1" "$1-wal" "$1-shm"; "$LOFTE" -c anna.ini import -d "$1" "$DEMO" >/dev/null; }
script() { cat > "$T_TMP/$1.vt"; }

# --- reading ------------------------------------------------------------------
fresh nav.db
script nav <<'VT'
wait Aktiviteter (11)
wait_quiet 100
expect_row 0 Jönköpings kommun 2024
expect_row 0 Anna Andersson, Polisen
expect_row 2 ▶ 1 Effektiv samordning
wait Tertial 2 (maj–aug) ◆
send <Down><Down>
wait_row 4 ▶ 3 SIG unga
send 1
wait Inom SIG unga pågår ett 10-tal individärenden.
send 2
wait Inom SIG unga/avhopparverksamheten pågår ett aktivt
send <Tab><Right>
wait SSPF-koordinator har anställts under hösten
send <Left>
wait Inom SIG unga/avhopparverksamheten pågår ett aktivt
wait senast ändrad
wait av Anna Andersson, Polisen
send <Tab><Tab><End>
wait_row 12 ▶11 Krogar mot knark
send <Home>
wait_row 2 ▶ 1 Effektiv
send \e[F
wait_row 12 ▶11 Krogar mot knark
send \e[1~
wait_row 2 ▶ 1 Effektiv
send \e[4~
wait_row 12 ▶11 Krogar mot knark
send \eOH
wait_row 2 ▶ 1 Effektiv
send q
wait_exit 0
VT
vt "navigate activities and tertials" 120x40 nav.vt -- $LOFTE -c anna.ini -d nav.db

script scroll <<'VT'
wait Aktiviteter (11)
wait_quiet 100
send <End><Up>1<Tab><Tab>
wait Under hösten 2023 och 2024 väcktes frågan om ett
expect_not 25/4 Huskvarna, Gängsnacket
send <PgDn>
wait_gone Under hösten 2023 och 2024 väcktes frågan om ett
send <End>
wait 25/4 Huskvarna, Gängsnacket
send <Home>
wait Under hösten 2023 och 2024 väcktes frågan om ett
send q
wait_exit 0
VT
vt "the text wraps to the pane and scrolls" 80x24 scroll.vt -- $LOFTE -c anna.ini -d nav.db

script title <<'VT'
wait Aktiviteter (11)
wait_quiet 100
send <Down><Down><Down><Down>
wait 5. Utveckla projekt ”Trygg Trapp” under ledning av Brottsofferjouren,
wait_row 4 tillsammans med polisen, Jönköpings kommun och Vätterhem
send q
wait_exit 0
VT
vt "a long activity title wraps in the follow-up pane" 120x40 title.vt -- $LOFTE -c anna.ini -d nav.db

script mouse <<'VT'
wait Aktiviteter (11)
wait_quiet 100
mouse 6 5
wait_row 6 ▶ 5 Utveckla projekt
mouse 1 75
wait Processledaren anställdes 1/5
wheel down 10 5
wait_row 7 ▶ 6 Utveckla Vätterhems
send q
wait_exit 0
VT
vt "mouse clicks select an activity and a tab; the wheel scrolls" 120x40 mouse.vt -- $LOFTE -c anna.ini -d nav.db

# --- writing --------------------------------------------------------------------
fresh edit.db
script edit <<'VT'
wait Aktiviteter (11)
wait_quiet 100
send <Down><Down>2e
wait REDIGERA
send <Enter><Enter>Nytt stycke: Åsa och Örjan på Öxnehaga.
wait Örjan på Öxnehaga.
send <C-s>
wait Sparat: version 2.
wait VISA
wait Örjan på Öxnehaga.
send q
wait_exit 0
VT
vt "edit in place with å ä ö and save with Ctrl-S" 120x40 edit.vt -- $LOFTE -c anna.ini -d edit.db
row=$(sql edit.db "SELECT updated_by || '|' || department || '|' || login || '|' || version FROM followup WHERE text LIKE '%' || char(10) || char(10) || 'Nytt stycke: Åsa och Örjan på Öxnehaga.'")
[ "$row" = "Anna Andersson|Polisen|$LOGIN|2" ] && ok "the saved text is attributed to the INI user and the OS login" || not_ok "attribution of the save" "$row"

script undo <<'VT'
wait Aktiviteter (11)
wait_quiet 100
send e
wait REDIGERA
send \x20zqxa zqxb
wait zqxa zqxb
send <C-z>
wait_gone zqxb
wait zqxa
send <C-z>
wait_gone zqxa
send <C-y>
wait zqxa
send <Esc>
wait Texten är ändrad. s spara, k kasta
send k
wait Ändringarna kastades.
wait_gone zqxa
send q
wait_exit 0
VT
vt "undo, redo, and leaving with Esc asks save or discard" 120x40 undo.vt -- $LOFTE -c anna.ini -d edit.db
n=$(sql edit.db "SELECT count(*) FROM followup WHERE text LIKE '%zqx%'")
[ "$n" -eq 0 ] && ok "a discarded text is not saved" || not_ok "discarded text saved" "$n"

script resize <<'VT'
wait Aktiviteter (11)
wait_quiet 100
send <Down>e
wait REDIGERA
send \x20Texten överlever storleksändringen.
wait överlever storleksändringen.
resize 50 16
wait REDIGERA
resize 30 8
wait för litet
resize 120 40
wait överlever storleksändringen.
wait Åtgärdsplanen berör flera olika förvaltningar
send <C-s>
wait Sparat: version 2.
send q
wait_exit 0
VT
vt "resizing while editing keeps the text" 120x40 resize.vt -- $LOFTE -c anna.ini -d edit.db
n=$(sql edit.db "SELECT count(*) FROM followup WHERE text LIKE '%Texten överlever storleksändringen.'")
[ "$n" -eq 1 ] && ok "the text typed before the resizes was saved" || not_ok "resize lost the text" "$n"

script status <<'VT'
wait Aktiviteter (11)
wait_quiet 100
send <Down><Down><Down>3s
wait Välj status
wait 4  !  Försenad
send 4
wait Status: Försenad.
send q
wait_exit 0
VT
vt "the status picker sets the status" 120x40 status.vt -- $LOFTE -c anna.ini -d edit.db
s=$(sql edit.db "SELECT f.status || '|' || f.updated_by FROM followup f JOIN commitment c ON c.id = f.commitment_id WHERE c.position = 4 AND f.tertial = 3")
[ "$s" = "delayed|Anna Andersson" ] && ok "the status change is saved and attributed" || not_ok "status change" "$s"

# Someone else saves the same follow-up while Anna edits it: she sees
# their text and chooses; nothing is overwritten without her choice.
printf '[user]\nname = Bo Ek\ndepartment = Jönköpings kommun\n' > bo.ini
sed 's/^Under tertial två har arbetet med EST/Under tertial två har Bo ändrat arbetet med EST/' "$DEMO" > bo.md
conflict_script() { # CHOICE-KEYS MARKER
	cat > conflict.vt <<VT
wait Aktiviteter (11)
wait_quiet 100
send e
wait REDIGERA
send \x20Annas tillägg.
wait Annas tillägg.
shell "$LOFTE" -c "$T_TMP/bo.ini" import -d "$T_TMP/conflict.db" "$T_TMP/bo.md" > /dev/null
wait En nyare version finns nu (Bo Ek
send <C-s>
wait Bo Ek, Jönköpings kommun sparade en nyare version
wait Under tertial två har Bo ändrat arbetet med EST
wait b behåll min text  t ta deras  m sammanfoga
send $1
wait $2
VT
}
fresh conflict.db
conflict_script b 'Din text sparades ovanpå: version 3.'
printf 'send q\nwait_exit 0\n' >> conflict.vt
vt "conflict: keep mine saves my text on top" 120x40 conflict.vt -- $LOFTE -c anna.ini -d conflict.db
row=$(sql conflict.db "SELECT f.version || '|' || f.updated_by || '|' || (f.text LIKE '%Annas tillägg.') || '|' || (SELECT count(*) FROM followup_history h WHERE h.followup_id = f.id AND h.text LIKE '%Bo ändrat%') FROM followup f WHERE f.commitment_id = 1 AND f.tertial = 2")
[ "$row" = "3|Anna Andersson|1|1" ] && ok "keep mine: mine is current, theirs is in the history" || not_ok "keep mine" "$row"

fresh conflict.db
conflict_script t 'Deras text gäller; din finns i historiken (version 3).'
printf 'send q\nwait_exit 0\n' >> conflict.vt
vt "conflict: take theirs keeps mine in the history" 120x40 conflict.vt -- $LOFTE -c anna.ini -d conflict.db
row=$(sql conflict.db "SELECT f.version || '|' || (f.text LIKE '%Bo ändrat%') || '|' || (SELECT count(*) FROM followup_history h WHERE h.followup_id = f.id AND h.text LIKE '%Annas tillägg.') FROM followup f WHERE f.commitment_id = 1 AND f.tertial = 2")
[ "$row" = "4|1|1" ] && ok "take theirs: theirs is current, mine is version 3" || not_ok "take theirs" "$row"

fresh conflict.db
conflict_script m 'Båda texterna finns i redigeraren'
printf 'wait --- Bo Ek,\nsend <C-s>\nwait Sparat: version 3.\nsend q\nwait_exit 0\n' >> conflict.vt
vt "conflict: merge starts from both texts" 120x40 conflict.vt -- $LOFTE -c anna.ini -d conflict.db
n=$(sql conflict.db "SELECT count(*) FROM followup WHERE commitment_id = 1 AND tertial = 2 AND text LIKE '%Annas tillägg.%--- Bo Ek,%Bo ändrat%'")
[ "$n" -eq 1 ] && ok "the merged text holds both" || not_ok "merged text" "$n"

fresh conflict.db
conflict_script '<Esc>' 'Någon annan sparade först. Din text finns kvar i redigeraren.'
printf 'wait REDIGERA\nwait Annas tillägg.\nsend <Esc>k\nsend q\nwait_exit 0\n' >> conflict.vt
vt "conflict: Esc goes back to editing with the text kept" 120x40 conflict.vt -- $LOFTE -c anna.ini -d conflict.db

# Two people at once: Bo sees that Anna edits, and her save appears on
# his screen without a key press.
fresh shared.db
cat > anna.vt <<VT
wait Aktiviteter (11)
wait_quiet 100
send e
wait REDIGERA
send \x20Annas text syns hos Bo.
shell i=0; until [ -e "$T_TMP/bo-saw-anna" ] || [ \$i -ge 400 ]; do i=\$((i+1)); sleep 0.025; done; [ -e "$T_TMP/bo-saw-anna" ]
send <C-s>
wait Sparat: version 2.
send q
wait_exit 0
VT
cat > bo.vt <<VT
wait Aktiviteter (11)
wait Anna Andersson, Polisen redigerar sedan
shell touch "$T_TMP/bo-saw-anna"
wait Annas text syns hos Bo.
wait senast ändrad
wait_gone redigerar sedan
send q
wait_exit 0
VT
"$LOFTE_BUILD/vtdrive" -s 120x40 anna.vt -- $LOFTE -c anna.ini -d shared.db > anna.out 2> anna.err &
vt "another user's presence and save appear live" 120x40 bo.vt -- $LOFTE -c bo.ini -d shared.db
wait $! && ok "the writer's session ended well" || not_ok "the writer's session" "$(cat anna.err)"

# Two TUIs edit the same follow-up; the second save meets the first.
fresh both.db
cat > first.vt <<VT
wait Aktiviteter (11)
wait_quiet 100
send e
wait REDIGERA
send \x20Annas rad.
wait Bo Ek, Jönköpings kommun redigerar sedan
send <C-s>
wait Sparat: version 2.
shell touch "$T_TMP/anna-saved"
send q
wait_exit 0
VT
cat > second.vt <<VT
wait Aktiviteter (11)
wait_quiet 100
send e
wait REDIGERA
send \x20Bos rad.
shell i=0; until [ -e "$T_TMP/anna-saved" ] || [ \$i -ge 400 ]; do i=\$((i+1)); sleep 0.025; done; [ -e "$T_TMP/anna-saved" ]
wait En nyare version finns nu (Anna Andersson
send <C-s>
wait Anna Andersson, Polisen sparade en nyare version
send b
wait Din text sparades ovanpå: version 3.
send q
wait_exit 0
VT
"$LOFTE_BUILD/vtdrive" -s 120x40 first.vt -- $LOFTE -c anna.ini -d both.db > first.out 2> first.err &
vt "two editors on one follow-up: the second save shows the first" 120x40 second.vt -- $LOFTE -c bo.ini -d both.db
wait $! && ok "the first editor saved" || not_ok "the first editor" "$(cat first.err)"
n=$(sql both.db "SELECT count(*) FROM followup_history h JOIN followup f ON f.id = h.followup_id WHERE f.commitment_id = 1 AND f.tertial = 2 AND ((h.version = 2 AND h.text LIKE '%Annas rad.' AND h.updated_by = 'Anna Andersson') OR (h.version = 3 AND h.text LIKE '%Bos rad.' AND h.updated_by = 'Bo Ek'))")
[ "$n" -eq 2 ] && ok "both texts are versions, each with its author" || not_ok "both versions" "$n"

# A viewer (role = viewer) in review mode sees a save live, and changes nothing.
printf '[user]\nname = Ledningsgruppen\nrole = viewer\n' > viewer.ini
fresh meeting.db
cat > writer.vt <<VT
wait Aktiviteter (11)
wait_quiet 100
shell i=0; until [ -e "$T_TMP/viewer-ready" ] || [ \$i -ge 400 ]; do i=\$((i+1)); sleep 0.025; done; [ -e "$T_TMP/viewer-ready" ]
send e\x20Sparat under mötet.<C-s>
wait Sparat: version 2.
send q
wait_exit 0
VT
cat > viewer.vt <<VT
wait GRANSKNING
wait Aktiviteter (11)
send e
wait Skrivskyddat (granskningsläge)
shell touch "$T_TMP/viewer-ready"
wait Sparat under mötet.
send q
wait_exit 0
VT
"$LOFTE_BUILD/vtdrive" -s 120x40 writer.vt -- $LOFTE -c anna.ini -d meeting.db > writer.out 2> writer.err &
vt "role = viewer: read-only, and another user's save appears live" 120x40 viewer.vt -- $LOFTE -c viewer.ini -d meeting.db
wait $! && ok "the writer saved during the meeting" || not_ok "the writer during the meeting" "$(cat writer.err)"

# In the meeting: the review terminal stays in the overview, and another
# user's "ready" appears there without a key press.
printf '# T\n\nKommun: Sena kommun\nÅr: 2024\n\n## 1. Utan text\n\nAnsvariga:\n\n### Tertial 1\n\nStatus: Pågår\n' > meeting2.md
rm -f meeting2.db; "$LOFTE" -c anna.ini import -d meeting2.db meeting2.md > /dev/null
cat > ready_writer.vt <<VT
wait Aktiviteter (1)
wait_quiet 100
shell i=0; until [ -e "$T_TMP/overview-open" ] || [ \$i -ge 400 ]; do i=\$((i+1)); sleep 0.025; done; [ -e "$T_TMP/overview-open" ]
send 1K
wait Markerad klar för granskning.
send q
wait_exit 0
VT
cat > overview_viewer.vt <<VT
wait GRANSKNING
send o
wait Översikt: Sena kommun 2024
shell touch "$T_TMP/overview-open"
wait ◐ Pågår →
send qq
wait_exit 0
VT
"$LOFTE_BUILD/vtdrive" -s 120x40 ready_writer.vt -- $LOFTE -c anna.ini -d meeting2.db > rw.out 2> rw.err &
LOFTE_TODAY=2024-05-01 vt "the overview in review mode refreshes live" 120x40 overview_viewer.vt -- $LOFTE -c viewer.ini -d meeting2.db
wait $! && ok "the writer marked it ready during the meeting" || not_ok "the writer in the meeting" "$(cat rw.err)"

# The connection drops while typing: the text is kept as a draft, and
# offered when the follow-up is opened again.
fresh drop.db
script hangup <<'VT'
wait Aktiviteter (11)
wait_quiet 100
send <Down>e
wait REDIGERA
send <Enter><Enter>Får inte försvinna vid SIGHUP.
wait Får inte försvinna vid SIGHUP.
kill HUP
wait_exit 0
VT
vt "SIGHUP while editing ends the program" 120x40 hangup.vt -- $LOFTE -c anna.ini -d drop.db
n=$(sql drop.db "SELECT count(*) FROM draft WHERE login = '$LOGIN' AND text LIKE '%Får inte försvinna vid SIGHUP.'")
[ "$n" -eq 1 ] && ok "the text typed before SIGHUP is kept as a draft" || not_ok "draft after SIGHUP" "$n"
n=$(sql drop.db "SELECT count(*) FROM presence")
[ "$n" -eq 0 ] && ok "the presence ends with the program" || not_ok "presence left" "$n"
script reopen <<'VT'
wait Aktiviteter (11)
wait_quiet 100
send <Down>e
wait Du har ett osparat utkast från
send r
wait Utkastet återställdes
wait Får inte försvinna vid SIGHUP.
send <C-s>
wait Sparat: version 2.
send q
wait_exit 0
VT
vt "the draft is offered and restored" 120x40 reopen.vt -- $LOFTE -c anna.ini -d drop.db
n=$(sql drop.db "SELECT count(*) FROM followup WHERE text LIKE '%Får inte försvinna vid SIGHUP.'")-$(sql drop.db "SELECT count(*) FROM draft")
[ "$n" = "1-0" ] && ok "the restored draft is saved and the draft removed" || not_ok "draft restored" "$n"

# kill -9 loses at most the last seconds: the draft is written a moment
# after typing stops; Bo's screen stops showing Anna's presence.
fresh kill.db
script killed <<VT
wait Aktiviteter (11)
wait_quiet 100
send e
wait REDIGERA
send \x20Skrivet före kill -9.
shell i=0; until [ "\$(sqlite3 "$T_TMP/kill.db" "SELECT count(*) FROM draft")" = 1 ] || [ \$i -ge 400 ]; do i=\$((i+1)); sleep 0.025; done
kill KILL
wait_exit KILL
VT
vt "kill -9 after a pause in typing" 120x40 killed.vt -- $LOFTE -c anna.ini -d kill.db
n=$(sql kill.db "SELECT count(*) FROM draft WHERE text LIKE '%Skrivet före kill -9.'")
[ "$n" -eq 1 ] && ok "what was typed before kill -9 is in the draft" || not_ok "draft after kill -9" "$n"
n=$(sql kill.db "SELECT count(*) FROM presence")
script stale <<'VT'
wait Aktiviteter (11)
wait_quiet 300
expect_not redigerar sedan
send q
wait_exit 0
VT
vt "a presence whose process is gone is not shown" 120x40 stale.vt -- $LOFTE -c bo.ini -d kill.db
[ "$n" -eq 1 ] && ok "(the killed process left its presence row behind: $n)" || not_ok "expected a stale presence row" "$n"

# A pasted text of many pages arrives as one piece and is one undo step.
{
	printf 'wait Aktiviteter (11)\nwait_quiet 100\nsend <Down><Down><Down>e\nwait REDIGERA\nsend <Paste>'
	awk 'BEGIN { for (i = 1; i <= 300; i++) printf "\\nRad %d av den inklistrade texten med åäö.", i }'
	printf '</Paste>\nwait Rad 300 av den inklistrade texten med åäö.\nsend <C-z>\nwait_gone Rad 300 av\n'
	printf 'send <C-y>\nwait Rad 300 av den inklistrade texten med åäö.\nsend <C-s>\nwait Sparat: version 2.\nsend q\nwait_exit 0\n'
} > paste.vt
fresh paste.db
vt "a bracketed paste of 300 lines is one piece and one undo step" 120x40 paste.vt -- $LOFTE -c anna.ini -d paste.db
n=$(sql paste.db "SELECT count(*) FROM followup WHERE text LIKE '%Rad 1 av den inklistrade texten med åäö.' || char(10) || 'Rad 2 av%Rad 300 av den inklistrade texten med åäö.'")
[ "$n" -eq 1 ] && ok "the pasted lines are saved in order" || not_ok "pasted text" "$n"

# Several promises: -m opens one, y switches.
fresh two.db
printf '# Ystads löfte\n\nKommun: Ystads kommun\nÅr: 2025\n\n## 1. Trygg hamn\n\nAnsvariga: Polisen\n' > ystad.md
"$LOFTE" -c anna.ini import -d two.db ystad.md > /dev/null
script promises <<'VT'
wait Aktiviteter (11)
wait_quiet 100
send y
wait Välj medborgarlöfte
wait Ystads kommun 2025 – Ystads löfte
send <Down><Enter>
wait_row 0 Ystads kommun 2025
wait Aktiviteter (1)
send q
wait_exit 0
VT
vt "y switches to another promise" 120x40 promises.vt -- $LOFTE -c anna.ini -d two.db
script ystad <<'VT'
wait Ystads kommun 2025
wait Trygg hamn
send q
wait_exit 0
VT
vt "-m opens the named municipality's promise" 120x40 ystad.vt -- $LOFTE -c anna.ini -d two.db -m "ystads kommun"

script prompt_resize <<'VT'
wait Aktiviteter (11)
wait_quiet 100
send /
wait Sök:
send öxne
wait Sök: öxne
resize 60 20
wait Sök: öxne
resize 120 40
wait Sök: öxne
send haga<Enter>
wait Träff 1 av 6 för ”öxnehaga”.
send q
wait_exit 0
VT
vt "resizing in a prompt keeps what was typed" 120x40 prompt_resize.vt -- $LOFTE -c anna.ini -d nav.db

# The overview, the presentation and the history.
fresh views.db
script overview <<'VT'
wait Aktiviteter (11)
wait_quiet 100
send o
wait Översikt: Jönköpings kommun 2024
wait  8 Utveckla förmågan
wait Tertial 2:  ○ Ej påbörjad 0  ◐ Pågår 10  ● Genomförd 0  ! Försenad 1
send <Down><Down><Right><Enter>
wait_gone Översikt:
wait SSPF-koordinator har anställts under hösten
send o<End>e
wait REDIGERA
send <Esc>
send q
wait_exit 0
VT
script overview_close <<'VT'
wait Aktiviteter (11)
wait_quiet 100
send o
wait Översikt: Jönköpings kommun 2024
send q
wait_gone Översikt:
wait_row 3 ◐◐!│ 1. Effektiv samordning
send q
wait_exit 0
VT
vt "closing the overview leaves nothing of it behind" 120x40 overview_close.vt -- $LOFTE -c anna.ini -d nav.db
vt "o: the overview counts statuses and opens a cell" 120x40 overview.vt -- $LOFTE -c anna.ini -d views.db
fresh views80.db
vt "the overview fits 80x24" 80x24 overview.vt -- $LOFTE -c anna.ini -d views80.db
fresh views200.db
vt "the overview fills 200x60" 200x60 overview.vt -- $LOFTE -c anna.ini -d views200.db

printf '# T\n\nKommun: Sena kommun\nÅr: 2024\n\n## 1. Utan text\n\nAnsvariga:\n\n### Tertial 1\n\nStatus: Pågår\n' > late.md
"$LOFTE" -c anna.ini import -d late.db late.md > /dev/null
script late <<'VT'
wait Aktiviteter (1)
wait_quiet 100
send o
wait saknas!
send qq
wait_exit 0
VT
LOFTE_TODAY=2024-06-01 vt "the overview marks a missing follow-up of a tertial that has begun" 120x40 late.vt -- $LOFTE -c anna.ini -d late.db
script early <<'VT'
wait Aktiviteter (1)
wait_quiet 100
send o
wait Översikt: Sena kommun 2024
wait_quiet 100
expect_not saknas!
send qq
wait_exit 0
VT
LOFTE_TODAY=2024-04-30 vt "a tertial that has not begun is not marked missing" 120x40 early.vt -- $LOFTE -c anna.ini -d late.db

script present <<'VT'
wait Aktiviteter (11)
wait_quiet 100
send p
wait Jönköpings kommun 2024 · Aktivitet 1 av 11 · Tertial 2 (maj–aug)
wait Under tertial två har arbetet med EST fortskridit
send <Space>
wait Aktivitet 2 av 11
send 3
wait Åtgärdsplanen är framflyttad till januari
send <BS>
wait Aktivitet 1 av 11 · Tertial 3 (sep–dec)
send <Esc>
wait_gone Aktivitet 1 av 11
wait sep–dec
send q
wait_exit 0
VT
vt "p: the presentation steps through activities and tertials" 120x40 present.vt -- $LOFTE -c anna.ini -d views.db
vt "the presentation fits 80x24" 80x24 present.vt -- $LOFTE -c anna.ini -d views.db
vt "the presentation at 200x60" 200x60 present.vt -- $LOFTE -c anna.ini -d views.db

script history <<'VT'
wait Aktiviteter (11)
wait_quiet 100
send e\x20Andra versionen.<C-s>
wait Sparat: version 2.
send H
wait Historik: Effektiv samordning för ökad trygghet (EST), tertial 2
wait v2
wait (gällande)
send <Down><Enter>
wait Version 1 av 2
wait Skillnad mot den gällande versionen
wait {+ Andra versionen.+}
send r
wait Återställ version 1?
send j
wait Version 1 återställd som version 3.
wait_gone Andra versionen.
send q
wait_exit 0
VT
vt "H: the history lists versions, shows one with its diff, and restores it" 120x40 history.vt -- $LOFTE -c anna.ini -d views.db
row=$(sql views.db "SELECT f.version || '|' || (SELECT count(*) FROM followup_history h WHERE h.followup_id = f.id) FROM followup f JOIN commitment c ON c.id = f.commitment_id WHERE c.position = 1 AND f.tertial = 2")
[ "$row" = "3|3" ] && ok "restoring saved a new version and deleted nothing" || not_ok "restore versions" "$row"

script activity_history <<'VT'
wait Aktiviteter (11)
wait_quiet 100
send r
wait Titel:
send <C-u>EST med ny titel<Enter><Enter><Enter>
wait Aktiviteten ändrades.
send H
wait Historik:
send a
wait Aktivitetens historik: EST med ny titel
wait v2
wait v1
send <Down><Enter>
wait Effektiv samordning för ökad trygghet (EST)
wait Ansvariga: Polisen, Jönköpings kommun, Vätterhem
send <Esc><Esc><Esc>
send q
wait_exit 0
VT
vt "the activity's own history lists its versions" 120x40 activity_history.vt -- $LOFTE -c anna.ini -d views.db

# Review: the writer marks ready, a reviewer sends back with a comment
# the writer sees, the writer marks ready again, the reviewer approves.
printf '[user]\nname = Eva Granskare\ndepartment = LPO\nrole = reviewer\n' > eva.ini
rm -f review.db; "$LOFTE" -c anna.ini import -d review.db late.md > /dev/null
script review_writer <<'VT'
wait Aktiviteter (1)
wait_quiet 100
send 1G
wait Bara en granskare (role = reviewer) kan godkänna
send K
wait Markerad klar för granskning.
wait → klar för granskning
send K
wait Den är redan klar för granskning.
send q
wait_exit 0
VT
vt "the writer marks a follow-up ready; approving is for reviewers" 120x40 review_writer.vt -- $LOFTE -c anna.ini -d review.db
script review_back <<'VT'
wait Aktiviteter (1)
wait_quiet 100
send 1T
wait Kommentar till skribenten:
send Lägg till antalet deltagare.<Enter>
wait Skickad tillbaka med kommentar.
wait Granskarens kommentar: Lägg till antalet deltagare.
send q
wait_exit 0
VT
vt "a reviewer sends it back with a comment" 120x40 review_back.vt -- $LOFTE -c eva.ini -d review.db
script review_fix <<'VT'
wait Aktiviteter (1)
wait_quiet 100
send 1
wait Granskarens kommentar: Lägg till antalet deltagare.
send e\x20Ca 35 deltagare.<C-s>
wait Sparat
send K
wait Markerad klar för granskning.
wait_gone Granskarens kommentar
send q
wait_exit 0
VT
vt "the writer sees the comment, fixes the text and marks it ready again" 120x40 review_fix.vt -- $LOFTE -c anna.ini -d review.db
script review_ok <<'VT'
wait Aktiviteter (1)
wait_quiet 100
send 1G
wait Godkänd.
wait ✓ godkänd
send o
wait ✓
send qq
wait_exit 0
VT
vt "a reviewer approves; the overview shows it" 120x40 review_ok.vt -- $LOFTE -c eva.ini -d review.db
row=$(sql review.db "SELECT group_concat(h.review || ':' || h.updated_by, ',') FROM (SELECT * FROM followup_history ORDER BY version) h")
[ "$row" = "draft:Anna Andersson,ready:Anna Andersson,draft:Eva Granskare,draft:Anna Andersson,ready:Anna Andersson,approved:Eva Granskare" ] && ok "every review step is a version with its author" || not_ok "review history" "$row"
"$LOFTE" export -d review.db -f md --approved-only > approved.md
grep -q 'Ca 35 deltagare.' approved.md && ok "--approved-only publishes the approved text" || not_ok "approved text" "$(cat approved.md)"
script review_edit <<'VT'
wait Aktiviteter (1)
wait_quiet 100
send 1e\x20Ändrad efter godkännande.<C-s>
wait Sparat
wait_gone ✓ godkänd
send q
wait_exit 0
VT
vt "changing an approved text makes it a draft again" 120x40 review_edit.vt -- $LOFTE -c anna.ini -d review.db
"$LOFTE" export -d review.db -f md --approved-only > approved.md
grep -q '^Ej godkänd ännu.$' approved.md && ! grep -q 'Ändrad efter' approved.md && ok "then --approved-only says it is not approved yet" || not_ok "unapproved after edit" "$(cat approved.md)"

# Deadlines: the header counts the days left of the tertial that is due.
script deadline <<'VT'
wait Tertial 2: 12 dagar kvar (sista dag 2024-09-15)
send q
wait_exit 0
VT
LOFTE_TODAY=2024-09-03 vt "the header shows the days left to the next deadline" 120x40 deadline.vt -- $LOFTE -c anna.ini -d late.db
script late_ov <<'VT'
wait Aktiviteter (1)
wait_quiet 100
send o
wait sen!
send qq
wait_exit 0
VT
LOFTE_TODAY=2024-05-16 vt "a draft past its deadline is late in the overview" 120x40 late_ov.vt -- $LOFTE -c anna.ini -d late.db

fresh nextyear.db
script nextyear <<'VT'
wait Aktiviteter (11)
wait_quiet 100
send N
wait Starta Jönköpings kommun 2025 från 2024 (11 aktiviteter, inga texter)? j ja, Esc nej
send j
wait Jönköpings kommun 2025 är startat.
wait_row 0 Jönköpings kommun 2025
wait Aktiviteter (11)
wait Ingen uppföljning ännu.
send q
wait_exit 0
VT
vt "N starts next year's promise from this one" 120x40 nextyear.vt -- $LOFTE -c anna.ini -d nextyear.db

# --- the external editor ---------------------------------------------------------
cat > fake-editor <<'SH'
#!/bin/sh
# A stand-in for $EDITOR: records how it was given the file, then edits it.
stat -c %a "$1" > "$FAKE_LOG.mode"
stat -c %a "$(dirname "$1")" > "$FAKE_LOG.dirmode"
echo "$1" > "$FAKE_LOG.path"
printf '%s\n' "Tillägg från editorn: Råslätt." >> "$1"
exit "${FAKE_EXIT:-0}"
SH
chmod +x fake-editor
script external <<'VT'
wait Aktiviteter (11)
wait_quiet 100
send E
wait Sparat: version 2.
wait Tillägg från editorn: Råslätt.
send q
wait_exit 0
VT
fresh ext.db
EDITOR="$T_TMP/fake-editor" FAKE_LOG="$T_TMP/ext" vt "E edits in the external editor and saves" 120x40 external.vt -- $LOFTE -c anna.ini -d ext.db
[ "$(cat ext.mode)" = 600 ] && [ "$(cat ext.dirmode)" = 700 ] && ok "the temporary file is private (0600 in a 0700 folder)" || not_ok "temporary file modes" "$(cat ext.mode) $(cat ext.dirmode)"
[ ! -e "$(cat ext.path)" ] && [ ! -e "$(dirname "$(cat ext.path)")" ] && ok "the temporary file and folder are removed" || not_ok "temporary file left" "$(cat ext.path)"
n=$(sql ext.db "SELECT count(*) FROM followup WHERE text LIKE '%Tillägg från editorn: Råslätt.' AND updated_by = 'Anna Andersson'")
[ "$n" -eq 1 ] && ok "the external editor's text is saved" || not_ok "external save" "$n"

script failing <<'VT'
wait Aktiviteter (11)
wait_quiet 100
send <Down>E
wait misslyckades (exit 3)
wait REDIGERA
wait Tillägg från editorn: Råslätt.
send <C-s>
wait Sparat: version 2.
send q
wait_exit 0
VT
EDITOR="$T_TMP/fake-editor" FAKE_LOG="$T_TMP/fail" FAKE_EXIT=3 vt "a failing editor is reported and its text kept in the editor" 120x40 failing.vt -- $LOFTE -c anna.ini -d ext.db
n=$(sql ext.db "SELECT count(*) FROM followup WHERE text LIKE '%Tillägg från editorn: Råslätt.'")
[ "$n" -eq 2 ] && ok "nothing typed in a failing editor is lost" || not_ok "failing editor lost text" "$n"

# --- activities -------------------------------------------------------------------
fresh act.db
script activities <<'VT'
wait Aktiviteter (11)
wait_quiet 100
send a
wait Titel:
send Ny aktivitet med åäö<Enter>
wait Beskrivning:
send Första stycket ¶ ¶ Andra stycket<Enter>
wait Ansvariga (kommaseparerade):
send Polisen, Vätterhem<Enter>
wait Aktiviteten lades till.
wait Aktiviteter (12)
wait ▶12 Ny aktivitet med åäö
send r
wait Titel:
send <C-u>Omdöpt aktivitet<Enter>
wait Beskrivning:
send <Enter>
wait Ansvariga
send <Enter>
wait Aktiviteten ändrades.
wait ▶12 Omdöpt aktivitet
send x
wait Arkivera ”Omdöpt aktivitet”? j ja, Esc nej
send j
wait Arkiverad. X visar arkiverade.
wait Aktiviteter (11)
send X
wait [arkiverad] Omdöpt aktivitet
send <End>x
wait Återställ ”Omdöpt aktivitet” från arkivet?
send j
wait Återställd från arkivet.
send q
wait_exit 0
VT
vt "add, rename, archive, show archived and restore an activity" 120x40 activities.vt -- $LOFTE -c anna.ini -d act.db
row=$(sql act.db "SELECT title || '|' || archived || '|' || version || '|' || responsible FROM commitment WHERE title = 'Omdöpt aktivitet'")
[ "$row" = 'Omdöpt aktivitet|0|4|["Polisen","Vätterhem"]' ] && ok "the activity's changes are versions of it" || not_ok "activity row" "$row"
d=$(sql act.db "SELECT description FROM commitment WHERE title = 'Omdöpt aktivitet'")
[ "$d" = "$(printf 'Första stycket\n\nAndra stycket')" ] && ok "¶ in the prompt keeps the description's paragraphs" || not_ok "description paragraphs" "$d"
n=$(sql act.db "SELECT count(*) FROM commitment_history h JOIN commitment c ON c.id = h.commitment_id WHERE c.title = 'Omdöpt aktivitet'")
[ "$n" -eq 4 ] && ok "every activity change is in its history" || not_ok "activity history" "$n"

# --- search, help, language, colour --------------------------------------------------
script search <<'VT'
wait Aktiviteter (11)
wait_quiet 100
send /
wait Sök:
send öxnehaga<Enter>
wait Träff 1 av 6 för ”öxnehaga”.
send n
wait Träff 2 av 6 för ”öxnehaga”.
send /<C-u>zzzqqq<Enter>
wait Inga träffar för ”zzzqqq”.
send q
wait_exit 0
VT
vt "search over all texts, Swedish-aware, and next hit" 120x40 search.vt -- $LOFTE -c anna.ini -d nav.db

script help <<'VT'
wait Aktiviteter (11)
wait_quiet 100
send ?
wait Hjälp: alla tangenter
wait sätt status
send <PgDn>
wait Enter                  gå till uppföljningstexten
send <Esc>
wait_gone Hjälp: alla tangenter
send <F1>
wait Hjälp: alla tangenter
send q
wait_gone Hjälp: alla tangenter
send q
wait_exit 0
VT
vt "help lists the keys and closes" 120x40 help.vt -- $LOFTE -c anna.ini -d nav.db

script english <<'VT'
wait Activities (11)
wait_quiet 100
wait Tab pane  e edit  s status
wait Tertial 2 (May–Aug)
send e
wait EDIT
send <Esc>
send q
wait_exit 0
VT
vt "[ui] language = en gives English" 120x40 english.vt -- $LOFTE -c en.ini -d nav.db

script colour <<'VT'
wait Aktiviteter (11)
wait_quiet 100
expect_attr 2 24 bg=6
expect_attr 2 26 bg=2
send q
wait_exit 0
VT
vt "statuses have colours (with a symbol)" 80x24 colour.vt -- $LOFTE -c anna.ini -d nav.db

script nocolour <<'VT'
wait Aktiviteter (11)
wait_quiet 100
expect_row 2 ◐◐●
expect_attr 2 24 fg=default bg=default
expect_attr 2 26 fg=default bg=default
send q
wait_exit 0
VT
NO_COLOR=1 vt "NO_COLOR gives the terminal's own colours, symbols remain" 80x24 nocolour.vt -- $LOFTE -c anna.ini -d nav.db
TERM=vt100 vt "TERM=vt100 (no colour) is usable" 80x24 nocolour.vt -- $LOFTE -c anna.ini -d nav.db

# Targets: added with M, outcomes with U, progress shown.
rm -f goals.db; "$LOFTE" -c anna.ini import -d goals.db late.md > /dev/null
script goals <<'VT'
wait Aktiviteter (1)
wait_quiet 100
send 1M
wait Mål (namn ≥ tal
send fotpatruller ≥ 800<Enter>
wait Målen sparades.
wait Mål: fotpatruller ≥ 800
send M
send narkotikabrott >= 52<Enter>
wait Mål: narkotikabrott ≥ 52
send U
wait Utfall tertial 1, fotpatruller (mål 800):
send 312<Enter>
wait Utfall tertial 1, narkotikabrott (mål 52):
send 20<Enter>
wait Utfallen sparades.
wait fotpatruller: 312 av 800 (39 %) ███░░░░░░░
wait narkotikabrott: 20 av 52 (38 %)
send o
wait ◐ Pågår 38%
send q
send M
send -narkotikabrott<Enter>
wait_gone Mål: narkotikabrott
wait fotpatruller: 312 av 800 (39 %)
send 2U
wait Skriv tertialens uppföljning först (e).
send q
wait_exit 0
VT
vt "targets: M adds and removes, U enters outcomes, progress is shown" 120x40 goals.vt -- $LOFTE -c anna.ini -d goals.db
"$LOFTE" export -d goals.db -f md > goals.md
grep -q '^Mål: fotpatruller ≥ 800$' goals.md && grep -q '^Utfall: fotpatruller = 312$' goals.md && ! grep -q narkotikabrott goals.md && ok "the targets and outcomes are in the document" || not_ok "targets in the document" "$(cat goals.md)"

# Themes: high contrast for a projector, monochrome without colour.
printf '[user]\nname = Anna Andersson\n[ui]\ntheme = high-contrast\n' > hc.ini
printf '[user]\nname = Anna Andersson\n[ui]\ntheme = monochrome\n' > mono.ini
script hc <<'VT'
wait Aktiviteter (11)
wait_quiet 100
expect_attr 5 50 fg=7 bg=0 bold
expect_attr 2 24 bg=6
send p
wait Aktivitet 1 av 11
wait_quiet 100
expect_attr 5 20 bg=0 bold
send qq
wait_exit 0
VT
vt "theme = high-contrast: white on black, bold, status colours kept" 80x24 hc.vt -- $LOFTE -c hc.ini -d nav.db
script mono <<'VT'
wait Aktiviteter (11)
wait_quiet 100
expect_row 2 ◐◐●
expect_attr 2 24 fg=default bg=default
send q
wait_exit 0
VT
vt "theme = monochrome: no colour, the symbols tell the status" 80x24 mono.vt -- $LOFTE -c mono.ini -d nav.db

# --- safety ---------------------------------------------------------------------------
esc=$(printf '\033')
bel=$(printf '\007')
{
	printf '# Farligt\n\nKommun: Testkommun\nÅr: 2024\n\n'
	printf '## 1. Rubrik %s]2;pwned%s\n\nAnsvariga: Polisen\n\n' "$esc" "$bel"
	printf '### Tertial 1\n\nStatus: Pågår\n\n'
	printf 'Kopiera %s]52;c;aGVq%s och rensa %s[2J%s[H här.\n' "$esc" "$bel" "$esc" "$esc"
} > hostile.md
"$LOFTE" import -d hostile.db hostile.md > /dev/null
script hostile <<'VT'
forbid_text \e]52;
forbid_text \e]2;pwned
forbid_text \e[2J\e[H här
wait Aktiviteter (1)
wait_quiet 100
send 1
wait Kopiera ␛]52;c;aGVq␇ och rensa ␛[2J␛[H här.
wait Rubrik ␛]2;pwned␇
send q
wait_exit 0
VT
vt "escape sequences in texts are shown, never sent to the terminal" 120x40 hostile.vt -- $LOFTE -c anna.ini -d hostile.db

fresh ro.db
before=$(md5sum < ro.db)
script readonly <<'VT'
wait GRANSKNING
wait_quiet 100
send e
wait Skrivskyddat (granskningsläge): inget kan ändras.
send <Down>s
wait Skrivskyddat (granskningsläge)
send a
wait Skrivskyddat (granskningsläge)
send q
wait_exit 0
VT
vt "-r: every editing key says the database is read-only" 120x40 readonly.vt -- $LOFTE -c anna.ini -d ro.db -r
[ "$(md5sum < ro.db)" = "$before" ] && ok "-r changes nothing in the database file" || not_ok "-r changed the file"

# --- cost over SSH ------------------------------------------------------------------------
script bytes <<'VT'
wait Aktiviteter (11)
wait_quiet 100
wait_quiet 150
mark
send <Down>
wait_row 3 ▶ 2 Lag
wait_quiet 150
report_bytes move down one activity
mark
send 1
wait Utifrån den nya lagstiftningen har en kartläggning
wait_quiet 150
report_bytes switch tertial
send <Tab><Tab>e
wait REDIGERA
wait_quiet 150
mark
send x
wait_quiet 150
report_bytes type one character
expect_bytes_max 60
send <Esc>k
send q
wait_exit 0
VT
vt "typing one character writes few bytes" 120x40 bytes.vt -- $LOFTE -c anna.ini -d nav.db
grep '^# ' "$T_TMP/vt.out" || true

printf 'wait lofte: TERM=nosuchterm: not a terminal type this system knows\nwait_exit 1\n' > badterm.vt
TERM=nosuchterm vt "an unknown TERM is a one-line error, not curses' own exit" 80x24 badterm.vt -- $LOFTE -c anna.ini -d nav.db

# --- the demo ---------------------------------------------------------------------------
script demo <<'VT'
wait Jönköpings kommun 2024
wait_quiet 100
wait Aktiviteter (11)
send q
wait_exit 0
VT
vt "--demo opens a private copy of the demo" 80x24 demo.vt -- $LOFTE -c anna.ini --demo
ls "$TMPDIR"/lofte-demo.* >/dev/null 2>&1 && not_ok "--demo removes its private copy" || ok "--demo removes its private copy"
