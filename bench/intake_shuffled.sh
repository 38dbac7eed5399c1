#!/usr/bin/env bash
# Issue #11, point 5: import 100,000 books with 500,000 periods in an arbitrary order (not
# by number) on SQLite, against the bare floor (bench/intake_bare_floor.py: the same parsed
# rows inserted with executemany into tables with a primary key and nothing else).
#
#   bench/intake_shuffled.sh             # BOOKS=100000, ROUNDS=3: import and floor in turn
#
# Each import runs on a freshly migrated SQLite database; every row must be kept. Results
# are printed and appended to bench/out/intake-shuffled-results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

BOOKS=${BOOKS:-100000}
ROUNDS=${ROUNDS:-3}
out=bench/out
python=.venv/bin/python
folder=$out/files-shuffled-$BOOKS
results=$out/intake-shuffled-results.txt
mkdir -p "$out"
[ -x "$python" ] || make install >/dev/null
if [ ! -e "$folder/.done" ]; then
    $python bench/intake_files.py "$folder" --books "$BOOKS" --shuffle >/dev/null
    touch "$folder/.done"
fi
export DATABASE_URL="sqlite:///$PWD/$out/intake-shuffled.sqlite3"

echo "sobhxh shuffled import, $BOOKS books, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD)" | tee -a "$results"
for round in $(seq "$ROUNDS"); do
    rm -f "$out"/intake-shuffled.sqlite3*
    $python manage.py migrate -v0
    started=$(date +%s.%N)
    summary=$($python manage.py import_books "$folder/books.csv" "$folder/periods.csv" --json || true)
    import_s=$(echo "$(date +%s.%N) - $started" | bc)
    floor=$($python bench/intake_bare_floor.py "$folder/books.csv" "$folder/periods.csv")
    floor_s=$(echo "$floor" | sed -E 's/.* in ([0-9.]+) s.*/\1/')
    ratio=$(echo "scale=2; $import_s / $floor_s" | bc)
    printf 'round %s: import %.1f s, bare floor %.2f s, ratio %s×; %s\n' \
        "$round" "$import_s" "$floor_s" "$ratio" "$summary" | tee -a "$results"
done
