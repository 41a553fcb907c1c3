/* DocketRoomCaseHeader: the case being heard: driver, case, summary and the driver's history. */
#include "config.h"

#include <glib/gi18n.h>

#include "docket-labels.h"
#include "docket-room-case-header.h"
#include "docket-ui.h"

struct _DocketRoomCaseHeader
{
  AdwBin      parent_instance;

  GtkLabel   *driver_label;
  GtkLabel   *case_label;
  GtkListBox *summary_list;
  GtkWidget  *history_group;
  GtkListBox *history_list;
};

G_DEFINE_FINAL_TYPE (DocketRoomCaseHeader, docket_room_case_header, ADW_TYPE_BIN)

static void
fill_summary (DocketRoomCaseHeader *self, GVariant *c, GVariant *driver, gboolean opened)
{
  g_autofree char *notified = docket_format_date (docket_lookup (c, "notified"));
  g_autoptr(GVariant) pending = driver ? g_variant_lookup_value (driver, "pending", G_VARIANT_TYPE ("aa{sv}")) : NULL;
  GVariantIter iter;
  GVariant *item;

  docket_list_box_clear (self->summary_list);
  if (!opened)
    docket_property_add (self->summary_list, _("Grounds and report"),
                         _("Choose the case to read them: the reading is recorded in the audit log"));
  else
    {
      docket_property_add (self->summary_list, _("Grounds"), docket_lookup (c, "grounds") ? docket_lookup (c, "grounds")
                                                                                         : _("Hidden from your role"));
      docket_property_add (self->summary_list, _("Officer's report"),
                           docket_lookup (c, "report") ? docket_lookup (c, "report") : _("None"));
    }
  {
    GtkWidget *row = docket_property_add (self->summary_list, _("Driver told of the hearing"),
                                          *notified ? notified : _("Not recorded"));
    /* A short notice stays in view on the case, not only in the toast
     * when it was listed. */
    if (docket_lookup (c, "notice-short") != NULL)
      {
        g_autofree char *why = g_strdup (docket_lookup (c, "notice-short"));
        *why = g_ascii_toupper (*why);
        if (ADW_IS_ACTION_ROW (row))
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), why);
        gtk_widget_add_css_class (row, "warning");
        adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      }
  }
  docket_property_add (self->summary_list, _("Attendance"), docket_lookup (c, "attendance")
                       ? docket_label_attendance (docket_lookup (c, "attendance")) : _("Not recorded"));
  if (docket_lookup_id (c, "relisted-from"))
    docket_property_add (self->summary_list, _("Relisted"), _("Deferred from an earlier hearing"));
  if (pending == NULL)
    return;
  g_variant_iter_init (&iter, pending);
  while ((item = g_variant_iter_next_value (&iter)))
    {
      g_autoptr(GVariant) p = item;
      docket_property_add (self->summary_list, _("Pending"), docket_lookup (p, "text"));
    }
}

/* The driver's other cases, each with its hearing day and outcome. */
static void
fill_history (DocketRoomCaseHeader *self, GVariant *driver, gint64 case_id)
{
  g_autoptr(GVariant) cases = driver ? g_variant_lookup_value (driver, "cases", G_VARIANT_TYPE ("aa{sv}")) : NULL;
  GVariantIter iter;
  GVariant *item;
  guint history = 0;

  docket_list_box_clear (self->history_list);
  if (cases)
    {
      g_variant_iter_init (&iter, cases);
      while ((item = g_variant_iter_next_value (&iter)))
        {
          g_autoptr(GVariant) h = item;
          g_autofree char *date = NULL, *title = NULL;
          const char *o = docket_lookup (h, "outcome");
          if (docket_lookup_id (h, "id") == case_id)
            continue;
          date = docket_format_date (docket_lookup (h, "hearing-date"));
          title = g_strdup_printf ("%s: %s", date, docket_label_outcome (g_strcmp0 (o, "pending") ? o : NULL));
          docket_row_add (self->history_list, title, docket_label_case_kind (docket_lookup (h, "kind")));
          history++;
        }
    }
  gtk_widget_set_visible (self->history_group, history > 0);
}

void
docket_room_case_header_show (DocketRoomCaseHeader *self, GVariant *record, GVariant *driver, gint64 case_id,
                              gboolean opened)
{
  const char *outcome = docket_lookup (record, "outcome");
  g_autofree char *case_text = NULL;

  g_return_if_fail (DOCKET_IS_ROOM_CASE_HEADER (self));

  gtk_label_set_label (self->driver_label, docket_lookup (record, "name"));
  case_text = g_strdup_printf ("%s · %s · %s · %s", docket_lookup (record, "licence"),
                               docket_label_status (docket_lookup (record, "licence-status")),
                               docket_label_case_kind (docket_lookup (record, "kind")),
                               docket_label_outcome (g_strcmp0 (outcome, "pending") == 0 ? NULL : outcome));
  gtk_label_set_label (self->case_label, case_text);
  fill_summary (self, record, driver, opened);
  fill_history (self, driver, case_id);
}

static void
docket_room_case_header_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DOCKET_TYPE_ROOM_CASE_HEADER);
  G_OBJECT_CLASS (docket_room_case_header_parent_class)->dispose (object);
}

static void
docket_room_case_header_class_init (DocketRoomCaseHeaderClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = docket_room_case_header_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/docket/Docket/docket-room-case-header.ui");
  gtk_widget_class_bind_template_child (widget_class, DocketRoomCaseHeader, driver_label);
  gtk_widget_class_bind_template_child (widget_class, DocketRoomCaseHeader, case_label);
  gtk_widget_class_bind_template_child (widget_class, DocketRoomCaseHeader, summary_list);
  gtk_widget_class_bind_template_child (widget_class, DocketRoomCaseHeader, history_group);
  gtk_widget_class_bind_template_child (widget_class, DocketRoomCaseHeader, history_list);
}

static void
docket_room_case_header_init (DocketRoomCaseHeader *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
