/* docketctl's records duties: the retention schedule, legal holds and the
 * annual return. */
#include "config.h"

#include <stdlib.h>

#include "docketctl-records.h"

static int
retention_due (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- the records the retention schedule erases next");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) rows = NULL;
  g_autofree char *until = NULL;
  gboolean kept = FALSE;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketDBusDrivers *proxy;
  const GOptionEntry entries[] = {
    { "until", 0, 0, G_OPTION_ARG_FILENAME, &until, N_("Erased on or before DATE (default a month from today)"),
      "YYYY-MM-DD" },
    { "kept", 0, 0, G_OPTION_ARG_NONE, &kept,
      N_("Also those a legal hold, an open appeal or an open case keeps"), NULL },
    { NULL }
  };
  static const char * const columns[] = { "due", "licence", "name", "status", "ended", "basis", "kept", NULL };
  static const char * const headings[] = {
    N_("DUE"), N_("LICENCE"), N_("NAME"), N_("STATUS"), N_("ENDED"), N_("WHY THEN"), N_("KEPT BECAUSE"), NULL,
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 0, "retention due takes options only"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_add_text (&b, "until", "--until", until, &error))
    return docketctl_fail (ctl, error);
  if (kept)
    g_variant_builder_add (&b, "{sv}", "kept", g_variant_new_boolean (TRUE));
  proxy = docketctl_drivers (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_drivers_call_retention_due_sync (proxy, g_variant_builder_end (&b), &rows, NULL, &error))
    return docketctl_fail (ctl, error);
  if (!ctl->json && g_variant_n_children (rows) == 0)
    {
      g_print ("%s\n", _("Nothing falls due in that time."));
      return 0;
    }
  docketctl_print_rows (ctl, rows, columns, headings);
  return 0;
}

static const DocketCtlVerb retention_verbs[] = {
  { "due", retention_due, N_("The records the schedule erases next (a month ahead by default)") },
  { NULL }
};

int
docketctl_retention (DocketCtl *ctl, int argc, char **argv)
{
  return docketctl_dispatch (ctl, "retention", retention_verbs, argc - 1, argv + 1);
}

/* driver hold / driver release */
static int
hold (DocketCtl *ctl, int argc, char **argv, gboolean place)
{
  g_autoptr(GOptionContext) context = g_option_context_new (place
      ? "LICENCE --reason TEXT - place a legal hold: the retention schedule keeps the record"
      : "LICENCE --reason TEXT - lift the legal hold");
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL, *done = NULL;
  DocketDBusDrivers *proxy;
  gboolean ok;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_FILENAME, &reason,
      N_("Why (the claim, request or inquiry; recorded in the audit log)"), "TEXT" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1,
                             place ? "driver hold needs one LICENCE" : "driver release needs one LICENCE"))
    return DOCKETCTL_EXIT_USAGE;
  if (reason == NULL)
    return docketctl_usage (place ? "driver hold needs --reason TEXT" : "driver release needs --reason TEXT");
  if (!docketctl_check_utf8 ("LICENCE", argv[1], &error) || !docketctl_check_utf8 ("--reason", reason, &error))
    return docketctl_fail (ctl, error);
  proxy = docketctl_drivers (ctl, &error);
  if (proxy == NULL)
    return docketctl_fail (ctl, error);
  ok = place ? docket_dbus_drivers_call_hold_sync (proxy, argv[1], reason, NULL, &error)
             : docket_dbus_drivers_call_release_hold_sync (proxy, argv[1], reason, NULL, &error);
  if (!ok)
    return docketctl_fail (ctl, error);
  done = g_strdup_printf (place ? _("Legal hold placed on licence %s") : _("Legal hold lifted from licence %s"),
                          argv[1]);
  return docketctl_print_done (ctl, done);
}

int
docketctl_driver_hold (DocketCtl *ctl, int argc, char **argv)
{
  return hold (ctl, argc, argv, TRUE);
}

int
docketctl_driver_release (DocketCtl *ctl, int argc, char **argv)
{
  return hold (ctl, argc, argv, FALSE);
}

/* stats --annual YEAR */
static GVariant *
annual_query (guint year, const char *figure)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_variant_builder_add (&b, "{sv}", "year", g_variant_new_uint32 (year));
  if (figure != NULL)
    g_variant_builder_add (&b, "{sv}", "figure", g_variant_new_string (figure));
  return g_variant_builder_end (&b);
}

static int
annual_explain (DocketCtl *ctl, DocketDBusStatistics *proxy, guint year, const char *figure)
{
  static const char * const columns[] = { "figure", "licence", "case", "date", "detail", NULL };
  static const char * const headings[] = { N_("FIGURE"), N_("LICENCE"), N_("CASE"), N_("DATE"), N_("WHAT"), NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) rows = NULL;

  if (!docketctl_check_utf8 ("--explain", figure, &error) ||
      !docket_dbus_statistics_call_explain_sync (proxy, annual_query (year, figure), &rows, NULL, &error))
    return docketctl_fail (ctl, error);
  if (!ctl->json)
    g_print (g_dngettext (NULL, "%s counts %u row:\n", "%s counts %u rows:\n", g_variant_n_children (rows)),
             figure, (guint) g_variant_n_children (rows));
  docketctl_print_rows (ctl, rows, columns, headings);
  return 0;
}

static void
print_annual (GVariant *result)
{
  g_autoptr(GVariant) figures = g_variant_lookup_value (result, "figures", G_VARIANT_TYPE ("aa{sv}"));
  const char *as_at = NULL, *from = NULL, *to = NULL, *group = "";
  guint year = 0;

  g_variant_lookup (result, "year", "u", &year);
  g_variant_lookup (result, "as-at", "&s", &as_at);
  g_variant_lookup (result, "from", "&s", &from);
  g_variant_lookup (result, "to", "&s", &to);
  g_print (_("Annual return %u: licensed drivers as at %s; the year from %s to %s\n"), year, as_at, from, to);
  for (gsize i = 0; i < g_variant_n_children (figures); i++)
    {
      g_autoptr(GVariant) f = g_variant_get_child_value (figures, i);
      const char *key = NULL, *label = NULL, *g = NULL;
      guint value = 0;
      double share = -1;

      g_variant_lookup (f, "figure", "&s", &key);
      g_variant_lookup (f, "label", "&s", &label);
      g_variant_lookup (f, "group", "&s", &g);
      g_variant_lookup (f, "value", "u", &value);
      if (!g_str_equal (g, group))
        g_print ("\n");
      group = g;
      if (g_variant_lookup (f, "share", "d", &share))
        g_print ("  %-26s %6u (%.1f%%)  %s\n", key, value, share, label);
      else
        g_print ("  %-26s %6u  %s\n", key, value, label);
    }
}

int
docketctl_stats_annual (DocketCtl            *ctl,
                        DocketDBusStatistics *proxy,
                        const char           *year_text,
                        gboolean              csv,
                        const char           *pdf,
                        const char           *explain)
{
  g_autoptr(GError) error = NULL;
  guint32 year = 0;

  if (!docketctl_parse_count ("--annual", year_text, &year, &error))
    return docketctl_usage ("%s", error->message);
  if (explain != NULL)
    return annual_explain (ctl, proxy, year, explain);
  if (pdf != NULL || csv)
    {
      g_autoptr(GVariant) doc = NULL;

      if (pdf != NULL &&
          (!docket_dbus_statistics_call_render_annual_sync (proxy, annual_query (year, NULL), "pdf", &doc, NULL,
                                                            &error) ||
           !docketctl_write_file (pdf, doc, &error)))
        return docketctl_fail (ctl, error);
      if (csv)
        {
          g_autoptr(GVariant) text = NULL;
          if (!docket_dbus_statistics_call_render_annual_sync (proxy, annual_query (year, NULL), "csv", &text,
                                                               NULL, &error))
            return docketctl_fail (ctl, error);
          if (!docketctl_write_file ("-", text, &error))
            return docketctl_fail (ctl, error);
        }
      return 0;
    }
  {
    g_autoptr(GVariant) result = NULL;

    if (!docket_dbus_statistics_call_annual_sync (proxy, annual_query (year, NULL), &result, NULL, &error))
      return docketctl_fail (ctl, error);
    if (ctl->json)
      docketctl_print_json (result);
    else
      print_annual (result);
  }
  return 0;
}
