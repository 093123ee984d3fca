/* xalloc.h - allocation that aborts with a message instead of returning
 * NULL.  lofte cannot do anything useful when malloc fails, and checking
 * every small allocation would bury the logic. */
#ifndef LOFTE_XALLOC_H
#define LOFTE_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows an array of *cap elements of size `size` to hold at least `need`. */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
