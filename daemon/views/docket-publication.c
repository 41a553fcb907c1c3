/* The record of decisions that may be published (Openness of Local
 * Government Bodies Regulations 2014, regs 7 and 8), with the driver's
 * identity withheld as exempt information (Local Government Act 1972,
 * Schedule 12A, paras 1 and 2). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "docket-audit-store.h"
#include "docket-csv-writer.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-input.h"
#include "docket-publication.h"
#include "docket-user-store.h"
#include "docket-validate.h"

#define col_text  docket_col_text
#define col_int64 docket_col_int64

#define WITHHELD "[withheld]"

/* A hyphen ends a word: "Law-Smith" holds the name "Law". */
static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c);
}

/* The length in bytes of @needle matched at @p, case-insensitively in any
 * script, or 0; with @skip_spaces (an identity number) spaces in the text
 * between its characters are passed over ("AB 12 34 56 C"). */
static gsize
match_at (const char *p, const char *needle, gboolean skip_spaces)
{
  const char *t = p;

  for (const char *n = needle; *n; n = g_utf8_next_char (n))
    {
      if (skip_spaces && t != p)
        while (*t == ' ')
          t++;
      if (*t == '\0' || g_unichar_tolower (g_utf8_get_char (t)) != g_unichar_tolower (g_utf8_get_char (n)))
        return 0;
      t = g_utf8_next_char (t);
    }
  return (gsize) (t - p);
}

static char *
nfc (const char *text)
{
  char *out = g_utf8_validate (text, -1, NULL) ? g_utf8_normalize (text, -1, G_NORMALIZE_NFC) : NULL;
  return out ? out : g_strdup (text);
}

char *
docket_publication_redact (const char         *text,
                           const char * const *identifiers)
{
  GString *out;

  if (text == NULL)
    return NULL;
  {
    g_autofree char *normal = nfc (text);
    out = g_string_new (normal);
  }
  for (guint i = 0; identifiers[i]; i++)
    {
      g_autofree char *needle = nfc (identifiers[i]);
      g_autofree char *compact = NULL;
      gboolean number = strpbrk (needle, "0123456789") != NULL;
      gsize at = 0;

      g_strstrip (needle);
      if (g_utf8_strlen (needle, -1) < 2)
        continue;
      if (number)
        {
          /* Identity numbers are matched without their spaces. */
          GString *c = g_string_new (NULL);
          for (const char *q = needle; *q; q++)
            if (*q != ' ')
              g_string_append_c (c, *q);
          compact = g_string_free (c, FALSE);
        }
      while (at < out->len)
        {
          const char *p = out->str + at;
          gboolean starts = at == 0 || !is_word_char (g_utf8_get_char (g_utf8_find_prev_char (out->str, p)));
          gsize n = starts ? match_at (p, number ? compact : needle, number) : 0;

          if (n > 0 && (at + n == out->len || !is_word_char (g_utf8_get_char (p + n))))
            {
              g_string_erase (out, (gssize) at, (gssize) n);
              g_string_insert (out, (gssize) at, WITHHELD);
              at += strlen (WITHHELD);
            }
          else
            at += (gsize) (g_utf8_next_char (p) - p);
        }
    }
  return g_string_free (out, FALSE);
}

static char *
long_date (const char *iso)
{
  static const char * const months[] = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
  };
  int y, m, d;

  if (iso == NULL || sscanf (iso, "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12)
    return g_strdup (iso ? iso : "");
  return g_strdup_printf ("%d %s %d", d, months[m - 1], y);
}

static char *
decision_text (const char *kind, const char *outcome, const char *until, gboolean immediate)
{
  g_autofree char *until_long = long_date (until);
  const char *base;
  gboolean renewal = g_strcmp0 (kind, "renewal") == 0;

  if (g_str_equal (outcome, "granted"))
    base = renewal ? "Licence renewed" : "Licence granted";
  else if (g_str_equal (outcome, "refused"))
    base = renewal ? "Renewal refused" : "Application refused";
  else if (g_str_equal (outcome, "no-action"))
    base = "No action";
  else if (g_str_equal (outcome, "warning"))
    base = "Written warning";
  else if (g_str_equal (outcome, "deferred"))
    base = "Deferred to a later hearing";
  else if (g_str_equal (outcome, "suspended"))
    return g_strdup_printf ("Licence suspended until %s%s", until_long,
                            immediate ? ", with immediate effect in the interests of public safety" : "");
  else if (g_str_equal (outcome, "revoked"))
    return g_strdup_printf ("Licence revoked%s",
                            immediate ? ", with immediate effect in the interests of public safety" : "");
  else
    base = outcome;
  return g_strdup (base);
}

/* Who decided: the decision-maker, or the panel present. */
static char *
decided_by (DocketDb *db, gint64 hearing, const char *mode, const char *dm, GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *chair = docket_user_store_full_name (dm);
  g_autoptr(DocketStmt) stmt = NULL;
  int rc;

  if (g_strcmp0 (mode, "panel") != 0)
    return g_strdup_printf ("%s (decision-maker)", chair);
  g_string_append_printf (out, "Panel: %s (chair)", chair);
  stmt = docket_db_prepare (db, "SELECT user FROM hearing_members WHERE hearing_id = ? AND role = 'board-member' "
                            "AND present = 1 ORDER BY user", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, hearing);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *name = docket_user_store_full_name (col_text (stmt, 0));
      g_string_append_printf (out, ", %s", name);
    }
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Reading the panel", error), NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The declarations of interest: who, what kind, any dispensation; the
 * interest itself is withheld (it would identify the driver). */
static char *
declarations (DocketDb *db, gint64 case_id, const char * const *identifiers, GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT user, prejudicial, dispensation FROM case_members WHERE case_id = ? AND interest IS NOT NULL "
      "ORDER BY user", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *name = docket_user_store_full_name (col_text (stmt, 0));
      if (out->len)
        g_string_append (out, "; ");
      if (col_text (stmt, 2) != NULL)
        {
          g_autofree char *dispensation = docket_publication_redact (col_text (stmt, 2), identifiers);
          g_string_append_printf (out, "%s declared a prejudicial interest and took part under a dispensation: %s",
                                  name, dispensation);
        }
      else if (sqlite3_column_int (stmt, 1))
        g_string_append_printf (out, "%s declared a prejudicial interest and took no part", name);
      else
        g_string_append_printf (out, "%s declared an interest that was not prejudicial", name);
    }
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Reading declarations", error), NULL;
  if (out->len == 0)
    g_string_append (out, "None");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The words that identify the driver of the current row of @stmt
 * (columns from @col: full_name, licence, badge, ni_number, dvla_number,
 * driver id). */
static GStrv
identifiers_of (DocketStore *store, sqlite3_stmt *stmt, int col, GError **error)
{
  static const char * const secret_cols[] = { "ni_number", "dvla_number" };
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) words = g_strsplit_set (col_text (stmt, col), " \t", -1);
  gint64 driver = col_int64 (stmt, col + 5);

  g_strv_builder_add (b, col_text (stmt, col));
  for (guint i = 0; words[i]; i++)
    if (g_utf8_strlen (words[i], -1) >= 2)
      g_strv_builder_add (b, words[i]);
  g_strv_builder_add (b, col_text (stmt, col + 1));
  if (col_text (stmt, col + 2))
    g_strv_builder_add (b, col_text (stmt, col + 2));
  for (guint i = 0; i < G_N_ELEMENTS (secret_cols); i++)
    {
      g_autoptr(GError) local = NULL;
      g_autofree char *what = g_strdup_printf ("Licence %s: %s", col_text (stmt, col + 1), secret_cols[i]);
      g_autoptr(DocketSecret) plain = docket_store_decrypt_column (store, stmt, col + 3 + (int) i, "drivers",
                                                                   secret_cols[i], driver, what, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      if (plain != NULL)
        g_strv_builder_add (b, plain);
    }
  return g_strv_builder_end (b);
}

static char *
decrypt_redacted (DocketStore *store, sqlite3_stmt *stmt, int col, const char *column, gint64 id,
                  gint64 case_id, const char * const *identifiers, GError **error)
{
  g_autofree char *what = g_strdup_printf ("Case %" G_GINT64_FORMAT ": %s", case_id, column);
  g_autoptr(GError) local = NULL;
  g_autoptr(DocketSecret) plain = docket_store_decrypt_column (store, stmt, col, "decisions", column, id, what,
                                                               &local);

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return plain ? docket_publication_redact (plain, identifiers) : g_strdup ("");
}

static const char * const record_keys[] = {
  "reference", "date", "hearing-date", "kind", "licence-kind", "decided-by", "decision", "reasons",
  "alternatives", "declarations", "votes", NULL,
};
static const char * const record_headings[] = {
  "Reference", "Date of decision", "Hearing", "Matter", "Licence", "Decided by", "Decision", "Reasons",
  "Alternatives considered and rejected", "Declarations of interest and dispensations", "Votes", NULL,
};

static gboolean
add_record (DocketStore *store, GVariantBuilder *list, sqlite3_stmt *stmt, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) r = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  gint64 case_id = col_int64 (stmt, 0), decision = col_int64 (stmt, 13);
  const char *kind = col_text (stmt, 1);
  g_auto(GStrv) ids = identifiers_of (store, stmt, 6, error);
  g_autofree char *reference = NULL, *by = NULL, *what = NULL, *reasons = NULL, *alternatives = NULL;
  g_autofree char *decl = NULL;

  if (ids == NULL)
    return FALSE;
  reasons = decrypt_redacted (store, stmt, 19, "reasons", decision, case_id, (const char * const *) ids, error);
  if (reasons == NULL)
    return FALSE;
  alternatives = decrypt_redacted (store, stmt, 20, "alternatives", decision, case_id,
                                   (const char * const *) ids, error);
  if (alternatives == NULL)
    return FALSE;
  by = decided_by (db, col_int64 (stmt, 2), col_text (stmt, 4), col_text (stmt, 5), error);
  decl = by ? declarations (db, case_id, (const char * const *) ids, error) : NULL;
  if (decl == NULL)
    return FALSE;
  reference = g_strdup_printf ("Case %" G_GINT64_FORMAT, case_id);
  what = decision_text (kind, col_text (stmt, 15), col_text (stmt, 17), sqlite3_column_int (stmt, 18) != 0);
  g_variant_builder_add (&r, "{sv}", "reference", g_variant_new_string (reference));
  g_variant_builder_add (&r, "{sv}", "case", g_variant_new_int64 (case_id));
  g_variant_builder_add (&r, "{sv}", "date", g_variant_new_string (col_text (stmt, 16)));
  g_variant_builder_add (&r, "{sv}", "hearing-date", g_variant_new_string (col_text (stmt, 3)));
  g_variant_builder_add (&r, "{sv}", "kind", g_variant_new_string (
      g_str_equal (kind, "review") ? "Review of a licence" : g_str_equal (kind, "renewal")
                                                             ? "Renewal of a licence" : "Application for a licence"));
  g_variant_builder_add (&r, "{sv}", "licence-kind", g_variant_new_string (
      g_str_equal (col_text (stmt, 12), "hackney") ? "Hackney carriage driver"
      : g_str_equal (col_text (stmt, 12), "private-hire") ? "Private hire driver" : "Dual driver"));
  g_variant_builder_add (&r, "{sv}", "decided-by", g_variant_new_string (by));
  g_variant_builder_add (&r, "{sv}", "decision", g_variant_new_string (what));
  g_variant_builder_add (&r, "{sv}", "reasons", g_variant_new_string (reasons));
  g_variant_builder_add (&r, "{sv}", "alternatives", g_variant_new_string (*alternatives ? alternatives : "None recorded"));
  g_variant_builder_add (&r, "{sv}", "declarations", g_variant_new_string (decl));
  g_variant_builder_add (&r, "{sv}", "votes", g_variant_new_string (col_text (stmt, 21) ? col_text (stmt, 21) : ""));
  g_variant_builder_add (&r, "{sv}", "corrected", g_variant_new_boolean (sqlite3_column_int (stmt, 14) > 1));
  g_variant_builder_add_value (list, g_variant_builder_end (&r));
  return TRUE;
}

static GBytes *
render_csv (GVariant *records)
{
  g_autoptr(GString) out = g_string_new (NULL);
  GVariantIter iter;
  GVariant *r;

  for (guint i = 0; record_keys[i]; i++)
    docket_csv_append_field (out, record_keys[i], record_keys[i + 1] == NULL);
  g_variant_iter_init (&iter, records);
  while ((r = g_variant_iter_next_value (&iter)))
    {
      for (guint i = 0; record_keys[i]; i++)
        {
          const char *v = "";
          g_variant_lookup (r, record_keys[i], "&s", &v);
          docket_csv_append_field (out, v, record_keys[i + 1] == NULL);
        }
      g_variant_unref (r);
    }
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

static GBytes *
render_html (GVariant *records, const char *authority, const char *from, const char *to)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *from_l = long_date (from), *to_l = long_date (to);
  g_autofree char *who = g_markup_escape_text (authority ? authority : "The licensing authority", -1);
  GVariantIter iter;
  GVariant *r;

  g_string_append_printf (out,
      "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>%s: record of licensing decisions, %s to %s</title>\n"
      "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}"
      "section{border-top:1px solid #999;padding-top:.5em;margin-top:1.5em}"
      "dt{font-weight:bold;margin-top:.5em}dd{margin-left:0}</style>\n</head>\n<body>\n"
      "<h1>Record of taxi and private hire driver licensing decisions</h1>\n"
      "<p>%s, decisions made from %s to %s, published under the Openness of Local Government "
      "Bodies Regulations 2014, regulations 7 and 8. Details that would identify the driver are "
      "withheld as exempt information (Local Government Act 1972, Schedule 12A, paragraphs 1 and 2) "
      "and shown as %s.</p>\n", who, from_l, to_l, who, from_l, to_l, WITHHELD);
  g_variant_iter_init (&iter, records);
  while ((r = g_variant_iter_next_value (&iter)))
    {
      const char *ref = "";
      g_variant_lookup (r, "reference", "&s", &ref);
      g_string_append_printf (out, "<section>\n<h2>%s</h2>\n<dl>\n", ref);
      for (guint i = 1; record_keys[i]; i++)
        {
          const char *v = "";
          g_autofree char *shown = NULL, *escaped = NULL;
          g_variant_lookup (r, record_keys[i], "&s", &v);
          if (*v == '\0')
            continue;
          shown = g_str_has_suffix (record_keys[i], "date") ? long_date (v) : g_strdup (v);
          escaped = g_markup_escape_text (shown, -1);
          g_string_append_printf (out, "<dt>%s</dt><dd>%s</dd>\n", record_headings[i], escaped);
        }
      g_string_append (out, "</dl>\n</section>\n");
      g_variant_unref (r);
    }
  g_string_append (out, "</body>\n</html>\n");
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

GVariant *
docket_publication_list (DocketStore         *store,
                         const DocketCaller  *caller,
                         GVariant            *query,
                         GBytes             **document_out,
                         GError             **error)
{
  static const char * const keys[] = { "from", "to", "format", NULL };
  static const char * const formats[] = { "csv", "html", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autofree char *from = NULL, *to = NULL, *summary = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  g_autoptr(GVariant) records = NULL;
  int format = -1, rc;

  *document_out = NULL;
  if (!docket_validate_keys (query, keys, error) ||
      !docket_input_date (query, "from", NULL, DOCKET_INPUT_NONE, &from, error) ||
      !docket_input_date (query, "to", NULL, DOCKET_INPUT_NONE, &to, error) ||
      !docket_input_enum (query, "format", NULL, formats, &format, error))
    return NULL;
  if (from == NULL || to == NULL)
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "from and to are required: the first "
                             "and last days of the decisions"), NULL;
  if (strcmp (from, to) > 0)
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "from %s is after to %s", from, to), NULL;

  /* The reasons are read to be published: recorded before they are. */
  summary = g_strdup_printf ("the public record of decisions from %s to %s%s%s", from, to,
                             format >= 0 ? " as " : " (preview)", format >= 0 ? formats[format] : "");
  if (!docket_store_begin_write (store, error))
    return NULL;
  if (!docket_audit_store_append (store, caller->user, format >= 0 ? "decisions.publish" : "decisions.preview",
                                  "decisions", summary, error) ||
      !docket_store_commit (store, error))
    {
      docket_store_rollback (store);
      return NULL;
    }

  stmt = docket_db_prepare (db,
      "SELECT c.id, c.kind, c.hearing_id, h.date, h.mode, h.decision_maker, "
      "d.full_name, d.licence, d.badge, d.ni_number, d.dvla_number, d.id, d.kind, "
      "dec.id, dec.version, dec.outcome, dec.decided, dec.suspend_until, dec.immediate, dec.reasons, "
      "dec.alternatives, dec.tally FROM cases c "
      "JOIN decisions dec ON dec.case_id = c.id AND dec.version = c.version "
      "JOIN hearings h ON h.id = c.hearing_id JOIN drivers d ON d.id = c.driver_id "
      "WHERE c.outcome NOT IN ('surrendered', 'withdrawn') AND dec.decided BETWEEN ?1 AND ?2 "
      "ORDER BY dec.decided, c.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!add_record (store, &list, stmt, error))
      return NULL;
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Reading decisions", error), NULL;
  records = g_variant_ref_sink (g_variant_builder_end (&list));
  if (format == 0)
    *document_out = render_csv (records);
  else if (format == 1)
    *document_out = render_html (records, docket_store_get_config (store)->authority_name, from, to);
  return g_steal_pointer (&records);
}
