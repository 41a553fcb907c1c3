/* docketctl hearing|case|stats: the hearing workflow. */
#include "config.h"

#include "docketctl-common.h"
#include "docketctl-hearing.h"
#include "docketctl-records.h"


/* Adds --capacity, when given, as the number docketd takes. */
static gboolean
add_capacity (GVariantBuilder *b, const char *capacity, GError **error)
{
  guint32 n;

  if (capacity == NULL)
    return TRUE;
  if (!docketctl_parse_count ("--capacity", capacity, &n, error))
    return FALSE;
  g_variant_builder_add (b, "{sv}", "capacity", g_variant_new_uint32 (n));
  return TRUE;
}

static int
print_id (DocketCtl *ctl, const char *key, const char *label, gint64 id)
{
  if (ctl->json)
    docketctl_print_json (g_variant_new_parsed ("{%s: %x}", key, id));
  else
    g_print ("%s %" G_GINT64_FORMAT "\n", label, id);
  return 0;
}



/* hearing ----------------------------------------------------------------- */

static int
hearing_schedule (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- schedule a hearing day");
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL, *time = NULL, *venue = NULL, *dm = NULL, *board = NULL;
  g_autofree char *mode = NULL, *capacity = NULL, *vice = NULL, *untrained = NULL;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  gint64 id = 0;
  DocketDBusHearings *proxy;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_FILENAME, &date, N_("The day of the hearing"), "YYYY-MM-DD" },
    { "time", 0, 0, G_OPTION_ARG_FILENAME, &time, N_("The start time"), "HH:MM" },
    { "venue", 0, 0, G_OPTION_ARG_FILENAME, &venue, N_("Where it is held"), "TEXT" },
    { "decision-maker", 0, 0, G_OPTION_ARG_FILENAME, &dm, N_("The decision-maker (the chair of a panel)"), "USER" },
    { "board", 0, 0, G_OPTION_ARG_FILENAME, &board, N_("Board members, separated by commas"), "USER,..." },
    { "mode", 0, 0, G_OPTION_ARG_FILENAME, &mode, N_("sole (default) or panel"), "MODE" },
    { "vice-chair", 0, 0, G_OPTION_ARG_FILENAME, &vice, N_("The board member who chairs a case the chair may not"), "USER" },
    { "capacity", 0, 0, G_OPTION_ARG_FILENAME, &capacity, N_("Cases the day can hear (default 7)"), "N" },
    { "untrained-reason", 0, 0, G_OPTION_ARG_FILENAME, &untrained,
      N_("Why someone sits without licensing-hearing training recorded"), "TEXT" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 0, "hearing schedule takes options only"))
    return DOCKETCTL_EXIT_USAGE;
  if (date == NULL || time == NULL || venue == NULL || dm == NULL)
    return docketctl_usage ("hearing schedule needs --date, --time, --venue and --decision-maker");
  if (!docketctl_add_text (&b, "date", "--date", date, &error) ||
      !docketctl_add_text (&b, "time", "--time", time, &error) ||
      !docketctl_add_text (&b, "venue", "--venue", venue, &error) ||
      !docketctl_add_text (&b, "decision-maker", "--decision-maker", dm, &error) ||
      !docketctl_add_text (&b, "mode", "--mode", mode, &error) ||
      !docketctl_add_text (&b, "vice-chair", "--vice-chair", vice, &error) ||
      !docketctl_add_text (&b, "untrained-reason", "--untrained-reason", untrained, &error) ||
      !docketctl_check_utf8 ("--board", board, &error))
    return docketctl_fail (ctl, error);
  if (board != NULL)
    {
      g_auto(GStrv) members = g_strsplit (board, ",", -1);
      g_autoptr(GPtrArray) clean = g_ptr_array_new ();
      for (guint i = 0; members[i]; i++)
        if (*g_strstrip (members[i]) != '\0')
          g_ptr_array_add (clean, members[i]);
      g_variant_builder_add (&b, "{sv}", "board",
                             g_variant_new_strv ((const char * const *) clean->pdata, clean->len));
    }
  if (!add_capacity (&b, capacity, &error))
    return docketctl_usage ("%s", error->message);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_hearings_call_schedule_sync (proxy, g_variant_builder_end (&b), &id, NULL, &error))
    return docketctl_fail (ctl, error);
  return print_id (ctl, "hearing", _("Scheduled hearing"), id);
}

static void
print_panel (GVariant *record)
{
  g_autoptr(GVariant) panel = g_variant_lookup_value (record, "panel", G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(GVariant) decisions = g_variant_lookup_value (record, "decisions", NULL);
  static const char * const k[] = { "user", "role", "present", "prejudicial", "vote", "vote-until", NULL };
  static const char * const h[] = { N_("MEMBER"), N_("ROLE"), N_("PRESENT"), N_("PREJUDICIAL"), N_("VOTE"), N_("UNTIL"), NULL };
  static const char * const hk[] = { "user", "role", "present", NULL };

  if (panel == NULL)
    return;
  g_print ("\n%s\n", _("Panel"));
  /* Votes belong to a case, which has decisions; a hearing has neither. */
  docketctl_print_table (panel, decisions ? k : hk, h);
}

/* A hearing or a case: as JSON with --json (and nothing more), else its
 * fields and its panel; TRUE when the caller goes on with the rest. */
static gboolean
print_with_panel (DocketCtl *ctl, GVariant *record, const char * const *keys, const char * const *headings)
{
  if (ctl->json)
    {
      docketctl_print_json (record);
      return FALSE;
    }
  docketctl_print_fields (record, keys, headings);
  print_panel (record);
  return TRUE;
}

static int
hearing_show (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("HEARING - show a hearing and its cases");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) record = NULL;
  g_autoptr(GVariant) cases = NULL;
  DocketDBusHearings *proxy;
  gint64 id;
  static const char * const keys[] = {
    "id", "date", "time", "venue", "mode", "decision-maker", "capacity", "listed", "decided",
    "state", "state-reason", "untrained-reason", NULL,
  };
  static const char * const headings[] = {
    N_("Hearing"), N_("Date"), N_("Time"), N_("Venue"), N_("Mode"), N_("Decision-maker"),
    N_("Capacity"), N_("Listed"), N_("Decided"), N_("State"), N_("Reason"), N_("Sitting untrained because"), NULL,
  };

  if (!docketctl_parse_args (context, NULL, &argc, &argv, 1, "hearing show needs one HEARING"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_parse_id ("HEARING", argv[1], &id, &error))
    return docketctl_usage ("%s", error->message);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL || !docket_dbus_hearings_call_get_sync (proxy, id, &record, NULL, &error))
    return docketctl_fail (ctl, error);
  if (!print_with_panel (ctl, record, keys, headings))
    return 0;
  cases = g_variant_lookup_value (record, "cases", G_VARIANT_TYPE ("aa{sv}"));
  g_print ("\n%s\n", _("Cases"));
  if (cases == NULL || g_variant_n_children (cases) == 0)
    g_print ("%s\n", _("None listed"));
  else
    {
      static const char * const k[] = { "id", "licence", "name", "kind", "notified", "attendance", "outcome", NULL };
      static const char * const h[] = { N_("CASE"), N_("LICENCE"), N_("NAME"), N_("KIND"), N_("NOTIFIED"), N_("ATTENDANCE"), N_("OUTCOME"), NULL };
      docketctl_print_table (cases, k, h);
    }
  return 0;
}

static int
hearing_list (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- list hearings");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;
  g_autofree char *from = NULL, *to = NULL, *state = NULL, *member = NULL;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketDBusHearings *proxy;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("On or after this date"), "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("On or before this date"), "YYYY-MM-DD" },
    { "state", 0, 0, G_OPTION_ARG_FILENAME, &state, N_("scheduled, cancelled or locked"), "STATE" },
    { "member", 0, 0, G_OPTION_ARG_FILENAME, &member, N_("Only hearings this user sits on"), "USER" },
    { NULL }
  };
  static const char * const k[] = { "id", "date", "time", "venue", "mode", "decision-maker", "listed", "decided", "capacity", "state", NULL };
  static const char * const h[] = { N_("HEARING"), N_("DATE"), N_("TIME"), N_("VENUE"), N_("MODE"), N_("DECISION-MAKER"), N_("LISTED"), N_("DECIDED"), N_("CAPACITY"), N_("STATE"), NULL };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 0, "hearing list takes options only"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_add_text (&b, "from", "--from", from, &error) || !docketctl_add_text (&b, "to", "--to", to, &error) ||
      !docketctl_add_text (&b, "state", "--state", state, &error) ||
      !docketctl_add_text (&b, "member", "--member", member, &error))
    return docketctl_fail (ctl, error);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_hearings_call_list_sync (proxy, g_variant_builder_end (&b), &list, NULL, &error))
    return docketctl_fail (ctl, error);
  if (ctl->json)
    docketctl_print_json (list);
  else if (g_variant_n_children (list) == 0)
    g_print ("%s\n", _("No hearings"));
  else
    docketctl_print_table (list, k, h);
  return 0;
}

static int
hearing_lock (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("HEARING - make a hearing's decisions final");
  g_autoptr(GError) error = NULL;
  DocketDBusHearings *proxy;
  gint64 id;

  if (!docketctl_parse_args (context, NULL, &argc, &argv, 1, "hearing lock needs one HEARING"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_parse_id ("HEARING", argv[1], &id, &error))
    return docketctl_usage ("%s", error->message);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL || !docket_dbus_hearings_call_lock_sync (proxy, id, NULL, &error))
    return docketctl_fail (ctl, error);
  return docketctl_print_done (ctl, _("Locked: the hearing's decisions are final"));
}

static int
hearing_cancel (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("HEARING - cancel a hearing");
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  DocketDBusHearings *proxy;
  gint64 id;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_FILENAME, &reason, N_("Why it is cancelled"), "TEXT" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1, "hearing cancel needs one HEARING"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_parse_id ("HEARING", argv[1], &id, &error))
    return docketctl_usage ("%s", error->message);
  if (reason == NULL)
    return docketctl_usage ("hearing cancel needs --reason");
  if (!docketctl_check_utf8 ("--reason", reason, &error))
    return docketctl_fail (ctl, error);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL || !docket_dbus_hearings_call_cancel_sync (proxy, id, reason, NULL, &error))
    return docketctl_fail (ctl, error);
  return docketctl_print_done (ctl, _("Cancelled"));
}

static int
hearing_reschedule (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("HEARING - move a hearing or change its venue or capacity");
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL, *time = NULL, *venue = NULL, *capacity = NULL, *reason = NULL;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketDBusHearings *proxy;
  gint64 id;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_FILENAME, &date, N_("The new date"), "YYYY-MM-DD" },
    { "time", 0, 0, G_OPTION_ARG_FILENAME, &time, N_("The new start time"), "HH:MM" },
    { "venue", 0, 0, G_OPTION_ARG_FILENAME, &venue, N_("The new venue"), "TEXT" },
    { "capacity", 0, 0, G_OPTION_ARG_FILENAME, &capacity, N_("The new capacity"), "N" },
    { "reason", 0, 0, G_OPTION_ARG_FILENAME, &reason, N_("Why it changes"), "TEXT" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1, "hearing reschedule needs one HEARING"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_parse_id ("HEARING", argv[1], &id, &error))
    return docketctl_usage ("%s", error->message);
  if (reason == NULL)
    return docketctl_usage ("hearing reschedule needs --reason");
  if (!docketctl_add_text (&b, "date", "--date", date, &error) || !docketctl_add_text (&b, "time", "--time", time, &error) ||
      !docketctl_add_text (&b, "venue", "--venue", venue, &error) ||
      !docketctl_check_utf8 ("--reason", reason, &error))
    return docketctl_fail (ctl, error);
  if (!add_capacity (&b, capacity, &error))
    return docketctl_usage ("%s", error->message);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_hearings_call_reschedule_sync (proxy, id, g_variant_builder_end (&b), reason, NULL, &error))
    return docketctl_fail (ctl, error);
  return docketctl_print_done (ctl, _("Rescheduled"));
}

/* What add-case and case update both take: the grounds, the officer's
 * report (typed, or read from --report-file), when the driver was told. */
static gboolean
add_case_texts (GVariantBuilder *b, const char *grounds, const char *report, gboolean from_file,
                const char * const notified[3], GError **error)
{
  return docketctl_add_text (b, "grounds", "--grounds", grounds, error) &&
         docketctl_add_text (b, "report", from_file ? "--report-file" : "--report", report, error) &&
         docketctl_add_text (b, "notified", "--notified", notified[0], error) &&
         docketctl_add_text (b, "notified-method", "--notified-method", notified[1], error) &&
         docketctl_add_text (b, "notified-time", "--notified-time", notified[2], error);
}

static int
hearing_add_case (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("HEARING LICENCE - list a driver's case on a hearing");
  g_autoptr(GError) error = NULL;
  g_autofree char *kind = NULL, *grounds = NULL, *report = NULL, *report_file = NULL, *notified = NULL;
  g_autofree char *report_text = NULL, *notified_method = NULL, *notified_time = NULL;
  g_auto(GStrv) warnings = NULL;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketDBusHearings *proxy;
  gint64 hearing, id = 0;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_FILENAME, &kind, N_("application, renewal or review"), "KIND" },
    { "grounds", 0, 0, G_OPTION_ARG_FILENAME, &grounds, N_("Why the case is heard"), "TEXT" },
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &report, N_("The officer's report"), "TEXT" },
    { "report-file", 0, 0, G_OPTION_ARG_FILENAME, &report_file, N_("Read the officer's report from FILE"), "FILE" },
    { "notified", 0, 0, G_OPTION_ARG_FILENAME, &notified, N_("When the driver was told of the hearing"), "YYYY-MM-DD" },
    { "notified-method", 0, 0, G_OPTION_ARG_FILENAME, &notified_method,
      N_("How: hand (the default), post (first class) or email (with consent)"), "METHOD" },
    { "notified-time", 0, 0, G_OPTION_ARG_FILENAME, &notified_time, N_("The time an email was sent"), "HH:MM" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 2, "hearing add-case needs HEARING and LICENCE"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_parse_id ("HEARING", argv[1], &hearing, &error))
    return docketctl_usage ("%s", error->message);
  if (kind == NULL || grounds == NULL)
    return docketctl_usage ("hearing add-case needs --kind and --grounds");
  if (report_file != NULL && !g_file_get_contents (report_file, &report_text, NULL, &error))
    return docketctl_fail (ctl, error);
  if (!docketctl_check_utf8 ("LICENCE", argv[2], &error) ||
      !docketctl_add_text (&b, "kind", "--kind", kind, &error) ||
      !add_case_texts (&b, grounds, report_text ? report_text : report, report_text != NULL,
                       (const char * const[3]) { notified, notified_method, notified_time }, &error))
    return docketctl_fail (ctl, error);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_hearings_call_add_case_sync (proxy, hearing, argv[2], g_variant_builder_end (&b),
                                                &id, &warnings, NULL, &error))
    return docketctl_fail (ctl, error);
  docketctl_print_warnings ((const char * const *) warnings);
  if (ctl->json)
    {
      docketctl_print_json (g_variant_new_parsed ("{'case': <%x>, 'warnings': <%^as>}", id, warnings));
      return 0;
    }
  return print_id (ctl, "case", _("Listed case"), id);
}

static int
hearing_presence (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("HEARING MEMBER - record a panel member present or absent");
  g_autoptr(GError) error = NULL;
  gboolean absent = FALSE;
  DocketDBusHearings *proxy;
  gint64 id;
  const GOptionEntry entries[] = {
    { "absent", 0, 0, G_OPTION_ARG_NONE, &absent, N_("The member is absent (default: present)"), NULL },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 2, "hearing presence needs HEARING and MEMBER"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_parse_id ("HEARING", argv[1], &id, &error))
    return docketctl_usage ("%s", error->message);
  if (!docketctl_check_utf8 ("MEMBER", argv[2], &error))
    return docketctl_fail (ctl, error);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_hearings_call_set_presence_sync (proxy, id, argv[2], !absent, NULL, &error))
    return docketctl_fail (ctl, error);
  return docketctl_print_done (ctl, absent ? _("Recorded as absent") : _("Recorded as present"));
}

static const DocketCtlVerb hearing_verbs[] = {
  { "schedule", hearing_schedule, N_("Schedule a hearing day (prints its number)") },
  { "show", hearing_show, N_("Show a hearing, its panel and cases") },
  { "list", hearing_list, N_("List hearings") },
  { "add-case", hearing_add_case, N_("List a driver's case (prints its number)") },
  { "presence", hearing_presence, N_("Record a panel member present or absent") },
  { "reschedule", hearing_reschedule, N_("Change the date, time, venue or capacity") },
  { "cancel", hearing_cancel, N_("Cancel a hearing with no cases") },
  { "lock", hearing_lock, N_("Make the decisions final") },
  { NULL }
};

int
docketctl_hearing (DocketCtl *ctl, int argc, char **argv)
{
  return docketctl_dispatch (ctl, "hearing", hearing_verbs, argc - 1, argv + 1);
}

/* case -------------------------------------------------------------------- */

static int
case_show (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("CASE - show a case, its decisions and effects");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) record = NULL;
  g_autoptr(GVariant) list = NULL;
  g_autoptr(GVariant) appeal = NULL;
  gboolean sensitive = FALSE;
  DocketDBusHearings *proxy;
  gint64 id;
  const GOptionEntry entries[] = {
    { "sensitive", 0, 0, G_OPTION_ARG_NONE, &sensitive,
      N_("Also show the grounds, report, reasons, advice and declarations (recorded in the audit log)"), NULL },
    { NULL }
  };
  static const char * const keys[] = {
    "id", "licence", "name", "licence-status", "kind", "hearing", "hearing-date", "hearing-time",
    "venue", "mode", "decision-maker", "notified", "notified-method", "notified-posted", "notice-short", "attendance",
    "outcome", "decided", "version",
    "notice-sent", "notice-method", "notice-posted", "notice-template", "notice-hash",
    "relisted-from", "relisted-as", "grounds", "report", NULL,
  };
  static const char * const headings[] = {
    N_("Case"), N_("Licence"), N_("Name"), N_("Licence status"), N_("Kind"), N_("Hearing"),
    N_("Date"), N_("Time"), N_("Venue"), N_("Mode"), N_("Decision-maker"), N_("Notified"),
    N_("Notice by"), N_("Notice sent on"), N_("Short notice"),
    N_("Attendance"), N_("Outcome"), N_("Decided"), N_("Version"), N_("Statement sent"),
    N_("Statement by"), N_("Sent on"), N_("Statement template"), N_("Statement BLAKE2b-256"),
    N_("Relisted from"), N_("Relisted as"), N_("Grounds"), N_("Report"), NULL,
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1, "case show needs one CASE"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_parse_id ("CASE", argv[1], &id, &error))
    return docketctl_usage ("%s", error->message);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_hearings_call_get_case_sync (proxy, id, sensitive, &record, NULL, &error))
    return docketctl_fail (ctl, error);
  if (!print_with_panel (ctl, record, keys, headings))
    return 0;
  list = g_variant_lookup_value (record, "decisions", G_VARIANT_TYPE ("aa{sv}"));
  if (list != NULL && g_variant_n_children (list) > 0)
    {
      g_print ("\n%s\n", _("Decisions"));
      for (gsize i = 0; i < g_variant_n_children (list); i++)
        {
          g_autoptr(GVariant) d = g_variant_get_child_value (list, i);
          static const char * const dk[] = {
            "version", "outcome", "decided", "until", "expires", "immediate", "safeguarding",
            "concern", "tally", "recorded-by", "recorded", "reasons", "alternatives", "justification",
            "correction", NULL,
          };
          static const char * const dh[] = {
            N_("Version"), N_("Outcome"), N_("Decided"), N_("Until"), N_("Expires"),
            N_("Immediate effect"), N_("Safeguarding grounds"), N_("Concern"), N_("Votes"), N_("Recorded by"),
            N_("Recorded"), N_("Reasons"), N_("Alternatives"), N_("Justification"),
            N_("Correction"), NULL,
          };
          if (i > 0)
            g_print ("\n");
          docketctl_print_fields (d, dk, dh);
        }
    }
  g_clear_pointer (&list, g_variant_unref);
  list = g_variant_lookup_value (record, "effects", G_VARIANT_TYPE ("aa{sv}"));
  if (list != NULL && g_variant_n_children (list) > 0)
    {
      static const char * const ek[] = { "action", "state", "due", "text", "note", NULL };
      static const char * const eh[] = { N_("CHANGE"), N_("STATE"), N_("DATE"), N_("WHAT"), N_("NOTE"), NULL };
      g_print ("\n%s\n", _("Effects on the licence"));
      docketctl_print_table (list, ek, eh);
    }
  appeal = g_variant_lookup_value (record, "appeal", G_VARIANT_TYPE_VARDICT);
  if (appeal != NULL && g_variant_n_children (appeal) > 0)
    {
      static const char * const ak[] = { "lodged", "late", "court", "hearing-date", "result", "result-date", "outcome", "until", NULL };
      static const char * const ah[] = { N_("Lodged"), N_("Late"), N_("Court"), N_("Court hearing"), N_("Result"), N_("Result date"), N_("Varied to"), N_("Until"), NULL };
      static const char * const ck[] = { "crown-lodged", "crown-late", "crown-court", "crown-hearing-date",
                                         "crown-result", "crown-result-date", "crown-outcome", "crown-until", NULL };
      g_print ("\n%s\n", _("Appeal"));
      docketctl_print_fields (appeal, ak, ah);
      if (g_variant_lookup (appeal, "crown-lodged", "&s", NULL))
        {
          g_print ("\n%s\n", _("Appeal to the Crown Court"));
          docketctl_print_fields (appeal, ck, ah);
        }
    }
  if (sensitive)
    g_printerr ("%s\n", _("This reading of sensitive fields was recorded in the audit log."));
  return 0;
}

static int
case_update (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("CASE - change a case's grounds, report or notified date");
  g_autoptr(GError) error = NULL;
  g_autofree char *grounds = NULL, *report = NULL, *report_file = NULL, *notified = NULL;
  g_autofree char *report_text = NULL, *notified_method = NULL, *notified_time = NULL;
  g_auto(GStrv) warnings = NULL;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketDBusHearings *proxy;
  gint64 id;
  const GOptionEntry entries[] = {
    { "grounds", 0, 0, G_OPTION_ARG_FILENAME, &grounds, N_("Why the case is heard"), "TEXT" },
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &report, N_("The officer's report"), "TEXT" },
    { "report-file", 0, 0, G_OPTION_ARG_FILENAME, &report_file, N_("Read the officer's report from FILE"), "FILE" },
    { "notified", 0, 0, G_OPTION_ARG_FILENAME, &notified, N_("When the driver was told of the hearing"), "YYYY-MM-DD" },
    { "notified-method", 0, 0, G_OPTION_ARG_FILENAME, &notified_method,
      N_("How: hand (the default), post (first class) or email (with consent)"), "METHOD" },
    { "notified-time", 0, 0, G_OPTION_ARG_FILENAME, &notified_time, N_("The time an email was sent"), "HH:MM" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1, "case update needs one CASE"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_parse_id ("CASE", argv[1], &id, &error))
    return docketctl_usage ("%s", error->message);
  if (report_file != NULL && !g_file_get_contents (report_file, &report_text, NULL, &error))
    return docketctl_fail (ctl, error);
  if (!add_case_texts (&b, grounds, report_text ? report_text : report, report_text != NULL,
                       (const char * const[3]) { notified, notified_method, notified_time }, &error))
    return docketctl_fail (ctl, error);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_hearings_call_update_case_sync (proxy, id, g_variant_builder_end (&b), &warnings,
                                                   NULL, &error))
    return docketctl_fail (ctl, error);
  docketctl_print_warnings ((const char * const *) warnings);
  return docketctl_print_done (ctl, _("Updated"));
}

static int
case_relist (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("CASE - list a deferred case on a later hearing");
  g_autoptr(GError) error = NULL;
  g_autofree char *hearing_s = NULL, *notified = NULL;
  g_auto(GStrv) warnings = NULL;
  DocketDBusHearings *proxy;
  gint64 id, hearing, new_id = 0;
  const GOptionEntry entries[] = {
    { "hearing", 0, 0, G_OPTION_ARG_FILENAME, &hearing_s, N_("The later hearing"), "HEARING" },
    { "notified", 0, 0, G_OPTION_ARG_FILENAME, &notified, N_("When the driver was told of it"), "YYYY-MM-DD" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1, "case relist needs one CASE"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_parse_id ("CASE", argv[1], &id, &error) ||
      !docketctl_parse_id ("--hearing", hearing_s, &hearing, &error))
    return docketctl_usage ("%s", error->message);
  if (!docketctl_check_utf8 ("--notified", notified, &error))
    return docketctl_fail (ctl, error);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_hearings_call_relist_sync (proxy, id, hearing, notified ? notified : "",
                                              &new_id, &warnings, NULL, &error))
    return docketctl_fail (ctl, error);
  docketctl_print_warnings ((const char * const *) warnings);
  return print_id (ctl, "case", _("Relisted as case"), new_id);
}

static int
case_move (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("CASE - move an undecided case to another hearing");
  g_autoptr(GError) error = NULL;
  g_autofree char *hearing_s = NULL;
  DocketDBusHearings *proxy;
  gint64 id, hearing;
  const GOptionEntry entries[] = {
    { "hearing", 0, 0, G_OPTION_ARG_FILENAME, &hearing_s, N_("The hearing to move it to"), "HEARING" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1, "case move needs one CASE"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_parse_id ("CASE", argv[1], &id, &error) ||
      !docketctl_parse_id ("--hearing", hearing_s, &hearing, &error))
    return docketctl_usage ("%s", error->message);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL || !docket_dbus_hearings_call_move_case_sync (proxy, id, hearing, NULL, &error))
    return docketctl_fail (ctl, error);
  return docketctl_print_done (ctl, _("Moved"));
}

static int
case_attend (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("CASE - record whether the driver attended");
  g_autoptr(GError) error = NULL;
  g_autofree char *attendance = NULL;
  DocketDBusHearings *proxy;
  gint64 id;
  const GOptionEntry entries[] = {
    { "attendance", 0, 0, G_OPTION_ARG_FILENAME, &attendance, N_("attended, represented or did-not-attend"), "A" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1, "case attend needs one CASE"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_parse_id ("CASE", argv[1], &id, &error))
    return docketctl_usage ("%s", error->message);
  if (attendance == NULL)
    return docketctl_usage ("case attend needs --attendance");
  if (!docketctl_check_utf8 ("--attendance", attendance, &error))
    return docketctl_fail (ctl, error);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_hearings_call_set_attendance_sync (proxy, id, attendance, NULL, &error))
    return docketctl_fail (ctl, error);
  return docketctl_print_done (ctl, _("Attendance recorded"));
}

static int
case_declare (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("CASE - record a panel member's declaration of interest");
  g_autoptr(GError) error = NULL;
  g_autofree char *member = NULL, *interest = NULL;
  gboolean prejudicial = FALSE;
  DocketDBusHearings *proxy;
  gint64 id;
  const GOptionEntry entries[] = {
    { "member", 0, 0, G_OPTION_ARG_FILENAME, &member, N_("The panel member"), "USER" },
    { "interest", 0, 0, G_OPTION_ARG_FILENAME, &interest, N_("The interest declared"), "TEXT" },
    { "prejudicial", 0, 0, G_OPTION_ARG_NONE, &prejudicial, N_("A prejudicial interest: the member takes no part in the case"), NULL },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1, "case declare needs one CASE"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_parse_id ("CASE", argv[1], &id, &error))
    return docketctl_usage ("%s", error->message);
  if (member == NULL || interest == NULL)
    return docketctl_usage ("case declare needs --member and --interest");
  if (!docketctl_check_utf8 ("--member", member, &error) ||
      !docketctl_check_utf8 ("--interest", interest, &error))
    return docketctl_fail (ctl, error);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_hearings_call_declare_sync (proxy, id, member, interest, prejudicial, NULL, &error))
    return docketctl_fail (ctl, error);
  return docketctl_print_done (ctl, _("Declaration recorded"));
}

static int
case_hearing_notice (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("CASE - the notice of the case's hearing for the driver");
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = NULL;
  g_autoptr(GVariant) doc = NULL;
  DocketDBusHearings *proxy;
  gint64 id;
  const GOptionEntry entries[] = {
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("Write it as PDF to FILE"), "FILE" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1, "case hearing-notice needs one CASE"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_parse_id ("CASE", argv[1], &id, &error))
    return docketctl_usage ("%s", error->message);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_hearings_call_get_hearing_notice_sync (proxy, id, pdf ? "pdf" : "text", &doc, NULL, &error) ||
      !docketctl_write_file (pdf ? pdf : "-", doc, &error))
    return docketctl_fail (ctl, error);
  if (pdf != NULL && !g_str_equal (pdf, "-"))
    return docketctl_print_done (ctl, _("Wrote the notice of hearing"));
  return 0;
}

static int
case_dispense (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("CASE - record the dispensation that lets a member "
                                                            "with a prejudicial interest take part");
  g_autoptr(GError) error = NULL;
  g_autofree char *member = NULL, *dispensation = NULL;
  DocketDBusHearings *proxy;
  gint64 id;
  const GOptionEntry entries[] = {
    { "member", 0, 0, G_OPTION_ARG_FILENAME, &member, N_("The panel member"), "USER" },
    { "dispensation", 0, 0, G_OPTION_ARG_FILENAME, &dispensation, N_("Who granted it, when and for what"), "TEXT" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1, "case dispense needs one CASE"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_parse_id ("CASE", argv[1], &id, &error))
    return docketctl_usage ("%s", error->message);
  if (member == NULL || dispensation == NULL)
    return docketctl_usage ("case dispense needs --member and --dispensation");
  if (!docketctl_check_utf8 ("--member", member, &error) ||
      !docketctl_check_utf8 ("--dispensation", dispensation, &error))
    return docketctl_fail (ctl, error);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL || !docket_dbus_hearings_call_dispense_sync (proxy, id, member, dispensation, NULL, &error))
    return docketctl_fail (ctl, error);
  return docketctl_print_done (ctl, _("Dispensation recorded"));
}

static int
case_advise (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("CASE - record your advice to the decision-maker");
  g_autoptr(GError) error = NULL;
  g_autofree char *advice = NULL;
  DocketDBusHearings *proxy;
  gint64 id;
  const GOptionEntry entries[] = {
    { "advice", 0, 0, G_OPTION_ARG_FILENAME, &advice, N_("The advice"), "TEXT" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1, "case advise needs one CASE"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_parse_id ("CASE", argv[1], &id, &error))
    return docketctl_usage ("%s", error->message);
  if (advice == NULL)
    return docketctl_usage ("case advise needs --advice");
  if (!docketctl_check_utf8 ("--advice", advice, &error))
    return docketctl_fail (ctl, error);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL || !docket_dbus_hearings_call_advise_sync (proxy, id, advice, NULL, &error))
    return docketctl_fail (ctl, error);
  return docketctl_print_done (ctl, _("Advice recorded"));
}

static int
case_vote (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("CASE - cast your vote as a panel member");
  g_autoptr(GError) error = NULL;
  g_autofree char *outcome = NULL, *until = NULL;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketDBusHearings *proxy;
  gboolean immediate = FALSE;
  gint64 id;
  const GOptionEntry entries[] = {
    { "outcome", 0, 0, G_OPTION_ARG_FILENAME, &outcome, N_("The outcome you vote for"), "OUTCOME" },
    { "until", 0, 0, G_OPTION_ARG_FILENAME, &until, N_("The end of a suspension"), "YYYY-MM-DD" },
    { "immediate", 0, 0, G_OPTION_ARG_NONE, &immediate, N_("With immediate effect, in the interests of public safety"), NULL },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1, "case vote needs one CASE"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_parse_id ("CASE", argv[1], &id, &error))
    return docketctl_usage ("%s", error->message);
  if (outcome == NULL)
    return docketctl_usage ("case vote needs --outcome");
  if (!docketctl_add_text (&b, "outcome", "--outcome", outcome, &error) ||
      !docketctl_add_text (&b, "until", "--until", until, &error))
    return docketctl_fail (ctl, error);
  if (immediate)
    g_variant_builder_add (&b, "{sv}", "immediate", g_variant_new_boolean (TRUE));
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_hearings_call_vote_terms_sync (proxy, id, g_variant_builder_end (&b), NULL, &error))
    return docketctl_fail (ctl, error);
  return docketctl_print_done (ctl, _("Vote recorded"));
}

static int
case_record (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("CASE - record the decision");
  g_autoptr(GError) error = NULL;
  g_autofree char *outcome = NULL, *attendance = NULL, *reasons = NULL, *alternatives = NULL;
  g_autofree char *until = NULL, *decided = NULL, *expires = NULL, *justification = NULL;
  g_autofree char *correction = NULL, *reasons_file = NULL, *reasons_text = NULL, *concern = NULL;
  gboolean immediate = FALSE, safeguarding = FALSE;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketDBusHearings *proxy;
  guint version = 0;
  gint64 id;
  const GOptionEntry entries[] = {
    { "outcome", 0, 0, G_OPTION_ARG_FILENAME, &outcome, N_("deferred, granted, refused, no-action, warning, suspended, revoked, surrendered or withdrawn"), "OUTCOME" },
    { "attendance", 0, 0, G_OPTION_ARG_FILENAME, &attendance, N_("attended, represented or did-not-attend"), "A" },
    { "reasons", 0, 0, G_OPTION_ARG_FILENAME, &reasons, N_("The reasons for the decision"), "TEXT" },
    { "reasons-file", 0, 0, G_OPTION_ARG_FILENAME, &reasons_file, N_("Read the reasons from FILE"), "FILE" },
    { "alternatives", 0, 0, G_OPTION_ARG_FILENAME, &alternatives, N_("Alternatives considered and rejected"), "TEXT" },
    { "until", 0, 0, G_OPTION_ARG_FILENAME, &until, N_("The end of a suspension"), "YYYY-MM-DD" },
    { "decided", 0, 0, G_OPTION_ARG_FILENAME, &decided, N_("The date of the decision (default today)"), "YYYY-MM-DD" },
    { "expires", 0, 0, G_OPTION_ARG_FILENAME, &expires, N_("The expiry of a granted licence (default 3 years)"), "YYYY-MM-DD" },
    { "immediate", 0, 0, G_OPTION_ARG_NONE, &immediate, N_("Immediate effect in the interests of public safety"), NULL },
    { "justification", 0, 0, G_OPTION_ARG_FILENAME, &justification, N_("Why immediate effect is needed"), "TEXT" },
    { "safeguarding", 0, 0, G_OPTION_ARG_NONE, &safeguarding, N_("Relies on safeguarding or road-safety grounds (NR3S)"), NULL },
    { "correction", 0, 0, G_OPTION_ARG_FILENAME, &correction, N_("Correct the recorded decision, for this reason"), "TEXT" },
    { "concern", 0, 0, G_OPTION_ARG_FILENAME, &concern, N_("The offence or concern behind a refusal, suspension or revocation: sexual, violence, dishonesty, drugs, driving, safeguarding or other (default: worked out from the record)"), "CATEGORY" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1, "case record needs one CASE"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_parse_id ("CASE", argv[1], &id, &error))
    return docketctl_usage ("%s", error->message);
  if (outcome == NULL)
    return docketctl_usage ("case record needs --outcome");
  if (reasons_file != NULL && !g_file_get_contents (reasons_file, &reasons_text, NULL, &error))
    return docketctl_fail (ctl, error);
  if (!docketctl_add_text (&b, "outcome", "--outcome", outcome, &error) ||
      !docketctl_add_text (&b, "attendance", "--attendance", attendance, &error) ||
      !docketctl_add_text (&b, "reasons", reasons_text ? "--reasons-file" : "--reasons",
                 reasons_text ? reasons_text : reasons, &error) ||
      !docketctl_add_text (&b, "alternatives", "--alternatives", alternatives, &error) ||
      !docketctl_add_text (&b, "until", "--until", until, &error) ||
      !docketctl_add_text (&b, "decided", "--decided", decided, &error) ||
      !docketctl_add_text (&b, "expires", "--expires", expires, &error) ||
      !docketctl_add_text (&b, "justification", "--justification", justification, &error) ||
      !docketctl_add_text (&b, "correction", "--correction", correction, &error) ||
      !docketctl_add_text (&b, "concern", "--concern", concern, &error))
    return docketctl_fail (ctl, error);
  if (immediate)
    g_variant_builder_add (&b, "{sv}", "immediate", g_variant_new_boolean (TRUE));
  if (safeguarding)
    g_variant_builder_add (&b, "{sv}", "safeguarding", g_variant_new_boolean (TRUE));
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_hearings_call_record_sync (proxy, id, g_variant_builder_end (&b), &version, NULL, &error))
    return docketctl_fail (ctl, error);
  if (ctl->json)
    docketctl_print_json (g_variant_new_parsed ("{'case': <%x>, 'version': <%u>}", id, version));
  else
    g_print (_("Recorded decision version %u\n"), version);
  return 0;
}

static int
case_notice (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("CASE - the statement of decision, or record when it was sent");
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = NULL, *sent = NULL, *method = NULL, *time = NULL;
  g_autofree char *format = NULL;
  g_autoptr(GVariant) doc = NULL;
  gboolean as_given = FALSE;
  DocketDBusHearings *proxy;
  gint64 id;
  const GOptionEntry entries[] = {
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("Write it as PDF to FILE"), "FILE" },
    { "as-given", 0, 0, G_OPTION_ARG_NONE, &as_given,
      N_("As it was when given to the driver (its hash is kept with the case)"), NULL },
    { "sent", 0, 0, G_OPTION_ARG_FILENAME, &sent, N_("Record the day it was handed over, posted or emailed to the driver"), "YYYY-MM-DD" },
    { "method", 0, 0, G_OPTION_ARG_STRING, &method, N_("How: hand (the default), post (first class) or email (with consent)"), "METHOD" },
    { "time", 0, 0, G_OPTION_ARG_STRING, &time, N_("The time an email was sent; after 16:30 it is given the next working day"), "HH:MM" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1, "case notice needs one CASE"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_parse_id ("CASE", argv[1], &id, &error))
    return docketctl_usage ("%s", error->message);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL)
    return docketctl_fail (ctl, error);
  if ((method != NULL || time != NULL) && sent == NULL)
    return docketctl_usage ("%s", _("--method and --time go with --sent"));
  if (sent != NULL)
    {
      g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      g_auto(GStrv) warnings = NULL;
      g_autofree char *served = NULL;

      if (!docketctl_add_text (&b, "date", "--sent", sent, &error) ||
          !docketctl_add_text (&b, "method", "--method", method, &error) ||
          !docketctl_add_text (&b, "time", "--time", time, &error) ||
          !docket_dbus_hearings_call_give_notice_sync (proxy, id, g_variant_builder_end (&b), &served,
                                                       &warnings, NULL, &error))
        return docketctl_fail (ctl, error);
      docketctl_print_warnings ((const char * const *) warnings);
      if (pdf == NULL)
        {
          if (ctl->json)
            docketctl_print_json (g_variant_new_parsed ("{'case': <%x>, 'served': <%s>, 'warnings': <%^as>}",
                                                        id, served, warnings));
          else
            g_print (_("Given to the driver on %s; the appeal period runs from that day\n"), served);
          return 0;
        }
    }
  format = g_strdup_printf ("%s%s", pdf ? "pdf" : "text", as_given ? "-as-given" : "");
  if (!docket_dbus_hearings_call_get_notice_sync (proxy, id, format, &doc, NULL, &error))
    return docketctl_fail (ctl, error);
  if (pdf != NULL)
    {
      if (!docketctl_write_file (pdf, doc, &error))
        return docketctl_fail (ctl, error);
      if (!g_str_equal (pdf, "-"))
        return docketctl_print_done (ctl, _("Wrote the statement of decision"));
      return 0;
    }
  if (ctl->json)
    {
      gsize len;
      const char *text = g_variant_get_fixed_array (doc, &len, 1);
      g_autofree char *copy = g_strndup (text, len);
      docketctl_print_json (g_variant_new_parsed ("{'case': <%x>, 'text': <%s>}", id, copy));
    }
  else
    docketctl_write_file ("-", doc, NULL);
  return 0;
}

static int
case_notices (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- decisions whose statement has not been given");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) rows = NULL;
  g_auto(GVariantBuilder) q = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketDBusHearings *proxy;
  gboolean overdue = FALSE;
  const GOptionEntry entries[] = {
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue, N_("Only those past the 14 days of section 61(2)(a)"), NULL },
    { NULL }
  };
  static const char * const columns[] = { "case", "licence", "outcome", "decided", "due", "overdue", NULL };
  const char * const headings[] = { _("CASE"), _("LICENCE"), _("OUTCOME"), _("DECIDED"), _("GIVE BY"),
                                    _("OVERDUE"), NULL };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 0, "case notices takes no arguments"))
    return DOCKETCTL_EXIT_USAGE;
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL)
    return docketctl_fail (ctl, error);
  if (overdue)
    g_variant_builder_add (&q, "{sv}", "overdue", g_variant_new_boolean (TRUE));
  if (!docket_dbus_hearings_call_list_notices_sync (proxy, g_variant_builder_end (&q), &rows, NULL, &error))
    return docketctl_fail (ctl, error);
  docketctl_print_rows (ctl, rows, columns, headings);
  return 0;
}

static int
case_appeal (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("CASE - record an appeal to the magistrates' court, "
                                                            "or onward to the Crown Court, and its result");
  g_autoptr(GError) error = NULL;
  g_autofree char *lodged = NULL, *court = NULL, *court_name = NULL, *hearing_date = NULL, *result = NULL;
  g_autofree char *result_date = NULL, *outcome = NULL, *until = NULL;
  g_auto(GStrv) warnings = NULL;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketDBusHearings *proxy;
  gint64 id;
  const GOptionEntry entries[] = {
    { "lodged", 0, 0, G_OPTION_ARG_FILENAME, &lodged, N_("When the appeal was lodged"), "YYYY-MM-DD" },
    { "court", 0, 0, G_OPTION_ARG_FILENAME, &court, N_("magistrates (the default) or crown: which appeal; "
                                                        "any other text names the magistrates' court"), "COURT" },
    { "court-name", 0, 0, G_OPTION_ARG_FILENAME, &court_name, N_("The court's name"), "TEXT" },
    { "hearing-date", 0, 0, G_OPTION_ARG_FILENAME, &hearing_date, N_("The court's hearing"), "YYYY-MM-DD" },
    { "result", 0, 0, G_OPTION_ARG_FILENAME, &result, N_("dismissed, allowed, varied or withdrawn"), "R" },
    { "result-date", 0, 0, G_OPTION_ARG_FILENAME, &result_date, N_("The date of the result (default today)"), "YYYY-MM-DD" },
    { "outcome", 0, 0, G_OPTION_ARG_FILENAME, &outcome, N_("The outcome the court substituted (varied)"), "OUTCOME" },
    { "until", 0, 0, G_OPTION_ARG_FILENAME, &until, N_("The end of a substituted suspension"), "YYYY-MM-DD" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1, "case appeal needs one CASE"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_parse_id ("CASE", argv[1], &id, &error))
    return docketctl_usage ("%s", error->message);
  /* --court crown chooses the appeal onward to the Crown Court; --court
   * with a court's name stays what it was before there were two. */
  if (court != NULL && (g_ascii_strcasecmp (court, "crown") == 0 || g_ascii_strcasecmp (court, "magistrates") == 0))
    {
      g_autofree char *stage = g_ascii_strdown (court, -1);
      g_variant_builder_add (&b, "{sv}", "stage", g_variant_new_string (stage));
      g_clear_pointer (&court, g_free);
    }
  if (court != NULL && court_name != NULL)
    return docketctl_usage (_("give the court's name once: --court-name"));
  if (!docketctl_add_text (&b, "lodged", "--lodged", lodged, &error) ||
      !docketctl_add_text (&b, "court", "--court-name", court_name ? court_name : court, &error) ||
      !docketctl_add_text (&b, "hearing-date", "--hearing-date", hearing_date, &error) ||
      !docketctl_add_text (&b, "result", "--result", result, &error) ||
      !docketctl_add_text (&b, "result-date", "--result-date", result_date, &error) ||
      !docketctl_add_text (&b, "outcome", "--outcome", outcome, &error) ||
      !docketctl_add_text (&b, "until", "--until", until, &error))
    return docketctl_fail (ctl, error);
  proxy = docketctl_hearings (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_hearings_call_appeal_sync (proxy, id, g_variant_builder_end (&b), &warnings, NULL, &error))
    return docketctl_fail (ctl, error);
  docketctl_print_warnings ((const char * const *) warnings);
  if (ctl->json)
    {
      docketctl_print_json (g_variant_new_parsed ("{'case': <%x>, 'warnings': <%^as>}", id, warnings));
      return 0;
    }
  return docketctl_print_done (ctl, _("Appeal recorded"));
}

static const DocketCtlVerb case_verbs[] = {
  { "show", case_show, N_("Show a case, its decisions, effects and appeal") },
  { "update", case_update, N_("Change the grounds, report or notified date") },
  { "attend", case_attend, N_("Record whether the driver attended") },
  { "declare", case_declare, N_("Record a declaration of interest") },
  { "hearing-notice", case_hearing_notice, N_("The notice of the hearing for the driver, as text or PDF") },
  { "dispense", case_dispense, N_("Record a dispensation for a member with a prejudicial interest") },
  { "advise", case_advise, N_("Record your advice (sole decision-maker)") },
  { "vote", case_vote, N_("Cast your vote (panel)") },
  { "record", case_record, N_("Record the decision, or correct it") },
  { "notice", case_notice, N_("Print or save the statement of decision; record it given") },
  { "notices", case_notices, N_("Decisions whose statement has not been given (--overdue)") },
  { "appeal", case_appeal, N_("Record an appeal and its result") },
  { "relist", case_relist, N_("List a deferred case on a later hearing") },
  { "move", case_move, N_("Move an undecided case to another hearing") },
  { NULL }
};

int
docketctl_case (DocketCtl *ctl, int argc, char **argv)
{
  return docketctl_dispatch (ctl, "case", case_verbs, argc - 1, argv + 1);
}

/* stats ------------------------------------------------------------------- */

/* The audit and training figures per month or per audit run. */
static int
stats_compliance (DocketCtl *ctl, DocketDBusStatistics *proxy, GVariant *query, gboolean by_run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) rows = NULL;
  static const char * const month_keys[] = {
    "month", "training-attended", "training-suspensions", "training-reinstated", "training-suspended",
    "training-overdue", "flags-raised", "flags-referred", "audited", "breach-percent",
    "referred-percent", "revoked-percent", NULL,
  };
  static const char * const month_heads[] = {
    N_("MONTH"), N_("TRAINED"), N_("HELD"), N_("REINSTATED"), N_("HELD AT END"), N_("OVERDUE"),
    N_("FLAGS"), N_("REFERRED"), N_("AUDITED"), N_("IN BREACH %"), N_("REFERRED %"),
    N_("REVOKED %"), NULL,
  };
  static const char * const run_keys[] = {
    "id", "as-of", "audited", "in-breach", "breach-percent", "adherence-percent", "referred",
    "referred-percent", "revoked", "revoked-percent", "trained", "training-overdue",
    "training-suspended", NULL,
  };
  static const char * const run_heads[] = {
    N_("RUN"), N_("AS OF"), N_("AUDITED"), N_("IN BREACH"), N_("IN BREACH %"), N_("ADHERENCE %"),
    N_("REFERRED"), N_("REFERRED %"), N_("REVOKED"), N_("REVOKED %"), N_("TRAINED"),
    N_("OVERDUE"), N_("HELD FOR TRAINING"), NULL,
  };

  if (!docket_dbus_statistics_call_compliance_sync (proxy, query, &rows, NULL, &error))
    return docketctl_fail (ctl, error);
  if (ctl->json)
    docketctl_print_json (rows);
  else
    docketctl_print_table (rows, by_run ? run_keys : month_keys, by_run ? run_heads : month_heads);
  return 0;
}

/* stats --check: the counts kept against a count from scratch. */
static int
stats_check (DocketCtl *ctl, DocketDBusStatistics *proxy)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) result = NULL;
  g_autofree const char **differences = NULL;
  gboolean agree = FALSE;
  guint32 hearings = 0, cases = 0;

  if (!docket_dbus_statistics_call_check_sync (proxy, &result, NULL, &error))
    return docketctl_fail (ctl, error);
  g_variant_lookup (result, "agree", "b", &agree);
  g_variant_lookup (result, "hearings", "u", &hearings);
  g_variant_lookup (result, "cases", "u", &cases);
  g_variant_lookup (result, "differences", "^a&s", &differences);
  if (ctl->json)
    docketctl_print_json (result);
  else if (agree)
    g_print (_("The figures agree with a count of every decision again: %u hearings, %u cases.\n"), hearings, cases);
  else
    {
      g_printerr (_("The figures kept do not agree with a count from the cases at:\n"));
      for (guint i = 0; differences && differences[i]; i++)
        g_printerr ("  %s\n", differences[i]);
    }
  return agree ? 0 : DOCKETCTL_EXIT_FAILED;
}

int
docketctl_stats (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- the record of decisions per hearing or month");
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL, *to = NULL, *by = NULL, *pdf = NULL, *annual = NULL, *explain = NULL;
  gboolean csv = FALSE, compliance = FALSE, check = FALSE;
  g_autoptr(GVariant) query = NULL;
  g_autoptr(GVariant) rows = NULL;
  g_autoptr(GVariant) totals = NULL;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketDBusStatistics *proxy;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("The first month"), "YYYY-MM" },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("The last month"), "YYYY-MM" },
    { "by", 0, 0, G_OPTION_ARG_FILENAME, &by, N_("hearing (default) or month"), "GROUP" },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("Print CSV"), NULL },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("Write a PDF report with a chart to FILE"), "FILE" },
    { "compliance", 0, 0, G_OPTION_ARG_NONE, &compliance,
      N_("Audit and training figures instead, --by month (default) or run"), NULL },
    { "check", 0, 0, G_OPTION_ARG_NONE, &check,
      N_("Count every decision again and compare with the figures docketd keeps"), NULL },
    { "annual", 0, 0, G_OPTION_ARG_FILENAME, &annual,
      N_("The annual return: licensed drivers as at 1 April YEAR and the year to 31 March"), "YEAR" },
    { "explain", 0, 0, G_OPTION_ARG_FILENAME, &explain,
      N_("With --annual: the licences and cases behind FIGURE"), "FIGURE" },
    { NULL }
  };
  static const char * const cols[] = {
    "listed", "did_not_attend", "deferred", "granted", "refused", "no_action", "suspended",
    "revoked", "warnings", "surrendered", "withdrawn", "pending",
  };
  static const char * const heads[] = {
    N_("LISTED"), N_("DNA"), N_("DEFERRED"), N_("GRANTED"), N_("REFUSED"), N_("NO ACTION"),
    N_("SUSPENDED"), N_("REVOKED"), N_("WARNINGS"), N_("SURRENDERED"), N_("WITHDRAWN"), N_("PENDING"),
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 0, "stats takes options only"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_add_text (&b, "from", "--from", from, &error) || !docketctl_add_text (&b, "to", "--to", to, &error) ||
      !docketctl_add_text (&b, "by", "--by", by, &error))
    return docketctl_fail (ctl, error);
  query = g_variant_ref_sink (g_variant_builder_end (&b));
  proxy = docketctl_statistics (ctl, &error);
  if (proxy == NULL)
    return docketctl_fail (ctl, error);

  if (check)
    return stats_check (ctl, proxy);
  if (annual != NULL)
    return docketctl_stats_annual (ctl, proxy, annual, csv, pdf, explain);
  if (explain != NULL)
    return docketctl_usage ("--explain FIGURE goes with --annual YEAR");
  if (compliance)
    return stats_compliance (ctl, proxy, query, g_strcmp0 (by, "run") == 0);
  if (pdf != NULL || csv)
    {
      g_autoptr(GVariant) doc = NULL;
      if (!docket_dbus_statistics_call_render_sync (proxy, query, pdf ? "pdf" : "csv", &doc, NULL, &error))
        return docketctl_fail (ctl, error);
      if (pdf != NULL && !docketctl_write_file (pdf, doc, &error))
        return docketctl_fail (ctl, error);
      if (csv)
        {
          g_autoptr(GVariant) text = NULL;
          if (pdf != NULL &&
              !docket_dbus_statistics_call_render_sync (proxy, query, "csv", &text, NULL, &error))
            return docketctl_fail (ctl, error);
          docketctl_write_file ("-", text ? text : doc, NULL);
        }
      return 0;
    }

  if (!docket_dbus_statistics_call_get_sync (proxy, query, &rows, &totals, NULL, &error))
    return docketctl_fail (ctl, error);
  if (ctl->json)
    {
      docketctl_print_json (g_variant_new_parsed ("{'rows': <%@aa{sv}>, 'totals': <%@a{sv}>}", rows, totals));
      return 0;
    }
  {
    gboolean by_month = g_strcmp0 (by, "month") == 0;
    g_auto(GVariantBuilder) all = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
    g_auto(GVariantBuilder) total_row = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
    const char *keys[16] = { by_month ? "month" : "date", NULL };
    const char *headings[16] = { by_month ? N_("MONTH") : N_("HEARING DATE"), NULL };
    GVariantIter iter;
    const char *key;
    GVariant *value;

    for (guint i = 0; i < G_N_ELEMENTS (cols); i++)
      {
        keys[i + 1] = cols[i];
        headings[i + 1] = heads[i];
      }
    for (gsize i = 0; i < g_variant_n_children (rows); i++)
      g_variant_builder_add_value (&all, g_variant_get_child_value (rows, i));
    g_variant_builder_add (&total_row, "{sv}", keys[0], g_variant_new_string (_("Total")));
    g_variant_iter_init (&iter, totals);
    while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
      {
        g_variant_builder_add (&total_row, "{sv}", key, value);
        g_variant_unref (value);
      }
    g_variant_builder_add_value (&all, g_variant_builder_end (&total_row));
    docketctl_print_table (g_variant_builder_end (&all), keys, headings);
  }
  return 0;
}
