/* docketctl audit ...: reading and verifying the audit log. */
#include "config.h"

#include "docket-names.h"
#include "docketctl-audit.h"
#include "docketctl-common.h"
#include "docketctl-compliance.h"

static int
audit_log (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- show audit entries, newest first");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;
  g_autofree char *user = NULL, *action = NULL, *object = NULL;
  int limit = DOCKET_PAGE_DEFAULT;
  gint64 before = 0;
  g_auto(GVariantBuilder) q = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketDBusAudit *proxy;
  const GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most N entries (default 50)"), "N" },
    { "before", 0, 0, G_OPTION_ARG_INT64, &before, N_("Entries before sequence number SEQ"), "SEQ" },
    { "user", 0, 0, G_OPTION_ARG_FILENAME, &user, N_("Only entries by USER"), "USER" },
    { "action", 0, 0, G_OPTION_ARG_FILENAME, &action, N_("Only this action"), "ACTION" },
    { "object", 0, 0, G_OPTION_ARG_FILENAME, &object, N_("Only entries about OBJECT"), "OBJECT" },
    { NULL }
  };
  static const char * const keys[] = { "seq", "time", "user", "action", "object", "summary", NULL };
  static const char * const headings[] = { N_("SEQ"), N_("TIME"), N_("USER"), N_("ACTION"),
                                            N_("OBJECT"), N_("SUMMARY"), NULL };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!docketctl_parse (context, &argc, &argv))
    return DOCKETCTL_EXIT_USAGE;
  if (limit <= 0)
    return docketctl_usage ("audit log: --limit must be a positive number");
  g_variant_builder_add (&q, "{sv}", "limit", g_variant_new_uint32 ((guint32) limit));
  if (before > 0)
    g_variant_builder_add (&q, "{sv}", "before", g_variant_new_int64 (before));
  if (!docketctl_check_utf8 ("--user", user, &error) ||
      !docketctl_check_utf8 ("--action", action, &error) ||
      !docketctl_check_utf8 ("--object", object, &error))
    return docketctl_fail (ctl, error);
  if (user)
    g_variant_builder_add (&q, "{sv}", "user", g_variant_new_string (user));
  if (action)
    g_variant_builder_add (&q, "{sv}", "action", g_variant_new_string (action));
  if (object)
    g_variant_builder_add (&q, "{sv}", "object", g_variant_new_string (object));

  proxy = docketctl_audit (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_audit_call_list_sync (proxy, g_variant_builder_end (&q), &list, NULL, &error))
    return docketctl_fail (ctl, error);
  if (ctl->json)
    docketctl_print_json (list);
  else
    docketctl_print_table (list, keys, headings);
  return 0;
}

static int
audit_verify (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL, *head_hash = NULL;
  gboolean ok = FALSE;
  gint64 first_broken = 0, head_seq = 0;
  DocketDBusAudit *proxy = docketctl_audit (ctl, &error);

  if (proxy == NULL ||
      !docket_dbus_audit_call_verify_sync (proxy, &ok, &first_broken, &message, &head_seq,
                                           &head_hash, NULL, &error))
    return docketctl_fail (ctl, error);

  if (ctl->json)
    {
      g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&b, "{sv}", "ok", g_variant_new_boolean (ok));
      g_variant_builder_add (&b, "{sv}", "first-broken", g_variant_new_int64 (first_broken));
      g_variant_builder_add (&b, "{sv}", "message", g_variant_new_string (message));
      g_variant_builder_add (&b, "{sv}", "head-seq", g_variant_new_int64 (head_seq));
      g_variant_builder_add (&b, "{sv}", "head-hash", g_variant_new_string (head_hash));
      docketctl_print_json (g_variant_builder_end (&b));
    }
  else if (ok)
    {
      g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, head_seq);
      g_print (_("Audit log verifies: %s\nHead: entry %s, hash %s\n"), message, seq, head_hash);
    }
  if (!ok)
    {
      g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, first_broken);
      g_printerr (_("docketctl: the audit log is broken at entry %s: %s\n"), seq, message);
      return DOCKETCTL_EXIT_FAILED;
    }
  return 0;
}

static const DocketCtlVerb verbs[] = {
  { "log", audit_log, N_("Show audit entries, newest first") },
  { "verify", audit_verify, N_("Check the hash chain of the audit log") },
  { "run", docketctl_audit_run, N_("Audit every licence against the licensing policy now") },
  { "runs", docketctl_audit_runs, N_("The policy audit runs with their figures") },
  { NULL }
};

int
docketctl_audit_cmd (DocketCtl *ctl, int argc, char **argv)
{
  return docketctl_dispatch (ctl, "audit", verbs, argc - 1, argv + 1);
}
