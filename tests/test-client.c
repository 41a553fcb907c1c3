/* The GTK client against the real docketd with demo data, under Xvfb:
 * real windows driven through their widgets and actions, with assertions
 * on the widgets' models and state and on the daemon's data. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "docket-annual-return.h"
#include "docket-application.h"
#include "docket-connect-dialog.h"
#include "docket-servers.h"
#include "docket-audit-view.h"
#include "docket-flags-view.h"
#include "docket-chart.h"
#include "docket-driver-editor.h"
#include "docket-driver-list.h"
#include "docket-driver-page.h"
#include "docket-drivers-view.h"
#include "docket-figure-window.h"
#include "docket-hearing-editor.h"
#include "docket-hearing-room.h"
#include "docket-hearings-view.h"
#include "docket-labels.h"
#include "docket-names.h"
#include "docket-stats-view.h"
#include "docket-validate.h"
#include "docket-test-helpers.h"
#include "docket-ui.h"
#include "docket-window.h"
#include "docket-publication-window.h"
#include "docket-retention-window.h"

/* Iterates the main loop until @expr holds; fails the test after 30 s. */
#define WAIT_UNTIL(expr)                                                               \
  G_STMT_START {                                                                       \
    gint64 _end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;                       \
    while (!(expr))                                                                    \
      {                                                                                \
        if (g_get_monotonic_time () > _end)                                            \
          g_error ("%s:%d: timed out waiting for %s", __FILE__, __LINE__, #expr);      \
        if (!g_main_context_iteration (NULL, FALSE))                                   \
          g_usleep (2000);                                                             \
      }                                                                                \
  } G_STMT_END

static DocketApplication *app;

typedef struct {
  char              *dir;
  char              *state;
  DocketTestDaemon  *daemon;
  GPtrArray         *windows;
  GPtrArray         *clients;
  DocketDBusDrivers *drivers;
  DocketDBusHearings *hearings;
  DocketDBusAudit   *audit;
  char              *clock;     /* docketd's clock file, for CLOCK tests */
} Fixture;

/* A fixture whose docketd reads the date from f->clock while it exists. */
#define CLOCK GINT_TO_POINTER (1)

static const char *
conf_path (void)
{
  static char *path;

  if (path == NULL)
    path = g_test_build_filename (G_TEST_DIST, "..", "data", "docketd.conf.example", NULL);
  return path;
}

static void
start_daemon (Fixture *f)
{
  const char *args[] = { "--config", conf_path (), NULL };

  f->daemon = docket_test_daemon_start (f->state, args);
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) demo = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);

  f->dir = docket_test_make_dir ("client");
  f->state = g_build_filename (f->dir, "state", NULL);
  f->windows = g_ptr_array_new ();
  f->clients = g_ptr_array_new_with_free_func (g_object_unref);
  /* docketd's alone: the demo data is made on today's date. */
  if (data == CLOCK)
    {
      f->clock = g_build_filename (f->dir, "clock", NULL);
      g_setenv ("DOCKET_CLOCK_FILE", f->clock, TRUE);
    }
  start_daemon (f);
  if (data == CLOCK)
    g_unsetenv ("DOCKET_CLOCK_FILE");
  demo = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, g_getenv ("DOCKET_DEMO_DATA"),
                           "--drivers", "300", "--populate", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (demo, NULL, &error));
  g_assert_no_error (error);

  f->drivers = docket_dbus_drivers_proxy_new_sync (bus, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                                                   DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, NULL, &error);
  f->hearings = docket_dbus_hearings_proxy_new_sync (bus, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                                                     DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, NULL, &error);
  f->audit = docket_dbus_audit_proxy_new_sync (bus, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                                               DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, NULL, &error);
  g_assert_no_error (error);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < f->windows->len; i++)
    gtk_window_destroy (f->windows->pdata[i]);
  g_ptr_array_unref (f->windows);
  g_ptr_array_unref (f->clients);
  /* Let the windows and their calls go before docketd does. */
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_clear_object (&f->drivers);
  g_clear_object (&f->hearings);
  g_clear_object (&f->audit);
  docket_test_daemon_stop (f->daemon);
  docket_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->state);
  g_free (f->clock);
}

/* A window of the client as @user (NULL: the test's own user, who holds
 * every role on its session bus), connected and showing the views. */
static DocketWindow *
open_window (Fixture *f, const char *user)
{
  DocketClient *client = user ? docket_client_new (G_BUS_TYPE_SESSION, user)
                              : g_object_ref (docket_application_get_client (app));
  DocketWindow *window = docket_window_new_for_client (app, client);

  g_ptr_array_add (f->clients, client);
  g_ptr_array_add (f->windows, window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (docket_client_get_connected (client));
  g_assert_cmpstr (docket_window_get_state (window), ==, "views");
  if (user)
    g_assert_cmpstr (docket_client_get_user (client), ==, user);
  return window;
}

static GVariant *
driver_list (Fixture *f, const char *key, GVariant *value, guint *total)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GError) error = NULL;
  GVariant *drivers = NULL;

  if (key)
    g_variant_builder_add (&b, "{sv}", key, value);
  g_variant_builder_add (&b, "{sv}", "limit", g_variant_new_uint32 (50));
  docket_dbus_drivers_call_list_sync (f->drivers, g_variant_builder_end (&b), &drivers, total,
                                                     NULL, &error);
  g_assert_no_error (error);
  return drivers;
}

static guint
audit_count (Fixture *f, const char *user, const char *action)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) entries = NULL;

  g_variant_builder_add (&b, "{sv}", "user", g_variant_new_string (user));
  g_variant_builder_add (&b, "{sv}", "action", g_variant_new_string (action));
  g_variant_builder_add (&b, "{sv}", "limit", g_variant_new_uint32 (1000));
  docket_dbus_audit_call_list_sync (f->audit, g_variant_builder_end (&b), &entries, NULL, &error);
  g_assert_no_error (error);
  return (guint) g_variant_n_children (entries);
}

static const char *
row_licence (DocketDriverList *list, guint i)
{
  g_autoptr(DocketDriverRow) row = g_list_model_get_item (G_LIST_MODEL (list), i);
  static char buf[32];

  if (row == NULL || !docket_driver_row_get_loaded (row))
    return NULL;
  g_strlcpy (buf, docket_driver_row_get_licence (row), sizeof buf);
  return buf;
}

static char *
first_name_sorted (Fixture *f, gboolean descending)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) drivers = NULL;
  g_autoptr(GVariant) first = NULL;
  guint total;

  g_variant_builder_add (&b, "{sv}", "sort", g_variant_new_string ("name"));
  g_variant_builder_add (&b, "{sv}", "descending", g_variant_new_boolean (descending));
  g_variant_builder_add (&b, "{sv}", "limit", g_variant_new_uint32 (1));
  g_assert_true (docket_dbus_drivers_call_list_sync (f->drivers, g_variant_builder_end (&b), &drivers, &total,
                                                     NULL, &error));
  first = g_variant_get_child_value (drivers, 0);
  return g_strdup (docket_lookup (first, "licence"));
}

/* Dates are shown one way in every locale and typed any usual way. */
static void
test_dates (void)
{
  static const struct { const char *typed, *iso; } typed[] = {
    { "2026-11-17", "2026-11-17" }, { "17/11/2026", "2026-11-17" }, { "1.3.2016", "2016-03-01" },
    { "17 Nov 2026", "2026-11-17" }, { "17 november 2026", "2026-11-17" }, { " 5 Sept, 2027 ", "2027-09-05" },
    { "next Tuesday", NULL }, { "11/17/26", NULL }, { "", NULL },
  };
  g_autofree char *shown = docket_format_date ("2026-11-17");
  g_autofree char *sentence = docket_format_dates_in ("revocation takes effect on 2027-03-22 unless appealed");

  g_assert_cmpstr (shown, ==, "17 Nov 2026");
  g_assert_cmpstr (sentence, ==, "revocation takes effect on 22 Mar 2027 unless appealed");
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      g_autofree char *iso = docket_parse_date (typed[i].typed);
      g_assert_cmpstr (iso, ==, typed[i].iso);
    }
  /* What the calendar and the list show reads back the same. */
  {
    g_autofree char *back = docket_parse_date (shown);
    g_assert_cmpstr (back, ==, "2026-11-17");
  }
  /* What is wrong with a date, in people's words. */
  {
    static const struct { const char *typed, *problem, *month_problem; } bad[] = {
      { "2026-13-01", "13 is not a month", NULL }, { "30/02/2027", "February 2027 has no day 30", NULL },
      { "0/1/2027", "January 2027 has no day 0", NULL },
      { "next Tuesday", "“next Tuesday” is not a date: give it as 17 Nov 2026, 17/11/2026 or 2026-11-17", NULL },
    };
    g_autofree char *iso = NULL;
    g_autofree char *ok = docket_check_date ("29 Feb 2028", &iso);
    g_autofree char *m13 = docket_check_month ("2026-13");
    g_autofree char *m1 = docket_check_month ("2026-1");
    g_autofree char *m11 = docket_check_month ("2026-11");

    g_assert_null (ok);
    g_assert_cmpstr (iso, ==, "2028-02-29");
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *problem = docket_check_date (bad[i].typed, NULL);
        g_assert_cmpstr (problem, ==, bad[i].problem);
      }
    g_assert_cmpstr (m13, ==, "13 is not a month");
    g_assert_cmpstr (m1, ==, "“2026-1” is not a month: give it as 2026-11");
    g_assert_null (m11);
  }
}

/* The widgets under @w that take the keyboard focus by Tab. */
static guint
tab_stops (GtkWidget *w)
{
  guint n = gtk_widget_get_visible (w) && gtk_widget_get_focusable (w) && gtk_widget_get_can_focus (w) &&
            !GTK_IS_LIST_BOX (w);

  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    n += tab_stops (c);
  return n;
}

/* The keyboard: a form opens on its first field, not on Cancel; a row is
 * one tab stop. */
static void
test_keyboard (Fixture *f, gconstpointer data)
{
  DocketWindow *window = open_window (f, "jsmith");
  DocketDriversView *view = DOCKET_DRIVERS_VIEW (docket_window_get_view (window, "drivers"));
  DocketDriverEditor *editor = NULL;
  GtkWidget *focus;

  WAIT_UNTIL (docket_driver_list_get_total (docket_drivers_view_get_list (view)) == 300);
  editor = docket_driver_editor_present (GTK_WIDGET (view), docket_window_get_client (window), NULL);
  WAIT_UNTIL ((focus = gtk_window_get_focus (GTK_WINDOW (editor))) != NULL);
  g_assert_false (GTK_IS_BUTTON (focus));
  g_assert_nonnull (gtk_widget_get_ancestor (focus, ADW_TYPE_ENTRY_ROW));
  gtk_window_destroy (GTK_WINDOW (editor));

  /* A driver's licence and history: each row is one tab stop at most, not
   * one per value, and a long value reads as body text. */
  {
    DocketDriverPage *page = DOCKET_DRIVER_PAGE (docket_drivers_view_get_widget (view, "driver_page"));
    const char * const lists[] = { "licence_list", "history_list" };
    guint rows = 0;

    docket_window_show_driver (window, "HC-00008");
    WAIT_UNTIL (g_strcmp0 (docket_driver_page_get_licence (page), "HC-00008") == 0 &&
                gtk_widget_get_first_child (docket_driver_page_get_widget (page, "licence_list")) != NULL);
    for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
      for (GtkWidget *row = gtk_widget_get_first_child (docket_driver_page_get_widget (page, lists[l])); row;
           row = gtk_widget_get_next_sibling (row), rows++)
        g_assert_cmpuint (tab_stops (row), <=, 1);
    g_assert_cmpuint (rows, >, 4);
  }
  {
    GtkWidget *row = docket_property_add (NULL, "Grounds", "A long account of what the driver is said to have done, "
                                          "more than one line of a narrow window");
    g_object_ref_sink (row);
    g_assert_false (ADW_IS_ACTION_ROW (row));
    g_assert_true (gtk_widget_has_css_class (gtk_widget_get_last_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row))),
                                             "body"));
    g_object_unref (row);
  }
}

/* Search as you type, filters, sorting by a column, and the driver page. */
static void
test_drivers (Fixture *f, gconstpointer data)
{
  DocketWindow *window = open_window (f, "jsmith");
  DocketDriversView *view = DOCKET_DRIVERS_VIEW (docket_window_get_view (window, "drivers"));
  DocketDriverList *list = docket_drivers_view_get_list (view);
  GtkEditable *search = GTK_EDITABLE (docket_drivers_view_get_widget (view, "search_entry"));
  GtkDropDown *status = GTK_DROP_DOWN (docket_drivers_view_get_widget (view, "status_filter"));
  GtkColumnView *columns = GTK_COLUMN_VIEW (docket_drivers_view_get_widget (view, "column_view"));
  GtkLabel *count = GTK_LABEL (docket_drivers_view_get_widget (view, "count_label"));
  DocketDriverPage *page = DOCKET_DRIVER_PAGE (docket_drivers_view_get_widget (view, "driver_page"));
  g_autoptr(GVariant) revoked = NULL;
  g_autoptr(GVariant) some = NULL;
  g_autofree char *licence = NULL, *out = NULL, *err = NULL, *first = NULL, *last = NULL;
  guint total = 0, n_revoked = 0;

  WAIT_UNTIL (docket_driver_list_get_total (list) == 300);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 300);
  g_assert_cmpstr (gtk_label_get_label (count), ==, "300 drivers");
  WAIT_UNTIL (row_licence (list, 0) != NULL);

  /* Type a licence number: one match. */
  some = driver_list (f, NULL, NULL, &total);
  {
    g_autoptr(GVariant) d = g_variant_get_child_value (some, 3);
    licence = g_strdup (docket_lookup (d, "licence"));
  }
  gtk_editable_set_text (search, licence);
  WAIT_UNTIL (docket_driver_list_get_total (list) == 1 && g_strcmp0 (row_licence (list, 0), licence) == 0);
  /* Enter in the search opens the first match. */
  g_signal_emit_by_name (search, "activate");
  WAIT_UNTIL (g_strcmp0 (docket_driver_page_get_licence (page), licence) == 0);

  /* Clear it; filter by status: the daemon's own count. */
  gtk_editable_set_text (search, "");
  WAIT_UNTIL (docket_driver_list_get_total (list) == 300);
  revoked = driver_list (f, "status", g_variant_new_string ("revoked"), &n_revoked);
  g_assert_cmpuint (n_revoked, >, 0);
  gtk_drop_down_set_selected (status, 4);   /* Revoked */
  WAIT_UNTIL (docket_driver_list_get_total (list) == n_revoked && row_licence (list, 0) != NULL);
  for (guint i = 0; i < n_revoked; i++)
    {
      g_autoptr(DocketDriverRow) row = NULL;
      WAIT_UNTIL ((row = g_list_model_get_item (G_LIST_MODEL (list), i)) && docket_driver_row_get_loaded (row));
      g_assert_cmpstr (docket_driver_row_get_status (row), ==, "revoked");
      g_clear_object (&row);
    }
  gtk_drop_down_set_selected (status, 0);
  WAIT_UNTIL (docket_driver_list_get_total (list) == 300);

  /* Sort by name, descending, through the column header: docketd sorts. */
  last = first_name_sorted (f, TRUE);
  first = first_name_sorted (f, FALSE);
  gtk_column_view_sort_by_column (columns, GTK_COLUMN_VIEW_COLUMN (docket_drivers_view_get_widget (view, "name_column")),
                                  GTK_SORT_DESCENDING);
  WAIT_UNTIL (g_strcmp0 (row_licence (list, 0), last) == 0);
  gtk_column_view_sort_by_column (columns, GTK_COLUMN_VIEW_COLUMN (docket_drivers_view_get_widget (view, "name_column")),
                                  GTK_SORT_ASCENDING);
  WAIT_UNTIL (g_strcmp0 (row_licence (list, 0), first) == 0);

  /* Open a driver from the list, as a click does. */
  g_signal_emit_by_name (columns, "activate", 0);
  WAIT_UNTIL (g_strcmp0 (docket_driver_page_get_licence (page), first) == 0 &&
              docket_driver_page_get_record (page) != NULL);
  g_assert_false (docket_driver_page_get_revealed (page));
  g_assert_null (docket_lookup (docket_driver_page_get_record (page), "ni-number"));

  /* A change made with docketctl shows without reloading. */
  g_assert_cmpint (docket_test_ctl (&out, &err, "driver", "update", first, "--badge", "77777", NULL), ==, 0);
  WAIT_UNTIL (g_strcmp0 (docket_lookup (docket_driver_page_get_record (page), "badge"), "77777") == 0);
  WAIT_UNTIL (g_strcmp0 (row_licence (list, 0), first) == 0);
}

/* The driver form: the daemon's refusal beside its field, nothing saved;
 * then saved. */
static void
test_driver_editor (Fixture *f, gconstpointer data)
{
  DocketWindow *window = open_window (f, "jsmith");
  GtkWidget *view = docket_window_get_view (window, "drivers");
  DocketDriverEditor *editor = docket_driver_editor_present (view, docket_window_get_client (window), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) record = NULL;
  g_autoptr(GVariant) some = NULL;
  guint before = 0, after = 0;

  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  some = driver_list (f, NULL, NULL, &before);
  docket_driver_editor_set_field (editor, "licence", "PH-77001");
  docket_driver_editor_set_field (editor, "kind", "private-hire");
  docket_driver_editor_set_field (editor, "name", "Nia Prydderch");
  docket_driver_editor_set_field (editor, "expires", "2027-02-30");
  /* A day that does not exist: said in people's words at the field,
   * before anything is sent, and cleared as soon as the field changes. */
  docket_driver_editor_save (editor);
  g_assert_cmpstr (docket_driver_editor_get_error (editor, "expires"), ==, "February 2027 has no day 30");
  g_assert_null (docket_driver_editor_get_error (editor, "name"));
  g_clear_pointer (&some, g_variant_unref);
  some = driver_list (f, NULL, NULL, &after);
  g_assert_cmpuint (after, ==, before);
  docket_driver_editor_set_field (editor, "expires", "28/02/2027");
  g_assert_null (docket_driver_editor_get_error (editor, "expires"));

  /* What only docketd can check, a bad NI number, is named at its field. */
  docket_driver_editor_set_field (editor, "ni-number", "XX");
  docket_driver_editor_save (editor);
  WAIT_UNTIL (docket_driver_editor_get_error (editor, "ni-number") != NULL);
  g_assert_null (docket_driver_editor_get_error (editor, "expires"));

  docket_driver_editor_set_field (editor, "ni-number", "AB 12 34 56 C");
  docket_driver_editor_save (editor);
  WAIT_UNTIL (editor == NULL);   /* closed once saved */
  docket_dbus_drivers_call_get_sync (f->drivers, "PH-77001", TRUE, &record, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (docket_lookup (record, "name"), ==, "Nia Prydderch");
  g_assert_cmpstr (docket_lookup (record, "expires"), ==, "2027-02-28");
  g_assert_cmpstr (docket_lookup (record, "ni-number"), ==, "AB123456C");
  /* The new driver is shown. */
  {
    DocketDriverPage *page = DOCKET_DRIVER_PAGE (docket_drivers_view_get_widget (DOCKET_DRIVERS_VIEW (view), "driver_page"));
    WAIT_UNTIL (g_strcmp0 (docket_driver_page_get_licence (page), "PH-77001") == 0);
  }
}

/* Revealing the sensitive details: done and recorded for an officer;
 * not offered to an auditor, and refused by docketd when tried. */
/* The message dialog a button has just opened (the one there is). */
static AdwMessageDialog *
wait_for_message_dialog (void)
{
  AdwMessageDialog *dialog = NULL;

  for (int i = 0; i < 2000 && dialog == NULL; i++)
    {
      GListModel *tops = gtk_window_get_toplevels ();   /* not ours */

      for (guint k = 0; k < g_list_model_get_n_items (tops) && dialog == NULL; k++)
        {
          g_autoptr(GObject) w = g_list_model_get_item (tops, k);
          if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
            dialog = ADW_MESSAGE_DIALOG (w);
        }
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_nonnull (dialog);
  return dialog;
}

static void
test_reveal (Fixture *f, gconstpointer data)
{
  DocketWindow *officer = open_window (f, "jsmith");
  DocketWindow *auditor = open_window (f, "internalaudit");
  DocketDriversView *view = DOCKET_DRIVERS_VIEW (docket_window_get_view (officer, "drivers"));
  DocketDriversView *aview = DOCKET_DRIVERS_VIEW (docket_window_get_view (auditor, "drivers"));
  DocketDriverPage *page = DOCKET_DRIVER_PAGE (docket_drivers_view_get_widget (view, "driver_page"));
  DocketDriverPage *apage = DOCKET_DRIVER_PAGE (docket_drivers_view_get_widget (aview, "driver_page"));
  g_autoptr(GVariant) some = NULL;
  g_autoptr(GVariant) d = NULL;
  guint total;
  const char *licence;

  some = driver_list (f, NULL, NULL, &total);
  d = g_variant_get_child_value (some, 0);
  licence = docket_lookup (d, "licence");
  g_assert_cmpuint (audit_count (f, "jsmith", "driver.read-sensitive"), ==, 0);

  docket_window_show_driver (officer, licence);
  WAIT_UNTIL (docket_driver_page_get_record (page) != NULL);
  g_assert_true (gtk_widget_get_sensitive (docket_driver_page_get_widget (page, "reveal_button")));
  g_assert_cmpuint (audit_count (f, "jsmith", "driver.read-sensitive"), ==, 0);  /* showing is not reading */
  gtk_widget_activate_action (GTK_WIDGET (page), "driver.reveal", NULL);
  WAIT_UNTIL (docket_driver_page_get_revealed (page));
  g_assert_nonnull (docket_lookup (docket_driver_page_get_record (page), "ni-number"));
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (
                       docket_driver_page_get_widget (page, "sensitive_group"))), ==,
                   "Revealed. This reading is recorded in the audit log under your name.");
  g_assert_cmpuint (audit_count (f, "jsmith", "driver.read-sensitive"), ==, 1);

  docket_window_show_driver (auditor, licence);
  WAIT_UNTIL (docket_driver_page_get_record (apage) != NULL);
  g_assert_false (gtk_widget_get_sensitive (docket_driver_page_get_widget (apage, "reveal_button")));
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (
                       docket_driver_page_get_widget (apage, "sensitive_group"))), ==,
                   "Your role does not allow reading the sensitive details.");
  gtk_widget_activate_action (GTK_WIDGET (apage), "driver.reveal", NULL);
  for (int i = 0; i < 200; i++)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_assert_false (docket_driver_page_get_revealed (apage));
  g_assert_null (docket_lookup (docket_driver_page_get_record (apage), "ni-number"));
  g_assert_cmpuint (audit_count (f, "internalaudit", "driver.read-sensitive"), ==, 0);
  /* The auditor sees the audit log; the officer does not. */
  g_assert_true (gtk_widget_get_visible (docket_window_get_view (auditor, "audit")) ||
                 adw_view_stack_page_get_visible (adw_view_stack_get_page (
                     ADW_VIEW_STACK (gtk_widget_get_parent (docket_window_get_view (auditor, "audit"))),
                     docket_window_get_view (auditor, "audit"))));
  g_assert_false (adw_view_stack_page_get_visible (adw_view_stack_get_page (
                     ADW_VIEW_STACK (gtk_widget_get_parent (docket_window_get_view (officer, "audit"))),
                     docket_window_get_view (officer, "audit"))));

  /* Subject access: the officer's button asks for the request it answers
   * (Export stays off until there is one); the export is saved, holds the
   * record, and is audited once with its purpose. The auditor has no such
   * button. */
  g_assert_false (gtk_widget_get_visible (docket_driver_page_get_widget (apage, "officer_actions")));
  gtk_widget_activate_action (GTK_WIDGET (page), "driver.subject-access", NULL);
  {
    AdwMessageDialog *dialog = wait_for_message_dialog ();

    g_assert_false (adw_message_dialog_get_response_enabled (dialog, "export"));
    gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "Letter of 30 Nov");
    g_assert_true (adw_message_dialog_get_response_enabled (dialog, "export"));
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  {
    g_autofree char *path = g_build_filename (f->dir, "sar.json", NULL);
    g_autofree char *text = NULL;

    docket_driver_page_export_to (page, "Letter of 30 Nov, ref SAR-1", path);
    WAIT_UNTIL (g_file_test (path, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "\"purpose\" : \"Letter of 30 Nov, ref SAR-1\""));
    g_assert_nonnull (strstr (text, licence));
    g_assert_cmpuint (audit_count (f, "jsmith", "driver.subject-access"), ==, 1);
  }
}

static GVariant *free_driver (Fixture *f);

static DocketDriverPage *
driver_page_of (DocketWindow *window)
{
  DocketDriversView *view = DOCKET_DRIVERS_VIEW (docket_window_get_view (window, "drivers"));

  return DOCKET_DRIVER_PAGE (docket_drivers_view_get_widget (view, "driver_page"));
}

static gboolean
page_shows (DocketDriverPage *page, const char *name)
{
  return gtk_widget_get_visible (docket_driver_page_get_widget (page, name));
}

static const char *
hold_shown (DocketDriverPage *page)
{
  if (!page_shows (page, "notices_list") || !page_shows (page, "hold_row"))
    return NULL;
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (docket_driver_page_get_widget (page, "hold_row")));
}

static char *
hold_reason (Fixture *f, const char *licence)
{
  g_autoptr(GVariant) record = NULL;
  g_autoptr(GError) error = NULL;

  docket_dbus_drivers_call_get_sync (f->drivers, licence, FALSE, &record, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (docket_lookup (record, "hold-reason"));
}

/* Answers the dialog a page's action opens with @text, checking that
 * @response stays off until there is some. */
static void
answer_dialog (DocketDriverPage *page, const char *action, const char *response, const char *text)
{
  AdwMessageDialog *dialog;
  GtkEditable *entry;

  gtk_widget_activate_action (GTK_WIDGET (page), action, NULL);
  dialog = wait_for_message_dialog ();
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, response));
  gtk_editable_set_text (entry, "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, response));
  gtk_editable_set_text (entry, text);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));   /* as its button closes it */
}

/* A legal hold placed and lifted through the driver page's dialogs, each
 * with its reason (docketd's record and audit log say so; the auditor
 * sees the hold but cannot lift it); the subject access export saved as
 * the PDF sent to the driver. */
static void
test_legal_hold (Fixture *f, gconstpointer data)
{
  DocketWindow *officer = open_window (f, "jsmith");
  DocketWindow *auditor = open_window (f, "internalaudit");
  DocketDriverPage *page = driver_page_of (officer);
  DocketDriverPage *apage = driver_page_of (auditor);
  g_autoptr(GVariant) some = NULL, d = NULL;
  g_autofree char *path = g_build_filename (f->dir, "sar.pdf", NULL);
  g_autofree char *pdf = NULL, *reason = NULL;
  const char *licence;
  guint total;

  some = driver_list (f, NULL, NULL, &total);
  d = g_variant_get_child_value (some, 0);
  licence = docket_lookup (d, "licence");
  docket_window_show_driver (officer, licence);
  WAIT_UNTIL (docket_driver_page_get_record (page) != NULL);
  g_assert_false (page_shows (page, "notices_list"));
  g_assert_true (page_shows (page, "officer_actions") && page_shows (page, "hold_button"));

  answer_dialog (page, "driver.hold", "hold", "County court claim, ref CC-118");
  WAIT_UNTIL (hold_shown (page) != NULL);
  g_assert_nonnull (strstr (hold_shown (page), " by jsmith: County court claim, ref CC-118."));
  reason = hold_reason (f, licence);
  g_assert_cmpstr (reason, ==, "County court claim, ref CC-118");
  g_assert_false (page_shows (page, "hold_button"));
  g_assert_true (page_shows (page, "lift_hold_button"));
  g_assert_cmpuint (audit_count (f, "jsmith", "driver.hold"), ==, 1);

  docket_window_show_driver (auditor, licence);
  WAIT_UNTIL (hold_shown (apage) != NULL);
  g_assert_false (page_shows (apage, "lift_hold_button"));

  answer_dialog (page, "driver.release-hold", "release", "Claim settled on 30 November");
  WAIT_UNTIL (!page_shows (page, "notices_list"));
  g_clear_pointer (&reason, g_free);
  reason = hold_reason (f, licence);
  g_assert_null (reason);
  g_assert_true (page_shows (page, "hold_button"));
  g_assert_cmpuint (audit_count (f, "jsmith", "driver.release"), ==, 1);
  WAIT_UNTIL (hold_shown (apage) == NULL);   /* the auditor's page follows */

  /* A name ending in .pdf saves the document for the driver. */
  docket_driver_page_export_to (page, "Letter of 1 December, ref SAR-2", path);
  WAIT_UNTIL (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (path, &pdf, NULL, NULL));
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
  g_assert_cmpuint (audit_count (f, "jsmith", "driver.subject-access"), ==, 1);
}

/* A record the retention schedule erased says so, with the date, and
 * offers nothing to edit, reveal, export or hold. */
static void
test_erased (Fixture *f, gconstpointer data)
{
  DocketWindow *officer = open_window (f, "jsmith");
  DocketDriverPage *page = driver_page_of (officer);
  g_autoptr(GVariant) driver = free_driver (f);
  g_autofree char *today = docket_today_text ();
  g_autofree char *later = docket_date_add_years (today, 7);
  g_autofree char *shown = docket_format_date (later);
  g_autofree char *expected = g_strdup_printf ("Erased under the retention schedule on %s; only anonymous "
                                               "statistics remain.", shown);
  const char *licence = docket_lookup (driver, "licence");
  GVariant *record;

  docket_window_show_driver (officer, licence);
  WAIT_UNTIL (docket_driver_page_get_record (page) != NULL);
  g_assert_true (page_shows (page, "officer_actions") && page_shows (page, "sensitive_group"));

  /* Surrendered today, and seven years pass: the schedule (six years
   * after the end) erases the record. */
  g_free (docket_test_ok ("jsmith", "driver", "update", licence, "--status", "surrendered", "--reason",
                          "Retired from the trade", NULL));
  g_assert_true (g_file_set_contents (f->clock, later, -1, NULL));
  g_free (docket_test_ok ("licadmin", "compliance", "tick", NULL));
  g_unlink (f->clock);

  WAIT_UNTIL ((record = docket_driver_page_get_record (page)) != NULL && docket_lookup (record, "erased"));
  g_assert_cmpstr (docket_lookup (record, "erased"), ==, later);
  WAIT_UNTIL (page_shows (page, "erased_row"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
                       docket_driver_page_get_widget (page, "erased_row"))), ==, expected);
  g_assert_true (page_shows (page, "notices_list"));
  g_assert_false (page_shows (page, "officer_actions"));
  g_assert_false (page_shows (page, "sensitive_group"));
  g_assert_false (page_shows (page, "hold_row"));
  g_assert_false (page_shows (page, "compliance_group") && page_shows (page, "compliance_actions"));
}

static GVariant *
find_hearing (Fixture *f, const char *date)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;

  g_variant_builder_add (&b, "{sv}", "from", g_variant_new_string (date));
  g_variant_builder_add (&b, "{sv}", "to", g_variant_new_string (date));
  docket_dbus_hearings_call_list_sync (f->hearings, g_variant_builder_end (&b), &list, NULL, &error);
  g_assert_no_error (error);
  return g_variant_n_children (list) ? g_variant_get_child_value (list, 0) : NULL;
}

static GVariant *
get_hearing (Fixture *f, gint64 id)
{
  g_autoptr(GError) error = NULL;
  GVariant *h = NULL;

  docket_dbus_hearings_call_get_sync (f->hearings, id, &h, NULL, &error);
  g_assert_no_error (error);
  return h;
}

/* Schedule a hearing day and list a case on it, from the Hearings view. */
static void
test_schedule (Fixture *f, gconstpointer data)
{
  DocketWindow *window = open_window (f, "jsmith");
  DocketHearingsView *view = DOCKET_HEARINGS_VIEW (docket_window_get_view (window, "hearings"));
  DocketClient *client = docket_window_get_client (window);
  DocketHearingEditor *editor;
  g_autofree char *today = docket_today_text ();
  g_autoptr(GDate) d = g_date_new ();
  g_autoptr(GVariant) hearing = NULL, full = NULL, some = NULL, driver = NULL;
  char date[16];
  guint total;
  gint64 id;

  g_date_set_parse (d, today);
  g_date_add_days (d, 40);
  g_snprintf (date, sizeof date, "%04u-%02u-%02u", g_date_get_year (d), g_date_get_month (d), g_date_get_day (d));

  /* Refused: a capacity of 0. Nothing scheduled. */
  editor = docket_hearing_editor_schedule (GTK_WIDGET (view), client);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  docket_hearing_editor_set_field (editor, "date", date);
  docket_hearing_editor_set_field (editor, "venue", "Committee Room 2");
  docket_hearing_editor_set_field (editor, "capacity", "0");
  /* Who sits is chosen from the people holding each role, by name. */
  WAIT_UNTIL (docket_hearing_editor_has_people (editor));
  docket_hearing_editor_choose_person (editor, "decision-maker", "commiss");
  docket_hearing_editor_choose_person (editor, "board", "member1");
  docket_hearing_editor_choose_person (editor, "board", "member2");
  docket_hearing_editor_choose_person (editor, "board", "member1");   /* already on it */
  docket_hearing_editor_save (editor);
  WAIT_UNTIL (docket_hearing_editor_get_error (editor) != NULL);
  g_assert_nonnull (strstr (docket_hearing_editor_get_error (editor), "capacity"));
  g_assert_null (find_hearing (f, date));

  docket_hearing_editor_set_field (editor, "capacity", "5");
  docket_hearing_editor_save (editor);
  WAIT_UNTIL (editor == NULL);
  hearing = find_hearing (f, date);
  g_assert_nonnull (hearing);
  id = docket_lookup_id (hearing, "id");
  g_assert_cmpstr (docket_lookup (hearing, "venue"), ==, "Committee Room 2");
  g_assert_cmpuint (docket_lookup_uint (hearing, "capacity"), ==, 5);
  g_assert_cmpstr (docket_lookup (hearing, "decision-maker"), ==, "commissioner");
  WAIT_UNTIL (docket_hearings_view_get_hearing (view) &&
              docket_lookup_id (docket_hearings_view_get_hearing (view), "id") == id);

  /* Add a case: search for the driver and pick them. */
  some = driver_list (f, "status", g_variant_new_string ("active"), &total);
  driver = g_variant_get_child_value (some, 0);
  editor = docket_hearing_editor_add_case (GTK_WIDGET (view), client, docket_hearings_view_get_hearing (view));
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  docket_hearing_editor_pick_driver (editor, docket_lookup (driver, "licence"), docket_lookup (driver, "licence"));
  WAIT_UNTIL (g_strcmp0 (docket_hearing_editor_get_picked (editor), docket_lookup (driver, "licence")) == 0);
  docket_hearing_editor_set_field (editor, "kind", "review");
  docket_hearing_editor_set_field (editor, "grounds", "Two complaints of overcharging");
  docket_hearing_editor_set_field (editor, "report", "The officer's report");
  docket_hearing_editor_save (editor);
  WAIT_UNTIL (editor == NULL);
  full = get_hearing (f, id);
  g_assert_cmpuint (docket_lookup_uint (full, "listed"), ==, 1);
  /* The view follows by itself (CaseChanged). */
  WAIT_UNTIL (docket_lookup_uint (docket_hearings_view_get_hearing (view), "listed") == 1);
}

/* The most recent day still open with an undecided case, from the demo. */
static gint64
open_hearing_case (Fixture *f, gint64 *case_id)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;
  g_autofree char *today = docket_today_text ();

  g_variant_builder_add (&b, "{sv}", "state", g_variant_new_string ("scheduled"));
  g_variant_builder_add (&b, "{sv}", "to", g_variant_new_string (today));
  g_assert_true (docket_dbus_hearings_call_list_sync (f->hearings, g_variant_builder_end (&b), &list, NULL, &error));
  for (gsize i = g_variant_n_children (list); i > 0; i--)
    {
      g_autoptr(GVariant) h = g_variant_get_child_value (list, i - 1);
      g_autoptr(GVariant) full = get_hearing (f, docket_lookup_id (h, "id"));
      g_autoptr(GVariant) cases = g_variant_lookup_value (full, "cases", G_VARIANT_TYPE ("aa{sv}"));
      for (gsize c = 0; c < g_variant_n_children (cases); c++)
        {
          g_autoptr(GVariant) k = g_variant_get_child_value (cases, c);
          if (g_strcmp0 (docket_lookup (k, "outcome"), "pending") == 0)
            {
              *case_id = docket_lookup_id (k, "id");
              return docket_lookup_id (h, "id");
            }
        }
    }
  g_error ("the demo data has no open hearing with an undecided case");
  return 0;
}

static GVariant *
get_case (Fixture *f, gint64 id)
{
  g_autoptr(GError) error = NULL;
  GVariant *c = NULL;

  docket_dbus_hearings_call_get_case_sync (f->hearings, id, TRUE, &c, NULL, &error);
  g_assert_no_error (error);
  return c;
}

static char *
panel_text (DocketHearingRoom *room)
{
  GtkWidget *list = docket_hearing_room_get_widget (room, "panel_list");
  GString *s = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row))
      g_string_append_printf (s, "%s|", adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  return g_string_free (s, FALSE);
}

static gboolean
panel_shows (DocketHearingRoom *room, const char *text)
{
  g_autofree char *panel = panel_text (room);

  return strstr (panel, text) != NULL;
}

static void
set_text (GtkWidget *view, const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
}

/* The toplevel window titled @title, or NULL. */
static GtkWindow *
find_window (const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (g_strcmp0 (gtk_window_get_title (w), title) == 0 && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

static char *
window_text (GtkWindow *window)
{
  GtkWidget *w = GTK_WIDGET (window);

  /* The statement window holds one text view. */
  while (w && !GTK_IS_TEXT_VIEW (w))
    {
      GtkWidget *next = gtk_widget_get_first_child (w);
      if (next == NULL)
        {
          while (w && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          next = w ? gtk_widget_get_next_sibling (w) : NULL;
        }
      w = next;
    }
  return w ? docket_text_view_get (GTK_TEXT_VIEW (w)) : NULL;
}

/* The search of the national register a grant needs (2022 Act s.3). */
static void
search_register (const char *licence)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_sync (bus, DOCKET_DBUS_NAME, DOCKET_DBUS_PATH,
      DOCKET_DBUS_IFACE_HEARINGS, "AddRegisterSearch",
      g_variant_new_parsed ("(%s, {'result': <'no-match'>})", licence), NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL,
      &error);
  g_assert_no_error (error);
}

/* At the hearing: a board member's advice appears live on the
 * decision-maker's screen; a decision without reasons is refused with the
 * daemon's message; the decision is confirmed with its legal effect and
 * recorded. */
static void
test_room (Fixture *f, gconstpointer data)
{
  gint64 case_id = 0;
  gint64 hearing = open_hearing_case (f, &case_id);
  DocketWindow *dm_window = open_window (f, "commissioner");
  DocketWindow *member_window = open_window (f, "member1");
  DocketHearingRoom *room = DOCKET_HEARING_ROOM (docket_window_get_view (dm_window, "room"));
  DocketHearingRoom *mroom = DOCKET_HEARING_ROOM (docket_window_get_view (member_window, "room"));
  AdwMessageDialog *dialog;
  g_autoptr(GVariant) decided = NULL;
  g_autofree char *refusal = NULL;
  gboolean review;
  const char *bad, *good, *effect;

  docket_window_open_room (dm_window, hearing);
  docket_window_open_room (member_window, hearing);
  WAIT_UNTIL (docket_hearing_room_get_hearing (room) && docket_hearing_room_get_hearing (mroom));
  /* The room shows a case by itself without reading its secrets: nobody
   * has opened it yet. */
  WAIT_UNTIL (docket_hearing_room_get_case (room) != NULL);
  g_assert_null (docket_lookup (docket_hearing_room_get_case (room), "grounds"));
  g_assert_cmpuint (audit_count (f, "commissioner", "case.read-sensitive"), ==, 0);
  docket_hearing_room_select_case (room, case_id);
  docket_hearing_room_select_case (mroom, case_id);
  WAIT_UNTIL (docket_hearing_room_get_case (room) && docket_lookup_id (docket_hearing_room_get_case (room), "id") == case_id);
  WAIT_UNTIL (docket_hearing_room_get_case (mroom) && docket_lookup_id (docket_hearing_room_get_case (mroom), "id") == case_id);
  /* Outcomes that suit the case's kind. */
  review = g_strcmp0 (docket_lookup (docket_hearing_room_get_case (room), "kind"), "review") == 0;
  bad = review ? "revoked" : "refused";
  good = review ? "warning" : "granted";
  effect = review ? "formal warning" : "active at once";
  if (!review)
    search_register (docket_lookup (docket_hearing_room_get_case (room), "licence"));

  /* The chair is marked absent, then present again, from the panel list. */
  {
    GtkWidget *list = docket_hearing_room_get_widget (room, "panel_list");
    GtkSwitch *chair = NULL;
    for (GtkWidget *row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row))
      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "user"), "chair") == 0)
        {
          GtkWidget *w = GTK_WIDGET (row);
          while (w && !GTK_IS_SWITCH (w))
            w = gtk_widget_get_first_child (w) ? gtk_widget_get_first_child (w)
              : gtk_widget_get_next_sibling (w) ? gtk_widget_get_next_sibling (w)
              : gtk_widget_get_next_sibling (gtk_widget_get_parent (w));
          chair = GTK_SWITCH (w);
        }
    g_assert_nonnull (chair);
    /* Whatever it was: present, then absent, in that order. */
    gtk_switch_set_active (chair, TRUE);
    gtk_switch_set_active (chair, FALSE);
    WAIT_UNTIL (panel_shows (room, "Board member · absent"));
  }
  {
    g_autoptr(GVariant) h = get_hearing (f, hearing);
    g_autoptr(GVariant) panel = g_variant_lookup_value (h, "panel", G_VARIANT_TYPE ("aa{sv}"));
    gboolean chair_present = TRUE;
    for (gsize i = 0; i < g_variant_n_children (panel); i++)
      {
        g_autoptr(GVariant) m = g_variant_get_child_value (panel, i);
        if (g_strcmp0 (docket_lookup (m, "user"), "chair") == 0)
          chair_present = docket_lookup_bool (m, "present");
      }
    g_assert_false (chair_present);
  }

  /* What each may do at this sole hearing. */
  g_assert_true (gtk_widget_get_visible (docket_hearing_room_get_widget (room, "decision_group")));
  g_assert_false (gtk_widget_get_visible (docket_hearing_room_get_widget (room, "advice_group")));
  g_assert_false (gtk_widget_get_visible (docket_hearing_room_get_widget (mroom, "decision_group")));
  g_assert_true (gtk_widget_get_visible (docket_hearing_room_get_widget (mroom, "advice_group")));

  /* Advice from member1's client shows on the decision-maker's screen. */
  gtk_editable_set_text (GTK_EDITABLE (docket_hearing_room_get_widget (mroom, "advice_entry")),
                         "A written warning would be proportionate");
  gtk_widget_activate_action (GTK_WIDGET (mroom), "room.advise", NULL);
  WAIT_UNTIL (panel_shows (room, "Advice: A written warning would be proportionate"));
  /* Opened once, read once: the live refresh is the same reading. */
  WAIT_UNTIL (docket_lookup (docket_hearing_room_get_case (room), "grounds") != NULL);
  g_assert_cmpuint (audit_count (f, "commissioner", "case.read-sensitive"), ==, 1);

  /* A revocation (or refusal) without reasons: stopped before any
   * confirmation, at the reasons, in people's words; typing clears it. */
  docket_hearing_room_set_decision (room, "attended", bad);
  set_text (docket_hearing_room_get_widget (room, "reasons_view"), "");
  gtk_widget_activate_action (GTK_WIDGET (room), "room.record", NULL);
  g_assert_null (docket_hearing_room_get_confirmation (room));
  g_assert_true (gtk_widget_has_css_class (docket_hearing_room_get_widget (room, "reasons_view"), "error"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (docket_hearing_room_get_widget (room, "decision_error"))), ==,
                   "Give the reasons for the decision: the statement of decision must state them");
  set_text (docket_hearing_room_get_widget (room, "reasons_view"), "Dishonesty proved");
  g_assert_false (gtk_widget_has_css_class (docket_hearing_room_get_widget (room, "reasons_view"), "error"));
  g_assert_false (gtk_widget_get_visible (docket_hearing_room_get_widget (room, "decision_error")));

  /* A decision date that is no date: "13 is not a month", at the field. */
  gtk_editable_set_text (GTK_EDITABLE (docket_hearing_room_get_widget (room, "decided_row")), "2026-13-01");
  gtk_widget_activate_action (GTK_WIDGET (room), "room.record", NULL);
  g_assert_null (docket_hearing_room_get_confirmation (room));
  g_assert_true (gtk_widget_has_css_class (docket_hearing_room_get_widget (room, "decided_row"), "error"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (docket_hearing_room_get_widget (room, "decision_error"))), ==,
                   "13 is not a month");

  /* What only docketd can check (a decision date to come): confirmed,
   * refused, and shown at the field docketd names; nothing recorded. */
  gtk_editable_set_text (GTK_EDITABLE (docket_hearing_room_get_widget (room, "decided_row")), "1 Jan 2099");
  g_assert_false (gtk_widget_has_css_class (docket_hearing_room_get_widget (room, "decided_row"), "error"));
  gtk_widget_activate_action (GTK_WIDGET (room), "room.record", NULL);
  WAIT_UNTIL ((dialog = docket_hearing_room_get_confirmation (room)) != NULL);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), review ? "21 days after the statement of decision"
                                                                         : "refused at once"));
  adw_message_dialog_response (dialog, "record");
  WAIT_UNTIL (gtk_widget_get_visible (docket_hearing_room_get_widget (room, "decision_error")));
  refusal = g_strdup_printf ("Case %" G_GINT64_FORMAT ": decision date 1 Jan 2099 is in the future", case_id);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (docket_hearing_room_get_widget (room, "decision_error"))), ==,
                   refusal);
  g_assert_true (gtk_widget_has_css_class (docket_hearing_room_get_widget (room, "decided_row"), "error"));
  gtk_editable_set_text (GTK_EDITABLE (docket_hearing_room_get_widget (room, "decided_row")), "");
  g_assert_false (gtk_widget_has_css_class (docket_hearing_room_get_widget (room, "decided_row"), "error"));
  decided = get_case (f, case_id);
  g_assert_cmpstr (docket_lookup (decided, "outcome"), ==, "pending");
  g_clear_pointer (&decided, g_variant_unref);

  /* A warning (or a grant) with reasons. */
  docket_hearing_room_set_decision (room, "attended", good);
  set_text (docket_hearing_room_get_widget (room, "reasons_view"), "Overcharging proved; first offence");
  gtk_widget_activate_action (GTK_WIDGET (room), "room.record", NULL);
  WAIT_UNTIL ((dialog = docket_hearing_room_get_confirmation (room)) != NULL);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), effect));
  adw_message_dialog_response (dialog, "record");
  WAIT_UNTIL (g_strcmp0 (docket_lookup (docket_hearing_room_get_case (room), "outcome"), good) == 0);
  decided = get_case (f, case_id);
  g_assert_cmpstr (docket_lookup (decided, "outcome"), ==, good);
  g_assert_cmpstr (docket_lookup (decided, "attendance"), ==, "attended");
  /* The member's screen follows, and offers no more advice. */
  WAIT_UNTIL (g_strcmp0 (docket_lookup (docket_hearing_room_get_case (mroom), "outcome"), good) == 0);
  g_assert_false (gtk_widget_get_visible (docket_hearing_room_get_widget (mroom, "advice_group")));
  g_assert_true (gtk_widget_get_visible (docket_hearing_room_get_widget (room, "decided_group")));

  /* The statement of decision opens by itself once the decision is
   * recorded, as a document (no "=====" underline), and again from the
   * room. */
  WAIT_UNTIL (docket_hearing_room_get_statement_window (room) != NULL);
  {
    g_autofree char *text = window_text (GTK_WINDOW (docket_hearing_room_get_statement_window (room)));
    g_assert_nonnull (strstr (text, "STATEMENT OF DECISION"));
    g_assert_null (strstr (text, "====="));
    gtk_window_destroy (GTK_WINDOW (docket_hearing_room_get_statement_window (room)));
  }
  gtk_widget_activate_action (GTK_WIDGET (room), "room.statement", NULL);
  {
    GtkWindow *statement = NULL;
    g_autofree char *text = NULL;
    WAIT_UNTIL ((statement = find_window ("Statement of Decision")) != NULL);
    text = window_text (statement);
    g_assert_nonnull (text);
    g_assert_nonnull (strstr (text, "STATEMENT OF DECISION"));
    g_assert_nonnull (strstr (text, "Overcharging proved; first offence"));
    g_assert_nonnull (strstr (text, docket_lookup (docket_hearing_room_get_case (room), "licence")));
    gtk_window_destroy (statement);
  }
  /* And saves as PDF. */
  {
    g_autofree char *pdf = g_build_filename (f->dir, "statement.pdf", NULL);
    g_autofree char *bytes = NULL;
    gsize len = 0;
    docket_hearing_room_save_statement_to (room, pdf);
    WAIT_UNTIL (g_file_test (pdf, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_get_contents (pdf, &bytes, &len, NULL));
    g_assert_cmpuint (len, >, 1000);
    g_assert_true (g_str_has_prefix (bytes, "%PDF-"));
  }
}

/* The decision form asks for the offence or concern behind a revocation
 * or refusal (for the annual return), and not behind a warning or grant;
 * what is chosen is recorded as stated. */
static void
test_concern (Fixture *f, gconstpointer data)
{
  gint64 case_id = 0;
  gint64 hearing = open_hearing_case (f, &case_id);
  DocketWindow *window = open_window (f, "commissioner");
  DocketHearingRoom *room = DOCKET_HEARING_ROOM (docket_window_get_view (window, "room"));
  GtkWidget *concern_row = NULL;
  AdwMessageDialog *dialog;
  g_autoptr(GVariant) decided = NULL, decisions = NULL, last = NULL;
  gboolean review;
  const char *bad, *good;

  docket_window_open_room (window, hearing);
  WAIT_UNTIL (docket_hearing_room_get_hearing (room) != NULL);
  docket_hearing_room_select_case (room, case_id);
  WAIT_UNTIL (docket_hearing_room_get_case (room) && docket_lookup_id (docket_hearing_room_get_case (room), "id") == case_id);
  review = g_strcmp0 (docket_lookup (docket_hearing_room_get_case (room), "kind"), "review") == 0;
  bad = review ? "revoked" : "refused";
  good = review ? "warning" : "granted";
  concern_row = docket_hearing_room_get_widget (room, "concern_row");
  g_assert_nonnull (concern_row);

  docket_hearing_room_set_decision (room, "attended", good);
  g_assert_false (gtk_widget_get_visible (concern_row));
  docket_hearing_room_set_decision (room, "attended", bad);
  g_assert_true (gtk_widget_get_visible (concern_row));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (concern_row)), ==, 0);   /* worked out */
  adw_combo_row_set_selected (ADW_COMBO_ROW (concern_row), 2);                            /* violence */
  set_text (docket_hearing_room_get_widget (room, "reasons_view"), "Assault on a passenger proved");
  gtk_widget_activate_action (GTK_WIDGET (room), "room.record", NULL);
  WAIT_UNTIL ((dialog = docket_hearing_room_get_confirmation (room)) != NULL);
  adw_message_dialog_response (dialog, "record");
  WAIT_UNTIL (g_strcmp0 (docket_lookup (docket_hearing_room_get_case (room), "outcome"), bad) == 0);

  decided = get_case (f, case_id);
  decisions = g_variant_lookup_value (decided, "decisions", G_VARIANT_TYPE ("aa{sv}"));
  g_assert_cmpuint (g_variant_n_children (decisions), ==, 1);
  last = g_variant_get_child_value (decisions, 0);
  g_assert_cmpstr (docket_lookup (last, "concern"), ==, "violence");
  g_assert_true (docket_lookup_bool (last, "concern-stated"));
}

/* The statistics shown are the daemon's, with the chart's months; the CSV
 * export writes the table. */
static void
test_statistics (Fixture *f, gconstpointer data)
{
  DocketWindow *window = open_window (f, "internalaudit");
  DocketStatsView *view = DOCKET_STATS_VIEW (docket_window_get_view (window, "statistics"));
  g_autoptr(DocketDBusStatistics) stats = NULL;
  g_autoptr(GVariant) rows = NULL, totals = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = docket_today_text ();
  g_autofree char *to = g_strndup (today, 7);
  g_autofree char *from = g_strdup_printf ("%d%s", atoi (today) - 1, today + 4);
  g_autofree char *csv_path = g_build_filename (f->dir, "stats.csv", NULL);
  g_autofree char *csv = NULL;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  from[7] = '\0';
  stats = docket_dbus_statistics_proxy_new_sync (g_dbus_proxy_get_connection (G_DBUS_PROXY (f->hearings)),
                                                 G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                                                 DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, NULL, &error);
  g_variant_builder_add (&b, "{sv}", "from", g_variant_new_string (from));
  g_variant_builder_add (&b, "{sv}", "to", g_variant_new_string (to));
  g_variant_builder_add (&b, "{sv}", "by", g_variant_new_string ("month"));
  docket_dbus_statistics_call_get_sync (stats, g_variant_builder_end (&b), &rows, &totals, NULL, &error);
  g_assert_no_error (error);

  docket_stats_view_set_range (view, from, to, TRUE);
  WAIT_UNTIL (docket_stats_view_get_rows (view) &&
              g_variant_n_children (docket_stats_view_get_rows (view)) == g_variant_n_children (rows));
  g_assert_true (g_variant_equal (docket_stats_view_get_totals (view), totals));
  g_assert_true (g_variant_equal (docket_stats_view_get_rows (view), rows));
  g_assert_cmpuint (docket_lookup_uint (totals, "listed"), >, 50);
  g_assert_cmpuint (docket_chart_get_months (DOCKET_CHART (docket_stats_view_get_widget (view, "chart"))), ==,
                    g_variant_n_children (rows));

  /* The audit and training figures for the same months, as docketd counts them. */
  {
    g_autoptr(GVariant) crows = NULL;
    docket_dbus_statistics_call_compliance_sync (stats,
        g_variant_new_parsed ("{'from': <%s>, 'to': <%s>}", from, to), &crows, NULL, &error);
    g_assert_no_error (error);
    WAIT_UNTIL (docket_stats_view_get_compliance (view) != NULL &&
                g_variant_equal (docket_stats_view_get_compliance (view), crows));
    g_assert_cmpuint (g_variant_n_children (crows), ==, g_variant_n_children (rows));
  }

  docket_stats_view_export_to (view, "csv", csv_path);
  WAIT_UNTIL (g_file_test (csv_path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "month,listed,did_not_attend,deferred,granted,refused,no_action,"
                                        "suspended,revoked,warnings,surrendered,withdrawn,pending\r\n"));

  /* A month that is none: said at the field before docketd is asked, and
   * cleared when the field changes. */
  docket_stats_view_set_range (view, "2026-13", to, TRUE);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (docket_stats_view_get_widget (view, "error_label"))), ==,
                   "13 is not a month");
  g_assert_true (gtk_widget_has_css_class (docket_stats_view_get_widget (view, "from_entry"), "error"));
  gtk_editable_set_text (GTK_EDITABLE (docket_stats_view_get_widget (view, "from_entry")), from);
  g_assert_false (gtk_widget_has_css_class (docket_stats_view_get_widget (view, "from_entry"), "error"));
  g_assert_false (gtk_widget_get_visible (docket_stats_view_get_widget (view, "error_label")));

  /* A range docketd refuses (its end before its start): its message at the
   * field it names. */
  docket_stats_view_set_range (view, to, from, TRUE);
  WAIT_UNTIL (gtk_widget_get_visible (docket_stats_view_get_widget (view, "error_label")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (docket_stats_view_get_widget (view, "error_label"))),
                            " is after to "));
  g_assert_true (gtk_widget_has_css_class (docket_stats_view_get_widget (view, "from_entry"), "error"));
}

static DocketDBusStatistics *
statistics_proxy (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  DocketDBusStatistics *stats = docket_dbus_statistics_proxy_new_sync (
      g_dbus_proxy_get_connection (G_DBUS_PROXY (f->hearings)), G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
      DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, NULL, &error);

  g_assert_no_error (error);
  return stats;
}

/* The number docketctl printed at the end of its line ("Listed case 156"). */
static char *
printed_id (char *out)
{
  g_autofree char *text = g_strstrip (out);
  const char *last = strrchr (text, ' ');

  return g_strdup (last ? last + 1 : text);
}

/* @licence's licence revoked at @hearing on @date for @concern. */
static void
revoke_at (const char *hearing, const char *licence, const char *date, const char *concern)
{
  g_autofree char *out = NULL, *err = NULL, *case_id = NULL;

  g_assert_cmpint (docket_test_ctl (&out, &err, "--as", "jsmith", "hearing", "add-case", hearing, licence, "--kind",
                                    "review", "--grounds", "Indecent assault on a passenger", NULL), ==, 0);
  case_id = printed_id (g_steal_pointer (&out));
  g_free (docket_test_ok ("commissioner", "case", "record", case_id, "--outcome", "revoked", "--attendance",
                          "attended", "--reasons", "Indecent assault on a passenger", "--decided", date,
                          "--concern", concern, NULL));
}

static DocketAnnualReturn *
show_annual (DocketWindow *window)
{
  DocketStatsView *view = DOCKET_STATS_VIEW (docket_window_get_view (window, "statistics"));

  docket_window_show_view (window, "statistics");
  gtk_stack_set_visible_child_name (GTK_STACK (docket_stats_view_get_widget (view, "pages")), "annual");
  return DOCKET_ANNUAL_RETURN (docket_stats_view_get_widget (view, "annual"));
}

static const char *
annual_value (DocketAnnualReturn *annual, const char *figure)
{
  GtkWidget *row = docket_annual_return_get_row (annual, figure);

  return row ? docket_annual_return_row_value (row) : NULL;
}

/* Every figure of docketd's @result shown with docketd's label and value. */
static void
assert_annual_shown (DocketAnnualReturn *annual, GVariant *result)
{
  g_autoptr(GVariant) figures = g_variant_lookup_value (result, "figures", G_VARIANT_TYPE ("aa{sv}"));

  g_assert_cmpuint (g_variant_n_children (figures), >, 30);
  for (gsize i = 0; i < g_variant_n_children (figures); i++)
    {
      g_autoptr(GVariant) fig = g_variant_get_child_value (figures, i);
      GtkWidget *row = docket_annual_return_get_row (annual, docket_lookup (fig, "figure"));
      g_autofree char *value = NULL;
      double share;

      if (g_variant_lookup (fig, "share", "d", &share))
        value = g_strdup_printf ("%u (%.1f%%)", docket_lookup_uint (fig, "value"), share);
      else
        value = g_strdup_printf ("%u", docket_lookup_uint (fig, "value"));
      g_assert_nonnull (row);
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, docket_lookup (fig, "label"));
      g_assert_cmpstr (docket_annual_return_row_value (row), ==, value);
    }
}

/* The annual return of the latest year whose 1 April has come, as docketd
 * counts it: a revocation for a sexual offence decided in that year shows
 * under Revocations, and a second one follows live; Save as CSV and PDF
 * write docketd's documents; an auditor sees what a figure counts (a
 * reading docketd audits) and goes from a row to the driver; a board
 * member sees the figures but cannot open them. */
static void
test_annual_return (Fixture *f, gconstpointer data)
{
  g_autoptr(DocketDBusStatistics) stats = statistics_proxy (f);
  g_autofree char *today = docket_today_text ();
  guint year = docket_annual_return_latest_year (today);
  g_autofree char *date = g_strdup_printf ("%u-03-10", year);
  g_autofree char *csv_path = g_build_filename (f->dir, "annual.csv", NULL);
  g_autofree char *pdf_path = g_build_filename (f->dir, "annual.pdf", NULL);
  g_autofree char *csv = NULL, *pdf = NULL, *hearing = NULL, *line = NULL;
  g_autoptr(GVariant) first = free_driver (f);
  g_autoptr(GVariant) second = NULL, result = NULL;
  g_autoptr(GError) error = NULL;
  DocketWindow *window = open_window (f, "internalaudit");
  DocketWindow *member = open_window (f, "member1");
  DocketAnnualReturn *annual = show_annual (window);
  DocketAnnualReturn *mannual = show_annual (member);
  DocketFigureWindow *figure;
  GVariant *rows;

  g_assert_cmpuint (docket_annual_return_get_year (annual), ==, year);
  hearing = printed_id (docket_test_ok ("jsmith", "hearing", "schedule", "--date", date, "--time", "10:00",
                                        "--venue", "Committee Room 4", "--decision-maker", "commissioner", NULL));
  revoke_at (hearing, docket_lookup (first, "licence"), date, "sexual");
  docket_dbus_statistics_call_annual_sync (stats, g_variant_new_parsed ("{'year': <%u>}", year), &result, NULL,
                                           &error);
  g_assert_no_error (error);
  WAIT_UNTIL (g_strcmp0 (annual_value (annual, "revoked.sexual"), "1") == 0);
  g_assert_true (g_variant_equal (docket_annual_return_get_result (annual), result));
  assert_annual_shown (annual, result);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
                       docket_annual_return_get_row (annual, "revoked.sexual"))), ==, "Sexual offences");
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (
                       docket_annual_return_get_row (annual, "revoked.sexual"), ADW_TYPE_PREFERENCES_GROUP))), ==,
                   "Revocations in the Year");

  /* Another decision: the return shown is counted again. */
  second = free_driver (f);
  revoke_at (hearing, docket_lookup (second, "licence"), date, "sexual");
  WAIT_UNTIL (g_strcmp0 (annual_value (annual, "revoked.sexual"), "2") == 0);

  docket_annual_return_save_to (annual, "csv", csv_path);
  docket_annual_return_save_to (annual, "pdf", pdf_path);
  WAIT_UNTIL (g_file_test (csv_path, G_FILE_TEST_EXISTS) && g_file_test (pdf_path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "year,group,figure,label,value,share\r\n"));
  line = g_strdup_printf ("\r\n%u,revoked,revoked.sexual,Sexual offences,2,\r\n", year);
  g_assert_nonnull (strstr (csv, line));
  g_assert_true (g_file_get_contents (pdf_path, &pdf, NULL, NULL));
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));

  /* What the figure counts: the two cases, the reading audited. */
  g_assert_cmpuint (audit_count (f, "internalaudit", "statistics.explain"), ==, 0);
  gtk_widget_activate (docket_annual_return_get_row (annual, "revoked.sexual"));
  WAIT_UNTIL ((figure = docket_annual_return_get_figure_window (annual)) != NULL &&
              docket_figure_window_get_rows (figure) != NULL);
  rows = docket_figure_window_get_rows (figure);
  g_assert_cmpuint (g_variant_n_children (rows), ==, 2);
  g_assert_cmpstr (gtk_label_get_label (docket_figure_window_get_widget (figure, "summary_label")), ==,
                   "This figure counts 2 rows.");
  for (gsize i = 0; i < 2; i++)
    {
      g_autoptr(GVariant) r = g_variant_get_child_value (rows, i);
      const char *l = docket_lookup (r, "licence");
      g_assert_true (g_str_equal (l, docket_lookup (first, "licence")) || g_str_equal (l, docket_lookup (second, "licence")));
      g_assert_cmpstr (docket_lookup (r, "date"), ==, date);
      g_assert_cmpint (docket_lookup_id (r, "case"), >, 0);
    }
  g_assert_cmpuint (audit_count (f, "internalaudit", "statistics.explain"), ==, 1);
  g_signal_emit_by_name (docket_figure_window_get_widget (figure, "column_view"), "activate", 0);
  {
    g_autoptr(GVariant) r = g_variant_get_child_value (rows, 0);
    WAIT_UNTIL (g_strcmp0 (docket_driver_page_get_licence (driver_page_of (window)), docket_lookup (r, "licence")) == 0);
  }

  /* A board member: the same figures, none to open. */
  WAIT_UNTIL (g_strcmp0 (annual_value (mannual, "revoked.sexual"), "2") == 0);
  g_assert_false (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (
                      docket_annual_return_get_row (mannual, "revoked.sexual"))));

  /* The year before: its own return. */
  docket_annual_return_set_year (annual, year - 1);
  WAIT_UNTIL (docket_annual_return_get_result (annual) != NULL &&
              docket_lookup_uint (docket_annual_return_get_result (annual), "year") == year - 1);
  g_assert_cmpstr (annual_value (annual, "revoked.sexual"), ==, "0");
}

/* The audit log for an auditor, and its verification. */
static void
test_audit (Fixture *f, gconstpointer data)
{
  DocketWindow *window = open_window (f, "internalaudit");
  DocketAuditView *view = DOCKET_AUDIT_VIEW (docket_window_get_view (window, "audit"));

  WAIT_UNTIL (docket_audit_view_get_count (view) == 100);
  gtk_widget_activate_action (GTK_WIDGET (view), "audit.verify", NULL);
  WAIT_UNTIL (docket_audit_view_get_verdict (view) != NULL);
  g_assert_true (g_str_has_prefix (docket_audit_view_get_verdict (view), "The audit log is intact: "));
  gtk_widget_activate_action (GTK_WIDGET (view), "audit.more", NULL);
  WAIT_UNTIL (docket_audit_view_get_count (view) == 200);
  gtk_editable_set_text (GTK_EDITABLE (docket_audit_view_get_widget (view, "action_entry")), "hearing.schedule");
  gtk_widget_activate_action (GTK_WIDGET (view), "audit.filter", NULL);
  WAIT_UNTIL (docket_audit_view_get_count (view) == 28);   /* the demo's hearing days */

  /* The log is followed live, with the filter kept: a day scheduled now
   * appears without pressing Filter. */
  {
    g_autofree char *later = NULL;
    g_autofree char *today = docket_today_text ();
    later = docket_date_add_days (today, 40);
    g_free (docket_test_ok ("jsmith", "hearing", "schedule", "--date", later, "--time", "10:00", "--venue",
                            "Committee Room 2", "--decision-maker", "commissioner", NULL));
  }
  WAIT_UNTIL (docket_audit_view_get_count (view) == 29);
}

/* The public record of decisions: previewed from the window's menu, as
 * the public will read it; saved as HTML; refused to a board member with
 * the roles it needs. */
static void
test_publication (Fixture *f, gconstpointer data)
{
  DocketWindow *window = open_window (f, "jsmith");
  DocketWindow *member = open_window (f, "member1");
  DocketPublicationWindow *pub = docket_publication_window_new (GTK_WINDOW (window),
                                                                docket_window_get_client (window));
  DocketPublicationWindow *refused = docket_publication_window_new (GTK_WINDOW (member),
                                                                    docket_window_get_client (member));
  g_autofree char *today = docket_today_text ();
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "docket-test-publication.html", NULL);
  g_autofree char *html = NULL;
  GVariant *records;

  g_object_add_weak_pointer (G_OBJECT (pub), (gpointer *) &pub);
  gtk_window_present (GTK_WINDOW (pub));
  docket_publication_window_show (pub, "2000-01-01", today);
  WAIT_UNTIL (docket_publication_window_get_records (pub) != NULL);
  records = docket_publication_window_get_records (pub);
  g_assert_cmpuint (g_variant_n_children (records), >, 0);
  for (gsize i = 0; i < g_variant_n_children (records); i++)
    {
      g_autoptr(GVariant) r = g_variant_get_child_value (records, i);
      g_assert_nonnull (docket_lookup (r, "decision"));
      g_assert_nonnull (docket_lookup (r, "decided-by"));
      g_assert_cmpstr (docket_lookup (r, "decision"), !=, "withdrawn");
    }
  docket_publication_window_save (pub, "html", path);
  WAIT_UNTIL (docket_publication_window_saved (pub));
  g_assert_true (g_file_get_contents (path, &html, NULL, NULL));
  g_assert_nonnull (strstr (html, "Record of taxi and private hire driver licensing decisions"));
  g_unlink (path);

  WAIT_UNTIL (docket_publication_window_get_error (refused) != NULL);
  g_assert_nonnull (strstr (docket_publication_window_get_error (refused), "officer"));
  gtk_window_destroy (GTK_WINDOW (refused));
  gtk_window_destroy (GTK_WINDOW (pub));
}

static GVariant *
compliance_call (const char *method, GVariant *args)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GError) error = NULL;
  GVariant *reply = g_dbus_connection_call_sync (bus, DOCKET_DBUS_NAME, DOCKET_DBUS_PATH,
                                                 DOCKET_DBUS_IFACE_COMPLIANCE, method, args, NULL,
                                                 G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  return reply;
}

static gboolean
flag_is (gint64 id, const char *status)
{
  g_autoptr(GVariant) reply = compliance_call ("GetFlag", g_variant_new ("(x)", id));
  g_autoptr(GVariant) flag = g_variant_get_child_value (reply, 0);
  return g_strcmp0 (docket_lookup (flag, "status"), status) == 0;
}

static guint
run_count (void)
{
  g_autoptr(GVariant) r = compliance_call ("ListRuns", g_variant_new_parsed ("({'limit': <@u 100>},)"));
  g_autoptr(GVariant) runs = g_variant_get_child_value (r, 0);
  return (guint) g_variant_n_children (runs);
}

/* The officer's queue of audit flags: the demo's open flags listed with
 * the latest run's figures; one dismissed with a reason and one referred
 * to a hearing to come, each leaving the open list; an audit run from the
 * button; and the flag and training shown on the driver's page. */
static void
test_flags (Fixture *f, gconstpointer data)
{
  DocketWindow *window = open_window (f, "jsmith");
  DocketFlagsView *view = DOCKET_FLAGS_VIEW (docket_window_get_view (window, "flags"));
  DocketDriversView *drivers = DOCKET_DRIVERS_VIEW (docket_window_get_view (window, "drivers"));
  DocketDriverPage *page = DOCKET_DRIVER_PAGE (docket_drivers_view_get_widget (drivers, "driver_page"));
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) flags = NULL;
  g_autoptr(GVariant) a = NULL;
  g_autoptr(GVariant) b = NULL;
  g_autofree char *figures = NULL;
  g_autofree char *today = docket_today ();
  guint total = 0, runs_before;
  gint64 hearing;

  /* Two open flags of licences still held (a licence revoked since the
   * audit keeps its flag until the next run). */
  reply = compliance_call ("ListFlags", g_variant_new_parsed ("({'status': <'open'>, 'limit': <@u 1000>},)"));
  g_variant_get (reply, "(@aa{sv}u)", &flags, &total);
  for (gsize i = 0; i < g_variant_n_children (flags) && b == NULL; i++)
    {
      g_autoptr(GVariant) fl = g_variant_get_child_value (flags, i);
      if (g_strcmp0 (docket_lookup (fl, "driver-status"), "active") != 0)
        continue;
      if (a == NULL)
        a = g_steal_pointer (&fl);
      else if (g_strcmp0 (docket_lookup (fl, "licence"), docket_lookup (a, "licence")) != 0)
        b = g_steal_pointer (&fl);
    }
  g_assert_nonnull (b);

  WAIT_UNTIL (docket_flags_view_get_count (view) == MIN (total, 200));
  WAIT_UNTIL (docket_flags_view_get_figures (view) != NULL);
  g_assert_true (g_str_has_prefix (docket_flags_view_get_figures (view), "Latest audit, "));
  g_assert_nonnull (strstr (docket_flags_view_get_figures (view), "adhere to the policy"));
  figures = g_strdup (docket_flags_view_get_figures (view));

  /* Dismissed with a reason: it leaves the open list. */
  docket_flags_view_dismiss (view, docket_lookup_id (a, "id"), "The Update Service was checked by phone");
  WAIT_UNTIL (flag_is (docket_lookup_id (a, "id"), "dismissed"));
  if (total <= 200)
    WAIT_UNTIL (docket_flags_view_get_count (view) == total - 1);

  /* Referred to a hearing to come. */
  {
    g_autofree char *date = docket_date_add_days (today, 30);
    g_autoptr(GError) error = NULL;
    g_assert_true (docket_dbus_hearings_call_schedule_sync (f->hearings,
        g_variant_new_parsed ("{'date': <%s>, 'time': <'10:00'>, 'venue': <'Town Hall'>, "
                              "'decision-maker': <'commissioner'>}", date), &hearing, NULL, &error));
    g_assert_no_error (error);
  }
  docket_flags_view_refer (view, docket_lookup_id (b, "id"), hearing);
  WAIT_UNTIL (flag_is (docket_lookup_id (b, "id"), "referred"));

  /* An audit run from the button adds a run. */
  runs_before = run_count ();
  gtk_widget_activate_action (GTK_WIDGET (view), "flags.run-audit", NULL);
  WAIT_UNTIL (run_count () == runs_before + 1);
  /* The dismissed flag is not raised again on the same evidence. */
  g_assert_true (flag_is (docket_lookup_id (a, "id"), "dismissed"));

  /* The driver's page shows the training, the DBS checks and the flags. */
  docket_window_show_driver (window, docket_lookup (a, "licence"));
  WAIT_UNTIL (gtk_widget_get_visible (docket_driver_page_get_widget (page, "flags_group")));
  g_assert_true (gtk_widget_get_visible (docket_driver_page_get_widget (page, "compliance_group")));
  g_assert_nonnull (gtk_widget_get_first_child (docket_driver_page_get_widget (page, "compliance_list")));
  g_assert_true (gtk_widget_get_visible (docket_driver_page_get_widget (page, "compliance_actions")));

  /* Training and a DBS check recorded from the page's forms, with
   * docketd's errors at their field first. */
  {
    const char *licence = docket_lookup (a, "licence");
    DocketDriverEditor *editor = docket_training_editor_present (GTK_WIDGET (page), docket_window_get_client (window),
                                                                 licence);
    g_autofree char *future = docket_date_add_days (today, 3);
    g_autoptr(GVariant) c = NULL;
    g_autoptr(GVariant) training = NULL;
    g_autoptr(GVariant) checks = NULL;
    gsize n_checks;

    g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
    docket_driver_editor_set_field (editor, "date", future);
    docket_driver_editor_set_field (editor, "provider", "Safeguarding Training Ltd");
    docket_driver_editor_save (editor);
    WAIT_UNTIL (docket_driver_editor_get_error (editor, "date") != NULL);
    g_assert_nonnull (strstr (docket_driver_editor_get_error (editor, "date"), "is in the future"));
    docket_driver_editor_set_field (editor, "date", today);
    docket_driver_editor_save (editor);
    WAIT_UNTIL (editor == NULL);

    reply = (g_variant_unref (reply), compliance_call ("GetDriver", g_variant_new ("(sb)", licence, FALSE)));
    c = g_variant_get_child_value (reply, 0);
    training = g_variant_lookup_value (c, "training", G_VARIANT_TYPE ("aa{sv}"));
    g_assert_cmpuint (g_variant_n_children (training), >=, 1);
    checks = g_variant_lookup_value (c, "dbs-checks", G_VARIANT_TYPE ("aa{sv}"));
    n_checks = g_variant_n_children (checks);

    editor = docket_dbs_editor_present (GTK_WIDGET (page), docket_window_get_client (window), licence);
    g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
    docket_driver_editor_set_field (editor, "date", today);
    docket_driver_editor_set_field (editor, "kind", "update-service");
    docket_driver_editor_set_field (editor, "result", "clear");
    docket_driver_editor_set_field (editor, "certificate", "12AB");
    docket_driver_editor_save (editor);
    WAIT_UNTIL (docket_driver_editor_get_error (editor, "certificate") != NULL);
    docket_driver_editor_set_field (editor, "certificate", "");
    docket_driver_editor_save (editor);
    WAIT_UNTIL (editor == NULL);
    g_clear_pointer (&c, g_variant_unref);
    g_clear_pointer (&checks, g_variant_unref);
    reply = (g_variant_unref (reply), compliance_call ("GetDriver", g_variant_new ("(sb)", licence, FALSE)));
    c = g_variant_get_child_value (reply, 0);
    checks = g_variant_lookup_value (c, "dbs-checks", G_VARIANT_TYPE ("aa{sv}"));
    g_assert_cmpuint (g_variant_n_children (checks), ==, n_checks + 1);
  }
}

/* docketd stops: the window says so; it starts again: the window is back. */
static void
test_reconnect (Fixture *f, gconstpointer data)
{
  DocketWindow *window = open_window (f, NULL);
  DocketDriversView *view = DOCKET_DRIVERS_VIEW (docket_window_get_view (window, "drivers"));

  WAIT_UNTIL (docket_driver_list_get_total (docket_drivers_view_get_list (view)) == 300);
  docket_test_daemon_stop (f->daemon);
  WAIT_UNTIL (g_strcmp0 (docket_window_get_state (window), "offline") == 0);
  start_daemon (f);
  WAIT_UNTIL (g_strcmp0 (docket_window_get_state (window), "views") == 0);
  WAIT_UNTIL (docket_driver_list_get_total (docket_drivers_view_get_list (view)) == 300);
}

/* In Welsh: the client follows the locale ($LANGUAGE here, as the build's
 * catalogue is used), in its templates and in the labels it makes. */
static void
test_welsh (Fixture *f, gconstpointer data)
{
  g_autofree char *podir = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  DocketWindow *window;
  DocketDriversView *view;
  GtkWidget *drivers;
  AdwViewStack *stack;

  bindtextdomain (GETTEXT_PACKAGE, podir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_setenv ("LANGUAGE", "cy", TRUE);
  textdomain (GETTEXT_PACKAGE);   /* makes gettext read $LANGUAGE again */

  window = open_window (f, "jsmith");
  view = DOCKET_DRIVERS_VIEW (docket_window_get_view (window, "drivers"));
  drivers = docket_window_get_view (window, "drivers");
  stack = ADW_VIEW_STACK (gtk_widget_get_parent (drivers));
  g_assert_cmpstr (adw_view_stack_page_get_title (adw_view_stack_get_page (stack, drivers)), ==, "Gyrwyr");
  WAIT_UNTIL (docket_driver_list_get_total (docket_drivers_view_get_list (view)) == 300);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (docket_drivers_view_get_widget (view, "count_label"))), ==,
                   "300 o yrwyr");
  g_assert_cmpstr (docket_label_outcome ("revoked"), ==, "Wedi’i dirymu");
  g_assert_cmpstr (docket_label_annual_figure ("revoked.sexual", "Sexual offences"), !=, "Sexual offences");
  g_assert_cmpstr (docket_label_annual_figure ("drivers.total", "x"), ==, "Pob gyrrwr trwyddedig");
  g_assert_cmpstr (docket_label_attendance ("did-not-attend"), ==, "Heb ddod");
  {
    g_autofree char *effect = docket_effect_sentence ("warning", NULL, FALSE, "2026-11-22");
    g_assert_cmpstr (effect, ==, "Bydd rhybudd ffurfiol yn cael ei gofnodi; nid yw’r drwydded yn newid.");
  }
  /* The Statistics view fits a narrow window in Welsh: its tables scroll
   * in their frames, its headings wrap, nothing widens the page. */
  {
    DocketStatsView *stats = DOCKET_STATS_VIEW (docket_window_get_view (window, "statistics"));
    GtkWidget *chart = docket_stats_view_get_widget (stats, "chart");
    docket_window_show_view (window, "statistics");
    gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
    WAIT_UNTIL (docket_stats_view_get_totals (stats) != NULL && gtk_widget_get_width (chart) > 0 &&
                gtk_widget_get_width (GTK_WIDGET (stats)) <= 900);
    for (int i = 0; i < 300; i++)
      g_main_context_iteration (NULL, FALSE), g_usleep (1000);
    /* The chart and its legend stay within the view, however wide the
     * table is. */
    g_assert_cmpint (gtk_widget_get_width (chart), <=, gtk_widget_get_width (GTK_WIDGET (stats)));
  }

  g_unsetenv ("LANGUAGE");
  textdomain (GETTEXT_PACKAGE);
  g_assert_cmpstr (docket_label_outcome ("revoked"), ==, "Revoked");
}

/* An active driver with no case yet (so none on today's demo day). */
static GVariant *
free_driver (Fixture *f)
{
  g_autoptr(GVariant) some = NULL;
  guint total;

  some = driver_list (f, "status", g_variant_new_string ("active"), &total);
  for (gsize i = 0; i < g_variant_n_children (some); i++)
    {
      g_autoptr(GVariant) d = g_variant_get_child_value (some, i);
      g_autoptr(GVariant) full = NULL;
      g_autoptr(GVariant) cases = NULL;
      g_autoptr(GError) error = NULL;
      docket_dbus_drivers_call_get_sync (f->drivers, docket_lookup (d, "licence"), FALSE, &full, NULL, &error);
      g_assert_no_error (error);
      cases = g_variant_lookup_value (full, "cases", G_VARIANT_TYPE ("aa{sv}"));
      if (cases == NULL || g_variant_n_children (cases) == 0)
        return g_variant_ref (d);
    }
  return NULL;
}

/* The first session of the README: you, with every role, schedule a day
 * for today with yourself as decision-maker, list a case, decide it in the
 * hearing room, and see it in the month's statistics. */
static void
test_own_hearing (Fixture *f, gconstpointer data)
{
  const char *me = g_get_user_name ();
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *today = docket_today_text ();
  g_autofree char *month = g_strndup (today, 7);
  DocketWindow *window;
  DocketHearingsView *hearings;
  DocketHearingRoom *room;
  DocketStatsView *stats;
  DocketHearingEditor *editor;
  AdwMessageDialog *dialog;
  g_autoptr(GVariant) driver = NULL, hearing = NULL, decided = NULL;
  guint granted_before = 0;
  gint64 id, case_id;

  /* As make demo does: the developer's stored role of decision-maker. */
  g_assert_cmpint (docket_test_ctl (&out, &err, "user", "grant", me, "decision-maker", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (docket_test_ctl (&out, &err, "user", "train", me, "--completed", "2000-01-01", "--course",
                                    "Licensing hearings: induction", NULL), ==, 0);
  window = open_window (f, NULL);
  hearings = DOCKET_HEARINGS_VIEW (docket_window_get_view (window, "hearings"));
  room = DOCKET_HEARING_ROOM (docket_window_get_view (window, "room"));
  stats = DOCKET_STATS_VIEW (docket_window_get_view (window, "statistics"));

  docket_stats_view_set_range (stats, month, month, TRUE);
  WAIT_UNTIL (docket_stats_view_get_totals (stats) != NULL);
  granted_before = docket_lookup_uint (docket_stats_view_get_totals (stats), "granted");

  editor = docket_hearing_editor_schedule (GTK_WIDGET (hearings), docket_window_get_client (window));
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  docket_hearing_editor_set_field (editor, "date", today);
  docket_hearing_editor_set_field (editor, "time", "09:00");
  docket_hearing_editor_set_field (editor, "venue", "Committee Room 3");
  docket_hearing_editor_set_field (editor, "decision-maker", me);
  docket_hearing_editor_save (editor);
  WAIT_UNTIL (editor == NULL);
  WAIT_UNTIL (docket_hearings_view_get_hearing (hearings) != NULL &&
              g_strcmp0 (docket_lookup (docket_hearings_view_get_hearing (hearings), "venue"), "Committee Room 3") == 0);
  id = docket_lookup_id (docket_hearings_view_get_hearing (hearings), "id");

  driver = free_driver (f);
  g_assert_nonnull (driver);
  editor = docket_hearing_editor_add_case (GTK_WIDGET (hearings), docket_window_get_client (window),
                                           docket_hearings_view_get_hearing (hearings));
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  docket_hearing_editor_pick_driver (editor, docket_lookup (driver, "licence"), docket_lookup (driver, "licence"));
  WAIT_UNTIL (docket_hearing_editor_get_picked (editor) != NULL);
  docket_hearing_editor_set_field (editor, "kind", "renewal");
  docket_hearing_editor_set_field (editor, "grounds", "Renewal with a spent caution");
  docket_hearing_editor_save (editor);
  WAIT_UNTIL (editor == NULL);
  hearing = get_hearing (f, id);
  {
    g_autoptr(GVariant) cases = g_variant_lookup_value (hearing, "cases", G_VARIANT_TYPE ("aa{sv}"));
    g_autoptr(GVariant) c = g_variant_get_child_value (cases, 0);
    case_id = docket_lookup_id (c, "id");
  }

  /* Open in the hearing room, as its button does. */
  gtk_widget_activate_action (GTK_WIDGET (hearings), "hearings.open-room", NULL);
  WAIT_UNTIL (docket_hearing_room_get_case (room) && docket_lookup_id (docket_hearing_room_get_case (room), "id") == case_id);
  g_assert_true (gtk_widget_get_visible (docket_hearing_room_get_widget (room, "decision_group")));
  search_register (docket_lookup (driver, "licence"));
  docket_hearing_room_set_decision (room, "attended", "granted");
  set_text (docket_hearing_room_get_widget (room, "reasons_view"), "The caution is spent and isolated");
  gtk_widget_activate_action (GTK_WIDGET (room), "room.record", NULL);
  WAIT_UNTIL ((dialog = docket_hearing_room_get_confirmation (room)) != NULL);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "active at once"));
  adw_message_dialog_response (dialog, "record");
  WAIT_UNTIL (g_strcmp0 (docket_lookup (docket_hearing_room_get_case (room), "outcome"), "granted") == 0);
  decided = get_case (f, case_id);
  g_assert_cmpstr (docket_lookup (decided, "outcome"), ==, "granted");
  g_assert_cmpstr (docket_lookup (decided, "licence-status"), ==, "active");

  /* The month's statistics follow without reloading. */
  WAIT_UNTIL (docket_lookup_uint (docket_stats_view_get_totals (stats), "granted") == granted_before + 1);
}

static guint
index_of_outcome (DocketHearingRoom *room, const char *label)
{
  GtkDropDown *dd = GTK_DROP_DOWN (docket_hearing_room_get_widget (room, "vote_outcome"));
  GListModel *model = gtk_drop_down_get_model (dd);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label) == 0)
      return i;
  g_error ("no outcome %s to vote for", label);
  return 0;
}

/* A panel: members vote from their own clients, the votes appear on the
 * chair's screen as they come, and the chair records the majority. */
static void
test_panel_room (Fixture *f, gconstpointer data)
{
  g_autofree char *today = docket_today_text ();
  g_autoptr(GVariant) driver = free_driver (f);
  g_autoptr(GVariant) decided = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) warnings = NULL;
  g_autofree char *case_text = NULL, *out = NULL, *err = NULL;
  const char * const board[] = { "member1", "member2", NULL };
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  DocketWindow *chair_window, *member_window;
  DocketHearingRoom *room, *mroom;
  AdwMessageDialog *dialog;
  gint64 hearing = 0, case_id = 0;

  g_assert_nonnull (driver);
  g_variant_builder_add (&b, "{sv}", "date", g_variant_new_string (today));
  g_variant_builder_add (&b, "{sv}", "time", g_variant_new_string ("16:00"));
  g_variant_builder_add (&b, "{sv}", "venue", g_variant_new_string ("Panel Room"));
  g_variant_builder_add (&b, "{sv}", "mode", g_variant_new_string ("panel"));
  g_variant_builder_add (&b, "{sv}", "decision-maker", g_variant_new_string ("chair"));
  g_variant_builder_add (&b, "{sv}", "board", g_variant_new_strv (board, -1));
  docket_dbus_hearings_call_schedule_sync (f->hearings, g_variant_builder_end (&b), &hearing, NULL, &error);
  g_assert_no_error (error);
  docket_dbus_hearings_call_add_case_sync (f->hearings, hearing, docket_lookup (driver, "licence"),
      g_variant_new_parsed ("{'kind': <'review'>, 'grounds': <'Rude to passengers twice'>}"),
      &case_id, &warnings, NULL, &error);
  g_assert_no_error (error);
  for (const char * const *m = (const char * const[]) { "chair", "member1", "member2", NULL }; *m; m++)
    {
      docket_dbus_hearings_call_set_presence_sync (f->hearings, hearing, *m, TRUE, NULL, &error);
      g_assert_no_error (error);
    }

  chair_window = open_window (f, "chair");
  member_window = open_window (f, "member1");
  room = DOCKET_HEARING_ROOM (docket_window_get_view (chair_window, "room"));
  mroom = DOCKET_HEARING_ROOM (docket_window_get_view (member_window, "room"));
  docket_window_open_room (chair_window, hearing);
  docket_window_open_room (member_window, hearing);
  WAIT_UNTIL (docket_hearing_room_get_case (room) && docket_lookup_id (docket_hearing_room_get_case (room), "id") == case_id);
  WAIT_UNTIL (docket_hearing_room_get_case (mroom) && docket_lookup_id (docket_hearing_room_get_case (mroom), "id") == case_id);

  /* In panel mode members vote; nobody advises; the chair also decides. */
  g_assert_true (gtk_widget_get_visible (docket_hearing_room_get_widget (mroom, "vote_group")));
  g_assert_false (gtk_widget_get_visible (docket_hearing_room_get_widget (mroom, "advice_group")));
  g_assert_false (gtk_widget_get_visible (docket_hearing_room_get_widget (mroom, "decision_group")));
  g_assert_true (gtk_widget_get_visible (docket_hearing_room_get_widget (room, "vote_group")));
  g_assert_true (gtk_widget_get_visible (docket_hearing_room_get_widget (room, "decision_group")));

  /* member1 votes from their client: the chair sees it. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (docket_hearing_room_get_widget (mroom, "vote_outcome")),
                              index_of_outcome (mroom, "Warning"));
  gtk_widget_activate_action (GTK_WIDGET (mroom), "room.vote", NULL);
  WAIT_UNTIL (panel_shows (room, "Vote: Warning"));

  /* The chair votes; member2 votes with docketctl; then the chair records. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (docket_hearing_room_get_widget (room, "vote_outcome")),
                              index_of_outcome (room, "Warning"));
  gtk_widget_activate_action (GTK_WIDGET (room), "room.vote", NULL);
  case_text = g_strdup_printf ("%" G_GINT64_FORMAT, case_id);
  g_assert_cmpint (docket_test_ctl (&out, &err, "--as", "member2", "case", "vote", case_text, "--outcome",
                                    "no-action", NULL), ==, 0);
  WAIT_UNTIL (panel_shows (room, "Vote: No action"));

  docket_hearing_room_set_decision (room, "attended", "warning");
  set_text (docket_hearing_room_get_widget (room, "reasons_view"), "The panel found the complaints proved");
  gtk_widget_activate_action (GTK_WIDGET (room), "room.record", NULL);
  WAIT_UNTIL ((dialog = docket_hearing_room_get_confirmation (room)) != NULL);
  adw_message_dialog_response (dialog, "record");
  WAIT_UNTIL (g_strcmp0 (docket_lookup (docket_hearing_room_get_case (room), "outcome"), "warning") == 0);
  decided = get_case (f, case_id);
  g_assert_cmpstr (docket_lookup (decided, "outcome"), ==, "warning");
  {
    g_autoptr(GVariant) versions = g_variant_lookup_value (decided, "decisions", G_VARIANT_TYPE ("aa{sv}"));
    g_autoptr(GVariant) v1 = g_variant_get_child_value (versions, 0);
    g_assert_cmpstr (docket_lookup (v1, "tally"), ==, "1 no-action, 2 warning");
  }
}

/* With $DOCKET_TEST_SHOT set, saves @widget as that PNG, to look at. */
static void
maybe_save (GtkWidget *widget)
{
  const char *path = g_getenv ("DOCKET_TEST_SHOT");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  int w, h;

  if (path == NULL)
    return;
  for (int i = 0; i < 100; i++)
    g_main_context_iteration (NULL, FALSE), g_usleep (5000);
  w = gtk_widget_get_width (widget);
  h = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  gdk_texture_save_to_png (texture, path);
}

static DocketConnectDialog *
find_connect_dialog (void)
{
  GListModel *tops = gtk_window_get_toplevels ();   /* GTK's own */

  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (tops, i);
      if (DOCKET_IS_CONNECT_DIALOG (w))
        return DOCKET_CONNECT_DIALOG (w);
    }
  return NULL;
}

/* Connect to Server…: a name that is no server is refused at the field; a
 * server that cannot be reached says so and is remembered; an empty name
 * comes back to this computer, where the views work again. */
static void
test_connect (Fixture *f, gconstpointer data)
{
  DocketWindow *window = open_window (f, NULL);
  DocketClient *client = docket_window_get_client (window);
  DocketConnectDialog *dialog;
  g_auto(GStrv) recent = NULL;
  GtkWidget *entry;

  /* Reaching a server is tried with an ssh that fails at once. */
  g_setenv ("DOCKET_SSH", "false", TRUE);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.connect", NULL);
  WAIT_UNTIL (find_connect_dialog () != NULL);
  dialog = find_connect_dialog ();
  entry = GTK_WIDGET (docket_connect_dialog_get_entry (dialog));

  g_assert_false (docket_connect_dialog_connect (dialog, "jsmith@bad host"));
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_true (docket_client_get_connected (client));

  g_assert_true (docket_connect_dialog_connect (dialog, "jsmith@docket.invalid"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  WAIT_UNTIL (docket_client_get_problem (client) != NULL &&
              strstr (docket_client_get_problem (client), "Cannot reach docketd on jsmith@docket.invalid") != NULL);
  g_assert_false (docket_client_get_connected (client));
  g_assert_cmpstr (docket_client_get_host (client), ==, "jsmith@docket.invalid");
  g_assert_cmpstr (docket_window_get_state (window), ==, "offline");
  recent = docket_servers_load ();
  g_assert_cmpstr (recent[0], ==, "jsmith@docket.invalid");

  /* Back to this computer. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.connect", NULL);
  WAIT_UNTIL (find_connect_dialog () != NULL);
  dialog = find_connect_dialog ();
  g_assert_cmpstr (gtk_editable_get_text (docket_connect_dialog_get_entry (dialog)), ==, "jsmith@docket.invalid");
  maybe_save (GTK_WIDGET (dialog));
  g_assert_true (docket_connect_dialog_connect (dialog, ""));
  gtk_window_destroy (GTK_WINDOW (dialog));
  WAIT_UNTIL (docket_client_get_connected (client));
  g_assert_null (docket_client_get_host (client));
  g_assert_cmpstr (docket_window_get_state (window), ==, "views");
  g_unsetenv ("DOCKET_SSH");
}

static guint
visible_columns (GListModel *columns)
{
  guint shown = 0;

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      shown += gtk_column_view_column_get_visible (column);
    }
  return shown;
}

static void
pause_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE), g_usleep (2000);
}

static GVariant *
retention_due (Fixture *f, const char *until, gboolean kept)
{
  g_autoptr(GError) error = NULL;
  GVariant *rows = NULL;

  docket_dbus_drivers_call_retention_due_sync (f->drivers,
                                               g_variant_new_parsed ("{'until': <%s>, 'kept': <%b>}", until, kept),
                                               &rows, NULL, &error);
  g_assert_no_error (error);
  return rows;
}

static DocketRetentionWindow *
find_retention_window (void)
{
  GListModel *tops = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (tops, i);
      if (DOCKET_IS_RETENTION_WINDOW (w))
        return DOCKET_RETENTION_WINDOW (w);
    }
  return NULL;
}

static gboolean
rows_hold (GVariant *rows, const char *licence, const char *kept_prefix)
{
  for (gsize i = 0; i < g_variant_n_children (rows); i++)
    {
      g_autoptr(GVariant) r = g_variant_get_child_value (rows, i);
      if (g_str_equal (docket_lookup (r, "licence"), licence))
        return kept_prefix == NULL || g_str_has_prefix (docket_lookup (r, "kept"), kept_prefix);
    }
  return FALSE;
}

/* What the retention schedule erases next, from the window's menu: the
 * records docketd lists by a date, in the window's list; one a legal hold
 * keeps only among those kept; a date that is none said at the field; a
 * row leads to its driver. A board member has no such window. */
static void
test_retention (Fixture *f, gconstpointer data)
{
  DocketWindow *officer = open_window (f, "jsmith");
  DocketWindow *member = open_window (f, "member1");
  g_autofree char *today = docket_today_text ();
  g_autofree char *month = docket_date_add_months (today, 1);
  g_autofree char *until = docket_date_add_years (today, 7);
  g_autoptr(GVariant) soon = retention_due (f, month, FALSE);
  g_autoptr(GVariant) due = retention_due (f, until, FALSE);
  g_autoptr(GVariant) first = NULL;
  g_autofree char *licence = NULL;
  DocketRetentionWindow *win;
  GVariant *rows;

  gtk_widget_activate_action (GTK_WIDGET (member), "win.retention", NULL);
  pause_ms (200);
  g_assert_null (find_retention_window ());
  gtk_widget_activate_action (GTK_WIDGET (officer), "win.retention", NULL);
  WAIT_UNTIL ((win = find_retention_window ()) != NULL && docket_retention_window_get_rows (win) != NULL);
  g_assert_true (g_variant_equal (docket_retention_window_get_rows (win), soon));

  docket_retention_window_show (win, until, FALSE);
  WAIT_UNTIL ((rows = docket_retention_window_get_rows (win)) != NULL);
  g_assert_true (g_variant_equal (rows, due));
  g_assert_cmpuint (g_variant_n_children (due), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (docket_retention_window_get_widget (win, "sort_model")), ==,
                    g_variant_n_children (due));
  first = g_variant_get_child_value (due, 0);
  licence = g_strdup (docket_lookup (first, "licence"));

  g_free (docket_test_ok ("jsmith", "driver", "hold", licence, "--reason", "Inquiry into the taxi trade", NULL));
  docket_retention_window_show (win, until, FALSE);
  WAIT_UNTIL ((rows = docket_retention_window_get_rows (win)) != NULL);
  g_assert_false (rows_hold (rows, licence, NULL));
  docket_retention_window_show (win, until, TRUE);
  WAIT_UNTIL ((rows = docket_retention_window_get_rows (win)) != NULL);
  g_assert_true (rows_hold (rows, licence, "legal hold placed on "));

  docket_retention_window_show (win, "2026-13-01", TRUE);
  g_assert_cmpstr (docket_retention_window_get_error (win), ==, "13 is not a month");
  g_assert_true (gtk_widget_has_css_class (docket_retention_window_get_widget (win, "until_entry"), "error"));

  docket_retention_window_show (win, until, TRUE);
  WAIT_UNTIL ((rows = docket_retention_window_get_rows (win)) != NULL);
  {
    g_autoptr(GVariant) r = g_variant_get_child_value (rows, 0);
    g_signal_emit_by_name (docket_retention_window_get_widget (win, "column_view"), "activate", 0);
    WAIT_UNTIL (g_strcmp0 (docket_driver_page_get_licence (driver_page_of (officer)), docket_lookup (r, "licence")) == 0);
  }
  gtk_window_destroy (GTK_WINDOW (win));
}

/* A phone-sized window, 360 px wide: no view, with a driver, a hearing and
 * a case open, makes the window wider; the drivers list keeps the licence,
 * name and status; the view switcher's titles are short, not cut. */
static void
test_narrow (Fixture *f, gconstpointer data)
{
  static const char * const views[] = { "drivers", "hearings", "room", "flags", "statistics", "audit" };
  gint64 case_id = 0;
  gint64 hearing = open_hearing_case (f, &case_id);
  DocketClient *client = g_object_ref (docket_application_get_client (app));
  DocketWindow *window = docket_window_new_for_client (app, client);
  GtkWidget *drivers = docket_window_get_view (window, "drivers");
  GtkWidget *room = docket_window_get_view (window, "room");
  AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_ancestor (room, ADW_TYPE_VIEW_STACK));
  GListModel *columns;
  int min = 0;

  g_ptr_array_add (f->clients, client);
  g_ptr_array_add (f->windows, window);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 760);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (docket_client_get_connected (client) && gtk_widget_get_width (GTK_WIDGET (window)) > 0);
  WAIT_UNTIL (docket_driver_list_get_total (docket_drivers_view_get_list (DOCKET_DRIVERS_VIEW (drivers))) == 300);
  docket_window_show_driver (window, "HC-00008");
  docket_window_show_hearing (window, hearing);
  docket_window_open_room (window, hearing);
  WAIT_UNTIL (docket_hearing_room_get_hearing (DOCKET_HEARING_ROOM (room)) != NULL);
  docket_hearing_room_select_case (DOCKET_HEARING_ROOM (room), case_id);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      docket_window_show_view (window, views[i]);
      pause_ms (300);
      gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
      g_test_message ("%s: window %d px wide, at least %d", views[i], gtk_widget_get_width (GTK_WIDGET (window)), min);
      g_assert_cmpint (min, <=, 360);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
    }

  columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (docket_drivers_view_get_widget (DOCKET_DRIVERS_VIEW (drivers),
                                                                                           "column_view")));
  WAIT_UNTIL (visible_columns (columns) == 3);
  g_assert_cmpstr (adw_view_stack_page_get_title (adw_view_stack_get_page (stack, room)), ==, "Room");

  /* Wide again, everything is back. */
  docket_window_show_view (window, "drivers");
  pause_ms (300);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (window)) > 1000);
  WAIT_UNTIL (g_strcmp0 (adw_view_stack_page_get_title (adw_view_stack_get_page (stack, room)), "Hearing Room") == 0);
  WAIT_UNTIL (visible_columns (columns) == 6);
}

int
main (int argc, char **argv)
{
  GTestDBus *bus;
  int rc;

  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

  g_test_init (&argc, &argv, NULL);
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  /* GTestDBus unsets $DISPLAY; the windows need it (Xvfb's). */
  if (display)
    g_setenv ("DISPLAY", display, TRUE);
  g_setenv ("DOCKET_BUS", "session", TRUE);

  app = docket_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add ("/client/drivers", Fixture, NULL, setup, test_drivers, teardown);
  g_test_add ("/client/driver-editor", Fixture, NULL, setup, test_driver_editor, teardown);
  g_test_add ("/client/reveal", Fixture, NULL, setup, test_reveal, teardown);
  g_test_add ("/client/legal-hold", Fixture, NULL, setup, test_legal_hold, teardown);
  g_test_add ("/client/erased", Fixture, CLOCK, setup, test_erased, teardown);
  g_test_add ("/client/retention", Fixture, NULL, setup, test_retention, teardown);
  g_test_add ("/client/schedule", Fixture, NULL, setup, test_schedule, teardown);
  g_test_add ("/client/room", Fixture, NULL, setup, test_room, teardown);
  g_test_add ("/client/concern", Fixture, NULL, setup, test_concern, teardown);
  g_test_add ("/client/statistics", Fixture, NULL, setup, test_statistics, teardown);
  g_test_add ("/client/annual-return", Fixture, NULL, setup, test_annual_return, teardown);
  g_test_add ("/client/audit", Fixture, NULL, setup, test_audit, teardown);
  g_test_add ("/client/flags", Fixture, NULL, setup, test_flags, teardown);
  g_test_add ("/client/keyboard", Fixture, NULL, setup, test_keyboard, teardown);
  g_test_add_func ("/client/dates", test_dates);
  g_test_add ("/client/narrow", Fixture, NULL, setup, test_narrow, teardown);
  g_test_add ("/client/publication", Fixture, NULL, setup, test_publication, teardown);
  g_test_add ("/client/own-hearing", Fixture, NULL, setup, test_own_hearing, teardown);
  g_test_add ("/client/panel-room", Fixture, NULL, setup, test_panel_room, teardown);
  g_test_add ("/client/reconnect", Fixture, NULL, setup, test_reconnect, teardown);
  g_test_add ("/client/welsh", Fixture, NULL, setup, test_welsh, teardown);
  g_test_add ("/client/connect", Fixture, NULL, setup, test_connect, teardown);
  rc = g_test_run ();
  /* The application keeps the session bus connection to the end, so the
   * bus is stopped rather than brought down (which waits for it to go). */
  g_test_dbus_stop (bus);
  return rc;
}
