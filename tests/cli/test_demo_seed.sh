# tests/cli/test_demo_seed.sh - the demo document share/lofte/demo/jonkoping-2024.md
# against the published follow-up it was made from (tests/data/jonkoping-2024-seed.txt,
# the scraped page of Jönköpings kommun 2024): every follow-up paragraph of the
# page is in the demo word for word and in the page's order, the demo has 11
# activities with 3 tertials each, and it is in canonical form (no trailing
# whitespace, exactly one newline at the end).
. "$LOFTE_TOP/tests/lib.sh"

demo="$LOFTE_TOP/share/lofte/demo/jonkoping-2024.md"
seed="$LOFTE_TOP/tests/data/jonkoping-2024-seed.txt"
marker='Uppföljning av aktiviteter kopplat till medborgarlöften för Jönköpings kommun 2024'
# The scraped page pads lines with no-break spaces (U+00A0); work byte-wise and
# treat its two UTF-8 bytes as a space when trimming.
LC_ALL=C
export LC_ALL
nbsp=$(printf '\302\240')

# trim(s): s without leading and trailing spaces, tabs, CRs and no-break spaces.
awk_trim='
function trim(s,   n) {
	for (;;) {
		if (substr(s, 1, 1) == " " || substr(s, 1, 1) == "\t") s = substr(s, 2)
		else if (substr(s, 1, 2) == nb) s = substr(s, 3)
		else break
	}
	for (;;) {
		n = length(s)
		if (n >= 1 && (substr(s, n, 1) == " " || substr(s, n, 1) == "\t" || substr(s, n, 1) == "\r")) s = substr(s, 1, n - 1)
		else if (n >= 2 && substr(s, n - 1, 2) == nb) s = substr(s, 1, n - 2)
		else break
	}
	return s
}'

# The seed's follow-up paragraphs (one per non-empty line, trimmed): everything
# after the marker line except each activity heading (the line followed by
# "Tertial 1") and the "Tertial 1/2/3" column labels.
awk -v nb="$nbsp" -v marker="$marker" "$awk_trim"'
{ l = trim($0) }
!on { if (l == marker) on = 1; next }
l == "" { next }
{ line[++n] = l }
END {
	for (i = 1; i <= n; i++) {
		if (line[i] ~ /^Tertial [123]$/) continue
		if (i < n && line[i + 1] == "Tertial 1") continue
		print line[i]
	}
}' "$seed" >"$T_TMP/expected"

# 1. every paragraph is in the demo, word for word (line by line, trimmed)
awk -v nb="$nbsp" "$awk_trim"'
FNR == NR { have[trim($0)] = 1; next }
!($0 in have) { print }' "$demo" "$T_TMP/expected" >"$T_TMP/missing"
n_expected=$(grep -c . "$T_TMP/expected")
if [ "$n_expected" -eq 0 ]; then
	not_ok "every follow-up paragraph of the seed is in the demo" \
		"no paragraphs found after the line: $marker"
elif [ ! -s "$T_TMP/missing" ]; then
	ok "every follow-up paragraph of the seed ($n_expected lines) is in the demo"
else
	set --
	while IFS= read -r l; do set -- "$@" "missing: $l"; done <"$T_TMP/missing"
	not_ok "every follow-up paragraph of the seed ($n_expected lines) is in the demo" "$@"
fi

# 2. ... and in the seed's order (the expected lines are a subsequence of the demo's)
awk -v nb="$nbsp" "$awk_trim"'
FNR == NR { want[++n] = $0; next }
i < n && trim($0) == want[i + 1] { i++ }
END { if (i < n) { print want[i + 1]; if (i > 0) print want[i] } }' "$T_TMP/expected" "$demo" >"$T_TMP/order"
if [ "$n_expected" -gt 0 ] && [ ! -s "$T_TMP/order" ]; then
	ok "the seed's paragraphs come in the same order in the demo"
else
	not_ok "the seed's paragraphs come in the same order in the demo" \
		"not found after the paragraph before it in the seed: $(sed -n 1p "$T_TMP/order")" \
		"(that one being: $(sed -n 2p "$T_TMP/order"))"
fi

# 3. eleven activities
n=$(grep -c '^## ' "$demo")
if [ "$n" -eq 11 ]; then ok "the demo has 11 activities (## headings)"
else not_ok "the demo has 11 activities (## headings)" "got $n"; fi

# 4. thirty-three tertials
n=$(grep -c '^### Tertial ' "$demo")
if [ "$n" -eq 33 ]; then ok "the demo has 33 tertials (### Tertial headings)"
else not_ok "the demo has 33 tertials (### Tertial headings)" "got $n"; fi

# 5. no trailing whitespace
grep -n -e '[[:space:]]$' -e "$nbsp\$" "$demo" | cut -c 1-80 >"$T_TMP/trailing"
if [ ! -s "$T_TMP/trailing" ]; then
	ok "no line of the demo has trailing whitespace"
else
	set --
	while IFS= read -r l; do set -- "$@" "trailing whitespace at line $l"; done <"$T_TMP/trailing"
	not_ok "no line of the demo has trailing whitespace" "$@"
fi

# 6. exactly one newline at the end
last=$(tail -c 1 "$demo" | od -An -c | tr -d ' ')
lastline=$(tail -n 1 "$demo")
if [ "$last" = '\n' ] && [ -n "$lastline" ]; then
	ok "the demo ends with exactly one newline"
else
	not_ok "the demo ends with exactly one newline" "last byte: $last, last line: '$lastline'"
fi
