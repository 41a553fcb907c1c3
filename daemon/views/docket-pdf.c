/* PDF pages for docketd's documents: cairo's PDF surface with Pango text,
 * page breaks and a footer on every page. */
#include "config.h"

#include <cairo-pdf.h>
#include <string.h>

#include "docket-pdf.h"
#include "docket-error.h"


static cairo_status_t
pdf_write (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
pdf_footer (Pdf *pdf)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (pdf->cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 7");
  g_autofree char *text = g_strdup_printf ("%s — page %u", pdf->footer, pdf->page);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  cairo_set_source_rgb (pdf->cr, 0.35, 0.35, 0.35);
  cairo_move_to (pdf->cr, pdf->margin, pdf->height - pdf->margin * 0.6);
  pango_cairo_show_layout (pdf->cr, layout);
  cairo_set_source_rgb (pdf->cr, 0, 0, 0);
}

void
pdf_begin (Pdf *pdf, double width, double height, const char *title, const char *footer, const char *created)
{
  memset (pdf, 0, sizeof *pdf);
  pdf->out = g_byte_array_new ();
  pdf->width = width;
  pdf->height = height;
  pdf->margin = 50;
  pdf->y = pdf->margin;
  pdf->page = 1;
  pdf->footer = g_strdup (footer);
  pdf->surface = cairo_pdf_surface_create_for_stream (pdf_write, pdf->out, width, height);
  cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_CREATOR, "docketd " PACKAGE_VERSION);
  /* A fixed creation date makes the same document the same bytes, so its
   * hash can be checked again later. */
  if (created != NULL)
    cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_CREATE_DATE, created);
  pdf->cr = cairo_create (pdf->surface);
}

void
pdf_new_page (Pdf *pdf)
{
  pdf_footer (pdf);
  cairo_show_page (pdf->cr);
  pdf->page++;
  pdf->y = pdf->margin;
}

/* Makes room for @needed points, starting a new page when short. */
void
pdf_need (Pdf *pdf, double needed)
{
  if (pdf->y + needed > pdf->height - pdf->margin)
    pdf_new_page (pdf);
}

GBytes *
pdf_end (Pdf *pdf, GError **error)
{
  cairo_status_t status;

  pdf_footer (pdf);
  cairo_destroy (pdf->cr);
  cairo_surface_finish (pdf->surface);
  status = cairo_surface_status (pdf->surface);
  cairo_surface_destroy (pdf->surface);
  g_free (pdf->footer);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_byte_array_unref (pdf->out);
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED, "Cannot make the PDF: %s",
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (pdf->out);
}

PangoLayout *
pdf_layout (Pdf *pdf, const char *text, const char *font_name, double width)
{
  PangoLayout *layout = pango_cairo_create_layout (pdf->cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (font_name);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* Draws a wrapped paragraph, line by line across pages. */
void
pdf_paragraph (Pdf *pdf, const char *text, const char *font, double space_after)
{
  pdf_paragraph_at (pdf, text, font, 0, space_after);
}

void
pdf_paragraph_at (Pdf *pdf, const char *text, const char *font, double indent, double space_after)
{
  g_autoptr(PangoLayout) layout = pdf_layout (pdf, text, font, pdf->width - 2 * pdf->margin - indent);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      PangoRectangle logical;
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      double h, baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      h = (double) logical.height / PANGO_SCALE;
      baseline = (double) (pango_layout_iter_get_baseline (iter) - logical.y) / PANGO_SCALE;
      pdf_need (pdf, h);
      cairo_move_to (pdf->cr, pdf->margin + indent, pdf->y + baseline);
      pango_cairo_show_layout_line (pdf->cr, line);
      pdf->y += h;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  pdf->y += space_after;
}

void
pdf_draw_text (Pdf *pdf, const char *text, const char *font, double x, double y, double width,
           PangoAlignment align)
{
  g_autoptr(PangoLayout) layout = pdf_layout (pdf, text, font, width);

  pango_layout_set_alignment (layout, align);
  cairo_move_to (pdf->cr, x, y);
  pango_cairo_show_layout (pdf->cr, layout);
}
