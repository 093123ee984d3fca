/*
 * lofte-gen - a deterministic national-scale lofte database for `make bench`.
 *
 *   lofte-gen -d DB [-m MUNICIPALITIES=290] [-y YEARS=10] [-a ACTIVITIES=12]
 *             [-v VERSIONS=4] [-s SEED=1] [-f]
 *
 * Every municipality gets one promise per year (the newest year is 2025),
 * ACTIVITIES activities each, and a follow-up in each of the 3 tertials
 * with VERSIONS versions in the history (the newest is the current text).
 * Texts are Swedish police/municipal follow-up prose of 300-1,500
 * characters with å ä ö, in paragraphs.
 *
 * Only the public store API is used: each promise is built as a struct
 * promise in memory and written with store_import_promise, once per
 * version with new texts (every changed follow-up becomes a new version).
 * One transaction per municipality (all its years and versions).
 *
 * The same arguments give the same contents (own xorshift PRNG); only the
 * save times and who saved (the stamps) come from the clock.  DB must not
 * exist, unless -f (replace it) is given.  Exit status 0, 1 on failure,
 * 2 on bad usage.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "model.h"
#include "store.h"

#define NEWEST_YEAR 2025
#define TEXT_MIN 300
#define TEXT_MAX 1500

/* --- PRNG: xorshift64* ------------------------------------------------- */

static uint64_t rng_state;

static void rng_seed(uint64_t seed)
{
	/* splitmix64 of the seed, so that 0 and small seeds are fine */
	uint64_t z = seed + 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	rng_state = z ? z : 0x2545f4914f6cdd1dULL;
}

static uint64_t rng_next(void)
{
	uint64_t x = rng_state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* A number from 0 to n - 1. */
static size_t rng_below(size_t n)
{
	return n ? (size_t)((rng_next() >> 11) % n) : 0;
}

static int rng_range(int lo, int hi)
{
	return lo + (int)rng_below((size_t)(hi - lo + 1));
}

#define PICK(arr) (arr[rng_below(sizeof arr / sizeof arr[0])])
#define COUNT(arr) (sizeof arr / sizeof arr[0])

/* --- a growing string ---------------------------------------------------- */

struct buf {
	char *s;
	size_t len, cap;
};

static void buf_grow(struct buf *b, size_t more)
{
	if (b->len + more + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + more + 1)
		cap *= 2;
	char *s = realloc(b->s, cap);
	if (!s) {
		fputs("lofte-gen: out of memory\n", stderr);
		exit(1);
	}
	b->s = s;
	b->cap = cap;
}

static void buf_add(struct buf *b, const char *s)
{
	size_t n = strlen(s);
	buf_grow(b, n);
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

static void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* --- names --------------------------------------------------------------- */

static const char *const name_head[] = {
	"Öster", "Väster", "Norr", "Söder", "Sunds", "Åkers", "Mälar", "Ljus", "Björk",
	"Ek", "Gran", "Lind", "Ask", "Hassel", "Sjö", "Strand", "Berg", "Dal", "Älv",
	"Ström", "Hög", "Lång", "Bred", "Kungs", "Dals", "Ängel", "Öre", "Tor", "Fager",
	"Vall", "Mark", "Hed", "Mo", "Ås", "Rönn", "Sälje", "Vätter", "Siljans", "Klar",
	"Skog",
};
static const char *const name_tail[] = {
	"vik", "hamn", "by", "köping", "åsen", "holm", "sund", "torp", "näs", "backa",
	"fors", "ryd", "stad", "ö", "bo", "dal", "berga", "lunda", "mora", "tuna",
};
static const char *const name_pre[] = { "", "Norra ", "Södra ", "Östra ", "Västra ", "Övre ", "Nedre " };

/* The municipality names: a deterministic permutation of head+tail
 * (with a direction word in front when more are needed). */
static char **make_names(int n)
{
	size_t base = COUNT(name_head) * COUNT(name_tail);
	size_t total = base * COUNT(name_pre);
	size_t *order = malloc(base * sizeof *order);
	char **names = calloc((size_t)n, sizeof *names);
	if (!order || !names) {
		fputs("lofte-gen: out of memory\n", stderr);
		exit(1);
	}
	for (size_t i = 0; i < base; i++)
		order[i] = i;
	for (size_t i = base - 1; i > 0; i--) {
		size_t j = rng_below(i + 1);
		size_t t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (int k = 0; k < n; k++) {
		size_t i = (size_t)k % total;
		size_t combo = order[i % base];
		const char *pre = name_pre[i / base];
		struct buf b = {0};
		buf_addf(&b, "%s%s%s", pre, name_head[combo / COUNT(name_tail)],
		         name_tail[combo % COUNT(name_tail)]);
		if ((size_t)k >= total)
			buf_addf(&b, " %d", k / (int)total + 1);
		names[k] = b.s;
	}
	free(order);
	return names;
}

/* --- vocabulary ---------------------------------------------------------- */

static const char *const places[] = {
	"Öxnehaga", "Råslätt", "Österängen", "Centrum", "Resecentrum", "Stationsområdet",
	"Söderhamnsvägen", "Ekhagen", "Bäckaby", "Skärstad", "Torpa", "Väster",
	"Norrahammar", "Huskvarna centrum", "Stadsparken", "Tändsticksområdet",
	"Strandängen", "Ljungarum", "Hovslätt", "Björkdalen", "Åsens centrum",
	"hamnområdet", "Kvarnbäcken", "Östra torget", "Grönkullen", "Ängsdalen",
};
static const char *const orgs[] = {
	"kommunpolisen", "områdespolisen", "socialtjänsten", "fritidsförvaltningen",
	"skolan", "räddningstjänsten", "bostadsbolaget", "Brottsofferjouren",
	"fältgruppen", "Länsstyrelsen", "fastighetsägarna", "föreningslivet",
	"trygghetssamordnaren", "nattvandrarna", "kyrkan", "fritidsgårdarna",
	"ungdomsmottagningen", "kommunens säkerhetsenhet",
};
static const char *const months[] = {
	"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
	"september", "oktober", "november", "december",
};
static const char *const seasons[] = {
	"Under våren", "Under sommaren", "Under hösten", "Under perioden",
	"Under tertialen", "Sedan förra uppföljningen", "Under året", "Inför sommarlovet",
	"Efter jul- och nyårshelgerna", "Under sportlovsveckan",
};
static const char *const groups[] = {
	"ungdomar", "föräldrar", "boende", "näringsidkare", "äldre", "elever i årskurs sju",
	"unga vuxna", "nyanlända familjer", "fastighetsägare", "föreningsledare",
	"personal på fritidsgårdarna", "butiksanställda",
};
static const char *const actions[] = {
	"trygghetsvandringar", "föräldravandringar", "medborgardialoger",
	"lägesbildsmöten", "samverkansmöten", "fotpatruller", "informationsträffar",
	"riktade insatser", "uppsökande samtal", "trygghetsmätningar",
	"utbildningsdagar", "grannsamverkansträffar", "tillsynsbesök",
	"kontrollbesök på serveringsställen",
};
static const char *const topics[] = {
	"narkotika i skolmiljö", "skadegörelse", "otrygghet i centrum", "klotter",
	"bostadsinbrott", "ungdomsrån", "våld i nära relationer", "nedskräpning",
	"trafiksäkerhet kring skolorna", "bedrägerier mot äldre", "mopedbuskörning",
	"öppen droghandel", "rekrytering av unga till kriminalitet", "bilbränder",
	"langning av alkohol", "hot mot förtroendevalda",
};
static const char *const results[] = {
	"en tydlig minskning av anmälda brott", "färre larm till räddningstjänsten",
	"en ökad upplevd trygghet", "fler tips från allmänheten",
	"bättre kontakt med de unga", "ett stärkt förtroende för polisen",
	"att fler vågar anmäla", "en gemensam bild av läget",
	"kortare tid från signal till åtgärd", "ett bättre underlag för prioriteringar",
};

/* One sentence, appended to b. */
static void add_sentence(struct buf *b)
{
	switch (rng_below(16)) {
	case 0:
		buf_addf(b, "%s har %s genomfört %d %s i %s tillsammans med %s.", PICK(seasons),
		         PICK(orgs), rng_range(2, 40), PICK(actions), PICK(places), PICK(orgs));
		break;
	case 1:
		buf_addf(b, "Lägesbilden för %s visar att %s fortfarande är det som oroar flest %s.",
		         PICK(places), PICK(topics), PICK(groups));
		break;
	case 2:
		buf_addf(b, "Kommunpolisen har deltagit i %d %s och där lyft frågor om %s.",
		         rng_range(2, 25), PICK(actions), PICK(topics));
		break;
	case 3:
		buf_addf(b, "I %s genomfördes en trygghetsvandring med %s, %s och %s, där "
		         "belysning, buskage och nedskräpning påtalades som särskilt viktiga.",
		         months[rng_below(12)], PICK(groups), PICK(orgs), PICK(orgs));
		break;
	case 4:
		buf_addf(b, "Samverkan med %s har fördjupats och lett till %s.", PICK(orgs),
		         PICK(results));
		break;
	case 5:
		buf_addf(b, "Det brottsförebyggande arbetet i %s har fokuserat på %s, och %s "
		         "har fått stöd av %s.", PICK(places), PICK(topics), PICK(groups), PICK(orgs));
		break;
	case 6:
		buf_addf(b, "Föräldravandringarna har under %s samlat i genomsnitt %d vuxna per "
		         "kväll, främst fredagar och lördagar.", months[rng_below(12)],
		         rng_range(4, 30));
		break;
	case 7:
		buf_addf(b, "Arbetet har försenats något på grund av personalomsättning hos %s, "
		         "men planeringen för nästa tertial är klar.", PICK(orgs));
		break;
	case 8:
		buf_addf(b, "Veckovisa lägesbilder tas fram gemensamt av polisen och kommunen och "
		         "delas med %s och %s.", PICK(orgs), PICK(orgs));
		break;
	case 9:
		buf_addf(b, "Under %s märktes %s, vilket ledde till %d extra %s kring %s.",
		         months[rng_below(12)], PICK(results), rng_range(2, 15), PICK(actions),
		         PICK(places));
		break;
	case 10:
		buf_addf(b, "Enligt trygghetsmätningen uppger %d procent av %s att de känner sig "
		         "trygga i %s kvällstid, jämfört med %d procent föregående år.",
		         rng_range(40, 90), PICK(groups), PICK(places), rng_range(35, 85));
		break;
	case 11:
		buf_addf(b, "Skolorna i %s har fått besök av kommunpolisen som samtalat med "
		         "eleverna om %s och om hur man kan söka hjälp.", PICK(places), PICK(topics));
		break;
	case 12:
		buf_addf(b, "En gemensam handlingsplan mot %s är framtagen och förankrad hos %s.",
		         PICK(topics), PICK(orgs));
		break;
	case 13:
		buf_addf(b, "Insatserna mot %s fortsätter med stöd av %s; %d ärenden har "
		         "lämnats vidare till socialtjänsten.", PICK(topics), PICK(orgs),
		         rng_range(1, 60));
		break;
	case 14:
		buf_addf(b, "Det har varit svårt att nå %s, så arbetssättet ses över och "
		         "fältgruppen får ett tydligare uppdrag inför hösten.", PICK(groups));
		break;
	default:
		buf_addf(b, "Medborgardialogen i %s i %s gav många synpunkter om %s, vilka tas "
		         "med i nästa års medborgarlöfte.", PICK(places), months[rng_below(12)],
		         PICK(topics));
		break;
	}
}

/* Characters (UTF-8 code points) in s. */
static size_t utf8_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

/* A follow-up text of TEXT_MIN..TEXT_MAX characters in paragraphs of 1-4
 * sentences.  The result is malloc'ed. */
static char *make_text(void)
{
	struct buf b = {0};
	size_t target = (size_t)rng_range(TEXT_MIN, TEXT_MAX), chars = 0;
	int in_par = 0, par_len = rng_range(1, 4);
	for (;;) {
		struct buf s = {0};
		add_sentence(&s);
		size_t n = utf8_chars(s.s, s.len);
		size_t sep = chars == 0 ? 0 : in_par >= par_len ? 2 : 1;
		if (chars >= TEXT_MIN && chars + sep + n > target) {
			free(s.s);
			break;
		}
		if (chars + sep + n > TEXT_MAX) {
			/* keeps within the maximum: shorter sentences may still fit */
			free(s.s);
			if (chars >= TEXT_MIN)
				break;
			continue;
		}
		if (chars) {
			if (in_par >= par_len) {
				buf_add(&b, "\n\n");
				in_par = 0;
				par_len = rng_range(1, 4);
			} else {
				buf_add(&b, " ");
			}
		}
		buf_add(&b, s.s);
		chars += sep + n;
		in_par++;
		free(s.s);
	}
	return b.s;
}

static const char *const activity_titles[] = {
	"Effektiv samordning för ökad trygghet (EST)",
	"Trygghetsvandringar i utsatta områden",
	"Föräldravandringar helger och lov",
	"Kommunpolisens närvaro i skolorna",
	"Lag (2023:196) om kommuners ansvar för brottsförebyggande arbete",
	"Grannsamverkan mot bostadsinbrott",
	"Ansvarsfull alkoholservering",
	"Åtgärder mot öppen droghandel",
	"Trygg i centrum kvällstid",
	"Medborgardialoger och trygghetsmätning",
	"Förebyggande arbete mot våld i nära relationer",
	"Sociala insatsgrupper för unga",
	"Trafiksäkerhet vid skolor och förskolor",
	"Stöd till brottsutsatta",
	"Åtgärder mot nedskräpning och skadegörelse",
	"Samverkan med näringslivet mot bedrägerier",
	"Avhopparverksamhet och exitstöd",
	"Sommarlovsinsatser för ungdomar",
	"Trygga mötesplatser och fritidsgårdar",
	"Lokal lägesbild varje vecka",
};

static const struct actor authors[] = {
	{ "Anna Lindqvist", "Lokalpolisområde", "anli" },
	{ "Mikael Öberg", "Kommunpolis", "miob" },
	{ "Sara Åström", "Trygghetssamordnare, kommunen", "saas" },
	{ "Johan Näslund", "Socialtjänsten", "jona" },
	{ "Elin Håkansson", "Fritidsförvaltningen", "elha" },
};

/* --- building promises --------------------------------------------------- */

struct options {
	const char *db;
	int municipalities, years, activities, versions;
	uint64_t seed;
	int force;
};

/* The fixed part of one municipality's promise of a year: titles,
 * descriptions and parties, no follow-ups yet. */
static void build_promise(struct promise *p, const char *name, int year, int n_act,
                          const size_t *title_order)
{
	memset(p, 0, sizeof *p);
	struct buf b = {0};
	buf_addf(&b, "%s kommun", name);
	p->municipality = b.s;
	p->year = year;
	b = (struct buf){0};
	buf_addf(&b, "Medborgarlöfte %s %d", name, year);
	p->title = b.s;
	b = (struct buf){0};
	buf_addf(&b, "Polisen och %s kommun har kommit överens om gemensamma åtgärder för ökad "
	         "trygghet och minskad brottslighet under %d. Löftet följs upp tertialsvis.",
	         name, year);
	p->description = b.s;
	strlist_push(&p->parties, "Polisen");
	strlist_push(&p->parties, p->municipality);
	b = (struct buf){0};
	buf_addf(&b, "%shem", name);
	strlist_push(&p->parties, b.s);
	strlist_push(&p->parties, "Brottsofferjouren");
	for (int a = 0; a < n_act; a++) {
		struct commitment *c = promise_add_commitment(p);
		struct buf t = {0};
		buf_add(&t, activity_titles[title_order[(size_t)a % COUNT(activity_titles)]]);
		if ((size_t)a >= COUNT(activity_titles))
			buf_addf(&t, " (del %zu)", (size_t)a / COUNT(activity_titles) + 1);
		c->title = t.s;
		struct buf d = {0};
		buf_addf(&d, "Polisen och %s kommun ska tillsammans med %s arbeta med %s. ", name,
		         PICK(orgs), PICK(actions));
		add_sentence(&d);
		c->description = d.s;
		strlist_push(&c->responsible, "Polisen");
		strlist_push(&c->responsible, p->municipality);
		if (rng_below(2))
			strlist_push(&c->responsible, b.s);
	}
	free(b.s);
}

/* New texts and statuses for every follow-up: version v of VERSIONS. */
static void fill_followups(struct promise *p, int v, int versions)
{
	for (size_t a = 0; a < p->n_commitments; a++) {
		for (int t = 0; t < TERTIALS; t++) {
			struct followup *f = &p->commitments[a].followups[t];
			free(f->text);
			f->present = 1;
			f->text = make_text();
			if (v == versions - 1)
				f->status = (enum status)PICK(((const int[]){ STATUS_DONE, STATUS_DONE,
				                               STATUS_IN_PROGRESS, STATUS_DELAYED,
				                               STATUS_CANCELLED }));
			else
				f->status = v == 0 ? STATUS_NOT_STARTED : STATUS_IN_PROGRESS;
		}
	}
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(void)
{
	fputs("usage: lofte-gen -d DB [-m MUNICIPALITIES=290] [-y YEARS=10] [-a ACTIVITIES=12]\n"
	      "                 [-v VERSIONS=4] [-s SEED=1] [-f]\n"
	      "  -f  replace DB when it exists\n", stderr);
}

static int parse_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	*o = (struct options){ NULL, 290, 10, 12, 4, 1, 0 };
	int c;
	long v;
	while ((c = getopt(argc, argv, ":d:m:y:a:v:s:fh")) != -1) {
		switch (c) {
		case 'd': o->db = optarg; break;
		case 'm': if (parse_int(optarg, 1, 100000, &v)) goto bad; o->municipalities = (int)v; break;
		case 'y': if (parse_int(optarg, 1, 100, &v)) goto bad; o->years = (int)v; break;
		case 'a': if (parse_int(optarg, 1, 1000, &v)) goto bad; o->activities = (int)v; break;
		case 'v': if (parse_int(optarg, 1, 100, &v)) goto bad; o->versions = (int)v; break;
		case 's': if (parse_int(optarg, 0, 2147483647L, &v)) goto bad; o->seed = (uint64_t)v; break;
		case 'f': o->force = 1; break;
		case 'h': usage(); exit(0);
		case ':':
			fprintf(stderr, "lofte-gen: -%c needs a value\n", optopt);
			usage();
			return -1;
		default:
			fprintf(stderr, "lofte-gen: unknown option -%c\n", optopt);
			usage();
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "lofte-gen: takes no argument '%s'\n", argv[optind]);
		usage();
		return -1;
	}
	if (!o->db) {
		fputs("lofte-gen: -d DB is needed\n", stderr);
		usage();
		return -1;
	}
	return 0;
bad:
	fprintf(stderr, "lofte-gen: -%c %s: not a number in range\n", c, optarg);
	usage();
	return -1;
}

static int remove_db(const char *db)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < COUNT(suffixes); i++) {
		struct buf b = {0};
		buf_addf(&b, "%s%s", db, suffixes[i]);
		if (unlink(b.s) != 0 && errno != ENOENT) {
			fprintf(stderr, "lofte-gen: %s: cannot remove: %s\n", b.s, strerror(errno));
			free(b.s);
			return -1;
		}
		free(b.s);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct options o;
	if (parse_options(argc, argv, &o) != 0)
		return 2;
	struct stat sb;
	if (stat(o.db, &sb) == 0) {
		if (!o.force) {
			fprintf(stderr, "lofte-gen: %s exists (-f replaces it)\n", o.db);
			return 1;
		}
		if (remove_db(o.db) != 0)
			return 1;
	}

	double t0 = now_seconds();
	rng_seed(o.seed);
	char **names = make_names(o.municipalities);

	struct lerr e;
	lerr_clear(&e);
	struct store *st;
	if (store_open(o.db, STORE_READWRITE, &st, &e) != RC_OK) {
		fprintf(stderr, "lofte-gen: %s\n", e.msg);
		return 1;
	}

	long long promises = 0, followups = 0, versions = 0;
	size_t title_order[COUNT(activity_titles)];
	int status = 0;
	for (int m = 0; m < o.municipalities && !status; m++) {
		/* Each municipality has its own selection and order of activities,
		 * kept over the years. */
		for (size_t i = 0; i < COUNT(activity_titles); i++)
			title_order[i] = i;
		for (size_t i = COUNT(activity_titles) - 1; i > 0; i--) {
			size_t j = rng_below(i + 1), t = title_order[i];
			title_order[i] = title_order[j];
			title_order[j] = t;
		}
		if (store_begin(st, &e) != RC_OK) {
			fprintf(stderr, "lofte-gen: %s\n", e.msg);
			status = 1;
			break;
		}
		for (int y = 0; y < o.years && !status; y++) {
			struct promise p;
			build_promise(&p, names[m], NEWEST_YEAR - o.years + 1 + y, o.activities,
			              title_order);
			for (int v = 0; v < o.versions; v++) {
				fill_followups(&p, v, o.versions);
				struct import_stats stats = {0};
				const struct actor *who = &authors[rng_below(COUNT(authors))];
				if (store_import_promise(st, &p, who, &stats, &e) != RC_OK) {
					fprintf(stderr, "lofte-gen: %s %d: %s\n", p.municipality, p.year,
					        e.msg);
					status = 1;
					break;
				}
				versions += stats.followups_saved;
			}
			promises++;
			followups += (long long)p.n_commitments * TERTIALS;
			promise_free(&p);
		}
		if (status) {
			store_rollback(st);
			break;
		}
		if (store_commit(st, &e) != RC_OK) {
			fprintf(stderr, "lofte-gen: %s\n", e.msg);
			status = 1;
			break;
		}
		if ((m + 1) % 10 == 0 || m + 1 == o.municipalities)
			fprintf(stderr, "lofte-gen: %d/%d municipalities, %lld follow-ups, %.1f s\n",
			        m + 1, o.municipalities, followups, now_seconds() - t0);
	}
	store_close(st);
	for (int m = 0; m < o.municipalities; m++)
		free(names[m]);
	free(names);
	if (status)
		return status;
	fprintf(stderr,
	        "lofte-gen: %s: %d municipalities, %lld promises, %lld follow-ups, "
	        "%lld versions, %.1f s\n",
	        o.db, o.municipalities, promises, followups, versions, now_seconds() - t0);
	return 0;
}
