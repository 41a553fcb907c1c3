/* docketctl driver ...: licence records, convictions and notes. */
#include "config.h"

#include <json-glib/json-glib.h>

#include "docket-names.h"
#include "docketctl-common.h"
#include "docketctl-driver.h"
#include "docketctl-records.h"

/* The driver fields docketctl can set, each an option --KEY. */
static const char * const field_keys[] = {
  "licence", "kind", "name", "status", "badge", "issued", "expires",
  "dob", "address", "phone", "email", "ni-number", "dvla-number",
  "dbs-certificate", "dbs-disclosure", NULL,
};

static const char * const summary_keys[] = {
  "licence", "kind", "name", "status", "badge", "expires", NULL,
};
static const char * const summary_headings[] = {
  N_("LICENCE"), N_("KIND"), N_("NAME"), N_("STATUS"), N_("BADGE"), N_("EXPIRES"), NULL,
};

typedef struct {
  char *values[G_N_ELEMENTS (field_keys)];
} FieldOptions;

static void
field_options_clear (FieldOptions *f)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_keys); i++)
    g_clear_pointer (&f->values[i], g_free);
}

/* Adds one --KEY option per field to @context, skipping "licence" when
 * the licence is a positional argument. */
static void
add_field_options (GOptionContext *context, FieldOptions *f, gboolean with_licence)
{
  GOptionGroup *group = g_option_group_new ("fields", _("Driver fields"), _("Show the field options"), NULL, NULL);
  GOptionEntry *entries = g_new0 (GOptionEntry, G_N_ELEMENTS (field_keys));

  /* Taken as bytes (FILENAME), so that text which is not UTF-8 is refused
   * by docketctl_check_utf8 with the option's name. */
  guint n = 0;

  for (guint i = 0; field_keys[i]; i++)
    {
      if (!with_licence && i == 0)
        continue;
      entries[n].long_name = field_keys[i];
      entries[n].arg = G_OPTION_ARG_FILENAME;
      entries[n].arg_data = &f->values[i];
      entries[n].description = g_strdup_printf (_("Set the %s"), field_keys[i]);
      entries[n].arg_description = "VALUE";
      n++;
    }
  g_option_group_add_entries (group, entries);
  g_option_context_set_main_group (context, group);
  /* The entries are leaked on purpose: the process ends after one command. */
}

static GVariant *
fields_to_record (FieldOptions *f, GError **error)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  for (guint i = 0; field_keys[i]; i++)
    {
      g_autofree char *opt = g_strdup_printf ("--%s", field_keys[i]);
      if (f->values[i] == NULL)
        continue;
      if (!docketctl_check_utf8 (opt, f->values[i], error))
        return NULL;
      g_variant_builder_add (&b, "{sv}", field_keys[i], g_variant_new_string (f->values[i]));
    }
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

static int
driver_add (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- add a driver licence record");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) record = NULL;
  g_autofree char *licence = NULL;
  FieldOptions f = { 0 };
  DocketDBusDrivers *proxy;

  add_field_options (context, &f, TRUE);
  if (!docketctl_parse (context, &argc, &argv))
    return DOCKETCTL_EXIT_USAGE;
  if (argc > 1)
    return docketctl_usage ("driver add: unexpected argument '%s'", argv[1]);
  if (f.values[0] == NULL || f.values[1] == NULL || f.values[2] == NULL)
    return docketctl_usage ("driver add needs --licence, --kind and --name");

  record = fields_to_record (&f, &error);
  field_options_clear (&f);
  if (record == NULL)
    return docketctl_fail (ctl, error);
  proxy = docketctl_drivers (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_drivers_call_create_sync (proxy, record, &licence, NULL, &error))
    return docketctl_fail (ctl, error);

  if (ctl->json)
    docketctl_print_json (g_variant_new ("{ss}", "licence", licence));
  else
    g_print (_("Added licence %s\n"), licence);
  return 0;
}

static int
driver_update (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("LICENCE - change a driver licence record");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) record = NULL;
  g_autofree char *reason = NULL;
  FieldOptions f = { 0 };
  DocketDBusDrivers *proxy;
  const GOptionEntry extra[] = {
    { "reason", 0, 0, G_OPTION_ARG_FILENAME, &reason, N_("Why (needed for a change of status)"), "TEXT" },
    { NULL }
  };

  add_field_options (context, &f, FALSE);
  g_option_context_add_main_entries (context, extra, NULL);
  if (!docketctl_parse (context, &argc, &argv))
    return DOCKETCTL_EXIT_USAGE;
  if (argc != 2)
    return docketctl_usage ("driver update needs one LICENCE");

  record = fields_to_record (&f, &error);
  field_options_clear (&f);
  if (record == NULL ||
      !docketctl_check_utf8 ("LICENCE", argv[1], &error) ||
      !docketctl_check_utf8 ("--reason", reason, &error))
    return docketctl_fail (ctl, error);
  if (g_variant_n_children (record) == 0)
    return docketctl_usage ("driver update %s: give at least one field to change", argv[1]);

  proxy = docketctl_drivers (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_drivers_call_update_sync (proxy, argv[1], record, reason ? reason : "",
                                             NULL, &error))
    return docketctl_fail (ctl, error);
  if (ctl->json)
    docketctl_print_json (g_variant_new ("{ss}", "licence", argv[1]));
  else
    g_print (_("Updated licence %s\n"), argv[1]);
  return 0;
}

static int
driver_show (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("LICENCE - show a driver licence record");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) record = NULL;
  g_autoptr(GVariant) list = NULL;
  gboolean sensitive = FALSE;
  DocketDBusDrivers *proxy;
  const GOptionEntry entries[] = {
    { "sensitive", 0, 0, G_OPTION_ARG_NONE, &sensitive,
      N_("Also show the sensitive fields (the reading is recorded in the audit log)"), NULL },
    { NULL }
  };
  static const char * const keys[] = {
    "licence", "kind", "name", "status", "badge", "issued", "expires", "created", "modified",
    "erased", "hold-reason", "hold-by", "hold-placed",
    "dob", "address", "phone", "email", "ni-number", "dvla-number", "dbs-certificate",
    "dbs-disclosure", NULL,
  };
  static const char * const headings[] = {
    N_("Licence"), N_("Kind"), N_("Name"), N_("Status"), N_("Badge"), N_("Issued"),
    N_("Expires"), N_("Created"), N_("Modified"), N_("Erased (retention)"), N_("Legal hold"),
    N_("Hold placed by"), N_("Hold placed on"), N_("Date of birth"), N_("Address"),
    N_("Phone"), N_("Email"), N_("NI number"), N_("DVLA number"), N_("DBS certificate"),
    N_("DBS disclosure"), NULL,
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!docketctl_parse (context, &argc, &argv))
    return DOCKETCTL_EXIT_USAGE;
  if (argc != 2)
    return docketctl_usage ("driver show needs one LICENCE");
  if (!docketctl_check_utf8 ("LICENCE", argv[1], &error))
    return docketctl_fail (ctl, error);

  proxy = docketctl_drivers (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_drivers_call_get_sync (proxy, argv[1], sensitive, &record, NULL, &error))
    return docketctl_fail (ctl, error);

  if (ctl->json)
    {
      docketctl_print_json (record);
      return 0;
    }

  docketctl_print_fields (record, keys, headings);
  list = g_variant_lookup_value (record, "history", G_VARIANT_TYPE ("aa{sv}"));
  if (list != NULL && g_variant_n_children (list) > 0)
    {
      static const char * const hk[] = { "time", "user", "from", "to", "reason", NULL };
      static const char * const hh[] = { N_("WHEN"), N_("WHO"), N_("FROM"), N_("TO"), N_("WHY"), NULL };
      g_print ("\n%s\n", _("Status history"));
      docketctl_print_table (list, hk, hh);
    }
  g_clear_pointer (&list, g_variant_unref);
  list = g_variant_lookup_value (record, "pending", G_VARIANT_TYPE ("aa{sv}"));
  if (list != NULL && g_variant_n_children (list) > 0)
    {
      g_print ("\n%s\n", _("Pending changes"));
      for (gsize i = 0; i < g_variant_n_children (list); i++)
        {
          g_autoptr(GVariant) e = g_variant_get_child_value (list, i);
          const char *text = NULL;
          gint64 case_id = 0;
          g_variant_lookup (e, "text", "&s", &text);
          g_variant_lookup (e, "case", "x", &case_id);
          g_print ("  %s (case %" G_GINT64_FORMAT ")\n", text, case_id);
        }
    }
  g_clear_pointer (&list, g_variant_unref);
  list = g_variant_lookup_value (record, "cases", G_VARIANT_TYPE ("aa{sv}"));
  if (list != NULL && g_variant_n_children (list) > 0)
    {
      static const char * const k[] = { "id", "hearing-date", "kind", "attendance", "outcome", "decided", "appeal", NULL };
      static const char * const h[] = { N_("CASE"), N_("HEARING"), N_("KIND"), N_("ATTENDANCE"), N_("OUTCOME"), N_("DECIDED"), N_("APPEAL"), NULL };
      g_print ("\n%s\n", _("Hearings"));
      docketctl_print_table (list, k, h);
    }
  g_clear_pointer (&list, g_variant_unref);
  list = g_variant_lookup_value (record, "convictions", G_VARIANT_TYPE ("aa{sv}"));
  if (list != NULL)
    {
      static const char * const ck[] = { "date", "kind", "category", "offence", "sentence", NULL };
      static const char * const ch[] = { N_("DATE"), N_("KIND"), N_("CATEGORY"), N_("OFFENCE"), N_("SENTENCE"), NULL };
      g_print ("\n%s\n", _("Convictions and cautions"));
      if (g_variant_n_children (list) == 0)
        g_print ("%s\n", _("None"));
      else
        docketctl_print_table (list, ck, ch);
    }
  g_clear_pointer (&list, g_variant_unref);
  list = g_variant_lookup_value (record, "notes", G_VARIANT_TYPE ("aa{sv}"));
  if (list != NULL)
    {
      static const char * const nk[] = { "date", "kind", "author", "text", NULL };
      static const char * const nh[] = { N_("DATE"), N_("KIND"), N_("BY"), N_("TEXT"), NULL };
      g_print ("\n%s\n", _("Notes"));
      if (g_variant_n_children (list) == 0)
        g_print ("%s\n", _("None"));
      else
        docketctl_print_table (list, nk, nh);
    }
  if (sensitive)
    g_printerr ("%s\n", _("This reading of sensitive fields was recorded in the audit log."));
  return 0;
}

static int
driver_list (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- list driver licence records");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;
  g_autofree char *status = NULL, *kind = NULL, *sort = NULL;
  g_autofree char *expires_from = NULL, *expires_to = NULL;
  g_autofree char *limit_s = NULL, *offset_s = NULL;
  gboolean descending = FALSE, flagged = FALSE;
  guint32 limit = DOCKET_PAGE_DEFAULT, offset = 0, total = 0;
  g_auto(GVariantBuilder) q = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketDBusDrivers *proxy;
  const GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_FILENAME, &status, N_("Only this status"), "STATUS" },
    { "kind", 0, 0, G_OPTION_ARG_FILENAME, &kind, N_("Only this kind"), "KIND" },
    { "expires-from", 0, 0, G_OPTION_ARG_FILENAME, &expires_from, N_("Expiring on or after"), "DATE" },
    { "expires-to", 0, 0, G_OPTION_ARG_FILENAME, &expires_to, N_("Expiring on or before"), "DATE" },
    { "sort", 0, 0, G_OPTION_ARG_FILENAME, &sort, N_("licence, name, expires, status, badge or kind"), "KEY" },
    { "descending", 0, 0, G_OPTION_ARG_NONE, &descending, N_("Reverse the order"), NULL },
    { "flagged", 0, 0, G_OPTION_ARG_NONE, &flagged, N_("Only licences with an open or referred audit flag"), NULL },
    { "limit", 0, 0, G_OPTION_ARG_FILENAME, &limit_s, N_("At most N records (default 50, max 1000)"), "N" },
    { "offset", 0, 0, G_OPTION_ARG_FILENAME, &offset_s, N_("Skip the first N records"), "N" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!docketctl_parse (context, &argc, &argv))
    return DOCKETCTL_EXIT_USAGE;
  if (argc > 1)
    return docketctl_usage ("driver list: unexpected argument '%s'", argv[1]);
  if (!docketctl_parse_count ("--limit", limit_s, &limit, &error) ||
      !docketctl_parse_count ("--offset", offset_s, &offset, &error))
    return docketctl_usage ("%s", error->message);

#define ADD_STR(key, var) \
  if (var) { if (!docketctl_check_utf8 ("--" key, var, &error)) return docketctl_fail (ctl, error); \
             g_variant_builder_add (&q, "{sv}", key, g_variant_new_string (var)); }
  ADD_STR ("status", status)
  ADD_STR ("kind", kind)
  ADD_STR ("expires-from", expires_from)
  ADD_STR ("expires-to", expires_to)
  ADD_STR ("sort", sort)
#undef ADD_STR
  g_variant_builder_add (&q, "{sv}", "descending", g_variant_new_boolean (descending));
  if (flagged)
    g_variant_builder_add (&q, "{sv}", "flagged", g_variant_new_boolean (TRUE));
  g_variant_builder_add (&q, "{sv}", "limit", g_variant_new_uint32 (limit));
  g_variant_builder_add (&q, "{sv}", "offset", g_variant_new_uint32 (offset));

  proxy = docketctl_drivers (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_drivers_call_list_sync (proxy, g_variant_builder_end (&q), &list, &total,
                                           NULL, &error))
    return docketctl_fail (ctl, error);

  if (ctl->json)
    {
      g_auto(GVariantBuilder) out = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&out, "{sv}", "total", g_variant_new_uint32 (total));
      g_variant_builder_add (&out, "{sv}", "offset", g_variant_new_uint32 (offset));
      g_variant_builder_add (&out, "{sv}", "drivers", list);
      docketctl_print_json (g_variant_builder_end (&out));
      return 0;
    }
  docketctl_print_table (list, summary_keys, summary_headings);
  g_print (_("Showing %u to %u of %u\n"), g_variant_n_children (list) ? offset + 1 : 0,
           offset + (guint) g_variant_n_children (list), total);
  return 0;
}

static int
driver_search (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("TEXT - find drivers by name, licence or badge");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;
  g_autofree char *ni = NULL, *dvla = NULL, *limit_s = NULL;
  guint32 limit = DOCKET_PAGE_DEFAULT;
  DocketDBusDrivers *proxy;
  gboolean ok;
  const GOptionEntry entries[] = {
    { "ni-number", 0, 0, G_OPTION_ARG_FILENAME, &ni, N_("Exact search by National Insurance number"), "NI" },
    { "dvla-number", 0, 0, G_OPTION_ARG_FILENAME, &dvla, N_("Exact search by DVLA licence number"), "DVLA" },
    { "limit", 0, 0, G_OPTION_ARG_FILENAME, &limit_s, N_("At most N results"), "N" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!docketctl_parse (context, &argc, &argv))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_parse_count ("--limit", limit_s, &limit, &error))
    return docketctl_usage ("%s", error->message);
  if ((ni != NULL) + (dvla != NULL) + (argc > 1) != 1 || argc > 2)
    return docketctl_usage ("driver search needs TEXT, --ni-number or --dvla-number (one of them)");

  proxy = docketctl_drivers (ctl, &error);
  if (proxy == NULL)
    return docketctl_fail (ctl, error);
  if (ni || dvla)
    ok = docketctl_check_utf8 (ni ? "--ni-number" : "--dvla-number", ni ? ni : dvla, &error) &&
         docket_dbus_drivers_call_find_by_identifier_sync (proxy, ni ? "ni-number" : "dvla-number",
                                                           ni ? ni : dvla, &list, NULL, &error);
  else
    ok = docketctl_check_utf8 ("TEXT", argv[1], &error) &&
         docket_dbus_drivers_call_search_sync (proxy, argv[1], limit, &list, NULL, &error);
  if (!ok)
    return docketctl_fail (ctl, error);

  if (ctl->json)
    docketctl_print_json (list);
  else if (g_variant_n_children (list) == 0)
    g_print ("%s\n", _("No driver matches"));
  else
    docketctl_print_table (list, summary_keys, summary_headings);
  return 0;
}

static int
add_child (DocketCtl *ctl, int argc, char **argv, gboolean note)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autofree char *date = NULL, *kind = NULL, *offence = NULL, *category = NULL;
  g_autofree char *sentence = NULL, *text = NULL, *reported = NULL, *time = NULL, *reported_time = NULL;
  DocketDBusDrivers *proxy;
  gint64 id = 0;
  gboolean ok;
  const GOptionEntry conviction_entries[] = {
    { "date", 0, 0, G_OPTION_ARG_FILENAME, &date, N_("Date of the conviction or caution"), "DATE" },
    { "kind", 0, 0, G_OPTION_ARG_FILENAME, &kind, N_("conviction (default), caution, charge or arrest"), "KIND" },
    { "offence", 0, 0, G_OPTION_ARG_FILENAME, &offence, N_("The offence"), "TEXT" },
    { "category", 0, 0, G_OPTION_ARG_FILENAME, &category, N_("The policy's offence category"), "CATEGORY" },
    { "sentence", 0, 0, G_OPTION_ARG_FILENAME, &sentence, N_("The sentence"), "TEXT" },
    { "time", 0, 0, G_OPTION_ARG_FILENAME, &time, N_("The time of the arrest, charge or conviction (default: the end of the day)"), "HH:MM" },
    { "reported", 0, 0, G_OPTION_ARG_FILENAME, &reported, N_("The date the driver reported it"), "DATE" },
    { "reported-time", 0, 0, G_OPTION_ARG_FILENAME, &reported_time, N_("The time the driver reported it (default: the end of the day)"), "HH:MM" },
    { NULL }
  };
  const GOptionEntry note_entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_FILENAME, &kind, N_("intelligence, complaint or medical"), "KIND" },
    { "text", 0, 0, G_OPTION_ARG_FILENAME, &text,
      N_("The note; mark a third party's name [[like this]] to withhold it from a subject access export"), "TEXT" },
    { "date", 0, 0, G_OPTION_ARG_FILENAME, &date, N_("The date it refers to (default today)"), "DATE" },
    { NULL }
  };

  context = g_option_context_new (note ? "LICENCE - add a dated note" : "LICENCE - add a conviction or caution");
  g_option_context_add_main_entries (context, note ? note_entries : conviction_entries, NULL);
  if (!docketctl_parse (context, &argc, &argv))
    return DOCKETCTL_EXIT_USAGE;
  if (argc != 2)
    return docketctl_usage ("driver %s add needs one LICENCE", note ? "note" : "conviction");
  if (note && (kind == NULL || text == NULL))
    return docketctl_usage ("driver note add needs --kind and --text");
  if (!note && (date == NULL || offence == NULL || category == NULL))
    return docketctl_usage ("driver conviction add needs --date, --offence and --category");

#define ADD(key, var) \
  if (var) { if (!docketctl_check_utf8 ("--" key, var, &error)) return docketctl_fail (ctl, error); \
             g_variant_builder_add (&b, "{sv}", key, g_variant_new_string (var)); }
  ADD ("date", date)
  ADD ("kind", kind)
  ADD ("offence", offence)
  ADD ("category", category)
  ADD ("sentence", sentence)
  ADD ("reported", reported)
  ADD ("time", time)
  ADD ("reported-time", reported_time)
  ADD ("text", text)
#undef ADD
  if (!docketctl_check_utf8 ("LICENCE", argv[1], &error))
    return docketctl_fail (ctl, error);

  proxy = docketctl_drivers (ctl, &error);
  if (proxy == NULL)
    return docketctl_fail (ctl, error);
  ok = note
    ? docket_dbus_drivers_call_add_note_sync (proxy, argv[1], g_variant_builder_end (&b), &id, NULL, &error)
    : docket_dbus_drivers_call_add_conviction_sync (proxy, argv[1], g_variant_builder_end (&b), &id, NULL, &error);
  if (!ok)
    return docketctl_fail (ctl, error);
  if (ctl->json)
    docketctl_print_json (g_variant_new ("{sx}", "id", id));
  else
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
      g_print (note ? _("Added note %s to licence %s\n")
                    : _("Added conviction %s to licence %s\n"), id_text, argv[1]);
    }
  return 0;
}

static int
conviction_add (DocketCtl *ctl, int argc, char **argv)
{
  return add_child (ctl, argc, argv, FALSE);
}

static int
note_add (DocketCtl *ctl, int argc, char **argv)
{
  return add_child (ctl, argc, argv, TRUE);
}

/* A subject access export (UK GDPR Article 15) written as JSON: what the
 * council sends the driver, third parties withheld. */
static int
driver_export (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("LICENCE --sar FILE.json|FILE.pdf --purpose TEXT - "
                                                            "everything held about a driver, for a subject access request");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) export = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *sar = NULL, *purpose = NULL, *text = NULL;
  guint32 withheld = 0;
  DocketDBusDrivers *proxy;
  const GOptionEntry entries[] = {
    { "sar", 0, 0, G_OPTION_ARG_FILENAME, &sar, N_("Write the export to FILE.json (data) or FILE.pdf (to send)"), "FILE" },
    { "purpose", 0, 0, G_OPTION_ARG_FILENAME, &purpose,
      N_("Why (the request it answers; recorded in the audit log)"), "TEXT" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!docketctl_parse (context, &argc, &argv))
    return DOCKETCTL_EXIT_USAGE;
  if (argc != 2)
    return docketctl_usage ("driver export needs one LICENCE");
  if (sar == NULL || !(g_str_has_suffix (sar, ".json") || g_str_has_suffix (sar, ".pdf")))
    return docketctl_usage ("driver export needs --sar FILE.json or FILE.pdf (written as JSON or PDF)");
  if (purpose == NULL)
    return docketctl_usage ("driver export needs --purpose TEXT: the request it answers");
  if (!docketctl_check_utf8 ("LICENCE", argv[1], &error) || !docketctl_check_utf8 ("--purpose", purpose, &error))
    return docketctl_fail (ctl, error);

  proxy = docketctl_drivers (ctl, &error);
  if (proxy == NULL)
    return docketctl_fail (ctl, error);
  if (g_str_has_suffix (sar, ".pdf"))
    {
      g_autoptr(GVariant) doc = NULL;
      gsize size = 0;
      const guint8 *data;

      if (!docket_dbus_drivers_call_subject_access_document_sync (proxy, argv[1], purpose, "pdf", &doc, NULL,
                                                                 &error))
        return docketctl_fail (ctl, error);
      data = g_variant_get_fixed_array (doc, &size, 1);
      if (!g_file_set_contents_full (sar, (const char *) data, (gssize) size, G_FILE_SET_CONTENTS_CONSISTENT,
                                     0600, &error))
        return docketctl_fail (ctl, error);
      if (ctl->json)
        docketctl_print_json (g_variant_new_parsed ("{'file': <%s>}", sar));
      else
        g_print (_("Wrote the subject access export for licence %s to %s\n"), argv[1], sar);
      return 0;
    }
  if (!docket_dbus_drivers_call_subject_access_sync (proxy, argv[1], purpose, &export, NULL, &error))
    return docketctl_fail (ctl, error);
  node = json_gvariant_serialize (export);
  text = json_to_string (node, TRUE);
  if (!g_file_set_contents_full (sar, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    return docketctl_fail (ctl, error);
  g_variant_lookup (export, "withheld", "u", &withheld);
  if (ctl->json)
    docketctl_print_json (g_variant_new_parsed ("{'file': <%s>, 'withheld': <%u>}", sar, withheld));
  else
    g_print (_("Wrote the subject access export for licence %s to %s (%u third-party mention(s) withheld)\n"),
             argv[1], sar, withheld);
  return 0;
}

static const DocketCtlVerb conviction_verbs[] = {
  { "add", conviction_add, N_("Add a conviction or caution to a driver") },
  { NULL }
};

static const DocketCtlVerb note_verbs[] = {
  { "add", note_add, N_("Add a police intelligence, complaint or medical note") },
  { NULL }
};

static int
driver_conviction (DocketCtl *ctl, int argc, char **argv)
{
  return docketctl_dispatch (ctl, "driver conviction", conviction_verbs, argc - 1, argv + 1);
}

static int
driver_note (DocketCtl *ctl, int argc, char **argv)
{
  return docketctl_dispatch (ctl, "driver note", note_verbs, argc - 1, argv + 1);
}

static const DocketCtlVerb driver_verbs[] = {
  { "add", driver_add, N_("Add a driver licence record") },
  { "update", driver_update, N_("Change fields or the status of a record") },
  { "show", driver_show, N_("Show one record (--sensitive for protected fields)") },
  { "list", driver_list, N_("List records, filtered and sorted") },
  { "search", driver_search, N_("Search by name, licence, badge, NI or DVLA number") },
  { "conviction", driver_conviction, N_("Convictions and cautions: add") },
  { "note", driver_note, N_("Intelligence, complaint and medical notes: add") },
  { "export", driver_export, N_("Everything held about a driver, for a subject access request") },
  { "hold", docketctl_driver_hold, N_("Place a legal hold: the retention schedule keeps the record") },
  { "release", docketctl_driver_release, N_("Lift a legal hold") },
  { NULL }
};

int
docketctl_driver (DocketCtl *ctl, int argc, char **argv)
{
  return docketctl_dispatch (ctl, "driver", driver_verbs, argc - 1, argv + 1);
}
