/* Helpers for tests: temporary directories, the real docketd on the test
 * bus, docketctl runs. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A new empty directory under the test's temporary root. */
char        *docket_test_make_dir      (const char *prefix);
void         docket_test_remove_dir    (const char *path);

/* A private session bus (GTestDBus) and a new directory holding state/
 * and, when given, docketd.conf: what an integration test stands on. */
typedef struct {
  GTestDBus *bus;
  char      *dir;
  char      *state;
  char      *conf;
} DocketTestBed;

void         docket_test_bed_up        (DocketTestBed *bed,
                                        const char    *prefix,
                                        const char    *conf_text);
void         docket_test_bed_down      (DocketTestBed *bed);

typedef struct {
  GSubprocess *process;
  char        *state_dir;
} DocketTestDaemon;

/* Starts the built docketd (path in $DOCKETD) on the session bus that
 * GTestDBus provides, and waits until it owns its name. @extra_args end
 * with NULL. Its stderr goes to $DOCKET_TEST_DAEMON_LOG when set, with
 * G_MESSAGES_DEBUG=all. */
DocketTestDaemon *docket_test_daemon_start (const char          *state_dir,
                                            const char * const  *extra_args);
/* Sends SIGTERM and checks that docketd exits cleanly. */
void              docket_test_daemon_stop  (DocketTestDaemon    *daemon);
/* kill -9: no chance to finish anything. */
void              docket_test_daemon_kill  (DocketTestDaemon    *daemon);
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

/* docketctl --as @as (none when NULL) with the arguments after it, ending
 * with NULL. _ok expects success and returns stdout; _ok_warned the same,
 * returning stderr (the warnings); _refused expects exit status 1 with a
 * one-line "docketctl: ..." message and returns it. */
int          docket_test_ctl_as_valist (char       **out,
                                        char       **err,
                                        const char  *as,
                                        va_list      ap);
/* Starts docketctl (as @as when not NULL) without waiting for it; its
 * output is piped. */
GSubprocess *docket_test_ctl_spawn     (const char *as,
                                        ...) G_GNUC_NULL_TERMINATED;
char        *docket_test_ok            (const char *as,
                                        ...) G_GNUC_NULL_TERMINATED;
char        *docket_test_ok_warned     (const char *as,
                                        ...) G_GNUC_NULL_TERMINATED;
char        *docket_test_refused       (const char *as,
                                        ...) G_GNUC_NULL_TERMINATED;
/* The officer jsmith records licensing-hearing training (completed
 * 2000-01-01) for each decision-maker or board member named, so that they
 * may sit; the list ends with NULL. */
void         docket_test_train         (const char *first_user,
                                        ...) G_GNUC_NULL_TERMINATED;
/* Every row of every table of the database in @state_dir, to show that a
 * refused call changed nothing. */
char        *docket_test_fingerprint   (const char *state_dir);

/* An a{sv} of string values from key, value, ..., NULL; a full reference. */
GVariant    *docket_test_record        (const char *first_key,
                                        ...) G_GNUC_NULL_TERMINATED;

/* TRUE when @needle occurs in the file @path. */
gboolean     docket_test_file_contains (const char *path,
                                        const char *needle);

G_END_DECLS
