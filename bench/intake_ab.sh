#!/usr/bin/env bash
# Two checkouts' imports in turn, on one machine in one session: BOOKS books (sorted CSV,
# 5 periods each) into a freshly migrated SQLite registry, then the same files again
# (every book and period already stored).
#
#   git worktree add --detach /tmp/before <commit>
#   bench/intake_ab.sh /tmp/before            # BOOKS=200000 ROUNDS=3
#
# Both checkouts run with this checkout's virtualenv, each from its own folder.
set -euo pipefail
cd "$(dirname "$0")/.."
before=$(realpath "$1")
after=$PWD
BOOKS=${BOOKS:-200000}
ROUNDS=${ROUNDS:-3}
python=$PWD/.venv/bin/python
files=$PWD/bench/out/files-csv-$BOOKS
if [ ! -e "$files/.done" ]; then
    $python bench/intake_files.py "$files" --books "$BOOKS" >/dev/null
    touch "$files/.done"
fi
seconds() { local start; start=$(date +%s.%N); "$@" >/dev/null; echo "$(date +%s.%N) - $start" | bc; }
for round in $(seq "$ROUNDS"); do
    for tree in "$before" "$after"; do
        db=$(mktemp -u /tmp/intake-ab-XXXX.sqlite3)
        export DATABASE_URL="sqlite:///$db"
        cd "$tree"
        $python manage.py migrate -v0
        first=$(seconds $python manage.py import_books "$files/books.csv" "$files/periods.csv" --json)
        again=$(seconds $python manage.py import_books "$files/books.csv" "$files/periods.csv" --json)
        cd "$after"
        printf 'round %s %s (%s): import %.1f s, again %.1f s\n' "$round" "$tree" \
            "$(git -C "$tree" rev-parse --short HEAD)" "$first" "$again"
        rm -f "$db"*
    done
done
