/* The fields of the record forms (driver, hearing): rows of a boxed list and their wire values. */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "docket-form.h"
#include "docket-labels.h"
#include "docket-ui.h"
#include "docket-window.h"

void
docket_form_field_free (gpointer data)
{
  DocketFormField *f = data;

  g_free (f->initial);
  g_free (f->error);
  g_free (f);
}

static DocketFormField *
add (GtkListBox *list, GPtrArray *fields, const char *key, GtkWidget *widget, GtkWidget *row)
{
  DocketFormField *f = g_new0 (DocketFormField, 1);

  f->key = key;
  f->widget = widget;
  f->row = row;
  gtk_list_box_append (list, row);
  g_ptr_array_add (fields, f);
  return f;
}

DocketFormField *
docket_form_add_entry (GtkListBox *list, GPtrArray *fields, const char *key, const char *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  return add (list, fields, key, row, row);
}

static void
day_selected (GtkCalendar *calendar, GtkEditable *entry)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (calendar);
  g_autofree char *iso = g_date_time_format (day, "%Y-%m-%d");
  g_autofree char *shown = docket_format_date (iso);

  gtk_editable_set_text (entry, shown);
  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER)));
}

/* The calendar opens on the date typed, else today. */
static void
calendar_opening (GtkMenuButton *button, gpointer user_data)
{
  GtkEditable *entry = user_data;
  GtkCalendar *calendar = GTK_CALENDAR (gtk_popover_get_child (gtk_menu_button_get_popover (button)));
  g_autofree char *iso = docket_parse_date (gtk_editable_get_text (entry));
  int y, m, d;

  if (iso != NULL && sscanf (iso, "%d-%d-%d", &y, &m, &d) == 3)
    {
      g_autoptr(GDateTime) day = g_date_time_new_local (y, m, d, 12, 0, 0);
      if (day != NULL)
        {
          g_signal_handlers_block_by_func (calendar, day_selected, entry);
          gtk_calendar_select_day (calendar, day);
          g_signal_handlers_unblock_by_func (calendar, day_selected, entry);
        }
    }
}

DocketFormField *
docket_form_add_date (GtkListBox *list, GPtrArray *fields, const char *key, const char *title)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();
  DocketFormField *f;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Choose from a calendar"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Choose from a calendar"), -1);
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), calendar_opening, row, NULL);
  g_signal_connect (calendar, "day-selected", G_CALLBACK (day_selected), row);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);
  f = add (list, fields, key, row, row);
  f->date = TRUE;
  return f;
}

DocketFormField *
docket_form_add_choice (GtkListBox         *list,
                        GPtrArray          *fields,
                        const char         *key,
                        const char         *title,
                        const char * const *choices,
                        const char       *(*label) (const char *wire))
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();
  DocketFormField *f;

  for (guint i = 0; choices[i]; i++)
    gtk_string_list_append (labels, label (choices[i]));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  f = add (list, fields, key, row, row);
  f->choices = choices;
  return f;
}

DocketFormField *
docket_form_add_text (GtkListBox *list, GPtrArray *fields, const char *key, const char *title, int height)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *row = gtk_list_box_row_new ();

  /* No AdwEntryRow for many lines in libadwaita 1.2: a titled text view. */
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_widget_set_size_request (view, -1, height);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), view);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return add (list, fields, key, view, row);
}

void
docket_form_add_error_row (GtkListBox *list, DocketFormField *f)
{
  f->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (f->error_label, TRUE);
  gtk_label_set_xalign (f->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (f->error_label), "error");
  gtk_widget_set_margin_start (GTK_WIDGET (f->error_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (f->error_label), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (f->error_label), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (f->error_label), 6);
  f->error_row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (f->error_row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (f->error_row), GTK_WIDGET (f->error_label));
  gtk_widget_set_visible (GTK_WIDGET (f->error_label), FALSE);
  /* The row shows while its message does (docket_field_set_error()). */
  g_object_bind_property (f->error_label, "visible", f->error_row, "visible", G_BINDING_SYNC_CREATE);
  gtk_list_box_append (list, f->error_row);
}

DocketFormField *
docket_form_find (GPtrArray *fields, const char *key)
{
  for (guint i = 0; i < fields->len; i++)
    {
      DocketFormField *f = fields->pdata[i];
      if (g_str_equal (f->key, key))
        return f;
    }
  return NULL;
}

char *
docket_form_field_get (DocketFormField *f)
{
  if (f->choices != NULL)
    {
      guint i = adw_combo_row_get_selected (ADW_COMBO_ROW (f->widget));
      return g_strdup (i < g_strv_length ((char **) f->choices) ? f->choices[i] : "");
    }
  if (GTK_IS_TEXT_VIEW (f->widget))
    return docket_text_view_get (GTK_TEXT_VIEW (f->widget));
  if (f->date)
    {
      /* As typed when it is no date at all: docketd's error names it. */
      char *iso = docket_parse_date (gtk_editable_get_text (GTK_EDITABLE (f->widget)));
      return iso ? iso : g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (f->widget))));
    }
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (f->widget))));
}

char *
docket_form_get (GPtrArray *fields, const char *key)
{
  DocketFormField *f = docket_form_find (fields, key);

  return f ? docket_form_field_get (f) : NULL;
}

void
docket_form_field_set (DocketFormField *f, const char *value)
{
  if (f->choices != NULL)
    {
      for (guint i = 0; f->choices[i]; i++)
        if (g_strcmp0 (f->choices[i], value) == 0)
          adw_combo_row_set_selected (ADW_COMBO_ROW (f->widget), i);
    }
  else if (GTK_IS_TEXT_VIEW (f->widget))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->widget)), value ? value : "", -1);
  else if (f->date)
    {
      g_autofree char *shown = docket_format_date (value);
      gtk_editable_set_text (GTK_EDITABLE (f->widget), shown);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (f->widget), value ? value : "");
}

void
docket_form_field_set_error (DocketFormField *f, const char *message)
{
  g_free (f->error);
  f->error = g_strdup (message);
  docket_field_set_error (f->widget, f->error_label, message);
}

const char *
docket_form_field_get_error (DocketFormField *f)
{
  return docket_field_has_error (f->widget) ? f->error : NULL;
}

gboolean
docket_form_check_dates (GPtrArray *fields)
{
  DocketFormField *first = NULL;

  for (guint i = 0; i < fields->len; i++)
    {
      DocketFormField *f = fields->pdata[i];
      g_autofree char *text = NULL;
      g_autofree char *problem = NULL;

      if (!f->date)
        continue;
      text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (f->widget))));
      if (*text == '\0' || !(problem = docket_check_date (text, NULL)))
        continue;
      docket_form_field_set_error (f, problem);
      if (first == NULL)
        first = f;
    }
  if (first)
    gtk_widget_grab_focus (first->widget);
  return first == NULL;
}

void
docket_form_set_parent (GtkWindow *form, GtkWidget *parent)
{
  GtkRoot *root = parent ? gtk_widget_get_root (parent) : NULL;

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (form, GTK_WINDOW (root));
}

void
docket_form_close_with (GtkWindow *form, GtkWidget *parent, const char *text)
{
  if (parent)
    docket_toast (parent, text);
  gtk_window_close (form);
}
