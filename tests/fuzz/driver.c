/* driver.c - replays inputs through a fuzz target without libFuzzer, so
 * that `make test` checks every regression input and seed with the
 * normal compiler:  fuzz-replay-TARGET FILE...
 * Prints each file before running it (a crash then names its input) and
 * "replayed N inputs" at the end; any failure aborts or exits non-zero. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static unsigned char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			unsigned char *grown = realloc(buf, cap);
			if (!grown) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = grown;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		size_t len = 0;
		unsigned char *data = read_all(argv[i], &len);
		if (!data) {
			fprintf(stderr, "%s: cannot read: %s\n", argv[i], strerror(errno));
			return 1;
		}
		fprintf(stderr, "replaying %s\n", argv[i]);
		/* An exact-size copy, so that a read past the end is seen by
		 * the sanitizers as it would be under libFuzzer. */
		unsigned char *exact = malloc(len ? len : 1);
		if (!exact) {
			free(data);
			return 1;
		}
		memcpy(exact, data, len);
		free(data);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	printf("replayed %d inputs\n", argc - 1);
	return 0;
}
