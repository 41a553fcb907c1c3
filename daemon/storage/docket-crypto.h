/* Encryption of sensitive fields, blind indexes and audit MACs (libsodium). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DOCKET_KEY_BYTES        32
#define DOCKET_BLIND_INDEX_BYTES 8
#define DOCKET_AUDIT_HASH_BYTES 32

typedef struct _DocketCrypto DocketCrypto;

typedef enum {
  DOCKET_BLIND_NI_NUMBER = 1,
  DOCKET_BLIND_DVLA_NUMBER = 2,
} DocketBlindKind;

/* Loads the master key from $CREDENTIALS_DIRECTORY/docket.key, else from
 * @state_dir/docket.key, creating that with mode 0600 when @create allows. */
DocketCrypto *docket_crypto_new_from_files (const char    *state_dir,
                                            gboolean       create,
                                            GError       **error);
DocketCrypto *docket_crypto_new_from_key   (const guint8  *master_key,
                                            guint32        key_version,
                                            GError       **error);
void          docket_crypto_free           (DocketCrypto  *self);
/* A copy of the keys and key versions as they are now, for a worker
 * thread: the original belongs to the main thread, which changes it when
 * a key rotates or a backup is restored. */
DocketCrypto *docket_crypto_copy           (DocketCrypto  *self,
                                            GError       **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DocketCrypto, docket_crypto_free)

guint32       docket_crypto_get_key_version (DocketCrypto *self);
/* Values are encrypted under @current and may be read when their version
 * is between @oldest and @current (while a rotation runs, @oldest is the
 * version it leaves). */
void          docket_crypto_set_key_versions (DocketCrypto *self,
                                              guint32       oldest,
                                              guint32       current);
/* A sub-key of the master key for another purpose (backups). */
void          docket_crypto_derive_key     (DocketCrypto  *self,
                                            guint64        id,
                                            const char     context[8],
                                            guint8        *out,
                                            gsize          len);

/* Encrypts @plaintext bound to @table, @column and @rowid. */
GBytes       *docket_crypto_encrypt        (DocketCrypto  *self,
                                            const char    *table,
                                            const char    *column,
                                            gint64         rowid,
                                            const char    *plaintext);
/* A decrypted value: zeroed when freed, so that no plaintext lingers in
 * memory docketd owns. Declare with g_autoptr(DocketSecret). */
typedef char DocketSecret;
void          docket_secret_free           (DocketSecret  *secret);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DocketSecret, docket_secret_free)

/* Returns the plaintext (free with docket_secret_free()), or NULL with DOCKET_ERROR_TAMPERED when the blob
 * fails authentication (changed, or moved from another row or column). */
char         *docket_crypto_decrypt        (DocketCrypto  *self,
                                            const char    *table,
                                            const char    *column,
                                            gint64         rowid,
                                            const guint8  *blob,
                                            gsize          len,
                                            GError       **error);

/* A truncated keyed hash of a normalised identifier for exact search. */
void          docket_crypto_blind_index    (DocketCrypto  *self,
                                            DocketBlindKind kind,
                                            const char    *value,
                                            guint8         out[DOCKET_BLIND_INDEX_BYTES]);

/* out = keyed BLAKE2b (prev || data). */
void          docket_crypto_audit_hash     (DocketCrypto  *self,
                                            const guint8   prev[DOCKET_AUDIT_HASH_BYTES],
                                            const guint8  *data,
                                            gsize          len,
                                            guint8         out[DOCKET_AUDIT_HASH_BYTES]);

/* Disables core dumps of this process: key material must not reach disk. */
void          docket_crypto_harden_process (void);

G_END_DECLS
