/* DocketDriversView: a GtkColumnView over DocketDriverList. Sorting is
 * done by docketd: when the column view's sorter changes, the column and
 * direction it asks for are found by comparing probe rows, and the list is
 * asked again in that order. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "docket-driver-editor.h"
#include "docket-driver-page.h"
#include "docket-drivers-view.h"
#include "docket-labels.h"
#include "docket-window.h"

struct _DocketDriversView
{
  AdwBin            parent_instance;

  DocketClient     *client;
  DocketDriverList *list;

  AdwLeaflet       *leaflet;
  GtkWidget        *list_pane;
  GtkWidget        *page_pane;
  GtkSearchEntry   *search_entry;
  GtkDropDown      *status_filter;
  GtkDropDown      *kind_filter;
  GtkToggleButton  *expiring_toggle;
  GtkLabel         *count_label;
  GtkStack         *list_stack;
  GtkColumnView    *column_view;
  GtkButton        *new_button;
  DocketDriverPage *driver_page;
  GtkColumnViewColumn *licence_column;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *kind_column;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *badge_column;
  GtkColumnViewColumn *expires_column;
  gboolean             narrow;
  guint                narrow_idle;
};

G_DEFINE_FINAL_TYPE (DocketDriversView, docket_drivers_view, ADW_TYPE_BIN)

/* Index 0 of each filter is "any". */
static const char * const status_values[] = {
  NULL, "applicant", "active", "suspended", "revoked", "refused", "surrendered", "expired",
};
static const char * const kind_values[] = { NULL, "hackney", "private-hire", "dual" };

/* Cells ------------------------------------------------------------------------ */

typedef enum {
  CELL_TEXT,
  CELL_STATUS,
  CELL_KIND,
  CELL_DATE,
} CellType;

static gboolean
transform_cell (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  CellType type = GPOINTER_TO_INT (user_data);
  const char *s = g_value_get_string (from);

  switch (type)
    {
    case CELL_STATUS:
      g_value_set_string (to, docket_label_status (s));
      break;
    case CELL_KIND:
      g_value_set_string (to, docket_label_kind (s));
      break;
    case CELL_DATE:
      g_value_take_string (to, docket_format_date (s));
      break;
    default:
      g_value_set_string (to, s ? s : "");
    }
  return TRUE;
}

static void
cell_setup (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
cell_bind (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  const char *property = g_object_get_data (G_OBJECT (factory), "property");
  GtkWidget *label = gtk_list_item_get_child (item);
  GBinding *binding = g_object_bind_property_full (gtk_list_item_get_item (item), property, label, "label",
                                                   G_BINDING_SYNC_CREATE, transform_cell, NULL,
                                                   user_data, NULL);

  g_object_set_data (G_OBJECT (label), "binding", binding);
}

static void
cell_unbind (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  GBinding *binding = g_object_steal_data (G_OBJECT (label), "binding");

  if (binding)
    g_binding_unbind (binding);
}

static void
set_factory (GtkColumnViewColumn *column, const char *property, CellType type)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "property", (gpointer) property);
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind), GINT_TO_POINTER (type));
  g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind), NULL);
  gtk_column_view_column_set_factory (column, factory);
  g_object_unref (factory);
}

/* Sorting ------------------------------------------------------------------------ */

/* A row with every sort key "m" except @k1 = @v1 and @k2 = @v2. */
static DocketDriverRow *
probe_row (const char *k1, const char *v1, const char *k2, const char *v2)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  for (guint i = 0; docket_driver_sort_keys[i]; i++)
    {
      const char *key = docket_driver_sort_keys[i];
      const char *value = g_strcmp0 (key, k1) == 0 ? v1 : g_strcmp0 (key, k2) == 0 ? v2 : "m";
      g_variant_builder_add (&b, "{sv}", key, g_variant_new_string (value));
    }
  return docket_driver_row_new (g_variant_builder_end (&b));
}

static GtkOrdering
probe (GtkSorter *sorter, const char *k1, const char *a1, const char *b1,
       const char *k2, const char *a2, const char *b2)
{
  g_autoptr(DocketDriverRow) a = probe_row (k1, a1, k2, a2);
  g_autoptr(DocketDriverRow) b = probe_row (k1, b1, k2, b2);

  return gtk_sorter_compare (sorter, a, b);
}

/* The column the view sorts by first, and its direction, found by asking
 * the view's sorter to compare rows that differ in one or two keys: key i
 * comes before key j when the order of i decides whichever way j goes. */
static const char *
primary_sort (GtkSorter *sorter, gboolean *descending)
{
  const char *active[8];
  guint n = 0;

  for (guint i = 0; docket_driver_sort_keys[i]; i++)
    if (probe (sorter, docket_driver_sort_keys[i], "a", "b", NULL, NULL, NULL) != GTK_ORDERING_EQUAL)
      active[n++] = docket_driver_sort_keys[i];
  for (guint i = 0; i < n; i++)
    {
      gboolean first = TRUE;
      for (guint j = 0; j < n && first; j++)
        if (i != j)
          first = probe (sorter, active[i], "a", "b", active[j], "b", "a") ==
                  probe (sorter, active[i], "a", "b", active[j], "a", "b");
      if (first)
        {
          *descending = probe (sorter, active[i], "a", "b", NULL, NULL, NULL) == GTK_ORDERING_LARGER;
          return active[i];
        }
    }
  *descending = FALSE;
  return NULL;
}

static void
on_sorter_changed (GtkSorter *sorter, GtkSorterChange change, DocketDriversView *self)
{
  gboolean descending = FALSE;
  const char *key;

  if (self->list == NULL)
    return;
  key = primary_sort (sorter, &descending);

  docket_driver_list_set_sort (self->list, key, descending);
}

/* Filters and search --------------------------------------------------------------- */

static void
apply_filter (DocketDriversView *self)
{
  guint status = gtk_drop_down_get_selected (self->status_filter);
  guint kind = gtk_drop_down_get_selected (self->kind_filter);
  g_autofree char *from = NULL, *to = NULL;

  if (gtk_toggle_button_get_active (self->expiring_toggle))
    {
      /* From today (docketd's today, which tests may set) for 60 days. */
      g_autoptr(GDate) d = g_date_new ();
      char buf[16];
      from = docket_today_text ();
      g_date_set_parse (d, from);
      if (g_date_valid (d))
        {
          g_date_add_days (d, 60);
          g_snprintf (buf, sizeof buf, "%04u-%02u-%02u", g_date_get_year (d), g_date_get_month (d),
                      g_date_get_day (d));
          to = g_strdup (buf);
        }
    }
  docket_driver_list_set_filter (self->list,
                                 status < G_N_ELEMENTS (status_values) ? status_values[status] : NULL,
                                 kind < G_N_ELEMENTS (kind_values) ? kind_values[kind] : NULL,
                                 from, to);
}

static void
on_filter_changed (DocketDriversView *self)
{
  if (self->list)
    apply_filter (self);
}

static void
on_search_changed (DocketDriversView *self)
{
  if (self->list)
    docket_driver_list_set_search (self->list, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
update_count (DocketDriversView *self)
{
  guint total = docket_driver_list_get_total (self->list);
  g_autofree char *text = NULL;

  if (docket_driver_list_get_busy (self->list) && total == 0)
    text = g_strdup (_("Loading…"));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u driver", "%u drivers", total), total);
  gtk_label_set_label (self->count_label, text);
  gtk_stack_set_visible_child_name (self->list_stack,
                                    total == 0 && !docket_driver_list_get_busy (self->list) ? "empty" : "list");
}

static void
on_list_notify (DocketDriverList *list, GParamSpec *pspec, DocketDriversView *self)
{
  if (g_str_equal (pspec->name, "error"))
    {
      g_autofree char *error = NULL;
      g_autofree char *text = NULL;
      g_object_get (list, "error", &error, NULL);
      text = g_strdup_printf (_("Could not list the drivers: %s"), error);
      docket_toast (GTK_WIDGET (self), text);
      return;
    }
  update_count (self);
}

static void
on_row_activated (DocketDriversView *self, guint position)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (self->column_view));
  g_autoptr(DocketDriverRow) row = g_list_model_get_item (model, position);

  if (row && docket_driver_row_get_loaded (row))
    docket_drivers_view_show_driver (self, docket_driver_row_get_licence (row));
}

/* Enter in the search opens the first driver it found. */
static void
on_search_activate (DocketDriversView *self)
{
  on_row_activated (self, 0);
}

/* Down in the search moves into the list, on its first driver. */
static gboolean
on_search_key (GtkEventControllerKey *controller, guint keyval, guint keycode, GdkModifierType state,
               DocketDriversView *self)
{
  GtkSelectionModel *model = gtk_column_view_get_model (self->column_view);

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return FALSE;
  if (g_list_model_get_n_items (G_LIST_MODEL (model)) == 0)
    return FALSE;
  gtk_selection_model_select_item (model, 0, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
  return TRUE;
}

/* Actions ---------------------------------------------------------------------- */

static void
new_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketDriversView *self = DOCKET_DRIVERS_VIEW (widget);

  if (!docket_client_has_role (self->client, DOCKET_ROLE_OFFICER))
    return;
  docket_driver_editor_present (GTK_WIDGET (self), self->client, NULL);
}

static void
back_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketDriversView *self = DOCKET_DRIVERS_VIEW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
}

static void
update_roles (DocketDriversView *self)
{
  gboolean officer = docket_client_has_role (self->client, DOCKET_ROLE_OFFICER);

  gtk_widget_set_visible (GTK_WIDGET (self->new_button), officer);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drivers.new", officer);
}

static void
on_client_notify (DocketClient *client, GParamSpec *pspec, DocketDriversView *self)
{
  update_roles (self);
}

/* GObject ------------------------------------------------------------------------ */

/* Narrow: the list shows licence, name and status only --------------------- */

/* After the frame that found the list's width changed, not during its
 * layout: a column shown or hidden resizes the list. */
static gboolean
apply_narrow (gpointer data)
{
  DocketDriversView *self = data;

  self->narrow_idle = 0;
  gtk_column_view_column_set_visible (self->kind_column, !self->narrow);
  gtk_column_view_column_set_visible (self->badge_column, !self->narrow);
  gtk_column_view_column_set_visible (self->expires_column, !self->narrow);
  return G_SOURCE_REMOVE;
}

/* The view lays out its one child itself (no layout manager), so that it
 * sees each allocation. */
static void
docket_drivers_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                             int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  gtk_widget_measure (adw_bin_get_child (ADW_BIN (widget)), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static GtkSizeRequestMode
docket_drivers_view_get_request_mode (GtkWidget *widget)
{
  return gtk_widget_get_request_mode (adw_bin_get_child (ADW_BIN (widget)));
}

static void
docket_drivers_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  DocketDriversView *self = DOCKET_DRIVERS_VIEW (widget);
  int list_width;

  gtk_widget_allocate (adw_bin_get_child (ADW_BIN (widget)), width, height, baseline, NULL);
  /* The two thresholds keep the list from flickering between the two. */
  list_width = gtk_widget_get_width (self->list_pane);
  if ((!self->narrow && list_width < 500) || (self->narrow && list_width >= 540))
    {
      self->narrow = !self->narrow;
      if (!self->narrow_idle)
        self->narrow_idle = g_idle_add (apply_narrow, self);
    }
}

static void
docket_drivers_view_dispose (GObject *object)
{
  DocketDriversView *self = DOCKET_DRIVERS_VIEW (object);

  if (self->client)
    g_signal_handlers_disconnect_by_data (self->client, self);
  if (self->list)
    g_signal_handlers_disconnect_by_data (self->list, self);
  if (self->column_view)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
  g_clear_handle_id (&self->narrow_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOCKET_TYPE_DRIVERS_VIEW);
  g_clear_object (&self->list);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (docket_drivers_view_parent_class)->dispose (object);
}

static void
docket_drivers_view_class_init (DocketDriversViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = docket_drivers_view_dispose;
  widget_class->size_allocate = docket_drivers_view_size_allocate;
  widget_class->measure = docket_drivers_view_measure;
  widget_class->get_request_mode = docket_drivers_view_get_request_mode;

  g_type_ensure (DOCKET_TYPE_DRIVER_ROW);
  g_type_ensure (DOCKET_TYPE_DRIVER_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/docket/Docket/docket-drivers-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DocketDriversView, list_pane);
  gtk_widget_class_bind_template_child (widget_class, DocketDriversView, page_pane);
  gtk_widget_class_bind_template_child (widget_class, DocketDriversView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DocketDriversView, status_filter);
  gtk_widget_class_bind_template_child (widget_class, DocketDriversView, kind_filter);
  gtk_widget_class_bind_template_child (widget_class, DocketDriversView, expiring_toggle);
  gtk_widget_class_bind_template_child (widget_class, DocketDriversView, count_label);
  gtk_widget_class_bind_template_child (widget_class, DocketDriversView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, DocketDriversView, column_view);
  gtk_widget_class_bind_template_child (widget_class, DocketDriversView, new_button);
  gtk_widget_class_bind_template_child (widget_class, DocketDriversView, driver_page);
  gtk_widget_class_bind_template_child (widget_class, DocketDriversView, licence_column);
  gtk_widget_class_bind_template_child (widget_class, DocketDriversView, name_column);
  gtk_widget_class_bind_template_child (widget_class, DocketDriversView, kind_column);
  gtk_widget_class_bind_template_child (widget_class, DocketDriversView, status_column);
  gtk_widget_class_bind_template_child (widget_class, DocketDriversView, badge_column);
  gtk_widget_class_bind_template_child (widget_class, DocketDriversView, expires_column);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "drivers.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "drivers.back", NULL, back_action);
}

static GListModel *
string_list (const char *first, ...)
{
  GtkStringList *list = gtk_string_list_new (NULL);
  va_list ap;

  va_start (ap, first);
  for (const char *s = first; s; s = va_arg (ap, const char *))
    gtk_string_list_append (list, s);
  va_end (ap);
  return G_LIST_MODEL (list);
}

static void
docket_drivers_view_init (DocketDriversView *self)
{
  g_autoptr(GListModel) statuses = NULL;
  g_autoptr(GListModel) kinds = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);
  /* The bin's own child is not bound: AdwBin unparents it itself. */
  self->leaflet = ADW_LEAFLET (adw_bin_get_child (ADW_BIN (self)));

  statuses = string_list (_("Any status"), docket_label_status ("applicant"), docket_label_status ("active"),
                          docket_label_status ("suspended"), docket_label_status ("revoked"),
                          docket_label_status ("refused"), docket_label_status ("surrendered"),
                          docket_label_status ("expired"), NULL);
  kinds = string_list (_("Any kind"), docket_label_kind ("hackney"), docket_label_kind ("private-hire"),
                       docket_label_kind ("dual"), NULL);
  gtk_drop_down_set_model (self->status_filter, statuses);
  gtk_drop_down_set_model (self->kind_filter, kinds);

  set_factory (self->licence_column, "licence", CELL_TEXT);
  set_factory (self->name_column, "name", CELL_TEXT);
  set_factory (self->kind_column, "kind", CELL_KIND);
  set_factory (self->status_column, "status", CELL_STATUS);
  set_factory (self->badge_column, "badge", CELL_TEXT);
  set_factory (self->expires_column, "expires", CELL_DATE);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (on_search_activate), self);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();
    g_signal_connect (keys, "key-pressed", G_CALLBACK (on_search_key), self);
    gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
  }
}

/* tools/bench-client-start.sh: with $DOCKET_BENCH_FIRST_PAGE set, the
 * client reports the wall-clock time at which the first page of the
 * register was laid out, and its memory, then quits. */
static gboolean
first_page_drawn (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  g_autofree char *status = NULL, *kib = NULL;
  const char *rss = NULL;

  g_file_get_contents ("/proc/self/status", &status, NULL, NULL);
  rss = status ? strstr (status, "VmRSS:") : NULL;
  kib = rss ? g_strndup (rss + 6, strcspn (rss + 6, "k")) : g_strdup ("?");
  g_printerr ("docket-bench: first page at %" G_GINT64_FORMAT " us (real time), %u rows, RSS %s KiB\n",
              g_get_real_time (), docket_driver_list_get_total (data), g_strstrip (kib));
  g_application_quit (g_application_get_default ());
  return G_SOURCE_REMOVE;
}

static gboolean
watch_first_page (gpointer data)
{
  DocketDriversView *self = data;
  g_autoptr(DocketDriverRow) row = NULL;

  if (docket_driver_list_get_total (self->list) == 0)
    return G_SOURCE_CONTINUE;
  row = g_list_model_get_item (G_LIST_MODEL (self->list), 0);
  if (row == NULL || !docket_driver_row_get_loaded (row))
    return G_SOURCE_CONTINUE;
  /* Loaded: report once the next frame has been drawn with it. */
  gtk_widget_add_tick_callback (GTK_WIDGET (self->column_view), first_page_drawn, self->list, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self->column_view));
  return G_SOURCE_REMOVE;
}

void
docket_drivers_view_set_client (DocketDriversView *self, DocketClient *client)
{
  GtkSelectionModel *selection;

  g_set_object (&self->client, client);
  self->list = docket_driver_list_new (client);
  selection = GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->list))));
  gtk_single_selection_set_autoselect (GTK_SINGLE_SELECTION (selection), FALSE);
  gtk_column_view_set_model (self->column_view, selection);
  g_object_unref (selection);
  g_signal_connect (gtk_column_view_get_sorter (self->column_view), "changed",
                    G_CALLBACK (on_sorter_changed), self);
  g_signal_connect (self->list, "notify", G_CALLBACK (on_list_notify), self);
  g_signal_connect (client, "notify", G_CALLBACK (on_client_notify), self);
  docket_driver_page_set_client (self->driver_page, client);
  update_roles (self);
  update_count (self);
  if (g_getenv ("DOCKET_BENCH_FIRST_PAGE") != NULL)
    g_timeout_add (2, watch_first_page, self);
}

void
docket_drivers_view_focus_search (DocketDriversView *self)
{
  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
docket_drivers_view_show_driver (DocketDriversView *self, const char *licence)
{
  docket_driver_page_show (self->driver_page, licence);
  adw_leaflet_set_visible_child (self->leaflet, self->page_pane);
}

void
docket_drivers_view_reload (DocketDriversView *self)
{
  if (self->list)
    docket_driver_list_reload (self->list);
  docket_driver_page_reload (self->driver_page);
}

DocketDriverList *
docket_drivers_view_get_list (DocketDriversView *self)
{
  return self->list;
}

gpointer
docket_drivers_view_get_widget (DocketDriversView *self, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (self), DOCKET_TYPE_DRIVERS_VIEW, name);
}
