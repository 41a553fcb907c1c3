/* Small helpers the views share. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void        docket_list_box_clear (GtkListBox *list);
/* An AdwActionRow with @title and @subtitle (either may be NULL), added to
 * @list when given. */
GtkWidget  *docket_row_add        (GtkListBox *list,
                                   const char *title,
                                   const char *subtitle);
/* A row "what: value", the value selectable, as a property row. */
GtkWidget  *docket_property_add   (GtkListBox *list,
                                   const char *what,
                                   const char *value);
/* The string at @key of a{sv} @record, or NULL. */
const char *docket_lookup         (GVariant   *record,
                                   const char *key);
gint64      docket_lookup_id      (GVariant   *record,
                                   const char *key);
guint       docket_lookup_uint    (GVariant   *record,
                                   const char *key);
gboolean    docket_lookup_bool    (GVariant   *record,
                                   const char *key);
/* Adds @key = @value to @builder when @value is not empty. */
void        docket_builder_add    (GVariantBuilder *builder,
                                   const char      *key,
                                   const char      *value);
/* The text of a GtkTextView. */
char       *docket_text_view_get  (GtkTextView *view);
/* A GtkStringList model of @labels (NULL-terminated). */
GListModel *docket_string_model   (const char * const *labels);

/* One way of showing what is wrong with a field, in every form: @field
 * (an entry, entry row, text view, combo row or drop-down) takes the
 * `error` style and @label, when given, shows @message; both clear as soon
 * as the field changes. A NULL @message clears them now. */
void        docket_field_set_error (GtkWidget  *field,
                                    GtkLabel   *label,
                                    const char *message);
/* Whether docket_field_set_error() has marked @field. */
gboolean    docket_field_has_error (GtkWidget  *field);

G_END_DECLS
