/* docketctl user ...: roles held by Unix users. */
#include "config.h"

#include "docketctl-common.h"
#include "docketctl-user.h"

static int
change (DocketCtl *ctl, int argc, char **argv, gboolean grant)
{
  g_autoptr(GOptionContext) context = g_option_context_new (grant ? "USER ROLE - grant a role"
                                                                  : "USER ROLE - revoke a role");
  g_autoptr(GError) error = NULL;
  DocketDBusUsers *proxy;
  gboolean ok;

  if (!docketctl_parse (context, &argc, &argv))
    return DOCKETCTL_EXIT_USAGE;
  if (argc != 3)
    return docketctl_usage ("user %s needs USER and ROLE", grant ? "grant" : "revoke");
  if (!docketctl_check_utf8 ("USER", argv[1], &error) ||
      !docketctl_check_utf8 ("ROLE", argv[2], &error))
    return docketctl_fail (ctl, error);
  proxy = docketctl_users (ctl, &error);
  if (proxy == NULL)
    return docketctl_fail (ctl, error);
  ok = grant ? docket_dbus_users_call_grant_sync (proxy, argv[1], argv[2], NULL, &error)
             : docket_dbus_users_call_revoke_sync (proxy, argv[1], argv[2], NULL, &error);
  if (!ok)
    return docketctl_fail (ctl, error);
  if (!ctl->json)
    g_print (grant ? _("Granted %s the role %s\n") : _("Revoked the role %2$s from %1$s\n"),
             argv[1], argv[2]);
  else
    docketctl_print_json (g_variant_new ("{ss}", "user", argv[1]));
  return 0;
}

static int
user_grant (DocketCtl *ctl, int argc, char **argv)
{
  return change (ctl, argc, argv, TRUE);
}

static int
user_revoke (DocketCtl *ctl, int argc, char **argv)
{
  return change (ctl, argc, argv, FALSE);
}

static int
user_list (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- list users and their roles");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;
  DocketDBusUsers *proxy;
  static const char * const keys[] = { "user", "roles", "trained", NULL };
  static const char * const headings[] = { N_("USER"), N_("ROLES"), N_("TRAINED"), NULL };

  if (!docketctl_parse (context, &argc, &argv))
    return DOCKETCTL_EXIT_USAGE;
  proxy = docketctl_users (ctl, &error);
  if (proxy == NULL || !docket_dbus_users_call_list_sync (proxy, &list, NULL, &error))
    return docketctl_fail (ctl, error);
  docketctl_print_rows (ctl, list, keys, headings);
  return 0;
}

static int
user_whoami (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;
  g_auto(GStrv) roles = NULL;
  DocketDBusUsers *proxy = docketctl_users (ctl, &error);

  if (proxy == NULL || !docket_dbus_users_call_who_am_i_sync (proxy, &user, &roles, NULL, &error))
    return docketctl_fail (ctl, error);
  if (ctl->json)
    docketctl_print_json (g_variant_new ("(s^as)", user, roles));
  else
    {
      g_autofree char *joined = g_strjoinv (", ", roles);
      g_print ("%s: %s\n", user, *joined ? joined : _("no roles"));
    }
  return 0;
}

static int
user_train (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("USER - record the licensing-hearing training a "
                                                            "decision-maker or board member completed");
  g_autoptr(GError) error = NULL;
  g_autofree char *completed = NULL, *course = NULL;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketDBusUsers *proxy;
  gint64 id = 0;
  const GOptionEntry entries[] = {
    { "completed", 0, 0, G_OPTION_ARG_FILENAME, &completed, N_("The day it was completed"), "YYYY-MM-DD" },
    { "course", 0, 0, G_OPTION_ARG_FILENAME, &course, N_("The course or session"), "TEXT" },
    { NULL }
  };

  if (!docketctl_parse_args (context, entries, &argc, &argv, 1, "user train needs one USER"))
    return DOCKETCTL_EXIT_USAGE;
  if (completed == NULL || course == NULL)
    return docketctl_usage ("user train needs --completed and --course");
  if (!docketctl_check_utf8 ("USER", argv[1], &error) ||
      !docketctl_add_text (&b, "completed", "--completed", completed, &error) ||
      !docketctl_add_text (&b, "course", "--course", course, &error))
    return docketctl_fail (ctl, error);
  proxy = docketctl_users (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_users_call_record_training_sync (proxy, argv[1], g_variant_builder_end (&b), &id, NULL, &error))
    return docketctl_fail (ctl, error);
  if (ctl->json)
    {
      docketctl_print_json (g_variant_new_parsed ("{'id': <%x>}", id));
      return 0;
    }
  return docketctl_print_done (ctl, _("Training recorded"));
}

static int
user_training (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("[USER] - the licensing-hearing training recorded");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;
  DocketDBusUsers *proxy;
  static const char * const keys[] = { "user", "completed", "course", "by", NULL };
  static const char * const headings[] = { N_("USER"), N_("COMPLETED"), N_("COURSE"), N_("RECORDED BY"), NULL };

  if (!docketctl_parse (context, &argc, &argv))
    return DOCKETCTL_EXIT_USAGE;
  if (argc > 2)
    return docketctl_usage ("user training takes at most one USER");
  if (argc == 2 && !docketctl_check_utf8 ("USER", argv[1], &error))
    return docketctl_fail (ctl, error);
  proxy = docketctl_users (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_users_call_list_training_sync (proxy, argc == 2 ? argv[1] : "", &list, NULL, &error))
    return docketctl_fail (ctl, error);
  docketctl_print_rows (ctl, list, keys, headings);
  return 0;
}

static int
user_people (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("[ROLE] - the people holding a role, by full name");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;
  DocketDBusUsers *proxy;
  static const char * const keys[] = { "name", "user", "roles", "trained", NULL };
  static const char * const headings[] = { N_("NAME"), N_("USER"), N_("ROLES"), N_("TRAINED"), NULL };

  if (!docketctl_parse (context, &argc, &argv))
    return DOCKETCTL_EXIT_USAGE;
  if (argc > 2)
    return docketctl_usage ("user people takes at most one ROLE");
  if (argc == 2 && !docketctl_check_utf8 ("ROLE", argv[1], &error))
    return docketctl_fail (ctl, error);
  proxy = docketctl_users (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_users_call_list_people_sync (proxy, argc == 2 ? argv[1] : "", &list, NULL, &error))
    return docketctl_fail (ctl, error);
  docketctl_print_rows (ctl, list, keys, headings);
  return 0;
}

static const DocketCtlVerb verbs[] = {
  { "grant", user_grant, N_("Grant USER the role ROLE") },
  { "revoke", user_revoke, N_("Take the role ROLE from USER") },
  { "list", user_list, N_("List users and their roles") },
  { "whoami", user_whoami, N_("Show who the daemon thinks you are") },
  { "train", user_train, N_("Record a member's licensing-hearing training") },
  { "training", user_training, N_("The licensing-hearing training recorded") },
  { "people", user_people, N_("The people holding a role, by full name") },
  { NULL }
};

int
docketctl_user (DocketCtl *ctl, int argc, char **argv)
{
  return docketctl_dispatch (ctl, "user", verbs, argc - 1, argv + 1);
}
