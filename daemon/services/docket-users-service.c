/* org.docket.Docket1.Users: roles of Unix users. */
#include "config.h"

#include "docket-names.h"
#include "docket-user-store.h"
#include "docket-users-service.h"

struct _DocketUsersService
{
  DocketDBusUsersSkeleton parent_instance;
  DocketStore   *store;
  DocketBouncer *bouncer;
};

G_DEFINE_FINAL_TYPE (DocketUsersService, docket_users_service, DOCKET_DBUS_TYPE_USERS_SKELETON)

static void
docket_users_service_dispose (GObject *object)
{
  DocketUsersService *self = DOCKET_USERS_SERVICE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->bouncer);
  G_OBJECT_CLASS (docket_users_service_parent_class)->dispose (object);
}

static void
docket_users_service_class_init (DocketUsersServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = docket_users_service_dispose;
}

static void
docket_users_service_init (DocketUsersService *self)
{
}

static gboolean
handle_who_am_i (DocketDBusUsers       *object,
                 GDBusMethodInvocation *invocation,
                 DocketUsersService    *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;
  g_auto(GStrv) names = NULL;
  guint roles;

  if (!docket_bouncer_get_caller (self->bouncer, invocation, &user, &roles, &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return TRUE;
    }
  names = docket_roles_to_strv (roles);
  docket_dbus_users_complete_who_am_i (object, invocation, user, (const char * const *) names);
  return TRUE;
}

static gboolean
handle_list (DocketDBusUsers       *object,
             GDBusMethodInvocation *invocation,
             DocketUsersService    *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = docket_user_store_list (self->store, &error);

  if (list == NULL)
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return TRUE;
    }
  docket_dbus_users_complete_list (object, invocation, list);
  return TRUE;
}

static gboolean
change_role (DocketUsersService    *self,
             GDBusMethodInvocation *invocation,
             const char            *user,
             const char            *role,
             gboolean               grant)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *actor = NULL;
  guint roles;
  gboolean ok;

  if (!docket_bouncer_get_caller (self->bouncer, invocation, &actor, &roles, &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return FALSE;
    }
  ok = grant ? docket_user_store_grant (self->store, actor, user, role, &error)
             : docket_user_store_revoke (self->store, actor, user, role, &error);
  /* The checks of the next calls must see the change. */
  if (ok)
    ok = docket_bouncer_reload_roles (self->bouncer, &error);
  if (!ok)
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
handle_grant (DocketDBusUsers       *object,
              GDBusMethodInvocation *invocation,
              const char            *user,
              const char            *role,
              DocketUsersService    *self)
{
  if (change_role (self, invocation, user, role, TRUE))
    {
      docket_dbus_users_complete_grant (object, invocation);
      docket_dbus_users_emit_users_changed (object);
    }
  return TRUE;
}

static gboolean
handle_revoke (DocketDBusUsers       *object,
               GDBusMethodInvocation *invocation,
               const char            *user,
               const char            *role,
               DocketUsersService    *self)
{
  if (change_role (self, invocation, user, role, FALSE))
    {
      docket_dbus_users_complete_revoke (object, invocation);
      docket_dbus_users_emit_users_changed (object);
    }
  return TRUE;
}

static gboolean
handle_act_as (DocketDBusUsers       *object,
               GDBusMethodInvocation *invocation,
               const char            *user,
               DocketUsersService    *self)
{
  g_autoptr(GError) error = NULL;

  if (!docket_bouncer_act_as (self->bouncer, invocation, user, &error))
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    docket_dbus_users_complete_act_as (object, invocation);
  return TRUE;
}

static gboolean
handle_record_training (DocketDBusUsers       *object,
                        GDBusMethodInvocation *invocation,
                        const char            *user,
                        GVariant              *training,
                        DocketUsersService    *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;
  gint64 id;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  id = docket_user_store_add_training (self->store, &c.caller, user, training, &error);
  if (id < 0)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_users_complete_record_training (object, invocation, id);
  docket_dbus_users_emit_users_changed (object);
  return TRUE;
}

static gboolean
handle_list_people (DocketDBusUsers       *object,
                    GDBusMethodInvocation *invocation,
                    const char            *role,
                    DocketUsersService    *self)
{
  GError *error = NULL;
  g_autoptr(GVariant) list = docket_user_store_people (self->store, role, &error);

  if (list == NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_users_complete_list_people (object, invocation, list);
  return TRUE;
}

static gboolean
handle_list_training (DocketDBusUsers       *object,
                      GDBusMethodInvocation *invocation,
                      const char            *user,
                      DocketUsersService    *self)
{
  GError *error = NULL;
  g_autoptr(GVariant) list = docket_user_store_list_training (self->store, user, &error);

  if (list == NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_users_complete_list_training (object, invocation, list);
  return TRUE;
}

DocketUsersService *
docket_users_service_new (DocketStore   *store,
                          DocketBouncer *bouncer)
{
  DocketUsersService *self = g_object_new (DOCKET_TYPE_USERS_SERVICE, NULL);

  self->store = g_object_ref (store);
  self->bouncer = g_object_ref (bouncer);
  docket_dbus_users_set_version (DOCKET_DBUS_USERS (self), DOCKET_API_VERSION);
  /* The guard first: it must run before every handler. */
  docket_bouncer_protect (bouncer, G_DBUS_INTERFACE_SKELETON (self));
  g_signal_connect (self, "handle-who-am-i", G_CALLBACK (handle_who_am_i), self);
  g_signal_connect (self, "handle-list", G_CALLBACK (handle_list), self);
  g_signal_connect (self, "handle-grant", G_CALLBACK (handle_grant), self);
  g_signal_connect (self, "handle-revoke", G_CALLBACK (handle_revoke), self);
  g_signal_connect (self, "handle-act-as", G_CALLBACK (handle_act_as), self);
  g_signal_connect (self, "handle-record-training", G_CALLBACK (handle_record_training), self);
  g_signal_connect (self, "handle-list-training", G_CALLBACK (handle_list_training), self);
  g_signal_connect (self, "handle-list-people", G_CALLBACK (handle_list_people), self);
  return self;
}
