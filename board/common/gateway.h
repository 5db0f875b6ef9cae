/* The daemon every gateway board runs once its platform is up. */
#ifndef LF_BOARD_GATEWAY_H
#define LF_BOARD_GATEWAY_H

/* Parses the command line, opens the store, bootstraps and serves until a
 * stop signal; returns the process exit status. */
int lf_gateway_main(int argc, char **argv);

#endif
