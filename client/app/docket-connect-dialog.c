/* DocketConnectDialog: Connect to Server…, with the servers used before. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "docket-connect-dialog.h"
#include "docket-servers.h"

struct _DocketConnectDialog
{
  AdwMessageDialog  parent_instance;

  DocketClient     *client;
  GtkEntry         *entry;
  GtkLabel         *message;
};

G_DEFINE_FINAL_TYPE (DocketConnectDialog, docket_connect_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
docket_connect_dialog_dispose (GObject *object)
{
  g_clear_object (&DOCKET_CONNECT_DIALOG (object)->client);
  G_OBJECT_CLASS (docket_connect_dialog_parent_class)->dispose (object);
}

static void
docket_connect_dialog_class_init (DocketConnectDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = docket_connect_dialog_dispose;
}

static void
docket_connect_dialog_init (DocketConnectDialog *self)
{
}

/* "[USER@]HOST": letters, digits and . - _ @ only, not starting with "-". */
static gboolean
valid_host (const char *text)
{
  if (*text == '-' || strlen (text) > 255)
    return FALSE;
  for (const char *c = text; *c; c++)
    if (!g_ascii_isalnum (*c) && strchr (".-_@:", *c) == NULL)
      return FALSE;
  return TRUE;
}

gboolean
docket_connect_dialog_connect (DocketConnectDialog *self,
                               const char          *text)
{
  g_autofree char *host = g_strstrip (g_strdup (text));
  g_autoptr(GError) error = NULL;

  if (*host != '\0' && !valid_host (host))
    {
      g_autofree char *shown = g_strdup_printf (_("“%s” is not a server: give a name such as "
                                                  "jsmith@docket.council.example"), host);
      gtk_label_set_label (self->message, shown);
      gtk_widget_set_visible (GTK_WIDGET (self->message), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
      return FALSE;
    }
  if (*host != '\0' && !docket_servers_remember (host, &error))
    g_warning ("Cannot remember the server %s: %s", host, error->message);
  docket_client_set_host (self->client, *host ? host : NULL);
  return TRUE;
}

static void
on_response (AdwMessageDialog *dialog, const char *response, DocketConnectDialog *self)
{
  if (g_str_equal (response, "connect"))
    docket_connect_dialog_connect (self, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
}

static void
on_changed (GtkEditable *entry, DocketConnectDialog *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "connect",
                                           *text == '\0' || valid_host (text));
}

static void
on_recent (GtkButton *button, DocketConnectDialog *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->entry), gtk_button_get_label (button));
}

GtkEditable *
docket_connect_dialog_get_entry (DocketConnectDialog *self)
{
  return GTK_EDITABLE (self->entry);
}

DocketConnectDialog *
docket_connect_dialog_new (GtkWindow    *parent,
                           DocketClient *client)
{
  DocketConnectDialog *self = g_object_new (DOCKET_TYPE_CONNECT_DIALOG,
      "transient-for", parent,
      "modal", TRUE,
      "heading", _("Connect to Server"),
      "body", _("Docket on another computer is reached over SSH, as your account there. "
                "Leave the name empty for Docket on this computer."),
      NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  g_auto(GStrv) recent = docket_servers_load ();
  const char *host = docket_client_get_host (client);

  self->client = g_object_ref (client);
  self->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->entry, "jsmith@docket.council.example");
  gtk_entry_set_activates_default (self->entry, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), host ? host : (recent[0] ? recent[0] : ""));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Server"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->entry));
  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_xalign (self->message, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->message));
  if (recent[0] != NULL)
    {
      GtkWidget *label = gtk_label_new (_("Used before"));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (GTK_BOX (box), label);
      for (guint i = 0; recent[i]; i++)
        {
          GtkWidget *button = gtk_button_new_with_label (recent[i]);
          gtk_widget_add_css_class (button, "flat");
          g_signal_connect (button, "clicked", G_CALLBACK (on_recent), self);
          gtk_box_append (GTK_BOX (box), button);
        }
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self), "cancel", _("_Cancel"),
                                    "connect", _("C_onnect"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "connect",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "connect");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  g_signal_connect (self, "response", G_CALLBACK (on_response), self);
  g_signal_connect (self->entry, "changed", G_CALLBACK (on_changed), self);
  return self;
}
