/* org.docket.Docket1.Hearings: the D-Bus side of the hearing workflow. */
#include "config.h"

#include "docket-document.h"
#include "docket-appeals.h"
#include "docket-conduct.h"
#include "docket-decisions.h"
#include "docket-effects.h"
#include "docket-effect-view.h"
#include "docket-hearing-days.h"
#include "docket-hearing-view.h"
#include "docket-hearings.h"
#include "docket-listing.h"
#include "docket-register.h"
#include "docket-register-duties.h"
#include "docket-register-view.h"
#include "docket-hearings-service.h"
#include "docket-publication.h"
#include "docket-templates.h"
#include "docket-names.h"
#include "docket-input.h"
#include "docket-error.h"
#include "docket-validate.h"

struct _DocketHearingsService
{
  DocketDBusHearingsSkeleton parent_instance;
  DocketStore   *store;
  DocketBouncer *bouncer;
  /* "sender user" -> the case that connection last read with its
   * sensitive fields: reading it again (a live refresh of the case open on
   * a screen) is the same reading, recorded once. */
  GHashTable    *reading;
};

G_DEFINE_FINAL_TYPE (DocketHearingsService, docket_hearings_service,
                     DOCKET_DBUS_TYPE_HEARINGS_SKELETON)

static void
docket_hearings_service_dispose (GObject *object)
{
  DocketHearingsService *self = DOCKET_HEARINGS_SERVICE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->bouncer);
  g_clear_pointer (&self->reading, g_hash_table_unref);
  G_OBJECT_CLASS (docket_hearings_service_parent_class)->dispose (object);
}

static void
docket_hearings_service_class_init (DocketHearingsServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = docket_hearings_service_dispose;
}

static void
docket_hearings_service_init (DocketHearingsService *self)
{
}


static const char * const *
warnings_strv (GPtrArray *warnings)
{
  g_ptr_array_add (warnings, NULL);
  return (const char * const *) warnings->pdata;
}

/* The hearing a case is on, for the CaseChanged signal. */
static gint64
hearing_of (DocketHearingsService *self, gint64 case_id)
{
  g_auto(DocketCaseCore) c = { 0 };

  if (!docket_case_load (self->store, case_id, &c, NULL))
    return 0;
  return c.hearing;
}

static void
case_changed (DocketHearingsService *self, gint64 case_id)
{
  gint64 hearing = hearing_of (self, case_id);

  docket_dbus_hearings_emit_case_changed (DOCKET_DBUS_HEARINGS (self), case_id, hearing);
  docket_dbus_hearings_emit_hearing_changed (DOCKET_DBUS_HEARINGS (self), hearing);
}

static gboolean
handle_schedule (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                 GVariant *hearing, DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;
  gint64 id;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  id = docket_hearing_days_schedule (self->store, &c.caller, hearing, &error);
  if (id == 0)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_schedule (object, invocation, id);
  docket_dbus_hearings_emit_hearing_changed (object, id);
  return TRUE;
}

static gboolean
handle_reschedule (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                   gint64 id, GVariant *changes, const char *reason, DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (!docket_hearing_days_reschedule (self->store, &c.caller, id, changes, reason, &error))
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_reschedule (object, invocation);
  docket_dbus_hearings_emit_hearing_changed (object, id);
  return TRUE;
}

static gboolean
handle_cancel (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
               gint64 id, const char *reason, DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (!docket_hearing_days_cancel (self->store, &c.caller, id, reason, &error))
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_cancel (object, invocation);
  docket_dbus_hearings_emit_hearing_changed (object, id);
  return TRUE;
}

static gboolean
handle_lock (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
             gint64 id, DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (!docket_hearing_days_lock (self->store, &c.caller, id, &error))
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_lock (object, invocation);
  docket_dbus_hearings_emit_hearing_changed (object, id);
  return TRUE;
}

static gboolean
handle_get (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
            gint64 id, DocketHearingsService *self)
{
  GError *error = NULL;
  g_autoptr(GVariant) hearing = docket_hearing_view_get (self->store, id, &error);

  if (hearing == NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_get (object, invocation, hearing);
  return TRUE;
}

static gboolean
handle_list (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
             GVariant *query, DocketHearingsService *self)
{
  GError *error = NULL;
  g_autoptr(GVariant) list = docket_hearing_view_list (self->store, query, &error);

  if (list == NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_list (object, invocation, list);
  return TRUE;
}

static gboolean
handle_set_presence (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                     gint64 id, const char *member, gboolean present, DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (!docket_hearing_days_set_presence (self->store, &c.caller, id, member, present, &error))
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_set_presence (object, invocation);
  docket_dbus_hearings_emit_hearing_changed (object, id);
  return TRUE;
}

static gboolean
handle_add_case (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                 gint64 hearing, const char *licence, GVariant *details, DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;
  gint64 id;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  id = docket_listing_add_case (self->store, &c.caller, hearing, licence, details, warnings, &error);
  if (id == 0)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_add_case (object, invocation, id, warnings_strv (warnings));
  case_changed (self, id);
  return TRUE;
}

static gboolean
handle_update_case (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                    gint64 id, GVariant *changes, DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (!docket_listing_update_case (self->store, &c.caller, id, changes, warnings, &error))
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_update_case (object, invocation, warnings_strv (warnings));
  case_changed (self, id);
  return TRUE;
}

static gboolean
handle_relist (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
               gint64 id, gint64 hearing, const char *notified, DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;
  gint64 new_id;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  new_id = docket_listing_relist (self->store, &c.caller, id, hearing, notified, warnings, &error);
  if (new_id == 0)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_relist (object, invocation, new_id, warnings_strv (warnings));
  case_changed (self, new_id);
  return TRUE;
}

static gboolean
handle_move_case (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                  gint64 id, gint64 hearing, DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;
  gint64 from = hearing_of (self, id);

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (!docket_listing_move_case (self->store, &c.caller, id, hearing, &error))
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_move_case (object, invocation);
  docket_dbus_hearings_emit_hearing_changed (object, from);
  case_changed (self, id);
  return TRUE;
}

static gboolean
handle_get_case (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                 gint64 id, gboolean sensitive, DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  g_autoptr(GVariant) record = NULL;
  GError *error = NULL;

  if (sensitive &&
      !docket_bouncer_check (self->bouncer, invocation, DOCKET_PERMISSION_READ_SENSITIVE, &error))
    return docket_bouncer_fail (invocation, error);
  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  {
    g_autofree char *key = g_strdup_printf ("%s %s", g_dbus_method_invocation_get_sender (invocation),
                                            c.caller.user);
    gboolean again = sensitive && GPOINTER_TO_SIZE (g_hash_table_lookup (self->reading, key)) == (gsize) id;

    record = docket_hearing_view_case (self->store, again ? NULL : &c.caller, id, sensitive, &error);
    if (record == NULL)
      return docket_bouncer_fail (invocation, error);
    if (sensitive)
      {
        /* Forgetting only means the next reading is recorded again. */
        if (g_hash_table_size (self->reading) > 4096)
          g_hash_table_remove_all (self->reading);
        g_hash_table_replace (self->reading, g_steal_pointer (&key), GSIZE_TO_POINTER ((gsize) id));
      }
  }
  docket_dbus_hearings_complete_get_case (object, invocation, record);
  return TRUE;
}

static gboolean
handle_set_attendance (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                       gint64 id, const char *attendance, DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (!docket_listing_set_attendance (self->store, &c.caller, id, attendance, &error))
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_set_attendance (object, invocation);
  case_changed (self, id);
  return TRUE;
}

static gboolean
handle_declare (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                gint64 id, const char *member, const char *interest, gboolean prejudicial,
                DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (!docket_conduct_declare (self->store, &c.caller, id, member, interest, prejudicial, &error))
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_declare (object, invocation);
  case_changed (self, id);
  return TRUE;
}

static GVariant *
bytes_variant (GBytes *bytes)
{
  return g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, bytes, TRUE);
}

static gboolean
handle_dispense (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                 gint64 id, const char *member, const char *dispensation, DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (!docket_conduct_dispense (self->store, &c.caller, id, member, dispensation, &error))
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_dispense (object, invocation);
  case_changed (self, id);
  return TRUE;
}

static gboolean
handle_publish_decisions (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                          GVariant *query, DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GVariant) records = NULL;
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  records = docket_publication_list (self->store, &c.caller, query, &document, &error);
  if (records == NULL)
    return docket_bouncer_fail (invocation, error);
  if (document == NULL)
    document = g_bytes_new (NULL, 0);
  docket_dbus_hearings_complete_publish_decisions (object, invocation, records, bytes_variant (document));
  return TRUE;
}

static gboolean
handle_advise (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
               gint64 id, const char *advice, DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (!docket_conduct_advise (self->store, &c.caller, id, advice, &error))
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_advise (object, invocation);
  case_changed (self, id);
  return TRUE;
}

static gboolean
handle_vote (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
             gint64 id, const char *outcome, const char *until, DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (!docket_conduct_vote (self->store, &c.caller, id, outcome, until, FALSE, &error))
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_vote (object, invocation);
  case_changed (self, id);
  return TRUE;
}

static gboolean
handle_vote_terms (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                   gint64 id, GVariant *vote, DocketHearingsService *self)
{
  static const char * const keys[] = { "outcome", "until", "immediate", NULL };
  g_auto(DocketBouncerCaller) c = { 0 };
  g_autofree char *outcome = NULL, *until = NULL;
  gboolean immediate = FALSE;
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (!docket_validate_keys (vote, keys, &error) ||
      !docket_input_text (vote, "outcome", NULL, 20, DOCKET_INPUT_NONE, &outcome, &error) ||
      !docket_input_date (vote, "until", NULL, DOCKET_INPUT_NONE, &until, &error) ||
      !docket_input_bool (vote, "immediate", &immediate, &error) ||
      (outcome == NULL && !docket_error_set (&error, DOCKET_ERROR_INVALID_ARGUMENT, "outcome is required")))
    {
      docket_error_prefix_named (&error, "Case %" G_GINT64_FORMAT ": ", id);
      return docket_bouncer_fail (invocation, error);
    }
  if (!docket_conduct_vote (self->store, &c.caller, id, outcome, until, immediate, &error))
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_vote_terms (object, invocation);
  case_changed (self, id);
  return TRUE;
}

static gboolean
handle_record (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
               gint64 id, GVariant *decision, DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;
  guint version;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  version = docket_decisions_record (self->store, &c.caller, id, decision, &error);
  if (version == 0)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_record (object, invocation, version);
  case_changed (self, id);
  return TRUE;
}

static gboolean
handle_get_notice (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                   gint64 id, const char *format, DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  g_autoptr(GBytes) doc = NULL;
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  doc = docket_document_notice (self->store, &c.caller, id, format, NULL, &error);
  if (doc == NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_get_notice (object, invocation, bytes_variant (doc));
  return TRUE;
}

static gboolean
handle_get_hearing_notice (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                           gint64 id, const char *format, DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  g_autoptr(GBytes) doc = NULL;
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  doc = docket_document_hearing_notice (self->store, &c.caller, id, format, &error);
  if (doc == NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_get_hearing_notice (object, invocation, bytes_variant (doc));
  return TRUE;
}

static gboolean
handle_give_notice (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                    gint64 id, GVariant *notice, DocketHearingsService *self)
{
  static const char * const keys[] = { "date", "method", "time", NULL };
  g_auto(DocketBouncerCaller) c = { 0 };
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *date = NULL, *method = NULL, *time = NULL, *served = NULL;
  g_autofree char *template_id = NULL, *hash = NULL;
  g_autoptr(GBytes) document = NULL;
  GError *error = NULL;
  DocketNotice n;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (!docket_validate_keys (notice, keys, &error) ||
      !docket_input_date (notice, "date", "sent date", DOCKET_INPUT_NONE, &date, &error) ||
      !docket_input_text (notice, "method", NULL, 10, DOCKET_INPUT_NONE, &method, &error) ||
      !docket_input_text (notice, "time", NULL, 5, DOCKET_INPUT_NONE, &time, &error) ||
      (date == NULL && !docket_error_set (&error, DOCKET_ERROR_INVALID_ARGUMENT, "the sent date is missing")))
    {
      docket_error_prefix_named (&error, "Case %" G_GINT64_FORMAT ": ", id);
      return docket_bouncer_fail (invocation, error);
    }
  /* The statement as the driver is given it (before it records the day):
   * which template wrote it, and a hash of its PDF, kept with the case. */
  document = docket_document_notice (self->store, NULL, id, "pdf-as-given", &template_id, &error);
  if (document == NULL)
    return docket_bouncer_fail (invocation, error);
  hash = docket_document_hash (document);
  n = (DocketNotice) { date, method ? method : "hand", time, template_id, hash };
  if (!docket_effects_give_notice (self->store, &c.caller, id, &n, &served, warnings, &error))
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_give_notice (object, invocation, served, warnings_strv (warnings));
  case_changed (self, id);
  return TRUE;
}

static gboolean
handle_list_notices (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                     GVariant *query, DocketHearingsService *self)
{
  GError *error = NULL;
  g_autoptr(GVariant) list = docket_hearing_view_notices (self->store, query, &error);

  if (list == NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_list_notices (object, invocation, list);
  return TRUE;
}

static gboolean
handle_set_notice_sent (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                        gint64 id, const char *date, DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (!docket_effects_notice_sent (self->store, &c.caller, id, date, &error))
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_set_notice_sent (object, invocation);
  case_changed (self, id);
  return TRUE;
}

static gboolean
handle_appeal (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
               gint64 id, GVariant *appeal, DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (!docket_appeals_update (self->store, &c.caller, id, appeal, warnings, &error))
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_appeal (object, invocation, warnings_strv (warnings));
  case_changed (self, id);
  return TRUE;
}

static gboolean
handle_register_list (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                      GVariant *query, DocketHearingsService *self)
{
  GError *error = NULL;
  g_autoptr(GVariant) list = docket_register_view_list (self->store, query, &error);

  if (list == NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_register_list (object, invocation, list);
  return TRUE;
}

static gboolean
handle_register_export (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                        DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  g_autoptr(GBytes) csv = NULL;
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  csv = docket_register_view_export (self->store, &c.caller, &error);
  if (csv == NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_register_export (object, invocation, bytes_variant (csv));
  return TRUE;
}

static gboolean
handle_register_mark (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                      gint64 entry, const char *date, DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (!docket_register_mark (self->store, &c.caller, entry, date, &error))
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_register_mark (object, invocation);
  return TRUE;
}

static gboolean
handle_add_register_duty (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                          GVariant *duty, DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;
  gint64 id;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  id = docket_register_duty_add (self->store, &c.caller, duty, &error);
  if (id < 0)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_add_register_duty (object, invocation, id);
  return TRUE;
}

static gboolean
handle_close_register_duty (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                            gint64 id, const char *date, DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (!docket_register_duty_close (self->store, &c.caller, id, date, &error))
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_close_register_duty (object, invocation);
  return TRUE;
}

static gboolean
handle_list_register_duties (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                             GVariant *query, DocketHearingsService *self)
{
  GError *error = NULL;
  g_autoptr(GVariant) list = docket_register_duty_list (self->store, query, &error);

  if (list == NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_list_register_duties (object, invocation, list);
  return TRUE;
}

static gboolean
handle_add_register_search (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                            const char *licence, GVariant *search, DocketHearingsService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;
  gint64 id;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  id = docket_register_search_add (self->store, &c.caller, licence, search, &error);
  if (id < 0)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_add_register_search (object, invocation, id);
  return TRUE;
}

static gboolean
handle_list_register_searches (DocketDBusHearings *object, GDBusMethodInvocation *invocation,
                               const char *licence, DocketHearingsService *self)
{
  GError *error = NULL;
  g_autoptr(GVariant) list = docket_register_search_for_licence (self->store, licence, &error);

  if (list == NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_hearings_complete_list_register_searches (object, invocation, list);
  return TRUE;
}

DocketHearingsService *
docket_hearings_service_new (DocketStore   *store,
                             DocketBouncer *bouncer)
{
  DocketHearingsService *self = g_object_new (DOCKET_TYPE_HEARINGS_SERVICE, NULL);
  static const struct {
    const char *signal;
    GCallback   handler;
  } handlers[] = {
    { "handle-schedule", G_CALLBACK (handle_schedule) },
    { "handle-reschedule", G_CALLBACK (handle_reschedule) },
    { "handle-cancel", G_CALLBACK (handle_cancel) },
    { "handle-lock", G_CALLBACK (handle_lock) },
    { "handle-get", G_CALLBACK (handle_get) },
    { "handle-list", G_CALLBACK (handle_list) },
    { "handle-set-presence", G_CALLBACK (handle_set_presence) },
    { "handle-add-case", G_CALLBACK (handle_add_case) },
    { "handle-update-case", G_CALLBACK (handle_update_case) },
    { "handle-relist", G_CALLBACK (handle_relist) },
    { "handle-move-case", G_CALLBACK (handle_move_case) },
    { "handle-get-case", G_CALLBACK (handle_get_case) },
    { "handle-set-attendance", G_CALLBACK (handle_set_attendance) },
    { "handle-declare", G_CALLBACK (handle_declare) },
    { "handle-advise", G_CALLBACK (handle_advise) },
    { "handle-dispense", G_CALLBACK (handle_dispense) },
    { "handle-publish-decisions", G_CALLBACK (handle_publish_decisions) },
    { "handle-vote", G_CALLBACK (handle_vote) },
    { "handle-vote-terms", G_CALLBACK (handle_vote_terms) },
    { "handle-record", G_CALLBACK (handle_record) },
    { "handle-get-notice", G_CALLBACK (handle_get_notice) },
    { "handle-get-hearing-notice", G_CALLBACK (handle_get_hearing_notice) },
    { "handle-set-notice-sent", G_CALLBACK (handle_set_notice_sent) },
    { "handle-give-notice", G_CALLBACK (handle_give_notice) },
    { "handle-list-notices", G_CALLBACK (handle_list_notices) },
    { "handle-appeal", G_CALLBACK (handle_appeal) },
    { "handle-register-list", G_CALLBACK (handle_register_list) },
    { "handle-register-export", G_CALLBACK (handle_register_export) },
    { "handle-register-mark", G_CALLBACK (handle_register_mark) },
    { "handle-add-register-duty", G_CALLBACK (handle_add_register_duty) },
    { "handle-close-register-duty", G_CALLBACK (handle_close_register_duty) },
    { "handle-list-register-duties", G_CALLBACK (handle_list_register_duties) },
    { "handle-add-register-search", G_CALLBACK (handle_add_register_search) },
    { "handle-list-register-searches", G_CALLBACK (handle_list_register_searches) },
  };

  self->store = g_object_ref (store);
  self->bouncer = g_object_ref (bouncer);
  self->reading = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  docket_dbus_hearings_set_version (DOCKET_DBUS_HEARINGS (self), DOCKET_API_VERSION);
  /* The guard first: it must run before every handler. */
  docket_bouncer_protect (bouncer, G_DBUS_INTERFACE_SKELETON (self));
  for (guint i = 0; i < G_N_ELEMENTS (handlers); i++)
    g_signal_connect (self, handlers[i].signal, handlers[i].handler, self);
  return self;
}
