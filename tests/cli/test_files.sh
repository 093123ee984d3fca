#!/bin/sh
# Safe files (issue 7, part 4): the modes of a new database, warnings for
# a database or INI file that someone else could change, and the external
# editor's private temporary file.
. "$LOFTE_TOP/tests/lib.sh"

DEMO="$LOFTE_TOP/share/lofte/demo/jonkoping-2024.md"
cd "$T_TMP" || exit 1
printf '[user]\nname = Anna Andersson\ndepartment = Polisen\n' > anna.ini
printf '[user]\nname = Anna Andersson\n[ui]\nlanguage = en\n' > en.ini
chmod 600 anna.ini en.ini
export LOFTE_TODAY=2024-05-15
ROOT=0; [ "$(id -u)" -eq 0 ] && ROOT=1

mode() { stat -c %a "$1"; }

# --- a new database is never readable or writable by the world --------------
for m in 000 002 022 077; do
	rm -rf "u$m"
	(umask "$m" && "$LOFTE" -c anna.ini init -d "u$m/new/lofte.db" >/dev/null 2>&1)
	f=$(mode "u$m/new/lofte.db") d=$(mode "u$m/new")
	case $f in *[1-7]) not_ok "init with umask $m: the file is $f" ;; *) ok "init with umask $m makes the database $f (nothing for others)" ;; esac
	[ "$d" = "$(printf '%o' $((0700 & ~0$m)))" ] && ok "init with umask $m makes its folder $d" || not_ok "folder with umask $m" "$d"
done
(umask 000 && "$LOFTE" -c anna.ini import -d imported.db "$DEMO" >/dev/null)
(umask 000 && "$LOFTE" -c anna.ini export -d imported.db -f md >/dev/null)
for f in imported.db imported.db-wal imported.db-shm; do
	[ -e "$f" ] || continue
	case $(mode "$f") in *[1-7]) not_ok "$f is $(mode "$f") with umask 000" ;; *) ok "import into a new file with umask 000: $f is $(mode "$f")" ;; esac
done
# The demo's private copy, looked at while it runs.
printf 'wait Aktiviteter (11)\nshell stat -c %%a "$TMPDIR"/lofte-demo.*/demo.db > "%s/demo.mode"; stat -c %%a "$TMPDIR"/lofte-demo.* > "%s/demo.dirmode"\nsend q\nwait_exit 0\n' "$T_TMP" "$T_TMP" > demo.vt
(umask 000 && vt "--demo runs with umask 000" 120x40 demo.vt -- "$LOFTE" -c anna.ini --demo)
[ "$(cat demo.mode)" = 660 ] && [ "$(cat demo.dirmode)" = 700 ] && ok "--demo with umask 000: the copy is 660 in a 700 folder" || not_ok "--demo modes" "$(cat demo.mode) $(cat demo.dirmode)"

# --- warnings for files others can change ----------------------------------
"$LOFTE" -c anna.ini import -d w.db "$DEMO" >/dev/null
run "$LOFTE" -c anna.ini summary -d w.db
[ "$T_STATUS" -eq 0 ] && [ -z "$T_ERR" ] && ok "a private database and INI file give no warning" || not_ok "unexpected warning" "$T_ERR"
chmod 666 w.db
run "$LOFTE" -c en.ini summary -d w.db
expect_status 0 "a world-writable database still opens"
expect_err_line "warning: w.db: every user may write to it \(mode 0666\).*chmod o-w w.db" "a world-writable database gets one warning naming the fix"
chmod 660 w.db
chmod 666 en.ini
run "$LOFTE" -c en.ini summary -d w.db
expect_err_line "warning: en.ini: every user may write to it .*chmod o-w en.ini" "a world-writable INI file gets a warning"
chmod 600 en.ini
mkdir -p open && chmod 777 open && cp w.db open/w.db
run "$LOFTE" -c en.ini summary -d open/w.db
expect_err_line "warning: open: every user may write to this folder \(no sticky bit\), so anyone can replace open/w.db; fix: chmod o-w open" "a database in a world-writable folder gets a warning"
chmod 1777 open
run "$LOFTE" -c en.ini summary -d open/w.db
[ -z "$T_ERR" ] && ok "a sticky world-writable folder (like /tmp) is no warning" || not_ok "sticky folder warned" "$T_ERR"
printf '[user]\nname = Anna Andersson\n' > sv.ini
chmod 666 open/w.db
run "$LOFTE" -c sv.ini summary -d open/w.db
expect_err_line "warning: open/w.db: alla användare kan skriva i filen .*chmod o-w open/w.db" "the warning is in the user's language"

if [ "$ROOT" -eq 1 ] && id nobody >/dev/null 2>&1; then
	chmod 660 open/w.db
	cp en.ini foreign.ini && chown nobody:root foreign.ini
	run "$LOFTE" -c foreign.ini summary -d w.db
	expect_err_line "warning: foreign.ini: owned by nobody, who is not in its group root; .*chown" "an INI file of another user outside its group gets a warning"
	chown nobody:"$(id -gn nobody)" foreign.ini
	run "$LOFTE" -c foreign.ini summary -d w.db
	[ -z "$T_ERR" ] && ok "an INI file of another user in its own group is no warning" || not_ok "member warned" "$T_ERR"
	chown nobody:root w.db
	run "$LOFTE" -c en.ini summary -d w.db
	expect_err_line "warning: w.db: owned by nobody, who is not in its group root" "a database of another user outside its group gets a warning"
	chown root:root w.db
else
	for k in 1 2 3; do ok "# SKIP changing a file's owner needs root"; done
fi

# --- the external editor's temporary file --------------------------------------
cat > planting-editor <<'SH'
#!/bin/sh
# Stands in for an editor that leaves a symbolic link where the text was
# (as another user could plant one): lofte must not read through it.
echo "$1" > "$FAKE_LOG.path"
printf 'hemlig text\n' > "$FAKE_LOG.secret"
rm -f "$1" && ln -s "$FAKE_LOG.secret" "$1"
printf 'backup\n' > "$1~"
SH
chmod +x planting-editor
"$LOFTE" -c anna.ini import -d ext.db "$DEMO" >/dev/null
cat > plant.vt <<'VT'
wait Aktiviteter (11)
wait_quiet 100
send E
wait inte längre en vanlig fil av dina
send q
wait_exit 0
VT
EDITOR="$T_TMP/planting-editor" FAKE_LOG="$T_TMP/plant" vt "a symbolic link left in place of the temporary file is refused" 200x40 plant.vt -- "$LOFTE" -c anna.ini -d ext.db
n=$(sql ext.db "SELECT count(*) FROM followup WHERE text LIKE '%hemlig text%'")
[ "$n" -eq 0 ] && ok "nothing was read through the link" || not_ok "read through a link" "$n"
[ ! -e "$(dirname "$(cat plant.path)")" ] && ok "the private folder is removed, with what the editor left in it" || not_ok "folder left" "$(ls -la "$(dirname "$(cat plant.path)")")"

mkdir -p opentmp && chmod 777 opentmp
cat > opentmp.vt <<'VT'
wait Aktiviteter (11)
wait_quiet 100
send E
wait saknar sticky-bit
send e
wait REDIGERA
send \x20Skrivet utan extern editor.
send <C-s>
wait Sparat: version 2.
send q
wait_exit 0
VT
TMPDIR="$T_TMP/opentmp" EDITOR="$T_TMP/planting-editor" FAKE_LOG="$T_TMP/open" vt "a TMPDIR every user may write without the sticky bit is refused, and e still works" 200x40 opentmp.vt -- "$LOFTE" -c anna.ini -d ext.db
[ -z "$(ls opentmp)" ] && ok "nothing was created in the unsafe folder" || not_ok "created in unsafe TMPDIR" "$(ls opentmp)"

# SIGHUP while the external editor runs: the editor is ended, what it
# had written is kept as a draft, and the temporary folder is removed.
# slow-editor writes FAKE_TEXT, says it is ready, then stays (its pid in
# $FAKE_LOG.pid); stopped_in_editor NAME SIGNAL STATUS writes NAME.vt: E,
# then SIGNAL to lofte once the editor is ready.
cat > slow-editor <<'SH'
#!/bin/sh
echo "$1" > "$FAKE_LOG.path"
echo $$ > "$FAKE_LOG.pid"
printf '%s\n' "$FAKE_TEXT" >> "$1"
: > "$FAKE_LOG.ready"
exec sleep 600
SH
chmod +x slow-editor
stopped_in_editor() {
	cat > "$1.vt" <<VT
wait Aktiviteter (11)
wait_quiet 100
send E
shell i=0; until [ -e "$T_TMP/$1.ready" ] || [ \$i -ge 400 ]; do i=\$((i+1)); sleep 0.025; done; [ -e "$T_TMP/$1.ready" ]
kill $2
wait_exit $3
VT
}
stopped_in_editor hup HUP 0
FAKE_TEXT="Skrivet i editorn före SIGHUP." EDITOR="$T_TMP/slow-editor" FAKE_LOG="$T_TMP/hup" vt "SIGHUP while the external editor runs ends both" 120x40 hup.vt -- "$LOFTE" -c anna.ini -d ext.db
n=$(sql ext.db "SELECT count(*) FROM draft WHERE text LIKE '%Skrivet i editorn före SIGHUP.'")
[ "$n" -eq 1 ] && ok "what the editor had written is kept as a draft" || not_ok "draft after SIGHUP in the editor" "$n"
[ ! -e "$(dirname "$(cat hup.path)")" ] && ok "the temporary folder is removed after SIGHUP" || not_ok "temporary folder left after SIGHUP" "$(cat hup.path)"
[ "$(sql ext.db 'PRAGMA integrity_check')" = ok ] && ok "integrity_check ok after SIGHUP" || not_ok "integrity after SIGHUP"

# lofte killed (SIGKILL: no handler runs) while the external editor goes
# on: the next start keeps what the editor saved as a draft and removes
# the folder; a folder of a lofte that still runs is left alone.
"$LOFTE" -c anna.ini import -d kill.db "$DEMO" >/dev/null
stopped_in_editor kill KILL KILL
FAKE_TEXT="Skrivet i editorn innan lofte dödades." EDITOR="$T_TMP/slow-editor" FAKE_LOG="$T_TMP/kill" vt "lofte killed while the external editor runs" 120x40 kill.vt -- "$LOFTE" -c anna.ini -d kill.db
kill "$(cat kill.pid)" 2>/dev/null
left=$(dirname "$(cat kill.path)")
[ -f "$left/.lofte-edit" ] && [ "$(stat -c %a "$left/.lofte-edit")" = 600 ] && ok "the folder says whose edit it is (0600)" || not_ok "no private note in the folder" "$(ls -la "$left")"
# A leftover whose lofte still runs (this shell's pid stands in for it).
live="$TMPDIR/lofte-edit.live"
mkdir -m 700 "$live" && cp "$left/uppfoljning.txt" "$live/" &&
	{ printf '%s ' $$; sed -n '1s/^[0-9]* //p' "$left/.lofte-edit"; sed -n '2p' "$left/.lofte-edit"; } > "$live/.lofte-edit"
cat > back.vt <<'VT'
wait Aktiviteter (11)
wait Utkast kvar från en avbruten extern editor: Effektiv samordning
send e
wait Du har ett osparat utkast från
send r
wait Utkastet återställdes
wait Skrivet i editorn innan lofte dödades.
send <C-s>
wait Sparat: version
send q
wait_exit 0
VT
vt "the next start keeps the editor's text as a draft, offered when the text is opened" 240x40 back.vt -- "$LOFTE" -c anna.ini -d kill.db
[ ! -e "$left" ] && ok "the leftover folder is removed" || not_ok "leftover folder still there" "$(ls -la "$left")"
[ -e "$live/uppfoljning.txt" ] && ok "a folder of a lofte that still runs is left alone" || not_ok "a running lofte's folder was taken" "$(ls -la "$live")"
rm -rf "$live"
n=$(sql kill.db "SELECT count(*) FROM followup WHERE text LIKE '%Skrivet i editorn innan lofte dödades.'")
[ "$n" -eq 1 ] && ok "the recovered text is saved" || not_ok "recovered text not saved" "$n"
[ "$(sql kill.db 'PRAGMA integrity_check')" = ok ] && ok "integrity_check ok after lofte was killed" || not_ok "integrity after SIGKILL"
