/* Calls the bus refused for a full queue, sent again with their own serial
 * so that GDBus matches the eventual reply to the call still waiting. */
#include "config.h"

#include "docket-names.h"
#include "docket-retry.h"

#define LIMITS_EXCEEDED "org.freedesktop.DBus.Error.LimitsExceeded"
#define BUS_NAME        "org.freedesktop.DBus"
/* Calls followed at once; beyond, new calls simply are not retried. */
#define MAX_WATCHED     4096

typedef struct {
  GMutex      lock;
  GHashTable *calls;      /* serial -> Watched */
  guint       retried;
  gint64      window_us;  /* how long after its first sending a call may be sent again */
} Retry;

typedef struct {
  GDBusMessage *message;
  guint         attempts;
  gint64        first_sent;   /* monotonic */
} Watched;

typedef struct {
  GDBusConnection *connection;
  GDBusMessage    *message;
} Resend;

static void
watched_free (gpointer data)
{
  Watched *w = data;

  g_object_unref (w->message);
  g_free (w);
}

static void
retry_free (gpointer data)
{
  Retry *r = data;

  g_hash_table_unref (r->calls);
  g_mutex_clear (&r->lock);
  g_free (r);
}

/* Waits are timed on a thread of their own: a filter runs on GDBus's
 * worker thread, which must never sleep. */
static gpointer
timer_thread (gpointer data)
{
  GMainContext *context = data;

  for (;;)
    g_main_context_iteration (context, TRUE);
  return NULL;
}

static GMainContext *
timer_context (void)
{
  static GMainContext *context;

  if (g_once_init_enter (&context))
    {
      GMainContext *c = g_main_context_new ();
      g_thread_unref (g_thread_new ("docket-retry", timer_thread, c));
      g_once_init_leave (&context, c);
    }
  return context;
}

static gboolean
resend (gpointer data)
{
  Resend *s = data;

  /* The message is locked since its first sending; with its serial kept
   * GDBus sends it as it is. A closed connection just fails the call. */
  if (!g_dbus_connection_is_closed (s->connection))
    g_dbus_connection_send_message (s->connection, s->message, G_DBUS_SEND_MESSAGE_FLAGS_PRESERVE_SERIAL,
                                    NULL, NULL);
  return G_SOURCE_REMOVE;
}

static void
resend_free (gpointer data)
{
  Resend *s = data;

  g_object_unref (s->connection);
  g_object_unref (s->message);
  g_free (s);
}

static guint
delay_ms (guint attempt)
{
  return MIN (20u << MIN (attempt, 6u), 1000u);
}

static void
schedule (GDBusConnection *connection, GDBusMessage *message, guint attempt)
{
  Resend *s = g_new0 (Resend, 1);
  g_autoptr(GSource) timeout = g_timeout_source_new (delay_ms (attempt));

  s->connection = g_object_ref (connection);
  s->message = g_object_ref (message);
  g_source_set_callback (timeout, resend, s, resend_free);
  g_source_attach (timeout, timer_context ());
}

static GDBusMessage *
on_message (GDBusConnection *connection,
            GDBusMessage    *message,
            gboolean         incoming,
            gpointer         user_data)
{
  Retry *r = user_data;
  GDBusMessageType type = g_dbus_message_get_message_type (message);
  gpointer serial;
  Watched *w;

  if (!incoming)
    {
      if (type != G_DBUS_MESSAGE_TYPE_METHOD_CALL ||
          (g_dbus_message_get_flags (message) & G_DBUS_MESSAGE_FLAGS_NO_REPLY_EXPECTED) ||
          g_strcmp0 (g_dbus_message_get_destination (message), DOCKET_DBUS_NAME) != 0)
        return message;
      serial = GUINT_TO_POINTER (g_dbus_message_get_serial (message));
      g_mutex_lock (&r->lock);
      if (g_hash_table_size (r->calls) < MAX_WATCHED && !g_hash_table_contains (r->calls, serial))
        {
          w = g_new0 (Watched, 1);
          w->message = g_object_ref (message);
          w->first_sent = g_get_monotonic_time ();
          g_hash_table_insert (r->calls, serial, w);
        }
      g_mutex_unlock (&r->lock);
      return message;
    }

  if (type != G_DBUS_MESSAGE_TYPE_METHOD_RETURN && type != G_DBUS_MESSAGE_TYPE_ERROR)
    return message;
  serial = GUINT_TO_POINTER (g_dbus_message_get_reply_serial (message));
  g_mutex_lock (&r->lock);
  w = g_hash_table_lookup (r->calls, serial);
  if (w != NULL && type == G_DBUS_MESSAGE_TYPE_ERROR && w->attempts < DOCKET_RETRY_ATTEMPTS &&
      g_get_monotonic_time () + delay_ms (w->attempts) * 1000 < w->first_sent + r->window_us &&
      g_strcmp0 (g_dbus_message_get_error_name (message), LIMITS_EXCEEDED) == 0 &&
      g_strcmp0 (g_dbus_message_get_sender (message), BUS_NAME) == 0)
    {
      /* Refused by the bus itself, so never delivered: send it again. */
      schedule (connection, w->message, w->attempts++);
      r->retried++;
      g_mutex_unlock (&r->lock);
      g_object_unref (message);
      return NULL;
    }
  if (w != NULL)
    g_hash_table_remove (r->calls, serial);
  g_mutex_unlock (&r->lock);
  return message;
}

void
docket_retry_install (GDBusConnection *connection,
                      int              timeout_ms)
{
  Retry *r;

  if (g_object_get_data (G_OBJECT (connection), "docket-retry") != NULL)
    return;
  r = g_new0 (Retry, 1);
  r->window_us = ((gint64) (timeout_ms > 0 ? timeout_ms : 25000) - 1000) * 1000;
  g_mutex_init (&r->lock);
  r->calls = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, watched_free);
  /* The filter goes with the connection; so does its state. */
  g_object_set_data_full (G_OBJECT (connection), "docket-retry", r, retry_free);
  g_dbus_connection_add_filter (connection, on_message, r, NULL);
}

guint
docket_retry_get_count (GDBusConnection *connection)
{
  Retry *r = g_object_get_data (G_OBJECT (connection), "docket-retry");
  guint n;

  if (r == NULL)
    return 0;
  g_mutex_lock (&r->lock);
  n = r->retried;
  g_mutex_unlock (&r->lock);
  return n;
}
