/* The statutory periods and what a decision version asks of the licence,
 * shared by the effects, the register and appeals. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The days after the statement of decision is sent within which the
 * driver may appeal; a suspension or revocation waits for them. */
#define DOCKET_APPEAL_DAYS 21
/* Working days within which an NR3S entry is recorded. */
#define DOCKET_NR3S_WORKING_DAYS 5
/* Years an NR3S entry is kept. */
#define DOCKET_NR3S_RETAIN_YEARS 11
typedef struct {
  const char *outcome;
  const char *decided;
  const char *until;
  const char *expires;
  gboolean    immediate;
  gboolean    safeguarding;
} DocketDecisionEffect;

G_END_DECLS
