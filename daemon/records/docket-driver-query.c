/* Finding driver records: pages of the register sorted and filtered,
 * full-text search, and exact search by an identity number. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-driver-store.h"
#include "docket-driver-store-private.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-names.h"
#include "docket-validate.h"

#define col_text docket_col_text

static const char *
sort_column (const char *sort)
{
  static const DocketFieldColumn sorts[] = {
    { "licence", "d.licence" },
    { "name", "d.full_name COLLATE NOCASE" },
    { "expires", "d.expires" },
    { "status", "d.status" },
    { "badge", "d.badge" },
    { "kind", "d.kind" },
    { NULL }
  };

  for (const DocketFieldColumn *s = sorts; s->key; s++)
    if (g_str_equal (s->key, sort))
      return s->column;
  return NULL;
}

/* A page of the register as asked for: the conditions (constant SQL
 * fragments) and the values bound to them, the order and the page. */
typedef struct {
  GString    *where;
  GPtrArray  *params;
  const char *order;
  gboolean    descending;
  guint32     offset;
  guint32     limit;
} ListQuery;

static void
list_query_clear (ListQuery *q)
{
  if (q->where)
    g_string_free (q->where, TRUE);
  g_clear_pointer (&q->params, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ListQuery, list_query_clear)

/* Adds one key of the query to @q; FALSE with an error for a key not
 * known, of the wrong type or with a value not known. */
static gboolean
add_list_key (ListQuery *q, const char *key, GVariant *value, GError **error)
{
  gboolean is_str = g_variant_is_of_type (value, G_VARIANT_TYPE_STRING);
  gboolean is_bool = g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN);
  gboolean is_uint = g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32);
  const char *s = is_str ? g_variant_get_string (value, NULL) : NULL;

  if (is_str && (g_str_equal (key, "status") || g_str_equal (key, "kind")))
    {
      gboolean status = g_str_equal (key, "status");
      if (docket_enum_from_string (status ? docket_driver_status_names : docket_licence_kind_names, s) < 0)
        goto bad_value;
      g_string_append (q->where, status ? " AND d.status = ?" : " AND d.kind = ?");
      g_ptr_array_add (q->params, g_strdup (s));
    }
  else if (is_str && (g_str_equal (key, "expires-from") || g_str_equal (key, "expires-to")))
    {
      if (!docket_validate_date (key, s, error))
        {
          g_prefix_error (error, "Driver list: ");
          return FALSE;
        }
      g_string_append (q->where, g_str_equal (key, "expires-from")
                                 ? " AND d.expires >= ?" : " AND d.expires <= ?");
      g_ptr_array_add (q->params, g_strdup (s));
    }
  else if (is_str && g_str_equal (key, "sort"))
    {
      q->order = sort_column (s);
      if (q->order == NULL)
        goto bad_value;
    }
  else if (is_bool && g_str_equal (key, "descending"))
    q->descending = g_variant_get_boolean (value);
  else if (is_bool && g_str_equal (key, "flagged"))
    {
      /* Licences with an audit flag still open or referred. */
      if (g_variant_get_boolean (value))
        g_string_append (q->where, " AND EXISTS (SELECT 1 FROM flags f WHERE f.driver_id = d.id "
                                   "AND f.status IN ('open', 'referred'))");
    }
  else if (is_uint && g_str_equal (key, "offset"))
    q->offset = g_variant_get_uint32 (value);
  else if (is_uint && g_str_equal (key, "limit"))
    q->limit = g_variant_get_uint32 (value);
  else
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT,
                             "Driver list: unknown query key '%s' or wrong type %s", key,
                             g_variant_get_type_string (value));
  return TRUE;

bad_value:
  {
    g_autofree char *shown = g_utf8_make_valid (s, -1);
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT,
                             "Driver list: %s '%s' is not known", key, shown);
  }
}

static gboolean
parse_list_query (GVariant *query, ListQuery *q, GError **error)
{
  GVariantIter iter;
  const char *key;
  GVariant *value_in;

  q->where = g_string_new ("");
  q->params = g_ptr_array_new_with_free_func (g_free);
  q->order = "d.licence";
  q->limit = DOCKET_PAGE_DEFAULT;
  g_variant_iter_init (&iter, query);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value_in))
    {
      g_autoptr(GVariant) value = value_in;
      if (!add_list_key (q, key, value, error))
        return FALSE;
    }
  if (q->limit == 0 || q->limit > DOCKET_PAGE_MAX)
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT,
                             "Driver list: limit %u must be between 1 and %u", q->limit,
                             DOCKET_PAGE_MAX);
  return TRUE;
}

static void
bind_params (sqlite3_stmt *stmt, const ListQuery *q)
{
  for (guint i = 0; i < q->params->len; i++)
    sqlite3_bind_text (stmt, (int) i + 1, q->params->pdata[i], -1, SQLITE_STATIC);
}

/* Far pages cost what near ones do. OFFSET makes SQLite step over every
 * row before the page, and count(*) over every row, so the last page of
 * 200,000 took tens of milliseconds where the first took one. Each
 * connection keeps, for the last conditions asked (and their values), the
 * total and, for each order asked, the sort key of every ANCHOR_EVERY-th
 * row, made in one pass; both good until the database changes (PRAGMA data_version moves
 * when another connection commits, the total of changes when this one
 * writes). A far page then starts at the anchor before it. */
#define ANCHOR_EVERY 1024

/* The sort keys of every ANCHOR_EVERY-th row in one order. */
typedef struct {
  GPtrArray *values;     /* the sort value of row k * ANCHOR_EVERY, NULL for SQL NULL */
  GPtrArray *licences;   /* and its licence */
} Anchors;

typedef struct {
  char       *key;       /* the conditions and their values */
  gint64      data_version;
  gint64      changes;
  guint32     total;
  GHashTable *anchors;   /* order and direction -> Anchors */
} ListCache;

static void
anchors_free (gpointer data)
{
  Anchors *a = data;

  g_ptr_array_unref (a->values);
  g_ptr_array_unref (a->licences);
  g_free (a);
}

static void
list_cache_free (gpointer data)
{
  ListCache *c = data;

  g_free (c->key);
  g_hash_table_unref (c->anchors);
  g_free (c);
}

static char *
list_key (const ListQuery *q)
{
  g_autoptr(GString) key = g_string_new (q->where->str);

  for (guint i = 0; i < q->params->len; i++)
    g_string_append_printf (key, "\x1f%s", (const char *) q->params->pdata[i]);
  return g_string_free (g_steal_pointer (&key), FALSE);
}

static gint64
data_version (DocketDb *db)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, "PRAGMA data_version", NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
}

static const char *
order_sql (const ListQuery *q)
{
  return q->descending ? "DESC" : "ASC";
}

/* The cache for @q's conditions on @db, counted again when stale. */
static ListCache *
list_cache (DocketDb *db, const ListQuery *q, GError **error)
{
  ListCache *c = g_object_get_data (G_OBJECT (db), "docket-list-cache");
  g_autofree char *key = list_key (q);
  g_autofree char *count_sql = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  gint64 version = data_version (db);
  gint64 changes = sqlite3_total_changes64 (docket_db_get_handle (db));

  if (c != NULL && version >= 0 && c->data_version == version && c->changes == changes && g_str_equal (c->key, key))
    return c;
  count_sql = g_strdup_printf ("SELECT count(*) FROM drivers d WHERE 1%s", q->where->str);
  stmt = docket_db_prepare (db, count_sql, error);
  if (stmt == NULL)
    return NULL;
  bind_params (stmt, q);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      docket_db_set_error (db, sqlite3_errcode (docket_db_get_handle (db)), "Counting drivers", error);
      return NULL;
    }
  c = g_new0 (ListCache, 1);
  c->key = g_steal_pointer (&key);
  c->data_version = version;
  c->changes = changes;
  c->total = (guint32) sqlite3_column_int64 (stmt, 0);
  c->anchors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, anchors_free);
  g_object_set_data_full (G_OBJECT (db), "docket-list-cache", c, list_cache_free);
  return c;
}

/* @q's anchors in @c, made in one pass over the rows in order if need be. */
static Anchors *
list_anchors (DocketDb *db, const ListQuery *q, ListCache *c, GError **error)
{
  g_autofree char *order = g_strdup_printf ("%s %s", q->order, order_sql (q));
  g_autofree char *sql = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  Anchors *a = g_hash_table_lookup (c->anchors, order);
  guint64 row = 0;
  int rc;

  if (a != NULL)
    return a;
  sql = g_strdup_printf ("SELECT %s, d.licence FROM drivers d WHERE 1%s ORDER BY %s%s%s",
                         q->order, q->where->str, order,
                         g_str_equal (q->order, "d.licence") ? "" : ", d.licence ",
                         g_str_equal (q->order, "d.licence") ? "" : order_sql (q));
  stmt = docket_db_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;
  bind_params (stmt, q);
  a = g_new0 (Anchors, 1);
  a->values = g_ptr_array_new_with_free_func (g_free);
  a->licences = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (row++ % ANCHOR_EVERY == 0)
      {
        g_ptr_array_add (a->values, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
        g_ptr_array_add (a->licences, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      }
  if (rc != SQLITE_DONE)
    {
      anchors_free (a);
      docket_db_set_error (db, rc, "Listing drivers", error);
      return NULL;
    }
  g_hash_table_insert (c->anchors, g_steal_pointer (&order), a);
  return a;
}

static GVariant *
list_page (DocketDb     *db,
           GVariant     *query,
           guint32      *total,
           GError      **error)
{
  g_auto(GVariantBuilder) out = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_auto(ListQuery) q = { 0 };
  g_autofree char *page_sql = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  const char *from_value = NULL, *from_licence = NULL, *dir;
  gboolean by_licence, nullable;
  guint32 offset;
  ListCache *c;
  Anchors *anchors = NULL;
  int rc, n;

  if (!parse_list_query (query, &q, error))
    return NULL;
  c = list_cache (db, &q, error);
  if (c == NULL)
    return NULL;
  *total = c->total;
  offset = q.offset;
  by_licence = g_str_equal (q.order, "d.licence");
  /* Row values leave out NULLs, which sort first ascending, last descending. */
  nullable = g_str_equal (q.order, "d.expires") || g_str_equal (q.order, "d.badge");
  if (q.offset >= 2 * ANCHOR_EVERY && q.offset < c->total)
    {
      anchors = list_anchors (db, &q, c, error);
      if (anchors == NULL)
        return NULL;
    }
  if (anchors != NULL && q.offset / ANCHOR_EVERY < anchors->values->len)
    {
      guint a = q.offset / ANCHOR_EVERY;

      from_value = anchors->values->pdata[a];
      from_licence = anchors->licences->pdata[a];
      if (!by_licence && (from_value == NULL || (nullable && q.descending)))
        from_licence = NULL;
      else
        offset = q.offset - a * ANCHOR_EVERY;
    }

  /* The SQL is put together from the constant fragments above; every value
   * is bound. A sort by licence needs no second key: it is unique. */
  dir = q.descending ? "<=" : ">=";
  page_sql = g_strdup_printf ("SELECT " DOCKET_DRIVER_SUMMARY_COLUMNS " FROM drivers d WHERE 1%s%s%s%s%s%s "
                              "ORDER BY %s %s%s%s LIMIT ? OFFSET ?",
                              q.where->str,
                              from_licence == NULL ? "" : by_licence ? " AND d.licence " : " AND (",
                              from_licence == NULL || by_licence ? "" : q.order,
                              from_licence == NULL || by_licence ? "" : ", d.licence) ",
                              from_licence == NULL ? "" : dir,
                              from_licence == NULL ? "" : by_licence ? " ?" : " (?, ?)",
                              q.order, order_sql (&q),
                              by_licence ? "" : ", d.licence ", by_licence ? "" : order_sql (&q));
  stmt = docket_db_prepare (db, page_sql, error);
  if (stmt == NULL)
    return NULL;
  bind_params (stmt, &q);
  n = (int) q.params->len;
  if (from_licence != NULL && !by_licence)
    sqlite3_bind_text (stmt, ++n, from_value, -1, SQLITE_STATIC);
  if (from_licence != NULL)
    sqlite3_bind_text (stmt, ++n, from_licence, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, n + 1, q.limit);
  sqlite3_bind_int64 (stmt, n + 2, offset);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_variant_builder_add_value (&out, _docket_driver_summary_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Listing drivers", error);
      return NULL;
    }
  return g_variant_ref_sink (g_variant_builder_end (&out));
}

GVariant *
docket_driver_store_list (DocketStore  *store,
                          GVariant     *query,
                          guint32      *total,
                          GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  sqlite3 *handle = docket_db_get_handle (db);
  gboolean snapshot = sqlite3_get_autocommit (handle);
  GVariant *page;

  /* The count, the anchors and the rows from one snapshot, so that a page
   * agrees with its total while the writer commits. */
  if (snapshot && sqlite3_exec (handle, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    snapshot = FALSE;
  page = list_page (db, query, total, error);
  if (snapshot)
    sqlite3_exec (handle, "COMMIT", NULL, NULL, NULL);
  return page;
}

/* Turns what a person typed into an FTS5 query: each word a quoted phrase,
 * a prefix unless @whole, all words required. Returns NULL when no word has
 * a letter or digit. */
static char *
fts_query (const char *text, gboolean whole)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\n", -1);
  g_autoptr(GString) q = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    {
      gboolean has_alnum = FALSE;
      for (const char *p = words[i]; *p; p = g_utf8_next_char (p))
        if (g_unichar_isalnum (g_utf8_get_char (p)))
          has_alnum = TRUE;
      if (!has_alnum)
        continue;
      if (q->len)
        g_string_append_c (q, ' ');
      g_string_append_c (q, '"');
      for (const char *p = words[i]; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (q, '"');
          g_string_append_c (q, *p);
        }
      g_string_append (q, whole ? "\"" : "\"*");
    }
  return q->len ? g_string_free (g_steal_pointer (&q), FALSE) : NULL;
}

GVariant *
docket_driver_store_search (DocketStore  *store,
                            const char   *text,
                            guint32       limit,
                            GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) out = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autofree char *q = NULL, *whole = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  int rc;

  if (!docket_validate_text ("Search text", text, 200, FALSE, error))
    return NULL;
  if (limit == 0 || limit > DOCKET_PAGE_MAX)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "Search: limit %u must be between 1 and %u", limit, DOCKET_PAGE_MAX);
      return NULL;
    }
  q = fts_query (text, FALSE);
  whole = fts_query (text, TRUE);
  if (q == NULL)
    {
      g_set_error_literal (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                           "Search text must hold a letter or digit");
      return NULL;
    }

  /* Best first: drivers with every word whole (a surname typed in full, a
   * licence), then those with every word as a prefix; within each, the
   * first @limit in the order they were entered, which the index gives
   * without reading the rest, so a search costs the same at any size
   * (ranking every match by bm25() cost 30 ms for "jo" at 200,000).
   * The page is shown by name. */
  stmt = docket_db_prepare (db,
      "WITH hits (id, tier) AS ("
      " SELECT * FROM (SELECT rowid, 0 FROM drivers_fts WHERE drivers_fts MATCH ?1 ORDER BY rowid LIMIT ?3)"
      " UNION ALL"
      " SELECT * FROM (SELECT rowid, 1 FROM drivers_fts WHERE drivers_fts MATCH ?2 ORDER BY rowid LIMIT ?3)) "
      "SELECT " DOCKET_DRIVER_SUMMARY_COLUMNS " FROM (SELECT id, min(tier) AS tier FROM hits GROUP BY id) h "
      "JOIN drivers d ON d.id = h.id ORDER BY h.tier, d.full_name COLLATE NOCASE, d.licence LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, whole, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, q, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_variant_builder_add_value (&out, _docket_driver_summary_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Searching drivers", error);
      return NULL;
    }
  return g_variant_ref_sink (g_variant_builder_end (&out));
}

GVariant *
docket_driver_store_find_identifier (DocketStore  *store,
                                     const char   *user,
                                     const char   *field,
                                     const char   *value,
                                     GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) out = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(GString) matched = g_string_new (NULL);
  g_autoptr(DocketStmt) stmt = NULL;
  g_autofree char *norm = NULL;
  g_autofree char *summary = NULL;
  const DocketFieldSpec *spec;
  gboolean ni;
  guint8 idx[DOCKET_BLIND_INDEX_BYTES];
  guint n = 0;
  int rc;

  ni = g_strcmp0 (field, "ni-number") == 0;
  if (!ni && g_strcmp0 (field, "dvla-number") != 0)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "Find: field must be ni-number or dvla-number");
      return NULL;
    }
  spec = docket_field_spec_lookup (docket_driver_fields, field);
  norm = docket_field_normalize (spec, value);
  if (!docket_field_validate (spec, norm, error))
    {
      g_prefix_error (error, "Find: ");
      return NULL;
    }

  docket_crypto_blind_index (docket_store_get_crypto (store),
                             ni ? DOCKET_BLIND_NI_NUMBER : DOCKET_BLIND_DVLA_NUMBER, norm, idx);

  if (!docket_store_begin_write (store, error))
    return NULL;
  stmt = docket_db_prepare (db, ni
      ? "SELECT " DOCKET_DRIVER_SUMMARY_COLUMNS ", d.ni_number FROM drivers d WHERE d.ni_bidx = ?"
      : "SELECT " DOCKET_DRIVER_SUMMARY_COLUMNS ", d.dvla_number FROM drivers d WHERE d.dvla_bidx = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_blob (stmt, 1, idx, sizeof idx, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) probe = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      g_autoptr(GVariant) decrypted = NULL;
      const char *licence = col_text (stmt, 1);

      /* The index is truncated, so it only narrows the search: confirm
       * each candidate against its decrypted value. */
      if (!_docket_driver_add_decrypted (store, &probe, stmt, 10, "drivers", ni ? "ni_number" : "dvla_number",
                          sqlite3_column_int64 (stmt, 0), field, licence, "", error))
        goto fail;
      decrypted = g_variant_ref_sink (g_variant_builder_end (&probe));
      if (g_strcmp0 (_docket_driver_lookup_str (decrypted, field), norm) != 0)
        continue;
      g_variant_builder_add_value (&out, _docket_driver_summary_from_row (stmt));
      g_string_append_printf (matched, "%s%s", n++ ? ", " : "", licence);
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Searching drivers", error);
      goto fail;
    }
  g_clear_pointer (&stmt, docket_stmt_release);

  summary = g_strdup_printf ("exact search by %s: %u match%s%s%s", field, n,
                             n == 1 ? "" : "es", n ? ": " : "", matched->str);
  if (!docket_audit_store_append (store, user, "driver.find-identifier", field, summary, error) ||
      !docket_store_commit (store, error))
    goto fail;
  return g_variant_ref_sink (g_variant_builder_end (&out));

fail:
  g_clear_pointer (&stmt, docket_stmt_release);
  docket_store_rollback (store);
  return NULL;
}
