/* A driver's subject access export (UK GDPR Article 15). */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

/* What replaces a third party's name, marked [[like this]] in a note. */
#define DOCKET_WITHHELD_THIRD_PARTY "[withheld: a third party]"

/* @text with every span marked [[...]] replaced by the marker above (an
 * unclosed [[ withholds to the end); adds the spans withheld to
 * *@withheld. */
char     *docket_subject_access_redact (const char *text,
                                        guint      *withheld);
/* Everything held about the driver of @licence: the licence and its
 * sensitive fields, status history, convictions, notes (third parties
 * withheld), every case with its decisions, reasons, panel and effects,
 * compliance records, national register entries; and what the export is:
 * when, by whom, for what purpose, how much was withheld. One audited
 * reading ("driver.subject-access" with @purpose) before anything is
 * read; nothing is recorded when @purpose or @licence is wrong. */
GVariant *docket_subject_access_export (DocketStore        *store,
                                        const DocketCaller *caller,
                                        const char         *licence,
                                        const char         *purpose,
                                        GError            **error);

/* The same export as a PDF the council can send the driver (@format
 * "pdf"); the same one audited reading. */
GBytes   *docket_subject_access_document (DocketStore        *store,
                                          const DocketCaller *caller,
                                          const char         *licence,
                                          const char         *purpose,
                                          const char         *format,
                                          GError            **error);

G_END_DECLS
