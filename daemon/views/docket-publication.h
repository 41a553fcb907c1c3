/* The record of decisions that may be published (Openness of Local
 * Government Bodies Regulations 2014, regs 7 and 8): each decision's date,
 * outcome, reasons, the alternatives considered, the declarations of
 * interest and any dispensation, with the driver's identity withheld. */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

/* Decisions made from @query's from to to (dates, both required), the
 * current version of each, surrenders and withdrawals left out: aa{sv}
 * of reference, case (x), date, hearing-date, kind, licence-kind,
 * decided-by, decision, reasons, alternatives, declarations, votes,
 * corrected (b). With format csv or html, @document_out holds the
 * document too (otherwise empty). Reading the reasons is recorded in the
 * audit log before it is done. */
GVariant *docket_publication_list (DocketStore         *store,
                                   const DocketCaller  *caller,
                                   GVariant            *query,
                                   GBytes             **document_out,
                                   GError             **error);

/* @text with every whole-word occurrence of each of @identifiers
 * (case-insensitive) replaced by "[withheld]". */
char     *docket_publication_redact (const char         *text,
                                     const char * const *identifiers);

G_END_DECLS
