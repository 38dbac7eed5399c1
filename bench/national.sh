#!/usr/bin/env bash
# The whole country on one server (issue #16): a national-scale registry on PostgreSQL,
# measured. Run by hand: at 15 million books about 40 minutes to generate on a quiet 2-core
# machine, an hour more for the stages, and ~40 GB of disk.
#
#   bench/national.sh                        # 15,000,000 books into sobhxh_national, every stage
#   BOOKS=1000000 DB=sobhxh_national_1m bench/national.sh   # the same at 1 M
#   bench/national.sh pages verify sizes     # some stages, on a database already generated
#
# Stages, in order (default: all):
#   generate    drop and create the database, migrate, `generate_demo --books $BOOKS`
#               (about 5 periods a book, the demo's employer sizes and 2017–2018 campaign):
#               time and peak memory
#   pages       bench/national_pages.py: every staff page and report, the campaign page and
#               the worker's lookup, server time p50/p95/p99
#   verify      `manage.py verify` over the whole registry: time and peak memory
#   duplicates  bench/duplicates.py: `find_duplicates`' work over the whole registry, time
#               and peak memory, then precision and recall on the demo's planted pairs
#   import      a 1,000,000-book file (bench/intake_files.py: 5 periods each, numbers that are
#               not the demo's) imported into the registry: time and peak memory
#   sizes       every table and its indexes on disk, with rows and bytes per book, and how
#               often each large index was used (run it last: the stages before use them)
#
# PostgreSQL: 127.0.0.1:5432, user postgres. The server's settings for a load this size
# (max_wal_size 8GB, checkpoint_timeout 15min; both reload without a restart) are set by
# the generate stage and printed; shared_buffers is left as the server has it.
# Results are appended to bench/out/national-$BOOKS.txt (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

BOOKS=${BOOKS:-15000000}
DB=${DB:-sobhxh_national}
PROBLEMS=${PROBLEMS:-30000}   # about 500 a province: far more than a real campaign raised
IMPORT_BOOKS=${IMPORT_BOOKS:-1000000}
RUNS=${RUNS:-40}
LOOKUPS=${LOOKUPS:-200}
stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(generate pages verify duplicates import sizes)

out=bench/out
mkdir -p "$out"
results="$out/national-$BOOKS.txt"
python=.venv/bin/python
[ -x "$python" ] || make install >/dev/null
psql=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1)
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"

if [ ! -x /usr/bin/time ]; then
    echo "installing Debian's time (for peak memory)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi

say() { echo "$*" | tee -a "$results"; }

# Run a command under /usr/bin/time; print "seconds s, peak MB" and keep its output in a log.
measured() {
    local name=$1 log="$out/national-$BOOKS-$1.log"
    shift
    /usr/bin/time -f '%e %M' -o "$log.time" "$@" >"$log" 2>&1 || {
        echo "$name failed; see $log" >&2
        tail -5 "$log" >&2
        return 1
    }
    awk -v name="$name" '{ printf "%-12s %9.1f s  peak %6d MB\n", name, $1, $2 / 1024 }' \
        "$log.time" | tee -a "$results"
}

say "== sobhxh national benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores," \
    "$(free -g | awk '/Mem:/ { print $2 }') GB, $DB, $BOOKS books, $(git rev-parse --short HEAD)"

for stage in "${stages[@]}"; do
    case $stage in
    generate)
        "${psql[@]}" -d postgres -qc "ALTER SYSTEM SET max_wal_size = '8GB'" \
            -c "ALTER SYSTEM SET checkpoint_timeout = '15min'" -c "SELECT pg_reload_conf()" >/dev/null
        "${psql[@]}" -d postgres -Atc "SELECT name || ' = ' || setting || coalesce(unit, '')
            FROM pg_settings WHERE name IN ('shared_buffers', 'max_wal_size', 'work_mem',
            'maintenance_work_mem', 'checkpoint_timeout')" | sed 's/^/  /' | tee -a "$results"
        "${psql[@]}" -d postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
        $python manage.py migrate -v0
        measured generate $python manage.py generate_demo --books "$BOOKS" \
            --problems "$PROBLEMS" --quiet -v2
        sed 's/^/  /' "$out/national-$BOOKS-generate.log" | tee -a "$results"
        # What autovacuum would do after a load this size, before anything is measured: the
        # visibility map (index-only scans) and fresh statistics.
        measured vacuum "${psql[@]}" -d "$DB" -c "VACUUM (ANALYZE)"
        ;;
    pages)
        $python bench/national_pages.py --runs "$RUNS" --lookups "$LOOKUPS" | tee -a "$results"
        ;;
    verify)
        measured verify $python manage.py verify
        sed 's/^/  /' "$out/national-$BOOKS-verify.log" | tee -a "$results"
        ;;
    duplicates)
        # find_duplicates' own work, then precision and recall on the planted truth.
        measured duplicates $python bench/duplicates.py
        sed 's/^/  /' "$out/national-$BOOKS-duplicates.log" | tee -a "$results"
        ;;
    import)
        files="$out/national-import-$IMPORT_BOOKS"
        [ -s "$files/periods.csv" ] || $python bench/intake_files.py "$files" --books "$IMPORT_BOOKS"
        measured import $python manage.py import_books "$files/books.csv" "$files/periods.csv" --json
        tail -c 600 "$out/national-$BOOKS-import.log" | sed 's/^/  /' | tee -a "$results"
        ;;
    sizes)
        # Each table with its indexes, TOAST included; rows as the planner estimates them.
        "${psql[@]}" -d "$DB" -c "ANALYZE" >/dev/null
        "${psql[@]}" -d "$DB" -P pager=off -c "
            WITH books AS (SELECT greatest(count(*), 1) AS n FROM books_book)
            SELECT c.relname AS \"table\",
                   c.reltuples::bigint AS \"rows\",
                   pg_size_pretty(pg_table_size(c.oid)) AS \"data\",
                   pg_size_pretty(pg_indexes_size(c.oid)) AS \"indexes\",
                   pg_size_pretty(pg_total_relation_size(c.oid)) AS \"total\",
                   round(pg_total_relation_size(c.oid)::numeric / books.n, 1) AS \"bytes/book\"
            FROM pg_class c, books
            WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
              AND pg_total_relation_size(c.oid) > 1024 * 1024
            ORDER BY pg_total_relation_size(c.oid) DESC" | tee -a "$results"
        "${psql[@]}" -d "$DB" -P pager=off -c "
            SELECT i.indexrelid::regclass AS \"index\", i.indrelid::regclass AS \"table\",
                   pg_size_pretty(pg_relation_size(i.indexrelid)) AS \"size\",
                   s.idx_scan AS \"scans since the stats reset\"
            FROM pg_index i JOIN pg_stat_user_indexes s ON s.indexrelid = i.indexrelid
            WHERE pg_relation_size(i.indexrelid) > 16 * 1024 * 1024
            ORDER BY pg_relation_size(i.indexrelid) DESC" | tee -a "$results"
        say "database: $("${psql[@]}" -d postgres -Atc "SELECT pg_size_pretty(pg_database_size('$DB'))")"
        ;;
    *)
        echo "unknown stage: $stage" >&2
        exit 2
        ;;
    esac
done
