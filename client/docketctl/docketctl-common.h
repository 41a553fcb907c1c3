/* What every docketctl subcommand shares: the bus, the proxies, output. */
#pragma once

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "docket-connection.h"

G_BEGIN_DECLS

typedef struct {
  DocketConnection  *connection;   /* connected on first use */
  const char        *as_user;      /* --as: ActAs once connected */
  const char        *host;         /* -H [USER@]HOST: the server's bus over SSH */
  gboolean           json;
  gboolean           session_bus;
  DocketProxies      proxies;      /* each made on first use */
} DocketCtl;

typedef int (*DocketCtlCommand) (DocketCtl *ctl, int argc, char **argv);

typedef struct {
  const char       *name;
  DocketCtlCommand  run;
  const char       *summary;
} DocketCtlVerb;

/* Exit codes: 0 done, 1 refused or failed, 2 bad usage. */
#define DOCKETCTL_EXIT_FAILED 1
#define DOCKETCTL_EXIT_USAGE  2

DocketDBusDrivers *docketctl_drivers (DocketCtl *ctl, GError **error);
DocketDBusUsers   *docketctl_users   (DocketCtl *ctl, GError **error);
DocketDBusAudit   *docketctl_audit   (DocketCtl *ctl, GError **error);
DocketDBusHearings *docketctl_hearings (DocketCtl *ctl, GError **error);
DocketDBusStatistics *docketctl_statistics (DocketCtl *ctl, GError **error);
DocketDBusCompliance *docketctl_compliance (DocketCtl *ctl, GError **error);
DocketDBusMaintenance *docketctl_maintenance (DocketCtl *ctl, GError **error);
DocketDBusTransfers *docketctl_transfers (DocketCtl *ctl, GError **error);

/* Whether docketd is on a server reached over SSH, where no file
 * descriptor can be passed: files then travel as transfers. */
gboolean docketctl_is_remote     (DocketCtl *ctl);
/* Uploads @fd (the file @path) for @purpose; the transfer, or 0. Shows
 * progress on a terminal. */
guint64  docketctl_upload        (DocketCtl *ctl, const char *purpose, int fd, const char *path,
                                  GError **error);
/* Writes download @transfer of @size bytes to @fd (the file @path). */
gboolean docketctl_download      (DocketCtl *ctl, guint64 transfer, guint64 size, int fd,
                                  const char *path, GError **error);

/* Parses a record number (hearing, case, register entry) from @text. */
gboolean docketctl_parse_id      (const char *what, const char *text, gint64 *out, GError **error);
/* Parses a whole number given to @option; leaves @out alone when @text is
 * NULL (the option was not given). */
gboolean docketctl_parse_count   (const char *option, const char *text, guint32 *out, GError **error);
/* Writes @data to @path, or to standard output when @path is "-". */
gboolean docketctl_write_file    (const char *path, GVariant *bytes, GError **error);
/* Prints each of @warnings as "docketctl: warning: ..." on stderr. */
void     docketctl_print_warnings (const char * const *warnings);

/* Prints "docketctl: MESSAGE" on one line and returns DOCKETCTL_EXIT_FAILED. */
int      docketctl_fail          (DocketCtl *ctl, const GError *error);
int      docketctl_usage         (const char *format, ...) G_GNUC_PRINTF (1, 2);
/* Runs @verbs[i] named by argv[0], or prints their list. */
int      docketctl_dispatch      (DocketCtl *ctl, const char *family,
                                  const DocketCtlVerb *verbs, int argc, char **argv);
/* Parses options; on error prints usage and returns FALSE. */
gboolean docketctl_parse         (GOptionContext *context, int *argc, char ***argv);
/* Parses options and exactly @n positional arguments; prints @usage when
 * the count is wrong. */
gboolean docketctl_parse_args    (GOptionContext *context, const GOptionEntry *entries,
                                  int *argc, char ***argv, int n, const char *usage);
/* Adds @value (when given) to @b under @key, refusing text that is not
 * UTF-8 with the name of @option. */
gboolean docketctl_add_text      (GVariantBuilder *b, const char *key, const char *option,
                                  const char *value, GError **error);
/* Refuses command-line text that is not UTF-8 before it reaches the bus. */
gboolean docketctl_check_utf8    (const char *option, const char *value, GError **error);

void     docketctl_print_json    (GVariant *value);
/* {"ok": true} with --json, else @message on its own line; returns 0. */
int      docketctl_print_done    (DocketCtl *ctl, const char *message);
/* aa{sv} @rows as JSON with --json, else as docketctl_print_table(). */
void     docketctl_print_rows    (DocketCtl *ctl, GVariant *rows, const char * const *columns,
                                  const char * const *headings);
/* a{sv} @record as JSON with --json, else as docketctl_print_fields(). */
void     docketctl_print_record  (DocketCtl *ctl, GVariant *record, const char * const *keys,
                                  const char * const *headings);
/* Prints aa{sv} @rows as a table of @columns (keys) under @headings. */
void     docketctl_print_table   (GVariant *rows, const char * const *columns,
                                  const char * const *headings);
/* Prints a{sv} @record as "Heading: value" lines for @keys. */
void     docketctl_print_fields  (GVariant *record, const char * const *keys,
                                  const char * const *headings);

G_END_DECLS
