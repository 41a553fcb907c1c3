/* The annual return, counted from the records. Every figure is one SQL
 * query whose rows are what it counts: the count is the number of rows,
 * and --explain shows the rows, so that each figure can be traced to the
 * licences and cases behind it. */
#include "config.h"

#include <string.h>

#include "docket-annual-return.h"
#include "docket-audit-store.h"
#include "docket-calendar.h"
#include "docket-config.h"
#include "docket-csv-writer.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-pdf.h"
#include "docket-validate.h"

/* The parameters of every query: ?1 and ?2 the first and last day of the
 * year to 31 March (council dates); ?3 and ?4 the moments (UTC, as
 * status_history stores them) 1 April @year and 1 April @year - 1 began
 * in the council's time zone; ?5 the first day an Update Service check
 * counts as current on 1 April; ?6 1 April @year. */

/* The licences held (active or suspended) as 1 April began: each
 * driver's last change of status before then; or, for a record made
 * later (entered or imported after the licence was issued), a licence
 * issued before then and held when the record was made. Either way not
 * past its expiry (which only moves later), even where docketd does not
 * mark licences expired ([policy] expire-licences). */
#define HELD \
  "FROM drivers d LEFT JOIN (SELECT driver_id, new_status, time AS at, max (id) FROM status_history " \
  "WHERE time < ?3 GROUP BY driver_id) s ON s.driver_id = d.id " \
  "WHERE (d.expires IS NULL OR d.expires >= ?6) AND (s.new_status IN ('active', 'suspended') OR " \
  "(s.driver_id IS NULL AND d.issued < ?6 AND (SELECT h.new_status FROM status_history h " \
  "WHERE h.driver_id = d.id ORDER BY h.id LIMIT 1) IN ('active', 'suspended')))"
#define HELD_ROWS "SELECT d.licence, 0, coalesce (s.at, d.issued), coalesce (s.new_status, 'held when the record was made') " HELD

/* Changes of status in the year. */
#define CHANGES(cond) \
  "SELECT d.licence, 0, h.time, coalesce (h.old_status, 'new') || ' to ' || h.new_status " \
  "FROM status_history h JOIN drivers d ON d.id = h.driver_id " \
  "WHERE h.time >= ?4 AND h.time < ?3 AND " cond

/* Cases decided in the year with @outcome, for @concern. */
#define DECIDED(outcome, concern) \
  "SELECT d.licence, c.id, c.decided, c.kind || ' case' FROM cases c JOIN drivers d ON d.id = c.driver_id " \
  "WHERE c.outcome = '" outcome "' AND c.decided BETWEEN ?1 AND ?2 AND coalesce (c.concern, 'other') = '" concern "'"

/* Adverse information (a conviction, caution, charge or arrest, an
 * intelligence note, a complaint) known on @date: the first day any was
 * recorded, kept on the stub when the schedule erases the record. */
#define ADVERSE_BY(date) \
  "min (coalesce (d.adverse_since, '9999'), " \
  "     coalesce ((SELECT min (substr (v.created, 1, 10)) FROM convictions v WHERE v.driver_id = d.id), '9999'), " \
  "     coalesce ((SELECT min (n.date) FROM notes n WHERE n.driver_id = d.id " \
  "                AND n.kind IN ('intelligence', 'complaint')), '9999')) <= " date

#define CONCERN_FIGURES(outcome) \
  { outcome ".sexual", outcome, "Sexual offences", DECIDED (outcome, "sexual") }, \
  { outcome ".violence", outcome, "Violence (including weapons)", DECIDED (outcome, "violence") }, \
  { outcome ".dishonesty", outcome, "Dishonesty", DECIDED (outcome, "dishonesty") }, \
  { outcome ".drugs", outcome, "Drugs", DECIDED (outcome, "drugs") }, \
  { outcome ".driving", outcome, "Driving and motoring", DECIDED (outcome, "driving") }, \
  { outcome ".safeguarding", outcome, "Safeguarding intelligence", DECIDED (outcome, "safeguarding") }, \
  { outcome ".other", outcome, "Other", DECIDED (outcome, "other") }

typedef struct {
  const char *key;
  const char *group;   /* the totals of a group add up its figures */
  const char *label;
  const char *sql;     /* NULL: the total of its group */
} Figure;

static const Figure figures[] = {
  { "drivers.hackney", "drivers", "Hackney carriage drivers", HELD_ROWS " AND d.kind = 'hackney'" },
  { "drivers.private-hire", "drivers", "Private hire drivers", HELD_ROWS " AND d.kind = 'private-hire'" },
  { "drivers.dual", "drivers", "Dual (both) drivers", HELD_ROWS " AND d.kind = 'dual'" },
  { "drivers.total", "drivers", "All licensed drivers", NULL },
  { "applications.received", "applications", "Applications received", CHANGES ("h.new_status = 'applicant'") },
  { "applications.granted", "applications", "Applications granted",
    CHANGES ("h.old_status = 'applicant' AND h.new_status = 'active'") },
  { "applications.refused", "applications", "Applications refused",
    CHANGES ("h.old_status = 'applicant' AND h.new_status = 'refused'") },
  CONCERN_FIGURES ("suspended"),
  { "suspended.training", "suspended", "Until safeguarding training is done (by docketd)",
    "SELECT d.licence, 0, t.suspended, 'training deadline passed' FROM training_holds t "
    "JOIN drivers d ON d.id = t.driver_id WHERE t.suspended BETWEEN ?1 AND ?2" },
  { "suspended.total", "suspended", "All suspensions", NULL },
  CONCERN_FIGURES ("revoked"),
  { "revoked.total", "revoked", "All revocations", NULL },
  CONCERN_FIGURES ("refused"),
  { "refused.total", "refused", "All refusals decided at a hearing", NULL },
  { "adverse.granted", "adverse", "New licences granted while adverse information was known",
    CHANGES ("h.old_status = 'applicant' AND h.new_status = 'active' AND " ADVERSE_BY ("substr (h.time, 1, 10)")) },
  { "adverse.renewed", "adverse", "Renewals decided at a hearing, granted while adverse information was known",
    "SELECT d.licence, c.id, c.decided, c.outcome FROM cases c JOIN drivers d ON d.id = c.driver_id "
    "WHERE c.kind = 'renewal' AND c.outcome IN ('granted', 'no-action', 'warning') "
    "AND c.decided BETWEEN ?1 AND ?2 AND " ADVERSE_BY ("c.decided") },
  { "nr3s.entries", "nr3s", "Entries made in the national register (NR3S)",
    "SELECT d.licence, r.case_id, r.recorded, r.decision FROM nr3s_entries r JOIN drivers d ON d.id = r.driver_id "
    "WHERE r.recorded BETWEEN ?1 AND ?2" },
  { "nr3s.searches", "nr3s", "Searches of the national register before a grant or renewal",
    "SELECT d.licence, 0, s.searched, s.result FROM nr3s_searches s JOIN drivers d ON d.id = s.driver_id "
    "WHERE s.searched BETWEEN ?1 AND ?2" },
  { "dbs.update-service", "dbs", "Licensed drivers checked on the DBS Update Service within the policy's months",
    HELD_ROWS " AND EXISTS (SELECT 1 FROM dbs_checks k WHERE k.driver_id = d.id AND k.kind = 'update-service' "
    "AND k.date >= ?5 AND k.date <= ?2)" },
};

static const struct { const char *group; const char *title; } groups[] = {
  { "drivers", "Licensed drivers as at 1 April" },
  { "applications", "Applications in the year" },
  { "suspended", "Suspensions in the year, by the offence or concern behind the decision" },
  { "revoked", "Revocations in the year, by the offence or concern behind the decision" },
  { "refused", "Refusals decided at a hearing in the year, by the offence or concern" },
  { "adverse", "Licences granted or renewed while adverse information was known" },
  { "nr3s", "The national register of refusals, revocations and suspensions" },
  { "dbs", "The DBS Update Service as at 1 April" },
};

typedef struct {
  guint  year;
  char  *from, *to;         /* council dates */
  char  *as_at_utc, *from_utc;
  char  *dbs_since;
  char  *as_at;
} Period;

static void
period_clear (Period *p)
{
  g_free (p->from);
  g_free (p->to);
  g_free (p->as_at_utc);
  g_free (p->from_utc);
  g_free (p->dbs_since);
  g_free (p->as_at);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Period, period_clear)

/* The moment 1 April of @year began in the council's time zone, as
 * status_history writes times. */
static char *
april_first_utc (guint year)
{
  g_autoptr(GDateTime) local = g_date_time_new (docket_calendar_get_time_zone (), (int) year, 4, 1, 0, 0, 0);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (local);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.000000Z");
}

static gboolean
period_init (DocketStore *store, guint year, Period *p, GError **error)
{
  const DocketConfig *config = docket_store_get_config (store);
  g_autofree char *today = docket_today ();
  g_autofree char *as_at = NULL;

  if (year < 2000 || year > 2200)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "Annual return: year %u: give a year from 2000 to 2200", year);
      return FALSE;
    }
  as_at = g_strdup_printf ("%04u-04-01", year);
  if (strcmp (as_at, today) > 0)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "Annual return: year %u: its figures are as at %s, which has not come yet; "
                   "the latest return is for %u", year, as_at,
                   (guint) g_ascii_strtoull (today, NULL, 10) - (strcmp (today + 5, "04-01") < 0 ? 1 : 0));
      return FALSE;
    }
  p->year = year;
  p->from = g_strdup_printf ("%04u-04-01", year - 1);
  p->to = g_strdup_printf ("%04u-03-31", year);
  p->as_at_utc = april_first_utc (year);
  p->from_utc = april_first_utc (year - 1);
  p->dbs_since = docket_date_add_months (as_at, -(int) config->dbs_update_months);
  p->as_at = g_steal_pointer (&as_at);
  return TRUE;
}

static DocketStmt *
prepare (DocketDb *db, const char *sql, const Period *p, GError **error)
{
  DocketStmt *stmt = docket_db_prepare (db, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, p->from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, p->to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, p->as_at_utc, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, p->from_utc, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, p->dbs_since, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, p->as_at, -1, SQLITE_TRANSIENT);
  return stmt;
}

/* The licences held by kind, and those checked on the Update Service, in
 * one pass: each of these figures alone reads the status history again
 * (about a quarter of a second at 200,000 drivers). The figures' own
 * queries, which --explain runs, count the same rows. */
static const char held_sql[] =
  "SELECT d.kind, count (*), sum (EXISTS (SELECT 1 FROM dbs_checks k WHERE k.driver_id = d.id "
  "AND k.kind = 'update-service' AND k.date >= ?5 AND k.date <= ?2)) " HELD " GROUP BY d.kind";

static gboolean
count_held (DocketDb *db, const Period *p, GHashTable *held, GError **error)
{
  g_autoptr(DocketStmt) stmt = prepare (db, held_sql, p, error);
  guint64 dbs = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_hash_table_insert (held, g_strdup_printf ("drivers.%s", docket_col_text (stmt, 0)),
                           GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 1)));
      dbs += (guint64) sqlite3_column_int64 (stmt, 2);
    }
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Counting the annual return", error);
  g_hash_table_insert (held, g_strdup ("dbs.update-service"), GSIZE_TO_POINTER ((gsize) dbs));
  return TRUE;
}

/* The value of every figure, in the order of figures[]. */
static gboolean
count_all (DocketStore *store, const Period *p, guint64 *values, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(GHashTable) held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!count_held (db, p, held, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_autofree char *sql = NULL;
      g_autoptr(DocketStmt) stmt = NULL;
      int rc;

      values[i] = 0;
      if (figures[i].sql != NULL &&
          (g_str_has_prefix (figures[i].key, "drivers.") || g_str_equal (figures[i].key, "dbs.update-service")))
        {
          values[i] = GPOINTER_TO_SIZE (g_hash_table_lookup (held, figures[i].key));
          continue;
        }
      if (figures[i].sql == NULL)
        {
          for (guint j = 0; j < i; j++)
            if (g_str_equal (figures[j].group, figures[i].group))
              values[i] += values[j];
          continue;
        }
      sql = g_strdup_printf ("SELECT count (*) FROM (%s)", figures[i].sql);
      stmt = prepare (db, sql, p, error);
      if (stmt == NULL)
        return FALSE;
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        return docket_db_set_error (db, rc, "Counting the annual return", error);
      values[i] = (guint64) sqlite3_column_int64 (stmt, 0);
    }
  return TRUE;
}

static guint64
value_of (const guint64 *values, const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    if (g_str_equal (figures[i].key, key))
      return values[i];
  return 0;
}

static double
dbs_share (const guint64 *values)
{
  guint64 held = value_of (values, "drivers.total");

  return held ? 100.0 * (double) value_of (values, "dbs.update-service") / (double) held : 0.0;
}

/* Begins a read transaction, so that the figures come from one snapshot
 * and agree; FALSE when one is open already. */
static gboolean
snapshot_begin (DocketDb *db)
{
  sqlite3 *handle = docket_db_get_handle (db);

  return sqlite3_get_autocommit (handle) && sqlite3_exec (handle, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

static void
snapshot_end (DocketDb *db, gboolean began)
{
  if (began)
    sqlite3_exec (docket_db_get_handle (db), "COMMIT", NULL, NULL, NULL);
}

static gboolean
compute (DocketStore *store, guint year, Period *p, guint64 *values, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  gboolean began, ok;

  if (!period_init (store, year, p, error))
    return FALSE;
  began = snapshot_begin (db);
  ok = count_all (store, p, values, error);
  snapshot_end (db, began);
  return ok;
}

GVariant *
docket_annual_return (DocketStore  *store,
                      guint         year,
                      GError      **error)
{
  g_auto(Period) p = { 0 };
  guint64 values[G_N_ELEMENTS (figures)];
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autofree char *as_at = g_strdup_printf ("%04u-04-01", year);

  if (!compute (store, year, &p, values, error))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_auto(GVariantBuilder) f = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

      docket_dict_add_text (&f, "figure", figures[i].key);
      docket_dict_add_text (&f, "group", figures[i].group);
      docket_dict_add_text (&f, "label", figures[i].label);
      g_variant_builder_add (&f, "{sv}", "value", g_variant_new_uint32 ((guint32) values[i]));
      if (g_str_equal (figures[i].key, "dbs.update-service"))
        g_variant_builder_add (&f, "{sv}", "share", g_variant_new_double (dbs_share (values)));
      g_variant_builder_add_value (&list, g_variant_builder_end (&f));
    }
  g_variant_builder_add (&b, "{sv}", "year", g_variant_new_uint32 (year));
  docket_dict_add_text (&b, "as-at", as_at);
  docket_dict_add_text (&b, "from", p.from);
  docket_dict_add_text (&b, "to", p.to);
  g_variant_builder_add (&b, "{sv}", "figures", g_variant_builder_end (&list));
  return g_variant_builder_end (&b);
}

static const Figure *
find_figure (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    if (g_str_equal (figures[i].key, key))
      return &figures[i];
  return NULL;
}

static gboolean
explain_rows (DocketDb *db, const Figure *f, const Period *p, GVariantBuilder *rows, guint *n, GError **error)
{
  g_autoptr(DocketStmt) stmt = NULL;
  int rc;

  if (f->sql == NULL)
    {
      for (const Figure *part = figures; part < f; part++)
        if (g_str_equal (part->group, f->group) && !explain_rows (db, part, p, rows, n, error))
          return FALSE;
      return TRUE;
    }
  stmt = prepare (db, f->sql, p, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) row = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      const char *date = docket_col_text (stmt, 2);
      g_autoptr(GDateTime) moment = date && strchr (date, 'T') ? g_date_time_new_from_iso8601 (date, NULL) : NULL;
      g_autofree char *local = moment ? docket_local_date (moment) : g_strdup (date);

      docket_dict_add_text (&row, "figure", f->key);
      docket_dict_add_text (&row, "licence", docket_col_text (stmt, 0));
      g_variant_builder_add (&row, "{sv}", "case", g_variant_new_int64 (sqlite3_column_int64 (stmt, 1)));
      docket_dict_add_text (&row, "date", local);
      docket_dict_add_text (&row, "detail", docket_col_text (stmt, 3));
      g_variant_builder_add_value (rows, g_variant_builder_end (&row));
      (*n)++;
    }
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Explaining the annual return", error);
  return TRUE;
}

GVariant *
docket_annual_return_explain (DocketStore        *store,
                              const DocketCaller *caller,
                              guint               year,
                              const char         *figure,
                              GError            **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) rows = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_auto(Period) p = { 0 };
  const Figure *f = figure ? find_figure (figure) : NULL;
  g_autofree char *object = g_strdup_printf ("annual-return-%u", year);
  g_autofree char *summary = NULL;
  guint n = 0;
  gboolean began, ok;

  if (f == NULL)
    {
      g_autoptr(GString) known = g_string_new (NULL);
      for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
        g_string_append_printf (known, "%s%s", i ? ", " : "", figures[i].key);
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "Annual return: figure '%s' is not one of %s", figure ? figure : "", known->str);
      return NULL;
    }
  if (!period_init (store, year, &p, error))
    return NULL;
  /* Who looked behind which figure is recorded, and durable, first. */
  summary = g_strdup_printf ("explained figure %s", f->key);
  if (!docket_store_begin_write (store, error))
    return NULL;
  if (!docket_store_end (store, docket_audit_store_append (store, caller->user, "statistics.explain", object,
                                                           summary, error), error))
    return NULL;
  began = snapshot_begin (db);
  ok = explain_rows (db, f, &p, &rows, &n, error);
  snapshot_end (db, began);
  if (!ok)
    return NULL;
  return g_variant_builder_end (&rows);
}

/* Rendering -------------------------------------------------------------- */

static GBytes *
render_csv (const guint64 *values, const Period *p)
{
  GString *out = g_string_new (NULL);
  g_autofree char *year = g_strdup_printf ("%u", p->year);

  for (const char * const *h = (const char * const[]) { "year", "group", "figure", "label", "value", "share", NULL };
       *h; h++)
    docket_csv_append_field (out, *h, h[1] == NULL);
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_autofree char *value = g_strdup_printf ("%" G_GUINT64_FORMAT, values[i]);
      g_autofree char *share = g_str_equal (figures[i].key, "dbs.update-service")
                               ? g_strdup_printf ("%.1f", dbs_share (values)) : g_strdup ("");

      docket_csv_append_field (out, year, FALSE);
      docket_csv_append_field (out, figures[i].group, FALSE);
      docket_csv_append_field (out, figures[i].key, FALSE);
      docket_csv_append_field (out, figures[i].label, FALSE);
      docket_csv_append_field (out, value, FALSE);
      docket_csv_append_field (out, share, TRUE);
    }
  return g_string_free_to_bytes (out);
}

static const double bar_colours[][3] = {
  { 0.99, 0.60, 0.20 },  /* suspended */
  { 0.79, 0.10, 0.11 },  /* revoked */
  { 0.40, 0.40, 0.80 },  /* refused */
};

/* Bars of suspensions, revocations and refusals for each concern. */
static void
draw_concern_chart (Pdf *pdf, const guint64 *values)
{
  static const char * const outcomes[] = { "suspended", "revoked", "refused" };
  static const char * const legend[] = { "Suspended", "Revoked", "Refused" };
  double label_w = 150, bar_h = 8, row_h = 3 * bar_h + 10;
  double x0 = pdf->margin + label_w, w = pdf->width - 2 * pdf->margin - label_w - 30;
  guint64 max = 1;

  for (guint c = 0; c < DOCKET_N_CONCERNS; c++)
    for (guint o = 0; o < G_N_ELEMENTS (outcomes); o++)
      {
        g_autofree char *key = g_strdup_printf ("%s.%s", outcomes[o], docket_concern_names[c]);
        max = MAX (max, value_of (values, key));
      }
  pdf_need (pdf, DOCKET_N_CONCERNS * row_h + 40);
  for (guint o = 0; o < G_N_ELEMENTS (outcomes); o++)
    {
      cairo_set_source_rgb (pdf->cr, bar_colours[o][0], bar_colours[o][1], bar_colours[o][2]);
      cairo_rectangle (pdf->cr, x0 + o * 90, pdf->y + 2, 10, 8);
      cairo_fill (pdf->cr);
      cairo_set_source_rgb (pdf->cr, 0, 0, 0);
      pdf_draw_text (pdf, legend[o], "Sans 8", x0 + o * 90 + 14, pdf->y, 70, PANGO_ALIGN_LEFT);
    }
  pdf->y += 18;
  for (guint c = 0; c < DOCKET_N_CONCERNS; c++)
    {
      const Figure *f = NULL;
      g_autofree char *key = g_strdup_printf ("suspended.%s", docket_concern_names[c]);

      f = find_figure (key);
      pdf_draw_text (pdf, f->label, "Sans 8", pdf->margin, pdf->y + bar_h / 2, label_w - 8, PANGO_ALIGN_RIGHT);
      for (guint o = 0; o < G_N_ELEMENTS (outcomes); o++)
        {
          g_autofree char *k = g_strdup_printf ("%s.%s", outcomes[o], docket_concern_names[c]);
          guint64 v = value_of (values, k);
          g_autofree char *n = g_strdup_printf ("%" G_GUINT64_FORMAT, v);
          double len = w * (double) v / (double) max;

          cairo_set_source_rgb (pdf->cr, bar_colours[o][0], bar_colours[o][1], bar_colours[o][2]);
          cairo_rectangle (pdf->cr, x0, pdf->y + o * bar_h, len, bar_h - 1);
          cairo_fill (pdf->cr);
          cairo_set_source_rgb (pdf->cr, 0, 0, 0);
          if (v > 0)
            pdf_draw_text (pdf, n, "Sans 6", x0 + len + 3, pdf->y + o * bar_h - 1, 40, PANGO_ALIGN_LEFT);
        }
      pdf->y += row_h;
    }
  pdf->y += 10;
}

static GBytes *
render_pdf (DocketStore *store, const guint64 *values, const Period *p, GError **error)
{
  const DocketConfig *config = docket_store_get_config (store);
  g_autofree char *title = g_strdup_printf ("Annual return %u", p->year);
  g_autofree char *footer = g_strdup_printf ("%s — annual return %u — counts only, no one is named",
                                             config->authority_name, p->year);
  g_autofree char *intro = g_strdup_printf (
      "%s. Licensed drivers as at 1 April %u; everything else in the year from %s to %s (the council's "
      "dates). Every figure is counted from Docket's records and can be traced to the licences and cases "
      "behind it with docketctl stats --annual %u --explain FIGURE.",
      config->authority_name, p->year, p->from, p->to, p->year);
  Pdf pdf;

  pdf_begin (&pdf, 595, 842, title, footer, NULL);
  pdf_paragraph (&pdf, title, "Sans Bold 16", 6);
  pdf_paragraph (&pdf, intro, "Sans 9", 12);
  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      pdf_need (&pdf, 60);
      pdf_paragraph (&pdf, groups[g].title, "Sans Bold 10", 4);
      for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
        {
          g_autofree char *value = NULL;

          if (!g_str_equal (figures[i].group, groups[g].group))
            continue;
          value = g_str_equal (figures[i].key, "dbs.update-service")
                  ? g_strdup_printf ("%" G_GUINT64_FORMAT " (%.1f%%)", values[i], dbs_share (values))
                  : g_strdup_printf ("%" G_GUINT64_FORMAT, values[i]);
          {
            const char *font = figures[i].sql ? "Sans 9" : "Sans Bold 9";
            g_autoptr(PangoLayout) label = pdf_layout (&pdf, figures[i].label, font, 290);
            int h = 0;

            pango_layout_get_pixel_size (label, NULL, &h);
            pdf_need (&pdf, MAX (h, 13));
            cairo_move_to (pdf.cr, pdf.margin + 10, pdf.y);
            pango_cairo_show_layout (pdf.cr, label);
            pdf_draw_text (&pdf, value, font, pdf.margin + 300, pdf.y, 60, PANGO_ALIGN_RIGHT);
            pdf_draw_text (&pdf, figures[i].key, "Sans 7", pdf.margin + 370, pdf.y + 2, 125, PANGO_ALIGN_LEFT);
            pdf.y += MAX (h, 13) + 1;
          }
        }
      pdf.y += 8;
      if (g_str_equal (groups[g].group, "refused"))
        {
          pdf_need (&pdf, DOCKET_N_CONCERNS * 34 + 60);
          pdf_paragraph (&pdf, "The offences and concerns behind suspensions, revocations and refusals",
                         "Sans Bold 10", 6);
          draw_concern_chart (&pdf, values);
        }
    }
  return pdf_end (&pdf, error);
}

GBytes *
docket_annual_return_render (DocketStore  *store,
                             guint         year,
                             const char   *format,
                             GError      **error)
{
  g_auto(Period) p = { 0 };
  guint64 values[G_N_ELEMENTS (figures)];

  if (g_strcmp0 (format, "csv") != 0 && g_strcmp0 (format, "pdf") != 0)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "Annual return: format '%s' is not one of csv, pdf", format ? format : "");
      return NULL;
    }
  if (!compute (store, year, &p, values, error))
    return NULL;
  if (g_str_equal (format, "csv"))
    return render_csv (values, &p);
  return render_pdf (store, values, &p, error);
}
