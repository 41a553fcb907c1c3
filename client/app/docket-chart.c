/* DocketChart: one bar per month, its segments the outcomes, with a legend;
 * the same colours as the PDF report. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "docket-chart.h"
#include "docket-labels.h"

const char * const docket_chart_outcomes[] = {
  "deferred", "granted", "refused", "no_action", "suspended", "revoked", "warnings", "surrendered",
  "withdrawn", "pending", NULL,
};

#define N_OUTCOMES 10

static const double colours[N_OUTCOMES][3] = {
  { 0.60, 0.60, 0.60 }, { 0.20, 0.63, 0.33 }, { 0.80, 0.40, 0.10 }, { 0.55, 0.75, 0.90 },
  { 0.95, 0.75, 0.20 }, { 0.75, 0.11, 0.16 }, { 0.45, 0.35, 0.70 }, { 0.30, 0.30, 0.45 },
  { 0.80, 0.80, 0.70 }, { 0.90, 0.90, 0.90 },
};

typedef struct {
  char  month[8];
  guint counts[N_OUTCOMES];
} Month;

struct _DocketChart
{
  GtkWidget  parent_instance;
  GArray    *months;
};

G_DEFINE_FINAL_TYPE (DocketChart, docket_chart, GTK_TYPE_WIDGET)

static const char *
outcome_label (guint i)
{
  return docket_label_statistic (docket_chart_outcomes[i]);
}

/* Below this width the legend goes under the bars, in two columns. */
#define LEGEND_BESIDE_MIN 520
#define LEGEND_ROW 20

static int
legend_below_height (int width)
{
  return width < LEGEND_BESIDE_MIN ? (N_OUTCOMES + 1) / 2 * LEGEND_ROW + 8 : 0;
}

/* "Jan", with the year under the first month shown and each January. */
static void
month_label (const char *month, gboolean with_year, char *out, gsize size)
{
  int y = 0, m = 0;
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *name = NULL;

  if (sscanf (month, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12
      || !(dt = g_date_time_new_utc (y, m, 1, 0, 0, 0)))
    {
      g_strlcpy (out, month, size);
      return;
    }
  name = g_date_time_format (dt, "%b");
  if (with_year)
    g_snprintf (out, size, "%s\n%d", name, y);
  else
    g_strlcpy (out, name, size);
}

static void
docket_chart_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  DocketChart *self = DOCKET_CHART (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  GdkRGBA fg;
  int below = legend_below_height (width);
  double left = 40, right = below ? 8 : 170, top = 12, bottom = 40 + below;
  double plot_w = MAX (10, width - left - right), plot_h = MAX (10, height - top - bottom);
  guint max = 1, every = 1;
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  for (guint m = 0; m < self->months->len; m++)
    {
      Month *mo = &g_array_index (self->months, Month, m);
      guint sum = 0;
      for (guint i = 0; i < N_OUTCOMES; i++)
        sum += mo->counts[i];
      max = MAX (max, sum);
    }

  /* A scale in whole steps: four grid lines at multiples of a round step. */
  {
    guint step = (max + 3) / 4;
    max = step * 4;
  }
  /* Every month named when there is room; otherwise every second, third… */
  if (self->months->len > 0)
    every = MAX (1, (guint) (36.0 * self->months->len / plot_w + 0.999));

  /* Axis and grid lines with their counts. */
  cairo_set_line_width (cr, 1);
  for (guint t = 0; t <= 4; t++)
    {
      double y = top + plot_h - plot_h * t / 4.0;
      g_autofree char *tick = g_strdup_printf ("%u", max / 4 * t);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.15);
      cairo_move_to (cr, left, y + 0.5);
      cairo_line_to (cr, left + plot_w, y + 0.5);
      cairo_stroke (cr);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
      pango_layout_set_text (layout, tick, -1);
      cairo_move_to (cr, 4, y - 8);
      pango_cairo_show_layout (cr, layout);
    }

  for (guint m = 0; m < self->months->len; m++)
    {
      Month *mo = &g_array_index (self->months, Month, m);
      double slot = plot_w / self->months->len;
      double bar = MIN (48, slot * 0.7);
      double x = left + slot * m + (slot - bar) / 2;
      double y = top + plot_h;
      char label[32];

      for (guint i = 0; i < N_OUTCOMES; i++)
        {
          double h = plot_h * mo->counts[i] / max;
          if (h <= 0)
            continue;
          cairo_set_source_rgb (cr, colours[i][0], colours[i][1], colours[i][2]);
          cairo_rectangle (cr, x, y - h, bar, h);
          cairo_fill (cr);
          y -= h;
        }
      if (m % every != 0)
        continue;
      month_label (mo->month, m == 0 || g_str_has_suffix (mo->month, "-01"), label, sizeof label);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.8);
      pango_layout_set_text (layout, label, -1);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      {
        int tw, th;
        pango_layout_get_pixel_size (layout, &tw, &th);
        cairo_move_to (cr, left + slot * m + (slot - tw) / 2, top + plot_h + 6);
      }
      pango_cairo_show_layout (cr, layout);
    }
  pango_layout_set_alignment (layout, PANGO_ALIGN_LEFT);

  for (guint i = 0; i < N_OUTCOMES; i++)
    {
      double x = below ? left + (i % 2) * plot_w / 2 : width - right + 16;
      double y = below ? top + plot_h + 44 + (i / 2) * LEGEND_ROW : top + i * LEGEND_ROW;
      cairo_set_source_rgb (cr, colours[i][0], colours[i][1], colours[i][2]);
      cairo_rectangle (cr, x, y + 3, 12, 12);
      cairo_fill (cr);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.9);
      pango_layout_set_text (layout, outcome_label (i), -1);
      cairo_move_to (cr, x + 18, y);
      pango_cairo_show_layout (cr, layout);
    }

  g_object_unref (layout);
  cairo_destroy (cr);
}

static void
docket_chart_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                      int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 280;
      *natural = 720;
    }
  else
    {
      int below = legend_below_height (for_size < 0 ? 720 : for_size);
      *minimum = 230 + below;
      *natural = 270 + below;
    }
}

static GtkSizeRequestMode
docket_chart_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
docket_chart_finalize (GObject *object)
{
  g_array_unref (DOCKET_CHART (object)->months);
  G_OBJECT_CLASS (docket_chart_parent_class)->finalize (object);
}

static void
docket_chart_class_init (DocketChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = docket_chart_finalize;
  widget_class->snapshot = docket_chart_snapshot;
  widget_class->measure = docket_chart_measure;
  widget_class->get_request_mode = docket_chart_get_request_mode;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
docket_chart_init (DocketChart *self)
{
  self->months = g_array_new (FALSE, TRUE, sizeof (Month));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Bar chart of outcomes per month"), -1);
}

void
docket_chart_set_rows (DocketChart *self, GVariant *rows)
{
  GVariantIter iter;
  GVariant *row;

  g_array_set_size (self->months, 0);
  g_variant_iter_init (&iter, rows);
  while ((row = g_variant_iter_next_value (&iter)))
    {
      g_autoptr(GVariant) r = row;
      const char *month = NULL, *date = NULL;
      char key[8] = { 0 };
      Month *mo = NULL;

      if (g_variant_lookup (r, "month", "&s", &month))
        g_strlcpy (key, month, sizeof key);
      else if (g_variant_lookup (r, "date", "&s", &date))
        g_strlcpy (key, date, sizeof key);
      else
        continue;
      for (guint m = 0; m < self->months->len; m++)
        if (strcmp (g_array_index (self->months, Month, m).month, key) == 0)
          mo = &g_array_index (self->months, Month, m);
      if (mo == NULL)
        {
          Month fresh = { 0 };
          memcpy (fresh.month, key, sizeof fresh.month);
          g_array_append_val (self->months, fresh);
          mo = &g_array_index (self->months, Month, self->months->len - 1);
        }
      for (guint i = 0; i < N_OUTCOMES; i++)
        {
          guint32 n = 0;
          g_variant_lookup (r, docket_chart_outcomes[i], "u", &n);
          mo->counts[i] += n;
        }
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
docket_chart_get_months (DocketChart *self)
{
  return self->months->len;
}
