/* The intake: bounds on what docketd takes in from the bus, applied on
 * GDBus's worker thread as each call arrives, before it is queued for the
 * main thread. A call over a bound is answered at once with an error and
 * dropped, so that a flood of calls cannot grow docketd's memory however
 * slowly the main thread works. GDBus offers a server no limit of its own
 * (its worker reads and queues whatever the bus delivers); this filter is
 * where one can be set. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The largest call docketd takes, in bytes of its arguments; Transfers.
 * Write may carry a part of DOCKET_TRANSFER_CHUNK_MAX and a little more. */
#define DOCKET_INTAKE_MAX_CALL_BYTES      (1024u * 1024)
/* Calls of one bus connection in progress at once: the desktop client
 * sends a few dozen at once when a window fills. */
#define DOCKET_INTAKE_MAX_CALLS           64
/* The bytes of all calls in progress at once; beyond them only small
 * calls (at most DOCKET_INTAKE_SMALL_CALL_BYTES) are taken, so that an
 * officer's ordinary calls still pass while someone floods. */
#define DOCKET_INTAKE_MAX_BYTES_IN_FLIGHT (64u * 1024 * 1024)
#define DOCKET_INTAKE_SMALL_CALL_BYTES    (4u * 1024)

typedef struct _DocketIntake DocketIntake;

/* Called on the main thread with calls the intake refused since the last
 * time: @count calls of @method ("Drivers.Get") from the bus name
 * @sender, the last for @reason. */
typedef void (*DocketIntakeRefused) (const char *sender,
                                     const char *method,
                                     const char *reason,
                                     guint       count,
                                     gpointer    user_data);

DocketIntake *docket_intake_new         (GDBusConnection     *connection,
                                         DocketIntakeRefused  refused,
                                         gpointer             user_data);
void          docket_intake_free        (DocketIntake        *self);
/* Calls and bytes in progress now, for tests and benchmarks. */
void          docket_intake_get_load    (DocketIntake        *self,
                                         guint               *calls,
                                         guint64             *bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DocketIntake, docket_intake_free)

G_END_DECLS
