/* The fields of the record forms (driver, hearing): rows of a boxed list and their wire values. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef struct {
  const char         *key;          /* the record's key */
  GtkWidget          *widget;       /* AdwEntryRow, AdwComboRow, or the GtkTextView of a text row */
  GtkWidget          *row;          /* its row in the list */
  const char * const *choices;      /* a choice's wire strings, in the order shown */
  char               *initial;      /* what an edit started from, or NULL */
  gboolean            date;         /* a date: shown as people read it, read back as YYYY-MM-DD */
  char               *error;        /* docketd's message naming it, or NULL */
  GtkWidget          *error_row;    /* where that message shows, when it has one */
  GtkLabel           *error_label;
} DocketFormField;

void             docket_form_field_free      (gpointer field);

/* Each adds a row to @list and its field to @fields, a GPtrArray that
 * frees with docket_form_field_free; @title is already translated. */
DocketFormField *docket_form_add_entry       (GtkListBox         *list,
                                              GPtrArray          *fields,
                                              const char         *key,
                                              const char         *title);
DocketFormField *docket_form_add_choice      (GtkListBox         *list,
                                              GPtrArray          *fields,
                                              const char         *key,
                                              const char         *title,
                                              const char * const *choices,
                                              const char       *(*label) (const char *wire));
/* A date: typed in ISO, day first or with the month by name, or chosen
 * from a calendar beside it; its value is YYYY-MM-DD. */
DocketFormField *docket_form_add_date        (GtkListBox         *list,
                                              GPtrArray          *fields,
                                              const char         *key,
                                              const char         *title);
DocketFormField *docket_form_add_text        (GtkListBox         *list,
                                              GPtrArray          *fields,
                                              const char         *key,
                                              const char         *title,
                                              int                 height);
/* A row under @field, hidden until docket_form_field_set_error() gives
 * it a message. */
void             docket_form_add_error_row   (GtkListBox         *list,
                                              DocketFormField    *field);

DocketFormField *docket_form_find            (GPtrArray          *fields,
                                              const char         *key);
/* The wire value: a choice's wire string, an entry's text stripped, a
 * text as typed. */
char            *docket_form_field_get       (DocketFormField    *field);
/* The value of the field @key, or NULL when the form has none. */
char            *docket_form_get             (GPtrArray          *fields,
                                              const char         *key);
void             docket_form_field_set       (DocketFormField    *field,
                                              const char         *value);
/* Marks @field with @message (docketd's, or the form's own check), or
 * clears it with NULL; a change to the field clears it too. */
void             docket_form_field_set_error (DocketFormField    *field,
                                              const char         *message);
/* The message @field shows, or NULL. */
const char      *docket_form_field_get_error (DocketFormField    *field);
/* Marks each date field whose text is not a date, in people's words
 * ("13 is not a month"), and focuses the first; TRUE when there is none. */
gboolean         docket_form_check_dates     (GPtrArray          *fields);

/* Makes @form a dialog of @parent's window, when it is in one. */
void             docket_form_set_parent      (GtkWindow          *form,
                                              GtkWidget          *parent);
/* Closes @form after a save, with @text as a toast where it was opened
 * from (@parent, when that is still there). */
void             docket_form_close_with      (GtkWindow          *form,
                                              GtkWidget          *parent,
                                              const char         *text);

G_END_DECLS
