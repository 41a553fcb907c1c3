/* DocketDriverEditor: one form class for the four record forms. Fields
 * come from a table; a refusal from docketd is shown under the field its
 * message names (or under the form), and nothing is changed until docketd
 * accepts the whole record. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "docket-driver-editor.h"
#include "docket-form.h"
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
  FIELD_DATE,
} FieldType;

typedef struct {
  const char         *key;
  const char         *label;
  FieldType           type;
  const char * const *choices;
  const char       *(*choice_label) (const char *wire);
  const char         *phrases;   /* '|'-separated words of docketd's messages naming it */
} FieldDef;

struct _DocketDriverEditor
{
  AdwWindow     parent_instance;

  DocketClient *client;
  GtkWidget    *parent;
  GCancellable *cancellable;
  Mode          mode;
  char         *licence;
  const FieldDef *defs;
  GPtrArray    *fields;       /* DocketFormField, in the order of defs */

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
  { "issued", N_("Issued"), FIELD_DATE, NULL, NULL, "issue date" },
  { "expires", N_("Expires"), FIELD_DATE, NULL, NULL, "expiry date" },
  { "dob", N_("Date of birth"), FIELD_DATE, NULL, NULL, "date of birth" },
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
  { "date", N_("Date"), FIELD_DATE, NULL, NULL, "date" },
  { "offence", N_("Offence"), FIELD_ENTRY, NULL, NULL, "offence" },
  { "category", N_("Category"), FIELD_CHOICE, categories, docket_label_category, "category" },
  { "kind", N_("Conviction or caution"), FIELD_CHOICE, conviction_kinds, conviction_kind_label, "kind" },
  { "sentence", N_("Sentence"), FIELD_ENTRY, NULL, NULL, "sentence" },
  { "time", N_("Time (HH:MM, if known)"), FIELD_ENTRY, NULL, NULL, "time" },
  { "reported", N_("Reported by the driver on (YYYY-MM-DD)"), FIELD_ENTRY, NULL, NULL, "reported" },
  { "reported-time", N_("Reported at (HH:MM, if known)"), FIELD_ENTRY, NULL, NULL, "time reported" },
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
  { "date", N_("Date"), FIELD_DATE, NULL, NULL, "date" },
  { "text", N_("Text"), FIELD_TEXT, NULL, NULL, "text" },
  { NULL },
};

static void
update_reason_visibility (DocketDriverEditor *self)
{
  DocketFormField *status = docket_form_find (self->fields, "status");
  DocketFormField *reason = docket_form_find (self->fields, "reason");
  g_autofree char *value = NULL;

  if (status == NULL || reason == NULL)
    return;
  value = docket_form_field_get (status);
  gtk_widget_set_visible (reason->row, self->mode == MODE_EDIT_DRIVER && g_strcmp0 (value, status->initial) != 0);
}

static void
on_status_changed (DocketDriverEditor *self)
{
  update_reason_visibility (self);
}

static void
add_field (DocketDriverEditor *self, const FieldDef *def)
{
  DocketFormField *f;

  switch (def->type)
    {
    case FIELD_CHOICE:
      f = docket_form_add_choice (self->fields_box, self->fields, def->key, _(def->label), def->choices,
                                  def->choice_label);
      if (g_str_equal (def->key, "status"))
        g_signal_connect_swapped (f->widget, "notify::selected", G_CALLBACK (on_status_changed), self);
      break;
    case FIELD_TEXT:
      f = docket_form_add_text (self->fields_box, self->fields, def->key, _(def->label), 72);
      break;
    case FIELD_DATE:
      f = docket_form_add_date (self->fields_box, self->fields, def->key, _(def->label));
      break;
    default:
      f = docket_form_add_entry (self->fields_box, self->fields, def->key, _(def->label));
      break;
    }
  docket_form_add_error_row (self->fields_box, f);
}

static void
clear_errors (DocketDriverEditor *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    docket_form_field_set_error (self->fields->pdata[i], NULL);
  gtk_widget_set_visible (self->message_group, FALSE);
}

/* Puts docketd's message beside the field it names, or under the form. */
static void
show_error (DocketDriverEditor *self, const GError *error)
{
  g_autofree char *message = docket_ui_error_text (error);
  const char *detail = message;
  DocketFormField *best = NULL;
  const char *best_at = NULL;

  /* "Licence PH-1: conviction: date 2030-01-01 is in the future": the
   * field's part is after the last ": ". */
  for (const char *p = strstr (message, ": "); p; p = strstr (p + 2, ": "))
    detail = p + 2;
  for (const FieldDef *d = self->defs; d->key; d++)
    {
      g_auto(GStrv) phrases = g_strsplit (d->phrases, "|", -1);
      for (guint j = 0; phrases[j]; j++)
        {
          const char *at = strstr (detail, phrases[j]);
          /* The earliest mention wins; "a change of status ... needs a reason"
           * names the reason, listed as a longer phrase first. */
          if (at && (best_at == NULL || at < best_at || (at == best_at && j == 0)))
            {
              if (g_str_equal (d->key, "reason") && strstr (detail, "needs a reason") == NULL)
                continue;
              best = docket_form_find (self->fields, d->key);
              best_at = at;
            }
        }
    }
  if (strstr (detail, "needs a reason"))
    best = docket_form_find (self->fields, "reason");
  if (best && gtk_widget_get_visible (best->row))
    {
      docket_form_field_set_error (best, detail);
      gtk_widget_grab_focus (best->widget);
    }
  else
    {
      gtk_label_set_label (self->message_label, message);
      gtk_widget_set_visible (self->message_group, TRUE);
    }
}

/* After a call that failed: why, unless the form is gone. */
static void
show_refusal (DocketDriverEditor *self, const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (self->save_button, TRUE);
  show_error (self, error);
}

static void
finish (DocketDriverEditor *self, const char *toast)
{
  docket_form_close_with (GTK_WINDOW (self), self->parent, toast);
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
      show_refusal (self, error);
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
      show_refusal (self, error);
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
  g_autofree char *reason = docket_form_get (self->fields, "reason");
  guint n = 0;

  clear_errors (self);
  if (!docket_form_check_dates (self->fields))
    return;
  if (drivers == NULL)
    {
      gtk_label_set_label (self->message_label, _("docketd is not running; nothing was saved."));
      gtk_widget_set_visible (self->message_group, TRUE);
      return;
    }
  for (guint i = 0; i < self->fields->len; i++)
    {
      DocketFormField *f = self->fields->pdata[i];
      g_autofree char *value = NULL;

      if (g_str_equal (f->key, "reason"))
        continue;   /* an argument of its own */
      value = docket_form_field_get (f);
      if (self->mode == MODE_EDIT_DRIVER)
        {
          /* Only what the user changed; an emptied field clears it. */
          if (g_strcmp0 (value, f->initial ? f->initial : "") == 0 || g_str_equal (f->key, "licence"))
            continue;
          g_variant_builder_add (&b, "{sv}", f->key, g_variant_new_string (value));
          n++;
        }
      else if (g_str_equal (f->key, "barred-lists"))
        g_variant_builder_add (&b, "{sv}", f->key, g_variant_new_boolean (g_str_equal (value, "yes")));
      else if (*value)
        {
          g_variant_builder_add (&b, "{sv}", f->key, g_variant_new_string (value));
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

  g_ptr_array_unref (self->fields);
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
  self->fields = g_ptr_array_new_with_free_func (docket_form_field_free);
  self->cancellable = g_cancellable_new ();
}

/* A form opens on its first field, not on Cancel. */
static void
focus_first (DocketDriverEditor *self)
{
  if (self->fields->len > 0)
    gtk_widget_grab_focus (((DocketFormField *) g_ptr_array_index (self->fields, 0))->widget);
}

static DocketDriverEditor *
editor_new (GtkWidget *parent, DocketClient *client, Mode mode, const char *licence, const FieldDef *defs)
{
  DocketDriverEditor *self = g_object_new (DOCKET_TYPE_DRIVER_EDITOR, NULL);

  self->client = g_object_ref (client);
  g_set_weak_pointer (&self->parent, parent);
  self->mode = mode;
  self->licence = g_strdup (licence);
  self->defs = defs;
  for (const FieldDef *d = defs; d->key; d++)
    add_field (self, d);
  docket_form_set_parent (GTK_WINDOW (self), parent);
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
          DocketFormField *f = self->fields->pdata[i];
          const char *value = docket_lookup (record, f->key);
          f->initial = g_strdup (value ? value : (f->choices ? NULL : ""));
          if (value)
            docket_form_field_set (f, value);
          if (f->choices && f->initial == NULL)
            f->initial = docket_form_field_get (f);
        }
      gtk_editable_set_editable (GTK_EDITABLE (docket_form_find (self->fields, "licence")->widget), FALSE);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("New Driver"));
      adw_preferences_group_set_description (self->group, _("Licence number, kind and full name are required."));
    }
  update_reason_visibility (self);
  gtk_window_present (GTK_WINDOW (self));
  focus_first (self);
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
  focus_first (self);
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
  focus_first (self);
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
  focus_first (self);
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
  focus_first (self);
  return self;
}

void
docket_driver_editor_set_field (DocketDriverEditor *self, const char *key, const char *value)
{
  DocketFormField *f = docket_form_find (self->fields, key);

  g_return_if_fail (f != NULL);
  docket_form_field_set (f, value);
}

const char *
docket_driver_editor_get_error (DocketDriverEditor *self, const char *key)
{
  DocketFormField *f;

  if (key == NULL)
    return gtk_widget_get_visible (self->message_group) ? gtk_label_get_label (self->message_label) : NULL;
  f = docket_form_find (self->fields, key);
  return f ? docket_form_field_get_error (f) : NULL;
}

void
docket_driver_editor_save (DocketDriverEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
}
