/* Fuzz target: the CSV import parser, and every row it yields. */
#include "config.h"

#include "docket-csv-import.h"
#include "docket-fuzz.h"

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DocketCsvTable) table = docket_csv_import_parse ((const char *) data, size, &error);
  GVariant *row;
  guint line = 0;

  if (table == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  while ((row = docket_csv_table_next (table, &line, NULL)) != NULL)
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(GVariant) rec = docket_validate_record (docket_driver_fields, row, TRUE, &local);
      g_assert_true ((rec == NULL) == (local != NULL));
      g_variant_unref (row);
    }
  return 0;
}
