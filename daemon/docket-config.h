/* docketd.conf: settings read at start-up; a setting that makes no sense
 * stops the daemon with its name. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char       *path;        /* the file read, or NULL when there was none */
  GHashTable *user_roles;  /* user name -> GUINT_TO_POINTER (role mask) */
  /* [hearings] */
  guint       notice_days;    /* a driver told of a hearing later than this is warned about */
  GStrv       bank_holidays;  /* YYYY-MM-DD, not working days for NR3S deadlines */
  /* [authority] */
  char       *authority_name;
  char       *authority_contact;
} DocketConfig;

#define DOCKET_DEFAULT_NOTICE_DAYS 14

/* Reads @path, or when NULL the first of $CONFIGURATION_DIRECTORY/docketd.conf
 * and SYSCONFDIR/docket/docketd.conf that exists; no file means defaults. */
DocketConfig *docket_config_load (const char   *path,
                                  GError      **error);
DocketConfig *docket_config_new_defaults (void);
void          docket_config_free (DocketConfig *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DocketConfig, docket_config_free)

G_END_DECLS
