/* DocketRoomRecordedDecision: the decision recorded, its effects and appeal; the statement. */
#include "config.h"

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "docket-labels.h"
#include "docket-room-recorded-decision.h"
#include "docket-wrap-box.h"
#include "docket-ui.h"
#include "docket-window.h"

struct _DocketRoomRecordedDecision
{
  AdwBin        parent_instance;

  DocketClient *client;
  GCancellable *cancellable;
  gint64        case_id;
  char         *licence;

  GtkWidget    *decided_group;
  GtkListBox   *decided_list;
  GtkWidget    *statement_window;   /* the statement shown, while it is */
};

G_DEFINE_FINAL_TYPE (DocketRoomRecordedDecision, docket_room_recorded_decision, ADW_TYPE_BIN)

void
docket_room_recorded_decision_show (DocketRoomRecordedDecision *self, GVariant *record, gint64 case_id)
{
  g_autoptr(GVariant) decisions = g_variant_lookup_value (record, "decisions", G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(GVariant) effects = g_variant_lookup_value (record, "effects", G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(GVariant) appeal = g_variant_lookup_value (record, "appeal", G_VARIANT_TYPE_VARDICT);
  gsize n = decisions ? g_variant_n_children (decisions) : 0;
  GVariantIter iter;
  GVariant *item;

  g_return_if_fail (DOCKET_IS_ROOM_RECORDED_DECISION (self));

  self->case_id = case_id;
  g_free (self->licence);
  self->licence = g_strdup (docket_lookup (record, "licence"));
  docket_list_box_clear (self->decided_list);
  gtk_widget_set_visible (self->decided_group, n > 0);
  /* Hidden as a whole too, so that the room's column leaves no gap. */
  gtk_widget_set_visible (GTK_WIDGET (self), n > 0);
  if (n == 0)
    return;
  {
    g_autoptr(GVariant) d = g_variant_get_child_value (decisions, n - 1);
    g_autofree char *decided = docket_format_date (docket_lookup (d, "decided"));
    g_autofree char *recorded = docket_format_time (docket_lookup (d, "recorded"));
    g_autofree char *version = g_strdup_printf (_("Version %u, recorded by %s on %s"), docket_lookup_uint (d, "version"),
                                                docket_lookup (d, "recorded-by"), recorded);
    docket_property_add (self->decided_list, _("Outcome"), docket_label_outcome (docket_lookup (d, "outcome")));
    docket_property_add (self->decided_list, _("Decided"), decided);
    if (docket_lookup (d, "until"))
      {
        g_autofree char *until = docket_format_date (docket_lookup (d, "until"));
        docket_property_add (self->decided_list, _("Suspended until"), until);
      }
    if (docket_lookup_bool (d, "immediate"))
      docket_property_add (self->decided_list, _("Immediate effect"), docket_lookup (d, "justification"));
    if (docket_lookup (d, "concern"))
      {
        const char *concern = docket_label_concern (docket_lookup (d, "concern"));
        /* Translators: the offence or concern docketd worked out for a decision that did not state one. */
        g_autofree char *text = docket_lookup_bool (d, "concern-stated")
                                ? g_strdup (concern) : g_strdup_printf (_("%s (worked out from the record)"), concern);
        docket_property_add (self->decided_list, _("Offence or concern"), text);
      }
    if (docket_lookup (d, "reasons"))
      docket_property_add (self->decided_list, _("Reasons"), docket_lookup (d, "reasons"));
    if (docket_lookup (d, "alternatives"))
      docket_property_add (self->decided_list, _("Alternatives"), docket_lookup (d, "alternatives"));
    if (docket_lookup (d, "tally"))
      docket_property_add (self->decided_list, _("Votes"), docket_lookup (d, "tally"));
    if (docket_lookup (d, "correction"))
      docket_property_add (self->decided_list, _("Correction"), docket_lookup (d, "correction"));
    docket_row_add (self->decided_list, version, NULL);
  }
  if (effects)
    {
      g_variant_iter_init (&iter, effects);
      while ((item = g_variant_iter_next_value (&iter)))
        {
          g_autoptr(GVariant) e = item;
          g_autofree char *text = docket_format_dates_in (docket_lookup (e, "text"));
          docket_row_add (self->decided_list, text, docket_lookup (e, "note"));
        }
    }
  if (appeal && docket_lookup (appeal, "lodged"))
    {
      g_autofree char *lodged = docket_format_date (docket_lookup (appeal, "lodged"));
      g_autofree char *text = g_strdup_printf (_("Appeal lodged on %s%s: %s"), lodged,
                                               docket_lookup_bool (appeal, "late") ? _(" (late)") : "",
                                               docket_label_appeal_result (docket_lookup (appeal, "result")));
      docket_row_add (self->decided_list, text, docket_lookup (appeal, "court"));
    }
  if (appeal && docket_lookup (appeal, "crown-lodged"))
    {
      g_autofree char *lodged = docket_format_date (docket_lookup (appeal, "crown-lodged"));
      g_autofree char *text = g_strdup_printf (_("Appeal to the Crown Court lodged on %s%s: %s"), lodged,
                                               docket_lookup_bool (appeal, "crown-late") ? _(" (late)") : "",
                                               docket_label_appeal_result (docket_lookup (appeal, "crown-result")));
      docket_row_add (self->decided_list, text, docket_lookup (appeal, "crown-court"));
    }
}

typedef enum {
  NOTICE_SHOW,
  NOTICE_SAVE,
  NOTICE_PRINT,
} NoticeUse;

/* One GetNotice call and what to do with its document. */
typedef struct {
  DocketRoomRecordedDecision *self;
  NoticeUse                   use;
  char                       *path;
} Notice;

static void
draw_page (GtkPrintOperation *op, GtkPrintContext *context, int page, gpointer user_data)
{
  PangoLayout *layout = user_data;
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  int lines_per_page = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (op), "lines-per-page"));
  int first = page * lines_per_page;
  double y = 0;

  for (int i = first; i < first + lines_per_page && i < pango_layout_get_line_count (layout); i++)
    {
      PangoLayoutLine *line = pango_layout_get_line_readonly (layout, i);
      PangoRectangle logical;
      pango_layout_line_get_pixel_extents (line, NULL, &logical);
      cairo_move_to (cr, 0, y - logical.y);
      pango_cairo_show_layout_line (cr, line);
      y += logical.height;
    }
}

static void
begin_print (GtkPrintOperation *op, GtkPrintContext *context, gpointer user_data)
{
  PangoLayout *layout = user_data;
  double width = gtk_print_context_get_width (context), height = gtk_print_context_get_height (context);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 10");
  int line_height, lines_per_page;
  PangoRectangle logical;

  pango_cairo_update_context (gtk_print_context_get_cairo_context (context), pango_layout_get_context (layout));
  pango_layout_context_changed (layout);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_font_description_free (font);
  pango_layout_line_get_pixel_extents (pango_layout_get_line_readonly (layout, 0), NULL, &logical);
  line_height = MAX (1, logical.height);
  lines_per_page = MAX (1, (int) (height / line_height));
  g_object_set_data (G_OBJECT (op), "lines-per-page", GINT_TO_POINTER (lines_per_page));
  gtk_print_operation_set_n_pages (op, (pango_layout_get_line_count (layout) + lines_per_page - 1) / lines_per_page);
}

static void
print_text (DocketRoomRecordedDecision *self, const char *text)
{
  g_autoptr(GtkPrintOperation) op = gtk_print_operation_new ();
  PangoContext *context = gtk_widget_create_pango_context (GTK_WIDGET (self));
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(GError) error = NULL;

  pango_layout_set_text (layout, text, -1);
  gtk_print_operation_set_job_name (op, _("Statement of decision"));
  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  g_signal_connect (op, "begin-print", G_CALLBACK (begin_print), layout);
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_page), layout);
  if (gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    docket_toast_error (GTK_WIDGET (self), _("Could not print"), error);
  g_object_unref (layout);
  g_object_unref (context);
}

/* The statement as a document: its title large, each heading bold, the
 * text in the reading font, dates as the client shows them. The text form
 * docketd writes: the title, an underline, then blocks, each heading after
 * a blank line with its text below it. */
static void
fill_statement (GtkTextBuffer *buffer, const char *text)
{
  g_autofree char *shown = docket_format_dates_in (text);
  g_auto(GStrv) lines = g_strsplit (shown, "\n", -1);
  GtkTextTag *title = gtk_text_buffer_create_tag (buffer, "title", "weight", PANGO_WEIGHT_BOLD,
                                                  "scale", 1.6, "pixels-below-lines", 12, NULL);
  GtkTextTag *heading = gtk_text_buffer_create_tag (buffer, "heading", "weight", PANGO_WEIGHT_BOLD,
                                                    "scale", 1.15, "pixels-above-lines", 14,
                                                    "pixels-below-lines", 4, NULL);
  GtkTextTag *body = gtk_text_buffer_create_tag (buffer, "body", "pixels-below-lines", 2, NULL);
  GtkTextIter end;
  gboolean after_blank = FALSE;

  for (guint i = 0; lines[i]; i++)
    {
      const char *line = lines[i];
      GtkTextTag *tag = i == 0 ? title : after_blank ? heading : body;

      if (i == 1 && g_str_has_prefix (line, "==="))
        continue;
      if (*line == '\0')
        {
          after_blank = TRUE;
          continue;
        }
      after_blank = FALSE;
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert_with_tags (buffer, &end, line, -1, tag, NULL);
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert (buffer, &end, "\n", -1);
    }
}

static void
show_text (DocketRoomRecordedDecision *self, const char *text)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *clamp = adw_clamp_new ();

  gtk_window_set_title (GTK_WINDOW (window), _("Statement of Decision"));
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 760);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  fill_statement (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 24);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 24);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 24);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 24);
  gtk_widget_add_css_class (view, "statement");
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 760);
  adw_clamp_set_child (ADW_CLAMP (clamp), view);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (window), box);
  if (self->statement_window)
    g_object_remove_weak_pointer (G_OBJECT (self->statement_window), (gpointer *) &self->statement_window);
  self->statement_window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->statement_window);
  gtk_window_present (GTK_WINDOW (window));
}

static void
notice_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Notice *n = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) document = NULL;

  if (!docket_dbus_hearings_call_get_notice_finish (DOCKET_DBUS_HEARINGS (source), &document, result, &error))
    docket_toast_error (GTK_WIDGET (n->self), _("Could not make the statement"), error);
  else
    {
      gsize len = 0;
      const char *data = g_variant_get_fixed_array (document, &len, 1);
      g_autofree char *text = g_strndup (data, len);

      if (n->use == NOTICE_SAVE)
        {
          if (!g_file_set_contents_full (n->path, data, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
            docket_toast_error (GTK_WIDGET (n->self), _("Could not save the statement"), error);
          else
            {
              g_autofree char *msg = g_strdup_printf (_("Saved %s"), n->path);
              docket_toast (GTK_WIDGET (n->self), msg);
            }
        }
      else if (n->use == NOTICE_PRINT)
        print_text (n->self, text);
      else
        show_text (n->self, text);
    }
  g_object_unref (n->self);
  g_free (n->path);
  g_free (n);
}

static void
get_notice (DocketRoomRecordedDecision *self, NoticeUse use, const char *path)
{
  DocketDBusHearings *hearings = self->client ? docket_client_get_hearings (self->client) : NULL;
  Notice *n;

  if (hearings == NULL || self->case_id <= 0)
    return;
  n = g_new0 (Notice, 1);
  n->self = g_object_ref (self);
  n->use = use;
  n->path = g_strdup (path);
  docket_dbus_hearings_call_get_notice (hearings, self->case_id, use == NOTICE_SAVE ? "pdf" : "text",
                                        self->cancellable, notice_cb, n);
}

void
docket_room_recorded_decision_show_statement (DocketRoomRecordedDecision *self)
{
  get_notice (self, NOTICE_SHOW, NULL);
}

void
docket_room_recorded_decision_print_statement (DocketRoomRecordedDecision *self)
{
  get_notice (self, NOTICE_PRINT, NULL);
}

void
docket_room_recorded_decision_save_statement_to (DocketRoomRecordedDecision *self, const char *path)
{
  get_notice (self, NOTICE_SAVE, path);
}

static void
on_pdf_response (GtkNativeDialog *dialog, int response, DocketRoomRecordedDecision *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      if (path)
        get_notice (self, NOTICE_SAVE, path);
    }
  g_object_unref (dialog);
}

void
docket_room_recorded_decision_save_statement (DocketRoomRecordedDecision *self)
{
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Save the Statement as PDF"),
                                                              GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  g_autofree char *name = g_strdup_printf ("statement-%s-case-%" G_GINT64_FORMAT ".pdf", self->licence,
                                           self->case_id);

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (on_pdf_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

void
docket_room_recorded_decision_set_client (DocketRoomRecordedDecision *self, DocketClient *client)
{
  g_set_object (&self->client, client);
}

static void
docket_room_recorded_decision_dispose (GObject *object)
{
  DocketRoomRecordedDecision *self = DOCKET_ROOM_RECORDED_DECISION (object);

  if (self->statement_window)
    g_object_remove_weak_pointer (G_OBJECT (self->statement_window), (gpointer *) &self->statement_window);
  self->statement_window = NULL;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* decided_group is both the bin's child and a bound template child:
   * the bin lets go of it first, so that it is unparented once. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOCKET_TYPE_ROOM_RECORDED_DECISION);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (docket_room_recorded_decision_parent_class)->dispose (object);
}

static void
docket_room_recorded_decision_finalize (GObject *object)
{
  g_free (DOCKET_ROOM_RECORDED_DECISION (object)->licence);
  G_OBJECT_CLASS (docket_room_recorded_decision_parent_class)->finalize (object);
}

static void
docket_room_recorded_decision_class_init (DocketRoomRecordedDecisionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = docket_room_recorded_decision_dispose;
  object_class->finalize = docket_room_recorded_decision_finalize;
  g_type_ensure (DOCKET_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/docket/Docket/docket-room-recorded-decision.ui");
  gtk_widget_class_bind_template_child (widget_class, DocketRoomRecordedDecision, decided_group);
  gtk_widget_class_bind_template_child (widget_class, DocketRoomRecordedDecision, decided_list);
}

static void
docket_room_recorded_decision_init (DocketRoomRecordedDecision *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
docket_room_recorded_decision_get_statement_window (DocketRoomRecordedDecision *self)
{
  return self->statement_window;
}
