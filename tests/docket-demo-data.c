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
#include "docket-error.h"
#include "docket-names.h"

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
  char *licence;
  int   convictions;
  int   notes;
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
  return TRUE;
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
      "Load them, with convictions and notes, into the docketd on the session bus", NULL },
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
