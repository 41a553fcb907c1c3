/* docketctl audit ...: reading and verifying the audit log. */
#include "config.h"

#include <string.h>

#include "docket-names.h"
#include "docket-error.h"
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
  docketctl_print_rows (ctl, list, keys, headings);
  return 0;
}

/* Parses "SEQ:HASH", as --save-head writes it. */
static gboolean
parse_head (const char *text, gint64 *seq, char **hash, GError **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_auto(GStrv) p = g_strsplit (stripped, ":", 2);
  guint64 n = 0;

  if (g_strv_length (p) != 2 || strlen (p[1]) != 64 ||
      !g_ascii_string_to_unsigned (p[0], 10, 1, G_MAXINT64, &n, NULL))
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "--head: '%s' is not SEQ:HASH as printed by audit verify --save-head", stripped);
      return FALSE;
    }
  for (const char *c = p[1]; *c; c++)
    if (!g_ascii_isxdigit (*c))
      {
        g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                     "--head: the hash '%s' is not 64 hexadecimal digits", p[1]);
        return FALSE;
      }
  *seq = (gint64) n;
  *hash = g_ascii_strdown (p[1], -1);
  return TRUE;
}

/* With the chain intact: is the head kept outside the database still in
 * the log? A log cut short ends before it; a log rewritten from an
 * earlier entry on has another hash there. */
static gboolean
check_kept_head (DocketDBusAudit *proxy, gint64 head_seq, gint64 kept_seq, const char *kept_hash,
                 GError **error)
{
  g_autoptr(GVariant) list = NULL;
  g_auto(GVariantDict) q = G_VARIANT_DICT_INIT (NULL);
  const char *hash = NULL;

  if (kept_seq > head_seq)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_TAMPERED,
                   "the audit log was truncated: it ends at entry %" G_GINT64_FORMAT
                   ", but the head kept outside the database is entry %" G_GINT64_FORMAT,
                   head_seq, kept_seq);
      return FALSE;
    }
  g_variant_dict_insert (&q, "before", "x", kept_seq + 1);
  g_variant_dict_insert (&q, "limit", "u", 1);
  if (!docket_dbus_audit_call_list_sync (proxy, g_variant_dict_end (&q), &list, NULL, error))
    return FALSE;
  if (g_variant_n_children (list) == 1)
    {
      g_autoptr(GVariant) entry = g_variant_get_child_value (list, 0);
      gint64 seq = 0;

      g_variant_lookup (entry, "seq", "x", &seq);
      if (seq == kept_seq)
        g_variant_lookup (entry, "hash", "&s", &hash);
    }
  if (g_strcmp0 (hash, kept_hash) != 0)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_TAMPERED,
                   "the audit log was rewritten: entry %" G_GINT64_FORMAT
                   " is not the one kept outside the database",
                   kept_seq);
      return FALSE;
    }
  return TRUE;
}

static int
audit_verify (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- check the hash chain of the audit log");
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL, *head_hash = NULL, *head = NULL, *head_file = NULL;
  g_autofree char *save_head = NULL, *kept_hash = NULL;
  gboolean ok = FALSE;
  gint64 first_broken = 0, head_seq = 0, kept_seq = 0;
  DocketDBusAudit *proxy;
  const GOptionEntry entries[] = {
    { "head", 0, 0, G_OPTION_ARG_STRING, &head,
      "Also check that entry SEQ is still in the log with this HASH", "SEQ:HASH" },
    { "head-file", 0, 0, G_OPTION_ARG_FILENAME, &head_file,
      "The same, read from FILE (as --save-head wrote it)", "FILE" },
    { "save-head", 0, 0, G_OPTION_ARG_FILENAME, &save_head,
      "When the log verifies, write its head to FILE, to keep outside the database", "FILE" },
    { NULL }
  };

  g_option_context_set_description (context,
      "The chain shows an edited, deleted or reordered entry. A log cut short\n"
      "at its end is shown only against a head kept elsewhere: save it with\n"
      "--save-head (on another machine, or on paper) and check with --head.");
  if (!docketctl_parse_args (context, entries, &argc, &argv, 0, "audit verify takes options only"))
    return DOCKETCTL_EXIT_USAGE;
  if (head_file != NULL)
    {
      g_autofree char *text = NULL;
      if (!g_file_get_contents (head_file, &text, NULL, &error))
        return docketctl_fail (ctl, error);
      g_free (head);
      head = g_steal_pointer (&text);
    }
  if (head != NULL && !parse_head (head, &kept_seq, &kept_hash, &error))
    return docketctl_fail (ctl, error);

  proxy = docketctl_audit (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_audit_call_verify_sync (proxy, &ok, &first_broken, &message, &head_seq,
                                           &head_hash, NULL, &error))
    return docketctl_fail (ctl, error);
  if (ok && kept_hash != NULL && !check_kept_head (proxy, head_seq, kept_seq, kept_hash, &error))
    {
      g_dbus_error_strip_remote_error (error);
      return docketctl_fail (ctl, error);
    }
  if (ok && save_head != NULL)
    {
      g_autofree char *line = g_strdup_printf ("%" G_GINT64_FORMAT ":%s\n", head_seq, head_hash);
      if (!g_file_set_contents (save_head, line, -1, &error))
        return docketctl_fail (ctl, error);
    }

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

static int
audit_refusals (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- calls docketd refused, per user");
  static const char * const keys[] = { "user", "count", "last", "method", "reason", NULL };
  static const char * const headings[] = { N_("USER"), N_("REFUSED"), N_("LAST"), N_("METHOD"),
                                           N_("REASON"), NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;
  DocketDBusAudit *proxy;

  g_option_context_set_description (context,
      "The calls the rules table refused since docketd started, most first; each\n"
      "is also in the journal (journalctl -u docketd DOCKET_USER=NAME).");
  if (!docketctl_parse_args (context, NULL, &argc, &argv, 0, "audit refusals takes no arguments"))
    return DOCKETCTL_EXIT_USAGE;
  proxy = docketctl_audit (ctl, &error);
  if (proxy == NULL || !docket_dbus_audit_call_refusals_sync (proxy, &list, NULL, &error))
    return docketctl_fail (ctl, error);
  docketctl_print_rows (ctl, list, keys, headings);
  return 0;
}

static const DocketCtlVerb verbs[] = {
  { "log", audit_log, N_("Show audit entries, newest first") },
  { "verify", audit_verify, N_("Check the hash chain of the audit log") },
  { "refusals", audit_refusals, N_("Calls docketd refused, per user, most first") },
  { "run", docketctl_audit_run, N_("Audit every licence against the licensing policy now") },
  { "runs", docketctl_audit_runs, N_("The policy audit runs with their figures") },
  { NULL }
};

int
docketctl_audit_cmd (DocketCtl *ctl, int argc, char **argv)
{
  return docketctl_dispatch (ctl, "audit", verbs, argc - 1, argv + 1);
}
