/* DocketDriverList: pages of DRIVER_PAGE rows fetched on demand with
 * Drivers.List; rows are placeholders until their page arrives and are then
 * filled in place, so the view's bindings update without items-changed. A
 * search fetches the best matches once and filters and sorts them here. */
#include "config.h"

#include <string.h>

#include "docket-driver-list.h"

#define DRIVER_PAGE   100
#define SEARCH_LIMIT  500

/* DocketDriverRow ------------------------------------------------------------- */

struct _DocketDriverRow
{
  GObject   parent_instance;
  char     *licence;
  char     *name;
  char     *kind;
  char     *status;
  char     *badge;
  char     *expires;
  gboolean  loaded;
};

G_DEFINE_FINAL_TYPE (DocketDriverRow, docket_driver_row, G_TYPE_OBJECT)

enum {
  ROW_PROP_0,
  ROW_PROP_LICENCE,
  ROW_PROP_NAME,
  ROW_PROP_KIND,
  ROW_PROP_STATUS,
  ROW_PROP_BADGE,
  ROW_PROP_EXPIRES,
  ROW_PROP_LOADED,
  ROW_N_PROPS
};

static GParamSpec *row_props[ROW_N_PROPS];

static void
docket_driver_row_finalize (GObject *object)
{
  DocketDriverRow *self = DOCKET_DRIVER_ROW (object);

  g_free (self->licence);
  g_free (self->name);
  g_free (self->kind);
  g_free (self->status);
  g_free (self->badge);
  g_free (self->expires);
  G_OBJECT_CLASS (docket_driver_row_parent_class)->finalize (object);
}

static void
docket_driver_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DocketDriverRow *self = DOCKET_DRIVER_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_LICENCE: g_value_set_string (value, self->licence); break;
    case ROW_PROP_NAME:    g_value_set_string (value, self->name); break;
    case ROW_PROP_KIND:    g_value_set_string (value, self->kind); break;
    case ROW_PROP_STATUS:  g_value_set_string (value, self->status); break;
    case ROW_PROP_BADGE:   g_value_set_string (value, self->badge); break;
    case ROW_PROP_EXPIRES: g_value_set_string (value, self->expires); break;
    case ROW_PROP_LOADED:  g_value_set_boolean (value, self->loaded); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
docket_driver_row_class_init (DocketDriverRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = docket_driver_row_finalize;
  object_class->get_property = docket_driver_row_get_property;
  row_props[ROW_PROP_LICENCE] = g_param_spec_string ("licence", NULL, NULL, NULL, flags);
  row_props[ROW_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  row_props[ROW_PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, flags);
  row_props[ROW_PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  row_props[ROW_PROP_BADGE] = g_param_spec_string ("badge", NULL, NULL, NULL, flags);
  row_props[ROW_PROP_EXPIRES] = g_param_spec_string ("expires", NULL, NULL, NULL, flags);
  row_props[ROW_PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, ROW_N_PROPS, row_props);
}

static void
docket_driver_row_init (DocketDriverRow *self)
{
}

static void
set_field (DocketDriverRow *self, char **field, GVariant *record, const char *key, guint prop)
{
  const char *value = NULL;

  g_variant_lookup (record, key, "&s", &value);
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), row_props[prop]);
}

/* Fills the row from a summary record (a{sv}). */
static void
row_fill (DocketDriverRow *self, GVariant *record)
{
  g_object_freeze_notify (G_OBJECT (self));
  set_field (self, &self->licence, record, "licence", ROW_PROP_LICENCE);
  set_field (self, &self->name, record, "name", ROW_PROP_NAME);
  set_field (self, &self->kind, record, "kind", ROW_PROP_KIND);
  set_field (self, &self->status, record, "status", ROW_PROP_STATUS);
  set_field (self, &self->badge, record, "badge", ROW_PROP_BADGE);
  set_field (self, &self->expires, record, "expires", ROW_PROP_EXPIRES);
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), row_props[ROW_PROP_LOADED]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

DocketDriverRow *
docket_driver_row_new (GVariant *record)
{
  DocketDriverRow *self = g_object_new (DOCKET_TYPE_DRIVER_ROW, NULL);

  row_fill (self, record);
  return self;
}

const char *
docket_driver_row_get_licence (DocketDriverRow *self)
{
  return self->licence;
}

const char *
docket_driver_row_get_name (DocketDriverRow *self)
{
  return self->name;
}

const char *
docket_driver_row_get_status (DocketDriverRow *self)
{
  return self->status;
}

gboolean
docket_driver_row_get_loaded (DocketDriverRow *self)
{
  return self->loaded;
}

/* DocketDriverList ------------------------------------------------------------ */

const char * const docket_driver_sort_keys[] = {
  "licence", "name", "kind", "status", "badge", "expires", NULL,
};

struct _DocketDriverList
{
  GObject       parent_instance;

  DocketClient *client;
  GCancellable *cancellable;
  guint         generation;    /* bumped when the query changes */

  char         *status;
  char         *kind;
  char         *expires_from;
  char         *expires_to;
  char         *search;
  char         *sort;
  gboolean      descending;

  guint         n_items;
  guint         total;
  GHashTable   *pages;         /* page number -> GPtrArray of rows */
  GHashTable   *in_flight;     /* pages being fetched in this generation */
  GPtrArray    *matches;       /* search mode: the filtered, sorted rows */
  guint         pending;
  guint         fetches;
  guint         refresh_source;   /* a refresh after a burst of changes */
  char         *error;            /* why the last fetch failed, for the view */
};

static void docket_driver_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DocketDriverList, docket_driver_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, docket_driver_list_model_init))

enum {
  PROP_0,
  PROP_TOTAL,
  PROP_BUSY,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  DocketDriverList *self;
  guint             generation;
  guint             page;
} Fetch;

static void
set_busy (DocketDriverList *self, int delta)
{
  gboolean was = self->pending > 0;

  self->pending = (guint) ((int) self->pending + delta);
  if (was != (self->pending > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_count (DocketDriverList *self, guint total)
{
  guint old = self->n_items;

  self->total = total;
  self->n_items = total;
  if (old != total)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old, total);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
}

static GVariant *
list_query (DocketDriverList *self, guint offset)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  if (self->status)
    g_variant_builder_add (&b, "{sv}", "status", g_variant_new_string (self->status));
  if (self->kind)
    g_variant_builder_add (&b, "{sv}", "kind", g_variant_new_string (self->kind));
  if (self->expires_from)
    g_variant_builder_add (&b, "{sv}", "expires-from", g_variant_new_string (self->expires_from));
  if (self->expires_to)
    g_variant_builder_add (&b, "{sv}", "expires-to", g_variant_new_string (self->expires_to));
  if (self->sort)
    {
      g_variant_builder_add (&b, "{sv}", "sort", g_variant_new_string (self->sort));
      g_variant_builder_add (&b, "{sv}", "descending", g_variant_new_boolean (self->descending));
    }
  g_variant_builder_add (&b, "{sv}", "offset", g_variant_new_uint32 (offset));
  g_variant_builder_add (&b, "{sv}", "limit", g_variant_new_uint32 (DRIVER_PAGE));
  return g_variant_builder_end (&b);
}

static GPtrArray *
new_page (DocketDriverList *self, guint page)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);
  guint first = page * DRIVER_PAGE;
  guint n = MIN (DRIVER_PAGE, self->n_items - first);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (rows, g_object_new (DOCKET_TYPE_DRIVER_ROW, NULL));
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), rows);
  return rows;
}

static void
list_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fetch *f = user_data;
  DocketDriverList *self = f->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) drivers = NULL;
  guint total = 0;

  if (!docket_dbus_drivers_call_list_finish (DOCKET_DBUS_DRIVERS (source), &drivers, &total, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_free (self->error);
          self->error = docket_client_error_text (error);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
          set_busy (self, -1);
          g_hash_table_remove (self->pages, GUINT_TO_POINTER (f->page));
          if (f->generation == self->generation)
            g_hash_table_remove (self->in_flight, GUINT_TO_POINTER (f->page));
        }
      goto out;
    }
  set_busy (self, -1);
  if (f->generation != self->generation)
    goto out;
  self->fetches++;
  g_hash_table_remove (self->in_flight, GUINT_TO_POINTER (f->page));

  if (total != self->n_items)
    {
      /* The register changed under us (or this is the first answer): start
       * over with the new count; pages are fetched again as they are seen. */
      g_hash_table_remove_all (self->pages);
      set_count (self, total);
      if (f->page * DRIVER_PAGE >= total)
        goto out;
    }
  {
    GPtrArray *rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (f->page));
    if (rows == NULL)
      rows = new_page (self, f->page);
    for (guint i = 0; i < rows->len && i < g_variant_n_children (drivers); i++)
      {
        g_autoptr(GVariant) record = g_variant_get_child_value (drivers, i);
        row_fill (rows->pdata[i], record);
      }
  }

out:
  g_object_unref (self);
  g_free (f);
}

static void
fetch_page (DocketDriverList *self, guint page)
{
  DocketDBusDrivers *drivers = docket_client_get_drivers (self->client);
  Fetch *f;

  if (drivers == NULL || g_hash_table_contains (self->in_flight, GUINT_TO_POINTER (page)))
    return;
  g_hash_table_add (self->in_flight, GUINT_TO_POINTER (page));
  f = g_new0 (Fetch, 1);
  f->self = g_object_ref (self);
  f->generation = self->generation;
  f->page = page;
  set_busy (self, +1);
  docket_dbus_drivers_call_list (drivers, list_query (self, page * DRIVER_PAGE), self->cancellable,
                                 list_cb, f);
}

/* Search mode ---------------------------------------------------------------- */

static gboolean
matches_filter (DocketDriverList *self, DocketDriverRow *row)
{
  if (self->status && g_strcmp0 (row->status, self->status) != 0)
    return FALSE;
  if (self->kind && g_strcmp0 (row->kind, self->kind) != 0)
    return FALSE;
  if (self->expires_from && (row->expires == NULL || strcmp (row->expires, self->expires_from) < 0))
    return FALSE;
  if (self->expires_to && (row->expires == NULL || strcmp (row->expires, self->expires_to) > 0))
    return FALSE;
  return TRUE;
}

static const char *
row_key (DocketDriverRow *row, const char *key)
{
  if (g_str_equal (key, "licence")) return row->licence;
  if (g_str_equal (key, "name")) return row->name;
  if (g_str_equal (key, "kind")) return row->kind;
  if (g_str_equal (key, "status")) return row->status;
  if (g_str_equal (key, "badge")) return row->badge;
  return row->expires;
}

static int
compare_rows (gconstpointer a, gconstpointer b, gpointer user_data)
{
  DocketDriverList *self = user_data;
  DocketDriverRow *ra = *(DocketDriverRow **) a, *rb = *(DocketDriverRow **) b;
  const char *ka = row_key (ra, self->sort), *kb = row_key (rb, self->sort);
  int c;

  if (g_str_equal (self->sort, "badge") && ka && kb && strlen (ka) != strlen (kb))
    c = strlen (ka) < strlen (kb) ? -1 : 1;   /* badge numbers sort as numbers */
  else
    c = g_strcmp0 (ka, kb);
  if (c == 0)
    c = g_strcmp0 (ra->licence, rb->licence);
  return self->descending ? -c : c;
}

static void
search_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fetch *f = user_data;
  DocketDriverList *self = f->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) drivers = NULL;
  GPtrArray *matches;
  guint old;

  if (!docket_dbus_drivers_call_search_finish (DOCKET_DBUS_DRIVERS (source), &drivers, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_free (self->error);
          self->error = docket_client_error_text (error);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
          set_busy (self, -1);
        }
      goto out;
    }
  set_busy (self, -1);
  if (f->generation != self->generation)
    goto out;
  self->fetches++;

  matches = g_ptr_array_new_with_free_func (g_object_unref);
  for (gsize i = 0; i < g_variant_n_children (drivers); i++)
    {
      g_autoptr(GVariant) record = g_variant_get_child_value (drivers, i);
      DocketDriverRow *row = g_object_new (DOCKET_TYPE_DRIVER_ROW, NULL);
      row_fill (row, record);
      if (matches_filter (self, row))
        g_ptr_array_add (matches, row);
      else
        g_object_unref (row);
    }
  if (self->sort)
    g_ptr_array_sort_with_data (matches, compare_rows, self);
  old = self->n_items;
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  self->matches = matches;
  self->n_items = self->total = matches->len;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);

out:
  g_object_unref (self);
  g_free (f);
}

static gboolean
searching (DocketDriverList *self)
{
  return self->search != NULL && *self->search != '\0';
}

/* Starts over: a new generation, nothing loaded, the count fetched. */
static void
restart (DocketDriverList *self, gboolean keep_rows)
{
  DocketDBusDrivers *drivers = docket_client_get_drivers (self->client);

  self->generation++;
  g_hash_table_remove_all (self->in_flight);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->pending = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  if (!keep_rows)
    {
      guint old = self->n_items;
      g_hash_table_remove_all (self->pages);
      g_clear_pointer (&self->matches, g_ptr_array_unref);
      self->n_items = self->total = 0;
      if (old)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
  if (drivers == NULL)
    return;

  if (searching (self))
    {
      Fetch *f = g_new0 (Fetch, 1);
      f->self = g_object_ref (self);
      f->generation = self->generation;
      set_busy (self, +1);
      docket_dbus_drivers_call_search (drivers, self->search, SEARCH_LIMIT, self->cancellable, search_cb, f);
    }
  else if (keep_rows && g_hash_table_size (self->pages) > 0)
    {
      /* Refresh what is loaded, in place. */
      GHashTableIter iter;
      gpointer key;
      g_autoptr(GArray) pages = g_array_new (FALSE, FALSE, sizeof (guint));

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          guint page = GPOINTER_TO_UINT (key);
          g_array_append_val (pages, page);
        }
      for (guint i = 0; i < pages->len; i++)
        fetch_page (self, g_array_index (pages, guint, i));
    }
  else
    {
      g_hash_table_remove_all (self->pages);
      fetch_page (self, 0);
    }
}

/* GListModel ------------------------------------------------------------------ */

static GType
get_item_type (GListModel *model)
{
  return DOCKET_TYPE_DRIVER_ROW;
}

static guint
get_n_items (GListModel *model)
{
  return DOCKET_DRIVER_LIST (model)->n_items;
}

static gpointer
get_item (GListModel *model, guint position)
{
  DocketDriverList *self = DOCKET_DRIVER_LIST (model);
  guint page = position / DRIVER_PAGE;
  GPtrArray *rows;

  if (position >= self->n_items)
    return NULL;
  if (self->matches)
    return g_object_ref (self->matches->pdata[position]);
  rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (rows == NULL)
    {
      rows = new_page (self, page);
      fetch_page (self, page);
    }
  return g_object_ref (rows->pdata[position % DRIVER_PAGE]);
}

static void
docket_driver_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* GObject --------------------------------------------------------------------- */

static void
on_connected (DocketClient *client, GParamSpec *pspec, DocketDriverList *self)
{
  restart (self, FALSE);
}

static gboolean
refresh_cb (gpointer data)
{
  DocketDriverList *self = data;

  self->refresh_source = 0;
  restart (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
on_driver_changed (DocketClient *client, const char *licence, DocketDriverList *self)
{
  /* An import or a day of hearings changes thousands of records: refresh
   * once they have settled, not once for each. */
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add (DOCKET_REFRESH_DELAY_MS, refresh_cb, self);
}

static void
docket_driver_list_dispose (GObject *object)
{
  DocketDriverList *self = DOCKET_DRIVER_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->client)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (docket_driver_list_parent_class)->dispose (object);
}

static void
docket_driver_list_finalize (GObject *object)
{
  DocketDriverList *self = DOCKET_DRIVER_LIST (object);

  g_hash_table_unref (self->pages);
  g_hash_table_unref (self->in_flight);
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  g_free (self->status);
  g_free (self->kind);
  g_free (self->expires_from);
  g_free (self->expires_to);
  g_free (self->search);
  g_free (self->sort);
  g_free (self->error);
  G_OBJECT_CLASS (docket_driver_list_parent_class)->finalize (object);
}

static void
docket_driver_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DocketDriverList *self = DOCKET_DRIVER_LIST (object);

  switch (prop_id)
    {
    case PROP_TOTAL:
      g_value_set_uint (value, self->total);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->pending > 0);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
docket_driver_list_class_init (DocketDriverListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = docket_driver_list_dispose;
  object_class->finalize = docket_driver_list_finalize;
  object_class->get_property = docket_driver_list_get_property;
  properties[PROP_TOTAL] = g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
docket_driver_list_init (DocketDriverList *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->in_flight = g_hash_table_new (NULL, NULL);
  self->cancellable = g_cancellable_new ();
}

DocketDriverList *
docket_driver_list_new (DocketClient *client)
{
  DocketDriverList *self = g_object_new (DOCKET_TYPE_DRIVER_LIST, NULL);

  self->client = g_object_ref (client);
  g_signal_connect (client, "notify::connected", G_CALLBACK (on_connected), self);
  g_signal_connect (client, "driver-changed", G_CALLBACK (on_driver_changed), self);
  restart (self, FALSE);
  return self;
}

static gboolean
replace (char **field, const char *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

void
docket_driver_list_set_filter (DocketDriverList *self, const char *status, const char *kind,
                               const char *expires_from, const char *expires_to)
{
  gboolean changed = FALSE;

  changed |= replace (&self->status, status);
  changed |= replace (&self->kind, kind);
  changed |= replace (&self->expires_from, expires_from);
  changed |= replace (&self->expires_to, expires_to);
  if (changed)
    restart (self, FALSE);
}

void
docket_driver_list_set_search (DocketDriverList *self, const char *text)
{
  g_autofree char *stripped = text ? g_strstrip (g_strdup (text)) : NULL;

  if (replace (&self->search, stripped))
    restart (self, FALSE);
}

void
docket_driver_list_set_sort (DocketDriverList *self, const char *key, gboolean descending)
{
  gboolean changed = replace (&self->sort, key);

  if (self->descending != descending)
    {
      self->descending = descending;
      changed = TRUE;
    }
  if (changed)
    restart (self, FALSE);
}

void
docket_driver_list_reload (DocketDriverList *self)
{
  restart (self, FALSE);
}

guint
docket_driver_list_get_total (DocketDriverList *self)
{
  return self->total;
}

gboolean
docket_driver_list_get_busy (DocketDriverList *self)
{
  return self->pending > 0;
}

guint
docket_driver_list_get_fetches (DocketDriverList *self)
{
  return self->fetches;
}
