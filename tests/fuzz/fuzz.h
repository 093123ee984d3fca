/* fuzz.h - the entry point every fuzz target defines: libFuzzer calls it
 * with each input, and so does driver.c, the plain main() that replays
 * the seeds and the regression inputs in `make test` with any compiler. */
#ifndef LOFTE_FUZZ_H
#define LOFTE_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken invariant: says which on stderr and aborts, so that libFuzzer
 * keeps the input as a crash and the replay driver fails. */
#define FUZZ_CHECK(cond)                                                        \
	do {                                                                    \
		if (!(cond))                                                    \
			fuzz_fail(__FILE__, __LINE__, #cond);                   \
	} while (0)

__attribute__((noreturn)) void fuzz_fail(const char *file, int line, const char *what);

#endif
