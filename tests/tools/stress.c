/*
 * lofte-stress - many writers on one lofte database, then a check that
 * nothing acknowledged was lost.
 *
 *   lofte-stress -d DB [-w WORKERS] [-s SECONDS] [-k KILLS] [-r SEED]
 *                [-o RESULTS_JSON] [-C] [-X]
 *
 * The database must hold a promise (lofte import -d DB
 * share/lofte/demo/jonkoping-2024.md).  Exit status: 0 every check passed;
 * 1 an error, a lost version or a failed integrity check (one line on
 * stderr says which); 2 bad usage.
 *
 * Design:
 * - The parent reads the targets through the store (every commitment x
 *   tertial of the newest promise, 33 for the demo), closes its
 *   connection (an SQLite connection must not cross fork()) and forks
 *   WORKERS processes.  Each opens its own store and, until the deadline
 *   (CLOCK_MONOTONIC, shared by all processes), picks a follow-up - half
 *   the time one of 3 "hot" ones every worker fights over - reads its
 *   version with store_load_promise and saves a new text (worker id,
 *   sequence number, å ä ö) with that expected version.  RC_CONFLICT is
 *   optimistic concurrency working: counted, reloaded, retried.  Any
 *   other failure is an error; its message goes to stderr.
 * - An acknowledged save (RC_OK) is proven by a fixed-size record that the
 *   worker appends to its own log with one write() AFTER the save
 *   returned: commitment, tertial, version, status, a hash of the text
 *   and the save's latency.  A worker killed between the ack and the
 *   write leaves a committed version without a record; the check allows
 *   at most one such version per kill.
 * - Counters (conflicts, errors, "inside a save") live in a shared
 *   anonymous mapping, one slot per worker process, so they survive
 *   SIGKILL.
 * - -k N: the parent SIGKILLs a random worker at N random moments (one
 *   in each of N equal slices of the first 90 % of the run) and starts a
 *   replacement with a new worker id each time.  It waits with
 *   sigtimedwait() on SIGCHLD, never polling.
 * - Afterwards the parent checks with SQLite directly: every record is in
 *   followup_history with its version, text hash, status and author; the
 *   versions of every follow-up are 1..max without gaps; followup holds
 *   the newest version of its history; the history grew by exactly the
 *   acknowledged saves (plus at most one per kill); integrity_check says
 *   "ok"; foreign_key_check finds nothing.
 * - A "keeper" process holds one more connection open for the whole run
 *   (as on the shared server, where some lofte is nearly always open), so
 *   that no worker is the first connection to the database nor the last
 *   to close it: opening races are not what this measures (and the store
 *   loses them at the moment: tests/tools/README.md).  -C (cold) leaves
 *   the keeper out.
 * - -X (a self-test of the check): adds one record of a save that was
 *   never made; the run must then fail with one lost version.
 * - Deterministic choices: every random choice (targets, hot follow-ups,
 *   statuses, kill moments and victims) comes from -r SEED (default: the
 *   pid), which is printed.  The timing, of course, is not.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "error.h"
#include "model.h"
#include "store.h"

enum { EXIT_CHECK = 1, EXIT_USAGE = 2 };
enum { N_HOT = 3, MAX_WORKERS = 256, MAX_KILLS = 10000, ERRORS_SHOWN = 3 };
enum { STOP_GRACE_S = 120 };   /* a worker still running this long after the deadline is stuck */
#define RECORD_MAGIC 0x4c465354u   /* "LFST" */

#define USAGE \
	"usage: lofte-stress -d DB [-w WORKERS=8] [-s SECONDS=3] [-k KILLS=0] [-r SEED]\n" \
	"                    [-o RESULTS_JSON] [-C] [-X]\n"

/* ---- options and shared state ------------------------------------------- */

struct options {
	const char *db;
	int workers;
	double seconds;
	int kills;
	uint64_t seed;
	const char *json;
	int forge;      /* -X */
	int cold;       /* -C: no keeper connection */
};

struct target {
	int64_t commitment;
	int tertial;
};

/* One acknowledged save, as a worker logs it. */
struct record {
	uint32_t magic;
	uint32_t worker;
	int64_t commitment;
	int32_t tertial;
	int32_t status;
	int64_t version;
	uint64_t hash;        /* FNV-1a of the text saved */
	uint32_t latency_us;  /* of the store_save_followup call */
	uint32_t seq;
};
_Static_assert(sizeof(struct record) == 48, "records are fixed-size");

/* Per worker process, in memory shared with the parent. */
struct slot {
	_Atomic int in_save;
	_Atomic long long conflicts;
	_Atomic long long errors;
};

static struct options opt = {NULL, 8, 3.0, 0, 0, NULL, 0, 0};
static int64_t promise_id;
static struct target *targets;
static size_t n_targets;
static size_t hot[N_HOT];
static size_t n_hot;
static struct slot *slots;
static char logdir[PATH_MAX];
static struct timespec deadline;
static pid_t keeper_pid;        /* 0: no keeper running */
static int keeper_status;       /* its wait status once it ended */
static int keeper_release = -1; /* the keeper closes its connection at EOF */

static sqlite3 *open_raw(char *err, size_t size);
static long long count_history(sqlite3 *db);

/* ---- small helpers ------------------------------------------------------- */

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("lofte-stress: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static _Noreturn void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static _Noreturn void usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("lofte-stress: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	fputs(USAGE, stderr);
	va_end(ap);
	exit(EXIT_USAGE);
}

static struct timespec now_mono(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t;
}

static double seconds_between(struct timespec a, struct timespec b)
{
	return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

static struct timespec add_seconds(struct timespec t, double s)
{
	time_t whole = (time_t)s;   /* s >= 0 */
	t.tv_sec += whole;
	t.tv_nsec += (long)((s - (double)whole) * 1e9);
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

static int before(struct timespec a, struct timespec b)
{
	return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}

/* splitmix64: small, good enough and the same everywhere. */
static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static size_t rng_below(uint64_t *s, size_t n)
{
	return (size_t)(rng_next(s) % n);
}

static double rng_unit(uint64_t *s)
{
	return (double)(rng_next(s) >> 11) / 9007199254740992.0;   /* [0, 1) */
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ull;
	}
	return h;
}

static void log_path(int worker, char *out, size_t size)
{
	snprintf(out, size, "%s/worker-%d.log", logdir, worker);
}

/* ---- options ------------------------------------------------------------- */

static long parse_long(const char *s, char o, long lo, long hi)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		usage_error("-%c %s: not a number from %ld to %ld", o, s, lo, hi);
	return v;
}

static void parse_options(int argc, char **argv)
{
	int seeded = 0, c;
	while ((c = getopt(argc, argv, ":d:w:s:k:r:o:XCh")) != -1) {
		switch (c) {
		case 'd':
			opt.db = optarg;
			break;
		case 'w':
			opt.workers = (int)parse_long(optarg, 'w', 1, MAX_WORKERS);
			break;
		case 's': {
			char *end;
			errno = 0;
			opt.seconds = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(opt.seconds > 0 && opt.seconds <= 3600))
				usage_error("-s %s: not a number of seconds above 0, at most 3600", optarg);
			break;
		}
		case 'k':
			opt.kills = (int)parse_long(optarg, 'k', 0, MAX_KILLS);
			break;
		case 'r': {
			char *end;
			errno = 0;
			unsigned long long v = strtoull(optarg, &end, 10);
			if (errno || end == optarg || *end || optarg[0] == '-')
				usage_error("-r %s: not a seed (a number from 0)", optarg);
			opt.seed = v;
			seeded = 1;
			break;
		}
		case 'o':
			opt.json = optarg;
			break;
		case 'X':
			opt.forge = 1;
			break;
		case 'C':
			opt.cold = 1;
			break;
		case 'h':
			fputs(USAGE, stdout);
			exit(0);
		case ':':
			usage_error("-%c needs a value", optopt);
		default:
			usage_error("unknown option -%c", optopt);
		}
	}
	if (optind < argc)
		usage_error("takes no argument '%s'", argv[optind]);
	if (!opt.db || !opt.db[0])
		usage_error("-d DB is needed");
	if (!seeded)
		opt.seed = (uint64_t)getpid();
}

/* ---- the targets, read through the store ---------------------------------- */

static int load_targets(void)
{
	struct stat sb;
	if (stat(opt.db, &sb) != 0) {
		/* store_open would create an empty database: not what is meant. */
		say("%s: %s (make one with: lofte import -d DB FILE)", opt.db, strerror(errno));
		return -1;
	}
	struct store *st;
	struct lerr e;
	lerr_clear(&e);
	if (store_open(opt.db, STORE_READWRITE, &st, &e) != RC_OK) {
		say("%s", e.msg);
		return -1;
	}
	struct promise p;
	enum lofte_rc rc = store_find_promise(st, NULL, 0, &promise_id, &e);
	if (rc == RC_OK)
		rc = store_load_promise(st, promise_id, 0, &p, &e);
	if (rc != RC_OK) {
		say("%s", e.msg);
		store_close(st);
		return -1;
	}
	targets = calloc(p.n_commitments * TERTIALS + 1, sizeof *targets);
	if (!targets) {
		say("out of memory");
		exit(EXIT_CHECK);
	}
	for (size_t k = 0; k < p.n_commitments; k++)
		for (int t = 1; t <= TERTIALS; t++)
			targets[n_targets++] = (struct target){p.commitments[k].id, t};
	promise_free(&p);
	store_close(st);
	if (n_targets == 0) {
		say("%s: the promise has no activities to save follow-ups for", opt.db);
		return -1;
	}
	/* The hot follow-ups: distinct, chosen by the seed. */
	uint64_t r = opt.seed ^ 0x686f74ull;
	while (n_hot < N_HOT && n_hot < n_targets) {
		size_t cand = rng_below(&r, n_targets), k;
		for (k = 0; k < n_hot && hot[k] != cand; k++)
			;
		if (k == n_hot)
			hot[n_hot++] = cand;
	}
	return 0;
}

/* ---- a worker ------------------------------------------------------------ */

static void worker_error(int id, struct slot *me, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void worker_error(int id, struct slot *me, const char *fmt, ...)
{
	long long n = atomic_fetch_add(&me->errors, 1) + 1;
	if (n > ERRORS_SHOWN)
		return;
	char msg[1200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "lofte-stress: worker %d: %s%s\n", id, msg,
	        n == ERRORS_SHOWN ? " (further errors of this worker are counted, not shown)" : "");
}

/* The version of a follow-up now (0: none yet), through the store. */
static enum lofte_rc current_version(struct store *st, const struct target *t, int64_t *version,
                                     struct lerr *e)
{
	struct promise p;
	enum lofte_rc rc = store_load_promise(st, promise_id, 0, &p, e);
	if (rc != RC_OK)
		return rc;
	rc = lerr_set(e, RC_NOTFOUND, "activity %" PRId64 " is gone from the promise", t->commitment);
	for (size_t k = 0; k < p.n_commitments; k++) {
		const struct commitment *c = &p.commitments[k];
		if (c->id != t->commitment)
			continue;
		const struct followup *f = &c->followups[t->tertial - 1];
		*version = f->present ? f->version : 0;
		lerr_clear(e);
		rc = RC_OK;
	}
	promise_free(&p);
	return rc;
}

static _Noreturn void worker(int id)
{
	struct slot *me = &slots[id];
	uint64_t rng = opt.seed ^ (0xA5A5A5A5ull * (uint64_t)(unsigned)(id + 1));
	char path[PATH_MAX + 32], name[32], login[32];
	log_path(id, path, sizeof path);
	snprintf(name, sizeof name, "Stress %d", id);
	snprintf(login, sizeof login, "stress%d", id);
	const struct actor who = {name, "Test", login};

	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0) {
		worker_error(id, me, "%s: %s", path, strerror(errno));
		exit(EXIT_CHECK);
	}
	struct store *st;
	struct lerr e;
	lerr_clear(&e);
	if (store_open(opt.db, STORE_READWRITE, &st, &e) != RC_OK) {
		worker_error(id, me, "%s", e.msg);
		close(fd);
		exit(EXIT_CHECK);
	}
	uint32_t seq = 0;
	while (before(now_mono(), deadline)) {
		const struct target *t = rng_below(&rng, 2) == 0
		                         ? &targets[hot[rng_below(&rng, n_hot)]]
		                         : &targets[rng_below(&rng, n_targets)];
		/* Until saved: a conflict means someone saved first; reload, retry. */
		while (before(now_mono(), deadline)) {
			int64_t version = 0, saved_as = -1;
			if (current_version(st, t, &version, &e) != RC_OK) {
				worker_error(id, me, "reading: %s", e.msg);
				break;
			}
			seq++;
			enum status status = (enum status)rng_below(&rng, STATUS_COUNT);
			char text[512];
			snprintf(text, sizeof text,
			         "Stress %d, sparning %" PRIu32 " (frö %" PRIu64 "): lägesbild för "
			         "tertial %d, version %" PRId64 " → %" PRId64 ".\n"
			         "Åtgärder: fotpatruller på Råslätt och i Öxnehaga; möte med "
			         "Vätterhem om trygghet i trapphus — %s.",
			         id, seq, opt.seed, t->tertial, version, version + 1,
			         status_label_sv(status));
			struct timespec t0 = now_mono();
			atomic_store(&me->in_save, 1);
			enum lofte_rc rc = store_save_followup(st, t->commitment, t->tertial, text, status,
			                                       version, &who, &saved_as, &e);
			atomic_store(&me->in_save, 0);
			struct timespec t1 = now_mono();
			if (rc == RC_CONFLICT) {
				atomic_fetch_add(&me->conflicts, 1);
				continue;
			}
			if (rc != RC_OK) {
				worker_error(id, me, "saving activity %" PRId64 " tertial %d: %s",
				             t->commitment, t->tertial, e.msg);
				break;
			}
			double us = seconds_between(t0, t1) * 1e6;
			struct record r = {
				.magic = RECORD_MAGIC,
				.worker = (uint32_t)id,
				.commitment = t->commitment,
				.tertial = t->tertial,
				.status = (int32_t)status,
				.version = saved_as,
				.hash = fnv1a(text),
				.latency_us = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us,
				.seq = seq,
			};
			/* The proof of the ack: one write() after the save returned. */
			ssize_t w = write(fd, &r, sizeof r);
			if (w != (ssize_t)sizeof r)
				worker_error(id, me, "%s: %s", path,
				             w < 0 ? strerror(errno) : "short write");
			if (saved_as != version + 1)
				worker_error(id, me,
				             "activity %" PRId64 " tertial %d: saved from version %" PRId64
				             " but acknowledged as version %" PRId64,
				             t->commitment, t->tertial, version, saved_as);
			break;
		}
	}
	store_close(st);
	close(fd);
	exit(0);
}

/* ---- the parent: running and killing workers ------------------------------ */

struct proc {
	pid_t pid;     /* 0: not running */
	int id;        /* its slot and worker id */
	int killed;
};

struct run_stats {
	int spawned;
	int kills;
	int kills_in_save;
	int abnormal;          /* workers that ended badly without being killed */
	double elapsed;
};

static sigset_t chld_set, old_set;

static pid_t spawn(int id)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		say("fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		sigprocmask(SIG_SETMASK, &old_set, NULL);
		if (keeper_release >= 0)
			close(keeper_release);
		worker(id);
	}
	return pid;
}

static void ended(struct proc *p, int status, struct run_stats *rs)
{
	if (p->killed)
		return;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return;
	if (WIFSIGNALED(status)) {
		say("worker %d (pid %ld) died of signal %d", p->id, (long)p->pid, WTERMSIG(status));
		rs->abnormal++;
	} else if (atomic_load(&slots[p->id].errors) == 0) {
		/* Not an error it reported itself: a sanitizer, say. */
		say("worker %d (pid %ld) exited with status %d", p->id, (long)p->pid,
		    WEXITSTATUS(status));
		rs->abnormal++;
	}
}

/* Reaps every worker that has ended; returns how many still run. */
static int reap(struct proc *procs, int n, struct run_stats *rs)
{
	int status;
	pid_t pid;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid == keeper_pid) {
			keeper_status = status;
			keeper_pid = 0;
		}
		for (int k = 0; k < n; k++)
			if (procs[k].pid == pid) {
				ended(&procs[k], status, rs);
				procs[k].pid = 0;
			}
	}
	int live = 0;
	for (int k = 0; k < n; k++)
		live += procs[k].pid != 0;
	return live;
}

static int run_workers(struct run_stats *rs)
{
	int total = opt.workers + opt.kills;
	struct proc *procs = calloc((size_t)total, sizeof *procs);
	struct timespec *kill_at = calloc((size_t)opt.kills + 1, sizeof *kill_at);
	if (!procs || !kill_at) {
		say("out of memory");
		exit(EXIT_CHECK);
	}
	sigemptyset(&chld_set);
	sigaddset(&chld_set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld_set, &old_set);

	uint64_t rng = opt.seed ^ 0x6b696c6cull;
	struct timespec start = now_mono();
	deadline = add_seconds(start, opt.seconds);
	/* One kill in each of N equal slices of the first 90 % of the run. */
	for (int k = 0; k < opt.kills; k++)
		kill_at[k] = add_seconds(start, opt.seconds * 0.9 * (k + rng_unit(&rng)) / opt.kills);

	for (int k = 0; k < opt.workers; k++) {
		procs[k].id = k;
		if ((procs[k].pid = spawn(k)) < 0)
			procs[k].pid = 0;
		else
			rs->spawned++;
	}
	int next_kill = 0, n = opt.workers;
	struct timespec give_up = add_seconds(deadline, STOP_GRACE_S);
	for (;;) {
		int live = reap(procs, n, rs);
		struct timespec now = now_mono();
		if (next_kill < opt.kills && !before(now, kill_at[next_kill])) {
			next_kill++;
			int alive[MAX_WORKERS], n_alive = 0;
			for (int k = 0; k < n; k++)
				if (procs[k].pid)
					alive[n_alive++] = k;
			if (n_alive == 0)
				continue;
			struct proc *v = &procs[alive[rng_below(&rng, (size_t)n_alive)]];
			rs->kills_in_save += atomic_load(&slots[v->id].in_save) != 0;
			v->killed = 1;
			kill(v->pid, SIGKILL);
			int status;
			while (waitpid(v->pid, &status, 0) < 0 && errno == EINTR)
				;
			v->pid = 0;
			rs->kills++;
			procs[n].id = n;
			if ((procs[n].pid = spawn(n)) < 0)
				procs[n].pid = 0;
			else
				rs->spawned++;
			n++;
			continue;
		}
		if (live == 0 && next_kill >= opt.kills)
			break;
		if (live == 0) {   /* every worker ended early: no kills left to do */
			next_kill = opt.kills;
			continue;
		}
		if (!before(now, give_up)) {
			for (int k = 0; k < n; k++)
				if (procs[k].pid) {
					say("worker %d (pid %ld) did not stop; killed", procs[k].id,
					    (long)procs[k].pid);
					kill(procs[k].pid, SIGKILL);
					int status;
					while (waitpid(procs[k].pid, &status, 0) < 0 && errno == EINTR)
						;
					procs[k].pid = 0;
					rs->abnormal++;
				}
			continue;
		}
		struct timespec until = next_kill < opt.kills ? kill_at[next_kill] : give_up;
		double wait = seconds_between(now, until);
		if (wait > 1)
			wait = 1;
		struct timespec ts = {0, 0};
		if (wait > 0)
			ts = add_seconds(ts, wait);
		sigtimedwait(&chld_set, NULL, &ts);
	}
	rs->elapsed = seconds_between(start, now_mono());
	sigprocmask(SIG_SETMASK, &old_set, NULL);
	free(kill_at);
	free(procs);
	return n;
}

/* ---- the keeper connection ------------------------------------------------ */

static _Noreturn void keeper(int ready, int release)
{
	char err[512], c = 'k';
	sqlite3 *db = open_raw(err, sizeof err);
	if (!db || count_history(db) < 0) {
		say("keeper: %s", db ? sqlite3_errmsg(db) : err);
		exit(EXIT_CHECK);
	}
	/* A read done and finished: the connection is in the WAL index, and
	 * holds no snapshot. */
	if (write(ready, &c, 1) != 1)
		exit(EXIT_CHECK);
	ssize_t r;
	while ((r = read(release, &c, 1)) > 0 || (r < 0 && errno == EINTR))
		;
	sqlite3_close(db);
	exit(0);
}

static int start_keeper(void)
{
	int ready[2], release[2];
	if (pipe(ready) != 0 || pipe(release) != 0) {
		say("pipe: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		say("fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		close(ready[0]);
		close(release[1]);
		keeper(ready[1], release[0]);
	}
	close(ready[1]);
	close(release[0]);
	char c;
	ssize_t r;
	while ((r = read(ready[0], &c, 1)) < 0 && errno == EINTR)
		;
	close(ready[0]);
	keeper_release = release[1];
	keeper_pid = pid;
	if (r != 1) {   /* it said why */
		close(keeper_release);
		keeper_release = -1;
		waitpid(pid, &keeper_status, 0);
		keeper_pid = 0;
		return -1;
	}
	return 0;
}

/* Lets the keeper close its connection (the last one) and waits for it;
 * 0 when it ended well. */
static int stop_keeper(void)
{
	if (keeper_release >= 0)
		close(keeper_release);
	keeper_release = -1;
	if (keeper_pid)
		while (waitpid(keeper_pid, &keeper_status, 0) < 0 && errno == EINTR)
			;
	keeper_pid = 0;
	return WIFEXITED(keeper_status) && WEXITSTATUS(keeper_status) == 0 ? 0 : -1;
}

/* ---- reading the logs ------------------------------------------------------ */

struct records {
	struct record *r;
	size_t n, cap;
	size_t torn;   /* bytes at the end of a log that are not a whole record */
};

static void records_push(struct records *recs, const struct record *r)
{
	if (recs->n == recs->cap) {
		recs->cap = recs->cap ? recs->cap * 2 : 1024;
		recs->r = realloc(recs->r, recs->cap * sizeof *recs->r);
		if (!recs->r) {
			say("out of memory");
			exit(EXIT_CHECK);
		}
	}
	recs->r[recs->n++] = *r;
}

static void read_logs(int n_workers, struct records *out)
{
	for (int id = 0; id < n_workers; id++) {
		char path[PATH_MAX + 32];
		log_path(id, path, sizeof path);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;   /* a worker killed before it made its log */
		struct record r;
		size_t got;
		while ((got = fread(&r, 1, sizeof r, f)) == sizeof r) {
			if (r.magic != RECORD_MAGIC) {
				out->torn += sizeof r;
				continue;
			}
			records_push(out, &r);
		}
		out->torn += got;
		fclose(f);
		unlink(path);
	}
}

/* ---- the check, with SQLite directly -------------------------------------- */

struct check {
	int integrity_ok;
	char integrity[256];     /* the first line integrity_check gave */
	long fk_violations;
	long gaps;               /* follow-ups whose history is not 1..max */
	long current_mismatch;   /* followup rows that are not their newest history row */
	long lost;               /* acknowledged saves not (so) in the history */
	long long history_before, history_after;
	char error[512];         /* the check itself could not run */
};

static long long count_history(sqlite3 *db)
{
	sqlite3_stmt *s;
	long long n = -1;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM followup_history", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

static sqlite3 *open_raw(char *err, size_t size)
{
	sqlite3 *db;
	if (sqlite3_open_v2(opt.db, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		snprintf(err, size, "%s: %s", opt.db, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 10000);
	return db;
}

/* The first column of a one-value query as a number; -1 on failure. */
static long query_long(sqlite3 *db, const char *sql, struct check *c)
{
	sqlite3_stmt *s;
	long v = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
		snprintf(c->error, sizeof c->error, "%s", sqlite3_errmsg(db));
		return -1;
	}
	if (sqlite3_step(s) == SQLITE_ROW)
		v = (long)sqlite3_column_int64(s, 0);
	else
		snprintf(c->error, sizeof c->error, "%s", sqlite3_errmsg(db));
	sqlite3_finalize(s);
	return v;
}

static void check_pragmas(sqlite3 *db, struct check *c)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL) == SQLITE_OK) {
		int rows = 0, r;
		while ((r = sqlite3_step(s)) == SQLITE_ROW) {
			const char *v = (const char *)sqlite3_column_text(s, 0);
			if (rows++ == 0)
				snprintf(c->integrity, sizeof c->integrity, "%s", v ? v : "");
		}
		c->integrity_ok = r == SQLITE_DONE && rows == 1 && strcmp(c->integrity, "ok") == 0;
		if (r != SQLITE_DONE)
			snprintf(c->integrity, sizeof c->integrity, "%s", sqlite3_errmsg(db));
	} else {
		snprintf(c->integrity, sizeof c->integrity, "%s", sqlite3_errmsg(db));
	}
	sqlite3_finalize(s);
	c->fk_violations = 0;
	if (sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &s, NULL) == SQLITE_OK) {
		while (sqlite3_step(s) == SQLITE_ROW)
			c->fk_violations++;
	} else {
		c->fk_violations = -1;
	}
	sqlite3_finalize(s);
}

static const char SQL_RECORD[] =
	"SELECT h.text, h.status, h.updated_by, h.department, h.login"
	" FROM followup f JOIN followup_history h ON h.followup_id = f.id"
	" WHERE f.commitment_id = ?1 AND f.tertial = ?2 AND h.version = ?3";

static const char *col(sqlite3_stmt *s, int i)
{
	const char *v = (const char *)sqlite3_column_text(s, i);
	return v ? v : "";
}

/* Why an acknowledged save is not in the history as it was made; NULL
 * when it is. */
static const char *record_problem(sqlite3_stmt *s, const struct record *r)
{
	sqlite3_bind_int64(s, 1, r->commitment);
	sqlite3_bind_int(s, 2, r->tertial);
	sqlite3_bind_int64(s, 3, r->version);
	const char *why = NULL;
	char name[32], login[32];
	snprintf(name, sizeof name, "Stress %" PRIu32, r->worker);
	snprintf(login, sizeof login, "stress%" PRIu32, r->worker);
	if (sqlite3_step(s) != SQLITE_ROW)
		why = "no such version in the history";
	else if (fnv1a(col(s, 0)) != r->hash)
		why = "another text at that version";
	else if (r->status < 0 || r->status >= STATUS_COUNT ||
	         strcmp(col(s, 1), status_code((enum status)r->status)) != 0)
		why = "another status at that version";
	else if (strcmp(col(s, 2), name) || strcmp(col(s, 3), "Test") || strcmp(col(s, 4), login))
		why = "another author at that version";
	sqlite3_reset(s);
	return why;
}

static void check_records(sqlite3 *db, const struct records *recs, struct check *c)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(db, SQL_RECORD, -1, &s, NULL) != SQLITE_OK) {
		snprintf(c->error, sizeof c->error, "%s", sqlite3_errmsg(db));
		return;
	}
	int shown = 0;
	for (size_t k = 0; k < recs->n; k++) {
		const struct record *r = &recs->r[k];
		const char *why = record_problem(s, r);
		if (!why)
			continue;
		c->lost++;
		if (shown++ < 5)
			printf("lost: activity %" PRId64 " tertial %d version %" PRId64
			       " (worker %" PRIu32 ", save %" PRIu32 "): %s\n",
			       r->commitment, r->tertial, r->version, r->worker, r->seq, why);
	}
	sqlite3_finalize(s);
}

static void verify(const struct records *recs, struct check *c)
{
	sqlite3 *db = open_raw(c->error, sizeof c->error);
	if (!db)
		return;
	/* One read transaction: every check sees the same database. */
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	check_pragmas(db, c);
	c->gaps = query_long(db,
	                     "SELECT count(*) FROM (SELECT followup_id FROM followup_history"
	                     " GROUP BY followup_id"
	                     " HAVING min(version) <> 1 OR max(version) <> count(*))",
	                     c);
	c->current_mismatch = query_long(db,
	                                 "SELECT count(*) FROM followup f"
	                                 " LEFT JOIN followup_history h ON h.followup_id = f.id"
	                                 "  AND h.version = (SELECT max(version) FROM followup_history"
	                                 "   WHERE followup_id = f.id)"
	                                 " WHERE h.id IS NULL OR h.version <> f.version"
	                                 "  OR h.text <> f.text OR h.status <> f.status"
	                                 "  OR h.login <> f.login",
	                                 c);
	c->history_after = count_history(db);
	check_records(db, recs, c);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);
}

/* ---- the report ------------------------------------------------------------ */

struct totals {
	long long acked, conflicts, errors;
	int processes;
	double p50, p90, p99, max;   /* ms */
	long long unlogged;          /* history rows no worker logged */
};

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static double percentile(const uint32_t *v, size_t n, double p)
{
	if (n == 0)
		return 0;
	/* Nearest rank: the smallest value with at least p % of them at or below. */
	double exact = p / 100.0 * (double)n;
	size_t rank = (size_t)exact;
	if ((double)rank < exact)
		rank++;
	return v[rank ? rank - 1 : 0] / 1000.0;
}

static void latencies(const struct records *recs, struct totals *t)
{
	uint32_t *v = malloc((recs->n + 1) * sizeof *v);
	if (!v) {
		say("out of memory");
		exit(EXIT_CHECK);
	}
	for (size_t k = 0; k < recs->n; k++)
		v[k] = recs->r[k].latency_us;
	qsort(v, recs->n, sizeof *v, cmp_u32);
	t->p50 = percentile(v, recs->n, 50);
	t->p90 = percentile(v, recs->n, 90);
	t->p99 = percentile(v, recs->n, 99);
	t->max = recs->n ? v[recs->n - 1] / 1000.0 : 0;
	free(v);
}

static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static void print_table(const struct totals *t, const struct run_stats *rs, const struct check *c)
{
	printf("%-22s %d\n", "workers", opt.workers);
	printf("%-22s %.2f (ran %.2f)\n", "seconds", opt.seconds, rs->elapsed);
	printf("%-22s %lld\n", "saves acked", t->acked);
	printf("%-22s %.1f\n", "saves/s", rs->elapsed > 0 ? (double)t->acked / rs->elapsed : 0.0);
	printf("%-22s %lld\n", "conflicts retried", t->conflicts);
	printf("%-22s %lld\n", "errors", t->errors);
	printf("%-22s %ld\n", "lost versions", c->lost);
	printf("%-22s %.2f\n", "latency p50 ms", t->p50);
	printf("%-22s %.2f\n", "latency p90 ms", t->p90);
	printf("%-22s %.2f\n", "latency p99 ms", t->p99);
	printf("%-22s %.2f\n", "latency max ms", t->max);
	printf("%-22s %d (%d inside a save)\n", "kills", rs->kills, rs->kills_in_save);
	printf("%-22s %d\n", "worker processes", t->processes);
	printf("%-22s %lld\n", "unlogged versions", t->unlogged);
	printf("%-22s %ld\n", "version gaps", c->gaps);
	printf("%-22s %ld\n", "current mismatches", c->current_mismatch);
	printf("%-22s %s\n", "integrity_check", c->integrity[0] ? c->integrity : "(not run)");
	printf("%-22s %ld\n", "foreign_key_check", c->fk_violations);
}

static int write_json(const char *path, const struct totals *t, const struct run_stats *rs,
                      const struct check *c, const char *reason)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		say("%s: %s", path, strerror(errno));
		return -1;
	}
	fprintf(f, "{\"database\":");
	json_string(f, opt.db);
	fprintf(f,
	        ",\"seed\":%" PRIu64 ",\"workers\":%d,\"seconds\":%.3f,\"elapsed_seconds\":%.3f,"
	        "\"saves_acked\":%lld,\"saves_per_second\":%.1f,\"conflicts_retried\":%lld,"
	        "\"errors\":%lld,\"lost_versions\":%ld,"
	        "\"latency_ms\":{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"max\":%.3f},"
	        "\"kills\":%d,\"kills_inside_save\":%d,\"worker_processes\":%d,"
	        "\"unlogged_versions\":%lld,\"version_gaps\":%ld,\"current_mismatches\":%ld,"
	        "\"integrity_check\":",
	        opt.seed, opt.workers, opt.seconds, rs->elapsed, t->acked,
	        rs->elapsed > 0 ? (double)t->acked / rs->elapsed : 0.0, t->conflicts, t->errors,
	        c->lost, t->p50, t->p90, t->p99, t->max, rs->kills, rs->kills_in_save, t->processes,
	        t->unlogged, c->gaps, c->current_mismatch);
	json_string(f, c->integrity);
	fprintf(f, ",\"foreign_key_violations\":%ld,\"ok\":%s,\"reason\":", c->fk_violations,
	        reason ? "false" : "true");
	if (reason)
		json_string(f, reason);
	else
		fputs("null", f);
	fputs("}\n", f);
	if (fclose(f) != 0) {
		say("%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Why the run failed, in one line; NULL when it passed. */
static const char *failure(const struct totals *t, const struct run_stats *rs,
                           const struct check *c, char *buf, size_t size)
{
	if (c->error[0])
		snprintf(buf, size, "the check could not run: %s", c->error);
	else if (c->lost)
		snprintf(buf, size, "%ld acknowledged save(s) lost", c->lost);
	else if (!c->integrity_ok)
		snprintf(buf, size, "integrity_check: %s", c->integrity);
	else if (c->fk_violations)
		snprintf(buf, size, "foreign_key_check found %ld problem(s)", c->fk_violations);
	else if (c->gaps)
		snprintf(buf, size, "%ld follow-up(s) have gaps in their versions", c->gaps);
	else if (c->current_mismatch)
		snprintf(buf, size, "%ld follow-up(s) differ from their newest history version",
		         c->current_mismatch);
	else if (t->errors)
		snprintf(buf, size, "%lld error(s) (see above)", t->errors);
	else if (t->unlogged < 0 || t->unlogged > rs->kills)
		snprintf(buf, size,
		         "the history grew by %lld version(s) but %lld save(s) were acknowledged "
		         "(%d kill(s)): a save nobody acknowledged, or another writer",
		         c->history_after - c->history_before, t->acked, rs->kills);
	else if (t->acked == 0)
		snprintf(buf, size, "no save was acknowledged in %.2f s", rs->elapsed);
	else
		return NULL;
	return buf;
}

int main(int argc, char **argv)
{
	parse_options(argc, argv);
	printf("lofte-stress: seed %" PRIu64 " (repeat with -r %" PRIu64 "), database %s\n", opt.seed,
	       opt.seed, opt.db);
	if (load_targets() != 0)
		return EXIT_CHECK;

	struct check c;
	memset(&c, 0, sizeof c);
	sqlite3 *db = open_raw(c.error, sizeof c.error);
	if (!db) {
		say("%s", c.error);
		return EXIT_CHECK;
	}
	c.history_before = count_history(db);
	sqlite3_close(db);

	const char *tmp = getenv("TMPDIR");
	snprintf(logdir, sizeof logdir, "%s/lofte-stress.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(logdir)) {
		say("%s: %s", logdir, strerror(errno));
		return EXIT_CHECK;
	}
	size_t n_slots = (size_t)opt.workers + (size_t)opt.kills;
	slots = mmap(NULL, n_slots * sizeof *slots, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
	             -1, 0);
	if (slots == MAP_FAILED) {
		say("mmap: %s", strerror(errno));
		rmdir(logdir);
		return EXIT_CHECK;
	}

	struct run_stats rs;
	memset(&rs, 0, sizeof rs);
	if (!opt.cold && start_keeper() != 0) {
		rmdir(logdir);
		return EXIT_CHECK;
	}
	int n = run_workers(&rs);
	if (!opt.cold && stop_keeper() != 0) {
		say("the keeper connection ended badly (wait status %d)", keeper_status);
		rs.abnormal++;
	}

	struct records recs = {NULL, 0, 0, 0};
	read_logs(n, &recs);
	rmdir(logdir);
	struct totals t;
	memset(&t, 0, sizeof t);
	t.processes = rs.spawned;
	for (int k = 0; k < n; k++) {
		t.conflicts += atomic_load(&slots[k].conflicts);
		t.errors += atomic_load(&slots[k].errors);
	}
	t.errors += rs.abnormal;
	t.acked = (long long)recs.n;
	latencies(&recs, &t);

	if (opt.forge) {
		/* A save that was never made: far beyond any version. */
		struct record fake = {
			.magic = RECORD_MAGIC,
			.commitment = targets[0].commitment,
			.tertial = targets[0].tertial,
			.version = INT32_MAX,
			.hash = fnv1a("never saved"),
		};
		records_push(&recs, &fake);
	}

	verify(&recs, &c);
	t.unlogged = c.history_after - c.history_before - t.acked;
	if (recs.torn)
		printf("torn log bytes         %zu (a worker killed while logging)\n", recs.torn);
	print_table(&t, &rs, &c);

	char buf[1024];
	const char *reason = failure(&t, &rs, &c, buf, sizeof buf);
	int json_failed = opt.json && write_json(opt.json, &t, &rs, &c, reason) != 0;
	free(recs.r);
	free(targets);
	munmap(slots, n_slots * sizeof *slots);
	fflush(stdout);
	if (reason) {
		say("%s", reason);
		return EXIT_CHECK;
	}
	return json_failed ? EXIT_CHECK : 0;
}
