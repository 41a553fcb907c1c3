/* docket-demo-data: a realistic synthetic register of taxi and private hire
 * drivers, modelled on ../shared/DOMAIN.md, for the demo, tests and
 * benchmarks. Deterministic for a given --seed. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <gio/gunixfdlist.h>

#include "docket-dbus-generated.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-names.h"
#include "docket-validate.h"

#include <glib/gstdio.h>
#include <string.h>

static const char * const first_names[] = {
  "Mohammed", "Imran", "Tariq", "Asif", "Shazad", "Nadeem", "Khalid", "Zahid", "Amjad", "Wasim",
  "John", "David", "Paul", "Mark", "Stephen", "Gary", "Darren", "Lee", "Craig", "Wayne",
  "Sarah", "Karen", "Joanne", "Lisa", "Michelle", "Amina", "Fatima", "Nasreen", "Agnieszka", "Tomasz",
  "Piotr", "Marek", "Andrzej", "Kwame", "Kofi", "Chinedu", "Emeka", "Ravi", "Sanjay", "Gurpreet",
  "Harjit", "Balvinder", "Dylan", "Rhys", "Gareth", "Siân", "Ioan", "Seán", "Éamonn", "José",
};

static const char * const surnames[] = {
  "Hussain", "Khan", "Ahmed", "Ali", "Iqbal", "Akhtar", "Mahmood", "Rashid", "Shah", "Butt",
  "Smith", "Jones", "Taylor", "Brown", "Wilson", "Walker", "Wright", "Robinson", "Thompson", "Hughes",
  "Kowalski", "Nowak", "Wiśniewski", "Mensah", "Owusu", "Okafor", "Adeyemi", "Patel", "Sharma", "Singh",
  "Kaur", "Evans", "Davies", "Williams", "O'Brien", "Murphy", "Lloyd", "Morgan", "Begum", "Parveen",
};

static const char * const streets[] = {
  "High Street", "Station Road", "Church Lane", "Moorgate Road", "Wellgate", "Doncaster Road",
  "Fitzwilliam Road", "Clifton Lane", "Broom Road", "Herringthorpe Valley Road", "Eastwood Lane",
  "Wortley Road", "Canklow Road", "Bawtry Road", "Kimberworth Road",
};

static const char * const towns[] = {
  "Rotherham", "Maltby", "Rawmarsh", "Wath-upon-Dearne", "Dinnington", "Swinton", "Thurcroft",
};

typedef struct {
  const char *category;
  const char *offence;
  const char *sentence;
  int         weight;
} Offence;

static const Offence offences[] = {
  { "motoring", "Speeding (SP30)", "Fine and 3 penalty points", 40 },
  { "motoring", "Using a mobile phone while driving (CU80)", "Fine and 6 penalty points", 12 },
  { "motoring", "Driving without insurance (IN10)", "Fine and 6 penalty points", 6 },
  { "drink-driving", "Driving with excess alcohol (DR10)", "Disqualified 18 months", 6 },
  { "dishonesty", "Theft", "Community order", 6 },
  { "dishonesty", "Fraud by false representation", "Suspended sentence", 3 },
  { "violence", "Common assault", "Fine", 6 },
  { "violence", "Assault occasioning actual bodily harm", "12 months imprisonment", 3 },
  { "drugs", "Possession of a controlled drug (Class B)", "Fine", 5 },
  { "discrimination", "Racially aggravated public order offence", "Community order", 2 },
  { "weapons", "Possession of an offensive weapon", "Suspended sentence", 2 },
  { "sexual", "Sexual assault", "Imprisonment; placed on the sex offenders register", 1 },
  { "exploitation", "Arranging or facilitating the commission of a child sex offence", "Imprisonment", 1 },
  { "other", "Failing to comply with a licensing condition", "Fine", 7 },
};

static const char * const complaints[] = {
  "Passenger reports the driver refused a short fare and was abusive.",
  "Overcharged a passenger on a journey from the station.",
  "Refused to carry an assistance dog.",
  "Driving while using a hand-held phone, reported by another driver.",
  "Passenger felt unsafe: driver made inappropriate personal comments.",
  "Vehicle dirty and taxi camera covered.",
};

static const char * const intelligence[] = {
  "Police report the driver seen repeatedly collecting young people from a known address late at night.",
  "Information that the driver allows unlicensed persons to drive the vehicle.",
  "Arrested on suspicion of an offence; released under investigation.",
  "Vehicle seen parked near a school outside working hours on several occasions.",
};

static const char * const medical[] = {
  "Group 2 medical due: GP report requested.",
  "Declared type 2 diabetes, managed by diet; fit to drive.",
  "Eyesight test required after self-report.",
};

static const char *
pick (GRand *r, const char * const *list, guint n)
{
  return list[g_rand_int_range (r, 0, (gint32) n)];
}
#define PICK(r, list) pick (r, list, G_N_ELEMENTS (list))

static char *
csv_quote (const char *s)
{
  GString *out = g_string_new ("\"");
  for (const char *p = s; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

static char *
ni_number (GRand *r, guint i)
{
  /* Letters HMRC uses, avoiding invalid prefixes; the digits make each unique. */
  static const char first[] = "ABCEGHJKLMNPRSTWXYZ";
  static const char second[] = "ABCEGHJKLMNPRSTWXYZ";
  char a = first[g_rand_int_range (r, 0, sizeof first - 1)];
  char b = second[g_rand_int_range (r, 0, sizeof second - 1)];

  if ((a == 'G' && b == 'B') || (a == 'B' && b == 'G') || (a == 'N' && b == 'K') ||
      (a == 'K' && b == 'N') || (a == 'T' && b == 'N') || (a == 'N' && b == 'T') ||
      (a == 'Z' && b == 'Z'))
    b = 'A';
  return g_strdup_printf ("%c%c%06u%c", a, b, i % 1000000, "ABCD"[g_rand_int_range (r, 0, 4)]);
}

static char *
dvla_number (GRand *r, const char *surname, GDate *dob, const char *first)
{
  char sn[6] = "99999";
  guint j = 0;

  for (const char *p = surname; *p && j < 5; p++)
    if (g_ascii_isalpha (*p))
      sn[j++] = g_ascii_toupper (*p);
  return g_strdup_printf ("%s%c%02u%02u%c%c%c9%c%c", sn,
                          '0' + (g_date_get_year (dob) / 10) % 10,
                          g_date_get_month (dob), g_date_get_day (dob),
                          '0' + g_date_get_year (dob) % 10,
                          g_ascii_isalpha (first[0]) ? g_ascii_toupper (first[0]) : 'X', '9',
                          'A' + g_rand_int_range (r, 0, 26), 'A' + g_rand_int_range (r, 0, 26));
}

static char *
date_text (GDate *d)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (d), g_date_get_month (d), g_date_get_day (d));
}

typedef struct {
  char       *licence;
  const char *status;
  int         convictions;
  int         notes;
} Planned;

/* Writes the CSV of @n drivers and plans their convictions and notes. */
static GPtrArray *
write_csv (const char *path, guint n, guint32 seed, GError **error)
{
  g_autoptr(GRand) r = g_rand_new_with_seed (seed);
  g_autoptr(GString) out = g_string_new (
      "licence,kind,name,status,badge,issued,expires,dob,address,phone,email,ni-number,"
      "dvla-number,dbs-certificate,dbs-disclosure\n");
  GPtrArray *plan = g_ptr_array_new_with_free_func (g_free);
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 22, 11, 2026);

  for (guint i = 1; i <= n; i++)
    {
      int k = g_rand_int_range (r, 0, 100);
      const char *kind = k < 30 ? "hackney" : k < 90 ? "private-hire" : "dual";
      const char *prefix = k < 30 ? "HC" : k < 90 ? "PH" : "DL";
      int s = g_rand_int_range (r, 0, 1000);
      const char *status = s < 850 ? "active" : s < 880 ? "suspended" : s < 930 ? "applicant"
                         : s < 960 ? "revoked" : s < 970 ? "refused" : s < 980 ? "surrendered"
                         : "expired";
      const char *first = PICK (r, first_names);
      const char *surname = PICK (r, surnames);
      g_autofree char *name = g_strdup_printf ("%s %s", first, surname);
      g_autofree char *q_name = csv_quote (name);
      GDate dob, issued, expires;
      g_autofree char *dob_s = NULL, *issued_s = NULL, *expires_s = NULL;
      g_autofree char *address = NULL, *q_address = NULL, *email = NULL;
      g_autofree char *ni = NULL, *dvla = NULL, *disclosure = NULL;
      g_autofree char *email_user = NULL;
      Planned *p;

      g_date_clear (&dob, 1);
      g_date_set_julian (&dob, g_date_get_julian (&today) - g_rand_int_range (r, 23 * 365, 72 * 365));
      g_date_clear (&issued, 1);
      g_date_set_julian (&issued, g_date_get_julian (&today) - g_rand_int_range (r, 30, 3 * 365));
      expires = issued;
      g_date_add_years (&expires, 3);
      if (g_str_equal (status, "expired"))
        {
          g_date_subtract_years (&issued, 3);
          g_date_subtract_years (&expires, 3);
        }
      dob_s = date_text (&dob);
      issued_s = date_text (&issued);
      expires_s = date_text (&expires);
      address = g_strdup_printf ("%d %s\n%s\nS%d %d%c%c", g_rand_int_range (r, 1, 240),
                                 PICK (r, streets), PICK (r, towns), g_rand_int_range (r, 60, 66),
                                 g_rand_int_range (r, 1, 10), 'A' + g_rand_int_range (r, 0, 26),
                                 'A' + g_rand_int_range (r, 0, 26));
      q_address = csv_quote (address);
      email_user = g_ascii_strdown (surname, -1);
      for (char *c = email_user; *c; c++)
        if (!g_ascii_isalnum (*c))
          *c = 'x';
      email = g_strdup_printf ("%s.%u@example.org", email_user, i);
      ni = ni_number (r, i);
      dvla = dvla_number (r, surname, &dob, first);
      disclosure = csv_quote (g_rand_int_range (r, 0, 10) == 0
                              ? "Enhanced disclosure lists convictions; see record"
                              : "Enhanced with both barred lists: no information");

      g_string_append_printf (out, "%s-%05u,%s,%s,%s,%u,%s,%s,%s,%s,07700 9%05u,%s,%s,%s,%012u,%s\n",
                              prefix, i, kind, q_name,
                              status, 10000 + i,
                              g_str_equal (status, "applicant") ? "" : issued_s,
                              g_str_equal (status, "applicant") ? "" : expires_s,
                              dob_s, q_address, i % 100000, email, ni, dvla,
                              (guint) g_rand_int_range (r, 1, G_MAXINT32), disclosure);

      p = g_new0 (Planned, 1);
      p->licence = g_strdup_printf ("%s-%05u", prefix, i);
      p->status = status;
      /* About 6% of drivers have something against them, more among the
       * revoked and suspended. */
      if (g_rand_int_range (r, 0, 100) < (s >= 850 && s < 880 ? 60 : s >= 930 && s < 960 ? 90 : 5))
        p->convictions = g_rand_int_range (r, 1, 3);
      if (g_rand_int_range (r, 0, 100) < 8)
        p->notes = g_rand_int_range (r, 1, 3);
      g_ptr_array_add (plan, p);
    }

  if (!g_file_set_contents (path, out->str, (gssize) out->len, error))
    {
      g_ptr_array_unref (plan);
      return NULL;
    }
  return plan;
}

static const Offence *
pick_offence (GRand *r)
{
  int total = 0, roll;

  for (guint i = 0; i < G_N_ELEMENTS (offences); i++)
    total += offences[i].weight;
  roll = g_rand_int_range (r, 0, total);
  for (guint i = 0; i < G_N_ELEMENTS (offences); i++)
    {
      if (roll < offences[i].weight)
        return &offences[i];
      roll -= offences[i].weight;
    }
  return &offences[0];
}

static gboolean populate_hearings (GDBusConnection *bus, GPtrArray *plan, guint32 seed, GError **error);

static gboolean
populate (const char *csv, GPtrArray *plan, guint32 seed, GError **error)
{
  g_autoptr(GRand) r = g_rand_new_with_seed (seed + 1);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, error);
  g_autoptr(DocketDBusDrivers) drivers = NULL;
  g_autoptr(GUnixFDList) fds = NULL;
  guint count = 0, convictions = 0, notes = 0;
  int fd;

  if (bus == NULL)
    return FALSE;
  drivers = docket_dbus_drivers_proxy_new_sync (bus, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                                                DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, NULL, error);
  if (drivers == NULL)
    return FALSE;
  g_dbus_proxy_set_default_timeout (G_DBUS_PROXY (drivers), G_MAXINT);

  fd = open (csv, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", csv, g_strerror (errno));
      return FALSE;
    }
  fds = g_unix_fd_list_new_from_array (&fd, 1);
  if (!docket_dbus_drivers_call_import_sync (drivers, g_variant_new_handle (0), fds, &count,
                                             NULL, NULL, error))
    return FALSE;

  for (guint i = 0; i < plan->len; i++)
    {
      Planned *p = plan->pdata[i];
      for (int c = 0; c < p->convictions; c++)
        {
          const Offence *o = pick_offence (r);
          g_autofree char *date = g_strdup_printf ("%04d-%02d-%02d", g_rand_int_range (r, 2008, 2026),
                                                   g_rand_int_range (r, 1, 13), g_rand_int_range (r, 1, 29));
          g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
          gint64 id;
          g_variant_builder_add (&b, "{sv}", "date", g_variant_new_string (date));
          g_variant_builder_add (&b, "{sv}", "offence", g_variant_new_string (o->offence));
          g_variant_builder_add (&b, "{sv}", "category", g_variant_new_string (o->category));
          g_variant_builder_add (&b, "{sv}", "sentence", g_variant_new_string (o->sentence));
          if (g_rand_int_range (r, 0, 6) == 0)
            g_variant_builder_add (&b, "{sv}", "kind", g_variant_new_string ("caution"));
          if (!docket_dbus_drivers_call_add_conviction_sync (drivers, p->licence, g_variant_builder_end (&b),
                                                             &id, NULL, error))
            return FALSE;
          convictions++;
        }
      for (int n = 0; n < p->notes; n++)
        {
          int k = g_rand_int_range (r, 0, 10);
          const char *kind = k < 6 ? "complaint" : k < 8 ? "intelligence" : "medical";
          const char *text = k < 6 ? PICK (r, complaints) : k < 8 ? PICK (r, intelligence) : PICK (r, medical);
          g_autofree char *date = g_strdup_printf ("%04d-%02d-%02d", g_rand_int_range (r, 2023, 2026),
                                                   g_rand_int_range (r, 1, 13), g_rand_int_range (r, 1, 29));
          g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
          gint64 id;
          g_variant_builder_add (&b, "{sv}", "kind", g_variant_new_string (kind));
          g_variant_builder_add (&b, "{sv}", "text", g_variant_new_string (text));
          g_variant_builder_add (&b, "{sv}", "date", g_variant_new_string (date));
          if (!docket_dbus_drivers_call_add_note_sync (drivers, p->licence, g_variant_builder_end (&b),
                                                       &id, NULL, error))
            return FALSE;
          notes++;
        }
    }
  g_print ("Imported %u drivers; added %u convictions and cautions and %u notes\n",
           count, convictions, notes);
  return populate_hearings (bus, plan, seed, error);
}

/* A year of hearings ------------------------------------------------------------
 *
 * Every other Tuesday for a year before today, and two to come, as the
 * licensing service of DOMAIN.md runs them: the commissioner decides alone,
 * with board members advising, on most days; a panel chaired by "chair"
 * votes on every fourth. Deferred cases are relisted on the next day;
 * statements are sent, some decisions appealed, and the national register
 * entries recorded. The users are those of data/docketd.conf.example. */

typedef struct {
  GDBusConnection    *bus;
  DocketDBusUsers    *users;
  DocketDBusHearings *hearings;
  GRand              *r;
  char               *today;
  guint               counts[4];   /* hearings, cases, appeals, referrals */
  GArray             *flags;       /* DemoFlag: open flags of the first audit run */
  DocketDBusCompliance *compliance;
} Demo;

typedef struct {
  gint64      id;
  const char *kind;
  const char *licence;
  const char *grounds;
  gboolean    flagged;   /* referred from an audit flag */
} DemoCase;

typedef struct {
  gint64  id;
  char   *licence;
} DemoFlag;

static const char * const review_grounds[] = {
  "Complaints from passengers about overcharging and rude behaviour",
  "New conviction disclosed by the DBS update service",
  "Police intelligence about conduct towards lone passengers",
  "Failure to complete the safeguarding training by its deadline",
  "Six penalty points for speeding within twelve months",
  "Plying for hire without a hackney carriage licence",
  "Medical fitness not shown: the certificate was not renewed",
  "Arrested on suspicion of assault; charged and awaiting trial",
};
static const char * const application_grounds[] = {
  "Applicant with previous convictions disclosed on the DBS certificate",
  "Applicant's DVLA record shows a drink-driving offence 8 years ago",
  "Applicant did not disclose a caution on the application form",
  "Applicant previously refused by another authority",
};
static const char * const renewal_grounds[] = {
  "Renewal with new driving endorsements since the last grant",
  "Renewal: three upheld complaints during the licence",
  "Renewal: DBS certificate shows a new conviction",
};
static const char * const advice[] = {
  "The evidence of the complaints is consistent; I advise a warning",
  "The driver has shown insight; no further action is needed",
  "The conduct puts passengers at risk; I advise revocation",
  "A suspension until the training is done would be proportionate",
};

static gboolean
act_as (Demo *d, const char *user, GError **error)
{
  return docket_dbus_users_call_act_as_sync (d->users, user, NULL, error);
}

/* Takes a random driver of @status (with or without a record) off @pool. */
static Planned *
take_driver (Demo *d, GPtrArray *pool, const char *status, int with_record)
{
  guint start = (guint) g_rand_int_range (d->r, 0, (gint32) MAX (pool->len, 1));

  for (guint k = 0; k < pool->len; k++)
    {
      guint i = (start + k) % pool->len;
      Planned *p = pool->pdata[i];
      if (!g_str_equal (p->status, status))
        continue;
      if (with_record >= 0 && ((p->convictions + p->notes) > 0) != with_record)
        continue;
      return g_ptr_array_steal_index_fast (pool, i);
    }
  return NULL;
}

static const char *
pick_outcome (Demo *d, const char *kind)
{
  int roll = g_rand_int_range (d->r, 0, 100);

  if (g_str_equal (kind, "review"))
    return roll < 20 ? "no-action" : roll < 44 ? "warning" : roll < 62 ? "suspended"
         : roll < 82 ? "revoked" : roll < 91 ? "deferred" : roll < 97 ? "surrendered" : "withdrawn";
  return roll < 62 ? "granted" : roll < 84 ? "refused" : roll < 94 ? "deferred" : "withdrawn";
}

static GVariant *
hearing_details (const char *date, gboolean panel, guint n)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  const char * const sole_board[] = { "chair", "member1", NULL };
  const char * const panel_board[] = { "member1", "member2", NULL };

  g_variant_builder_add (&b, "{sv}", "date", g_variant_new_string (date));
  g_variant_builder_add (&b, "{sv}", "time", g_variant_new_string (n % 3 == 0 ? "14:00" : "10:00"));
  g_variant_builder_add (&b, "{sv}", "venue", g_variant_new_string (
      n % 2 ? "Town Hall, Committee Room 1" : "Council Chamber"));
  g_variant_builder_add (&b, "{sv}", "capacity", g_variant_new_uint32 (8));
  g_variant_builder_add (&b, "{sv}", "mode", g_variant_new_string (panel ? "panel" : "sole"));
  g_variant_builder_add (&b, "{sv}", "decision-maker", g_variant_new_string (panel ? "chair" : "commissioner"));
  g_variant_builder_add (&b, "{sv}", "board", g_variant_new_strv (panel ? panel_board : sole_board, -1));
  return g_variant_builder_end (&b);
}

static gboolean
add_case (Demo *d, gint64 hearing, const char *date, Planned *p, const char *kind,
          GArray *cases, GError **error)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_auto(GStrv) warnings = NULL;
  g_autofree char *notified = docket_date_add_days (date, g_rand_int_range (d->r, 0, 10) == 0
                                                          ? -g_rand_int_range (d->r, 7, 14)
                                                          : -g_rand_int_range (d->r, 15, 35));
  const char *grounds = g_str_equal (kind, "review") ? PICK (d->r, review_grounds)
                      : g_str_equal (kind, "application") ? PICK (d->r, application_grounds)
                      : PICK (d->r, renewal_grounds);
  g_autofree char *report = g_strdup_printf (
      "%s. The officer interviewed the driver and recommends that the decision-maker "
      "considers the suitability test in the council's policy. Evidence bundle pages 1 to %d.",
      grounds, g_rand_int_range (d->r, 8, 60));
  DemoCase c = { .kind = kind, .licence = p->licence, .grounds = grounds };

  if (strcmp (notified, d->today) > 0)
    { g_free (notified); notified = g_strdup (d->today); }
  g_variant_builder_add (&b, "{sv}", "kind", g_variant_new_string (kind));
  g_variant_builder_add (&b, "{sv}", "grounds", g_variant_new_string (grounds));
  g_variant_builder_add (&b, "{sv}", "report", g_variant_new_string (report));
  g_variant_builder_add (&b, "{sv}", "notified", g_variant_new_string (notified));
  if (!docket_dbus_hearings_call_add_case_sync (d->hearings, hearing, p->licence, g_variant_builder_end (&b),
                                                &c.id, &warnings, NULL, error))
    return FALSE;
  g_array_append_val (cases, c);
  d->counts[1]++;
  return TRUE;
}

/* Everything that happens to a decided case afterwards: the statement
 * sent, perhaps an appeal and its result. */
static gboolean
after_decision (Demo *d, gint64 id, const char *outcome, const char *decided, GError **error)
{
  g_autofree char *sent = docket_date_add_days (decided, g_rand_int_range (d->r, 1, 4));
  g_autofree char *lodged = NULL, *court_date = NULL;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_auto(GStrv) warnings = NULL;
  int roll;

  if (g_str_equal (outcome, "deferred") || g_str_equal (outcome, "surrendered") ||
      g_str_equal (outcome, "withdrawn") || strcmp (sent, d->today) > 0)
    return TRUE;
  if (!act_as (d, "jsmith", error) ||
      !docket_dbus_hearings_call_set_notice_sent_sync (d->hearings, id, sent, NULL, error))
    return FALSE;
  if (!(g_str_equal (outcome, "revoked") || g_str_equal (outcome, "refused")) ||
      g_rand_int_range (d->r, 0, 100) >= 30)
    return TRUE;

  /* One in ten appeals is lodged after the 21 days. */
  lodged = docket_date_add_days (sent, g_rand_int_range (d->r, 0, 10) == 0 ? 24 : g_rand_int_range (d->r, 3, 20));
  if (strcmp (lodged, d->today) > 0)
    return TRUE;
  court_date = docket_date_add_days (lodged, g_rand_int_range (d->r, 35, 80));
  g_variant_builder_add (&b, "{sv}", "lodged", g_variant_new_string (lodged));
  g_variant_builder_add (&b, "{sv}", "court", g_variant_new_string ("Sheffield Magistrates' Court"));
  g_variant_builder_add (&b, "{sv}", "hearing-date", g_variant_new_string (court_date));
  if (!docket_dbus_hearings_call_appeal_sync (d->hearings, id, g_variant_builder_end (&b), &warnings, NULL, error))
    return FALSE;
  d->counts[2]++;
  if (strcmp (court_date, d->today) > 0)
    return TRUE;

  roll = g_rand_int_range (d->r, 0, 100);
  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_clear_pointer (&warnings, g_strfreev);
  if (roll < 60)
    g_variant_builder_add (&b, "{sv}", "result", g_variant_new_string ("dismissed"));
  else if (roll < 78)
    g_variant_builder_add (&b, "{sv}", "result", g_variant_new_string ("allowed"));
  else if (roll < 92 && g_str_equal (outcome, "revoked"))
    {
      g_autofree char *until = docket_date_add_days (court_date, g_rand_int_range (d->r, 30, 120));
      g_variant_builder_add (&b, "{sv}", "result", g_variant_new_string ("varied"));
      g_variant_builder_add (&b, "{sv}", "outcome", g_variant_new_string ("suspended"));
      g_variant_builder_add (&b, "{sv}", "until", g_variant_new_string (until));
    }
  else
    g_variant_builder_add (&b, "{sv}", "result", g_variant_new_string ("withdrawn"));
  g_variant_builder_add (&b, "{sv}", "result-date", g_variant_new_string (court_date));
  return docket_dbus_hearings_call_appeal_sync (d->hearings, id, g_variant_builder_end (&b), &warnings, NULL, error);
}

/* Conducts the hearing of @date: attendance, advice or votes, decisions.
 * Leaves @keep_pending cases undecided; appends the deferred to @deferred. */
static gboolean
conduct (Demo *d, gint64 hearing, const char *date, gboolean panel, GArray *cases,
         guint keep_pending, GArray *deferred, GError **error)
{
  const char * const panel_members[] = { "chair", "member1", "member2" };
  const char *dm = panel ? "chair" : "commissioner";

  if (!act_as (d, "jsmith", error))
    return FALSE;
  /* The panel is all there; in sole mode member1 always and the chair
   * most days, to advise. */
  for (guint m = 0; m < (panel ? 3u : 2u); m++)
    if ((panel || m == 1 || g_rand_int_range (d->r, 0, 3)) &&
        !docket_dbus_hearings_call_set_presence_sync (d->hearings, hearing, panel_members[m], TRUE,
                                                      NULL, error))
      return FALSE;

  for (guint i = 0; i + keep_pending < cases->len; i++)
    {
      DemoCase *c = &g_array_index (cases, DemoCase, i);
      gint64 id = c->id;
      g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      const char *kind = c->kind, *outcome, *grounds = c->grounds;
      g_autofree char *until = NULL;
      int a = g_rand_int_range (d->r, 0, 100);
      const char *attendance = a < 68 ? "attended" : a < 80 ? "represented" : "did-not-attend";
      gboolean safeguarding, immediate;
      guint version;

      if (c->flagged)
        {
          /* Most licences referred by the audit were revoked. */
          int roll = g_rand_int_range (d->r, 0, 100);
          outcome = roll < 70 ? "revoked" : roll < 80 ? "suspended" : roll < 90 ? "surrendered" : "warning";
          grounds = "safeguarding";
        }
      else
        outcome = pick_outcome (d, kind);
      safeguarding = grounds && (strstr (grounds, "passengers") || strstr (grounds, "assault") ||
                                 strstr (grounds, "safeguarding") || strstr (grounds, "DBS"));
      if (g_str_equal (outcome, "suspended"))
        until = docket_date_add_days (date, g_rand_int_range (d->r, 60, 150));
      /* Some revocations take effect immediately; a panel votes for that. */
      immediate = safeguarding && g_str_equal (outcome, "revoked") && g_rand_int_range (d->r, 0, 3) == 0;

      if (panel && docket_outcome_needs_decision (docket_enum_from_string (docket_outcome_names, outcome)))
        {
          g_autoptr(GVariant) r2 = NULL;
          for (guint m = 0; m < 3; m++)
            {
              /* Now and then one member dissents; the majority decides. */
              const char *vote = (m == 2 && g_rand_int_range (d->r, 0, 5) == 0 &&
                                  g_str_equal (outcome, "revoked")) ? "suspended" : outcome;
              g_autofree char *vote_until = g_strcmp0 (vote, "suspended") == 0 && until == NULL
                                            ? docket_date_add_days (date, 90) : g_strdup (until);
              g_auto(GVariantBuilder) v = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

              g_variant_builder_add (&v, "{sv}", "outcome", g_variant_new_string (vote));
              if (vote_until != NULL)
                g_variant_builder_add (&v, "{sv}", "until", g_variant_new_string (vote_until));
              if (immediate && g_str_equal (vote, outcome))
                g_variant_builder_add (&v, "{sv}", "immediate", g_variant_new_boolean (TRUE));
              if (!act_as (d, panel_members[m], error) ||
                  !docket_dbus_hearings_call_vote_terms_sync (d->hearings, id, g_variant_builder_end (&v),
                                                              NULL, error))
                return FALSE;
            }
        }
      else if (!panel && g_str_equal (kind, "review") && g_rand_int_range (d->r, 0, 2) == 0)
        {
          if (g_rand_int_range (d->r, 0, 12) == 0)
            {
              if (!act_as (d, "member1", error) ||
                  !docket_dbus_hearings_call_declare_sync (d->hearings, id, "member1",
                                                           "Licensed the driver's brother in 2019", FALSE,
                                                           NULL, error))
                return FALSE;
            }
          if (!act_as (d, "member1", error) ||
              !docket_dbus_hearings_call_advise_sync (d->hearings, id, PICK (d->r, advice), NULL, error))
            return FALSE;
        }

      g_variant_builder_add (&b, "{sv}", "outcome", g_variant_new_string (outcome));
      g_variant_builder_add (&b, "{sv}", "attendance", g_variant_new_string (attendance));
      g_variant_builder_add (&b, "{sv}", "decided", g_variant_new_string (date));
      if (!g_str_equal (outcome, "surrendered") && !g_str_equal (outcome, "withdrawn"))
        {
          const char *reasons =
              g_str_equal (outcome, "deferred") ? "Deferred for the driver's medical evidence"
            : g_str_equal (outcome, "granted") ? "The applicant is a fit and proper person; the offences are old and isolated"
            : g_str_equal (outcome, "refused") ? "Not satisfied that the applicant is a fit and proper person"
            : g_str_equal (outcome, "no-action") ? "The allegation is not made out on the evidence"
            : g_str_equal (outcome, "warning") ? "The conduct fell short of the standard; a written warning"
            : g_str_equal (outcome, "suspended") ? "Suspended until the concerns are met"
            : "No longer a fit and proper person: the safety of passengers comes first";
          g_variant_builder_add (&b, "{sv}", "reasons", g_variant_new_string (reasons));
          if (g_str_equal (outcome, "revoked") || g_str_equal (outcome, "suspended"))
            g_variant_builder_add (&b, "{sv}", "alternatives", g_variant_new_string (
                "A warning and a shorter suspension were considered and rejected"));
        }
      if (until)
        g_variant_builder_add (&b, "{sv}", "until", g_variant_new_string (until));
      if (safeguarding && (g_str_equal (outcome, "revoked") || g_str_equal (outcome, "suspended") ||
                           g_str_equal (outcome, "refused")))
        g_variant_builder_add (&b, "{sv}", "safeguarding", g_variant_new_boolean (TRUE));
      if (immediate)
        {
          g_variant_builder_add (&b, "{sv}", "immediate", g_variant_new_boolean (TRUE));
          g_variant_builder_add (&b, "{sv}", "justification", g_variant_new_string (
              "A continuing risk to passengers, including children, until an appeal is heard"));
        }
      /* The officer searched the national register before the hearing
       * (2022 Act s.3), as every grant needs. */
      if (g_str_equal (outcome, "granted") && c->licence != NULL)
        {
          g_autofree char *searched = docket_date_add_days (date, -7);
          gint64 search_id;
          if (!act_as (d, "jsmith", error) ||
              !docket_dbus_hearings_call_add_register_search_sync (d->hearings, c->licence, g_variant_new_parsed (
                  "{'result': <'no-match'>, 'searched': <%s>}", searched), &search_id, NULL, error))
            return FALSE;
        }
      if (!act_as (d, dm, error) ||
          !docket_dbus_hearings_call_record_sync (d->hearings, id, g_variant_builder_end (&b), &version,
                                                  NULL, error))
        return FALSE;
      if (g_str_equal (outcome, "deferred"))
        g_array_append_val (deferred, *c);
      if (!after_decision (d, id, outcome, date, error))
        return FALSE;
    }
  if (keep_pending == 0)
    return act_as (d, dm, error) &&
           docket_dbus_hearings_call_lock_sync (d->hearings, hearing, NULL, error);
  return TRUE;
}

/* Compliance -------------------------------------------------------------------
 *
 * A fortnight before the first hearing the council audits every licence:
 * each holder has an enhanced DBS check with both barred lists and (mostly)
 * an Update Service check within six months, and a safeguarding training
 * deadline a few weeks before today. When $DOCKET_CLOCK_FILE names the
 * clock docketd reads, the audit runs on that day; the flags it raises go
 * to the hearings that follow. Most holders then attend training before the
 * deadline; the rest are suspended by docketd until they do. */

static const char * const training_providers[] = {
  "Borough Council Licensing Team", "Safeguarding Training Ltd", "South Yorkshire Police",
  "Taxi Trade Academy",
};

static gboolean
set_clock (const char *date, GError **error)
{
  const char *clock = g_getenv ("DOCKET_CLOCK_FILE");

  if (clock == NULL || *clock == '\0')
    return TRUE;
  if (date == NULL)
    return g_unlink (clock) == 0 || errno == ENOENT ||
           (g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", clock,
                         g_strerror (errno)), FALSE);
  return g_file_set_contents (clock, date, -1, error);
}

static gboolean
populate_compliance (Demo *d, GPtrArray *plan, const char *first_hearing, GError **error)
{
  g_autofree char *t0 = docket_date_add_days (first_hearing, -14);
  g_autofree char *deadline = docket_date_add_days (d->today, -20);
  g_autofree char *final = docket_date_add_days (d->today, 70);
  g_autoptr(GVariant) run = NULL;
  guint holders = 0, trained = 0, offset = 0, total = 0;
  g_autofree char *last_licence = NULL;

  d->flags = g_array_new (FALSE, FALSE, sizeof (DemoFlag));
  if (plan->len > 20000)
    {
      g_print ("Compliance records skipped above 20,000 drivers\n");
      return TRUE;
    }
  if (!set_clock (t0, error) || !act_as (d, "jsmith", error))
    return FALSE;
  for (guint i = 0; i < plan->len; i++)
    {
      Planned *p = plan->pdata[i];
      g_autofree char *enhanced = NULL, *update = NULL, *cert = NULL;
      gint64 id;
      int roll = g_rand_int_range (d->r, 0, 100);

      /* Applicants have theirs too, for the hearings that grant them. */
      if (!g_str_equal (p->status, "active") && !g_str_equal (p->status, "suspended") &&
          !g_str_equal (p->status, "applicant"))
        continue;
      holders += !g_str_equal (p->status, "applicant");
      enhanced = docket_date_add_days (t0, -g_rand_int_range (d->r, 30, 3 * 365));
      cert = g_strdup_printf ("%012u", 400000000u + i);
      if (!docket_dbus_compliance_call_record_dbs_check_sync (d->compliance, p->licence,
              g_variant_new_parsed ("{'date': <%s>, 'kind': <'enhanced'>, 'result': <%s>, "
                                    "'barred-lists': <%b>, 'certificate': <%s>}",
                                    enhanced, roll < 2 ? "information" : "clear", roll != 50, cert),
              &id, NULL, error))
        return FALSE;
      update = docket_date_add_days (t0, roll < 98 ? -g_rand_int_range (d->r, 5, 170)
                                                   : -g_rand_int_range (d->r, 200, 330));
      if (strcmp (update, enhanced) > 0 &&
          !docket_dbus_compliance_call_record_dbs_check_sync (d->compliance, p->licence,
              g_variant_new_parsed ("{'date': <%s>, 'kind': <'update-service'>, 'result': <'clear'>}", update),
              &id, NULL, error))
        return FALSE;
      if (!docket_dbus_compliance_call_set_dates_sync (d->compliance, p->licence,
              g_variant_new_parsed ("{'training-deadline': <%s>, 'training-final': <%s>}", deadline, final),
              NULL, error))
        return FALSE;
    }

  /* The first audit run, and its open flags, one per driver. */
  if (!docket_dbus_compliance_call_run_audit_sync (d->compliance, &run, NULL, error))
    return FALSE;
  do
    {
      g_autoptr(GVariant) rows = NULL;
      GVariantIter iter;
      GVariant *row;

      if (!docket_dbus_compliance_call_list_flags_sync (d->compliance,
              g_variant_new_parsed ("{'status': <'open'>, 'offset': <%u>, 'limit': <@u 1000>}", offset),
              &rows, &total, NULL, error))
        return FALSE;
      offset += (guint) g_variant_n_children (rows);
      g_variant_iter_init (&iter, rows);
      while ((row = g_variant_iter_next_value (&iter)))
        {
          g_autoptr(GVariant) r = row;
          DemoFlag fl = { 0 };
          const char *licence = NULL;

          g_variant_lookup (r, "id", "x", &fl.id);
          g_variant_lookup (r, "licence", "&s", &licence);
          if (g_strcmp0 (licence, last_licence) == 0)
            continue;
          g_free (last_licence);
          last_licence = g_strdup (licence);
          fl.licence = g_strdup (licence);
          g_array_append_val (d->flags, fl);
        }
    }
  while (offset < total);
  /* Referred in a random order. */
  for (guint i = d->flags->len; i > 1; i--)
    {
      guint j = (guint) g_rand_int_range (d->r, 0, (gint32) i);
      DemoFlag tmp = g_array_index (d->flags, DemoFlag, i - 1);
      g_array_index (d->flags, DemoFlag, i - 1) = g_array_index (d->flags, DemoFlag, j);
      g_array_index (d->flags, DemoFlag, j) = tmp;
    }

  /* Back to the present: training over the year, most before the deadline. */
  if (!set_clock (NULL, error))
    return FALSE;
  for (guint i = 0; i < plan->len; i++)
    {
      Planned *p = plan->pdata[i];
      g_autofree char *date = NULL, *cert = NULL;
      gint64 id;

      if (!g_str_equal (p->status, "active") && !g_str_equal (p->status, "suspended") &&
          !g_str_equal (p->status, "applicant"))
        continue;
      /* The Update Service is checked every few months, now and then late. */
      if (g_rand_int_range (d->r, 0, 100) < 97)
        {
          g_autofree char *check = docket_date_add_days (d->today, -g_rand_int_range (d->r, 1, 150));
          if (!docket_dbus_compliance_call_record_dbs_check_sync (d->compliance, p->licence,
                  g_variant_new_parsed ("{'date': <%s>, 'kind': <'update-service'>, 'result': <'clear'>}", check),
                  &id, NULL, error))
            return FALSE;
        }
      if (g_rand_int_range (d->r, 0, 100) >= 86)
        continue;
      date = docket_date_add_days (t0, g_rand_int_range (d->r, 1, MAX (2, docket_date_days_between (t0, deadline))));
      cert = g_strdup_printf ("SG-%06u", 100000 + i);
      if (!docket_dbus_compliance_call_record_training_sync (d->compliance, p->licence,
              g_variant_new_parsed ("{'date': <%s>, 'provider': <%s>, 'certificate': <%s>}",
                                    date, PICK (d->r, training_providers), cert),
              &id, NULL, error))
        return FALSE;
      trained++;
    }
  {
    gint64 audited = 0, breach = 0;
    g_variant_lookup (run, "audited", "x", &audited);
    g_variant_lookup (run, "in-breach", "x", &breach);
    g_print ("Audited %" G_GINT64_FORMAT " licences as of %s: %" G_GINT64_FORMAT " in breach; "
             "%u of %u holders trained\n", audited, t0, breach, trained, holders);
  }
  return TRUE;
}

static gboolean
populate_hearings (GDBusConnection *bus, GPtrArray *plan, guint32 seed, GError **error)
{
  Demo demo = { .bus = bus }, *d = &demo;
  g_autoptr(GPtrArray) pool = g_ptr_array_new ();
  g_autoptr(GArray) deferred = g_array_new (FALSE, FALSE, sizeof (DemoCase));
  g_autoptr(GVariant) entries = NULL;
  g_autoptr(GVariant) query = NULL;
  g_autofree char *first = NULL;
  GVariantIter iter;
  GVariant *entry;
  guint recorded = 0;
  gboolean ok = FALSE;

  d->r = g_rand_new_with_seed (seed + 2);
  d->today = docket_today ();
  d->users = docket_dbus_users_proxy_new_sync (bus, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                                               DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, NULL, error);
  if (d->users == NULL)
    goto out;
  d->hearings = docket_dbus_hearings_proxy_new_sync (bus, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                                                     DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, NULL, error);
  if (d->hearings == NULL)
    goto out;
  d->compliance = docket_dbus_compliance_proxy_new_sync (bus, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                                                         DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, NULL, error);
  if (d->compliance == NULL)
    goto out;
  g_dbus_proxy_set_default_timeout (G_DBUS_PROXY (d->compliance), G_MAXINT);
  for (guint i = 0; i < plan->len; i++)
    g_ptr_array_add (pool, plan->pdata[i]);

  /* The Tuesday on or before today, 26 fortnights back, and two to come. */
  {
    GDate t;
    g_date_clear (&t, 1);
    g_date_set_parse (&t, d->today);
    while (g_date_get_weekday (&t) != G_DATE_TUESDAY)
      g_date_subtract_days (&t, 1);
    g_date_subtract_days (&t, 26 * 14);
    first = date_text (&t);
  }
  if (!populate_compliance (d, plan, first, error))
    goto out;

  /* The decision-makers and board members took the council's
   * licensing-hearing training before the first hearing (the Statutory
   * Standards, section 4). */
  {
    const char * const sitting[] = { "commissioner", "chair", "member1", "member2" };
    g_autofree char *trained = docket_date_add_days (first, -21);

    if (!act_as (d, "jsmith", error))
      goto out;
    for (guint i = 0; i < G_N_ELEMENTS (sitting); i++)
      {
        gint64 training_id;
        if (!docket_dbus_users_call_record_training_sync (d->users, sitting[i], g_variant_new_parsed (
                "{'completed': <%s>, 'course': <'Licensing hearings: fitness, fairness and safeguarding'>}",
                trained), &training_id, NULL, error))
          goto out;
      }
  }

  for (guint n = 0; n < 28; n++)
    {
      g_autofree char *date = docket_date_add_days (first, (int) (n * 14) + 14);
      g_autoptr(GArray) cases = g_array_new (FALSE, FALSE, sizeof (DemoCase));
      g_autoptr(GArray) relist = g_array_copy (deferred);
      gboolean past = strcmp (date, d->today) <= 0;
      gboolean panel = n % 4 == 3;
      guint wanted = (guint) g_rand_int_range (d->r, 4, 8);
      g_autofree char *next = docket_date_add_days (date, 14);
      gint64 hearing;

      if (!act_as (d, n % 2 ? "aokafor" : "jsmith", error) ||
          !docket_dbus_hearings_call_schedule_sync (d->hearings, hearing_details (date, panel, n),
                                                    &hearing, NULL, error))
        goto out;
      d->counts[0]++;
      g_array_set_size (deferred, 0);
      for (guint i = 0; i < relist->len; i++)
        {
          g_auto(GStrv) warnings = NULL;
          g_autofree char *notified = docket_date_add_days (date, -20);
          DemoCase c = g_array_index (relist, DemoCase, i);
          if (strcmp (notified, d->today) > 0)
            { g_free (notified); notified = g_strdup (d->today); }
          if (!docket_dbus_hearings_call_relist_sync (d->hearings, c.id, hearing,
                                                      notified, &c.id, &warnings, NULL, error))
            goto out;
          g_array_append_val (cases, c);
          d->counts[1]++;
        }
      /* The first audit run's flags go to the hearings after it. */
      while (past && d->flags->len > 0 && cases->len < 4)
        {
          DemoFlag fl = g_array_index (d->flags, DemoFlag, d->flags->len - 1);
          g_autoptr(GError) local = NULL;
          g_auto(GStrv) warnings = NULL;
          g_autofree char *notified = docket_date_add_days (date, -21);
          DemoCase c = { .kind = "review", .grounds = NULL, .flagged = TRUE };

          g_array_set_size (d->flags, d->flags->len - 1);
          if (!act_as (d, "jsmith", error))
            goto out;
          if (!docket_dbus_compliance_call_refer_flag_sync (d->compliance, fl.id, hearing,
                  g_variant_new_parsed ("{'notified': <%s>, 'reason': <'Found in breach by the audit of every licence'>}",
                                        notified),
                  &c.id, &warnings, NULL, &local))
            {
              /* The licence ended at an earlier hearing: nothing to review. */
              g_free (fl.licence);
              continue;
            }
          for (guint k = 0; k < pool->len; k++)
            if (g_str_equal (((Planned *) pool->pdata[k])->licence, fl.licence))
              {
                g_ptr_array_remove_index_fast (pool, k);
                break;
              }
          g_free (fl.licence);
          g_array_append_val (cases, c);
          d->counts[1]++;
          d->counts[3]++;
        }
      while (cases->len < wanted)
        {
          int k = g_rand_int_range (d->r, 0, 100);
          const char *kind = k < 55 ? "review" : k < 80 ? "application" : "renewal";
          Planned *p = g_str_equal (kind, "application") ? take_driver (d, pool, "applicant", -1)
                     : take_driver (d, pool, "active", g_str_equal (kind, "review") ? 1 : 0);
          if (p == NULL)
            p = take_driver (d, pool, "active", -1), kind = "review";
          if (p == NULL)
            break;
          if (!add_case (d, hearing, date, p, kind, cases, error))
            goto out;
        }
      /* The most recent day still has two cases to decide. */
      if (past && !conduct (d, hearing, date, panel, cases,
                            strcmp (next, d->today) > 0 ? 2 : 0,
                            deferred, error))
        goto out;
    }

  /* The national register: entries are recorded within a few days,
   * except the last few. */
  query = g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0));
  if (!act_as (d, "jsmith", error) ||
      !docket_dbus_hearings_call_register_list_sync (d->hearings, query, &entries, NULL, error))
    goto out;
  g_variant_iter_init (&iter, entries);
  while ((entry = g_variant_iter_next_value (&iter)))
    {
      g_autoptr(GVariant) e = entry;
      const char *deadline = NULL, *notified = NULL;
      gint64 id = 0;
      g_variant_lookup (e, "id", "x", &id);
      g_variant_lookup (e, "deadline", "&s", &deadline);
      g_variant_lookup (e, "notified", "&s", &notified);
      if (notified && deadline && strcmp (deadline, d->today) < 0 && g_rand_int_range (d->r, 0, 8) != 0)
        {
          g_autofree char *when = docket_date_add_days (notified, g_rand_int_range (d->r, 0, 4));
          if (!docket_dbus_hearings_call_register_mark_sync (d->hearings, id, when, NULL, error))
            goto out;
          recorded++;
        }
    }
  g_print ("Scheduled %u hearings with %u cases (%u referred by the audit); %u appeals; "
           "%u of %u register entries recorded\n",
           d->counts[0], d->counts[1], d->counts[3], d->counts[2], recorded,
           (guint) g_variant_n_children (entries));

  /* Flags left over (a driver's second flag, or more than the hearings
   * took) wait in the officers' queue. What fell due meanwhile (decision
   * effects, training deadlines, a scheduled audit) happens now. */
  {
    g_autoptr(GVariant) report = NULL;
    if (!act_as (d, "licadmin", error) ||
        !docket_dbus_compliance_call_run_scheduler_sync (d->compliance, &report, NULL, error))
      goto out;
  }
  ok = TRUE;

out:
  for (guint i = 0; d->flags && i < d->flags->len; i++)
    g_free (g_array_index (d->flags, DemoFlag, i).licence);
  g_clear_pointer (&d->flags, g_array_unref);
  g_clear_object (&d->compliance);
  g_clear_object (&d->users);
  g_clear_object (&d->hearings);
  g_rand_free (d->r);
  g_free (d->today);
  return ok;
}

static void
planned_free (gpointer data)
{
  Planned *p = data;
  g_free (p->licence);
  g_free (p);
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- make a synthetic driver register");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plan = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *tmp = NULL;
  int drivers = 1100, seed = 2016;
  gboolean do_populate = FALSE;
  const GOptionEntry entries[] = {
    { "drivers", 'n', 0, G_OPTION_ARG_INT, &drivers, "How many drivers (default 1100, up to 200000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed (default 2016)", "S" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, "Write the drivers as CSV to FILE", "FILE" },
    { "populate", 0, 0, G_OPTION_ARG_NONE, &do_populate,
      "Load them, with convictions, notes and a year of hearings, into the docketd on the session bus", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("docket-demo-data: %s\n", error->message);
      return 2;
    }
  if (drivers < 1 || drivers > 200000)
    {
      g_printerr ("docket-demo-data: --drivers must be between 1 and 200000\n");
      return 2;
    }
  if (csv == NULL && !do_populate)
    {
      g_printerr ("docket-demo-data: give --csv FILE, --populate, or both\n");
      return 2;
    }
  (void) DOCKET_ERROR;
  if (csv == NULL)
    {
      int fd = g_file_open_tmp ("docket-demo-XXXXXX.csv", &tmp, &error);
      if (fd < 0)
        {
          g_printerr ("docket-demo-data: %s\n", error->message);
          return 1;
        }
      close (fd);
    }

  plan = write_csv (csv ? csv : tmp, (guint) drivers, (guint32) seed, &error);
  if (plan != NULL)
    g_ptr_array_set_free_func (plan, planned_free);
  if (plan == NULL || (do_populate && !populate (csv ? csv : tmp, plan, (guint32) seed, &error)))
    {
      g_autofree char *msg = docket_error_message (error);
      g_printerr ("docket-demo-data: %s\n", msg);
      if (tmp)
        unlink (tmp);
      return 1;
    }
  if (tmp)
    unlink (tmp);
  return 0;
}
