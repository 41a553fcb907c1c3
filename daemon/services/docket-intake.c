/* The intake: per-call, per-connection and overall bounds on the calls in
 * progress, applied in a GDBus message filter on the worker thread. */
#include "config.h"

#include <string.h>

#include "docket-intake.h"
#include "docket-names.h"
#include "docket-transfers.h"

struct _DocketIntake {
  gint                 ref_count;
  GDBusConnection     *connection;
  guint                filter_id;
  GMainContext        *main_context;
  GMutex               lock;
  GHashTable          *calls;      /* sender -> calls in progress */
  guint64              bytes;      /* of every call in progress */
  guint                n_calls;
  GHashTable          *refused;    /* "sender\nmethod" -> Refused */
  gboolean             idle_pending;
  DocketIntakeRefused  refused_cb;
  gpointer             user_data;
};

typedef struct {
  char  *sender;
  char  *method;
  char  *reason;
  guint  count;
} Refused;

/* Kinds of refused calls (sender and method) kept between reports. */
#define MAX_REFUSED 256

/* Rides on each call taken in, and gives its share back when GDBus frees
 * the message, on whichever thread that happens. */
typedef struct {
  DocketIntake *intake;
  char         *sender;
  guint64       bytes;
} Ticket;

static GQuark
ticket_quark (void)
{
  return g_quark_from_static_string ("docket-intake-ticket");
}

static DocketIntake *
intake_ref (DocketIntake *self)
{
  g_atomic_int_inc (&self->ref_count);
  return self;
}

static void
refused_free (gpointer data)
{
  Refused *r = data;

  g_free (r->sender);
  g_free (r->method);
  g_free (r->reason);
  g_free (r);
}

static void
intake_unref (DocketIntake *self)
{
  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;
  g_hash_table_unref (self->calls);
  g_hash_table_unref (self->refused);
  g_main_context_unref (self->main_context);
  g_mutex_clear (&self->lock);
  g_free (self);
}

static void
ticket_release (gpointer data)
{
  Ticket *t = data;
  DocketIntake *self = t->intake;
  guint n;

  g_mutex_lock (&self->lock);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (self->calls, t->sender));
  if (n <= 1)
    g_hash_table_remove (self->calls, t->sender);
  else
    g_hash_table_insert (self->calls, g_strdup (t->sender), GUINT_TO_POINTER (n - 1));
  self->bytes -= t->bytes;
  self->n_calls--;
  g_mutex_unlock (&self->lock);
  g_free (t->sender);
  g_free (t);
  intake_unref (self);
}

/* "Drivers.Get" for Docket's own interfaces, the full name for others. */
static char *
method_name (GDBusMessage *message)
{
  const char *iface = g_dbus_message_get_interface (message);
  const char *member = g_dbus_message_get_member (message);

  if (iface != NULL && g_str_has_prefix (iface, DOCKET_DBUS_NAME "."))
    iface += strlen (DOCKET_DBUS_NAME ".");
  return g_strdup_printf ("%s.%s", iface ? iface : "(none)", member ? member : "(none)");
}

static gboolean
report_refused (gpointer data)
{
  DocketIntake *self = data;
  g_autoptr(GHashTable) batch = NULL;
  DocketIntakeRefused cb;
  GHashTableIter iter;
  gpointer value;

  g_mutex_lock (&self->lock);
  batch = g_steal_pointer (&self->refused);
  self->refused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, refused_free);
  self->idle_pending = FALSE;
  cb = self->refused_cb;
  g_mutex_unlock (&self->lock);
  if (cb == NULL)
    return G_SOURCE_REMOVE;
  g_hash_table_iter_init (&iter, batch);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Refused *r = value;
      cb (r->sender, r->method, r->reason, r->count, self->user_data);
    }
  return G_SOURCE_REMOVE;
}

/* Notes the refusal of @message, to be reported on the main thread.
 * Called with the lock held. */
static void
note_locked (DocketIntake *self, GDBusMessage *message, const char *reason)
{
  const char *sender = g_dbus_message_get_sender (message);
  g_autofree char *method = method_name (message);
  g_autofree char *key = g_strdup_printf ("%s\n%s", sender ? sender : "", method);
  Refused *r = g_hash_table_lookup (self->refused, key);

  /* Bounded however a flood varies its senders and method names: beyond
   * MAX_REFUSED kinds until the next report, they are counted as one. */
  if (r == NULL && g_hash_table_size (self->refused) >= MAX_REFUSED)
    {
      g_free (key);
      key = g_strdup ("\n(other calls)");
      g_free (method);
      method = g_strdup ("(other calls)");
      sender = "(many connections)";
      r = g_hash_table_lookup (self->refused, key);
    }
  if (r == NULL)
    {
      r = g_new0 (Refused, 1);
      r->sender = g_strdup (sender ? sender : "");
      r->method = g_steal_pointer (&method);
      g_hash_table_insert (self->refused, g_steal_pointer (&key), r);
    }
  g_free (r->reason);
  r->reason = g_strdup (reason);
  r->count++;
  if (!self->idle_pending)
    {
      g_autoptr(GSource) idle = g_idle_source_new ();

      /* At the priority GDBus dispatches calls with, so that a flood does
       * not starve the report (and keep the table growing). */
      g_source_set_priority (idle, G_PRIORITY_DEFAULT);
      self->idle_pending = TRUE;
      g_source_set_callback (idle, report_refused, intake_ref (self), (GDestroyNotify) intake_unref);
      g_source_attach (idle, self->main_context);
    }
}

/* NULL when @message may be taken in, else why not (and the error's name
 * in @name). Called with the lock held. */
static char *
check_locked (DocketIntake *self, GDBusMessage *message, guint64 bytes, guint calls, const char **name)
{
  guint64 max = DOCKET_INTAKE_MAX_CALL_BYTES;

  if (g_strcmp0 (g_dbus_message_get_interface (message), DOCKET_DBUS_IFACE_TRANSFERS) == 0 &&
      g_strcmp0 (g_dbus_message_get_member (message), "Write") == 0)
    max = DOCKET_TRANSFER_CHUNK_MAX + 64 * 1024;
  *name = DOCKET_DBUS_ERROR_PREFIX ".Busy";
  if (bytes > max)
    {
      g_autofree char *method = method_name (message);
      *name = DOCKET_DBUS_ERROR_PREFIX ".InvalidArgument";
      return g_strdup_printf ("%s: the call carries %.1f MiB of arguments; "
                              "docketd takes at most %.1f MiB in one call",
                              method, bytes / 1048576.0, max / 1048576.0);
    }
  if (calls >= DOCKET_INTAKE_MAX_CALLS)
    return g_strdup_printf ("this connection has %u calls in progress already; "
                            "wait for their replies before sending more", calls);
  if (bytes > DOCKET_INTAKE_SMALL_CALL_BYTES && self->bytes + bytes > DOCKET_INTAKE_MAX_BYTES_IN_FLIGHT)
    return g_strdup ("docketd is taking in too much at once; try again shortly");
  return NULL;
}

static GDBusMessage *
on_message (GDBusConnection *connection,
            GDBusMessage    *message,
            gboolean         incoming,
            gpointer         user_data)
{
  DocketIntake *self = user_data;
  GVariant *body;
  const char *sender, *name = NULL;
  g_autofree char *reason = NULL;
  guint64 bytes;
  guint calls;
  Ticket *t;

  if (!incoming || g_dbus_message_get_message_type (message) != G_DBUS_MESSAGE_TYPE_METHOD_CALL)
    return message;
  sender = g_dbus_message_get_sender (message);
  body = g_dbus_message_get_body (message);
  bytes = body ? g_variant_get_size (body) : 0;

  g_mutex_lock (&self->lock);
  calls = GPOINTER_TO_UINT (g_hash_table_lookup (self->calls, sender ? sender : ""));
  reason = check_locked (self, message, bytes, calls, &name);
  if (reason != NULL)
    {
      note_locked (self, message, reason);
      g_mutex_unlock (&self->lock);
      /* Answered at once (outside the lock: sending takes GDBus's own)
       * and dropped: it never reaches the main thread. */
      if (!(g_dbus_message_get_flags (message) & G_DBUS_MESSAGE_FLAGS_NO_REPLY_EXPECTED))
        {
          g_autoptr(GDBusMessage) reply = g_dbus_message_new_method_error_literal (message, name, reason);
          g_dbus_connection_send_message (connection, reply, G_DBUS_SEND_MESSAGE_FLAGS_NONE, NULL, NULL);
        }
      g_object_unref (message);
      return NULL;
    }
  g_hash_table_insert (self->calls, g_strdup (sender ? sender : ""), GUINT_TO_POINTER (calls + 1));
  self->bytes += bytes;
  self->n_calls++;
  g_mutex_unlock (&self->lock);

  t = g_new0 (Ticket, 1);
  t->intake = intake_ref (self);
  t->sender = g_strdup (sender ? sender : "");
  t->bytes = bytes;
  g_object_set_qdata_full (G_OBJECT (message), ticket_quark (), t, ticket_release);
  return message;
}

DocketIntake *
docket_intake_new (GDBusConnection     *connection,
                   DocketIntakeRefused  refused,
                   gpointer             user_data)
{
  DocketIntake *self = g_new0 (DocketIntake, 1);

  self->ref_count = 1;
  self->connection = connection;
  self->main_context = g_main_context_ref_thread_default ();
  g_mutex_init (&self->lock);
  self->calls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->refused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, refused_free);
  self->refused_cb = refused;
  self->user_data = user_data;
  self->filter_id = g_dbus_connection_add_filter (connection, on_message, intake_ref (self),
                                                  (GDestroyNotify) intake_unref);
  return self;
}

void
docket_intake_free (DocketIntake *self)
{
  g_dbus_connection_remove_filter (self->connection, self->filter_id);
  g_mutex_lock (&self->lock);
  self->refused_cb = NULL;
  g_mutex_unlock (&self->lock);
  intake_unref (self);
}

void
docket_intake_get_load (DocketIntake *self,
                        guint        *calls,
                        guint64      *bytes)
{
  g_mutex_lock (&self->lock);
  if (calls)
    *calls = self->n_calls;
  if (bytes)
    *bytes = self->bytes;
  g_mutex_unlock (&self->lock);
}
