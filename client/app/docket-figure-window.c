/* DocketFigureWindow: Statistics.Explain for one figure of the annual
 * return, its rows in a sortable GtkColumnView. docketd records each
 * asking in the audit log, so the window asks once, when it opens. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "docket-figure-window.h"
#include "docket-labels.h"
#include "docket-ui.h"
#include "docket-window.h"

/* One row of Statistics.Explain, as the columns show it. */
#define DOCKET_TYPE_FIGURE_ROW (docket_figure_row_get_type ())
G_DECLARE_FINAL_TYPE (DocketFigureRow, docket_figure_row, DOCKET, FIGURE_ROW, GObject)

struct _DocketFigureRow
{
  GObject  parent_instance;
  char    *licence;
  gint64   case_id;
  char    *case_text;
  char    *date;
  char    *date_text;
  char    *detail;
};

G_DEFINE_FINAL_TYPE (DocketFigureRow, docket_figure_row, G_TYPE_OBJECT)

enum { ROW_PROP_0, ROW_PROP_LICENCE, ROW_PROP_CASE, ROW_PROP_CASE_TEXT, ROW_PROP_DATE, ROW_PROP_DATE_TEXT,
       ROW_PROP_DETAIL, N_ROW_PROPS };
static GParamSpec *row_props[N_ROW_PROPS];

static void
docket_figure_row_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  DocketFigureRow *self = DOCKET_FIGURE_ROW (object);

  switch (id)
    {
    case ROW_PROP_LICENCE: g_value_set_string (value, self->licence); break;
    case ROW_PROP_CASE: g_value_set_int64 (value, self->case_id); break;
    case ROW_PROP_CASE_TEXT: g_value_set_string (value, self->case_text); break;
    case ROW_PROP_DATE: g_value_set_string (value, self->date); break;
    case ROW_PROP_DATE_TEXT: g_value_set_string (value, self->date_text); break;
    case ROW_PROP_DETAIL: g_value_set_string (value, self->detail); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
docket_figure_row_finalize (GObject *object)
{
  DocketFigureRow *self = DOCKET_FIGURE_ROW (object);

  g_free (self->licence);
  g_free (self->case_text);
  g_free (self->date);
  g_free (self->date_text);
  g_free (self->detail);
  G_OBJECT_CLASS (docket_figure_row_parent_class)->finalize (object);
}

static void
docket_figure_row_class_init (DocketFigureRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = docket_figure_row_get_property;
  object_class->finalize = docket_figure_row_finalize;
  row_props[ROW_PROP_LICENCE] = g_param_spec_string ("licence", NULL, NULL, NULL, flags);
  row_props[ROW_PROP_CASE] = g_param_spec_int64 ("case", NULL, NULL, 0, G_MAXINT64, 0, flags);
  row_props[ROW_PROP_CASE_TEXT] = g_param_spec_string ("case-text", NULL, NULL, NULL, flags);
  row_props[ROW_PROP_DATE] = g_param_spec_string ("date", NULL, NULL, NULL, flags);
  row_props[ROW_PROP_DATE_TEXT] = g_param_spec_string ("date-text", NULL, NULL, NULL, flags);
  row_props[ROW_PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_ROW_PROPS, row_props);
}

static void
docket_figure_row_init (DocketFigureRow *self)
{
}

static DocketFigureRow *
docket_figure_row_new (GVariant *row)
{
  DocketFigureRow *self = g_object_new (DOCKET_TYPE_FIGURE_ROW, NULL);

  self->licence = g_strdup (docket_lookup (row, "licence"));
  self->case_id = docket_lookup_id (row, "case");
  /* A figure that counts licences or register searches has no case. */
  self->case_text = self->case_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, self->case_id) : g_strdup ("—");
  self->date = g_strdup (docket_lookup (row, "date"));
  self->date_text = docket_format_date (self->date);
  self->detail = g_strdup (docket_lookup (row, "detail"));
  return self;
}

/* The window ---------------------------------------------------------------- */

struct _DocketFigureWindow
{
  AdwWindow       parent_instance;

  DocketClient   *client;
  GCancellable   *cancellable;
  GVariant       *rows;
  char           *error;

  AdwWindowTitle *window_title;
  GtkLabel       *summary_label;
  GtkLabel       *error_label;
  GtkColumnView  *column_view;
  GtkSortListModel *sort_model;
  GListStore     *store;
};

G_DEFINE_FINAL_TYPE (DocketFigureWindow, docket_figure_window, ADW_TYPE_WINDOW)

static void
show_error (DocketFigureWindow *self, char *text)
{
  g_free (self->error);
  self->error = text;
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), FALSE);
  gtk_label_set_label (self->error_label, self->error);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
explain_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DocketFigureWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) rows = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gsize n;

  if (!docket_dbus_statistics_call_explain_finish (DOCKET_DBUS_STATISTICS (source), &rows, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))   /* else the window is gone */
        show_error (self, docket_ui_error_text (error));
      return;
    }
  n = g_variant_n_children (rows);
  items = g_ptr_array_new_full ((guint) n, g_object_unref);
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) row = g_variant_get_child_value (rows, i);
      g_ptr_array_add (items, docket_figure_row_new (row));
    }
  g_list_store_splice (self->store, 0, 0, items->pdata, items->len);
  if (n == 0)
    gtk_label_set_label (self->summary_label, _("This figure counts nothing in the year."));
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "This figure counts %u row.",
                                                            "This figure counts %u rows.", n), (guint) n);
      gtk_label_set_label (self->summary_label, text);
    }
  self->rows = g_steal_pointer (&rows);
}

static void
on_row_activated (DocketFigureWindow *self, guint position)
{
  g_autoptr(DocketFigureRow) row = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (row != NULL && DOCKET_IS_WINDOW (parent))
    docket_window_show_driver (DOCKET_WINDOW (parent), row->licence);
}

static void
docket_figure_window_dispose (GObject *object)
{
  DocketFigureWindow *self = DOCKET_FIGURE_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOCKET_TYPE_FIGURE_WINDOW);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (docket_figure_window_parent_class)->dispose (object);
}

static void
docket_figure_window_finalize (GObject *object)
{
  DocketFigureWindow *self = DOCKET_FIGURE_WINDOW (object);

  g_clear_pointer (&self->rows, g_variant_unref);
  g_free (self->error);
  G_OBJECT_CLASS (docket_figure_window_parent_class)->finalize (object);
}

static void
docket_figure_window_class_init (DocketFigureWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = docket_figure_window_dispose;
  object_class->finalize = docket_figure_window_finalize;
  g_type_ensure (DOCKET_TYPE_FIGURE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/docket/Docket/docket-figure-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DocketFigureWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, DocketFigureWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DocketFigureWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, DocketFigureWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, DocketFigureWindow, sort_model);
  gtk_widget_class_bind_template_child (widget_class, DocketFigureWindow, store);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
docket_figure_window_init (DocketFigureWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

DocketFigureWindow *
docket_figure_window_new (GtkWindow    *parent,
                          DocketClient *client,
                          guint         year,
                          const char   *figure,
                          const char   *label)
{
  DocketFigureWindow *self = g_object_new (DOCKET_TYPE_FIGURE_WINDOW, "transient-for", parent, NULL);
  DocketDBusStatistics *stats = docket_client_get_statistics (client);
  g_autofree char *group = g_strndup (figure, strcspn (figure, "."));
  /* Translators: the group of the figure ("Revocations in the Year") and the year of the return. */
  g_autofree char *subtitle = g_strdup_printf (_("%s · annual return %u"), docket_label_annual_group (group), year);
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  self->client = g_object_ref (client);
  gtk_window_set_title (GTK_WINDOW (self), label);
  adw_window_title_set_title (self->window_title, label);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  if (stats == NULL)
    {
      show_error (self, g_strdup (_("Not connected to docketd.")));
      return self;
    }
  g_variant_builder_add (&b, "{sv}", "year", g_variant_new_uint32 (year));
  g_variant_builder_add (&b, "{sv}", "figure", g_variant_new_string (figure));
  docket_dbus_statistics_call_explain (stats, g_variant_builder_end (&b), self->cancellable, explain_cb, self);
  return self;
}

GVariant *
docket_figure_window_get_rows (DocketFigureWindow *self)
{
  return self->rows;
}

const char *
docket_figure_window_get_error (DocketFigureWindow *self)
{
  return self->error;
}

gpointer
docket_figure_window_get_widget (DocketFigureWindow *self, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (self), DOCKET_TYPE_FIGURE_WINDOW, name);
}
