#!/usr/bin/env bash
# Benchmarks of the core (issue #2): generate_demo time and peak memory, progress --json
# (national and one province) at each size, verify at the largest.
#
#   bench/core.sh                 # SQLite, 200,000 and 1,000,000 books
#   bench/core.sh 50000 200000    # other sizes
#   bench/core.sh --pg 200000     # PostgreSQL (127.0.0.1:5432, user postgres)
#
# Each size gets a fresh database under bench/out/ (git-ignored). Results are printed and
# written to bench/out/core-results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

postgres=0
if [ "${1:-}" = "--pg" ]; then postgres=1; shift; fi
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(200000 1000000)
runs=${RUNS:-5}
out=bench/out
mkdir -p "$out"
results="$out/core-results.txt"
python=.venv/bin/python
[ -x "$python" ] || make install >/dev/null

if [ ! -x /usr/bin/time ]; then
    echo "installing Debian's time (for peak memory)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi

# Run a command under /usr/bin/time; print "seconds peak_MB".
measure() {
    local log
    log=$(mktemp)
    /usr/bin/time -f '%e %M' -o "$log" "$@" >/dev/null
    awk '{ printf "%.1f %d\n", $1, $2 / 1024 }' "$log"
    rm -f "$log"
}

# Median wall time in milliseconds of `runs` runs of a command.
median_ms() {
    local times=()
    for _ in $(seq "$runs"); do
        local t0 t1
        t0=$(date +%s%N)
        "$@" >/dev/null
        t1=$(date +%s%N)
        times+=($(((t1 - t0) / 1000000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

{
    echo "sobhxh core benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores," \
        "$([ $postgres = 1 ] && echo PostgreSQL || echo SQLite)"
    printf '%-9s %-22s %10s %10s\n' books measure seconds peak_MB
} | tee "$results"

for books in "${sizes[@]}"; do
    if [ $postgres = 1 ]; then
        db="sobhxh_bench_$books"
        psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db" \
            -c "CREATE DATABASE $db"
        export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
    else
        db="$PWD/$out/core-$books.sqlite3"
        rm -f "$db" "$db-wal" "$db-shm"
        export DATABASE_URL="sqlite:///$db"
    fi
    $python manage.py migrate -v0
    read -r seconds peak < <(measure $python manage.py generate_demo --books "$books" --seed 1 --quiet)
    printf '%-9s %-22s %10s %10s\n' "$books" generate_demo "$seconds" "$peak" | tee -a "$results"
    for office in VN 79; do
        for as_of in today 2017-12-31; do
            args=(--office "$office" --json)
            [ "$as_of" = today ] || args+=(--as-of "$as_of")
            ms=$(median_ms $python manage.py progress "${args[@]}")
            inproc=$($python bench/progress_query.py "$office" "$as_of" "$runs")
            printf '%-9s %-22s %10s %10s\n' "$books" "progress $office $as_of" \
                "$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }')" "-" | tee -a "$results"
            printf '%-9s %-22s %10s %10s\n' "$books" "  query only" "$inproc" "-" \
                | tee -a "$results"
        done
    done
done

read -r seconds peak < <(measure $python manage.py verify)
printf '%-9s %-22s %10s %10s\n' "${sizes[-1]}" verify "$seconds" "$peak" | tee -a "$results"
