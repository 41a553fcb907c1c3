/* DocketChart: one bar per month, its segments the outcomes, with a legend;
 * the same colours as the PDF report. */
#include "config.h"

#include <glib/gi18n.h>
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
  static const char * const wire[N_OUTCOMES] = {
    "deferred", "granted", "refused", "no-action", "suspended", "revoked", "warning", "surrendered",
    "withdrawn", NULL,
  };
  return docket_label_outcome (wire[i]);
}

static void
docket_chart_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  DocketChart *self = DOCKET_CHART (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  GdkRGBA fg;
  double left = 40, right = 170, top = 12, bottom = 28;
  double plot_w = MAX (10, width - left - right), plot_h = MAX (10, height - top - bottom);
  guint max = 1;
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
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.8);
      pango_layout_set_text (layout, mo->month + 2, -1);   /* "26-03" */
      {
        int tw, th;
        pango_layout_get_pixel_size (layout, &tw, &th);
        cairo_move_to (cr, left + slot * m + (slot - tw) / 2, top + plot_h + 6);
      }
      pango_cairo_show_layout (cr, layout);
    }

  for (guint i = 0; i < N_OUTCOMES; i++)
    {
      double y = top + i * 20;
      cairo_set_source_rgb (cr, colours[i][0], colours[i][1], colours[i][2]);
      cairo_rectangle (cr, width - right + 16, y + 3, 12, 12);
      cairo_fill (cr);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.9);
      pango_layout_set_text (layout, outcome_label (i), -1);
      cairo_move_to (cr, width - right + 34, y);
      pango_cairo_show_layout (cr, layout);
    }

  g_object_unref (layout);
  cairo_destroy (cr);
}

static void
docket_chart_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                      int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 360 : 220;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 720 : 260;
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
