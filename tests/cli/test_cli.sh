#!/bin/sh
# The command line of interface.md: exit codes, one-line errors, the
# database and INI search paths, import/export round trips and bad input.
. "$LOFTE_TOP/tests/lib.sh"

DEMO="$LOFTE_TOP/share/lofte/demo/jonkoping-2024.md"
cd "$T_TMP" || exit 1

# --- usage ---------------------------------------------------------------
run "$LOFTE" --help;            expect_status 0 "--help"; expect_out '^Usage:' "--help prints the usage"
run "$LOFTE" -V;                expect_status 0 "-V"; expect_out '^lofte [0-9]+\.[0-9]+' "-V prints the version"
run "$LOFTE" -z;                expect_status 2 "unknown option"; expect_err_line 'unknown option -z' "unknown option message"
run "$LOFTE" frobnicate;        expect_status 2 "unknown command"; expect_err_line "unknown command 'frobnicate'" "unknown command message"
run "$LOFTE" summary -y abc;    expect_status 2 "-y not a year"; expect_err_line '-y abc: not a year' "bad year message"
run "$LOFTE" export -f pdf -d x.db; expect_status 2 "unknown format"; expect_err_line '-f pdf: unknown format' "bad format message"
run "$LOFTE" export --history -d x.db; expect_status 2 "--history without json"; expect_err_line '--history goes with -f json' "--history message"
run "$LOFTE" import -d x.db;    expect_status 2 "import without files"; expect_err_line 'import needs at least one FILE' "import usage message"
run "$LOFTE" init -f json;      expect_status 2 "option of another command"; expect_err_line 'init does not take -f' "wrong option message"
run "$LOFTE" summary extra;     expect_status 2 "stray operand"; expect_err_line "takes no argument 'extra'" "stray operand message"
run "$LOFTE" export -o;         expect_status 2 "option without value"; expect_err_line '-o needs a value' "missing value message"
run "$LOFTE" summary -d "";     expect_status 2 "empty -d"; expect_err_line 'needs a value, not an empty string' "empty value message"

# --- configuration ---------------------------------------------------------
run "$LOFTE" -c nowhere.ini summary
expect_status 2 "-c names a missing file"; expect_err_line 'nowhere.ini' "missing -c file named"
printf '[user]\nname = Anna\nthis line has no equals sign\n' > bad.ini
run "$LOFTE" -c bad.ini summary -d x.db
expect_status 2 "malformed INI"; expect_err_line 'bad.ini:3' "malformed INI names file and line"
printf '[user]\nrole = boss\n' > boss.ini
run "$LOFTE" -c boss.ini summary -d x.db
expect_status 2 "role = boss"; expect_err_line 'boss.ini:2: .*role.*editor, reviewer, viewer' "bad role names allowed values"
printf '[ui]\ntheme = disco\n' > theme.ini
run "$LOFTE" -c theme.ini summary -d x.db
expect_status 2 "theme = disco"; expect_err_line 'theme.ini:2: .*theme.*default, high-contrast, monochrome' "bad theme names the allowed values"
printf '[ui]\ncolour = red\n' > unknown.ini
run "$LOFTE" -c unknown.ini init -d cfg.db
expect_status 0 "unknown key is only a warning"
case $T_ERR in *"unknown.ini:2"*colour*) ok "the warning names file, line and key" ;; *) not_ok "warning names file, line and key" "$T_ERR" ;; esac

# --- where the database is -------------------------------------------------
run "$LOFTE" init
expect_status 0 "init with no -d"
if [ -f "$XDG_DATA_HOME/lofte/lofte.db" ]; then ok "default database under XDG_DATA_HOME"; else not_ok "default database under XDG_DATA_HOME" "$T_OUT"; fi
LOFTE_DB="$T_TMP/env.db" run "$LOFTE" init
if [ -f env.db ]; then ok "LOFTE_DB is used"; else not_ok "LOFTE_DB is used" "$T_OUT $T_ERR"; fi
LOFTE_DB="$T_TMP/env.db" run "$LOFTE" init -d "$T_TMP/flag.db"
if [ -f flag.db ]; then ok "-d wins over LOFTE_DB"; else not_ok "-d wins over LOFTE_DB"; fi
printf '[database]\npath = "%s/ini;db.db"\n' "$T_TMP" > path.ini
run "$LOFTE" -c path.ini init
if [ -f "ini;db.db" ]; then ok "INI database.path (quoted, with ;) is used"; else not_ok "INI database.path is used" "$T_ERR"; fi
run "$LOFTE" init -d "$T_TMP/deep/new/folder/x.db"
expect_status 0 "init creates missing folders"
mode=$(stat -c %a "$T_TMP/deep/new/folder/x.db")
case $mode in *0|*0?) ok "a new database is not world-accessible ($mode)" ;; *) not_ok "database mode" "$mode" ;; esac

# Sharing: a folder meant for a group, and a file it may not write.
mkdir -m 2770 shared
(umask 022; "$LOFTE" init -d shared/a.db > /dev/null 2> share1.err)
grep -q 'shared/a.db: the group may not write it (mode 0640).*chmod 660' share1.err && ok "init warns when the group may not write a shared database" || not_ok "group-write warning" "$(cat share1.err)"
(umask 007; "$LOFTE" init -d shared/b.db > /dev/null 2> share2.err)
[ ! -s share2.err ] && [ "$(stat -c %a shared/b.db)" = 660 ] && ok "init with umask 007 in a 2770 folder gives 0660, no warning" || not_ok "shared init" "$(cat share2.err) $(stat -c %a shared/b.db)"
mkdir -m 755 closed
(umask 007; "$LOFTE" init -d closed/c.db > /dev/null 2> share3.err)
grep -q 'closed: the group may not create files in this folder.*-wal and -shm.*chmod 2770' share3.err && ok "init warns about the -wal/-shm trap" || not_ok "wal/shm warning" "$(cat share3.err)"
(umask 077; "$LOFTE" init -d "$T_TMP/private.db" > /dev/null 2> share4.err)
[ ! -s share4.err ] && ok "a private database gets no sharing warning" || not_ok "private warning" "$(cat share4.err)"

# --- import and export -----------------------------------------------------
run "$LOFTE" import -d demo.db "$DEMO"
expect_status 0 "import the demo"; expect_out 'Jönköpings kommun 2024: created; 11 activities new' "import reports what it did"
run "$LOFTE" export -d demo.db -f json
expect_status 0 "export json"
n=$(printf '%s' "$T_OUT" | grep -o '"tertial":' | wc -l)
[ "$n" -eq 33 ] && ok "json has 33 follow-ups" || not_ok "json has 33 follow-ups" "got $n"
n=$(printf '%s' "$T_OUT" | grep -o '"position":' | wc -l)
[ "$n" -eq 11 ] && ok "json has 11 activities" || not_ok "json has 11 activities" "got $n"
"$LOFTE" export -d demo.db > a.md
expect_same a.md "$DEMO" "md export of the imported demo is the demo file, byte for byte"
"$LOFTE" import -d copy.db a.md >/dev/null && "$LOFTE" export -d copy.db -f md > b.md
expect_same a.md b.md "export | import | export is byte-identical"
"$LOFTE" -d demo.db export > c.md
expect_same a.md c.md "-d before the command is the same as after"
run "$LOFTE" export -d demo.db -f html -o page.html
expect_status 0 "export html -o"
grep -q '<html lang="sv">' page.html && ok "html is Swedish" || not_ok "html lang"
ls .lofte-* >/dev/null 2>&1 && not_ok "no temporary file left by -o" || ok "no temporary file left by -o"
run "$LOFTE" export -d demo.db -o "$T_TMP/no/such/dir/x.md"
expect_status 1 "-o into a missing folder"; expect_err_line 'no/such/dir/x.md: cannot create' "-o error names the file"
run "$LOFTE" export -d demo.db -f csv
n=$(printf '%s\n' "$T_OUT" | grep -c "^Jönköpings kommun,2024,")
[ "$n" -ge 33 ] && ok "csv has a row per activity and tertial" || not_ok "csv rows" "got $n"
run "$LOFTE" summary -d demo.db -y 2024 -m "jönköpings kommun"
expect_status 0 "summary -y -m"; expect_out '^ +8  Utveckla förmågan.*Pågår ✓ +Försenad ✓ +Pågår ✓' "summary shows statuses as words, approved marked"
run "$LOFTE" export -d demo.db -f txt
expect_out '^Tertial 1 \(jan–apr\) – Pågår – godkänd$' "plain text says a follow-up is approved"
run "$LOFTE" export -d demo.db -f html
expect_out 'Status: Pågår · godkänd</p>' "HTML says it"
run "$LOFTE" export -d demo.db -f csv
expect_out ',approved.$' "CSV has the review column"
run "$LOFTE" export -d demo.db -f json
case $T_OUT in *'"review":"approved"'*) ok "JSON has the review" ;; *) not_ok "JSON review" "$(echo "$T_OUT" | head -c 300)" ;; esac
run "$LOFTE" search -d demo.db öxnehaga
expect_status 0 "search"
n=$(printf '%s\n' "$T_OUT" | grep -c '\[Öxnehaga\]')
[ "$n" -eq 6 ] && ok "search finds the 6 texts with Öxnehaga, case folded, the hit marked" || not_ok "search hits" "$T_OUT"
run "$LOFTE" search -d demo.db -y 2024 -m "Jönköpings kommun" krogar
expect_out '^Jönköpings kommun 2024 · 11\. Krogar mot knark · aktivitet: \[Krogar\] mot knark' "search within a promise, titles too"
run "$LOFTE" search -d demo.db oxnehaga
[ -z "$T_OUT" ] && ok "ö is not o in a search" || not_ok "diacritics" "$T_OUT"
run "$LOFTE" search -d demo.db
expect_status 2 "search without words"; expect_err_line 'search needs at least one WORD' "search usage message"
run "$LOFTE" summary -d demo.db -y 2030
expect_status 1 "summary of a missing year"; expect_err_line 'no promise for 2030' "missing year message"

# Summary: what is missing or late, and CSV.
printf '# T\n\nKommun: Sena kommun\nÅr: 2024\n\n## 1. Skriven\n\nAnsvariga:\n\n### Tertial 1\n\nStatus: Pågår\n\n## 2. Oskriven\n\nAnsvariga:\n' > gaps.md
"$LOFTE" import -d gaps.db gaps.md > /dev/null
LOFTE_TODAY=2024-06-01 run "$LOFTE" summary -d gaps.db
expect_out '^Saknas \(tertialen har börjat\):$' "summary lists what is missing"
expect_out '^  2  Oskriven .* T2  sista dag 2024-09-15$' "the missing follow-up of tertial 2"
expect_out '^Sena \(sista dagen har passerat\):$' "summary lists what is late"
expect_out '^  1  Skriven .* T1  sista dag 2024-05-15$' "a draft past its deadline is late"
LOFTE_TODAY=2024-06-01 run "$LOFTE" summary -d gaps.db -f csv
expect_out '^municipality,year,position,activity,t1_status,t1_review,t1_late,' "summary -f csv has a header"
expect_out '^Sena kommun,2024,2,Oskriven,Saknas,,late,Saknas,,missing,Saknas,,' "summary -f csv marks late and missing"
run "$LOFTE" summary -d gaps.db -f xml
expect_status 2 "summary -f xml"; expect_err_line 'summary is txt or csv' "bad summary format message"
run "$LOFTE" export -d gaps.db --approved-only=omit -f json
case $T_OUT in *'"status":"missing"'*) ok "--approved-only=omit leaves unapproved follow-ups out" ;; *) not_ok "approved-only omit" "$T_OUT" ;; esac
run "$LOFTE" export -d gaps.db --approved-only=maybe
expect_status 2 "--approved-only=maybe"

# Targets: through the database and every format, exactly.
printf '# Mål\n\nKommun: Målkommun\nÅr: 2025\n\n## 1. Fotpatrullering\n\nAnsvariga: Polisen\nMål: fotpatruller ≥ 800\nMål: narkotikabrott ≥ 52\n\n### Tertial 1\n\nStatus: Pågår\nUtfall: fotpatruller = 312\nUtfall: narkotikabrott = 20\n\nBra start.\n' > targets.md
"$LOFTE" import -d targets.db targets.md > /dev/null
"$LOFTE" export -d targets.db -f md > targets2.md
expect_same targets.md targets2.md "targets and outcomes round-trip through the database exactly"
run "$LOFTE" export -d targets.db -f json
case $T_OUT in *'"indicators":[{"name":"fotpatruller","comparison":">=","target":800.0,"outcomes":[{"tertial":1,"value":312.0}]}'*) ok "JSON has the targets and outcomes" ;; *) not_ok "JSON targets" "$T_OUT" ;; esac
run "$LOFTE" export -d targets.db -f html
expect_out 'Mål: fotpatruller ≥ 800' "HTML shows the targets"
expect_out 'fotpatruller: 312 av 800 \(39 %\)' "HTML shows an outcome with its progress"
run "$LOFTE" export -d targets.db -f txt
expect_out 'fotpatruller: 312 av 800 \(39 %\)' "plain text shows the outcome"
run "$LOFTE" export -d targets.db -f csv
expect_out 'fotpatruller: 312 av 800 \(39 %\); narkotikabrott: 20 av 52 \(38 %\)' "CSV has the outcomes of the tertial"
"$LOFTE" init -d targets.db --from 2025 --year 2026 > /dev/null
n=$(sql targets.db "SELECT count(*) FROM indicator i JOIN commitment c ON c.id = i.commitment_id JOIN promise p ON p.id = c.promise_id WHERE p.year = 2026")-$(sql targets.db "SELECT count(*) FROM indicator_outcome o JOIN indicator i ON i.id = o.indicator_id JOIN commitment c ON c.id = i.commitment_id JOIN promise p ON p.id = c.promise_id WHERE p.year = 2026")
[ "$n" = "2-0" ] && ok "next year keeps the targets, without outcomes" || not_ok "next year targets" "$n"

# Next year from this year.
cp demo.db next.db
run "$LOFTE" init -d next.db --from 2024 --year 2025
expect_status 0 "init --from 2024 --year 2025"; expect_out 'Jönköpings kommun 2025: started from 2024 with 11 activities \(no texts\)' "it says what it made"
n=$(sql next.db "SELECT count(*) FROM commitment c JOIN promise p ON p.id = c.promise_id WHERE p.year = 2025")-$(sql next.db "SELECT count(*) FROM followup f JOIN commitment c ON c.id = f.commitment_id JOIN promise p ON p.id = c.promise_id WHERE p.year = 2025")
[ "$n" = "11-0" ] && ok "next year has the 11 activities and no texts" || not_ok "next year contents" "$n"
r=$(sql next.db "SELECT responsible FROM commitment c JOIN promise p ON p.id = c.promise_id WHERE p.year = 2025 AND c.position = 1")
[ "$r" = '["Polisen","Jönköpings kommun","Vätterhem"]' ] && ok "responsible parties are copied" || not_ok "parties copied" "$r"
run "$LOFTE" init -d next.db --from 2024 --year 2025
expect_status 1 "the same year twice"; expect_err_line 'a promise for Jönköpings kommun 2025 exists already' "exists-already message"
run "$LOFTE" init -d next.db --year 2026
expect_status 2 "--year without --from"; expect_err_line '--from YEAR and --year YEAR go together' "usage message"

# Re-import with one change: one new version, attributed to the INI user and the OS login.
printf '[user]\nname = Bo Ek\ndepartment = Jönköpings kommun\n' > bo.ini
sed 's/^EST som metodik används/EST som metod används/' "$DEMO" > changed.md
run "$LOFTE" -c bo.ini import -d demo.db changed.md
expect_out '1 follow-ups saved, 32 unchanged' "re-import saves only what changed"
v=$(sql demo.db "SELECT updated_by || '|' || department || '|' || login || '|' || version FROM followup WHERE text LIKE 'EST som metod används%'")
[ "$v" = "Bo Ek|Jönköpings kommun|$(id -un)|2" ] && ok "the new version is attributed (name, department, login)" || not_ok "attribution" "$v"
n=$(sql demo.db "SELECT count(*) FROM followup_history")
[ "$n" -eq 34 ] && ok "the history keeps every version (34)" || not_ok "history rows" "$n"

# --- bad documents: refused whole, nothing stored ---------------------------
before=$(sql demo.db "SELECT count(*) FROM followup_history")
printf '# T\n\nKommun: Ystad\nÅr: 2025\n\n## 1. A\n\n### Tertial 1\n\nStatus: Klar\n' > bad.md
run "$LOFTE" import -d demo.db "$DEMO" bad.md
expect_status 1 "a malformed document"; expect_err_line 'bad.md:10: Status: "Klar" is not a status' "error names file and line"
after=$(sql demo.db "SELECT count(*) FROM followup_history")
n=$(sql demo.db "SELECT count(*) FROM promise WHERE municipality = 'Ystad'")
[ "$before" = "$after" ] && [ "$n" -eq 0 ] && ok "nothing of either file was stored" || not_ok "nothing stored" "$before/$after/$n"
printf '# T\n\nKommun: Ystad\nÅr: 2025\n\nbad \377 byte\n' > utf.md
run "$LOFTE" import -d demo.db utf.md
expect_status 1 "invalid UTF-8"; expect_err_line 'utf.md:6: invalid UTF-8' "invalid UTF-8 message"
printf '# T\n\nKommun: Ystad\nÅr: 2025\n\nnul \000 byte\n' > nul.md
run "$LOFTE" import -d demo.db nul.md
expect_status 1 "NUL byte"; expect_err_line 'nul.md:6: NUL byte' "NUL message"
: > empty.md
run "$LOFTE" import -d demo.db empty.md
expect_status 1 "empty document"; expect_err_line 'empty.md: empty document' "empty document message"
printf '# T\n\nKommun: Ystad\nÅr: 2025\n\n## 1. Samma\n\nAnsvariga:\n\n## 2. Samma\n' > twice.md
run "$LOFTE" import -d demo.db twice.md
expect_status 1 "the same activity twice"; expect_err_line 'twice.md:10: activity "Samma" appears twice \(first at line 6\)' "duplicate activity message"
printf '# T\n\nKommun: Ystad\nÅr: 2025\n\n## 1. Lång\n\nAnsvariga:\n\n### Tertial 1\n\nStatus: Pågår\n\n' > long.md
awk 'BEGIN { s = "ä"; for (i = 0; i < 19; i++) s = s s; print s }' >> long.md   # 1 MiB
run "$LOFTE" import -d long.db long.md
expect_status 0 "a 1 MB follow-up text"
"$LOFTE" export -d long.db > long2.md
expect_same long.md long2.md "the 1 MB text comes back exactly"
printf '# Från stdin\n\nKommun: Ystad\nÅr: 2026\n' > stdin.md
run "$LOFTE" import -d stdin.db - < stdin.md
expect_status 0 "import from standard input"

# --- bad databases -----------------------------------------------------------
cp demo.db newer.db && sqlite3 newer.db "PRAGMA user_version = 99"
cp newer.db newer.orig
run "$LOFTE" summary -d newer.db
expect_status 1 "newer schema"; expect_err_line 'newer.db: written by a newer lofte \(schema 99' "newer schema message"
expect_same newer.db newer.orig "a newer database is not modified"
echo "this is not a database, just text that is long enough to be read" > text.db
run "$LOFTE" summary -d text.db
expect_status 1 "not a database"; expect_err_line 'text.db: not a lofte database' "not-a-database message"

# A write lock held by another program: waits, then says who holds it.
mkfifo lockfifo
sqlite3 demo.db < lockfifo > lock.out 2>&1 &
exec 3>lockfifo
printf 'BEGIN IMMEDIATE;\nUPDATE promise SET title = title;\nSELECT %s;\n' "'locked'" >&3
i=0; until grep -q locked lock.out 2>/dev/null || [ $i -ge 500 ]; do i=$((i + 1)); sleep 0.01; done
LOFTE_BUSY_TIMEOUT=200 run "$LOFTE" import -d demo.db "$DEMO"
expect_status 1 "locked database"; expect_err_line 'locked by another program \(held by sqlite3, pid [0-9]+' "lock message names the holder"
printf 'ROLLBACK;\n.quit\n' >&3; exec 3>&-; wait

# --- permissions (as an ordinary user) ---------------------------------------
as_user() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
	as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; }
fi
mkdir -p perm && cp "$LOFTE" perm/lofte && cp demo.db perm/ro.db && chmod 755 perm perm/lofte && chmod 644 perm/ro.db
chmod 711 "$T_TMP" "$TMPDIR"
[ "$(id -u)" -eq 0 ] || chmod 444 perm/ro.db
# The user's own temporary folder: the tests' $TMPDIR is not theirs, and
# valgrind (make VALGRIND=1 test) cannot start without a writable one.
mkdir -p perm/tmp && chmod 1777 perm/tmp
U="env HOME=$T_TMP/perm XDG_CONFIG_HOME=$T_TMP/perm/.config XDG_DATA_HOME=$T_TMP/perm/.local"
U="$U TMPDIR=$T_TMP/perm/tmp"
{
	run as_user $U perm/lofte summary -d perm/ro.db
	expect_status 0 "a read-only database can be read"
	case $T_ERR in *"read-only for you"*) ok "reading says the file is read-only" ;; *) not_ok "read-only notice" "$T_ERR" ;; esac
	run as_user $U perm/lofte import -d perm/ro.db "$T_TMP/changed.md"
	expect_status 1 "a read-only database cannot be written"
	case $T_ERR in *"cannot import: "*"read-only for you"*) ok "writing says why" ;; *) not_ok "read-only write message" "$T_ERR" ;; esac
	mkdir -p perm/locked && chmod 555 perm/locked
	run as_user $U perm/lofte init -d perm/locked/x.db
	expect_status 1 "a folder that is not writable"
	case $T_ERR in *"perm/locked/x.db: cannot create the database: Permission denied"*) ok "the folder error says why" ;; *) not_ok "folder error" "$T_ERR" ;; esac
}

# --- the demo ------------------------------------------------------------------
run "$LOFTE" --demo < /dev/null
expect_status 2 "the interface without a terminal"
expect_err_line 'needs a terminal \(for scripts: lofte summary, lofte export\)' "it says what to use instead"
