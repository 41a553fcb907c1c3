/* org.docket.Docket1.Audit: reading and verifying the audit log. */
#include "config.h"

#include "docket-audit-service.h"
#include "docket-audit-store.h"
#include "docket-names.h"

struct _DocketAuditService
{
  DocketDBusAuditSkeleton parent_instance;
  DocketStore    *store;
  DocketRefusals *refusals;
  gint64          head;
  guint           watch;
};

G_DEFINE_FINAL_TYPE (DocketAuditService, docket_audit_service, DOCKET_DBUS_TYPE_AUDIT_SKELETON)

static void
docket_audit_service_dispose (GObject *object)
{
  g_clear_handle_id (&DOCKET_AUDIT_SERVICE (object)->watch, g_source_remove);
  g_clear_object (&DOCKET_AUDIT_SERVICE (object)->store);
  g_clear_object (&DOCKET_AUDIT_SERVICE (object)->refusals);
  G_OBJECT_CLASS (docket_audit_service_parent_class)->dispose (object);
}

static void
docket_audit_service_class_init (DocketAuditServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = docket_audit_service_dispose;
}

static void
docket_audit_service_init (DocketAuditService *self)
{
}

static gboolean
handle_list (DocketDBusAudit       *object,
             GDBusMethodInvocation *invocation,
             GVariant              *query,
             DocketAuditService    *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = docket_audit_store_list (self->store, query, &error);

  if (list == NULL)
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return TRUE;
    }
  docket_dbus_audit_complete_list (object, invocation, list);
  return TRUE;
}

static gboolean
handle_verify (DocketDBusAudit       *object,
               GDBusMethodInvocation *invocation,
               DocketAuditService    *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *head_hex = NULL;
  gint64 first_broken = 0, head_seq = 0;

  if (!docket_audit_store_verify (self->store, &first_broken, &message, &head_seq,
                                  &head_hex, &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return TRUE;
    }
  docket_dbus_audit_complete_verify (object, invocation, first_broken == 0, first_broken,
                                     message, head_seq, head_hex);
  return TRUE;
}

static gboolean
handle_refusals (DocketDBusAudit       *object,
                 GDBusMethodInvocation *invocation,
                 DocketAuditService    *self)
{
  docket_dbus_audit_complete_refusals (object, invocation, docket_refusals_list (self->refusals));
  return TRUE;
}

/* The newest entry's number, 0 when the log is empty or unreadable. */
static gint64
read_head (DocketStore *store)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, "SELECT max(seq) FROM audit_log", NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

/* Once a second: whoever wrote (this thread, a worker, the scheduler),
 * clients following the log hear that it grew. One indexed read. */
static gboolean
watch_head (gpointer data)
{
  DocketAuditService *self = data;
  gint64 head = read_head (self->store);

  if (head > self->head)
    {
      self->head = head;
      docket_dbus_audit_emit_appended (DOCKET_DBUS_AUDIT (self), head);
    }
  return G_SOURCE_CONTINUE;
}

DocketAuditService *
docket_audit_service_new (DocketStore   *store,
                          DocketBouncer *bouncer)
{
  DocketAuditService *self = g_object_new (DOCKET_TYPE_AUDIT_SERVICE, NULL);

  self->store = g_object_ref (store);
  self->refusals = g_object_ref (docket_bouncer_get_refusals (bouncer));
  docket_dbus_audit_set_version (DOCKET_DBUS_AUDIT (self), DOCKET_API_VERSION);
  /* The guard first: it must run before every handler. */
  docket_bouncer_protect (bouncer, G_DBUS_INTERFACE_SKELETON (self));
  g_signal_connect (self, "handle-list", G_CALLBACK (handle_list), self);
  g_signal_connect (self, "handle-verify", G_CALLBACK (handle_verify), self);
  g_signal_connect (self, "handle-refusals", G_CALLBACK (handle_refusals), self);
  self->head = read_head (store);
  self->watch = g_timeout_add_seconds (1, watch_head, self);
  return self;
}
