/* DocketHearingEditor: Hearings.Schedule, Reschedule and AddCase behind
 * three forms. Warnings that come back with a listing (a short notice) are
 * shown before the form closes. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "docket-form.h"
#include "docket-hearing-editor.h"
#include "docket-labels.h"
#include "docket-ui.h"
#include "docket-window.h"

typedef enum {
  MODE_SCHEDULE,
  MODE_RESCHEDULE,
  MODE_ADD_CASE,
} Mode;

struct _DocketHearingEditor
{
  AdwWindow     parent_instance;

  DocketClient *client;
  GtkWidget    *parent;
  GCancellable *cancellable;
  GCancellable *search_cancellable;
  Mode          mode;
  gint64        hearing;
  char         *picked;
  char         *error;
  GPtrArray    *fields;       /* DocketFormField */
  GVariant     *people;       /* Users.ListPeople: who may sit, by name */

  AdwPreferencesGroup *group;
  GtkListBox   *fields_box;
  GtkWidget    *driver_group;
  GtkSearchEntry *driver_search;
  GtkListBox   *driver_results;
  GtkWidget    *message_group;
  GtkLabel     *message_label;
  GtkWidget    *save_button;
};

G_DEFINE_FINAL_TYPE (DocketHearingEditor, docket_hearing_editor, ADW_TYPE_WINDOW)

static const char * const modes[] = { "sole", "panel", NULL };
static const char * const case_kinds[] = { "review", "application", "renewal", NULL };

static void
add_entry (DocketHearingEditor *self, const char *key, const char *title, const char *value)
{
  DocketFormField *f = docket_form_add_entry (self->fields_box, self->fields, key, title);

  docket_form_field_set (f, value);
  f->initial = g_strdup (value ? value : "");
}

static void
add_date (DocketHearingEditor *self, const char *key, const char *title, const char *value)
{
  DocketFormField *f = docket_form_add_date (self->fields_box, self->fields, key, title);

  docket_form_field_set (f, value);
  f->initial = g_strdup (value ? value : "");
}

static void
show_message (DocketHearingEditor *self, const char *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->message_label, message ? message : "");
  gtk_widget_set_visible (self->message_group, message != NULL);
}

/* Marks the field docketd's message names, and shows the message. */
static void
show_error (DocketHearingEditor *self, const GError *error)
{
  g_autofree char *message = docket_ui_error_text (error);
  static const struct { const char *phrase; const char *key; } names[] = {
    { "capacity", "capacity" }, { "is full", NULL }, { "venue", "venue" }, { "time", "time" },
    { "decision-maker", "decision-maker" }, { "board", "board" }, { "member", "board" },
    { "notified", "notified" }, { "grounds", "grounds" }, { "reason", "reason" }, { "kind", "kind" },
    { "date", "date" },
  };

  for (guint i = 0; i < self->fields->len; i++)
    docket_form_field_set_error (self->fields->pdata[i], NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strstr (message, names[i].phrase))
      {
        DocketFormField *f = names[i].key ? docket_form_find (self->fields, names[i].key) : NULL;
        if (f)
          {
            docket_form_field_set_error (f, message);
            gtk_widget_grab_focus (f->widget);
          }
        break;
      }
  show_message (self, message);
}

/* After a call that failed: why, unless the form is gone. */
static void
show_refusal (DocketHearingEditor *self, const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (self->save_button, TRUE);
  show_error (self, error);
}

static void
close_with (DocketHearingEditor *self, const char *toast)
{
  docket_form_close_with (GTK_WINDOW (self), self->parent, toast);
}

static void
schedule_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(DocketHearingEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;
  g_autofree char *text = NULL;

  if (!docket_dbus_hearings_call_schedule_finish (DOCKET_DBUS_HEARINGS (source), &id, result, &error))
    {
      show_refusal (self, error);
      return;
    }
  {
    g_autofree char *date = docket_form_get (self->fields, "date");
    g_autofree char *shown = docket_format_date (date);
    text = g_strdup_printf (_("Hearing on %s scheduled"), shown);
  }
  if (self->parent)
    {
      GtkWidget *window = gtk_widget_get_ancestor (self->parent, DOCKET_TYPE_WINDOW);
      if (window)
        docket_window_show_hearing (DOCKET_WINDOW (window), id);
    }
  close_with (self, text);
}

static void
reschedule_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(DocketHearingEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!docket_dbus_hearings_call_reschedule_finish (DOCKET_DBUS_HEARINGS (source), result, &error))
    {
      show_refusal (self, error);
      return;
    }
  close_with (self, _("Hearing rescheduled"));
}

static void
add_case_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(DocketHearingEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) warnings = NULL;
  gint64 id = 0;
  g_autoptr(GString) text = g_string_new (NULL);

  if (!docket_dbus_hearings_call_add_case_finish (DOCKET_DBUS_HEARINGS (source), &id, &warnings, result, &error))
    {
      show_refusal (self, error);
      return;
    }
  g_string_printf (text, _("Licence %s listed for the hearing"), self->picked);
  for (guint i = 0; warnings && warnings[i]; i++)
    g_string_append_printf (text, "; %s", warnings[i]);
  close_with (self, text->str);
}

static void
save_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketHearingEditor *self = DOCKET_HEARING_EDITOR (widget);
  DocketDBusHearings *hearings = docket_client_get_hearings (self->client);
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autofree char *reason = docket_form_get (self->fields, "reason");

  show_message (self, NULL);
  if (!docket_form_check_dates (self->fields))
    return;
  if (hearings == NULL)
    {
      show_message (self, _("docketd is not running; nothing was saved."));
      return;
    }
  for (guint i = 0; i < self->fields->len; i++)
    {
      DocketFormField *f = self->fields->pdata[i];
      g_autofree char *value = docket_form_field_get (f);

      if (g_str_equal (f->key, "reason"))
        continue;   /* Reschedule's argument of its own */
      else if (g_str_equal (f->key, "capacity"))
        {
          guint64 n = 0;
          if (*value == '\0' || (self->mode == MODE_RESCHEDULE && g_strcmp0 (value, f->initial) == 0))
            continue;
          if (!g_ascii_string_to_unsigned (value, 10, 1, 100, &n, NULL))
            {
              gtk_widget_add_css_class (f->widget, "error");
              show_message (self, _("The capacity is a number of cases from 1 to 100."));
              return;
            }
          g_variant_builder_add (&b, "{sv}", "capacity", g_variant_new_uint32 ((guint32) n));
        }
      else if (g_str_equal (f->key, "board"))
        {
          g_auto(GStrv) parts = g_strsplit_set (value, ",;", -1);
          g_autoptr(GPtrArray) members = g_ptr_array_new ();
          for (guint j = 0; parts[j]; j++)
            if (*g_strstrip (parts[j]))
              g_ptr_array_add (members, parts[j]);
          g_ptr_array_add (members, NULL);
          g_variant_builder_add (&b, "{sv}", "board", g_variant_new_strv ((const char * const *) members->pdata, -1));
        }
      else if (self->mode == MODE_RESCHEDULE && g_strcmp0 (value, f->initial) == 0)
        continue;
      else
        docket_builder_add (&b, f->key, value);
    }

  gtk_widget_set_sensitive (self->save_button, FALSE);
  switch (self->mode)
    {
    case MODE_SCHEDULE:
      docket_dbus_hearings_call_schedule (hearings, g_variant_builder_end (&b), self->cancellable, schedule_cb,
                                          g_object_ref (self));
      break;
    case MODE_RESCHEDULE:
      docket_dbus_hearings_call_reschedule (hearings, self->hearing, g_variant_builder_end (&b),
                                            reason ? reason : "", self->cancellable, reschedule_cb,
                                            g_object_ref (self));
      break;
    case MODE_ADD_CASE:
      if (self->picked == NULL)
        {
          gtk_widget_set_sensitive (self->save_button, TRUE);
          show_message (self, _("Choose the driver first: search, then pick one from the list."));
          return;
        }
      docket_dbus_hearings_call_add_case (hearings, self->hearing, self->picked, g_variant_builder_end (&b),
                                          self->cancellable, add_case_cb, g_object_ref (self));
      break;
    }
}

/* Driver search ----------------------------------------------------------------------- */

static void
search_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DocketHearingEditor *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) drivers = NULL;
  GVariantIter iter;
  GVariant *item;
  const char *wanted;

  if (!docket_dbus_drivers_call_search_finish (DOCKET_DBUS_DRIVERS (source), &drivers, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  wanted = g_object_get_data (G_OBJECT (self), "docket-pick");
  docket_list_box_clear (self->driver_results);
  g_variant_iter_init (&iter, drivers);
  while ((item = g_variant_iter_next_value (&iter)))
    {
      g_autoptr(GVariant) d = item;
      g_autofree char *title = g_strdup_printf ("%s · %s", docket_lookup (d, "licence"), docket_lookup (d, "name"));
      g_autofree char *sub = g_strdup_printf ("%s · %s", docket_label_kind (docket_lookup (d, "kind")),
                                              docket_label_status (docket_lookup (d, "status")));
      GtkWidget *row = docket_row_add (self->driver_results, title, sub);
      g_object_set_data_full (G_OBJECT (row), "licence", g_strdup (docket_lookup (d, "licence")), g_free);
      if (g_strcmp0 (wanted, docket_lookup (d, "licence")) == 0)
        gtk_list_box_select_row (self->driver_results, GTK_LIST_BOX_ROW (row));
    }
}

static void
search_drivers (DocketHearingEditor *self, const char *text)
{
  DocketDBusDrivers *drivers = docket_client_get_drivers (self->client);

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->search_cancellable = g_cancellable_new ();
  if (drivers == NULL || text == NULL || *text == '\0')
    {
      docket_list_box_clear (self->driver_results);
      return;
    }
  docket_dbus_drivers_call_search (drivers, text, 8, self->search_cancellable, search_cb, self);
}

static void
on_driver_search (DocketHearingEditor *self)
{
  search_drivers (self, gtk_editable_get_text (GTK_EDITABLE (self->driver_search)));
}

static void
on_driver_selected (DocketHearingEditor *self, GtkListBoxRow *row)
{
  g_free (self->picked);
  self->picked = row ? g_strdup (g_object_get_data (G_OBJECT (row), "licence")) : NULL;
}

/* GObject ---------------------------------------------------------------------------- */

static void
docket_hearing_editor_dispose (GObject *object)
{
  DocketHearingEditor *self = DOCKET_HEARING_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->search_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOCKET_TYPE_HEARING_EDITOR);
  g_clear_object (&self->client);
  g_clear_weak_pointer (&self->parent);
  g_clear_pointer (&self->people, g_variant_unref);
  G_OBJECT_CLASS (docket_hearing_editor_parent_class)->dispose (object);
}

static void
docket_hearing_editor_finalize (GObject *object)
{
  DocketHearingEditor *self = DOCKET_HEARING_EDITOR (object);

  g_ptr_array_unref (self->fields);
  g_free (self->picked);
  g_free (self->error);
  G_OBJECT_CLASS (docket_hearing_editor_parent_class)->finalize (object);
}

static void
docket_hearing_editor_class_init (DocketHearingEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = docket_hearing_editor_dispose;
  object_class->finalize = docket_hearing_editor_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/docket/Docket/docket-hearing-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, DocketHearingEditor, group);
  gtk_widget_class_bind_template_child_full (widget_class, "fields", FALSE,
                                             G_STRUCT_OFFSET (DocketHearingEditor, fields_box));
  gtk_widget_class_bind_template_child (widget_class, DocketHearingEditor, driver_group);
  gtk_widget_class_bind_template_child (widget_class, DocketHearingEditor, driver_search);
  gtk_widget_class_bind_template_child (widget_class, DocketHearingEditor, driver_results);
  gtk_widget_class_bind_template_child (widget_class, DocketHearingEditor, message_group);
  gtk_widget_class_bind_template_child (widget_class, DocketHearingEditor, message_label);
  gtk_widget_class_bind_template_child (widget_class, DocketHearingEditor, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_driver_search);
  gtk_widget_class_bind_template_callback (widget_class, on_driver_selected);
  gtk_widget_class_install_action (widget_class, "hearing-editor.save", NULL, save_action);
}

static void
docket_hearing_editor_init (DocketHearingEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->fields = g_ptr_array_new_with_free_func (docket_form_field_free);
  self->cancellable = g_cancellable_new ();
}

/* A form opens on its first field (adding a case: the driver's search),
 * not on Cancel. */
static void
focus_first (DocketHearingEditor *self)
{
  if (gtk_widget_get_visible (self->driver_group))
    gtk_widget_grab_focus (GTK_WIDGET (self->driver_search));
  else if (self->fields->len > 0)
    gtk_widget_grab_focus (((DocketFormField *) g_ptr_array_index (self->fields, 0))->widget);
}

static DocketHearingEditor *
editor_new (GtkWidget *parent, DocketClient *client, Mode mode, const char *title)
{
  DocketHearingEditor *self = g_object_new (DOCKET_TYPE_HEARING_EDITOR, NULL);

  self->client = g_object_ref (client);
  g_set_weak_pointer (&self->parent, parent);
  self->mode = mode;
  gtk_window_set_title (GTK_WINDOW (self), title);
  docket_form_set_parent (GTK_WINDOW (self), parent);
  return self;
}

/* Choosing who sits --------------------------------------------------------------- */

static void
people_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(DocketHearingEditor) self = user_data;
  g_autoptr(GVariant) people = NULL;

  if (docket_dbus_users_call_list_people_finish (DOCKET_DBUS_USERS (source), &people, result, NULL))
    {
      g_clear_pointer (&self->people, g_variant_unref);
      self->people = g_steal_pointer (&people);
    }
}

static gboolean
person_matches (GtkListBoxRow *row, gpointer user_data)
{
  GtkEditable *search = user_data;
  const char *haystack = g_object_get_data (G_OBJECT (row), "haystack");
  g_autofree char *needle = g_utf8_casefold (gtk_editable_get_text (search), -1);
  g_autofree char *hay = haystack ? g_utf8_casefold (haystack, -1) : NULL;

  return *needle == '\0' || hay == NULL || strstr (hay, needle) != NULL;
}

static void
person_chosen (GtkListBox *list, GtkListBoxRow *row, DocketHearingEditor *self)
{
  const char *key = g_object_get_data (G_OBJECT (list), "key");
  const char *user = g_object_get_data (G_OBJECT (row), "user");
  DocketFormField *f = docket_form_find (self->fields, key);
  g_autofree char *now = f ? docket_form_field_get (f) : NULL;

  if (f == NULL || user == NULL)
    return;
  if (g_str_equal (key, "board") && now != NULL && *now != '\0')
    {
      g_auto(GStrv) members = g_strsplit (now, ",", -1);
      g_autofree char *joined = NULL;
      for (guint i = 0; members[i]; i++)
        if (g_str_equal (g_strstrip (members[i]), user))
          return;   /* already on the board */
      joined = g_strdup_printf ("%s, %s", now, user);
      docket_form_field_set (f, joined);
    }
  else
    docket_form_field_set (f, user);
  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (GTK_WIDGET (list), GTK_TYPE_POPOVER)));
}

/* Enter in the search chooses the first person it shows. */
static void
search_activated (GtkSearchEntry *search, GtkListBox *list)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row; row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && gtk_widget_get_child_visible (row))
      {
        g_signal_emit_by_name (list, "row-activated", row);
        return;
      }
}

/* A list of the people who hold @role, by full name, with a search:
 * for the decision-maker and the board. */
static void
choose_person (GtkMenuButton *button, gpointer user_data)
{
  DocketHearingEditor *self = user_data;
  const char *key = g_object_get_data (G_OBJECT (button), "key");
  const char *role = g_str_equal (key, "board") ? "board-member" : "decision-maker";
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *search = gtk_search_entry_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  GVariantIter iter;
  GVariant *p;
  guint n = 0;

  g_object_set_data_full (G_OBJECT (list), "key", g_strdup (key), g_free);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_filter_func (GTK_LIST_BOX (list), person_matches, search, NULL);
  g_signal_connect_swapped (search, "search-changed", G_CALLBACK (gtk_list_box_invalidate_filter), list);
  g_signal_connect (search, "activate", G_CALLBACK (search_activated), list);
  g_signal_connect (list, "row-activated", G_CALLBACK (person_chosen), self);
  if (self->people != NULL)
    {
      g_variant_iter_init (&iter, self->people);
      while ((p = g_variant_iter_next_value (&iter)))
        {
          g_autoptr(GVariant) person = p;
          g_autofree const char **roles = NULL;
          g_autofree char *trained = NULL, *sub = NULL;
          GtkWidget *row;

          if (!g_variant_lookup (person, "roles", "^a&s", &roles) || !g_strv_contains (roles, role))
            continue;
          trained = docket_lookup (person, "trained") ? docket_format_date (docket_lookup (person, "trained")) : NULL;
          sub = trained ? g_strdup_printf (_("%s · trained %s"), docket_lookup (person, "user"), trained)
                        : g_strdup_printf (_("%s · no hearing training recorded"), docket_lookup (person, "user"));
          row = docket_row_add (GTK_LIST_BOX (list), docket_lookup (person, "name"), sub);
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          g_object_set_data_full (G_OBJECT (row), "user", g_strdup (docket_lookup (person, "user")), g_free);
          g_object_set_data_full (G_OBJECT (row), "haystack", g_strdup_printf ("%s %s", docket_lookup (person, "name"),
                                                                               docket_lookup (person, "user")), g_free);
          n++;
        }
    }
  if (n == 0)
    docket_row_add (GTK_LIST_BOX (list), _("No one holds this role"), NULL);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_widget_set_size_request (scrolled, 300, -1);
  gtk_box_append (GTK_BOX (box), search);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_popover_set_default_widget (GTK_POPOVER (popover), search);
  g_object_set_data (G_OBJECT (button), "search", search);
  g_object_set_data (G_OBJECT (button), "list", list);
}

/* A "Choose…" button beside the entry @key, and the people to choose from. */
static void
add_chooser (DocketHearingEditor *self, const char *key)
{
  DocketFormField *f = docket_form_find (self->fields, key);
  DocketDBusUsers *users = docket_client_get_users (self->client);
  GtkWidget *button = gtk_menu_button_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "system-users-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), gtk_popover_new ());
  /* Filled afresh each time it opens, from the people as they are. */
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), choose_person, self, NULL);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Choose by name"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Choose by name"), -1);
  g_object_set_data_full (G_OBJECT (button), "key", g_strdup (key), g_free);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (f->row), button);
  g_object_set_data (G_OBJECT (f->row), "chooser", button);
  if (users != NULL && self->people == NULL)
    docket_dbus_users_call_list_people (users, "", self->cancellable, people_cb, g_object_ref (self));
}

DocketHearingEditor *
docket_hearing_editor_schedule (GtkWidget *parent, DocketClient *client)
{
  DocketHearingEditor *self = editor_new (parent, client, MODE_SCHEDULE, _("Schedule a Hearing"));

  add_date (self, "date", _("Date"), NULL);
  add_entry (self, "time", _("Start time (HH:MM)"), "10:00");
  add_entry (self, "venue", _("Venue"), NULL);
  add_entry (self, "capacity", _("Capacity (cases)"), "7");
  docket_form_add_choice (self->fields_box, self->fields, "mode", _("Decision"), modes, docket_label_mode);
  add_entry (self, "decision-maker", _("Decision-maker (the chair of a panel)"), NULL);
  add_entry (self, "board", _("Board members, separated by commas"), NULL);
  add_chooser (self, "decision-maker");
  add_chooser (self, "board");
  adw_preferences_group_set_description (self->group,
      _("Sole: the decision-maker decides and board members advise. Panel: the members vote, the majority "
        "decides and the chair breaks a tie."));
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 560);
  gtk_window_present (GTK_WINDOW (self));
  focus_first (self);
  return self;
}

DocketHearingEditor *
docket_hearing_editor_reschedule (GtkWidget *parent, DocketClient *client, GVariant *hearing)
{
  DocketHearingEditor *self = editor_new (parent, client, MODE_RESCHEDULE, _("Reschedule the Hearing"));
  g_autofree char *capacity = g_strdup_printf ("%u", docket_lookup_uint (hearing, "capacity"));

  self->hearing = docket_lookup_id (hearing, "id");
  add_date (self, "date", _("Date"), docket_lookup (hearing, "date"));
  add_entry (self, "time", _("Start time (HH:MM)"), docket_lookup (hearing, "time"));
  add_entry (self, "venue", _("Venue"), docket_lookup (hearing, "venue"));
  add_entry (self, "capacity", _("Capacity (cases)"), capacity);
  add_entry (self, "reason", _("Reason for the change"), NULL);
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 460);
  gtk_window_present (GTK_WINDOW (self));
  focus_first (self);
  return self;
}

DocketHearingEditor *
docket_hearing_editor_add_case (GtkWidget *parent, DocketClient *client, GVariant *hearing)
{
  g_autofree char *date = docket_format_date (docket_lookup (hearing, "date"));
  g_autofree char *title = g_strdup_printf (_("Add a Case to %s"), date);
  DocketHearingEditor *self = editor_new (parent, client, MODE_ADD_CASE, title);
  g_autofree char *today = docket_today_text ();

  self->hearing = docket_lookup_id (hearing, "id");
  gtk_widget_set_visible (self->driver_group, TRUE);
  docket_form_add_choice (self->fields_box, self->fields, "kind", _("Kind of case"), case_kinds,
                          docket_label_case_kind);
  docket_form_add_text (self->fields_box, self->fields, "grounds", _("Grounds"), 80);
  docket_form_add_text (self->fields_box, self->fields, "report", _("Officer's report"), 80);
  add_date (self, "notified", _("Driver told of the hearing on"), today);
  adw_preferences_group_set_description (self->group,
      _("The grounds and the report are encrypted; reading them is recorded in the audit log."));
  gtk_window_set_default_size (GTK_WINDOW (self), 600, 720);
  gtk_window_present (GTK_WINDOW (self));
  focus_first (self);
  return self;
}

void
docket_hearing_editor_set_field (DocketHearingEditor *self, const char *key, const char *value)
{
  DocketFormField *f = docket_form_find (self->fields, key);

  g_return_if_fail (f != NULL);
  docket_form_field_set (f, value);
}

void
docket_hearing_editor_pick_driver (DocketHearingEditor *self, const char *search, const char *licence)
{
  g_object_set_data_full (G_OBJECT (self), "docket-pick", g_strdup (licence), g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->driver_search), search);
  search_drivers (self, search);
}

const char *
docket_hearing_editor_get_picked (DocketHearingEditor *self)
{
  return self->picked;
}

const char *
docket_hearing_editor_get_error (DocketHearingEditor *self)
{
  return self->error;
}

void
docket_hearing_editor_save (DocketHearingEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "hearing-editor.save", NULL);
}

gboolean
docket_hearing_editor_has_people (DocketHearingEditor *self)
{
  return self->people != NULL;
}

void
docket_hearing_editor_choose_person (DocketHearingEditor *self, const char *key, const char *search)
{
  DocketFormField *f = docket_form_find (self->fields, key);
  GtkWidget *button = f ? g_object_get_data (G_OBJECT (f->row), "chooser") : NULL;

  g_return_if_fail (button != NULL);
  /* As a person does: open the list, type, press Enter. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  gtk_editable_set_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (button), "search")), search);
  gtk_list_box_invalidate_filter (g_object_get_data (G_OBJECT (button), "list"));
  search_activated (g_object_get_data (G_OBJECT (button), "search"), g_object_get_data (G_OBJECT (button), "list"));
}
