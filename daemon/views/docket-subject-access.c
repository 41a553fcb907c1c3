/* A driver's subject access export: see docket-subject-access.h. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-compliance-view.h"
#include "docket-driver-store.h"
#include "docket-error.h"
#include "docket-hearing-view.h"
#include "docket-register-view.h"
#include "docket-subject-access.h"
#include "docket-pdf.h"
#include "docket-calendar.h"
#include "docket-config.h"
#include "docket-validate.h"

char *
docket_subject_access_redact (const char *text,
                              guint      *withheld)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  for (;;)
    {
      const char *open = strstr (p, "[[");
      const char *close;

      if (open == NULL)
        {
          g_string_append (out, p);
          break;
        }
      g_string_append_len (out, p, open - p);
      g_string_append (out, DOCKET_WITHHELD_THIRD_PARTY);
      (*withheld)++;
      close = strstr (open + 2, "]]");
      if (close == NULL)
        break;
      p = close + 2;
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* @record (a{sv}) with each note's text redacted. */
static GVariant *
redact_record (GVariant *record, guint *withheld)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_iter_init (&iter, record);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      if (g_str_equal (key, "notes"))
        {
          g_auto(GVariantBuilder) notes = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
          GVariantIter n;
          GVariant *note;

          g_variant_iter_init (&n, value);
          while ((note = g_variant_iter_next_value (&n)))
            {
              g_auto(GVariantBuilder) e = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
              GVariantIter f;
              const char *k;
              GVariant *v;
              guint here = 0;

              g_variant_iter_init (&f, note);
              while (g_variant_iter_next (&f, "{&sv}", &k, &v))
                {
                  if (g_str_equal (k, "text") && g_variant_is_of_type (v, G_VARIANT_TYPE_STRING))
                    {
                      g_autofree char *shown = docket_subject_access_redact (g_variant_get_string (v, NULL), &here);
                      g_variant_builder_add (&e, "{sv}", "text", g_variant_new_string (shown));
                    }
                  else
                    g_variant_builder_add (&e, "{sv}", k, v);
                  g_variant_unref (v);
                }
              g_variant_builder_add (&e, "{sv}", "withheld", g_variant_new_uint32 (here));
              *withheld += here;
              g_variant_builder_add_value (&notes, g_variant_builder_end (&e));
              g_variant_unref (note);
            }
          g_variant_builder_add (&b, "{sv}", "notes", g_variant_builder_end (&notes));
        }
      else
        g_variant_builder_add (&b, "{sv}", key, value);
      g_variant_unref (value);
    }
  return g_variant_builder_end (&b);
}

/* Each of the driver's cases in full, with its decisions and reasons. */
static GVariant *
read_cases (DocketStore *store, gint64 driver, GError **error)
{
  g_auto(GVariantBuilder) out = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(GVariant) cases = docket_hearing_view_driver_cases (store, driver, error);
  GVariantIter iter;
  GVariant *summary;

  if (cases == NULL)
    return NULL;
  g_variant_ref_sink (cases);
  g_variant_iter_init (&iter, cases);
  while ((summary = g_variant_iter_next_value (&iter)))
    {
      gint64 id = 0;
      g_autoptr(GVariant) full = NULL;

      g_variant_lookup (summary, "id", "x", &id);
      g_variant_unref (summary);
      /* No caller: the export's own audit entry covers the reading. */
      full = docket_hearing_view_case (store, NULL, id, TRUE, error);
      if (full == NULL)
        return NULL;
      g_variant_builder_add_value (&out, full);
    }
  return g_variant_builder_end (&out);
}

/* The national register's entries about @licence. */
static GVariant *
read_register (DocketStore *store, const char *licence, GError **error)
{
  g_autoptr(GVariant) query = g_variant_ref_sink (g_variant_new_parsed ("{'licence': <%s>}", licence));

  return docket_register_view_list (store, query, error);
}

GVariant *
docket_subject_access_export (DocketStore        *store,
                              const DocketCaller *caller,
                              const char         *licence,
                              const char         *purpose,
                              GError            **error)
{
  g_auto(GVariantBuilder) record = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autofree char *summary = NULL, *now = docket_store_now ();
  g_autoptr(GVariant) held = NULL;
  GVariant *part;
  gint64 driver;
  guint withheld = 0;

  if (!docket_validate_text ("purpose", purpose, 500, FALSE, error))
    {
      g_prefix_error (error, "Licence %s: subject access export: ", licence);
      return NULL;
    }
  if (is_blank (purpose))
    {
      docket_error_set_named (error, DOCKET_ERROR_INVALID_ARGUMENT, "Licence %s: subject access export: purpose is "
                              "empty: say which request the export answers", licence);
      return NULL;
    }
  /* The reading is recorded, and durable, before anything is read. */
  if (!docket_store_begin_write (store, error))
    return NULL;
  summary = g_strdup_printf ("subject access export: %s", purpose);
  driver = docket_driver_store_find (store, licence, error);
  if (!docket_store_end (store, driver >= 0 &&
                         docket_audit_store_append (store, caller->user, "driver.subject-access", licence,
                                                    summary, error), error))
    return NULL;

  if (docket_driver_store_read (store, NULL, licence, TRUE, &record, error) < 0)
    return NULL;
  held = g_variant_ref_sink (g_variant_builder_end (&record));
  g_variant_builder_add (&b, "{sv}", "driver", redact_record (held, &withheld));
  part = read_cases (store, driver, error);
  if (part == NULL)
    return NULL;
  g_variant_builder_add (&b, "{sv}", "cases", part);
  part = docket_compliance_view_for_driver (store, NULL, licence, TRUE, error);
  if (part == NULL)
    return NULL;
  g_variant_builder_add (&b, "{sv}", "compliance", part);
  part = read_register (store, licence, error);
  if (part == NULL)
    return NULL;
  g_variant_builder_add (&b, "{sv}", "register", part);
  g_variant_unref (part);   /* the register's list is returned owned */
  g_variant_builder_add (&b, "{sv}", "exported", g_variant_new_string (now));
  g_variant_builder_add (&b, "{sv}", "by", g_variant_new_string (caller->user));
  g_variant_builder_add (&b, "{sv}", "purpose", g_variant_new_string (purpose));
  g_variant_builder_add (&b, "{sv}", "withheld", g_variant_new_uint32 (withheld));
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

/* The export as a document -------------------------------------------------- */

/* "ni-number" as "Ni number": keys read as words. */
static char *
heading_of (const char *key)
{
  static const char * const names[][2] = {
    { "dob", "Date of birth" }, { "ni-number", "National Insurance number" },
    { "dvla-number", "DVLA driving licence number" }, { "dbs-certificate", "DBS certificate" },
    { "dbs-disclosure", "DBS disclosure" }, { "nr3s", "National register" },
  };
  char *h;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (key, names[i][0]))
      return g_strdup (names[i][1]);
  h = g_strdelimit (g_strdup (key), "-_", ' ');

  h[0] = g_ascii_toupper (h[0]);
  return h;
}

static void render_value (Pdf *pdf, const char *key, GVariant *v, double indent);

static void
render_dict (Pdf *pdf, GVariant *dict, double indent)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_iter_init (&iter, dict);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      render_value (pdf, key, value, indent);
      g_variant_unref (value);
    }
}

static void
render_value (Pdf *pdf, const char *key, GVariant *v, double indent)
{
  g_autofree char *head = heading_of (key);

  if (g_variant_is_of_type (v, G_VARIANT_TYPE_VARDICT))
    {
      pdf_paragraph_at (pdf, head, "Sans Bold 9", indent, 2);
      render_dict (pdf, v, indent + 14);
    }
  else if (g_variant_is_of_type (v, G_VARIANT_TYPE ("aa{sv}")))
    {
      gsize n = g_variant_n_children (v);
      g_autofree char *title = g_strdup_printf ("%s (%" G_GSIZE_FORMAT ")", head, n);

      pdf_paragraph_at (pdf, title, "Sans Bold 9", indent, 2);
      for (gsize i = 0; i < n; i++)
        {
          g_autoptr(GVariant) child = g_variant_get_child_value (v, i);
          g_autofree char *number = g_strdup_printf ("%" G_GSIZE_FORMAT ".", i + 1);

          pdf_paragraph_at (pdf, number, "Sans Bold 8", indent + 14, 0);
          render_dict (pdf, child, indent + 28);
          pdf->y += 3;
        }
    }
  else
    {
      g_autofree char *text = NULL, *line = NULL;

      if (g_variant_is_of_type (v, G_VARIANT_TYPE_STRING))
        text = g_variant_dup_string (v, NULL);
      else if (g_variant_is_of_type (v, G_VARIANT_TYPE_BOOLEAN))
        text = g_strdup (g_variant_get_boolean (v) ? "yes" : "no");
      else if (g_variant_is_of_type (v, G_VARIANT_TYPE_STRING_ARRAY))
        {
          g_autofree const char **strv = g_variant_get_strv (v, NULL);
          text = g_strjoinv ("; ", (char **) strv);
        }
      else
        text = g_variant_print (v, FALSE);
      line = g_strdup_printf ("%s: %s", head, text);
      pdf_paragraph_at (pdf, line, "Sans 9", indent, 1);
    }
}

GBytes *
docket_subject_access_document (DocketStore        *store,
                                const DocketCaller *caller,
                                const char         *licence,
                                const char         *purpose,
                                const char         *format,
                                GError            **error)
{
  static const struct { const char *key; const char *title; } sections[] = {
    { "driver", "Your licence record" },
    { "cases", "Hearings and decisions" },
    { "compliance", "Safeguarding training, DBS checks and compliance" },
    { "register", "National register of refusals, revocations and suspensions (NR3S)" },
  };
  const DocketConfig *config = docket_store_get_config (store);
  g_autoptr(GVariant) export = NULL;
  g_autofree char *title = NULL, *footer = NULL, *intro = NULL, *when = NULL;
  const char *exported = NULL;
  guint withheld = 0;
  Pdf pdf;

  if (g_strcmp0 (format, "pdf") != 0)
    {
      docket_error_set_named (error, DOCKET_ERROR_INVALID_ARGUMENT, "Licence %s: subject access export: "
                              "format '%s' is not pdf (the JSON form is Drivers.SubjectAccess)",
                              licence, format ? format : "");
      return NULL;
    }
  export = docket_subject_access_export (store, caller, licence, purpose, error);
  if (export == NULL)
    return NULL;
  g_variant_lookup (export, "exported", "&s", &exported);
  g_variant_lookup (export, "withheld", "u", &withheld);
  {
    /* Shown to the driver in the council's time, unambiguously. */
    g_autoptr(GDateTime) utc = exported ? g_date_time_new_from_iso8601 (exported, NULL) : NULL;
    g_autoptr(GDateTime) local = utc ? g_date_time_to_timezone (utc, docket_calendar_get_time_zone ()) : NULL;
    if (local != NULL)
      when = g_date_time_format (local, "%-d %B %Y at %H:%M");
  }
  title = g_strdup_printf ("Subject access: licence %s", licence);
  if (when == NULL)
    when = g_strdup (exported ? exported : "");
  footer = g_strdup_printf ("%s — subject access export for licence %s — %s", config->authority_name,
                            licence, when);
  intro = g_strdup_printf ("Everything %s holds about the holder of licence %s in its licensing system, "
                           "as at %s, in answer to: %s. Information about other people (third parties) "
                           "named in intelligence and complaints is withheld and marked where it was "
                           "(%u mention%s). Contact: %s.", config->authority_name, licence, when, purpose,
                           withheld, withheld == 1 ? "" : "s", config->authority_contact);
  pdf_begin (&pdf, 595, 842, title, footer, NULL);
  pdf_paragraph (&pdf, title, "Sans Bold 16", 6);
  pdf_paragraph (&pdf, intro, "Sans 9", 12);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_autoptr(GVariant) part = g_variant_lookup_value (export, sections[i].key, NULL);

      pdf_need (&pdf, 40);
      pdf_paragraph (&pdf, sections[i].title, "Sans Bold 11", 4);
      if (part == NULL)
        continue;
      if (g_variant_is_of_type (part, G_VARIANT_TYPE_VARDICT))
        render_dict (&pdf, part, 0);
      else
        render_value (&pdf, sections[i].key, part, 0);
      pdf.y += 8;
    }
  return pdf_end (&pdf, error);
}
