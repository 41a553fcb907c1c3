/* Calls the bouncer refused, per user: logged and counted. */
#include "config.h"

#include "docket-refusals.h"

typedef struct {
  char   *user;
  guint   count;
  char   *first;
  char   *last;
  char   *method;
  char   *reason;
  gint64  window_start;   /* monotonic, µs: the minute being logged */
  guint   logged;         /* lines logged in that minute */
  guint   suppressed;     /* refusals not logged since the last line */
} Refusal;

struct _DocketRefusals
{
  GObject     parent_instance;
  GHashTable *users;   /* user -> Refusal */
};

G_DEFINE_FINAL_TYPE (DocketRefusals, docket_refusals, G_TYPE_OBJECT)

static void
refusal_free (Refusal *r)
{
  g_free (r->user);
  g_free (r->first);
  g_free (r->last);
  g_free (r->method);
  g_free (r->reason);
  g_free (r);
}

static void
docket_refusals_finalize (GObject *object)
{
  g_hash_table_unref (DOCKET_REFUSALS (object)->users);
  G_OBJECT_CLASS (docket_refusals_parent_class)->finalize (object);
}

static void
docket_refusals_class_init (DocketRefusalsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = docket_refusals_finalize;
}

static void
docket_refusals_init (DocketRefusals *self)
{
  self->users = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) refusal_free);
}

DocketRefusals *
docket_refusals_new (void)
{
  return g_object_new (DOCKET_TYPE_REFUSALS, NULL);
}

void
docket_refusals_note (DocketRefusals *self,
                      const char     *user,
                      const char     *method,
                      const char     *reason)
{
  docket_refusals_note_many (self, user, method, reason, 1);
}

void
docket_refusals_note_many (DocketRefusals *self,
                           const char     *user,
                           const char     *method,
                           const char     *reason,
                           guint           n)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format_iso8601 (now);
  Refusal *r = g_hash_table_lookup (self->users, user);
  gint64 mono = g_get_monotonic_time ();
  g_autofree char *count = NULL;
  g_autofree char *count_note = NULL;

  if (r == NULL)
    {
      r = g_new0 (Refusal, 1);
      r->user = g_strdup (user);
      r->first = g_strdup (when);
      g_hash_table_insert (self->users, r->user, r);
    }
  r->count += n;
  g_free (r->last);
  r->last = g_strdup (when);
  g_free (r->method);
  r->method = g_strdup (method);
  g_free (r->reason);
  r->reason = g_strdup (reason);

  if (mono - r->window_start >= G_USEC_PER_SEC * 60)
    {
      r->window_start = mono;
      r->logged = 0;
    }
  if (r->logged >= DOCKET_REFUSALS_LOG_PER_MINUTE)
    {
      r->suppressed += n;
      return;
    }
  r->logged++;
  count = g_strdup_printf ("%u", r->count);
  if (n > 1)
    count_note = g_strdup_printf (" (%u calls)", n);
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                    "MESSAGE", "Refused %s to %s%s: %s%s", method, user,
                    count_note ? count_note : "", reason,
                    r->suppressed ? " (and more refusals of this user not logged)" : "",
                    "DOCKET_USER", user,
                    "DOCKET_METHOD", method,
                    "DOCKET_REASON", reason,
                    "DOCKET_REFUSALS", count);
  r->suppressed = 0;
}

static gint
most_first (gconstpointer a, gconstpointer b)
{
  const Refusal *ra = a, *rb = b;

  if (ra->count != rb->count)
    return ra->count > rb->count ? -1 : 1;
  return g_strcmp0 (ra->user, rb->user);
}

GVariant *
docket_refusals_list (DocketRefusals *self)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(GList) all = g_list_sort (g_hash_table_get_values (self->users), most_first);

  for (GList *l = all; l != NULL; l = l->next)
    {
      Refusal *r = l->data;
      GVariantDict d;

      g_variant_dict_init (&d, NULL);
      g_variant_dict_insert (&d, "user", "s", r->user);
      g_variant_dict_insert (&d, "count", "u", r->count);
      g_variant_dict_insert (&d, "first", "s", r->first);
      g_variant_dict_insert (&d, "last", "s", r->last);
      g_variant_dict_insert (&d, "method", "s", r->method);
      g_variant_dict_insert (&d, "reason", "s", r->reason);
      g_variant_builder_add_value (&b, g_variant_dict_end (&d));
    }
  return g_variant_builder_end (&b);
}
