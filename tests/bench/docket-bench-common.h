/* What docketd's benchmarks share: timing, the echo floor, docketd on the
 * private bus they run on. Not a test. */
#pragma once

#include <gio/gio.h>

#define ECHO_NAME  "org.docket.BenchEcho"
#define ECHO_IFACE "org.docket.BenchEcho"

typedef struct {
  double median;
  double p99;
  double max;
} Stats;

extern GDBusConnection *bus;          /* this process's connection */
extern GSubprocess     *docketd;      /* the docketd started */
extern const char      *docketd_config;
/* What the echo service's Page method answers (set before it is called):
 * the floor for a call that returns rows. */
extern GVariant        *echo_page;

Stats      stats_of      (GArray *ms);
double     now_ms        (void);
/* The echo floor: a service on its own connection in a thread of this
 * process; @data receives the connection once it owns its name. */
gpointer   echo_thread   (gpointer data);
GVariant  *call          (const char *dest, const char *path, const char *iface, const char *method,
                          GVariant *args, GError **error);
/* A call to docketd that must succeed. */
GVariant  *docket        (const char *iface, const char *method, GVariant *args);
/* Milliseconds per call of @fn over @n runs after @warm. */
Stats      measure       (guint warm, guint n, void (*fn) (guint i, gpointer data), gpointer data);
gboolean   rm_rf         (const char *path);
void       start_docketd (const char *state);
void       stop_docketd  (void);
guint64    docketd_kib   (const char *field);
/* Drivers.Import of the CSV at @path: the count imported. */
guint      import_file   (const char *path);
/* @cases cases listed in sole hearings of 50 (each a new driver REC-n),
 * attendance recorded, the caller their trained decision-maker: to decide
 * one by one. */
gint64    *prepare_record_cases (guint cases);
