/* DocketAuditView: Audit.List a page at a time, newest first, and
 * Audit.Verify with its verdict shown above the entries. */
#include "config.h"

#include <glib/gi18n.h>

#include "docket-audit-view.h"
#include "docket-labels.h"
#include "docket-ui.h"
#include "docket-window.h"

#define AUDIT_PAGE 100

struct _DocketAuditView
{
  AdwBin        parent_instance;

  DocketClient *client;
  GCancellable *cancellable;
  gint64        oldest;
  gint64        newest;      /* the newest entry shown, followed live */
  gboolean      following;   /* an Audit.List for newer entries in flight */
  guint         count;
  char         *verdict;

  GtkEntry     *user_entry;
  GtkEntry     *action_entry;
  GtkEntry     *object_entry;
  GtkLabel     *verdict_label;
  GtkListBox   *entries;
  GtkWidget    *more_button;
};

G_DEFINE_FINAL_TYPE (DocketAuditView, docket_audit_view, ADW_TYPE_BIN)

static gboolean
allowed (DocketAuditView *self)
{
  return docket_client_has_any (self->client, DOCKET_ROLE_MASK (AUDITOR) | DOCKET_ROLE_MASK (ADMIN));
}

static GtkWidget *
entry_row (GVariant *e)
{
  g_autofree char *when = docket_format_time (docket_lookup (e, "time"));
  g_autofree char *summary = docket_format_dates_in (docket_lookup (e, "summary"));
  g_autofree char *title = g_strdup_printf ("%s · %s · %s", docket_lookup (e, "action"),
                                            docket_lookup (e, "object") ? docket_lookup (e, "object") : "",
                                            summary ? summary : "");
  g_autofree char *seq_s = g_strdup_printf ("%" G_GINT64_FORMAT, docket_lookup_id (e, "seq"));
  g_autofree char *sub = g_strdup_printf (_("Entry %s · %s · %s"), seq_s, when, docket_lookup (e, "user"));

  return docket_row_add (NULL, title, sub);
}

/* Newer entries than those shown, put at the top as they come. */
static void
newer_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DocketAuditView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) entries = NULL;
  gint64 newest;
  int at = 0;

  if (!docket_dbus_audit_call_list_finish (DOCKET_DBUS_AUDIT (source), &entries, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        self->following = FALSE;
      return;  /* the next entry tries again */
    }
  self->following = FALSE;
  newest = self->newest;
  for (gsize i = 0; i < g_variant_n_children (entries); i++)
    {
      g_autoptr(GVariant) e = g_variant_get_child_value (entries, i);
      gint64 seq = docket_lookup_id (e, "seq");

      if (seq <= newest)
        break;
      gtk_list_box_insert (self->entries, entry_row (e), at++);
      self->newest = MAX (self->newest, seq);
      self->count++;
    }
}

static void
list_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DocketAuditView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) entries = NULL;
  GVariantIter iter;
  GVariant *item;
  guint n = 0;

  if (!docket_dbus_audit_call_list_finish (DOCKET_DBUS_AUDIT (source), &entries, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;  /* the widget may be gone */
      docket_toast_error (GTK_WIDGET (self), _("Could not read the audit log"), error);
      return;
    }
  g_variant_iter_init (&iter, entries);
  while ((item = g_variant_iter_next_value (&iter)))
    {
      g_autoptr(GVariant) e = item;
      gint64 seq = docket_lookup_id (e, "seq");

      gtk_list_box_append (self->entries, entry_row (e));
      self->oldest = seq;
      self->newest = MAX (self->newest, seq);
      n++;
    }
  self->count += n;
  gtk_widget_set_visible (self->more_button, n == AUDIT_PAGE && self->oldest > 1);
  if (self->count == 0)
    docket_row_add (self->entries, _("No entries match"), NULL);
}

static void
fetch (DocketAuditView *self, gboolean older)
{
  DocketDBusAudit *audit = docket_client_get_audit (self->client);
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  if (!older)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      docket_list_box_clear (self->entries);
      self->count = 0;
      self->oldest = 0;
      self->newest = 0;
      self->following = FALSE;
    }
  if (audit == NULL || !allowed (self))
    return;
  g_variant_builder_add (&b, "{sv}", "limit", g_variant_new_uint32 (AUDIT_PAGE));
  if (older && self->oldest > 0)
    g_variant_builder_add (&b, "{sv}", "before", g_variant_new_int64 (self->oldest));
  docket_builder_add (&b, "user", gtk_editable_get_text (GTK_EDITABLE (self->user_entry)));
  docket_builder_add (&b, "action", gtk_editable_get_text (GTK_EDITABLE (self->action_entry)));
  docket_builder_add (&b, "object", gtk_editable_get_text (GTK_EDITABLE (self->object_entry)));
  docket_dbus_audit_call_list (audit, g_variant_builder_end (&b), self->cancellable, list_cb, self);
}

/* The log grew: the view follows it with the same filters. */
static void
on_audit_appended (DocketClient *client, gint64 head, DocketAuditView *self)
{
  DocketDBusAudit *audit = docket_client_get_audit (self->client);
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  if (audit == NULL || !allowed (self) || head <= self->newest || self->following)
    return;
  if (self->count == 0)
    {
      fetch (self, FALSE);   /* "No entries match" gives way to them */
      return;
    }
  self->following = TRUE;
  g_variant_builder_add (&b, "{sv}", "limit", g_variant_new_uint32 (AUDIT_PAGE));
  docket_builder_add (&b, "user", gtk_editable_get_text (GTK_EDITABLE (self->user_entry)));
  docket_builder_add (&b, "action", gtk_editable_get_text (GTK_EDITABLE (self->action_entry)));
  docket_builder_add (&b, "object", gtk_editable_get_text (GTK_EDITABLE (self->object_entry)));
  docket_dbus_audit_call_list (audit, g_variant_builder_end (&b), self->cancellable, newer_cb, self);
}

static void
on_filter_activate (DocketAuditView *self)
{
  fetch (self, FALSE);
}

static void
filter_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  fetch (DOCKET_AUDIT_VIEW (widget), FALSE);
}

static void
more_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  fetch (DOCKET_AUDIT_VIEW (widget), TRUE);
}

static void
verify_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DocketAuditView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL, *head_hash = NULL;
  gboolean ok = FALSE;
  gint64 first_broken = 0, head_seq = 0;

  if (!docket_dbus_audit_call_verify_finish (DOCKET_DBUS_AUDIT (source), &ok, &first_broken, &message,
                                             &head_seq, &head_hash, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;  /* the widget may be gone */
      docket_toast_error (GTK_WIDGET (self), _("Could not verify the audit log"), error);
      return;
    }
  g_free (self->verdict);
  if (ok)
    {
      g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, head_seq);
      self->verdict = g_strdup_printf (_("The audit log is intact: %s entries, head %s. Keep this head "
                                         "outside the database to detect a cut tail."), n, head_hash);
    }
  else
    {
      g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, first_broken);
      self->verdict = g_strdup_printf (_("The audit log is broken at entry %s: %s"), n, message);
    }
  gtk_label_set_label (self->verdict_label, self->verdict);
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), ok ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), ok ? "success" : "error");
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_label), TRUE);
  docket_toast (GTK_WIDGET (self), ok ? _("The audit log is intact") : _("The audit log is broken"));
}

static void
verify_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketAuditView *self = DOCKET_AUDIT_VIEW (widget);
  DocketDBusAudit *audit = docket_client_get_audit (self->client);

  if (audit)
    docket_dbus_audit_call_verify (audit, self->cancellable, verify_cb, self);
}

static void
on_client_notify (DocketClient *client, GParamSpec *pspec, DocketAuditView *self)
{
  if (g_str_equal (pspec->name, "connected") || g_str_equal (pspec->name, "roles"))
    fetch (self, FALSE);
}

static void
docket_audit_view_dispose (GObject *object)
{
  DocketAuditView *self = DOCKET_AUDIT_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->client)
    g_signal_handlers_disconnect_by_data (self->client, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOCKET_TYPE_AUDIT_VIEW);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (docket_audit_view_parent_class)->dispose (object);
}

static void
docket_audit_view_finalize (GObject *object)
{
  g_free (DOCKET_AUDIT_VIEW (object)->verdict);
  G_OBJECT_CLASS (docket_audit_view_parent_class)->finalize (object);
}

static void
docket_audit_view_class_init (DocketAuditViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = docket_audit_view_dispose;
  object_class->finalize = docket_audit_view_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/docket/Docket/docket-audit-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DocketAuditView, user_entry);
  gtk_widget_class_bind_template_child (widget_class, DocketAuditView, action_entry);
  gtk_widget_class_bind_template_child (widget_class, DocketAuditView, object_entry);
  gtk_widget_class_bind_template_child (widget_class, DocketAuditView, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, DocketAuditView, entries);
  gtk_widget_class_bind_template_child (widget_class, DocketAuditView, more_button);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_activate);
  gtk_widget_class_install_action (widget_class, "audit.filter", NULL, filter_action);
  gtk_widget_class_install_action (widget_class, "audit.more", NULL, more_action);
  gtk_widget_class_install_action (widget_class, "audit.verify", NULL, verify_action);
}

static void
docket_audit_view_init (DocketAuditView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

void
docket_audit_view_set_client (DocketAuditView *self, DocketClient *client)
{
  g_set_object (&self->client, client);
  g_signal_connect (client, "notify", G_CALLBACK (on_client_notify), self);
  g_signal_connect (client, "audit-appended", G_CALLBACK (on_audit_appended), self);
  fetch (self, FALSE);
}

void
docket_audit_view_reload (DocketAuditView *self)
{
  fetch (self, FALSE);
}

guint
docket_audit_view_get_count (DocketAuditView *self)
{
  return self->count;
}

const char *
docket_audit_view_get_verdict (DocketAuditView *self)
{
  return self->verdict;
}

gpointer
docket_audit_view_get_widget (DocketAuditView *self, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (self), DOCKET_TYPE_AUDIT_VIEW, name);
}
