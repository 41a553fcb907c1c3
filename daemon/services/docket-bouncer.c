/* Who may do what: identity from the bus, roles, and the rules. */
#include "config.h"

#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "docket-bouncer.h"
#include "docket-refusals.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-validate.h"
#include "docket-names.h"
#include "docket-user-store.h"

#define R(role) (1u << DOCKET_ROLE_##role)

typedef struct {
  const char       *interface;
  const char       *method;
  DocketPermission  permission;
} Rule;

/* Every method of the API and what it needs; docs/SECURITY.md shows the
 * same table. Drivers.Get also needs READ_SENSITIVE when it asks for the
 * sensitive fields: the handler checks that. */
static const Rule rules[] = {
  { DOCKET_DBUS_IFACE_DRIVERS, "Create",           DOCKET_PERMISSION_WRITE_RECORDS },
  { DOCKET_DBUS_IFACE_DRIVERS, "Update",           DOCKET_PERMISSION_WRITE_RECORDS },
  { DOCKET_DBUS_IFACE_DRIVERS, "Get",              DOCKET_PERMISSION_READ },
  { DOCKET_DBUS_IFACE_DRIVERS, "List",             DOCKET_PERMISSION_READ },
  { DOCKET_DBUS_IFACE_DRIVERS, "Search",           DOCKET_PERMISSION_READ },
  { DOCKET_DBUS_IFACE_DRIVERS, "FindByIdentifier", DOCKET_PERMISSION_READ_SENSITIVE },
  { DOCKET_DBUS_IFACE_DRIVERS, "AddConviction",    DOCKET_PERMISSION_WRITE_RECORDS },
  { DOCKET_DBUS_IFACE_DRIVERS, "AddNote",          DOCKET_PERMISSION_WRITE_RECORDS },
  { DOCKET_DBUS_IFACE_DRIVERS, "SubjectAccess",    DOCKET_PERMISSION_WRITE_RECORDS },
  { DOCKET_DBUS_IFACE_DRIVERS, "SubjectAccessDocument", DOCKET_PERMISSION_WRITE_RECORDS },
  { DOCKET_DBUS_IFACE_DRIVERS, "RetentionDue",     DOCKET_PERMISSION_READ_REGISTER },
  { DOCKET_DBUS_IFACE_DRIVERS, "Hold",             DOCKET_PERMISSION_WRITE_RECORDS },
  { DOCKET_DBUS_IFACE_DRIVERS, "ReleaseHold",      DOCKET_PERMISSION_WRITE_RECORDS },
  { DOCKET_DBUS_IFACE_DRIVERS, "Import",           DOCKET_PERMISSION_WRITE_RECORDS },
  { DOCKET_DBUS_IFACE_DRIVERS, "ImportTransfer",   DOCKET_PERMISSION_WRITE_RECORDS },
  { DOCKET_DBUS_IFACE_USERS,   "WhoAmI",           DOCKET_PERMISSION_ANYONE },
  { DOCKET_DBUS_IFACE_USERS,   "List",             DOCKET_PERMISSION_READ_USERS },
  { DOCKET_DBUS_IFACE_USERS,   "Grant",            DOCKET_PERMISSION_MANAGE_USERS },
  { DOCKET_DBUS_IFACE_USERS,   "Revoke",           DOCKET_PERMISSION_MANAGE_USERS },
  { DOCKET_DBUS_IFACE_USERS,   "ActAs",            DOCKET_PERMISSION_ANYONE },
  { DOCKET_DBUS_IFACE_USERS,   "RecordTraining",   DOCKET_PERMISSION_MANAGE_HEARINGS },
  { DOCKET_DBUS_IFACE_USERS,   "ListTraining",     DOCKET_PERMISSION_READ },
  { DOCKET_DBUS_IFACE_USERS,   "ListPeople",       DOCKET_PERMISSION_READ },
  { DOCKET_DBUS_IFACE_AUDIT,   "List",             DOCKET_PERMISSION_READ_AUDIT },
  { DOCKET_DBUS_IFACE_AUDIT,   "Verify",           DOCKET_PERMISSION_READ_AUDIT },
  { DOCKET_DBUS_IFACE_AUDIT,   "Refusals",         DOCKET_PERMISSION_READ_AUDIT },
  /* Hearings: who conducts a hearing (its decision-maker, its panel) is
   * checked again by the store against the hearing itself. */
  { DOCKET_DBUS_IFACE_HEARINGS, "Schedule",        DOCKET_PERMISSION_MANAGE_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "Reschedule",      DOCKET_PERMISSION_MANAGE_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "Cancel",          DOCKET_PERMISSION_MANAGE_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "Lock",            DOCKET_PERMISSION_CONDUCT_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "Get",             DOCKET_PERMISSION_READ },
  { DOCKET_DBUS_IFACE_HEARINGS, "List",            DOCKET_PERMISSION_READ },
  { DOCKET_DBUS_IFACE_HEARINGS, "SetPresence",     DOCKET_PERMISSION_CONDUCT_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "AddCase",         DOCKET_PERMISSION_MANAGE_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "UpdateCase",      DOCKET_PERMISSION_MANAGE_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "Relist",          DOCKET_PERMISSION_MANAGE_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "MoveCase",        DOCKET_PERMISSION_MANAGE_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "GetCase",         DOCKET_PERMISSION_READ },
  { DOCKET_DBUS_IFACE_HEARINGS, "SetAttendance",   DOCKET_PERMISSION_CONDUCT_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "Declare",         DOCKET_PERMISSION_CONDUCT_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "Advise",          DOCKET_PERMISSION_CONDUCT_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "Dispense",        DOCKET_PERMISSION_MANAGE_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "PublishDecisions", DOCKET_PERMISSION_MANAGE_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "Vote",            DOCKET_PERMISSION_CONDUCT_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "VoteTerms",       DOCKET_PERMISSION_CONDUCT_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "Record",          DOCKET_PERMISSION_CONDUCT_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "GetNotice",       DOCKET_PERMISSION_READ_SENSITIVE },
  { DOCKET_DBUS_IFACE_HEARINGS, "GetHearingNotice", DOCKET_PERMISSION_READ_SENSITIVE },
  { DOCKET_DBUS_IFACE_HEARINGS, "SetNoticeSent",   DOCKET_PERMISSION_MANAGE_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "GiveNotice",      DOCKET_PERMISSION_MANAGE_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "ListNotices",     DOCKET_PERMISSION_READ },
  { DOCKET_DBUS_IFACE_HEARINGS, "Appeal",          DOCKET_PERMISSION_MANAGE_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "RegisterList",    DOCKET_PERMISSION_READ_REGISTER },
  { DOCKET_DBUS_IFACE_HEARINGS, "RegisterExport",  DOCKET_PERMISSION_MANAGE_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "RegisterMark",    DOCKET_PERMISSION_MANAGE_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "AddRegisterDuty", DOCKET_PERMISSION_MANAGE_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "CloseRegisterDuty", DOCKET_PERMISSION_MANAGE_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "ListRegisterDuties", DOCKET_PERMISSION_READ_REGISTER },
  { DOCKET_DBUS_IFACE_HEARINGS, "AddRegisterSearch", DOCKET_PERMISSION_MANAGE_HEARINGS },
  { DOCKET_DBUS_IFACE_HEARINGS, "ListRegisterSearches", DOCKET_PERMISSION_READ_REGISTER },
  { DOCKET_DBUS_IFACE_STATISTICS, "Get",           DOCKET_PERMISSION_READ },
  { DOCKET_DBUS_IFACE_STATISTICS, "Render",        DOCKET_PERMISSION_READ },
  { DOCKET_DBUS_IFACE_STATISTICS, "Compliance",    DOCKET_PERMISSION_READ },
  { DOCKET_DBUS_IFACE_STATISTICS, "Check",         DOCKET_PERMISSION_READ },
  { DOCKET_DBUS_IFACE_STATISTICS, "Annual",        DOCKET_PERMISSION_READ },
  { DOCKET_DBUS_IFACE_STATISTICS, "RenderAnnual",  DOCKET_PERMISSION_READ },
  { DOCKET_DBUS_IFACE_STATISTICS, "Explain",       DOCKET_PERMISSION_READ_REGISTER },
  { DOCKET_DBUS_IFACE_COMPLIANCE, "RunAudit",      DOCKET_PERMISSION_WRITE_RECORDS },
  { DOCKET_DBUS_IFACE_COMPLIANCE, "ListRuns",      DOCKET_PERMISSION_READ_COMPLIANCE },
  { DOCKET_DBUS_IFACE_COMPLIANCE, "ListFlags",     DOCKET_PERMISSION_READ_COMPLIANCE },
  { DOCKET_DBUS_IFACE_COMPLIANCE, "GetFlag",       DOCKET_PERMISSION_READ_SENSITIVE },
  { DOCKET_DBUS_IFACE_COMPLIANCE, "DismissFlag",   DOCKET_PERMISSION_WRITE_RECORDS },
  { DOCKET_DBUS_IFACE_COMPLIANCE, "ReferFlag",     DOCKET_PERMISSION_MANAGE_HEARINGS },
  { DOCKET_DBUS_IFACE_COMPLIANCE, "GetDriver",     DOCKET_PERMISSION_READ },
  { DOCKET_DBUS_IFACE_COMPLIANCE, "SetDates",      DOCKET_PERMISSION_WRITE_RECORDS },
  { DOCKET_DBUS_IFACE_COMPLIANCE, "RecordTraining", DOCKET_PERMISSION_WRITE_RECORDS },
  { DOCKET_DBUS_IFACE_COMPLIANCE, "TrainingDue",   DOCKET_PERMISSION_READ_COMPLIANCE },
  { DOCKET_DBUS_IFACE_COMPLIANCE, "RecordDbsCheck", DOCKET_PERMISSION_WRITE_RECORDS },
  { DOCKET_DBUS_IFACE_COMPLIANCE, "DbsDue",        DOCKET_PERMISSION_READ_COMPLIANCE },
  { DOCKET_DBUS_IFACE_COMPLIANCE, "RunScheduler",  DOCKET_PERMISSION_RUN_SCHEDULER },
  { DOCKET_DBUS_IFACE_MAINTENANCE, "KeyStatus",    DOCKET_PERMISSION_READ_AUDIT },
  { DOCKET_DBUS_IFACE_MAINTENANCE, "RotateKey",    DOCKET_PERMISSION_MAINTAIN },
  { DOCKET_DBUS_IFACE_MAINTENANCE, "Backup",       DOCKET_PERMISSION_MAINTAIN },
  { DOCKET_DBUS_IFACE_MAINTENANCE, "Restore",      DOCKET_PERMISSION_MAINTAIN },
  { DOCKET_DBUS_IFACE_MAINTENANCE, "BackupTransfer", DOCKET_PERMISSION_MAINTAIN },
  { DOCKET_DBUS_IFACE_MAINTENANCE, "RestoreTransfer", DOCKET_PERMISSION_MAINTAIN },
  /* Transfers: what an upload may be used for is checked by its purpose
   * (import: officer; restore: admin) when it is opened. */
  { DOCKET_DBUS_IFACE_TRANSFERS, "Upload",         DOCKET_PERMISSION_TRANSFER },
  { DOCKET_DBUS_IFACE_TRANSFERS, "Write",          DOCKET_PERMISSION_TRANSFER },
  { DOCKET_DBUS_IFACE_TRANSFERS, "Read",           DOCKET_PERMISSION_TRANSFER },
  { DOCKET_DBUS_IFACE_TRANSFERS, "Close",          DOCKET_PERMISSION_TRANSFER },
};

guint
docket_permission_roles (DocketPermission permission)
{
  switch (permission)
    {
    case DOCKET_PERMISSION_ANYONE:
      return DOCKET_ROLE_ALL;
    case DOCKET_PERMISSION_READ:
      return DOCKET_ROLE_ALL;
    case DOCKET_PERMISSION_READ_SENSITIVE:
      return R (OFFICER) | R (DECISION_MAKER) | R (BOARD_MEMBER);
    case DOCKET_PERMISSION_WRITE_RECORDS:
      return R (OFFICER);
    case DOCKET_PERMISSION_READ_USERS:
      return R (ADMIN) | R (AUDITOR);
    case DOCKET_PERMISSION_MANAGE_USERS:
      return R (ADMIN);
    case DOCKET_PERMISSION_READ_AUDIT:
      return R (AUDITOR) | R (ADMIN);
    case DOCKET_PERMISSION_MANAGE_HEARINGS:
      return R (OFFICER);
    case DOCKET_PERMISSION_CONDUCT_HEARINGS:
      return R (OFFICER) | R (DECISION_MAKER) | R (BOARD_MEMBER);
    case DOCKET_PERMISSION_READ_REGISTER:
      return R (OFFICER) | R (AUDITOR);
    case DOCKET_PERMISSION_READ_COMPLIANCE:
      return R (OFFICER) | R (DECISION_MAKER) | R (AUDITOR);
    case DOCKET_PERMISSION_RUN_SCHEDULER:
    case DOCKET_PERMISSION_MAINTAIN:
      return R (ADMIN);
    case DOCKET_PERMISSION_TRANSFER:
      return R (OFFICER) | R (ADMIN);
    default:
      return 0;
    }
}

struct _DocketBouncer
{
  GObject          parent_instance;
  DocketStore     *store;
  GDBusConnection *connection;
  gboolean         session_bus;
  guint            session_roles;
  guint            name_watch;

  /* What the checks read is kept here, under the lock, and never read
   * from the database there (the checks once ran in GDBus's threads). */
  GMutex           lock;
  GHashTable      *uids;          /* unique bus name -> uid + 1 */
  GHashTable      *names;         /* unique bus name -> its uid's user name */
  GHashTable      *acting;        /* unique bus name -> user name (ActAs) */
  GHashTable      *user_roles;    /* user name -> role mask, as stored */

  DocketRefusals  *refusals;      /* main thread only */

  /* Calls that write, deferred while a long job holds the store, in the
   * order they came (main thread only). */
  GQueue           deferred;
  guint            replay;
  gboolean         replaying;
};

G_DEFINE_FINAL_TYPE (DocketBouncer, docket_bouncer, G_TYPE_OBJECT)

/* A call deferred behind a long job: its signal and arguments, to emit
 * again when the job has ended. */
typedef struct {
  guint   signal_id;
  GQuark  detail;
  guint   n_values;
  GValue *values;
  gint64  since;     /* monotonic µs */
} Deferred;

/* A call waits at most this long behind a job: less than the clients'
 * own timeouts (5 minutes for docket, 10 for docketctl), so that a call
 * its client has given up on is never made later. */
#define DEFERRED_MAX_USEC (G_USEC_PER_SEC * 240)

static void
deferred_free (Deferred *d)
{
  for (guint i = 0; i < d->n_values; i++)
    g_value_unset (&d->values[i]);
  g_free (d->values);
  g_free (d);
}

/* docketd is stopping: each call still waiting is told so. */
static void
drop_deferred (DocketBouncer *self)
{
  Deferred *d;

  while ((d = g_queue_pop_head (&self->deferred)))
    {
      GDBusMethodInvocation *invocation = g_value_get_object (&d->values[1]);
      g_dbus_method_invocation_return_error_literal (invocation, DOCKET_ERROR, DOCKET_ERROR_BUSY,
                                                     "docketd is stopping: the call was not made");
      deferred_free (d);
    }
}

static void
docket_bouncer_dispose (GObject *object)
{
  DocketBouncer *self = DOCKET_BOUNCER (object);

  if (self->name_watch != 0 && self->connection != NULL)
    g_dbus_connection_signal_unsubscribe (self->connection, self->name_watch);
  self->name_watch = 0;
  g_clear_handle_id (&self->replay, g_source_remove);
  drop_deferred (self);
  if (self->store)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->connection);
  g_clear_object (&self->refusals);
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->uids, g_hash_table_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->acting, g_hash_table_unref);
  g_clear_pointer (&self->user_roles, g_hash_table_unref);
  g_mutex_unlock (&self->lock);
  G_OBJECT_CLASS (docket_bouncer_parent_class)->dispose (object);
}

static void
docket_bouncer_finalize (GObject *object)
{
  g_mutex_clear (&DOCKET_BOUNCER (object)->lock);
  G_OBJECT_CLASS (docket_bouncer_parent_class)->finalize (object);
}

static void
docket_bouncer_class_init (DocketBouncerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = docket_bouncer_dispose;
  G_OBJECT_CLASS (klass)->finalize = docket_bouncer_finalize;
}

static void
docket_bouncer_init (DocketBouncer *self)
{
  g_mutex_init (&self->lock);
  self->uids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->acting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->user_roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->refusals = docket_refusals_new ();
}

DocketRefusals *
docket_bouncer_get_refusals (DocketBouncer *self)
{
  return self->refusals;
}

/* Logs and counts a refusal of the call, under the caller's user name (or
 * its bus name when it has none). */
static void
note_refusal (DocketBouncer *self, GDBusMethodInvocation *invocation, const char *reason)
{
  g_autofree char *user = NULL;
  g_autofree char *method = g_strdup_printf ("%s.%s",
      g_dbus_method_invocation_get_interface_name (invocation) + strlen (DOCKET_DBUS_NAME) + 1,
      g_dbus_method_invocation_get_method_name (invocation));
  guint roles = 0;

  if (!docket_bouncer_get_caller (self, invocation, &user, &roles, NULL))
    user = g_strdup (g_dbus_method_invocation_get_sender (invocation));
  docket_refusals_note (self->refusals, user ? user : "(unknown)", method, reason);
}

static void
on_name_owner_changed (GDBusConnection *connection,
                       const char      *sender,
                       const char      *path,
                       const char      *interface,
                       const char      *signal,
                       GVariant        *params,
                       gpointer         user_data)
{
  DocketBouncer *self = user_data;
  const char *name, *old_owner, *new_owner;

  /* Unique names are never reused, so a departed client's entry can go. */
  g_variant_get (params, "(&s&s&s)", &name, &old_owner, &new_owner);
  if (*new_owner == '\0')
    {
      g_mutex_lock (&self->lock);
      if (self->uids)
        {
          g_hash_table_remove (self->uids, name);
          g_hash_table_remove (self->names, name);
          g_hash_table_remove (self->acting, name);
        }
      g_mutex_unlock (&self->lock);
    }
}

gboolean
docket_bouncer_reload_roles (DocketBouncer  *self,
                             GError        **error)
{
  g_autoptr(GVariant) users = docket_user_store_list (self->store, error);
  g_autoptr(GHashTable) fresh = NULL;
  GVariantIter iter;
  GVariant *entry;

  if (users == NULL)
    return FALSE;
  fresh = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_variant_iter_init (&iter, users);
  while ((entry = g_variant_iter_next_value (&iter)))
    {
      g_autoptr(GVariant) e = entry;
      const char *user = NULL;
      g_autofree const char **names = NULL;
      guint mask = 0;

      g_variant_lookup (e, "user", "&s", &user);
      if (g_variant_lookup (e, "roles", "^a&s", &names))
        for (guint i = 0; names[i]; i++)
          {
            int r = docket_enum_from_string (docket_role_names, names[i]);
            if (r >= 0)
              mask |= 1u << r;
          }
      if (user)
        g_hash_table_insert (fresh, g_strdup (user), GUINT_TO_POINTER (mask));
    }
  g_mutex_lock (&self->lock);
  if (self->user_roles)
    {
      g_hash_table_unref (self->user_roles);
      self->user_roles = g_steal_pointer (&fresh);
    }
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/* The roles @user holds in the database, from the copy kept here. */
static guint
stored_roles (DocketBouncer *self, const char *user)
{
  guint roles;

  g_mutex_lock (&self->lock);
  roles = self->user_roles ? GPOINTER_TO_UINT (g_hash_table_lookup (self->user_roles, user)) : 0;
  g_mutex_unlock (&self->lock);
  return roles;
}

static void on_job_ended (DocketStore *store, DocketBouncer *self);

DocketBouncer *
docket_bouncer_new (DocketStore     *store,
                    GDBusConnection *connection,
                    gboolean         session_bus,
                    guint            session_roles)
{
  DocketBouncer *self = g_object_new (DOCKET_TYPE_BOUNCER, NULL);

  self->store = g_object_ref (store);
  g_signal_connect (store, "job-ended", G_CALLBACK (on_job_ended), self);
  self->connection = g_object_ref (connection);
  self->session_bus = session_bus;
  self->session_roles = session_roles;
  self->name_watch = g_dbus_connection_signal_subscribe (connection,
      "org.freedesktop.DBus", "org.freedesktop.DBus", "NameOwnerChanged",
      "/org/freedesktop/DBus", NULL, G_DBUS_SIGNAL_FLAGS_NONE,
      on_name_owner_changed, self, NULL);
  {
    g_autoptr(GError) error = NULL;
    if (!docket_bouncer_reload_roles (self, &error))
      g_warning ("Reading the roles: %s", error->message);
  }
  return self;
}

static gboolean
sender_uid (DocketBouncer *self,
            const char    *sender,
            uid_t         *uid,
            GError       **error)
{
  gpointer cached;
  g_autoptr(GVariant) reply = NULL;
  guint32 value;

  if (sender == NULL)
    {
      /* A peer-to-peer connection: no bus to vouch for the caller. */
      g_set_error_literal (error, DOCKET_ERROR, DOCKET_ERROR_ACCESS_DENIED,
                           "The caller cannot be identified");
      return FALSE;
    }
  g_mutex_lock (&self->lock);
  cached = self->uids ? g_hash_table_lookup (self->uids, sender) : NULL;
  g_mutex_unlock (&self->lock);
  if (cached != NULL)
    {
      *uid = (uid_t) (GPOINTER_TO_UINT (cached) - 1);
      return TRUE;
    }

  reply = g_dbus_connection_call_sync (self->connection, "org.freedesktop.DBus",
                                       "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "GetConnectionUnixUser", g_variant_new ("(s)", sender),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE,
                                       5000, NULL, error);
  if (reply == NULL)
    {
      g_prefix_error (error, "Cannot identify the caller %s: ", sender);
      return FALSE;
    }
  g_variant_get (reply, "(u)", &value);
  g_mutex_lock (&self->lock);
  if (self->uids)
    g_hash_table_insert (self->uids, g_strdup (sender), GUINT_TO_POINTER (value + 1));
  g_mutex_unlock (&self->lock);
  *uid = value;
  return TRUE;
}

/* The user name of @uid, looked up once per client connection @sender:
 * reading /etc/passwd for every call cost about 10 us, twice per call. */
static char *
user_name_of (DocketBouncer *self, const char *sender, uid_t uid)
{
  struct passwd pwbuf, *pw = NULL;
  char buf[4096];
  char *name;

  g_mutex_lock (&self->lock);
  name = self->names ? g_strdup (g_hash_table_lookup (self->names, sender)) : NULL;
  g_mutex_unlock (&self->lock);
  if (name != NULL)
    return name;
  if (getpwuid_r (uid, &pwbuf, buf, sizeof buf, &pw) != 0)
    pw = NULL;
  name = pw ? g_strdup (pw->pw_name) : g_strdup_printf ("uid-%u", (guint) uid);
  g_mutex_lock (&self->lock);
  if (self->names)
    g_hash_table_insert (self->names, g_strdup (sender), g_strdup (name));
  g_mutex_unlock (&self->lock);
  return name;
}

gboolean
docket_bouncer_get_caller (DocketBouncer         *self,
                           GDBusMethodInvocation *invocation,
                           char                 **user,
                           guint                 *roles,
                           GError               **error)
{
  uid_t uid;
  g_autofree char *name = NULL;
  g_autofree char *acting = NULL;

  if (!sender_uid (self, g_dbus_method_invocation_get_sender (invocation), &uid, error))
    return FALSE;
  name = user_name_of (self, g_dbus_method_invocation_get_sender (invocation), uid);

  if (self->session_bus && uid == getuid ())
    {
      g_mutex_lock (&self->lock);
      if (self->acting)
        acting = g_strdup (g_hash_table_lookup (self->acting, g_dbus_method_invocation_get_sender (invocation)));
      g_mutex_unlock (&self->lock);
    }

  if (acting != NULL)
    {
      /* Acting as a named user (ActAs): that user's stored roles. */
      g_free (name);
      name = g_steal_pointer (&acting);
      *roles = stored_roles (self, name);
    }
  else if (self->session_bus && uid == getuid ())
    {
      /* The developer's own session: every role, or those --roles gave. */
      *roles = self->session_roles;
    }
  else
    {
      guint stored = stored_roles (self, name);
      if (!self->session_bus && (uid == 0 || uid == getuid ()))
        stored |= R (ADMIN);
      *roles = stored;
    }
  if (user)
    *user = g_steal_pointer (&name);
  return TRUE;
}

void
docket_bouncer_note_refused (DocketBouncer *self,
                             const char    *sender,
                             const char    *method,
                             const char    *reason,
                             guint          count)
{
  g_autofree char *user = NULL;
  gpointer uid = NULL;

  /* Under its user's name when an earlier call told who the sender is,
   * else under its bus name: no round trip to the bus on the main thread
   * while a flood is being refused. */
  g_mutex_lock (&self->lock);
  if (self->acting)
    user = g_strdup (g_hash_table_lookup (self->acting, sender));
  if (user == NULL && self->names)
    user = g_strdup (g_hash_table_lookup (self->names, sender));
  if (user == NULL && self->uids)
    uid = g_hash_table_lookup (self->uids, sender);
  g_mutex_unlock (&self->lock);
  if (user == NULL && uid != NULL)
    user = user_name_of (self, sender, (uid_t) (GPOINTER_TO_UINT (uid) - 1));
  docket_refusals_note_many (self->refusals, user ? user : sender, method, reason, count);
}

gboolean
docket_bouncer_act_as (DocketBouncer         *self,
                       GDBusMethodInvocation *invocation,
                       const char            *user,
                       GError               **error)
{
  uid_t uid;

  if (!sender_uid (self, g_dbus_method_invocation_get_sender (invocation), &uid, error))
    return FALSE;
  if (!self->session_bus || uid != getuid ())
    {
      g_set_error_literal (error, DOCKET_ERROR, DOCKET_ERROR_ACCESS_DENIED,
                           "ActAs is only for a developer's own session bus");
      return FALSE;
    }
  if (!docket_validate_user_name (user, error))
    return FALSE;
  g_mutex_lock (&self->lock);
  if (self->acting)
    g_hash_table_insert (self->acting, g_strdup (g_dbus_method_invocation_get_sender (invocation)),
                         g_strdup (user));
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static char *
roles_text (guint roles)
{
  g_auto(GStrv) names = docket_roles_to_strv (roles);
  return names[0] ? g_strjoinv (", ", names) : g_strdup ("none");
}

gboolean
docket_bouncer_check (DocketBouncer         *self,
                      GDBusMethodInvocation *invocation,
                      DocketPermission       permission,
                      GError               **error)
{
  g_autofree char *user = NULL;
  g_autofree char *needed = NULL;
  g_autofree char *held = NULL;
  guint roles = 0;
  guint allowed = docket_permission_roles (permission);

  if (permission == DOCKET_PERMISSION_ANYONE)
    return TRUE;
  if (!docket_bouncer_get_caller (self, invocation, &user, &roles, error))
    return FALSE;
  if (roles & allowed)
    return TRUE;

  needed = roles_text (allowed);
  held = roles_text (roles);
  g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_ACCESS_DENIED,
               "User %s may not call %s.%s%s: it needs one of the roles %s (held: %s)",
               user, g_dbus_method_invocation_get_interface_name (invocation) +
                     strlen (DOCKET_DBUS_NAME) + 1,
               g_dbus_method_invocation_get_method_name (invocation),
               permission == DOCKET_PERMISSION_READ_SENSITIVE ? " for sensitive fields" : "",
               needed, held);
  return FALSE;
}

gboolean
docket_bouncer_method_permission (const char       *iface,
                                  const char       *method,
                                  DocketPermission *permission)
{
  for (gsize i = 0; i < G_N_ELEMENTS (rules); i++)
    if (g_str_equal (rules[i].interface, iface) && g_str_equal (rules[i].method, method))
      {
        *permission = rules[i].permission;
        return TRUE;
      }
  return FALSE;
}

/* Each method's check runs as the first handler of the skeleton's
 * handle-METHOD signal, in the main thread: g-authorize-method would run
 * it in a thread of its own for every call, and the hop there and back
 * cost about 0.3 ms per call (make bench). */
/* What a call does while a long job (an import, an audit run) holds the
 * store and its one transaction. */
typedef enum {
  DURING_JOB_WAIT,             /* it writes: deferred until the job ends */
  DURING_JOB_ANSWER,           /* a pure read, or a job that refuses as busy */
  DURING_JOB_ANSWER_UNLESS_SENSITIVE,   /* a read audited when its last argument asks for secrets */
} DuringJob;

typedef struct {
  DocketBouncer    *self;
  DocketPermission  permission;
  gboolean          has_rule;
  DuringJob         during_job;
  gboolean          main_only;  /* writes, but uses what only the main thread may touch */
  char             *iface;
  char             *method;
} Guard;

/* The calls answered at once while a long job writes: those that never
 * write (an audited read writes its audit entry), the long jobs
 * themselves (each refuses as busy, naming the job), and the transfers of
 * files. Every other call waits its turn and is answered when the job has
 * ended: no call fails for the job's lock, and no read waits for a write. */
static DuringJob
during_job_of (const char *iface, const char *method)
{
  static const char * const answered[] = {
    "Drivers.List", "Drivers.Search", "Drivers.Import", "Drivers.ImportTransfer",
    "Users.WhoAmI", "Users.ActAs", "Users.List", "Users.ListTraining", "Users.ListPeople",
    "Audit.List", "Audit.Verify", "Audit.Refusals",
    "Hearings.Get", "Hearings.List", "Hearings.ListNotices", "Hearings.ListRegisterDuties",
    "Hearings.ListRegisterSearches",
    "Statistics.Get", "Statistics.Render", "Statistics.Compliance", "Statistics.Check",
    "Statistics.Annual", "Statistics.RenderAnnual", "Drivers.RetentionDue",
    "Compliance.RunAudit", "Compliance.RunScheduler", "Compliance.ListRuns", "Compliance.ListFlags",
    "Compliance.TrainingDue", "Compliance.DbsDue",
    "Maintenance.KeyStatus", "Maintenance.RotateKey", "Maintenance.Restore", "Maintenance.RestoreTransfer",
    "Transfers.Upload", "Transfers.Write", "Transfers.Read", "Transfers.Close",
  };
  static const char * const unless_sensitive[] = { "Drivers.Get", "Hearings.GetCase", "Compliance.GetDriver" };
  const char *dot = strrchr (iface, '.');
  g_autofree char *name = g_strdup_printf ("%s.%s", dot ? dot + 1 : iface, method);

  for (guint i = 0; i < G_N_ELEMENTS (answered); i++)
    if (g_str_equal (answered[i], name))
      return DURING_JOB_ANSWER;
  for (guint i = 0; i < G_N_ELEMENTS (unless_sensitive); i++)
    if (g_str_equal (unless_sensitive[i], name))
      return DURING_JOB_ANSWER_UNLESS_SENSITIVE;
  return DURING_JOB_WAIT;
}

/* Calls that write but stay on the main thread: backups, which hand their
 * file to the transfers (main thread only). */
static gboolean
main_only (const char *iface, const char *method)
{
  return g_str_equal (iface, DOCKET_DBUS_IFACE_MAINTENANCE) &&
         (g_str_equal (method, "Backup") || g_str_equal (method, "BackupTransfer"));
}

static gboolean
answered_during_job (Guard *g, guint n_values, const GValue *values)
{
  if (g->during_job == DURING_JOB_ANSWER_UNLESS_SENSITIVE)
    return n_values >= 4 && G_VALUE_HOLDS_BOOLEAN (&values[n_values - 1]) &&
           !g_value_get_boolean (&values[n_values - 1]);
  return g->during_job == DURING_JOB_ANSWER;
}

/* Emits each deferred call again, in order, while no job holds the store. */
static gboolean
replay_deferred (gpointer data)
{
  DocketBouncer *self = data;
  Deferred *d;

  self->replay = 0;
  while (docket_store_get_job (self->store) == NULL && (d = g_queue_pop_head (&self->deferred)))
    {
      GValue handled = G_VALUE_INIT;

      if (g_get_monotonic_time () - d->since > DEFERRED_MAX_USEC)
        g_dbus_method_invocation_return_error_literal (g_value_get_object (&d->values[1]), DOCKET_ERROR,
            DOCKET_ERROR_BUSY, "docketd was busy with a long job for more than 4 minutes: the call was not made; "
            "make it again");
      else
        {
          g_value_init (&handled, G_TYPE_BOOLEAN);
          self->replaying = TRUE;
          g_signal_emitv (d->values, d->signal_id, d->detail, &handled);
          self->replaying = FALSE;
        }
      deferred_free (d);
    }
  return G_SOURCE_REMOVE;
}

static void
on_job_ended (DocketStore *store, DocketBouncer *self)
{
  /* After the job's own completion has replied, not inside it. */
  if (!g_queue_is_empty (&self->deferred) && self->replay == 0)
    /* At the priority calls arrive at, so that a stream of them cannot
     * keep the waiting ones waiting. */
    self->replay = g_idle_add_full (G_PRIORITY_DEFAULT, replay_deferred, self, NULL);
}

/* Emits the call on the writer thread: the guard lets it through there and
 * the service's handler makes it with the writer's connection. */
static void
emit_on_writer (gpointer data)
{
  Deferred *d = data;
  GValue handled = G_VALUE_INIT;

  g_value_init (&handled, G_TYPE_BOOLEAN);
  g_signal_emitv (d->values, d->signal_id, d->detail, &handled);
}

static Deferred *
deferred_new (GSignalInvocationHint *hint, guint n_values, const GValue *values)
{
  Deferred *d = g_new0 (Deferred, 1);

  d->signal_id = hint->signal_id;
  d->detail = hint->detail;
  d->n_values = n_values;
  d->since = g_get_monotonic_time ();
  d->values = g_new0 (GValue, n_values);
  for (guint i = 0; i < n_values; i++)
    {
      g_value_init (&d->values[i], G_VALUE_TYPE (&values[i]));
      g_value_copy (&values[i], &d->values[i]);
    }
  return d;
}

static void
defer (DocketBouncer *self, GSignalInvocationHint *hint, guint n_values, const GValue *values)
{
  g_queue_push_tail (&self->deferred, deferred_new (hint, n_values, values));
}

static void
guard_free (gpointer data, GClosure *closure)
{
  Guard *g = data;

  g_object_unref (g->self);
  g_free (g->iface);
  g_free (g->method);
  g_free (g);
}

static void
guard_marshal (GClosure     *closure,
               GValue       *return_value,
               guint         n_param_values,
               const GValue *param_values,
               gpointer      hint,
               gpointer      marshal_data)
{
  Guard *g = closure->data;
  GDBusMethodInvocation *invocation;
  g_autoptr(GError) error = NULL;
  gboolean handled = FALSE;

  g_return_if_fail (n_param_values >= 2);
  invocation = g_value_get_object (&param_values[1]);
  if (docket_store_in_writer (g->self->store))
    {
      /* Made on the writer. Checked again: a role revoked by a write made
       * before this one, in order, counts (the refusal was noted when the
       * call came, if it was refused then). */
      if (docket_bouncer_check (g->self, invocation, g->permission, &error))
        {
          g_value_set_boolean (return_value, FALSE);
          return;
        }
      g_dbus_method_invocation_return_gerror (invocation, error);
      g_value_set_boolean (return_value, TRUE);
      return;
    }
  if (!g->has_rule)
    {
      g_set_error (&error, DOCKET_ERROR, DOCKET_ERROR_ACCESS_DENIED,
                   "%s.%s has no rule, so it is refused", g->iface, g->method);
      handled = TRUE;
    }
  else if (!docket_bouncer_check (g->self, invocation, g->permission, &error))
    handled = TRUE;
  else if (!g->self->replaying && !answered_during_job (g, n_param_values, param_values) &&
           (docket_store_get_job (g->self->store) != NULL || !g_queue_is_empty (&g->self->deferred)))
    {
      /* Behind a long job (or calls already waiting for one): answered in
       * turn when it has ended. */
      defer (g->self, hint, n_param_values, param_values);
      g_value_set_boolean (return_value, TRUE);
      return;
    }
  else if (!g->main_only && !answered_during_job (g, n_param_values, param_values) &&
           docket_store_has_writer (g->self->store))
    {
      /* A write (or an audited read): the writer makes it, in turn, and
       * the handler replies from there; the main loop goes on reading. */
      docket_store_write (g->self->store, emit_on_writer, deferred_new (hint, n_param_values, param_values),
                          (GDestroyNotify) deferred_free);
      g_value_set_boolean (return_value, TRUE);
      return;
    }
  if (handled)
    {
      if (g_error_matches (error, DOCKET_ERROR, DOCKET_ERROR_ACCESS_DENIED))
        note_refusal (g->self, invocation, error->message);
      g_dbus_method_invocation_return_gerror (invocation, error);
    }
  /* TRUE stops the emission: the service's handler never runs. */
  g_value_set_boolean (return_value, handled);
}

/* "FindByIdentifier" -> "handle-find-by-identifier", as gdbus-codegen
 * names the signal. */
static char *
handler_signal (const char *method)
{
  GString *s = g_string_new ("handle");

  for (const char *c = method; *c; c++)
    {
      if (g_ascii_isupper (*c))
        g_string_append_c (s, '-');
      g_string_append_c (s, g_ascii_tolower (*c));
    }
  return g_string_free (s, FALSE);
}

void
docket_bouncer_protect (DocketBouncer          *self,
                        GDBusInterfaceSkeleton *skeleton)
{
  GDBusInterfaceInfo *info = g_dbus_interface_skeleton_get_info (skeleton);

  for (guint m = 0; info->methods && info->methods[m]; m++)
    {
      const char *method = info->methods[m]->name;
      g_autofree char *signal = handler_signal (method);
      Guard *g;
      GClosure *closure;

      guint id = g_signal_lookup (signal, G_OBJECT_TYPE (skeleton));

      if (id == 0)
        g_error ("%s.%s: no signal %s to guard", info->name, method, signal);
      /* A handler connected before the guard would run unchecked. */
      if (g_signal_has_handler_pending (skeleton, id, 0, FALSE))
        g_error ("%s.%s: protect the skeleton before connecting its handlers", info->name, method);
      g = g_new0 (Guard, 1);
      g->self = g_object_ref (self);
      g->iface = g_strdup (info->name);
      g->method = g_strdup (method);
      g->has_rule = docket_bouncer_method_permission (info->name, method, &g->permission);
      g->during_job = during_job_of (info->name, method);
      g->main_only = main_only (info->name, method);
      closure = g_closure_new_simple (sizeof (GClosure), g);
      g_closure_set_marshal (closure, guard_marshal);
      g_closure_add_finalize_notifier (closure, g, guard_free);
      g_signal_connect_closure (skeleton, signal, closure, FALSE);
    }
}

void
docket_bouncer_caller_clear (DocketBouncerCaller *caller)
{
  g_clear_pointer (&caller->name, g_free);
}

gboolean
docket_bouncer_identify (DocketBouncer         *self,
                         GDBusMethodInvocation *invocation,
                         DocketBouncerCaller   *c)
{
  g_autoptr(GError) error = NULL;

  if (!docket_bouncer_get_caller (self, invocation, &c->name, &c->caller.roles, &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return FALSE;
    }
  c->caller.user = c->name;
  return TRUE;
}

void
docket_bouncer_stop (DocketBouncer *self)
{
  g_clear_handle_id (&self->replay, g_source_remove);
  drop_deferred (self);
}

gboolean
docket_bouncer_fail (GDBusMethodInvocation *invocation,
                     GError                *error)
{
  g_dbus_method_invocation_return_gerror (invocation, error);
  g_error_free (error);
  return TRUE;
}
