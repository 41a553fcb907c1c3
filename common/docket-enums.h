/* Enumerations of the licensing domain and their string forms on the wire. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  DOCKET_LICENCE_KIND_HACKNEY,
  DOCKET_LICENCE_KIND_PRIVATE_HIRE,
  DOCKET_LICENCE_KIND_DUAL,
} DocketLicenceKind;

typedef enum {
  DOCKET_DRIVER_STATUS_APPLICANT,
  DOCKET_DRIVER_STATUS_ACTIVE,
  DOCKET_DRIVER_STATUS_SUSPENDED,
  DOCKET_DRIVER_STATUS_REVOKED,
  DOCKET_DRIVER_STATUS_REFUSED,
  DOCKET_DRIVER_STATUS_SURRENDERED,
  DOCKET_DRIVER_STATUS_EXPIRED,
} DocketDriverStatus;

typedef enum {
  DOCKET_ROLE_OFFICER,
  DOCKET_ROLE_DECISION_MAKER,
  DOCKET_ROLE_BOARD_MEMBER,
  DOCKET_ROLE_AUDITOR,
  DOCKET_ROLE_ADMIN,
} DocketRole;

#define DOCKET_ROLE_ALL ((1u << (DOCKET_ROLE_ADMIN + 1)) - 1)

typedef enum {
  DOCKET_NOTE_KIND_INTELLIGENCE,
  DOCKET_NOTE_KIND_COMPLAINT,
  DOCKET_NOTE_KIND_MEDICAL,
} DocketNoteKind;

typedef enum {
  DOCKET_CONVICTION_KIND_CONVICTION,
  DOCKET_CONVICTION_KIND_CAUTION,
} DocketConvictionKind;

/* Offence categories of the licensing policy (after the Institute of
 * Licensing guidance), which set how long a conviction weighs. */
typedef enum {
  DOCKET_OFFENCE_CATEGORY_CRIMES_RESULTING_IN_DEATH,
  DOCKET_OFFENCE_CATEGORY_EXPLOITATION,
  DOCKET_OFFENCE_CATEGORY_SEXUAL,
  DOCKET_OFFENCE_CATEGORY_VIOLENCE,
  DOCKET_OFFENCE_CATEGORY_WEAPONS,
  DOCKET_OFFENCE_CATEGORY_DISHONESTY,
  DOCKET_OFFENCE_CATEGORY_DRUGS,
  DOCKET_OFFENCE_CATEGORY_DISCRIMINATION,
  DOCKET_OFFENCE_CATEGORY_DRINK_DRIVING,
  DOCKET_OFFENCE_CATEGORY_MOTORING,
  DOCKET_OFFENCE_CATEGORY_OTHER,
} DocketOffenceCategory;

/* Each table ends with NULL; an enum value is its index. */
extern const char * const docket_licence_kind_names[];
extern const char * const docket_driver_status_names[];
extern const char * const docket_role_names[];
extern const char * const docket_note_kind_names[];
extern const char * const docket_conviction_kind_names[];
extern const char * const docket_offence_category_names[];

/* Returns the index of @str in @names, or -1. */
int          docket_enum_from_string  (const char * const *names,
                                       const char          *str);
/* "a, b or c" for error messages; free with g_free(). */
char        *docket_enum_describe     (const char * const *names);

gboolean     docket_driver_status_change_allowed (DocketDriverStatus from,
                                                  DocketDriverStatus to);

G_END_DECLS
