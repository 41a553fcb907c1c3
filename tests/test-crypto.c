/* Unit tests of daemon/docket-crypto.c: encryption bound to its place,
 * tamper detection, blind indexes, audit hashes, key files. */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "docket-crypto.h"
#include "docket-error.h"
#include "docket-test-helpers.h"

static DocketCrypto *
make_crypto (guint8 fill, guint32 version)
{
  guint8 key[DOCKET_KEY_BYTES];
  g_autoptr(GError) error = NULL;
  DocketCrypto *c;

  memset (key, fill, sizeof key);
  c = docket_crypto_new_from_key (key, version, &error);
  g_assert_no_error (error);
  return c;
}

static void
test_roundtrip (void)
{
  g_autoptr(DocketCrypto) c = make_crypto (7, 1);
  g_autoptr(GBytes) a = docket_crypto_encrypt (c, "drivers", "ni_number", 42, "AB123456C");
  g_autoptr(GBytes) b = docket_crypto_encrypt (c, "drivers", "ni_number", 42, "AB123456C");
  g_autoptr(GError) error = NULL;
  g_autofree char *plain = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (a, &len);

  /* Random nonces: the same value never encrypts the same way twice. */
  g_assert_false (g_bytes_equal (a, b));
  g_assert_null (memmem (data, len, "AB123456C", 9));

  plain = docket_crypto_decrypt (c, "drivers", "ni_number", 42, data, len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plain, ==, "AB123456C");
}

static void
assert_tampered (DocketCrypto *c, const char *table, const char *column, gint64 row,
                 const guint8 *data, gsize len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plain = docket_crypto_decrypt (c, table, column, row, data, len, &error);

  g_assert_null (plain);
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_TAMPERED);
}

static void
test_binding (void)
{
  g_autoptr(DocketCrypto) c = make_crypto (7, 1);
  g_autoptr(DocketCrypto) other_key = make_crypto (8, 1);
  g_autoptr(DocketCrypto) other_version = make_crypto (7, 2);
  g_autoptr(GBytes) ct = docket_crypto_encrypt (c, "drivers", "ni_number", 42, "AB123456C");
  gsize len;
  const guint8 *data = g_bytes_get_data (ct, &len);

  assert_tampered (c, "drivers", "ni_number", 43, data, len);      /* another row */
  assert_tampered (c, "drivers", "dvla_number", 42, data, len);    /* another column */
  assert_tampered (c, "notes", "ni_number", 42, data, len);        /* another table */
  assert_tampered (other_key, "drivers", "ni_number", 42, data, len);
  assert_tampered (other_version, "drivers", "ni_number", 42, data, len);
  assert_tampered (c, "drivers", "ni_number", 42, data, 10);       /* truncated */
  assert_tampered (c, "drivers", "ni_number", 42, NULL, 0);
}

static void
test_bit_flips (void)
{
  g_autoptr(DocketCrypto) c = make_crypto (7, 1);
  g_autoptr(GBytes) ct = docket_crypto_encrypt (c, "convictions", "offence", 3, "Assault");
  gsize len;
  g_autofree guint8 *copy = g_bytes_unref_to_data (g_bytes_ref (ct), &len);

  /* Every single-bit flip anywhere (format, version, nonce, body, tag). */
  for (gsize i = 0; i < len; i++)
    for (int bit = 0; bit < 8; bit++)
      {
        copy[i] ^= (guint8) (1u << bit);
        assert_tampered (c, "convictions", "offence", 3, copy, len);
        copy[i] ^= (guint8) (1u << bit);
      }
}

static void
test_blind_index (void)
{
  g_autoptr(DocketCrypto) c = make_crypto (7, 1);
  g_autoptr(DocketCrypto) d = make_crypto (9, 1);
  guint8 a[DOCKET_BLIND_INDEX_BYTES], b[DOCKET_BLIND_INDEX_BYTES];
  guint8 x[DOCKET_BLIND_INDEX_BYTES], y[DOCKET_BLIND_INDEX_BYTES];

  docket_crypto_blind_index (c, DOCKET_BLIND_NI_NUMBER, "AB123456C", a);
  docket_crypto_blind_index (c, DOCKET_BLIND_NI_NUMBER, "AB123456C", b);
  g_assert_cmpmem (a, sizeof a, b, sizeof b);
  docket_crypto_blind_index (c, DOCKET_BLIND_DVLA_NUMBER, "AB123456C", x);
  g_assert_true (memcmp (a, x, sizeof a) != 0);
  docket_crypto_blind_index (d, DOCKET_BLIND_NI_NUMBER, "AB123456C", y);
  g_assert_true (memcmp (a, y, sizeof a) != 0);
  docket_crypto_blind_index (c, DOCKET_BLIND_NI_NUMBER, "AB123456D", x);
  g_assert_true (memcmp (a, x, sizeof a) != 0);
}

static void
test_audit_hash (void)
{
  g_autoptr(DocketCrypto) c = make_crypto (7, 1);
  g_autoptr(DocketCrypto) d = make_crypto (9, 1);
  guint8 prev[DOCKET_AUDIT_HASH_BYTES] = { 0 };
  guint8 h1[DOCKET_AUDIT_HASH_BYTES], h2[DOCKET_AUDIT_HASH_BYTES], h3[DOCKET_AUDIT_HASH_BYTES];

  docket_crypto_audit_hash (c, prev, (const guint8 *) "entry", 5, h1);
  docket_crypto_audit_hash (c, prev, (const guint8 *) "entry", 5, h2);
  g_assert_cmpmem (h1, sizeof h1, h2, sizeof h2);
  docket_crypto_audit_hash (d, prev, (const guint8 *) "entry", 5, h3);
  g_assert_true (memcmp (h1, h3, sizeof h1) != 0);
  prev[0] = 1;
  docket_crypto_audit_hash (c, prev, (const guint8 *) "entry", 5, h3);
  g_assert_true (memcmp (h1, h3, sizeof h1) != 0);
}

static void
test_key_files (void)
{
  g_autofree char *dir = docket_test_make_dir ("key");
  g_autofree char *creds = docket_test_make_dir ("creds");
  g_autofree char *path = g_build_filename (dir, "docket.key", NULL);
  g_autofree char *cred_path = g_build_filename (creds, "docket.key", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) ct = NULL;
  g_autofree char *plain = NULL;
  DocketCrypto *c;
  struct stat st;

  /* Not allowed to create: a clear error, no file. */
  c = docket_crypto_new_from_files (dir, FALSE, &error);
  g_assert_null (c);
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  c = docket_crypto_new_from_files (dir, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (st.st_size, ==, DOCKET_KEY_BYTES);
  ct = docket_crypto_encrypt (c, "t", "c", 1, "value");
  docket_crypto_free (c);

  /* The same key is read back. */
  c = docket_crypto_new_from_files (dir, FALSE, &error);
  g_assert_no_error (error);
  plain = docket_crypto_decrypt (c, "t", "c", 1, g_bytes_get_data (ct, NULL), g_bytes_get_size (ct), &error);
  g_assert_cmpstr (plain, ==, "value");
  docket_crypto_free (c);

  /* A key others may read is refused, naming the file and its mode, as ssh
   * refuses such a private key. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  c = docket_crypto_new_from_files (dir, FALSE, &error);
  g_assert_null (c);
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "has mode 0644"));
  g_clear_error (&error);
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  c = docket_crypto_new_from_files (dir, FALSE, &error);
  g_assert_null (c);
  g_assert_nonnull (strstr (error->message, "has mode 0640"));
  g_clear_error (&error);
  g_assert_cmpint (g_chmod (path, 0400), ==, 0);
  c = docket_crypto_new_from_files (dir, FALSE, &error);
  g_assert_no_error (error);
  docket_crypto_free (c);

  /* $CREDENTIALS_DIRECTORY wins, and a key of the wrong size is refused. */
  g_assert_true (g_file_set_contents (cred_path, "short", 5, NULL));
  g_assert_cmpint (g_chmod (cred_path, 0400), ==, 0);
  g_setenv ("CREDENTIALS_DIRECTORY", creds, TRUE);
  c = docket_crypto_new_from_files (dir, TRUE, &error);
  g_assert_null (c);
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "must hold exactly 32 bytes"));
  g_unsetenv ("CREDENTIALS_DIRECTORY");

  docket_test_remove_dir (dir);
  docket_test_remove_dir (creds);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/crypto/roundtrip", test_roundtrip);
  g_test_add_func ("/crypto/binding", test_binding);
  g_test_add_func ("/crypto/bit-flips", test_bit_flips);
  g_test_add_func ("/crypto/blind-index", test_blind_index);
  g_test_add_func ("/crypto/audit-hash", test_audit_hash);
  g_test_add_func ("/crypto/key-files", test_key_files);
  return g_test_run ();
}
