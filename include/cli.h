/* cli.h - the command line of interface.md: parses argv, loads the
 * configuration, opens the database and runs one command. */
#ifndef LOFTE_CLI_H
#define LOFTE_CLI_H

/* Runs lofte with these arguments; returns the exit status. */
int cli_main(int argc, char **argv);

#endif
