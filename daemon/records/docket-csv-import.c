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
  GPtrArray        *rows;      /* CsvRow */
  guint             line;      /* physical line being fed */
  guint             record_line;
  GError           *error;
} ParseState;

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
  if (st->rows->len >= MAX_ROWS)
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
  g_ptr_array_add (st->rows, row);

out:
  g_ptr_array_set_size (st->fields, 0);
}

DocketCsvTable *
docket_csv_import_parse (const char  *data,
                         gsize        len,
                         GError     **error)
{
  struct csv_parser parser;
  ParseState st = { 0 };
  gsize pos = 0;
  DocketCsvTable *result = NULL;

  if (csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    {
      g_set_error_literal (error, DOCKET_ERROR, DOCKET_ERROR_FAILED, "Cannot start the CSV parser");
      return NULL;
    }

  st.fields = g_ptr_array_new_with_free_func (g_free);
  st.rows = g_ptr_array_new_with_free_func ((GDestroyNotify) csv_row_free);

  /* Fed one physical line at a time so that errors can name the line a
   * record starts on, even when a quoted field spans lines. */
  while (pos < len && st.error == NULL)
    {
      const char *nl = memchr (data + pos, '\n', len - pos);
      gsize chunk = nl ? (gsize) (nl - (data + pos)) + 1 : len - pos;

      st.line++;
      if (parser.pstate == 0)  /* libcsv's ROW_NOT_BEGUN */
        st.record_line = st.line;
      if (csv_parse (&parser, data + pos, chunk, on_field, on_record, &st) != chunk)
        {
          g_set_error (&st.error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "Line %u: malformed CSV (%s)", st.line,
                       csv_strerror (csv_error (&parser)));
          break;
        }
      pos += chunk;
    }
  if (st.error == NULL && csv_fini (&parser, on_field, on_record, &st) != 0)
    g_set_error (&st.error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                 "Line %u: malformed CSV at the end of the file (an unclosed quote?)",
                 st.record_line);
  csv_free (&parser);

  if (st.error == NULL && st.header == NULL)
    g_set_error_literal (&st.error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                         "Line 1: the file is empty; it needs a header line");

  if (st.error != NULL)
    {
      g_propagate_error (error, st.error);
      g_ptr_array_unref (st.rows);
      if (st.header)
        g_ptr_array_unref (st.header);
    }
  else
    {
      result = g_new0 (DocketCsvTable, 1);
      result->rows = st.rows;
      result->header = st.header;
    }
  g_ptr_array_unref (st.fields);
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
                       guint    *line)
{
  DocketCsvTable *table = data;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  CsvRow *row;

  if (table->next >= table->rows->len)
    return NULL;
  row = table->rows->pdata[table->next++];
  for (guint i = 0; row->cells[i]; i++)
    if (*row->cells[i] != '\0')  /* an empty cell leaves the field unset */
      g_variant_builder_add (&b, "{sv}", table->header->pdata[i],
                             g_variant_new_string (row->cells[i]));
  *line = row->line;
  return g_variant_ref_sink (g_variant_builder_end (&b));
}
