/* PDF pages for docketd's documents: cairo's PDF surface with Pango text,
 * page breaks and a footer on every page. */
#pragma once

#include <pango/pangocairo.h>

G_BEGIN_DECLS

typedef struct {
  GByteArray      *out;
  cairo_surface_t *surface;
  cairo_t         *cr;
  double           width;
  double           height;
  double           margin;
  double           y;        /* where the next line goes */
  guint            page;
  char            *footer;
} Pdf;

/* Starts a document of pages @width x @height points; @footer on every
 * page with its number; @created (ISO 8601) fixes the creation date so
 * that the same document is the same bytes, or NULL for now. */
void         pdf_begin      (Pdf *pdf, double width, double height, const char *title,
                             const char *footer, const char *created);
void         pdf_new_page   (Pdf *pdf);
/* Makes room for @needed points, starting a new page when short. */
void         pdf_need       (Pdf *pdf, double needed);
/* Finishes the document: its bytes, or NULL with @error. */
GBytes      *pdf_end        (Pdf *pdf, GError **error);
PangoLayout *pdf_layout     (Pdf *pdf, const char *text, const char *font_name, double width);
/* A wrapped paragraph across the page's width, line by line across pages. */
void         pdf_paragraph  (Pdf *pdf, const char *text, const char *font, double space_after);
/* The same, @indent points in from the margin. */
void         pdf_paragraph_at (Pdf *pdf, const char *text, const char *font, double indent,
                               double space_after);
/* @text in a box @width wide at @x, @y, aligned. */
void         pdf_draw_text  (Pdf *pdf, const char *text, const char *font, double x, double y,
                             double width, PangoAlignment align);

G_END_DECLS
