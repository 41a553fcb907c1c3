/* docketctl nr3s: the national register of refusals, revocations and
 * suspensions, and the requests and concerns exchanged with other
 * authorities (2022 Act ss.3 and 5). */
#include "config.h"

#include "docketctl-common.h"
#include "docketctl-hearing.h"


/* nr3s -------------------------------------------------------------------- */

static int
nr3s_list (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- list the national register entries");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;
  g_autofree char *state = NULL, *licence = NULL;
  gboolean overdue = FALSE, incomplete = FALSE;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketDBusHearings *proxy;
  const GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_FILENAME, &state, N_("current, varied, overturned or withdrawn"), "STATE" },
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue, N_("Only entries past their 5-working-day deadline"), NULL },
    { "incomplete", 0, 0, G_OPTION_ARG_NONE, &incomplete, N_("Only entries whose driver's record lacks what the register needs"), NULL },
    { "licence", 0, 0, G_OPTION_ARG_FILENAME, &licence, N_("Only the entries about this licence"), "LICENCE" },
    { NULL }
  };
  static const char * const k[] = { "id", "case", "licence", "name", "decision", "decided", "effective", "notified", "deadline", "recorded", "state", "overdue", "missing", NULL };
  static const char * const h[] = { N_("ENTRY"), N_("CASE"), N_("LICENCE"), N_("NAME"), N_("DECISION"), N_("DECIDED"), N_("EFFECTIVE"), N_("NOTIFIED"), N_("DEADLINE"), N_("RECORDED"), N_("STATE"), N_("OVERDUE"), N_("MISSING"), NULL };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 0, "nr3s list takes options only"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_add_text (&b, "state", "--state", state, &error) ||
      !docketctl_add_text (&b, "licence", "--licence", licence, &error))
    return docketctl_fail (ctl, error);
  if (overdue)
    g_variant_builder_add (&b, "{sv}", "overdue", g_variant_new_boolean (TRUE));
  if (incomplete)
    g_variant_builder_add (&b, "{sv}", "incomplete", g_variant_new_boolean (TRUE));
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_hearings_call_register_list_sync (proxy, g_variant_builder_end (&b), &list, NULL, &error))
    return docketctl_fail (ctl, error);
  if (ctl->json)
    docketctl_print_json (list);
  else if (g_variant_n_children (list) == 0)
    g_print ("%s\n", _("No register entries"));
  else
    docketctl_print_table (list, k, h);
  return 0;
}

static int
nr3s_export (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- export the register entries with personal details");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) csv = NULL;
  g_autofree char *file = NULL;
  DocketDBusHearings *proxy;
  const GOptionEntry entries[] = {
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &file, N_("Write CSV to FILE (- for standard output)"), "FILE" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 0, "nr3s export takes options only"))
    return DOCKETCTL_EXIT_USAGE;
  if (file == NULL)
    return docketctl_usage ("nr3s export needs --csv FILE");
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_hearings_call_register_export_sync (proxy, &csv, NULL, &error) ||
      !docketctl_write_file (file, csv, &error))
    return docketctl_fail (ctl, error);
  if (!g_str_equal (file, "-"))
    return docketctl_print_done (ctl, _("Exported (the reading was recorded in the audit log)"));
  return 0;
}

static int
nr3s_mark (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("ENTRY - record the date an entry went into the national register");
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  DocketDBusHearings *proxy;
  gint64 id;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_FILENAME, &date, N_("The date it was recorded"), "YYYY-MM-DD" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1, "nr3s mark needs one ENTRY"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_parse_id ("ENTRY", argv[1], &id, &error))
    return docketctl_usage ("%s", error->message);
  if (date == NULL)
    return docketctl_usage ("nr3s mark needs --date");
  if (!docketctl_check_utf8 ("--date", date, &error))
    return docketctl_fail (ctl, error);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL || !docket_dbus_hearings_call_register_mark_sync (proxy, id, date, NULL, &error))
    return docketctl_fail (ctl, error);
  return docketctl_print_done (ctl, _("Recorded"));
}

/* s.3 requests and s.5 concerns ----------------------------------------------- */

static int
add_duty (DocketCtl *ctl, int argc, char **argv, const char *kind)
{
  gboolean request = g_str_equal (kind, "request");
  g_autoptr(GOptionContext) context = g_option_context_new (request
      ? "- record a request for information received from another authority (s.3)"
      : "- record a concern about a driver licensed by another authority (s.5)");
  g_autoptr(GError) error = NULL;
  g_autofree char *authority = NULL, *subject = NULL, *details = NULL, *opened = NULL;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketDBusHearings *proxy;
  gint64 id = 0;
  const GOptionEntry entries[] = {
    { "authority", 0, 0, G_OPTION_ARG_FILENAME, &authority, N_("The other licensing authority"), "TEXT" },
    { "driver", 0, 0, G_OPTION_ARG_FILENAME, &subject, N_("The driver concerned: name and licence"), "TEXT" },
    { "details", 0, 0, G_OPTION_ARG_FILENAME, &details, N_("What was asked, or the concern"), "TEXT" },
    { "date", 0, 0, G_OPTION_ARG_FILENAME, &opened, N_("The day it was received or became known (default today)"), "YYYY-MM-DD" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 0, request ? "nr3s request takes options only"
                                                                        : "nr3s concern takes options only"))
    return DOCKETCTL_EXIT_USAGE;
  if (authority == NULL || subject == NULL)
    return docketctl_usage ("nr3s %s needs --authority and --driver", kind);
  g_variant_builder_add (&b, "{sv}", "kind", g_variant_new_string (kind));
  if (!docketctl_add_text (&b, "authority", "--authority", authority, &error) ||
      !docketctl_add_text (&b, "subject", "--driver", subject, &error) ||
      !docketctl_add_text (&b, "details", "--details", details, &error) ||
      !docketctl_add_text (&b, "opened", "--date", opened, &error))
    return docketctl_fail (ctl, error);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_hearings_call_add_register_duty_sync (proxy, g_variant_builder_end (&b), &id, NULL, &error))
    return docketctl_fail (ctl, error);
  if (ctl->json)
    docketctl_print_json (g_variant_new_parsed ("{'id': <%x>}", id));
  else
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);
      g_print (_("Recorded as %s; see nr3s duties for its deadline\n"), number);
    }
  return 0;
}

static int
nr3s_request (DocketCtl *ctl, int argc, char **argv)
{
  return add_duty (ctl, argc, argv, "request");
}

static int
nr3s_concern (DocketCtl *ctl, int argc, char **argv)
{
  return add_duty (ctl, argc, argv, "concern");
}

static int
nr3s_done (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("ID - record a request answered or a concern passed on");
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  DocketDBusHearings *proxy;
  gint64 id;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_FILENAME, &date, N_("The day it was done"), "YYYY-MM-DD" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1, "nr3s done needs one ID"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_parse_id ("ID", argv[1], &id, &error))
    return docketctl_usage ("%s", error->message);
  if (date == NULL)
    return docketctl_usage ("nr3s done needs --date");
  if (!docketctl_check_utf8 ("--date", date, &error))
    return docketctl_fail (ctl, error);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL || !docket_dbus_hearings_call_close_register_duty_sync (proxy, id, date, NULL, &error))
    return docketctl_fail (ctl, error);
  return docketctl_print_done (ctl, _("Recorded"));
}

static int
nr3s_duties (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- requests (s.3) and concerns (s.5) with their deadlines");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketDBusHearings *proxy;
  gboolean open = FALSE, overdue = FALSE;
  const GOptionEntry entries[] = {
    { "open", 0, 0, G_OPTION_ARG_NONE, &open, N_("Only those not done yet"), NULL },
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue, N_("Only those past their deadline"), NULL },
    { NULL }
  };
  static const char * const k[] = { "id", "kind", "authority", "subject", "opened", "deadline", "closed", "overdue", NULL };
  const char * const h[] = { _("ID"), _("KIND"), _("AUTHORITY"), _("DRIVER"), _("OPENED"), _("DEADLINE"), _("DONE"),
                             _("OVERDUE"), NULL };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 0, "nr3s duties takes options only"))
    return DOCKETCTL_EXIT_USAGE;
  if (open)
    g_variant_builder_add (&b, "{sv}", "open", g_variant_new_boolean (TRUE));
  if (overdue)
    g_variant_builder_add (&b, "{sv}", "overdue", g_variant_new_boolean (TRUE));
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_hearings_call_list_register_duties_sync (proxy, g_variant_builder_end (&b), &list, NULL, &error))
    return docketctl_fail (ctl, error);
  docketctl_print_rows (ctl, list, k, h);
  return 0;
}

/* s.3(1): the search before a grant ------------------------------------------- */

static int
nr3s_search (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("LICENCE - record a search of the national register "
                                                            "before a grant or renewal (s.3)");
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL, *authority = NULL, *details = NULL, *date = NULL;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketDBusHearings *proxy;
  gint64 id = 0;
  const GOptionEntry entries[] = {
    { "result", 0, 0, G_OPTION_ARG_FILENAME, &result, N_("no-match or match"), "RESULT" },
    { "authority", 0, 0, G_OPTION_ARG_FILENAME, &authority, N_("With a match: the authority whose entry matched"), "TEXT" },
    { "details", 0, 0, G_OPTION_ARG_FILENAME, &details, N_("What the search showed"), "TEXT" },
    { "date", 0, 0, G_OPTION_ARG_FILENAME, &date, N_("The day of the search (default today)"), "YYYY-MM-DD" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1, "nr3s search needs one LICENCE"))
    return DOCKETCTL_EXIT_USAGE;
  if (result == NULL)
    return docketctl_usage ("nr3s search needs --result no-match or --result match");
  if (!docketctl_check_utf8 ("LICENCE", argv[1], &error) ||
      !docketctl_add_text (&b, "result", "--result", result, &error) ||
      !docketctl_add_text (&b, "authority", "--authority", authority, &error) ||
      !docketctl_add_text (&b, "details", "--details", details, &error) ||
      !docketctl_add_text (&b, "searched", "--date", date, &error))
    return docketctl_fail (ctl, error);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_hearings_call_add_register_search_sync (proxy, argv[1], g_variant_builder_end (&b), &id,
                                                           NULL, &error))
    return docketctl_fail (ctl, error);
  if (ctl->json)
    {
      docketctl_print_json (g_variant_new_parsed ("{'id': <%x>}", id));
      return 0;
    }
  return docketctl_print_done (ctl, _("Search recorded"));
}

static int
nr3s_searches (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("LICENCE - the searches of the national register "
                                                            "made for a licence");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;
  DocketDBusHearings *proxy;
  static const char * const k[] = { "id", "searched", "result", "authority", "by", "details", NULL };
  const char * const h[] = { _("ID"), _("SEARCHED"), _("RESULT"), _("AUTHORITY"), _("BY"), _("DETAILS"), NULL };

  if (!docketctl_parse_args (context, NULL, &argc, &argv, 1, "nr3s searches needs one LICENCE"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_check_utf8 ("LICENCE", argv[1], &error))
    return docketctl_fail (ctl, error);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_hearings_call_list_register_searches_sync (proxy, argv[1], &list, NULL, &error))
    return docketctl_fail (ctl, error);
  docketctl_print_rows (ctl, list, k, h);
  return 0;
}

static const DocketCtlVerb nr3s_verbs[] = {
  { "list", nr3s_list, N_("List the register entries and their deadlines") },
  { "export", nr3s_export, N_("Export the entries as CSV") },
  { "mark", nr3s_mark, N_("Record the date an entry was recorded") },
  { "request", nr3s_request, N_("Record a request for information from another authority (s.3)") },
  { "concern", nr3s_concern, N_("Record a concern to pass on to another authority (s.5)") },
  { "done", nr3s_done, N_("Record a request answered or a concern passed on") },
  { "duties", nr3s_duties, N_("Requests and concerns with their deadlines") },
  { "search", nr3s_search, N_("Record a search of the register before a grant or renewal (s.3)") },
  { "searches", nr3s_searches, N_("The searches made for a licence") },
  { NULL }
};

int
docketctl_nr3s (DocketCtl *ctl, int argc, char **argv)
{
  return docketctl_dispatch (ctl, "nr3s", nr3s_verbs, argc - 1, argv + 1);
}


/* decisions: the public record of decisions ------------------------------------ */

static gboolean
publish_one (DocketDBusHearings *proxy, const char *from, const char *to, const char *format, const char *file,
             GVariant **records_out, GError **error)
{
  g_autoptr(GVariant) document = NULL;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_variant_builder_add (&b, "{sv}", "from", g_variant_new_string (from));
  g_variant_builder_add (&b, "{sv}", "to", g_variant_new_string (to));
  if (format != NULL)
    g_variant_builder_add (&b, "{sv}", "format", g_variant_new_string (format));
  if (!docket_dbus_hearings_call_publish_decisions_sync (proxy, g_variant_builder_end (&b), records_out, &document,
                                                         NULL, error))
    return FALSE;
  return file == NULL || docketctl_write_file (file, document, error);
}

static int
decisions_publish (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- the record of decisions that may be published "
                                                            "(Openness of Local Government Bodies Regulations "
                                                            "2014), the driver's identity withheld");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) records = NULL;
  g_autofree char *from = NULL, *to = NULL, *html = NULL, *csv = NULL;
  DocketDBusHearings *proxy;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("The first day of the decisions"), "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("The last day of the decisions"), "YYYY-MM-DD" },
    { "html", 0, 0, G_OPTION_ARG_FILENAME, &html, N_("Write HTML to FILE (- for standard output)"), "FILE" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, N_("Write CSV to FILE (- for standard output)"), "FILE" },
    { NULL }
  };
  static const char * const keys[] = { "reference", "date", "decision", "decided-by", "declarations", NULL };
  const char * const headings[] = { _("REFERENCE"), _("DATE"), _("DECISION"), _("DECIDED BY"),
                                     _("DECLARATIONS"), NULL };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 0, "decisions publish takes options only"))
    return DOCKETCTL_EXIT_USAGE;
  if (from == NULL || to == NULL)
    return docketctl_usage ("decisions publish needs --from and --to");
  if (!docketctl_check_utf8 ("--from", from, &error) || !docketctl_check_utf8 ("--to", to, &error))
    return docketctl_fail (ctl, error);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL)
    return docketctl_fail (ctl, error);
  if (html != NULL && !publish_one (proxy, from, to, "html", html, &records, &error))
    return docketctl_fail (ctl, error);
  if (csv != NULL)
    {
      g_clear_pointer (&records, g_variant_unref);
      if (!publish_one (proxy, from, to, "csv", csv, &records, &error))
        return docketctl_fail (ctl, error);
    }
  if (records == NULL && !publish_one (proxy, from, to, NULL, NULL, &records, &error))
    return docketctl_fail (ctl, error);
  if (html == NULL && csv == NULL)
    docketctl_print_rows (ctl, records, keys, headings);
  else if (g_strcmp0 (html, "-") != 0 && g_strcmp0 (csv, "-") != 0)
    {
      g_autofree char *n = g_strdup_printf ("%" G_GSIZE_FORMAT, g_variant_n_children (records));
      g_print (_("%s decisions written (the reading was recorded in the audit log)\n"), n);
    }
  return 0;
}

static const DocketCtlVerb decisions_verbs[] = {
  { "publish", decisions_publish, N_("The public record of decisions, as HTML or CSV") },
  { NULL }
};

int
docketctl_decisions (DocketCtl *ctl, int argc, char **argv)
{
  return docketctl_dispatch (ctl, "decisions", decisions_verbs, argc - 1, argv + 1);
}
