/* The one error domain, shared over D-Bus as org.docket.Docket1.Error.*. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DOCKET_ERROR (docket_error_quark ())

typedef enum {
  DOCKET_ERROR_FAILED,
  DOCKET_ERROR_NOT_FOUND,
  DOCKET_ERROR_INVALID_ARGUMENT,
  DOCKET_ERROR_ACCESS_DENIED,
  DOCKET_ERROR_CONFLICT,
  DOCKET_ERROR_TAMPERED,
  DOCKET_ERROR_BUSY,
  DOCKET_ERROR_DAMAGED,
} DocketError;

GQuark       docket_error_quark        (void);
const char  *docket_error_to_dbus_name (DocketError code);
/* Sets @error to DOCKET_ERROR @code with a formatted message; returns FALSE,
 * so that a check can end with "return docket_error_set (...)". */
gboolean     docket_error_set          (GError     **error,
                                        DocketError  code,
                                        const char  *format,
                                        ...) G_GNUC_PRINTF (3, 4);
/* The same for a message that names the record it is about ("Case 4: ...",
 * "Licence PH-1: ..."): callers that would name it again do not. */
gboolean     docket_error_set_named    (GError     **error,
                                        DocketError  code,
                                        const char  *format,
                                        ...) G_GNUC_PRINTF (3, 4);
/* Prefixes @error's message with one that names its record. */
void         docket_error_prefix_named (GError     **error,
                                        const char  *format,
                                        ...) G_GNUC_PRINTF (2, 3);
/* Whether @error's message names its record already. */
gboolean     docket_error_names_record (const GError *error);
/* A message fit to show a person: without the remote-error prefix. */
char        *docket_error_message      (const GError *error);

G_END_DECLS
