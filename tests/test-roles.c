/* The role matrix, method by method: every method of every interface in
 * the D-Bus contract is called as a user holding each single role and as
 * a user holding none, through the real docketd. A call the rules table
 * (daemon/docket-bouncer.c, shown in docs/SECURITY.md) does not allow
 * must be refused with AccessDenied; one it allows must get past the
 * bouncer (it may still fail on its empty arguments, but not as
 * AccessDenied). A method with no rule fails the test.
 *
 * Users are distinct names acting through Users.ActAs on the test's own
 * session bus (docketd allows ActAs only there). */
#include "config.h"

#include <pwd.h>
#include <string.h>

#include "docket-bouncer.h"
#include "docket-dbus-generated.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-names.h"
#include "docket-test-helpers.h"


/* A value of @type with nothing in it: "", 0, false, empty containers. */
static GVariant *
empty_value (const GVariantType *type)
{
  if (g_variant_type_equal (type, G_VARIANT_TYPE_STRING))
    return g_variant_new_string ("");
  if (g_variant_type_equal (type, G_VARIANT_TYPE_INT64))
    return g_variant_new_int64 (1);
  if (g_variant_type_equal (type, G_VARIANT_TYPE_UINT32))
    return g_variant_new_uint32 (0);
  if (g_variant_type_equal (type, G_VARIANT_TYPE_BOOLEAN))
    return g_variant_new_boolean (FALSE);
  if (g_variant_type_is_array (type))
    return g_variant_new_array (g_variant_type_element (type), NULL, 0);
  g_error ("no empty value for type %.*s", (int) g_variant_type_get_string_length (type),
           g_variant_type_peek_string (type));
}

static GVariant *
empty_args (GDBusMethodInfo *m)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_TUPLE);

  for (guint i = 0; m->in_args && m->in_args[i]; i++)
    {
      g_autoptr(GVariantType) t = g_variant_type_new (m->in_args[i]->signature);
      g_variant_builder_add_value (&b, empty_value (t));
    }
  return g_variant_builder_end (&b);
}

static gboolean
takes_fd (GDBusMethodInfo *m)
{
  for (guint i = 0; m->in_args && m->in_args[i]; i++)
    if (strchr (m->in_args[i]->signature, 'h'))
      return TRUE;
  return FALSE;
}

static GDBusConnection *
connect_as (const char *user)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  GDBusConnection *c = g_dbus_connection_new_for_address_sync (address,
      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
      NULL, NULL, &error);
  g_autoptr(GVariant) reply = NULL;

  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (c, DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, DOCKET_DBUS_IFACE_USERS,
                                       "ActAs", g_variant_new ("(s)", user), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  return c;
}

static void
test_matrix (void)
{
  g_autoptr(GDBusNodeInfo) node = NULL;
  guint interfaces = 0;
  g_autofree char *dir = docket_test_make_dir ("roles");
  g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  /* officer, decision-maker, board-member, auditor, admin */
  static const char * const users[] = { "daemon", "bin", "sys", "games", "man" };
  DocketTestDaemon *daemon;
  GDBusConnection *as[DOCKET_ROLE_ADMIN + 2];

  G_STATIC_ASSERT (G_N_ELEMENTS (users) == DOCKET_ROLE_ADMIN + 1);
  for (guint u = 0; u < G_N_ELEMENTS (users); u++)
    if (getpwnam (users[u]) == NULL)
      {
        g_test_skip ("the system accounts daemon, bin, sys, games and man are needed");
        return;
      }
  guint calls = 0, refused = 0;

  g_test_dbus_up (bus);
  daemon = docket_test_daemon_start (dir, NULL);

  /* One system account per role, granted by the test (docketd's own user,
   * every role on its session bus), and "nobody" with none: docketd grants
   * roles to users that exist. */
  for (int r = 0; r <= DOCKET_ROLE_ADMIN; r++)
    {
      const char *user = users[r];
      g_autoptr(GError) error = NULL;
      g_autoptr(GDBusConnection) me = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
      g_autoptr(GVariant) reply = g_dbus_connection_call_sync (me, DOCKET_DBUS_NAME, DOCKET_DBUS_PATH,
          DOCKET_DBUS_IFACE_USERS, "Grant", g_variant_new ("(ss)", user, docket_role_names[r]), NULL,
          G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
      g_assert_no_error (error);
      as[r] = connect_as (user);
    }
  as[DOCKET_ROLE_ADMIN + 1] = connect_as ("nobody");

  /* Every interface docketd exports, as it describes itself, so that a
   * new interface or method is covered the day it is added. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GVariant) xml = g_dbus_connection_call_sync (as[DOCKET_ROLE_ADMIN], DOCKET_DBUS_NAME,
        DOCKET_DBUS_PATH, "org.freedesktop.DBus.Introspectable", "Introspect", NULL,
        G_VARIANT_TYPE ("(s)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
    const char *text;

    g_assert_no_error (error);
    g_variant_get (xml, "(&s)", &text);
    node = g_dbus_node_info_new_for_xml (text, &error);
    g_assert_no_error (error);
  }

  for (guint i = 0; node->interfaces[i]; i++)
    {
      GDBusInterfaceInfo *iface = node->interfaces[i];

      if (!g_str_has_prefix (iface->name, "org.docket."))
        continue;
      interfaces++;

      for (guint m = 0; iface->methods[m]; m++)
        {
          GDBusMethodInfo *method = iface->methods[m];
          DocketPermission permission;
          guint allowed_roles;

          if (!docket_bouncer_method_permission (iface->name, method->name, &permission))
            g_error ("%s.%s has no rule in the bouncer", iface->name, method->name);
          /* ActAs changes who the connection is; Import needs a file
           * descriptor: both are covered by tests of their own. */
          if (g_str_equal (method->name, "ActAs") || takes_fd (method))
            continue;
          allowed_roles = docket_permission_roles (permission);

          for (int r = 0; r <= DOCKET_ROLE_ADMIN + 1; r++)
            {
              gboolean allowed = permission == DOCKET_PERMISSION_ANYONE ||
                                 (r <= DOCKET_ROLE_ADMIN && (allowed_roles & (1u << r)));
              g_autoptr(GError) error = NULL;
              g_autoptr(GVariant) reply = g_dbus_connection_call_sync (as[r], DOCKET_DBUS_NAME,
                  DOCKET_DBUS_PATH, iface->name, method->name, empty_args (method), NULL,
                  G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
              gboolean denied = g_error_matches (error, DOCKET_ERROR, DOCKET_ERROR_ACCESS_DENIED);
              const char *who = r <= DOCKET_ROLE_ADMIN ? docket_role_names[r] : "no role";

              calls++;
              refused += denied;
              if (allowed && denied)
                g_error ("%s.%s as %s: refused, but the matrix allows it: %s",
                         iface->name, method->name, who, error->message);
              if (!allowed && !denied)
                g_error ("%s.%s as %s: not refused (%s), but the matrix does not allow it",
                         iface->name, method->name, who, error ? error->message : "it succeeded");
            }
        }
    }
  g_assert_cmpuint (interfaces, ==, 7);
  g_test_message ("%u interfaces, %u calls, %u refused as the matrix says", interfaces, calls, refused);
  g_assert_cmpuint (refused, >, 0);

  for (int r = 0; r <= DOCKET_ROLE_ADMIN + 1; r++)
    {
      g_dbus_connection_close_sync (as[r], NULL, NULL);
      g_object_unref (as[r]);
    }
  docket_test_daemon_stop (daemon);
  g_test_dbus_down (bus);
  docket_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  (void) DOCKET_ERROR;
  g_test_add_func ("/roles/matrix", test_matrix);
  return g_test_run ();
}
