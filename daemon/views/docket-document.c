/* Documents docketd produces: the statement of decision and the report of
 * decisions, as plain text, CSV or PDF. */
#include "config.h"

#include <string.h>

#include "docket-document.h"
#include "docket-pdf.h"
#include "docket-csv-writer.h"
#include "docket-decision-effect.h"
#include "docket-hearing-view.h"
#include "docket-enums.h"
#include "docket-templates.h"
#include "docket-user-store.h"
#include "docket-error.h"
#include "docket-validate.h"

/* A document of headed sections, shared by the text and PDF forms. */
typedef struct {
  gboolean  heading;
  char     *text;
} Block;

static void
block_clear (gpointer p)
{
  g_free (((Block *) p)->text);
}

static void
add_block (GArray *blocks, gboolean heading, char *text)
{
  Block b = { heading, text };
  g_array_append_val (blocks, b);
}

/* The statement of decision ------------------------------------------------ */

static const char *
lookup (GVariant *dict, const char *key)
{
  const char *v = NULL;
  if (dict == NULL || !g_variant_lookup (dict, key, "&s", &v))
    return NULL;
  return v;
}

static char *
outcome_sentence (const char *outcome, const char *kind, GVariant *decision)
{
  if (g_str_equal (outcome, "granted"))
    return g_strdup_printf ("The %s is granted. The licence is active and expires on %s.",
                            g_str_equal (kind, "renewal") ? "renewal" : "application",
                            lookup (decision, "expires"));
  if (g_str_equal (outcome, "refused"))
    return g_strdup_printf ("The %s is refused.",
                            g_str_equal (kind, "renewal") ? "renewal of the licence" : "application");
  if (g_str_equal (outcome, "no-action"))
    return g_strdup ("No action is taken against the licence.");
  if (g_str_equal (outcome, "warning"))
    return g_strdup ("A formal warning is issued. The licence continues.");
  if (g_str_equal (outcome, "suspended"))
    return g_strdup_printf ("The licence is suspended until %s.", lookup (decision, "until"));
  if (g_str_equal (outcome, "revoked"))
    return g_strdup ("The licence is revoked.");
  if (g_str_equal (outcome, "deferred"))
    return g_strdup ("The case is deferred to a later hearing.");
  if (g_str_equal (outcome, "surrendered"))
    return g_strdup ("The driver surrendered the licence at the hearing; no decision was required.");
  return g_strdup ("The council withdrew the case.");
}

static char *
effect_paragraph (const char *outcome, GVariant *decision, const char *notice_sent)
{
  gboolean immediate = FALSE;
  const char *decided = lookup (decision, "decided");
  const char *noun = g_str_equal (outcome, "suspended") ? "suspension" : "revocation";
  g_autoptr(GString) s = g_string_new (NULL);

  g_variant_lookup (decision, "immediate", "b", &immediate);
  if (g_str_equal (outcome, "suspended") || g_str_equal (outcome, "revoked"))
    {
      if (immediate)
        g_string_append_printf (s, "The %s takes effect immediately, %s%s, in the interests of "
                                "public safety (section 61(2B) of the Local Government "
                                "(Miscellaneous Provisions) Act 1976). The reasons for immediate "
                                "effect: %s", noun,
                                notice_sent ? "on " : "when this statement is given to you",
                                notice_sent ? notice_sent : "", lookup (decision, "justification"));
      else if (notice_sent != NULL)
        {
          g_autofree char *due = docket_date_add_days (notice_sent, DOCKET_APPEAL_DAYS);
          g_string_append_printf (s, "The %s takes effect on %s, %d days after this statement "
                                  "was given to you on %s, unless you appeal by then. If you "
                                  "appeal, it takes effect when the appeal is decided or "
                                  "withdrawn.", noun, due, DOCKET_APPEAL_DAYS, notice_sent);
        }
      else
        g_string_append_printf (s, "The %s takes effect %d days after this statement is given "
                                "to you, unless you appeal within that time. If you appeal, it "
                                "takes effect when the appeal is decided or withdrawn.",
                                noun, DOCKET_APPEAL_DAYS);
      if (g_str_equal (outcome, "suspended"))
        g_string_append_printf (s, " The suspension ends on %s.", lookup (decision, "until"));
    }
  else if (g_str_equal (outcome, "refused"))
    g_string_append_printf (s, "The refusal has effect from the date of the decision, %s.", decided);
  else if (g_str_equal (outcome, "granted"))
    g_string_append_printf (s, "The licence is active from %s.", decided);
  else
    g_string_append (s, "The decision does not change the licence.");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* The board members of @panel, and their declarations of interest. */
static void
panel_text (GVariant *panel, GString *board, GString *declarations)
{
  for (gsize i = 0; panel && i < g_variant_n_children (panel); i++)
    {
      g_autoptr(GVariant) m = g_variant_get_child_value (panel, i);
      gboolean prejudicial = FALSE;
      const char *interest = lookup (m, "interest");

      g_variant_lookup (m, "prejudicial", "b", &prejudicial);
      if (g_strcmp0 (lookup (m, "role"), "board-member") == 0)
        {
          g_autofree char *name = docket_user_store_full_name (lookup (m, "user"));
          g_string_append_printf (board, "%s%s", board->len ? ", " : "", name);
        }
      if (interest != NULL && lookup (m, "dispensation") != NULL)
        g_string_append_printf (declarations, "%s%s declared: %s (a prejudicial interest: took part under a "
                                "dispensation: %s)", declarations->len ? "\n" : "", lookup (m, "user"), interest,
                                lookup (m, "dispensation"));
      else if (interest != NULL)
        g_string_append_printf (declarations, "%s%s declared: %s%s", declarations->len ? "\n" : "",
                                lookup (m, "user"), interest,
                                prejudicial ? " (a prejudicial interest: took no part in this case)" : "");
    }
}

static char *
who_text (GVariant *c, GVariant *decision, const char *mode, GString *board)
{
  g_autofree char *dm = docket_user_store_full_name (lookup (c, "decision-maker"));

  if (g_strcmp0 (mode, "panel") == 0)
    return g_strdup_printf ("Decided by a panel chaired by %s (members: %s); votes: %s.",
                            dm, board->len ? board->str : "none",
                            lookup (decision, "tally") ? lookup (decision, "tally") : "none recorded");
  return g_strdup_printf ("Decided by %s, the licensing decision-maker%s%s.", dm,
                          board->len ? ", advised by board members " : "", board->str);
}

static GArray *
notice_blocks (DocketStore *store, GVariant *c, DocketTemplate *t, gboolean as_given, GError **error)
{
  const DocketConfig *config = docket_store_get_config (store);
  g_autoptr(GArray) blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  g_autoptr(GVariant) decisions = g_variant_lookup_value (c, "decisions", G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(GVariant) panel = g_variant_lookup_value (c, "panel", G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(GVariant) decision = NULL;
  g_autoptr(GString) declarations = g_string_new (NULL);
  g_autoptr(GString) board = g_string_new (NULL);
  const char *outcome = lookup (c, "outcome");
  const char *kind = lookup (c, "kind");
  const char *attendance = lookup (c, "attendance");
  const char *mode = lookup (c, "mode");
  g_autofree char *who = NULL, *corrected = NULL, *sentence = NULL, *sent = NULL;
  g_autofree char *case_text = NULL, *days = NULL;
  const char *values[16] = { NULL };
  const char *notice_sent;
  gint64 id = 0, hearing = 0;
  guint32 version = 0;
  gsize n;

  g_array_set_clear_func (blocks, block_clear);
  g_variant_lookup (c, "id", "x", &id);
  g_variant_lookup (c, "hearing", "x", &hearing);
  n = decisions ? g_variant_n_children (decisions) : 0;
  if (n == 0 || g_str_equal (outcome, "pending"))
    {
      docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Case %" G_GINT64_FORMAT " is not decided: there is no statement of decision yet",
                          id);
      return NULL;
    }
  decision = g_variant_get_child_value (decisions, n - 1);
  g_variant_lookup (decision, "version", "u", &version);

  panel_text (panel, board, declarations);

  case_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  days = g_strdup_printf ("%d", DOCKET_APPEAL_DAYS);
  {
    const char * const v[] = {
      "authority", config->authority_name, "contact", config->authority_contact, "case", case_text,
      "licence", lookup (c, "licence"), "name", lookup (c, "name"), "appeal_days", days,
      "decided", lookup (decision, "decided"), NULL,
    };
    G_STATIC_ASSERT (sizeof v <= sizeof values);
    memcpy (values, v, sizeof v);
    add_block (blocks, TRUE, docket_template_text (t, "title", values));
    add_block (blocks, FALSE, docket_template_text (t, "preamble", values));
  }
  who = who_text (c, decision, mode, board);
  if (version > 1)
    corrected = g_strdup_printf (" This is version %u of the decision, corrected: %s", version,
                                 lookup (decision, "correction"));
  sentence = outcome_sentence (outcome, kind, decision);
  notice_sent = as_given ? NULL : lookup (c, "notice-sent");
  sent = notice_sent ? g_strdup_printf ("given to the driver on %s", notice_sent)
                                   : g_strdup ("not yet given to the driver");

  add_block (blocks, TRUE, g_strdup ("The case"));
  add_block (blocks, FALSE, g_strdup_printf (
      "Case %" G_GINT64_FORMAT ": %s of %s licence %s, %s.\n"
      "Heard on %s at %s, %s (hearing %" G_GINT64_FORMAT ").\n"
      "%s\n%s",
      id, g_str_equal (kind, "review") ? "review" : kind,
      g_str_equal (kind, "application") ? "an application for" : "the",
      lookup (c, "licence"), lookup (c, "name"),
      lookup (c, "hearing-date"), lookup (c, "hearing-time"), lookup (c, "venue"), hearing,
      who,
      attendance == NULL ? "Attendance was not recorded."
      : g_str_equal (attendance, "attended") ? "The driver attended the hearing."
      : g_str_equal (attendance, "represented") ? "The driver was represented at the hearing."
      : "The driver did not attend the hearing; the case was heard in the driver's absence."));

  add_block (blocks, TRUE, g_strdup ("The decision"));
  add_block (blocks, FALSE, g_strdup_printf ("%s\nDate of the decision: %s.%s", sentence,
                                             lookup (decision, "decided"),
                                             corrected ? corrected : ""));
  if (lookup (decision, "reasons"))
    {
      add_block (blocks, TRUE, g_strdup ("Reasons"));
      add_block (blocks, FALSE, g_strdup (lookup (decision, "reasons")));
    }
  if (lookup (decision, "alternatives"))
    {
      add_block (blocks, TRUE, g_strdup ("Alternatives considered and rejected"));
      add_block (blocks, FALSE, g_strdup (lookup (decision, "alternatives")));
    }
  add_block (blocks, TRUE, g_strdup ("Declarations of interest"));
  add_block (blocks, FALSE, g_strdup (declarations->len ? declarations->str : "None were declared."));

  if (docket_outcome_needs_decision (docket_enum_from_string (docket_outcome_names, outcome)) &&
      !g_str_equal (outcome, "deferred"))
    {
      add_block (blocks, TRUE, g_strdup ("When the decision takes effect"));
      add_block (blocks, FALSE, effect_paragraph (outcome, decision, notice_sent));
    }
  if (g_str_equal (outcome, "refused") || g_str_equal (outcome, "suspended") ||
      g_str_equal (outcome, "revoked"))
    {
      g_autofree char *appeal = docket_template_text (t, "appeal", values);
      g_autofree char *held = docket_template_text (t, "appeal-held", values);

      add_block (blocks, TRUE, g_strdup ("Your right of appeal"));
      add_block (blocks, FALSE, g_strdup_printf ("%s%s%s", appeal,
                                                 !g_str_equal (outcome, "refused") && *held ? " " : "",
                                                 !g_str_equal (outcome, "refused") ? held : ""));
    }
  {
    g_autofree char *enquiries = docket_template_text (t, "enquiries", values);
    g_autofree char *closing = docket_template_text (t, "closing", values);

    add_block (blocks, TRUE, g_strdup ("Enquiries"));
    add_block (blocks, FALSE, g_strdup_printf ("%s\nThis statement was %s.", enquiries, sent));
    if (*closing != '\0')
      add_block (blocks, FALSE, g_steal_pointer (&closing));
  }
  return g_steal_pointer (&blocks);
}

/* @blocks as text (the title underlined) or as an A4 PDF whose creation
 * date is @created (so the same document is the same bytes). */
static GBytes *
render_blocks (GArray *blocks, const char *format, const char *title, const char *footer, const char *created,
               GError **error)
{
  if (g_str_equal (format, "text"))
    {
      g_autoptr(GString) s = g_string_new (NULL);
      for (guint i = 0; i < blocks->len; i++)
        {
          Block *b = &g_array_index (blocks, Block, i);
          if (b->heading && i > 0)
            g_string_append_c (s, '\n');
          g_string_append_printf (s, "%s\n", b->text);
          if (b->heading && i == 0)
            g_string_append_printf (s, "%.*s\n", (int) strlen (b->text), "==================================");
        }
      return g_string_free_to_bytes (g_steal_pointer (&s));
    }
  else
    {
      Pdf pdf;

      pdf_begin (&pdf, 595, 842, title, footer, created);
      for (guint i = 0; i < blocks->len; i++)
        {
          Block *b = &g_array_index (blocks, Block, i);
          if (i == 0)
            pdf_paragraph (&pdf, b->text, "Sans Bold 16", 6);
          else if (b->heading)
            {
              pdf_need (&pdf, 40);  /* keep a heading with its text */
              pdf_paragraph (&pdf, b->text, "Sans Bold 11", 3);
            }
          else
            pdf_paragraph (&pdf, b->text, "Serif 10.5", 10);
        }
      return pdf_end (&pdf, error);
    }
}

static gboolean
check_format (gint64 case_id, const char *format, GError **error)
{
  if (g_str_equal (format, "text") || g_str_equal (format, "pdf"))
    return TRUE;
  return docket_error_set_named (error, DOCKET_ERROR_INVALID_ARGUMENT, "Case %" G_GINT64_FORMAT ": format '%s' "
                                 "is not text or pdf", case_id, g_utf8_validate (format, -1, NULL) ? format : "?");
}

GBytes *
docket_document_notice (DocketStore         *store,
                        const DocketCaller  *caller,
                        gint64               case_id,
                        const char          *format,
                        char               **template_id,
                        GError             **error)
{
  g_autoptr(GVariant) c = NULL;
  g_autoptr(GArray) blocks = NULL;
  g_autoptr(DocketTemplate) t = NULL;
  g_autoptr(GVariant) decisions = NULL, last = NULL;
  g_autofree char *footer = NULL, *created = NULL, *plain = NULL;
  gboolean as_given;

  /* "-as-given": the statement as it was when given (without the day it
   * was given), whose hash the case keeps. */
  as_given = g_str_has_suffix (format, "-as-given");
  plain = as_given ? g_strndup (format, strlen (format) - strlen ("-as-given")) : g_strdup (format);
  if (!check_format (case_id, plain, error))
    return NULL;
  t = docket_template_load (docket_store_get_config (store), "statement-of-decision", error);
  if (t == NULL)
    return NULL;
  c = docket_hearing_view_case (store, caller, case_id, TRUE, error);
  if (c == NULL)
    return NULL;
  blocks = notice_blocks (store, c, t, as_given, error);
  if (blocks == NULL)
    return NULL;
  if (template_id != NULL)
    *template_id = g_strdup (docket_template_id (t));
  decisions = g_variant_lookup_value (c, "decisions", G_VARIANT_TYPE ("aa{sv}"));
  last = g_variant_get_child_value (decisions, g_variant_n_children (decisions) - 1);
  created = g_strdup_printf ("%sT00:00:00", lookup (last, "decided"));
  footer = g_strdup_printf ("Statement of decision, case %" G_GINT64_FORMAT, case_id);
  return render_blocks (blocks, plain, "Statement of decision", footer, created, error);
}

GBytes *
docket_document_hearing_notice (DocketStore         *store,
                                const DocketCaller  *caller,
                                gint64               case_id,
                                const char          *format,
                                GError             **error)
{
  const DocketConfig *config = docket_store_get_config (store);
  g_autoptr(GVariant) c = NULL;
  g_autoptr(GArray) blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  g_autoptr(DocketTemplate) t = NULL;
  g_autofree char *footer = NULL, *created = NULL, *case_text = NULL, *days = NULL, *enquiries = NULL;
  g_autofree char *closing = NULL;
  const char *kind, *matter;

  g_array_set_clear_func (blocks, block_clear);
  if (!check_format (case_id, format, error))
    return NULL;
  t = docket_template_load (config, "notice-of-hearing", error);
  if (t == NULL)
    return NULL;
  c = docket_hearing_view_case (store, caller, case_id, TRUE, error);
  if (c == NULL)
    return NULL;
  kind = lookup (c, "kind");
  matter = g_str_equal (kind, "application") ? "application for a licence"
         : g_str_equal (kind, "renewal") ? "renewal" : "review";
  case_text = g_strdup_printf ("%" G_GINT64_FORMAT, case_id);
  days = g_strdup_printf ("%u", config->notice_days);
  {
    const char * const values[] = {
      "authority", config->authority_name, "contact", config->authority_contact, "case", case_text,
      "licence", lookup (c, "licence"), "name", lookup (c, "name"), "matter", matter,
      "hearing_date", lookup (c, "hearing-date"), "hearing_time", lookup (c, "hearing-time"),
      "venue", lookup (c, "venue"), "notice_days", days, NULL,
    };
    add_block (blocks, TRUE, docket_template_text (t, "title", values));
    add_block (blocks, FALSE, docket_template_text (t, "preamble", values));
    add_block (blocks, TRUE, g_strdup ("The hearing"));
    add_block (blocks, FALSE, docket_template_text (t, "summons", values));
    add_block (blocks, TRUE, g_strdup ("Why the case is heard"));
    add_block (blocks, FALSE, g_strdup (lookup (c, "grounds")));
    add_block (blocks, TRUE, g_strdup ("Your rights"));
    add_block (blocks, FALSE, docket_template_text (t, "rights", values));
    enquiries = docket_template_text (t, "enquiries", values);
    closing = docket_template_text (t, "closing", values);
  }
  add_block (blocks, TRUE, g_strdup ("Enquiries"));
  add_block (blocks, FALSE, g_steal_pointer (&enquiries));
  if (*closing != '\0')
    add_block (blocks, FALSE, g_steal_pointer (&closing));
  created = g_strdup_printf ("%sT00:00:00", lookup (c, "hearing-date"));
  footer = g_strdup_printf ("Notice of hearing, case %" G_GINT64_FORMAT, case_id);
  return render_blocks (blocks, format, "Notice of hearing", footer, created, error);
}

/* The record of decisions ---------------------------------------------------- */

const char * const docket_statistics_columns[] = {
  "listed", "did_not_attend", "deferred", "granted", "refused", "no_action", "suspended",
  "revoked", "warnings", "surrendered", "withdrawn", "pending", NULL,
};
#define N_COLUMNS 12

static const char * const column_headings[] = {
  "Listed", "Did not attend", "Deferred", "Granted", "Refused", "No action", "Suspended",
  "Revoked", "Warnings", "Surrendered", "Withdrawn", "Pending",
};

typedef struct {
  gint64  hearing;
  char   *label;     /* the hearing date or the month */
  guint32 v[N_COLUMNS];
} StatRow;

static void
stat_row_clear (gpointer p)
{
  g_free (((StatRow *) p)->label);
}

static gboolean
parse_month (const char *key, const char *value, int *year, int *month, GError **error)
{
  if (value == NULL || strlen (value) != 7 || value[4] != '-' ||
      !g_ascii_isdigit (value[0]) || !g_ascii_isdigit (value[1]) || !g_ascii_isdigit (value[2]) ||
      !g_ascii_isdigit (value[3]) || !g_ascii_isdigit (value[5]) || !g_ascii_isdigit (value[6]))
    {
      g_autofree char *shown = value ? g_utf8_make_valid (value, -1) : g_strdup ("");
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "Statistics: %s '%s' is not a month of the form YYYY-MM", key, shown);
      return FALSE;
    }
  *year = (int) g_ascii_strtoull (value, NULL, 10);
  *month = (int) g_ascii_strtoull (value + 5, NULL, 10);
  if (*month < 1 || *month > 12 || *year < 1900 || *year > 2200)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "Statistics: %s %s is not a valid month", key, value);
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  int      from_y, from_m, to_y, to_m;
  gboolean by_month;
  char    *from;
  char    *to;
} StatQuery;

static void
stat_query_clear (StatQuery *q)
{
  g_clear_pointer (&q->from, g_free);
  g_clear_pointer (&q->to, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StatQuery, stat_query_clear)

static gboolean
parse_query (GVariant *query, StatQuery *q, GError **error)
{
  g_autofree char *today = docket_today ();
  GVariantIter iter;
  const char *key;
  GVariant *value_in;

  /* Defaults: the twelve months to this one, per hearing. */
  q->to_y = (int) g_ascii_strtoull (today, NULL, 10);
  q->to_m = (int) g_ascii_strtoull (today + 5, NULL, 10);
  q->from_y = q->to_m == 12 ? q->to_y : q->to_y - 1;
  q->from_m = q->to_m == 12 ? 1 : q->to_m + 1;

  g_variant_iter_init (&iter, query);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value_in))
    {
      g_autoptr(GVariant) value = value_in;
      const char *s = g_variant_is_of_type (value, G_VARIANT_TYPE_STRING)
                      ? g_variant_get_string (value, NULL) : NULL;

      if (s == NULL)
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "Statistics: %s must be a string", key);
          return FALSE;
        }
      if (g_str_equal (key, "from"))
        {
          if (!parse_month (key, s, &q->from_y, &q->from_m, error))
            return FALSE;
        }
      else if (g_str_equal (key, "to"))
        {
          if (!parse_month (key, s, &q->to_y, &q->to_m, error))
            return FALSE;
        }
      else if (g_str_equal (key, "by"))
        {
          if (!g_str_equal (s, "hearing") && !g_str_equal (s, "month"))
            {
              g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                           "Statistics: by '%s' is not hearing or month",
                           g_utf8_validate (s, -1, NULL) ? s : "?");
              return FALSE;
            }
          q->by_month = g_str_equal (s, "month");
        }
      else
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "Statistics: unknown query key '%s'; use from, to or by", key);
          return FALSE;
        }
    }
  if (q->from_y * 12 + q->from_m > q->to_y * 12 + q->to_m)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "Statistics: from %04d-%02d is after to %04d-%02d",
                   q->from_y, q->from_m, q->to_y, q->to_m);
      return FALSE;
    }
  if ((q->to_y * 12 + q->to_m) - (q->from_y * 12 + q->from_m) >= 12 * 50)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "Statistics: a range of more than 50 years is refused");
      return FALSE;
    }
  q->from = g_strdup_printf ("%04d-%02d", q->from_y, q->from_m);
  q->to = g_strdup_printf ("%04d-%02d", q->to_y, q->to_m);
  return TRUE;
}

/* The rows per hearing, or per month (every month of the range, with
 * zeros where nothing was heard), read from the counts schema 006 keeps
 * (stats_hearings, stats_months): the cost follows the rows asked for, not
 * the history. */
static GArray *
compute (DocketStore *store, const StatQuery *q, StatRow *totals, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (StatRow));
  g_autofree char *first = g_strdup_printf ("%s-01", q->from);
  g_autofree char *last = g_strdup_printf ("%s-31", q->to);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, q->by_month
      ? "SELECT 0, month, listed, did_not_attend, deferred, granted, refused, no_action, suspended, revoked, "
        "warnings, surrendered, withdrawn, pending FROM stats_months WHERE month >= ?1 AND month <= ?2 ORDER BY month"
      : "SELECT hearing_id, date, listed, did_not_attend, deferred, granted, refused, no_action, suspended, revoked, "
        "warnings, surrendered, withdrawn, pending FROM stats_hearings WHERE date >= ?1 AND date <= ?2 "
        "ORDER BY date, hearing_id", error);
  int rc;

  g_array_set_clear_func (rows, stat_row_clear);
  memset (totals, 0, sizeof *totals);
  totals->label = g_strdup ("total");
  if (stmt == NULL)
    return NULL;

  if (q->by_month)
    for (int ym = q->from_y * 12 + q->from_m - 1; ym <= q->to_y * 12 + q->to_m - 1; ym++)
      {
        StatRow r = { 0 };
        r.label = g_strdup_printf ("%04d-%02d", ym / 12, ym % 12 + 1);
        g_array_append_val (rows, r);
      }

  sqlite3_bind_text (stmt, 1, q->by_month ? q->from : first, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, q->by_month ? q->to : last, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *date = (const char *) sqlite3_column_text (stmt, 1);
      StatRow *target;

      if (q->by_month)
        {
          int y = (int) g_ascii_strtoull (date, NULL, 10);
          int m = (int) g_ascii_strtoull (date + 5, NULL, 10);
          target = &g_array_index (rows, StatRow, (y * 12 + m) - (q->from_y * 12 + q->from_m));
        }
      else
        {
          StatRow r = { 0 };
          r.hearing = (gint64) sqlite3_column_int64 (stmt, 0);
          r.label = g_strdup (date);
          g_array_append_val (rows, r);
          target = &g_array_index (rows, StatRow, rows->len - 1);
        }
      for (int i = 0; i < N_COLUMNS; i++)
        {
          guint32 v = (guint32) sqlite3_column_int64 (stmt, 2 + i);
          target->v[i] += v;
          totals->v[i] += v;
        }
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Counting decisions", error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* What differs between the counts kept and a count from scratch
 * (stats_recount): each hearing and month that does not agree. */
static const char check_sql[] =
  "WITH recount AS (SELECT * FROM stats_recount), "
  "months AS (SELECT substr(date, 1, 7) AS month, SUM(listed), SUM(did_not_attend), SUM(deferred), SUM(granted), "
  "  SUM(refused), SUM(no_action), SUM(suspended), SUM(revoked), SUM(warnings), SUM(surrendered), SUM(withdrawn), "
  "  SUM(pending) FROM recount GROUP BY 1 HAVING SUM(listed) > 0), "
  "kept AS (SELECT * FROM stats_months WHERE listed != 0 OR did_not_attend != 0 OR deferred != 0 OR granted != 0 "
  "  OR refused != 0 OR no_action != 0 OR suspended != 0 OR revoked != 0 OR warnings != 0 OR surrendered != 0 "
  "  OR withdrawn != 0 OR pending != 0) "
  "SELECT 'hearing ' || hearing_id || ' of ' || date FROM (SELECT * FROM stats_hearings EXCEPT SELECT * FROM recount) "
  "UNION SELECT 'hearing ' || hearing_id || ' of ' || date FROM (SELECT * FROM recount EXCEPT SELECT * FROM stats_hearings) "
  "UNION SELECT 'month ' || month FROM (SELECT * FROM kept EXCEPT SELECT * FROM months) "
  "UNION SELECT 'month ' || month FROM (SELECT * FROM months EXCEPT SELECT * FROM kept) "
  "ORDER BY 1";

GVariant *
docket_statistics_check (DocketStore *store, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_auto(GVariantBuilder) differences = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_STRING_ARRAY);
  g_autoptr(DocketStmt) diff = docket_db_prepare (db, check_sql, error);
  g_autoptr(DocketStmt) sizes = NULL;
  guint n = 0;
  int rc;

  if (diff == NULL)
    return NULL;
  while ((rc = sqlite3_step (diff)) == SQLITE_ROW)
    {
      g_variant_builder_add (&differences, "s", (const char *) sqlite3_column_text (diff, 0));
      n++;
    }
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Counting decisions again", error), NULL;
  sizes = docket_db_prepare (db, "SELECT COUNT(*), COALESCE(SUM(listed), 0) FROM stats_recount", error);
  if (sizes == NULL)
    return NULL;
  if ((rc = sqlite3_step (sizes)) != SQLITE_ROW)
    return docket_db_set_error (db, rc, "Counting decisions again", error), NULL;
  g_variant_builder_add (&b, "{sv}", "agree", g_variant_new_boolean (n == 0));
  g_variant_builder_add (&b, "{sv}", "hearings", g_variant_new_uint32 ((guint32) sqlite3_column_int64 (sizes, 0)));
  g_variant_builder_add (&b, "{sv}", "cases", g_variant_new_uint32 ((guint32) sqlite3_column_int64 (sizes, 1)));
  g_variant_builder_add (&b, "{sv}", "differences", g_variant_builder_end (&differences));
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

static GVariant *
row_variant (const StatRow *r, gboolean by_month, gboolean is_total)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  if (!is_total)
    {
      if (by_month)
        g_variant_builder_add (&b, "{sv}", "month", g_variant_new_string (r->label));
      else
        {
          g_variant_builder_add (&b, "{sv}", "hearing", g_variant_new_int64 (r->hearing));
          g_variant_builder_add (&b, "{sv}", "date", g_variant_new_string (r->label));
        }
    }
  for (int i = 0; i < N_COLUMNS; i++)
    g_variant_builder_add (&b, "{sv}", docket_statistics_columns[i], g_variant_new_uint32 (r->v[i]));
  return g_variant_builder_end (&b);
}

gboolean
docket_statistics_get (DocketStore  *store,
                       GVariant     *query,
                       GVariant    **rows_out,
                       GVariant    **totals_out,
                       GError      **error)
{
  g_auto(StatQuery) q = { 0 };
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(GArray) rows = NULL;
  StatRow totals;

  if (!parse_query (query, &q, error))
    return FALSE;
  rows = compute (store, &q, &totals, error);
  if (rows == NULL)
    {
      g_free (totals.label);
      return FALSE;
    }
  for (guint i = 0; i < rows->len; i++)
    g_variant_builder_add_value (&list, row_variant (&g_array_index (rows, StatRow, i), q.by_month, FALSE));
  *rows_out = g_variant_ref_sink (g_variant_builder_end (&list));
  *totals_out = g_variant_ref_sink (row_variant (&totals, q.by_month, TRUE));
  g_free (totals.label);
  return TRUE;
}

static void
csv_row (GString *out, const char *first, const char *second, const StatRow *r)
{
  docket_csv_append_field (out, first, FALSE);
  if (second)
    docket_csv_append_field (out, second, FALSE);
  for (int i = 0; i < N_COLUMNS; i++)
    {
      char num[16];
      g_snprintf (num, sizeof num, "%u", r->v[i]);
      docket_csv_append_field (out, num, i == N_COLUMNS - 1);
    }
}

/* Outcome colours for the chart, in the order of the outcome columns
 * (deferred to pending). */
static const double chart_colours[][3] = {
  { 0.60, 0.60, 0.60 },  /* deferred */
  { 0.20, 0.63, 0.17 },  /* granted */
  { 0.89, 0.47, 0.20 },  /* refused */
  { 0.65, 0.81, 0.89 },  /* no action */
  { 0.99, 0.75, 0.44 },  /* suspended */
  { 0.79, 0.10, 0.11 },  /* revoked */
  { 0.95, 0.89, 0.30 },  /* warnings */
  { 0.42, 0.24, 0.60 },  /* surrendered */
  { 0.40, 0.40, 0.80 },  /* withdrawn */
  { 0.85, 0.85, 0.85 },  /* pending */
};


static void
draw_table_header (Pdf *pdf, gboolean by_month, double first_w, double col_w)
{
  const char *font = "Sans Bold 6.5";

  pdf_draw_text (pdf, by_month ? "Month" : "Hearing", font, pdf->margin, pdf->y, first_w, PANGO_ALIGN_LEFT);
  for (int i = 0; i < N_COLUMNS; i++)
    pdf_draw_text (pdf, column_headings[i], font, pdf->margin + first_w + i * col_w, pdf->y, col_w - 2,
               PANGO_ALIGN_RIGHT);
  pdf->y += 24;
  cairo_move_to (pdf->cr, pdf->margin, pdf->y - 2);
  cairo_line_to (pdf->cr, pdf->width - pdf->margin, pdf->y - 2);
  cairo_set_line_width (pdf->cr, 0.6);
  cairo_stroke (pdf->cr);
}

static void
draw_table (Pdf *pdf, GArray *rows, const StatRow *totals, gboolean by_month)
{
  double first_w = 70;
  double col_w = (pdf->width - 2 * pdf->margin - first_w) / N_COLUMNS;
  double row_h = 13;

  pdf_need (pdf, 24 + row_h * 2);
  draw_table_header (pdf, by_month, first_w, col_w);
  for (guint r = 0; r <= rows->len; r++)
    {
      gboolean total = r == rows->len;
      const StatRow *row = total ? totals : &g_array_index (rows, StatRow, r);
      const char *font = total ? "Sans Bold 7.5" : "Sans 7.5";

      if (pdf->y + row_h > pdf->height - pdf->margin)
        {
          pdf_new_page (pdf);
          draw_table_header (pdf, by_month, first_w, col_w);
        }
      if (total)
        {
          cairo_move_to (pdf->cr, pdf->margin, pdf->y);
          cairo_line_to (pdf->cr, pdf->width - pdf->margin, pdf->y);
          cairo_set_line_width (pdf->cr, 0.6);
          cairo_stroke (pdf->cr);
        }
      pdf_draw_text (pdf, total ? "Total" : row->label, font, pdf->margin, pdf->y + 1, first_w,
                 PANGO_ALIGN_LEFT);
      for (int i = 0; i < N_COLUMNS; i++)
        {
          char num[16];
          g_snprintf (num, sizeof num, "%u", row->v[i]);
          pdf_draw_text (pdf, num, font, pdf->margin + first_w + i * col_w, pdf->y + 1, col_w - 2,
                     PANGO_ALIGN_RIGHT);
        }
      pdf->y += row_h;
    }
  pdf->y += 14;
}

/* A stacked bar per month of the outcomes decided at its hearings. */
static void
draw_chart (Pdf *pdf, GArray *months)
{
  double chart_h = 230, legend_h = 30;
  double x0 = pdf->margin + 30, w = pdf->width - 2 * pdf->margin - 30;
  double top, base, slot, bar;
  guint32 max = 1;

  pdf_need (pdf, chart_h + legend_h + 40);
  pdf_draw_text (pdf, "Outcomes per month", "Sans Bold 11", pdf->margin, pdf->y, w, PANGO_ALIGN_LEFT);
  pdf->y += 20;
  top = pdf->y;
  base = top + chart_h;
  for (guint i = 0; i < months->len; i++)
    {
      StatRow *r = &g_array_index (months, StatRow, i);
      max = MAX (max, r->v[0]);  /* listed = the sum of the outcomes */
    }
  /* Gridlines at whole numbers of cases. */
  {
    guint step = max <= 10 ? 1 : max <= 50 ? 5 : max <= 200 ? 20 : 100;
    for (guint v = 0; v <= max; v += step)
      {
        char num[16];
        double y = base - chart_h * v / max;
        cairo_set_source_rgb (pdf->cr, 0.85, 0.85, 0.85);
        cairo_move_to (pdf->cr, x0, y);
        cairo_line_to (pdf->cr, x0 + w, y);
        cairo_set_line_width (pdf->cr, 0.4);
        cairo_stroke (pdf->cr);
        cairo_set_source_rgb (pdf->cr, 0, 0, 0);
        g_snprintf (num, sizeof num, "%u", v);
        pdf_draw_text (pdf, num, "Sans 6.5", pdf->margin, y - 5, 26, PANGO_ALIGN_RIGHT);
      }
  }
  slot = w / MAX (months->len, 1);
  bar = MAX (slot * 0.7, 1);
  for (guint i = 0; i < months->len; i++)
    {
      StatRow *r = &g_array_index (months, StatRow, i);
      double x = x0 + i * slot + (slot - bar) / 2;
      double y = base;

      for (int o = 0; o < 10; o++)
        {
          double h = chart_h * r->v[2 + o] / max;
          if (r->v[2 + o] == 0)
            continue;
          cairo_set_source_rgb (pdf->cr, chart_colours[o][0], chart_colours[o][1], chart_colours[o][2]);
          cairo_rectangle (pdf->cr, x, y - h, bar, h);
          cairo_fill (pdf->cr);
          y -= h;
        }
      cairo_set_source_rgb (pdf->cr, 0, 0, 0);
      if (months->len <= 24 || i % (months->len / 12 + 1) == 0)
        pdf_draw_text (pdf, r->label, "Sans 6", x0 + i * slot - 6, base + 3, slot + 12, PANGO_ALIGN_CENTER);
    }
  pdf->y = base + 18;
  for (int o = 0; o < 10; o++)
    {
      double lx = pdf->margin + o * (pdf->width - 2 * pdf->margin) / 10;
      cairo_set_source_rgb (pdf->cr, chart_colours[o][0], chart_colours[o][1], chart_colours[o][2]);
      cairo_rectangle (pdf->cr, lx, pdf->y + 2, 8, 8);
      cairo_fill (pdf->cr);
      cairo_set_source_rgb (pdf->cr, 0, 0, 0);
      pdf_draw_text (pdf, column_headings[2 + o], "Sans 7", lx + 11, pdf->y, 60, PANGO_ALIGN_LEFT);
    }
  pdf->y += legend_h;
}

GBytes *
docket_statistics_render (DocketStore  *store,
                          GVariant     *query,
                          const char   *format,
                          GError      **error)
{
  g_auto(StatQuery) q = { 0 };
  g_autoptr(GArray) rows = NULL;
  StatRow totals = { 0 };
  GBytes *result = NULL;

  if (!g_str_equal (format, "csv") && !g_str_equal (format, "pdf"))
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "Statistics: format '%s' is not csv or pdf", g_utf8_validate (format, -1, NULL) ? format : "?");
      return NULL;
    }
  if (!parse_query (query, &q, error))
    return NULL;
  rows = compute (store, &q, &totals, error);
  if (rows == NULL)
    goto out;

  if (g_str_equal (format, "csv"))
    {
      g_autoptr(GString) s = g_string_new (NULL);

      docket_csv_append_field (s, q.by_month ? "month" : "hearing", FALSE);
      if (!q.by_month)
        docket_csv_append_field (s, "date", FALSE);
      for (int i = 0; i < N_COLUMNS; i++)
        docket_csv_append_field (s, docket_statistics_columns[i], i == N_COLUMNS - 1);
      for (guint i = 0; i < rows->len; i++)
        {
          StatRow *r = &g_array_index (rows, StatRow, i);
          char id[24];
          g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT, r->hearing);
          csv_row (s, q.by_month ? r->label : id, q.by_month ? NULL : r->label, r);
        }
      csv_row (s, "total", q.by_month ? NULL : "", &totals);
      result = g_string_free_to_bytes (g_steal_pointer (&s));
    }
  else
    {
      Pdf pdf;
      g_autofree char *title = g_strdup_printf ("Record of decisions, %s to %s", q.from, q.to);
      g_auto(StatQuery) mq = { 0 };
      g_autoptr(GArray) months = NULL;
      StatRow mtotals = { 0 };
      const DocketConfig *config = docket_store_get_config (store);

      pdf_begin (&pdf, 842, 595, title, title, NULL);
      pdf_paragraph (&pdf, title, "Sans Bold 15", 2);
      {
        g_autofree char *sub = g_strdup_printf ("%s. Taxi and private hire driver licensing: cases "
                                                "heard per %s. Attendance is counted apart from the "
                                                "outcome; each listed case has one outcome.",
                                                config->authority_name, q.by_month ? "month" : "hearing");
        pdf_paragraph (&pdf, sub, "Sans 8.5", 10);
      }
      draw_table (&pdf, rows, &totals, q.by_month);

      /* The chart is per month whatever the table's grouping. */
      mq = q;
      mq.from = g_strdup (q.from);
      mq.to = g_strdup (q.to);
      mq.by_month = TRUE;
      months = compute (store, &mq, &mtotals, error);
      g_free (mtotals.label);
      if (months == NULL)
        {
          cairo_destroy (pdf.cr);
          cairo_surface_destroy (pdf.surface);
          g_byte_array_unref (pdf.out);
          g_free (pdf.footer);
          goto out;
        }
      draw_chart (&pdf, months);
      result = pdf_end (&pdf, error);
    }
out:
  g_free (totals.label);
  return result;
}
