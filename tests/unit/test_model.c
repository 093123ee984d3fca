/* Unit tests for model.c: statuses and reviews, tertials, deadlines and
 * lateness at the days around every tertial boundary, targets. */
#include "testutil.h"

#include "model.h"

static struct promise promise_2024(void)
{
	struct promise p;
	memset(&p, 0, sizeof p);
	p.year = 2024;
	return p;
}

static void test_tertial_of_month(void **state)
{
	(void)state;
	int want[] = {0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3};
	for (int m = 1; m <= 12; m++)
		assert_int_equal(tertial_of_month(m), want[m]);
}

static void test_deadlines(void **state)
{
	(void)state;
	struct promise p = promise_2024();
	char d[11];
	promise_deadline(&p, 1, d);
	assert_string_equal(d, "2024-05-15");
	promise_deadline(&p, 2, d);
	assert_string_equal(d, "2024-09-15");
	promise_deadline(&p, 3, d);
	assert_string_equal(d, "2025-01-15");
	memcpy(p.deadline[1], "2024-09-20", 11);
	promise_deadline(&p, 2, d);
	assert_string_equal(d, "2024-09-20");
	assert_int_equal(days_between("2024-09-03", "2024-09-15"), 12);
	assert_int_equal(days_between("2024-12-31", "2025-01-15"), 15);
	assert_int_equal(days_between("2024-03-01", "2024-02-28"), -2);   /* a leap year */
}

/* Missing, late or on time, the day before and the day of each start
 * and each deadline. */
static void test_lateness_around_boundaries(void **state)
{
	(void)state;
	struct promise p = promise_2024();
	struct followup none = {0}, draft = {.present = 1, .review = REVIEW_DRAFT},
	                ready = {.present = 1, .review = REVIEW_READY};
	static const struct {
		int tertial;
		const char *today;
		enum lateness missing, draft, ready;
	} cases[] = {
		{1, "2023-12-31", ON_TIME, ON_TIME, ON_TIME},
		{1, "2024-01-01", MISSING, ON_TIME, ON_TIME},
		{1, "2024-05-15", MISSING, ON_TIME, ON_TIME},
		{1, "2024-05-16", PAST_DEADLINE, PAST_DEADLINE, ON_TIME},
		{2, "2024-04-30", ON_TIME, ON_TIME, ON_TIME},
		{2, "2024-05-01", MISSING, ON_TIME, ON_TIME},
		{2, "2024-09-15", MISSING, ON_TIME, ON_TIME},
		{2, "2024-09-16", PAST_DEADLINE, PAST_DEADLINE, ON_TIME},
		{3, "2024-08-31", ON_TIME, ON_TIME, ON_TIME},
		{3, "2024-09-01", MISSING, ON_TIME, ON_TIME},
		{3, "2024-12-31", MISSING, ON_TIME, ON_TIME},
		{3, "2025-01-15", MISSING, ON_TIME, ON_TIME},
		{3, "2025-01-16", PAST_DEADLINE, PAST_DEADLINE, ON_TIME},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		int t = cases[k].tertial;
		if (followup_lateness(&p, &none, t, cases[k].today) != cases[k].missing ||
		    followup_lateness(&p, &draft, t, cases[k].today) != cases[k].draft ||
		    followup_lateness(&p, &ready, t, cases[k].today) != cases[k].ready)
			fail_msg("tertial %d on %s", t, cases[k].today);
	}
}

static void test_today_override(void **state)
{
	(void)state;
	setenv("LOFTE_TODAY", "2024-08-31", 1);
	char d[11];
	today_iso(d);
	assert_string_equal(d, "2024-08-31");
	int y, m, day;
	today_date(&y, &m, &day);
	assert_int_equal(tertial_of_month(m), 2);
	setenv("LOFTE_TODAY", "not a date", 1);
	today_iso(d);   /* falls back to the clock */
	assert_int_equal(strlen(d), 10);
	unsetenv("LOFTE_TODAY");
}

static void test_reviews_and_statuses(void **state)
{
	(void)state;
	enum review r;
	assert_int_equal(review_parse("Godkänd", &r), 0);
	assert_int_equal(r, REVIEW_APPROVED);
	assert_int_equal(review_parse("klar för granskning", &r), 0);
	assert_int_equal(r, REVIEW_READY);
	assert_int_equal(review_parse("ready", &r), 0);
	assert_int_equal(review_parse("kanske", &r), -1);
	enum status s;
	assert_int_equal(status_parse("PÅGÅR", &s), 0);
	assert_int_equal(s, STATUS_IN_PROGRESS);
}

static void test_targets(void **state)
{
	(void)state;
	struct indicator ind;
	assert_int_equal(indicator_parse(" fotpatruller  ≥ 800 ", &ind), 0);
	assert_string_equal(ind.name, "fotpatruller");
	ind.has_outcome[1] = 1;
	ind.outcome[1] = 312;
	char out[128];
	indicator_outcome_text(&ind, 2, out, sizeof out);
	assert_string_equal(out, "fotpatruller: 312 av 800 (39 %)");
	indicator_outcome_text(&ind, 1, out, sizeof out);
	assert_string_equal(out, "");
	indicator_describe(&ind, out, sizeof out);
	assert_string_equal(out, "fotpatruller ≥ 800");
	free(ind.name);
	assert_int_equal(indicator_parse("andel <= 0,25", &ind), 0);
	assert_true(ind.at_most && ind.target == 0.25);
	ind.has_outcome[0] = 1;
	ind.outcome[0] = 0.2;
	assert_int_equal(indicator_percent(&ind, 1), 100);   /* under an at-most target */
	ind.outcome[0] = 1e-300;                              /* far under it */
	assert_int_equal(indicator_percent(&ind, 1), 100);
	free(ind.name);
	/* Out of an int's range (found by the fuzzer): kept within 0..999. */
	assert_int_equal(indicator_parse("fotpatruller ≥ 800", &ind), 0);
	ind.outcome[0] = 3.1e44;
	assert_int_equal(indicator_percent(&ind, 1), 999);
	ind.outcome[0] = -3.1e44;
	assert_int_equal(indicator_percent(&ind, 1), 0);
	free(ind.name);
	assert_int_equal(indicator_parse("ingen siffra ≥ många", &ind), -1);
	assert_int_equal(indicator_parse("a ≥ b ≥ 3", &ind), -1);
	double v;
	assert_int_equal(number_parse("12abc", &v), -1);
	assert_int_equal(number_parse("", &v), -1);
	assert_int_equal(number_parse("inf", &v), -1);     /* would make NaN percentages */
	assert_int_equal(number_parse("-infinity", &v), -1);
	assert_int_equal(number_parse("nan", &v), -1);
	assert_int_equal(number_parse("1e400", &v), -1);   /* out of range */
	char n[32];
	number_format(800, n);
	assert_string_equal(n, "800");
	number_format(0.5, n);
	assert_string_equal(n, "0.5");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tertial_of_month),
		cmocka_unit_test(test_deadlines),
		cmocka_unit_test(test_lateness_around_boundaries),
		cmocka_unit_test(test_today_override),
		cmocka_unit_test(test_reviews_and_statuses),
		cmocka_unit_test(test_targets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
