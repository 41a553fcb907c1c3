/* Encryption of sensitive fields, blind indexes and audit MACs (libsodium).
 *
 * A stored ciphertext is: format (1 byte, 1) | key version (4 bytes, big
 * endian) | nonce (24) | XChaCha20-Poly1305 ciphertext and tag. The
 * associated data names the table, column, row and key version, so a
 * ciphertext copied to another place fails to authenticate. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <sodium.h>

#include "docket-crypto.h"
#include "docket-error.h"

#define FORMAT_V1        1
#define HEADER_BYTES     (1 + 4 + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
#define KEY_FILE_NAME    "docket.key"

/* crypto_kdf contexts: 8 bytes each. */
#define KDF_CONTEXT_FIELDS "DktField"
#define KDF_CONTEXT_BLIND  "DktBlind"
#define KDF_CONTEXT_AUDIT  "DktAudit"

/* All key material lives in one guarded, locked, read-only allocation. */
typedef struct {
  guint8 master[DOCKET_KEY_BYTES];
  guint8 field_key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
  guint8 blind_key[crypto_generichash_KEYBYTES];
  guint8 audit_key[crypto_generichash_KEYBYTES];
} Keys;

/* A DocketCrypto belongs to one thread: the main thread's changes when a
 * key rotates or a backup is restored; a worker takes a copy. The lock
 * makes a copy see the keys and versions of one moment. */
struct _DocketCrypto
{
  GMutex   lock;
  Keys    *keys;
  guint32  key_version;      /* new values are encrypted under this one */
  guint32  oldest_version;   /* the oldest a stored value may have */
};

static gboolean
ensure_sodium (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, DOCKET_ERROR, DOCKET_ERROR_FAILED,
                           "libsodium could not be initialised");
      return FALSE;
    }
  return TRUE;
}

void
docket_crypto_harden_process (void)
{
  struct rlimit none = { 0, 0 };

  if (setrlimit (RLIMIT_CORE, &none) != 0)
    g_warning ("Could not disable core dumps: %s", g_strerror (errno));
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    g_warning ("Could not mark the process undumpable: %s", g_strerror (errno));
}

DocketCrypto *
docket_crypto_new_from_key (const guint8  *master_key,
                            guint32        key_version,
                            GError       **error)
{
  DocketCrypto *self;

  if (!ensure_sodium (error))
    return NULL;

  self = g_new0 (DocketCrypto, 1);
  g_mutex_init (&self->lock);
  self->key_version = key_version;
  self->oldest_version = key_version;
  self->keys = sodium_malloc (sizeof (Keys));
  if (self->keys == NULL)
    {
      g_free (self);
      g_set_error_literal (error, DOCKET_ERROR, DOCKET_ERROR_FAILED,
                           "Cannot allocate locked memory for the keys");
      return NULL;
    }

  /* Each purpose has its own sub-key; the field key also depends on the
   * key version so that a rotation yields a new key. */
  memcpy (self->keys->master, master_key, DOCKET_KEY_BYTES);
  crypto_kdf_derive_from_key (self->keys->field_key, sizeof self->keys->field_key,
                              key_version, KDF_CONTEXT_FIELDS, master_key);
  crypto_kdf_derive_from_key (self->keys->blind_key, sizeof self->keys->blind_key,
                              1, KDF_CONTEXT_BLIND, master_key);
  crypto_kdf_derive_from_key (self->keys->audit_key, sizeof self->keys->audit_key,
                              1, KDF_CONTEXT_AUDIT, master_key);
  sodium_mprotect_readonly (self->keys);
  return self;
}

static gboolean
read_key_file (const char  *path,
               guint8      *key,
               GError     **error)
{
  guint8 extra;
  gsize got = 0;
  struct stat st;
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

  if (fd < 0)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED,
                   "Cannot read the key %s: %s", path, g_strerror (errno));
      return FALSE;
    }
  /* As ssh does for a private key: one others may read is refused. */
  if (fstat (fd, &st) != 0 || (st.st_mode & 077) != 0)
    {
      close (fd);
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED,
                   "The key %s has mode %04o: it must be readable by docketd's user alone "
                   "(chmod 600 %s)", path, (guint) (st.st_mode & 07777), path);
      return FALSE;
    }
  while (got < DOCKET_KEY_BYTES)
    {
      ssize_t n = read (fd, key + got, DOCKET_KEY_BYTES - got);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      got += (gsize) n;
    }
  if (got != DOCKET_KEY_BYTES || read (fd, &extra, 1) != 0)
    {
      close (fd);
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED,
                   "The key %s must hold exactly %d bytes", path, DOCKET_KEY_BYTES);
      return FALSE;
    }
  close (fd);
  return TRUE;
}

static gboolean
create_key_file (const char  *path,
                 guint8      *key,
                 GError     **error)
{
  gsize done = 0;
  int fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);

  if (fd < 0)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED,
                   "Cannot create the key %s: %s", path, g_strerror (errno));
      return FALSE;
    }
  randombytes_buf (key, DOCKET_KEY_BYTES);
  while (done < DOCKET_KEY_BYTES)
    {
      ssize_t n = write (fd, key + done, DOCKET_KEY_BYTES - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        break;
      done += (gsize) n;
    }
  if (done != DOCKET_KEY_BYTES || fsync (fd) != 0)
    {
      int saved = errno;
      close (fd);
      unlink (path);
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED,
                   "Cannot write the key %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  g_message ("Created a new master key in %s", path);
  return TRUE;
}

DocketCrypto *
docket_crypto_new_from_files (const char  *state_dir,
                              gboolean     create,
                              GError     **error)
{
  const char *creds = g_getenv ("CREDENTIALS_DIRECTORY");
  g_autofree char *path = NULL;
  guint8 *master;
  DocketCrypto *self = NULL;
  gboolean ok;

  if (!ensure_sodium (error))
    return NULL;

  master = sodium_malloc (DOCKET_KEY_BYTES);
  if (master == NULL)
    {
      g_set_error_literal (error, DOCKET_ERROR, DOCKET_ERROR_FAILED,
                           "Cannot allocate locked memory for the key");
      return NULL;
    }

  if (creds != NULL && *creds != '\0')
    {
      path = g_build_filename (creds, KEY_FILE_NAME, NULL);
      ok = read_key_file (path, master, error);
    }
  else
    {
      path = g_build_filename (state_dir, KEY_FILE_NAME, NULL);
      if (g_file_test (path, G_FILE_TEST_EXISTS) || !create)
        ok = read_key_file (path, master, error);
      else
        ok = create_key_file (path, master, error);
    }

  if (ok)
    self = docket_crypto_new_from_key (master, 1, error);
  sodium_free (master);  /* zeroes it */
  return self;
}

void
docket_secret_free (DocketSecret *secret)
{
  if (secret == NULL)
    return;
  sodium_memzero (secret, strlen (secret));
  g_free (secret);
}

void
docket_crypto_free (DocketCrypto *self)
{
  if (self == NULL)
    return;
  sodium_free (self->keys);
  g_mutex_clear (&self->lock);
  g_free (self);
}

DocketCrypto *
docket_crypto_copy (DocketCrypto  *self,
                    GError       **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(DocketCrypto) copy = docket_crypto_new_from_key (self->keys->master, self->key_version, error);

  if (copy == NULL)
    return NULL;
  copy->oldest_version = self->oldest_version;
  return g_steal_pointer (&copy);
}

guint32
docket_crypto_get_key_version (DocketCrypto *self)
{
  return self->key_version;
}

void
docket_crypto_set_key_versions (DocketCrypto *self,
                                guint32       oldest,
                                guint32       current)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (oldest >= 1 && oldest <= current);

  if (current == self->key_version && oldest == self->oldest_version)
    return;
  locker = g_mutex_locker_new (&self->lock);
  sodium_mprotect_readwrite (self->keys);
  crypto_kdf_derive_from_key (self->keys->field_key, sizeof self->keys->field_key,
                              current, KDF_CONTEXT_FIELDS, self->keys->master);
  sodium_mprotect_readonly (self->keys);
  self->key_version = current;
  self->oldest_version = oldest;
}

void
docket_crypto_derive_key (DocketCrypto *self,
                          guint64       id,
                          const char    context[8],
                          guint8       *out,
                          gsize         len)
{
  crypto_kdf_derive_from_key (out, len, id, context, self->keys->master);
}

static GBytes *
make_aad (const char *table,
          const char *column,
          gint64      rowid,
          guint32     key_version)
{
  GByteArray *aad = g_byte_array_new ();
  guint64 row_be = GUINT64_TO_BE ((guint64) rowid);
  guint32 ver_be = GUINT32_TO_BE (key_version);

  g_byte_array_append (aad, (const guint8 *) "docket1", 8);  /* with its NUL */
  g_byte_array_append (aad, (const guint8 *) table, strlen (table) + 1);
  g_byte_array_append (aad, (const guint8 *) column, strlen (column) + 1);
  g_byte_array_append (aad, (const guint8 *) &row_be, sizeof row_be);
  g_byte_array_append (aad, (const guint8 *) &ver_be, sizeof ver_be);
  return g_byte_array_free_to_bytes (aad);
}

GBytes *
docket_crypto_encrypt (DocketCrypto *self,
                       const char   *table,
                       const char   *column,
                       gint64        rowid,
                       const char   *plaintext)
{
  gsize len = strlen (plaintext);
  gsize total = HEADER_BYTES + len + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  guint8 *out = g_malloc (total);
  guint32 ver_be = GUINT32_TO_BE (self->key_version);
  g_autoptr(GBytes) aad = make_aad (table, column, rowid, self->key_version);
  unsigned long long clen = 0;
  gsize aad_len;
  const guint8 *aad_data = g_bytes_get_data (aad, &aad_len);

  out[0] = FORMAT_V1;
  memcpy (out + 1, &ver_be, 4);
  randombytes_buf (out + 5, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  crypto_aead_xchacha20poly1305_ietf_encrypt (out + HEADER_BYTES, &clen,
                                              (const guint8 *) plaintext, len,
                                              aad_data, aad_len, NULL,
                                              out + 5, self->keys->field_key);
  g_assert (HEADER_BYTES + clen == total);
  return g_bytes_new_take (out, total);
}

char *
docket_crypto_decrypt (DocketCrypto  *self,
                       const char    *table,
                       const char    *column,
                       gint64         rowid,
                       const guint8  *blob,
                       gsize          len,
                       GError       **error)
{
  guint32 ver_be, version;
  g_autoptr(GBytes) aad = NULL;
  unsigned long long plen = 0;
  gsize aad_len;
  const guint8 *aad_data;
  char *plain;
  int rc;

  if (blob == NULL || len < HEADER_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES ||
      blob[0] != FORMAT_V1)
    goto tampered;

  memcpy (&ver_be, blob + 1, 4);
  version = GUINT32_FROM_BE (ver_be);
  if (version < self->oldest_version || version > self->key_version)
    goto tampered;

  aad = make_aad (table, column, rowid, version);
  aad_data = g_bytes_get_data (aad, &aad_len);
  plain = g_malloc (len - HEADER_BYTES + 1);
  if (version == self->key_version)
    rc = crypto_aead_xchacha20poly1305_ietf_decrypt ((guint8 *) plain, &plen, NULL,
                                                     blob + HEADER_BYTES, len - HEADER_BYTES,
                                                     aad_data, aad_len, blob + 5,
                                                     self->keys->field_key);
  else
    {
      /* A value not yet re-encrypted by a key rotation. */
      guint8 *old_key = sodium_malloc (crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

      crypto_kdf_derive_from_key (old_key, crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
                                  version, KDF_CONTEXT_FIELDS, self->keys->master);
      rc = crypto_aead_xchacha20poly1305_ietf_decrypt ((guint8 *) plain, &plen, NULL,
                                                       blob + HEADER_BYTES, len - HEADER_BYTES,
                                                       aad_data, aad_len, blob + 5, old_key);
      sodium_free (old_key);
    }
  if (rc != 0)
    {
      sodium_memzero (plain, len - HEADER_BYTES + 1);
      g_free (plain);
      goto tampered;
    }
  plain[plen] = '\0';
  return plain;

tampered:
  g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_TAMPERED,
               "%s failed authentication: the stored value was altered or moved",
               column);
  return NULL;
}

void
docket_crypto_blind_index (DocketCrypto    *self,
                           DocketBlindKind  kind,
                           const char      *value,
                           guint8           out[DOCKET_BLIND_INDEX_BYTES])
{
  crypto_generichash_state state;
  guint8 tag = (guint8) kind;
  guint8 full[crypto_generichash_BYTES];

  /* The kind goes in first so that the same text as an NI number and as a
   * DVLA number gives unrelated indexes. */
  crypto_generichash_init (&state, self->keys->blind_key, sizeof self->keys->blind_key,
                           sizeof full);
  crypto_generichash_update (&state, &tag, 1);
  crypto_generichash_update (&state, (const guint8 *) value, strlen (value));
  crypto_generichash_final (&state, full, sizeof full);
  memcpy (out, full, DOCKET_BLIND_INDEX_BYTES);
  sodium_memzero (full, sizeof full);
}

void
docket_crypto_audit_hash (DocketCrypto  *self,
                          const guint8   prev[DOCKET_AUDIT_HASH_BYTES],
                          const guint8  *data,
                          gsize          len,
                          guint8         out[DOCKET_AUDIT_HASH_BYTES])
{
  crypto_generichash_state state;

  crypto_generichash_init (&state, self->keys->audit_key, sizeof self->keys->audit_key,
                           DOCKET_AUDIT_HASH_BYTES);
  crypto_generichash_update (&state, prev, DOCKET_AUDIT_HASH_BYTES);
  crypto_generichash_update (&state, data, len);
  crypto_generichash_final (&state, out, DOCKET_AUDIT_HASH_BYTES);
}
