/* DocketStatsView: two pages. Monthly Figures: Statistics.Get for the
 * range into a table with a totals row and the chart, Statistics.Render
 * for the CSV and PDF exports, and the audit and training figures. Annual
 * Return: a DocketAnnualReturn. */
#include "config.h"

#include <glib/gi18n.h>

#include "docket-annual-return.h"
#include "docket-chart.h"
#include "docket-labels.h"
#include "docket-stats-view.h"
#include "docket-ui.h"
#include "docket-window.h"

struct _DocketStatsView
{
  AdwBin        parent_instance;

  DocketClient *client;
  GCancellable *cancellable;
  GVariant     *rows;
  GVariant     *totals;
  guint         reload_source;

  GtkEntry     *from_entry;
  GtkEntry     *to_entry;
  GtkDropDown  *by_dropdown;
  GtkLabel     *error_label;
  GtkGrid      *table;
  GtkGrid      *compliance_table;
  DocketChart  *chart;
  GVariant     *compliance;
  GtkStack     *pages;
  DocketAnnualReturn *annual;
};

G_DEFINE_FINAL_TYPE (DocketStatsView, docket_stats_view, ADW_TYPE_BIN)

static const char * const columns[] = {
  "listed", "did_not_attend", "deferred", "granted", "refused", "no_action", "suspended", "revoked",
  "warnings", "surrendered", "withdrawn", "pending", NULL,
};

static const char *
column_title (guint i)
{
  return docket_label_statistic (columns[i]);
}

static GtkWidget *
cell (const char *text, gboolean heading, float xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (heading)
    {
      /* A long heading ("Wedi'u hatal ar ddiwedd y mis") wraps at a word
       * rather than widening its column. */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 12);
      gtk_label_set_justify (GTK_LABEL (label), xalign > 0.5 ? GTK_JUSTIFY_RIGHT : GTK_JUSTIFY_LEFT);
      gtk_label_set_yalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "heading");
    }
  else
    gtk_widget_add_css_class (label, "numeric");
  return label;
}

static void
add_row (DocketStatsView *self, int y, const char *label, GVariant *r, gboolean bold)
{
  gtk_grid_attach (self->table, cell (label, bold, 0), 0, y, 1, 1);
  for (guint c = 0; columns[c]; c++)
    {
      g_autofree char *n = g_strdup_printf ("%u", docket_lookup_uint (r, columns[c]));
      GtkWidget *l = cell (n, bold, 1);
      gtk_grid_attach (self->table, l, (int) c + 1, y, 1, 1);
    }
}

static void
fill (DocketStatsView *self)
{
  GtkWidget *child;
  GVariantIter iter;
  GVariant *item;
  int y = 1;
  gboolean by_month = gtk_drop_down_get_selected (self->by_dropdown) == 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table))))
    gtk_grid_remove (self->table, child);
  gtk_grid_attach (self->table, cell (by_month ? _("Month") : _("Hearing"), TRUE, 0), 0, 0, 1, 1);
  for (guint c = 0; columns[c]; c++)
    gtk_grid_attach (self->table, cell (column_title (c), TRUE, 1), (int) c + 1, 0, 1, 1);
  g_variant_iter_init (&iter, self->rows);
  while ((item = g_variant_iter_next_value (&iter)))
    {
      g_autoptr(GVariant) r = item;
      g_autofree char *label = docket_lookup (r, "month") ? docket_format_month (docket_lookup (r, "month"))
                                                          : docket_format_date (docket_lookup (r, "date"));
      add_row (self, y++, label, r, FALSE);
    }
  gtk_grid_attach (self->table, gtk_separator_new (GTK_ORIENTATION_HORIZONTAL), 0, y++, G_N_ELEMENTS (columns), 1);
  add_row (self, y, _("Total"), self->totals, TRUE);
  docket_chart_set_rows (self->chart, self->rows);
}

/* The audit and training figures per month (Statistics.Compliance). */
static void
fill_compliance (DocketStatsView *self)
{
  static const char * const keys[] = {
    "training-attended", "training-suspensions", "training-reinstated", "training-suspended",
    "training-overdue", "flags-raised", "flags-referred", "audited", "breach-percent",
    "referred-percent", "revoked-percent", NULL,
  };
  static const char * const titles[] = {
    N_("Trained"), N_("Held"), N_("Reinstated"), N_("Held at month end"), N_("Training overdue"),
    N_("Flags raised"), N_("Referred"), N_("Audited"), N_("In breach %"), N_("Referred %"),
    N_("Revoked %"),
  };
  GtkWidget *child;
  GVariantIter iter;
  GVariant *item;
  int y = 1;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->compliance_table))))
    gtk_grid_remove (self->compliance_table, child);
  gtk_grid_attach (self->compliance_table, cell (_("Month"), TRUE, 0), 0, 0, 1, 1);
  for (guint c = 0; keys[c]; c++)
    gtk_grid_attach (self->compliance_table, cell (_(titles[c]), TRUE, 1), (int) c + 1, 0, 1, 1);
  if (self->compliance == NULL)
    return;
  g_variant_iter_init (&iter, self->compliance);
  while ((item = g_variant_iter_next_value (&iter)))
    {
      g_autoptr(GVariant) r = item;
      g_autofree char *month = docket_format_month (docket_lookup (r, "month"));
      gtk_grid_attach (self->compliance_table, cell (month, FALSE, 0), 0, y, 1, 1);
      for (guint c = 0; keys[c]; c++)
        {
          g_autoptr(GVariant) v = g_variant_lookup_value (r, keys[c], NULL);
          g_autofree char *text = NULL;

          if (v == NULL)
            text = g_strdup ("–");   /* no audit ran that month */
          else if (g_variant_is_of_type (v, G_VARIANT_TYPE_DOUBLE))
            text = g_strdup_printf ("%.1f", g_variant_get_double (v));
          else if (g_variant_is_of_type (v, G_VARIANT_TYPE_INT64))
            text = g_strdup_printf ("%" G_GINT64_FORMAT, g_variant_get_int64 (v));
          gtk_grid_attach (self->compliance_table, cell (text ? text : "", FALSE, 1), (int) c + 1, y, 1, 1);
        }
      y++;
    }
}

static void show_refusal (DocketStatsView *self, const GError *error);

static void
compliance_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DocketStatsView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) rows = NULL;

  if (!docket_dbus_statistics_call_compliance_finish (DOCKET_DBUS_STATISTICS (source), &rows, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_refusal (self, error);
      return;
    }
  g_clear_pointer (&self->compliance, g_variant_unref);
  self->compliance = g_steal_pointer (&rows);
  fill_compliance (self);
}

static GVariant *
query (DocketStatsView *self)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  docket_builder_add (&b, "from", gtk_editable_get_text (GTK_EDITABLE (self->from_entry)));
  docket_builder_add (&b, "to", gtk_editable_get_text (GTK_EDITABLE (self->to_entry)));
  g_variant_builder_add (&b, "{sv}", "by", g_variant_new_string (
      gtk_drop_down_get_selected (self->by_dropdown) == 0 ? "month" : "hearing"));
  return g_variant_builder_end (&b);
}

static void
get_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DocketStatsView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) rows = NULL, totals = NULL;

  if (!docket_dbus_statistics_call_get_finish (DOCKET_DBUS_STATISTICS (source), &rows, &totals, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_refusal (self, error);
      return;
    }
  g_clear_pointer (&self->rows, g_variant_unref);
  g_clear_pointer (&self->totals, g_variant_unref);
  self->rows = g_steal_pointer (&rows);
  self->totals = g_steal_pointer (&totals);
  fill (self);
}

/* The months, checked before asking docketd: "13 is not a month" at the
 * field, cleared when it changes. */
static gboolean
check_range (DocketStatsView *self)
{
  GtkWidget *fields[] = { GTK_WIDGET (self->from_entry), GTK_WIDGET (self->to_entry) };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    docket_field_set_error (fields[i], self->error_label, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *problem = docket_check_month (gtk_editable_get_text (GTK_EDITABLE (fields[i])));
      if (problem)
        {
          docket_field_set_error (fields[i], self->error_label, problem);
          return FALSE;
        }
    }
  return TRUE;
}

/* docketd's refusal, at the month it names. */
static void
show_refusal (DocketStatsView *self, const GError *error)
{
  g_autofree char *text = docket_ui_error_text (error);
  GtkWidget *field = strstr (text, "from") ? GTK_WIDGET (self->from_entry)
                     : strstr (text, "to ") ? GTK_WIDGET (self->to_entry) : GTK_WIDGET (self->error_label);

  docket_field_set_error (field, self->error_label, text);
}

static void
load (DocketStatsView *self)
{
  DocketDBusStatistics *stats = docket_client_get_statistics (self->client);

  if (stats == NULL || !check_range (self))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  docket_dbus_statistics_call_get (stats, query (self), self->cancellable, get_cb, self);
  {
    g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
    docket_builder_add (&b, "from", gtk_editable_get_text (GTK_EDITABLE (self->from_entry)));
    docket_builder_add (&b, "to", gtk_editable_get_text (GTK_EDITABLE (self->to_entry)));
    docket_dbus_statistics_call_compliance (stats, g_variant_builder_end (&b), self->cancellable,
                                            compliance_cb, self);
  }
}

static void
on_range_activate (DocketStatsView *self)
{
  load (self);
}

static void
show_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  load (DOCKET_STATS_VIEW (widget));
}

typedef struct {
  DocketStatsView *self;
  char            *path;
} Export;

static void
render_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Export *e = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) document = NULL;
  gsize len = 0;
  const char *data;

  if (!docket_dbus_statistics_call_render_finish (DOCKET_DBUS_STATISTICS (source), &document, result, &error))
    docket_toast_error (GTK_WIDGET (e->self), _("Could not make the report"), error);
  else
    {
      data = g_variant_get_fixed_array (document, &len, 1);
      if (!g_file_set_contents_full (e->path, data, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
        docket_toast_error (GTK_WIDGET (e->self), _("Could not save the report"), error);
      else
        {
          g_autofree char *text = g_strdup_printf (_("Saved %s"), e->path);
          docket_toast (GTK_WIDGET (e->self), text);
        }
    }
  g_object_unref (e->self);
  g_free (e->path);
  g_free (e);
}

void
docket_stats_view_export_to (DocketStatsView *self, const char *format, const char *path)
{
  DocketDBusStatistics *stats = docket_client_get_statistics (self->client);
  Export *e;

  if (stats == NULL)
    return;
  e = g_new0 (Export, 1);
  e->self = g_object_ref (self);
  e->path = g_strdup (path);
  docket_dbus_statistics_call_render (stats, query (self), format, self->cancellable, render_cb, e);
}

static void
on_save_response (GtkNativeDialog *dialog, int response, DocketStatsView *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      const char *format = g_object_get_data (G_OBJECT (dialog), "format");
      if (path)
        docket_stats_view_export_to (self, format, path);
    }
  g_object_unref (dialog);
}

static void
export_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketStatsView *self = DOCKET_STATS_VIEW (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  GtkFileChooserNative *dialog;
  g_autofree char *name = g_strdup_printf ("decisions-%s-%s.%s",
                                           gtk_editable_get_text (GTK_EDITABLE (self->from_entry)),
                                           gtk_editable_get_text (GTK_EDITABLE (self->to_entry)), format);

  dialog = gtk_file_chooser_native_new (g_str_equal (format, "pdf") ? _("Save the Report as PDF")
                                                                    : _("Save the Table as CSV"),
                                        GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_object_set_data_full (G_OBJECT (dialog), "format", g_strdup (format), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_save_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_client_notify (DocketClient *client, GParamSpec *pspec, DocketStatsView *self)
{
  if (g_str_equal (pspec->name, "connected"))
    load (self);
}

static gboolean
reload_cb (gpointer data)
{
  DocketStatsView *self = data;

  self->reload_source = 0;
  load (self);
  return G_SOURCE_REMOVE;
}

static void
on_case_changed (DocketClient *client, gint64 id, gint64 hearing, DocketStatsView *self)
{
  /* Once after a burst of decisions, not once for each. */
  if (self->reload_source == 0)
    self->reload_source = g_timeout_add (DOCKET_REFRESH_DELAY_MS, reload_cb, self);
}

static void
docket_stats_view_dispose (GObject *object)
{
  DocketStatsView *self = DOCKET_STATS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->client)
    g_signal_handlers_disconnect_by_data (self->client, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOCKET_TYPE_STATS_VIEW);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (docket_stats_view_parent_class)->dispose (object);
}

static void
docket_stats_view_finalize (GObject *object)
{
  DocketStatsView *self = DOCKET_STATS_VIEW (object);

  g_clear_pointer (&self->rows, g_variant_unref);
  g_clear_pointer (&self->totals, g_variant_unref);
  g_clear_pointer (&self->compliance, g_variant_unref);
  G_OBJECT_CLASS (docket_stats_view_parent_class)->finalize (object);
}

static void
docket_stats_view_class_init (DocketStatsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = docket_stats_view_dispose;
  object_class->finalize = docket_stats_view_finalize;
  g_type_ensure (DOCKET_TYPE_CHART);
  g_type_ensure (DOCKET_TYPE_ANNUAL_RETURN);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/docket/Docket/docket-stats-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DocketStatsView, from_entry);
  gtk_widget_class_bind_template_child (widget_class, DocketStatsView, to_entry);
  gtk_widget_class_bind_template_child (widget_class, DocketStatsView, compliance_table);
  gtk_widget_class_bind_template_child (widget_class, DocketStatsView, by_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DocketStatsView, error_label);
  gtk_widget_class_bind_template_child (widget_class, DocketStatsView, table);
  gtk_widget_class_bind_template_child (widget_class, DocketStatsView, chart);
  gtk_widget_class_bind_template_child (widget_class, DocketStatsView, pages);
  gtk_widget_class_bind_template_child (widget_class, DocketStatsView, annual);
  gtk_widget_class_bind_template_callback (widget_class, on_range_activate);
  gtk_widget_class_install_action (widget_class, "stats.show", NULL, show_action);
  gtk_widget_class_install_action (widget_class, "stats.export", "s", export_action);
}

static void
docket_stats_view_init (DocketStatsView *self)
{
  g_autofree char *today = docket_today_text ();
  g_autoptr(GDate) d = g_date_new ();
  char from[16];

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  /* The last twelve months, this one included. */
  g_date_set_parse (d, today);
  if (g_date_valid (d))
    {
      g_autofree char *to = g_strndup (today, 7);
      g_date_subtract_months (d, 11);
      g_snprintf (from, sizeof from, "%04u-%02u", g_date_get_year (d), g_date_get_month (d));
      gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from);
      gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to);
    }
}

void
docket_stats_view_set_client (DocketStatsView *self, DocketClient *client)
{
  g_set_object (&self->client, client);
  g_signal_connect (client, "notify", G_CALLBACK (on_client_notify), self);
  g_signal_connect (client, "case-changed", G_CALLBACK (on_case_changed), self);
  docket_annual_return_set_client (self->annual, client);
  load (self);
}

void
docket_stats_view_reload (DocketStatsView *self)
{
  load (self);
}

void
docket_stats_view_set_range (DocketStatsView *self, const char *from, const char *to, gboolean by_month)
{
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to);
  gtk_drop_down_set_selected (self->by_dropdown, by_month ? 0 : 1);
  load (self);
}

GVariant *
docket_stats_view_get_compliance (DocketStatsView *self)
{
  return self->compliance;
}

GVariant *
docket_stats_view_get_rows (DocketStatsView *self)
{
  return self->rows;
}

GVariant *
docket_stats_view_get_totals (DocketStatsView *self)
{
  return self->totals;
}

gpointer
docket_stats_view_get_widget (DocketStatsView *self, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (self), DOCKET_TYPE_STATS_VIEW, name);
}
