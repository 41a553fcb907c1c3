/* DocketAnnualReturn: Statistics.Annual for the year chosen, each group of
 * figures an AdwPreferencesGroup with docketd's labels and the values to
 * the right; Statistics.RenderAnnual for Save as CSV or PDF; a figure's
 * row opens a DocketFigureWindow for officers and auditors, the roles
 * docketd lets see what a figure counts. The return loads when its page is
 * first shown, not at start-up. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "docket-annual-return.h"
#include "docket-labels.h"
#include "docket-ui.h"
#include "docket-window.h"
#include "docket-wrap-box.h"

/* The years offered: the latest and the nine before it. */
#define N_YEARS 10

struct _DocketAnnualReturn
{
  AdwBin        parent_instance;

  DocketClient *client;
  GCancellable *cancellable;
  GCancellable *saves;         /* not cancelled by a reload */
  GVariant     *result;
  guint         latest;
  guint         reload_source;
  gboolean      wanted;        /* shown once: keep it up to date */
  GHashTable   *rows;          /* figure -> its row (owned by the groups) */
  DocketFigureWindow *figure_window;

  GtkDropDown  *year_dropdown;
  GtkLabel     *error_label;
  GtkLabel     *period_label;
  GtkLabel     *note_label;
  GtkBox       *groups_box;
};

G_DEFINE_FINAL_TYPE (DocketAnnualReturn, docket_annual_return, ADW_TYPE_BIN)

guint
docket_annual_return_latest_year (const char *today)
{
  guint year = (guint) strtoul (today, NULL, 10);

  /* YYYY-MM-DD: before 1 April, last year's 1 April is the latest. */
  return strlen (today) >= 10 && strcmp (today + 5, "04-01") < 0 ? year - 1 : year;
}

static gboolean
may_explain (DocketAnnualReturn *self)
{
  return docket_client_has_any (self->client, DOCKET_ROLE_MASK (OFFICER) | DOCKET_ROLE_MASK (AUDITOR));
}

/* One figure's window at a time: opening another replaces it. */
static void
close_figure_window (DocketAnnualReturn *self)
{
  if (self->figure_window == NULL)
    return;
  g_object_remove_weak_pointer (G_OBJECT (self->figure_window), (gpointer *) &self->figure_window);
  gtk_window_destroy (GTK_WINDOW (self->figure_window));
  self->figure_window = NULL;
}

static void
on_figure_activated (AdwActionRow *row, DocketAnnualReturn *self)
{
  const char *figure = g_object_get_data (G_OBJECT (row), "figure");
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));

  close_figure_window (self);
  self->figure_window = docket_figure_window_new (parent, self->client, docket_annual_return_get_year (self),
                                                  figure, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  g_object_add_weak_pointer (G_OBJECT (self->figure_window), (gpointer *) &self->figure_window);
  gtk_window_present (GTK_WINDOW (self->figure_window));
}

static GtkWidget *
figure_row (DocketAnnualReturn *self, GVariant *f, gboolean explain)
{
  const char *figure = docket_lookup (f, "figure");
  GtkWidget *row = docket_row_add (NULL, docket_label_annual_figure (figure, docket_lookup (f, "label")), NULL);
  g_autofree char *value = NULL;
  GtkWidget *label;
  double share;

  if (g_variant_lookup (f, "share", "d", &share))
    /* Translators: a number of drivers and the percentage of all licensed drivers it is. */
    value = g_strdup_printf (_("%u (%.1f%%)"), docket_lookup_uint (f, "value"), share);
  else
    value = g_strdup_printf ("%u", docket_lookup_uint (f, "value"));
  label = gtk_label_new (value);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  g_object_set_data (G_OBJECT (row), "value", label);
  g_object_set_data_full (G_OBJECT (row), "figure", g_strdup (figure), g_free);
  /* A group's total reads as its sum. */
  if (g_str_has_suffix (figure, ".total"))
    gtk_widget_add_css_class (row, "annual-total");
  if (explain)
    {
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Show the licences and cases this figure counts"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_signal_connect (row, "activated", G_CALLBACK (on_figure_activated), self);
    }
  g_hash_table_replace (self->rows, g_strdup (figure), row);
  return row;
}

static void
clear (DocketAnnualReturn *self)
{
  GtkWidget *child;

  g_hash_table_remove_all (self->rows);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))))
    gtk_box_remove (self->groups_box, child);
  gtk_label_set_label (self->period_label, "");
}

static void
fill (DocketAnnualReturn *self)
{
  g_autoptr(GVariant) figures = g_variant_lookup_value (self->result, "figures", G_VARIANT_TYPE ("aa{sv}"));
  g_autofree char *as_at = docket_format_date (docket_lookup (self->result, "as-at"));
  g_autofree char *from = docket_format_date (docket_lookup (self->result, "from"));
  g_autofree char *to = docket_format_date (docket_lookup (self->result, "to"));
  g_autofree char *period = g_strdup_printf (_("Licensed drivers as they were on %s; everything else in the "
                                               "year from %s to %s."), as_at, from, to);
  gboolean explain = may_explain (self);
  GtkWidget *group = NULL;
  g_autofree char *shown_group = NULL;

  clear (self);
  gtk_label_set_label (self->period_label, period);
  gtk_label_set_label (self->note_label, explain
      ? _("Every figure is counted from the records. Choose one to see the licences and cases it counts; "
          "each look is recorded in the audit log under your name.")
      : _("Every figure is counted from the records; a licensing officer or an auditor can see the licences "
          "and cases behind each one."));
  for (gsize i = 0; figures && i < g_variant_n_children (figures); i++)
    {
      g_autoptr(GVariant) f = g_variant_get_child_value (figures, i);
      const char *g = docket_lookup (f, "group");

      if (group == NULL || g_strcmp0 (g, shown_group) != 0)
        {
          group = adw_preferences_group_new ();
          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), docket_label_annual_group (g));
          if (g_strcmp0 (g, "suspended") == 0 || g_strcmp0 (g, "revoked") == 0 || g_strcmp0 (g, "refused") == 0)
            adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                _("By the offence or concern behind each decision"));
          gtk_box_append (self->groups_box, group);
          g_free (shown_group);
          shown_group = g_strdup (g);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), figure_row (self, f, explain));
    }
}

static void
annual_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DocketAnnualReturn *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) annual = NULL;

  if (!docket_dbus_statistics_call_annual_finish (DOCKET_DBUS_STATISTICS (source), &annual, result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = docket_ui_error_text (error);
      clear (self);
      g_clear_pointer (&self->result, g_variant_unref);
      docket_field_set_error (GTK_WIDGET (self->year_dropdown), self->error_label, text);
      return;
    }
  g_clear_pointer (&self->result, g_variant_unref);
  self->result = g_steal_pointer (&annual);
  fill (self);
}

static GVariant *
query (DocketAnnualReturn *self)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_variant_builder_add (&b, "{sv}", "year", g_variant_new_uint32 (docket_annual_return_get_year (self)));
  return g_variant_builder_end (&b);
}

static void
load (DocketAnnualReturn *self)
{
  DocketDBusStatistics *stats = self->client ? docket_client_get_statistics (self->client) : NULL;

  if (stats == NULL)
    return;
  self->wanted = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  docket_field_set_error (GTK_WIDGET (self->year_dropdown), self->error_label, NULL);
  docket_dbus_statistics_call_annual (stats, query (self), self->cancellable, annual_cb, self);
}

static void
on_year_changed (DocketAnnualReturn *self)
{
  if (self->wanted)
    load (self);
}

typedef struct {
  DocketAnnualReturn *self;
  char               *path;
} Save;

static void
render_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Save *s = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) document = NULL;

  if (!docket_dbus_statistics_call_render_annual_finish (DOCKET_DBUS_STATISTICS (source), &document, result, &error))
    docket_toast_error (GTK_WIDGET (s->self), _("Could not make the annual return"), error);
  else
    {
      gsize len = 0;
      const char *data = g_variant_get_fixed_array (document, &len, 1);

      if (!g_file_set_contents_full (s->path, data, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
        docket_toast_error (GTK_WIDGET (s->self), _("Could not save the annual return"), error);
      else
        {
          g_autofree char *text = g_strdup_printf (_("Saved %s"), s->path);
          docket_toast (GTK_WIDGET (s->self), text);
        }
    }
  g_object_unref (s->self);
  g_free (s->path);
  g_free (s);
}

void
docket_annual_return_save_to (DocketAnnualReturn *self, const char *format, const char *path)
{
  DocketDBusStatistics *stats = self->client ? docket_client_get_statistics (self->client) : NULL;
  Save *s;

  if (stats == NULL)
    return;
  s = g_new0 (Save, 1);
  s->self = g_object_ref (self);
  s->path = g_strdup (path);
  docket_dbus_statistics_call_render_annual (stats, query (self), format, self->saves, render_cb, s);
}

static void
on_save_response (GtkNativeDialog *dialog, int response, DocketAnnualReturn *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        docket_annual_return_save_to (self, g_object_get_data (G_OBJECT (dialog), "format"), path);
    }
  g_object_unref (dialog);
}

static void
save_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketAnnualReturn *self = DOCKET_ANNUAL_RETURN (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  g_autofree char *name = g_strdup_printf ("annual-return-%u.%s", docket_annual_return_get_year (self), format);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (g_str_equal (format, "pdf") ? _("Save the Annual Return as PDF")
                                                                    : _("Save the Annual Return as CSV"),
                                        GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_object_set_data_full (G_OBJECT (dialog), "format", g_strdup (format), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_save_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static gboolean
reload_cb (gpointer data)
{
  DocketAnnualReturn *self = data;

  self->reload_source = 0;
  load (self);
  return G_SOURCE_REMOVE;
}

/* A decision recorded or corrected, a record changed or erased: a
 * return already shown is counted again, once after a burst. */
static void
on_changed (DocketAnnualReturn *self)
{
  if (self->wanted && self->reload_source == 0)
    self->reload_source = g_timeout_add (DOCKET_REFRESH_DELAY_MS, reload_cb, self);
}

static void
on_client_notify (DocketClient *client, GParamSpec *pspec, DocketAnnualReturn *self)
{
  /* Back (or as someone else): count again, with the rows their roles allow. */
  if (g_str_equal (pspec->name, "connected") && (self->wanted || gtk_widget_get_mapped (GTK_WIDGET (self))))
    load (self);
}

static void
docket_annual_return_map (GtkWidget *widget)
{
  DocketAnnualReturn *self = DOCKET_ANNUAL_RETURN (widget);

  GTK_WIDGET_CLASS (docket_annual_return_parent_class)->map (widget);
  if (!self->wanted)
    load (self);
}

static void
docket_annual_return_dispose (GObject *object)
{
  DocketAnnualReturn *self = DOCKET_ANNUAL_RETURN (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->saves);
  g_clear_object (&self->saves);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  close_figure_window (self);
  if (self->client)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOCKET_TYPE_ANNUAL_RETURN);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (docket_annual_return_parent_class)->dispose (object);
}

static void
docket_annual_return_finalize (GObject *object)
{
  DocketAnnualReturn *self = DOCKET_ANNUAL_RETURN (object);

  g_clear_pointer (&self->result, g_variant_unref);
  G_OBJECT_CLASS (docket_annual_return_parent_class)->finalize (object);
}

static void
docket_annual_return_class_init (DocketAnnualReturnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = docket_annual_return_dispose;
  object_class->finalize = docket_annual_return_finalize;
  widget_class->map = docket_annual_return_map;
  g_type_ensure (DOCKET_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/docket/Docket/docket-annual-return.ui");
  gtk_widget_class_bind_template_child (widget_class, DocketAnnualReturn, year_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DocketAnnualReturn, error_label);
  gtk_widget_class_bind_template_child (widget_class, DocketAnnualReturn, period_label);
  gtk_widget_class_bind_template_child (widget_class, DocketAnnualReturn, note_label);
  gtk_widget_class_bind_template_child (widget_class, DocketAnnualReturn, groups_box);
  gtk_widget_class_bind_template_callback (widget_class, on_year_changed);
  gtk_widget_class_install_action (widget_class, "annual.save", "s", save_action);
}

static void
docket_annual_return_init (DocketAnnualReturn *self)
{
  g_autofree char *today = docket_today_text ();
  g_autoptr(GtkStringList) years = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->saves = g_cancellable_new ();
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* By the council's date, as docketd decides which returns it gives. */
  self->latest = docket_annual_return_latest_year (today);
  for (guint i = 0; i < N_YEARS; i++)
    {
      g_autofree char *year = g_strdup_printf ("%u", self->latest - i);
      gtk_string_list_append (years, year);
    }
  gtk_drop_down_set_model (self->year_dropdown, G_LIST_MODEL (years));
  gtk_drop_down_set_selected (self->year_dropdown, 0);
}

void
docket_annual_return_set_client (DocketAnnualReturn *self, DocketClient *client)
{
  g_set_object (&self->client, client);
  g_signal_connect (client, "notify", G_CALLBACK (on_client_notify), self);
  g_signal_connect_swapped (client, "case-changed", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (client, "driver-changed", G_CALLBACK (on_changed), self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self);
}

guint
docket_annual_return_get_year (DocketAnnualReturn *self)
{
  guint selected = gtk_drop_down_get_selected (self->year_dropdown);

  return self->latest - (selected == GTK_INVALID_LIST_POSITION ? 0 : selected);
}

void
docket_annual_return_set_year (DocketAnnualReturn *self, guint year)
{
  if (year <= self->latest && self->latest - year < N_YEARS)
    gtk_drop_down_set_selected (self->year_dropdown, self->latest - year);
}

GVariant *
docket_annual_return_get_result (DocketAnnualReturn *self)
{
  return self->result;
}

GtkWidget *
docket_annual_return_get_row (DocketAnnualReturn *self, const char *figure)
{
  return g_hash_table_lookup (self->rows, figure);
}

const char *
docket_annual_return_row_value (GtkWidget *row)
{
  GtkLabel *label = g_object_get_data (G_OBJECT (row), "value");

  return label ? gtk_label_get_label (label) : NULL;
}

DocketFigureWindow *
docket_annual_return_get_figure_window (DocketAnnualReturn *self)
{
  return self->figure_window;
}

gpointer
docket_annual_return_get_widget (DocketAnnualReturn *self, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (self), DOCKET_TYPE_ANNUAL_RETURN, name);
}
