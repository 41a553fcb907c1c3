/* Small helpers the views share. */
#include "config.h"

#include <string.h>

#include "docket-ui.h"

void
docket_list_box_clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

GtkWidget *
docket_row_add (GtkListBox *list, const char *title, const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title ? title : "");
  if (subtitle && *subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  if (list)
    gtk_list_box_append (list, row);
  return row;
}

GtkWidget *
docket_property_add (GtkListBox *list, const char *what, const char *value)
{
  GtkWidget *row;

  /* Long text (grounds, a report, reasons) reads as body text below its
   * title, not squeezed to the right or dimmed as a subtitle. */
  if (value && (g_utf8_strlen (value, -1) > 48 || strchr (value, '\n')))
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *title = gtk_label_new (what);
      GtkWidget *body = gtk_label_new (value);

      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_widget_set_margin_top (box, 10);
      gtk_widget_set_margin_bottom (box, 10);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_widget_add_css_class (title, "caption-heading");
      gtk_widget_add_css_class (title, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (body), 0);
      gtk_label_set_wrap (GTK_LABEL (body), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (body), PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (body, "body");
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), body);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, what, -1);
      if (list)
        gtk_list_box_append (list, row);
      return row;
    }
  row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value ? value : "");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), what);
  /* Not selectable: a row is one tab stop, not one per value. */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  gtk_widget_set_hexpand (label, TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, what, -1);
  if (list)
    gtk_list_box_append (list, row);
  return row;
}

const char *
docket_lookup (GVariant *record, const char *key)
{
  const char *value = NULL;

  if (record == NULL || !g_variant_lookup (record, key, "&s", &value))
    return NULL;
  return value;
}

gint64
docket_lookup_id (GVariant *record, const char *key)
{
  gint64 value = 0;

  if (record)
    g_variant_lookup (record, key, "x", &value);
  return value;
}

guint
docket_lookup_uint (GVariant *record, const char *key)
{
  guint32 value = 0;

  if (record)
    g_variant_lookup (record, key, "u", &value);
  return value;
}

gboolean
docket_lookup_bool (GVariant *record, const char *key)
{
  gboolean value = FALSE;

  if (record)
    g_variant_lookup (record, key, "b", &value);
  return value;
}

void
docket_builder_add (GVariantBuilder *builder, const char *key, const char *value)
{
  if (value && *value)
    g_variant_builder_add (builder, "{sv}", key, g_variant_new_string (value));
}

char *
docket_text_view_get (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

GListModel *
docket_string_model (const char * const *labels)
{
  return G_LIST_MODEL (gtk_string_list_new (labels));
}

/* Field errors ------------------------------------------------------------- */

static void
field_changed (GtkWidget *field)
{
  docket_field_set_error (field, g_object_get_data (G_OBJECT (field), "docket-error-label"), NULL);
}

static void
watch_field (GtkWidget *field)
{
  GObject *source = G_OBJECT (field);
  const char *signal = "changed";

  if (g_object_get_data (source, "docket-error-watched"))
    return;
  g_object_set_data (source, "docket-error-watched", GINT_TO_POINTER (TRUE));
  if (GTK_IS_TEXT_VIEW (field))
    source = G_OBJECT (gtk_text_view_get_buffer (GTK_TEXT_VIEW (field)));
  else if (ADW_IS_COMBO_ROW (field) || GTK_IS_DROP_DOWN (field))
    signal = "notify::selected";
  else if (GTK_IS_CHECK_BUTTON (field) || GTK_IS_SWITCH (field))
    signal = "notify::active";
  else if (!GTK_IS_EDITABLE (field))
    return;   /* nothing to change: the next check clears it */
  g_signal_connect_object (source, signal, G_CALLBACK (field_changed), field, G_CONNECT_SWAPPED);
}

void
docket_field_set_error (GtkWidget *field, GtkLabel *label, const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (field));

  if (message)
    {
      gtk_widget_add_css_class (field, "error");
      g_object_set_data (G_OBJECT (field), "docket-error-label", label);
      watch_field (field);
    }
  else
    {
      gtk_widget_remove_css_class (field, "error");
      g_object_set_data (G_OBJECT (field), "docket-error-label", NULL);
    }
  gtk_accessible_update_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID,
                               message ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE, -1);
  if (label)
    {
      gtk_label_set_label (label, message ? message : "");
      gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
    }
}

gboolean
docket_field_has_error (GtkWidget *field)
{
  return gtk_widget_has_css_class (field, "error");
}
