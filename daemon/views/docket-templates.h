/* The council's wording of the documents docketd writes, from templates
 * it may edit ([authority] templates), else the defaults compiled in. */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

typedef struct _DocketTemplate DocketTemplate;

/* Template @name ("statement-of-decision"): @config's templates folder's
 * NAME.ini when there is one, else the default. Checked whole: every key
 * there, none unknown, every placeholder known. */
DocketTemplate *docket_template_load  (const DocketConfig *config,
                                       const char         *name,
                                       GError            **error);
void            docket_template_free  (DocketTemplate     *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DocketTemplate, docket_template_free)

/* Which template wrote a document: "statement-of-decision, version V,
 * BLAKE2b-256 HASH", the hash of the template file. */
const char     *docket_template_id    (DocketTemplate     *t);
/* The text of @key with its placeholders filled from @values (name,
 * value, ..., NULL); "" for an empty key. */
char           *docket_template_text  (DocketTemplate     *t,
                                       const char         *key,
                                       const char * const *values);
/* At start-up: every template in @config's folder loads. */
gboolean        docket_templates_check (const DocketConfig *config,
                                        GError            **error);
/* BLAKE2b-256 of @bytes in hex (libsodium). */
char           *docket_document_hash  (GBytes             *bytes);

G_END_DECLS
