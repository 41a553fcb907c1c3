/* Key rotation, encrypted online backups and checked restores. */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

/* Checks that every BLOB column of the schema is either a known
 * ciphertext column or a known non-secret one (blind indexes, hashes), so
 * that a rotation cannot miss a column a migration added. */
gboolean  docket_maintenance_check_columns (DocketStore  *store,
                                            GError      **error);

/* Re-encrypts every stored value under the next key version, in batches
 * that each commit, so that after a crash the rotation resumes where it
 * stopped (at start-up, or when called again). Returns the new version
 * and how many values were re-encrypted by this call. */
gboolean  docket_maintenance_rotate_key    (DocketStore  *store,
                                            const char   *user,
                                            guint32      *version,
                                            guint64      *values,
                                            GError      **error);

/* An online copy of the database (SQLite's backup API), encrypted with
 * libsodium's secretstream under a sub-key of the master key, written
 * to @fd. @summary: bytes, created, schema-version, key-version,
 * audit-head, audit-head-hash. */
gboolean  docket_maintenance_backup        (DocketStore  *store,
                                            const char   *user,
                                            int           fd,
                                            GVariant    **summary,
                                            GError      **error);

/* Reads a backup from @fd, checks it (authenticated to the end, integrity
 * and foreign keys, this key, the audit chain) and only then replaces the
 * database's contents with it; the restore is added to the restored
 * audit log. Anything wrong leaves the database as it was. */
gboolean  docket_maintenance_restore       (DocketStore  *store,
                                            const char   *user,
                                            int           fd,
                                            GVariant    **summary,
                                            GError      **error);

G_END_DECLS
