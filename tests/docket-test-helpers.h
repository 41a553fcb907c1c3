/* Helpers for tests: temporary directories, the real docketd on the test
 * bus, docketctl runs. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A new empty directory under the test's temporary root. */
char        *docket_test_make_dir      (const char *prefix);
void         docket_test_remove_dir    (const char *path);

typedef struct {
  GSubprocess *process;
  char        *state_dir;
} DocketTestDaemon;

/* Starts the built docketd (path in $DOCKETD) on the session bus that
 * GTestDBus provides, and waits until it owns its name. @extra_args end
 * with NULL. */
DocketTestDaemon *docket_test_daemon_start (const char          *state_dir,
                                            const char * const  *extra_args);
/* Sends SIGTERM and checks that docketd exits cleanly. */
void              docket_test_daemon_stop  (DocketTestDaemon    *daemon);
/* Runs docketd to completion, for start-ups that must fail; returns the
 * exit status and its stderr. */
int               docket_test_daemon_run   (const char          *state_dir,
                                            const char * const  *extra_args,
                                            char               **err);

/* Runs the built docketctl (path in $DOCKETCTL) on the session bus; returns
 * its exit status, with stdout and stderr. */
int          docket_test_ctl           (char       **out,
                                        char       **err,
                                        const char  *first_arg,
                                        ...) G_GNUC_NULL_TERMINATED;

/* The same with a NULL-terminated argument array. */
int          docket_test_ctlv          (char              **out,
                                        char              **err,
                                        const char * const *args);

/* An a{sv} of string values from key, value, ..., NULL; a full reference. */
GVariant    *docket_test_record        (const char *first_key,
                                        ...) G_GNUC_NULL_TERMINATED;

/* TRUE when @needle occurs in the file @path. */
gboolean     docket_test_file_contains (const char *path,
                                        const char *needle);

G_END_DECLS
