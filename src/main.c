/* main.c - the lofte program. */
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <string.h>

#include "cli.h"

/* å ä ö need a UTF-8 character type.  A user whose SSH client forwards a
 * locale the server has not generated (sv_SE.UTF-8) gets C.UTF-8. */
static void set_locale(void)
{
	if (!setlocale(LC_ALL, "") || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
}

int main(int argc, char **argv)
{
	set_locale();
	/* A closed pipe is reported as a write error, not a silent death. */
	signal(SIGPIPE, SIG_IGN);
	return cli_main(argc, argv);
}
