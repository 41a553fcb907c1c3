/* docketctl audit run|runs, flags ..., training ..., dbs ..., compliance ...:
 * the licensing policy's audit, safeguarding training and DBS checks. */
#include "config.h"

#include "docket-names.h"
#include "docketctl-common.h"
#include "docketctl-compliance.h"



static gboolean
add_count (GVariantBuilder *b, const char *key, int value, const char *option)
{
  if (value < 0)
    {
      docketctl_usage ("%s must not be negative", option);
      return FALSE;
    }
  g_variant_builder_add (b, "{sv}", key, g_variant_new_uint32 ((guint32) value));
  return TRUE;
}

static DocketDBusCompliance *
proxy_or_fail (DocketCtl *ctl, GError **error)
{
  return docketctl_compliance (ctl, error);
}

/* Prints the rows, or JSON with the total. */
static void
print_page (DocketCtl *ctl, GVariant *rows, guint total, const char * const *keys,
            const char * const *heads)
{
  if (ctl->json)
    {
      docketctl_print_json (g_variant_new_parsed ("{'rows': <%@aa{sv}>, 'total': <%u>}", rows, total));
      return;
    }
  docketctl_print_table (rows, keys, heads);
  if (total > g_variant_n_children (rows))
    g_print (_("(%u of %u shown)\n"), (guint) g_variant_n_children (rows), total);
}

/* audit run | runs -------------------------------------------------------- */

static const char * const run_keys[] = {
  "id", "as-of", "trigger", "audited", "meeting", "in-breach", "adherence-percent", "raised",
  "resolved", "referred", "revoked", "trained", "training-overdue", "training-suspended", NULL,
};
static const char * const run_heads[] = {
  N_("RUN"), N_("AS OF"), N_("TRIGGER"), N_("AUDITED"), N_("MEETING"), N_("IN BREACH"),
  N_("ADHERENCE %"), N_("RAISED"), N_("RESOLVED"), N_("REFERRED"), N_("REVOKED"),
  N_("TRAINED"), N_("TRAINING OVERDUE"), N_("HELD FOR TRAINING"), NULL,
};

int
docketctl_audit_run (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- audit every licence against the policy now");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) run = NULL;
  DocketDBusCompliance *proxy;
  static const char * const keys[] = {
    "id", "as-of", "audited", "meeting", "in-breach", "adherence-percent", "raised", "resolved",
    "trained", "training-overdue", "training-suspended", NULL,
  };
  static const char * const heads[] = {
    N_("Run"), N_("As of"), N_("Licences audited"), N_("Meeting the policy"), N_("In breach"),
    N_("Policy adherence %"), N_("Flags raised"), N_("Flags resolved"), N_("Trained"),
    N_("Training overdue"), N_("Suspended pending training"), NULL,
  };

  if (!docketctl_parse_args (context, NULL, &argc, &argv, 0, "audit run takes no arguments"))
    return DOCKETCTL_EXIT_USAGE;
  proxy = proxy_or_fail (ctl, &error);
  if (proxy == NULL || !docket_dbus_compliance_call_run_audit_sync (proxy, &run, NULL, &error))
    return docketctl_fail (ctl, error);
  docketctl_print_record (ctl, run, keys, heads);
  return 0;
}

int
docketctl_audit_runs (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- the audit runs, newest first");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) runs = NULL;
  g_auto(GVariantBuilder) q = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketDBusCompliance *proxy;
  int limit = DOCKET_PAGE_DEFAULT;
  const GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most N runs (default 50)"), "N" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 0, "audit runs takes options only") ||
      !add_count (&q, "limit", limit, "--limit"))
    return DOCKETCTL_EXIT_USAGE;
  proxy = proxy_or_fail (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_compliance_call_list_runs_sync (proxy, g_variant_builder_end (&q), &runs, NULL, &error))
    return docketctl_fail (ctl, error);
  docketctl_print_rows (ctl, runs, run_keys, run_heads);
  return 0;
}

/* flags -------------------------------------------------------------------- */

static int
flags_list (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- audit flags, open ones first");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) rows = NULL;
  g_autofree char *status = NULL, *rule = NULL, *licence = NULL;
  g_auto(GVariantBuilder) q = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketDBusCompliance *proxy;
  int limit = DOCKET_PAGE_DEFAULT, offset = 0;
  gint64 run = 0;
  guint total = 0;
  const GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_FILENAME, &status, N_("open, referred, dismissed or resolved"), "STATUS" },
    { "rule", 0, 0, G_OPTION_ARG_FILENAME, &rule, N_("Only flags of this rule"), "RULE" },
    { "licence", 0, 0, G_OPTION_ARG_FILENAME, &licence, N_("Only this driver's flags"), "LICENCE" },
    { "run", 0, 0, G_OPTION_ARG_INT64, &run, N_("Only flags seen by this audit run"), "RUN" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most N flags (default 50)"), "N" },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, N_("Skip the first N"), "N" },
    { NULL }
  };
  static const char * const keys[] = {
    "id", "licence", "name", "rule", "raised", "status", "case", "hearing-date", "case-outcome",
    "evidence", NULL,
  };
  static const char * const heads[] = {
    N_("FLAG"), N_("LICENCE"), N_("NAME"), N_("RULE"), N_("RAISED"), N_("STATUS"), N_("CASE"),
    N_("HEARING"), N_("OUTCOME"), N_("EVIDENCE"), NULL,
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 0, "flags list takes options only") ||
      !add_count (&q, "limit", limit, "--limit") || !add_count (&q, "offset", offset, "--offset"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_add_text (&q, "status", "--status", status, &error) || !docketctl_add_text (&q, "rule", "--rule", rule, &error) ||
      !docketctl_add_text (&q, "licence", "--licence", licence, &error))
    return docketctl_fail (ctl, error);
  if (run > 0)
    g_variant_builder_add (&q, "{sv}", "run", g_variant_new_int64 (run));
  proxy = proxy_or_fail (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_compliance_call_list_flags_sync (proxy, g_variant_builder_end (&q), &rows, &total,
                                                    NULL, &error))
    return docketctl_fail (ctl, error);
  print_page (ctl, rows, total, keys, heads);
  return 0;
}

static int
flags_show (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("FLAG - one flag, with the reason for its status");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) flag = NULL;
  DocketDBusCompliance *proxy;
  gint64 id;
  static const char * const keys[] = {
    "id", "licence", "name", "driver-status", "rule-title", "evidence", "raised", "run", "status",
    "status-date", "status-by", "reason", "case", "hearing-date", "case-outcome", NULL,
  };
  static const char * const heads[] = {
    N_("Flag"), N_("Licence"), N_("Name"), N_("Licence status"), N_("Rule"), N_("Evidence"),
    N_("Raised"), N_("Audit run"), N_("Status"), N_("Since"), N_("By"), N_("Reason"), N_("Case"),
    N_("Hearing"), N_("Outcome"), NULL,
  };

  if (!docketctl_parse_args (context, NULL, &argc, &argv, 1, "usage: flags show FLAG"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_parse_id ("flag", argv[1], &id, &error))
    return docketctl_fail (ctl, error);
  proxy = proxy_or_fail (ctl, &error);
  if (proxy == NULL || !docket_dbus_compliance_call_get_flag_sync (proxy, id, &flag, NULL, &error))
    return docketctl_fail (ctl, error);
  docketctl_print_record (ctl, flag, keys, heads);
  return 0;
}

static int
flags_dismiss (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("FLAG - dismiss a flag, saying why");
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  DocketDBusCompliance *proxy;
  gint64 id;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_FILENAME, &reason, N_("Why the flag needs no action (required)"), "TEXT" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1, "usage: flags dismiss FLAG --reason TEXT"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_parse_id ("flag", argv[1], &id, &error) ||
      !docketctl_check_utf8 ("--reason", reason, &error))
    return docketctl_fail (ctl, error);
  proxy = proxy_or_fail (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_compliance_call_dismiss_flag_sync (proxy, id, reason ? reason : "", NULL, &error))
    return docketctl_fail (ctl, error);
  if (!ctl->json)
    g_print (_("Flag %s dismissed\n"), argv[1]);
  return 0;
}

static int
flags_refer (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("FLAG - refer a flag to a hearing, listing a review case");
  g_autoptr(GError) error = NULL;
  g_autofree char *hearing_s = NULL, *reason = NULL, *notified = NULL;
  g_auto(GStrv) warnings = NULL;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketDBusCompliance *proxy;
  gint64 id, hearing = 0, case_id = 0;
  const GOptionEntry entries[] = {
    { "hearing", 0, 0, G_OPTION_ARG_FILENAME, &hearing_s, N_("The hearing to list the case on (required)"), "HEARING" },
    { "reason", 0, 0, G_OPTION_ARG_FILENAME, &reason, N_("Why it goes to a hearing"), "TEXT" },
    { "notified", 0, 0, G_OPTION_ARG_FILENAME, &notified, N_("The date the driver was told of the hearing"), "DATE" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1, "usage: flags refer FLAG --hearing HEARING"))
    return DOCKETCTL_EXIT_USAGE;
  if (hearing_s == NULL)
    return docketctl_usage ("flags refer: --hearing is required");
  if (!docketctl_parse_id ("flag", argv[1], &id, &error) ||
      !docketctl_parse_id ("hearing", hearing_s, &hearing, &error) ||
      !docketctl_add_text (&b, "reason", "--reason", reason, &error) ||
      !docketctl_add_text (&b, "notified", "--notified", notified, &error))
    return docketctl_fail (ctl, error);
  proxy = proxy_or_fail (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_compliance_call_refer_flag_sync (proxy, id, hearing, g_variant_builder_end (&b),
                                                    &case_id, &warnings, NULL, &error))
    return docketctl_fail (ctl, error);
  docketctl_print_warnings ((const char * const *) warnings);
  if (ctl->json)
    docketctl_print_json (g_variant_new_parsed ("{'case': <%x>}", case_id));
  else
    {
      g_autofree char *c = g_strdup_printf ("%" G_GINT64_FORMAT, case_id);
      g_print (_("Flag %s referred: case %s on hearing %s\n"), argv[1], c, hearing_s);
    }
  return 0;
}

static const DocketCtlVerb flag_verbs[] = {
  { "list", flags_list, N_("Audit flags, open ones first") },
  { "show", flags_show, N_("One flag with the reason for its status") },
  { "dismiss", flags_dismiss, N_("Dismiss a flag with a reason") },
  { "refer", flags_refer, N_("Refer a flag to a hearing") },
  { NULL }
};

int
docketctl_flags (DocketCtl *ctl, int argc, char **argv)
{
  return docketctl_dispatch (ctl, "flags", flag_verbs, argc - 1, argv + 1);
}

/* training ------------------------------------------------------------------ */

static int
training_record (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("LICENCE - record safeguarding training attended");
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL, *provider = NULL, *certificate = NULL;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketDBusCompliance *proxy;
  gint64 id = 0;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_FILENAME, &date, N_("The date of the course (required)"), "DATE" },
    { "provider", 0, 0, G_OPTION_ARG_FILENAME, &provider, N_("Who ran it (required)"), "TEXT" },
    { "certificate", 0, 0, G_OPTION_ARG_FILENAME, &certificate, N_("The certificate reference"), "REF" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1, "usage: training record LICENCE --date DATE --provider TEXT"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_check_utf8 ("LICENCE", argv[1], &error) ||
      !docketctl_add_text (&b, "date", "--date", date, &error) ||
      !docketctl_add_text (&b, "provider", "--provider", provider, &error) ||
      !docketctl_add_text (&b, "certificate", "--certificate", certificate, &error))
    return docketctl_fail (ctl, error);
  proxy = proxy_or_fail (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_compliance_call_record_training_sync (proxy, argv[1], g_variant_builder_end (&b),
                                                         &id, NULL, &error))
    return docketctl_fail (ctl, error);
  if (ctl->json)
    docketctl_print_json (g_variant_new_parsed ("{'id': <%x>}", id));
  else
    g_print (_("Training recorded for %s\n"), argv[1]);
  return 0;
}

/* Compliance.SetDates for @licence with the dates in @b. */
static gboolean
set_dates (DocketCtl *ctl, const char *licence, GVariantBuilder *b, GError **error)
{
  DocketDBusCompliance *proxy = proxy_or_fail (ctl, error);

  return proxy != NULL &&
         docket_dbus_compliance_call_set_dates_sync (proxy, licence, g_variant_builder_end (b), NULL, error);
}

static int
training_deadline (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("LICENCE DATE - set the training deadline");
  g_autoptr(GError) error = NULL;
  g_autofree char *final = NULL;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  const GOptionEntry entries[] = {
    { "final", 0, 0, G_OPTION_ARG_FILENAME, &final,
      N_("The final date, after which the case goes to a hearing (default: the policy's days after the deadline)"), "DATE" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 2, "usage: training deadline LICENCE DATE [--final DATE]"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_check_utf8 ("LICENCE", argv[1], &error) ||
      !docketctl_add_text (&b, "training-deadline", "DATE", argv[2], &error) ||
      !docketctl_add_text (&b, "training-final", "--final", final, &error))
    return docketctl_fail (ctl, error);
  if (!set_dates (ctl, argv[1], &b, &error))
    return docketctl_fail (ctl, error);
  if (!ctl->json)
    g_print (_("Training deadline of %s set to %s\n"), argv[1], argv[2]);
  return 0;
}

static int
training_due (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- drivers whose safeguarding training is due");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) rows = NULL;
  g_autofree char *state = NULL;
  g_auto(GVariantBuilder) q = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketDBusCompliance *proxy;
  int within = 30, limit = DOCKET_PAGE_DEFAULT, offset = 0;
  guint total = 0;
  const GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_FILENAME, &state, N_("due, overdue or suspended"), "STATE" },
    { "within", 0, 0, G_OPTION_ARG_INT, &within, N_("Deadlines up to N days ahead (default 30)"), "N" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most N drivers (default 50)"), "N" },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, N_("Skip the first N"), "N" },
    { NULL }
  };
  static const char * const keys[] = {
    "licence", "name", "status", "training-deadline", "training-final", "state", NULL,
  };
  static const char * const heads[] = {
    N_("LICENCE"), N_("NAME"), N_("STATUS"), N_("DEADLINE"), N_("FINAL DATE"), N_("STATE"), NULL,
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 0, "training due takes options only") ||
      !add_count (&q, "within", within, "--within") || !add_count (&q, "limit", limit, "--limit") ||
      !add_count (&q, "offset", offset, "--offset"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_add_text (&q, "state", "--state", state, &error))
    return docketctl_fail (ctl, error);
  proxy = proxy_or_fail (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_compliance_call_training_due_sync (proxy, g_variant_builder_end (&q), &rows, &total,
                                                      NULL, &error))
    return docketctl_fail (ctl, error);
  print_page (ctl, rows, total, keys, heads);
  return 0;
}

static const DocketCtlVerb training_verbs[] = {
  { "record", training_record, N_("Record safeguarding training attended") },
  { "deadline", training_deadline, N_("Set a driver's training deadline and final date") },
  { "due", training_due, N_("Drivers whose training is due, overdue or holding their licence") },
  { NULL }
};

int
docketctl_training (DocketCtl *ctl, int argc, char **argv)
{
  return docketctl_dispatch (ctl, "training", training_verbs, argc - 1, argv + 1);
}

/* dbs ----------------------------------------------------------------------- */

static int
dbs_record (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("LICENCE - record a DBS check and its result");
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL, *kind = NULL, *result = NULL, *certificate = NULL;
  gboolean barred = FALSE;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketDBusCompliance *proxy;
  gint64 id = 0;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_FILENAME, &date, N_("The date of the check (required)"), "DATE" },
    { "kind", 0, 0, G_OPTION_ARG_FILENAME, &kind, N_("enhanced or update-service (required)"), "KIND" },
    { "result", 0, 0, G_OPTION_ARG_FILENAME, &result, N_("clear, information or barred (required)"), "RESULT" },
    { "barred-lists", 0, 0, G_OPTION_ARG_NONE, &barred, N_("Both barred lists were checked"), NULL },
    { "certificate", 0, 0, G_OPTION_ARG_FILENAME, &certificate, N_("The DBS certificate number"), "NUMBER" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1,
                   "usage: dbs record LICENCE --date DATE --kind KIND --result RESULT"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_check_utf8 ("LICENCE", argv[1], &error) ||
      !docketctl_add_text (&b, "date", "--date", date, &error) || !docketctl_add_text (&b, "kind", "--kind", kind, &error) ||
      !docketctl_add_text (&b, "result", "--result", result, &error) ||
      !docketctl_add_text (&b, "certificate", "--certificate", certificate, &error))
    return docketctl_fail (ctl, error);
  g_variant_builder_add (&b, "{sv}", "barred-lists", g_variant_new_boolean (barred));
  proxy = proxy_or_fail (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_compliance_call_record_dbs_check_sync (proxy, argv[1], g_variant_builder_end (&b),
                                                          &id, NULL, &error))
    return docketctl_fail (ctl, error);
  if (ctl->json)
    docketctl_print_json (g_variant_new_parsed ("{'id': <%x>}", id));
  else
    g_print (_("DBS check recorded for %s\n"), argv[1]);
  return 0;
}

static int
dbs_due (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- DBS checks due and overdue, soonest first");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) rows = NULL;
  g_auto(GVariantBuilder) q = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketDBusCompliance *proxy;
  gboolean overdue = FALSE;
  int within = 30, limit = DOCKET_PAGE_DEFAULT, offset = 0;
  guint total = 0;
  const GOptionEntry entries[] = {
    { "within", 0, 0, G_OPTION_ARG_INT, &within, N_("Checks due up to N days ahead (default 30)"), "N" },
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue, N_("Only those overdue"), NULL },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most N drivers (default 50)"), "N" },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, N_("Skip the first N"), "N" },
    { NULL }
  };
  static const char * const keys[] = { "licence", "name", "status", "last-check", "due", "overdue", NULL };
  static const char * const heads[] = {
    N_("LICENCE"), N_("NAME"), N_("STATUS"), N_("LAST CHECK"), N_("DUE"), N_("OVERDUE"), NULL,
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 0, "dbs due takes options only") ||
      !add_count (&q, "within", within, "--within") || !add_count (&q, "limit", limit, "--limit") ||
      !add_count (&q, "offset", offset, "--offset"))
    return DOCKETCTL_EXIT_USAGE;
  if (overdue)
    g_variant_builder_add (&q, "{sv}", "overdue", g_variant_new_boolean (TRUE));
  proxy = proxy_or_fail (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_compliance_call_dbs_due_sync (proxy, g_variant_builder_end (&q), &rows, &total, NULL, &error))
    return docketctl_fail (ctl, error);
  print_page (ctl, rows, total, keys, heads);
  return 0;
}

static const DocketCtlVerb dbs_verbs[] = {
  { "record", dbs_record, N_("Record a DBS check and its result") },
  { "due", dbs_due, N_("DBS checks due and overdue") },
  { NULL }
};

int
docketctl_dbs (DocketCtl *ctl, int argc, char **argv)
{
  return docketctl_dispatch (ctl, "dbs", dbs_verbs, argc - 1, argv + 1);
}

/* compliance show | medical | tick ----------------------------------------- */

static int
compliance_show (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("LICENCE - a driver's training, DBS checks and flags");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) record = NULL;
  g_autoptr(GVariant) list = NULL;
  gboolean sensitive = FALSE;
  DocketDBusCompliance *proxy;
  const GOptionEntry entries[] = {
    { "sensitive", 0, 0, G_OPTION_ARG_NONE, &sensitive, N_("Show DBS results and certificates (audited)"), NULL },
    { NULL }
  };
  static const char * const keys[] = {
    "licence", "status", "training-deadline", "training-final", "training-suspended", "medical-due",
    "dbs-last-check", "dbs-due", NULL,
  };
  static const char * const heads[] = {
    N_("Licence"), N_("Status"), N_("Training deadline"), N_("Final date"),
    N_("Suspended pending training since"), N_("Medical due"), N_("Last DBS check"), N_("Next DBS check due"), NULL,
  };
  static const char * const tkeys[] = { "date", "provider", "certificate", NULL };
  static const char * const theads[] = { N_("DATE"), N_("PROVIDER"), N_("CERTIFICATE"), NULL };
  static const char * const dkeys[] = { "date", "kind", "barred-lists", "result", "certificate", NULL };
  static const char * const dheads[] = { N_("DATE"), N_("KIND"), N_("BARRED LISTS"), N_("RESULT"), N_("CERTIFICATE"), NULL };
  static const char * const fkeys[] = { "id", "rule", "raised", "status", "case", "evidence", NULL };
  static const char * const fheads[] = { N_("FLAG"), N_("RULE"), N_("RAISED"), N_("STATUS"), N_("CASE"), N_("EVIDENCE"), NULL };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1, "usage: compliance show LICENCE [--sensitive]"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_check_utf8 ("LICENCE", argv[1], &error))
    return docketctl_fail (ctl, error);
  proxy = proxy_or_fail (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_compliance_call_get_driver_sync (proxy, argv[1], sensitive, &record, NULL, &error))
    return docketctl_fail (ctl, error);
  if (ctl->json)
    {
      docketctl_print_json (record);
      return 0;
    }
  docketctl_print_fields (record, keys, heads);
  list = g_variant_lookup_value (record, "training", G_VARIANT_TYPE ("aa{sv}"));
  g_print ("\n%s\n", _("Safeguarding training"));
  docketctl_print_table (list, tkeys, theads);
  g_clear_pointer (&list, g_variant_unref);
  list = g_variant_lookup_value (record, "dbs-checks", G_VARIANT_TYPE ("aa{sv}"));
  g_print ("\n%s\n", _("DBS checks"));
  docketctl_print_table (list, dkeys, dheads);
  g_clear_pointer (&list, g_variant_unref);
  list = g_variant_lookup_value (record, "flags", G_VARIANT_TYPE ("aa{sv}"));
  g_print ("\n%s\n", _("Audit flags"));
  docketctl_print_table (list, fkeys, fheads);
  return 0;
}

static int
compliance_medical (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("LICENCE DATE - set the date the next medical is due");
  g_autoptr(GError) error = NULL;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  if (!docketctl_parse_args (context, NULL, &argc, &argv, 2, "usage: compliance medical LICENCE DATE"))
    return DOCKETCTL_EXIT_USAGE;
  if (!docketctl_check_utf8 ("LICENCE", argv[1], &error) ||
      !docketctl_add_text (&b, "medical-due", "DATE", argv[2], &error))
    return docketctl_fail (ctl, error);
  if (!set_dates (ctl, argv[1], &b, &error))
    return docketctl_fail (ctl, error);
  if (!ctl->json)
    g_print (_("Medical of %s due on %s\n"), argv[1], argv[2]);
  return 0;
}

static int
compliance_tick (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- run the scheduler now (admin)");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) report = NULL;
  DocketDBusCompliance *proxy;
  static const char * const keys[] = { "today", "postponed", "effects", "expired", "training", "audit-run",
                                       "errors", NULL };
  static const char * const heads[] = {
    N_("Today"), N_("Postponed while busy with"), N_("Decision effects applied"), N_("Licences expired"),
    N_("Training changes"), N_("Audit run"), N_("Errors"), NULL,
  };

  if (!docketctl_parse_args (context, NULL, &argc, &argv, 0, "compliance tick takes no arguments"))
    return DOCKETCTL_EXIT_USAGE;
  proxy = proxy_or_fail (ctl, &error);
  if (proxy == NULL || !docket_dbus_compliance_call_run_scheduler_sync (proxy, &report, NULL, &error))
    return docketctl_fail (ctl, error);
  docketctl_print_record (ctl, report, keys, heads);
  {
    g_autofree const char **errors = NULL;
    if (g_variant_lookup (report, "errors", "^a&s", &errors) && errors && errors[0])
      return DOCKETCTL_EXIT_FAILED;
  }
  return 0;
}

static const DocketCtlVerb compliance_verbs[] = {
  { "show", compliance_show, N_("A driver's training, DBS checks and flags") },
  { "medical", compliance_medical, N_("Set the date a driver's next medical is due") },
  { "tick", compliance_tick, N_("Run the scheduler now (admin)") },
  { NULL }
};

int
docketctl_compliance_cmd (DocketCtl *ctl, int argc, char **argv)
{
  return docketctl_dispatch (ctl, "compliance", compliance_verbs, argc - 1, argv + 1);
}
