/* DocketPublicationWindow: the public record of decisions, each decision a
 * group as the published document lays it out, with the driver's
 * identifiers already withheld by docketd. */
#include "config.h"

#include <glib/gi18n.h>

#include "docket-client-error.h"
#include "docket-labels.h"
#include "docket-publication-window.h"
#include "docket-wrap-box.h"
#include "docket-ui.h"

struct _DocketPublicationWindow
{
  AdwWindow      parent_instance;

  DocketClient  *client;
  GtkEntry      *from;
  GtkEntry      *to;
  GtkBox        *records_box;
  GtkLabel      *status;
  GVariant      *records;
  char          *error;
  char          *shown_from;
  char          *shown_to;
  gboolean       saved;
  GCancellable  *cancellable;
};

G_DEFINE_FINAL_TYPE (DocketPublicationWindow, docket_publication_window, ADW_TYPE_WINDOW)

static void
docket_publication_window_dispose (GObject *object)
{
  DocketPublicationWindow *self = DOCKET_PUBLICATION_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->records, g_variant_unref);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->shown_from, g_free);
  g_clear_pointer (&self->shown_to, g_free);
  G_OBJECT_CLASS (docket_publication_window_parent_class)->dispose (object);
}

static void
docket_publication_window_class_init (DocketPublicationWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = docket_publication_window_dispose;
}

static void
docket_publication_window_init (DocketPublicationWindow *self)
{
  self->cancellable = g_cancellable_new ();
}

static void
set_status (DocketPublicationWindow *self, const char *text, gboolean is_error)
{
  gtk_label_set_text (self->status, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status), text != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
}

static void
clear_records (DocketPublicationWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->records_box))))
    gtk_box_remove (self->records_box, child);
}

static void
add_row (AdwPreferencesGroup *group, const char *title, const char *value)
{
  GtkWidget *row;

  if (value == NULL || *value == '\0')
    return;
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (group, row);
}

static void
show_records (DocketPublicationWindow *self)
{
  GVariantIter iter;
  GVariant *r;

  clear_records (self);
  if (g_variant_n_children (self->records) == 0)
    {
      set_status (self, _("No decisions were made in these dates."), FALSE);
      return;
    }
  set_status (self, NULL, FALSE);
  g_variant_iter_init (&iter, self->records);
  while ((r = g_variant_iter_next_value (&iter)))
    {
      GtkWidget *group = adw_preferences_group_new ();
      g_autofree char *date = docket_format_date (docket_lookup (r, "date"));
      g_autofree char *title = g_strdup_printf ("%s — %s", docket_lookup (r, "reference"), date);

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), docket_lookup (r, "decision"));
      add_row (ADW_PREFERENCES_GROUP (group), _("Matter"), docket_lookup (r, "kind"));
      add_row (ADW_PREFERENCES_GROUP (group), _("Licence"), docket_lookup (r, "licence-kind"));
      add_row (ADW_PREFERENCES_GROUP (group), _("Decided by"), docket_lookup (r, "decided-by"));
      add_row (ADW_PREFERENCES_GROUP (group), _("Reasons"), docket_lookup (r, "reasons"));
      add_row (ADW_PREFERENCES_GROUP (group), _("Alternatives considered and rejected"),
               docket_lookup (r, "alternatives"));
      add_row (ADW_PREFERENCES_GROUP (group), _("Declarations of interest and dispensations"),
               docket_lookup (r, "declarations"));
      add_row (ADW_PREFERENCES_GROUP (group), _("Votes"), docket_lookup (r, "votes"));
      gtk_box_append (self->records_box, group);
      g_variant_unref (r);
    }
}

typedef struct {
  DocketPublicationWindow *self;
  char                    *path;
} Call;

static void
call_free (Call *call)
{
  g_object_unref (call->self);
  g_free (call->path);
  g_free (call);
}

static void
published (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Call *call = user_data;
  DocketPublicationWindow *self = call->self;
  g_autoptr(GVariant) records = NULL, document = NULL;
  g_autoptr(GError) error = NULL;

  if (!docket_dbus_hearings_call_publish_decisions_finish (DOCKET_DBUS_HEARINGS (source), &records, &document,
                                                           result, &error) ||
      (call->path != NULL &&
       !g_file_set_contents (call->path, g_variant_get_data (document), (gssize) g_variant_get_size (document),
                             &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_free (self->error);
          self->error = docket_ui_error_text (error);
          set_status (self, self->error, TRUE);
        }
      call_free (call);
      return;
    }
  g_clear_pointer (&self->error, g_free);
  if (call->path != NULL)
    {
      g_autofree char *name = g_path_get_basename (call->path);
      g_autofree char *text = g_strdup_printf (_("Saved as %s"), name);
      self->saved = TRUE;
      set_status (self, text, FALSE);
    }
  else
    {
      g_clear_pointer (&self->records, g_variant_unref);
      self->records = g_steal_pointer (&records);
      show_records (self);
    }
  call_free (call);
}

static void
publish (DocketPublicationWindow *self, const char *format, const char *path)
{
  DocketDBusHearings *hearings = docket_client_get_hearings (self->client);
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  Call *call;

  if (hearings == NULL)
    {
      set_status (self, _("Not connected to docketd."), TRUE);
      return;
    }
  call = g_new0 (Call, 1);
  call->self = g_object_ref (self);
  call->path = g_strdup (path);
  g_variant_builder_add (&b, "{sv}", "from", g_variant_new_string (self->shown_from));
  g_variant_builder_add (&b, "{sv}", "to", g_variant_new_string (self->shown_to));
  if (format != NULL)
    g_variant_builder_add (&b, "{sv}", "format", g_variant_new_string (format));
  docket_dbus_hearings_call_publish_decisions (hearings, g_variant_builder_end (&b), self->cancellable,
                                               published, call);
}

void
docket_publication_window_show (DocketPublicationWindow *self,
                                const char              *from,
                                const char              *to)
{
  g_return_if_fail (DOCKET_IS_PUBLICATION_WINDOW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->from), from);
  gtk_editable_set_text (GTK_EDITABLE (self->to), to);
  g_free (self->shown_from);
  g_free (self->shown_to);
  self->shown_from = g_strdup (from);
  self->shown_to = g_strdup (to);
  g_clear_pointer (&self->records, g_variant_unref);
  set_status (self, _("Loading…"), FALSE);
  publish (self, NULL, NULL);
}

void
docket_publication_window_save (DocketPublicationWindow *self,
                                const char              *format,
                                const char              *path)
{
  g_return_if_fail (DOCKET_IS_PUBLICATION_WINDOW (self));

  self->saved = FALSE;
  publish (self, format, path);
}

GVariant *
docket_publication_window_get_records (DocketPublicationWindow *self)
{
  return self->records;
}

const char *
docket_publication_window_get_error (DocketPublicationWindow *self)
{
  return self->error;
}

gboolean
docket_publication_window_saved (DocketPublicationWindow *self)
{
  return self->saved;
}

static void
show_clicked (DocketPublicationWindow *self)
{
  docket_publication_window_show (self, gtk_editable_get_text (GTK_EDITABLE (self->from)),
                                  gtk_editable_get_text (GTK_EDITABLE (self->to)));
}

static void
chosen (GtkNativeDialog *dialog, int response, gpointer user_data)
{
  DocketPublicationWindow *self = user_data;
  const char *format = g_object_get_data (G_OBJECT (dialog), "format");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      if (path != NULL)
        docket_publication_window_save (self, format, path);
    }
  g_object_unref (dialog);
}

static void
save_clicked (GtkButton *button, DocketPublicationWindow *self)
{
  const char *format = g_object_get_data (G_OBJECT (button), "format");
  g_autofree char *name = g_strdup_printf ("decisions-%s-to-%s.%s", self->shown_from, self->shown_to, format);
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Save the Public Record"), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                                              _("_Cancel"));

  g_object_set_data (G_OBJECT (dialog), "format", (gpointer) format);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static GtkWidget *
save_button (DocketPublicationWindow *self, const char *label, const char *format)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  g_object_set_data (G_OBJECT (button), "format", (gpointer) format);
  g_signal_connect (button, "clicked", G_CALLBACK (save_clicked), self);
  return button;
}

/* The first and last days of last month, the usual range to publish. */
static void
last_month (char **from, char **to)
{
  g_autofree char *today = docket_today_text ();
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_parse (&d, today);
  g_date_set_day (&d, 1);
  g_date_subtract_days (&d, 1);
  *to = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d));
  *from = g_strdup_printf ("%04d-%02d-01", g_date_get_year (&d), g_date_get_month (&d));
}

DocketPublicationWindow *
docket_publication_window_new (GtkWindow    *parent,
                               DocketClient *client)
{
  DocketPublicationWindow *self = g_object_new (DOCKET_TYPE_PUBLICATION_WINDOW,
                                                "transient-for", parent, "modal", TRUE,
                                                "default-width", 720, "default-height", 640,
                                                "title", _("Public Record of Decisions"), NULL);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *bar = docket_wrap_box_new ();   /* wraps in a narrow window */
  GtkWidget *from_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *to_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *show = gtk_button_new_with_mnemonic (_("_Show"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *intro = gtk_label_new (_("What may be published of each decision: its date, the decision, the "
                                      "reasons and the alternatives rejected, and the declarations of interest. "
                                      "Details that would identify the driver are withheld."));
  g_autofree char *from = NULL, *to = NULL;

  self->client = g_object_ref (client);
  gtk_box_append (GTK_BOX (content), header);

  self->from = GTK_ENTRY (gtk_entry_new ());
  self->to = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_width_chars (GTK_EDITABLE (self->from), 11);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->to), 11);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->from), GTK_ACCESSIBLE_PROPERTY_LABEL, _("From"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->to), GTK_ACCESSIBLE_PROPERTY_LABEL, _("To"), -1);
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_top (bar, 12);
  gtk_box_append (GTK_BOX (from_box), gtk_label_new (_("From")));
  gtk_box_append (GTK_BOX (from_box), GTK_WIDGET (self->from));
  gtk_box_append (GTK_BOX (to_box), gtk_label_new (_("to")));
  gtk_box_append (GTK_BOX (to_box), GTK_WIDGET (self->to));
  gtk_widget_set_parent (from_box, bar);
  gtk_widget_set_parent (to_box, bar);
  gtk_widget_set_parent (show, bar);
  gtk_widget_set_parent (save_button (self, _("Save _HTML…"), "html"), bar);
  gtk_widget_set_parent (save_button (self, _("Save _CSV…"), "csv"), bar);
  g_signal_connect_swapped (show, "clicked", G_CALLBACK (show_clicked), self);
  g_signal_connect_swapped (self->to, "activate", G_CALLBACK (show_clicked), self);
  gtk_box_append (GTK_BOX (content), bar);

  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_widget_add_css_class (intro, "dim-label");
  gtk_widget_set_margin_start (intro, 12);
  gtk_widget_set_margin_end (intro, 12);
  gtk_widget_set_margin_top (intro, 6);
  gtk_box_append (GTK_BOX (content), intro);
  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status, TRUE);
  gtk_widget_set_margin_top (GTK_WIDGET (self->status), 12);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->status));

  self->records_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 18));
  gtk_widget_set_margin_top (GTK_WIDGET (self->records_box), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->records_box), 24);
  gtk_widget_set_margin_start (GTK_WIDGET (self->records_box), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->records_box), 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->records_box));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (content), scrolled);
  adw_window_set_content (ADW_WINDOW (self), content);

  last_month (&from, &to);
  docket_publication_window_show (self, from, to);
  gtk_widget_grab_focus (GTK_WIDGET (self->from));
  return self;
}
