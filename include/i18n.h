/* i18n.h - every user-visible string of the interface, in Swedish and
 * English, in one table.  Core code: no curses. */
#ifndef LOFTE_I18N_H
#define LOFTE_I18N_H

#include "config.h"

/* X(id, Swedish, English) */
#define MESSAGES(X) \
	X(M_ACTIVITIES, "Aktiviteter", "Activities") \
	X(M_TERTIAL, "Tertial", "Tertial") \
	X(M_NOW, "nu", "now") \
	X(M_NO_FOLLOWUP, "Ingen uppföljning ännu.", "No follow-up yet.") \
	X(M_NO_FOLLOWUP_HINT, "Tryck e för att skriva den.", "Press e to write it.") \
	X(M_STATUS, "Status", "Status") \
	X(M_MISSING, "Saknas", "Missing") \
	X(M_CHANGED_BY, "senast ändrad %s av %s", "last changed %s by %s") \
	X(M_RESPONSIBLE, "Ansvariga", "Responsible") \
	X(M_DESCRIPTION, "Beskrivning", "Description") \
	X(M_ARCHIVED, "arkiverad", "archived") \
	X(M_NO_ACTIVITIES, "Inga aktiviteter. Tryck a för att lägga till.", "No activities. Press a to add one.") \
	X(M_NO_PROMISE, "Databasen har inget medborgarlöfte ännu (lofte import FIL).", "The database holds no promise yet (lofte import FILE).") \
	X(M_MODE_VIEW, "VISA", "VIEW") \
	X(M_MODE_EDIT, "REDIGERA", "EDIT") \
	X(M_MODE_REVIEW, "GRANSKNING", "REVIEW") \
	X(M_HINTS_VIEW, "Tab ruta  e redigera  s status  / sök  ? hjälp  q avsluta", "Tab pane  e edit  s status  / search  ? help  q quit") \
	X(M_HINTS_EDIT, "Ctrl-S spara  Esc lämna  Ctrl-Z ångra  Ctrl-Y gör om", "Ctrl-S save  Esc leave  Ctrl-Z undo  Ctrl-Y redo") \
	X(M_HINTS_REVIEW, "Tab ruta  1 2 3 tertial  / sök  ? hjälp  q avsluta", "Tab pane  1 2 3 tertial  / search  ? help  q quit") \
	X(M_READONLY, "Skrivskyddat (%s): inget kan ändras.", "Read-only (%s): nothing can be changed.") \
	X(M_READONLY_REVIEW, "granskningsläge", "review mode") \
	X(M_SAVED, "Sparat: version %lld.", "Saved: version %lld.") \
	X(M_UNCHANGED, "Oförändrat, inget att spara.", "Unchanged, nothing to save.") \
	X(M_CONFLICT, "Någon annan sparade först. Din text finns kvar i redigeraren.", "Someone else saved first. Your text is still in the editor.") \
	X(M_SAVE_FAILED, "Kunde inte spara: %s", "Could not save: %s") \
	X(M_ASK_LEAVE, "Texten är ändrad. s spara, k kasta, Esc fortsätt redigera", "The text has changed. s save, d discard, Esc keep editing") \
	X(M_KEY_SAVE, "s", "s") \
	X(M_KEY_DISCARD, "k", "d") \
	X(M_DISCARDED, "Ändringarna kastades.", "Changes discarded.") \
	X(M_ASK_QUIT, "Osparad text. q avsluta ändå, Esc fortsätt", "Unsaved text. q quit anyway, Esc go back") \
	X(M_PICK_STATUS, "Välj status", "Choose status") \
	X(M_STATUS_SET, "Status: %s.", "Status: %s.") \
	X(M_TOO_SMALL, "Fönstret är för litet (minst %d×%d).", "The window is too small (at least %d×%d).") \
	X(M_HELP_TITLE, "Hjälp: alla tangenter", "Help: every key") \
	X(M_HELP_CLOSE, "Esc, q eller ? stänger", "Esc, q or ? closes") \
	X(M_CTX_EVERYWHERE, "Överallt", "Everywhere") \
	X(M_CTX_LIST, "Aktivitetslistan", "Activity list") \
	X(M_CTX_TABS, "Tertialflikarna", "Tertial tabs") \
	X(M_CTX_TEXT, "Uppföljningstexten", "Follow-up text") \
	X(M_CTX_EDITOR, "I redigeraren", "In the editor") \
	X(M_SEARCH_PROMPT, "Sök: ", "Search: ") \
	X(M_SEARCH_NONE, "Inga träffar för ”%s”.", "No hits for “%s”.") \
	X(M_SEARCH_HIT, "Träff %zu av %zu för ”%s”.", "Hit %zu of %zu for “%s”.") \
	X(M_SEARCH_FIRST, "Sök först med /.", "Search with / first.") \
	X(M_EXT_EDITOR_FAILED, "Editorn %s misslyckades (%s). Din text finns i redigeraren: Ctrl-S sparar.", "The editor %s failed (%s). Your text is in the editor: Ctrl-S saves.") \
	X(M_EXT_LEFTOVER, "Utkast kvar från en avbruten extern editor: %s, T%d", "Draft left by an interrupted external editor: %s, T%d") \
	X(M_EXT_UNCHANGED, "Oförändrat i editorn.", "Unchanged in the editor.") \
	X(M_TMP_FAILED, "Kunde inte skapa en tillfällig fil: %s", "Could not create a temporary file: %s") \
	X(M_TITLE_PROMPT, "Titel: ", "Title: ") \
	X(M_RESP_PROMPT, "Ansvariga (kommaseparerade): ", "Responsible (comma-separated): ") \
	X(M_DESC_PROMPT, "Beskrivning: ", "Description: ") \
	X(M_ADDED, "Aktiviteten lades till.", "Activity added.") \
	X(M_RENAMED, "Aktiviteten ändrades.", "Activity changed.") \
	X(M_ASK_ARCHIVE, "Arkivera ”%s”? j ja, Esc nej", "Archive “%s”? y yes, Esc no") \
	X(M_ASK_RESTORE, "Återställ ”%s” från arkivet? j ja, Esc nej", "Restore “%s” from the archive? y yes, Esc no") \
	X(M_KEY_YES, "j", "y") \
	X(M_ARCHIVED_DONE, "Arkiverad. X visar arkiverade.", "Archived. X shows archived ones.") \
	X(M_RESTORED, "Återställd från arkivet.", "Restored from the archive.") \
	X(M_SHOW_ARCHIVED, "Visar arkiverade aktiviteter.", "Showing archived activities.") \
	X(M_HIDE_ARCHIVED, "Döljer arkiverade aktiviteter.", "Hiding archived activities.") \
	X(M_EMPTY_TITLE, "En aktivitet behöver en titel.", "An activity needs a title.") \
	X(M_PROMISES_TITLE, "Välj medborgarlöfte", "Choose a promise") \
	X(M_CANCELLED, "Avbrutet.", "Cancelled.") \
	X(M_CTX_OVERVIEW, "Översikten", "Overview") \
	X(M_CTX_PRESENT, "Presentationen", "Presentation") \
	X(M_CTX_HISTORY, "Historiken", "History") \
	X(M_OVERVIEW_TITLE, "Översikt: %s %d", "Overview: %s %d") \
	X(M_OVERVIEW_HINTS, "pilar flytta  Enter öppna  e redigera  Esc tillbaka", "arrows move  Enter open  e edit  Esc back") \
	X(M_OVERVIEW_MISSING, "saknas!", "missing!") \
	X(M_COUNTS_MISSING, "saknas", "missing") \
	X(M_PRESENT_WHERE, "Aktivitet %zu av %zu", "Activity %zu of %zu") \
	X(M_PRESENT_HINTS, "Mellanslag nästa  Backsteg föregående  1 2 3 tertial  Esc tillbaka", "Space next  Backspace previous  1 2 3 tertial  Esc back") \
	X(M_HISTORY_TITLE, "Historik: %s, tertial %d", "History: %s, tertial %d") \
	X(M_HISTORY_HINTS, "Enter läs  r återställ  Esc tillbaka", "Enter read  r restore  Esc back") \
	X(M_HISTORY_VERSION, "Version %lld av %lld", "Version %lld of %lld") \
	X(M_HISTORY_CURRENT, "(gällande)", "(current)") \
	X(M_HISTORY_NONE, "Ingen historik: ingen uppföljning är sparad ännu.", "No history: no follow-up has been saved yet.") \
	X(M_ASK_RESTORE_VERSION, "Återställ version %lld? Den sparas som en ny version. j ja, Esc nej", "Restore version %lld? It is saved as a new version. y yes, Esc no") \
	X(M_RESTORED_VERSION, "Version %lld återställd som version %lld.", "Version %lld restored as version %lld.") \
	X(M_IS_CURRENT, "Det är den gällande versionen.", "That is the current version.") \
	X(M_EDITING_NOW, "%s redigerar sedan %s", "%s has been editing since %s") \
	X(M_NEWER_EXISTS, "En nyare version finns nu (%s). Spara visar båda texterna.", "A newer version exists now (%s). Saving shows both texts.") \
	X(M_DRAFT_FOUND, "Du har ett osparat utkast från %s. r återställ, k kasta, Esc avbryt", "You have an unsaved draft from %s. r restore, d discard, Esc cancel") \
	X(M_KEY_RESTORE, "r", "r") \
	X(M_DRAFT_RESTORED, "Utkastet återställdes: Ctrl-S sparar det.", "Draft restored: Ctrl-S saves it.") \
	X(M_DRAFT_DISCARDED, "Utkastet kastades.", "Draft discarded.") \
	X(M_CONFLICT_TITLE, "%s sparade en nyare version %s", "%s saved a newer version %s") \
	X(M_CONFLICT_KEYS, "b behåll min text  t ta deras  m sammanfoga  Esc fortsätt redigera", "k keep mine  t take theirs  m merge  Esc keep editing") \
	X(M_KEY_KEEP, "b", "k") \
	X(M_KEY_THEIRS, "t", "t") \
	X(M_KEY_MERGE, "m", "m") \
	X(M_KEPT_MINE, "Din text sparades ovanpå: version %lld.", "Your text was saved on top: version %lld.") \
	X(M_TOOK_THEIRS, "Deras text gäller; din finns i historiken (version %lld).", "Their text stands; yours is in the history (version %lld).") \
	X(M_MERGE_HINT, "Båda texterna finns i redigeraren: sammanfoga och spara.", "Both texts are in the editor: merge them and save.") \
	X(M_MERGE_SEPARATOR, "--- %s, %s ---", "--- %s, %s ---") \
	X(M_THEIR_TEXT, "Deras text", "Their text") \
	X(M_YOUR_TEXT, "Din text", "Your text") \
	X(M_ACTIVITY_HISTORY_TITLE, "Aktivitetens historik: %s", "The activity's history: %s") \
	X(M_ACTIVITY_HISTORY_HINTS, "Enter läs  Esc tillbaka", "Enter read  Esc back") \
	X(M_DIFF_AGAINST, "Skillnad mot den gällande versionen: [-borttaget-] {+tillagt+}", "Difference from the current version: [-removed-] {+added+}") \
	X(M_HISTORY_HINTS_TEXT, "Enter läs  r återställ  a aktivitetens historik  Esc tillbaka", "Enter read  r restore  a activity history  Esc back") \
	X(M_REVIEW_READY_DONE, "Markerad klar för granskning.", "Marked ready for review.") \
	X(M_REVIEW_APPROVED_DONE, "Godkänd.", "Approved.") \
	X(M_REVIEW_RETURNED_DONE, "Skickad tillbaka med kommentar.", "Sent back with a comment.") \
	X(M_REVIEW_ONLY_REVIEWERS, "Bara en granskare (role = reviewer) kan godkänna eller skicka tillbaka.", "Only a reviewer (role = reviewer) can approve or send back.") \
	X(M_REVIEW_NOT_READY, "Den är inte klar för granskning ännu (K markerar den).", "It is not ready for review yet (K marks it).") \
	X(M_REVIEW_NOT_DRAFT, "Den är redan %s.", "It is %s already.") \
	X(M_REVIEW_NOTHING, "Ingen uppföljning att granska ännu.", "No follow-up to review yet.") \
	X(M_REVIEW_COMMENT_PROMPT, "Kommentar till skribenten: ", "Comment for the writer: ") \
	X(M_REVIEW_COMMENT, "Granskarens kommentar: %s", "Reviewer's comment: %s") \
	X(M_REVIEW_LEGEND, "✓ godkänd  → klar för granskning", "✓ approved  → ready for review") \
	X(M_LATE, "sen!", "late!") \
	X(M_DAYS_LEFT, "Tertial %d: %d dagar kvar (sista dag %s)", "Tertial %d: %d days left (due %s)") \
	X(M_DUE_TODAY, "Tertial %d: sista dag i dag", "Tertial %d: due today") \
	X(M_ASK_NEXT_YEAR, "Starta %s %d från %d (%zu aktiviteter, inga texter)? j ja, Esc nej", "Start %s %d from %d (%zu activities, no texts)? y yes, Esc no") \
	X(M_NEXT_YEAR_DONE, "%s %d är startat.", "%s %d has started.") \
	X(M_TARGET_PROMPT, "Mål (namn ≥ tal, namn ≤ tal; -namn tar bort): ", "Target (name ≥ number, name ≤ number; -name removes): ") \
	X(M_TARGET_BAD, "”%s” är inte namn ≥ tal eller namn ≤ tal.", "“%s” is not name ≥ number or name ≤ number.") \
	X(M_TARGET_SAVED, "Målen sparades.", "Targets saved.") \
	X(M_TARGET_UNKNOWN, "Inget mål heter ”%s”.", "No target is called “%s”.") \
	X(M_OUTCOME_PROMPT, "Utfall tertial %d, %s (mål %s): ", "Outcome tertial %d, %s (target %s): ") \
	X(M_OUTCOME_BAD, "”%s” är inte ett tal; utfallet sparades inte.", "“%s” is not a number; the outcome was not saved.") \
	X(M_OUTCOME_SAVED, "Utfallen sparades.", "Outcomes saved.") \
	X(M_OUTCOME_NO_TARGETS, "Aktiviteten har inga mål (M lägger till).", "The activity has no targets (M adds one).") \
	X(M_OUTCOME_WRITE_FIRST, "Skriv tertialens uppföljning först (e).", "Write the tertial's follow-up first (e).") \
	X(M_TARGETS, "Mål", "Targets") \
	X(M_CHANGED_FIRST, "Någon annan ändrade först; skärmen visar nu det senaste.", "Someone else changed it first; the screen shows the latest now.") \
	X(M_WARN_WORLD_WRITABLE, "%s: alla användare kan skriva i filen (läge %04o), så vem som helst kan ändra den; rätta med chmod o-w %s", "%s: every user may write to it (mode %04o), so anyone can change it; fix: chmod o-w %s") \
	X(M_WARN_FOREIGN_OWNER, "%s: ägs av %s, som inte är med i filens grupp %s; kontrollera vem som skapade den och ge den till dig eller en gruppmedlem (chown)", "%s: owned by %s, who is not in its group %s; check who made it and give it to yourself or a member of the group (chown)") \
	X(M_WARN_OPEN_FOLDER, "%s: alla användare kan skriva i mappen (utan sticky-bit), så vem som helst kan byta ut %s; rätta med chmod o-w %s", "%s: every user may write to this folder (no sticky bit), so anyone can replace %s; fix: chmod o-w %s") \
	X(M_DISK_FULL, "disken där %s ligger är full; inget ändrades", "the disk holding %s is full; nothing was changed") \
	X(M_SAVE_FAILED_RESCUED, "Kunde inte spara: %s. Texten finns kvar i redigeraren och i %s", "Could not save: %s. The text is still in the editor, and in %s") \
	X(M_RESCUE_HEADER, "lofte: osparad text för %s, aktiviteten ”%s”, tertial %d", "lofte: unsaved text for %s, the activity “%s”, tertial %d") \
	X(M_RESCUED_AT, "lofte: din osparade text finns i %s\n", "lofte: your unsaved text is in %s\n") \
	X(M_TMP_UNSAFE, "%s: alla kan skriva i mappen och den saknar sticky-bit, så en annan användare kan byta ut filen; välj en annan TMPDIR eller chmod +t %s", "%s: every user may write to this folder and it has no sticky bit, so another user could swap the file; choose another TMPDIR or chmod +t %s") \
	X(M_TMP_NOT_FILE, "%s: inte längre en vanlig fil av dina (en symbolisk länk?); den lästes inte och inget ändrades", "%s: no longer a regular file of yours (a symbolic link?); not read, and nothing was changed") \
	X(M_DB_GONE_WHY, "databasfilen togs bort", "the database file was deleted") \
	X(M_DB_REPLACED_WHY, "databasfilen byttes ut", "the database file was replaced") \
	X(M_DB_LOST, "%s: %s medan lofte körde; inget mer sparas i den. Avsluta och starta lofte igen.", "%s: %s while lofte ran; nothing more is saved in it. Quit and start lofte again.") \
	X(M_DB_LOST_RESCUED, "%s: %s medan lofte körde; inget sparas i den. Din text finns i %s", "%s: %s while lofte ran; nothing is saved in it. Your text is in %s") \
	X(M_INI_CHANGED, "%s ändrades: de nya inställningarna gäller när lofte startas igen.", "%s changed: the new settings apply when lofte starts again.") \
	X(M_INI_BROKEN, "%s ändrades och är nu fel (%s); lofte fortsätter med inställningarna från starten.", "%s changed and is wrong now (%s); lofte goes on with the settings it started with.")

#define MSG_ENUM(id, sv, en) id,
enum msg { MESSAGES(MSG_ENUM) MSG_COUNT };
#undef MSG_ENUM

/* Chooses the language of tr(); Swedish until told otherwise. */
void i18n_set_language(enum ui_language lang);
enum ui_language i18n_language(void);

/* The text of a message in the chosen language. */
const char *tr(enum msg m);

#endif
