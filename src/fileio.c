/* fileio.c - whole-file reads and atomic replacement. */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "strbuf.h"
#include "xalloc.h"

enum lofte_rc file_read_fd(int fd, const char *name, char **out, size_t *len, struct lerr *e)
{
	struct strbuf sb;
	strbuf_init(&sb);
	char buf[65536];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = errno;
			strbuf_free(&sb);
			return lerr_set(e, RC_FAIL, "%s: cannot read: %s", name, strerror(err));
		}
		if (n == 0)
			break;
		strbuf_add(&sb, buf, (size_t)n);
	}
	*len = sb.len;
	*out = strbuf_detach(&sb);
	return RC_OK;
}

enum lofte_rc file_read_all(const char *path, char **out, size_t *len, struct lerr *e)
{
	if (strcmp(path, "-") == 0)
		return file_read_fd(STDIN_FILENO, "(standard input)", out, len, e);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return lerr_set(e, RC_FAIL, "%s: cannot open: %s", path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return lerr_set(e, RC_FAIL, "%s: is a folder, not a file", path);
	}
	enum lofte_rc rc = file_read_fd(fd, path, out, len, e);
	close(fd);
	return rc;
}

static enum lofte_rc write_fd(int fd, const char *name, const char *data, size_t len, struct lerr *e)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == ENOSPC)
			return lerr_set(e, RC_FULL, "%s: the disk is full; nothing was written", name);
		if (n < 0 && errno == EPIPE)
			return lerr_set(e, RC_FAIL, "%s: the reader closed the pipe; the output is cut short",
			                name);
		if (n < 0)
			return lerr_set(e, RC_FAIL, "%s: cannot write: %s", name, strerror(errno));
		data += n;
		len -= (size_t)n;
	}
	return RC_OK;
}

/* The folder part of path, for the temporary file beside it. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Through a temporary file renamed into place; private keeps mkstemp's
 * 0600, else the umask decides as for any new file. */
static enum lofte_rc replace_file(const char *path, const char *data, size_t len, bool private,
                                  struct lerr *e)
{
	char *dir = dir_of(path);
	struct strbuf tmp;
	strbuf_init(&tmp);
	strbuf_addf(&tmp, "%s/.lofte-XXXXXX", dir);
	free(dir);
	int fd = mkstemp(tmp.buf);
	if (fd < 0) {
		enum lofte_rc rc = lerr_set(e, RC_FAIL, "%s: cannot create a file there: %s", path,
		                            strerror(errno));
		strbuf_free(&tmp);
		return rc;
	}
	/* mkstemp makes 0600; an export is for sharing, so honour the umask. */
	if (!private) {
		mode_t mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}

	enum lofte_rc rc = write_fd(fd, path, data, len, e);
	if (rc == RC_OK && fsync(fd) != 0)
		rc = lerr_set(e, errno == ENOSPC ? RC_FULL : RC_FAIL, "%s: cannot write: %s", path,
		              strerror(errno));
	if (close(fd) != 0 && rc == RC_OK)
		rc = lerr_set(e, errno == ENOSPC ? RC_FULL : RC_FAIL, "%s: cannot write: %s", path,
		              strerror(errno));
	if (rc == RC_OK && rename(tmp.buf, path) != 0)
		rc = lerr_set(e, RC_FAIL, "%s: cannot replace: %s", path, strerror(errno));
	if (rc != RC_OK)
		unlink(tmp.buf);
	strbuf_free(&tmp);
	return rc;
}

enum lofte_rc file_write_atomic(const char *path, const char *data, size_t len, struct lerr *e)
{
	if (strcmp(path, "-") == 0)
		return write_fd(STDOUT_FILENO, "(standard output)", data, len, e);
	return replace_file(path, data, len, false, e);
}

enum lofte_rc file_write_private(const char *path, const char *data, size_t len, struct lerr *e)
{
	return replace_file(path, data, len, true, e);
}

enum lofte_rc file_mkdirs(const char *dir, int mode, struct lerr *e)
{
	if (!dir[0])
		return RC_OK;
	char *p = xstrdup(dir);
	enum lofte_rc rc = RC_OK;
	for (char *s = p + 1;; s++) {
		char c = *s;
		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(p, (mode_t)mode) != 0 && errno != EEXIST) {
			rc = lerr_set(e, RC_FAIL, "%s: cannot create folder: %s", p, strerror(errno));
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return rc;
}
