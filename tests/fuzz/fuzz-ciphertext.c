/* Fuzz target: decoding and authenticating a stored ciphertext. Whatever
 * the bytes, decryption fails with Tampered, except for the one blob this
 * key made for this table, column and row. */
#include "config.h"

#include "docket-crypto.h"
#include "docket-error.h"
#include "docket-fuzz.h"

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  static DocketCrypto *crypto;
  g_autoptr(GError) error = NULL;
  g_autofree char *plain = NULL;

  if (crypto == NULL)
    {
      guint8 key[32];
      memset (key, 7, sizeof key);
      crypto = docket_crypto_new_from_key (key, 1, NULL);
      g_assert_nonnull (crypto);
    }
  plain = docket_crypto_decrypt (crypto, "drivers", "ni_number", 1, data, size, &error);
  if (plain == NULL)
    g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_TAMPERED);
  return 0;
}
