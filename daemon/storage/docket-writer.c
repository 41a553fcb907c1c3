/* The one writer: see docket-writer.h. */
#include "config.h"

#include "docket-writer.h"

struct _DocketWriter
{
  GThread      *thread;
  GAsyncQueue  *queue;      /* Task, in order; &stop_task ends the thread */
  GMainContext *context;    /* the thread's default: what a task starts there ends there */
  GMutex        lock;
  GCond         idle;
  guint         pending;    /* tasks given and not yet run, under @lock */
};

typedef struct {
  DocketWriterFunc func;
  gpointer         data;
  GDestroyNotify   destroy;
} Task;

static Task stop_task;

static gpointer
writer_thread (gpointer data)
{
  DocketWriter *self = data;

  g_main_context_push_thread_default (self->context);
  for (;;)
    {
      Task *task = g_async_queue_pop (self->queue);

      if (task == &stop_task)
        break;
      task->func (task->data);
      if (task->destroy != NULL)
        task->destroy (task->data);
      g_free (task);
      while (g_main_context_iteration (self->context, FALSE))
        ;
      g_mutex_lock (&self->lock);
      if (--self->pending == 0)
        g_cond_broadcast (&self->idle);
      g_mutex_unlock (&self->lock);
    }
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

DocketWriter *
docket_writer_new (void)
{
  DocketWriter *self = g_new0 (DocketWriter, 1);

  self->queue = g_async_queue_new ();
  self->context = g_main_context_new ();
  g_mutex_init (&self->lock);
  g_cond_init (&self->idle);
  self->thread = g_thread_new ("docketd-writer", writer_thread, self);
  return self;
}

void
docket_writer_push (DocketWriter     *self,
                    DocketWriterFunc  func,
                    gpointer          data,
                    GDestroyNotify    destroy)
{
  Task *task = g_new0 (Task, 1);

  task->func = func;
  task->data = data;
  task->destroy = destroy;
  g_mutex_lock (&self->lock);
  self->pending++;
  g_mutex_unlock (&self->lock);
  g_async_queue_push (self->queue, task);
}

gboolean
docket_writer_is_current (DocketWriter *self)
{
  return self != NULL && g_thread_self () == self->thread;
}

void
docket_writer_wait_idle (DocketWriter *self)
{
  g_return_if_fail (!docket_writer_is_current (self));
  g_mutex_lock (&self->lock);
  while (self->pending > 0)
    g_cond_wait (&self->idle, &self->lock);
  g_mutex_unlock (&self->lock);
}

void
docket_writer_free (DocketWriter *self)
{
  if (self == NULL)
    return;
  g_async_queue_push (self->queue, &stop_task);
  g_thread_join (self->thread);
  g_async_queue_unref (self->queue);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->idle);
  g_free (self);
}
