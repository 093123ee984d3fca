/* identity.h - who is running lofte, from the operating system. */
#ifndef LOFTE_IDENTITY_H
#define LOFTE_IDENTITY_H

struct config;

struct identity {
	char *login;        /* the OS login of the real uid; never from the INI */
	char *name;         /* INI name, else passwd full name, else login */
	char *department;   /* INI department, else "" */
};

/* Fills id from the process's real uid and cfg (which may be NULL). */
void identity_resolve(struct identity *id, const struct config *cfg);
void identity_free(struct identity *id);

/* The full name from a passwd GECOS field ("Anna Andersson,,," ->
 * "Anna Andersson"); NULL when it is empty.  Returns a new string. */
char *identity_gecos_name(const char *gecos);

#endif
