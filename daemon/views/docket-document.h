/* Documents docketd produces: the statement of decision and the report of
 * decisions, as plain text, CSV or PDF (cairo and Pango). */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

/* The statement of decision for a decided case, @format "text" or "pdf"
 * (with "-as-given": as it was when given, without the day it was given),
 * in the council's template (docket-templates.h); @template_id, when not
 * NULL, says which. The reading of the reasons is audited as @caller. */
GBytes   *docket_document_notice      (DocketStore         *store,
                                       const DocketCaller  *caller,
                                       gint64               case_id,
                                       const char          *format,
                                       char               **template_id,
                                       GError             **error);

/* The notice of a case's hearing, @format "text" or "pdf", in the
 * council's template: the date, time and place, the grounds, the driver's
 * rights. The reading of the grounds is audited as @caller. */
GBytes   *docket_document_hearing_notice (DocketStore        *store,
                                          const DocketCaller *caller,
                                          gint64              case_id,
                                          const char         *format,
                                          GError            **error);

/* The columns of the record of decisions, in order, as named in JSON and
 * CSV. */
extern const char * const docket_statistics_columns[];

/* @query: from, to (YYYY-MM), by (hearing or month). @rows is aa{sv} and
 * @totals a{sv}. */
/* Counts the record of decisions again from the cases and compares it
 * with the counts kept: a{sv} with agree (b), hearings and cases counted
 * (u), differences (as: each hearing or month that does not agree). */
GVariant *docket_statistics_check     (DocketStore         *store,
                                       GError             **error);
gboolean  docket_statistics_get       (DocketStore         *store,
                                       GVariant            *query,
                                       GVariant           **rows,
                                       GVariant           **totals,
                                       GError             **error);
/* @format "csv" or "pdf" (the table and a bar chart of outcomes per
 * month). */
GBytes   *docket_statistics_render    (DocketStore         *store,
                                       GVariant            *query,
                                       const char          *format,
                                       GError             **error);

G_END_DECLS
