/* DocketRoomPanel: the hearing room's panel: each member's presence, declaration, advice and vote. */
#include "config.h"

#include <glib/gi18n.h>

#include "docket-labels.h"
#include "docket-room-panel.h"
#include "docket-ui.h"

struct _DocketRoomPanel
{
  AdwBin      parent_instance;

  GtkListBox *panel_list;
};

G_DEFINE_FINAL_TYPE (DocketRoomPanel, docket_room_panel, ADW_TYPE_BIN)

enum {
  PRESENCE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* "Board member · present", then what the member declared, advised and
 * voted, a line each. */
static char *
member_text (GVariant *m)
{
  GString *sub = g_string_new (docket_label_role (docket_lookup (m, "role")));
  gboolean p;

  g_string_append_printf (sub, " · %s", g_variant_lookup (m, "present", "b", &p)
                          ? (p ? _("present") : _("absent")) : _("presence not recorded"));
  if (docket_lookup (m, "interest"))
    g_string_append_printf (sub, "\n%s %s%s", _("Declared:"), docket_lookup (m, "interest"),
                            docket_lookup_bool (m, "prejudicial") ? _(" (prejudicial: takes no part)") : "");
  else if (docket_lookup_bool (m, "declared"))
    g_string_append_printf (sub, "\n%s", _("Declared an interest"));
  if (docket_lookup (m, "advice"))
    g_string_append_printf (sub, "\n%s %s", _("Advice:"), docket_lookup (m, "advice"));
  else if (docket_lookup_bool (m, "advised"))
    g_string_append_printf (sub, "\n%s", _("Has advised"));
  if (docket_lookup (m, "vote"))
    {
      g_autofree char *until = docket_format_date (docket_lookup (m, "vote-until"));
      g_string_append_printf (sub, "\n%s %s%s%s", _("Vote:"), docket_label_outcome (docket_lookup (m, "vote")),
                              *until ? _(" until ") : "", until);
    }
  return g_string_free (sub, FALSE);
}

static void
on_presence (GtkSwitch *presence, GParamSpec *pspec, DocketRoomPanel *self)
{
  g_signal_emit (self, signals[PRESENCE_CHANGED], 0, g_object_get_data (G_OBJECT (presence), "user"),
                 gtk_switch_get_active (presence));
}

/* Presence, as the officer or the chair records it. */
static void
add_presence_switch (DocketRoomPanel *self, GtkWidget *row, const char *user, gboolean present)
{
  GtkWidget *presence = gtk_switch_new ();
  g_autofree char *label = g_strdup_printf (_("%s is present"), user);

  gtk_widget_set_valign (presence, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (presence), present);
  gtk_accessible_update_property (GTK_ACCESSIBLE (presence), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_tooltip_text (presence, label);
  g_object_set_data_full (G_OBJECT (presence), "user", g_strdup (user), g_free);
  /* Connected once set, so that only a change by the user is recorded. */
  g_signal_connect (presence, "notify::active", G_CALLBACK (on_presence), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), presence);
}

void
docket_room_panel_show (DocketRoomPanel *self, GVariant *panel, const char *me, gboolean manages, gboolean open)
{
  GVariantIter iter;
  GVariant *item;

  g_return_if_fail (DOCKET_IS_ROOM_PANEL (self));

  docket_list_box_clear (self->panel_list);
  if (panel == NULL)
    return;
  g_variant_iter_init (&iter, panel);
  while ((item = g_variant_iter_next_value (&iter)))
    {
      g_autoptr(GVariant) m = item;
      g_autofree char *text = member_text (m);
      const char *user = docket_lookup (m, "user");
      const char *name = docket_lookup (m, "name") ? docket_lookup (m, "name") : user;
      /* People by their names; the user name beside, for the officer. */
      g_autofree char *sub = g_strcmp0 (name, user) != 0 ? g_strdup_printf ("%s · %s", user, text) : g_strdup (text);
      GtkWidget *row = docket_row_add (self->panel_list, name, sub);

      g_object_set_data_full (G_OBJECT (row), "user", g_strdup (user), g_free);
      if (open && (manages || g_strcmp0 (user, me) == 0))
        add_presence_switch (self, row, user, docket_lookup_bool (m, "present"));
    }
}

static void
docket_room_panel_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DOCKET_TYPE_ROOM_PANEL);
  G_OBJECT_CLASS (docket_room_panel_parent_class)->dispose (object);
}

static void
docket_room_panel_class_init (DocketRoomPanelClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = docket_room_panel_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/docket/Docket/docket-room-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DocketRoomPanel, panel_list);

  signals[PRESENCE_CHANGED] = g_signal_new ("presence-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void
docket_room_panel_init (DocketRoomPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
