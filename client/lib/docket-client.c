/* DocketClient: watches docketd's name, makes the proxies when it appears,
 * asks who we are, and relays the change signals, so every view reloads on
 * its own when another client changes something or docketd restarts. */
#include "config.h"

#include "docket-client.h"
#include "docket-connection.h"
#include "docket-names.h"

struct _DocketClient
{
  GObject               parent_instance;

  char                 *act_as;
  char                 *host;         /* a server reached over SSH, or NULL */
  GBusType              bus_type;     /* the local bus, when @host is NULL */
  DocketConnection     *connection;
  guint                 watch_id;
  GCancellable         *cancellable;
  GCancellable         *open_cancellable;   /* opening the SSH connection */

  DocketProxies         proxies;      /* all but maintenance, while docketd is there */

  char                 *user;
  guint                 roles;
  gboolean              connected;
  char                 *problem;
};

G_DEFINE_FINAL_TYPE (DocketClient, docket_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTED,
  PROP_USER,
  PROP_ROLES,
  PROP_PROBLEM,
  PROP_HOST,
  N_PROPS
};

enum {
  AUDIT_APPENDED,
  DRIVER_CHANGED,
  HEARING_CHANGED,
  CASE_CHANGED,
  USERS_CHANGED,
  COMPLIANCE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_problem (DocketClient *self, const char *problem)
{
  if (g_strcmp0 (self->problem, problem) == 0)
    return;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

static void
drop_proxies (DocketClient *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->proxies.drivers)
    g_signal_handlers_disconnect_by_data (self->proxies.drivers, self);
  if (self->proxies.hearings)
    g_signal_handlers_disconnect_by_data (self->proxies.hearings, self);
  if (self->proxies.users)
    g_signal_handlers_disconnect_by_data (self->proxies.users, self);
  docket_proxies_clear (&self->proxies);
}

static void
set_connected (DocketClient *self, gboolean connected)
{
  if (self->connected == connected)
    return;
  self->connected = connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static void
on_driver_changed (DocketDBusDrivers *proxy, const char *licence, DocketClient *self)
{
  g_signal_emit (self, signals[DRIVER_CHANGED], 0, licence);
}

static void
on_compliance_changed (DocketDBusCompliance *proxy, const char *licence, DocketClient *self)
{
  g_signal_emit (self, signals[COMPLIANCE_CHANGED], 0, licence);
}

static void
on_hearing_changed (DocketDBusHearings *proxy, gint64 id, DocketClient *self)
{
  g_signal_emit (self, signals[HEARING_CHANGED], 0, id);
}

static void
on_audit_appended (DocketDBusAudit *proxy, gint64 head, DocketClient *self)
{
  g_signal_emit (self, signals[AUDIT_APPENDED], 0, head);
}

static void
on_case_changed (DocketDBusHearings *proxy, gint64 id, gint64 hearing, DocketClient *self)
{
  g_signal_emit (self, signals[CASE_CHANGED], 0, id, hearing);
}

static void
on_users_changed (DocketDBusUsers *proxy, DocketClient *self)
{
  g_signal_emit (self, signals[USERS_CHANGED], 0);
}

static void
who_am_i_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(DocketClient) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;
  g_auto(GStrv) roles = NULL;

  if (!docket_dbus_users_call_who_am_i_finish (DOCKET_DBUS_USERS (source), &user, &roles, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = docket_client_error_text (error);
          set_problem (self, text);
        }
      return;
    }
  g_free (self->user);
  self->user = g_steal_pointer (&user);
  self->roles = 0;
  for (guint i = 0; roles[i]; i++)
    {
      int r = docket_enum_from_string (docket_role_names, roles[i]);
      if (r >= 0)
        self->roles |= 1u << r;
    }
  set_problem (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLES]);
  set_connected (self, TRUE);
}

static void
act_as_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(DocketClient) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!docket_dbus_users_call_act_as_finish (DOCKET_DBUS_USERS (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = docket_client_error_text (error);
          set_problem (self, text);
        }
      return;
    }
  docket_dbus_users_call_who_am_i (self->proxies.users, self->cancellable, who_am_i_cb, g_object_ref (self));
}

static void
name_appeared (GDBusConnection *connection, const char *name, const char *owner, gpointer user_data)
{
  DocketClient *self = user_data;
  g_autoptr(GError) error = NULL;

  drop_proxies (self);
  self->cancellable = g_cancellable_new ();
  self->proxies.drivers = docket_connection_new_drivers (self->connection, &error);
  if (self->proxies.drivers)
    self->proxies.users = docket_connection_new_users (self->connection, &error);
  if (self->proxies.users)
    self->proxies.audit = docket_connection_new_audit (self->connection, &error);
  if (self->proxies.audit)
    self->proxies.hearings = docket_connection_new_hearings (self->connection, &error);
  if (self->proxies.hearings)
    self->proxies.statistics = docket_connection_new_statistics (self->connection, &error);
  if (self->proxies.statistics)
    self->proxies.compliance = docket_connection_new_compliance (self->connection, &error);
  if (self->proxies.compliance == NULL)
    {
      set_problem (self, error->message);
      drop_proxies (self);
      return;
    }
  g_signal_connect (self->proxies.compliance, "compliance-changed", G_CALLBACK (on_compliance_changed), self);
  g_signal_connect (self->proxies.drivers, "driver-changed", G_CALLBACK (on_driver_changed), self);
  g_signal_connect (self->proxies.hearings, "hearing-changed", G_CALLBACK (on_hearing_changed), self);
  g_signal_connect (self->proxies.hearings, "case-changed", G_CALLBACK (on_case_changed), self);
  g_signal_connect (self->proxies.users, "users-changed", G_CALLBACK (on_users_changed), self);
  g_signal_connect (self->proxies.audit, "appended", G_CALLBACK (on_audit_appended), self);

  if (self->act_as != NULL && *self->act_as != '\0')
    docket_dbus_users_call_act_as (self->proxies.users, self->act_as, self->cancellable, act_as_cb,
                                   g_object_ref (self));
  else
    docket_dbus_users_call_who_am_i (self->proxies.users, self->cancellable, who_am_i_cb, g_object_ref (self));
}

static void
name_vanished (GDBusConnection *connection, const char *name, gpointer user_data)
{
  DocketClient *self = user_data;

  drop_proxies (self);
  set_connected (self, FALSE);
  if (connection == NULL)
    set_problem (self, "There is no bus to connect to.");
  else
    set_problem (self, NULL);
}

/* Takes @connection and follows docketd's name on it (starting docketd by
 * activation when it is not running). */
static void
watch (DocketClient *self, DocketConnection *connection)
{
  self->connection = connection;
  self->watch_id = g_bus_watch_name_on_connection (docket_connection_get_dbus (self->connection),
                                                   DOCKET_DBUS_NAME, G_BUS_NAME_WATCHER_FLAGS_AUTO_START,
                                                   name_appeared, name_vanished, self, NULL);
}

/* Lets go of the connection: no proxy, no watch, no opening under way. */
static void
stop (DocketClient *self)
{
  if (self->open_cancellable)
    g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  if (self->watch_id)
    g_bus_unwatch_name (self->watch_id);
  self->watch_id = 0;
  drop_proxies (self);
  /* A private connection (ActAs, SSH) closes with it. */
  g_clear_object (&self->connection);
}

static void
opened (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DocketConnection) connection = docket_connection_open_finish (result, &error);
  DocketClient *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (connection == NULL)
    {
      set_problem (self, error->message);
      return;
    }
  set_problem (self, NULL);
  watch (self, g_steal_pointer (&connection));
}

static void
start (DocketClient *self)
{
  const DocketConnectionOptions options = {
    .bus_type = self->bus_type,
    .host = self->host,
    .act_as = self->act_as,
    /* Proxies without properties are made without a round trip, six of
     * them each time docketd appears. */
    .proxy_flags = G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
    /* Imports and reports may take a while; the UI never waits on them. */
    .timeout_ms = 5 * 60 * 1000,
  };
  g_autoptr(GError) error = NULL;

  if (self->host == NULL)
    {
      /* A local bus answers at once. */
      DocketConnection *connection = docket_connection_open_sync (&options, NULL, &error);

      if (connection == NULL)
        set_problem (self, error->message);
      else
        watch (self, connection);
      return;
    }
  {
    g_autofree char *connecting = g_strdup_printf ("Connecting to %s over SSH…", self->host);
    set_problem (self, connecting);
  }
  self->open_cancellable = g_cancellable_new ();
  docket_connection_open (&options, self->open_cancellable, opened, self);
}

static void
docket_client_dispose (GObject *object)
{
  stop (DOCKET_CLIENT (object));
  G_OBJECT_CLASS (docket_client_parent_class)->dispose (object);
}

static void
docket_client_finalize (GObject *object)
{
  DocketClient *self = DOCKET_CLIENT (object);

  g_free (self->user);
  g_free (self->act_as);
  g_free (self->host);
  g_free (self->problem);
  G_OBJECT_CLASS (docket_client_parent_class)->finalize (object);
}

static void
docket_client_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DocketClient *self = DOCKET_CLIENT (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;
    case PROP_ROLES:
      g_value_set_uint (value, self->roles);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
docket_client_class_init (DocketClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = docket_client_dispose;
  object_class->finalize = docket_client_finalize;
  object_class->get_property = docket_client_get_property;

  properties[PROP_CONNECTED] = g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_USER] = g_param_spec_string ("user", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ROLES] = g_param_spec_uint ("roles", NULL, NULL, 0, G_MAXUINT, 0,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PROBLEM] = g_param_spec_string ("problem", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HOST] = g_param_spec_string ("host", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The audit log grew; its newest entry's number. */
  signals[AUDIT_APPENDED] = g_signal_new ("audit-appended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[DRIVER_CHANGED] = g_signal_new ("driver-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[HEARING_CHANGED] = g_signal_new ("hearing-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[CASE_CHANGED] = g_signal_new ("case-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
  signals[USERS_CHANGED] = g_signal_new ("users-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A licence's compliance changed, or "" when many did (an audit run). */
  signals[COMPLIANCE_CHANGED] = g_signal_new ("compliance-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
docket_client_init (DocketClient *self)
{
}

DocketClient *
docket_client_new (GBusType bus_type, const char *act_as)
{
  return docket_client_new_for_host (bus_type, NULL, act_as);
}

DocketClient *
docket_client_new_for_host (GBusType bus_type, const char *host, const char *act_as)
{
  DocketClient *self = g_object_new (DOCKET_TYPE_CLIENT, NULL);

  self->act_as = g_strdup (act_as);
  self->host = host != NULL && *host != '\0' ? g_strdup (host) : NULL;
  self->bus_type = bus_type;
  start (self);
  return self;
}

void
docket_client_set_host (DocketClient *self, const char *host)
{
  g_return_if_fail (DOCKET_IS_CLIENT (self));

  if (host != NULL && *host == '\0')
    host = NULL;
  /* What docketd going away and coming back does, somewhere else. */
  stop (self);
  g_clear_pointer (&self->user, g_free);
  self->roles = 0;
  set_connected (self, FALSE);
  g_free (self->host);
  self->host = g_strdup (host);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOST]);
  start (self);
}

const char *
docket_client_get_host (DocketClient *self)
{
  g_return_val_if_fail (DOCKET_IS_CLIENT (self), NULL);
  return self->host;
}

gboolean
docket_client_get_connected (DocketClient *self)
{
  g_return_val_if_fail (DOCKET_IS_CLIENT (self), FALSE);
  return self->connected;
}

const char *
docket_client_get_user (DocketClient *self)
{
  g_return_val_if_fail (DOCKET_IS_CLIENT (self), NULL);
  return self->user;
}

guint
docket_client_get_roles (DocketClient *self)
{
  g_return_val_if_fail (DOCKET_IS_CLIENT (self), 0);
  return self->roles;
}

gboolean
docket_client_has_role (DocketClient *self, DocketRole role)
{
  g_return_val_if_fail (DOCKET_IS_CLIENT (self), FALSE);
  return self->connected && (self->roles & (1u << role)) != 0;
}

gboolean
docket_client_has_any (DocketClient *self, guint roles)
{
  g_return_val_if_fail (DOCKET_IS_CLIENT (self), FALSE);
  return self->connected && (self->roles & roles) != 0;
}

const char *
docket_client_get_problem (DocketClient *self)
{
  g_return_val_if_fail (DOCKET_IS_CLIENT (self), NULL);
  return self->problem;
}

DocketDBusDrivers *
docket_client_get_drivers (DocketClient *self)
{
  return self->connected ? self->proxies.drivers : NULL;
}

DocketDBusUsers *
docket_client_get_users (DocketClient *self)
{
  return self->connected ? self->proxies.users : NULL;
}

DocketDBusAudit *
docket_client_get_audit (DocketClient *self)
{
  return self->connected ? self->proxies.audit : NULL;
}

DocketDBusHearings *
docket_client_get_hearings (DocketClient *self)
{
  return self->connected ? self->proxies.hearings : NULL;
}

DocketDBusStatistics *
docket_client_get_statistics (DocketClient *self)
{
  return self->connected ? self->proxies.statistics : NULL;
}

DocketDBusCompliance *
docket_client_get_compliance (DocketClient *self)
{
  return self->connected ? self->proxies.compliance : NULL;
}
