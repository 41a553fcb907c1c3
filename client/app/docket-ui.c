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

  /* Long text reads better below its title than squeezed to the right. */
  if (value && (g_utf8_strlen (value, -1) > 48 || strchr (value, '\n')))
    {
      row = docket_row_add (list, what, value);
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
