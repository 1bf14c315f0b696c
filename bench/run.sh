#!/usr/bin/env bash
# Scale benchmark: whys on synthetic archives of 1k, 10k and 100k records.
#
#   bench/run.sh                 # full run: 1k, 10k, 100k
#   bench/run.sh --quick         # smoke run: 200 and 1000 records, seconds
#   SIZES="1000 10000" bench/run.sh
#   SITE_MAX=100000 bench/run.sh # site at 100k too
#
# Builds release once, generates each archive into bench/out/archive-<N> (seeded, so the
# same bytes every run; regenerated only when the generator changed), then runs each
# command under GNU time and prints wall time, records/s and peak memory, with the
# ratio of `whys check --no-cache` to a bare parse of the same YAML (the floor). `check`,
# `report` and `actions` are measured three ways: without the cache (--no-cache), with a
# cold cache (the run that writes it) and with a warm one (the next run). Nothing here is
# a test: figures move with the load on the machine. bench/out is gitignored.
#
# `site` is skipped for sizes above SITE_MAX (default 10000: 100k pages take minutes and
# gigabytes of disk; set SITE_MAX=100000 to include it).
#
# For the smoke test (tests/bench_smoke.rs), which reuses the binaries `cargo test` built:
# WHYS_BIN, GEN_BIN and BARE_BIN name the three programs and skip the build, and
# BENCH_OUT moves bench/out elsewhere.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
out="${BENCH_OUT:-$here/out}"
seed="${SEED:-1}"
quick=""
for arg in "$@"; do
    case "$arg" in
        --quick) quick=1 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "unknown option $arg (try --help)" >&2; exit 2 ;;
    esac
done
if [ -n "$quick" ]; then
    sizes="${SIZES:-200 1000}"
else
    sizes="${SIZES:-1000 10000 100000}"
fi
site_max="${SITE_MAX:-10000}"
# GitHub's real status-page history, kept in the repository (tests/data/SOURCES.md).
history="${WHYS_GITHUB_HISTORY:-$root/tests/data/github-incident-history/incidents}"
mkdir -p "$out"

say() { printf '%s\n' "$*" >&2; }

# GNU time (the program, not the shell keyword), wherever PATH has it.
gnu_time="$(type -P time || true)"
if [ -z "$gnu_time" ]; then
    say "GNU time is missing: install it (apt-get install time)"
    exit 1
fi

# --- build once ----------------------------------------------------------------
if [ -n "${WHYS_BIN:-}" ] && [ -n "${GEN_BIN:-}" ] && [ -n "${BARE_BIN:-}" ]; then
    whys="$WHYS_BIN" gen="$GEN_BIN" bare="$BARE_BIN"
else
    say "building whys, gen_archive and bare_parse (release)…"
    if ! (cd "$root" && cargo build --quiet --release --bin whys --example gen_archive --example bare_parse); then
        say "the build failed"; exit 1
    fi
    target="${CARGO_TARGET_DIR:-$root/target}"
    case "$target" in /*) ;; *) target="$root/$target" ;; esac
    whys="$target/release/whys"
    gen="$target/release/examples/gen_archive"
    bare="$target/release/examples/bare_parse"
fi
generator_hash="$(sha256sum "$root/examples/gen_archive.rs" | cut -c1-16)"

# --- measuring -----------------------------------------------------------------
rows=()
failures=0
# measure LABEL RECORDS ARCHIVE -- COMMAND...: runs COMMAND in ARCHIVE, records a row.
# Exit status 0 and 1 are both results (check and actions exit 1 on findings); anything
# else is a failure and is printed as such.
measure() {
    local label="$1" records="$2" dir="$3"; shift 4
    local timing="$out/time.txt" log="$out/last-command.log"
    (cd "$dir" && "$gnu_time" -f "%e %M" -o "$timing" "$@" > "$log" 2>&1)
    local status=$?
    if [ "$status" -gt 1 ]; then
        say "$label on $records records failed (exit $status); the last lines of its output:"
        tail -5 "$log" >&2
        rows+=("$label|$records|failed (exit $status)||")
        failures=$((failures + 1))
        return
    fi
    local seconds kb
    read -r seconds kb < <(tail -1 "$timing")
    local rate mb
    rate=$(awk -v n="$records" -v s="$seconds" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "-" }')
    mb=$(awk -v k="$kb" 'BEGIN { printf "%.0f", k / 1024 }')
    rows+=("$label|$records|$seconds|$rate|$mb")
    say "$(printf '%-24s %7s records  %7s s  %8s records/s  %6s MB' "$label" "$records" "$seconds" "$rate" "$mb")"
    LAST_SECONDS="$seconds"
    LAST_MB="$mb"
}

ratios=()
for n in $sizes; do
    archive="$out/archive-$n"
    stamp="$n $seed $generator_hash"
    if [ "$(cat "$archive/.generated" 2>/dev/null)" != "$stamp" ]; then
        say "generating $n records into $archive…"
        rm -rf "$archive"
        mkdir -p "$archive"
        "$gen" --records "$n" --seed "$seed" --out "$archive" || { say "generation failed"; exit 1; }
        # A git repository of its own, with a few authors: `check` reads the commit
        # authors as names, and the archive must not pick up this project's history.
        (
            cd "$archive" && git init -q . &&
            for who in "Priya Raman:priya" "Jonas Berg:jberg" "Aiko Tanaka:aiko"; do
                git -c user.name="${who%%:*}" -c user.email="${who##*:}@example.com" \
                    commit -q --allow-empty -m "archive settings" || exit 1
            done
        ) || { say "git init of the archive failed"; exit 1; }
        echo "$stamp" > "$archive/.generated"
    fi
    # Read every file once so that the floor and the commands all find them in the page
    # cache: the first reader would otherwise pay the disk for everyone.
    find "$archive/postmortems" -type f -exec cat {} + > /dev/null
    say ""
    say "== $n records ($(du -sh "$archive/postmortems" | cut -f1) of YAML)"

    measure "bare parse (floor)" "$n" "$archive" -- "$bare" postmortems --threads 2
    floor="$LAST_SECONDS"
    measure "check, no cache" "$n" "$archive" -- "$whys" check --format json --no-cache
    check_s="$LAST_SECONDS"
    ratio=$(awk -v a="$check_s" -v b="$floor" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
    ratios+=("$n|$ratio")
    rm -rf "$archive/.whys-cache"
    measure "check, cold cache" "$n" "$archive" -- "$whys" check --format json
    measure "check, warm cache" "$n" "$archive" -- "$whys" check --format json
    measure "report, no cache" "$n" "$archive" -- "$whys" report --format json --no-cache
    measure "report, cold cache" "$n" "$archive" -- "$whys" report --format json
    measure "report, warm cache" "$n" "$archive" -- "$whys" report --format json
    measure "actions, no cache" "$n" "$archive" -- "$whys" actions --format json --no-cache
    measure "actions, warm cache" "$n" "$archive" -- "$whys" actions --format json
    if [ "$n" -le "$site_max" ]; then
        rm -rf "$out/site-$n"
        measure "site" "$n" "$archive" -- "$whys" site --out "$out/site-$n"
        rm -rf "$out/site-$n"
    else
        rows+=("site|$n|skipped (SITE_MAX=$site_max)||")
    fi
done

if [ -d "$history" ]; then
    incidents=$(find "$history" -name '*.json' | wc -l)
    import_dir="$out/import"
    rm -rf "$import_dir" && mkdir -p "$import_dir"
    say ""
    say "== import statuspage: $incidents GitHub incidents from $history"
    measure "import statuspage" "$incidents" "$import_dir" -- "$whys" import statuspage "$history" --out "$import_dir/postmortems"
    rm -rf "$import_dir"
else
    # The history ships with the repository, so its absence is a broken checkout, not a skip.
    say "no GitHub incident history at $history (set WHYS_GITHUB_HISTORY or restore tests/data)"
    rows+=("import statuspage|-|failed (no data)||")
    failures=$((failures + 1))
fi

# --- summary -----------------------------------------------------------------
printf '\n| command | records | wall s | records/s | peak MB |\n|---|---:|---:|---:|---:|\n'
for row in "${rows[@]}"; do
    IFS='|' read -r label n s rate mb <<< "$row"
    printf '| %s | %s | %s | %s | %s |\n' "$label" "$n" "$s" "$rate" "$mb"
done
printf '\n| records | check / bare parse |\n|---:|---:|\n'
for r in "${ratios[@]}"; do
    IFS='|' read -r n ratio <<< "$r"
    printf '| %s | %s |\n' "$n" "$ratio"
done
printf '\nmachine: %s cores, load average %s; seed %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$seed"
if [ "$failures" -gt 0 ]; then
    say "$failures command(s) failed"
    exit 1
fi
