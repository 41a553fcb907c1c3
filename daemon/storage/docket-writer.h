/* The one writer: a thread that runs the tasks given to it one at a time,
 * in the order given. The store owns one (docket_store_start_writer()) and
 * runs every write on it, with a connection of its own. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _DocketWriter DocketWriter;
typedef void (*DocketWriterFunc) (gpointer data);

DocketWriter *docket_writer_new        (void);
/* Runs @func (@data) on the writer thread after every task given before,
 * then @destroy (@data). Callable from any thread. */
void          docket_writer_push       (DocketWriter     *self,
                                        DocketWriterFunc  func,
                                        gpointer          data,
                                        GDestroyNotify    destroy);
/* Whether the calling thread is the writer. */
gboolean      docket_writer_is_current (DocketWriter     *self);
/* Blocks until every task given has run (not on the writer thread). */
void          docket_writer_wait_idle  (DocketWriter     *self);
/* Runs the tasks still waiting, then ends the thread and frees @self. */
void          docket_writer_free       (DocketWriter     *self);

G_END_DECLS
