/* DocketRetentionWindow: Drivers.RetentionDue for a date (a month ahead
 * to begin with), its rows in a sortable GtkColumnView; a row leads to
 * the driver, where an officer can place a legal hold. */
#include "config.h"

#include <glib/gi18n.h>

#include "docket-labels.h"
#include "docket-retention-window.h"
#include "docket-ui.h"
#include "docket-validate.h"
#include "docket-window.h"
#include "docket-wrap-box.h"

/* One record of Drivers.RetentionDue, its keys as properties. */
#define DOCKET_TYPE_RETENTION_ROW (docket_retention_row_get_type ())
G_DECLARE_FINAL_TYPE (DocketRetentionRow, docket_retention_row, DOCKET, RETENTION_ROW, GObject)

struct _DocketRetentionRow
{
  GObject   parent_instance;
  GVariant *record;
};

G_DEFINE_FINAL_TYPE (DocketRetentionRow, docket_retention_row, G_TYPE_OBJECT)

/* Property, the key it shows, and how: 0 as it is, 1 a date, 2 a status,
 * 3 docketd's sentence with its dates shown as the client shows dates. */
static const struct { const char *name; const char *key; int shown; } row_props[] = {
  { NULL, NULL, 0 }, { "licence", "licence", 0 }, { "name", "name", 0 }, { "status-text", "status", 2 },
  { "ended", "ended", 0 }, { "ended-text", "ended", 1 }, { "due", "due", 0 }, { "due-text", "due", 1 },
  { "basis", "basis", 3 }, { "kept", "kept", 3 },
};

static void
docket_retention_row_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  DocketRetentionRow *self = DOCKET_RETENTION_ROW (object);
  const char *text;

  if (id == 0 || id >= G_N_ELEMENTS (row_props))
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
      return;
    }
  text = docket_lookup (self->record, row_props[id].key);
  if (row_props[id].shown == 1)
    g_value_take_string (value, docket_format_date (text));
  else if (row_props[id].shown == 2)
    g_value_set_string (value, docket_label_status (text));
  else if (row_props[id].shown == 3 && text != NULL)
    g_value_take_string (value, docket_format_dates_in (text));
  else
    g_value_set_string (value, text ? text : "");
}

static void
docket_retention_row_finalize (GObject *object)
{
  g_clear_pointer (&DOCKET_RETENTION_ROW (object)->record, g_variant_unref);
  G_OBJECT_CLASS (docket_retention_row_parent_class)->finalize (object);
}

static void
docket_retention_row_class_init (DocketRetentionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = docket_retention_row_get_property;
  object_class->finalize = docket_retention_row_finalize;
  for (guint i = 1; i < G_N_ELEMENTS (row_props); i++)
    g_object_class_install_property (object_class, i, g_param_spec_string (row_props[i].name, NULL, NULL, NULL,
                                                                           G_PARAM_READABLE |
                                                                           G_PARAM_STATIC_STRINGS));
}

static void
docket_retention_row_init (DocketRetentionRow *self)
{
}

/* The window ---------------------------------------------------------------- */

struct _DocketRetentionWindow
{
  AdwWindow         parent_instance;

  DocketClient     *client;
  GCancellable     *cancellable;
  GVariant         *rows;
  char             *error;

  GtkEntry         *until_entry;
  GtkCheckButton   *kept_check;
  GtkLabel         *status_label;
  GtkColumnView    *column_view;
  GtkSortListModel *sort_model;
  GListStore       *store;
};

G_DEFINE_FINAL_TYPE (DocketRetentionWindow, docket_retention_window, ADW_TYPE_WINDOW)

static void
show_error (DocketRetentionWindow *self, char *text)
{
  g_free (self->error);
  self->error = text;
  docket_field_set_error (GTK_WIDGET (self->until_entry), self->status_label, text);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
due_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DocketRetentionWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) rows = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *text = NULL;
  gsize n;

  if (!docket_dbus_drivers_call_retention_due_finish (DOCKET_DBUS_DRIVERS (source), &rows, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))   /* else the window is gone */
        show_error (self, docket_ui_error_text (error));
      return;
    }
  n = g_variant_n_children (rows);
  items = g_ptr_array_new_full ((guint) n, g_object_unref);
  for (gsize i = 0; i < n; i++)
    {
      DocketRetentionRow *row = g_object_new (DOCKET_TYPE_RETENTION_ROW, NULL);
      row->record = g_variant_get_child_value (rows, i);
      g_ptr_array_add (items, row);
    }
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)), items->pdata,
                       items->len);
  text = n == 0 ? g_strdup (_("Nothing falls due by then."))
                : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record falls due by then.",
                                                "%u records fall due by then.", n), (guint) n);
  gtk_label_set_label (self->status_label, text);
  g_clear_pointer (&self->rows, g_variant_unref);
  self->rows = g_steal_pointer (&rows);
}

void
docket_retention_window_show (DocketRetentionWindow *self, const char *until, gboolean kept)
{
  DocketDBusDrivers *drivers = docket_client_get_drivers (self->client);
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autofree char *iso = NULL;
  char *problem;

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->until_entry)), until) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->until_entry), until);
  if (gtk_check_button_get_active (self->kept_check) != kept)
    {
      gtk_check_button_set_active (self->kept_check, kept);   /* ::toggled shows them */
      return;
    }
  g_clear_pointer (&self->error, g_free);
  docket_field_set_error (GTK_WIDGET (self->until_entry), NULL, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
  if ((problem = docket_check_date (until, &iso)) != NULL)
    {
      show_error (self, problem);
      return;
    }
  if (drivers == NULL)
    {
      show_error (self, g_strdup (_("Not connected to docketd.")));
      return;
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->rows, g_variant_unref);
  gtk_label_set_label (self->status_label, _("Asking docketd…"));
  g_variant_builder_add (&b, "{sv}", "until", g_variant_new_string (iso));
  g_variant_builder_add (&b, "{sv}", "kept", g_variant_new_boolean (kept));
  docket_dbus_drivers_call_retention_due (drivers, g_variant_builder_end (&b), self->cancellable, due_cb, self);
}

static void
on_show (DocketRetentionWindow *self)
{
  docket_retention_window_show (self, gtk_editable_get_text (GTK_EDITABLE (self->until_entry)),
                                gtk_check_button_get_active (self->kept_check));
}

static void
on_row_activated (DocketRetentionWindow *self, guint position)
{
  g_autoptr(DocketRetentionRow) row = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (row != NULL && DOCKET_IS_WINDOW (parent))
    docket_window_show_driver (DOCKET_WINDOW (parent), docket_lookup (row->record, "licence"));
}

static void
docket_retention_window_dispose (GObject *object)
{
  DocketRetentionWindow *self = DOCKET_RETENTION_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOCKET_TYPE_RETENTION_WINDOW);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (docket_retention_window_parent_class)->dispose (object);
}

static void
docket_retention_window_finalize (GObject *object)
{
  DocketRetentionWindow *self = DOCKET_RETENTION_WINDOW (object);

  g_clear_pointer (&self->rows, g_variant_unref);
  g_free (self->error);
  G_OBJECT_CLASS (docket_retention_window_parent_class)->finalize (object);
}

static void
docket_retention_window_class_init (DocketRetentionWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = docket_retention_window_dispose;
  object_class->finalize = docket_retention_window_finalize;
  g_type_ensure (DOCKET_TYPE_RETENTION_ROW);
  g_type_ensure (DOCKET_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/docket/Docket/docket-retention-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DocketRetentionWindow, until_entry);
  gtk_widget_class_bind_template_child (widget_class, DocketRetentionWindow, kept_check);
  gtk_widget_class_bind_template_child (widget_class, DocketRetentionWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, DocketRetentionWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, DocketRetentionWindow, sort_model);
  gtk_widget_class_bind_template_child (widget_class, DocketRetentionWindow, store);
  gtk_widget_class_bind_template_callback (widget_class, on_show);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
docket_retention_window_init (DocketRetentionWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

DocketRetentionWindow *
docket_retention_window_new (GtkWindow *parent, DocketClient *client)
{
  DocketRetentionWindow *self = g_object_new (DOCKET_TYPE_RETENTION_WINDOW, "transient-for", parent, NULL);
  g_autofree char *today = docket_today_text ();
  g_autofree char *until = docket_date_add_months (today, 1);

  self->client = g_object_ref (client);
  docket_retention_window_show (self, until, FALSE);
  return self;
}

GVariant *
docket_retention_window_get_rows (DocketRetentionWindow *self)
{
  return self->rows;
}

const char *
docket_retention_window_get_error (DocketRetentionWindow *self)
{
  return self->error;
}

gpointer
docket_retention_window_get_widget (DocketRetentionWindow *self, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (self), DOCKET_TYPE_RETENTION_WINDOW, name);
}
