/* bench-driver-list: how fast the client's driver list answers against
 * the docketd on the session bus, as ratios to a floor measured in the same
 * run (a WhoAmI round trip). Run by tools/bench-client.sh; not a test. */
#include "config.h"

#include <stdlib.h>

#include "docket-client.h"
#include "docket-driver-list.h"
#include "docket-names.h"

#define RUNS 7

static void
iterate_until (gboolean (*done) (gpointer), gpointer data)
{
  gint64 end = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        g_error ("timed out");
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (200);
    }
}

static gboolean
connected (gpointer data)
{
  return docket_client_get_connected (data);
}

typedef struct {
  DocketDriverList *list;
  guint             position;
  guint             total;      /* 0: any */
} Want;

static gboolean
loaded (gpointer data)
{
  Want *w = data;
  g_autoptr(DocketDriverRow) row = NULL;

  if (docket_driver_list_get_busy (w->list) && docket_driver_list_get_total (w->list) == 0)
    return FALSE;
  if (w->total && docket_driver_list_get_total (w->list) != w->total)
    return FALSE;
  if (docket_driver_list_get_total (w->list) <= w->position)
    return FALSE;
  row = g_list_model_get_item (G_LIST_MODEL (w->list), w->position);
  return row && docket_driver_row_get_loaded (row) && !docket_driver_list_get_busy (w->list);
}

static int
cmp (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *v, int n)
{
  qsort (v, n, sizeof *v, cmp);
  return v[n / 2];
}

int
main (int argc, char **argv)
{
  g_autoptr(DocketClient) client = docket_client_new (G_BUS_TYPE_SESSION, NULL);
  g_autoptr(GError) error = NULL;
  double floor_ms[31], t[RUNS];
  double floor;
  guint total;

  iterate_until (connected, client);

  for (int i = 0; i < 31; i++)
    {
      g_autofree char *user = NULL;
      g_auto(GStrv) roles = NULL;
      gint64 start = g_get_monotonic_time ();
      if (!docket_dbus_users_call_who_am_i_sync (docket_client_get_users (client), &user, &roles, NULL, &error))
        g_error ("%s", error->message);
      floor_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
  floor = median (floor_ms, 31);

  {
    g_autoptr(DocketDriverList) probe = docket_driver_list_new (client);
    Want w = { probe, 0, 0 };
    iterate_until (loaded, &w);
    total = docket_driver_list_get_total (probe);
  }
  g_print ("drivers: %u\nfloor (WhoAmI round trip, median of 31): %.2f ms\n\n", total, floor);
  g_print ("%-44s %10s %10s\n", "operation (median of 7)", "ms", "x floor");

#define MEASURE(label, setup, want_position, want_total)                              \
  for (int r = 0; r < RUNS; r++)                                                     \
    {                                                                                \
      g_autoptr(DocketDriverList) list = docket_driver_list_new (client);            \
      Want w0 = { list, 0, 0 };                                                      \
      Want w = { list, want_position, want_total };                                  \
      gint64 start;                                                                  \
      iterate_until (loaded, &w0);                                                   \
      start = g_get_monotonic_time ();                                               \
      setup;                                                                         \
      iterate_until (loaded, &w);                                                    \
      t[r] = (g_get_monotonic_time () - start) / 1000.0;                             \
    }                                                                                \
  g_print ("%-44s %10.2f %10.1f\n", label, median (t, RUNS), median (t, RUNS) / floor);

  for (int r = 0; r < RUNS; r++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(DocketDriverList) list = docket_driver_list_new (client);
      Want w = { list, 0, 0 };
      iterate_until (loaded, &w);
      t[r] = (g_get_monotonic_time () - start) / 1000.0;
    }
  g_print ("%-44s %10.2f %10.1f\n", "open the register: count and first page", median (t, RUNS), median (t, RUNS) / floor);

  MEASURE ("jump to the last page (scrollbar to the end)",
           { g_autoptr(GObject) o = g_list_model_get_item (G_LIST_MODEL (list), total - 1); },
           total - 1, 0);
  MEASURE ("jump to the middle", { g_autoptr(GObject) o = g_list_model_get_item (G_LIST_MODEL (list), total / 2); },
           total / 2, 0);
  MEASURE ("sort by name, descending: first page", docket_driver_list_set_sort (list, "name", TRUE), 0, 0);
  MEASURE ("sort by expiry: last page",
           { docket_driver_list_set_sort (list, "expires", FALSE);
             iterate_until (loaded, &w0);
             g_autoptr(GObject) o = g_list_model_get_item (G_LIST_MODEL (list), total - 1); },
           total - 1, 0);
  MEASURE ("filter: suspended, first page", docket_driver_list_set_filter (list, "suspended", NULL, NULL, NULL), 0, 0);
  MEASURE ("search as you type: \"smi\"", docket_driver_list_set_search (list, "smi"), 0, 0);
  MEASURE ("search: a licence number", docket_driver_list_set_search (list, "00010"), 0, 0);
  return 0;
}
