/* The rest of the NR3S duties (2022 Act): s.3 requests for information
 * from other authorities, answered within 20 working days; s.5 concerns
 * about drivers licensed elsewhere, passed on within 10 working days. */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

#define DOCKET_NR3S_REQUEST_WORKING_DAYS 20
#define DOCKET_NR3S_CONCERN_WORKING_DAYS 10

/* @duty keys: kind (request or concern), authority (the other licensing
 * authority), subject (the driver concerned: name and licence), details,
 * opened (the day the request was received, or the council became aware
 * of the concern; default today). Returns its id, or -1. */
gint64    docket_register_duty_add    (DocketStore         *store,
                                       const DocketCaller  *caller,
                                       GVariant            *duty,
                                       GError             **error);
/* Records duty @id done (answered, or passed on) on @date. */
gboolean  docket_register_duty_close  (DocketStore         *store,
                                       const DocketCaller  *caller,
                                       gint64               id,
                                       const char          *date,
                                       GError             **error);
/* Open duties first, by deadline: id, kind, authority, subject, opened,
 * deadline, closed, overdue (b). @query: kind (s), open (b), overdue (b). */
GVariant *docket_register_duty_list   (DocketStore         *store,
                                       GVariant            *query,
                                       GError             **error);

/* A search of the national register before a grant (see
 * docket-register-searches.h), for the driver of @licence, in its own
 * transaction; the id, -1 on error. */
gint64     docket_register_search_add        (DocketStore         *store,
                                              const DocketCaller  *caller,
                                              const char          *licence,
                                              GVariant            *search,
                                              GError             **error);
GVariant  *docket_register_search_for_licence (DocketStore        *store,
                                               const char         *licence,
                                               GError            **error);

G_END_DECLS
