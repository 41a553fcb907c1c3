/* DocketRoomDeclarations: the hearing room's form to declare a member's interest in the case. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "docket-room-declarations.h"
#include "docket-wrap-box.h"
#include "docket-ui.h"

struct _DocketRoomDeclarations
{
  AdwBin          parent_instance;

  GPtrArray      *members;      /* user names shown in declare_member */

  GtkDropDown    *declare_member;
  GtkEntry       *declare_entry;
  GtkCheckButton *prejudicial_check;
  GtkLabel       *declare_error;
};

G_DEFINE_FINAL_TYPE (DocketRoomDeclarations, docket_room_declarations, ADW_TYPE_BIN)

guint
docket_room_declarations_show (DocketRoomDeclarations *self, GVariant *panel, const char *me, gboolean manages)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GVariantIter iter;
  GVariant *item;

  g_return_val_if_fail (DOCKET_IS_ROOM_DECLARATIONS (self), 0);

  g_ptr_array_set_size (self->members, 0);
  if (panel)
    {
      g_variant_iter_init (&iter, panel);
      while ((item = g_variant_iter_next_value (&iter)))
        {
          g_autoptr(GVariant) m = item;
          const char *user = docket_lookup (m, "user");
          if (manages || g_strcmp0 (user, me) == 0)
            {
              g_ptr_array_add (self->members, g_strdup (user));
              gtk_string_list_append (labels, user);
            }
        }
    }
  gtk_drop_down_set_model (self->declare_member, G_LIST_MODEL (labels));
  for (guint i = 0; i < self->members->len; i++)
    if (g_strcmp0 (self->members->pdata[i], me) == 0)
      gtk_drop_down_set_selected (self->declare_member, i);
  return self->members->len;
}

gboolean
docket_room_declarations_check (DocketRoomDeclarations *self)
{
  g_autofree char *interest = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->declare_entry))));

  docket_field_set_error (GTK_WIDGET (self->declare_member), self->declare_error, NULL);
  docket_field_set_error (GTK_WIDGET (self->declare_entry), self->declare_error, NULL);
  if (docket_room_declarations_get_member (self) == NULL)
    docket_field_set_error (GTK_WIDGET (self->declare_member), self->declare_error,
                            _("Choose the member who declares the interest"));
  else if (*interest == '\0')
    docket_field_set_error (GTK_WIDGET (self->declare_entry), self->declare_error, _("Say what the interest is"));
  else
    return TRUE;
  return FALSE;
}

void
docket_room_declarations_show_error (DocketRoomDeclarations *self, const char *message)
{
  docket_field_set_error (strstr (message, "member") ? GTK_WIDGET (self->declare_member)
                                                     : GTK_WIDGET (self->declare_entry),
                          self->declare_error, message);
}

const char *
docket_room_declarations_get_member (DocketRoomDeclarations *self)
{
  guint i = gtk_drop_down_get_selected (self->declare_member);

  return i < self->members->len ? self->members->pdata[i] : NULL;
}

const char *
docket_room_declarations_get_interest (DocketRoomDeclarations *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->declare_entry));
}

gboolean
docket_room_declarations_get_prejudicial (DocketRoomDeclarations *self)
{
  return gtk_check_button_get_active (self->prejudicial_check);
}

void
docket_room_declarations_clear (DocketRoomDeclarations *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->declare_entry), "");
}

static void
docket_room_declarations_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DOCKET_TYPE_ROOM_DECLARATIONS);
  G_OBJECT_CLASS (docket_room_declarations_parent_class)->dispose (object);
}

static void
docket_room_declarations_finalize (GObject *object)
{
  g_ptr_array_unref (DOCKET_ROOM_DECLARATIONS (object)->members);
  G_OBJECT_CLASS (docket_room_declarations_parent_class)->finalize (object);
}

static void
docket_room_declarations_class_init (DocketRoomDeclarationsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = docket_room_declarations_dispose;
  object_class->finalize = docket_room_declarations_finalize;
  g_type_ensure (DOCKET_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/docket/Docket/docket-room-declarations.ui");
  gtk_widget_class_bind_template_child (widget_class, DocketRoomDeclarations, declare_member);
  gtk_widget_class_bind_template_child (widget_class, DocketRoomDeclarations, declare_entry);
  gtk_widget_class_bind_template_child (widget_class, DocketRoomDeclarations, prejudicial_check);
  gtk_widget_class_bind_template_child (widget_class, DocketRoomDeclarations, declare_error);
}

static void
docket_room_declarations_init (DocketRoomDeclarations *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->members = g_ptr_array_new_with_free_func (g_free);
}
