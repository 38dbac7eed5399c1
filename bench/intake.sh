#!/usr/bin/env bash
# Benchmarks of intake (issue #3): import_books end to end against the floor (the same rows,
# already parsed, inserted with executemany / COPY in one transaction) and against
# django-import-export, with peak memory.
#
#   bench/intake.sh                      # SQLite and PostgreSQL, the sizes of issue #3
#   BOOKS=200000 XLSX_BOOKS=50000 bench/intake.sh --sqlite-only
#   ROUNDS=3 bench/intake.sh             # each import and its floor three times in turn
#
# Files: BOOKS books with 5 periods each as CSV, XLSX_BOOKS books with 5 periods each as one
# .xlsx, COMPARE_BOOKS books for the django-import-export comparison; all made by
# bench/intake_files.py under bench/out/ (git-ignored). Every import runs on a freshly
# migrated database. Results: bench/out/intake-results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

BOOKS=${BOOKS:-1000000}
XLSX_BOOKS=${XLSX_BOOKS:-200000}
COMPARE_BOOKS=${COMPARE_BOOKS:-100000}
# Each import and its floor, back to back, this many times: on a busy host one pair can be
# 20 % off the next, and the import (two processes) suffers more than the floor (one).
ROUNDS=${ROUNDS:-1}
databases=(sqlite postgresql)
[ "${1:-}" = "--sqlite-only" ] && databases=(sqlite)
out=bench/out
results=$out/intake-results.txt
python=.venv/bin/python
mkdir -p "$out"
[ -x "$python" ] || make install >/dev/null
$python -c "import import_export" 2>/dev/null || .venv/bin/pip install --quiet -e '.[bench]'
if [ ! -x /usr/bin/time ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi

make_files() {  # books, folder, [--xlsx]
    [ -e "$2/.done" ] && return
    $python bench/intake_files.py "$2" --books "$1" "${@:3}" >/dev/null
    touch "$2/.done"
}
make_files "$BOOKS" "$out/files-csv-$BOOKS"
make_files "$XLSX_BOOKS" "$out/files-csv-$XLSX_BOOKS"
make_files "$XLSX_BOOKS" "$out/files-xlsx-$XLSX_BOOKS" --xlsx
make_files "$COMPARE_BOOKS" "$out/files-csv-$COMPARE_BOOKS"

fresh_database() {  # database kind
    if [ "$1" = postgresql ]; then
        psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS sobhxh_bench_intake" \
            -c "CREATE DATABASE sobhxh_bench_intake" >/dev/null
        export DATABASE_URL=postgres://postgres@127.0.0.1:5432/sobhxh_bench_intake
    else
        rm -f "$out"/intake.sqlite3*
        export DATABASE_URL="sqlite:///$PWD/$out/intake.sqlite3"
    fi
    $python manage.py migrate -v0
}

# Run a command under /usr/bin/time; print its last output line, then "seconds peak_MB".
measured() {
    local log
    log=$(mktemp)
    /usr/bin/time -f '%e %M' -o "$log" "$@" 2>/dev/null | tail -1
    awk '{ printf "%.1f s, peak %d MB\n", $1, $2 / 1024 }' "$log"
    rm -f "$log"
}

report() { printf '%-11s %-44s %s\n' "$1" "$2" "$3" | tee -a "$results"; }

echo "sobhxh intake benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores" | tee "$results"
for db in "${databases[@]}"; do
    for set in "csv-$BOOKS" "xlsx-$XLSX_BOOKS"; do
        folder=$out/files-$set
        if [ "${set%%-*}" = csv ]; then
            files=("$folder/books.csv" "$folder/periods.csv")
        else
            files=("$folder/books.xlsx")
        fi
        rows=$(($(wc -l < "$out/files-csv-${set#*-}/books.csv") + $(wc -l < "$out/files-csv-${set#*-}/periods.csv") - 2))
        csvs=("$out/files-csv-${set#*-}/books.csv" "$out/files-csv-${set#*-}/periods.csv")
        for round in $(seq "$ROUNDS"); do
            of=""
            [ "$ROUNDS" -gt 1 ] && of=" #$round"
            fresh_database "$db"
            mapfile -t lines < <(measured $python manage.py import_books "${files[@]}" --json)
            report "$db" "import_books $set ($rows rows)$of" "${lines[1]} ${lines[0]:0:60}"
            fresh_database "$db"
            mapfile -t lines < <(measured $python bench/intake_floor.py "${csvs[@]}")
            report "$db" "floor ${set#*-} books ($rows rows)$of" "${lines[0]} [process ${lines[1]}]"
        done
    done
    fresh_database "$db"
    mapfile -t lines < <(measured $python manage.py import_books "$out/files-csv-$COMPARE_BOOKS/books.csv" --json)
    report "$db" "import_books $COMPARE_BOOKS books only" "${lines[1]}"
    fresh_database "$db"
    mapfile -t lines < <(measured $python bench/intake_import_export.py "$out/files-csv-$COMPARE_BOOKS/books.csv")
    report "$db" "django-import-export $COMPARE_BOOKS books" "${lines[0]} [process ${lines[1]}]"
done
