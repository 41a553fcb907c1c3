/* The annual return: what the Department for Transport's taxi and private
 * hire survey and Freedom of Information requests ask a licensing
 * authority each year, counted from the records (docs/RECORDS.md). */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

/* The figures of @year: licensed drivers as at 1 April @year, and what
 * happened in the year to 31 March @year (1 April @year - 1 to 31 March
 * @year), in the council's dates. Returns a{sv}: year (u), as-at, from,
 * to (s), figures (aa{sv}: figure, group, label (s), value (u), and
 * share (d, a percentage) where the figure is a share). A year whose
 * 1 April is still to come is refused. Floating. */
GVariant *docket_annual_return        (DocketStore         *store,
                                       guint                year,
                                       GError             **error);
/* The same as csv or pdf (a table and a chart of the concerns behind
 * suspensions, revocations and refusals). Counts only: no one is named. */
GBytes   *docket_annual_return_render (DocketStore         *store,
                                       guint                year,
                                       const char          *format,
                                       GError             **error);
/* What @figure of @year counts: one row per licence, case, entry or
 * search behind it (licence, case (x, 0 for none), date, detail), no
 * names. An audited reading by @caller. Floating. */
GVariant *docket_annual_return_explain (DocketStore        *store,
                                        const DocketCaller *caller,
                                        guint               year,
                                        const char         *figure,
                                        GError            **error);

G_END_DECLS
