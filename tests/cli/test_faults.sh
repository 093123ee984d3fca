#!/bin/sh
# Faults (issue 7, part 5): a full disk, the database deleted or replaced
# under a running lofte, the terminal going away, a closed pipe, a
# read-only temporary folder and an INI file that changes.  Each must give
# a clear message, keep what the user typed and leave the database whole.
. "$LOFTE_TOP/tests/lib.sh"

DEMO="$LOFTE_TOP/share/lofte/demo/jonkoping-2024.md"
cd "$T_TMP" || exit 1
printf '[user]\nname = Anna Andersson\ndepartment = Polisen\n' > anna.ini
export LOFTE_TODAY=2024-05-15   # tertial 2
STATE="$HOME/.local/state/lofte"
ROOT=0; [ "$(id -u)" -eq 0 ] && ROOT=1
# A private mount namespace (root only): a small or read-only tmpfs.
NS=0; [ "$ROOT" -eq 1 ] && unshare -m true 2>/dev/null && NS=1

fresh() { rm -f "$1" "$1-wal" "$1-shm"; "$LOFTE" -c anna.ini import -d "$1" "$DEMO" >/dev/null; }
integrity() { # DB what
	r=$(sqlite3 "$1" 'PRAGMA integrity_check' 2>&1)
	[ "$r" = ok ] && ok "integrity_check ok: $2" || not_ok "integrity_check: $2" "$r"
}
skip() { ok "# SKIP $1"; }
# until CMD... holds, with a deadline of 10 s; the status says whether it did.
within() {
	i=0
	until "$@"; do
		i=$((i + 1)); [ $i -ge 400 ] && return 1
		sleep 0.025
	done
}
sed 's/Öxnehaga/Råslätt/g' "$DEMO" > changed.md

# typing NAME TEXT: starts NAME.vt, a script that opens the editor on the
# selected follow-up and types TEXT at its end; the caller adds the rest.
typing() {
	printf 'wait Aktiviteter (11)\nwait_quiet 100\nsend e\nwait REDIGERA\nsend \\x20%s\nwait %s\n' "$2" "$2" > "$1.vt"
}

# --- a full disk ----------------------------------------------------------------
if [ "$NS" -eq 1 ]; then
	mkdir -p full
	typing full "Skrivet när disken var full."
	cat >> full.vt <<VT
shell dd if=/dev/zero of="$T_TMP/full/fill" bs=64k 2>/dev/null; true
send <C-s>
wait disken där
wait Texten finns kvar i redigeraren och i
expect REDIGERA
expect Skrivet när disken var full.
shell rm "$T_TMP/full/fill"
send <C-s>
wait Sparat: version 2.
send q
wait_exit 0
VT
	# Everything on the small disk happens inside the namespace; the
	# results come out in files.
	cat > full.sh <<SH
mount -t tmpfs -o size=2m tmpfs "$T_TMP/full" || exit 3
cd "$T_TMP" || exit 3
"$LOFTE" -c anna.ini import -d full/db "$DEMO" >/dev/null
echo 'den gamla exporten' > full/out.md
"$LOFTE_BUILD/vtdrive" -s 240x40 full.vt -- "$LOFTE" -c anna.ini -d full/db > full.vt.out 2> full.vt.err
echo \$? > full.vt.status
dd if=/dev/zero of=full/fill bs=64k 2>/dev/null
"$LOFTE" -c anna.ini import -d full/db changed.md > full.import.out 2> full.import.err
echo \$? > full.import.status
"$LOFTE" -c anna.ini export -d full/db -o full/out.md > full.export.out 2> full.export.err
echo \$? > full.export.status
cp full/out.md full.out.md
ls -A full > full.ls
rm full/fill
sqlite3 full/db 'PRAGMA integrity_check' > full.integrity 2>&1
sqlite3 full/db "SELECT count(*) FROM followup WHERE text LIKE '%Skrivet när disken var full.'" > full.saved
"$LOFTE" -c anna.ini import -d full/db changed.md > full.import2.out 2>&1
echo \$? > full.import2.status
SH
	unshare -m sh full.sh
	[ "$(cat full.vt.status)" = 0 ] && ok "disk full in the editor: a clear message, the text stays, a save works once there is room" || not_ok "disk full in the editor" "$(head -n 60 full.vt.err)"
	[ "$(cat full.saved)" = 1 ] && ok "the text typed on the full disk is saved afterwards" || not_ok "text saved after the disk full" "$(cat full.saved)"
	f=$(ls "$STATE"/db-*-T2.txt 2>/dev/null | head -n 1)
	[ -n "$f" ] && grep -q 'Skrivet när disken var full.' "$f" && ok "the database could not take a draft: the text was rescued to a file" || not_ok "rescue file" "$(ls -la "$STATE" 2>&1)"
	[ -n "$f" ] && [ "$(stat -c %a "$f")" = 600 ] && [ "$(stat -c %a "$STATE")" = 700 ] && ok "the rescue file is private (0600 in a 0700 folder)" || not_ok "rescue file modes" "$(ls -la "$STATE")"
	[ "$(cat full.import.status)" = 1 ] && grep -q '^lofte: full/db: .*the disk is full; nothing was changed$' full.import.err && [ "$(wc -l < full.import.err)" -eq 1 ] && ok "import on a full disk: exit 1, one line naming the database" || not_ok "import on a full disk" "$(cat full.import.status) $(cat full.import.err)"
	[ "$(cat full.export.status)" = 1 ] && grep -q 'the disk is full' full.export.err && ok "export -o on a full disk: exit 1 and says the disk is full" || not_ok "export on a full disk" "$(cat full.export.status) $(cat full.export.err)"
	[ "$(cat full.out.md)" = 'den gamla exporten' ] && ! grep -q '^\.lofte-' full.ls && ok "the old -o file is untouched and no temporary file is left" || not_ok "export -o half-written" "$(cat full.ls)"
	[ "$(cat full.integrity)" = ok ] && ok "integrity_check ok after the disk was full" || not_ok "integrity after full disk" "$(cat full.integrity)"
	[ "$(cat full.import2.status)" = 0 ] && ok "import works again once there is room" || not_ok "import after the disk full" "$(cat full.import2.out)"
else
	for k in 1 2 3 4 5 6 7 8 9; do skip "a small tmpfs needs root and mount namespaces (unshare -m)"; done
fi

# --- the database deleted while lofte runs ------------------------------------------
fresh gone.db
typing gone "Skrivet innan databasen försvann."
cat >> gone.vt <<VT
shell rm "$T_TMP/gone.db"
wait databasfilen togs bort medan lofte körde
wait Din text finns i
send <C-s>
wait Kunde inte spara
expect Skrivet innan databasen försvann.
kill TERM
wait_exit 0
wait din osparade text finns i
VT
vt "the database deleted while editing: told, the text kept" 240x40 gone.vt -- "$LOFTE" -c anna.ini -d gone.db
f=$(ls "$STATE"/gone.db-*-T2.txt 2>/dev/null | head -n 1)
[ -n "$f" ] && grep -q 'Skrivet innan databasen försvann.' "$f" && ok "the text is in a rescue file (the drafts went with the database)" || not_ok "rescue after deletion" "$(ls -la "$STATE" 2>&1)"
[ ! -e gone.db ] && ok "nothing was written to a new file at the deleted path" || not_ok "gone.db came back"

# --- the database replaced (mv) while lofte runs --------------------------------------
fresh repl.db
"$LOFTE" -c anna.ini import -d other.db changed.md >/dev/null
typing repl "Skrivet innan databasen byttes."
cat >> repl.vt <<VT
shell mv "$T_TMP/other.db" "$T_TMP/repl.db"
wait databasfilen byttes ut medan lofte körde
send <C-s>
wait Kunde inte spara
kill TERM
wait_exit 0
VT
vt "the database replaced while editing: told, the text kept" 240x40 repl.vt -- "$LOFTE" -c anna.ini -d repl.db
f=$(ls "$STATE"/repl.db-*-T2.txt 2>/dev/null | head -n 1)
[ -n "$f" ] && grep -q 'Skrivet innan databasen byttes.' "$f" && ok "the text is in a rescue file" || not_ok "rescue after replacement" "$(ls -la "$STATE" 2>&1)"
integrity repl.db "the replacement database"
n=$(sql repl.db "SELECT count(*) FROM followup WHERE text LIKE '%Skrivet innan databasen byttes.%'")-$(sql repl.db "SELECT count(*) FROM followup WHERE text LIKE '%Råslätt%'")
case $n in 0-[1-9]*) ok "the replacement holds its own texts and none of the old session's" ;; *) not_ok "replacement content" "$n" ;; esac
run "$LOFTE" -c anna.ini import -d repl.db "$DEMO"
expect_status 0 "the replacement can be written by the next lofte"

# --- the terminal going away ---------------------------------------------------------------
# SIGHUP is tests/tui/test_tui.sh's; here the terminal emulator dies and
# lofte (in a session of its own, so no SIGHUP reaches it) only sees its
# reads and writes fail.  It must keep the text and end, not spin.
fresh eio.db
typing eio "Skrivet innan terminalen försvann."
cat >> eio.vt <<VT
shell : > "$T_TMP/eio.ready"
wait this never appears
VT
if command -v setsid >/dev/null; then
	"$LOFTE_BUILD/vtdrive" -t 60000 eio.vt -- setsid -w "$LOFTE" -c anna.ini -d eio.db > eio.out 2>&1 &
	vp=$!
	within test -e eio.ready
	lp=$(sql eio.db "SELECT pid FROM presence")
	kill -9 "$vp"
	wait "$vp" 2>/dev/null
	gone() { s=$(ps -o stat= -p "$lp" 2>/dev/null); [ -z "$s" ] || [ "${s#Z}" != "$s" ]; }
	if within gone; then ok "the terminal gone (EIO): lofte ends by itself"
	else not_ok "lofte still runs after its terminal went away" "$(ps -o pid,stat,pcpu,cmd -p "$lp")"; kill -9 "$lp"; fi
	n=$(sql eio.db "SELECT count(*) FROM draft WHERE text LIKE '%Skrivet innan terminalen försvann.'")
	[ "$n" -eq 1 ] && ok "the text typed before the terminal went away is a draft" || not_ok "draft after EIO" "$n"
	integrity eio.db "after the terminal went away"
else
	for k in 1 2 3; do skip "setsid is not installed"; done
fi

# --- a closed pipe ------------------------------------------------------------------------------
# More than a pipe holds, so the reader is gone before the writer ends.
fresh pipe.db
for k in 1 2 3 4 5; do
	sed "s/Jönköpings kommun/Kommun $k/g" "$DEMO" > "pipe$k.md"
	"$LOFTE" -c anna.ini import -d pipe.db "pipe$k.md" >/dev/null
done
n=$("$LOFTE" -c anna.ini export -d pipe.db -f json | wc -c)
[ "$n" -gt 131072 ] && ok "the export ($n bytes) is more than a pipe holds" || not_ok "export too small for the pipe test" "$n"
{ "$LOFTE" -c anna.ini export -d pipe.db -f json 2> pipe.err; echo $? > pipe.status; } | head -c 10 > /dev/null
[ "$(cat pipe.status)" = 1 ] && [ "$(wc -l < pipe.err)" -eq 1 ] && grep -q '^lofte: (standard output): the reader closed the pipe; the output is cut short$' pipe.err && ok "export into a closed pipe: exit 1 and one clear line" || not_ok "closed pipe" "$(cat pipe.status) $(cat pipe.err)"
echo 'den gamla exporten' > kept.json
"$LOFTE" -c anna.ini export -d pipe.db -f json -o kept.json 2>/dev/null | head -c 10 > /dev/null
head -c 1 kept.json | grep -q '{' && ok "with -o the pipe does not matter: the file is whole" || not_ok "-o with a pipe" "$(head -c 40 kept.json)"
integrity pipe.db "after the closed pipe"

# --- a read-only temporary folder ----------------------------------------------------------------
fresh ro.db
cat > rotmp.vt <<'VT'
wait Aktiviteter (11)
wait_quiet 100
send E
wait Kunde inte skapa en tillfällig fil
send e
wait REDIGERA
send \x20Skrivet med skrivskyddad /tmp.
send <C-s>
wait Sparat: version 2.
send q
wait_exit 0
VT
mkdir -p rotmp
if [ "$NS" -eq 1 ]; then
	cat > rotmp.sh <<SH
mount -t tmpfs -o ro,size=1m tmpfs "$T_TMP/rotmp" || exit 3
cd "$T_TMP" || exit 3
TMPDIR="$T_TMP/rotmp" EDITOR=true "$LOFTE_BUILD/vtdrive" -s 120x40 rotmp.vt -- "$LOFTE" -c anna.ini -d ro.db > rotmp.out 2>&1
echo \$? > rotmp.status
TMPDIR="$T_TMP/rotmp" "$LOFTE" -c anna.ini export -d ro.db -f json > rotmp.json 2> rotmp.err
echo \$? > rotmp.export
TMPDIR="$T_TMP/rotmp" "$LOFTE" -c anna.ini search -d ro.db Råslätt > rotmp.search 2>&1
echo \$? >> rotmp.export
# Wide: the line names the folder, whose length depends on where the tests run.
TMPDIR="$T_TMP/rotmp" "$LOFTE_BUILD/vtdrive" -s 300x40 - -- "$LOFTE" -c anna.ini --demo > rotmp.demo 2>&1 <<'VT2'
wait_exit 1
wait lofte-demo
wait Read-only file system
VT2
echo \$? >> rotmp.export
SH
	unshare -m sh rotmp.sh
	[ "$(cat rotmp.status)" = 0 ] && ok "a read-only TMPDIR: E says so clearly, e and saving still work" || not_ok "read-only TMPDIR in the interface" "$(head -n 60 rotmp.out)"
	[ "$(tr '\n' ' ' < rotmp.export)" = "0 0 0 " ] && ok "a read-only TMPDIR: export and search work; --demo fails with a clear line" || not_ok "read-only TMPDIR on the command line" "$(cat rotmp.export rotmp.err rotmp.search rotmp.demo)"
	n=$(sql ro.db "SELECT count(*) FROM followup WHERE text LIKE '%Skrivet med skrivskyddad /tmp.'")
	[ "$n" -eq 1 ] && ok "the text is saved with a read-only TMPDIR" || not_ok "save with read-only TMPDIR" "$n"
elif [ "$ROOT" -eq 0 ]; then
	chmod 555 rotmp
	TMPDIR="$T_TMP/rotmp" EDITOR=true vt "an unwritable TMPDIR: E says so clearly, e and saving still work" 120x40 rotmp.vt -- "$LOFTE" -c anna.ini -d ro.db
	TMPDIR="$T_TMP/rotmp" run "$LOFTE" -c anna.ini export -d ro.db -f json
	expect_status 0 "an unwritable TMPDIR: export works"
	n=$(sql ro.db "SELECT count(*) FROM followup WHERE text LIKE '%Skrivet med skrivskyddad /tmp.'")
	[ "$n" -eq 1 ] && ok "the text is saved with an unwritable TMPDIR" || not_ok "save with unwritable TMPDIR" "$n"
else
	for k in 1 2 3; do skip "root without mount namespaces cannot make a read-only TMPDIR"; done
fi
integrity ro.db "after a read-only TMPDIR"

# --- the INI file changes while lofte runs ----------------------------------------------------
fresh ini.db
cp anna.ini live.ini
printf '[user]\nname = Anna Andersson\ndepartment = Kommunen\n' > ini2.ini
printf '[user]\nname = Anna\nthis line has no equals sign\n' > ini3.ini
cat > ini.vt <<VT
wait Aktiviteter (11)
wait_quiet 100
send e
wait REDIGERA
send \x20Skrivet medan INI-filen ändrades.
shell cat "$T_TMP/ini2.ini" > "$T_TMP/live.ini"
wait live.ini ändrades: de nya inställningarna gäller när lofte startas igen.
shell cat "$T_TMP/ini3.ini" > "$T_TMP/live.ini"
wait live.ini ändrades och är nu fel
expect Skrivet medan INI-filen ändrades.
send <C-s>
wait Sparat: version 2.
wait_row 0 Anna Andersson, Polisen
send q
wait_exit 0
VT
vt "the INI file changing (then broken) while editing: told, the text saved" 200x40 ini.vt -- "$LOFTE" -c "$T_TMP/live.ini" -d ini.db
n=$(sql ini.db "SELECT count(*) FROM followup WHERE text LIKE '%Skrivet medan INI-filen ändrades.' AND department = 'Polisen'")
[ "$n" -eq 1 ] && ok "the save uses the settings lofte started with" || not_ok "settings after the INI changed" "$n"
integrity ini.db "after the INI file changed"
run "$LOFTE" -c live.ini summary -d ini.db
expect_status 2 "the broken INI file is an error at the next start"
