/* Parsing a CSV file of drivers (RFC 4180, libcsv) into rows. */
#include "config.h"

#include <string.h>
#include <csv.h>

#include "docket-csv-import.h"
#include "docket-error.h"
#include "docket-validate.h"

#define MAX_ROWS 1000000

typedef struct {
  guint   line;
  char  **cells;
} CsvRow;

struct _DocketCsvTable
{
  GPtrArray *header;  /* column keys */
  GPtrArray *rows;    /* CsvRow */
  guint      next;
};

typedef struct {
  GPtrArray        *header;    /* column keys, from line 1 */
  GPtrArray        *fields;    /* the current record's fields */
  GQueue            rows;      /* CsvRow, parsed and not yet taken */
  guint             n_rows;    /* all the rows so far */
  guint             line;      /* physical line being fed */
  guint             record_line;
  gboolean          line_start;  /* the next byte fed starts a line */
  GError           *error;
} ParseState;

/* A file read a piece at a time: only the rows parsed from the last piece
 * are in memory, not the file. */
struct _DocketCsvReader
{
  struct csv_parser parser;
  ParseState        st;
  DocketCsvRead     read;
  gpointer          read_data;
  gboolean          eof;
};

static void
csv_row_free (CsvRow *row)
{
  g_strfreev (row->cells);
  g_free (row);
}

static void
on_field (void *data, size_t len, void *user_data)
{
  ParseState *st = user_data;

  g_ptr_array_add (st->fields, g_strndup (data ? data : "", len));
}

static void
on_record (int term, void *user_data)
{
  ParseState *st = user_data;
  CsvRow *row;

  if (st->error != NULL)
    goto out;

  if (st->header == NULL)
    {
      st->header = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < st->fields->len; i++)
        {
          const char *key = st->fields->pdata[i];
          const DocketFieldSpec *spec = docket_field_spec_lookup (docket_driver_fields, key);

          if (spec == NULL)
            {
              g_autofree char *shown = g_utf8_make_valid (key, -1);
              g_set_error (&st->error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                           "Line %u: column %u has the unknown name '%s'",
                           st->record_line, i + 1, shown);
              goto out;
            }
          for (guint j = 0; j < st->header->len; j++)
            if (g_str_equal (st->header->pdata[j], key))
              {
                g_set_error (&st->error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                             "Line %u: column '%s' appears twice", st->record_line, key);
                goto out;
              }
          g_ptr_array_add (st->header, g_strdup (key));
        }
      for (const DocketFieldSpec *s = docket_driver_fields; s->key; s++)
        if (s->required && !g_ptr_array_find_with_equal_func (st->header, s->key, g_str_equal, NULL))
          {
            g_set_error (&st->error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                         "Line %u: the header has no '%s' column, which is required",
                         st->record_line, s->key);
            goto out;
          }
      goto out;
    }

  if (st->fields->len != st->header->len)
    {
      g_set_error (&st->error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "Line %u: has %u fields where the header has %u",
                   st->record_line, st->fields->len, st->header->len);
      goto out;
    }
  if (st->n_rows >= MAX_ROWS)
    {
      g_set_error (&st->error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "Line %u: an import holds at most %u rows", st->record_line, MAX_ROWS);
      goto out;
    }

  for (guint i = 0; i < st->fields->len; i++)
    if (!g_utf8_validate (st->fields->pdata[i], -1, NULL))
      {
        g_set_error (&st->error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                     "Line %u: column '%s' is not valid UTF-8",
                     st->record_line, (const char *) st->header->pdata[i]);
        goto out;
      }
  row = g_new0 (CsvRow, 1);
  row->line = st->record_line;
  g_ptr_array_add (st->fields, NULL);
  row->cells = (char **) g_ptr_array_steal (st->fields, NULL);
  g_queue_push_tail (&st->rows, row);
  st->n_rows++;

out:
  g_ptr_array_set_size (st->fields, 0);
}

/* Feeds @len bytes, a physical line at a time so that errors can name the
 * line a record starts on, even when a quoted field spans lines or a line
 * spans two pieces. */
static gboolean
feed (DocketCsvReader *r, const char *data, gsize len)
{
  ParseState *st = &r->st;
  gsize pos = 0;

  while (pos < len && st->error == NULL)
    {
      const char *nl = memchr (data + pos, '\n', len - pos);
      gsize chunk = nl ? (gsize) (nl - (data + pos)) + 1 : len - pos;

      if (st->line_start)
        {
          st->line++;
          if (r->parser.pstate == 0)  /* libcsv's ROW_NOT_BEGUN */
            st->record_line = st->line;
        }
      if (csv_parse (&r->parser, data + pos, chunk, on_field, on_record, st) != chunk)
        {
          g_set_error (&st->error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "Line %u: malformed CSV (%s)", st->line, csv_strerror (csv_error (&r->parser)));
          break;
        }
      st->line_start = nl != NULL;
      pos += chunk;
    }
  return st->error == NULL;
}

DocketCsvReader *
docket_csv_reader_new (DocketCsvRead read, gpointer read_data)
{
  DocketCsvReader *r = g_new0 (DocketCsvReader, 1);

  if (csv_init (&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    g_set_error_literal (&r->st.error, DOCKET_ERROR, DOCKET_ERROR_FAILED, "Cannot start the CSV parser");
  r->st.fields = g_ptr_array_new_with_free_func (g_free);
  g_queue_init (&r->st.rows);
  r->st.line_start = TRUE;
  r->read = read;
  r->read_data = read_data;
  return r;
}

void
docket_csv_reader_free (DocketCsvReader *r)
{
  if (r == NULL)
    return;
  csv_free (&r->parser);
  g_queue_clear_full (&r->st.rows, (GDestroyNotify) csv_row_free);
  g_ptr_array_unref (r->st.fields);
  if (r->st.header)
    g_ptr_array_unref (r->st.header);
  g_clear_error (&r->st.error);
  g_free (r);
}

/* The next row parsed, reading more of the file as needed; NULL at the end
 * of the file, or with @error. */
static CsvRow *
reader_pull (DocketCsvReader *r, GError **error)
{
  char buf[65536];

  while (g_queue_is_empty (&r->st.rows) && !r->eof && r->st.error == NULL)
    {
      gssize n = r->read (r->read_data, buf, sizeof buf, &r->st.error);

      if (n < 0)
        break;
      if (n > 0)
        {
          feed (r, buf, (gsize) n);
          continue;
        }
      r->eof = TRUE;
      if (csv_fini (&r->parser, on_field, on_record, &r->st) != 0 && r->st.error == NULL)
        g_set_error (&r->st.error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                     "Line %u: malformed CSV at the end of the file (an unclosed quote?)",
                     r->st.record_line);
      if (r->st.error == NULL && r->st.header == NULL)
        g_set_error_literal (&r->st.error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                             "Line 1: the file is empty; it needs a header line");
    }
  /* The rows parsed before a problem come first: the store may find an
   * earlier one in them. */
  if (!g_queue_is_empty (&r->st.rows))
    return g_queue_pop_head (&r->st.rows);
  if (r->st.error != NULL)
    g_propagate_error (error, g_error_copy (r->st.error));
  return NULL;
}

static GVariant *
row_record (GPtrArray *header, CsvRow *row, guint *line)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  for (guint i = 0; row->cells[i]; i++)
    if (*row->cells[i] != '\0')  /* an empty cell leaves the field unset */
      g_variant_builder_add (&b, "{sv}", header->pdata[i], g_variant_new_string (row->cells[i]));
  *line = row->line;
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

GVariant *
docket_csv_reader_next (gpointer data, guint *line, GError **error)
{
  DocketCsvReader *r = data;
  CsvRow *row = reader_pull (r, error);
  GVariant *record;

  if (row == NULL)
    return NULL;
  record = row_record (r->st.header, row, line);
  csv_row_free (row);
  return record;
}

typedef struct {
  const char *data;
  gsize       len;
  gsize       pos;
} Memory;

static gssize
read_memory (gpointer data, void *buf, gsize len, GError **error)
{
  Memory *m = data;
  gsize n = MIN (len, m->len - m->pos);

  memcpy (buf, m->data + m->pos, n);
  m->pos += n;
  return (gssize) n;
}

DocketCsvTable *
docket_csv_import_parse (const char  *data,
                         gsize        len,
                         GError     **error)
{
  Memory m = { data, len, 0 };
  DocketCsvReader *r = docket_csv_reader_new (read_memory, &m);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) csv_row_free);
  DocketCsvTable *result;
  CsvRow *row;
  GError *local = NULL;

  while ((row = reader_pull (r, &local)) != NULL)
    g_ptr_array_add (rows, row);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      docket_csv_reader_free (r);
      return NULL;
    }
  result = g_new0 (DocketCsvTable, 1);
  result->rows = g_steal_pointer (&rows);
  result->header = g_steal_pointer (&r->st.header);
  docket_csv_reader_free (r);
  return result;
}

void
docket_csv_table_free (DocketCsvTable *table)
{
  if (table == NULL)
    return;
  g_ptr_array_unref (table->rows);
  g_ptr_array_unref (table->header);
  g_free (table);
}

guint
docket_csv_table_rows (DocketCsvTable *table)
{
  return table->rows->len;
}

GVariant *
docket_csv_table_next (gpointer  data,
                       guint    *line,
                       GError  **error)
{
  DocketCsvTable *table = data;

  if (table->next >= table->rows->len)
    return NULL;
  return row_record (table->header, table->rows->pdata[table->next++], line);
}
