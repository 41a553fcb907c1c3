/* CSV as clients receive it (RFC 4180 quoting by libcsv). */
#include "config.h"

#include <csv.h>
#include <string.h>

#include "docket-csv-writer.h"

void
docket_csv_append_field (GString    *out,
                         const char *value,
                         gboolean    last)
{
  if (value != NULL && *value != '\0')
    {
      gsize len = strlen (value);

      if (strpbrk (value, ",\"\r\n") != NULL)
        {
          g_autofree char *buf = g_malloc (len * 2 + 2);
          gsize n = csv_write (buf, len * 2 + 2, value, len);
          g_string_append_len (out, buf, (gssize) n);
        }
      else
        g_string_append_len (out, value, (gssize) len);
    }
  g_string_append (out, last ? "\r\n" : ",");
}
