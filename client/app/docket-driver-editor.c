/* DocketDriverEditor: one form class for the four record forms. Fields
 * come from a table; a refusal from docketd is shown under the field its
 * message names (or under the form), and nothing is changed until docketd
 * accepts the whole record. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "docket-driver-editor.h"
#include "docket-labels.h"
#include "docket-ui.h"
#include "docket-window.h"

typedef enum {
  MODE_NEW_DRIVER,
  MODE_EDIT_DRIVER,
  MODE_CONVICTION,
  MODE_NOTE,
  MODE_TRAINING,
  MODE_DBS,
} Mode;

typedef enum {
  FIELD_ENTRY,
  FIELD_CHOICE,
  FIELD_TEXT,
} FieldType;

typedef struct {
  const char         *key;
  const char         *label;
  FieldType           type;
  const char * const *choices;
  const char       *(*choice_label) (const char *wire);
  const char         *phrases;   /* '|'-separated words of docketd's messages naming it */
} FieldDef;

typedef struct {
  const FieldDef *def;
  GtkWidget      *widget;
  GtkWidget      *error_row;
  GtkLabel       *error_label;
  char           *initial;
  char           *error;
} Field;

struct _DocketDriverEditor
{
  AdwWindow     parent_instance;

  DocketClient *client;
  GtkWidget    *parent;
  GCancellable *cancellable;
  Mode          mode;
  char         *licence;
  GArray       *fields;

  AdwPreferencesGroup *group;
  GtkListBox   *fields_box;
  GtkWidget    *message_group;
  GtkLabel     *message_label;
  GtkWidget    *save_button;
};

G_DEFINE_FINAL_TYPE (DocketDriverEditor, docket_driver_editor, ADW_TYPE_WINDOW)

static const char * const kinds[] = { "hackney", "private-hire", "dual", NULL };
static const char * const statuses[] = {
  "applicant", "active", "suspended", "revoked", "refused", "surrendered", "expired", NULL,
};
static const char * const categories[] = {
  "crimes-resulting-in-death", "exploitation", "sexual", "violence", "weapons", "dishonesty", "drugs",
  "discrimination", "drink-driving", "motoring", "other", NULL,
};
static const char * const conviction_kinds[] = { "conviction", "caution", "charge", "arrest", NULL };
static const char * const note_kinds[] = { "complaint", "intelligence", "medical", NULL };
static const char * const dbs_kinds[] = { "enhanced", "update-service", NULL };
static const char * const dbs_results[] = { "clear", "information", "barred", NULL };
static const char * const yes_no[] = { "yes", "no", NULL };

static const char *
dbs_kind_label (const char *wire)
{
  return g_strcmp0 (wire, "update-service") == 0 ? _("DBS Update Service check") : _("Enhanced DBS check");
}

static const char *
dbs_result_label (const char *wire)
{
  if (g_strcmp0 (wire, "information") == 0)
    return _("Information disclosed");
  if (g_strcmp0 (wire, "barred") == 0)
    return _("On a barred list");
  return _("Clear");
}

static const char *
yes_no_label (const char *wire)
{
  return g_strcmp0 (wire, "yes") == 0 ? _("Yes") : _("No");
}

static const char *
conviction_kind_label (const char *wire)
{
  if (g_strcmp0 (wire, "caution") == 0)
    return _("Caution");
  if (g_strcmp0 (wire, "charge") == 0)
    return _("Charge");
  if (g_strcmp0 (wire, "arrest") == 0)
    return _("Arrest");
  return _("Conviction");
}

static const FieldDef driver_fields[] = {
  { "licence", N_("Licence number"), FIELD_ENTRY, NULL, NULL, "licence number" },
  { "kind", N_("Kind of licence"), FIELD_CHOICE, kinds, docket_label_kind, "kind" },
  { "name", N_("Full name"), FIELD_ENTRY, NULL, NULL, "full name|name" },
  { "status", N_("Status"), FIELD_CHOICE, statuses, docket_label_status, "status" },
  { "reason", N_("Reason for the change of status"), FIELD_ENTRY, NULL, NULL, "needs a reason|reason" },
  { "badge", N_("Badge number"), FIELD_ENTRY, NULL, NULL, "badge" },
  { "issued", N_("Issued (YYYY-MM-DD)"), FIELD_ENTRY, NULL, NULL, "issue date" },
  { "expires", N_("Expires (YYYY-MM-DD)"), FIELD_ENTRY, NULL, NULL, "expiry date" },
  { "dob", N_("Date of birth (YYYY-MM-DD)"), FIELD_ENTRY, NULL, NULL, "date of birth" },
  { "address", N_("Address"), FIELD_TEXT, NULL, NULL, "address" },
  { "phone", N_("Phone"), FIELD_ENTRY, NULL, NULL, "phone" },
  { "email", N_("Email"), FIELD_ENTRY, NULL, NULL, "email" },
  { "ni-number", N_("National Insurance number"), FIELD_ENTRY, NULL, NULL, "National Insurance" },
  { "dvla-number", N_("Driving licence number"), FIELD_ENTRY, NULL, NULL, "DVLA" },
  { "dbs-certificate", N_("DBS certificate number"), FIELD_ENTRY, NULL, NULL, "DBS certificate" },
  { "dbs-disclosure", N_("DBS disclosure"), FIELD_TEXT, NULL, NULL, "disclosure" },
  { NULL },
};

static const FieldDef conviction_fields[] = {
  { "date", N_("Date (YYYY-MM-DD)"), FIELD_ENTRY, NULL, NULL, "date" },
  { "offence", N_("Offence"), FIELD_ENTRY, NULL, NULL, "offence" },
  { "category", N_("Category"), FIELD_CHOICE, categories, docket_label_category, "category" },
  { "kind", N_("Conviction or caution"), FIELD_CHOICE, conviction_kinds, conviction_kind_label, "kind" },
  { "sentence", N_("Sentence"), FIELD_ENTRY, NULL, NULL, "sentence" },
  { "reported", N_("Reported by the driver on (YYYY-MM-DD)"), FIELD_ENTRY, NULL, NULL, "reported" },
  { NULL },
};

static const FieldDef training_fields[] = {
  { "date", N_("Date attended (YYYY-MM-DD)"), FIELD_ENTRY, NULL, NULL, "training date|date" },
  { "provider", N_("Provider"), FIELD_ENTRY, NULL, NULL, "provider" },
  { "certificate", N_("Certificate reference"), FIELD_ENTRY, NULL, NULL, "certificate" },
  { NULL },
};

static const FieldDef dbs_fields[] = {
  { "date", N_("Date of the check (YYYY-MM-DD)"), FIELD_ENTRY, NULL, NULL, "check date|date" },
  { "kind", N_("Kind of check"), FIELD_CHOICE, dbs_kinds, dbs_kind_label, "kind" },
  { "barred-lists", N_("Both barred lists checked"), FIELD_CHOICE, yes_no, yes_no_label, "barred" },
  { "result", N_("Result"), FIELD_CHOICE, dbs_results, dbs_result_label, "result" },
  { "certificate", N_("DBS certificate number"), FIELD_ENTRY, NULL, NULL, "certificate" },
  { NULL },
};

static const FieldDef note_fields[] = {
  { "kind", N_("Kind"), FIELD_CHOICE, note_kinds, docket_label_note_kind, "kind" },
  { "date", N_("Date (YYYY-MM-DD)"), FIELD_ENTRY, NULL, NULL, "date" },
  { "text", N_("Text"), FIELD_TEXT, NULL, NULL, "text" },
  { NULL },
};

static void
field_clear (gpointer data)
{
  Field *f = data;

  g_free (f->initial);
  g_free (f->error);
}

static Field *
find_field (DocketDriverEditor *self, const char *key)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = &g_array_index (self->fields, Field, i);
      if (g_str_equal (f->def->key, key))
        return f;
    }
  return NULL;
}

static char *
field_value (Field *f)
{
  switch (f->def->type)
    {
    case FIELD_CHOICE:
      {
        guint i = adw_combo_row_get_selected (ADW_COMBO_ROW (f->widget));
        return g_strdup (i < g_strv_length ((char **) f->def->choices) ? f->def->choices[i] : "");
      }
    case FIELD_TEXT:
      return docket_text_view_get (GTK_TEXT_VIEW (f->widget));
    default:
      return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (f->widget))));
    }
}

static void
field_set_value (Field *f, const char *value)
{
  switch (f->def->type)
    {
    case FIELD_CHOICE:
      for (guint i = 0; f->def->choices[i]; i++)
        if (g_strcmp0 (f->def->choices[i], value) == 0)
          adw_combo_row_set_selected (ADW_COMBO_ROW (f->widget), i);
      break;
    case FIELD_TEXT:
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->widget)), value ? value : "", -1);
      break;
    default:
      gtk_editable_set_text (GTK_EDITABLE (f->widget), value ? value : "");
    }
}

static void
field_set_error (Field *f, const char *message)
{
  g_free (f->error);
  f->error = g_strdup (message);
  gtk_label_set_label (f->error_label, message ? message : "");
  gtk_widget_set_visible (f->error_row, message != NULL);
  if (message)
    gtk_widget_add_css_class (f->widget, "error");
  else
    gtk_widget_remove_css_class (f->widget, "error");
}

static void
update_reason_visibility (DocketDriverEditor *self)
{
  Field *status = find_field (self, "status");
  Field *reason = find_field (self, "reason");
  g_autofree char *value = NULL;

  if (status == NULL || reason == NULL)
    return;
  value = field_value (status);
  gtk_widget_set_visible (gtk_widget_get_ancestor (reason->widget, GTK_TYPE_LIST_BOX_ROW),
                          self->mode == MODE_EDIT_DRIVER && g_strcmp0 (value, status->initial) != 0);
}

static void
on_status_changed (DocketDriverEditor *self)
{
  update_reason_visibility (self);
}

static void
add_field (DocketDriverEditor *self, const FieldDef *def)
{
  Field f = { def };
  GtkWidget *row;

  switch (def->type)
    {
    case FIELD_CHOICE:
      {
        g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
        for (guint i = 0; def->choices[i]; i++)
          gtk_string_list_append (labels, def->choice_label (def->choices[i]));
        row = adw_combo_row_new ();
        adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(def->label));
        f.widget = row;
        if (g_str_equal (def->key, "status"))
          g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (on_status_changed), self);
        break;
      }
    case FIELD_TEXT:
      {
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
        GtkWidget *title = gtk_label_new (_(def->label));
        GtkWidget *view = gtk_text_view_new ();
        gtk_label_set_xalign (GTK_LABEL (title), 0);
        gtk_widget_add_css_class (title, "dim-label");
        gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
        gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
        gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
        gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
        gtk_widget_set_size_request (view, -1, 72);
        gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _(def->label), -1);
        gtk_widget_set_margin_start (box, 12);
        gtk_widget_set_margin_end (box, 12);
        gtk_widget_set_margin_top (box, 8);
        gtk_widget_set_margin_bottom (box, 8);
        gtk_box_append (GTK_BOX (box), title);
        gtk_box_append (GTK_BOX (box), view);
        row = gtk_list_box_row_new ();
        gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
        gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
        f.widget = view;
        break;
      }
    default:
      row = adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(def->label));
      f.widget = row;
      break;
    }
  gtk_list_box_append (self->fields_box, row);

  f.error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (f.error_label, TRUE);
  gtk_label_set_xalign (f.error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (f.error_label), "error");
  gtk_widget_set_margin_start (GTK_WIDGET (f.error_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (f.error_label), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (f.error_label), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (f.error_label), 6);
  f.error_row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (f.error_row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (f.error_row), GTK_WIDGET (f.error_label));
  gtk_widget_set_visible (f.error_row, FALSE);
  gtk_list_box_append (self->fields_box, f.error_row);
  g_array_append_val (self->fields, f);
}

static void
clear_errors (DocketDriverEditor *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    field_set_error (&g_array_index (self->fields, Field, i), NULL);
  gtk_widget_set_visible (self->message_group, FALSE);
}

/* Puts docketd's message beside the field it names, or under the form. */
static void
show_error (DocketDriverEditor *self, const GError *error)
{
  g_autofree char *message = docket_client_error_text (error);
  const char *detail = message;
  Field *best = NULL;
  const char *best_at = NULL;

  /* "Licence PH-1: conviction: date 2030-01-01 is in the future": the
   * field's part is after the last ": ". */
  for (const char *p = strstr (message, ": "); p; p = strstr (p + 2, ": "))
    detail = p + 2;
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = &g_array_index (self->fields, Field, i);
      g_auto(GStrv) phrases = g_strsplit (f->def->phrases, "|", -1);
      for (guint j = 0; phrases[j]; j++)
        {
          const char *at = strstr (detail, phrases[j]);
          /* The earliest mention wins; "a change of status ... needs a reason"
           * names the reason, listed as a longer phrase first. */
          if (at && (best_at == NULL || at < best_at || (at == best_at && j == 0)))
            {
              if (g_str_equal (f->def->key, "reason") && strstr (detail, "needs a reason") == NULL)
                continue;
              best = f;
              best_at = at;
            }
        }
    }
  if (strstr (detail, "needs a reason"))
    best = find_field (self, "reason");
  if (best && gtk_widget_get_visible (gtk_widget_get_ancestor (best->widget, GTK_TYPE_LIST_BOX_ROW)))
    {
      field_set_error (best, detail);
      gtk_widget_grab_focus (best->widget);
    }
  else
    {
      gtk_label_set_label (self->message_label, message);
      gtk_widget_set_visible (self->message_group, TRUE);
    }
}

static void
finish (DocketDriverEditor *self, const char *toast)
{
  if (self->parent)
    docket_toast (self->parent, toast);
  gtk_window_close (GTK_WINDOW (self));
}

static void
create_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(DocketDriverEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *licence = NULL;
  g_autofree char *text = NULL;

  if (!docket_dbus_drivers_call_create_finish (DOCKET_DBUS_DRIVERS (source), &licence, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;  /* the form is gone */
      gtk_widget_set_sensitive (self->save_button, TRUE);
      show_error (self, error);
      return;
    }
  text = g_strdup_printf (_("Driver %s added"), licence);
  if (self->parent)
    {
      GtkWidget *window = gtk_widget_get_ancestor (self->parent, DOCKET_TYPE_WINDOW);
      if (window)
        docket_window_show_driver (DOCKET_WINDOW (window), licence);
    }
  finish (self, text);
}

static void
done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(DocketDriverEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;
  gint64 id = 0;

  switch (self->mode)
    {
    case MODE_EDIT_DRIVER:
      ok = docket_dbus_drivers_call_update_finish (DOCKET_DBUS_DRIVERS (source), result, &error);
      break;
    case MODE_CONVICTION:
      ok = docket_dbus_drivers_call_add_conviction_finish (DOCKET_DBUS_DRIVERS (source), &id, result, &error);
      break;
    case MODE_TRAINING:
      ok = docket_dbus_compliance_call_record_training_finish (DOCKET_DBUS_COMPLIANCE (source), &id, result, &error);
      break;
    case MODE_DBS:
      ok = docket_dbus_compliance_call_record_dbs_check_finish (DOCKET_DBUS_COMPLIANCE (source), &id, result, &error);
      break;
    default:
      ok = docket_dbus_drivers_call_add_note_finish (DOCKET_DBUS_DRIVERS (source), &id, result, &error);
      break;
    }
  if (!ok)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;  /* the form is gone */
      gtk_widget_set_sensitive (self->save_button, TRUE);
      show_error (self, error);
      return;
    }
  finish (self, self->mode == MODE_EDIT_DRIVER ? _("Driver saved")
                : self->mode == MODE_CONVICTION ? _("Conviction added")
                : self->mode == MODE_TRAINING ? _("Training recorded")
                : self->mode == MODE_DBS ? _("DBS check recorded") : _("Note added"));
}

static void
save_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketDriverEditor *self = DOCKET_DRIVER_EDITOR (widget);
  DocketDBusDrivers *drivers = docket_client_get_drivers (self->client);
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autofree char *reason = NULL;
  guint n = 0;

  clear_errors (self);
  if (drivers == NULL)
    {
      gtk_label_set_label (self->message_label, _("docketd is not running; nothing was saved."));
      gtk_widget_set_visible (self->message_group, TRUE);
      return;
    }
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = &g_array_index (self->fields, Field, i);
      g_autofree char *value = field_value (f);

      if (g_str_equal (f->def->key, "reason"))
        {
          reason = g_steal_pointer (&value);
          continue;
        }
      if (self->mode == MODE_EDIT_DRIVER)
        {
          /* Only what the user changed; an emptied field clears it. */
          if (g_strcmp0 (value, f->initial ? f->initial : "") == 0 || g_str_equal (f->def->key, "licence"))
            continue;
          g_variant_builder_add (&b, "{sv}", f->def->key, g_variant_new_string (value));
          n++;
        }
      else if (g_str_equal (f->def->key, "barred-lists"))
        g_variant_builder_add (&b, "{sv}", f->def->key, g_variant_new_boolean (g_str_equal (value, "yes")));
      else if (*value)
        {
          g_variant_builder_add (&b, "{sv}", f->def->key, g_variant_new_string (value));
          n++;
        }
    }
  if (self->mode == MODE_EDIT_DRIVER && n == 0)
    {
      gtk_label_set_label (self->message_label, _("Nothing has changed."));
      gtk_widget_set_visible (self->message_group, TRUE);
      return;
    }

  gtk_widget_set_sensitive (self->save_button, FALSE);
  switch (self->mode)
    {
    case MODE_NEW_DRIVER:
      docket_dbus_drivers_call_create (drivers, g_variant_builder_end (&b), self->cancellable, create_cb,
                                       g_object_ref (self));
      break;
    case MODE_EDIT_DRIVER:
      docket_dbus_drivers_call_update (drivers, self->licence, g_variant_builder_end (&b), reason ? reason : "",
                                       self->cancellable, done_cb, g_object_ref (self));
      break;
    case MODE_CONVICTION:
      docket_dbus_drivers_call_add_conviction (drivers, self->licence, g_variant_builder_end (&b),
                                               self->cancellable, done_cb, g_object_ref (self));
      break;
    case MODE_NOTE:
      docket_dbus_drivers_call_add_note (drivers, self->licence, g_variant_builder_end (&b),
                                         self->cancellable, done_cb, g_object_ref (self));
      break;
    case MODE_TRAINING:
    case MODE_DBS:
      {
        DocketDBusCompliance *compliance = docket_client_get_compliance (self->client);
        if (compliance == NULL)
          break;
        if (self->mode == MODE_TRAINING)
          docket_dbus_compliance_call_record_training (compliance, self->licence, g_variant_builder_end (&b),
                                                       self->cancellable, done_cb, g_object_ref (self));
        else
          docket_dbus_compliance_call_record_dbs_check (compliance, self->licence, g_variant_builder_end (&b),
                                                        self->cancellable, done_cb, g_object_ref (self));
      }
      break;
    }
}

static void
docket_driver_editor_dispose (GObject *object)
{
  DocketDriverEditor *self = DOCKET_DRIVER_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOCKET_TYPE_DRIVER_EDITOR);
  g_clear_object (&self->client);
  g_clear_weak_pointer (&self->parent);
  G_OBJECT_CLASS (docket_driver_editor_parent_class)->dispose (object);
}

static void
docket_driver_editor_finalize (GObject *object)
{
  DocketDriverEditor *self = DOCKET_DRIVER_EDITOR (object);

  g_array_unref (self->fields);
  g_free (self->licence);
  G_OBJECT_CLASS (docket_driver_editor_parent_class)->finalize (object);
}

static void
docket_driver_editor_class_init (DocketDriverEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = docket_driver_editor_dispose;
  object_class->finalize = docket_driver_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/docket/Docket/docket-driver-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, DocketDriverEditor, group);
  gtk_widget_class_bind_template_child_full (widget_class, "fields", FALSE,
                                             G_STRUCT_OFFSET (DocketDriverEditor, fields_box));
  gtk_widget_class_bind_template_child (widget_class, DocketDriverEditor, message_group);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverEditor, message_label);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverEditor, save_button);
  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
}

static void
docket_driver_editor_init (DocketDriverEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->fields = g_array_new (FALSE, TRUE, sizeof (Field));
  g_array_set_clear_func (self->fields, field_clear);
  self->cancellable = g_cancellable_new ();
}

static DocketDriverEditor *
editor_new (GtkWidget *parent, DocketClient *client, Mode mode, const char *licence, const FieldDef *defs)
{
  DocketDriverEditor *self = g_object_new (DOCKET_TYPE_DRIVER_EDITOR, NULL);
  GtkRoot *root = parent ? gtk_widget_get_root (parent) : NULL;

  self->client = g_object_ref (client);
  g_set_weak_pointer (&self->parent, parent);
  self->mode = mode;
  self->licence = g_strdup (licence);
  for (const FieldDef *d = defs; d->key; d++)
    add_field (self, d);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));
  return self;
}

DocketDriverEditor *
docket_driver_editor_present (GtkWidget *parent, DocketClient *client, GVariant *record)
{
  DocketDriverEditor *self = editor_new (parent, client, record ? MODE_EDIT_DRIVER : MODE_NEW_DRIVER,
                                         record ? docket_lookup (record, "licence") : NULL, driver_fields);

  if (record)
    {
      g_autofree char *title = g_strdup_printf (_("Edit %s"), docket_lookup (record, "licence"));
      gtk_window_set_title (GTK_WINDOW (self), title);
      adw_preferences_group_set_description (self->group,
          _("Only the fields you change are saved. Sensitive fields show their values only when they "
            "were revealed on the driver's page."));
      for (guint i = 0; i < self->fields->len; i++)
        {
          Field *f = &g_array_index (self->fields, Field, i);
          const char *value = docket_lookup (record, f->def->key);
          f->initial = g_strdup (value ? value : (f->def->type == FIELD_CHOICE ? NULL : ""));
          if (value)
            field_set_value (f, value);
          if (f->def->type == FIELD_CHOICE && f->initial == NULL)
            f->initial = field_value (f);
        }
      gtk_editable_set_editable (GTK_EDITABLE (find_field (self, "licence")->widget), FALSE);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("New Driver"));
      adw_preferences_group_set_description (self->group, _("Licence number, kind and full name are required."));
    }
  update_reason_visibility (self);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

DocketDriverEditor *
docket_conviction_editor_present (GtkWidget *parent, DocketClient *client, const char *licence)
{
  DocketDriverEditor *self = editor_new (parent, client, MODE_CONVICTION, licence, conviction_fields);
  g_autofree char *title = g_strdup_printf (_("Add a Conviction to %s"), licence);

  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 480);
  adw_preferences_group_set_description (self->group, _("Convictions are encrypted and only shown to those "
                                                        "whose role allows it; each reading is recorded."));
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

DocketDriverEditor *
docket_note_editor_present (GtkWidget *parent, DocketClient *client, const char *licence)
{
  DocketDriverEditor *self = editor_new (parent, client, MODE_NOTE, licence, note_fields);
  g_autofree char *title = g_strdup_printf (_("Add a Note to %s"), licence);

  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 420);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

DocketDriverEditor *
docket_training_editor_present (GtkWidget *parent, DocketClient *client, const char *licence)
{
  DocketDriverEditor *self = editor_new (parent, client, MODE_TRAINING, licence, training_fields);
  g_autofree char *title = g_strdup_printf (_("Record Training for %s"), licence);

  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 380);
  adw_preferences_group_set_description (self->group, _("Safeguarding training attended. A licence "
                                                        "suspended until the training is done is "
                                                        "reinstated at once."));
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

DocketDriverEditor *
docket_dbs_editor_present (GtkWidget *parent, DocketClient *client, const char *licence)
{
  DocketDriverEditor *self = editor_new (parent, client, MODE_DBS, licence, dbs_fields);
  g_autofree char *title = g_strdup_printf (_("Record a DBS Check for %s"), licence);

  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 480);
  adw_preferences_group_set_description (self->group, _("The result and the certificate number are "
                                                        "encrypted; each reading is recorded."));
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

void
docket_driver_editor_set_field (DocketDriverEditor *self, const char *key, const char *value)
{
  Field *f = find_field (self, key);

  g_return_if_fail (f != NULL);
  field_set_value (f, value);
}

const char *
docket_driver_editor_get_error (DocketDriverEditor *self, const char *key)
{
  Field *f;

  if (key == NULL)
    return gtk_widget_get_visible (self->message_group) ? gtk_label_get_label (self->message_label) : NULL;
  f = find_field (self, key);
  return f ? f->error : NULL;
}

void
docket_driver_editor_save (DocketDriverEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
}
