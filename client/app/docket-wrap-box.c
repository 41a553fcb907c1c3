/* DocketWrapBox: children left to right, wrapping onto new lines. */
#include "config.h"

#include "docket-wrap-box.h"

struct _DocketWrapBox
{
  GtkWidget parent_instance;
  int       spacing;
  int       line_spacing;
};

G_DEFINE_FINAL_TYPE (DocketWrapBox, docket_wrap_box, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SPACING, PROP_LINE_SPACING, N_PROPS };
static GParamSpec *props[N_PROPS];

/* The width a child takes on a line @avail wide. */
static int
child_width (GtkWidget *child, int avail)
{
  int min = 0, nat = 0;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  return MAX (min, MIN (nat, avail));
}

static int
child_height (GtkWidget *child, int width)
{
  int nat = 0;

  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, NULL, &nat, NULL, NULL);
  return nat;
}

/* Lays the children out on lines @width wide; allocates them when
 * @allocate. Returns the height taken. */
static int
layout (DocketWrapBox *self, int width, gboolean allocate)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  GtkWidget *line_start = gtk_widget_get_first_child (widget);
  int y = 0;

  while (line_start)
    {
      GtkWidget *c = line_start, *line_end;
      int x = 0, line_height = 0;

      /* Take children while they fit; at least one a line. */
      for (; c; c = gtk_widget_get_next_sibling (c))
        {
          int w;
          if (!gtk_widget_should_layout (c))
            continue;
          w = child_width (c, width);
          if (x > 0 && x + w > width)
            break;
          line_height = MAX (line_height, child_height (c, w));
          x += w + self->spacing;
        }
      line_end = c;
      if (allocate)
        {
          /* The line's spare width goes to its children that expand. */
          int spare = MAX (0, width - (x - self->spacing)), expanding = 0;
          for (c = line_start; c != line_end; c = gtk_widget_get_next_sibling (c))
            expanding += gtk_widget_should_layout (c) && gtk_widget_compute_expand (c, GTK_ORIENTATION_HORIZONTAL);
          for (x = 0, c = line_start; c != line_end; c = gtk_widget_get_next_sibling (c))
            {
              int w;
              if (!gtk_widget_should_layout (c))
                continue;
              w = child_width (c, width);
              if (expanding && gtk_widget_compute_expand (c, GTK_ORIENTATION_HORIZONTAL))
                w += spare / expanding;
              gtk_widget_size_allocate (c, &(GtkAllocation) { rtl ? width - x - w : x, y, w, line_height }, -1);
              x += w + self->spacing;
            }
        }
      if (line_height > 0 || x > 0)
        y += line_height + self->line_spacing;
      line_start = line_end;
    }
  return MAX (0, y - self->line_spacing);
}

static void
docket_wrap_box_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                         int *minimum, int *natural, int *min_baseline, int *nat_baseline)
{
  DocketWrapBox *self = DOCKET_WRAP_BOX (widget);
  int min = 0, nat = 0, n = 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
        {
          int cmin = 0, cnat = 0;
          if (!gtk_widget_should_layout (c))
            continue;
          gtk_widget_measure (c, orientation, -1, &cmin, &cnat, NULL, NULL);
          min = MAX (min, cmin);
          nat += cnat + (n++ ? self->spacing : 0);
        }
    }
  else
    {
      int width = for_size;
      int unused, unused_baseline;
      if (width < 0)
        docket_wrap_box_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &unused, &width,
                                 &unused_baseline, &unused_baseline);
      min = nat = layout (self, width, FALSE);
    }
  *minimum = min;
  *natural = nat;
  *min_baseline = *nat_baseline = -1;
}

static void
docket_wrap_box_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  layout (DOCKET_WRAP_BOX (widget), width, TRUE);
}

/* A child that fills its line does not make the box expand. */
static void
docket_wrap_box_compute_expand (GtkWidget *widget, gboolean *hexpand, gboolean *vexpand)
{
  *hexpand = *vexpand = FALSE;
}

static GtkSizeRequestMode
docket_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
docket_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (docket_wrap_box_parent_class)->dispose (object);
}

static void
docket_wrap_box_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DocketWrapBox *self = DOCKET_WRAP_BOX (object);

  if (prop_id == PROP_SPACING)
    g_value_set_int (value, self->spacing);
  else if (prop_id == PROP_LINE_SPACING)
    g_value_set_int (value, self->line_spacing);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
docket_wrap_box_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DocketWrapBox *self = DOCKET_WRAP_BOX (object);

  if (prop_id == PROP_SPACING)
    self->spacing = g_value_get_int (value);
  else if (prop_id == PROP_LINE_SPACING)
    self->line_spacing = g_value_get_int (value);
  else
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
docket_wrap_box_class_init (DocketWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = docket_wrap_box_dispose;
  object_class->get_property = docket_wrap_box_get_property;
  object_class->set_property = docket_wrap_box_set_property;
  widget_class->measure = docket_wrap_box_measure;
  widget_class->size_allocate = docket_wrap_box_size_allocate;
  widget_class->get_request_mode = docket_wrap_box_get_request_mode;
  widget_class->compute_expand = docket_wrap_box_compute_expand;

  props[PROP_SPACING] = g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 6,
                                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  props[PROP_LINE_SPACING] = g_param_spec_int ("line-spacing", NULL, NULL, 0, G_MAXINT, 6,
                                               G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
docket_wrap_box_init (DocketWrapBox *self)
{
  self->spacing = 6;
  self->line_spacing = 6;
}

GtkWidget *
docket_wrap_box_new (void)
{
  return g_object_new (DOCKET_TYPE_WRAP_BOX, NULL);
}
